//! The conformance suite on PostgreSQL, then what is PostgreSQL's own
//! (migrations, schema versions, text search configurations, locators).
//!
//! The server is named by `VEILLE_TEST_PG` (e.g.
//! `postgres://postgres@127.0.0.1:5433/postgres`, a role allowed to create
//! databases): each check runs in a database of its own, created for it
//! and dropped afterwards. Unset, these tests say they were skipped and
//! pass; set to a server that cannot be reached, they fail.
//! `bash tests/pg/run.sh cargo test -p veille-store --test postgres`
//! starts a throwaway server and runs them.

#![cfg(feature = "postgres")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use veille_store::conformance::{self, corpus, doc};
use veille_store::{open, PgStore, Put, SearchQuery, Store, StoreError, PG_SCHEMA_VERSION};

/// The test server, or None (said once per test) when unset.
fn server(test: &str) -> Option<String> {
    match std::env::var("VEILLE_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => Some(url.trim().to_string()),
        _ => {
            println!("{test}: skipped (VEILLE_TEST_PG is not set)");
            None
        }
    }
}

/// `url` with its database replaced by `db`.
fn with_db(url: &str, db: &str) -> String {
    let (scheme, rest) = url
        .split_once("://")
        .expect("VEILLE_TEST_PG is a postgres:// URL");
    let (before_query, query) = match rest.split_once('?') {
        Some((a, q)) => (a, format!("?{q}")),
        None => (rest, String::new()),
    };
    let host = before_query.split('/').next().unwrap_or(before_query);
    format!("{scheme}://{host}/{db}{query}")
}

/// Runs SQL on the test server's own database (administration).
fn admin(url: &str, sql: &str) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|e| panic!("VEILLE_TEST_PG={url} cannot be reached: {e}"));
        let driver = tokio::spawn(conn);
        client
            .batch_execute(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        drop(client);
        let _ = driver.await;
    });
}

/// Throwaway databases on the test server, dropped with this.
struct Databases {
    url: String,
    made: Mutex<Vec<String>>,
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

impl Databases {
    fn new(url: &str) -> Databases {
        Databases {
            url: url.to_string(),
            made: Mutex::new(Vec::new()),
        }
    }

