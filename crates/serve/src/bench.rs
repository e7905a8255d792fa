//! The load bench (`veille bench serve`): a store of synthetic analysed
//! documents written straight to the store (no pipeline), the server on
//! loopback, concurrent clients on the search, document, entity and events
//! endpoints, and requests/s with latency percentiles per endpoint.
//!
//! The documents come from this module's own templates: actors, places,
//! sites and words combined by a seeded generator, with linked entity
//! mentions, a quote and events, so every endpoint has work to do.

use serde::Serialize;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use veille_core::{
    content_id, DatePrecision, Document, Entity, EntityLabel, Event, EventArg, EventDate,
    EventType, Lang, Modality, Place, PlacePrecision, PubDate, Quote, QuoteKind, Span,
};
use veille_store::{Store, StoreError};

/// A small deterministic generator (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

const GIVEN: [&str; 16] = [
    "Anne", "Paul", "Marta", "Jonas", "Leila", "Hugo", "Ines", "Tomas", "Sofia", "Karim", "Nadia",
    "Pierre", "Olga", "Viktor", "Clara", "Ruben",
];
const FAMILY: [&str; 16] = [
    "Marchand",
    "Lindqvist",
    "Okafor",
    "Bernal",
    "Haddad",
    "Novak",
    "Ferreira",
    "Kowalczyk",
    "Dumont",
    "Ivanova",
    "Brennan",
    "Castel",
    "Moreau",
    "Szabo",
    "Delacroix",
    "Petrov",
];
const ORGS: [&str; 12] = [
    "Union des ports",
    "Conseil régional",
    "Agence de l'eau",
    "Ligue des villes",
    "Banque du Nord",
    "Syndicat des pilotes",
    "Institut Lumière",
    "Fédération agricole",
    "Office des routes",
    "Comité olympique",
    "Parti du centre",
    "Cour des comptes",
];
/// Towns with coordinates (invented ids, real-looking places).
const PLACES: [(&str, f64, f64, &str); 12] = [
    ("Lyon", 45.75, 4.85, "FRA"),
    ("Gdansk", 54.35, 18.65, "POL"),
    ("Porto", 41.15, -8.61, "PRT"),
    ("Leeds", 53.8, -1.55, "GBR"),
    ("Nantes", 47.22, -1.55, "FRA"),
    ("Bilbao", 43.26, -2.93, "ESP"),
    ("Turku", 60.45, 22.27, "FIN"),
    ("Graz", 47.07, 15.44, "AUT"),
    ("Malmo", 55.6, 13.0, "SWE"),
    ("Liege", 50.63, 5.57, "BEL"),
    ("Brno", 49.2, 16.61, "CZE"),
    ("Cork", 51.9, -8.47, "IRL"),
];
const SITES: [&str; 10] = [
    "quotidien-exemple.fr",
    "gazette-exemple.fr",
    "daily-example.co.uk",
    "presse-exemple.be",
    "agregateur-exemple.com",
    "courrier-exemple.ch",
    "morning-example.ie",
    "journal-exemple.ca",
    "tribune-exemple.fr",
    "herald-example.com",
];
const TOPICS: [&str; 24] = [
    "budget",
    "port",
    "grève",
    "élection",
    "inondation",
    "tramway",
    "hôpital",
    "énergie",
    "université",
    "incendie",
    "sécheresse",
    "récolte",
    "pêche",
    "chantier",
    "tribunal",
    "musée",
    "festival",
    "aéroport",
    "logement",
    "impôts",
    "police",
    "climat",
    "vaccin",
    "frontière",
];
const VERBS: [(&str, EventType); 8] = [
    ("a rencontré", EventType::Consult),
    ("a critiqué", EventType::Accuse),
    ("a soutenu", EventType::Support),
    ("a menacé", EventType::Threaten),
    ("a aidé", EventType::Aid),
    ("a rejeté", EventType::Reject),
    ("a sanctionné", EventType::Sanction),
    ("a signé un accord avec", EventType::Agree),
];

/// Actors of the synthetic store: `n` people (given × family names) then
/// the organisations.
fn actor(i: usize) -> (String, EntityLabel) {
    let people = GIVEN.len() * FAMILY.len();
    if i < people {
        (
            format!("{} {}", GIVEN[i % GIVEN.len()], FAMILY[i / GIVEN.len()]),
            EntityLabel::Per,
        )
    } else {
        (
            ORGS[(i - people) % ORGS.len()].to_string(),
            EntityLabel::Org,
        )
    }
}

/// How many actors the generator draws from.
pub const ACTORS: usize = GIVEN.len() * FAMILY.len() + ORGS.len();

/// The id a synthetic actor is linked to.
pub fn actor_id(i: usize) -> String {
    format!("bench:actor:{i}")
}

fn place(i: usize) -> Place {
    let (name, lat, lon, country) = PLACES[i % PLACES.len()];
    Place {
        place_id: format!("bench:place:{i}"),
        name: name.into(),
        country: Some(country.into()),
        admin1: None,
        lat,
        lon,
        precision: PlacePrecision::City,
    }
}

