//! Files and folders to raw documents. A bad input is reported to the
//! [`Observer`] and skipped; the batch goes on.

use std::collections::BTreeMap;
use std::path::PathBuf;
use veille_core::RawDoc;
use veille_ingest::IngestError;

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Largest document read, in bytes (files and JSONL lines).
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_bytes: veille_ingest::Options::default().max_bytes,
        }
    }
}

/// What a long-running call tells its caller as it goes (a progress bar,
/// a log, a job status).
pub trait Observer {
    /// The number of files about to be read.
    fn files(&mut self, _total: usize) {}
    /// One file is done.
    fn file_done(&mut self) {}
    /// A non-fatal remark about one document.
    fn warning(&mut self, _source: &str, _message: &str) {}
    /// An input (file, line, feed, item) was skipped, and why.
    fn skipped(&mut self, _what: &dyn std::fmt::Display) {}
    /// Something worth saying that is not a problem ("feed not modified").
    fn note(&mut self, _message: &str) {}
}

/// An observer that ignores everything.
pub struct Silent;
impl Observer for Silent {}

/// What reading found.
#[derive(Debug, Default)]
pub struct Counts {
    pub documents: usize,
    /// Skipped inputs by reason.
    pub skipped: BTreeMap<String, usize>,
}

/// Reads every path (folders recursively), calling `each` per document
/// until it returns false.
pub fn each(
    paths: &[PathBuf],
    opts: &ReadOptions,
    observer: &mut dyn Observer,
    each: &mut dyn FnMut(RawDoc) -> bool,
) -> Counts {
    let files = veille_ingest::expand(paths);
    observer.files(files.len());
    let opts = veille_ingest::Options {
        max_bytes: opts.max_bytes,
    };
    let mut counts = Counts::default();
    let mut go_on = true;
    let skip = |e: IngestError, observer: &mut dyn Observer, counts: &mut Counts| {
        observer.skipped(&e);
        *counts.skipped.entry(e.reason().to_string()).or_default() += 1;
    };
    for f in files {
        if !go_on {
            break;
        }
        match f {
            Ok(path) => veille_ingest::read_file(&path, &opts, &mut |r| match r {
                Ok(raw) => {
                    for w in &raw.warnings {
                        observer.warning(&raw.source, w);
                    }
                    counts.documents += 1;
                    if go_on {
                        go_on = each(raw);
                    }
                }
                Err(e) => skip(e, observer, &mut counts),
            }),
            Err(e) => skip(e, observer, &mut counts),
        }
        observer.file_done();
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Log(Vec<String>);
    impl Observer for Log {
        fn skipped(&mut self, what: &dyn std::fmt::Display) {
            self.0.push(what.to_string());
        }
    }

    #[test]
    fn bad_inputs_are_reported_and_the_batch_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Titre\n\nUn texte.").unwrap();
        std::fs::write(dir.path().join("b.txt"), "").unwrap();
        std::fs::write(dir.path().join("c.bin.txt"), b"\0\0\0binary").unwrap();
        std::fs::write(dir.path().join("d.txt"), "Autre\n\nEncore un texte.").unwrap();
        let mut log = Log::default();
        let mut seen = Vec::new();
        let c = each(
            &[dir.path().to_path_buf(), dir.path().join("missing.txt")],
            &ReadOptions::default(),
            &mut log,
            &mut |raw| {
                seen.push(raw.source);
                true
            },
        );
        assert_eq!(c.documents, 2);
        assert_eq!(seen.len(), 2);
        assert_eq!(c.skipped.values().sum::<usize>(), 3, "{:?}", log.0);
        assert_eq!(log.0.len(), 3);
        assert!(log.0.iter().any(|m| m.contains("missing.txt")));
    }

    #[test]
    fn reading_stops_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..3 {
            std::fs::write(dir.path().join(format!("{i}.txt")), "Titre\n\nTexte.").unwrap();
        }
        let mut n = 0;
        each(
            &[dir.path().to_path_buf()],
            &ReadOptions::default(),
            &mut Silent,
            &mut |_| {
                n += 1;
                false
            },
        );
        assert_eq!(n, 1);
    }
}
