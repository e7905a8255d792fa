//! The team's hand-annotated gold (`tests/gold/`): JSONL records that
//! name their WiNER article, with lists of every annotated article.

use crate::{read_text, EvalError};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The WiNER path of a gold file name ("03/2016_03_22-001.txt").
pub fn winer_path(winer: &Path, file: &str) -> PathBuf {
    let name = file.rsplit('/').next().unwrap_or(file);
    winer.join(name.get(..4).unwrap_or("")).join(file)
}

/// The records files (`KIND*.jsonl`) and article lists (`files*.txt`) of
/// a gold folder, or one records file and the list beside it
/// (`quotes-2016.jsonl` → `files-2016.txt`).
pub fn gold_files(gold: &Path, kind: &str) -> Result<(Vec<PathBuf>, Vec<PathBuf>), EvalError> {
    let fmt = |path: &Path, msg: String| EvalError::Format {
        path: path.to_path_buf(),
        msg,
    };
    let (records, lists): (Vec<PathBuf>, Vec<PathBuf>) = if gold.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(gold)
            .map_err(|source| EvalError::Io {
                path: gold.to_path_buf(),
                source,
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        let named = |p: &PathBuf, pre: &str, ext: &str| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(pre) && n.ends_with(ext))
        };
        (
            entries
                .iter()
                .filter(|p| named(p, kind, ".jsonl"))
                .cloned()
                .collect(),
            entries
                .iter()
                .filter(|p| named(p, "files", ".txt"))
                .cloned()
                .collect(),
        )
    } else {
        // One half: its list of annotated articles beside it
        // (quotes-2016.jsonl -> files-2016.txt).
        let list = gold
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix(kind))
            .and_then(|rest| rest.strip_suffix(".jsonl"))
            .map(|mid| gold.with_file_name(format!("files{mid}.txt")))
            .filter(|p| p.is_file());
        (vec![gold.to_path_buf()], list.into_iter().collect())
    };
    if records.is_empty() {
        return Err(fmt(gold, format!("no {kind}*.jsonl file")));
    }
    Ok((records, lists))
}

/// The annotated articles of a gold (`KIND*.jsonl` records and `files*.txt`
/// lists, see [`gold_files`]), each as (file, article text, its records);
/// an article listed without records has none.
pub fn read<T: DeserializeOwned>(
    gold: &Path,
    winer: &Path,
    kind: &str,
    file_of: fn(&T) -> &String,
) -> Result<Vec<(String, String, Vec<T>)>, EvalError> {
    let (records, lists) = gold_files(gold, kind)?;
    let mut by_file: BTreeMap<String, Vec<T>> = BTreeMap::new();
    for list in &lists {
        for f in read_text(list)?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            by_file.entry(f.to_string()).or_default();
        }
    }
    for path in &records {
        for (n, line) in read_text(path)?.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let r: T = serde_json::from_str(line).map_err(|e| EvalError::Format {
                path: path.clone(),
                msg: format!("line {}: {e}", n + 1),
            })?;
            by_file.entry(file_of(&r).clone()).or_default().push(r);
        }
    }
    by_file
        .into_iter()
        .map(|(file, rs)| Ok((file.clone(), read_text(&winer_path(winer, &file))?, rs)))
        .collect()
}

/// Whether two byte ranges share a byte.
pub fn overlap(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}
