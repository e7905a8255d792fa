//! Direct-speech detection against AADS-French (token labels DS/O over
//! public-domain novels): texts are rebuilt from token offsets, analysed,
//! and every token inside a predicted direct quote is labelled DS.

use crate::metrics::Prf;
use crate::{read_text, EvalError};
use std::path::Path;

/// One source text: its rebuilt text and tokens ((start, end), is DS).
#[derive(Debug, Default)]
pub struct AadsText {
    pub name: String,
    pub text: String,
    pub tokens: Vec<((usize, usize), bool)>,
}

/// Reads the AADS TSV (`token sentstart token_idx label file`; tokens that
/// are line breaks are quoted over two lines).
pub fn read_aads(path: &Path) -> Result<Vec<AadsText>, EvalError> {
    let src = read_text(path)?;
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut pending = String::new();
    for line in src.lines().skip(1) {
        if !pending.is_empty() {
            pending.push('\n');
        }
        pending.push_str(line);
        if pending.split('\t').count() >= 5 {
            records.push(pending.split('\t').map(str::to_string).collect());
            pending.clear();
        }
    }
    let mut out: Vec<AadsText> = Vec::new();
    for r in records {
        let (tok, idx, label, file) = (&r[0], &r[2], &r[3], r[4].trim());
        if file.is_empty() || file == "EOF" {
            continue;
        }
        let Some((a, b)) = idx
            .trim_matches(|c| c == '(' || c == ')')
            .split_once(',')
            .and_then(|(a, b)| {
                Some((
                    a.trim().parse::<usize>().ok()?,
                    b.trim().parse::<usize>().ok()?,
                ))
            })
        else {
            continue;
        };
        if out.last().is_none_or(|t| t.name != file) {
            out.push(AadsText {
                name: file.to_string(),
                ..Default::default()
            });
        }
        let t = out.last_mut().expect("pushed above");
        let tok = tok.trim_matches('"');
        let tok = if tok.trim().is_empty() { "\n" } else { tok };
        // Offsets are in characters; rebuild with spaces in the gaps.
        let have = t.text.chars().count();
        if a > have {
            t.text.extend(std::iter::repeat_n(' ', a - have));
        }
        if a >= have {
            let start = t.text.len();
            let piece: String = tok.chars().take(b.saturating_sub(a).max(1)).collect();
            t.text.push_str(&piece);
            if !tok.contains('\n') {
                t.tokens.push(((start, t.text.len()), label == "DS"));
            }
        }
    }
    Ok(out)
}

/// Token-level P/R/F1 of the DS label, given each text's predicted quote spans.
pub fn score(texts: &[AadsText], predicted: &[Vec<(usize, usize)>]) -> Prf {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (t, spans) in texts.iter().zip(predicted) {
        for &((a, b), gold) in &t.tokens {
            let pred = spans.iter().any(|&(s, e)| a >= s && b <= e);
            match (pred, gold) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                _ => {}
            }
        }
    }
    Prf { tp, fp, fn_ }
}
