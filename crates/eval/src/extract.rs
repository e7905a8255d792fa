//! Main-text extraction scored two ways: trafilatura's evaluation set
//! (must-include / must-exclude segments per page) and the article
//! extraction benchmark format (`{id: {"articleBody": …}}`, 4-word shingles,
//! per-page precision and recall averaged, F1 of the means).

use crate::metrics::r4;
use crate::EvalError;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One page to extract and what the gold says of it.
#[derive(Debug, Clone)]
pub struct Page {
    pub name: String,
    pub path: PathBuf,
    pub with: Vec<String>,
    pub without: Vec<String>,
    /// For the benchmark format: the gold article body.
    pub body: Option<String>,
    /// Gold metadata where the set has it (trafilatura's does for most pages).
    pub meta: GoldMeta,
    /// Where the page was fetched from, when the set says.
    pub url: Option<String>,
}

/// A page's title, author and publication date (`YYYY-MM-DD`) as the gold
/// gives them; `None` where it gives none.
#[derive(Debug, Clone, Default)]
pub struct GoldMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
}

/// What an extractor found of a page's metadata.
#[derive(Debug, Clone, Default)]
pub struct FoundMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    /// ISO 8601 (`YYYY-MM-DD…`).
    pub date: Option<String>,
}

/// Lower case, single spaces, no surrounding quotes or punctuation.
fn meta_key(s: &str) -> String {
    let lower = s.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    words
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// Share of the pages with gold for a field whose found value matches it.
fn accuracy(pairs: impl Iterator<Item = (Option<String>, Option<String>)>) -> Option<f64> {
    let (mut n, mut ok) = (0usize, 0usize);
    for (gold, found) in pairs {
        if let Some(g) = gold {
            n += 1;
            ok += found.is_some_and(|f| f == g) as usize;
        }
    }
    (n > 0).then(|| r4(ok as f64 / n as f64))
}

/// Title, author and date accuracy: titles and authors compared case- and
/// space-blind, dates on the day.
pub fn score_meta(
    pages: &[Page],
    found: &HashMap<String, FoundMeta>,
) -> (Option<f64>, Option<f64>, Option<f64>) {
    let get = |p: &Page| found.get(&p.name).cloned().unwrap_or_default();
    let norm = |s: Option<&String>| s.map(|s| meta_key(s)).filter(|s| !s.is_empty());
    let title = accuracy(
        pages
            .iter()
            .map(|p| (norm(p.meta.title.as_ref()), norm(get(p).title.as_ref()))),
    );
    let author = accuracy(
        pages
            .iter()
            .map(|p| (norm(p.meta.author.as_ref()), norm(get(p).author.as_ref()))),
    );
    let day = |s: Option<&String>| s.and_then(|d| d.get(..10)).map(str::to_string);
    let date = accuracy(
        pages
            .iter()
            .map(|p| (day(p.meta.date.as_ref()), day(get(p).date.as_ref()))),
    );
    (title, author, date)
}

/// Reads a gzipped or plain page as bytes.
pub fn page_bytes(path: &Path) -> Result<Vec<u8>, EvalError> {
    crate::read_bytes(path)
}

/// Which half of a page set a run scores. Pages are sorted by file name
/// (the page id for the benchmark format); the page at an even index
/// (0, 2, 4, …) is in the tuning half, at an odd index in the reporting
/// half. Choices are made on the tuning half; the reporting half is scored
/// once per change and its per-page errors are never printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Split {
    Tune,
    Report,
    #[default]
    All,
}

impl std::str::FromStr for Split {
    type Err = String;
    fn from_str(s: &str) -> Result<Split, String> {
        match s {
            "tune" => Ok(Split::Tune),
            "report" => Ok(Split::Report),
            "all" => Ok(Split::All),
            _ => Err(format!("split {s:?}: tune, report or all")),
        }
    }
}

impl Split {
    pub fn as_str(self) -> &'static str {
        match self {
            Split::Tune => "tune",
            Split::Report => "report",
            Split::All => "all",
        }
    }
}

/// The pages of `split`, in file-name order (sorted here whatever the order given).
pub fn select(mut pages: Vec<Page>, split: Split) -> Vec<Page> {
    pages.sort_by(|a, b| a.name.cmp(&b.name));
    pages
        .into_iter()
        .enumerate()
        .filter(|(i, _)| match split {
            Split::Tune => i % 2 == 0,
            Split::Report => i % 2 == 1,
            Split::All => true,
        })
        .map(|(_, p)| p)
        .collect()
}

/// Share of a page's must-include segments found in `text` (1 when it has none).
pub fn page_recall(p: &Page, text: &str) -> f64 {
    if p.with.is_empty() {
        return 1.0;
    }
    p.with.iter().filter(|s| text.contains(s.as_str())).count() as f64 / p.with.len() as f64
}

/// The day (`YYYY-MM-DD`) of an ISO date.
pub fn day_of(s: &str) -> Option<&str> {
    s.get(..10)
}

