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

/// Counts the ids mentioned beside an entity from (document, id,
/// canonical name) rows, as they are read: each id's documents, named by
/// the greatest of its canonical names (as SQL's `max` does).
#[derive(Default)]
pub(crate) struct Cooccurring {
    ids: HashMap<String, u32>,
    named: Vec<(String, Option<String>)>,
    docs: HashMap<String, u32>,
    last_doc: Option<(String, u32)>,
    pairs: HashSet<(u32, u32)>,
}

impl Cooccurring {
    pub(crate) fn add(&mut self, doc: &str, id: &str, canonical: Option<&str>) {
        // Rows of one document usually come together: its number is
        // looked up once per run of rows.
        let d = match &self.last_doc {
            Some((last, n)) if last == doc => *n,
            _ => {
                let next = self.docs.len() as u32;
                let n = *self.docs.entry(doc.to_string()).or_insert(next);
                self.last_doc = Some((doc.to_string(), n));
                n
            }
        };
        let e = match self.ids.get(id) {
            Some(&e) => e,
            None => {
                let e = self.named.len() as u32;
                self.ids.insert(id.to_string(), e);
                self.named.push((id.to_string(), None));
                e
            }
        };
        let name = &mut self.named[e as usize].1;
        if canonical > name.as_deref() {
            *name = canonical.map(str::to_string);
        }
        self.pairs.insert((e, d));
    }

    /// In most documents first, then by canonical name (none first) and
    /// id; at most `top`.
    pub(crate) fn top(self, top: usize) -> Vec<crate::Cooccurrence> {
        let mut counts = vec![0u64; self.named.len()];
        for (e, _) in &self.pairs {
            counts[*e as usize] += 1;
        }
        let mut out: Vec<crate::Cooccurrence> = self
            .named
            .into_iter()
            .zip(counts)
            .map(|((entity_id, canonical), documents)| crate::Cooccurrence {
                entity_id,
                canonical,
                documents,
            })
            .collect();
        out.sort_by(|a, b| {
            b.documents
                .cmp(&a.documents)
                .then_with(|| a.canonical.cmp(&b.canonical))
                .then_with(|| a.entity_id.cmp(&b.entity_id))
        });
        out.truncate(top);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cooccurring(rows: Vec<(&str, &str, Option<&str>)>, top: usize) -> Vec<crate::Cooccurrence> {
        let mut c = Cooccurring::default();
        for (doc, id, canonical) in rows {
            c.add(doc, id, canonical);
        }
        c.top(top)
    }

    fn row<'a>(
        doc: &'a str,
        id: &'a str,
        canonical: Option<&'a str>,
    ) -> (&'a str, &'a str, Option<&'a str>) {
        (doc, id, canonical)
    }

    #[test]
    fn cooccurring_counts_documents_not_mentions() {
        let got = cooccurring(
            vec![
                row("d1", "q:b", Some("Bea")),
                row("d1", "q:b", Some("Bea")),
                row("d1", "q:a", Some("Ann")),
                row("d2", "q:a", None),
                row("d2", "q:b", Some("Béatrice")),
                row("d3", "q:c", None),
                row("d3", "q:b", None),
                // A document seen again after another one counts once.
                row("d1", "q:b", None),
            ],
            10,
        );
        let got: Vec<(&str, Option<&str>, u64)> = got
            .iter()
            .map(|c| (c.entity_id.as_str(), c.canonical.as_deref(), c.documents))
            .collect();
        assert_eq!(
            got,
            vec![
                ("q:b", Some("Béatrice"), 3),
                ("q:a", Some("Ann"), 2),
                ("q:c", None, 1),
            ]
        );
    }

    #[test]
    fn cooccurring_ties_go_by_name_then_id_and_stop_at_top() {
        let got = cooccurring(
            vec![
                row("d1", "q:z", Some("Zoé")),
                row("d1", "q:y", None),
                row("d1", "q:x", Some("Zoé")),
            ],
            2,
        );
        let ids: Vec<&str> = got.iter().map(|c| c.entity_id.as_str()).collect();
        assert_eq!(ids, vec!["q:y", "q:x"]);
    }
}
