//! The store: where analysed documents are kept and searched.
//!
//! [`Store`] is the backend-neutral seam: every caller (CLI, HTTP server)
//! talks to a `Box<dyn Store>` obtained from [`open`], and every backend
//! implements the same operations with the same behaviour, checked by the
//! shared [`conformance`] suite (behind the `conformance` feature).
//!
//! Documents are keyed by content id, so ingesting the same content twice
//! stores it once; every source it was seen at is kept. Full-text search
//! takes a parsed [`TextQuery`] (never backend syntax), ignores accents and
//! ranks by relevance (BM25 on SQLite, `ts_rank` on PostgreSQL), the title
//! weighted twice the text.
//!
//! Backends: [`SqliteStore`] (one file in WAL mode, FTS5) and, with the
//! `postgres` feature (on by default), [`PgStore`] (`postgres://…`: its
//! own migrations, `tsvector` search with accents folded and French or
//! English stems, ranked by `ts_rank`).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::ControlFlow;
use std::path::Path;
use veille_core::{CopyLink, Document, EntityLabel, Event, EventType, Lang, Modality, QuoteKind};

#[cfg(feature = "postgres")]
mod postgres;
mod query;
mod shared;
mod sqlite;

#[cfg(feature = "conformance")]
pub mod conformance;

#[cfg(feature = "postgres")]
pub use postgres::{PgStore, PG_SCHEMA_VERSION};
pub use query::{Term, TextQuery};
pub use sqlite::{SqliteStore, SCHEMA_VERSION};

/// What can go wrong in a store, whatever the backend.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The store could not be opened or created.
    #[error("cannot open store {locator}: {reason}")]
    Open { locator: String, reason: String },
    /// The store was written by a newer veille.
    #[error("store {locator} has schema version {found}, newer than this veille ({known}); upgrade veille")]
    TooNew {
        locator: String,
        found: i64,
        known: i64,
    },
    /// A stored document cannot be read back (or a document cannot be written).
    #[error("stored document {id} is unreadable: {reason}")]
    Corrupt { id: String, reason: String },
    /// The backend refused a search query.
    #[error("invalid search query {query:?}: {reason}")]
    Query { query: String, reason: String },
    /// A backend or feature this build does not provide.
    #[error("{what} is not supported: {hint}")]
    Unsupported { what: String, hint: String },
    /// Any other failure of the backend, with its message.
    #[error("store error: {0}")]
    Backend(String),
    /// An event mention (`DOCID-INDEX`) that is not stored.
    #[error("no stored event {0}")]
    NoEvent(String),
    /// The disk (or the database's quota) is full. The unit of work under
    /// way was rolled back; what was committed before is kept.
    #[error("the store is full ({0}): the batch under way was not stored and what was stored before is kept; free some space and run the same command again to resume")]
    Full(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What storing one document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Put {
    /// New content.
    Inserted,
    /// Content already stored; the source was recorded.
    Duplicate,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    pub title: Option<String>,
    /// The source the document was first stored from.
    pub source: String,
    pub date: Option<String>,
    pub lang: Lang,
    /// An extract with the matched words between `[` and `]` (text search),
    /// or the start of the text (entity-only search).
    pub snippet: String,
    /// Higher is better: relevance for text search (BM25 on SQLite,
    /// `ts_rank` on PostgreSQL: compare within one backend only), mentions
    /// for entity-only search.
    pub score: f64,
}

/// A stored quote with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteHit {
    pub doc_id: String,
    pub source: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub text: String,
    pub kind: QuoteKind,
    pub cue: Option<String>,
    /// The speaker as written.
    pub speaker: Option<String>,
    /// The speaker's entity name, when resolved.
    pub speaker_name: Option<String>,
}

/// How often one surface form with one label is mentioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionCount {
    pub text: String,
    pub label: EntityLabel,
    pub mentions: u64,
    pub documents: u64,
}

