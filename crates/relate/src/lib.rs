//! Relate: documents across the store: copies at ingest, then stories
//! ([`story`]: documents about one development, clustered as they arrive).
//!
//! Each stored document gets a [`Signature`]: a MinHash of its word
//! shingles (banded for locality-sensitive lookup) and the keys of its
//! *anchors* — linked entities, numbers, dates in text order, what survives
//! rewording and translation. The store indexes both ([`veille_store::Fingerprint`]),
//! so finding the candidates of a new document reads a bounded number of
//! rows per key, whatever the store's size ([`Relater::relate`]). A
//! candidate is a copy when the share of text, or of anchor pairs, the two
//! share passes its threshold ([`Comparison`]); the group's original is the
//! earliest published, else the most complete, and each copy's relation
//! (`repost`, `partial`, `rewrite`, `machine_translation`, `translation`)
//! comes with its evidence. Independently, [`spin`] flags a text rewritten
//! as a first-person spin, with the sentences that show it.

pub mod actors;
pub mod anchors;
mod bytes;
pub mod compare;
pub mod events;
pub mod minhash;
pub mod shingle;
pub mod signature;
pub mod spin;
pub mod story;

pub use actors::resolve_actors;
pub use compare::{relation, Comparison};
pub use events::{link_events, EventLinker};
pub use signature::Signature;
pub use spin::Spin;
pub use story::{StoryConfig, StoryJoin, Storyteller};

use serde::Serialize;
use veille_core::{CopyLink, Document};
use veille_store::{Fingerprint, Store, StoreError};

/// What can go wrong relating a document.
#[derive(Debug, thiserror::Error)]
pub enum RelateError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("stored signature of {id} is unreadable: {reason}")]
    Signature { id: String, reason: String },
    #[error("stored story state of {id} is unreadable: {reason}")]
    StoryState { id: String, reason: String },
}

/// Copy detection's settings. The defaults were chosen on the tuning half
/// of `veille eval copies` (see the README).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    /// Words per shingle.
    pub shingle: usize,
    /// MinHash functions.
    pub hashes: usize,
    /// Signature rows per LSH band (`hashes / rows` bands).
    pub rows: usize,
    /// Jaccard similarity of the shingles that makes a copy…
    pub jaccard_threshold: f64,
    /// …or share of the smaller text's shingles the two share.
    pub text_threshold: f64,
    /// Share of the smaller document's anchor pairs the two must share…
    pub anchor_threshold: f64,
    /// …and at least this many.
    pub min_anchors: usize,
    /// Documents that both have this many anchor pairs…
    pub veto_min_anchors: usize,
    /// …but share less than this share of the smaller's are not copies.
    pub anchor_veto: f64,
    /// Two documents in one language, neither with translation residue,
    /// whose texts share less than this are not copies by their anchors
    /// alone: a copy in the same language keeps some wording, a series'
    /// next report keeps its names and numbers.
    pub anchors_need_text: f64,
    /// Below this many shingles, the Jaccard estimate decides, not the share…
    pub min_shingles: u32,
    /// …against this threshold: a few shingles shared by chance (a
    /// headline's words, a series' formula) weigh more in a short text.
    pub short_jaccard: f64,
    /// A copy holding this share of its original (and half as much of
    /// itself in the original) is a repost…
    pub repost_share: f64,
    /// …one found in its original for this share, holding less than
    /// `partial_share` of the original, a partial copy; else a rewrite.
    pub partial_contained: f64,
    pub partial_share: f64,
    /// Below this text share, a same-language copy with translation residue
    /// is a machine translation.
    pub rewrite_text: f64,
    /// A band or key held by more documents than this is skipped at lookup.
    pub max_postings: usize,
    /// Candidates compared per lookup.
    pub max_candidates: usize,
    /// Sentences needed to flag a spin.
    pub spin_sentences: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            shingle: 3,
            hashes: 128,
            rows: 2,
            jaccard_threshold: 0.15,
            text_threshold: 0.7,
            anchor_threshold: 0.5,
            min_anchors: 4,
            veto_min_anchors: 3,
            anchor_veto: 0.5,
            anchors_need_text: 0.1,
            min_shingles: 30,
            short_jaccard: 0.15,
            repost_share: 0.94,
            partial_contained: 0.85,
            partial_share: 0.75,
            rewrite_text: 0.3,
            max_postings: 500,
            max_candidates: 40,
            spin_sentences: 2,
        }
    }
}

