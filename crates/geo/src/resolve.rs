//! Place resolution: every place mention of a document gets the gazetteer
//! record it most likely names.
//!
//! Candidates are the gazetteer's records under the mention's name, plus
//! what the knowledge base links the mention to (a country, a capital, a
//! region with its point). Each is scored by
//! - its size: log10 of its population (admin areas pay a penalty: news
//!   names "Washington" for the city far more often than for the state);
//! - the knowledge base's link (a small prior: our curated facts break ties);
//! - the document: the countries and admin areas of its *other* place
//!   mentions (first pass), the countries in its actors' codes, and its
//!   language (France for French text, mildly);
//! - the mention's own context: a qualifier after it ("Paris, Texas",
//!   "Paris, au Texas", "Paris (Texas)") and a cue before it ("l'État de
//!   Washington", "la région de…").

use rustc_hash::{FxHashMap, FxHashSet};
use veille_core::{Entity, EntityLabel, Lang, Place, PlacePrecision};
use veille_kb::link::{Kind, Linker};
use veille_kb::Kb;

use crate::gazetteer::{key, Gazetteer, Record};

/// Weights of the score (see the module documentation).
const KB_PRIOR: f64 = 2.0;
const ADMIN_PENALTY: f64 = 2.5;
const SAME_COUNTRY: f64 = 3.0;
const SAME_ADMIN: f64 = 3.0;
const ACTOR_COUNTRY: f64 = 1.0;
const LANG_COUNTRY: f64 = 1.0;
const QUALIFIED: f64 = 6.0;
const ADMIN_CUE: f64 = 6.0;
/// Population from which a city matched by an alternate name alone stands
/// without support from the rest of the document.
const ALIAS_ALONE: u64 = 100_000;

/// What the knowledge base says about a place entry.
#[derive(Debug, Clone)]
enum KbPlace {
    /// A country or territory with its own ISO code.
    Country(String),
    /// A place: its names, country and, for regions, its point.
    Place {
        names: Vec<String>,
        country: Option<String>,
        capital: bool,
        point: Option<((f64, f64), PlacePrecision)>,
        canonical: String,
    },
}

/// The resolver: the gazetteer plus the knowledge base's places.
pub struct Resolver {
    gazetteer: Gazetteer,
    kb: FxHashMap<String, KbPlace>,
    /// Name keys of the knowledge base's places with a point → their ids.
    kb_points: FxHashMap<String, String>,
    /// Seats of government ("Élysée", "Kremlin") → their country's capital
    /// city record.
    seats: FxHashMap<String, u32>,
    /// Ids of the knowledge base's persons, organisations and weapons: a
    /// mention linked to one is no place, whatever its NER label ("Hamas"
    /// is no German town).
    not_places: FxHashSet<String>,
}

/// A candidate: a gazetteer record, or a knowledge-base point.
#[derive(Debug, Clone)]
enum Cand {
    Gaz(u32),
    Kb(String),
    /// A seat of government, in the capital city of this record.
    Seat(u32),
}

fn kb_precision(kind: &str) -> PlacePrecision {
    match kind {
        "state" => PlacePrecision::Admin,
        "city" => PlacePrecision::City,
        _ => PlacePrecision::Region,
    }
}

/// The mention's name, and the same without a leading article ("la
/// Crimée", "l'Ukraine"): the second is looked up only when the first is
/// unknown, so "Le Caire" and "La Haye" keep theirs.
fn names(text: &str) -> (&str, Option<&str>) {
    let t = text.trim().trim_end_matches(['.', ',', ';', ':']);
    for a in [
        "la ",
        "le ",
        "les ",
        "l'",
        "l’",
        "the ",
        "La ",
        "Le ",
        "Les ",
        "L'",
        "L’",
        "The ",
        // A kind of place before its name ("île de Kyushu", "province
        // d'Idlib"): the name alone is what gazetteers list.
        "île de ",
        "île d'",
        "îles ",
        "région de ",
        "région du ",
        "région d'",
        "province de ",
        "province du ",
        "province d'",
        "département de ",
        "département du ",
        "département d'",
        "ville de ",
        "comté de ",
        "gouvernorat de ",
        "gouvernorat d'",
        "oblast de ",
        "État de ",
        "État du ",
    ] {
        if let Some(rest) = t.strip_prefix(a) {
            if rest.chars().next().is_some_and(char::is_uppercase) {
                return (t, Some(rest));
            }
        }
    }
    (t, None)
}

