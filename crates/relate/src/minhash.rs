//! MinHash signatures and their LSH bands; SimHash, measured against it.

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// splitmix64: the i-th hash function's parameters from its index.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The MinHash signature of a set of shingle hashes with `n` hash
/// functions (`h_i(x) = a_i·x + b_i` over 64 bits, odd `a_i`, top 32 bits
/// kept). An empty set has the all-`u32::MAX` signature.
pub fn minhash(shingles: &[u64], n: usize) -> Vec<u32> {
    let params: Vec<(u64, u64)> = (0..n as u64)
        .map(|i| (mix(2 * i) | 1, mix(2 * i + 1)))
        .collect();
    let mut sig = vec![u32::MAX; n];
    for &s in shingles {
        for (m, (a, b)) in sig.iter_mut().zip(&params) {
            let h = (a.wrapping_mul(s).wrapping_add(*b) >> 32) as u32;
            if h < *m {
                *m = h;
            }
        }
    }
    sig
}

/// The estimated Jaccard similarity of two signatures: the share of equal
/// positions (0 when either is empty or their lengths differ).
pub fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len() as f64
}

/// The LSH band keys of a signature: `rows` consecutive values per band,
/// each band's values hashed with its index (a trailing partial band is
/// dropped). Two sets of Jaccard similarity `s` share a band with
/// probability `1 - (1 - s^rows)^bands`.
pub fn bands(sig: &[u32], rows: usize) -> Vec<u64> {
    let rows = rows.max(1);
    sig.chunks_exact(rows)
        .enumerate()
        .map(|(i, band)| {
            let bytes: Vec<u8> = band.iter().flat_map(|v| v.to_le_bytes()).collect();
            xxh3_64_with_seed(&bytes, i as u64)
        })
        .collect()
}

/// The 64-bit SimHash of a set of shingle hashes (Charikar): bit `i` is
/// set when more shingles have it set than not.
pub fn simhash(shingles: &[u64]) -> u64 {
    let mut votes = [0i32; 64];
    for &s in shingles {
        let h = mix(s);
        for (i, v) in votes.iter_mut().enumerate() {
            *v += if h >> i & 1 == 1 { 1 } else { -1 };
        }
    }
    votes
        .iter()
        .enumerate()
        .filter(|(_, v)| **v > 0)
        .fold(0, |acc, (i, _)| acc | 1 << i)
}

/// SimHash similarity: the share of equal bits.
pub fn simhash_similarity(a: u64, b: u64) -> f64 {
    1.0 - f64::from((a ^ b).count_ones()) / 64.0
}

/// SimHash lookup keys: the 64 bits cut in `blocks` blocks, each keyed
/// with its index; two hashes within `blocks - 1` differing bits share a
/// block (pigeonhole).
pub fn simhash_blocks(h: u64, blocks: usize) -> Vec<u64> {
    let blocks = blocks.clamp(1, 64);
    let width = 64 / blocks;
    (0..blocks)
        .map(|i| {
            let part = if width == 64 {
                h
            } else {
                (h >> (i * width)) & ((1u64 << width) - 1)
            };
            mix(part ^ (i as u64) << 58)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shingle::{shingles, words};

    #[test]
    fn identical_sets_agree_disjoint_sets_do_not() {
        let a = shingles(&words("le chat dort sur le canapé rouge du salon"), 3);
        let b = shingles(&words("des avions survolent la mer du Nord ce matin"), 3);
        assert_eq!(jaccard(&minhash(&a, 128), &minhash(&a, 128)), 1.0);
        assert!(jaccard(&minhash(&a, 128), &minhash(&b, 128)) < 0.1);
        assert_eq!(simhash_similarity(simhash(&a), simhash(&a)), 1.0);
        assert_eq!(jaccard(&[], &[]), 0.0);
    }

    #[test]
    fn estimate_is_close_to_the_true_jaccard() {
        // Two sets of 300 sharing 200: Jaccard 0.5.
        let a: Vec<u64> = (0..300u64).map(mix).collect();
        let b: Vec<u64> = (100..400u64).map(mix).collect();
        let j = jaccard(&minhash(&a, 256), &minhash(&b, 256));
        assert!((j - 0.5).abs() < 0.1, "{j}");
    }

    #[test]
    fn bands_and_blocks() {
        let sig = minhash(&[1, 2, 3], 10);
        assert_eq!(bands(&sig, 4).len(), 2);
        assert_eq!(bands(&sig, 1).len(), 10);
        // A band's key depends on its index: equal values, different keys.
        assert_ne!(bands(&[7, 7], 1)[0], bands(&[7, 7], 1)[1]);
        assert_eq!(simhash_blocks(u64::MAX, 4).len(), 4);
        let a = simhash_blocks(0xffff_0000_ffff_0000, 4);
        let b = simhash_blocks(0xffff_0000_ffff_0001, 4);
        assert_eq!(a.iter().zip(&b).filter(|(x, y)| x == y).count(), 3);
    }
}