/// A surface form of an entity and how often it is written so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Form {
    pub text: String,
    pub count: u64,
}

/// A document mentioning an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocMention {
    pub id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub mentions: u64,
}

/// An entity appearing in the same documents as another (among the
/// other's latest [`COOCCURRENCE_DOCS`] documents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cooccurrence {
    pub entity_id: String,
    pub canonical: Option<String>,
    /// Documents both entities appear in.
    pub documents: u64,
}

/// What the store knows of one entity id. An unknown id gives zero counts
/// and empty lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityReport {
    pub id: String,
    pub canonical: Option<String>,
    pub code: Option<String>,
    pub mentions: u64,
    pub documents: u64,
    /// Surface forms, most written first.
    pub forms: Vec<Form>,
    /// Documents mentioning it, newest first.
    pub docs: Vec<DocMention>,
    /// Entities sharing its documents, most shared first.
    pub cooccurring: Vec<Cooccurrence>,
    /// Where its mentions were placed on the map, most mentioned first
    /// (places only).
    pub places: Vec<veille_core::Place>,
}

/// An events request: every filter optional. An actor is matched by its
/// entity id when the caller resolved one, else by the mention as written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventQuery {
    pub actor: Option<String>,
    pub actor_id: Option<String>,
    pub target: Option<String>,
    pub target_id: Option<String>,
    pub event_type: Option<EventType>,
    pub modality: Option<Modality>,
    /// ISO dates (any precision): events on or after `since`, up to `until`.
    pub since: Option<String>,
    pub until: Option<String>,
    /// Where: a place id ("geonames:625144"), a place's name as the
    /// gazetteer writes it ("Minsk"), a country's ISO alpha-3 code, or
    /// the location as written.
    pub place: Option<String>,
    pub limit: usize,
}

/// A stored event with the document it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventHit {
    pub doc_id: String,
    /// Where the document was first stored from.
    pub source_doc: String,
    pub title: Option<String>,
    /// The event's date, else the document's.
    pub date: Option<String>,
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub cameo: String,
    pub trigger: String,
    pub source: Option<String>,
    pub source_id: Option<String>,
    pub source_code: Option<String>,
    pub target: Option<String>,
    pub target_id: Option<String>,
    pub target_code: Option<String>,
    pub location: Option<String>,
    pub modality: Modality,
    pub reported_by: Option<String>,
    /// The sentence it was read from (the evidence).
    pub sentence: String,
    pub confidence: f64,
    /// The location on the map.
    pub place: Option<veille_core::Place>,
}

/// A stored event in full (mode, context, places, date), with its
/// document: what exports write.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    pub doc_id: String,
    /// The event's place in its document's events: with `doc_id`, a stable id.
    pub index: usize,
    /// Where the document was first stored from.
    pub source_doc: String,
    pub url: Option<String>,
    pub title: Option<String>,
    /// The document's publication date (ISO).
    pub doc_date: Option<String>,
    pub lang: Lang,
    /// How many sources the document was seen at (at least 1).
    pub sources: u64,
    /// The sentence it was read from (the evidence).
    pub sentence: String,
    pub event: Event,
    /// The event across reports: its id, mentions and independent sources.
    pub reports: EventReports,
}

/// One event across the documents that report it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EventReports {
    /// The event's id across reports: `DOCID-INDEX` of the mention it was
    /// first stored as.
    pub event_id: String,
    /// Documents reporting it, copies included.
    pub mentions: u64,
    /// Distinct originals on distinct sites (copies do not count).
    pub independent_sources: u64,
    /// Places its documents were seen at (every source of every mention).
    pub sightings: u64,
}

/// HTTP cache validators of a polled feed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedValidators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// Size of a store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub documents: u64,
    /// (document, source) pairs: every place a document was seen at.
    pub sources: u64,
}

