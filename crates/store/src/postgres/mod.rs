//! The PostgreSQL backend: the same behaviour as SQLite's (checked by the
//! conformance suite), on a server shared by several veille processes.
//!
//! The client is `tokio-postgres`, not the sync `postgres` crate: the sync
//! crate drives each call with its own runtime's `block_on`, which panics
//! when called from an async task (`veille serve` opens its stores inside
//! one). Here one small process-wide runtime (one thread, "veille-pg")
//! only connects and drives the connections; each call's future is waited
//! on where it is made with a plain thread-parking executor, which works
//! on any thread: a `spawn_blocking` worker, an async task, a test.
//!
//! Schema changes are migrations of this backend's own ([`schema`]),
//! recorded in `veille_migrations`; a database migrated by a newer veille
//! is refused ([`StoreError::TooNew`]). Full-text search ([`search`]) uses
//! a weighted `tsvector` per document built with its language's text
//! search configuration (accents folded, French or English stems), a GIN
//! index and `ts_rank`; snippets come from `ts_headline`.
//!
//! A store is one connection. One the server closed (a restart) is
//! re-established by the next call outside a transaction; a unit of work
//! open on it is gone, and calls say so until the caller ends it.
//!
//! Here: connecting, statements, transactions and the simpler operations;
//! [`write`] stores documents, [`search`] searches them, [`events`] lists
//! and walks events, [`queue`] has units of work, the inventory, ingest
//! runs and the fetch queue.

mod events;
mod queue;
mod schema;
mod search;
mod write;

use events::{event_hit, EVENT_COLUMNS};

pub use schema::PG_SCHEMA_VERSION;

use crate::{
    Candidate, DayCount, DocBrief, DocRow, EntityReport, EventHit, EventPage, EventQuery,
    EventReports, FeedValidators, Fingerprint, Hit, IngestRun, Inventory, MentionCount, Put,
    QueueCounts, QueueItem, QueueOutcome, QuoteHit, Result, SearchFilter, SearchPage, SearchQuery,
    Stats, Store, StoreError, StoredEvent, StoryRecord, StoryRow,
};
use std::cell::{Cell, Ref, RefCell};
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::ops::ControlFlow;
use std::sync::OnceLock;
use std::time::Duration;
use tokio_postgres::types::{FromSql, ToSql};
use tokio_postgres::{Client, NoTls, Row, Statement};
use veille_core::{CopyLink, CopyRelation, PlacePrecision};
use veille_core::{Document, EntityLabel, Lang, QuoteKind};

/// Waits for a client future on the calling thread (never a tokio
/// `block_on`, so any thread may call).
fn wait<F: Future>(f: F) -> F::Output {
    futures_executor::block_on(f)
}

/// The runtime that connects and drives every connection of the process.
fn runtime() -> std::result::Result<&'static tokio::runtime::Runtime, String> {
    static RT: OnceLock<std::result::Result<tokio::runtime::Runtime, String>> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("veille-pg")
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the PostgreSQL client's runtime: {e}"))
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// A client error as one readable line: the server's message when it
/// sent one, else the client's with its cause.
fn describe(e: &tokio_postgres::Error) -> String {
    if let Some(d) = e.as_db_error() {
        let mut s = d.message().to_string();
        if let Some(detail) = d.detail() {
            s.push_str(&format!(" ({detail})"));
        }
        return s;
    }
    let mut s = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        let c_text = c.to_string();
        if !s.contains(&c_text) {
            s.push_str(&format!(": {c_text}"));
        }
        cause = c.source();
    }
    s
}

/// A client error as a [`StoreError`]: a full disk is told apart.
fn db(e: tokio_postgres::Error) -> StoreError {
    if e.code() == Some(&tokio_postgres::error::SqlState::DISK_FULL) {
        StoreError::Full(describe(&e))
    } else {
        StoreError::Backend(describe(&e))
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

/// A column of a row, its type checked.
fn col<'a, T: FromSql<'a>>(r: &'a Row, i: usize) -> Result<T> {
    r.try_get(i).map_err(db)
}

/// PostgreSQL text holds no NUL character: they are dropped from the
/// searchable columns (the document's JSON escapes them and keeps them).
fn no_nul(s: &str) -> String {
    s.replace('\0', "")
}

/// The parameters of one statement built piece by piece: `bind` gives the
/// placeholder of each value.
#[derive(Default)]
struct Sql {
    params: Vec<Box<dyn ToSql + Sync + Send>>,
}

impl Sql {
    fn bind<T: ToSql + Sync + Send + 'static>(&mut self, v: T) -> String {
        self.params.push(Box::new(v));
        format!("${}", self.params.len())
    }

    /// Binds text from a request (NUL characters dropped: PostgreSQL text
    /// holds none, and nothing stored has one).
    fn text(&mut self, v: &str) -> String {
        self.bind(no_nul(v))
    }

    fn opt_text(&mut self, v: Option<&str>) -> String {
        self.bind(v.map(no_nul))
    }

    fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params
            .iter()
            .map(|p| p.as_ref() as &(dyn ToSql + Sync))
            .collect()
    }
}

type Param<'a> = &'a (dyn ToSql + Sync);

/// The PostgreSQL store: one connection (re-established when the server
/// closed it, between transactions).
pub struct PgStore {
    client: RefCell<Client>,
    config: tokio_postgres::Config,
    locator: String,
    /// Statements prepared on this connection, by their SQL.
    statements: RefCell<HashMap<String, Statement>>,
    /// A unit of work ([`Store::begin`]) is open on the connection.
    in_unit: Cell<bool>,
    /// The connection was lost with a unit of work open: calls fail until
    /// the caller ends the unit (it is gone).
    unit_lost: Cell<bool>,
    /// Transactions of [`PgStore::transaction`] in progress.
    depth: Cell<u32>,
}

