//! The trained model: inference and the binary format.
//!
//! Format (little endian): magic `VEILNER\0`, u32 version, lang, labels,
//! word-class lexicon (class names, then u32 word key → u16 class), gazetteer
//! (phrase → class), word clusters, then the feature table:
//! n, n sorted u32 keys, then per key an f32 scale and `labels` i16 weights; last, the
//! length of a nested base model (0 if none) and its bytes.

use super::features::{history_features, longest_phrase, static_features, Lexicon, Tok};
use crate::binio::{put_str, put_strs, ModelError, Reader};
use crate::clusters::Clusters;
use crate::perceptron::Weights;
use crate::rows::RowTable;
use rustc_hash::{FxHashMap, FxHashSet};

const MAGIC: &[u8; 8] = b"VEILNER\0";
const VERSION: u32 = 7;
/// Longest gazetteer phrase, in tokens.
pub const MAX_GAZ_TOKENS: usize = 6;

pub struct Model {
    pub lang: String,
    pub labels: Vec<String>,
    pub(crate) weights: Weights,
    pub(crate) lexicon: FxHashMap<u32, u16>,
    pub(crate) classes: Vec<String>,
    pub(crate) gazetteer: FxHashMap<String, String>,
    /// Word clusters learned from raw text (empty: no cluster features).
    pub clusters: Clusters,
    /// Frequent words that training data never put inside an entity ("the",
    /// ",", "said"): tagged O without scoring.
    pub(crate) outside: FxHashSet<String>,
    /// allowed[prev][next]: BIO constraint (prev = labels.len() for sentence start).
    allowed: Vec<Vec<bool>>,
    /// For a stacked model: the first-pass tagger whose document-level
    /// predictions feed this one's features.
    pub base: Option<Box<Model>>,
    /// Whether `base` computes the same static features (decided once).
    shared_base: std::sync::OnceLock<bool>,
}

pub(crate) struct Lex<'a> {
    pub lexicon: &'a FxHashMap<u32, u16>,
    pub classes: &'a [String],
    pub gazetteer: &'a FxHashMap<String, String>,
    pub clusters: &'a Clusters,
    pub outside: Option<&'a FxHashSet<String>>,
}

impl Lexicon for Lex<'_> {
    fn class(&self, key: u32) -> &str {
        match self.lexicon.get(&key) {
            Some(&c) => self.classes.get(c as usize).map_or("", String::as_str),
            None => "",
        }
    }
    fn gazetteer(&self, toks: &[Tok], i: usize) -> Option<(&str, usize)> {
        longest_phrase(self.gazetteer, toks, i, MAX_GAZ_TOKENS)
    }
    fn cluster_levels(&self) -> usize {
        if self.clusters.is_empty() {
            0
        } else {
            self.clusters.sizes.len()
        }
    }
    fn clusters(&self, key: u32) -> Option<u64> {
        self.clusters.get(key)
    }
    fn settled(&self, word: &str) -> bool {
        self.outside.is_some_and(|o| o.contains(word))
    }
}

/// A phrase → class map: a count, then (phrase, class) string pairs.
fn read_phrases(r: &mut Reader) -> Result<FxHashMap<String, String>, ModelError> {
    let n = r.u32()? as usize;
    let mut map = FxHashMap::default();
    for _ in 0..n {
        let k = r.string()?;
        let v = r.string()?;
        map.insert(k, v);
    }
    Ok(map)
}

/// allowed[prev][next] for BIO or BILOU label sets (prev = n: sentence start).
pub(crate) fn transitions(labels: &[String]) -> Vec<Vec<bool>> {
    let n = labels.len();
    let bilou = labels
        .iter()
        .any(|l| l.starts_with("L-") || l.starts_with("U-"));
    let open = |p: usize| -> Option<&str> {
        // The type of an entity still open after label p.
        let l = labels.get(p)?;
        let (pre, ty) = l.split_once('-')?;
        (pre == "B" || (pre == "I")).then_some(ty)
    };
    let mut allowed = vec![vec![true; n]; n + 1];
    for (p, row) in allowed.iter_mut().enumerate() {
        let open_ty = open(p);
        for (q, ok) in row.iter_mut().enumerate() {
            let (pre, ty) = labels[q]
                .split_once('-')
                .unwrap_or((labels[q].as_str(), ""));
            *ok = match pre {
                "I" | "L" => open_ty == Some(ty),
                _ => !bilou || open_ty.is_none(),
            };
        }
    }
    allowed
}

