//! How one document copies another: the relation and its evidence.

use serde::{Deserialize, Serialize};

/// What a copy is to its original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyRelation {
    /// The same text, possibly with boilerplate added or paragraphs moved.
    Repost,
    /// A part of the original (truncated, paragraphs dropped).
    Partial,
    /// The same report reworded in the same language.
    Rewrite,
    /// A translation with residue of the original's language left in.
    MachineTranslation,
    /// A translation into another language.
    Translation,
}

impl CopyRelation {
    pub const ALL: [CopyRelation; 5] = [
        CopyRelation::Repost,
        CopyRelation::Partial,
        CopyRelation::Rewrite,
        CopyRelation::MachineTranslation,
        CopyRelation::Translation,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            CopyRelation::Repost => "repost",
            CopyRelation::Partial => "partial",
            CopyRelation::Rewrite => "rewrite",
            CopyRelation::MachineTranslation => "machine_translation",
            CopyRelation::Translation => "translation",
        }
    }

    /// The relation named as serde writes it.
    pub fn parse(s: &str) -> Option<CopyRelation> {
        CopyRelation::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl std::fmt::Display for CopyRelation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// Why a document was judged a copy of another.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CopyEvidence {
    /// The decision score (0–1).
    pub similarity: f64,
    /// Estimated Jaccard similarity of the word shingles (MinHash).
    pub text_similarity: f64,
    /// Estimated share of the copy's shingles found in the original.
    pub containment: f64,
    /// Word shingles the two share (estimated).
    pub shared_spans: u64,
    /// Anchors (linked entities, numbers, dates, places) in the same order
    /// in both: shared anchor pairs.
    pub shared_anchors: u64,
    /// Share of the copy's anchor pairs found in the original.
    pub anchor_similarity: f64,
    /// Machine-translation residue in the copy ("[We]"), as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub residue: Vec<String>,
}

/// A stored document's link to the original of its copy group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyLink {
    /// The copy.
    pub doc_id: String,
    /// The group's original.
    pub original: String,
    pub relation: CopyRelation,
    pub evidence: CopyEvidence,
}
