//! The ingest path: the same store whatever the number of threads, a batch
//! all or nothing, runs recorded with their stage timings.

use std::sync::{Arc, LazyLock};
use veille_app::read::Counts;
use veille_app::Veille;
use veille_core::{RawDoc, Stage};
use veille_pipeline::Pipeline;
use veille_store::Store;
use veille_synth::{Generator, Options};

static PIPELINE: LazyLock<Arc<Pipeline>> =
    LazyLock::new(|| Arc::new(Pipeline::builtin().expect("shipped models load")));

fn synthetic(n: usize) -> Vec<RawDoc> {
    Generator::new(Options {
        per_day: 40,
        ..Options::default()
    })
    .take(n)
    .collect()
}

fn ingest(v: &mut Veille, docs: &[RawDoc]) -> veille_app::IngestReport {
    let mut it = docs.iter().cloned();
    v.ingest_stream(&mut |each| {
        let mut c = Counts::default();
        for d in it.by_ref() {
            c.documents += 1;
            if !each(d) {
                break;
            }
        }
        c
    })
    .unwrap()
}

/// Every document's id, copy link and story, in store order.
fn relations(v: &mut Veille) -> Vec<String> {
    let mut out = Vec::new();
    v.export_documents(&mut out).unwrap();
    let mut lines: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

#[test]
fn threads_change_the_speed_not_the_store() {
    let docs = synthetic(2 * veille_app::BATCH + 37);
    let mut stores = Vec::new();
    for threads in [1, 2, 3] {
        let mut v = Veille::with(veille_store::open(":memory:").unwrap(), PIPELINE.clone());
        v.set_threads(threads);
        let r = ingest(&mut v, &docs);
        assert_eq!(r.threads, threads);
        assert_eq!(r.read, docs.len());
        assert_eq!(r.inserted + r.duplicates, r.read);
        assert!(r.copies > 0, "the stream has copies: {r:?}");
        assert!(r.tokens > 10_000);
        for stage in [Stage::Clean, Stage::Entities, Stage::Events, Stage::Store] {
            assert!(r.stages.get(stage) > 0.0, "{stage:?} timed");
        }
        assert_eq!(r.documents.len(), r.read, "ids in reading order");
        stores.push((relations(&mut v), r.documents));
    }
    assert_eq!(stores[0], stores[1], "1 and 2 threads");
    assert_eq!(stores[0], stores[2], "1 and 3 threads");
}

#[test]
fn runs_are_recorded_newest_first() {
    let mut v = Veille::with(veille_store::open(":memory:").unwrap(), PIPELINE.clone());
    v.set_threads(2);
    ingest(&mut v, &synthetic(12));
    ingest(&mut v, &synthetic(20));
    let runs = v.store_ref().runs(10).unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!((runs[0].read, runs[0].inserted), (20, 8), "{:?}", runs[0]);
    assert_eq!(runs[1].read, 12);
    assert_eq!(runs[0].threads, 2);
    assert!(runs[0].stages.get(Stage::Syntax) > 0.0);
    assert!(runs[0].started <= runs[0].finished);
}

/// A store whose writes fail after a number of documents: the batch under
/// way is rolled back whole, the earlier batches stay.
#[test]
fn a_failing_batch_leaves_nothing_of_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let locator = path.display().to_string();
    let docs = synthetic(veille_app::BATCH + 50);
    {
        let mut v = Veille::with(veille_store::open(&locator).unwrap(), PIPELINE.clone());
        v.set_threads(1);
        ingest(&mut v, &docs[..veille_app::BATCH]);
    }
    // The store starts refusing writes half-way through the next batch
    // (a trigger raising the error a full disk would).
    let before = veille_store::open(&locator).unwrap().stats().unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TRIGGER no_more BEFORE INSERT ON stories BEGIN SELECT RAISE(ABORT, 'disk full'); END;")
            .unwrap();
    }
    let mut v = Veille::with(veille_store::open(&locator).unwrap(), PIPELINE.clone());
    v.set_threads(2);
    let mut it = docs.iter().cloned();
    let e = v
        .ingest_stream(&mut |each| {
            let mut c = Counts::default();
            for d in it.by_ref() {
                c.documents += 1;
                if !each(d) {
                    break;
                }
            }
            c
        })
        .unwrap_err();
    assert!(e.to_string().contains("disk full"), "{e}");
    assert_eq!(
        v.stats().unwrap(),
        before,
        "nothing of the failed batch stays (documents, sources)"
    );
    let inv = v.store_ref().inventory().unwrap();
    assert_eq!(inv.documents, before.documents);
}

