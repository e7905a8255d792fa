//! Place names the NER missed ("Caroline du Nord", "Ithriyah"), found by
//! the gazetteer: capitalised runs of words outside every entity whose
//! name is a country, an administrative area or a large city. A name
//! that starts a sentence, or could be a longer name's part, must be a
//! larger place to count.

use crate::Gazetteer;
use veille_core::{sentence_ranges, Entity, EntityLabel, PlacePrecision, Span, Token, TokenKind};

/// The smallest city taken on its name alone.
const CITY: u64 = 50_000;
/// The smallest city taken at a sentence's start, where any word is
/// capitalised.
const CITY_AT_START: u64 = 500_000;
/// Words a place name may hold between its capitalised words.
const LINKS: &[&str] = &[
    "de", "du", "des", "la", "le", "les", "l'", "l’", "-", "sur", "en", "of", "the",
];
/// The longest name tried, in tokens.
const LONGEST: usize = 6;
/// Confidence given to a name found this way.
const CONFIDENCE: f32 = 0.6;

/// Place mentions the gazetteer finds in `text` where `entities` has none
/// (or only a place inside the longer name, which the caller drops).
/// `common` says whether a lower-cased word is one of the language's
/// common words (a one-word name that is one is left alone).
pub fn missed(
    gazetteer: &Gazetteer,
    common: impl Fn(&str) -> bool,
    text: &str,
    tokens: &[Token],
    sentences: &[Span],
    entities: &[Entity],
) -> Vec<Entity> {
    let word = |t: &Token| t.span.slice(text);
    let capital = |t: &Token| {
        t.kind == TokenKind::Word
            && word(t).chars().next().is_some_and(char::is_uppercase)
            && word(t).chars().skip(1).any(char::is_lowercase)
    };
    // An entity touching the span, unless it is a place the span holds
    // ("Nord" of "Caroline du Nord": the longer name replaces it).
    // Entities by start, with the furthest end reached so far: a span's
    // neighbours are found by bisection, not by reading every entity for
    // every capitalised word.
    let mut by_start: Vec<&Entity> = entities.iter().collect();
    by_start.sort_by_key(|e| (e.span.start, e.span.end));
    let reach: Vec<usize> = by_start
        .iter()
        .scan(0, |m, e| {
            *m = (*m).max(e.span.end);
            Some(*m)
        })
        .collect();
    let taken = |s: Span| {
        let upto = by_start.partition_point(|e| e.span.start < s.end + 1);
        (0..upto)
            .rev()
            .take_while(|&j| reach[j] + 1 > s.start)
            .map(|j| by_start[j])
            .any(|e| {
                let touches = s.start < e.span.end + 1;
                let held = e.label == EntityLabel::Loc
                    && s.start <= e.span.start
                    && e.span.end <= s.end
                    && e.span.len() < s.len();
                touches && !held
            })
    };
    let mut out = Vec::new();
    for range in sentence_ranges(tokens, sentences) {
        let ts = &tokens[range];
        let mut i = 0;
        while i < ts.len() {
            // "Tour de France", "Coupe du Monde": the end of a longer name.
            let tail = i >= 2
                && LINKS.contains(&word(&ts[i - 1]).to_lowercase().as_str())
                && capital(&ts[i - 2]);
            if !capital(&ts[i]) || taken(ts[i].span) || (i > 0 && capital(&ts[i - 1])) || tail {
                i += 1;
                continue;
            }
            let mut found = None;
            for len in (1..=LONGEST.min(ts.len() - i)).rev() {
                let last = &ts[i + len - 1];
                if !capital(last) {
                    continue;
                }
                let inner_ok = ts[i..i + len]
                    .iter()
                    .all(|t| capital(t) || LINKS.contains(&word(t).to_lowercase().as_str()));
                // A longer capitalised name goes on: not this place.
                let longer = ts.get(i + len).is_some_and(&capital);
                if !inner_ok || longer {
                    continue;
                }
                let span = Span::new(ts[i].span.start, last.span.end);
                if taken(span) {
                    continue;
                }
                let name = span.slice(text);
                // "Tour", "Seul": a word of the language, capitalised.
                if len == 1 && common(&name.to_lowercase()) {
                    continue;
                }
                let big = gazetteer.lookup(name).iter().any(|&r| {
                    let r = gazetteer.get(r);
                    match r.precision {
                        PlacePrecision::Country => i > 0 || len > 1,
                        // First-level areas; counties and départements
                        // only when large (their names are often people's).
                        PlacePrecision::Admin => {
                            (i > 0 || len > 1)
                                && (r
                                    .area
                                    .as_deref()
                                    .is_some_and(|a| a.matches('.').count() == 1)
                                    || r.population >= CITY)
                        }
                        PlacePrecision::City => {
                            r.population >= if i == 0 { CITY_AT_START } else { CITY }
                        }
                        _ => false,
                    }
                });
                if big {
                    found = Some((span, len));
                    break;
                }
            }
            match found {
                Some((span, len)) => {
                    out.push(Entity {
                        span,
                        text: span.slice(text).to_string(),
                        label: EntityLabel::Loc,
                        confidence: CONFIDENCE,
                        ..Default::default()
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
    }
    out
}