    /// A new empty database's locator (unique across test threads and
    /// processes).
    fn fresh(&self) -> String {
        let name = format!(
            "veille_t_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        admin(&self.url, &format!("CREATE DATABASE {name}"));
        self.made.lock().expect("not poisoned").push(name.clone());
        with_db(&self.url, &name)
    }

    fn count(&self) -> usize {
        self.made.lock().map(|m| m.len()).unwrap_or(0)
    }
}

impl Drop for Databases {
    fn drop(&mut self) {
        let made = std::mem::take(&mut *self.made.lock().unwrap_or_else(|p| p.into_inner()));
        for name in made {
            admin(
                &self.url,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            );
        }
    }
}

#[test]
fn conformance_postgres() {
    let Some(url) = server("conformance_postgres") else {
        return;
    };
    let dbs = Databases::new(&url);
    // A fresh database per check, opened through the locator.
    conformance::run_all(&|| open(&dbs.fresh()).unwrap_or_else(|e| panic!("open: {e}")));
    assert!(dbs.count() >= 29, "every check ran on its own database");
    println!(
        "postgres conformance: {} checks passed on PostgreSQL",
        dbs.count()
    );
}

#[test]
fn conformance_postgres_reopen() {
    let Some(url) = server("conformance_postgres_reopen") else {
        return;
    };
    let dbs = Databases::new(&url);
    let db = dbs.fresh();
    conformance::reopen(&|| Box::new(PgStore::open(&db).unwrap()));
    println!("postgres conformance: reopen passed on PostgreSQL");
}

#[test]
fn migrations_from_empty_once_and_too_new_refused() {
    let Some(url) = server("migrations_from_empty_once_and_too_new_refused") else {
        return;
    };
    let dbs = Databases::new(&url);
    let db = dbs.fresh();
    for round in 0..2 {
        let mut s = PgStore::open(&db).unwrap();
        assert_eq!(s.schema_version().unwrap(), PG_SCHEMA_VERSION);
        let want = [[Put::Inserted; 4], [Put::Duplicate; 4]][round];
        assert_eq!(s.put_all(&corpus()).unwrap(), want, "round {round}");
    }
    // A database a newer veille migrated is refused, untouched.
    admin(&db, "INSERT INTO veille_migrations (version) VALUES (99)");
    let err = PgStore::open(&db).expect_err("refused");
    assert!(
        matches!(
            err,
            StoreError::TooNew {
                found: 99,
                known: PG_SCHEMA_VERSION,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer than this veille"), "{err}");
    assert!(
        err.to_string().contains("veille_t_"),
        "names the database: {err}"
    );
    println!("postgres migrations: checked");
}

#[test]
fn concurrent_opens_of_a_new_database_migrate_once() {
    let Some(url) = server("concurrent_opens_of_a_new_database_migrate_once") else {
        return;
    };
    let dbs = Databases::new(&url);
    let db = dbs.fresh();
    let opened: Vec<_> = (0..4)
        .map(|_| {
            let db = db.clone();
            std::thread::spawn(move || PgStore::open(&db).map(|s| s.schema_version()))
        })
        .collect();
    for h in opened {
        let v = h
            .join()
            .expect("no panic")
            .expect("opened")
            .expect("version");
        assert_eq!(v, PG_SCHEMA_VERSION);
    }
}

#[test]
fn accents_and_stems_by_language() {
    let Some(url) = server("accents_and_stems_by_language") else {
        return;
    };
    let dbs = Databases::new(&url);
    let mut s = open(&dbs.fresh()).unwrap();
    s.put_all(&[
        doc(
            "fr",
            Some("Élections à Pékin"),
            "Les présidents se sont réunis à Pékin après l'élection.",
        )
        .build(),
        doc(
            "en",
            Some("Summit"),
            "The presidents were running late in Beijing.",
        )
        .lang("en")
        .build(),
        doc("und", None, "Kyïv Pékin élections").lang("und").build(),
    ])
    .unwrap();
    let sources = |q: &str| -> Vec<String> {
        let mut v: Vec<String> = s
            .search(&SearchQuery::text(q))
            .unwrap()
            .into_iter()
            .map(|h| h.source)
            .collect();
        v.sort();
        v
    };
    assert_eq!(sources("Pekin"), ["fr", "und"], "Pekin finds Pékin");
    assert_eq!(sources("PÉKIN"), ["fr", "und"]);
    assert_eq!(sources("kyiv"), ["und"], "accents folded without a stemmer");
    // French stems: plural and singular, accents or not.
    assert_eq!(sources("réunir"), ["fr"], "réunis");
    assert_eq!(
        sources("président"),
        ["en", "fr"],
        "each document's own stemmer: presidents, présidents"
    );
    assert_eq!(sources("election"), ["fr"], "élection, élections");
    // English stems on the English document.
    assert_eq!(sources("run"), ["en"], "running");
    assert_eq!(sources("president"), ["en", "fr"]);
    // Another language: words as written (accents folded), no stem.
    assert_eq!(
        sources("election"),
        ["fr"],
        "élections is not stemmed in und"
    );
    assert_eq!(sources("elections"), ["fr", "und"]);
    let hits = s.search(&SearchQuery::text("pekin")).unwrap();
    let fr = hits.iter().find(|h| h.source == "fr").expect("fr hit");
    assert!(fr.snippet.contains("[Pékin]"), "{}", fr.snippet);
    assert!(fr.score > 0.0);
    // Nothing typed is tsquery syntax.
    for q in ["a & b", "!poutine", "'x':*", "a <-> b", "pekin:A", "(|)"] {
        s.search(&SearchQuery::text(q))
            .unwrap_or_else(|e| panic!("{q:?}: {e}"));
    }
    assert_eq!(sources("pekin:"), ["fr", "und"], "a colon is punctuation");
    assert_eq!(sources("pekin:A"), ["fr"], "two words: pekin and a (à)");
    println!("postgres search: accents and stems checked");
}

#[test]
fn a_batch_is_one_transaction() {
    let Some(url) = server("a_batch_is_one_transaction") else {
        return;
    };
    let dbs = Databases::new(&url);
    let db = dbs.fresh();
    let mut s = PgStore::open(&db).unwrap();
    admin(
        &db,
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'refused by test'; END $$;
         CREATE TRIGGER refuse BEFORE INSERT ON documents FOR EACH ROW
         WHEN (NEW.source = 'boom') EXECUTE FUNCTION refuse();",
    );
    let mut docs = corpus();
    docs[2].source = "boom".into();
    let err = s.put_all(&docs).expect_err("batch refused");
    assert!(
        matches!(&err, StoreError::Backend(m) if m.contains("refused by test")),
        "{err:?}"
    );
    assert_eq!(s.stats().unwrap().documents, 0, "nothing of the batch kept");
    assert_eq!(
        s.put_all(&docs[..2]).unwrap(),
        [Put::Inserted, Put::Inserted],
        "the store still works after a failed batch"
    );
}

/// A server opens its stores inside an async task and calls them on
/// `spawn_blocking` threads: neither may panic.
#[test]
fn usable_from_async_tasks_and_blocking_threads() {
    let Some(url) = server("usable_from_async_tasks_and_blocking_threads") else {
        return;
    };
    let dbs = Databases::new(&url);
    let db = dbs.fresh();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let n = rt.block_on(async move {
        let mut s = PgStore::open(&db).expect("opened in an async task");
        s.put_all(&corpus()).unwrap();
        let s: Box<dyn Store> = Box::new(s);
        tokio::task::spawn_blocking(move || s.search(&SearchQuery::text("pekin")).unwrap().len())
            .await
            .unwrap()
    });
    assert_eq!(n, 1);
}

#[test]
fn an_unreachable_server_is_a_clear_error() {
    // Port 1 on the loopback: nothing listens there.
    let locator = "postgres://veille:s3cret@127.0.0.1:1/veille";
    let err = open(locator).err().expect("cannot connect");
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("127.0.0.1:1/veille"),
        "names the locator: {msg}"
    );
    assert!(!msg.contains("s3cret"), "never the password: {msg}");
    assert!(msg.to_lowercase().contains("connect"), "says why: {msg}");
    let err = open("postgresql://veille@127.0.0.1:1/veille")
        .err()
        .expect("error");
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    let err = open("postgres://veille@127.0.0.1:notaport/veille")
        .err()
        .expect("error");
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(err.to_string().contains("bad locator"), "{err}");
}

/// A database at an older schema version (1: before the fetch queue) is
/// migrated up on open, keeping its rows.
#[test]
fn an_older_schema_is_migrated() {
    let Some(url) = server("an_older_schema_is_migrated") else {
        return;
    };
    let dbs = Databases::new(&url);
    let db = dbs.fresh();
    PgStore::open(&db).unwrap().put_all(&corpus()).unwrap();
    // As veille wrote it before migration 2.
    admin(
        &db,
        "DROP TABLE queue, ingest_runs, counters, key_documents;
         DROP FUNCTION veille_count CASCADE;
         DELETE FROM veille_migrations WHERE version >= 2",
    );
    let mut s = PgStore::open(&db).unwrap();
    assert_eq!(s.schema_version().unwrap(), PG_SCHEMA_VERSION);
    // Counts (migration 3) start from the rows there.
    assert_eq!(s.stats().unwrap().documents, 4, "rows kept");
    assert_eq!(s.stats().unwrap().sources, 4);
    assert_eq!(s.key_documents("Q7747", 100).unwrap(), 2);
    s.put_all(&[veille_store::conformance::doc("new.txt", None, "Un autre texte.").build()])
        .unwrap();
    assert_eq!(s.stats().unwrap().documents, 5, "counted from there on");
    let item = veille_store::QueueItem {
        key: "https://news.example/a".into(),
        feed: "f".into(),
        data: "{}".into(),
        attempts: 0,
    };
    assert_eq!(s.enqueue(&[item]).unwrap(), 1, "the new tables are there");
}

/// Claims use `FOR UPDATE SKIP LOCKED`: a worker claiming while another's
/// claim is still uncommitted gets other items at once, never the same
/// ones, and never waits.
#[test]
fn concurrent_claims_skip_locked_items() {
    let Some(url) = server("concurrent_claims_skip_locked_items") else {
        return;
    };
    let dbs = Databases::new(&url);
    let db = dbs.fresh();
    let items: Vec<veille_store::QueueItem> = (0..40)
        .map(|i| veille_store::QueueItem {
            key: format!("https://news.example/{i}"),
            feed: "https://news.example/rss".into(),
            data: "{}".into(),
            attempts: 0,
        })
        .collect();
    let mut a = PgStore::open(&db).unwrap();
    assert_eq!(a.enqueue(&items).unwrap(), 40);
    a.begin().unwrap();
    let held = a.claim("a", 5, 1000, 300).unwrap();
    assert_eq!(held, items[..5].to_vec());
    // Another connection, while a's claim is uncommitted.
    let db2 = db.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut b = PgStore::open(&db2).unwrap();
        let _ = tx.send(b.claim("b", 5, 1000, 300).map_err(|e| e.to_string()));
    });
    let got = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("a claim never waits for another worker's")
        .unwrap();
    assert_eq!(got, items[5..10].to_vec(), "the locked items are skipped");
    a.commit().unwrap();
    // Workers in parallel: every item claimed exactly once.
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let db = db.clone();
            std::thread::spawn(move || {
                let mut s = PgStore::open(&db).unwrap();
                let mut mine = Vec::new();
                loop {
                    let got = s.claim(&format!("w{w}"), 3, 1000, 300).unwrap();
                    if got.is_empty() {
                        return mine;
                    }
                    mine.extend(got.into_iter().map(|i| i.key));
                }
            })
        })
        .collect();
    let mut all: Vec<String> = workers
        .into_iter()
        .flat_map(|h| h.join().expect("no panic"))
        .collect();
    all.sort();
    let mut want: Vec<String> = items[10..].iter().map(|i| i.key.clone()).collect();
    want.sort();
    assert_eq!(all, want, "each item once");
    println!("postgres queue: claims skip locked items");
}

