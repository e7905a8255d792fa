//! The SQLite backend: one file in WAL mode, FTS5 full-text index.
//!
//! Schema changes are numbered migrations tracked in `PRAGMA user_version`;
//! a file written by a newer veille is refused. `rusqlite` stays inside this
//! module: its errors become [`StoreError`]s here.

use crate::{
    Candidate, DayCount, DocBrief, DocRow, EntityReport, EventHit, EventPage, EventQuery,
    EventReports, FeedValidators, Fingerprint, Hit, IngestRun, Inventory, MentionCount, PageHit,
    Put, QueueCounts, QueueItem, QueueOutcome, QuoteHit, Result, SearchFilter, SearchPage,
    SearchQuery, Stats, Store, StoreError, StoredEvent, StoryRecord, StoryRow, Term, TextQuery,
    COUNT_CAP, FACET_SAMPLE, QUEUE_ATTEMPTS,
};
use rusqlite::types::Value as SqlValue;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::Path;
use veille_core::{CopyLink, CopyRelation, PlacePrecision};
use veille_core::{Document, EntityLabel, EventType, Lang, Modality, Part, QuoteKind};

const MIGRATIONS: &[&str] = &[
    // 1: documents, their sources, full-text index.
    "CREATE TABLE documents (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        url TEXT,
        site TEXT,
        title TEXT,
        author TEXT,
        date TEXT,
        date_precision TEXT,
        lang TEXT NOT NULL,
        text TEXT NOT NULL,
        doc_json TEXT NOT NULL,
        ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
    );
    CREATE INDEX documents_date ON documents(date);
    CREATE INDEX documents_lang ON documents(lang);
    CREATE TABLE sources (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        source TEXT NOT NULL,
        seen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
        PRIMARY KEY (doc_id, source)
    );
    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='rowid',
        tokenize = 'unicode61 remove_diacritics 2'
    );",
    // 2: named-entity mentions.
    "CREATE TABLE entities (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        label TEXT NOT NULL,
        norm TEXT NOT NULL
    );
    CREATE INDEX entities_norm ON entities(norm);
    CREATE INDEX entities_doc ON entities(doc_id);",
    // 3: linked entities.
    "ALTER TABLE entities ADD COLUMN entity_id TEXT;
    ALTER TABLE entities ADD COLUMN canonical TEXT;
    ALTER TABLE entities ADD COLUMN code TEXT;
    ALTER TABLE entities ADD COLUMN nominal INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX entities_entity ON entities(entity_id);",
    // 4: quotes and temporal expressions.
    "CREATE TABLE quotes (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        cue TEXT,
        speaker TEXT,
        speaker_id TEXT,
        speaker_name TEXT
    );
    CREATE INDEX quotes_speaker ON quotes(speaker_id);
    CREATE INDEX quotes_doc ON quotes(doc_id);
    CREATE TABLE times (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        value TEXT,
        precision TEXT NOT NULL
    );
    CREATE INDEX times_value ON times(value);",
    // 5: feeds polled over HTTP (cache validators), pages already fetched.
    "CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        checked_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
    );
    CREATE INDEX documents_url ON documents(url);",
    // 6: events (who did what to whom, where and when).
    "CREATE TABLE events (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        type TEXT NOT NULL,
        cameo TEXT NOT NULL,
        trigger TEXT NOT NULL,
        source TEXT,
        source_id TEXT,
        source_code TEXT,
        target TEXT,
        target_id TEXT,
        target_code TEXT,
        location TEXT,
        location_id TEXT,
        date TEXT,
        modality TEXT NOT NULL,
        reported_by TEXT,
        sentence TEXT NOT NULL,
        confidence REAL NOT NULL
    );
    CREATE INDEX events_source ON events(source_id);
    CREATE INDEX events_target ON events(target_id);
    CREATE INDEX events_doc ON events(doc_id);",
    // 7: places on the map, for entities and event locations.
    "CREATE TABLE places (
        place_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        country TEXT,
        admin1 TEXT,
        lat REAL NOT NULL,
        lon REAL NOT NULL,
        precision TEXT NOT NULL
    );
    ALTER TABLE entities ADD COLUMN place_id TEXT;
    ALTER TABLE events ADD COLUMN place_id TEXT;
    CREATE INDEX entities_place ON entities(place_id);
    CREATE INDEX events_place ON events(place_id);
    CREATE INDEX places_name ON places(name COLLATE NOCASE);
    CREATE INDEX places_country ON places(country);",
    // 8: what the title says (spans into the title, not the text).
    "ALTER TABLE entities ADD COLUMN in_title INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE quotes ADD COLUMN in_title INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE times ADD COLUMN in_title INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE events ADD COLUMN in_title INTEGER NOT NULL DEFAULT 0;",
    // 9: copy detection: fingerprints, their lookup keys (kind 0: LSH
    // bands, 1: anchor keys), links from copies to their original.
    "CREATE TABLE fingerprints (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id),
        data BLOB NOT NULL
    );
    CREATE TABLE lookup_keys (
        kind INTEGER NOT NULL,
        key INTEGER NOT NULL,
        doc_id TEXT NOT NULL REFERENCES documents(id),
        PRIMARY KEY (kind, key, doc_id)
    ) WITHOUT ROWID;
    CREATE INDEX lookup_keys_doc ON lookup_keys(doc_id);
    CREATE TABLE copies (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id),
        original TEXT NOT NULL REFERENCES documents(id),
        relation TEXT NOT NULL,
        similarity REAL NOT NULL,
        evidence TEXT NOT NULL
    );
    CREATE INDEX copies_original ON copies(original);",
    // 10: story clusters, their documents, their lookup keys.
    "CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        first_date TEXT,
        last_date TEXT,
        data BLOB NOT NULL
    );
    CREATE INDEX stories_last ON stories(last_date);
    CREATE TABLE story_documents (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id),
        story_id TEXT NOT NULL REFERENCES stories(id)
    );
    CREATE INDEX story_documents_story ON story_documents(story_id);
    CREATE TABLE story_keys (
        key TEXT NOT NULL,
        story_id TEXT NOT NULL REFERENCES stories(id),
        PRIMARY KEY (key, story_id)
    ) WITHOUT ROWID;
    CREATE INDEX story_keys_story ON story_keys(story_id);",
    // 11: events across reports: the event a mention reports (NULL: its own).
    "ALTER TABLE events ADD COLUMN event_key TEXT;
    CREATE INDEX events_key ON events(event_key);",
    // 12: persons outside the knowledge base by their surname (the last
    // word of a full name of two words or more), for one id across documents.
    "CREATE TABLE surnames (
        surname TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        canonical TEXT NOT NULL,
        PRIMARY KEY (surname, entity_id)
    ) WITHOUT ROWID;",
    // 13: an actor's page read from indexes alone: a mention's day (its
    // document's date), mentions by actor and day, by document and actor.
    "ALTER TABLE entities ADD COLUMN day TEXT;
    UPDATE entities SET day = (SELECT substr(d.date, 1, 10) FROM documents d WHERE d.id = entities.doc_id);
    CREATE INDEX entities_entity_day ON entities(entity_id, day, doc_id, text, canonical, code, place_id);
    CREATE INDEX entities_doc_entity ON entities(doc_id, entity_id, canonical);
    DROP INDEX entities_entity;
    DROP INDEX entities_doc;",
    // 14: the fetch queue shared by feed workers, the ingest runs, counts
    // of documents, sources and stories per key kept by triggers, documents
    // per entity or place id kept at insertion.
    "CREATE TABLE queue (
        seq INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        feed TEXT NOT NULL,
        data TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        worker TEXT,
        claimed_at INTEGER,
        due INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX queue_state ON queue(state, due);
    CREATE TABLE ingest_runs (
        id INTEGER PRIMARY KEY,
        data TEXT NOT NULL
    );
    CREATE TABLE key_documents (key TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO key_documents SELECT key, count(DISTINCT doc_id) FROM (
        SELECT entity_id AS key, doc_id FROM entities WHERE entity_id IS NOT NULL
        UNION SELECT place_id, doc_id FROM entities WHERE place_id IS NOT NULL) GROUP BY key;
    CREATE TABLE story_key_counts (key TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO story_key_counts SELECT key, count(*) FROM story_keys GROUP BY key;
    CREATE TRIGGER story_keys_added AFTER INSERT ON story_keys BEGIN
        INSERT INTO story_key_counts VALUES (new.key, 1)
            ON CONFLICT(key) DO UPDATE SET n = n + 1; END;
    CREATE TRIGGER story_keys_removed AFTER DELETE ON story_keys BEGIN
        UPDATE story_key_counts SET n = n - 1 WHERE key = old.key; END;
    CREATE TABLE counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO counters VALUES ('documents', (SELECT count(*) FROM documents)),
        ('sources', (SELECT count(*) FROM sources));
    CREATE TRIGGER documents_added AFTER INSERT ON documents
        BEGIN UPDATE counters SET n = n + 1 WHERE name = 'documents'; END;
    CREATE TRIGGER documents_removed AFTER DELETE ON documents
        BEGIN UPDATE counters SET n = n - 1 WHERE name = 'documents'; END;
    CREATE TRIGGER sources_added AFTER INSERT ON sources
        BEGIN UPDATE counters SET n = n + 1 WHERE name = 'sources'; END;
    CREATE TRIGGER sources_removed AFTER DELETE ON sources
        BEGIN UPDATE counters SET n = n - 1 WHERE name = 'sources'; END;",
    // 15: a fingerprint's lookup keys kept in its row (`kind:key`,
    // comma-separated), so that no index by document is kept on the
    // lookup keys (it was larger than the keys, and written as often).
    "ALTER TABLE fingerprints ADD COLUMN keys TEXT;
    UPDATE fingerprints SET keys = coalesce((SELECT group_concat(l.kind || ':' || l.key, ',')
        FROM lookup_keys l WHERE l.doc_id = fingerprints.doc_id), '');
    DROP INDEX lookup_keys_doc;",
    // 16: what a page sorts on kept beside what it filters on, so that an
    // index answers the page alone: a document's id beside its date; an
    // event's and a quote's document date (and
    // an event's document rowid, the tie-break) in their rows, indexed in
    // page order under the actor, target, place or speaker; events by type
    // (counted on the index, not by reading the table). Pages read the
    // rows of one page, not a document row (several pages of text) per
    // match.
    "CREATE INDEX documents_date_id ON documents(date, id);
    DROP INDEX documents_date;
    ALTER TABLE events ADD COLUMN doc_date TEXT;
    ALTER TABLE events ADD COLUMN doc_rowid INTEGER;
    UPDATE events SET (doc_date, doc_rowid) =
        (SELECT d.date, d.rowid FROM documents d WHERE d.id = events.doc_id);
    ALTER TABLE quotes ADD COLUMN doc_date TEXT;
    UPDATE quotes SET doc_date = (SELECT d.date FROM documents d WHERE d.id = quotes.doc_id);
    CREATE INDEX events_source_page ON events(source_id, doc_date DESC, doc_rowid DESC);
    CREATE INDEX events_target_page ON events(target_id, doc_date DESC, doc_rowid DESC);
    CREATE INDEX events_place_page ON events(place_id, doc_date DESC, doc_rowid DESC);
    DROP INDEX events_source;
    DROP INDEX events_target;
    DROP INDEX events_place;
    CREATE INDEX quotes_speaker_page ON quotes(speaker_id, doc_date DESC, doc_id, start);
    DROP INDEX quotes_speaker;
    CREATE INDEX events_type ON events(type);",
    // 17: a document's mentions as search facets read them (label and
    // text beside the id and name) from the (document, id) index alone,
    // not from a table row per mention: 200 documents' mentions took 8 ms
    // from the rows, 2 ms from the index.
    "CREATE INDEX entities_doc_facets ON entities(doc_id, entity_id, canonical, label, text);
    DROP INDEX entities_doc_entity;",
];

/// Bytes of the file a reader maps (SQLite caps it at its own limit).
const READER_MAP: i64 = 1 << 40;

/// The schema version this veille writes (the number of migrations).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// A fingerprint's lookup keys as kept in its row: `kind:key` (the key
/// as SQLite's signed integer), comma-separated.
fn format_keys(fp: &Fingerprint) -> String {
    let mut out = String::new();
    for (kind, keys) in [(0, &fp.bands), (1, &fp.keys)] {
        for k in keys.iter() {
            if !out.is_empty() {
                out.push(',');
            }
            out.push_str(&format!("{kind}:{}", *k as i64));
        }
    }
    out
}

/// The keys [`format_keys`] wrote (a malformed item is left out).
fn parse_keys(s: &str) -> Vec<(i64, u64)> {
    s.split(',')
        .filter_map(|item| {
            let (kind, key) = item.split_once(':')?;
            Some((kind.parse().ok()?, key.parse::<i64>().ok()? as u64))
        })
        .collect()
}

/// A backend error, with its message only; a full disk (or a store at the
/// size it was capped to) is told apart.
fn backend(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => StoreError::Full(e.to_string()),
        _ => StoreError::Backend(e.to_string()),
    }
}

