//! Analysis and extraction without a store: each document handed to the
//! caller as it is done (`veille analyze`, `veille extract`).

use crate::read::{self, Counts, Observer, ReadOptions};
use crate::{AppError, Result};
use serde::Serialize;
use std::path::PathBuf;
use veille_core::{Document, Lang, RawDoc};
use veille_pipeline::{Options, Pipeline};

/// An article extracted from a page (or any readable input): main text and
/// metadata, no analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extracted {
    pub source: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub lang: Option<Lang>,
    pub text: String,
}

/// The main text and metadata of one raw document.
pub fn extract_one(raw: &RawDoc) -> Extracted {
    let (page, cleaned) = veille_pipeline::main_text(raw);
    let f = veille_pipeline::fields(raw, page.as_ref(), &cleaned);
    Extracted {
        source: raw.source.clone(),
        url: raw
            .url
            .clone()
            .or_else(|| page.as_ref().and_then(|a| a.canonical.clone())),
        title: f.title,
        author: f.author,
        date: f.date.map(|d| d.value),
        lang: cleaned.lang.as_ref().map(|l| Lang::from_code(l.lang)),
        text: cleaned.text,
    }
}

/// Runs `each` over the inputs; an error if nothing at all could be read.
fn over(
    paths: &[PathBuf],
    opts: &ReadOptions,
    observer: &mut dyn Observer,
    each: &mut dyn FnMut(RawDoc) -> bool,
) -> Result<Counts> {
    let counts = read::each(paths, opts, observer, each);
    if counts.documents == 0 {
        return Err(AppError::NothingRead(counts.skipped.values().sum()));
    }
    Ok(counts)
}

/// Analyses every document under `paths`, handing each to `each` (which
/// returns false to stop).
pub fn analyze(
    pipeline: &Pipeline,
    paths: &[PathBuf],
    opts: &ReadOptions,
    analysis: &Options,
    observer: &mut dyn Observer,
    each: &mut dyn FnMut(Document) -> bool,
) -> Result<Counts> {
    over(paths, opts, observer, &mut |raw| {
        each(pipeline.analyze(&raw, analysis))
    })
}

/// Extracts every document under `paths`, handing each to `each`.
pub fn extract(
    paths: &[PathBuf],
    opts: &ReadOptions,
    observer: &mut dyn Observer,
    each: &mut dyn FnMut(Extracted) -> bool,
) -> Result<Counts> {
    over(paths, opts, observer, &mut |raw| each(extract_one(&raw)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extraction_reads_title_and_text_of_a_page() {
        let raw = RawDoc {
            source: "p.html".into(),
            format: veille_core::Format::Html,
            text: "<html><head><title>Un sommet à Minsk</title></head><body><article><h1>Un sommet à Minsk</h1><p>Les deux présidents se sont retrouvés mardi à Minsk pour des entretiens consacrés à la sécurité régionale et au commerce.</p></article></body></html>".into(),
            ..Default::default()
        };
        let x = extract_one(&raw);
        assert_eq!(x.title.as_deref(), Some("Un sommet à Minsk"));
        assert!(x.text.contains("sécurité régionale"), "{}", x.text);
        assert_eq!(x.lang, Some(Lang::Fr));
    }

    #[test]
    fn nothing_readable_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("empty.txt"), "").unwrap();
        let e = extract(
            &[dir.path().to_path_buf()],
            &ReadOptions::default(),
            &mut crate::Silent,
            &mut |_| true,
        )
        .unwrap_err();
        assert!(matches!(e, AppError::NothingRead(1)), "{e}");
    }
}
