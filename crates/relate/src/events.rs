//! Events across reports: the same event told by several documents is one
//! event with several mentions. At ingest, each event of a new document is
//! compared with the events of the documents it is related to — its copy
//! group (original and copies) and its story — and linked to the first
//! that matches: the same type, the same source and the same target
//! entity ids (or both without one), and dates that agree on their common
//! precision (an undated side agrees). The store keeps the links
//! ([`Store::link_event`]) and counts mentions and independent sources.
//!
//! Matching needs only a few facts per event ([`EventFacts`]); an
//! [`EventLinker`] keeps those of the documents it has seen (a bounded
//! number, the newest), so that linking a new document reads no stored
//! document whose facts it already holds.

use crate::RelateError;
use std::collections::{HashMap, VecDeque};
use veille_core::{Document, Event, EventArg, EventType};
use veille_store::Store;

/// Related documents read per new document (its story's newest first).
pub const MAX_RELATED: usize = 20;

/// Documents whose event facts a linker keeps by default.
pub const KEPT: usize = 50_000;

/// Days either side within which dates read from publication dates agree.
pub const PUBLICATION_SLACK_DAYS: i64 = 3;

fn arg_id(a: &Option<EventArg>) -> Option<String> {
    a.as_ref().and_then(|a| a.entity_id.clone())
}

/// What matching needs of one event: its type, its actors' entity ids and
/// its date, with whether the text states it (else it is the publication
/// date's).
#[derive(Debug, Clone, PartialEq)]
pub struct EventFact {
    pub event_type: EventType,
    pub source: Option<String>,
    pub target: Option<String>,
    pub date: Option<(String, bool)>,
}

impl EventFact {
    /// The facts of `e`, read from `doc` (whose date stands in for an
    /// undated event's).
    pub fn of(e: &Event, doc: &Document) -> EventFact {
        let date = match e
            .date
            .as_ref()
            .and_then(|d| d.value.as_ref().map(|v| (v.clone(), d.text.is_some())))
        {
            Some(x) => Some(x),
            None => doc.date.as_ref().map(|d| (d.value.clone(), false)),
        };
        EventFact {
            event_type: e.event_type,
            source: arg_id(&e.source),
            target: arg_id(&e.target),
            date,
        }
    }

    /// Can it be matched at all? An event with neither actor linked says
    /// too little.
    pub fn linkable(&self) -> bool {
        self.source.is_some() || self.target.is_some()
    }

    /// Do the two report the same event?
    pub fn same(&self, other: &EventFact) -> bool {
        if self.event_type != other.event_type
            || self.source != other.source
            || self.target != other.target
            || !self.linkable()
        {
            return false;
        }
        match (&self.date, &other.date) {
            // Both stated in the text: they agree on their common precision.
            (Some((x, true)), Some((y, true))) => {
                let n = x.len().min(y.len()).min(10);
                x.get(..n) == y.get(..n)
            }
            // A publication date: a repost or a later report may be a few
            // days late.
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
}

/// The facts of a document's events, in the store's order.
pub type EventFacts = Vec<EventFact>;

/// The facts of `doc`'s events in the store's order ([`stored_events`]).
pub fn facts_of(doc: &Document) -> EventFacts {
    stored_events(doc)
        .into_iter()
        .map(|e| EventFact::of(e, doc))
        .collect()
}

/// Do two events, each read from its document, report the same event?
pub fn same_event(a: &Event, da: &Document, b: &Event, db: &Document) -> bool {
    EventFact::of(a, da).same(&EventFact::of(b, db))
}

/// A document's events in the store's order (its index in a `DOCID-INDEX`
/// id): the headline's, then the text's.
pub fn stored_events(doc: &Document) -> Vec<&Event> {
    doc.headline.events.iter().chain(&doc.events).collect()
}

/// Links the events of new documents to those of related documents,
/// keeping the event facts of the newest documents it has seen.
///
/// Facts of a stored document never change (a document id is its
/// content's hash), so what the linker keeps stays true whoever else
/// writes to the store.
#[derive(Debug, Clone)]
pub struct EventLinker {
    kept: HashMap<String, EventFacts>,
    order: VecDeque<String>,
    capacity: usize,
    /// Stored documents read because their facts were not kept.
    pub reads: u64,
}

impl Default for EventLinker {
    fn default() -> EventLinker {
        EventLinker::new(KEPT)
    }
}

impl EventLinker {
    /// A linker keeping the facts of up to `capacity` documents.
    pub fn new(capacity: usize) -> EventLinker {
        EventLinker {
            kept: HashMap::new(),
            order: VecDeque::new(),
            capacity,
            reads: 0,
        }
    }

    fn keep(&mut self, id: &str, facts: EventFacts) {
        if self.capacity == 0 || self.kept.contains_key(id) {
            return;
        }
        while self.order.len() >= self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.kept.remove(&old);
            }
        }
        self.order.push_back(id.to_string());
        self.kept.insert(id.to_string(), facts);
    }

    /// The facts of a stored document's events, kept or read.
    fn facts(&mut self, store: &dyn Store, id: &str) -> Result<Option<EventFacts>, RelateError> {
        if let Some(f) = self.kept.get(id) {
            return Ok(Some(f.clone()));
        }
        self.reads += 1;
        let Some(doc) = store.get(id)? else {
            return Ok(None);
        };
        let facts = facts_of(&doc);
        self.keep(id, facts.clone());
        Ok(Some(facts))
    }

    /// Links each event of a stored (and already related: copies and
    /// story) document to the matching event of a related document.
    /// Returns how many of its events were linked.
    pub fn link(&mut self, store: &mut dyn Store, doc: &Document) -> Result<usize, RelateError> {
        let mine = facts_of(doc);
        self.keep(&doc.id, mine.clone());
        // Without a linkable event, no related document needs reading.
        if !mine.iter().any(EventFact::linkable) {
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
        let mut done: Vec<bool> = mine.iter().map(|f| !f.linkable()).collect();
        for id in related {
            if done.iter().all(|d| *d) {
                break;
            }
            let Some(theirs) = self.facts(&*store, &id)? else {
                continue;
            };
            for (i, e) in mine.iter().enumerate() {
                if done[i] {
                    continue;
                }
                if let Some(j) = theirs.iter().position(|o| e.same(o)) {
                    store.link_event(&doc.id, i, &format!("{id}-{j}"))?;
                    done[i] = true;
                    linked += 1;
                }
            }
        }
        Ok(linked)
    }
}

/// Links each event of a stored (and already related: copies and story)
/// document to the matching event of a related document, reading related
/// documents from the store. Returns how many of its events were linked.
/// (An [`EventLinker`] kept across documents reads fewer.)
pub fn link_events(store: &mut dyn Store, doc: &Document) -> Result<usize, RelateError> {
    EventLinker::new(0).link(store, doc)
}
