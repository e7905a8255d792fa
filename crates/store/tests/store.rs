//! The store: the conformance suite on SQLite (in memory and on a file),
//! then what is SQLite's own (locators, migrations, schema versions, files).

use std::path::Path;
use veille_store::conformance::{self, corpus, doc};
use veille_store::{open, Fingerprint, Put, SearchQuery, SqliteStore, Store, StoreError};

fn memory() -> Box<dyn Store> {
    Box::new(SqliteStore::open_in_memory().unwrap())
}

#[test]
fn conformance_sqlite_in_memory() {
    conformance::run_all(&memory);
}

#[test]
fn conformance_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let n = std::cell::Cell::new(0);
    // A fresh file per check, opened through the locator.
    conformance::run_all(&|| {
        n.set(n.get() + 1);
        let path = dir.path().join(format!("v{}.db", n.get()));
        open(&format!("sqlite://{}", path.display())).unwrap()
    });
    assert!(n.get() >= 10, "every check ran on its own file");
}

#[test]
fn conformance_sqlite_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    conformance::reopen(&|| Box::new(SqliteStore::open(&path).unwrap()));
}

#[test]
fn locators() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.db");
    let mut s = open(path.to_str().unwrap()).unwrap();
    s.put_all(&corpus()).unwrap();
    drop(s);
    assert!(path.exists(), "a bare path is an SQLite file");
    let s = open(&format!("sqlite://{}", path.display())).unwrap();
    assert_eq!(
        s.stats().unwrap().documents,
        4,
        "sqlite:// opens the same file"
    );
    let mut m = open(":memory:").unwrap();
    assert_eq!(m.put_all(&corpus()[..1]).unwrap(), [Put::Inserted]);
    assert_eq!(
        open("sqlite://:memory:")
            .unwrap()
            .stats()
            .unwrap()
            .documents,
        0
    );

    // PostgreSQL locators reach for a server (none on port 1).
    for pg in [
        "postgres://veille@127.0.0.1:1/veille",
        "postgresql://x@127.0.0.1:1/y",
    ] {
        let err = open(pg).err().expect("no server there");
        assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
        assert!(err.to_string().contains("127.0.0.1:1"), "{err}");
    }
    assert!(matches!(
        open("mysql://x/y").err(),
        Some(StoreError::Unsupported { .. })
    ));
    assert!(matches!(open("").err(), Some(StoreError::Open { .. })));
    assert!(matches!(
        open("sqlite://").err(),
        Some(StoreError::Open { .. })
    ));
}

#[test]
fn a_database_from_a_newer_veille_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    drop(SqliteStore::open(&path).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    c.pragma_update(None, "user_version", 99).unwrap();
    drop(c);
    let err = SqliteStore::open(&path).expect_err("refused");
    assert!(
        matches!(
            err,
            StoreError::TooNew {
                found: 99,
                known: veille_store::SCHEMA_VERSION,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer than this veille"), "{err}");
    assert!(err.to_string().contains("v.db"), "{err}");
}

#[test]
fn an_unopenable_path_is_a_clear_error() {
    let err = SqliteStore::open(Path::new("/nonexistent/dir/v.db")).expect_err("error");
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(err.to_string().contains("/nonexistent/dir/v.db"), "{err}");
    let err = open("/nonexistent/dir/v.db").err().expect("error");
    assert!(err.to_string().contains("/nonexistent/dir/v.db"), "{err}");
}

#[test]
fn not_a_database_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "this is not a database, just some text ".repeat(200)).unwrap();
    let err = SqliteStore::open(&path).expect_err("refused");
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(err.to_string().contains("notes.txt"), "{err}");
}

/// A file at each older schema version (as older veille wrote them) is
/// migrated up, keeps its rows, and is not migrated again on re-open.
#[test]
fn older_schemas_are_migrated_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        // Schema version 1 only: documents, sources, FTS; one row.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "CREATE TABLE documents (
                rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT NOT NULL,
                url TEXT, site TEXT, title TEXT, author TEXT, date TEXT, date_precision TEXT,
                lang TEXT NOT NULL, text TEXT NOT NULL, doc_json TEXT NOT NULL,
                ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));
             CREATE INDEX documents_date ON documents(date);
             CREATE INDEX documents_lang ON documents(lang);
             CREATE TABLE sources (doc_id TEXT NOT NULL REFERENCES documents(id), source TEXT NOT NULL,
                seen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
                PRIMARY KEY (doc_id, source));
             CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents',
                content_rowid='rowid', tokenize = 'unicode61 remove_diacritics 2');
             PRAGMA user_version = 1;",
        )
        .unwrap();
        let d = doc("old.txt", Some("Ancien"), "Un vieux texte sur Pékin.").build();
        c.execute(
            "INSERT INTO documents (id, source, title, lang, text, doc_json) VALUES (?1, ?2, ?3, 'fr', ?4, ?5)",
            rusqlite::params![d.id, d.source, d.title, d.text, serde_json::to_string(&d).unwrap()],
        )
        .unwrap();
        c.execute(
            "INSERT INTO documents_fts (rowid, title, text) VALUES (last_insert_rowid(), ?1, ?2)",
            rusqlite::params![d.title, d.text],
        )
        .unwrap();
        c.execute(
            "INSERT INTO sources (doc_id, source) VALUES (?1, ?2)",
            rusqlite::params![d.id, d.source],
        )
        .unwrap();
    }
    for round in 0..2 {
        let mut s = SqliteStore::open(&path).unwrap();
        assert_eq!(s.stats().unwrap().documents, [1, 5][round]);
        let hits = s.search(&SearchQuery::text("vieux pekin")).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].source, "old.txt");
        // Tables of later migrations are there and usable.
        let want = [[Put::Inserted; 4], [Put::Duplicate; 4]][round];
        assert_eq!(s.put_all(&corpus()).unwrap(), want);
        assert_eq!(s.entity_id_of("putin").unwrap().as_deref(), Some("Q7747"));
        drop(s);
        let c = rusqlite::Connection::open(&path).unwrap();
        let v: i64 = c
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, veille_store::SCHEMA_VERSION);
        let mode: String = c
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}

