//! Part-of-speech and lemma accuracy against a UD treebank, on its gold
//! tokenisation (surface tokens; contractions are expanded by the tagger).

use crate::conllu::Sentence;
use serde::Serialize;
use veille_nlp::pos::{Tagger, Unit};

/// A treebank sentence as tagger training data. Symbols some treebanks tag
/// as nouns ("%", "°") are given UD's SYM, as the guidelines ask.
pub fn units(s: &Sentence) -> Vec<Unit> {
    s.units
        .iter()
        .map(|(form, r)| Unit {
            form: form.clone(),
            words: s.words[r.clone()]
                .iter()
                .map(|w| {
                    let upos = if matches!(w.form.as_str(), "%" | "°" | "§" | "€" | "$" | "£")
                        && w.upos == "NOUN"
                    {
                        "SYM".to_string()
                    } else {
                        w.upos.clone()
                    };
                    (w.form.clone(), upos, w.lemma.clone())
                })
                .collect(),
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct PosReport {
    pub task: &'static str,
    pub words: usize,
    pub upos_accuracy: f64,
    pub lemma_accuracy: f64,
    /// Lemma accuracy ignoring case.
    pub lemma_accuracy_nocase: f64,
    pub tokens_per_s: f64,
}

/// Scores every gold word; a token expanded into the wrong number of words
/// counts all its gold words as wrong.
pub fn eval_pos(tagger: &Tagger, sentences: &[Sentence]) -> PosReport {
    let started = std::time::Instant::now();
    let predicted: Vec<_> = sentences
        .iter()
        .map(|s| {
            let forms: Vec<&str> = s.units.iter().map(|(f, _)| f.as_str()).collect();
            tagger.analyze(&forms)
        })
        .collect();
    let secs = started.elapsed().as_secs_f64();
    let (mut n, mut pos, mut lem, mut lem_nc, mut toks) = (0usize, 0usize, 0usize, 0usize, 0usize);
    for (s, pred) in sentences.iter().zip(&predicted) {
        toks += s.units.len();
        for ((_, r), p) in s.units.iter().zip(pred) {
            let gold = &s.words[r.clone()];
            n += gold.len();
            if gold.len() != p.len() {
                continue;
            }
            for (g, w) in gold.iter().zip(p) {
                pos += usize::from(g.upos == w.pos);
                lem += usize::from(g.lemma == w.lemma);
                lem_nc += usize::from(g.lemma.to_lowercase() == w.lemma.to_lowercase());
            }
        }
    }
    let d = n.max(1) as f64;
    PosReport {
        task: "pos",
        words: n,
        upos_accuracy: crate::metrics::r4(pos as f64 / d),
        lemma_accuracy: crate::metrics::r4(lem as f64 / d),
        lemma_accuracy_nocase: crate::metrics::r4(lem_nc as f64 / d),
        tokens_per_s: (toks as f64 / secs.max(1e-9)).round(),
    }
}

/// The `n` most frequent UPOS confusions: (count, gold, predicted).
pub fn confusions(
    tagger: &Tagger,
    sentences: &[Sentence],
    n: usize,
) -> Vec<(usize, String, String)> {
    let mut m: std::collections::HashMap<(String, String), usize> = Default::default();
    for s in sentences {
        let forms: Vec<&str> = s.units.iter().map(|(f, _)| f.as_str()).collect();
        for ((_, r), p) in s.units.iter().zip(tagger.analyze(&forms)) {
            let gold = &s.words[r.clone()];
            let g: Vec<&str> = gold.iter().map(|w| w.upos.as_str()).collect();
            let q: Vec<&str> = p.iter().map(|w| w.pos.as_str()).collect();
            if g != q {
                *m.entry((g.join("+"), q.join("+"))).or_default() += 1;
            }
        }
    }
    let mut v: Vec<(usize, String, String)> = m.into_iter().map(|((g, p), c)| (c, g, p)).collect();
    v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    v.truncate(n);
    v
}
