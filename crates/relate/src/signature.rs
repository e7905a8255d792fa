//! A document's signature: what copy detection keeps of it.

use crate::anchors;
use crate::minhash;
use crate::shingle;
use crate::Config;
use serde::{Deserialize, Serialize};
use veille_core::{Document, FlagKind};

/// What copy detection keeps of a document (stored as its fingerprint's
/// data; the text is not needed again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signature {
    pub doc_id: String,
    /// MinHash of the text's word shingles.
    pub minhash: Vec<u32>,
    /// SimHash of the same shingles (measured against MinHash).
    pub simhash: u64,
    /// Distinct shingles.
    pub shingles: u32,
    /// Words in the text.
    pub words: u32,
    /// Anchor pair keys (see [`anchors::pair_keys`]).
    pub anchors: Vec<u64>,
    /// The document's language code.
    pub lang: String,
    /// Publication date (ISO), if known.
    pub date: Option<String>,
    /// Machine-translation residue, as written.
    pub residue: Vec<String>,
    /// Paragraphs in another language than the document's.
    pub mixed: u32,
}

impl Signature {
    /// The signature of an analysed document.
    pub fn of(doc: &Document, cfg: &Config) -> Signature {
        let mut sig = Signature::of_text(&doc.id, &doc.text, cfg);
        sig.anchors = anchors::pair_keys(&anchors::anchors(doc));
        sig.lang = doc.lang.as_str().to_string();
        sig.date = doc.date.as_ref().map(|d| d.value.clone());
        sig.residue = doc
            .flags
            .iter()
            .filter(|f| f.kind == FlagKind::TranslationResidue)
            .map(|f| f.text.clone())
            .collect();
        sig.mixed = doc.mixed_lang.len() as u32;
        sig
    }

    /// The text part of a signature (no anchors, language or date).
    pub fn of_text(id: &str, text: &str, cfg: &Config) -> Signature {
        let words = shingle::words(text);
        let sh = shingle::shingles(&words, cfg.shingle);
        Signature {
            doc_id: id.to_string(),
            minhash: minhash::minhash(&sh, cfg.hashes),
            simhash: minhash::simhash(&sh),
            shingles: sh.len() as u32,
            words: words.len() as u32,
            anchors: Vec::new(),
            lang: String::new(),
            date: None,
            residue: Vec::new(),
            mixed: 0,
        }
    }

    /// The LSH band keys of its text (none for an empty text).
    pub fn bands(&self, cfg: &Config) -> Vec<u64> {
        if self.shingles == 0 {
            return Vec::new();
        }
        minhash::bands(&self.minhash, cfg.rows)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    pub fn from_bytes(id: &str, data: &[u8]) -> Result<Signature, crate::RelateError> {
        serde_json::from_slice(data).map_err(|e| crate::RelateError::Signature {
            id: id.to_string(),
            reason: e.to_string(),
        })
    }
}
