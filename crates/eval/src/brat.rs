//! brat standoff corpora (WiNER-fr layout): `name.txt` + `name.ann` with
//! `T<n>\t<Type> <start> <end>\t<surface>` lines (character offsets).

use crate::{read_text, EvalError};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
pub struct BratDoc {
    pub path: PathBuf,
    pub text: String,
    /// (type, start, end) in *byte* offsets into `text`.
    pub spans: Vec<(String, usize, usize)>,
}

/// All `.ann` files below the given folders (sorted), with their texts.
pub fn read_dirs(dirs: &[PathBuf]) -> Result<Vec<BratDoc>, EvalError> {
    let mut files = Vec::new();
    for d in dirs {
        collect(d, &mut files)?;
    }
    files.sort();
    files.iter().map(|f| read_doc(f)).collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), EvalError> {
    let io = |source| EvalError::Io {
        path: dir.to_path_buf(),
        source,
    };
    if dir.is_file() {
        if dir.extension().is_some_and(|e| e == "ann") {
            out.push(dir.to_path_buf());
        }
        return Ok(());
    }
    for e in std::fs::read_dir(dir).map_err(io)? {
        let p = e.map_err(io)?.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "ann") {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads `name.ann` and its `name.txt`.
pub fn read_doc(ann: &Path) -> Result<BratDoc, EvalError> {
    let text = read_text(&ann.with_extension("txt"))?;
    let ann_src = read_text(ann)?;
    parse_doc(ann, text, &ann_src)
}

/// A document from its text and the source of its `.ann` file (`path`
/// names it in errors): its single-fragment text-bound spans, in byte
/// offsets. A bad line is an error naming it, never a panic.
pub fn parse_doc(path: &Path, text: String, ann_src: &str) -> Result<BratDoc, EvalError> {
    let byte_at = char_to_byte(&text);
    let mut spans = Vec::new();
    for (ln, line) in ann_src.lines().enumerate() {
        if !line.starts_with('T') {
            continue;
        }
        let (_, ty, frags) = text_bound(line, &byte_at).map_err(|msg| EvalError::Format {
            path: path.to_path_buf(),
            msg: format!("line {}: {msg}", ln + 1),
        })?;
        // Discontinuous spans are not scored.
        if let [(s, e)] = frags[..] {
            spans.push((ty.to_string(), s, e));
        }
    }
    Ok(BratDoc {
        path: path.to_path_buf(),
        text,
        spans,
    })
}

/// Byte offset of every character of a text, plus its end: brat offsets
/// count characters.
pub fn char_to_byte(text: &str) -> Vec<usize> {
    let mut byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    byte_at.push(text.len());
    byte_at
}

/// A text-bound annotation: (id, type, fragments as byte ranges).
pub type TextBound<'a> = (&'a str, &'a str, Vec<(usize, usize)>);

/// One text-bound line `T<n>\t<Type> <s> <e>[;<s> <e>…]\t<surface>`.
pub fn text_bound<'a>(line: &'a str, byte_at: &[usize]) -> Result<TextBound<'a>, String> {
    let mut cols = line.splitn(3, '\t');
    let id = cols.next().unwrap_or_default();
    let meta = cols.next().ok_or("no type/offsets")?;
    let (ty, offsets) = meta.split_once(' ').ok_or("expected 'Type start end'")?;
    let mut frags = Vec::new();
    for frag in offsets.split(';') {
        let (s, e) = frag
            .trim()
            .split_once(' ')
            .ok_or("expected 'Type start end'")?;
        let s: usize = s.parse().map_err(|_| "bad offset")?;
        let e: usize = e.parse().map_err(|_| "bad offset")?;
        if s > e || e >= byte_at.len() {
            return Err(format!("offsets {s}..{e} outside the text"));
        }
        frags.push((byte_at[s], byte_at[e]));
    }
    Ok((id, ty, frags))
}

/// Spans of the given types not contained in another span of those types.
pub fn outermost(spans: &[(String, usize, usize)], types: &[&str]) -> Vec<(String, usize, usize)> {
    let keep: Vec<&(String, usize, usize)> = spans
        .iter()
        .filter(|s| types.contains(&s.0.as_str()))
        .collect();
    keep.iter()
        .filter(|s| {
            !keep.iter().any(|o| {
                (o.1, o.2, &o.0) != (s.1, s.2, &s.0)
                    && o.1 <= s.1
                    && s.2 <= o.2
                    && (o.1, o.2) != (s.1, s.2)
            })
        })
        .map(|s| (*s).clone())
        .collect()
}

/// WiNER type names to veille labels.
pub fn label_of(brat_type: &str) -> Option<&'static str> {
    match brat_type {
        "Person" => Some("PER"),
        "Location" => Some("LOC"),
        "Organization" => Some("ORG"),
        "Event" => Some("EVENT"),
        "Product" => Some("PRODUCT"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outermost_keeps_containers() {
        let s = vec![
            ("Organization".to_string(), 10, 30),
            ("Location".to_string(), 20, 30),
            ("Person".to_string(), 40, 50),
            ("Product".to_string(), 60, 70),
            ("Organization".to_string(), 60, 65),
        ];
        let o = outermost(&s, &["Person", "Location", "Organization"]);
        assert_eq!(
            o,
            vec![
                ("Organization".to_string(), 10, 30),
                ("Person".to_string(), 40, 50),
                ("Organization".to_string(), 60, 65)
            ]
        );
    }
}
