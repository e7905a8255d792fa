//! The resolver on the built-in gazetteer and knowledge base: sentences
//! written by the team, place mentions marked [[like this]].

use std::sync::LazyLock;

use veille_core::{Entity, EntityLabel, Lang, PlacePrecision, Span};
use veille_geo::{distance_km, Gazetteer, Resolver};
use veille_kb::link::{Linker, Mention};

static RESOLVER: LazyLock<(Linker, Resolver)> = LazyLock::new(|| {
    let linker = Linker::builtin().expect("knowledge base");
    let resolver = Resolver::new(
        Gazetteer::builtin().expect("gazetteer"),
        &linker,
        veille_kb::builtin(),
    );
    (linker, resolver)
});

/// The text without marks, and the marked mentions as linked entities.
fn entities(marked: &str) -> (String, Vec<Entity>) {
    let (mut text, mut spans) = (String::new(), Vec::new());
    let mut rest = marked;
    while let Some(a) = rest.find("[[") {
        text.push_str(&rest[..a]);
        let b = rest[a..].find("]]").expect("closing marks") + a;
        let start = text.len();
        text.push_str(&rest[a + 2..b]);
        spans.push(Span::new(start, text.len()));
        rest = &rest[b + 2..];
    }
    text.push_str(rest);
    let (linker, _) = &*RESOLVER;
    let mentions: Vec<Mention> = spans
        .iter()
        .map(|s| Mention {
            start: s.start,
            end: s.end,
            text: s.slice(&text),
            label: EntityLabel::Loc,
        })
        .collect();
    let (links, _) = linker.link(&text, &mentions, None);
    let ents = spans
        .iter()
        .zip(links)
        .map(|(s, l)| Entity {
            span: *s,
            text: s.slice(&text).to_string(),
            label: EntityLabel::Loc,
            confidence: 1.0,
            entity_id: Some(l.entity_id),
            canonical: Some(l.canonical),
            code: l.code,
            ..Entity::default()
        })
        .collect();
    (text, ents)
}

/// `expect`: one "name|ISO3|precision|lat,lon" per mention; the point must
/// lie within 50 km.
fn check(marked: &str, expect: &str) -> Result<(), String> {
    let (text, mut ents) = entities(marked);
    RESOLVER.1.resolve(&text, Lang::Fr, &mut ents);
    let want: Vec<&str> = expect.split("; ").collect();
    if want.len() != ents.len() {
        return Err(format!(
            "{marked}: {} mentions, {} expected",
            ents.len(),
            want.len()
        ));
    }
    for (e, w) in ents.iter().zip(want) {
        let p = e
            .place
            .as_ref()
            .ok_or(format!("{marked}: {} unresolved", e.text))?;
        let f: Vec<&str> = w.split('|').collect();
        let (lat, lon) = f[3].split_once(',').unwrap();
        let d = distance_km((p.lat, p.lon), (lat.parse().unwrap(), lon.parse().unwrap()));
        let got = format!(
            "{}|{}|{}",
            p.name,
            p.country.as_deref().unwrap_or("-"),
            p.precision.as_str()
        );
        if got != f[..3].join("|") || d > 50.0 {
            return Err(format!(
                "{marked}: {} → {got} at {d:.0} km, expected {w}",
                e.text
            ));
        }
    }
    Ok(())
}

