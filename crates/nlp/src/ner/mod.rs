//! Named-entity recognition: a greedy averaged-perceptron sequence labeller
//! over BIO labels, with constrained decoding (no I-X after anything but
//! B-X/I-X) and hashed lexical, shape, context, gazetteer and history
//! features. Trained by [`Trainer`]; stored in a compact versioned binary
//! format ([`Model::to_bytes`]).

pub mod features;
mod model;
mod train;

pub use crate::binio::ModelError;
pub use features::{Lexicon, Tok};
pub use model::Model;
pub use train::{TrainOptions, Trainer};

use veille_core::{Entity, EntityLabel, Span, Token, TokenKind};

/// A labelled training sentence: words and their BIO tags.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    pub words: Vec<String>,
    pub tags: Vec<String>,
    /// Extra per-token features (document-level, for the stacked tagger).
    pub extra: Vec<Vec<u32>>,
}

impl Tagged {
    pub fn new(words: Vec<String>, tags: Vec<String>) -> Tagged {
        Tagged {
            words,
            tags,
            extra: Vec::new(),
        }
    }
}

/// Entity spans (token index ranges, end exclusive) and types from BIO or
/// BILOU tags (U opens and closes, L continues and closes).
pub fn bio_spans(tags: &[&str]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    for (i, t) in tags.iter().enumerate() {
        let (prefix, ty) = t.split_once('-').unwrap_or((t, ""));
        let continues = matches!(prefix, "I" | "L") && cur.as_ref().is_some_and(|(_, c)| c == ty);
        if !continues {
            if let Some((s, c)) = cur.take() {
                out.push((s, i, c));
            }
            if matches!(prefix, "B" | "I" | "U" | "L") {
                cur = Some((i, ty.to_string()));
            }
        }
        if matches!(prefix, "U" | "L") {
            if let Some((s, c)) = cur.take() {
                out.push((s, i + 1, c));
            }
        }
    }
    if let Some((s, c)) = cur {
        out.push((s, tags.len(), c));
    }
    out
}

/// Tags every sentence of a document and returns its entities, as byte
/// spans into `text`. Punctuation-only and URL tokens are kept in the
/// sequence (they carry context) but entities never start or end on them.
pub fn recognize(model: &Model, text: &str, tokens: &[Token], sentences: &[Span]) -> Vec<Entity> {
    let mut out = tag_sentences(model, text, tokens, sentences);
    harmonize(text, tokens, &mut out);
    out
}

/// Document-level consistency: a name's type is decided by its most
/// confident mentions, and a person's surname alone ("Trump" after "Donald
/// Trump") is that person.
fn harmonize(text: &str, tokens: &[Token], ents: &mut Vec<Entity>) {
    use std::collections::HashMap;
    let mut votes: HashMap<String, HashMap<EntityLabel, f32>> = HashMap::new();
    for e in ents.iter() {
        *votes
            .entry(e.text.to_lowercase())
            .or_default()
            .entry(e.label)
            .or_default() += e.confidence;
        if e.label == EntityLabel::Per {
            if let Some(last) = e.text.split_whitespace().last().filter(|l| *l != e.text) {
                *votes
                    .entry(last.to_lowercase())
                    .or_default()
                    .entry(EntityLabel::Per)
                    .or_default() += 2.0 * e.confidence;
            }
        }
    }
    let best = |k: &str| -> Option<(EntityLabel, f32, f32)> {
        let v = votes.get(k)?;
        let total: f32 = v.values().sum();
        v.iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(l, w)| (*l, *w, total))
    };
    for e in ents.iter_mut() {
        if e.text.contains(' ') {
            continue;
        }
        if let Some((label, w, total)) = best(&e.text.to_lowercase()) {
            if label != e.label && w > 0.6 * total {
                e.label = label;
            }
        }
    }
    // Untagged mentions of a person's surname.
    let surnames: Vec<String> = votes
        .iter()
        .filter(|(k, v)| !k.contains(' ') && v.contains_key(&EntityLabel::Per) && v.len() == 1)
        .map(|(k, _)| k.clone())
        .collect();
    if surnames.is_empty() {
        return;
    }
    let mut added = Vec::new();
    for t in tokens {
        if t.kind != TokenKind::Word {
            continue;
        }
        let w = t.span.slice(text);
        if !w.starts_with(char::is_uppercase) || !surnames.iter().any(|s| s == &w.to_lowercase()) {
            continue;
        }
        if ents
            .iter()
            .any(|e| e.span.start < t.span.end && t.span.start < e.span.end)
        {
            continue;
        }
        added.push(Entity {
            span: t.span,
            text: w.to_string(),
            label: EntityLabel::Per,
            confidence: 0.5,
            ..Default::default()
        });
    }
    if !added.is_empty() {
        ents.extend(added);
        ents.sort_by_key(|e| e.span.start);
    }
}