/// A stored document's copy-detection fingerprint. The store indexes its
/// lookup keys and keeps its signature as an opaque blob (the relate
/// stage's to read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprint {
    pub doc_id: String,
    /// Locality-sensitive keys of its text (LSH bands): near-duplicates
    /// share at least one.
    pub bands: Vec<u64>,
    /// Keys of what survives rewording and translation (ordered pairs of
    /// linked entities, numbers, dates, places).
    pub keys: Vec<u64>,
    /// The signature itself.
    pub data: Vec<u8>,
}

/// A stored document sharing lookup keys with a fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub doc_id: String,
    /// Bands shared.
    pub bands: u32,
    /// Keys shared.
    pub keys: u32,
}

/// One stored document as exports list it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocRow {
    pub id: String,
    /// Where it was first stored from.
    pub source: String,
    pub url: Option<String>,
    /// How many sources it was seen at (at least 1).
    pub sources: u64,
    pub title: Option<String>,
    pub date: Option<String>,
    pub lang: Lang,
    /// Its link to the original of its copy group, if it is a copy.
    pub copy_of: Option<CopyLink>,
    /// The story it belongs to, if stories were built for it.
    pub story: Option<String>,
}

/// A story cluster as the store keeps it: its lookup keys (the key entity
/// and place ids of its documents, indexed for candidate lookup), its
/// dates (for the lookup window) and its state as an opaque blob (the
/// relate stage's to read).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryRecord {
    pub id: String,
    pub label: String,
    /// Earliest and latest publication date (ISO) of its documents.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub keys: Vec<String>,
    pub data: Vec<u8>,
}

/// A story as `veille stories` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryRow {
    pub id: String,
    pub label: String,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// Documents in it, copies included.
    pub documents: u64,
    /// Independent sources: distinct originals (a copy counts as its
    /// original) on distinct sites (an undated, siteless original counts
    /// alone).
    pub independent: u64,
}

/// A browsing search: the filters of [`SearchQuery`] and more (language,
/// site, date range), a page of hits and facet counts. Unlike
/// [`Store::search`], a request without text or entity lists every
/// document passing the filters, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchFilter {
    pub text: Option<TextQuery>,
    /// An entity by name (folded), or by the id the caller resolved.
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// Only documents with a mention of this type (of the entity, when one
    /// is given).
    pub label: Option<EntityLabel>,
    pub lang: Option<Lang>,
    /// The site as stored (`Document::site`, e.g. "lemonde.fr").
    pub site: Option<String>,
    /// ISO dates (any precision): documents published on or after `since`,
    /// up to `until` (inclusive at its precision).
    pub since: Option<String>,
    pub until: Option<String>,
    /// Hits skipped (paging) and hits given at most.
    pub offset: usize,
    pub limit: usize,
}

/// One hit of a [`SearchFilter`] search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageHit {
    pub id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub site: Option<String>,
    pub date: Option<String>,
    pub lang: Lang,
    /// Matched words between `[` and `]` (text search), else the text's start.
    pub snippet: String,
    /// Higher is better: relevance (text; see [`Hit::score`]), mentions
    /// (entity only), 0 (filters only).
    pub score: f64,
}

/// A value of a facet and how many matching documents have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// An entity among the matching documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityFacet {
    pub id: String,
    pub name: String,
    pub count: u64,
}

/// Facets of a search, each most frequent first, counted over the best
/// [`FACET_SAMPLE`] matching documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Entity labels (PER, ORG, LOC…): documents with a mention of each.
    #[serde(rename = "type")]
    pub label: Vec<FacetCount>,
    pub lang: Vec<FacetCount>,
    pub site: Vec<FacetCount>,
    /// The most shared linked entities (at most 20).
    pub entity: Vec<EntityFacet>,
}

