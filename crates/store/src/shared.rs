//! What every backend computes the same way: the keys a document counts
//! for, search facets and copy candidates in order. One copy of the
//! logic, so the backends cannot drift apart.

use crate::{Candidate, EntityFacet, FacetCount, Facets};
use std::collections::{HashMap, HashSet};

/// The entity and place ids a document mentions, each once: the keys
/// whose documents [`crate::Store::key_documents`] counts.
pub(crate) fn entity_keys(d: &veille_core::Document) -> std::collections::BTreeSet<&str> {
    d.all_entities()
        .flat_map(|(e, _)| {
            [
                e.entity_id.as_deref(),
                e.place.as_ref().map(|p| p.place_id.as_str()),
            ]
        })
        .flatten()
        .collect()
}

/// A mention as facets read it: document, label, entity id, canonical
/// name, text.
pub(crate) type FacetMention = (String, String, Option<String>, Option<String>, String);

/// Facets of a sample: counts by language and site, documents by entity
/// label, and the 20 entities in most documents (named by their canonical
/// name, else their first form); most first, ties by name.
pub(crate) fn facets(
    lang: HashMap<String, u64>,
    site: HashMap<String, u64>,
    mentions: impl IntoIterator<Item = FacetMention>,
) -> Facets {
    let mut labels: HashMap<String, HashSet<String>> = HashMap::new();
    let mut entities: HashMap<String, (Option<String>, String, HashSet<String>)> = HashMap::new();
    for (doc, label, entity_id, canonical, text) in mentions {
        labels.entry(label).or_default().insert(doc.clone());
        if let Some(e) = entity_id {
            let slot = entities
                .entry(e)
                .or_insert_with(|| (None, text, HashSet::new()));
            if slot.0.is_none() {
                slot.0 = canonical;
            }
            slot.2.insert(doc);
        }
    }
    let counts = |m: HashMap<String, u64>| {
        let mut v: Vec<FacetCount> = m
            .into_iter()
            .map(|(value, count)| FacetCount { value, count })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        v
    };
    let mut entity: Vec<EntityFacet> = entities
        .into_iter()
        .map(|(id, (canonical, text, docs))| EntityFacet {
            id,
            name: canonical.unwrap_or(text),
            count: docs.len() as u64,
        })
        .collect();
    entity.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.id.cmp(&b.id)));
    entity.truncate(20);
    Facets {
        lang: counts(lang),
        site: counts(site),
        label: counts(
            labels
                .into_iter()
                .map(|(l, d)| (l, d.len() as u64))
                .collect(),
        ),
        entity,
    }
}

/// Candidates from (bands, keys) shared per document: most shared first,
/// ties by id, at most `limit`.
pub(crate) fn ranked_candidates(
    found: HashMap<String, (u32, u32)>,
    limit: usize,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = found
        .into_iter()
        .map(|(doc_id, (bands, keys))| Candidate {
            doc_id,
            bands,
            keys,
        })
        .collect();
    out.sort_by(|a, b| {
        (b.bands + b.keys)
            .cmp(&(a.bands + a.keys))
            .then_with(|| a.doc_id.cmp(&b.doc_id))
    });
    out.truncate(limit);
    out
}
