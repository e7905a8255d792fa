//! The frozen feature → weight-row index every trained model scores with.
//!
//! Scoring a token sums one weight row per feature, so the index is looked
//! up ~30 times per token and its cache misses bound the speed of the
//! taggers. `RowTable` keeps `(key, row)` pairs inline in one open-addressed
//! array (linear probing, at most half full), so a lookup costs one cache
//! line where a general hash map costs two (control bytes, then bucket).
//! Keys are feature hashes already, so a multiplicative mix is enough.

/// Marks an empty slot (no model has 2³² − 1 rows).
const EMPTY: u32 = u32::MAX;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowTable {
    /// `(key, row)`; `row == EMPTY` for a free slot.
    slots: Vec<(u32, u32)>,
    shift: u32,
    len: usize,
}

impl Default for RowTable {
    fn default() -> RowTable {
        RowTable::with_capacity(0)
    }
}

#[inline]
fn mix(key: u32, shift: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B9) >> shift) as usize
}

impl RowTable {
    /// An empty table that holds `n` keys without growing.
    pub fn with_capacity(n: usize) -> RowTable {
        let cap = (n.max(4) * 2).next_power_of_two();
        RowTable {
            slots: vec![(0, EMPTY); cap],
            shift: 32 - cap.trailing_zeros(),
            len: 0,
        }
    }

    /// Builds a table from `(key, row)` pairs; a repeated key keeps its last row.
    pub fn from_pairs(pairs: impl ExactSizeIterator<Item = (u32, u32)>) -> RowTable {
        let mut t = RowTable::with_capacity(pairs.len());
        for (k, r) in pairs {
            t.insert(k, r);
        }
        t
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Inserts or replaces; grows when more than half full.
    pub fn insert(&mut self, key: u32, row: u32) {
        debug_assert!(row != EMPTY);
        if (self.len + 1) * 2 > self.slots.len() {
            let old = std::mem::take(&mut self.slots);
            *self = RowTable::with_capacity(self.len + 1);
            for (k, r) in old.into_iter().filter(|s| s.1 != EMPTY) {
                self.insert(k, r);
            }
        }
        let mask = self.slots.len() - 1;
        let mut i = mix(key, self.shift);
        loop {
            let s = &mut self.slots[i];
            if s.1 == EMPTY {
                *s = (key, row);
                self.len += 1;
                return;
            }
            if s.0 == key {
                s.1 = row;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    pub fn get(&self, key: u32) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = mix(key, self.shift);
        loop {
            let (k, r) = self.slots[i];
            if r == EMPTY {
                return None;
            }
            if k == key {
                return Some(r);
            }
            i = (i + 1) & mask;
        }
    }

    /// `(key, row)` pairs, in slot order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.slots.iter().copied().filter(|s| s.1 != EMPTY)
    }

    /// Sums into `out` (of `n` classes) the rows of `w` owned by `feats`;
    /// unknown features add nothing.
    ///
    /// The lookups are independent, so they are issued in three passes
    /// (prefetch every slot, resolve and prefetch every row, add the rows)
    /// and their cache misses overlap instead of queueing one behind another.
    pub fn sum_rows(&self, w: &[f32], n: usize, feats: &[u32], out: &mut [f32]) {
        const BATCH: usize = 64;
        out.iter_mut().for_each(|s| *s = 0.0);
        let mut rows = [0u32; BATCH];
        for chunk in feats.chunks(BATCH) {
            for &f in chunk {
                prefetch(self.slots.as_ptr().wrapping_add(mix(f, self.shift)));
            }
            let mut k = 0;
            for &f in chunk {
                if let Some(r) = self.get(f) {
                    prefetch(w.as_ptr().wrapping_add(r as usize * n));
                    rows[k] = r;
                    k += 1;
                }
            }
            for &r in &rows[..k] {
                add_row(out, w, n, r);
            }
        }
    }
}

/// Hints the CPU to start loading the cache line at `p` (never faults).
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint; it does not dereference `p` and cannot
    // fault, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Sums into `out` the rows of `w` (rows of `n`) that `lookup` finds for
/// `feats`: the scoring step of every linear model here, frozen or training.
#[inline]
pub fn sum_rows_by(
    lookup: impl Fn(u32) -> Option<u32>,
    w: &[f32],
    n: usize,
    feats: &[u32],
    out: &mut [f32],
) {
    out.iter_mut().for_each(|s| *s = 0.0);
    for &f in feats {
        if let Some(r) = lookup(f) {
            add_row(out, w, n, r);
        }
    }
}

/// Adds row `r` of `w` (rows of `n`) to `out`.
#[inline(always)]
fn add_row(out: &mut [f32], w: &[f32], n: usize, r: u32) {
    let row = &w[r as usize * n..r as usize * n + n];
    for (s, x) in out.iter_mut().zip(row) {
        *s += x;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn agrees_with_a_hash_map(keys in proptest::collection::vec(any::<u32>(), 0..300), probes in proptest::collection::vec(any::<u32>(), 0..50)) {
            let mut t = RowTable::default();
            let mut m = std::collections::HashMap::new();
            for (i, k) in keys.iter().enumerate() {
                t.insert(*k, i as u32);
                m.insert(*k, i as u32);
            }
            prop_assert_eq!(t.len(), m.len());
            for k in keys.iter().chain(&probes) {
                prop_assert_eq!(t.get(*k), m.get(k).copied());
            }
            let mut pairs: Vec<_> = t.iter().collect();
            pairs.sort_unstable();
            let mut want: Vec<_> = m.into_iter().collect();
            want.sort_unstable();
            prop_assert_eq!(pairs, want);
        }
    }

    #[test]
    fn sums_known_rows_only() {
        let t = RowTable::from_pairs([(7u32, 1u32), (9, 0)].into_iter());
        let w = [1.0, 2.0, 10.0, 20.0];
        let mut out = [5.0, 5.0];
        t.sum_rows(&w, 2, &[7, 9, 8, 7], &mut out);
        assert_eq!(out, [21.0, 42.0]);
    }
}