/// How many of the best matches facets are counted over.
pub const FACET_SAMPLE: usize = 200;
/// Totals are counted up to this many (then `total_exact` is false).
pub const COUNT_CAP: usize = 10_000;
/// Co-occurring entities are counted over an actor's latest documents,
/// this many (distinct documents, newest first by day then id): an actor
/// in every fourth document of a large store answers as fast as a rare
/// one. Each document is one random read of its mentions: 1,000 of them
/// were half of an entity page's time (13 ms at 100,000 documents), 300
/// cost 3–4 ms.
pub const COOCCURRENCE_DOCS: usize = 300;

/// A page of a [`SearchFilter`] search.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchPage {
    /// Matching documents, counted up to [`COUNT_CAP`].
    pub total: u64,
    /// False when `total` reached the cap.
    pub total_exact: bool,
    pub hits: Vec<PageHit>,
    pub facets: Facets,
}

/// A page of events: the query's `limit` events after `offset`, and how
/// many match in all (counted up to [`COUNT_CAP`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EventPage {
    pub total: u64,
    pub total_exact: bool,
    pub events: Vec<EventHit>,
}

/// A day and a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCount {
    /// ISO day (YYYY-MM-DD).
    pub day: String,
    pub count: u64,
}

/// A stored document in brief (lists, timelines).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocBrief {
    pub id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub site: Option<String>,
    pub date: Option<String>,
    pub lang: Lang,
}

/// A search request.
///
/// With `text`: full-text search (see [`TextQuery`]). With `entity` or
/// `entity_id`: only documents mentioning that entity, by its folded name
/// (case and accents ignored) or by the id the caller resolved it to (every
/// spelling of one actor); `label` then keeps only mentions of that type
/// (it is ignored without an entity). Without text, documents mentioning the
/// entity are ranked by how often they do. Neither: no result.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchQuery {
    pub text: Option<TextQuery>,
    pub entity: Option<String>,
    /// The entity id `entity` resolves to, if known.
    pub entity_id: Option<String>,
    pub label: Option<EntityLabel>,
    /// How many hits at most.
    pub limit: usize,
}

impl SearchQuery {
    /// A text search for `q` (parsed, see [`TextQuery::parse`]), 10 hits.
    pub fn text(q: &str) -> SearchQuery {
        SearchQuery {
            text: Some(TextQuery::parse(q)),
            limit: 10,
            ..Default::default()
        }
    }

    /// Documents mentioning an entity by name, 10 hits.
    pub fn entity(name: &str) -> SearchQuery {
        SearchQuery {
            entity: Some(name.to_string()),
            limit: 10,
            ..Default::default()
        }
    }

    /// Does the query filter by entity?
    pub fn has_entity(&self) -> bool {
        self.entity.is_some() || self.entity_id.is_some()
    }
}

/// A store backend. Sync and object-safe: a server runs one per worker
/// thread (one connection each) on blocking threads, hence `Send` but not
/// `Sync`; a backend whose client needs exclusive access for reads may use
/// interior mutability (`RefCell`).
pub trait Store: Send {
    /// Stores documents in one transaction; returns what happened to each.
    /// Content already stored only gains a source.
    fn put_all(&mut self, docs: &[Document]) -> Result<Vec<Put>>;

    /// A document by id, or by a prefix of its id when exactly one
    /// document has that prefix.
    fn get(&self, id: &str) -> Result<Option<Document>>;

    /// Every source a document was seen at, oldest first.
    fn sources(&self, id: &str) -> Result<Vec<String>>;

    fn stats(&self) -> Result<Stats>;

    /// Ranked search (see [`SearchQuery`]).
    fn search(&self, q: &SearchQuery) -> Result<Vec<Hit>>;

    /// Mentions whose folded text is the folded `name`, by form and label,
    /// most mentioned first.
    fn entity_mentions(&self, name: &str) -> Result<Vec<MentionCount>>;

    /// Quotes by a speaker: linked to entity `id` (or, without it, the id
    /// most mentions of `speaker` are linked to), or whose speaker is
    /// written `speaker` (case ignored). Newest first.
    fn quotes_by(&self, speaker: &str, id: Option<&str>, limit: usize) -> Result<Vec<QuoteHit>>;

