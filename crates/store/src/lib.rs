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
];

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
            for d in docs {
                let found: Option<i64> =
                    exists.query_row(params![d.id], |r| r.get(0)).optional()?;
                if found.is_none() {
                    let json = serde_json::to_string(d).map_err(|source| StoreError::Corrupt {
                        id: d.id.clone(),
                        source,
                    })?;
                    let precision = d
                        .date
                        .as_ref()
                        .map(|x| {
                            serde_json::to_value(x.precision)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))
                        })
                        .flatten();
                    insert.execute(params![
                        d.id,
                        d.source,
                        d.url,
                        d.site,
                        d.title,
                        d.author,
                        d.date.as_ref().map(|x| x.value.clone()),
                        precision,
                        d.lang,
                        d.text,
                        json
                    ])?;
                    let rowid = tx.last_insert_rowid();
                    fts.execute(params![rowid, d.title.as_deref().unwrap_or(""), d.text])?;
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

    /// Ranked full-text search. `query` is plain words (all must match, any
    /// order, accents ignored; "quoted phrases" kept); `raw` passes FTS5
    /// syntax through (OR, NEAR, prefix*).
    pub fn search(&self, query: &str, limit: usize, raw: bool) -> Result<Vec<Hit>, StoreError> {
        let q = if raw {
            query.to_string()
        } else {
            fts_query(query)
        };
        if q.trim().is_empty() {
            return Ok(Vec::new());
        }
        let mut st = self.conn.prepare(
            "SELECT d.id, d.title, d.source, d.date, d.lang,
                    snippet(documents_fts, 1, '[', ']', '…', 16), bm25(documents_fts, 2.0, 1.0)
             FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
             WHERE documents_fts MATCH ?1 ORDER BY bm25(documents_fts, 2.0, 1.0) LIMIT ?2",
        )?;
        let rows = st.query_map(params![q, limit as i64], |r| {
            Ok(Hit {
                id: r.get(0)?,
                title: r.get(1)?,
                source: r.get(2)?,
                date: r.get(3)?,
                lang: r.get(4)?,
                snippet: r.get(5)?,
                score: -r.get::<_, f64>(6)?,
            })
        });
        let rows = rows.and_then(|it| it.collect::<Result<Vec<_>, _>>());
        rows.map_err(|e| match e {
            rusqlite::Error::SqliteFailure(_, Some(msg))
                if msg.contains("fts5") || msg.contains("syntax") =>
            {
                StoreError::Query {
                    query: query.to_string(),
                    msg,
                }
            }
            e => StoreError::Sql(e),
        })
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
