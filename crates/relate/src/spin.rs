//! First-person "spin" rewrites: a text rewritten in the first person,
//! the writer speaking of themself and to the reader with opinions —
//! outside of any quotation, where first persons belong to the speaker.
//! The cues are data (`data/spin.tsv`).

use crate::shingle::words;
use serde::Serialize;
use veille_core::{Document, Span};

const CUES: &str = include_str!("../data/spin.tsv");

/// A document flagged as a spin, with the sentences that show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spin {
    pub sentences: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    SelfRef,
    Reader,
    Stance,
}

/// One cue: its language, kind and folded words.
struct Cue {
    lang: &'static str,
    kind: Kind,
    words: Vec<&'static str>,
}

fn cues() -> Vec<Cue> {
    CUES.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            let lang = f.next()?;
            let kind = match f.next()? {
                "self" => Kind::SelfRef,
                "reader" => Kind::Reader,
                "stance" => Kind::Stance,
                _ => return None,
            };
            let words: Vec<&str> = f.next()?.split(' ').filter(|w| !w.is_empty()).collect();
            (!words.is_empty()).then_some(Cue { lang, kind, words })
        })
        .collect()
}

/// Byte ranges of `text` inside quotation marks: « », “ ”, " " (an
/// unclosed quotation ends with its line).
fn quoted(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        match (open, c) {
            (None, '«' | '“' | '"') => open = Some((i, c)),
            (Some((s, o)), '»' | '”' | '"' | '\n') if c != '"' || o == '"' || c == '\n' => {
                out.push(Span::new(s, i + c.len_utf8()));
                open = None;
            }
            _ => {}
        }
    }
    if let Some((s, _)) = open {
        out.push(Span::new(s, text.len()));
    }
    out
}

/// The sentences of a document written as a first-person spin, when it is
/// one: at least `min_sentences` sentences outside quotations with a cue
/// of the writer (a first-person singular, or one addressing the reader
/// with an opinion), at least one in the singular.
pub fn spin(doc: &Document, min_sentences: usize) -> Option<Spin> {
    let lang = doc.lang.as_str();
    let cues: Vec<Cue> = cues().into_iter().filter(|c| c.lang == lang).collect();
    if cues.is_empty() {
        return None;
    }
    let mut masked: Vec<Span> = quoted(&doc.text);
    masked.extend(doc.quotes.iter().map(|q| q.span));
    let mut found = Vec::new();
    let mut singular = false;
    let sentences: Vec<Span> = if doc.sentences.is_empty() {
        vec![Span::new(0, doc.text.len())]
    } else {
        doc.sentences.clone()
    };
    for s in sentences {
        let Some(raw) = doc.text.get(s.start..s.end) else {
            continue;
        };
        // The sentence with its quoted parts blanked out.
        let mut own = String::with_capacity(raw.len());
        for (i, c) in raw.char_indices() {
            let at = s.start + i;
            let inside = masked.iter().any(|m| m.start <= at && at < m.end);
            own.push(if inside { ' ' } else { c });
        }
        let ws = words(&own);
        let has = |kind: Kind| {
            cues.iter()
                .filter(|c| c.kind == kind)
                .any(|c| ws.windows(c.words.len()).any(|w| w == c.words.as_slice()))
        };
        let me = has(Kind::SelfRef);
        if me || (has(Kind::Reader) && has(Kind::Stance)) {
            singular |= me;
            found.push(raw.trim().to_string());
        }
    }
    (singular && found.len() >= min_sentences.max(1)).then_some(Spin { sentences: found })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cue_line_parses() {
        let lines = CUES
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(cues().len(), lines);
    }

    #[test]
    fn quotations_are_masked() {
        let t = "Il a dit « je pars » puis “nous restons” et \"je\" fin\nsuite « ouvert\nnon";
        let q = quoted(t);
        let parts: Vec<&str> = q.iter().map(|s| &t[s.start..s.end]).collect();
        assert_eq!(
            parts,
            ["« je pars »", "“nous restons”", "\"je\"", "« ouvert\n"]
        );
    }
}