/// `?` on rusqlite results, mapped to [`StoreError::Backend`].
trait Db<T> {
    fn db(self) -> Result<T>;
}

impl<T> Db<T> for rusqlite::Result<T> {
    fn db(self) -> Result<T> {
        self.map_err(backend)
    }
}

/// Counts are never negative; a corrupt negative one reads as 0.
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// A limit for SQL: `usize::MAX` means no limit.
fn limit(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The filters of an [`EventQuery`] over `events e JOIN documents d`,
/// with the parameters of [`event_params`] (?9 is the limit).
const EVENT_FILTER: &str = "(?1 IS NULL OR e.source_id = ?1 OR lower(e.source) = lower(?2))
               AND (?3 IS NULL OR e.target_id = ?3 OR lower(e.target) = lower(?4))
               AND (?5 IS NULL OR e.type = ?5)
               AND (?6 IS NULL OR e.modality = ?6)
               AND (?7 IS NULL OR coalesce(e.date, d.date) >= ?7)
               AND (?8 IS NULL OR substr(coalesce(e.date, d.date), 1, length(?8)) <= ?8)
               AND (?10 IS NULL OR e.place_id = ?10 OR lower(e.location) = lower(?10)
                    OR e.place_id IN (SELECT place_id FROM places
                                      WHERE name = ?10 COLLATE NOCASE OR country = upper(?10)))";

/// The place in the seven columns from `at` (place_id, name, country,
/// admin1, lat, lon, precision), None when its id is null (a left join).
/// Column `at` as borrowed text (none when NULL, not text or not UTF-8):
/// rows read by the thousand without a `String` each.
fn text_at<'r>(r: &'r rusqlite::Row, at: usize) -> rusqlite::Result<Option<&'r str>> {
    match r.get_ref(at)? {
        rusqlite::types::ValueRef::Text(t) => Ok(std::str::from_utf8(t).ok()),
        _ => Ok(None),
    }
}

fn place_at(r: &rusqlite::Row, at: usize) -> rusqlite::Result<Option<veille_core::Place>> {
    let Some(place_id) = r.get::<_, Option<String>>(at)? else {
        return Ok(None);
    };
    Ok(Some(veille_core::Place {
        place_id,
        name: r.get(at + 1)?,
        country: r.get(at + 2)?,
        admin1: r.get(at + 3)?,
        lat: r.get(at + 4)?,
        lon: r.get(at + 5)?,
        precision: PlacePrecision::parse(&r.get::<_, String>(at + 6)?).unwrap_or_default(),
    }))
}

/// The columns every events listing selects, from `events e JOIN documents
/// d LEFT JOIN places p`, in the order [`event_hit`] reads them.
const EVENT_COLUMNS: &str =
    "e.doc_id, d.source, d.title, coalesce(e.date, d.date), e.type, e.cameo, e.trigger,
    e.source, e.source_id, e.source_code, e.target, e.target_id, e.target_code,
    e.location, e.modality, e.reported_by, e.sentence, e.confidence,
    p.place_id, p.name, p.country, p.admin1, p.lat, p.lon, p.precision";

/// An [`EventHit`] from a row of [`EVENT_COLUMNS`].
fn event_hit(r: &rusqlite::Row) -> rusqlite::Result<EventHit> {
    Ok(EventHit {
        doc_id: r.get(0)?,
        source_doc: r.get(1)?,
        title: r.get(2)?,
        date: r.get(3)?,
        event_type: EventType::parse(&r.get::<_, String>(4)?).unwrap_or(EventType::Consult),
        cameo: r.get(5)?,
        trigger: r.get(6)?,
        source: r.get(7)?,
        source_id: r.get(8)?,
        source_code: r.get(9)?,
        target: r.get(10)?,
        target_id: r.get(11)?,
        target_code: r.get(12)?,
        location: r.get(13)?,
        modality: match r.get::<_, String>(14)?.as_str() {
            "negated" => Modality::Negated,
            "future" => Modality::Future,
            "hypothetical" => Modality::Hypothetical,
            "reported" => Modality::Reported,
            _ => Modality::Asserted,
        },
        reported_by: r.get(15)?,
        sentence: r.get(16)?,
        confidence: r.get(17)?,
        place: place_at(r, 18)?,
    })
}

/// A [`DocBrief`] from `d.id, d.title, d.url, d.site, d.date, d.lang`.
fn doc_brief(r: &rusqlite::Row) -> rusqlite::Result<DocBrief> {
    Ok(DocBrief {
        id: r.get(0)?,
        title: r.get(1)?,
        url: r.get(2)?,
        site: r.get(3)?,
        date: r.get(4)?,
        lang: Lang::from_code(&r.get::<_, String>(5)?),
    })
}

/// A ranked search row: rowid, id, language, site, score.
type Ranked = (i64, String, String, Option<String>, f64);

/// The FROM and WHERE of a [`SearchFilter`] (anonymous parameters, in
/// order), its score, snippet and order; None when nothing can match.
struct FilterSql {
    /// The FTS query, when there is text.
    fts: Option<String>,
    /// Counts the matches up to a cap: `params` then the cap.
    count: String,
    /// Ranks the matches (rowid, id, lang, site, score): `params` then
    /// the limit and the offset.
    rank: String,
    params: Vec<SqlValue>,
    snippet: &'static str,
}

/// Matches a text-only search ranks: the newest this many. BM25 reads each
/// ranked match's length: 10,000 cost 25 ms a query at 100,000 documents,
/// 2,000 cost 5 ms. A date or any other filter ranks every match it keeps.
pub const SEARCH_WINDOW: usize = 2_000;

fn filter_sql(q: &SearchFilter) -> Option<FilterSql> {
    let has_text = q.text.as_ref().is_some_and(|t| !t.is_empty());
    let text = q.text.as_ref().and_then(fts_query);
    if has_text && text.is_none() {
        return None;
    }
    let mut params = Vec::new();
    let mut from = String::new();
    let mut conds: Vec<String> = Vec::new();
    match &text {
        Some(t) => {
            from.push_str("documents_fts JOIN documents d ON d.rowid = documents_fts.rowid");
            conds.push("documents_fts MATCH ?".into());
            params.push(SqlValue::Text(t.clone()));
        }
        None => from.push_str("documents d"),
    }
    let has_entity = q.entity.is_some() || q.entity_id.is_some() || q.label.is_some();
    if has_entity {
        let mut ec: Vec<String> = Vec::new();
        let mut ep = Vec::new();
        let mut names = Vec::new();
        if let Some(e) = &q.entity {
            names.push("norm = ?");
            ep.push(SqlValue::Text(veille_core::fold(e)));
        }
        if let Some(id) = &q.entity_id {
            names.push("entity_id = ?");
            ep.push(SqlValue::Text(id.clone()));
        }
        if !names.is_empty() {
            ec.push(format!("({})", names.join(" OR ")));
        }
        if let Some(l) = q.label {
            ec.push("label = ?".into());
            ep.push(SqlValue::Text(l.as_str().into()));
        }
        from.push_str(&format!(
            " JOIN (SELECT doc_id, count(*) AS n FROM entities WHERE {} GROUP BY doc_id) x ON x.doc_id = d.id",
            ec.join(" AND ")
        ));
        // The join's parameters come before the WHERE's.
        let mut all = ep;
        all.append(&mut params);
        params = all;
    }
    if let Some(l) = &q.lang {
        conds.push("d.lang = ?".into());
        params.push(SqlValue::Text(l.as_str().into()));
    }
    if let Some(site) = &q.site {
        conds.push("d.site = ?".into());
        params.push(SqlValue::Text(site.clone()));
    }
    if let Some(since) = &q.since {
        conds.push("d.date >= ?".into());
        params.push(SqlValue::Text(since.clone()));
    }
    if let Some(until) = &q.until {
        conds.push("substr(d.date, 1, ?) <= ?".into());
        params.push(SqlValue::Integer(until.chars().count() as i64));
        params.push(SqlValue::Text(until.clone()));
    }
    let from_where = if conds.is_empty() {
        from
    } else {
        format!("{from} WHERE {}", conds.join(" AND "))
    };
    let (score, snippet, order) = if text.is_some() {
        (
            "-bm25(documents_fts, 2.0, 1.0)",
            "snippet(documents_fts, 1, '[', ']', '…', 16)",
            "bm25(documents_fts, 2.0, 1.0), d.rowid",
        )
    } else if has_entity {
        (
            "x.n",
            "substr(d.text, 1, 160)",
            "x.n DESC, d.date DESC, d.rowid DESC",
        )
    } else {
        ("0.0", "substr(d.text, 1, 160)", "d.date DESC, d.rowid DESC")
    };
    let text_only = text.is_some() && !has_entity && conds.len() == 1;
    if text_only {
        // Text alone: counted on the index alone, and ranked among its
        // newest matches only, so that a common word costs the same
        // whatever the store's size (ranking reads every match it ranks);
        // the documents' rows are read for the ranked page alone.
        return Some(FilterSql {
            fts: text,
            count: "SELECT count(*) FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? LIMIT ?)"
                .into(),
            rank: format!(
                "SELECT d.rowid, d.id, d.lang, d.site, -m.rank
                 FROM (SELECT rowid, rank FROM
                         (SELECT rowid, bm25(documents_fts, 2.0, 1.0) AS rank FROM documents_fts
                          WHERE documents_fts MATCH ? ORDER BY rowid DESC LIMIT {SEARCH_WINDOW})
                       ORDER BY rank, rowid LIMIT ? OFFSET ?) m
                 JOIN documents d ON d.rowid = m.rowid
                 ORDER BY m.rank, m.rowid"
            ),
            params,
            snippet,
        });
    }
    Some(FilterSql {
        fts: text,
        count: format!("SELECT count(*) FROM (SELECT 1 FROM {from_where} LIMIT ?)"),
        rank: format!(
            "SELECT d.rowid, d.id, d.lang, d.site, {score} FROM {from_where} ORDER BY {order} LIMIT ? OFFSET ?"
        ),
        params,
        snippet,
    })
}

/// A search failure: the text query's fault when FTS5 says so.
fn search_error(q: Option<&TextQuery>, e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(msg))
            if msg.contains("fts5") || msg.contains("syntax") =>
        {
            StoreError::Query {
                query: q.map(|t| t.to_string()).unwrap_or_default(),
                reason: msg,
            }
        }
        e => backend(e),
    }
}