/// The name right after a mention that qualifies it: "Paris, Texas",
/// "Paris, au Texas", "Springfield (Illinois)".
fn qualifier(text: &str, end: usize) -> Option<&str> {
    let rest = text.get(end..)?;
    let rest = rest
        .strip_prefix(", ")
        .or_else(|| rest.strip_prefix(" ("))?;
    let mut rest = rest;
    for p in [
        "en ",
        "au ",
        "aux ",
        "dans l'",
        "dans l’",
        "dans le ",
        "dans la ",
        "dans ",
        "in ",
    ] {
        if let Some(r) = rest.strip_prefix(p) {
            rest = r;
            break;
        }
    }
    if !rest.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let stop = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’')))
        .map_or(rest.len(), |(i, _)| i);
    let q = rest[..stop].trim_end();
    // At most three words, all capitalised or short particles ("de", "du").
    let words: Vec<&str> = q.split(' ').collect();
    let n = words
        .iter()
        .take(3)
        .take_while(|w| {
            w.chars().next().is_some_and(char::is_uppercase) || matches!(**w, "de" | "du" | "of")
        })
        .count();
    let q = words[..n].join(" ");
    let len = q.len();
    (len > 0).then(|| &rest[..len])
}

/// The place a direction is of: "Chine orientale" → "Chine", "Europe du
/// Nord" → "Europe", "Eastern Europe" → "Europe".
fn directed(name: &str) -> Option<&str> {
    const AFTER: [&str; 17] = [
        " orientale",
        " occidentale",
        " oriental",
        " occidental",
        " septentrionale",
        " méridionale",
        " centrale",
        " central",
        " du Nord-Est",
        " du Nord-Ouest",
        " du Sud-Est",
        " du Sud-Ouest",
        " du Nord",
        " du Sud",
        " de l'Est",
        " de l'Ouest",
        " de l’Est",
    ];
    const BEFORE: [&str; 9] = [
        "Eastern ",
        "Western ",
        "Northern ",
        "Southern ",
        "Central ",
        "North ",
        "South ",
        "East ",
        "West ",
    ];
    AFTER
        .iter()
        .find_map(|a| name.strip_suffix(a))
        .or_else(|| BEFORE.iter().find_map(|b| name.strip_prefix(b)))
        .filter(|b| !b.is_empty())
}

/// The place an organisation or a work is named after: the capitalised
/// name after its last "de/d'/du/des" ("Grande Mosquée de Valence" →
/// Valence, "Université de l'Île-du-Prince-Édouard" → Île-du-Prince-Édouard),
/// with its byte offset in the name.
fn named_after(name: &str) -> Option<(usize, &str)> {
    let (at, sep) = [
        " de la ", " de l'", " de l’", " du ", " des ", " de ", " d'", " d’",
    ]
    .iter()
    .filter_map(|sep| name.rfind(sep).map(|at| (at, *sep)))
    .max_by_key(|(at, sep)| at + sep.len())?;
    let from = at + sep.len();
    let tail = &name[from..];
    (tail.chars().next().is_some_and(char::is_uppercase)).then_some((from, tail))
}

/// The first letter of a name once its Arabic article is dropped.
fn sound_initial(name: &str) -> Option<char> {
    let k = key(name);
    let k = ["al ", "el ", "ar ", "as ", "ad ", "an ", "at "]
        .iter()
        .find_map(|a| k.strip_prefix(a))
        .unwrap_or(&k);
    k.chars().next()
}

