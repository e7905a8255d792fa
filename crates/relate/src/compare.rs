//! Two signatures compared: how much of the text and of the anchors they
//! share, whether that makes a copy, and what kind of copy.

use crate::minhash;
use crate::signature::Signature;
use crate::Config;
use veille_core::{CopyEvidence, CopyRelation};

/// How two documents compare.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    /// Estimated Jaccard similarity of the shingles.
    pub jaccard: f64,
    /// Estimated shared shingles.
    pub shared: f64,
    /// Shared shingles over the smaller document's (overlap coefficient).
    pub text: f64,
    /// Anchor pairs shared.
    pub shared_anchors: usize,
    /// Shared anchor pairs over the smaller document's.
    pub anchors: f64,
    /// Do the two share a language?
    pub same_lang: bool,
}

impl Comparison {
    /// Compares two signatures. Symmetric.
    pub fn of(a: &Signature, b: &Signature) -> Comparison {
        let jaccard = if a.shingles == 0 || b.shingles == 0 {
            0.0
        } else {
            minhash::jaccard(&a.minhash, &b.minhash)
        };
        let (na, nb) = (f64::from(a.shingles), f64::from(b.shingles));
        // |A∩B| = J (|A| + |B|) / (1 + J)
        let shared = (jaccard * (na + nb) / (1.0 + jaccard)).min(na.min(nb));
        let small = na.min(nb);
        let text = if small > 0.0 { shared / small } else { 0.0 };
        let shared_anchors = sorted_intersection(&a.anchors, &b.anchors);
        let small_a = a.anchors.len().min(b.anchors.len());
        let anchors = if small_a > 0 {
            shared_anchors as f64 / small_a as f64
        } else {
            0.0
        };
        Comparison {
            jaccard,
            shared,
            text,
            shared_anchors,
            anchors,
            same_lang: a.lang == b.lang,
        }
    }

    /// The text's share, trusted when the smaller document has enough
    /// shingles to be told apart from chance; else the Jaccard estimate.
    fn text_score(&self, a: &Signature, b: &Signature, cfg: &Config) -> f64 {
        if a.shingles.min(b.shingles) >= cfg.min_shingles {
            self.text
        } else {
            self.jaccard
        }
    }

    /// The anchors' share, when enough of them are shared and the two
    /// could be one text in other words (see [`Config::anchors_need_text`]).
    fn anchor_score(&self, a: &Signature, b: &Signature, cfg: &Config) -> f64 {
        let same_words = self.same_lang && a.residue.is_empty() && b.residue.is_empty();
        if same_words && self.text_score(a, b, cfg) < cfg.anchors_need_text {
            return 0.0;
        }
        if self.shared_anchors >= cfg.min_anchors {
            self.anchors
        } else {
            0.0
        }
    }

    /// The decision score: the texts' Jaccard similarity, the text's share
    /// or the anchors', each against its threshold, as a value where ≥ 1
    /// means a copy. Symmetric.
    pub fn score(&self, a: &Signature, b: &Signature, cfg: &Config) -> f64 {
        if self.vetoed(a, b, cfg) {
            return 0.0;
        }
        let short = a.shingles.min(b.shingles) < cfg.min_shingles;
        let jt = if short {
            cfg.short_jaccard
        } else {
            cfg.jaccard_threshold
        };
        let j = self.jaccard / jt.max(1e-9);
        let t = self.text_score(a, b, cfg) / cfg.text_threshold.max(1e-9);
        let x = self.anchor_score(a, b, cfg) / cfg.anchor_threshold.max(1e-9);
        j.max(t).max(x)
    }

    /// Two documents that both state enough facts (anchor pairs) but
    /// share too few of them are distinct reports, whatever wording they
    /// share: a series' reports (a race's stages, a contest's rounds)
    /// reuse paragraphs, a copy keeps the facts.
    pub fn vetoed(&self, a: &Signature, b: &Signature, cfg: &Config) -> bool {
        a.anchors.len().min(b.anchors.len()) >= cfg.veto_min_anchors
            && self.anchors < cfg.anchor_veto
    }

