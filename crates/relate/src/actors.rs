//! One actor across documents. A person outside the knowledge base gets
//! an id from the name as written, so "Jean Moulinard" in one article and
//! "Moulinard" or "M. Moulinard" in the next would be two actors. Before a
//! document is stored, each person it names by a surname alone (a title in
//! front allowed) takes the id and full name of the one person stored
//! under a full name ending in that surname — or named so by an earlier
//! document of the same batch; with none, or with two or more such
//! persons (two Moulinards), it keeps its own id. Its events' actors and
//! its quotes' speakers follow.

use crate::RelateError;
use std::collections::{BTreeMap, BTreeSet};
use veille_core::{Document, Entity, EntityLabel};
use veille_store::Store;

/// Titles that may stand before a surname.
const TITLES: &[&str] = &[
    "m.",
    "mm.",
    "mme",
    "mmes",
    "mlle",
    "me",
    "dr",
    "pr",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "monsieur",
    "madame",
    "mademoiselle",
    "maître",
    "docteur",
    "professeur",
];

/// The surname of a person named by it alone ("Moulinard", "M.
/// Moulinard"), outside the knowledge base.
fn lone_surname(e: &Entity) -> Option<&str> {
    if e.label != EntityLabel::Per
        || !e
            .entity_id
            .as_deref()
            .is_some_and(|id| id.starts_with("veille:per:"))
    {
        return None;
    }
    let words: Vec<&str> = e.text.split_whitespace().collect();
    let (last, before) = words.split_last()?;
    if !before
        .iter()
        .all(|w| TITLES.contains(&w.to_lowercase().as_str()))
        || !last.chars().next().is_some_and(char::is_uppercase)
    {
        return None;
    }
    Some(last)
}

/// A person named in full in a document: (folded surname, id, name).
fn full_names(doc: &Document) -> impl Iterator<Item = (String, String, String)> + '_ {
    doc.all_entities().filter_map(|(e, _)| {
        if e.label != EntityLabel::Per {
            return None;
        }
        let id = e.entity_id.as_deref()?;
        if !id.starts_with("veille:per:") {
            return None;
        }
        let name = e.canonical.as_deref().unwrap_or(&e.text);
        let mut words = name.split_whitespace();
        let last = words.next_back()?;
        words.next()?;
        Some((veille_core::fold(last), id.to_string(), name.to_string()))
    })
}

/// Gives surname-only mentions of `doc` the id of the one person stored
/// (or named in `earlier`) under a full name with that surname. Returns
/// how many mentions changed.
pub fn resolve_actors(
    store: &dyn Store,
    doc: &mut Document,
    earlier: &[Document],
) -> Result<usize, RelateError> {
    let wanted: BTreeSet<String> = doc
        .all_entities()
        .filter_map(|(e, _)| lone_surname(e))
        .map(veille_core::fold)
        .collect();
    if wanted.is_empty() {
        return Ok(0);
    }
    // Surname → the persons it may name.
    let mut found: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for s in &wanted {
        let m = found.entry(s.clone()).or_default();
        for (id, name) in store.persons_by_surname(s, 3)? {
            m.insert(id, name);
        }
    }
    for d in earlier {
        for (s, id, name) in full_names(d) {
            if let Some(m) = found.get_mut(&s) {
                m.insert(id, name);
            }
        }
    }
    // Old id → (new id, full name), unambiguous only.
    let mut map: BTreeMap<String, (String, String)> = BTreeMap::new();
    for e in doc.entities.iter().chain(&doc.headline.entities) {
        let Some(s) = lone_surname(e) else { continue };
        let Some(m) = found.get(&veille_core::fold(s)) else {
            continue;
        };
        if m.len() == 1 {
            let (id, name) = m
                .iter()
                .next()
                .map(|(a, b)| (a.clone(), b.clone()))
                .unwrap_or_default();
            if let Some(old) = &e.entity_id {
                if *old != id {
                    map.insert(old.clone(), (id, name));
                }
            }
        }
    }
    if map.is_empty() {
        return Ok(0);
    }
    let mut changed = 0;
    for e in doc
        .entities
        .iter_mut()
        .chain(doc.headline.entities.iter_mut())
    {
        if let Some((id, name)) = e.entity_id.as_ref().and_then(|i| map.get(i)) {
            e.entity_id = Some(id.clone());
            e.canonical = Some(name.clone());
            changed += 1;
        }
    }
    for ev in doc.events.iter_mut().chain(doc.headline.events.iter_mut()) {
        for a in [&mut ev.source, &mut ev.target].into_iter().flatten() {
            if let Some((id, _)) = a.entity_id.as_ref().and_then(|i| map.get(i)) {
                a.entity_id = Some(id.clone());
            }
        }
    }
    for q in doc.quotes.iter_mut().chain(doc.headline.quotes.iter_mut()) {
        if let Some((id, name)) = q.speaker_id.as_ref().and_then(|i| map.get(i)) {
            q.speaker_id = Some(id.clone());
            q.speaker_name = Some(name.clone());
        }
    }
    Ok(changed)
}
