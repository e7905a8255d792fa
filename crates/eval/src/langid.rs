//! Language identification scored on the Lingua test sentences
//! (`sentences/<iso639-1>.txt`, one sentence a line).

use crate::metrics::r4;
use crate::{read_text, EvalError};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

pub const DEFAULT_LANGS: &[&str] = &["fr", "en", "de", "es", "it", "pt", "ru", "uk"];

#[derive(Debug, Serialize)]
pub struct LangidReport {
    pub task: &'static str,
    pub accuracy: BTreeMap<String, f64>,
    pub counts: BTreeMap<String, usize>,
    /// Most frequent wrong answer per language.
    pub confusions: BTreeMap<String, String>,
    pub sentences_per_s: f64,
}

pub fn evaluate(dir: &Path, langs: &[&str]) -> Result<LangidReport, EvalError> {
    let mut accuracy = BTreeMap::new();
    let mut counts = BTreeMap::new();
    let mut confusions = BTreeMap::new();
    let mut total = 0usize;
    let mut secs = 0.0;
    for &lang in langs {
        let file = dir.join("sentences").join(format!("{lang}.txt"));
        let text = read_text(&file)?;
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let started = Instant::now();
        let mut right = 0usize;
        let mut wrong: BTreeMap<&str, usize> = BTreeMap::new();
        for l in &lines {
            match veille_text::detect(l) {
                Some(d) if d.lang == lang => right += 1,
                Some(d) => *wrong.entry(d.lang).or_default() += 1,
                None => *wrong.entry("und").or_default() += 1,
            }
        }
        secs += started.elapsed().as_secs_f64();
        total += lines.len();
        accuracy.insert(
            lang.to_string(),
            r4(right as f64 / lines.len().max(1) as f64),
        );
        counts.insert(lang.to_string(), lines.len());
        if let Some((w, _)) = wrong.iter().max_by_key(|(_, n)| **n) {
            confusions.insert(lang.to_string(), w.to_string());
        }
    }
    Ok(LangidReport {
        task: "langid",
        accuracy,
        counts,
        confusions,
        sentences_per_s: (total as f64 / secs.max(1e-9)).round(),
    })
}