    /// Stored events matching a query, newest first.
    fn events(&self, q: &EventQuery) -> Result<Vec<EventHit>>;

    /// Every stored event matching a query (at most `q.limit`; `usize::MAX`
    /// for all), in full, one at a time without loading them all: documents
    /// oldest first (undated ones last), each document's events in text
    /// order. `each` may stop the walk with `ControlFlow::Break`. Returns
    /// how many events `each` was given.
    fn each_event(
        &self,
        q: &EventQuery,
        each: &mut dyn FnMut(StoredEvent) -> ControlFlow<()>,
    ) -> Result<u64>;

    /// The entity id most mentions of a name (or of a canonical name) were
    /// linked to.
    fn entity_id_of(&self, name: &str) -> Result<Option<String>>;

    /// Counts, forms, `top` newest documents and `top` co-occurring
    /// entities of one entity id.
    fn entity_report(&self, id: &str, top: usize) -> Result<EntityReport>;

    /// The cache validators last recorded for a feed.
    fn feed_validators(&self, url: &str) -> Result<Option<FeedValidators>>;

    /// Records a feed's validators after a successful poll.
    fn set_feed_validators(&mut self, url: &str, v: &FeedValidators) -> Result<()>;

    /// Is a document from this URL (or source) already stored?
    fn has_url(&self, url: &str) -> Result<bool>;

    /// Stores (or replaces) the fingerprint of a stored document.
    fn put_fingerprint(&mut self, fp: &Fingerprint) -> Result<()>;

    /// A stored document's fingerprint.
    fn fingerprint(&self, doc_id: &str) -> Result<Option<Fingerprint>>;

    /// Only the signature of a stored document's fingerprint (its `data`),
    /// without the keys: what comparing needs.
    fn fingerprint_data(&self, doc_id: &str) -> Result<Option<Vec<u8>>>;

    /// Stored documents sharing bands or keys with the given ones, most
    /// shared first, at most `limit`. A band or key held by more than
    /// `max_postings` documents is too common to tell anything and is
    /// skipped, so a lookup reads at most `max_postings` rows per key
    /// whatever the store's size.
    fn candidates(
        &self,
        bands: &[u64],
        keys: &[u64],
        max_postings: usize,
        limit: usize,
    ) -> Result<Vec<Candidate>>;

    /// Records (or replaces) a document's link to its group's original.
    fn set_copy(&mut self, link: &CopyLink) -> Result<()>;

    /// The link of a document that is a copy.
    fn copy_of(&self, doc_id: &str) -> Result<Option<CopyLink>>;

    /// Removes a document's link to a group's original (it became one).
    fn clear_copy(&mut self, doc_id: &str) -> Result<()>;

    /// The copies linked to an original, oldest stored first.
    fn copies_of(&self, original: &str) -> Result<Vec<CopyLink>>;

    /// Records that a stored document's content was also published on
    /// `date` (found again from another source): when that is earlier
    /// than its date (compared to the day), or it had none, the document
    /// takes it — its row, its JSON and the day kept beside its mentions,
    /// quotes and events — so that it reads as first published then.
    /// Returns whether its date changed; an unknown id changes nothing.
    fn earlier_date(&mut self, id: &str, date: &veille_core::PubDate) -> Result<bool>;

    /// Every stored document, oldest first (undated ones last), one at a
    /// time; `each` may stop the walk. Returns how many `each` was given.
    fn each_document(&self, each: &mut dyn FnMut(DocRow) -> ControlFlow<()>) -> Result<u64>;

    /// How many stored documents mention an entity id or a place id (for
    /// rarity weights), counted up to `cap` (so the cost of a common key
    /// stays bounded whatever the store's size).
    fn key_documents(&self, key: &str, cap: usize) -> Result<u64>;

    /// Stores (or replaces) a story, its keys replaced.
    fn put_story(&mut self, story: &StoryRecord) -> Result<()>;