/// Confidence of a person found only because the knowledge base knows the
/// name (the recall of known names in `tag_sentences`).
const KNOWN_NAME_CONFIDENCE: f32 = 0.9;

fn tag_sentences(model: &Model, text: &str, tokens: &[Token], sentences: &[Span]) -> Vec<Entity> {
    let mut out = Vec::new();
    // Sentences as token ranges, with their feature views.
    let ranges: Vec<(usize, usize)> = veille_core::sentence_ranges(tokens, sentences)
        .into_iter()
        .filter(|r| tokens[r.clone()].iter().any(|t| t.kind == TokenKind::Word))
        .map(|r| (r.start, r.end))
        .collect();
    let toks_per: Vec<Vec<Tok>> = ranges
        .iter()
        .map(|&(a, b)| {
            tokens[a..b]
                .iter()
                .map(|t| Tok::new(t.span.slice(text)))
                .collect()
        })
        .collect();
    let tagged_all = tag_document(model, &toks_per);
    for (k, &(a, b)) in ranges.iter().enumerate() {
        let sent = &tokens[a..b];
        let toks = &toks_per[k];
        let tagged = &tagged_all[k];
        let tags: Vec<&str> = tagged
            .iter()
            .map(|(l, _)| model.labels[*l].as_str())
            .collect();
        let lex = model.lexicon();
        let mut spans = bio_spans(&tags);
        // The knowledge base knows longer names ("RIA" + "Novosti"): extend an
        // entity to a gazetteer phrase of its class that starts where it does.
        for k in 0..spans.len() {
            let (a, b, ref ty) = spans[k];
            if let Some((class, len)) = lex.gazetteer(toks, a) {
                let limit = spans.get(k + 1).map_or(toks.len(), |n| n.0);
                if class == ty && a + len > b && a + len <= limit {
                    spans[k].1 = a + len;
                }
            }
        }
        // Recall of known names: a person's name of two or more words from
        // the gazetteer (the knowledge base's names and aliases, stored
        // lower-cased in the model) is a person wherever the tagger left it
        // out, matched case-insensitively provided every word is capitalised
        // or in capitals. A tagger trained on ordinary casing misses a known
        // name written with an odd one (capitals inside a word, a headline
        // in capitals); lower-case words are left alone, as common words
        // can spell a name. Such a name gets KNOWN_NAME_CONFIDENCE.
        let mut i = 0;
        let mut known = Vec::new();
        let mut covered = vec![false; toks.len()];
        for s in &spans {
            covered[s.0..s.1].fill(true);
        }
        while i < toks.len() {
            // Only where the tagger found nothing: the lookup is on the hot path.
            if covered[i] {
                i += 1;
                continue;
            }
            match lex.gazetteer(toks, i) {
                Some(("PER", len))
                    if len >= 2
                        && (i..i + len)
                            .all(|j| !covered[j] && (toks[j].title || toks[j].upper)) =>
                {
                    known.push((i, i + len, "PER".to_string()));
                    i += len;
                }
                _ => i += 1,
            }
        }
        let known_starts: Vec<usize> = known.iter().map(|s| s.0).collect();
        spans.extend(known);
        spans.sort_by_key(|s| s.0);
        for (a, b, ty) in spans {
            let (mut a, mut b) = (a, b);
            // Trim punctuation and elided function words at the edges
            // ("« Kazbek »" → "Kazbek", "KCNA n’" → "KCNA").
            let edge = |t: &Token| t.kind == TokenKind::Punct || is_elision(t.span.slice(text));
            while a < b && edge(&sent[a]) {
                a += 1;
            }
            // A name does not end on a function word ("ministère de").
            while b > a && (edge(&sent[b - 1]) || is_connector(sent[b - 1].span.slice(text))) {
                b -= 1;
            }
            // A person's name does not start with a lower-case word
            // ("étrangères Sergueï Lavrov"), particles aside ("von der Leyen").
            // Nor with a title ("Mr. Miller", "M. Poutine": both gold
            // standards leave titles out).
            if ty == "PER" {
                while a + 1 < b
                    && ((starts_lower(sent[a].span.slice(text))
                        && !is_particle(sent[a].span.slice(text)))
                        || is_honorific(sent[a].span.slice(text))
                        || sent[a].kind == TokenKind::Punct)
                {
                    a += 1;
                }
            }
            if a == b || (b - a == 1 && starts_lower(sent[a].span.slice(text)) && ty == "PER") {
                continue;
            }
            let span = Span::new(sent[a].span.start, sent[b - 1].span.end);
            // The tagger's own probability; a known name it left out gets a
            // fixed one, as its scores were for O.
            let confidence = if known_starts.contains(&a) {
                KNOWN_NAME_CONFIDENCE
            } else {
                tagged[a..b].iter().map(|(_, p)| *p).sum::<f32>() / (b - a) as f32
            };
            out.push(Entity {
                span,
                text: span.slice(text).to_string(),
                label: EntityLabel::parse(&ty).unwrap_or(EntityLabel::Misc),
                confidence: (confidence * 1000.0).round() / 1000.0,
                ..Default::default()
            });
        }
    }
    out
}