/// Connects with `config` on the runtime, the connection driven there.
fn connect(config: &tokio_postgres::Config) -> std::result::Result<Client, String> {
    let rt = runtime()?;
    let config = config.clone();
    let connecting = rt.spawn(async move {
        let (client, connection) = config.connect(NoTls).await?;
        // The connection runs until its client is dropped or the server
        // goes away; calls then fail on the client's side.
        tokio::spawn(connection);
        Ok::<_, tokio_postgres::Error>(client)
    });
    wait(connecting)
        .map_err(|e| format!("connecting failed: {e}"))?
        .map_err(|e| describe(&e))
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("locator", &self.locator)
            .finish()
    }
}

/// Statements kept prepared per connection, at most (then forgotten).
const STATEMENT_CACHE: usize = 512;

impl PgStore {
    /// Connects to `postgres://user@host:port/db` (or `postgresql://`, or
    /// key/value parameters), migrating the database as needed. The
    /// database must exist, in UTF8; the first open creates veille's tables
    /// and the `unaccent` extension (so the role needs CREATE on the
    /// database, unless a superuser installed the extension beforehand).
    /// No TLS: a server on this machine or a trusted network.
    pub fn open(locator: &str) -> Result<PgStore> {
        let shown = crate::redact(locator.trim());
        let open_err = |reason: String| StoreError::Open {
            locator: shown.clone(),
            reason,
        };
        let mut config: tokio_postgres::Config =
            locator.trim().parse().map_err(|e: tokio_postgres::Error| {
                open_err(format!("bad locator: {}", describe(&e)))
            })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            config.application_name("veille");
        }
        let client = connect(&config).map_err(&open_err)?;
        let store = PgStore {
            client: RefCell::new(client),
            config,
            locator: shown.clone(),
            statements: RefCell::new(HashMap::new()),
            in_unit: Cell::new(false),
            unit_lost: Cell::new(false),
            depth: Cell::new(0),
        };
        store.migrate().map_err(|e| match e {
            StoreError::Backend(reason) => open_err(reason),
            e => e,
        })?;
        Ok(store)
    }

    /// The locator, password hidden.
    pub fn locator(&self) -> &str {
        &self.locator
    }

    /// The schema version of the database (migrations applied).
    pub fn schema_version(&self) -> Result<i64> {
        let r = self.query_one(
            "SELECT coalesce(max(version), 0)::bigint FROM veille_migrations",
            &[],
        )?;
        col(&r, 0)
    }

    /// Applies the migrations not applied yet, in order, in one
    /// transaction holding an advisory lock (concurrent opens wait).
    fn migrate(&self) -> Result<()> {
        // Text is UTF-8 throughout (accents, `chr(1114111)` bounds).
        let r = self.query_one(
            "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()",
            &[],
        )?;
        let encoding: String = col(&r, 0)?;
        if encoding != "UTF8" {
            return Err(StoreError::Backend(format!(
                "the database's encoding is {encoding}; veille needs UTF8 (CREATE DATABASE … ENCODING 'UTF8' TEMPLATE template0)"
            )));
        }
        self.transaction(|s| {
            s.batch(&format!(
                "SELECT pg_advisory_xact_lock({}); {}",
                schema::MIGRATION_LOCK,
                schema::MIGRATIONS_TABLE
            ))?;
            let found = s.schema_version()?;
            if found > PG_SCHEMA_VERSION {
                return Err(StoreError::TooNew {
                    locator: s.locator.clone(),
                    found,
                    known: PG_SCHEMA_VERSION,
                });
            }
            let from = usize::try_from(found).unwrap_or(0);
            for (i, parts) in schema::MIGRATIONS.iter().enumerate().skip(from) {
                for part in parts.iter() {
                    s.batch(part).map_err(|e| {
                        let reason = match e {
                            StoreError::Backend(m) => m,
                            e => e.to_string(),
                        };
                        let hint = if reason.contains("unaccent") {
                            " (the server needs PostgreSQL's contrib extensions: postgresql-contrib)"
                        } else {
                            ""
                        };
                        StoreError::Backend(format!("migration {} failed: {reason}{hint}", i + 1))
                    })?;
                }
                s.execute(
                    "INSERT INTO veille_migrations (version) VALUES ($1)",
                    &[&((i + 1) as i64)],
                )?;
            }
            Ok(())
        })
    }

    /// Runs `f` all or nothing: in a transaction committed when it
    /// succeeds and rolled back when it fails, or, inside a unit of work
    /// ([`Store::begin`]), in a savepoint (a failure then undoes `f`'s
    /// writes only, and the unit goes on).
    fn transaction<T>(&self, f: impl FnOnce(&Self) -> Result<T>) -> Result<T> {
        let nested = self.in_unit.get();
        let (begin, end, undo) = if nested {
            (
                "SAVEPOINT veille_write",
                "RELEASE SAVEPOINT veille_write",
                "ROLLBACK TO SAVEPOINT veille_write; RELEASE SAVEPOINT veille_write",
            )
        } else {
            ("BEGIN", "COMMIT", "ROLLBACK")
        };
        self.batch(begin)?;
        self.depth.set(self.depth.get() + 1);
        let out = match f(self) {
            Ok(v) => self.batch(end).map(|()| v),
            Err(e) => {
                // The connection may be gone; the error that matters is `e`.
                let _ = self.batch(undo);
                Err(e)
            }
        };
        self.depth.set(self.depth.get().saturating_sub(1));
        out
    }

    /// The connection, re-established first if the server closed it
    /// (restarted, or the session was ended), unless a transaction was
    /// open on it: that transaction is gone, which is an error.
    fn conn(&self) -> Result<Ref<'_, Client>> {
        if self.unit_lost.get() {
            return Err(StoreError::Backend(
                "the connection to the server was lost during the unit of work: it is gone (roll back)"
                    .into(),
            ));
        }
        if self.client.borrow().is_closed() {
            if self.in_unit.get() {
                self.unit_lost.set(true);
            }
            if self.in_unit.get() || self.depth.get() > 0 {
                return Err(StoreError::Backend(
                    "the connection to the server was lost during a transaction".into(),
                ));
            }
            let client = connect(&self.config).map_err(|reason| {
                StoreError::Backend(format!("reconnecting to {}: {reason}", self.locator))
            })?;
            self.statements.borrow_mut().clear();
            *self.client.borrow_mut() = client;
        }
        Ok(self.client.borrow())
    }

    /// One writing statement, all or nothing (see [`PgStore::transaction`]).
    fn write(&self, sql: &str, p: &[Param]) -> Result<u64> {
        if self.in_unit.get() {
            self.transaction(|s| s.execute(sql, p))
        } else {
            self.execute(sql, p)
        }
    }

    fn batch(&self, sql: &str) -> Result<()> {
        wait(self.conn()?.batch_execute(sql)).map_err(db)
    }

    /// A statement prepared once per connection.
    fn prepared(&self, sql: &str) -> Result<Statement> {
        // The connection first: a new one forgets the old one's statements.
        let client = self.conn()?;
        if let Some(st) = self.statements.borrow().get(sql) {
            return Ok(st.clone());
        }
        let st = wait(client.prepare(sql)).map_err(db)?;
        let mut cache = self.statements.borrow_mut();
        if cache.len() >= STATEMENT_CACHE {
            cache.clear();
        }
        cache.insert(sql.to_string(), st.clone());
        Ok(st)
    }

    fn query(&self, sql: &str, p: &[Param]) -> Result<Vec<Row>> {
        let st = self.prepared(sql)?;
        wait(self.conn()?.query(&st, p)).map_err(db)
    }

    fn query_opt(&self, sql: &str, p: &[Param]) -> Result<Option<Row>> {
        let st = self.prepared(sql)?;
        wait(self.conn()?.query_opt(&st, p)).map_err(db)
    }

    fn query_one(&self, sql: &str, p: &[Param]) -> Result<Row> {
        let st = self.prepared(sql)?;
        wait(self.conn()?.query_one(&st, p)).map_err(db)
    }

    fn execute(&self, sql: &str, p: &[Param]) -> Result<u64> {
        let st = self.prepared(sql)?;
        wait(self.conn()?.execute(&st, p)).map_err(db)
    }

    /// Runs statements sent together (one round trip, not one each): the
    /// server runs them in order; the first failure is the error.
    fn pipeline(&self, statements: &[(&str, Sql)]) -> Result<()> {
        let prepared = statements
            .iter()
            .map(|(sql, _)| self.prepared(sql))
            .collect::<Result<Vec<_>>>()?;
        let params: Vec<Vec<Param>> = statements.iter().map(|(_, p)| p.refs()).collect();
        let client = self.conn()?;
        let runs = prepared
            .iter()
            .zip(&params)
            .map(|(st, p)| client.execute(st, p));
        wait(futures_util::future::try_join_all(runs)).map_err(db)?;
        Ok(())
    }

    /// Rows of a built statement.
    fn query_sql(&self, sql: &str, p: &Sql) -> Result<Vec<Row>> {
        self.query(sql, &p.refs())
    }

    /// The sequence number and event key of event `index` of a document
    /// (its `index`-th event row in insertion order).
    fn event_row(&self, doc_id: &str, index: usize) -> Result<Option<(i64, Option<String>)>> {
        let r = self.query_opt(
            "SELECT seq, event_key FROM events WHERE doc_id = $1 ORDER BY seq LIMIT 1 OFFSET $2",
            &[&doc_id, &limit(index)],
        )?;
        r.map(|r| Ok((col(&r, 0)?, col(&r, 1)?))).transpose()
    }

    fn quote_rows(&self, sql: &str, p: &[Param]) -> Result<Vec<QuoteHit>> {
        self.query(sql, p)?.iter().map(quote_hit).collect()
    }

    fn event_rows(&self, sql: &str, p: &[Param]) -> Result<Vec<EventHit>> {
        self.query(sql, p)?.iter().map(event_hit).collect()
    }

    fn briefs(&self, sql: &str, p: &[Param]) -> Result<Vec<DocBrief>> {
        self.query(sql, p)?.iter().map(doc_brief).collect()
    }

    fn story_rows(&self, sql: &str, p: &[Param]) -> Result<Vec<StoryRow>> {
        self.query(sql, p)?
            .iter()
            .map(|r| {
                Ok(StoryRow {
                    id: col(r, 0)?,
                    label: col(r, 1)?,
                    first_date: col(r, 2)?,
                    last_date: col(r, 3)?,
                    documents: count(col(r, 4)?),
                    independent: count(col(r, 5)?),
                })
            })
            .collect()
    }
}

