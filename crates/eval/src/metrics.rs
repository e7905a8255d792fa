//! Precision, recall and F1 over sets of items.

use serde::Serialize;
use std::collections::HashSet;
use std::hash::Hash;

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    /// Adds the comparison of one gold set with one predicted set.
    pub fn add_sets<T: Eq + Hash>(&mut self, gold: &HashSet<T>, pred: &HashSet<T>) {
        let tp = gold.intersection(pred).count();
        self.tp += tp;
        self.fp += pred.len() - tp;
        self.fn_ += gold.len() - tp;
    }
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
}

/// The harmonic mean of a precision and a recall (0 when both are 0).
pub fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Rounds for display in JSON (4 decimals).
pub fn r4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_counts() {
        let mut m = Prf::default();
        let g: HashSet<u32> = [1, 2, 3, 4].into();
        let p: HashSet<u32> = [2, 3, 5].into();
        m.add_sets(&g, &p);
        assert_eq!((m.tp, m.fp, m.fn_), (2, 1, 2));
        assert!((m.precision() - 2.0 / 3.0).abs() < 1e-9);
        assert!((m.recall() - 0.5).abs() < 1e-9);
        assert!((m.f1() - 4.0 / 7.0).abs() < 1e-9);
        assert_eq!(Prf::default().f1(), 0.0);
    }
}