    /// A story by id.
    fn story(&self, id: &str) -> Result<Option<StoryRecord>>;

    /// Stories sharing keys with the given ones whose dates meet the
    /// window `[since, until]` (ISO; a bound `None` is open, an undated
    /// story always meets it), most shared keys first, then id, at most
    /// `limit`. A key held by more than `max_postings` stories is skipped.
    fn story_candidates(
        &self,
        keys: &[String],
        since: Option<&str>,
        until: Option<&str>,
        max_postings: usize,
        limit: usize,
    ) -> Result<Vec<(String, u32)>>;

    /// Puts a document in a story (moving it out of any other).
    fn set_story(&mut self, doc_id: &str, story_id: &str) -> Result<()>;

    /// The story of a document.
    fn story_of(&self, doc_id: &str) -> Result<Option<String>>;

    /// The documents of a story, oldest first (undated last).
    fn story_documents(&self, story_id: &str) -> Result<Vec<String>>;

    /// Stories, latest last date first, at most `limit`.
    fn stories(&self, limit: usize) -> Result<Vec<StoryRow>>;

    /// A browsing search: a page of hits, the total and facets (see
    /// [`SearchFilter`]). A malformed text query is a [`StoreError::Query`].
    fn search_page(&self, q: &SearchFilter) -> Result<SearchPage>;

    /// Events matching a query, `q.limit` after `offset`, with the total:
    /// the newest documents first (by publication date; undated ones
    /// last), each document's events in text order. Unlike
    /// [`Store::events`] (ordered by the event's own date), an actor or target with
    /// a resolved id is matched by that id only (so its index serves it),
    /// and a place by the ids its name, id or country code resolves to,
    /// else by the location as written.
    fn events_page(&self, q: &EventQuery, offset: usize) -> Result<EventPage>;

    /// Mentions of an entity id per publication day, oldest first
    /// (undated documents left out).
    fn mention_timeline(&self, entity_id: &str) -> Result<Vec<DayCount>>;

    /// A place on the map by its id, as stored with a mention or an event.
    fn place(&self, place_id: &str) -> Result<Option<veille_core::Place>>;

    /// Documents mentioning a place id (an entity placed there or an event
    /// located there), newest first, at most `limit`.
    fn place_documents(&self, place_id: &str, limit: usize) -> Result<Vec<DocBrief>>;

    /// One story as [`Store::stories`] lists it.
    fn story_row(&self, id: &str) -> Result<Option<StoryRow>>;

    /// Documents in brief, in the order of `ids` (unknown ids left out).
    fn doc_briefs(&self, ids: &[String]) -> Result<Vec<DocBrief>>;

    /// Events of the documents of a story, oldest first, at most `limit`.
    fn story_events(&self, story_id: &str, limit: usize) -> Result<Vec<EventHit>>;

    /// Quotes whose speaker is linked to an entity id, newest first, at
    /// most `limit` (the id's index only: no name matching).
    fn quotes_of(&self, entity_id: &str, limit: usize) -> Result<Vec<QuoteHit>>;
    /// Records that event `index` of document `doc_id` reports the event
    /// `event_id` (the `DOCID-INDEX` id of a stored mention, or of the
    /// event it was itself linked to). `StoreError::NoEvent` when either
    /// mention is not stored.
    fn link_event(&mut self, doc_id: &str, index: usize, event_id: &str) -> Result<()>;

    /// The event that event `index` of `doc_id` reports, across the store:
    /// its id, mentions (documents), independent sources, sightings.
    fn event_reports(&self, doc_id: &str, index: usize) -> Result<EventReports>;

    /// Persons outside the knowledge base stored under a full name (two
    /// words or more) ending in `surname` (case and accents ignored): (id,
    /// full name), at most `limit`.
    fn persons_by_surname(&self, surname: &str, limit: usize) -> Result<Vec<(String, String)>>;