impl Model {
    pub(crate) fn new(
        lang: String,
        labels: Vec<String>,
        weights: Weights,
        lexicon: FxHashMap<u32, u16>,
        classes: Vec<String>,
        gazetteer: FxHashMap<String, String>,
    ) -> Model {
        let allowed = transitions(&labels);
        Model {
            lang,
            labels,
            weights,
            lexicon,
            classes,
            gazetteer,
            clusters: Clusters::default(),
            outside: FxHashSet::default(),
            allowed,
            base: None,
            shared_base: std::sync::OnceLock::new(),
        }
    }

    /// The mean of models trained on the same labels (e.g. with different
    /// shuffles): weights averaged over the union of their features.
    /// Returns `None` if the label sets differ or `models` is empty.
    pub fn average(models: Vec<Model>) -> Option<Model> {
        let first = models.first()?;
        if models.iter().any(|m| m.labels != first.labels) {
            return None;
        }
        let weights = Weights::average(models.iter().map(|m| &m.weights));
        let mut models = models;
        let m = models.swap_remove(0);
        let mut avg = Model::new(m.lang, m.labels, weights, m.lexicon, m.classes, m.gazetteer);
        avg.outside = m.outside;
        avg.clusters = m.clusters;
        Some(avg)
    }

    /// Drops the features whose weights all stay at or below `threshold`
    /// (in this model and in its first-pass model).
    pub fn pruned(mut self, threshold: f32) -> Model {
        if threshold > 0.0 {
            self.weights = std::mem::take(&mut self.weights).pruned(threshold);
            self.base = self.base.take().map(|b| Box::new(b.pruned(threshold)));
        }
        self
    }

