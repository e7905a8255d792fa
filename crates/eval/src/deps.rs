//! Dependency accuracy (UAS, LAS) against a UD treebank: gold words, tags
//! from the shipped tagger (as in use), then the parser.

use crate::conllu::Sentence;
use serde::Serialize;
use veille_nlp::deps::{Gold, Parser, Word};
use veille_nlp::pos::Tagger;

/// A treebank sentence as parser training data.
pub fn gold(s: &Sentence) -> Gold {
    Gold {
        forms: s.words.iter().map(|w| w.form.clone()).collect(),
        pos: s.words.iter().map(|w| w.upos.clone()).collect(),
        lemmas: s.words.iter().map(|w| w.lemma.clone()).collect(),
        heads: s.words.iter().map(|w| w.head).collect(),
        rels: s.words.iter().map(|w| w.deprel.clone()).collect(),
    }
}

/// Predicted (POS, lemma) for every gold word: the tagger runs on the
/// surface tokens; where it splits a token differently from the gold, the
/// gold words keep the tagger's first tag.
pub fn tag_words(tagger: &Tagger, s: &Sentence) -> Vec<(String, String)> {
    let forms: Vec<&str> = s.units.iter().map(|(f, _)| f.as_str()).collect();
    let mut out = Vec::with_capacity(s.words.len());
    for ((_, r), an) in s.units.iter().zip(tagger.analyze(&forms)) {
        for (k, w) in s.words[r.clone()].iter().enumerate() {
            let a = an.get(k).or(an.first());
            out.push(match a {
                Some(a) if an.len() == r.len() => (a.pos.clone(), a.lemma.clone()),
                Some(a) => (a.pos.clone(), tagger.lemmatizer.lemma(&w.form, &a.pos)),
                None => ("X".into(), w.form.clone()),
            });
        }
    }
    out
}

#[derive(Debug, Serialize)]
pub struct DepsReport {
    pub task: &'static str,
    pub words: usize,
    pub uas: f64,
    /// Labelled attachment on the universal relation (subtypes ignored).
    pub las: f64,
    /// Labelled attachment on the full relation ("nsubj:pass").
    pub las_full: f64,
    pub upos_accuracy: f64,
    pub tokens_per_s: f64,
}

pub fn eval_deps(parser: &Parser, tagger: &Tagger, sentences: &[Sentence]) -> DepsReport {
    let started = std::time::Instant::now();
    let mut parsed = Vec::with_capacity(sentences.len());
    for s in sentences {
        let tags = tag_words(tagger, s);
        let words: Vec<Word> = s
            .words
            .iter()
            .zip(&tags)
            .map(|(w, (p, l))| Word {
                form: &w.form,
                pos: p,
                lemma: l,
            })
            .collect();
        let arcs = parser.parse(&words);
        parsed.push((tags.iter().map(|t| t.0.clone()).collect::<Vec<_>>(), arcs));
    }
    let secs = started.elapsed().as_secs_f64();
    let (mut n, mut ua, mut la, mut laf, mut pos) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let base = |r: &str| r.split(':').next().unwrap_or("").to_string();
    for (s, (tags, arcs)) in sentences.iter().zip(&parsed) {
        for ((w, a), t) in s.words.iter().zip(arcs).zip(tags) {
            n += 1;
            pos += usize::from(&w.upos == t);
            if w.head == a.head {
                ua += 1;
                la += usize::from(base(&w.deprel) == base(&a.rel));
                laf += usize::from(w.deprel == a.rel);
            }
        }
    }
    let d = n.max(1) as f64;
    let r4 = crate::metrics::r4;
    DepsReport {
        task: "deps",
        words: n,
        uas: r4(ua as f64 / d),
        las: r4(la as f64 / d),
        las_full: r4(laf as f64 / d),
        upos_accuracy: r4(pos as f64 / d),
        tokens_per_s: (n as f64 / secs.max(1e-9)).round(),
    }
}
