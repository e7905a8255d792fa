//! A multiclass averaged perceptron over hashed features: the learner shared
//! by the part-of-speech tagger, the dependency parser and its arc labeller.
//!
//! A feature is a `u32` hash ([`fh`]); each feature seen in training owns a
//! row of one weight per class. Stored rows are quantised to `i16` on their
//! own scale and stored sparse.

use crate::binio::{put_u32, ModelError, Reader};
use crate::rows::{sum_rows_by, RowTable};
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;

pub use crate::ner::features::fh;

/// Hashes a template id with one string part (the common case).
#[inline]
pub fn f1(template: u8, a: &str) -> u32 {
    let mut h = FxHasher::default();
    h.write_u8(template);
    h.write(a.as_bytes());
    let v = h.finish();
    (v ^ (v >> 32)) as u32
}

/// Hashes a template id with any number of string parts.
#[inline]
pub fn fparts(template: u8, parts: &[&str]) -> u32 {
    let mut h = FxHasher::default();
    h.write_u8(template);
    for p in parts {
        h.write(p.as_bytes());
        h.write_u8(0xff);
    }
    let v = h.finish();
    (v ^ (v >> 32)) as u32
}

/// Trained weights, ready for scoring.
#[derive(Debug, Clone, Default)]
pub struct Weights {
    pub(crate) classes: usize,
    pub(crate) index: RowTable,
    /// Row-major: row `r` is `w[r * classes..(r + 1) * classes]`.
    pub(crate) w: Vec<f32>,
}

impl Weights {
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Sums the rows of `feats` into `out` (resized to the class count).
    pub fn scores(&self, feats: &[u32], out: &mut Vec<f32>) {
        out.resize(self.classes, 0.0);
        self.index.sum_rows(&self.w, self.classes, feats, out);
    }

    /// The mean of several weight sets over the union of their features
    /// (models trained on different shuffles of the same data).
    pub fn average<'a>(all: impl IntoIterator<Item = &'a Weights>) -> Weights {
        let all: Vec<&Weights> = all.into_iter().collect();
        let n = all.first().map_or(0, |w| w.classes);
        let k = all.len().max(1) as f32;
        let mut index: FxHashMap<u32, u32> = FxHashMap::default();
        let mut w: Vec<f32> = Vec::new();
        for m in all.iter().filter(|m| m.classes == n) {
            for (f, r) in m.index.iter() {
                let next = index.len() as u32;
                let row = *index.entry(f).or_insert(next) as usize;
                if row == next as usize {
                    w.resize(w.len() + n, 0.0);
                }
                let src = &m.w[r as usize * n..r as usize * n + n];
                for (d, x) in w[row * n..row * n + n].iter_mut().zip(src) {
                    *d += x / k;
                }
            }
        }
        Weights {
            classes: n,
            index: RowTable::from_pairs(index.into_iter()),
            w,
        }
    }

    /// Multiplies every weight by `factor`.
    pub fn scale(&mut self, factor: f32) {
        for x in &mut self.w {
            *x *= factor;
        }
    }

    /// Drops rows whose largest weight is at most `threshold`.
    pub fn pruned(self, threshold: f32) -> Weights {
        let n = self.classes;
        let mut index = RowTable::with_capacity(self.index.len());
        let mut w = Vec::new();
        for (f, r) in self.index.iter() {
            let row = &self.w[r as usize * n..r as usize * n + n];
            if row.iter().any(|x| x.abs() > threshold) {
                index.insert(f, (w.len() / n.max(1)) as u32);
                w.extend_from_slice(row);
            }
        }
        Weights {
            classes: n,
            index,
            w,
        }
    }

    pub fn write(&self, b: &mut Vec<u8>) {
        let n = self.classes;
        put_u32(b, n as u32);
        let mut rows: Vec<(u32, u32)> = self.index.iter().collect();
        rows.sort_unstable();
        put_u32(b, rows.len() as u32);
        for (k, _) in &rows {
            b.extend_from_slice(&k.to_le_bytes());
        }
        // Rows are sparse (a perceptron only touches the classes it confused):
        // each is its scale, the count of non-zero weights, then (class, weight).
        for (_, r) in &rows {
            let row = &self.w[*r as usize * n..*r as usize * n + n];
            let scale = row.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-12) / i16::MAX as f32;
            let q: Vec<(u16, i16)> = row
                .iter()
                .enumerate()
                .map(|(k, x)| (k as u16, (x / scale).round() as i16))
                .filter(|(_, v)| *v != 0)
                .collect();
            b.extend_from_slice(&scale.to_le_bytes());
            b.extend_from_slice(&(q.len() as u16).to_le_bytes());
            for (k, v) in q {
                b.extend_from_slice(&k.to_le_bytes());
                b.extend_from_slice(&v.to_le_bytes());
            }
        }
    }

    /// Reads weights over `classes` classes (what the model's labels say):
    /// a file with another count is corrupt, and is refused before the
    /// rows × classes table is allocated.
    pub(crate) fn read(r: &mut Reader, classes: usize) -> Result<Weights, ModelError> {
        let at = r.pos;
        if r.u32()? as usize != classes {
            return Err(ModelError::Truncated(at));
        }
        let n = r.count(4 + 6)?;
        let keys = r.take(n * 4)?;
        let mut index = RowTable::with_capacity(n);
        for (i, k) in keys.chunks_exact(4).enumerate() {
            index.insert(u32::from_le_bytes([k[0], k[1], k[2], k[3]]), i as u32);
        }
        let size = n.checked_mul(classes).ok_or(ModelError::Truncated(at))?;
        let mut w = vec![0f32; size];
        for i in 0..n {
            let scale = r.f32()?;
            let at = r.pos;
            let h = r.take(2)?;
            let nnz = u16::from_le_bytes([h[0], h[1]]) as usize;
            for c in r.take(nnz * 4)?.chunks_exact(4) {
                let k = u16::from_le_bytes([c[0], c[1]]) as usize;
                if k >= classes {
                    return Err(ModelError::Truncated(at));
                }
                w[i * classes + k] = i16::from_le_bytes([c[2], c[3]]) as f32 * scale;
            }
        }
        Ok(Weights { classes, index, w })
    }
}