/// What relating one document found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Related {
    /// Its link, when it is a copy of an original already stored.
    pub copy_of: Option<CopyLink>,
    /// Documents whose original it became (it is earlier or more complete
    /// than the group's original until now).
    pub became_original_of: usize,
    /// Candidates compared.
    pub compared: usize,
}

/// Finds copies at ingest, against a store.
#[derive(Debug, Clone, Default)]
pub struct Relater {
    pub cfg: Config,
}

impl Relater {
    pub fn new(cfg: Config) -> Relater {
        Relater { cfg }
    }

    pub fn signature(&self, doc: &Document) -> Signature {
        Signature::of(doc, &self.cfg)
    }

    /// Relates a stored document to those stored before it: stores its
    /// fingerprint, finds its best copy candidate, and links it (or the
    /// group, when it becomes the group's original). A document already
    /// fingerprinted is left as it is.
    pub fn relate(&self, store: &mut dyn Store, doc: &Document) -> Result<Related, RelateError> {
        if store.fingerprint_data(&doc.id)?.is_some() {
            return Ok(Related {
                copy_of: store.copy_of(&doc.id)?,
                ..Default::default()
            });
        }
        self.relate_signature(store, self.signature(doc))
    }

    /// A document whose content is already stored, found again (another
    /// source): when it was published earlier than the stored content's
    /// date, the stored document takes that date
    /// ([`Store::earlier_date`]) and, now earlier than its group's
    /// original, becomes the group's original. What it changed.
    pub fn seen_again(
        &self,
        store: &mut dyn Store,
        doc: &Document,
    ) -> Result<Related, RelateError> {
        let mut out = Related {
            copy_of: store.copy_of(&doc.id)?,
            ..Default::default()
        };
        let Some(date) = &doc.date else {
            return Ok(out);
        };
        if !store.earlier_date(&doc.id, date)? {
            return Ok(out);
        }
        let Some(mut sig) = self.load(store, &doc.id)? else {
            return Ok(out);
        };
        sig.date = Some(date.value.clone());
        store.put_fingerprint(&Fingerprint {
            doc_id: sig.doc_id.clone(),
            bands: sig.bands(&self.cfg),
            keys: sig.anchors.clone(),
            data: sig.to_bytes(),
        })?;
        let Some(link) = out.copy_of.clone() else {
            return Ok(out);
        };
        let Some(root) = self.load(store, &link.original)? else {
            return Ok(out);
        };
        if !precedes(&sig, &root) {
            // Still a copy: its link's evidence is unchanged.
            return Ok(out);
        }
        out.became_original_of = self.move_group(store, &root.doc_id, &sig)?;
        store.clear_copy(&sig.doc_id)?;
        out.copy_of = None;
        Ok(out)
    }

    /// [`Relater::relate`] for a signature already made.
    pub fn relate_signature(
        &self,
        store: &mut dyn Store,
        sig: Signature,
    ) -> Result<Related, RelateError> {
        let bands = sig.bands(&self.cfg);
        let (matches, compared) = self.matches(store, &sig, &bands)?;
        store.put_fingerprint(&Fingerprint {
            doc_id: sig.doc_id.clone(),
            bands,
            keys: sig.anchors.clone(),
            data: sig.to_bytes(),
        })?;
        let mut out = Related {
            compared,
            ..Default::default()
        };
        if matches.is_empty() {
            return Ok(out);
        }
        // The groups it joins (their originals until now), merged under
        // the earliest (else most complete) of their originals and itself.
        let mut roots: Vec<Signature> = Vec::new();
        for m in matches {
            let root_id = store
                .copy_of(&m.doc_id)?
                .map_or(m.doc_id.clone(), |l| l.original);
            if roots.iter().any(|r| r.doc_id == root_id) {
                continue;
            }
            let root = if root_id == m.doc_id {
                m
            } else {
                match self.load(store, &root_id)? {
                    Some(r) => r,
                    None => m,
                }
            };
            roots.push(root);
        }
        let mut original = &sig;
        for r in &roots {
            if precedes(r, original) {
                original = r;
            }
        }
        let original = original.clone();
        for r in &roots {
            if r.doc_id == original.doc_id {
                continue;
            }
            // Another group moves under the original only when its own
            // original is a copy of it: a document that matches two groups
            // does not chain two unrelated articles together.
            if r.doc_id != sig.doc_id
                && Comparison::of(r, &original).score(r, &original, &self.cfg) < 1.0
            {
                continue;
            }
            let moved = self.move_group(store, &r.doc_id, &original)?;
            if original.doc_id == sig.doc_id {
                out.became_original_of += moved;
            }
        }
        if original.doc_id != sig.doc_id {
            let link = self.link(&sig, &original);
            store.set_copy(&link)?;
            out.copy_of = Some(link);
        }
        Ok(out)
    }