/// "DOCID-INDEX" → (DOCID, INDEX).
fn split_event_id(id: &str) -> Option<(&str, usize)> {
    let (doc, index) = id.rsplit_once('-')?;
    Some((doc, index.parse().ok()?))
}

/// The place in the seven columns from `at` (place_id, name, country,
/// admin1, lat, lon, precision), None when its id is null (a left join).
fn place_at(r: &Row, at: usize) -> Result<Option<veille_core::Place>> {
    let Some(place_id) = col::<Option<String>>(r, at)? else {
        return Ok(None);
    };
    Ok(Some(veille_core::Place {
        place_id,
        name: col(r, at + 1)?,
        country: col(r, at + 2)?,
        admin1: col(r, at + 3)?,
        lat: col(r, at + 4)?,
        lon: col(r, at + 5)?,
        precision: PlacePrecision::parse(&col::<String>(r, at + 6)?).unwrap_or_default(),
    }))
}

const PLACE_COLUMNS: &str = "p.place_id, p.name, p.country, p.admin1, p.lat, p.lon, p.precision";

/// A [`DocBrief`] from `d.id, d.title, d.url, d.site, d.date, d.lang`.
fn doc_brief(r: &Row) -> Result<DocBrief> {
    Ok(DocBrief {
        id: col(r, 0)?,
        title: col(r, 1)?,
        url: col(r, 2)?,
        site: col(r, 3)?,
        date: col(r, 4)?,
        lang: Lang::from_code(&col::<String>(r, 5)?),
    })
}