/// The learner: weights plus the running sums that average them.
#[derive(Debug, Clone)]
pub struct Learner {
    classes: usize,
    index: FxHashMap<u32, u32>,
    w: Vec<f32>,
    /// Sum over updates of (step × delta), for the averaged weights.
    u: Vec<f32>,
    step: f32,
}

impl Learner {
    pub fn new(classes: usize) -> Learner {
        Learner {
            classes,
            index: FxHashMap::default(),
            w: Vec::new(),
            u: Vec::new(),
            step: 1.0,
        }
    }

    pub fn scores(&self, feats: &[u32], out: &mut Vec<f32>) {
        out.resize(self.classes, 0.0);
        sum_rows_by(
            |f| self.index.get(&f).copied(),
            &self.w,
            self.classes,
            feats,
            out,
        );
    }

    fn row(&mut self, f: u32) -> usize {
        let next = self.index.len() as u32;
        let r = *self.index.entry(f).or_insert(next) as usize;
        if r == next as usize {
            self.w.resize(self.w.len() + self.classes, 0.0);
            self.u.resize(self.u.len() + self.classes, 0.0);
        }
        r
    }

    /// Moves weight from `wrong` to `right` on every feature.
    pub fn update(&mut self, feats: &[u32], right: usize, wrong: usize) {
        if right == wrong {
            return;
        }
        let n = self.classes;
        for &f in feats {
            let r = self.row(f) * n;
            self.w[r + right] += 1.0;
            self.u[r + right] += self.step;
            self.w[r + wrong] -= 1.0;
            self.u[r + wrong] -= self.step;
        }
    }

    /// One online step on one example whose class scores under the current
    /// weights are `scores`: returns the best `allowed` class (the guess).
    ///
    /// With `pa` = 0 this is the perceptron: on a wrong guess, one unit of
    /// weight moves from the guess to `gold` on every feature. With `pa` > 0
    /// it is a passive-aggressive (PA-I) step: whenever `gold` does not beat
    /// the best other allowed class by a margin of 1, just enough weight
    /// moves to reach that margin, at most `pa` per feature.
    pub fn learn(
        &mut self,
        feats: &[u32],
        scores: &[f32],
        gold: usize,
        allowed: Option<&[bool]>,
        pa: f32,
    ) -> usize {
        let guess = argmax(scores, allowed);
        if pa <= 0.0 {
            self.update(feats, gold, guess);
            return guess;
        }
        let rival = if guess != gold {
            guess
        } else {
            let mut rival = usize::MAX;
            let mut top = f32::NEG_INFINITY;
            for (k, &s) in scores.iter().enumerate() {
                if k != gold && allowed.is_none_or(|a| a[k]) && s > top {
                    rival = k;
                    top = s;
                }
            }
            rival
        };
        let Some(&rs) = scores.get(rival) else {
            return guess;
        };
        let loss = 1.0 - (scores[gold] - rs);
        if loss > 0.0 {
            let n = self.classes;
            let tau = (loss / (2.0 * feats.len().max(1) as f32)).min(pa);
            let (step, (right, wrong)) = (self.step * tau, (gold, rival));
            for &f in feats {
                let r = self.row(f) * n;
                self.w[r + right] += tau;
                self.u[r + right] += step;
                self.w[r + wrong] -= tau;
                self.u[r + wrong] -= step;
            }
        }
        guess
    }

