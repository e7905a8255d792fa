//! Word clusters learned from raw text, for features that generalise from
//! seen words to unseen ones ("Loukachenko" near "Poutine").
//!
//! Predictive exchange clustering (Uszkoreit & Brants, ACL 2008), both ways:
//! each word goes to the class that best predicts the words that follow it
//! and those that precede it, under the class-bigram models
//! P(w | class(previous word)) and P(w | class(next word)). Each model's
//! log-likelihood is `Σ_{c,w} f(N(c,w)) − Σ_c f(N(c))` with `f(x) = x ln x`;
//! their sum is raised one word move at a time, and a move costs one pass
//! over the word's neighbours per candidate class. Several granularities (e.g. 64, 256, 1024 classes) are
//! learned independently and all become features.
//!
//! Pure: sentences of words in, a word → class-ids table out.

use crate::binio::{header, put_u32, ModelError, Reader};
use rustc_hash::FxHashMap;

const MAGIC: &[u8; 8] = b"VEILCLU\0";
const VERSION: u32 = 1;
/// At most this many granularities (each class id takes 16 bits of a u64).
pub const MAX_LEVELS: usize = 4;

/// Word → one class id per granularity, keyed by the hashed normalised form
/// (see [`crate::ner::features::word_key`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clusters {
    /// Number of classes at each granularity, coarse to fine.
    pub sizes: Vec<u16>,
    /// Word key → class ids packed 16 bits per level.
    pub words: FxHashMap<u32, u64>,
}

impl Clusters {
    /// The word's class id at each level, if it was clustered.
    #[inline]
    pub fn get(&self, key: u32) -> Option<u64> {
        self.words.get(&key).copied()
    }

    /// Class id at `level` of a packed value.
    #[inline]
    pub fn level(packed: u64, level: usize) -> u16 {
        (packed >> (16 * level)) as u16
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::new();
        header(&mut b, MAGIC, VERSION);
        self.write(&mut b);
        b
    }

    /// The table without header (for embedding in another model).
    pub(crate) fn write(&self, b: &mut Vec<u8>) {
        put_u32(b, self.sizes.len() as u32);
        for s in &self.sizes {
            b.extend_from_slice(&s.to_le_bytes());
        }
        let mut rows: Vec<(u32, u64)> = self.words.iter().map(|(k, v)| (*k, *v)).collect();
        rows.sort_unstable();
        put_u32(b, rows.len() as u32);
        for (k, v) in rows {
            b.extend_from_slice(&k.to_le_bytes());
            b.extend_from_slice(&v.to_le_bytes());
        }
    }

    pub fn from_bytes(b: &[u8]) -> Result<Clusters, ModelError> {
        let mut r = Reader::header(b, MAGIC, VERSION)?;
        Clusters::read(&mut r)
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Clusters, ModelError> {
        let at = r.pos;
        let levels = r.u32()? as usize;
        if levels > MAX_LEVELS {
            return Err(ModelError::Truncated(at));
        }
        let raw = r.take(levels * 2)?;
        let sizes = raw
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let n = r.count(12)?;
        let raw = r.take(n * 12)?;
        let words = raw
            .chunks_exact(12)
            .map(|c| {
                (
                    u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                    u64::from_le_bytes([c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11]]),
                )
            })
            .collect();
        Ok(Clusters { sizes, words })
    }
}

/// Options of [`learn`].
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// Number of classes at each granularity; counts below 2 are skipped
    /// and only the first four are learned.
    pub sizes: Vec<u16>,
    /// Words seen fewer times are not clustered.
    pub min_count: u32,
    /// Passes over the vocabulary at each granularity.
    pub iterations: usize,
    /// Only the most frequent words are told apart as neighbours; rarer
    /// ones share one column. Bounds memory (classes × this × 8 bytes)
    /// whatever the corpus size.
    pub max_contexts: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            sizes: vec![64, 256, 1024],
            min_count: 2,
            iterations: 12,
            max_contexts: 16_384,
        }
    }
}