#[test]
fn a_database_not_in_utf8_is_refused() {
    let Some(url) = server("a_database_not_in_utf8_is_refused") else {
        return;
    };
    let dbs = Databases::new(&url);
    let name = format!("veille_t_{}_latin1", std::process::id());
    admin(
        &url,
        &format!("CREATE DATABASE {name} ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"),
    );
    dbs.made.lock().unwrap().push(name.clone());
    let err = PgStore::open(&with_db(&url, &name)).expect_err("refused");
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(err.to_string().contains("UTF8"), "{err}");
}

/// Ends the server sessions of veille on database `db` (as a server
/// restart would).
fn end_sessions(url: &str, db: &str) {
    admin(
        url,
        &format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = '{db}' AND application_name = 'veille'"
        ),
    );
    // The client notices when the server closes the socket.
    std::thread::sleep(std::time::Duration::from_millis(300));
}

/// A connection the server closed is re-established on the next call;
/// a unit of work open on it is gone, and the caller is told.
#[test]
fn a_lost_connection_is_reestablished_between_transactions() {
    let Some(url) = server("a_lost_connection_is_reestablished_between_transactions") else {
        return;
    };
    let dbs = Databases::new(&url);
    let db = dbs.fresh();
    let name = db.rsplit('/').next().unwrap().to_string();
    let mut s = PgStore::open(&db).unwrap();
    s.put_all(&corpus()[..1]).unwrap();
    end_sessions(&url, &name);
    // The first call may still meet the dead connection; the next ones
    // go through a new one.
    let mut again = s.stats();
    for _ in 0..5 {
        if again.is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        again = s.stats();
    }
    assert_eq!(again.unwrap().documents, 1, "reconnected");
    assert_eq!(s.search(&SearchQuery::text("pekin")).unwrap().len(), 1);

    // Within a unit of work: what it wrote is gone and nothing pretends
    // otherwise.
    s.begin().unwrap();
    s.put_all(&corpus()[1..2]).unwrap();
    end_sessions(&url, &name);
    assert!(s.put_all(&corpus()[2..3]).is_err(), "the unit is gone");
    assert!(s.stats().is_err(), "until the caller ends it");
    let err = s.commit().expect_err("nothing to commit");
    assert!(err.to_string().contains("lost"), "{err}");
    assert_eq!(s.stats().unwrap().documents, 1, "nothing of the unit kept");
    s.begin().unwrap();
    s.put_all(&corpus()[1..2]).unwrap();
    end_sessions(&url, &name);
    s.rollback().unwrap();
    assert_eq!(s.stats().unwrap().documents, 1);
    println!("postgres reconnect: checked");
}