    /// Rescales the weights so that the tagger's confidences (a softmax over
    /// its scores) fit the gold labels of `data` best: the temperature that
    /// minimises their negative log-likelihood, with gold history. Labels
    /// and spans do not change, only confidences. Returns the factor.
    pub fn calibrate(&mut self, data: &[super::Tagged]) -> f32 {
        let l = self.labels.len();
        let label_of: FxHashMap<&str, usize> = self
            .labels
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect();
        // Per scored token: its allowed labels' scores, gold first.
        let mut rows: Vec<Vec<f32>> = Vec::new();
        let mut feats = Vec::with_capacity(64);
        let mut scores = vec![0f32; l];
        for s in data.iter().filter(|s| s.words.len() == s.tags.len()) {
            let toks: Vec<Tok> = s.words.iter().map(|w| Tok::new(w)).collect();
            let stat = static_features(&toks, &self.lexicon());
            let gold: Vec<Option<usize>> = s
                .tags
                .iter()
                .map(|t| label_of.get(t.as_str()).copied())
                .collect();
            for i in 0..toks.len() {
                let Some(g) = gold[i] else { continue };
                if stat[i].is_empty() {
                    continue;
                }
                let name = |j: usize| gold[j].map_or("O", |k| self.labels[k].as_str());
                let prev = if i > 0 { name(i - 1) } else { "<s>" };
                let prev2 = if i > 1 { name(i - 2) } else { "<s>" };
                feats.clear();
                feats.extend_from_slice(&stat[i]);
                if let Some(e) = s.extra.get(i) {
                    feats.extend_from_slice(e);
                }
                history_features(&toks, i, prev, prev2, &mut feats);
                self.weights.scores(&feats, &mut scores);
                let p = if i > 0 { gold[i - 1].unwrap_or(0) } else { l };
                if !self.allowed[p][g] {
                    continue;
                }
                let mut row = vec![scores[g]];
                row.extend(
                    (0..l)
                        .filter(|&k| k != g && self.allowed[p][k])
                        .map(|k| scores[k]),
                );
                rows.push(row);
            }
        }
        // The log-likelihood is concave in the factor t: bisect on its slope,
        // E_t[score] - gold score, which increases with t.
        let slope = |t: f64| -> f64 {
            rows.iter()
                .map(|r| {
                    let top = r.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x)) as f64;
                    let (mut z, mut e) = (0f64, 0f64);
                    for &x in r {
                        let w = (t * (x as f64 - top)).exp();
                        z += w;
                        e += w * x as f64;
                    }
                    e / z - r[0] as f64
                })
                .sum()
        };
        let (mut lo, mut hi) = (-6f64, 12f64);
        if rows.is_empty() || slope(hi.exp()) < 0.0 {
            return 1.0;
        }
        for _ in 0..50 {
            let mid = (lo + hi) / 2.0;
            if slope(mid.exp()) < 0.0 {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let t = ((lo + hi) / 2.0).exp() as f32;
        self.weights.scale(t);
        t
    }

    /// Multiplies this model's scores by `factor` (see [`Model::calibrate`]).
    pub fn rescale(&mut self, factor: f32) {
        self.weights.scale(factor);
    }

    pub fn feature_count(&self) -> usize {
        self.weights.index.len()
    }

    pub(crate) fn lexicon(&self) -> Lex<'_> {
        Lex {
            lexicon: &self.lexicon,
            classes: &self.classes,
            gazetteer: &self.gazetteer,
            clusters: &self.clusters,
            outside: Some(&self.outside),
        }
    }

    /// Best label per token with its probability (softmax over scores).
    pub fn tag(&self, toks: &[Tok]) -> Vec<(usize, f32)> {
        self.tag_with(toks, None)
    }

    /// As [`Model::tag`], with extra per-token features (document-level ones
    /// for a stacked model).
    pub fn tag_with(&self, toks: &[Tok], extra: Option<&[Vec<u32>]>) -> Vec<(usize, f32)> {
        self.tag_static(toks, static_features(toks, &self.lexicon()), extra)
    }

    /// Does the first-pass model compute the same static features as this
    /// one (same lexicon and gazetteer), so that they can be shared?
    pub(crate) fn shares_features_with_base(&self) -> bool {
        *self.shared_base.get_or_init(|| {
            self.base.as_ref().is_some_and(|b| {
                b.classes == self.classes
                    && b.lexicon == self.lexicon
                    && b.gazetteer == self.gazetteer
                    && b.clusters == self.clusters
                    && b.outside == self.outside
            })
        })
    }

    /// As [`Model::tag_with`], given the sentence's static features.
    pub(crate) fn tag_static(
        &self,
        toks: &[Tok],
        mut stat: Vec<Vec<u32>>,
        extra: Option<&[Vec<u32>]>,
    ) -> Vec<(usize, f32)> {
        let l = self.labels.len();
        // A word the lexicon settles has no static features (see
        // `static_features`); it is O without scoring.
        let settled: Vec<bool> = stat.iter().map(Vec::is_empty).collect();
        if let Some(extra) = extra {
            for (s, e) in stat.iter_mut().zip(extra) {
                s.extend_from_slice(e);
            }
        }
        let mut out: Vec<(usize, f32)> = Vec::with_capacity(toks.len());
        let mut feats = Vec::with_capacity(48);
        let mut scores = vec![0f32; l];
        for i in 0..toks.len() {
            if settled[i] {
                out.push((0, 1.0));
                continue;
            }
            let prev = if i > 0 {
                self.labels[out[i - 1].0].as_str()
            } else {
                "<s>"
            };
            let prev2 = if i > 1 {
                self.labels[out[i - 2].0].as_str()
            } else {
                "<s>"
            };
            feats.clear();
            feats.extend_from_slice(&stat[i]);
            history_features(toks, i, prev, prev2, &mut feats);
            self.weights.scores(&feats, &mut scores);
            let p = if i > 0 { out[i - 1].0 } else { l };
            let mut best = 0;
            let mut best_score = f32::NEG_INFINITY;
            for (k, &s) in scores.iter().enumerate() {
                if self.allowed[p][k] && s > best_score {
                    best = k;
                    best_score = s;
                }
            }
            let z: f32 = scores
                .iter()
                .enumerate()
                .filter(|(k, _)| self.allowed[p][*k])
                .map(|(_, s)| (s - best_score).exp())
                .sum();
            out.push((best, 1.0 / z.max(1.0)));
        }
        out
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::new();
        b.extend_from_slice(MAGIC);
        b.extend_from_slice(&VERSION.to_le_bytes());
        put_str(&mut b, &self.lang);
        put_strs(&mut b, self.labels.iter());
        put_strs(&mut b, self.classes.iter());
        let mut lex: Vec<(u32, u16)> = self.lexicon.iter().map(|(k, v)| (*k, *v)).collect();
        lex.sort_unstable();
        b.extend_from_slice(&(lex.len() as u32).to_le_bytes());
        for (k, v) in lex {
            b.extend_from_slice(&k.to_le_bytes());
            b.extend_from_slice(&v.to_le_bytes());
        }
        let mut gaz: Vec<(&String, &String)> = self.gazetteer.iter().collect();
        gaz.sort();
        b.extend_from_slice(&(gaz.len() as u32).to_le_bytes());
        for (k, v) in gaz {
            put_str(&mut b, k);
            put_str(&mut b, v);
        }
        self.clusters.write(&mut b);
        let mut outside: Vec<&String> = self.outside.iter().collect();
        outside.sort();
        put_strs(&mut b, outside.into_iter());
        let l = self.labels.len();
        let mut rows: Vec<(u32, u32)> = self.weights.index.iter().collect();
        rows.sort();
        b.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (k, _) in &rows {
            b.extend_from_slice(&k.to_le_bytes());
        }
        // Each row is quantised on its own scale: a few very large weights
        // (a stacked model's first-pass features) must not flatten the rest.
        for (_, r) in &rows {
            let row = &self.weights.w[*r as usize * l..*r as usize * l + l];
            let scale = row.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-12) / i16::MAX as f32;
            b.extend_from_slice(&scale.to_le_bytes());
            for x in row {
                b.extend_from_slice(&((x / scale).round() as i16).to_le_bytes());
            }
        }
        match &self.base {
            Some(base) => {
                let inner = base.to_bytes();
                b.extend_from_slice(&(inner.len() as u32).to_le_bytes());
                b.extend_from_slice(&inner);
            }
            None => b.extend_from_slice(&0u32.to_le_bytes()),
        }
        b
    }

    pub fn from_bytes(b: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader::new(b);
        if r.take(8)? != MAGIC {
            return Err(ModelError::Magic);
        }
        let version = r.u32()?;
        if version != VERSION {
            return Err(ModelError::Version(version, VERSION));
        }
        let lang = r.string()?;
        let at = r.pos;
        let labels = r.strings()?;
        // Label 0 is O: settled words are tagged with it.
        if labels.first().map(String::as_str) != Some("O") {
            return Err(ModelError::Truncated(at));
        }
        let classes = r.strings()?;
        let n_lex = r.u32()? as usize;
        let raw = r.take(n_lex.checked_mul(6).ok_or(ModelError::Truncated(r.pos))?)?;
        let lexicon: FxHashMap<u32, u16> = raw
            .chunks_exact(6)
            .map(|c| {
                (
                    u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                    u16::from_le_bytes([c[4], c[5]]),
                )
            })
            .collect();
        let gazetteer = read_phrases(&mut r)?;
        let clusters = Clusters::read(&mut r)?;
        let outside: FxHashSet<String> = r.strings()?.into_iter().collect();
        let n = r.u32()? as usize;
        let l = labels.len();
        let keys = r.take(n.checked_mul(4).ok_or(ModelError::Truncated(r.pos))?)?;
        let mut index = RowTable::with_capacity(n);
        for (i, k) in keys.chunks_exact(4).enumerate() {
            index.insert(u32::from_le_bytes([k[0], k[1], k[2], k[3]]), i as u32);
        }
        let row_bytes = 4 + l * 2;
        let raw = r.take(
            n.checked_mul(row_bytes)
                .ok_or(ModelError::Truncated(r.pos))?,
        )?;
        let mut weights = Vec::with_capacity(n * l);
        for row in raw.chunks_exact(row_bytes) {
            let scale = f32::from_le_bytes([row[0], row[1], row[2], row[3]]);
            weights.extend(
                row[4..]
                    .chunks_exact(2)
                    .map(|c| i16::from_le_bytes([c[0], c[1]]) as f32 * scale),
            );
        }
        let weights = Weights {
            classes: l,
            index,
            w: weights,
        };
        let mut model = Model::new(lang, labels, weights, lexicon, classes, gazetteer);
        model.outside = outside;
        model.clusters = clusters;
        let n_base = r.u32()? as usize;
        if n_base > 0 {
            let start = r.pos;
            let inner = r.take(n_base)?;
            let base = Model::from_bytes(inner).map_err(|e| match e {
                ModelError::Truncated(p) => ModelError::Truncated(start + p),
                e => e,
            })?;
            model.base = Some(Box::new(base));
        }
        Ok(model)
    }
}