const QUOTE_COLUMNS: &str =
    "q.doc_id, d.source, d.title, d.date, q.text, q.kind, q.cue, q.speaker, q.speaker_name";

fn quote_hit(r: &Row) -> Result<QuoteHit> {
    Ok(QuoteHit {
        doc_id: col(r, 0)?,
        source: col(r, 1)?,
        title: col(r, 2)?,
        date: col(r, 3)?,
        text: col(r, 4)?,
        kind: QuoteKind::parse(&col::<String>(r, 5)?).unwrap_or_default(),
        cue: col(r, 6)?,
        speaker: col(r, 7)?,
        speaker_name: col(r, 8)?,
    })
}

fn copy_link(r: &Row, at: usize) -> Result<CopyLink> {
    let doc_id: String = col(r, at)?;
    let corrupt = |reason: String| StoreError::Corrupt {
        id: doc_id.clone(),
        reason,
    };
    let relation: String = col(r, at + 2)?;
    let relation = CopyRelation::parse(&relation)
        .ok_or_else(|| corrupt(format!("unknown copy relation {relation:?}")))?;
    let evidence: String = col(r, at + 3)?;
    let evidence = serde_json::from_str(&evidence).map_err(|e| corrupt(e.to_string()))?;
    Ok(CopyLink {
        original: col(r, at + 1)?,
        doc_id,
        relation,
        evidence,
    })
}

/// Rows read per round trip by the walks over the whole store.
const WALK_PAGE: i64 = 500;

impl Store for PgStore {
    // The larger operations live in their own files (search, events).
    fn search(&self, q: &SearchQuery) -> Result<Vec<Hit>> {
        self.text_search(q)
    }

    fn events(&self, q: &EventQuery) -> Result<Vec<EventHit>> {
        self.query_events(q)
    }

    fn each_event(
        &self,
        q: &EventQuery,
        each: &mut dyn FnMut(StoredEvent) -> ControlFlow<()>,
    ) -> Result<u64> {
        self.walk_events(q, each)
    }

    fn search_page(&self, q: &SearchFilter) -> Result<SearchPage> {
        self.browse(q)
    }

    fn events_page(&self, q: &EventQuery, offset: usize) -> Result<EventPage> {
        self.page_events(q, offset)
    }

    fn event_reports(&self, doc_id: &str, index: usize) -> Result<EventReports> {
        self.reports_of(doc_id, index)
    }

    fn put_all(&mut self, docs: &[Document]) -> Result<Vec<Put>> {
        self.transaction(|s| docs.iter().map(|d| s.put_one(d)).collect())
    }

