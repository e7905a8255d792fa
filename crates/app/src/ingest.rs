//! The ingest path: raw documents analysed on every core, stored in order
//! in batches, each batch one unit of work with its copies, stories and
//! event links, so that a crash loses at most the batch under way and a
//! re-run stores each document once.
//!
//! With `threads` above one, a batch of raw documents is analysed by a pool
//! of that many threads (order kept), while a writer thread stores the
//! previous batch; with one thread, everything runs on the caller's thread.

use crate::read::{self, Counts, Observer, ReadOptions};
use crate::{AppError, IngestReport, Result, Veille};
use rayon::prelude::*;
use std::sync::mpsc;
use std::time::Instant;
use veille_core::{Document, RawDoc, Stage, StageTimes};
use veille_pipeline::{Options, Pipeline};
use veille_relate::{EventLinker, Relater, Storyteller};
use veille_store::{IngestRun, Put, Store};

/// Documents stored per transaction.
pub const BATCH: usize = 256;

/// The reason counted for a document that cleaning left without text.
pub const NO_MAIN_TEXT: &str = "no_main_text";

/// Whether an analysed document goes on to the store: one that cleaning
/// left without main text is reported and skipped (stored, every such
/// page would be one document with many sources).
fn has_text(d: &Document, skipped: &mut usize) -> bool {
    if d.has_main_text() {
        return true;
    }
    tracing::warn!(
        "{}: nothing left after cleaning (boilerplate only), skipped",
        d.source
    );
    *skipped += 1;
    false
}

/// Document ids an ingest report lists (the first ones read): memory stays
/// bounded however long the stream.
pub const LISTED: usize = 10_000;

/// Threads analysing documents when none is said: every core.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Something that hands raw documents to a callback (which returns false
/// to stop), and says what it read and skipped.
pub type Producer<'a> = &'a mut dyn FnMut(&mut dyn FnMut(RawDoc) -> bool) -> Counts;

impl Veille {
    /// Threads analysing documents at ingest (at least 1).
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Sets the threads analysing documents at ingest (0: every core).
    pub fn set_threads(&mut self, n: usize) {
        self.threads = if n == 0 { default_threads() } else { n };
    }

    /// Sets how many documents each unit of work stores (0: [`BATCH`]):
    /// fewer lose less work to a crash, more write faster.
    pub fn set_batch(&mut self, n: usize) {
        self.batch = if n == 0 { BATCH } else { n };
    }

    /// Reads, analyses and stores every document under `paths`; a bad
    /// input is reported to the observer and skipped.
    pub fn ingest(
        &mut self,
        paths: &[std::path::PathBuf],
        opts: &ReadOptions,
        observer: &mut dyn Observer,
    ) -> Result<IngestReport> {
        let mut produce =
            |each: &mut dyn FnMut(RawDoc) -> bool| read::each(paths, opts, observer, each);
        let report = self.ingest_stream(&mut produce)?;
        if report.read == 0 && !report.skipped.is_empty() {
            return Err(AppError::NothingRead(report.skipped.values().sum()));
        }
        Ok(report)
    }

    /// Analyses and stores raw documents handed over by `produce`, in
    /// order, a batch per unit of work ([`Veille::set_batch`]); records the run in the store.
    pub fn ingest_stream(&mut self, produce: Producer) -> Result<IngestReport> {
        let pipeline = self.pipeline()?;
        let started = chrono::Utc::now();
        let clock = Instant::now();
        let threads = self.threads.max(1);
        let batch = self.batch.max(1);
        let relate = Relating {
            relater: &self.relater,
            storyteller: &self.storyteller,
            events: &mut self.events,
        };
        let store = self.store.as_mut();
        let mut report = IngestReport {
            threads,
            ..Default::default()
        };
        let counts = if threads == 1 {
            serial(&pipeline, batch, store, relate, produce, &mut report)?
        } else {
            parallel(
                &pipeline,
                (threads, batch),
                store,
                relate,
                produce,
                &mut report,
            )?
        };
        report.read = counts.documents;
        report.skipped = counts.skipped;
        report.seconds = clock.elapsed().as_secs_f64();
        report.store = self.store.stats()?;
        let run = IngestRun {
            started: started.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            finished: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            seconds: report.seconds,
            read: report.read as u64,
            inserted: report.inserted as u64,
            duplicates: report.duplicates as u64,
            skipped: report.skipped.values().sum::<usize>() as u64,
            threads: u32::try_from(threads).unwrap_or(u32::MAX),
            stages: report.stages.clone(),
        };
        if report.read > 0 || run.skipped > 0 {
            self.store.record_run(&run)?;
        }
        tracing::info!(
            read = run.read,
            inserted = run.inserted,
            duplicates = run.duplicates,
            skipped = run.skipped,
            threads = run.threads,
            seconds = run.seconds,
            "ingest finished"
        );
        Ok(report)
    }
}

