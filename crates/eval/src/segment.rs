//! Sentence and token segmentation scored against UD gold.

use crate::conllu::{self, GoldText};
use crate::metrics::{r4, Prf};
use serde::Serialize;
use std::collections::HashSet;
use std::time::Instant;
use veille_core::{Span, Token};
use veille_text::Lang;

/// A segmenter under test: tokens and sentence spans of a text.
pub type Segmenter<'a> = &'a dyn Fn(&str, Lang) -> (Vec<Token>, Vec<Span>);

#[derive(Debug, Serialize)]
pub struct SegmentReport {
    pub task: &'static str,
    pub file: String,
    pub lang: String,
    pub sentences: usize,
    pub tokens: usize,
    pub sentence_precision: f64,
    pub sentence_recall: f64,
    pub sentence_f1: f64,
    /// Sentence *ends* found (each boundary counted once; the text's end excluded).
    pub boundary_precision: f64,
    pub boundary_recall: f64,
    pub boundary_f1: f64,
    pub token_precision: f64,
    pub token_recall: f64,
    pub token_f1: f64,
    pub tokens_per_s: f64,
}

pub fn evaluate(
    sentences: &[conllu::Sentence],
    lang: Lang,
    file: &str,
    segment: Segmenter,
) -> SegmentReport {
    let gold: GoldText = conllu::rebuild(sentences);
    let (toks, sents) = segment(&gold.text, lang);
    let mut s = Prf::default();
    let mut t = Prf::default();
    let gs: HashSet<(usize, usize)> = gold.sentences.iter().copied().collect();
    let ps: HashSet<(usize, usize)> = sents.iter().map(|x| (x.start, x.end)).collect();
    s.add_sets(&gs, &ps);
    let mut b = Prf::default();
    let end = gold.text.len();
    let gb: HashSet<usize> = gold
        .sentences
        .iter()
        .map(|x| x.1)
        .filter(|&e| e != end)
        .collect();
    let pb: HashSet<usize> = sents.iter().map(|x| x.end).filter(|&e| e != end).collect();
    b.add_sets(&gb, &pb);
    let gt: HashSet<(usize, usize)> = gold.tokens.iter().copied().collect();
    let pt: HashSet<(usize, usize)> = toks.iter().map(|x| (x.span.start, x.span.end)).collect();
    t.add_sets(&gt, &pt);
    // Throughput: whole passes until at least half a second has gone by.
    let started = Instant::now();
    let mut passes = 0usize;
    while passes < 3 || started.elapsed().as_secs_f64() < 0.5 {
        std::hint::black_box(segment(std::hint::black_box(&gold.text), lang));
        passes += 1;
    }
    let secs = started.elapsed().as_secs_f64();
    SegmentReport {
        task: "segment",
        file: file.to_string(),
        lang: lang.as_str().to_string(),
        sentences: gold.sentences.len(),
        tokens: gold.tokens.len(),
        sentence_precision: r4(s.precision()),
        sentence_recall: r4(s.recall()),
        sentence_f1: r4(s.f1()),
        boundary_precision: r4(b.precision()),
        boundary_recall: r4(b.recall()),
        boundary_f1: r4(b.f1()),
        token_precision: r4(t.precision()),
        token_recall: r4(t.recall()),
        token_f1: r4(t.f1()),
        tokens_per_s: (toks.len() as f64 * passes as f64 / secs).round(),
    }
}

/// Sentences and tokens that the segmenter got wrong, for error analysis.
pub fn errors(
    sentences: &[conllu::Sentence],
    lang: Lang,
    max: usize,
    segment: Segmenter,
) -> Vec<String> {
    let gold = conllu::rebuild(sentences);
    let (toks, sents) = segment(&gold.text, lang);
    let pt: HashSet<(usize, usize)> = toks.iter().map(|x| (x.span.start, x.span.end)).collect();
    let mut out = Vec::new();
    let gold_ends: HashSet<usize> = gold.sentences.iter().map(|s| s.1).collect();
    let pred_ends: HashSet<usize> = sents.iter().map(|s| s.end).collect();
    let show = |at: usize| {
        let lo = gold.text.floor_char_boundary(at.saturating_sub(50));
        let hi = gold.text.ceil_char_boundary((at + 40).min(gold.text.len()));
        format!("{}⟦|⟧{}", &gold.text[lo..at], &gold.text[at..hi]).replace('\n', "⏎")
    };
    for &e in gold_ends.difference(&pred_ends).take(max) {
        out.push(format!("missed boundary: …{}…", show(e)));
    }
    for &e in pred_ends.difference(&gold_ends).take(max) {
        out.push(format!("spurious boundary: …{}…", show(e)));
    }
    for &(a, b) in &gold.tokens {
        if !pt.contains(&(a, b)) && out.len() < max {
            let lo = gold.text.floor_char_boundary(a.saturating_sub(30));
            let hi = gold.text.ceil_char_boundary((b + 30).min(gold.text.len()));
            out.push(format!(
                "token {:?} in …{}…",
                &gold.text[a..b],
                gold.text[lo..hi].replace('\n', " ")
            ));
        }
    }
    out
}