/// Builds a document piece by piece, keeping byte spans right.
struct Writer {
    text: String,
    entities: Vec<Entity>,
    sentences: Vec<Span>,
}

impl Writer {
    fn push(&mut self, s: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(s);
        Span::new(start, self.text.len())
    }
    fn mention(&mut self, text: &str, label: EntityLabel, id: &str, place: Option<Place>) -> Span {
        let span = self.push(text);
        self.entities.push(Entity {
            span,
            text: text.into(),
            label,
            confidence: 0.9,
            entity_id: Some(id.into()),
            canonical: Some(text.into()),
            code: None,
            nominal: false,
            place,
        });
        span
    }
}

fn arg(span: Span, text: &str, id: Option<String>, place: Option<Place>) -> EventArg {
    EventArg {
        span,
        text: text.into(),
        entity_id: id,
        code: None,
        place,
        implied: false,
    }
}

/// The `n`th synthetic document (deterministic).
pub fn document(n: usize) -> Document {
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15 ^ (n as u64).wrapping_mul(0x1000_0001));
    let mut w = Writer {
        text: String::new(),
        entities: Vec::new(),
        sentences: Vec::new(),
    };
    let mut events = Vec::new();
    let topic = TOPICS[rng.below(TOPICS.len())];
    let day = n % 730;
    let date = format!(
        "{}-{:02}-{:02}",
        2023 + day / 365,
        1 + (day % 365) / 31 % 12,
        1 + day % 28
    );
    for s in 0..3 {
        let a = rng.below(ACTORS);
        let b = rng.below(ACTORS);
        let p = rng.below(PLACES.len());
        let (verb, ty) = VERBS[rng.below(VERBS.len())];
        let (an, al) = actor(a);
        let (bn, bl) = actor(b);
        let start = w.text.len();
        let sa = w.mention(&an, al, &actor_id(a), None);
        w.push(" ");
        let tv = w.push(verb);
        w.push(" ");
        let sb = w.mention(&bn, bl, &actor_id(b), None);
        w.push(" à ");
        let pl = place(p);
        let sp = w.mention(
            pl.name.as_str(),
            EntityLabel::Loc,
            &pl.place_id,
            Some(pl.clone()),
        );
        w.push(&format!(
            " au sujet du dossier {topic} numéro {} ({} mots-clés : {} {}).",
            rng.below(5000),
            s + 1,
            TOPICS[rng.below(TOPICS.len())],
            TOPICS[rng.below(TOPICS.len())],
        ));
        let sentence = Span::new(start, w.text.len());
        w.sentences.push(sentence);
        events.push(Event {
            event_type: ty,
            mode: None,
            context: vec![],
            cameo: "010".into(),
            trigger: arg(tv, verb, None, None),
            source: Some(arg(sa, &an, Some(actor_id(a)), None)),
            target: Some(arg(sb, &bn, Some(actor_id(b)), None)),
            location: Some(arg(
                sp,
                &pl.name.clone(),
                Some(pl.place_id.clone()),
                Some(pl),
            )),
            date: Some(EventDate {
                text: None,
                value: Some(date.clone()),
                precision: DatePrecision::Day,
            }),
            modality: Modality::Asserted,
            reported_by: None,
            sentence,
            confidence: 0.8,
        });
        w.push(" ");
    }
    let q = rng.below(ACTORS);
    let (qn, ql) = actor(q);
    let start = w.text.len();
    w.push("« ");
    let quote_text = format!("Le dossier {topic} avance, nous tiendrons nos promesses");
    let qs = w.push(&quote_text);
    w.push(" », a déclaré ");
    let speaker = w.mention(&qn, ql, &actor_id(q), None);
    w.push(".");
    w.sentences.push(Span::new(start, w.text.len()));
    let site = SITES[n % SITES.len()];
    let title = format!(
        "{} : {} et {}",
        topic,
        actor(q).0,
        PLACES[n % PLACES.len()].0
    );
    let text = w.text;
    Document {
        id: content_id(&format!("{n}\n{text}")),
        source: format!("https://{site}/article/{n}"),
        url: Some(format!("https://{site}/article/{n}")),
        site: Some(site.into()),
        title: Some(title),
        author: None,
        date: PubDate::parse_iso(&date),
        lang: if n.is_multiple_of(5) {
            Lang::En
        } else {
            Lang::Fr
        },
        lang_confidence: 0.99,
        quotes: vec![Quote {
            span: qs,
            text: quote_text,
            kind: QuoteKind::Direct,
            cue: Some("a déclaré".into()),
            cue_span: None,
            speaker: Some(qn.clone()),
            speaker_span: Some(speaker),
            speaker_id: Some(actor_id(q)),
            speaker_name: Some(qn),
        }],
        token_count: text.split_whitespace().count(),
        text,
        sentences: w.sentences,
        entities: w.entities,
        events,
        ..Default::default()
    }
}

