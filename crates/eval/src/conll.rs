//! CoNLL-2003 files: `token POS chunk NER` per line, blank lines between
//! sentences, `-DOCSTART-` between documents, IOB2 (IOB1 is converted).

use crate::{read_text, EvalError};
use std::path::Path;
use veille_nlp::ner::Tagged;

pub fn read(path: &Path) -> Result<Vec<Tagged>, EvalError> {
    Ok(read_docs(path)?.into_iter().flatten().collect())
}

/// Sentences grouped by `-DOCSTART-` documents.
pub fn read_docs(path: &Path) -> Result<Vec<Vec<Tagged>>, EvalError> {
    parse_docs(&read_text(path)?, path)
}

/// Parses CoNLL-2003 text (`path` names it in errors) into sentences grouped
/// by `-DOCSTART-` documents.
pub fn parse_docs(src: &str, path: &Path) -> Result<Vec<Vec<Tagged>>, EvalError> {
    let mut docs: Vec<Vec<Tagged>> = vec![Vec::new()];
    let mut cur = Tagged::new(Vec::new(), Vec::new());
    for (ln, line) in src.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with("-DOCSTART-") {
            if !cur.words.is_empty() {
                let done = std::mem::replace(&mut cur, Tagged::new(Vec::new(), Vec::new()));
                if let Some(d) = docs.last_mut() {
                    d.push(done);
                }
            }
            if line.starts_with("-DOCSTART-") && docs.last().is_some_and(|d| !d.is_empty()) {
                docs.push(Vec::new());
            }
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 2 {
            return Err(EvalError::Format {
                path: path.to_path_buf(),
                msg: format!("line {}: expected 'token ... tag'", ln + 1),
            });
        }
        cur.words.push(cols[0].to_string());
        cur.tags.push(cols[cols.len() - 1].to_string());
    }
    if !cur.words.is_empty() {
        if let Some(d) = docs.last_mut() {
            d.push(cur);
        }
    }
    docs.retain(|d| !d.is_empty());
    for s in docs.iter_mut().flatten() {
        to_iob2(&mut s.tags);
    }
    Ok(docs)
}

/// IOB1 ("I-PER" opening an entity) to IOB2 ("B-PER").
pub fn to_iob2(tags: &mut [String]) {
    for i in 0..tags.len() {
        if let Some(ty) = tags[i].strip_prefix("I-") {
            // The previous tag's type after its two-letter prefix ("B-", "I-");
            // a tag of any other shape is not of the same type.
            let prev_same =
                i > 0 && tags[i - 1].len() > 2 && tags[i - 1].get(2..).is_some_and(|p| p == ty);
            if !prev_same {
                tags[i] = format!("B-{ty}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob1_to_iob2() {
        let mut t: Vec<String> = ["I-PER", "I-PER", "O", "I-LOC", "B-LOC"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        to_iob2(&mut t);
        assert_eq!(t, ["B-PER", "I-PER", "O", "B-LOC", "B-LOC"]);
    }

    /// Found by fuzzing (`fuzz/fuzz_targets/conllu.rs`): a tag with a
    /// multi-byte character at byte 2 before an I- tag panicked.
    #[test]
    fn iob2_after_a_tag_cut_inside_a_character() {
        let docs = parse_docs("a pé\nb I-PER\n", Path::new("x")).unwrap();
        assert_eq!(docs[0][0].tags, ["pé", "B-PER"]);
    }
}