/// The parameters of [`EVENT_FILTER`] and the limit, for a query.
fn event_params(q: &EventQuery) -> Vec<Box<dyn rusqlite::ToSql>> {
    // An actor named without a known id matches no id ('' is none).
    let actor = |id: &Option<String>, name: &Option<String>| {
        id.clone().or_else(|| name.clone().map(|_| String::new()))
    };
    vec![
        Box::new(actor(&q.actor_id, &q.actor)),
        Box::new(q.actor.clone()),
        Box::new(actor(&q.target_id, &q.target)),
        Box::new(q.target.clone()),
        Box::new(q.event_type.map(|t| t.as_str())),
        Box::new(q.modality.map(|m| m.as_str())),
        Box::new(q.since.clone()),
        Box::new(q.until.clone()),
        Box::new(limit(q.limit)),
        Box::new(q.place.clone()),
    ]
}

/// A stored document's fields that exports need, and its events.
struct DocEvents {
    source: String,
    url: Option<String>,
    title: Option<String>,
    date: Option<String>,
    lang: Lang,
    sources: u64,
    json: String,
    events: Vec<veille_core::Event>,
}

impl DocEvents {
    /// Reads the events out of the document's JSON (nothing else of it).
    fn parse(mut self, id: &str) -> Result<DocEvents> {
        #[derive(serde::Deserialize)]
        struct OnlyEvents {
            #[serde(default)]
            events: Vec<veille_core::Event>,
            #[serde(default)]
            headline: Headline,
        }
        #[derive(Default, serde::Deserialize)]
        struct Headline {
            #[serde(default)]
            events: Vec<veille_core::Event>,
        }
        let only: OnlyEvents =
            serde_json::from_str(&self.json).map_err(|e| StoreError::Corrupt {
                id: id.to_string(),
                reason: e.to_string(),
            })?;
        // In the order the rows were inserted: the headline's first.
        self.events = only.headline.events;
        self.events.extend(only.events);
        self.json = String::new();
        Ok(self)
    }
}

/// The columns of a `copies` row: doc_id, original, relation, evidence.
type CopyRow = (String, String, String, String);

fn copy_row(r: &rusqlite::Row) -> rusqlite::Result<CopyRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn copy_link((doc_id, original, relation, evidence): CopyRow) -> Result<CopyLink> {
    let corrupt = |reason: String| StoreError::Corrupt {
        id: doc_id.clone(),
        reason,
    };
    let relation = CopyRelation::parse(&relation)
        .ok_or_else(|| corrupt(format!("unknown copy relation {relation:?}")))?;
    let evidence = serde_json::from_str(&evidence).map_err(|e| corrupt(e.to_string()))?;
    Ok(CopyLink {
        doc_id,
        original,
        relation,
        evidence,
    })
}

/// The SQLite store.
pub struct SqliteStore {
    conn: Connection,
    /// Lookup keys (kind, key) found held by more documents than a lookup
    /// read, with how many it saw: postings only grow, so a later lookup
    /// with a cap below that skips them without reading them again
    /// (bounded: forgotten all at once when full).
    hot: std::sync::Mutex<std::collections::HashMap<(i64, i64), usize>>,
}

/// Hot lookup keys a store remembers at most.
const HOT_KEYS: usize = 1 << 20;

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.conn.path())
            .finish()
    }
}

