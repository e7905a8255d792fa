//! Text to words and word shingles, the units both signatures hash.

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// The words of a text: letters and digits, folded (lower case, no
/// accents), so that case, accents, punctuation and whitespace changes
/// leave them unchanged.
pub fn words(text: &str) -> Vec<String> {
    veille_core::fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The hashes of the distinct `k`-word shingles of `words` (one shingle of
/// every word when there are fewer than `k`; none without words), sorted.
pub fn shingles(words: &[String], k: usize) -> Vec<u64> {
    let k = k.max(1);
    let mut out: Vec<u64> = if words.is_empty() {
        Vec::new()
    } else if words.len() < k {
        vec![hash_words(words)]
    } else {
        words.windows(k).map(hash_words).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

fn hash_words(ws: &[String]) -> u64 {
    let mut h = 0u64;
    for w in ws {
        h = xxh3_64_with_seed(w.as_bytes(), h ^ 0x9e37_79b9_7f4a_7c15);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_ignore_case_accents_and_punctuation() {
        assert_eq!(
            words("  L'Élysée a dit : « Non ! »\n"),
            ["l", "elysee", "a", "dit", "non"]
        );
        assert!(words(" \n\t«»").is_empty());
    }

    #[test]
    fn shingles_of_short_and_empty_texts() {
        let w = words("un deux trois");
        assert_eq!(shingles(&w, 2).len(), 2);
        assert_eq!(shingles(&w, 5).len(), 1);
        assert!(shingles(&[], 3).is_empty());
        // Repeated shingles count once.
        assert_eq!(shingles(&words("a b a b a b"), 2).len(), 2);
    }
}