/// A cue before a mention that names an admin area ("l'État de", "state of").
fn admin_cue(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or("");
    let tail: String = before
        .chars()
        .rev()
        .take(24)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let tail = tail.to_lowercase();
    [
        "état de ",
        "état du ",
        "état d'",
        "état d’",
        "state of ",
        "province de ",
        "province du ",
        "province d'",
        "région de ",
        "région du ",
        "région d'",
        "oblast de ",
        "oblast d'",
        "gouvernorat de ",
        "gouvernorat d'",
        "département de ",
        "département du ",
        "comté de ",
        // Offices that only states and provinces have.
        "gouverneur de ",
        "gouverneur du ",
        "gouverneure de ",
        "governor of ",
    ]
    .iter()
    .any(|c| tail.ends_with(c))
}

impl Resolver {
    /// The resolver over `gazetteer` and the places of `linker` (points of
    /// regions from `kb`).
    pub fn new(gazetteer: Gazetteer, linker: &Linker, kb: &Kb) -> Resolver {
        let points: FxHashMap<String, ((f64, f64), PlacePrecision)> = kb
            .places
            .iter()
            .filter_map(|p| Some((p.id(), (p.point?, kb_precision(&p.kind)))))
            .collect();
        let territories: FxHashMap<String, String> = kb
            .territories
            .iter()
            .filter(|t| !t.iso3.is_empty())
            .map(|t| (t.id(), t.iso3.clone()))
            .collect();
        let mut places = FxHashMap::default();
        let mut kb_points = FxHashMap::default();
        for e in &linker.entries {
            let v = match e.kind {
                Kind::Country => match &e.country {
                    Some(iso3) => KbPlace::Country(iso3.clone()),
                    None => continue,
                },
                Kind::Place => match territories.get(&e.id) {
                    Some(iso3) if gazetteer.country(iso3).is_some() => {
                        KbPlace::Country(iso3.clone())
                    }
                    _ => KbPlace::Place {
                        names: e.aliases.clone(),
                        country: e.country.clone(),
                        capital: e.capital,
                        point: points.get(&e.id).copied(),
                        canonical: e.canonical.clone(),
                    },
                },
                _ => continue,
            };
            if let KbPlace::Place {
                names,
                point: Some(_),
                ..
            } = &v
            {
                for n in names {
                    kb_points.insert(key(n), e.id.clone());
                }
            }
            places.insert(e.id.clone(), v);
        }
        let mut seats = FxHashMap::default();
        for c in &kb.countries {
            let capital = [&c.capital_en, &c.capital_fr]
                .into_iter()
                .flat_map(|n| gazetteer.lookup(n).iter().copied())
                .filter(|&i| {
                    let r = gazetteer.get(i);
                    r.country == c.iso3 && r.precision == PlacePrecision::City
                })
                .max_by_key(|&i| gazetteer.get(i).population);
            let Some(capital) = capital else { continue };
            for m in &c.metonyms {
                // A metonym that is a city's name (Tel Aviv) stays that city.
                let city = gazetteer
                    .lookup(m)
                    .iter()
                    .any(|&i| gazetteer.get(i).precision == PlacePrecision::City)
                    || kb_points.contains_key(&key(m));
                if !city && key(m) != key(&c.capital_fr) && key(m) != key(&c.capital_en) {
                    seats.insert(key(m), capital);
                }
            }
        }
        let not_places = linker
            .entries
            .iter()
            .filter(|e| matches!(e.kind, Kind::Person | Kind::Organization | Kind::Weapon))
            .map(|e| e.id.clone())
            .collect();
        Resolver {
            gazetteer,
            kb: places,
            kb_points,
            seats,
            not_places,
        }
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Fills `place` on every place entity of a document.
    pub fn resolve(&self, text: &str, lang: Lang, entities: &mut [Entity]) {
        // What to resolve: place mentions, names the knowledge base knows
        // as places, seats of government, and the place an organisation is
        // named after ("Grande Mosquée de Valence", "université de Lyon"),
        // each as a probe: the mention itself or the place name inside it.
        let probes: Vec<(usize, Entity, bool)> = entities
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let known = e
                    .entity_id
                    .as_ref()
                    .is_some_and(|id| self.kb.contains_key(id));
                let seat = self.seats.contains_key(&key(names(&e.text).0));
                let other = e
                    .entity_id
                    .as_ref()
                    .is_some_and(|id| self.not_places.contains(id));
                if (e.label == EntityLabel::Loc && !other)
                    || (e.label != EntityLabel::Per && (known || seat))
                {
                    return Some((i, e.clone(), false));
                }
                if matches!(e.label, EntityLabel::Org | EntityLabel::Misc) {
                    let (at, tail) = named_after(&e.text)?;
                    let start = e.span.start + at;
                    let probe = Entity {
                        span: veille_core::Span::new(start, start + tail.len()),
                        text: tail.to_string(),
                        label: EntityLabel::Loc,
                        ..Entity::default()
                    };
                    return Some((i, probe, true));
                }
                None
            })
            .collect();
        // Actors' countries: the first part of their codes ("RUS GOV").
        let actors: FxHashSet<String> = entities
            .iter()
            .filter(|e| e.label != EntityLabel::Loc)
            .filter_map(|e| e.code.as_deref()?.split(' ').next())
            .filter(|c| c.len() == 3)
            .map(str::to_string)
            .collect();
        // Countries the document names through its linked places.
        let mut support = actors.clone();
        for e in entities.iter() {
            match e.entity_id.as_ref().and_then(|id| self.kb.get(id)) {
                Some(KbPlace::Country(c)) => {
                    support.insert(c.clone());
                }
                Some(KbPlace::Place {
                    country: Some(c), ..
                }) => {
                    support.insert(c.clone());
                }
                _ => {}
            }
        }
        let cands: Vec<Vec<(Cand, f64)>> = probes
            .iter()
            .map(|(_, e, _)| self.candidates(text, e, &support))
            .collect();
        let prior = |c: &Cand, base: f64| -> f64 {
            let (country, _) = self.where_is(c);
            let mut s = base;
            if let Some(cc) = country {
                if actors.contains(cc) {
                    s += ACTOR_COUNTRY;
                }
                if (lang == Lang::Fr && cc == "FRA")
                    || (lang == Lang::En && matches!(cc, "USA" | "GBR"))
                {
                    s += LANG_COUNTRY;
                }
            }
            s
        };
        // First pass: each mention alone.
        let first: Vec<Option<Cand>> = cands
            .iter()
            .map(|cs| {
                cs.iter()
                    .map(|(c, b)| (c, prior(c, *b)))
                    .max_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(c, _)| c.clone())
            })
            .collect();
        // The countries and areas of the first pass, counted over all
        // mentions and per name: a mention's context is the others' places
        // under other names (a name does not vouch for itself).
        let names_of: Vec<String> = probes
            .iter()
            .map(|(_, e, _)| key(names(&e.text).0))
            .collect();
        type Counts<'a> = FxHashMap<&'a str, usize>;
        let (mut all_c, mut all_a): (Counts, Counts) = Default::default();
        let mut by_name: FxHashMap<&str, (Counts, Counts)> = FxHashMap::default();
        for (c, name) in first.iter().zip(&names_of) {
            let Some(c) = c else { continue };
            let (country, admin) = self.where_is(c);
            let own = by_name.entry(name.as_str()).or_default();
            if let Some(cc) = country {
                *all_c.entry(cc).or_default() += 1;
                *own.0.entry(cc).or_default() += 1;
            }
            if let Some(a) = admin {
                *all_a.entry(a).or_default() += 1;
                *own.1.entry(a).or_default() += 1;
            }
        }
        let others = |all: &Counts, own: Option<&Counts>, k: &str| {
            all.get(k).copied().unwrap_or(0) > own.and_then(|o| o.get(k)).copied().unwrap_or(0)
        };
        // Second pass: with the places of the other mentions.
        let mut chosen = Vec::with_capacity(probes.len());
        for (k, (_, e, nested)) in probes.iter().enumerate() {
            let own = by_name.get(names_of[k].as_str());
            let best = cands[k]
                .iter()
                .map(|(c, b)| {
                    let (country, admin) = self.where_is(c);
                    let mut s = prior(c, *b);
                    if country.is_some_and(|cc| others(&all_c, own.map(|o| &o.0), cc)) {
                        s += SAME_COUNTRY;
                    }
                    if admin.is_some_and(|a| others(&all_a, own.map(|o| &o.1), a)) {
                        s += SAME_ADMIN;
                    }
                    (c, s)
                })
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(c, _)| c)
                // A name inside an organisation's name is a place only when
                // it is a sizeable one: "Théâtre de la Ville" is not in a
                // hamlet called Ville.
                .filter(|c| !nested || self.sizeable(c, &support));
            chosen.push(best.map(|c| self.place(c, e)));
        }
        for ((i, _, _), p) in probes.into_iter().zip(chosen) {
            entities[i].place = p;
        }
    }

    /// A country, an admin area, a known region, or a town of 10,000
    /// people in a country the document names ("Cour de Justice" is not in
    /// Justice, Illinois).
    fn sizeable(&self, c: &Cand, support: &FxHashSet<String>) -> bool {
        match c {
            Cand::Gaz(i) => {
                let r = self.gazetteer.get(*i);
                r.precision != PlacePrecision::City
                    || (r.population >= 10_000 && support.contains(r.country.as_str()))
            }
            Cand::Kb(_) | Cand::Seat(_) => true,
        }
    }

    /// (country, admin-1 key) of a candidate.
    fn where_is<'a>(&'a self, c: &'a Cand) -> (Option<&'a str>, Option<&'a str>) {
        match c {
            Cand::Gaz(i) | Cand::Seat(i) => {
                let r = self.gazetteer.get(*i);
                (Some(r.country.as_str()), r.admin1.as_deref())
            }
            Cand::Kb(id) => match self.kb.get(id) {
                Some(KbPlace::Place { country, .. }) => (country.as_deref(), None),
                Some(KbPlace::Country(iso3)) => (Some(iso3.as_str()), None),
                None => (None, None),
            },
        }
    }

    fn size(r: &Record) -> f64 {
        let s = (r.population as f64 + 10.0).log10();
        match r.precision {
            PlacePrecision::Admin => s - ADMIN_PENALTY,
            _ => s,
        }
    }

    /// The country under a base name ("Chine" in "Chine orientale"):
    /// a direction of a town is no place we can point at.
    fn base(&self, name: &str) -> Vec<u32> {
        let g = &self.gazetteer;
        g.lookup(name)
            .iter()
            .copied()
            .filter(|&i| g.get(i).precision == PlacePrecision::Country)
            .take(1)
            .collect()
    }

    /// The candidates of one mention with their base scores (size, the
    /// knowledge base's prior, the mention's own context).
    fn candidates(&self, text: &str, e: &Entity, support: &FxHashSet<String>) -> Vec<(Cand, f64)> {
        let g = &self.gazetteer;
        let (name, bare) = names(&e.text);
        if key(bare.unwrap_or(name)).is_empty() {
            return Vec::new();
        }
        if let Some(&capital) = self.seats.get(&key(name)) {
            return vec![(Cand::Seat(capital), 0.0)];
        }
        let found = match (g.lookup(name), bare) {
            ([], Some(b)) => g.lookup(b),
            (f, _) => f,
        };
        // Another transliteration of a larger place of the document's
        // countries ("Racca" for Ar Raqqah).
        let sounded: Vec<u32>;
        let found = match found {
            [] => {
                sounded = g
                    .sounding(bare.unwrap_or(name))
                    .iter()
                    .copied()
                    .filter(|&i| {
                        // Same first letter: a transliteration keeps it.
                        let initial = |n: &str| sound_initial(n);
                        support.contains(g.get(i).country.as_str())
                            && initial(&g.get(i).name) == initial(bare.unwrap_or(name))
                    })
                    .collect();
                sounded.as_slice()
            }
            f => f,
        };
        // "Chine orientale", "Europe du Nord": the place the direction is of.
        let mut linked = e
            .entity_id
            .as_ref()
            .and_then(|id| self.kb.get(id).map(|p| (id, p)));
        let based;
        let found = match (found, directed(bare.unwrap_or(name))) {
            ([], Some(base)) if linked.is_none() => {
                match self.kb_points.get_key_value(&key(base)) {
                    Some((_, id)) => {
                        linked = self.kb.get(id).map(|p| (id, p));
                        &[]
                    }
                    None => {
                        based = self.base(base);
                        based.as_slice()
                    }
                }
            }
            (f, _) => f,
        };
        let mut out: FxHashMap<u32, f64> = FxHashMap::default();
        let support = |r: &Record| support.contains(r.country.as_str());
        let (name_key, bare_key) = (key(name), bare.map(key));
        for &i in found {
            let r = g.get(i);
            // GeoNames' alternate names include stray words ("Orient" for
            // a Texan town): a small place known here only by one of them
            // needs its country elsewhere in the document.
            let own = key(&r.name);
            let primary = own == name_key || bare_key.as_ref() == Some(&own);
            if primary
                || r.population >= ALIAS_ALONE
                || r.precision != PlacePrecision::City
                || support(r)
            {
                out.insert(i, Self::size(r));
            }
        }
        let mut kb_point = None;
        match linked.map(|(_, p)| p) {
            Some(KbPlace::Country(iso3)) => {
                if let Some(i) = g.country(iso3) {
                    *out.entry(i).or_insert(Self::size(g.get(i))) += KB_PRIOR;
                }
            }
            Some(KbPlace::Place {
                names,
                country,
                capital,
                point,
                ..
            }) => match point {
                Some((_, p)) => {
                    kb_point = linked.map(|(id, _)| (Cand::Kb(id.clone()), *p));
                }
                None => {
                    // The gazetteer's records under the entry's names, in its
                    // country: the largest gets the prior.
                    let mut found: Vec<u32> = names
                        .iter()
                        .flat_map(|n| g.lookup(n).iter().copied())
                        .filter(|&i| country.as_deref().map_or(true, |c| g.get(i).country == c))
                        .collect();
                    found.sort_unstable();
                    found.dedup();
                    // A capital or city entry names a populated place, not
                    // the admin area of the same name (Beijing, Moscow).
                    if found
                        .iter()
                        .any(|&i| g.get(i).precision == PlacePrecision::City)
                    {
                        found.retain(|&i| g.get(i).precision == PlacePrecision::City);
                    }
                    if let Some(&best) = found.iter().max_by_key(|&&i| g.get(i).population) {
                        let bonus = KB_PRIOR + if *capital { 1.0 } else { 0.0 };
                        *out.entry(best).or_insert(Self::size(g.get(best))) += bonus;
                    }
                }
            },
            None => {}
        }
        // The mention's own context.
        let quals: Vec<u32> = qualifier(text, e.span.end)
            .map(|q| g.lookup(q).to_vec())
            .unwrap_or_default();
        // A cue before the mention, or inside it ("l'État de Washington",
        // "[province d'Idlib]").
        let inner = bare.map_or("", |b| &name[..name.len() - b.len()]);
        let cue = admin_cue(text, e.span.start) || admin_cue(inner, inner.len());
        let mut cands: Vec<(Cand, f64)> = out
            .into_iter()
            .map(|(i, mut s)| {
                let r = g.get(i);
                if quals.iter().any(|&q| {
                    let qr = g.get(q);
                    q != i
                        && match qr.precision {
                            PlacePrecision::Country => qr.country == r.country,
                            PlacePrecision::Admin => qr.admin1.is_some() && qr.admin1 == r.admin1,
                            _ => false,
                        }
                }) {
                    s += QUALIFIED;
                }
                if cue && r.precision == PlacePrecision::Admin {
                    s += ADMIN_CUE;
                }
                (Cand::Gaz(i), s)
            })
            .collect();
        if let Some((c, _)) = kb_point {
            // A curated region outranks same-named towns.
            cands.push((c, 8.0 + KB_PRIOR));
        }
        // Stable order for ties: by record index.
        cands.sort_by_key(|(c, _)| match c {
            Cand::Gaz(i) | Cand::Seat(i) => *i,
            Cand::Kb(_) => u32::MAX,
        });
        cands
    }

    fn place(&self, c: &Cand, e: &Entity) -> Place {
        match c {
            Cand::Seat(i) => {
                let r = self.gazetteer.get(*i);
                Place {
                    place_id: format!(
                        "{}#{}",
                        r.place_id(),
                        key(names(&e.text).0).replace(' ', "-")
                    ),
                    name: names(&e.text).0.to_string(),
                    country: Some(r.country.clone()),
                    admin1: r.admin1.clone(),
                    lat: r.lat,
                    lon: r.lon,
                    precision: PlacePrecision::Site,
                }
            }
            Cand::Gaz(i) => {
                let r = self.gazetteer.get(*i);
                Place {
                    place_id: r.place_id(),
                    name: r.name.clone(),
                    country: Some(r.country.clone()),
                    admin1: r.admin1.clone(),
                    lat: r.lat,
                    lon: r.lon,
                    precision: r.precision,
                }
            }
            Cand::Kb(id) => match self.kb.get(id) {
                Some(KbPlace::Place {
                    country,
                    point: Some(((lat, lon), precision)),
                    canonical,
                    ..
                }) => Place {
                    place_id: id.clone(),
                    name: canonical.clone(),
                    country: country.clone(),
                    admin1: None,
                    lat: *lat,
                    lon: *lon,
                    precision: *precision,
                },
                _ => Place {
                    place_id: id.clone(),
                    name: e.text.clone(),
                    ..Place::default()
                },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifiers_after_a_name() {
        let t = "Paris, Texas. Paris, au Texas, puis Springfield (Illinois) et Lyon, qui";
        let at = |s: &str, n: usize| t.match_indices(s).nth(n).unwrap().0 + s.len();
        assert_eq!(qualifier(t, at("Paris", 0)), Some("Texas"));
        assert_eq!(qualifier(t, at("Paris", 1)), Some("Texas"));
        assert_eq!(qualifier(t, at("Springfield", 0)), Some("Illinois"));
        assert_eq!(qualifier(t, at("Lyon", 0)), None);
    }

    #[test]
    fn places_organisations_are_named_after() {
        for (name, place) in [
            ("Grande Mosquée de Valence", "Valence"),
            (
                "Université de l'Île-du-Prince-Édouard",
                "Île-du-Prince-Édouard",
            ),
            ("Banque du Canada", "Canada"),
        ] {
            let (at, tail) = named_after(name).unwrap();
            assert_eq!((tail, &name[at..]), (place, place));
        }
        assert_eq!(named_after("Cour de cassation"), None);
        assert_eq!(named_after("Ligue des champions"), None);
        assert_eq!(named_after("OTAN"), None);
    }

    #[test]
    fn directions_of_a_place() {
        assert_eq!(directed("Chine orientale"), Some("Chine"));
        assert_eq!(directed("Asie du Nord-Est"), Some("Asie"));
        assert_eq!(directed("Eastern Europe"), Some("Europe"));
        assert_eq!(directed("Chine"), None);
        assert_eq!(directed(" du Nord"), None);
    }

    #[test]
    fn admin_cues_before_a_name() {
        let t = "dans l'État de Washington et à Washington";
        assert!(admin_cue(t, t.find("Washington").unwrap()));
        assert!(!admin_cue(t, t.rfind("Washington").unwrap()));
    }

    #[test]
    fn articles_are_tried_with_and_without() {
        assert_eq!(names("la Crimée"), ("la Crimée", Some("Crimée")));
        assert_eq!(names("L'Ukraine"), ("L'Ukraine", Some("Ukraine")));
        assert_eq!(names("le"), ("le", None));
        assert_eq!(names("Le Caire"), ("Le Caire", Some("Caire")));
        assert_eq!(names("Minsk."), ("Minsk", None));
    }
}
