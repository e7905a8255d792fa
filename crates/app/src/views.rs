//! What service calls return, beyond the store's own rows.

use serde::Serialize;
use std::collections::BTreeMap;
use veille_core::{CopyEvidence, CopyLink, CopyRelation, Document};
use veille_kb::link::{Entry, Kind};
use veille_relate::Spin;
use veille_store::DocRow;
use veille_store::{EntityReport, Stats};

/// What an ingest did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct IngestReport {
    /// Documents read.
    pub read: usize,
    /// New content stored.
    pub inserted: usize,
    /// Content already stored (a source was added).
    pub duplicates: usize,
    /// New documents found to be copies of a stored one (or an earlier
    /// original of stored copies).
    pub copies: usize,
    /// New documents written as a first-person spin.
    pub spins: usize,
    /// Stories opened (a new document that joined none).
    pub stories: usize,
    /// Skipped inputs by reason.
    pub skipped: BTreeMap<String, usize>,
    /// The store afterwards.
    pub store: Stats,
    /// Ids of the documents read and stored (new or already stored), in
    /// the order read (the first [`crate::ingest::LISTED`]).
    pub documents: Vec<String>,
    /// Threads that analysed the documents.
    pub threads: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Tokens analysed.
    pub tokens: u64,
    /// Seconds per stage, summed over threads.
    pub stages: veille_core::StageTimes,
}

/// A stored document with every source it was seen at, its copy
/// relations and its spin flag.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    #[serde(flatten)]
    pub document: Document,
    pub sources: Vec<String>,
    /// The original it copies, if it is a copy.
    pub copy_of: Option<CopyView>,
    /// The other copies of its group's original (its own copies when it is
    /// the original).
    pub copies: Vec<CopyView>,
    /// Set when it is written as a first-person spin.
    pub spin: Option<Spin>,
    /// The story it belongs to.
    pub story: Option<StoryView>,
}

/// A document's story in `show`: id, label, dates, its documents oldest
/// first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryView {
    pub id: String,
    pub label: String,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub documents: Vec<String>,
}

/// One side of a copy relation: the other document, the relation, the
/// evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CopyView {
    /// The copy (in `copies`) or the original (in `copy_of`).
    pub id: String,
    pub relation: CopyRelation,
    pub similarity: f64,
    pub evidence: CopyEvidence,
}

impl CopyView {
    /// The copy side of a link.
    pub fn copy(l: CopyLink) -> CopyView {
        CopyView {
            id: l.doc_id,
            relation: l.relation,
            similarity: l.evidence.similarity,
            evidence: l.evidence,
        }
    }

    /// The original side of a link.
    pub fn original(l: CopyLink) -> CopyView {
        CopyView {
            id: l.original.clone(),
            ..CopyView::copy(l)
        }
    }
}

/// A document's `copy_of` in exports: its original, the relation, the
/// similarity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CopyOf {
    pub id: String,
    pub relation: CopyRelation,
    pub similarity: f64,
}

/// One line of `export documents`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRow {
    pub id: String,
    pub url: Option<String>,
    /// How many sources it was seen at.
    pub sources: u64,
    /// Where it was first stored from.
    pub source: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub lang: veille_core::Lang,
    pub copy_of: Option<CopyOf>,
    /// Its story's id (null for a document stored before stories were
    /// built).
    pub story: Option<String>,
}

impl From<DocRow> for DocumentRow {
    fn from(r: DocRow) -> DocumentRow {
        DocumentRow {
            id: r.id,
            url: r.url,
            sources: r.sources,
            source: r.source,
            title: r.title,
            date: r.date,
            lang: r.lang,
            copy_of: r.copy_of.map(|l| CopyOf {
                id: l.original,
                relation: l.relation,
                similarity: l.evidence.similarity,
            }),
            story: r.story,
        }
    }
}

/// An office an actor holds or held.
#[derive(Debug, Clone, Serialize)]
pub struct OfficeView {
    pub role: String,
    pub of: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// One actor: the knowledge base's record (if any) and the store's counts.
#[derive(Debug, Clone, Serialize)]
pub struct EntityView {
    pub id: String,
    pub canonical: Option<String>,
    /// person, country, place, organization, weapon (knowledge base only).
    pub kind: Option<String>,
    /// The actor code today (a person's follows the office held).
    pub code: Option<String>,
    /// Whether the knowledge base knows it (else its id is made from its name).
    pub in_kb: bool,
    pub aliases: Vec<String>,
    pub offices: Vec<OfficeView>,
    pub store: EntityReport,
}

impl EntityView {
    pub fn new(id: String, kb: Option<&Entry>, store: EntityReport) -> EntityView {
        let kb_code = kb.and_then(|e| match e.kind {
            Kind::Person => veille_kb::link::person_code(e, None),
            _ => e.code.clone(),
        });
        EntityView {
            id,
            canonical: kb
                .map(|e| e.canonical.clone())
                .or_else(|| store.canonical.clone()),
            kind: kb.map(|e| format!("{:?}", e.kind).to_lowercase()),
            code: kb_code.or_else(|| store.code.clone()),
            in_kb: kb.is_some(),
            aliases: kb.map(|e| e.aliases.clone()).unwrap_or_default(),
            offices: kb
                .map(|e| {
                    e.offices
                        .iter()
                        .map(|o| OfficeView {
                            role: o.role.clone(),
                            of: o.of.clone(),
                            from: o.from.clone(),
                            to: o.to.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            store,
        }
    }
}

/// What `veille stats` shows: everything stored, counted, and the latest
/// ingest runs.
#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    pub inventory: veille_store::Inventory,
    /// Newest first.
    pub runs: Vec<veille_store::IngestRun>,
}
