//! `veille bench ingest`: synthetic articles ([`veille_synth`]) streamed
//! through the whole ingest path (extraction, analysis, copies, stories,
//! the store) with a given number of threads, measuring documents/s,
//! tokens/s, time per stage, peak memory and store size.

use crate::read::Counts;
use crate::{Result, Veille};
use serde::Serialize;
use veille_core::StageTimes;
use veille_synth::{Generator, Options};

/// What one ingest bench run measured.
#[derive(Debug, Clone, Serialize)]
pub struct IngestFigures {
    pub store: String,
    pub threads: usize,
    pub docs: usize,
    pub inserted: usize,
    pub duplicates: usize,
    pub copies: usize,
    pub stories: usize,
    pub seconds: f64,
    pub docs_per_second: f64,
    pub tokens_per_second: f64,
    /// Peak resident memory of the process during the run (Linux), MB.
    pub peak_rss_mb: Option<f64>,
    /// The store's size on disk afterwards, MB.
    pub store_mb: f64,
    /// Seconds per stage, summed over threads.
    pub stages: StageTimes,
}

/// Peak resident memory since the last [`reset_peak_rss`], in MB (Linux).
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Starts measuring peak memory afresh (Linux; elsewhere nothing).
pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Ingests `docs` synthetic documents (seeded) into the store at
/// `locator` with `threads` analysis threads; `progress` is told how many
/// were handed over so far.
pub fn ingest(
    locator: &str,
    docs: usize,
    threads: usize,
    seed: u64,
    progress: &mut dyn FnMut(usize),
) -> Result<IngestFigures> {
    let mut v = Veille::open(locator)?;
    v.set_threads(threads);
    // Models loaded before the clock starts.
    v.pipeline()?;
    reset_peak_rss();
    let mut stream = Generator::new(Options {
        seed,
        ..Options::default()
    })
    .take(docs);
    let r = v.ingest_stream(&mut |each| {
        let mut counts = Counts::default();
        for d in stream.by_ref() {
            counts.documents += 1;
            if counts.documents % 1000 == 0 {
                progress(counts.documents);
            }
            if !each(d) {
                break;
            }
        }
        counts
    })?;
    let inv = v.store_ref().inventory()?;
    Ok(IngestFigures {
        store: locator.to_string(),
        threads: r.threads,
        docs: r.read,
        inserted: r.inserted,
        duplicates: r.duplicates,
        copies: r.copies,
        stories: r.stories,
        seconds: r.seconds,
        docs_per_second: r.read as f64 / r.seconds.max(1e-9),
        tokens_per_second: r.tokens as f64 / r.seconds.max(1e-9),
        peak_rss_mb: peak_rss_mb(),
        store_mb: inv.bytes as f64 / 1e6,
        stages: r.stages,
    })
}