    fn get(&self, id: &str) -> Result<Option<Document>> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let id = no_nul(id);
        let id = id.as_str();
        if id.is_empty() {
            return Ok(None);
        }
        let mut found =
            self.query_opt("SELECT id, doc_json FROM documents WHERE id = $1", &[&id])?;
        if found.is_none() {
            // A prefix, when unique: a range on the id index, checked
            // exactly (no LIKE, so `%` or `_` in it are not wildcards).
            let rows = self.query(
                "SELECT id, doc_json FROM documents
                 WHERE id >= $1::text AND id < $1::text || chr(1114111)
                   AND left(id, length($1::text)) = $1::text
                 ORDER BY id LIMIT 2",
                &[&id],
            )?;
            if rows.len() == 1 {
                found = rows.into_iter().next();
            }
        }
        let Some(r) = found else { return Ok(None) };
        let id: String = col(&r, 0)?;
        let json: String = col(&r, 1)?;
        serde_json::from_str(&json)
            .map(Some)
            .map_err(|e| StoreError::Corrupt {
                id,
                reason: e.to_string(),
            })
    }

    fn sources(&self, id: &str) -> Result<Vec<String>> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let id = no_nul(id);
        let id = id.as_str();
        self.query(
            "SELECT source FROM sources WHERE doc_id = $1 ORDER BY seq",
            &[&id],
        )?
        .iter()
        .map(|r| col(r, 0))
        .collect()
    }

    fn stats(&self) -> Result<Stats> {
        // Kept by triggers, in shards (a count(*) reads every row).
        let r = self.query_one(
            "SELECT (SELECT coalesce(sum(n), 0)::bigint FROM counters WHERE name = 'documents'),
                    (SELECT coalesce(sum(n), 0)::bigint FROM counters WHERE name = 'sources')",
            &[],
        )?;
        Ok(Stats {
            documents: count(col(&r, 0)?),
            sources: count(col(&r, 1)?),
        })
    }

    fn entity_mentions(&self, name: &str) -> Result<Vec<MentionCount>> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let name = no_nul(name);
        let name = name.as_str();
        self.query(
            "SELECT text, label, count(*), count(DISTINCT doc_id) FROM entities WHERE norm = $1
             GROUP BY text, label ORDER BY count(*) DESC, text, label",
            &[&veille_core::fold(name)],
        )?
        .iter()
        .map(|r| {
            Ok(MentionCount {
                text: col(r, 0)?,
                label: EntityLabel::parse(&col::<String>(r, 1)?).unwrap_or(EntityLabel::Misc),
                mentions: count(col(r, 2)?),
                documents: count(col(r, 3)?),
            })
        })
        .collect()
    }

    fn quotes_by(&self, speaker: &str, id: Option<&str>, limit_n: usize) -> Result<Vec<QuoteHit>> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let speaker = no_nul(speaker);
        let speaker = speaker.as_str();
        let id = match id {
            Some(i) => Some(no_nul(i)),
            None => self.entity_id_of(speaker)?,
        };
        self.quote_rows(
            &format!(
                "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN documents d ON d.id = q.doc_id
                 WHERE ($1::text IS NOT NULL AND q.speaker_id = $1::text)
                    OR lower(q.speaker_name) = lower($2::text COLLATE \"C\")
                    OR lower(q.speaker) = lower($2::text COLLATE \"C\")
                 ORDER BY d.date DESC NULLS LAST, q.doc_id, q.start LIMIT $3"
            ),
            &[&id, &speaker, &limit(limit_n)],
        )
    }

    fn entity_id_of(&self, name: &str) -> Result<Option<String>> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let name = no_nul(name);
        let name = name.as_str();
        let r = self.query_opt(
            "SELECT entity_id FROM entities
             WHERE (norm = $1 OR lower(canonical) = lower($2::text COLLATE \"C\")) AND entity_id IS NOT NULL
             GROUP BY entity_id ORDER BY count(*) DESC, entity_id LIMIT 1",
            &[&veille_core::fold(name), &name],
        )?;
        r.map(|r| col(&r, 0)).transpose()
    }

    fn entity_report(&self, id: &str, top: usize) -> Result<EntityReport> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let id = no_nul(id);
        let id = id.as_str();
        // One reading of the entity's rows, newest first, gives its
        // counts, forms and places and its latest documents.
        let mut scan = crate::shared::MentionScan::new(top.max(crate::COOCCURRENCE_DOCS));
        for r in self.query(
            "SELECT doc_id, text, canonical, code, place_id FROM entities WHERE entity_id = $1
             ORDER BY day DESC NULLS LAST, doc_id DESC",
            &[&id],
        )? {
            let (doc, text, canonical, code, place): (
                String,
                String,
                Option<String>,
                Option<String>,
                Option<String>,
            ) = (
                col(&r, 0)?,
                col(&r, 1)?,
                col(&r, 2)?,
                col(&r, 3)?,
                col(&r, 4)?,
            );
            scan.add(
                &doc,
                &text,
                canonical.as_deref(),
                code.as_deref(),
                place.as_deref(),
            );
        }
        let documents = self.key_documents(id, usize::MAX)?;
        let ids =
            |docs: &[(String, u64)]| -> Vec<String> { docs.iter().map(|d| d.0.clone()).collect() };
        let latest = scan.latest(top);
        let rows = self
            .query(
                "SELECT id, title, date FROM documents WHERE id = ANY($1::text[])",
                &[&ids(latest)],
            )?
            .iter()
            .map(|r| Ok((col(r, 0)?, col(r, 1)?, col(r, 2)?)))
            .collect::<Result<Vec<_>>>()?;
        let docs = crate::shared::doc_mentions(rows, latest);
        let mut beside = crate::shared::Cooccurring::default();
        for r in self.query(
            "SELECT doc_id, entity_id, canonical FROM entities
             WHERE doc_id = ANY($1::text[]) AND entity_id <> $2 AND entity_id IS NOT NULL",
            &[&ids(scan.latest(crate::COOCCURRENCE_DOCS)), &id],
        )? {
            let (doc, other, canonical): (String, String, Option<String>) =
                (col(&r, 0)?, col(&r, 1)?, col(&r, 2)?);
            beside.add(&doc, &other, canonical.as_deref());
        }
        let ranked = scan.places(top);
        let found = self
            .query(
                &format!("SELECT {PLACE_COLUMNS} FROM places p WHERE p.place_id = ANY($1::text[])"),
                &[&ids(&ranked)],
            )?
            .iter()
            .filter_map(|r| place_at(r, 0).transpose())
            .collect::<Result<Vec<_>>>()?;
        let places = crate::shared::places_ranked(found, &ranked);
        Ok(scan.into_report(id, documents, docs, beside.top(top), places))
    }

    fn feed_validators(&self, url: &str) -> Result<Option<FeedValidators>> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let url = no_nul(url);
        let url = url.as_str();
        let r = self.query_opt(
            "SELECT etag, last_modified FROM feeds WHERE url = $1",
            &[&url],
        )?;
        r.map(|r| {
            Ok(FeedValidators {
                etag: col(&r, 0)?,
                last_modified: col(&r, 1)?,
            })
        })
        .transpose()
    }

    fn set_feed_validators(&mut self, url: &str, v: &FeedValidators) -> Result<()> {
        self.write(
            "INSERT INTO feeds (url, etag, last_modified) VALUES ($1, $2, $3)
             ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,
                last_modified = excluded.last_modified, checked_at = now()",
            &[&url, &v.etag, &v.last_modified],
        )?;
        Ok(())
    }

    fn has_url(&self, url: &str) -> Result<bool> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let url = no_nul(url);
        let url = url.as_str();
        let r = self.query_one(
            "SELECT EXISTS(SELECT 1 FROM documents WHERE url = $1::text)
                 OR EXISTS(SELECT 1 FROM sources WHERE source = $1::text)",
            &[&url],
        )?;
        col(&r, 0)
    }

    fn put_fingerprint(&mut self, fp: &Fingerprint) -> Result<()> {
        self.transaction(|s| {
            s.execute("DELETE FROM lookup_keys WHERE doc_id = $1", &[&fp.doc_id])?;
            s.execute(
                "INSERT INTO fingerprints (doc_id, data) VALUES ($1, $2)
                 ON CONFLICT (doc_id) DO UPDATE SET data = excluded.data",
                &[&fp.doc_id, &fp.data],
            )?;
            for (kind, keys) in [(0i64, &fp.bands), (1, &fp.keys)] {
                let keys: Vec<i64> = keys.iter().map(|k| *k as i64).collect();
                s.execute(
                    "INSERT INTO lookup_keys (kind, key, doc_id)
                     SELECT $1, k, $3 FROM unnest($2::bigint[]) AS k ON CONFLICT DO NOTHING",
                    &[&kind, &keys, &fp.doc_id],
                )?;
            }
            Ok(())
        })
    }

    fn fingerprint(&self, doc_id: &str) -> Result<Option<Fingerprint>> {
        let Some(data) = self.fingerprint_data(doc_id)? else {
            return Ok(None);
        };
        let mut fp = Fingerprint {
            doc_id: doc_id.to_string(),
            data,
            ..Default::default()
        };
        for r in self.query(
            "SELECT kind, key FROM lookup_keys WHERE doc_id = $1",
            &[&doc_id],
        )? {
            let (kind, key): (i64, i64) = (col(&r, 0)?, col(&r, 1)?);
            if kind == 0 {
                fp.bands.push(key as u64);
            } else {
                fp.keys.push(key as u64);
            }
        }
        fp.bands.sort_unstable();
        fp.keys.sort_unstable();
        Ok(Some(fp))
    }

    fn fingerprint_data(&self, doc_id: &str) -> Result<Option<Vec<u8>>> {
        let r = self.query_opt(
            "SELECT data FROM fingerprints WHERE doc_id = $1",
            &[&doc_id],
        )?;
        r.map(|r| col(&r, 0)).transpose()
    }

    fn candidates(
        &self,
        bands: &[u64],
        keys: &[u64],
        max_postings: usize,
        limit_n: usize,
    ) -> Result<Vec<Candidate>> {
        let mut found: HashMap<String, (u32, u32)> = HashMap::new();
        let cap = limit(max_postings.saturating_add(1));
        for (kind, ks) in [(0i64, bands), (1, keys)] {
            let mut seen = HashSet::new();
            let ks: Vec<i64> = ks
                .iter()
                .filter(|k| seen.insert(**k))
                .map(|k| *k as i64)
                .collect();
            if ks.is_empty() {
                continue;
            }
            // Every key's postings (at most `cap` each) in one query.
            let mut postings: HashMap<i64, Vec<String>> = HashMap::new();
            for r in self.query(
                "SELECT k.key, l.doc_id FROM unnest($2::bigint[]) AS k(key)
                 CROSS JOIN LATERAL (SELECT doc_id FROM lookup_keys
                                     WHERE kind = $1 AND key = k.key LIMIT $3) l",
                &[&kind, &ks, &cap],
            )? {
                postings.entry(col(&r, 0)?).or_default().push(col(&r, 1)?);
            }
            for docs in postings.into_values() {
                if docs.len() > max_postings {
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
        self.write(
            "INSERT INTO copies (doc_id, original, relation, similarity, evidence)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (doc_id) DO UPDATE SET original = excluded.original,
                relation = excluded.relation, similarity = excluded.similarity,
                evidence = excluded.evidence",
            &[
                &link.doc_id,
                &link.original,
                &link.relation.as_str(),
                &link.evidence.similarity,
                &evidence,
            ],
        )?;
        Ok(())
    }

    fn clear_copy(&mut self, doc_id: &str) -> Result<()> {
        self.write("DELETE FROM copies WHERE doc_id = $1", &[&doc_id])?;
        Ok(())
    }

    fn earlier_date(&mut self, id: &str, date: &veille_core::PubDate) -> Result<bool> {
        self.transaction(|s| {
            // The date alone first: most duplicates are not earlier, and
            // the JSON is read only to be rewritten.
            let Some(r) = s.query_opt(
                "SELECT date FROM documents WHERE id = $1 FOR UPDATE",
                &[&id],
            )?
            else {
                return Ok(false);
            };
            let old: Option<String> = col(&r, 0)?;
            if !crate::shared::earlier(&date.value, old.as_deref()) {
                return Ok(false);
            }
            let r = s.query_one("SELECT doc_json FROM documents WHERE id = $1", &[&id])?;
            let json: String = col(&r, 0)?;
            let json = crate::shared::redated_json(id, &json, date)?;
            let day = date.value.get(..10).unwrap_or(&date.value);
            s.execute(
                "UPDATE documents SET date = $2, date_precision = $3, doc_json = $4 WHERE id = $1",
                &[&id, &date.value, &date.precision.as_str(), &json],
            )?;
            s.execute(
                "UPDATE entities SET day = $2 WHERE doc_id = $1",
                &[&id, &day],
            )?;
            Ok(true)
        })
    }

    fn copy_of(&self, doc_id: &str) -> Result<Option<CopyLink>> {
        let r = self.query_opt(
            "SELECT doc_id, original, relation, evidence FROM copies WHERE doc_id = $1",
            &[&doc_id],
        )?;
        r.map(|r| copy_link(&r, 0)).transpose()
    }

    fn copies_of(&self, original: &str) -> Result<Vec<CopyLink>> {
        self.query(
            "SELECT doc_id, original, relation, evidence FROM copies WHERE original = $1 ORDER BY seq",
            &[&original],
        )?
        .iter()
        .map(|r| copy_link(r, 0))
        .collect()
    }

    fn each_document(&self, each: &mut dyn FnMut(DocRow) -> ControlFlow<()>) -> Result<u64> {
        // Pages after the last document seen: oldest first, undated last.
        let mut after: Option<(bool, String, i64)> = None;
        let mut n = 0;
        loop {
            let mut s = Sql::default();
            let keyset = match &after {
                None => String::new(),
                Some((undated, date, seq)) => format!(
                    "WHERE (d.date IS NULL, coalesce(d.date, ''), d.seq) > ({}::bool, {}::text, {}::bigint)",
                    s.bind(*undated),
                    s.bind(date.clone()),
                    s.bind(*seq)
                ),
            };
            let page = s.bind(WALK_PAGE);
            let rows = self.query_sql(
                &format!(
                    "SELECT d.id, d.source, d.url, d.title, d.date, d.lang,
                        (SELECT count(*) FROM sources s WHERE s.doc_id = d.id),
                        c.doc_id, c.original, c.relation, c.evidence, sd.story_id,
                        d.date IS NULL, coalesce(d.date, ''), d.seq
                     FROM documents d LEFT JOIN copies c ON c.doc_id = d.id
                     LEFT JOIN story_documents sd ON sd.doc_id = d.id
                     {keyset}
                     ORDER BY d.date IS NULL, coalesce(d.date, ''), d.seq LIMIT {page}"
                ),
                &s,
            )?;
            if rows.is_empty() {
                return Ok(n);
            }
            for r in &rows {
                after = Some((col(r, 12)?, col(r, 13)?, col(r, 14)?));
                let copy = match col::<Option<String>>(r, 7)? {
                    None => None,
                    Some(_) => Some(copy_link(r, 7)?),
                };
                let row = DocRow {
                    id: col(r, 0)?,
                    source: col(r, 1)?,
                    url: col(r, 2)?,
                    title: col(r, 3)?,
                    date: col(r, 4)?,
                    lang: Lang::from_code(&col::<String>(r, 5)?),
                    sources: count(col(r, 6)?).max(1),
                    copy_of: copy,
                    story: col(r, 11)?,
                };
                n += 1;
                if each(row).is_break() {
                    return Ok(n);
                }
            }
        }
    }

    fn key_documents(&self, key: &str, cap: usize) -> Result<u64> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let key = no_nul(key);
        let key = key.as_str();
        // Kept at insertion, in shards (counting mentions reads them all).
        let r = self.query_one(
            "SELECT coalesce(sum(n), 0)::bigint FROM key_documents WHERE key = $1",
            &[&key],
        )?;
        Ok(count(col(&r, 0)?).min(cap as u64))
    }

    fn put_story(&mut self, story: &StoryRecord) -> Result<()> {
        self.transaction(|s| {
            s.execute(
                "INSERT INTO stories (id, label, first_date, last_date, data)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (id) DO UPDATE SET label = excluded.label,
                    first_date = excluded.first_date, last_date = excluded.last_date,
                    data = excluded.data",
                &[
                    &story.id,
                    &story.label,
                    &story.first_date,
                    &story.last_date,
                    &story.data,
                ],
            )?;
            // Only the keys that changed are written.
            s.execute(
                "DELETE FROM story_keys WHERE story_id = $1 AND NOT (key = ANY($2::text[]))",
                &[&story.id, &story.keys],
            )?;
            s.execute(
                "INSERT INTO story_keys (key, story_id)
                 SELECT k, $2 FROM unnest($1::text[]) AS k ON CONFLICT DO NOTHING",
                &[&story.keys, &story.id],
            )?;
            Ok(())
        })
    }

    fn story(&self, id: &str) -> Result<Option<StoryRecord>> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let id = no_nul(id);
        let id = id.as_str();
        let Some(r) = self.query_opt(
            "SELECT label, first_date, last_date, data FROM stories WHERE id = $1",
            &[&id],
        )?
        else {
            return Ok(None);
        };
        let keys = self
            .query(
                "SELECT key FROM story_keys WHERE story_id = $1 ORDER BY key",
                &[&id],
            )?
            .iter()
            .map(|r| col(r, 0))
            .collect::<Result<_>>()?;
        Ok(Some(StoryRecord {
            id: id.to_string(),
            label: col(&r, 0)?,
            first_date: col(&r, 1)?,
            last_date: col(&r, 2)?,
            keys,
            data: col(&r, 3)?,
        }))
    }

    fn story_candidates(
        &self,
        keys: &[String],
        since: Option<&str>,
        until: Option<&str>,
        max_postings: usize,
        limit_n: usize,
    ) -> Result<Vec<(String, u32)>> {
        let cap = limit(max_postings.saturating_add(1));
        let mut found: HashMap<String, u32> = HashMap::new();
        let mut seen = HashSet::new();
        let keys: Vec<String> = keys
            .iter()
            .filter(|k| seen.insert(k.as_str()))
            .map(|k| no_nul(k))
            .collect();
        // Every key's stories (at most `cap` each) in one query.
        let mut postings: HashMap<String, Vec<DatedStory>> = HashMap::new();
        if !keys.is_empty() {
            for r in self.query(
                "SELECT u.key, x.story_id, x.first_date, x.last_date
                 FROM unnest($1::text[]) AS u(key)
                 CROSS JOIN LATERAL (SELECT k.story_id, s.first_date, s.last_date FROM story_keys k
                                     JOIN stories s ON s.id = k.story_id
                                     WHERE k.key = u.key LIMIT $2) x",
                &[&keys, &cap],
            )? {
                postings.entry(col(&r, 0)?).or_default().push((
                    col(&r, 1)?,
                    col(&r, 2)?,
                    col(&r, 3)?,
                ));
            }
        }
        for rows in postings.into_values() {
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
        self.write(
            "INSERT INTO story_documents (doc_id, story_id) VALUES ($1, $2)
             ON CONFLICT (doc_id) DO UPDATE SET story_id = excluded.story_id",
            &[&doc_id, &story_id],
        )?;
        Ok(())
    }

    fn story_of(&self, doc_id: &str) -> Result<Option<String>> {
        let r = self.query_opt(
            "SELECT story_id FROM story_documents WHERE doc_id = $1",
            &[&doc_id],
        )?;
        r.map(|r| col(&r, 0)).transpose()
    }

    fn story_documents(&self, story_id: &str) -> Result<Vec<String>> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let story_id = no_nul(story_id);
        let story_id = story_id.as_str();
        self.query(
            "SELECT d.id FROM story_documents sd JOIN documents d ON d.id = sd.doc_id
             WHERE sd.story_id = $1 ORDER BY d.date IS NULL, d.date, d.seq",
            &[&story_id],
        )?
        .iter()
        .map(|r| col(r, 0))
        .collect()
    }

    fn stories(&self, limit_n: usize) -> Result<Vec<StoryRow>> {
        self.story_rows(
            &format!(
                "SELECT {STORY_COLUMNS} FROM stories s
                 ORDER BY s.last_date IS NULL, s.last_date DESC, s.id LIMIT $1"
            ),
            &[&limit(limit_n)],
        )
    }

    fn mention_timeline(&self, entity_id: &str) -> Result<Vec<DayCount>> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let entity_id = no_nul(entity_id);
        let entity_id = entity_id.as_str();
        self.query(
            "SELECT day, count(*) FROM entities WHERE entity_id = $1 AND day IS NOT NULL
             GROUP BY day ORDER BY day",
            &[&entity_id],
        )?
        .iter()
        .map(|r| {
            Ok(DayCount {
                day: col(r, 0)?,
                count: count(col(r, 1)?),
            })
        })
        .collect()
    }

    fn place(&self, place_id: &str) -> Result<Option<veille_core::Place>> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let place_id = no_nul(place_id);
        let place_id = place_id.as_str();
        let r = self.query_opt(
            &format!("SELECT {PLACE_COLUMNS} FROM places p WHERE p.place_id = $1"),
            &[&place_id],
        )?;
        Ok(r.map(|r| place_at(&r, 0)).transpose()?.flatten())
    }

    fn place_documents(&self, place_id: &str, limit_n: usize) -> Result<Vec<DocBrief>> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let place_id = no_nul(place_id);
        let place_id = place_id.as_str();
        self.briefs(
            "SELECT d.id, d.title, d.url, d.site, d.date, d.lang FROM documents d
             WHERE d.id IN (SELECT doc_id FROM entities WHERE place_id = $1
                            UNION SELECT doc_id FROM events WHERE place_id = $1)
             ORDER BY d.date DESC NULLS LAST, d.seq DESC LIMIT $2",
            &[&place_id, &limit(limit_n)],
        )
    }

    fn story_row(&self, id: &str) -> Result<Option<StoryRow>> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let id = no_nul(id);
        let id = id.as_str();
        Ok(self
            .story_rows(
                &format!("SELECT {STORY_COLUMNS} FROM stories s WHERE s.id = $1"),
                &[&id],
            )?
            .into_iter()
            .next())
    }

    fn doc_briefs(&self, ids: &[String]) -> Result<Vec<DocBrief>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.briefs(
                "SELECT d.id, d.title, d.url, d.site, d.date, d.lang FROM documents d WHERE d.id = $1",
                &[&no_nul(id)],
            )?);
        }
        Ok(out)
    }

    fn story_events(&self, story_id: &str, limit_n: usize) -> Result<Vec<EventHit>> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let story_id = no_nul(story_id);
        let story_id = story_id.as_str();
        self.event_rows(
            &format!(
                "SELECT {EVENT_COLUMNS}
                 FROM events e JOIN documents d ON d.id = e.doc_id
                      LEFT JOIN places p ON p.place_id = e.place_id
                 WHERE e.doc_id IN (SELECT doc_id FROM story_documents WHERE story_id = $1)
                 ORDER BY coalesce(e.date, d.date) IS NULL, coalesce(e.date, d.date), e.doc_id, e.start
                 LIMIT $2"
            ),
            &[&story_id, &limit(limit_n)],
        )
    }

    fn quotes_of(&self, entity_id: &str, limit_n: usize) -> Result<Vec<QuoteHit>> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let entity_id = no_nul(entity_id);
        let entity_id = entity_id.as_str();
        self.quote_rows(
            &format!(
                "SELECT {QUOTE_COLUMNS} FROM quotes q JOIN documents d ON d.id = q.doc_id
                 WHERE q.speaker_id = $1
                 ORDER BY d.date DESC NULLS LAST, q.doc_id, q.start LIMIT $2"
            ),
            &[&entity_id, &limit(limit_n)],
        )
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
        self.transaction(|s| {
            s.execute(
                "UPDATE events SET event_key = $1 WHERE seq IN ($2, $3)",
                &[&key, &other.0, &mention.0],
            )?;
            // Mentions already linked to the one now joined follow it.
            if let Some(old) = mention.1.as_ref().filter(|o| **o != key) {
                s.execute(
                    "UPDATE events SET event_key = $1 WHERE event_key = $2",
                    &[&key, old],
                )?;
            }
            Ok(())
        })
    }

    fn persons_by_surname(&self, surname: &str, limit_n: usize) -> Result<Vec<(String, String)>> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let surname = no_nul(surname);
        let surname = surname.as_str();
        self.query(
            "SELECT entity_id, canonical FROM surnames WHERE surname = $1
             ORDER BY entity_id LIMIT $2",
            &[&veille_core::fold(surname), &limit(limit_n)],
        )?
        .iter()
        .map(|r| Ok((col(r, 0)?, col(r, 1)?)))
        .collect()
    }

    fn begin(&mut self) -> Result<()> {
        self.begin_unit()
    }

    fn commit(&mut self) -> Result<()> {
        self.commit_unit()
    }

    fn rollback(&mut self) -> Result<()> {
        self.rollback_unit()
    }

    fn inventory(&self) -> Result<Inventory> {
        self.count_all()
    }

    fn record_run(&mut self, run: &IngestRun) -> Result<()> {
        self.add_run(run)
    }

    fn runs(&self, limit: usize) -> Result<Vec<IngestRun>> {
        self.latest_runs(limit)
    }

    fn enqueue(&mut self, items: &[QueueItem]) -> Result<usize> {
        self.add_to_queue(items)
    }

    fn claim(&mut self, worker: &str, n: usize, now: i64, lease: i64) -> Result<Vec<QueueItem>> {
        self.claim_items(worker, n, now, lease)
    }

    fn settle(&mut self, key: &str, outcome: QueueOutcome, now: i64) -> Result<()> {
        self.settle_item(key, outcome, now)
    }

    fn queue_counts(&self) -> Result<QueueCounts> {
        self.count_queue()
    }
}

/// A story id with its first and last dates.
type DatedStory = (String, Option<String>, Option<String>);

/// The columns of a [`StoryRow`] from `stories s`.
const STORY_COLUMNS: &str = "s.id, s.label, s.first_date, s.last_date,
    (SELECT count(*) FROM story_documents sd WHERE sd.story_id = s.id),
    (SELECT count(DISTINCT coalesce(o.site, o.id))
     FROM story_documents sd
     LEFT JOIN copies c ON c.doc_id = sd.doc_id
     JOIN documents o ON o.id = coalesce(c.original, sd.doc_id)
     WHERE sd.story_id = s.id)";