    /// One training example has been seen (advances the averaging clock).
    pub fn tick(&mut self) {
        self.step += 1.0;
    }

    /// The averaged weights; rows whose largest weight is below `prune` are dropped.
    pub fn finish(&self, prune: f32) -> Weights {
        let n = self.classes;
        let mut index = RowTable::with_capacity(self.index.len());
        let mut w = Vec::new();
        for (&f, &r) in &self.index {
            let r = r as usize * n;
            let row: Vec<f32> = (0..n)
                .map(|k| self.w[r + k] - self.u[r + k] / self.step)
                .collect();
            if row.iter().all(|x| x.abs() <= prune) {
                continue;
            }
            index.insert(f, (w.len() / n) as u32);
            w.extend(row);
        }
        Weights {
            classes: n,
            index,
            w,
        }
    }
}

/// Index of the highest score among those `allowed` (all if `None`).
pub fn argmax(scores: &[f32], allowed: Option<&[bool]>) -> usize {
    let mut best = 0;
    let mut top = f32::NEG_INFINITY;
    for (k, &s) in scores.iter().enumerate() {
        if allowed.is_none_or(|a| a[k]) && s > top {
            best = k;
            top = s;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passive_aggressive_steps_reach_the_margin_and_no_further() {
        let feats = [f1(0, "a"), f1(0, "b")];
        let mut l = Learner::new(2);
        let mut s = Vec::new();
        l.scores(&feats, &mut s);
        // All scores 0: the gold class misses the margin by 1, so each of the
        // two features moves 1 / (2 * 2) from the rival to the gold class.
        l.learn(&feats, &s, 1, None, 10.0);
        l.scores(&feats, &mut s);
        assert_eq!(s, vec![-0.5, 0.5]);
        // Right with the margin: nothing moves.
        let before = s.clone();
        assert_eq!(l.learn(&feats, &s, 1, None, 10.0), 1);
        l.scores(&feats, &mut s);
        assert_eq!(s, before);
        // Only allowed classes are rivals; a small cap limits the step.
        let mut capped = Learner::new(3);
        capped.scores(&feats, &mut s);
        capped.learn(&feats, &s, 1, Some(&[false, true, true]), 0.1);
        capped.scores(&feats, &mut s);
        assert_eq!(s[0], 0.0);
        assert!(
            (s[1] - 0.2).abs() < 1e-6 && (s[2] + 0.2).abs() < 1e-6,
            "{s:?}"
        );
        // pa = 0 is the perceptron: a unit step, and only on a wrong guess.
        let mut p = Learner::new(3);
        p.scores(&feats, &mut s);
        assert_eq!(p.learn(&feats, &s, 0, None, 0.0), 0);
        p.scores(&feats, &mut s);
        assert_eq!(s, vec![0.0; 3]);
        p.learn(&feats, &s, 1, None, 0.0);
        p.scores(&feats, &mut s);
        assert_eq!(s, vec![-2.0, 2.0, 0.0]);
    }

    #[test]
    fn learns_separable_data_and_roundtrips() {
        // Class = which of three marker features is present.
        let data: Vec<(Vec<u32>, usize)> = (0..60)
            .map(|i| (vec![f1(0, "bias"), f1(1, &(i % 3).to_string())], i % 3))
            .collect();
        let mut l = Learner::new(3);
        let mut s = Vec::new();
        for _ in 0..5 {
            for (f, y) in &data {
                l.scores(f, &mut s);
                let p = argmax(&s, None);
                l.update(f, *y, p);
                l.tick();
            }
        }
        let w = l.finish(0.0);
        let mut b = Vec::new();
        w.write(&mut b);
        let w2 = Weights::read(&mut Reader::new(&b), 3).unwrap();
        for (f, y) in &data {
            w2.scores(f, &mut s);
            assert_eq!(argmax(&s, None), *y);
        }
        assert!(Weights::read(&mut Reader::new(&b[..b.len() - 3]), 3).is_err());
    }

    /// Found by fuzzing (`fuzz/fuzz_targets/pos_model.rs`, `deps_model.rs`):
    /// a class count from the file sized the table before it was checked
    /// (26 GB asked for). Another count than the model's is refused.
    #[test]
    fn a_class_count_other_than_the_models_is_refused() {
        let mut l = Learner::new(3);
        let mut s = Vec::new();
        l.scores(&[f1(0, "bias")], &mut s);
        l.update(&[f1(0, "bias")], 1, 0);
        let mut b = Vec::new();
        l.finish(0.0).write(&mut b);
        assert!(Weights::read(&mut Reader::new(&b), 3).is_ok());
        assert!(Weights::read(&mut Reader::new(&b), 4).is_err());
        b[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(
            Weights::read(&mut Reader::new(&b), 3),
            Err(ModelError::Truncated(0))
        ));
    }
}