impl SqliteStore {
    /// Opens (creating and migrating as needed) the store at `path`.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let p = path.display().to_string();
        let conn = Connection::open(path).map_err(|e| StoreError::Open {
            locator: p.clone(),
            reason: e.to_string(),
        })?;
        Self::init(conn, &p)
    }

    /// Opens (creating or migrating) the store at `path` to serve reads
    /// beside a writer: reads map the whole file (as far as SQLite maps,
    /// 2 GB) instead of copying the pages past the first 256 MB through
    /// read(2) into each connection's own cache. At 100,000 documents (a
    /// 1.2 GB file) four server connections answered 15–25 % more requests
    /// per second, with a lower p99 on every page. The mapped pages are
    /// the kernel's file cache, counted in the process's resident memory.
    pub fn open_reader(path: &Path) -> Result<SqliteStore> {
        let s = Self::open(path)?;
        s.conn
            .pragma_update(None, "mmap_size", READER_MAP)
            .map_err(|e| StoreError::Open {
                locator: path.display().to_string(),
                reason: e.to_string(),
            })?;
        Ok(s)
    }

    /// A fresh store in memory, gone when dropped.
    pub fn open_in_memory() -> Result<SqliteStore> {
        let conn = Connection::open_in_memory().map_err(|e| StoreError::Open {
            locator: ":memory:".into(),
            reason: e.to_string(),
        })?;
        Self::init(conn, ":memory:")
    }

    fn init(conn: Connection, locator: &str) -> Result<SqliteStore> {
        let open_err = |e: rusqlite::Error| StoreError::Open {
            locator: locator.to_string(),
            reason: e.to_string(),
        };
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_err)?;
        // Reads map the first 256 MB of the file instead of copying pages
        // through read(2) (mapped pages count in the resident memory: a
        // larger map grows a long ingest's footprint with the store), and
        // each connection keeps 32 MB of pages (a server runs several).
        conn.pragma_update(None, "mmap_size", 1i64 << 28)
            .map_err(open_err)?;
        conn.pragma_update(None, "cache_size", -32_768)
            .map_err(open_err)?;
        // Statement and savepoint journals (the pages a write within a unit
        // of work changes, kept to undo it alone) in memory, not written to
        // a temporary file: they were a tenth of the ingest writer's time.
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(open_err)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(open_err)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                locator: locator.to_string(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        let mut store = SqliteStore {
            conn,
            hot: Default::default(),
        };
        if version < SCHEMA_VERSION {
            store.migrate(locator)?;
        }
        Ok(store)
    }

    /// Applies the migrations the store lacks, one transaction each. Each
    /// takes the write lock before reading the version, so processes
    /// opening a new store at once apply each migration once.
    fn migrate(&mut self, locator: &str) -> Result<()> {
        loop {
            let step = |conn: &mut Connection| -> rusqlite::Result<Option<i64>> {
                let tx =
                    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                let v: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
                let Some(m) = usize::try_from(v).ok().and_then(|i| MIGRATIONS.get(i)) else {
                    return Ok(None);
                };
                tx.execute_batch(m)?;
                tx.pragma_update(None, "user_version", v + 1)?;
                tx.commit()?;
                Ok(Some(v + 1))
            };
            let version: i64 = self
                .conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap_or(0);
            match step(&mut self.conn) {
                Ok(Some(_)) => continue,
                Ok(None) => return Ok(()),
                Err(e) => {
                    return Err(StoreError::Open {
                        locator: locator.to_string(),
                        reason: format!("migration {} failed: {e}", version + 1),
                    })
                }
            }
        }
    }

    /// Caps the store's size (SQLite `max_page_count`) for this
    /// connection: writes that would grow it past `bytes` fail with
    /// [`StoreError::Full`], as on a full disk.
    pub fn cap_size(&self, bytes: u64) -> Result<()> {
        let page: i64 = self
            .conn
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .db()?;
        let pages = i64::try_from(bytes).unwrap_or(i64::MAX) / page.max(1);
        self.conn
            .pragma_update(None, "max_page_count", pages.max(1))
            .db()
    }

    fn put_batch(&mut self, docs: &[Document]) -> Result<Vec<Put>> {
        let tx = self.conn.savepoint().db()?;
        let mut out = Vec::with_capacity(docs.len());
        {
            let mut exists = tx
                .prepare_cached("SELECT rowid FROM documents WHERE id = ?1")
                .db()?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO documents (id, source, url, site, title, author, date, date_precision, lang, text, doc_json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            ).db()?;
            let mut fts = tx
                .prepare_cached(
                    "INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)",
                )
                .db()?;
            let mut source = tx
                .prepare_cached("INSERT OR IGNORE INTO sources (doc_id, source) VALUES (?1, ?2)")
                .db()?;
            let mut entity = tx.prepare_cached(
                "INSERT INTO entities (doc_id, start, end, text, label, norm, entity_id, canonical, code, nominal, place_id, in_title, day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            ).db()?;
            let mut place = tx.prepare_cached(
                "INSERT INTO places (place_id, name, country, admin1, lat, lon, precision) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(place_id) DO UPDATE SET name = excluded.name, country = excluded.country,
                    admin1 = excluded.admin1, lat = excluded.lat, lon = excluded.lon, precision = excluded.precision",
            ).db()?;
            let mut put_place = |p: &veille_core::Place| {
                place
                    .execute(params![
                        p.place_id,
                        p.name,
                        p.country,
                        p.admin1,
                        p.lat,
                        p.lon,
                        p.precision.as_str()
                    ])
                    .db()
            };
            let mut quote = tx.prepare_cached(
                "INSERT INTO quotes (doc_id, start, end, text, kind, cue, speaker, speaker_id, speaker_name, in_title, doc_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            ).db()?;
            let mut time = tx.prepare_cached(
                "INSERT INTO times (doc_id, start, end, text, value, precision, in_title) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            ).db()?;
            let mut surname = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO surnames (surname, entity_id, canonical) VALUES (?1, ?2, ?3)",
                )
                .db()?;
            let mut key_df = tx
                .prepare_cached(
                    "INSERT INTO key_documents (key, n) VALUES (?1, 1)
                     ON CONFLICT(key) DO UPDATE SET n = n + 1",
                )
                .db()?;
            let mut event = tx.prepare_cached(
                "INSERT INTO events (doc_id, start, end, type, cameo, trigger, source, source_id, source_code, target, target_id, target_code, location, location_id, date, modality, reported_by, sentence, confidence, place_id, in_title, doc_date, doc_rowid)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
            ).db()?;
            for d in docs {
                let found: Option<i64> = exists
                    .query_row(params![d.id], |r| r.get(0))
                    .optional()
                    .db()?;
                if found.is_some() {
                    out.push(Put::Duplicate);
                } else {
                    let json = serde_json::to_string(d).map_err(|e| StoreError::Corrupt {
                        id: d.id.clone(),
                        reason: e.to_string(),
                    })?;
                    let precision = d.date.as_ref().and_then(|x| {
                        serde_json::to_value(x.precision)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                    });
                    insert
                        .execute(params![
                            d.id,
                            d.source,
                            d.url,
                            d.site,
                            d.title,
                            d.author,
                            d.date.as_ref().map(|x| x.value.as_str()),
                            precision,
                            d.lang.as_str(),
                            d.text,
                            json
                        ])
                        .db()?;
                    let rowid = tx.last_insert_rowid();
                    fts.execute(params![rowid, d.title.as_deref().unwrap_or(""), d.text])
                        .db()?;
                    // The headline's annotations first, marked: their spans
                    // point into the title.
                    let title = |p: Part| p == Part::Title;
                    let doc_date = d.date.as_ref().map(|x| x.value.as_str());
                    let day = d
                        .date
                        .as_ref()
                        .map(|x| x.value.get(..10).unwrap_or(&x.value));
                    // Documents per entity or place id ([`Store::key_documents`]).
                    for k in crate::shared::entity_keys(d) {
                        key_df.execute(params![k]).db()?;
                    }
                    for (e, part) in d.all_entities() {
                        entity
                            .execute(params![
                                d.id,
                                e.span.start as i64,
                                e.span.end as i64,
                                e.text,
                                e.label.as_str(),
                                veille_core::fold(&e.text),
                                e.entity_id,
                                e.canonical,
                                e.code,
                                e.nominal,
                                e.place.as_ref().map(|p| p.place_id.as_str()),
                                title(part),
                                day
                            ])
                            .db()?;
                        if let Some(p) = &e.place {
                            put_place(p)?;
                        }
                        if let Some((last, id, name)) = surname_of(e) {
                            surname.execute(params![last, id, name]).db()?;
                        }
                    }
                    for (q, part) in d.all_quotes() {
                        quote
                            .execute(params![
                                d.id,
                                q.span.start as i64,
                                q.span.end as i64,
                                q.text,
                                q.kind.as_str(),
                                q.cue,
                                q.speaker,
                                q.speaker_id,
                                q.speaker_name,
                                title(part),
                                doc_date
                            ])
                            .db()?;
                    }
                    for (t, part) in d.all_times() {
                        time.execute(params![
                            d.id,
                            t.span.start as i64,
                            t.span.end as i64,
                            t.text,
                            t.value,
                            t.precision.as_str(),
                            title(part)
                        ])
                        .db()?;
                    }
                    for (e, part) in d.all_events() {
                        // An implied actor has a code, no words.
                        let text = |a: &Option<veille_core::EventArg>| {
                            a.as_ref().and_then(|a| a.name().map(str::to_string))
                        };
                        let id = |a: &Option<veille_core::EventArg>| {
                            a.as_ref().and_then(|a| a.entity_id.clone())
                        };
                        let code = |a: &Option<veille_core::EventArg>| {
                            a.as_ref().and_then(|a| a.code.clone())
                        };
                        event
                            .execute(params![
                                d.id,
                                e.trigger.span.start as i64,
                                e.trigger.span.end as i64,
                                e.event_type.as_str(),
                                e.cameo,
                                e.trigger.text,
                                text(&e.source),
                                id(&e.source),
                                code(&e.source),
                                text(&e.target),
                                id(&e.target),
                                code(&e.target),
                                text(&e.location),
                                id(&e.location),
                                e.date.as_ref().and_then(|x| x.value.clone()),
                                e.modality.as_str(),
                                e.reported_by,
                                e.sentence.slice(d.part(part)),
                                f64::from(e.confidence),
                                e.location
                                    .as_ref()
                                    .and_then(|l| l.place.as_ref())
                                    .map(|p| p.place_id.as_str()),
                                title(part),
                                doc_date,
                                rowid
                            ])
                            .db()?;
                        if let Some(p) = e.location.as_ref().and_then(|l| l.place.as_ref()) {
                            put_place(p)?;
                        }
                    }
                    out.push(Put::Inserted);
                }
                source.execute(params![d.id, d.source]).db()?;
            }
        }
        tx.commit().db()?;
        Ok(out)
    }
}

/// One word or phrase as an FTS5 string: its words (runs of letters and
/// digits) in double quotes, so nothing in it can be read as syntax.
fn fts_string(words: &[String]) -> Option<String> {
    let ws: Vec<&str> = words
        .iter()
        .flat_map(|w| w.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    if ws.is_empty() {
        return None;
    }
    // Words hold no `"` after the split; escaping anyway costs nothing.
    Some(format!("\"{}\"", ws.join(" ").replace('"', "\"\"")))
}

/// A term that selects documents, in FTS5 syntax (None: matches nothing
/// by itself, e.g. an exclusion or an empty word).
fn fts_positive(t: &Term) -> Option<String> {
    match t {
        Term::Word(w) => fts_string(std::slice::from_ref(w)),
        Term::Phrase(ws) => fts_string(ws),
        Term::Prefix(w) => fts_string(std::slice::from_ref(w)).map(|s| format!("{s}*")),
        Term::Not(_) => None,
        Term::Or(ts) => {
            let parts: Vec<String> = ts.iter().filter_map(fts_positive).collect();
            match parts.len() {
                0 => None,
                1 => parts.into_iter().next(),
                _ => Some(format!("({})", parts.join(" OR "))),
            }
        }
    }
}

/// A parsed query in FTS5 syntax; None when nothing can match.
fn fts_query(q: &TextQuery) -> Option<String> {
    let pos: Vec<String> = q.terms.iter().filter_map(fts_positive).collect();
    if pos.is_empty() {
        return None;
    }
    let neg: Vec<String> = q
        .terms
        .iter()
        .filter_map(|t| match t {
            Term::Not(inner) => fts_positive(inner),
            _ => None,
        })
        .collect();
    let pos = pos.join(" AND ");
    Some(if neg.is_empty() {
        pos
    } else {
        format!("({pos}) NOT ({})", neg.join(" OR "))
    })
}

impl Store for SqliteStore {
    fn put_all(&mut self, docs: &[Document]) -> Result<Vec<Put>> {
        self.put_batch(docs)
    }

    fn get(&self, id: &str) -> Result<Option<Document>> {
        if id.is_empty() {
            return Ok(None);
        }
        let mut found: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT id, doc_json FROM documents WHERE id = ?1",
                params![id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .db()?;
        if found.is_none() {
            // A prefix, when unique: a range on the id index, checked exactly
            // (no LIKE, so `%` or `_` in it are not wildcards).
            let mut st = self
                .conn
                .prepare_cached(
                    "SELECT id, doc_json FROM documents
                     WHERE id >= ?1 AND id < ?1 || char(1114111) AND substr(id, 1, length(?1)) = ?1
                     ORDER BY id LIMIT 2",
                )
                .db()?;
            let rows = st
                .query_map(params![id], |r| Ok((r.get(0)?, r.get(1)?)))
                .db()?
                .collect::<rusqlite::Result<Vec<(String, String)>>>()
                .db()?;
            if rows.len() == 1 {
                found = rows.into_iter().next();
            }
        }
        match found {
            None => Ok(None),
            Some((id, json)) => {
                serde_json::from_str(&json)
                    .map(Some)
                    .map_err(|e| StoreError::Corrupt {
                        id,
                        reason: e.to_string(),
                    })
            }
        }
    }

    fn sources(&self, id: &str) -> Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT source FROM sources WHERE doc_id = ?1 ORDER BY seen_at, rowid")
            .db()?;
        let rows = st.query_map(params![id], |r| r.get(0)).db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn stats(&self) -> Result<Stats> {
        let (documents, sources): (i64, i64) = self
            .conn
            .query_row(
                // Counted by triggers: a count(*) reads the whole table.
                "SELECT (SELECT n FROM counters WHERE name = 'documents'),
                        (SELECT n FROM counters WHERE name = 'sources')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .db()?;
        Ok(Stats {
            documents: count(documents),
            sources: count(sources),
        })
    }

    fn search(&self, q: &SearchQuery) -> Result<Vec<Hit>> {
        let text = q.text.as_ref().and_then(fts_query);
        let entity = q.has_entity();
        if text.is_none() && !entity {
            return Ok(Vec::new());
        }
        let norm = q.entity.as_deref().map(veille_core::fold);
        // A name matches its mentions by folded text, or by the entity id the
        // caller resolved it to (every spelling of one actor).
        let entity_filter = "(SELECT count(*) FROM entities e WHERE e.doc_id = d.id AND (e.norm = ?2 OR e.entity_id = ?5) AND (?3 IS NULL OR e.label = ?3))";
        let sql = match text {
            Some(_) => format!(
                "SELECT d.id, d.title, d.source, d.date, d.lang,
                        snippet(documents_fts, 1, '[', ']', '…', 16), -bm25(documents_fts, 2.0, 1.0)
                 FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
                 WHERE documents_fts MATCH ?1 AND (?6 = 0 OR {entity_filter} > 0)
                 ORDER BY bm25(documents_fts, 2.0, 1.0) LIMIT ?4"
            ),
            None => format!(
                "SELECT d.id, d.title, d.source, d.date, d.lang, substr(d.text, 1, 160), {entity_filter} AS n
                 FROM documents d WHERE ?1 IS NULL AND ?6 = 1 AND n > 0 ORDER BY n DESC, d.date DESC, d.id LIMIT ?4"
            ),
        };
        let run = || -> rusqlite::Result<Vec<Hit>> {
            let mut st = self.conn.prepare_cached(&sql)?;
            let rows = st.query_map(
                params![
                    text,
                    norm,
                    q.label.map(|l| l.as_str()),
                    limit(q.limit),
                    q.entity_id,
                    entity as i64
                ],
                |r| {
                    Ok(Hit {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        source: r.get(2)?,
                        date: r.get(3)?,
                        lang: Lang::from_code(&r.get::<_, String>(4)?),
                        snippet: r.get(5)?,
                        score: r.get::<_, f64>(6)?,
                    })
                },
            )?;
            rows.collect()
        };
        run().map_err(|e| match e {
            rusqlite::Error::SqliteFailure(_, Some(msg))
                if msg.contains("fts5") || msg.contains("syntax") =>
            {
                StoreError::Query {
                    query: q.text.as_ref().map(|t| t.to_string()).unwrap_or_default(),
                    reason: msg,
                }
            }
            e => backend(e),
        })
    }

    fn entity_mentions(&self, name: &str) -> Result<Vec<MentionCount>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT text, label, count(*), count(DISTINCT doc_id) FROM entities WHERE norm = ?1
             GROUP BY text, label ORDER BY count(*) DESC, text, label",
            )
            .db()?;
        let rows = st
            .query_map(params![veille_core::fold(name)], |r| {
                Ok(MentionCount {
                    text: r.get(0)?,
                    label: EntityLabel::parse(&r.get::<_, String>(1)?).unwrap_or(EntityLabel::Misc),
                    mentions: count(r.get(2)?),
                    documents: count(r.get(3)?),
                })
            })
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn quotes_by(&self, speaker: &str, id: Option<&str>, limit_n: usize) -> Result<Vec<QuoteHit>> {
        let id = match id {
            Some(i) => Some(i.to_string()),
            None => self.entity_id_of(speaker)?,
        };
        let mut st = self.conn.prepare_cached(
            "SELECT q.doc_id, d.source, d.title, d.date, q.text, q.kind, q.cue, q.speaker, q.speaker_name
             FROM quotes q JOIN documents d ON d.id = q.doc_id
             WHERE (?1 IS NOT NULL AND q.speaker_id = ?1) OR lower(q.speaker_name) = lower(?2) OR lower(q.speaker) = lower(?2)
             ORDER BY d.date DESC, q.doc_id, q.start LIMIT ?3",
        ).db()?;
        let rows = st
            .query_map(params![id, speaker, limit(limit_n)], quote_hit)
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn events(&self, q: &EventQuery) -> Result<Vec<EventHit>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS}
             FROM events e JOIN documents d ON d.id = e.doc_id
                  LEFT JOIN places p ON p.place_id = e.place_id
             WHERE {EVENT_FILTER}
             ORDER BY coalesce(e.date, d.date) DESC, e.doc_id, e.start LIMIT ?9"
            ))
            .db()?;
        let rows = st
            .query_map(rusqlite::params_from_iter(event_params(q)), event_hit)
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn each_event(
        &self,
        q: &EventQuery,
        each: &mut dyn FnMut(StoredEvent) -> ControlFlow<()>,
    ) -> Result<u64> {
        // The event rows (a document's rows were inserted in the order of
        // its events, so the rank of a row among its document's rows is the
        // event's index), then the full event from the document's JSON,
        // read once per document.
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT e.doc_id, e.start, e.type, e.cameo, e.sentence,
                    (SELECT count(*) FROM events x WHERE x.doc_id = e.doc_id AND x.rowid < e.rowid)
             FROM events e JOIN documents d ON d.id = e.doc_id
             WHERE {EVENT_FILTER}
             ORDER BY d.date IS NULL, d.date, e.doc_id, e.rowid LIMIT ?9"
            ))
            .db()?;
        let mut doc_st = self
            .conn
            .prepare_cached(
                "SELECT source, url, title, date, lang, doc_json,
                    (SELECT count(*) FROM sources s WHERE s.doc_id = documents.id)
                 FROM documents WHERE id = ?1",
            )
            .db()?;
        let mut rows = st.query(rusqlite::params_from_iter(event_params(q))).db()?;
        let mut doc: Option<(String, DocEvents)> = None;
        let mut given = 0u64;
        while let Some(r) = rows.next().db()? {
            let doc_id: String = r.get(0).db()?;
            let start = usize::try_from(r.get::<_, i64>(1).db()?).unwrap_or(usize::MAX);
            let ty: String = r.get(2).db()?;
            let cameo: String = r.get(3).db()?;
            let sentence: String = r.get(4).db()?;
            let rank = usize::try_from(r.get::<_, i64>(5).db()?).unwrap_or(usize::MAX);
            if doc.as_ref().map(|(id, _)| id != &doc_id).unwrap_or(true) {
                let d = doc_st
                    .query_row(params![doc_id], |r| {
                        Ok(DocEvents {
                            source: r.get(0)?,
                            url: r.get(1)?,
                            title: r.get(2)?,
                            date: r.get(3)?,
                            lang: Lang::from_code(&r.get::<_, String>(4)?),
                            events: Vec::new(),
                            json: r.get(5)?,
                            sources: count(r.get(6)?),
                        })
                    })
                    .db()?;
                doc = Some((doc_id.clone(), d.parse(&doc_id)?));
            }
            let Some((_, d)) = doc.as_ref() else { continue };
            let fits = |e: &veille_core::Event| {
                e.trigger.span.start == start && e.event_type.as_str() == ty && e.cameo == cameo
            };
            // The ranked event, else (a store edited by hand) the first that fits.
            let index = if d.events.get(rank).is_some_and(fits) {
                rank
            } else {
                d.events
                    .iter()
                    .position(fits)
                    .ok_or_else(|| StoreError::Corrupt {
                        id: doc_id.clone(),
                        reason: format!("no event of type {ty} at byte {start} in the document"),
                    })?
            };
            given += 1;
            let out = StoredEvent {
                doc_id: doc_id.clone(),
                index,
                source_doc: d.source.clone(),
                url: d.url.clone(),
                title: d.title.clone(),
                doc_date: d.date.clone(),
                lang: d.lang,
                sources: d.sources.max(1),
                sentence,
                event: d.events[index].clone(),
                reports: self.event_reports(&doc_id, index)?,
            };
            if each(out).is_break() {
                break;
            }
        }
        Ok(given)
    }

    fn entity_id_of(&self, name: &str) -> Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT entity_id FROM entities WHERE (norm = ?1 OR lower(canonical) = lower(?2)) AND entity_id IS NOT NULL
                 GROUP BY entity_id ORDER BY count(*) DESC, entity_id LIMIT 1",
                params![veille_core::fold(name), name],
                |r| r.get(0),
            )
            .optional()
            .db()
    }

    fn entity_report(&self, id: &str, top: usize) -> Result<EntityReport> {
        // One reading of the entity's rows in its (id, day, document)
        // index, newest first, gives its counts, forms and places and its
        // latest documents.
        let mut scan = crate::shared::MentionScan::new(top.max(crate::COOCCURRENCE_DOCS));
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT doc_id, text, canonical, code, place_id
                 FROM entities INDEXED BY entities_entity_day WHERE entity_id = ?1
                 ORDER BY day DESC, doc_id DESC",
            )
            .db()?;
        let mut rows = st.query(params![id]).db()?;
        while let Some(r) = rows.next().db()? {
            let text = |i: usize| text_at(r, i);
            if let (Some(doc), Some(form)) = (text(0).db()?, text(1).db()?) {
                scan.add(doc, form, text(2).db()?, text(3).db()?, text(4).db()?);
            }
        }
        // Its documents as counted at insertion (entity ids and
        // `geonames:` place ids never share a key).
        let documents = self.key_documents(id, usize::MAX)?;
        let latest = scan.latest(top);
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT id, title, date FROM documents
                 WHERE id IN (SELECT value FROM json_each(?1))",
            )
            .db()?;
        let rows = st
            .query_map(
                params![crate::shared::json_ids(latest.iter().map(|d| d.0.as_str()))],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .db()?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db()?;
        let docs = crate::shared::doc_mentions(rows, latest);
        // Co-occurring ids over the latest documents, counted here: the
        // mentions come from the (document, id) index, and SQLite's
        // grouping and distinct count cost more than reading them.
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT doc_id, entity_id, canonical FROM entities
                 WHERE doc_id IN (SELECT value FROM json_each(?1))
                   AND entity_id != ?2 AND entity_id IS NOT NULL",
            )
            .db()?;
        let mut beside = crate::shared::Cooccurring::default();
        let window = crate::shared::json_ids(
            scan.latest(crate::COOCCURRENCE_DOCS)
                .iter()
                .map(|d| d.0.as_str()),
        );
        let mut rows = st.query(params![window, id]).db()?;
        while let Some(r) = rows.next().db()? {
            let text = |i: usize| text_at(r, i);
            if let (Some(doc), Some(other)) = (text(0).db()?, text(1).db()?) {
                beside.add(doc, other, text(2).db()?);
            }
        }
        let cooccurring = beside.top(top);
        let ranked = scan.places(top);
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT place_id, name, country, admin1, lat, lon, precision FROM places
                 WHERE place_id IN (SELECT value FROM json_each(?1))",
            )
            .db()?;
        let found = st
            .query_map(
                params![crate::shared::json_ids(ranked.iter().map(|p| p.0.as_str()))],
                |r| place_at(r, 0),
            )
            .db()?
            .flat_map(Result::transpose)
            .collect::<rusqlite::Result<Vec<_>>>()
            .db()?;
        let places = crate::shared::places_ranked(found, &ranked);
        Ok(scan.into_report(id, documents, docs, cooccurring, places))
    }

    fn feed_validators(&self, url: &str) -> Result<Option<FeedValidators>> {
        self.conn
            .query_row(
                "SELECT etag, last_modified FROM feeds WHERE url = ?1",
                params![url],
                |r| {
                    Ok(FeedValidators {
                        etag: r.get(0)?,
                        last_modified: r.get(1)?,
                    })
                },
            )
            .optional()
            .db()
    }

    fn set_feed_validators(&mut self, url: &str, v: &FeedValidators) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO feeds (url, etag, last_modified) VALUES (?1, ?2, ?3)
                 ON CONFLICT(url) DO UPDATE SET etag = ?2, last_modified = ?3,
                 checked_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')",
                params![url, v.etag, v.last_modified],
            )
            .db()?;
        Ok(())
    }

    fn has_url(&self, url: &str) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM documents WHERE url = ?1)
                     OR EXISTS(SELECT 1 FROM sources WHERE source = ?1)",
                params![url],
                |r| r.get(0),
            )
            .db()
    }

    fn put_fingerprint(&mut self, fp: &Fingerprint) -> Result<()> {
        let tx = self.conn.savepoint().db()?;
        {
            // The keys of a fingerprint it replaces go first.
            let old: Option<Option<String>> = tx
                .prepare_cached("SELECT keys FROM fingerprints WHERE doc_id = ?1")
                .db()?
                .query_row(params![fp.doc_id], |r| r.get(0))
                .optional()
                .db()?;
            match old {
                None => {}
                Some(Some(keys)) => {
                    let mut del = tx
                        .prepare_cached(
                            "DELETE FROM lookup_keys WHERE kind = ?1 AND key = ?2 AND doc_id = ?3",
                        )
                        .db()?;
                    for (kind, key) in parse_keys(&keys) {
                        del.execute(params![kind, key as i64, fp.doc_id]).db()?;
                    }
                }
                // Written before its keys were kept in its row.
                Some(None) => {
                    tx.execute(
                        "DELETE FROM lookup_keys WHERE doc_id = ?1",
                        params![fp.doc_id],
                    )
                    .db()?;
                }
            }
            tx.prepare_cached(
                "INSERT INTO fingerprints (doc_id, data, keys) VALUES (?1, ?2, ?3)
                 ON CONFLICT(doc_id) DO UPDATE SET data = excluded.data, keys = excluded.keys",
            )
            .db()?
            .execute(params![fp.doc_id, fp.data, format_keys(fp)])
            .db()?;
            let mut key = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO lookup_keys (kind, key, doc_id) VALUES (?1, ?2, ?3)",
                )
                .db()?;
            for (kind, keys) in [(0, &fp.bands), (1, &fp.keys)] {
                for k in keys.iter() {
                    key.execute(params![kind, *k as i64, fp.doc_id]).db()?;
                }
            }
        }
        tx.commit().db()
    }

    fn fingerprint_data(&self, doc_id: &str) -> Result<Option<Vec<u8>>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT data FROM fingerprints WHERE doc_id = ?1")
            .db()?;
        st.query_row(params![doc_id], |r| r.get(0)).optional().db()
    }

    fn fingerprint(&self, doc_id: &str) -> Result<Option<Fingerprint>> {
        let row: Option<(Vec<u8>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT data, keys FROM fingerprints WHERE doc_id = ?1",
                params![doc_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .db()?;
        let Some((data, keys)) = row else {
            return Ok(None);
        };
        let keys: Vec<(i64, u64)> = match keys {
            Some(k) => parse_keys(&k),
            // Written before its keys were kept in its row.
            None => self
                .conn
                .prepare_cached("SELECT kind, key FROM lookup_keys WHERE doc_id = ?1")
                .db()?
                .query_map(params![doc_id], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)? as u64))
                })
                .db()?
                .collect::<rusqlite::Result<Vec<_>>>()
                .db()?,
        };
        let mut fp = Fingerprint {
            doc_id: doc_id.to_string(),
            data,
            ..Default::default()
        };
        for (kind, key) in keys {
            if kind == 0 {
                fp.bands.push(key);
            } else {
                fp.keys.push(key);
            }
        }
        fp.bands.sort_unstable();
        fp.keys.sort_unstable();
        fp.bands.dedup();
        fp.keys.dedup();
        Ok(Some(fp))
    }

    fn candidates(
        &self,
        bands: &[u64],
        keys: &[u64],
        max_postings: usize,
        limit_n: usize,
    ) -> Result<Vec<Candidate>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT doc_id FROM lookup_keys WHERE kind = ?1 AND key = ?2 LIMIT ?3")
            .db()?;
        let mut found: std::collections::HashMap<String, (u32, u32)> = Default::default();
        let cap = limit(max_postings.saturating_add(1));
        for (kind, ks) in [(0, bands), (1, keys)] {
            let mut seen = std::collections::HashSet::new();
            for k in ks.iter().filter(|k| seen.insert(**k)) {
                let at = (kind, *k as i64);
                if self
                    .hot
                    .lock()
                    .is_ok_and(|h| h.get(&at).is_some_and(|n| *n > max_postings))
                {
                    continue;
                }
                let docs = st
                    .query_map(params![kind, *k as i64, cap], |r| r.get::<_, String>(0))
                    .db()?
                    .collect::<rusqlite::Result<Vec<String>>>()
                    .db()?;
                if docs.len() > max_postings {
                    if let Ok(mut h) = self.hot.lock() {
                        if h.len() >= HOT_KEYS {
                            h.clear();
                        }
                        h.insert(at, docs.len());
                    }
                    continue;
                }
                for d in docs {
                    let e = found.entry(d).or_default();
                    if kind == 0 {
                        e.0 += 1;
                    } else {
                        e.1 += 1;
                    }
                }
            }
        }
        Ok(crate::shared::ranked_candidates(found, limit_n))
    }

    fn set_copy(&mut self, link: &CopyLink) -> Result<()> {
        let evidence = serde_json::to_string(&link.evidence).map_err(|e| StoreError::Corrupt {
            id: link.doc_id.clone(),
            reason: e.to_string(),
        })?;
        self.conn
            .execute(
                "INSERT INTO copies (doc_id, original, relation, similarity, evidence)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(doc_id) DO UPDATE SET original = excluded.original,
                    relation = excluded.relation, similarity = excluded.similarity,
                    evidence = excluded.evidence",
                params![
                    link.doc_id,
                    link.original,
                    link.relation.as_str(),
                    link.evidence.similarity,
                    evidence
                ],
            )
            .db()?;
        Ok(())
    }

    fn clear_copy(&mut self, doc_id: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM copies WHERE doc_id = ?1", params![doc_id])
            .db()?;
        Ok(())
    }

    fn earlier_date(&mut self, id: &str, date: &veille_core::PubDate) -> Result<bool> {
        let tx = self.conn.savepoint().db()?;
        // The date alone first: most duplicates are not earlier, and the
        // JSON is read only to be rewritten.
        let old: Option<Option<String>> = tx
            .query_row(
                "SELECT date FROM documents WHERE id = ?1",
                params![id],
                |r| r.get(0),
            )
            .optional()
            .db()?;
        let Some(old) = old else {
            return Ok(false);
        };
        if !crate::shared::earlier(&date.value, old.as_deref()) {
            return Ok(false);
        }
        let json: String = tx
            .query_row(
                "SELECT doc_json FROM documents WHERE id = ?1",
                params![id],
                |r| r.get(0),
            )
            .db()?;
        let json = crate::shared::redated_json(id, &json, date)?;
        let day = date.value.get(..10).unwrap_or(&date.value);
        tx.execute(
            "UPDATE documents SET date = ?2, date_precision = ?3, doc_json = ?4 WHERE id = ?1",
            params![id, date.value, date.precision.as_str(), json],
        )
        .db()?;
        tx.execute(
            "UPDATE entities SET day = ?2 WHERE doc_id = ?1",
            params![id, day],
        )
        .db()?;
        tx.execute(
            "UPDATE quotes SET doc_date = ?2 WHERE doc_id = ?1",
            params![id, date.value],
        )
        .db()?;
        tx.execute(
            "UPDATE events SET doc_date = ?2 WHERE doc_id = ?1",
            params![id, date.value],
        )
        .db()?;
        tx.commit().db()?;
        Ok(true)
    }

    fn copy_of(&self, doc_id: &str) -> Result<Option<CopyLink>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT doc_id, original, relation, evidence FROM copies WHERE doc_id = ?1",
            )
            .db()?;
        let row = st.query_row(params![doc_id], copy_row).optional().db()?;
        row.map(copy_link).transpose()
    }

    fn copies_of(&self, original: &str) -> Result<Vec<CopyLink>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT doc_id, original, relation, evidence FROM copies WHERE original = ?1
                 ORDER BY rowid",
            )
            .db()?;
        let rows = st
            .query_map(params![original], copy_row)
            .db()?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db()?;
        rows.into_iter().map(copy_link).collect()
    }

    fn each_document(&self, each: &mut dyn FnMut(DocRow) -> ControlFlow<()>) -> Result<u64> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.source, d.url, d.title, d.date, d.lang,
                    (SELECT count(*) FROM sources s WHERE s.doc_id = d.id),
                    c.doc_id, c.original, c.relation, c.evidence, sd.story_id
                 FROM documents d LEFT JOIN copies c ON c.doc_id = d.id
                 LEFT JOIN story_documents sd ON sd.doc_id = d.id
                 ORDER BY d.date IS NULL, d.date, d.rowid",
            )
            .db()?;
        let mut rows = st.query([]).db()?;
        let mut n = 0;
        while let Some(r) = rows.next().db()? {
            let copy = match r.get::<_, Option<String>>(7).db()? {
                None => None,
                Some(doc_id) => Some(copy_link((
                    doc_id,
                    r.get(8).db()?,
                    r.get(9).db()?,
                    r.get(10).db()?,
                ))?),
            };
            let row = DocRow {
                id: r.get(0).db()?,
                source: r.get(1).db()?,
                url: r.get(2).db()?,
                title: r.get(3).db()?,
                date: r.get(4).db()?,
                lang: Lang::from_code(&r.get::<_, String>(5).db()?),
                sources: count(r.get(6).db()?).max(1),
                copy_of: copy,
                story: r.get(11).db()?,
            };
            n += 1;
            if each(row).is_break() {
                break;
            }
        }
        Ok(n)
    }

    fn key_documents(&self, key: &str, cap: usize) -> Result<u64> {
        let n: Option<i64> = self
            .conn
            .prepare_cached("SELECT n FROM key_documents WHERE key = ?1")
            .db()?
            .query_row(params![key], |r| r.get(0))
            .optional()
            .db()?;
        Ok(count(n.unwrap_or(0)).min(cap as u64))
    }

    fn put_story(&mut self, story: &StoryRecord) -> Result<()> {
        let tx = self.conn.savepoint().db()?;
        tx.prepare_cached(
            "INSERT INTO stories (id, label, first_date, last_date, data)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(id) DO UPDATE SET label = excluded.label,
                first_date = excluded.first_date, last_date = excluded.last_date,
                data = excluded.data",
        )
        .db()?
        .execute(params![
            story.id,
            story.label,
            story.first_date,
            story.last_date,
            story.data
        ])
        .db()?;
        {
            // Only the keys that changed are written: a story's strongest
            // keys seldom change when a document joins it.
            let old: std::collections::HashSet<String> = tx
                .prepare_cached("SELECT key FROM story_keys WHERE story_id = ?1")
                .db()?
                .query_map(params![story.id], |r| r.get(0))
                .db()?
                .collect::<rusqlite::Result<_>>()
                .db()?;
            let new: std::collections::HashSet<&str> =
                story.keys.iter().map(String::as_str).collect();
            let mut del = tx
                .prepare_cached("DELETE FROM story_keys WHERE key = ?1 AND story_id = ?2")
                .db()?;
            for k in old.iter().filter(|k| !new.contains(k.as_str())) {
                del.execute(params![k, story.id]).db()?;
            }
            let mut add = tx
                .prepare_cached("INSERT OR IGNORE INTO story_keys (key, story_id) VALUES (?1, ?2)")
                .db()?;
            for k in new.iter().filter(|k| !old.contains(**k)) {
                add.execute(params![k, story.id]).db()?;
            }
        }
        tx.commit().db()
    }

    fn story(&self, id: &str) -> Result<Option<StoryRecord>> {
        let row = self
            .conn
            .prepare_cached("SELECT label, first_date, last_date, data FROM stories WHERE id = ?1")
            .db()?
            .query_row(params![id], |r| {
                Ok(StoryRecord {
                    id: id.to_string(),
                    label: r.get(0)?,
                    first_date: r.get(1)?,
                    last_date: r.get(2)?,
                    keys: Vec::new(),
                    data: r.get(3)?,
                })
            })
            .optional()
            .db()?;
        let Some(mut story) = row else {
            return Ok(None);
        };
        let mut st = self
            .conn
            .prepare_cached("SELECT key FROM story_keys WHERE story_id = ?1 ORDER BY key")
            .db()?;
        story.keys = st
            .query_map(params![id], |r| r.get(0))
            .db()?
            .collect::<rusqlite::Result<Vec<String>>>()
            .db()?;
        Ok(Some(story))
    }

    fn story_candidates(
        &self,
        keys: &[String],
        since: Option<&str>,
        until: Option<&str>,
        max_postings: usize,
        limit_n: usize,
    ) -> Result<Vec<(String, u32)>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT k.story_id, s.first_date, s.last_date FROM story_keys k
                 JOIN stories s ON s.id = k.story_id WHERE k.key = ?1 LIMIT ?2",
            )
            .db()?;
        // A key in more stories than the cap is skipped without reading
        // them (the count is kept by triggers).
        let mut postings = self
            .conn
            .prepare_cached("SELECT n FROM story_key_counts WHERE key = ?1")
            .db()?;
        let cap = limit(max_postings.saturating_add(1));
        let mut found: std::collections::HashMap<String, u32> = Default::default();
        let mut seen = std::collections::HashSet::new();
        for k in keys.iter().filter(|k| seen.insert(k.as_str())) {
            let n: Option<i64> = postings
                .query_row(params![k], |r| r.get(0))
                .optional()
                .db()?;
            if count(n.unwrap_or(0)) > max_postings as u64 {
                continue;
            }
            let rows = st
                .query_map(params![k, cap], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                    ))
                })
                .db()?
                .collect::<rusqlite::Result<Vec<_>>>()
                .db()?;
            if rows.len() > max_postings {
                continue;
            }
            for (id, first, last) in rows {
                // Dates compared on their common precision.
                let before = |a: &str, b: &str| {
                    let n = a.len().min(b.len()).min(10);
                    a.get(..n) < b.get(..n)
                };
                let too_late = matches!((&first, until), (Some(f), Some(u)) if before(u, f));
                let too_early = matches!((&last, since), (Some(l), Some(s)) if before(l, s));
                if too_late || too_early {
                    continue;
                }
                *found.entry(id).or_default() += 1;
            }
        }
        let mut out: Vec<(String, u32)> = found.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out.truncate(limit_n);
        Ok(out)
    }

    fn set_story(&mut self, doc_id: &str, story_id: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO story_documents (doc_id, story_id) VALUES (?1, ?2)
                 ON CONFLICT(doc_id) DO UPDATE SET story_id = excluded.story_id",
                params![doc_id, story_id],
            )
            .db()?;
        Ok(())
    }

    fn story_of(&self, doc_id: &str) -> Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT story_id FROM story_documents WHERE doc_id = ?1")
            .db()?
            .query_row(params![doc_id], |r| r.get(0))
            .optional()
            .db()
    }

    fn story_documents(&self, story_id: &str) -> Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT d.id FROM story_documents sd JOIN documents d ON d.id = sd.doc_id
                 WHERE sd.story_id = ?1 ORDER BY d.date IS NULL, d.date, d.rowid",
            )
            .db()?;
        let rows = st
            .query_map(params![story_id], |r| r.get(0))
            .db()?
            .collect::<rusqlite::Result<Vec<String>>>()
            .db()?;
        Ok(rows)
    }

    fn stories(&self, limit_n: usize) -> Result<Vec<StoryRow>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT s.id, s.label, s.first_date, s.last_date,
                    (SELECT count(*) FROM story_documents sd WHERE sd.story_id = s.id),
                    (SELECT count(DISTINCT coalesce(o.site, o.id))
                     FROM story_documents sd
                     LEFT JOIN copies c ON c.doc_id = sd.doc_id
                     JOIN documents o ON o.id = coalesce(c.original, sd.doc_id)
                     WHERE sd.story_id = s.id)
                 FROM stories s
                 ORDER BY s.last_date IS NULL, s.last_date DESC, s.id LIMIT ?1",
            )
            .db()?;
        let rows = st
            .query_map(params![limit(limit_n)], |r| {
                Ok(StoryRow {
                    id: r.get(0)?,
                    label: r.get(1)?,
                    first_date: r.get(2)?,
                    last_date: r.get(3)?,
                    documents: count(r.get(4)?),
                    independent: count(r.get(5)?),
                })
            })
            .db()?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db()?;
        Ok(rows)
    }

    fn search_page(&self, q: &SearchFilter) -> Result<SearchPage> {
        let Some(f) = filter_sql(q) else {
            return Ok(SearchPage {
                total_exact: true,
                ..Default::default()
            });
        };
        let err = |e| search_error(q.text.as_ref(), e);
        let cap = COUNT_CAP as i64;
        // The total, counted up to the cap.
        let mut count_params = f.params.clone();
        count_params.push(SqlValue::Integer(cap + 1));
        let total: i64 = self
            .conn
            .prepare_cached(&f.count)
            .map_err(err)?
            .query_row(rusqlite::params_from_iter(count_params), |r| r.get(0))
            .map_err(err)?;
        // One ranking pass gives the facet sample and, when it reaches
        // that far, the page.
        let end = q.offset.saturating_add(q.limit);
        let ranked_n = if end <= FACET_SAMPLE { FACET_SAMPLE } else { 0 };
        let rank = |n: usize, offset: usize| -> Result<Vec<Ranked>> {
            let mut p = f.params.clone();
            p.push(SqlValue::Integer(limit(n)));
            p.push(SqlValue::Integer(limit(offset)));
            self.conn
                .prepare_cached(&f.rank)
                .map_err(err)?
                .query_map(rusqlite::params_from_iter(p), |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .map_err(err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(err)
        };
        let sample = rank(FACET_SAMPLE.max(ranked_n), 0)?;
        let page: Vec<Ranked> = if ranked_n > 0 {
            sample
                .iter()
                .skip(q.offset)
                .take(q.limit)
                .cloned()
                .collect()
        } else {
            rank(q.limit, q.offset)?
        };
        // The page's details and snippets, one query each for the page.
        let rowids =
            serde_json::Value::Array(page.iter().map(|x| x.0.into()).collect()).to_string();
        type Detail = (Option<String>, Option<String>, Option<String>, String);
        let mut details: HashMap<i64, Detail> = self
            .conn
            .prepare_cached(
                "SELECT rowid, title, url, date, substr(text, 1, 160) FROM documents
                 WHERE rowid IN (SELECT value FROM json_each(?1))",
            )
            .map_err(err)?
            .query_map(params![rowids], |r| {
                Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            })
            .map_err(err)?
            .collect::<rusqlite::Result<_>>()
            .map_err(err)?;
        let mut snippets: HashMap<i64, String> = match &f.fts {
            Some(t) => self
                .conn
                .prepare_cached(&format!(
                    "SELECT rowid, {} FROM documents_fts
                     WHERE documents_fts MATCH ?1 AND rowid IN (SELECT value FROM json_each(?2))",
                    f.snippet
                ))
                .map_err(err)?
                .query_map(params![t, rowids], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(err)?
                .collect::<rusqlite::Result<_>>()
                .map_err(err)?,
            None => HashMap::new(),
        };
        let mut hits = Vec::with_capacity(page.len());
        for (rowid, id, lang, site, score) in page {
            // Just ranked (documents are never deleted).
            let Some((title, url, date, start)) = details.remove(&rowid) else {
                continue;
            };
            hits.push(PageHit {
                id,
                title,
                url,
                site,
                date,
                lang: Lang::from_code(&lang),
                snippet: snippets.remove(&rowid).unwrap_or(start),
                score,
            });
        }
        // Facets over the sample: languages and sites from its rows, types
        // and entities from their mentions.
        let mut lang: HashMap<String, u64> = HashMap::new();
        let mut site: HashMap<String, u64> = HashMap::new();
        for (_, _, l, s, _) in &sample {
            *lang.entry(l.clone()).or_default() += 1;
            if let Some(s) = s {
                *site.entry(s.clone()).or_default() += 1;
            }
        }
        let ids = crate::shared::json_ids(sample.iter().map(|x| x.1.as_str()));
        let mentions = self
            .conn
            .prepare_cached(
                "SELECT doc_id, label, entity_id, canonical, text FROM entities
                 WHERE doc_id IN (SELECT value FROM json_each(?1))",
            )
            .map_err(err)?
            .query_map(params![ids], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .map_err(err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(err)?;
        let facets = crate::shared::facets(lang, site, mentions);
        Ok(SearchPage {
            total: count(total).min(COUNT_CAP as u64),
            total_exact: total <= cap,
            hits,
            facets,
        })
    }

    fn events_page(&self, q: &EventQuery, offset: usize) -> Result<EventPage> {
        // Built for the filters given, so an actor, target or place id
        // uses its index: an id resolved by the caller matches by id, a
        // name without one as written.
        let mut conds: Vec<&str> = Vec::new();
        let mut p: Vec<SqlValue> = Vec::new();
        let text = |v: &String| SqlValue::Text(v.clone());
        // An actor or a target: by id, else by the mention as written.
        let roles = [
            (
                &q.actor_id,
                &q.actor,
                "e.source_id = ?",
                "lower(e.source) = lower(?)",
            ),
            (
                &q.target_id,
                &q.target,
                "e.target_id = ?",
                "lower(e.target) = lower(?)",
            ),
        ];
        for (id, name, by_id, by_name) in roles {
            match (id, name) {
                (Some(id), _) => {
                    conds.push(by_id);
                    p.push(text(id));
                }
                (None, Some(name)) => {
                    conds.push(by_name);
                    p.push(text(name));
                }
                _ => {}
            }
        }
        if let Some(t) = q.event_type {
            conds.push("e.type = ?");
            p.push(SqlValue::Text(t.as_str().into()));
        }
        if let Some(m) = q.modality {
            conds.push("e.modality = ?");
            p.push(SqlValue::Text(m.as_str().into()));
        }
        if let Some(since) = &q.since {
            conds.push("coalesce(e.date, e.doc_date) >= ?");
            p.push(text(since));
        }
        if let Some(until) = &q.until {
            conds.push("substr(coalesce(e.date, e.doc_date), 1, ?) <= ?");
            p.push(SqlValue::Integer(until.chars().count() as i64));
            p.push(text(until));
        }
        if let Some(place) = &q.place {
            let ids: Vec<String> = self
                .conn
                .prepare_cached(
                    "SELECT place_id FROM places WHERE place_id = ?1 OR name = ?1 COLLATE NOCASE OR country = upper(?1)",
                )
                .db()?
                .query_map(params![place], |r| r.get(0))
                .db()?
                .collect::<rusqlite::Result<_>>()
                .db()?;
            // A place the store knows is matched by its ids (indexed),
            // else by the location as written.
            if ids.is_empty() {
                conds.push("lower(e.location) = lower(?)");
                p.push(text(place));
            } else {
                let json = serde_json::Value::Array(
                    ids.into_iter().map(serde_json::Value::String).collect(),
                );
                conds.push("e.place_id IN (SELECT value FROM json_each(?))");
                p.push(SqlValue::Text(json.to_string()));
            }
        }
        let filter = if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        };
        let mut cp = p.clone();
        cp.push(SqlValue::Integer(COUNT_CAP as i64 + 1));
        let total: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM (SELECT 1 FROM events e {filter} LIMIT ?)"
            ))
            .db()?
            .query_row(rusqlite::params_from_iter(cp), |r| r.get(0))
            .db()?;
        // The page's keys first, then the rows of that page alone. An
        // actor's or a target's events, however many, and few matches of
        // any filter: read from the filter's index (an actor's, target's
        // and place's events are kept in page order: document date, then
        // document, newest first). Many: walk documents newest first on
        // their date index, stopping at the page.
        let selective = total <= 2000 || q.actor_id.is_some() || q.target_id.is_some();
        p.push(SqlValue::Integer(limit(q.limit)));
        p.push(SqlValue::Integer(limit(offset)));
        let keys = if selective {
            format!(
                "SELECT e.rowid AS er, e.doc_rowid AS dr FROM events e {filter}
                 ORDER BY e.doc_date DESC, e.doc_rowid DESC, e.rowid LIMIT ? OFFSET ?"
            )
        } else {
            format!(
                "SELECT e.rowid AS er, d.rowid AS dr
                 FROM documents d INDEXED BY documents_date_id
                      CROSS JOIN events e INDEXED BY events_doc ON e.doc_id = d.id
                 {filter}
                 ORDER BY d.date DESC, d.rowid DESC, e.rowid LIMIT ? OFFSET ?"
            )
        };
        let events = self
            .conn
            .prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS}
             FROM ({keys}) k
                  JOIN events e ON e.rowid = k.er
                  JOIN documents d ON d.rowid = k.dr
                  LEFT JOIN places p ON p.place_id = e.place_id
             ORDER BY d.date DESC, d.rowid DESC, e.rowid"
            ))
            .db()?
            .query_map(rusqlite::params_from_iter(p), event_hit)
            .db()?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db()?;
        Ok(EventPage {
            total: count(total).min(COUNT_CAP as u64),
            total_exact: total <= COUNT_CAP as i64,
            events,
        })
    }

    fn mention_timeline(&self, entity_id: &str) -> Result<Vec<DayCount>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT day, count(*) FROM entities WHERE entity_id = ?1 AND day IS NOT NULL
                 GROUP BY day ORDER BY day",
            )
            .db()?;
        let rows = st
            .query_map(params![entity_id], |r| {
                Ok(DayCount {
                    day: r.get(0)?,
                    count: count(r.get(1)?),
                })
            })
            .db()?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db()?;
        Ok(rows)
    }

    fn place(&self, place_id: &str) -> Result<Option<veille_core::Place>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT place_id, name, country, admin1, lat, lon, precision FROM places WHERE place_id = ?1",
            )
            .db()?
            .query_row(params![place_id], |r| place_at(r, 0))
            .optional()
            .db()?
            .flatten())
    }

    fn place_documents(&self, place_id: &str, limit_n: usize) -> Result<Vec<DocBrief>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.title, d.url, d.site, d.date, d.lang FROM documents d
                 WHERE d.id IN (SELECT doc_id FROM entities WHERE place_id = ?1
                                UNION SELECT doc_id FROM events WHERE place_id = ?1)
                 ORDER BY d.date DESC, d.rowid DESC LIMIT ?2",
            )
            .db()?;
        let rows = st
            .query_map(params![place_id, limit(limit_n)], doc_brief)
            .db()?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db()?;
        Ok(rows)
    }

    fn story_row(&self, id: &str) -> Result<Option<StoryRow>> {
        self.conn
            .prepare_cached(
                "SELECT s.id, s.label, s.first_date, s.last_date,
                    (SELECT count(*) FROM story_documents sd WHERE sd.story_id = s.id),
                    (SELECT count(DISTINCT coalesce(o.site, o.id))
                     FROM story_documents sd
                     LEFT JOIN copies c ON c.doc_id = sd.doc_id
                     JOIN documents o ON o.id = coalesce(c.original, sd.doc_id)
                     WHERE sd.story_id = s.id)
                 FROM stories s WHERE s.id = ?1",
            )
            .db()?
            .query_row(params![id], |r| {
                Ok(StoryRow {
                    id: r.get(0)?,
                    label: r.get(1)?,
                    first_date: r.get(2)?,
                    last_date: r.get(3)?,
                    documents: count(r.get(4)?),
                    independent: count(r.get(5)?),
                })
            })
            .optional()
            .db()
    }

    fn doc_briefs(&self, ids: &[String]) -> Result<Vec<DocBrief>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.title, d.url, d.site, d.date, d.lang FROM documents d WHERE d.id = ?1",
            )
            .db()?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(b) = st.query_row(params![id], doc_brief).optional().db()? {
                out.push(b);
            }
        }
        Ok(out)
    }

    fn quotes_of(&self, entity_id: &str, limit_n: usize) -> Result<Vec<QuoteHit>> {
        let mut st = self.conn.prepare_cached(
            // Straight from the speaker's index, kept in page order.
            "SELECT q.doc_id, d.source, d.title, d.date, q.text, q.kind, q.cue, q.speaker, q.speaker_name
             FROM (SELECT rowid FROM quotes INDEXED BY quotes_speaker_page WHERE speaker_id = ?1
                   ORDER BY doc_date DESC, doc_id, start LIMIT ?2) k
             JOIN quotes q ON q.rowid = k.rowid
             JOIN documents d ON d.id = q.doc_id
             ORDER BY q.doc_date DESC, q.doc_id, q.start",
        ).db()?;
        let rows = st
            .query_map(params![entity_id, limit(limit_n)], quote_hit)
            .db()?;
        rows.collect::<rusqlite::Result<_>>().db()
    }

    fn story_events(&self, story_id: &str, limit_n: usize) -> Result<Vec<EventHit>> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS}
             FROM events e JOIN documents d ON d.id = e.doc_id
                  LEFT JOIN places p ON p.place_id = e.place_id
             WHERE e.doc_id IN (SELECT doc_id FROM story_documents WHERE story_id = ?1)
             ORDER BY coalesce(e.date, d.date) IS NULL, coalesce(e.date, d.date), e.doc_id, e.start LIMIT ?2"
            ))
            .db()?;
        let rows = st
            .query_map(params![story_id, limit(limit_n)], event_hit)
            .db()?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db()?;
        Ok(rows)
    }

    fn link_event(&mut self, doc_id: &str, index: usize, event_id: &str) -> Result<()> {
        let mention = self
            .event_row(doc_id, index)?
            .ok_or_else(|| StoreError::NoEvent(format!("{doc_id}-{index}")))?;
        let (other_doc, other_index) =
            split_event_id(event_id).ok_or_else(|| StoreError::NoEvent(event_id.to_string()))?;
        let other = self
            .event_row(other_doc, other_index)?
            .ok_or_else(|| StoreError::NoEvent(event_id.to_string()))?;
        // The event keeps the id of its first stored mention.
        let key = other.1.unwrap_or_else(|| event_id.to_string());
        let tx = self.conn.savepoint().db()?;
        tx.execute(
            "UPDATE events SET event_key = ?1 WHERE rowid IN (?2, ?3)",
            params![key, other.0, mention.0],
        )
        .db()?;
        // Mentions already linked to the one now joined follow it.
        if let Some(old) = mention.1.filter(|o| *o != key) {
            tx.execute(
                "UPDATE events SET event_key = ?1 WHERE event_key = ?2",
                params![key, old],
            )
            .db()?;
        }
        tx.commit().db()?;
        Ok(())
    }

    fn persons_by_surname(&self, surname: &str, limit_n: usize) -> Result<Vec<(String, String)>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT entity_id, canonical FROM surnames WHERE surname = ?1
                 ORDER BY entity_id LIMIT ?2",
            )
            .db()?;
        let rows = st
            .query_map(params![veille_core::fold(surname), limit(limit_n)], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .db()?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db()?;
        Ok(rows)
    }

    fn begin(&mut self) -> Result<()> {
        if !self.conn.is_autocommit() {
            return Err(StoreError::Backend(
                "a unit of work is already begun on this connection".into(),
            ));
        }
        // IMMEDIATE: the write lock is taken now (waiting for another
        // writer), so the batch never fails half-way on a busy store.
        self.conn.execute_batch("BEGIN IMMEDIATE").db()
    }

    fn commit(&mut self) -> Result<()> {
        if self.conn.is_autocommit() {
            return Err(StoreError::Backend("commit without a unit of work".into()));
        }
        self.conn.execute_batch("COMMIT").db()
    }

    fn rollback(&mut self) -> Result<()> {
        if self.conn.is_autocommit() {
            return Ok(());
        }
        self.conn.execute_batch("ROLLBACK").db()
    }

    fn inventory(&self) -> Result<Inventory> {
        let n = |sql: &str| -> Result<u64> {
            self.conn
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map(count)
                .db()
        };
        let pages =
            n("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")?;
        let wal = self
            .conn
            .path()
            .filter(|p| !p.is_empty())
            .and_then(|p| std::fs::metadata(format!("{p}-wal")).ok())
            .map_or(0, |m| m.len());
        let stats = self.stats()?;
        Ok(Inventory {
            documents: stats.documents,
            sources: stats.sources,
            entities: n("SELECT count(*) FROM entities")?,
            actors: n("SELECT count(DISTINCT entity_id) FROM entities")?,
            quotes: n("SELECT count(*) FROM quotes")?,
            times: n("SELECT count(*) FROM times")?,
            events: n("SELECT count(*) FROM events")?,
            copies: n("SELECT count(*) FROM copies")?,
            stories: n("SELECT count(*) FROM stories")?,
            queue: self.queue_counts()?,
            bytes: pages + wal,
        })
    }

    fn record_run(&mut self, run: &IngestRun) -> Result<()> {
        let data = serde_json::to_string(run).map_err(|e| StoreError::Backend(e.to_string()))?;
        self.conn
            .execute("INSERT INTO ingest_runs (data) VALUES (?1)", params![data])
            .db()?;
        Ok(())
    }

    fn runs(&self, limit_n: usize) -> Result<Vec<IngestRun>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT data FROM ingest_runs ORDER BY id DESC LIMIT ?1")
            .db()?;
        let rows = st
            .query_map(params![limit(limit_n)], |r| r.get::<_, String>(0))
            .db()?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db()?;
        rows.iter()
            .map(|d| {
                serde_json::from_str(d).map_err(|e| StoreError::Corrupt {
                    id: "ingest run".into(),
                    reason: e.to_string(),
                })
            })
            .collect()
    }

    fn enqueue(&mut self, items: &[QueueItem]) -> Result<usize> {
        let tx = self.conn.savepoint().db()?;
        let mut added = 0;
        {
            let mut st = tx
                .prepare_cached(
                    "INSERT INTO queue (key, feed, data) VALUES (?1, ?2, ?3)
                     ON CONFLICT (key) DO NOTHING",
                )
                .db()?;
            for it in items {
                added += st.execute(params![it.key, it.feed, it.data]).db()?;
            }
        }
        tx.commit().db()?;
        Ok(added)
    }

    fn claim(&mut self, worker: &str, n: usize, now: i64, lease: i64) -> Result<Vec<QueueItem>> {
        // One statement: SQLite takes the write lock before reading, so two
        // workers' claims are serialised and never overlap.
        let mut st = self
            .conn
            .prepare_cached(
                "UPDATE queue SET state = 'claimed', worker = ?1, claimed_at = ?2
                 WHERE seq IN (SELECT seq FROM queue
                     WHERE (state = 'pending' AND due <= ?2)
                        OR (state = 'claimed' AND claimed_at <= ?2 - ?3)
                     ORDER BY seq LIMIT ?4)
                 RETURNING seq, key, feed, data, attempts",
            )
            .db()?;
        let mut rows = st
            .query_map(params![worker, now, lease, limit(n)], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    QueueItem {
                        key: r.get(1)?,
                        feed: r.get(2)?,
                        data: r.get(3)?,
                        attempts: u32::try_from(r.get::<_, i64>(4)?).unwrap_or(u32::MAX),
                    },
                ))
            })
            .db()?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db()?;
        rows.sort_by_key(|r| r.0);
        Ok(rows.into_iter().map(|r| r.1).collect())
    }

    fn settle(&mut self, key: &str, outcome: QueueOutcome, now: i64) -> Result<()> {
        match outcome {
            QueueOutcome::Done => self.conn.execute(
                "UPDATE queue SET state = 'done', worker = NULL WHERE key = ?1",
                params![key],
            ),
            QueueOutcome::Failed => self.conn.execute(
                "UPDATE queue SET attempts = attempts + 1, worker = NULL,
                     state = CASE WHEN attempts + 1 >= ?3 THEN 'failed' ELSE 'pending' END,
                     due = ?2 + 60 * (attempts + 1)
                 WHERE key = ?1",
                params![key, now, QUEUE_ATTEMPTS],
            ),
        }
        .db()?;
        Ok(())
    }

    fn queue_counts(&self) -> Result<QueueCounts> {
        let mut c = QueueCounts::default();
        let mut st = self
            .conn
            .prepare_cached("SELECT state, count(*) FROM queue GROUP BY state")
            .db()?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .db()?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db()?;
        for (state, n) in rows {
            let slot = match state.as_str() {
                "pending" => &mut c.pending,
                "claimed" => &mut c.claimed,
                "done" => &mut c.done,
                _ => &mut c.failed,
            };
            *slot = count(n);
        }
        Ok(c)
    }

    fn event_reports(&self, doc_id: &str, index: usize) -> Result<EventReports> {
        let (rowid, key) = self
            .event_row(doc_id, index)?
            .ok_or_else(|| StoreError::NoEvent(format!("{doc_id}-{index}")))?;
        let (cond, arg) = match &key {
            Some(k) => ("e.event_key = ?1", rusqlite::types::Value::Text(k.clone())),
            None => ("e.rowid = ?1", rusqlite::types::Value::Integer(rowid)),
        };
        let (mentions, independent, sightings) = self
            .conn
            .query_row(
                &format!(
                    "SELECT count(DISTINCT e.doc_id),
                        count(DISTINCT coalesce(o.site, o.id)),
                        (SELECT count(*) FROM sources s WHERE s.doc_id IN
                            (SELECT e.doc_id FROM events e WHERE {cond}))
                     FROM events e
                     LEFT JOIN copies c ON c.doc_id = e.doc_id
                     JOIN documents o ON o.id = coalesce(c.original, e.doc_id)
                     WHERE {cond}"
                ),
                params![arg],
                |r| Ok((count(r.get(0)?), count(r.get(1)?), count(r.get(2)?))),
            )
            .db()?;
        Ok(EventReports {
            event_id: key.unwrap_or_else(|| format!("{doc_id}-{index}")),
            mentions,
            independent_sources: independent,
            sightings,
        })
    }
}