/// Learns clusters from sentences of normalised words; `progress` is called
/// after each pass with (granularity, pass, words moved).
pub fn learn(
    sentences: &[Vec<String>],
    opts: &ClusterOptions,
    key: impl Fn(&str) -> u32,
    mut progress: impl FnMut(u16, usize, usize),
) -> Clusters {
    // Vocabulary: clustered words by falling frequency. As neighbours, the
    // first `max_contexts` words have a column each; rarer words share one
    // (RARE), and the sentence's edges have one (EDGE).
    let mut freq: FxHashMap<&str, u32> = FxHashMap::default();
    for s in sentences {
        for w in s {
            *freq.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut vocab: Vec<(&str, u32)> = freq
        .iter()
        .filter(|(_, n)| **n >= opts.min_count.max(1))
        .map(|(w, n)| (*w, *n))
        .collect();
    vocab.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let v = vocab.len();
    let id: FxHashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (*w, i as u32))
        .collect();
    let contexts = v.min(opts.max_contexts.max(1));
    let rare = contexts as u32;
    let edge = contexts as u32 + 1;
    let columns = contexts + 2;
    let column = |w: u32| if w < rare { w } else { rare };
    // Following and preceding words of each clustered word (`edge` past the
    // sentence's ends), and the first and last words of sentences.
    let mut next: Vec<FxHashMap<u32, u32>> = vec![FxHashMap::default(); v];
    let mut prev: Vec<FxHashMap<u32, u32>> = vec![FxHashMap::default(); v];
    let mut firsts: FxHashMap<u32, u32> = FxHashMap::default();
    let mut lasts: FxHashMap<u32, u32> = FxHashMap::default();
    for s in sentences {
        // Vocabulary ids (None: not clustered).
        let ids: Vec<Option<u32>> = s.iter().map(|w| id.get(w.as_str()).copied()).collect();
        let col = |k: usize| ids[k].map_or(rare, column);
        if !ids.is_empty() {
            *firsts.entry(col(0)).or_default() += 1;
            *lasts.entry(col(ids.len() - 1)).or_default() += 1;
        }
        for (k, a) in ids.iter().enumerate() {
            let Some(a) = *a else { continue };
            let after = if k + 1 < ids.len() { col(k + 1) } else { edge };
            let before = if k > 0 { col(k - 1) } else { edge };
            *next[a as usize].entry(after).or_default() += 1;
            *prev[a as usize].entry(before).or_default() += 1;
        }
    }
    let sides = [Side::new(next, firsts), Side::new(prev, lasts)];
    let sizes: Vec<u16> = opts
        .sizes
        .iter()
        .copied()
        .filter(|&k| k >= 2)
        .take(MAX_LEVELS)
        .collect();
    let mut packed = vec![0u64; v];
    for (level, &k) in sizes.iter().enumerate() {
        let classes = exchange(&sides, v, columns, k as usize, opts.iterations, |p, m| {
            progress(k, p, m)
        });
        for (p, c) in packed.iter_mut().zip(classes) {
            *p |= (c as u64) << (16 * level);
        }
    }
    Clusters {
        sizes,
        words: vocab
            .iter()
            .zip(packed)
            .map(|((w, _), p)| (key(w), p))
            .collect(),
    }
}

#[inline]
fn xlogx(x: u64) -> f64 {
    if x == 0 {
        0.0
    } else {
        let x = x as f64;
        x * x.ln()
    }
}

/// One direction of the class-bigram model: each word's neighbours on that
/// side (sorted), their total, and the words seen at the sentence edge
/// (conditioned on the edge class).
struct Side {
    lists: Vec<Vec<(u32, u32)>>,
    totals: Vec<u64>,
    edge: Vec<(u32, u32)>,
}

impl Side {
    fn new(maps: Vec<FxHashMap<u32, u32>>, edge: FxHashMap<u32, u32>) -> Side {
        let lists: Vec<Vec<(u32, u32)>> = maps
            .into_iter()
            .map(|m| {
                let mut l: Vec<(u32, u32)> = m.into_iter().collect();
                l.sort_unstable();
                l
            })
            .collect();
        let totals = lists
            .iter()
            .map(|l| l.iter().map(|(_, n)| *n as u64).sum())
            .collect();
        Side {
            lists,
            totals,
            edge: edge.into_iter().collect(),
        }
    }
}

/// Counts of one side under a class assignment.
struct Counts {
    /// n_cw[c * columns + w]: times w is the neighbour of a word of class c.
    n_cw: Vec<u32>,
    n_c: Vec<u64>,
}

/// One flat clustering into `k` classes (the sentence edge is class `k`,
/// never moved). Returns each word's class.
fn exchange(
    sides: &[Side],
    v: usize,
    columns: usize,
    k: usize,
    iterations: usize,
    mut progress: impl FnMut(usize, usize),
) -> Vec<u16> {
    let k = k.min(v.max(1));
    // Frequent words first, dealt round-robin.
    let mut class: Vec<u16> = (0..v).map(|i| (i % k) as u16).collect();
    let mut counts: Vec<Counts> = sides
        .iter()
        .map(|side| {
            let mut n_cw = vec![0u32; (k + 1) * columns];
            let mut n_c = vec![0u64; k + 1];
            for (word, list) in side.lists.iter().enumerate() {
                let c = class[word] as usize;
                for &(w, n) in list {
                    n_cw[c * columns + w as usize] += n;
                }
                n_c[c] += side.totals[word];
            }
            for &(w, n) in &side.edge {
                n_cw[k * columns + w as usize] += n;
                n_c[k] += n as u64;
            }
            Counts { n_cw, n_c }
        })
        .collect();
    let mut gains = vec![0f64; k];
    for pass in 1..=iterations {
        let mut moved = 0;
        // `word` indexes the class table and every side's lists.
        #[allow(clippy::needless_range_loop)]
        for word in 0..v {
            let from = class[word] as usize;
            gains.iter_mut().for_each(|g| *g = 0.0);
            for (side, cn) in sides.iter().zip(counts.iter_mut()) {
                let list = &side.lists[word];
                let total = side.totals[word];
                // Take the word out of its class.
                for &(w, n) in list {
                    cn.n_cw[from * columns + w as usize] -= n;
                }
                cn.n_c[from] -= total;
                // Gain of putting it into each class.
                for (c, g) in gains.iter_mut().enumerate() {
                    let row = &cn.n_cw[c * columns..(c + 1) * columns];
                    let mut s = 0.0;
                    for &(w, n) in list {
                        let old = row[w as usize] as u64;
                        s += xlogx(old + n as u64) - xlogx(old);
                    }
                    *g += s - (xlogx(cn.n_c[c] + total) - xlogx(cn.n_c[c]));
                }
            }
            let mut best = from;
            for c in 0..k {
                if gains[c] > gains[best] + 1e-9 {
                    best = c;
                }
            }
            for (side, cn) in sides.iter().zip(counts.iter_mut()) {
                for &(w, n) in &side.lists[word] {
                    cn.n_cw[best * columns + w as usize] += n;
                }
                cn.n_c[best] += side.totals[word];
            }
            if best != from {
                class[word] = best as u16;
                moved += 1;
            }
        }
        progress(pass, moved);
        if moved == 0 {
            break;
        }
    }
    class
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split_whitespace().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn words_in_the_same_contexts_share_a_class() {
        // Names are followed by verbs, cities by punctuation.
        let mut text = String::new();
        for name in ["poutine", "xi", "lavrov", "blinken"] {
            for city in ["pékin", "moscou", "minsk", "kyiv"] {
                text.push_str(&format!(
                    "{name} arrive à {city} .\n{name} quitte {city} ,\n"
                ));
            }
        }
        let data = sents(&text);
        let opts = ClusterOptions {
            sizes: vec![4],
            min_count: 1,
            iterations: 20,
            ..Default::default()
        };
        let keys: Vec<String> = data.iter().flatten().cloned().collect();
        let c = learn(&data, &opts, crate::ner::features::word_key, |_, _, _| {});
        let class = |w: &str| Clusters::level(c.get(crate::ner::features::word_key(w)).unwrap(), 0);
        assert!(keys
            .iter()
            .all(|w| c.get(crate::ner::features::word_key(w)).is_some()));
        assert_eq!(class("poutine"), class("lavrov"));
        assert_eq!(class("xi"), class("blinken"));
        assert_eq!(class("pékin"), class("minsk"));
        assert_ne!(class("poutine"), class("pékin"));
        let back = Clusters::from_bytes(&c.to_bytes()).unwrap();
        assert_eq!(back, c);
        assert!(matches!(
            Clusters::from_bytes(&c.to_bytes()[..20]),
            Err(ModelError::Truncated(_))
        ));
    }

    #[test]
    fn few_context_columns_still_cluster_every_word() {
        let data = sents("a b c a\nb c a b\nc a b c\n");
        let opts = ClusterOptions {
            sizes: vec![2, 3],
            min_count: 1,
            iterations: 5,
            max_contexts: 1,
        };
        let c = learn(&data, &opts, crate::ner::features::word_key, |_, _, _| {});
        assert_eq!(c.words.len(), 3);
        assert!(c
            .words
            .values()
            .all(|&p| Clusters::level(p, 0) < 2 && Clusters::level(p, 1) < 3));
    }

    #[test]
    fn rare_words_are_left_out_and_empty_input_is_empty() {
        let data = sents("a b c\na b d\n");
        let opts = ClusterOptions {
            sizes: vec![2],
            min_count: 2,
            iterations: 3,
            ..Default::default()
        };
        let c = learn(&data, &opts, crate::ner::features::word_key, |_, _, _| {});
        assert_eq!(c.words.len(), 2);
        let none = learn(&[], &opts, crate::ner::features::word_key, |_, _, _| {});
        assert!(none.is_empty());
    }
}
