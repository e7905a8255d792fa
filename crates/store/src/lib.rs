//! The embedded store: one SQLite file in WAL mode.
//!
//! Documents are keyed by content id, so ingesting the same content twice
//! stores it once; every source it was seen at is kept in `sources`.
//! Full-text search is FTS5 over title and text, accent-insensitive.
//! Schema changes are numbered migrations tracked in `PRAGMA user_version`.

use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use veille_core::Document;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("stored document {id} is unreadable: {source}")]
    Corrupt {
        id: String,
        source: serde_json::Error,
    },
    #[error("database {path} has schema version {found}, newer than this veille ({known}); upgrade veille")]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("invalid search query {query:?}: {msg}")]
    Query { query: String, msg: String },
}

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
];

/// A stored quote with where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteHit {
    pub doc_id: String,
    pub source: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub text: String,
    pub kind: String,
    pub cue: Option<String>,
    pub speaker: Option<String>,
    pub speaker_name: Option<String>,
}

pub struct Store {
    conn: Connection,
}

/// What storing one document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Put {
    /// New content.
    Inserted,
    /// Content already stored; the source was recorded.
    Duplicate,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: String,
    pub title: Option<String>,
    pub source: String,
    pub date: Option<String>,
    pub lang: String,
    pub snippet: String,
    /// BM25 score (higher is better).
    pub score: f64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub documents: i64,
    pub sources: i64,
}

