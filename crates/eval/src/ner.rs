//! NER: training data from gold corpora, and strict span scoring.

use crate::brat::{label_of, outermost, BratDoc};
use crate::metrics::{r4, Prf};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::time::Instant;
use veille_nlp::ner::{bio_spans, recognize, Model, Tagged, Tok};
use veille_text::{segment, Lang};

/// The three types the brat evaluation scores (as the peers' script does).
pub const SCORED_BRAT: &[&str] = &["Person", "Location", "Organization"];

/// The gold entities a model is trained to produce from a brat document:
/// outermost Person/Location/Organization first, then Event/Product that
/// overlap none of those.
pub fn training_spans(doc: &BratDoc) -> Vec<(String, usize, usize)> {
    let mut spans: Vec<(String, usize, usize)> = outermost(&doc.spans, SCORED_BRAT);
    let other = outermost(&doc.spans, &["Event", "Product"]);
    for o in other {
        if !spans.iter().any(|s| s.1 < o.2 && o.1 < s.2) {
            spans.push(o);
        }
    }
    spans.sort_by_key(|s| (s.1, s.2));
    spans
}

/// Tokenises a brat document with veille's own segmenter and labels tokens BIO.
/// Returns the sentences and how many gold spans did not align to token edges.
pub fn brat_to_tagged(doc: &BratDoc, lang: Lang) -> (Vec<Tagged>, usize) {
    let (tokens, sentences) = segment(&doc.text, lang);
    let spans = training_spans(doc);
    let mut tags = vec!["O".to_string(); tokens.len()];
    let mut misaligned = 0;
    for (ty, s, e) in &spans {
        let Some(label) = label_of(ty) else { continue };
        let inside: Vec<usize> = (0..tokens.len())
            .filter(|&i| tokens[i].span.start < *e && *s < tokens[i].span.end)
            .collect();
        if inside.is_empty() {
            misaligned += 1;
            continue;
        }
        if tokens[inside[0]].span.start != *s || tokens[*inside.last().unwrap_or(&0)].span.end != *e
        {
            misaligned += 1;
        }
        for (k, &i) in inside.iter().enumerate() {
            tags[i] = format!("{}-{label}", if k == 0 { "B" } else { "I" });
        }
    }
    let out = veille_core::sentence_ranges(&tokens, &sentences)
        .into_iter()
        .map(|r| {
            Tagged::new(
                tokens[r.clone()]
                    .iter()
                    .map(|t| t.span.slice(&doc.text).to_string())
                    .collect(),
                tags[r].to_vec(),
            )
        })
        .collect();
    (out, misaligned)
}

#[derive(Debug, Serialize)]
pub struct NerReport {
    pub task: &'static str,
    pub data: String,
    pub documents: usize,
    pub tokens: usize,
    pub per_type: BTreeMap<String, TypeScore>,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub tokens_per_s: f64,
    /// How well the entities' confidences match how often they are right.
    pub calibration: Calibration,
}

/// Predicted entities' confidence against their strict-match correctness.
#[derive(Debug, Default, Serialize)]
pub struct Calibration {
    /// Mean confidence of the predicted entities (compare with `precision`).
    pub mean_confidence: f64,
    /// Expected calibration error over ten equal-width confidence bins:
    /// the entity-weighted mean gap between confidence and accuracy.
    pub ece: f64,
}