    /// Starts a unit of work: what is written until [`Store::commit`] is
    /// seen by no other connection and is gone if the process dies first
    /// (ingest stores a batch, its copies, stories and event links in one).
    /// Methods that write nest inside it (savepoints). Beginning twice is
    /// an error.
    fn begin(&mut self) -> Result<()>;

    /// Makes the unit of work begun by [`Store::begin`] durable.
    fn commit(&mut self) -> Result<()>;

    /// Forgets the unit of work begun by [`Store::begin`]; without one,
    /// does nothing.
    fn rollback(&mut self) -> Result<()>;

    /// Everything stored, counted, and the store's size on disk.
    fn inventory(&self) -> Result<Inventory>;

    /// Records one ingest run.
    fn record_run(&mut self, run: &IngestRun) -> Result<()>;

    /// The latest recorded ingest runs, newest first.
    fn runs(&self, limit: usize) -> Result<Vec<IngestRun>>;

    /// Adds items to the fetch queue; an item whose key was ever queued is
    /// not added again. Returns how many were added.
    fn enqueue(&mut self, items: &[QueueItem]) -> Result<usize>;

    /// Claims up to `n` items for `worker` at time `now` (Unix seconds),
    /// oldest first: pending items due by `now`, and items claimed more
    /// than `lease` seconds ago (their worker is presumed dead). Two
    /// workers never hold the same item (PostgreSQL: `FOR UPDATE SKIP
    /// LOCKED`; SQLite: one writer at a time).
    fn claim(&mut self, worker: &str, n: usize, now: i64, lease: i64) -> Result<Vec<QueueItem>>;

    /// Settles a claimed item: stored items are done for good; a failed
    /// one is due again later (a minute per attempt), and given up after
    /// [`QUEUE_ATTEMPTS`] attempts.
    fn settle(&mut self, key: &str, outcome: QueueOutcome, now: i64) -> Result<()>;

    /// Queue items by state.
    fn queue_counts(&self) -> Result<QueueCounts>;
}

/// Everything a store holds, counted, and its size on disk.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Inventory {
    pub documents: u64,
    /// (document, source) pairs.
    pub sources: u64,
    /// Entity mentions.
    pub entities: u64,
    /// Distinct linked actors (entity ids).
    pub actors: u64,
    pub quotes: u64,
    pub times: u64,
    /// Event mentions.
    pub events: u64,
    /// Documents that are copies of another.
    pub copies: u64,
    pub stories: u64,
    pub queue: QueueCounts,
    /// Bytes on disk (SQLite: the file and its write-ahead log;
    /// PostgreSQL: the database).
    pub bytes: u64,
}

/// One ingest run as recorded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IngestRun {
    /// Start and end, RFC 3339 in UTC.
    pub started: String,
    pub finished: String,
    /// Wall-clock seconds.
    #[serde(default)]
    pub seconds: f64,
    pub read: u64,
    pub inserted: u64,
    pub duplicates: u64,
    pub skipped: u64,
    /// Analysis threads.
    pub threads: u32,
    /// Seconds spent per stage, summed over threads.
    pub stages: veille_core::StageTimes,
}

/// Attempts at a queued item before it is given up.
pub const QUEUE_ATTEMPTS: u32 = 3;

/// An item of the fetch queue: a feed's article to fetch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    /// What identifies it: the article's URL (or `FEED#itemN` without one).
    pub key: String,
    /// The feed it came from.
    pub feed: String,
    /// What the worker needs besides the key (the feed item, as JSON).
    pub data: String,
    /// Failed attempts so far.
    pub attempts: u32,
}

/// How a claimed item ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueOutcome {
    /// Stored (or known already): never fetched again.
    Done,
    /// Could not be used this time.
    Failed,
}

/// Queue items by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct QueueCounts {
    pub pending: u64,
    pub claimed: u64,
    pub done: u64,
    pub failed: u64,
}