/// Undoes migrations 17 (search facets read from an index) and 16 (the
/// indexes that answer pages on their own).
const BACK_TO_15: &str = "DROP INDEX entities_doc_facets;
    CREATE INDEX entities_doc_entity ON entities(doc_id, entity_id, canonical);
    DROP INDEX documents_date_id;
    CREATE INDEX documents_date ON documents(date);
    DROP INDEX events_source_page;
    DROP INDEX events_target_page;
    DROP INDEX events_place_page;
    ALTER TABLE events DROP COLUMN doc_date;
    ALTER TABLE events DROP COLUMN doc_rowid;
    CREATE INDEX events_source ON events(source_id);
    CREATE INDEX events_target ON events(target_id);
    CREATE INDEX events_place ON events(place_id);
    DROP INDEX quotes_speaker_page;
    ALTER TABLE quotes DROP COLUMN doc_date;
    CREATE INDEX quotes_speaker ON quotes(speaker_id);
    DROP INDEX events_type;
    PRAGMA user_version = 15;";

/// A schema-15 store gains the page indexes in place, and its pages
/// (events by actor, target and type; quotes by speaker; an entity's
/// report; searches for its names, with their facets) answer as a fresh
/// store's do.
#[test]
fn page_indexes_come_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v15.db");
    let docs = corpus();
    let pages = |s: &SqliteStore| {
        let mut out = Vec::new();
        for d in &docs {
            for e in d.all_entities().map(|(e, _)| e) {
                let Some(id) = e.entity_id.clone() else {
                    continue;
                };
                let q = |actor: bool| veille_store::EventQuery {
                    actor_id: actor.then(|| id.clone()),
                    target_id: (!actor).then(|| id.clone()),
                    limit: 5,
                    ..Default::default()
                };
                out.push(format!("{:?}", s.events_page(&q(true), 0).unwrap()));
                out.push(format!("{:?}", s.events_page(&q(false), 0).unwrap()));
                out.push(format!("{:?}", s.quotes_of(&id, 5).unwrap()));
                out.push(format!("{:?}", s.entity_report(&id, 5).unwrap()));
                let q = veille_store::SearchFilter {
                    text: Some(veille_store::TextQuery::parse(&e.text)),
                    limit: 5,
                    ..Default::default()
                };
                out.push(format!("{:?}", s.search_page(&q).unwrap()));
            }
            for ev in &d.events {
                let q = veille_store::EventQuery {
                    event_type: Some(ev.event_type),
                    limit: 3,
                    ..Default::default()
                };
                out.push(format!("{:?}", s.events_page(&q, 0).unwrap()));
            }
        }
        out
    };
    // A fresh store's pages; then a schema-15 store of the same documents,
    // migrated when opened.
    let before = {
        let mut s = SqliteStore::open(&dir.path().join("fresh.db")).unwrap();
        s.put_all(&docs).unwrap();
        pages(&s)
    };
    {
        let mut s = SqliteStore::open(&path).unwrap();
        s.put_all(&docs).unwrap();
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(BACK_TO_15).unwrap();
    }
    assert!(before.len() > 20, "the corpus exercises the pages");
    let s = SqliteStore::open(&path).unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = c
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, veille_store::SCHEMA_VERSION);
    assert_eq!(pages(&s), before);
}