/// Fills `store` up to `n` synthetic documents (those already there are
/// kept), in transactions of 1,000; `progress` gets the count so far.
pub fn fill(
    store: &mut dyn Store,
    n: usize,
    progress: &mut dyn FnMut(usize),
) -> Result<usize, StoreError> {
    let have = store.stats()?.documents as usize;
    let mut at = have;
    while at < n {
        let end = (at + 1000).min(n);
        let docs: Vec<Document> = (at..end).map(document).collect();
        store.put_all(&docs)?;
        at = end;
        progress(at);
    }
    Ok(n.saturating_sub(have))
}

/// What one endpoint did under load.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EndpointFigures {
    pub requests: u64,
    pub errors: u64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

/// A request of the mix: its endpoint's name and path.
fn request(rng: &mut Rng, docs: usize) -> (&'static str, String) {
    match rng.below(4) {
        0 => {
            let q = match rng.below(3) {
                0 => TOPICS[rng.below(TOPICS.len())].to_string(),
                1 => format!(
                    "{} {}",
                    TOPICS[rng.below(TOPICS.len())],
                    PLACES[rng.below(PLACES.len())].0
                ),
                _ => FAMILY[rng.below(FAMILY.len())].to_string(),
            };
            let q: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
            ("search", format!("/api/search?q={q}"))
        }
        1 => {
            let id = document(rng.below(docs)).id;
            ("document", format!("/api/documents/{id}"))
        }
        2 => (
            "entity",
            format!("/api/entities/{}", actor_id(rng.below(ACTORS))),
        ),
        _ => match rng.below(3) {
            0 => (
                "events",
                format!("/api/events?actor={}", actor_id(rng.below(ACTORS))),
            ),
            1 => (
                "events",
                format!("/api/events?place=bench:place:{}", rng.below(PLACES.len())),
            ),
            _ => ("events", "/api/events?type=CONSULT".to_string()),
        },
    }
}

/// Runs `clients` concurrent clients for `seconds` against the server at
/// `base` (`http://127.0.0.1:PORT`) over a store of `docs` synthetic
/// documents; figures per endpoint.
pub fn load(
    base: &str,
    docs: usize,
    clients: usize,
    seconds: f64,
) -> BTreeMap<&'static str, EndpointFigures> {
    let until = Instant::now() + Duration::from_secs_f64(seconds.max(0.1));
    let started = Instant::now();
    let handles: Vec<_> = (0..clients.max(1))
        .map(|c| {
            let base = base.to_string();
            std::thread::spawn(move || {
                let agent = ureq::AgentBuilder::new()
                    .timeout(Duration::from_secs(30))
                    .build();
                let mut rng = Rng::new(0xC0FFEE + c as u64 * 7919);
                let mut seen: Vec<(&'static str, f64, bool)> = Vec::new();
                while Instant::now() < until {
                    let (name, path) = request(&mut rng, docs);
                    let t = Instant::now();
                    let ok = match agent.get(&format!("{base}{path}")).call() {
                        Ok(r) => r.into_string().is_ok(),
                        Err(_) => false,
                    };
                    seen.push((name, t.elapsed().as_secs_f64() * 1000.0, ok));
                }
                seen
            })
        })
        .collect();
    let mut all: BTreeMap<&'static str, (Vec<f64>, u64)> = BTreeMap::new();
    for h in handles {
        for (name, ms, ok) in h.join().unwrap_or_default() {
            let e = all.entry(name).or_default();
            e.0.push(ms);
            e.1 += u64::from(!ok);
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.into_iter()
        .map(|(name, (mut ms, errors))| {
            ms.sort_by(f64::total_cmp);
            let at = |q: f64| ms[((ms.len() as f64 * q) as usize).min(ms.len() - 1)];
            (
                name,
                EndpointFigures {
                    requests: ms.len() as u64,
                    errors,
                    per_second: ms.len() as f64 / elapsed,
                    p50_ms: at(0.50),
                    p99_ms: at(0.99),
                    max_ms: ms[ms.len() - 1],
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_documents_keep_their_spans_right() {
        for n in [0, 1, 77, 12_345] {
            let d = document(n);
            assert_eq!(d.id, document(n).id, "deterministic");
            for e in &d.entities {
                assert_eq!(e.span.slice(&d.text), e.text);
            }
            for ev in &d.events {
                assert_eq!(ev.trigger.span.slice(&d.text), ev.trigger.text);
                assert!(ev.sentence.end <= d.text.len());
            }
            assert_eq!(d.quotes[0].span.slice(&d.text), d.quotes[0].text);
            assert!(d.date.is_some());
        }
        assert_ne!(document(1).id, document(2).id);
    }

    #[test]
    fn a_store_fills_up_to_its_size() {
        let mut s = veille_store::open(":memory:").unwrap();
        assert_eq!(fill(s.as_mut(), 1500, &mut |_| {}).unwrap(), 1500);
        assert_eq!(fill(s.as_mut(), 1500, &mut |_| {}).unwrap(), 0);
        assert_eq!(s.stats().unwrap().documents, 1500);
    }
}