/// What relates stored documents to each other: copies, stories, events
/// across reports (whose linker keeps what it has read between batches).
pub(crate) struct Relating<'a> {
    pub relater: &'a Relater,
    pub storyteller: &'a Storyteller,
    pub events: &'a mut EventLinker,
}

/// Analysis and storage on the caller's thread.
fn serial(
    pipeline: &Pipeline,
    size: usize,
    store: &mut dyn Store,
    mut relate: Relating,
    produce: Producer,
    report: &mut IngestReport,
) -> Result<Counts> {
    let opts = Options::default();
    let mut batch = Vec::with_capacity(size);
    let mut failure = None;
    let mut emptied = 0;
    let counts = produce(&mut |raw| {
        let d = analyse(pipeline, &raw, &opts, report);
        if has_text(&d, &mut emptied) {
            batch.push(d);
        }
        if batch.len() >= size {
            if let Err(e) = store_batch(store, &mut relate, &mut batch, report) {
                failure = Some(e);
                return false;
            }
        }
        true
    });
    if let Some(e) = failure {
        return Err(e);
    }
    store_batch(store, &mut relate, &mut batch, report)?;
    Ok(with_emptied(counts, emptied))
}

/// `counts` with the documents cleaning left without text among the
/// skipped.
fn with_emptied(mut counts: Counts, emptied: usize) -> Counts {
    if emptied > 0 {
        *counts.skipped.entry(NO_MAIN_TEXT.to_string()).or_default() += emptied;
    }
    counts
}

fn analyse(p: &Pipeline, raw: &RawDoc, opts: &Options, report: &mut IngestReport) -> Document {
    let d = p.analyze_timed(raw, opts, &mut report.stages);
    report.tokens += d.token_count as u64;
    d
}

/// Analysis by a pool of `threads`, storage by a writer thread, batch by
/// batch in reading order.
fn parallel(
    pipeline: &Pipeline,
    (threads, size): (usize, usize),
    store: &mut dyn Store,
    mut relate: Relating,
    produce: Producer,
    report: &mut IngestReport,
) -> Result<Counts> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("veille-analyse-{i}"))
        .start_handler(|_| yield_to_writer())
        .build()
        .map_err(|e| AppError::Output(format!("cannot start analysis threads: {e}")))?;
    let opts = Options::default();
    // Two analysed batches at most wait for the writer: memory stays bounded.
    let (tx, rx) = mpsc::sync_channel::<Vec<Document>>(1);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<IngestReport> {
            let mut written = IngestReport::default();
            for mut batch in rx {
                store_batch(store, &mut relate, &mut batch, &mut written)?;
            }
            Ok(written)
        });
        let mut raws = Vec::with_capacity(size);
        let mut stopped = false;
        let mut analysed = StageTimes::default();
        let mut tokens = 0u64;
        let mut emptied = 0;
        let mut flush = |raws: &mut Vec<RawDoc>| -> bool {
            let done: Vec<(Document, StageTimes)> = pool.install(|| {
                raws.par_iter()
                    .map(|raw| {
                        let mut t = StageTimes::default();
                        (pipeline.analyze_timed(raw, &opts, &mut t), t)
                    })
                    .collect()
            });
            raws.clear();
            let batch = done
                .into_iter()
                .filter_map(|(d, t)| {
                    analysed.add(&t);
                    tokens += d.token_count as u64;
                    has_text(&d, &mut emptied).then_some(d)
                })
                .collect();
            // The writer has stopped (an error it reports below).
            tx.send(batch).is_ok()
        };
        let counts = produce(&mut |raw| {
            raws.push(raw);
            if raws.len() >= size && !flush(&mut raws) {
                stopped = true;
                return false;
            }
            true
        });
        if !stopped && !raws.is_empty() {
            flush(&mut raws);
        }
        drop(tx);
        let written = writer
            .join()
            .map_err(|_| AppError::Output("the store writer thread panicked".into()))??;
        merge(report, written);
        report.stages.add(&analysed);
        report.tokens += tokens;
        Ok(with_emptied(counts, emptied))
    })
}