/// Fingerprints stored before their keys were kept in their row (schema
/// 14) keep their keys through the migration, and are replaced cleanly.
#[test]
fn fingerprint_keys_move_into_their_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v14.db");
    let docs = corpus();
    let fp = |i: usize, bands: &[u64], keys: &[u64]| Fingerprint {
        doc_id: docs[i].id.clone(),
        bands: bands.to_vec(),
        keys: keys.to_vec(),
        data: vec![i as u8],
    };
    {
        let mut s = SqliteStore::open(&path).unwrap();
        s.put_all(&docs).unwrap();
        s.put_fingerprint(&fp(0, &[1, 2, u64::MAX], &[10])).unwrap();
        s.put_fingerprint(&fp(1, &[2, 3], &[])).unwrap();
    }
    {
        // Back to schema 14: no keys column, the index by document.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(BACK_TO_15).unwrap();
        c.execute_batch(
            "ALTER TABLE fingerprints DROP COLUMN keys;
             CREATE INDEX lookup_keys_doc ON lookup_keys(doc_id);
             PRAGMA user_version = 14;",
        )
        .unwrap();
    }
    let mut s = SqliteStore::open(&path).unwrap();
    assert_eq!(
        s.fingerprint(&docs[0].id).unwrap(),
        Some(fp(0, &[1, 2, u64::MAX], &[10]))
    );
    assert_eq!(
        s.fingerprint(&docs[1].id).unwrap(),
        Some(fp(1, &[2, 3], &[]))
    );
    // Replaced: the old keys find it no more, the new ones do.
    s.put_fingerprint(&fp(0, &[7], &[11])).unwrap();
    let found = |s: &SqliteStore, bands: &[u64], keys: &[u64]| -> Vec<String> {
        s.candidates(bands, keys, 10, 10)
            .unwrap()
            .into_iter()
            .map(|c| c.doc_id)
            .collect()
    };
    assert_eq!(found(&s, &[1, u64::MAX], &[10]), Vec::<String>::new());
    assert_eq!(found(&s, &[7], &[11]), vec![docs[0].id.clone()]);
    assert_eq!(found(&s, &[2], &[]), vec![docs[1].id.clone()]);
    drop(s);
    let c = rusqlite::Connection::open(&path).unwrap();
    let indexes: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'lookup_keys_doc'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 0);
}

#[test]
fn an_unreadable_stored_document_is_corrupt_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let a = corpus().remove(0);
    SqliteStore::open(&path)
        .unwrap()
        .put_all(std::slice::from_ref(&a))
        .unwrap();
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute("UPDATE documents SET doc_json = '{not json'", [])
        .unwrap();
    drop(c);
    let s = SqliteStore::open(&path).unwrap();
    let err = s.get(&a.id).expect_err("corrupt");
    assert!(
        matches!(&err, StoreError::Corrupt { id, .. } if *id == a.id),
        "{err:?}"
    );
    assert!(err.to_string().contains(&a.id), "{err}");
    // The rest still works.
    assert_eq!(s.search(&SearchQuery::text("pekin")).unwrap().len(), 1);
}

#[test]
fn a_batch_is_one_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let mut s = SqliteStore::open(&path).unwrap();
    // Make the database refuse one document: the whole batch must go.
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch(
        "CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.source = 'boom'
         BEGIN SELECT RAISE(ABORT, 'refused by test'); END;",
    )
    .unwrap();
    drop(c);
    let mut docs = corpus();
    docs[2].source = "boom".into();
    let err = s.put_all(&docs).expect_err("batch refused");
    assert!(
        matches!(&err, StoreError::Backend(m) if m.contains("refused by test")),
        "{err:?}"
    );
    assert_eq!(s.stats().unwrap().documents, 0, "nothing of the batch kept");
    assert!(s.get(&docs[0].id).unwrap().is_none());
    assert_eq!(
        s.put_all(&docs[..2]).unwrap(),
        [Put::Inserted, Put::Inserted]
    );
    assert_eq!(s.stats().unwrap().documents, 2);
}

#[test]
fn store_is_send_and_boxes() {
    fn is_send<T: Send>(_: &T) {}
    let s: Box<dyn Store> = Box::new(SqliteStore::open_in_memory().unwrap());
    is_send(&s);
    let h = std::thread::spawn(move || s.stats().unwrap().documents);
    assert_eq!(h.join().unwrap(), 0);
}

#[test]
fn errors_are_backend_neutral_and_readable() {
    let e = StoreError::Backend("disk I/O error".into());
    assert_eq!(e.to_string(), "store error: disk I/O error");
    let e = StoreError::Query {
        query: "x".into(),
        reason: "bad".into(),
    };
    assert!(e.to_string().contains("invalid search query"));
}

#[test]
fn connections_opening_a_new_store_at_once_migrate_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.db");
    let opened: Vec<_> = (0..6)
        .map(|_| {
            let p = path.clone();
            std::thread::spawn(move || SqliteStore::open(&p).map(|_| ()))
        })
        .collect();
    for t in opened {
        t.join().unwrap().unwrap();
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, veille_store::SCHEMA_VERSION);
}