    /// Links the group of `root` (it and its copies) to `original`, which
    /// may be one of them; how many were linked.
    fn move_group(
        &self,
        store: &mut dyn Store,
        root: &str,
        original: &Signature,
    ) -> Result<usize, RelateError> {
        let mut members = vec![root.to_string()];
        members.extend(store.copies_of(root)?.into_iter().map(|l| l.doc_id));
        let mut moved = 0;
        for m in &members {
            if *m == original.doc_id {
                continue;
            }
            if let Some(ms) = self.load(store, m)? {
                store.set_copy(&self.link(&ms, original))?;
                moved += 1;
            }
        }
        Ok(moved)
    }

    /// The candidates that are copies, best first, and how many
    /// candidates were compared.
    fn matches(
        &self,
        store: &dyn Store,
        sig: &Signature,
        bands: &[u64],
    ) -> Result<(Vec<Signature>, usize), RelateError> {
        let cands = store.candidates(
            bands,
            &sig.anchors,
            self.cfg.max_postings,
            self.cfg.max_candidates,
        )?;
        let mut found: Vec<(f64, Signature)> = Vec::new();
        let mut compared = 0;
        for c in cands {
            if c.doc_id == sig.doc_id {
                continue;
            }
            let Some(other) = self.load(store, &c.doc_id)? else {
                continue;
            };
            compared += 1;
            let cmp = Comparison::of(sig, &other);
            let score = cmp.score(sig, &other, &self.cfg);
            if score >= 1.0 {
                found.push((score, other));
            }
        }
        found.sort_by(|a, b| b.0.total_cmp(&a.0));
        Ok((found.into_iter().map(|(_, s)| s).collect(), compared))
    }

    fn load(&self, store: &dyn Store, id: &str) -> Result<Option<Signature>, RelateError> {
        match store.fingerprint_data(id)? {
            None => Ok(None),
            Some(data) => Ok(Some(Signature::from_bytes(id, &data)?)),
        }
    }

    fn link(&self, copy: &Signature, original: &Signature) -> CopyLink {
        let (relation, evidence) = relation(copy, original, &self.cfg);
        CopyLink {
            doc_id: copy.doc_id.clone(),
            original: original.doc_id.clone(),
            relation,
            evidence,
        }
    }

    /// Is `doc` written as a first-person spin? (See [`spin::spin`].)
    pub fn spin(&self, doc: &Document) -> Option<Spin> {
        spin::spin(doc, self.cfg.spin_sentences)
    }
}

/// Does `a` come before `b` as a group's original: published earlier (on
/// the dates' common precision), else — undated, or the same day — more
/// complete: more anchors (facts: names, numbers, dates; boilerplate adds
/// none), then more shingles? A tie keeps `b`.
pub fn precedes(a: &Signature, b: &Signature) -> bool {
    if let (Some(da), Some(db)) = (&a.date, &b.date) {
        let n = da.len().min(db.len()).min(10);
        match da.get(..n).cmp(&db.get(..n)) {
            std::cmp::Ordering::Less => return true,
            std::cmp::Ordering::Greater => return false,
            std::cmp::Ordering::Equal => {}
        }
    }
    (a.anchors.len(), a.shingles) > (b.anchors.len(), b.shingles)
}