/// Labels (with probabilities) for every sentence of one document: one
/// pass, or two when the model stacks on a base tagger whose predictions
/// over the whole document feed its features.
pub fn tag_document(model: &Model, sentences: &[Vec<Tok>]) -> Vec<Vec<(usize, f32)>> {
    // Static features are computed once when both passes share them.
    let shared: Option<Vec<Vec<Vec<u32>>>> = model.shares_features_with_base().then(|| {
        sentences
            .iter()
            .map(|toks| features::static_features(toks, &model.lexicon()))
            .collect()
    });
    let extra = model.base.as_ref().map(|base| {
        let first: Vec<Vec<String>> = sentences
            .iter()
            .enumerate()
            .map(|(k, toks)| {
                let tags = match &shared {
                    Some(s) => base.tag_static(toks, s[k].clone(), None),
                    None => base.tag(toks),
                };
                tags.iter().map(|(l, _)| base.labels[*l].clone()).collect()
            })
            .collect();
        features::doc_features(sentences, &first)
    });
    let mut shared = shared;
    sentences
        .iter()
        .enumerate()
        .map(|(k, toks)| {
            let extra = extra.as_ref().map(|e| e[k].as_slice());
            match shared.as_mut() {
                Some(s) => model.tag_static(toks, std::mem::take(&mut s[k]), extra),
                None => model.tag_with(toks, extra),
            }
        })
        .collect()
}

fn starts_lower(w: &str) -> bool {
    w.starts_with(char::is_lowercase)
}

/// "l’", "d'", "qu’", "jusqu’": French elided words.
fn is_elision(w: &str) -> bool {
    w.ends_with(['\'', '’'])
        && w.chars().count() <= 7
        && w.chars().filter(|c| c.is_alphabetic()).count() >= 1
}

/// Titles written before a name ("Mr.", "M.", "Mme"); the period may be a
/// token of its own.
fn is_honorific(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.'),
        "Mr" | "Mrs" | "Ms" | "Dr" | "Prof" | "M" | "MM" | "Mme" | "Mmes" | "Mlle" | "Pr"
    )
}