#[test]
fn places_by_size_knowledge_and_context() {
    let cases = [
        (
            "Le sommet s'est tenu à [[Pékin]].",
            "Beijing|CHN|city|39.9,116.4",
        ),
        (
            "Des combats à [[Avdiivka]], dans l'est de l'[[Ukraine]].",
            "Avdiivka|UKR|city|48.14,37.75; Ukraine|UKR|country|48.0,31.0",
        ),
        (
            "La ville de [[Paris]], au [[Texas]], a été touchée par une tornade.",
            "Paris|USA|city|33.66,-95.56; Texas|USA|admin|31.0,-99.3",
        ),
        (
            "Le maire d'[[Albany]] a démissionné.",
            "Albany|USA|city|42.65,-73.76",
        ),
        (
            "Le président a quitté [[Washington]] pour [[Moscou]].",
            "Washington|USA|city|38.9,-77.04; Moscow|RUS|city|55.75,37.62",
        ),
        (
            "Un incendie ravage l'État de [[Washington]].",
            "Washington|USA|admin|47.4,-120.6",
        ),
        (
            "L'ouragan a frappé [[Atlanta]] puis le nord de la [[Géorgie]].",
            "Atlanta|USA|city|33.75,-84.39; Georgia|USA|admin|32.7,-83.4",
        ),
        (
            "Les troupes russes sont entrées en [[Géorgie]] ; [[Tbilissi]] proteste.",
            "Georgia|GEO|country|42.27,43.31; Tbilisi|GEO|city|41.69,44.83",
        ),
        (
            "La [[Crimée]] a été annexée en 2014.",
            "Crimée|UKR|region|45.3,34.4",
        ),
        (
            "Des grèves à [[Valence]] et à [[Lyon]].",
            "Valence|FRA|city|44.93,4.89; Lyon|FRA|city|45.75,4.85",
        ),
        (
            "Il vit à [[Saint-Pétersbourg]].",
            "Saint Petersburg|RUS|city|59.94,30.31",
        ),
        ("Un attentat à [[Londres]].", "London|GBR|city|51.51,-0.13"),
        (
            "La Cour siège à [[La Haye]].",
            "The Hague|NLD|city|52.08,4.3",
        ),
        (
            "Des tempêtes en [[Sibérie orientale]].",
            "Sibérie|RUS|region|60.0,100.0",
        ),
        (
            "La croissance de l'[[Inde du Sud]].",
            "India|IND|country|20.2,82.2",
        ),
    ];
    let failures = veille_core::case_failures(&cases, check);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn unknown_names_stay_unresolved() {
    // "Orient" is an alternate name of a Texan town of 1,200 people in
    // GeoNames: alone, it is no place on the map.
    let (text, mut ents) = entities("Le village de [[Xqzwvl]], [[M.S.]] et l'[[Orient]]");
    RESOLVER.1.resolve(&text, Lang::Fr, &mut ents);
    assert!(ents.iter().all(|e| e.place.is_none()), "{ents:?}");
}

#[test]
fn separators_and_organisations_are_no_places() {
    assert!(RESOLVER.1.gazetteer().lookup("").is_empty());
    // "Hamas" is an alternate name of Hamm (Germany): a mention linked to
    // the organisation is not placed there, even tagged as a place.
    let (text, mut ents) = entities("Il est à [[-]] ici ; le [[Hamas]] a revendiqué l'attaque.");
    RESOLVER.1.resolve(&text, Lang::Fr, &mut ents);
    assert!(ents.iter().all(|e| e.place.is_none()), "{ents:?}");
}

#[test]
fn every_gazetteer_record_is_on_the_globe() {
    let g = RESOLVER.1.gazetteer();
    assert!(g.records.len() > 150_000);
    let countries = g
        .records
        .iter()
        .filter(|r| r.precision == PlacePrecision::Country)
        .count();
    assert!(countries > 240, "{countries} countries");
    assert!(g
        .records
        .iter()
        .all(|r| r.lat.abs() <= 90.0 && r.lon.abs() <= 180.0 && r.country.len() == 3));
}

#[test]
fn organisations_named_after_a_place_are_placed_there() {
    let (text, mut ents) = entities(
        "En [[France]], les étudiants de l'[[Université de Lyon]], de la [[Cour de Justice]] et du [[Théâtre de la Ville]].",
    );
    for e in &mut ents[1..] {
        e.label = EntityLabel::Org;
        e.entity_id = None;
    }
    RESOLVER.1.resolve(&text, Lang::Fr, &mut ents);
    let p = ents[1].place.as_ref().expect("Lyon");
    assert_eq!(
        (p.name.as_str(), p.country.as_deref()),
        ("Lyon", Some("FRA"))
    );
    // No sizeable French place is called "Justice" or "Ville".
    assert!(ents[2].place.is_none(), "{:?}", ents[2].place);
    assert!(ents[3].place.is_none(), "{:?}", ents[3].place);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Any text, any place mentions on char boundaries: resolution never
        /// panics and every place it gives is on the globe.
        #[test]
        fn resolution_never_fails(text in "[ -~àéèçôîÉ’«»\n]{0,120}", cuts in proptest::collection::vec((0usize..120, 0usize..12), 0..6)) {
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let mut ents: Vec<Entity> = cuts
                .iter()
                .filter_map(|&(a, n)| {
                    let s = *bounds.get(a % bounds.len())?;
                    let e = *bounds.get((a % bounds.len() + n).min(bounds.len() - 1))?;
                    (s < e).then(|| Entity {
                        span: Span::new(s, e),
                        text: text[s..e].to_string(),
                        label: if n % 2 == 0 { EntityLabel::Loc } else { EntityLabel::Org },
                        ..Entity::default()
                    })
                })
                .collect();
            RESOLVER.1.resolve(&text, Lang::Fr, &mut ents);
            for e in &ents {
                if let Some(p) = &e.place {
                    prop_assert!(p.lat.abs() <= 90.0 && p.lon.abs() <= 180.0);
                }
            }
        }
    }
}

