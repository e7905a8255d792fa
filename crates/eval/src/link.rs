//! Entity linking scored against a gold file of `source<TAB>mention<TAB>id`
//! lines: every occurrence of the mention in that document's cleaned text
//! should be an entity linked to that id.

use crate::metrics::r4;
use crate::{read_text, EvalError};
use serde::Serialize;
use std::path::Path;
use veille_core::Document;

#[derive(Debug, Clone, PartialEq)]
pub struct GoldLink {
    pub source: String,
    pub mention: String,
    pub id: String,
}

pub fn read_gold(path: &Path) -> Result<Vec<GoldLink>, EvalError> {
    let src = read_text(path)?;
    let mut out = Vec::new();
    for (ln, line) in src.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 3 {
            return Err(EvalError::Format {
                path: path.to_path_buf(),
                msg: format!("line {}: expected source, mention, id", ln + 1),
            });
        }
        out.push(GoldLink {
            source: cols[0].into(),
            mention: cols[1].into(),
            id: cols[2].trim().into(),
        });
    }
    Ok(out)
}

#[derive(Debug, Serialize)]
pub struct LinkReport {
    pub task: &'static str,
    /// Gold occurrences (of the mention strings in the cleaned texts).
    pub gold: usize,
    /// Entities whose text is a gold mention.
    pub predicted: usize,
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Mentions linked wrongly or missed, for the table.
    pub errors: Vec<String>,
}

fn occurrences(text: &str, needle: &str) -> usize {
    text.match_indices(needle)
        .filter(|(i, m)| {
            let before = text[..*i].chars().next_back();
            let after = text[i + m.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .count()
}

pub fn evaluate(docs: &[Document], gold: &[GoldLink]) -> LinkReport {
    let (mut g, mut p, mut c) = (0, 0, 0);
    let mut errors = Vec::new();
    for gl in gold {
        let Some(doc) = docs.iter().find(|d| {
            d.source.ends_with(&gl.source)
                && d.source[..d.source.len() - gl.source.len()].ends_with(['/', '\\'])
        }) else {
            errors.push(format!("{}: document not found", gl.source));
            continue;
        };
        g += occurrences(&doc.text, &gl.mention);
        for e in doc.entities.iter().filter(|e| e.text == gl.mention) {
            p += 1;
            if e.entity_id.as_deref() == Some(gl.id.as_str()) {
                c += 1;
            } else {
                errors.push(format!(
                    "{}: {:?} linked to {} (gold {})",
                    gl.source,
                    gl.mention,
                    e.entity_id.as_deref().unwrap_or("nothing"),
                    gl.id
                ));
            }
        }
        if !doc.entities.iter().any(|e| e.text == gl.mention) {
            errors.push(format!(
                "{}: {:?} not found as an entity",
                gl.source, gl.mention
            ));
        }
    }
    let precision = if p == 0 { 0.0 } else { c as f64 / p as f64 };
    let recall = if g == 0 { 0.0 } else { c as f64 / g as f64 };
    let f1 = crate::metrics::f1(precision, recall);
    LinkReport {
        task: "link",
        gold: g,
        predicted: p,
        correct: c,
        precision: r4(precision),
        recall: r4(recall),
        f1: r4(f1),
        errors,
    }
}