impl Calibration {
    /// From (confidence, correct) for every predicted entity.
    pub fn of(pairs: &[(f32, bool)]) -> Calibration {
        if pairs.is_empty() {
            return Calibration::default();
        }
        let mut bins = [(0f64, 0f64, 0usize); 10];
        for &(c, ok) in pairs {
            let b = &mut bins[((c.clamp(0.0, 1.0) * 10.0) as usize).min(9)];
            b.0 += f64::from(c);
            b.1 += f64::from(u8::from(ok));
            b.2 += 1;
        }
        let n = pairs.len() as f64;
        Calibration {
            mean_confidence: r4(bins.iter().map(|b| b.0).sum::<f64>() / n),
            ece: r4(bins.iter().map(|b| (b.0 - b.1).abs()).sum::<f64>() / n),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct TypeScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub gold: usize,
}

fn report(
    data: String,
    documents: usize,
    tokens: usize,
    per: BTreeMap<String, Prf>,
    secs: f64,
    confidences: &[(f32, bool)],
) -> NerReport {
    let mut micro = Prf::default();
    let mut per_type = BTreeMap::new();
    for (t, m) in per {
        micro.tp += m.tp;
        micro.fp += m.fp;
        micro.fn_ += m.fn_;
        per_type.insert(
            t,
            TypeScore {
                precision: r4(m.precision()),
                recall: r4(m.recall()),
                f1: r4(m.f1()),
                gold: m.tp + m.fn_,
            },
        );
    }
    NerReport {
        task: "ner",
        data,
        documents,
        tokens,
        per_type,
        precision: r4(micro.precision()),
        recall: r4(micro.recall()),
        f1: r4(micro.f1()),
        tokens_per_s: (tokens as f64 / secs.max(1e-9)).round(),
        calibration: Calibration::of(confidences),
    }
}

/// Runs segmentation + NER on raw brat texts and scores strict spans of
/// outermost Person/Location/Organization. Time covers segmentation and NER.
pub fn eval_brat(model: &Model, docs: &[BratDoc], lang: Lang, data: String) -> NerReport {
    eval_brat_with_errors(model, docs, lang, data, &mut Vec::new(), 0)
}

/// As [`eval_brat`], also collecting up to `max` false positives and negatives.
pub fn eval_brat_with_errors(
    model: &Model,
    docs: &[BratDoc],
    lang: Lang,
    data: String,
    errors: &mut Vec<String>,
    max: usize,
) -> NerReport {
    let mut results = Vec::with_capacity(docs.len());
    let mut tokens = 0;
    for d in docs {
        let (toks, sents) = segment(&d.text, lang);
        tokens += toks.len();
        results.push(recognize(model, &d.text, &toks, &sents));
    }
    // Throughput over whole passes, for at least one second.
    let secs = per_pass(|| {
        for d in docs {
            let (toks, sents) = segment(&d.text, lang);
            std::hint::black_box(recognize(model, &d.text, &toks, &sents));
        }
    });
    let mut per: BTreeMap<String, Prf> = SCORED_BRAT
        .iter()
        .map(|t| (label_of(t).unwrap_or("?").to_string(), Prf::default()))
        .collect();
    let mut confidences = Vec::new();
    for (d, ents) in docs.iter().zip(&results) {
        let gold = outermost(&d.spans, SCORED_BRAT);
        for (label, m) in per.iter_mut() {
            let g: HashSet<(usize, usize)> = gold
                .iter()
                .filter(|s| label_of(&s.0) == Some(label))
                .map(|s| (s.1, s.2))
                .collect();
            let p: HashSet<(usize, usize)> = ents
                .iter()
                .filter(|e| e.label.as_str() == label)
                .map(|e| (e.span.start, e.span.end))
                .collect();
            m.add_sets(&g, &p);
            confidences.extend(
                ents.iter()
                    .filter(|e| e.label.as_str() == label)
                    .map(|e| (e.confidence, g.contains(&(e.span.start, e.span.end)))),
            );
            for (kind, set, other) in [("FP", &p, &g), ("FN", &g, &p)] {
                for &(a, b) in set.difference(other) {
                    if errors.len() < max {
                        errors.push(format!("{kind} {label:<4} {:?}", &d.text[a..b]));
                    }
                }
            }
        }
    }
    report(data, docs.len(), tokens, per, secs, &confidences)
}

/// Tags the given CoNLL tokens and scores strict spans of every type.
pub fn eval_conll(model: &Model, sents: &[Tagged], data: String) -> NerReport {
    eval_conll_docs(model, &[sents.to_vec()], data)
}

/// As [`eval_conll`], with sentences grouped by document (a stacked model
/// looks at the whole document).
pub fn eval_conll_docs(model: &Model, docs: &[Vec<Tagged>], data: String) -> NerReport {
    let sents: Vec<Tagged> = docs.iter().flatten().cloned().collect();
    let mut preds = Vec::with_capacity(sents.len());
    for doc in docs {
        preds.extend(tag_doc(model, doc));
    }
    let secs = per_pass(|| {
        for doc in docs {
            std::hint::black_box(tag_doc(model, doc));
        }
    });
    let tokens: usize = sents.iter().map(|s| s.words.len()).sum();
    let mut per: BTreeMap<String, Prf> = BTreeMap::new();
    let mut types: HashSet<String> = HashSet::new();
    for s in &sents {
        for t in &s.tags {
            if let Some((_, ty)) = t.split_once('-') {
                types.insert(ty.to_string());
            }
        }
    }
    for ty in &types {
        per.insert(ty.clone(), Prf::default());
    }
    let mut confidences = Vec::new();
    for (si, (s, p)) in sents.iter().zip(&preds).enumerate() {
        let gold_tags: Vec<&str> = s.tags.iter().map(String::as_str).collect();
        let pred_tags: Vec<&str> = p.iter().map(|(l, _)| model.labels[*l].as_str()).collect();
        let g = bio_spans(&gold_tags);
        let pr = bio_spans(&pred_tags);
        // An entity's confidence is its tokens' mean, as in `recognize`.
        confidences.extend(pr.iter().map(|x| {
            let c = p[x.0..x.1].iter().map(|t| t.1).sum::<f32>() / (x.1 - x.0).max(1) as f32;
            (c, g.contains(x))
        }));
        for (ty, m) in per.iter_mut() {
            let gs: HashSet<(usize, usize, usize)> = g
                .iter()
                .filter(|x| &x.2 == ty)
                .map(|x| (si, x.0, x.1))
                .collect();
            let ps: HashSet<(usize, usize, usize)> = pr
                .iter()
                .filter(|x| &x.2 == ty)
                .map(|x| (si, x.0, x.1))
                .collect();
            m.add_sets(&gs, &ps);
        }
    }
    report(data, 0, tokens, per, secs, &confidences)
}

/// Tags pre-tokenised sentences of one document (two passes for a stacked model).
pub fn tag_doc(model: &Model, doc: &[Tagged]) -> Vec<Vec<(usize, f32)>> {
    let toks: Vec<Vec<Tok>> = doc
        .iter()
        .map(|s| s.words.iter().map(|w| Tok::new(w)).collect())
        .collect();
    veille_nlp::ner::tag_document(model, &toks)
}

/// Seconds per run of `f`, over as many runs as fit in one second (at least one).
fn per_pass(mut f: impl FnMut()) -> f64 {
    let started = Instant::now();
    let mut runs = 0u32;
    while runs == 0 || started.elapsed().as_secs_f64() < 1.0 {
        f();
        runs += 1;
    }
    started.elapsed().as_secs_f64() / runs as f64
}