/// Words as runs of letters, digits and hyphens; other non-blank
/// characters as punctuation (enough for the spotter's sentences).
fn tokens(text: &str) -> Vec<veille_core::Token> {
    use veille_core::{Token, TokenKind};
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let inside = c.is_alphanumeric() || c == '-';
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Token {
                    span: Span::new(s, i),
                    kind: TokenKind::Word,
                });
                start = None;
            }
            _ => {}
        }
        if !inside && !c.is_whitespace() {
            out.push(Token {
                span: Span::new(i, i + c.len_utf8()),
                kind: TokenKind::Punct,
            });
        }
    }
    if let Some(s) = start {
        out.push(Token {
            span: Span::new(s, text.len()),
            kind: TokenKind::Word,
        });
    }
    out
}

/// Place names the NER missed, found by the gazetteer: (sentence with the
/// NER's mentions [[marked]], the names spotted, "|"-separated).
#[test]
fn spotted_place_names() {
    let cases = [
        // A longer name replaces the place the tagger saw inside it.
        (
            "Le meeting s'est tenu à [[Raleigh]], en Caroline du [[Nord]].",
            "Caroline du Nord",
        ),
        ("Les combats ont repris près de Mossoul jeudi.", "Mossoul"),
        // A common word, capitalised, is no place.
        ("Tour de France : une étape de plus.", ""),
        // A sentence's first word must be a large city.
        ("Besançon accueille le congrès.", ""),
        // Part of a longer capitalised name: not this place.
        ("Le maire Jean Dupont a parlé au Grand Orient.", ""),
        (
            "Ils sont arrivés au Texas puis en Californie.",
            "Texas|Californie",
        ),
    ];
    let (_, resolver) = &*RESOLVER;
    let common = |w: &str| matches!(w, "tour" | "grand");
    let bad = veille_core::case_failures(&cases, |marked, expect| {
        let (text, ents) = entities(marked);
        let toks = tokens(&text);
        let sentences = [Span::new(0, text.len())];
        let got = veille_geo::spot::missed(
            resolver.gazetteer(),
            common,
            &text,
            &toks,
            &sentences,
            &ents,
        )
        .iter()
        .map(|e| e.text.as_str())
        .collect::<Vec<_>>()
        .join("|");
        if got == expect {
            Ok(())
        } else {
            Err(format!("{marked}\n  want: {expect}\n  got:  {got}"))
        }
    });
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