/// A person outside the knowledge base named in full (two words or
/// more): (folded surname, id, full name).
fn surname_of(e: &veille_core::Entity) -> Option<(String, &str, &str)> {
    if e.label != EntityLabel::Per {
        return None;
    }
    let id = e
        .entity_id
        .as_deref()
        .filter(|id| id.starts_with("veille:per:"))?;
    let name = e.canonical.as_deref().unwrap_or(&e.text);
    let mut words = name.split_whitespace();
    let last = words.next_back()?;
    words.next()?;
    Some((veille_core::fold(last), id, name))
}

/// "DOCID-INDEX" → (DOCID, INDEX).
fn split_event_id(id: &str) -> Option<(&str, usize)> {
    let (doc, index) = id.rsplit_once('-')?;
    Some((doc, index.parse().ok()?))
}

impl SqliteStore {
    /// The row id and event key of event `index` of a document (its
    /// `index`-th event row in insertion order).
    fn event_row(&self, doc_id: &str, index: usize) -> Result<Option<(i64, Option<String>)>> {
        self.conn
            .query_row(
                "SELECT rowid, event_key FROM events WHERE doc_id = ?1
                 ORDER BY rowid LIMIT 1 OFFSET ?2",
                params![doc_id, i64::try_from(index).unwrap_or(i64::MAX)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .db()
    }
}

/// A quote row: doc_id, source, title, date, text, kind, cue, speaker,
/// speaker_name.
fn quote_hit(r: &rusqlite::Row) -> rusqlite::Result<QuoteHit> {
    Ok(QuoteHit {
        doc_id: r.get(0)?,
        source: r.get(1)?,
        title: r.get(2)?,
        date: r.get(3)?,
        text: r.get(4)?,
        kind: QuoteKind::parse(&r.get::<_, String>(5)?).unwrap_or_default(),
        cue: r.get(6)?,
        speaker: r.get(7)?,
        speaker_name: r.get(8)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fts(q: &str) -> Option<String> {
        fts_query(&TextQuery::parse(q))
    }

    #[test]
    fn queries_translate_to_quoted_fts5() {
        assert_eq!(fts("Poutine Pékin").unwrap(), "\"Poutine\" AND \"Pékin\"");
        assert_eq!(
            fts("\"président russe\" l’OTAN").unwrap(),
            "\"président russe\" AND \"l\" AND \"OTAN\""
        );
        assert_eq!(
            fts("pout* -kyiv a OR b").unwrap(),
            "(\"pout\"* AND (\"a\" OR \"b\")) NOT (\"kyiv\")"
        );
        assert_eq!(fts("*) OR ("), None);
        assert_eq!(fts("-kyiv"), None, "exclusions alone match nothing");
        // Hand-built terms are cleaned the same way.
        let q = TextQuery {
            terms: vec![
                Term::Word("a\"b) OR (c".into()),
                Term::Prefix("*".into()),
                Term::Or(vec![Term::Not(Box::new(Term::Word("x".into())))]),
            ],
        };
        assert_eq!(fts_query(&q).unwrap(), "\"a b OR c\"");
    }
}
