//! A document's signature: what copy detection keeps of it.

use crate::anchors;
use crate::minhash;
use crate::shingle;
use crate::Config;
use serde::Serialize;
use veille_core::{Document, FlagKind};

/// What copy detection keeps of a document (stored as its fingerprint's
/// data; the text is not needed again).
#[derive(Debug, Clone, PartialEq, Serialize)]
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

    /// The signature in the store's blob: a version byte, then its fields
    /// little-endian, lengths first (the id is the row's).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(32 + 4 * self.minhash.len() + 8 * self.anchors.len());
        b.push(VERSION);
        put_len(&mut b, self.minhash.len());
        for v in &self.minhash {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(&self.simhash.to_le_bytes());
        b.extend_from_slice(&self.shingles.to_le_bytes());
        b.extend_from_slice(&self.words.to_le_bytes());
        put_len(&mut b, self.anchors.len());
        for v in &self.anchors {
            b.extend_from_slice(&v.to_le_bytes());
        }
        put_str(&mut b, &self.lang);
        put_opt_str(&mut b, self.date.as_deref());
        put_len(&mut b, self.residue.len());
        for r in &self.residue {
            put_str(&mut b, r);
        }
        b.extend_from_slice(&self.mixed.to_le_bytes());
        b
    }

    /// Reads [`Signature::to_bytes`] back; a truncated or unknown blob is
    /// an error, never a panic.
    pub fn from_bytes(id: &str, data: &[u8]) -> Result<Signature, crate::RelateError> {
        let err = |reason: &str| crate::RelateError::Signature {
            id: id.to_string(),
            reason: reason.to_string(),
        };
        let mut r = Reader(data);
        if r.take(1).ok_or_else(|| err("empty"))?[0] != VERSION {
            return Err(err("unknown signature version"));
        }
        let short = || err("truncated");
        let n = r.len().ok_or_else(short)?;
        let mut minhash = Vec::with_capacity(n.min(4096));
        for _ in 0..n {
            minhash.push(r.u32().ok_or_else(short)?);
        }
        let simhash = r.u64().ok_or_else(short)?;
        let shingles = r.u32().ok_or_else(short)?;
        let words = r.u32().ok_or_else(short)?;
        let n = r.len().ok_or_else(short)?;
        let mut anchors = Vec::with_capacity(n.min(4096));
        for _ in 0..n {
            anchors.push(r.u64().ok_or_else(short)?);
        }
        let lang = r.string().ok_or_else(short)?;
        let date = r.opt_string().ok_or_else(short)?;
        let n = r.len().ok_or_else(short)?;
        let mut residue = Vec::with_capacity(n.min(256));
        for _ in 0..n {
            residue.push(r.string().ok_or_else(short)?);
        }
        let mixed = r.u32().ok_or_else(short)?;
        Ok(Signature {
            doc_id: id.to_string(),
            minhash,
            simhash,
            shingles,
            words,
            anchors,
            lang,
            date,
            residue,
            mixed,
        })
    }
}

const VERSION: u8 = 1;

use crate::bytes::{put_len, put_opt_str, put_str, Reader};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_and_bad_blobs_are_errors() {
        let cfg = Config::default();
        let mut s = Signature::of_text("x", "Un texte de quelques mots, avec 12 chiffres.", &cfg);
        s.anchors = vec![1, u64::MAX];
        s.lang = "fr".into();
        s.date = Some("2024-05-01".into());
        s.residue = vec!["[We]".into()];
        s.mixed = 2;
        let b = s.to_bytes();
        assert_eq!(Signature::from_bytes("x", &b).unwrap(), s);
        for cut in 0..b.len() {
            assert!(
                Signature::from_bytes("x", &b[..cut]).is_err(),
                "cut at {cut}"
            );
        }
        assert!(Signature::from_bytes("x", &[9, 0, 0]).is_err());
    }
}