/// Lower-case words that may sit inside a name ("Mission de l'Union",
/// "Bank of America", "Forces armées en Syrie") but never end one.
fn is_connector(w: &str) -> bool {
    features::joins_names(w) || matches!(w, "à" | "au" | "aux" | "en" | "and")
}

fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "de" | "du"
            | "des"
            | "von"
            | "van"
            | "der"
            | "den"
            | "al"
            | "el"
            | "ben"
            | "bin"
            | "da"
            | "di"
            | "dos"
            | "ibn"
            | "le"
            | "la"
            | "al-"
            | "ould"
    ) || w.starts_with("al-")
        || w.starts_with("el-")
}

/// BIO tags to BILOU: single-token entities become U-, last tokens L-.
pub fn to_bilou(tags: &[String]) -> Vec<String> {
    let mut out = tags.to_vec();
    for i in 0..tags.len() {
        let Some((p, ty)) = tags[i].split_once('-') else {
            continue;
        };
        let next_continues = tags
            .get(i + 1)
            .is_some_and(|n| n.strip_prefix("I-") == Some(ty));
        out[i] = match (p, next_continues) {
            ("B", false) => format!("U-{ty}"),
            ("I", false) => format!("L-{ty}"),
            _ => tags[i].clone(),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_multiword_names_are_recalled_in_any_capitalised_casing() {
        // A tagger that finds nothing (no weights: O everywhere) and whose
        // gazetteer knows one person and one place.
        let labels: Vec<String> = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]
            .map(String::from)
            .to_vec();
        let weights = crate::perceptron::Weights {
            classes: labels.len(),
            ..Default::default()
        };
        let mut gaz = rustc_hash::FxHashMap::default();
        gaz.insert("anna karenina".to_string(), "PER".to_string());
        gaz.insert("nova zembla".to_string(), "LOC".to_string());
        let m = Model::new(
            "fr".into(),
            labels,
            weights,
            Default::default(),
            vec![],
            gaz,
        );
        let found = |text: &str| -> Vec<(String, EntityLabel, f32)> {
            let (t, s) = veille_text::segment(text, veille_text::Lang::Fr);
            recognize(&m, text, &t, &s)
                .into_iter()
                .map(|e| (e.text, e.label, e.confidence))
                .collect()
        };
        for name in [
            "Anna Karenina",
            "AnNa KaReNiNa",
            "ANNA KARENINA",
            "Anna KARENINA",
        ] {
            let text = format!("Hier, {name} a parlé.");
            assert_eq!(
                found(&text),
                [(name.to_string(), EntityLabel::Per, KNOWN_NAME_CONFIDENCE)],
                "{text}"
            );
        }
        // Lower-case words, one word of the name, another class: nothing.
        for text in [
            "Hier, anna karenina a parlé.",
            "Hier, Anna karenina a parlé.",
            "Hier, Karenina a parlé.",
            "Hier, Nova Zembla a parlé.",
        ] {
            assert_eq!(found(text), [], "{text}");
        }
    }

    #[test]
    fn bilou_roundtrip() {
        let bio: Vec<String> = ["B-PER", "I-PER", "I-PER", "O", "B-LOC", "B-ORG", "I-ORG"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let bilou = to_bilou(&bio);
        assert_eq!(
            bilou,
            ["B-PER", "I-PER", "L-PER", "O", "U-LOC", "B-ORG", "L-ORG"]
        );
        let a: Vec<&str> = bio.iter().map(String::as_str).collect();
        let b: Vec<&str> = bilou.iter().map(String::as_str).collect();
        assert_eq!(bio_spans(&a), bio_spans(&b));
    }

    #[test]
    fn bio_decoding() {
        let tags = ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-ORG"];
        assert_eq!(
            bio_spans(&tags),
            vec![
                (0, 2, "PER".into()),
                (3, 4, "LOC".into()),
                (4, 5, "ORG".into()),
                (5, 7, "ORG".into())
            ]
        );
        assert!(bio_spans(&["O", "O"]).is_empty());
    }
}
