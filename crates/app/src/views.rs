//! What service calls return, beyond the store's own rows.

use serde::Serialize;
use std::collections::BTreeMap;
use veille_core::Document;
use veille_kb::link::{Entry, Kind};
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
    /// Skipped inputs by reason.
    pub skipped: BTreeMap<String, usize>,
    /// The store afterwards.
    pub store: Stats,
}

/// A stored document with every source it was seen at.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    #[serde(flatten)]
    pub document: Document,
    pub sources: Vec<String>,
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
