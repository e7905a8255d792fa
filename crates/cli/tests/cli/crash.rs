//! Crash safety: `veille ingest` killed with SIGKILL at random points and
//! run again stores every document exactly once, related (copies,
//! stories) as an uninterrupted run relates them. Run on SQLite always,
//! and on PostgreSQL when `VEILLE_TEST_PG` names a server.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use veille_synth::{Generator, Options};

/// Synthetic articles as one JSONL file (plain-text records).
fn corpus(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("synthetic.jsonl");
    let mut f = std::fs::File::create(&path).unwrap();
    let docs = Generator::new(Options {
        html: 0.0,
        per_day: 30,
        ..Options::default()
    });
    for d in docs.take(n) {
        let rec = serde_json::json!({
            "title": d.title, "text": d.text, "url": d.url, "date": d.date,
        });
        writeln!(f, "{rec}").unwrap();
    }
    path
}

fn ingest(file: &Path, db: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_veille"));
    c.args(["ingest", "--batch", "12", "--threads", "2", "--db", db])
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// Every stored document with its copy link and story (`veille export
/// documents`), sorted.
fn relations(db: &str) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_veille"))
        .args(["export", "documents", "--db", db])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

/// Kills the ingest of `n` documents into `db` at random points (seeded),
/// runs it to the end, and compares the store with an uninterrupted run
/// into `reference`.
pub fn kill_and_resume(db: &str, reference: &str, n: usize, seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let file = corpus(dir.path(), n);
    assert!(ingest(&file, reference).status().unwrap().success());
    let expected = relations(reference);
    assert!(expected.len() + 5 >= n, "{} of {n} stored", expected.len());

    let mut rng = seed.max(1);
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let stored = |db: &str| {
        veille_store::open(db)
            .and_then(|s| s.stats())
            .map_or(0, |s| s.documents)
    };
    let mut kills = 0;
    for _ in 0..5 {
        // Killed once some more documents are stored, then a random
        // moment later: inside a batch, between two, while relating.
        let before = stored(db);
        let more = 1 + next() % (n as u64 / 4);
        let jitter = Duration::from_millis(next() % 400);
        let mut child = ingest(&file, db).spawn().unwrap();
        let start = Instant::now();
        let finished = loop {
            if child.try_wait().unwrap().is_some() {
                break true;
            }
            if stored(db) >= before + more || start.elapsed() > Duration::from_secs(60) {
                std::thread::sleep(jitter);
                break child.try_wait().unwrap().is_some();
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        if finished {
            break;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        kills += 1;
    }
    assert!(kills >= 2, "the ingest was killed mid-way ({kills} times)");
    assert!(ingest(&file, db).status().unwrap().success());
    let got = relations(db);
    let ids = |rows: &[String]| -> BTreeSet<String> {
        rows.iter()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
            .collect()
    };
    assert_eq!(ids(&got).len(), got.len(), "each document stored once");
    assert_eq!(ids(&got), ids(&expected), "every document stored");
    let differ: Vec<_> = got.iter().filter(|l| !expected.contains(l)).collect();
    assert!(
        differ.is_empty(),
        "copies and stories as an uninterrupted run: {} differ, e.g. {:?}",
        differ.len(),
        differ.first()
    );
    // One more run finds everything stored.
    let out = Command::new(env!("CARGO_BIN_EXE_veille"))
        .args(["ingest", "--db", db])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("stored (new):     0"), "{text}");
}

#[test]
fn killed_ingest_resumes_without_loss_or_double_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("killed.db").display().to_string();
    let reference = dir.path().join("reference.db").display().to_string();
    kill_and_resume(&db, &reference, 240, 0x5eed);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

/// The same on PostgreSQL when `VEILLE_TEST_PG` names a server.
#[test]
fn killed_ingest_resumes_without_loss_or_double_on_postgres() {
    let Some(dbs) = super::pg::PgDbs::new("crash", 2) else {
        return;
    };
    kill_and_resume(&dbs.locator(0), &dbs.locator(1), 240, 0x5eed);
    println!("crash on postgres: the killed ingest resumed without loss or double");
}