/// A full disk stops the ingest with a clear error; what was committed
/// stays, and the same ingest once space is back stores the rest.
#[test]
fn a_full_disk_loses_nothing_stored_and_the_rerun_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("full.db");
    let docs = synthetic(120);
    let store = veille_store::SqliteStore::open(&path).unwrap();
    let size = store.inventory().unwrap().bytes;
    store.cap_size(size + 600_000).unwrap();
    let mut v = Veille::with(Box::new(store), PIPELINE.clone());
    v.set_batch(10);
    let e = v
        .ingest_stream(&mut |each| {
            let mut c = Counts::default();
            for d in docs.iter().cloned() {
                c.documents += 1;
                if !each(d) {
                    break;
                }
            }
            c
        })
        .unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("full") && msg.contains("run the same command again"),
        "{msg}"
    );
    let kept = v.stats().unwrap().documents;
    assert!(kept > 0 && kept < 110, "some batches kept: {kept}");
    drop(v);
    let mut v = Veille::with(
        veille_store::open(path.to_str().unwrap()).unwrap(),
        PIPELINE.clone(),
    );
    let r = ingest(&mut v, &docs);
    assert_eq!(r.inserted + r.duplicates, docs.len());
    assert!(r.duplicates as u64 >= kept);
    let mut clean = Veille::with(veille_store::open(":memory:").unwrap(), PIPELINE.clone());
    ingest(&mut clean, &docs);
    assert_eq!(v.stats().unwrap(), clean.stats().unwrap(), "nothing lost");
}

/// A page that cleaning leaves without main text (a dateline, a comment
/// form, a "Source link" footer) is reported and skipped, whatever the
/// threads: stored, every such page would have been one document with
/// many sources.
#[test]
fn pages_of_boilerplate_alone_are_skipped_not_merged() {
    let raw = |source: &str, format: veille_core::Format, text: &str| RawDoc {
        source: source.into(),
        format,
        text: text.into(),
        ..Default::default()
    };
    let docs = vec![
        raw("a.txt", veille_core::Format::Text, "18 janvier 2016 . –\n"),
        raw(
            "b.html",
            veille_core::Format::Html,
            "<html><body><div class=\"comments\"><h3>Leave a Reply</h3><form><textarea></textarea></form></div>\
             <p><a href=\"https://example.org/x\">Source link</a></p></body></html>",
        ),
        raw(
            "c.txt",
            veille_core::Format::Text,
            "Grève au port de Saint-Nazaire\n\nLes dockers du port de Saint-Nazaire ont cessé le travail mardi \
             matin pour protester contre la réforme des horaires, a annoncé le syndicat. La direction du port \
             a proposé une réunion jeudi avec les représentants du personnel.\n",
        ),
    ];
    for threads in [1, 2] {
        let mut v = Veille::with(veille_store::open(":memory:").unwrap(), PIPELINE.clone());
        v.set_threads(threads);
        let r = ingest(&mut v, &docs);
        assert_eq!(r.read, 3);
        assert_eq!(r.inserted, 1, "{threads} threads: {r:?}");
        assert_eq!(r.duplicates, 0);
        assert_eq!(
            r.skipped.get(veille_app::ingest::NO_MAIN_TEXT),
            Some(&2),
            "{r:?}"
        );
        assert_eq!(r.store.documents, 1);
        assert_eq!(r.store.sources, 1);
    }
}