/// Opens a store from a locator: a file path or `sqlite://path` (SQLite,
/// created if missing; `:memory:` for a throwaway one), or
/// `postgres://user@host:port/db` (also `postgresql://`; the database
/// must exist, its tables are created or migrated).
pub fn open(locator: &str) -> Result<Box<dyn Store>> {
    open_as(locator, false)
}

/// Opens a store as [`open`] does, for a connection that serves reads
/// beside a writer (a server's readers): SQLite maps the whole file into
/// memory ([`SqliteStore::open_reader`]); PostgreSQL opens as usual.
pub fn open_reader(locator: &str) -> Result<Box<dyn Store>> {
    open_as(locator, true)
}

fn open_as(locator: &str, reader: bool) -> Result<Box<dyn Store>> {
    let loc = locator.trim();
    if loc.is_empty() {
        return Err(StoreError::Open {
            locator: locator.to_string(),
            reason: "empty locator: give a file path or sqlite://path".into(),
        });
    }
    if let Some((scheme, rest)) = loc.split_once("://") {
        let scheme = scheme.to_ascii_lowercase();
        return match scheme.as_str() {
            "sqlite" | "file" => open_sqlite(rest, reader),
            "postgres" | "postgresql" => open_postgres(loc),
            _ => Err(StoreError::Unsupported {
                what: format!("store scheme {scheme}://"),
                hint: "use a file path, sqlite://path or postgres://user@host/db".into(),
            }),
        };
    }
    open_sqlite(loc, reader)
}

#[cfg(feature = "postgres")]
fn open_postgres(locator: &str) -> Result<Box<dyn Store>> {
    Ok(Box::new(PgStore::open(locator)?))
}

#[cfg(not(feature = "postgres"))]
fn open_postgres(_locator: &str) -> Result<Box<dyn Store>> {
    Err(StoreError::Unsupported {
        what: "the PostgreSQL backend".into(),
        hint: "this veille was built without the `postgres` feature: pass a file path or sqlite://path".into(),
    })
}

/// A locator as it may be shown (messages, logs): a password in it
/// replaced by `***`.
pub fn redact(locator: &str) -> String {
    let mut out = locator.to_string();
    if let Some((scheme, rest)) = locator.split_once("://") {
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        if let Some(at) = rest[..end].rfind('@') {
            if let Some((user, _)) = rest[..at].split_once(':') {
                out = format!("{scheme}://{user}:***@{}", &rest[at + 1..]);
            }
        }
    }
    // `password=…` among the query's or key/value parameters.
    if let Some(i) = out.find("password=") {
        let start = i + "password=".len();
        let end = out[start..]
            .find(['&', ' '])
            .map_or(out.len(), |n| start + n);
        out.replace_range(start..end, "***");
    }
    out
}

fn open_sqlite(path: &str, reader: bool) -> Result<Box<dyn Store>> {
    if path == ":memory:" {
        return Ok(Box::new(SqliteStore::open_in_memory()?));
    }
    if path.is_empty() {
        return Err(StoreError::Open {
            locator: path.to_string(),
            reason: "no file path after sqlite://".into(),
        });
    }
    Ok(Box::new(if reader {
        SqliteStore::open_reader(Path::new(path))?
    } else {
        SqliteStore::open(Path::new(path))?
    }))
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} documents from {} sources",
            self.documents, self.sources
        )
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            redact("postgres://veille:s3cret@db.example:5432/veille"),
            "postgres://veille:***@db.example:5432/veille"
        );
        assert_eq!(
            redact("postgresql://veille@127.0.0.1/v?password=x&sslmode=disable"),
            "postgresql://veille@127.0.0.1/v?password=***&sslmode=disable"
        );
        assert_eq!(
            redact("host=localhost password=s3cret user=v"),
            "host=localhost password=*** user=v"
        );
        assert_eq!(redact("postgres://u@h/d"), "postgres://u@h/d");
    }
}