impl Store {
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let p = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: p.clone(),
            source,
        })?;
        Self::init(conn, &p)
    }

    pub fn open_in_memory() -> Result<Store, StoreError> {
        Self::init(Connection::open_in_memory()?, ":memory:")
    }

    fn init(conn: Connection, path: &str) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.to_string(),
            source,
        };
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_err)?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(open_err)?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                path: path.to_string(),
                found: version,
                known,
            });
        }
        let mut store = Store { conn };
        for (i, m) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = store.conn.transaction()?;
            tx.execute_batch(m)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(store)
    }

    /// Stores documents in one transaction; returns what happened to each.
    pub fn put_all(&mut self, docs: &[Document]) -> Result<Vec<Put>, StoreError> {
        let tx = self.conn.transaction()?;
        let mut out = Vec::with_capacity(docs.len());
        {
            let mut exists = tx.prepare_cached("SELECT rowid FROM documents WHERE id = ?1")?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO documents (id, source, url, site, title, author, date, date_precision, lang, text, doc_json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            let mut fts = tx.prepare_cached(
                "INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)",
            )?;
            let mut source = tx
                .prepare_cached("INSERT OR IGNORE INTO sources (doc_id, source) VALUES (?1, ?2)")?;
            let mut entity = tx.prepare_cached(
                "INSERT INTO entities (doc_id, start, end, text, label, norm, entity_id, canonical, code, nominal) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            let mut quote = tx.prepare_cached(
                "INSERT INTO quotes (doc_id, start, end, text, kind, cue, speaker, speaker_id, speaker_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut time = tx.prepare_cached(
                "INSERT INTO times (doc_id, start, end, text, value, precision) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for d in docs {
                let found: Option<i64> =
                    exists.query_row(params![d.id], |r| r.get(0)).optional()?;
                if found.is_none() {
                    let json = serde_json::to_string(d).map_err(|source| StoreError::Corrupt {
                        id: d.id.clone(),
                        source,
                    })?;
                    let precision = d.date.as_ref().and_then(|x| {
                        serde_json::to_value(x.precision)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                    });
                    insert.execute(params![
                        d.id,
                        d.source,
                        d.url,
                        d.site,
                        d.title,
                        d.author,
                        d.date.as_ref().map(|x| x.value.clone()),
                        precision,
                        d.lang.as_str(),
                        d.text,
                        json
                    ])?;
                    let rowid = tx.last_insert_rowid();
                    fts.execute(params![rowid, d.title.as_deref().unwrap_or(""), d.text])?;
                    for e in &d.entities {
                        entity.execute(params![
                            d.id,
                            e.span.start as i64,
                            e.span.end as i64,
                            e.text,
                            e.label.as_str(),
                            veille_core::fold(&e.text),
                            e.entity_id,
                            e.canonical,
                            e.code,
                            e.nominal
                        ])?;
                    }
                    for q in &d.quotes {
                        quote.execute(params![
                            d.id,
                            q.span.start as i64,
                            q.span.end as i64,
                            q.text,
                            q.kind.as_str(),
                            q.cue,
                            q.speaker,
                            q.speaker_id,
                            q.speaker_name
                        ])?;
                    }
                    for t in &d.times {
                        time.execute(params![
                            d.id,
                            t.span.start as i64,
                            t.span.end as i64,
                            t.text,
                            t.value,
                            t.precision.as_str()
                        ])?;
                    }
                    out.push(Put::Inserted);
                } else {
                    out.push(Put::Duplicate);
                }
                source.execute(params![d.id, d.source])?;
            }
        }
        tx.commit()?;
        Ok(out)
    }

    pub fn get(&self, id: &str) -> Result<Option<Document>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT doc_json FROM documents WHERE id = ?1 OR id LIKE ?1 || '%' ORDER BY id = ?1 DESC LIMIT 1", params![id], |r| r.get(0))
            .optional()?;
        match json {
            None => Ok(None),
            Some(j) => serde_json::from_str(&j)
                .map(Some)
                .map_err(|source| StoreError::Corrupt {
                    id: id.to_string(),
                    source,
                }),
        }
    }

    /// The cache validators (ETag, Last-Modified) last seen for a feed.
    pub fn feed_validators(
        &self,
        url: &str,
    ) -> Result<Option<(Option<String>, Option<String>)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT etag, last_modified FROM feeds WHERE url = ?1",
                params![url],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Records a feed's validators after a successful poll.
    pub fn set_feed_validators(
        &self,
        url: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO feeds (url, etag, last_modified) VALUES (?1, ?2, ?3)
             ON CONFLICT(url) DO UPDATE SET etag = ?2, last_modified = ?3,
             checked_at = strftime('%Y-%m-%dT%H:%M:%SZ','now')",
            params![url, etag, last_modified],
        )?;
        Ok(())
    }

    /// Is a document from this URL (or source) already stored?
    pub fn has_url(&self, url: &str) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM documents WHERE url = ?1)
                 OR EXISTS(SELECT 1 FROM sources WHERE source = ?1)",
            params![url],
            |r| r.get(0),
        )?)
    }

    /// Every source a document was seen at.
    pub fn sources(&self, id: &str) -> Result<Vec<String>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT source FROM sources WHERE doc_id = ?1 ORDER BY seen_at, source")?;
        let rows = st.query_map(params![id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn stats(&self) -> Result<Stats, StoreError> {
        let documents = self
            .conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?;
        let sources = self
            .conn
            .query_row("SELECT count(*) FROM sources", [], |r| r.get(0))?;
        Ok(Stats { documents, sources })
    }

    /// Ranked search. With `text`: full-text (plain words, all must match,
    /// accents ignored, "quoted phrases" kept; `raw` passes FTS5 syntax
    /// through). With `entity`: only documents mentioning that name
    /// (case and accents ignored), optionally of one `label`; without text,
    /// those documents are ranked by how often they mention it.
    pub fn search(&self, q: &Query) -> Result<Vec<Hit>, StoreError> {
        let text = match &q.text {
            Some(t) if q.raw => Some(t.clone()),
            Some(t) => Some(fts_query(t)).filter(|x| !x.is_empty()),
            None => None,
        };
        if text.is_none() && q.entity.is_none() {
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
                 WHERE documents_fts MATCH ?1 AND (?2 IS NULL OR {entity_filter} > 0)
                 ORDER BY bm25(documents_fts, 2.0, 1.0) LIMIT ?4"
            ),
            None => format!(
                "SELECT d.id, d.title, d.source, d.date, d.lang, substr(d.text, 1, 160), {entity_filter} AS n
                 FROM documents d WHERE ?1 IS NULL AND n > 0 ORDER BY n DESC, d.date DESC LIMIT ?4"
            ),
        };
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(
            params![text, norm, q.label, q.limit as i64, q.entity_id],
            |r| {
                Ok(Hit {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    source: r.get(2)?,
                    date: r.get(3)?,
                    lang: r.get(4)?,
                    snippet: r.get(5)?,
                    score: r.get::<_, f64>(6)?,
                })
            },
        );
        let rows = rows.and_then(|it| it.collect::<Result<Vec<_>, _>>());
        rows.map_err(|e| match e {
            rusqlite::Error::SqliteFailure(_, Some(msg))
                if msg.contains("fts5") || msg.contains("syntax") =>
            {
                StoreError::Query {
                    query: q.text.clone().unwrap_or_default(),
                    msg,
                }
            }
            e => StoreError::Sql(e),
        })
    }

    /// Entity mentions in the store matching a name: (text, label, mentions, documents).
    pub fn entity_mentions(
        &self,
        name: &str,
    ) -> Result<Vec<(String, String, i64, i64)>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT text, label, count(*), count(DISTINCT doc_id) FROM entities WHERE norm = ?1 GROUP BY text, label ORDER BY count(*) DESC",
        )?;
        let rows = st.query_map(params![veille_core::fold(name)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Quotes by a speaker: linked to the entity `speaker` names (any of its
    /// spellings), or whose speaker is written that way. Newest first.
    /// `id`: the speaker's entity id when the caller knows it (knowledge base).
    pub fn quotes_by(
        &self,
        speaker: &str,
        id: Option<&str>,
        limit: usize,
    ) -> Result<Vec<QuoteHit>, StoreError> {
        let id = match id {
            Some(i) => Some(i.to_string()),
            None => self.entity_id_of(speaker)?,
        };
        let mut st = self.conn.prepare(
            "SELECT q.doc_id, d.source, d.title, d.date, q.text, q.kind, q.cue, q.speaker, q.speaker_name
             FROM quotes q JOIN documents d ON d.id = q.doc_id
             WHERE (?1 IS NOT NULL AND q.speaker_id = ?1) OR lower(q.speaker_name) = lower(?2) OR lower(q.speaker) = lower(?2)
             ORDER BY d.date DESC, q.doc_id, q.start LIMIT ?3",
        )?;
        let rows = st.query_map(params![id, speaker, limit as i64], |r| {
            Ok(QuoteHit {
                doc_id: r.get(0)?,
                source: r.get(1)?,
                title: r.get(2)?,
                date: r.get(3)?,
                text: r.get(4)?,
                kind: r.get(5)?,
                cue: r.get(6)?,
                speaker: r.get(7)?,
                speaker_name: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The entity id most mentions of a name were linked to.
    pub fn entity_id_of(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT entity_id FROM entities WHERE (norm = ?1 OR lower(canonical) = lower(?2)) AND entity_id IS NOT NULL
                 GROUP BY entity_id ORDER BY count(*) DESC LIMIT 1",
                params![veille_core::fold(name), name],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// What the store knows of one entity id.
    pub fn entity_report(&self, id: &str, top: usize) -> Result<EntityReport, StoreError> {
        let (canonical, code, mentions, documents): (Option<String>, Option<String>, i64, i64) = self.conn.query_row(
            "SELECT max(canonical), max(code), count(*), count(DISTINCT doc_id) FROM entities WHERE entity_id = ?1",
            params![id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let mut st = self.conn.prepare("SELECT text, count(*) FROM entities WHERE entity_id = ?1 GROUP BY text ORDER BY count(*) DESC")?;
        let forms = st
            .query_map(params![id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut st = self.conn.prepare(
            "SELECT d.id, d.title, d.date, count(*) FROM entities e JOIN documents d ON d.id = e.doc_id
             WHERE e.entity_id = ?1 GROUP BY d.id ORDER BY d.date DESC, count(*) DESC LIMIT ?2",
        )?;
        let docs = st
            .query_map(params![id, top as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut st = self.conn.prepare(
            "SELECT o.entity_id, max(o.canonical), count(DISTINCT o.doc_id) AS n FROM entities o
             WHERE o.doc_id IN (SELECT doc_id FROM entities WHERE entity_id = ?1) AND o.entity_id != ?1 AND o.entity_id IS NOT NULL
             GROUP BY o.entity_id ORDER BY n DESC, max(o.canonical) LIMIT ?2",
        )?;
        let cooccurring = st
            .query_map(params![id, top as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<Result<_, _>>()?;
        Ok(EntityReport {
            id: id.to_string(),
            canonical,
            code,
            mentions,
            documents,
            forms,
            docs,
            cooccurring,
        })
    }
}

/// A stored entity: its mentions, documents and company.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EntityReport {
    pub id: String,
    pub canonical: Option<String>,
    pub code: Option<String>,
    pub mentions: i64,
    pub documents: i64,
    /// Surface forms with their counts.
    pub forms: Vec<(String, i64)>,
    /// (document id, title, date, mentions), newest first.
    pub docs: Vec<(String, Option<String>, Option<String>, i64)>,
    /// (entity id, canonical, shared documents), most shared first.
    pub cooccurring: Vec<(String, Option<String>, i64)>,
}

/// A search request.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub text: Option<String>,
    pub entity: Option<String>,
    /// The entity id `entity` resolves to, if known (matches every spelling).
    pub entity_id: Option<String>,
    pub label: Option<String>,
    pub limit: usize,
    pub raw: bool,
}

impl Query {
    pub fn text(t: &str) -> Query {
        Query {
            text: Some(t.to_string()),
            limit: 10,
            ..Default::default()
        }
    }
}

/// Plain words to an FTS5 query: each word quoted (so punctuation cannot
/// break the syntax), phrases in double quotes kept together.
pub fn fts_query(q: &str) -> String {
    let mut parts = Vec::new();
    for (i, chunk) in q.split('"').enumerate() {
        if i % 2 == 1 {
            let words: Vec<&str> = chunk
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            if !words.is_empty() {
                parts.push(format!("\"{}\"", words.join(" ")));
            }
        } else {
            for w in chunk
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                parts.push(format!("\"{w}\""));
            }
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_query_quotes_words() {
        assert_eq!(fts_query("Poutine Pékin"), "\"Poutine\" \"Pékin\"");
        assert_eq!(
            fts_query("\"président russe\" l’OTAN"),
            "\"président russe\" \"l\" \"OTAN\""
        );
        assert_eq!(fts_query("*) OR ("), "\"OR\"");
    }
}