/// trafilatura's `evaldata.json`; pages under `root/eval` or `root/cache` as `NAME.gz`.
pub fn read_trafilatura(evaldata: &Path, root: &Path) -> Result<Vec<Page>, EvalError> {
    let obj = crate::read_json_object(evaldata)?;
    let mut out = Vec::new();
    for (url, p) in &obj {
        let Some(name) = p["file"].as_str() else {
            continue;
        };
        let path = ["eval", "cache"]
            .iter()
            .map(|d| root.join(d).join(format!("{name}.gz")))
            .find(|p| p.exists())
            .unwrap_or_else(|| root.join(name));
        let list = |k: &str| {
            p[k].as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let field = |k: &str| {
            p[k].as_str()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        out.push(Page {
            name: name.to_string(),
            path,
            with: list("with"),
            without: list("without"),
            body: None,
            meta: GoldMeta {
                title: field("title"),
                author: field("author"),
                date: field("date"),
            },
            url: url.starts_with("http").then(|| url.clone()),
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// The benchmark format: `{id: {"articleBody": …}}`, pages `dir/id.html(.gz)`.
pub fn read_benchmark(gold: &Path, dir: &Path) -> Result<Vec<Page>, EvalError> {
    let obj = crate::read_json_object(gold)?;
    let mut out = Vec::new();
    for (id, p) in &obj {
        let path = [format!("{id}.html.gz"), format!("{id}.html")]
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.exists())
            .unwrap_or_else(|| dir.join(format!("{id}.html.gz")));
        out.push(Page {
            name: id.clone(),
            path,
            with: vec![],
            without: vec![],
            body: Some(p["articleBody"].as_str().unwrap_or("").to_string()),
            meta: GoldMeta::default(),
            url: None,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

#[derive(Debug, Serialize)]
pub struct ExtractReport {
    pub task: &'static str,
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub pages_per_s: f64,
    /// Pages with a title / a date found.
    pub title_found: f64,
    pub date_found: f64,
    /// Against the gold metadata, over the pages that have it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_accuracy: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_accuracy: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_accuracy: Option<f64>,
}

/// Segment scoring: a must-include segment found is a true positive, a
/// must-exclude segment found a false positive.
pub fn score_segments(pages: &[Page], texts: &HashMap<String, String>) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for p in pages {
        let t = texts.get(&p.name).map(String::as_str).unwrap_or("");
        for s in &p.with {
            if t.contains(s.as_str()) {
                tp += 1;
            } else {
                fn_ += 1;
            }
        }
        fp += p.without.iter().filter(|s| t.contains(s.as_str())).count();
    }
    let pr = if tp + fp == 0 {
        0.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let rc = if tp + fn_ == 0 {
        0.0
    } else {
        tp as f64 / (tp + fn_) as f64
    };
    (pr, rc, crate::metrics::f1(pr, rc))
}

fn shingles(text: &str) -> HashMap<Vec<String>, usize> {
    let words: Vec<String> = text.split_whitespace().map(|w| w.to_lowercase()).collect();
    let mut out = HashMap::new();
    for w in words.windows(4) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

/// Benchmark scoring: per page, 4-word shingle overlap normalised to
/// precision and recall; the means over pages; F1 of the means.
pub fn score_shingles(pages: &[Page], texts: &HashMap<String, String>) -> (f64, f64, f64) {
    let (mut ps, mut rs) = (0.0, 0.0);
    for p in pages {
        let gold = shingles(p.body.as_deref().unwrap_or(""));
        let pred = shingles(texts.get(&p.name).map(String::as_str).unwrap_or(""));
        let tp: usize = pred
            .iter()
            .map(|(k, n)| (*n).min(*gold.get(k).unwrap_or(&0)))
            .sum();
        let np: usize = pred.values().sum();
        let ng: usize = gold.values().sum();
        ps += if np == 0 {
            if ng == 0 {
                1.0
            } else {
                0.0
            }
        } else {
            tp as f64 / np as f64
        };
        rs += if ng == 0 { 1.0 } else { tp as f64 / ng as f64 };
    }
    let n = pages.len().max(1) as f64;
    let (pr, rc) = (ps / n, rs / n);
    (pr, rc, crate::metrics::f1(pr, rc))
}

pub fn report(
    pages: usize,
    prf: (f64, f64, f64),
    secs: f64,
    titles: usize,
    dates: usize,
    meta: (Option<f64>, Option<f64>, Option<f64>),
) -> ExtractReport {
    ExtractReport {
        task: "extract",
        pages,
        precision: r4(prf.0),
        recall: r4(prf.1),
        f1: r4(prf.2),
        pages_per_s: (pages as f64 / secs.max(1e-9) * 10.0).round() / 10.0,
        title_found: r4(titles as f64 / pages.max(1) as f64),
        date_found: r4(dates as f64 / pages.max(1) as f64),
        title_accuracy: meta.0,
        author_accuracy: meta.1,
        date_accuracy: meta.2,
    }
}