/// Lowers the calling analysis thread's scheduling priority below the
/// writer's, so that the writer — one thread, on which every document
/// waits — gets a core when it needs one, and analysis fills what is left
/// (Linux: a thread's nice value is its own; elsewhere nothing).
fn yield_to_writer() {
    #[cfg(target_os = "linux")]
    // SAFETY: gettid, getpriority and setpriority take no pointers; a
    // failure leaves the priority as it was.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        let now = libc::getpriority(libc::PRIO_PROCESS, tid);
        libc::setpriority(libc::PRIO_PROCESS, tid, nicer(now));
    }
}

/// How much nicer than the writer analysis threads are.
pub const ANALYSIS_NICE: i32 = 10;

/// An analysis thread's nice value when the writer's is `writer`: higher
/// by [`ANALYSIS_NICE`], at most 19 (never a higher priority).
fn nicer(writer: i32) -> i32 {
    writer
        .saturating_add(ANALYSIS_NICE)
        .clamp(writer.min(19), 19)
}

/// Adds what a writer counted to the report.
fn merge(into: &mut IngestReport, from: IngestReport) {
    into.inserted += from.inserted;
    into.duplicates += from.duplicates;
    into.copies += from.copies;
    into.spins += from.spins;
    into.stories += from.stories;
    let room = LISTED.saturating_sub(into.documents.len());
    into.documents.extend(from.documents.into_iter().take(room));
    into.stages.add(&from.stages);
}

/// Stores a batch in one unit of work, relates each new document to those
/// stored before it (copies, spins, then its story), links its events, and
/// counts what happened to each document. On any error nothing of the
/// batch stays.
pub(crate) fn store_batch(
    store: &mut dyn Store,
    relate: &mut Relating,
    batch: &mut Vec<Document>,
    report: &mut IngestReport,
) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let clock = Instant::now();
    store.begin()?;
    let mut counted = IngestReport::default();
    let done =
        store_and_relate(store, relate, batch, &mut counted).and_then(|()| Ok(store.commit()?));
    if let Err(e) = done {
        // The error that matters is the first; a failed rollback leaves the
        // batch uncommitted all the same.
        let _ = store.rollback();
        return Err(e);
    }
    tracing::info!(
        documents = batch.len(),
        inserted = counted.inserted,
        seconds = clock.elapsed().as_secs_f64(),
        "batch stored"
    );
    merge(report, counted);
    report.stages.lap(Stage::Store, clock);
    batch.clear();
    Ok(())
}

fn store_and_relate(
    store: &mut dyn Store,
    relate: &mut Relating,
    batch: &mut [Document],
    report: &mut IngestReport,
) -> Result<()> {
    // One id per person across documents (surnames to full names stored).
    for i in 0..batch.len() {
        let (earlier, rest) = batch.split_at_mut(i);
        veille_relate::resolve_actors(&*store, &mut rest[0], earlier)?;
    }
    let puts = store.put_all(batch)?;
    for (p, doc) in puts.into_iter().zip(batch.iter()) {
        report.documents.push(doc.id.clone());
        match p {
            Put::Inserted => {
                report.inserted += 1;
                let r = relate.relater.relate(store, doc)?;
                if r.copy_of.is_some() || r.became_original_of > 0 {
                    report.copies += 1;
                }
                if relate.relater.spin(doc).is_some() {
                    report.spins += 1;
                }
                if relate.storyteller.place(store, doc)?.opened {
                    report.stories += 1;
                }
                relate.events.link(store, doc)?;
            }
            Put::Duplicate => {
                report.duplicates += 1;
                // Published earlier than first seen: it takes that date
                // and may become its group's original.
                relate.relater.seen_again(store, doc)?;
            }
        }
    }
    Ok(())
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn own_nice() -> i32 {
        // SAFETY: no pointers; errno is not read (-1 is a valid answer).
        unsafe {
            let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
            libc::getpriority(libc::PRIO_PROCESS, tid)
        }
    }

    /// An analysis thread yields (nicer than the writer by
    /// [`ANALYSIS_NICE`], at most 19), and only that thread: the caller's
    /// stays as it was.
    #[test]
    fn only_analysis_threads_yield_to_the_writer() {
        let before = own_nice();
        let analysis = std::thread::spawn(|| {
            yield_to_writer();
            own_nice()
        })
        .join()
        .unwrap();
        assert_eq!(analysis, nicer(before));
        assert_eq!(own_nice(), before, "the calling thread keeps its priority");
    }

    #[test]
    fn analysis_is_never_given_a_higher_priority() {
        for (writer, analysis) in [(0, 10), (5, 15), (9, 19), (19, 19), (-5, 5), (-20, -10)] {
            assert_eq!(nicer(writer), analysis, "{writer}");
        }
    }
}