    /// The similarity reported (0–1): the larger of the two shares that
    /// decided.
    pub fn similarity(&self, a: &Signature, b: &Signature, cfg: &Config) -> f64 {
        self.text_score(a, b, cfg).max(self.anchor_score(a, b, cfg))
    }

    pub fn is_copy(&self, a: &Signature, b: &Signature, cfg: &Config) -> bool {
        self.score(a, b, cfg) >= 1.0
    }
}

fn sorted_intersection(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// What `copy` is to `original`, with the evidence.
pub fn relation(
    copy: &Signature,
    original: &Signature,
    cfg: &Config,
) -> (CopyRelation, CopyEvidence) {
    let c = Comparison::of(copy, original);
    let (nc, no) = (f64::from(copy.shingles), f64::from(original.shingles));
    // Shares of each side found in the other.
    let copy_in_orig = if nc > 0.0 { c.shared / nc } else { 0.0 };
    let orig_in_copy = if no > 0.0 { c.shared / no } else { 0.0 };
    let known = |l: &str| !l.is_empty() && l != "und";
    let other_lang = !c.same_lang && known(&copy.lang) && known(&original.lang);
    let translated = other_lang || (c.text < cfg.rewrite_text && !copy.residue.is_empty());
    let rel = if translated {
        if copy.residue.is_empty() && copy.mixed == 0 {
            CopyRelation::Translation
        } else {
            CopyRelation::MachineTranslation
        }
    } else if orig_in_copy >= cfg.repost_share && copy_in_orig >= cfg.repost_share * 0.5 {
        CopyRelation::Repost
    } else if copy_in_orig >= cfg.partial_contained && orig_in_copy < cfg.partial_share {
        CopyRelation::Partial
    } else {
        CopyRelation::Rewrite
    };
    let evidence = CopyEvidence {
        similarity: r4(c.similarity(copy, original, cfg)),
        text_similarity: r4(c.jaccard),
        containment: r4(copy_in_orig.min(1.0)),
        shared_spans: c.shared.round() as u64,
        shared_anchors: c.shared_anchors as u64,
        anchor_similarity: r4(c.anchors),
        residue: copy.residue.clone(),
    };
    (rel, evidence)
}

fn r4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A signature with `words` of its own text and the given anchors.
    fn sig(id: &str, text: &str, lang: &str, anchors: &[u64], residue: bool) -> Signature {
        let cfg = Config::default();
        let mut s = Signature::of_text(id, text, &cfg);
        s.anchors = anchors.to_vec();
        s.lang = lang.into();
        if residue {
            s.residue = vec!["[We]".into()];
        }
        s
    }

    fn words(seed: &str, n: usize) -> String {
        (0..n).map(|i| format!("{seed}{i} ")).collect()
    }

    #[test]
    fn anchors_alone_join_across_languages_or_residue_not_one_wording() {
        let cfg = Config::default();
        let facts: Vec<u64> = (1..=8).collect();
        let cases = [
            // (language b, residue on b, copy?)
            ("fr", false, false),
            ("en", false, true),
            ("fr", true, true),
        ];
        for (lang, residue, want) in cases {
            let a = sig("a", &words("alpha", 80), "fr", &facts, false);
            let b = sig("b", &words("beta", 80), lang, &facts, residue);
            let c = Comparison::of(&a, &b);
            assert_eq!(c.is_copy(&a, &b, &cfg), want, "{lang} residue {residue}");
            assert_eq!(c.is_copy(&b, &a, &cfg), want, "symmetric");
        }
        // The same facts with some shared wording: a copy in one language.
        let shared = words("gamma", 30);
        let a = sig(
            "a",
            &format!("{shared}{}", words("alpha", 80)),
            "fr",
            &facts,
            false,
        );
        let b = sig(
            "b",
            &format!("{shared}{}", words("beta", 80)),
            "fr",
            &facts,
            false,
        );
        assert!(Comparison::of(&a, &b).is_copy(&a, &b, &cfg));
    }
}
