//! Events across reports: the same event told by several documents is one
//! event with several mentions. At ingest, each event of a new document is
//! compared with the events of the documents it is related to — its copy
//! group (original and copies) and its story — and linked to the first
//! that matches: the same type, the same source and the same target
//! entity ids (or both without one), and dates that agree on their common
//! precision (an undated side agrees). The store keeps the links
//! ([`Store::link_event`]) and counts mentions and independent sources.

use crate::RelateError;
use veille_core::{Document, Event, EventArg};
use veille_store::Store;

/// Related documents read per new document (its story's newest first).
pub const MAX_RELATED: usize = 20;

fn arg_id(a: &Option<EventArg>) -> Option<&str> {
    a.as_ref().and_then(|a| a.entity_id.as_deref())
}

/// An event's date and whether its text states it (else it was taken
/// from the publication date), falling back to the document's date.
fn date_of<'a>(e: &'a Event, doc: &'a Document) -> Option<(&'a str, bool)> {
    match e
        .date
        .as_ref()
        .and_then(|d| d.value.as_deref().map(|v| (v, d.text.is_some())))
    {
        Some(x) => Some(x),
        None => doc.date.as_ref().map(|d| (d.value.as_str(), false)),
    }
}

/// Days either side within which dates read from publication dates agree.
pub const PUBLICATION_SLACK_DAYS: i64 = 3;

/// Do two events, each read from its document, report the same event?
pub fn same_event(a: &Event, da: &Document, b: &Event, db: &Document) -> bool {
    if a.event_type != b.event_type
        || arg_id(&a.source) != arg_id(&b.source)
        || arg_id(&a.target) != arg_id(&b.target)
    {
        return false;
    }
    // An event with neither actor linked says too little to be matched.
    if arg_id(&a.source).is_none() && arg_id(&a.target).is_none() {
        return false;
    }
    match (date_of(a, da), date_of(b, db)) {
        // Both stated in the text: they agree on their common precision.
        (Some((x, true)), Some((y, true))) => {
            let n = x.len().min(y.len()).min(10);
            x.get(..n) == y.get(..n)
        }
        // A publication date: a repost or a later report may be a few days
        // late.
        (Some((x, _)), Some((y, _))) => match (crate::story::days(x), crate::story::days(y)) {
            (Some(p), Some(q)) => (p - q).abs() <= PUBLICATION_SLACK_DAYS,
            _ => {
                let n = x.len().min(y.len()).min(7);
                x.get(..n) == y.get(..n)
            }
        },
        _ => true,
    }
}

/// A document's events in the store's order (its index in a `DOCID-INDEX`
/// id): the headline's, then the text's.
pub fn stored_events(doc: &Document) -> Vec<&Event> {
    doc.headline.events.iter().chain(&doc.events).collect()
}

/// Links each event of a stored (and already related: copies and story)
/// document to the matching event of a related document. Returns how
/// many of its events were linked.
pub fn link_events(store: &mut dyn Store, doc: &Document) -> Result<usize, RelateError> {
    let mine = stored_events(doc);
    // Only an event with a linked actor can be matched ([`same_event`]):
    // without one, no related document needs reading.
    if mine
        .iter()
        .all(|e| arg_id(&e.source).is_none() && arg_id(&e.target).is_none())
    {
        return Ok(0);
    }
    let mut related: Vec<String> = Vec::new();
    let original = store
        .copy_of(&doc.id)?
        .map_or_else(|| doc.id.clone(), |l| l.original);
    related.push(original.clone());
    related.extend(store.copies_of(&original)?.into_iter().map(|l| l.doc_id));
    if let Some(story) = store.story_of(&doc.id)? {
        let mut docs = store.story_documents(&story)?;
        docs.reverse();
        related.extend(docs.into_iter().take(MAX_RELATED));
    }
    let mut seen = std::collections::HashSet::new();
    related.retain(|id| id != &doc.id && seen.insert(id.clone()));
    let mut linked = 0;
    let mut done = vec![false; mine.len()];
    for id in related {
        let Some(other) = store.get(&id)? else {
            continue;
        };
        let theirs = stored_events(&other);
        for (i, e) in mine.iter().enumerate() {
            if done[i] {
                continue;
            }
            if let Some(j) = theirs.iter().position(|o| same_event(e, doc, o, &other)) {
                store.link_event(&doc.id, i, &format!("{}-{j}", other.id))?;
                done[i] = true;
                linked += 1;
            }
        }
        if done.iter().all(|d| *d) {
            break;
        }
    }
    Ok(linked)
}
