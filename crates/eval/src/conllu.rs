//! A CoNLL-U reader that keeps what segmentation needs: documents, paragraphs,
//! sentence texts and surface tokens with their character offsets.

use crate::EvalError;
use std::path::Path;

#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub head: usize,
    pub deprel: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sentence {
    pub text: String,
    /// Surface tokens as byte ranges into `text`. A multiword token ("du" = de + le)
    /// is one surface token unless its words spell it exactly ("don't" = do + n't).
    pub tokens: Vec<(usize, usize)>,
    /// Syntactic words (for tagging and parsing evaluations).
    pub words: Vec<Word>,
    /// Surface units for tagging: a form and the range of `words` it covers
    /// (more than one word for a contraction like "du" = de + le).
    pub units: Vec<(String, std::ops::Range<usize>)>,
    pub new_doc: bool,
    pub new_par: bool,
}

/// Reads and parses a CoNLL-U file (.gz read directly). `FILE#even` and
/// `FILE#odd` (when no file has that very name) keep the sentences at even
/// or odd positions (counting from 0): two halves of one treebank, one to
/// train on, the other to score.
pub fn read(path: &Path) -> Result<Vec<Sentence>, EvalError> {
    if !path.exists() {
        let name = path.to_string_lossy();
        for (suffix, parity) in [("#even", 0), ("#odd", 1)] {
            if let Some(base) = name.strip_suffix(suffix) {
                let base = Path::new(base);
                let all = parse(&crate::read_text(base)?, base)?;
                return Ok(half(all, parity));
            }
        }
    }
    parse(&crate::read_text(path)?, path)
}

/// The sentences at positions of the given parity (0: even, 1: odd).
pub fn half(sentences: Vec<Sentence>, parity: usize) -> Vec<Sentence> {
    sentences
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == parity)
        .map(|(_, s)| s)
        .collect()
}

/// Parses CoNLL-U text. Sentences whose tokens cannot be aligned to their
/// `# text` are kept with the tokens that did align.
pub fn parse(src: &str, path: &Path) -> Result<Vec<Sentence>, EvalError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let mut forms: Vec<String> = Vec::new();
    // Multiword token waiting for its words: (first, last, form, words spelled so far)
    let mut mwt: Option<(usize, usize, String, String)> = None;
    let mut have_text = false;
    for (ln, line) in src.lines().enumerate() {
        if line.is_empty() {
            if !cur.words.is_empty() || have_text {
                finish(&mut cur, &forms);
                out.push(std::mem::take(&mut cur));
                forms.clear();
                have_text = false;
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if let Some(t) = c.strip_prefix("text =") {
                cur.text = t.trim().to_string();
                have_text = true;
            } else if c.starts_with("newdoc") {
                cur.new_doc = true;
            } else if c.starts_with("newpar") {
                cur.new_par = true;
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(EvalError::Format {
                path: path.to_path_buf(),
                msg: format!("line {}: expected 10 columns, found {}", ln + 1, cols.len()),
            });
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty nodes
        }
        if let Some((a, b)) = id.split_once('-') {
            let a: usize = a.parse().unwrap_or(0);
            let b: usize = b.parse().unwrap_or(0);
            mwt = Some((a, b, cols[1].to_string(), String::new()));
            continue;
        }
        let n: usize = id.parse().map_err(|_| EvalError::Format {
            path: path.to_path_buf(),
            msg: format!("line {}: bad id {id:?}", ln + 1),
        })?;
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            head: cols[6].parse().unwrap_or(0),
            deprel: cols[7].to_string(),
        });
        match mwt.as_mut() {
            Some((a, b, form, spelled)) if n >= *a && n <= *b => {
                spelled.push_str(cols[1]);
                if n == *b {
                    // A range over words the sentence does not have (ids out
                    // of order, a word missing) covers those it has.
                    let first = cur.words.len().saturating_sub(*b - *a + 1);
                    if spelled == form {
                        for (j, w) in cur.words[first..].iter().enumerate() {
                            cur.units.push((w.form.clone(), first + j..first + j + 1));
                        }
                        forms.extend(cur.words[first..].iter().map(|w| w.form.clone()));
                    } else {
                        cur.units.push((form.clone(), first..cur.words.len()));
                        forms.push(form.clone());
                    }
                    mwt = None;
                }
            }
            _ => {
                let i = cur.words.len() - 1;
                cur.units.push((cols[1].to_string(), i..i + 1));
                forms.push(cols[1].to_string())
            }
        }
    }
    if !cur.words.is_empty() {
        finish(&mut cur, &forms);
        out.push(cur);
    }
    Ok(out)
}

fn finish(s: &mut Sentence, forms: &[String]) {
    if s.text.is_empty() {
        s.text = forms.join(" ");
    }
    let mut pos = 0;
    for f in forms {
        let rest = &s.text[pos..];
        let skip = rest.len() - rest.trim_start().len();
        let at = pos + skip;
        if s.text[at..].starts_with(f.as_str()) {
            s.tokens.push((at, at + f.len()));
            pos = at + f.len();
        } else if let Some(found) = s.text[at..].find(f.as_str()) {
            s.tokens.push((at + found, at + found + f.len()));
            pos = at + found + f.len();
        }
    }
}

/// A gold document rebuilt from sentences: sentences of one paragraph joined
/// by a space, paragraphs and documents by a blank line.
#[derive(Debug, Default)]
pub struct GoldText {
    pub text: String,
    pub sentences: Vec<(usize, usize)>,
    pub tokens: Vec<(usize, usize)>,
}

pub fn rebuild(sentences: &[Sentence]) -> GoldText {
    let mut g = GoldText::default();
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 {
            g.text
                .push_str(if s.new_par || s.new_doc { "\n\n" } else { " " });
        }
        let off = g.text.len();
        g.text.push_str(&s.text);
        g.sentences.push((off, off + s.text.len()));
        g.tokens
            .extend(s.tokens.iter().map(|(a, b)| (off + a, off + b)));
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# newpar id = p1\n# text = Il parle du pays.\n1\tIl\til\tPRON\t_\t_\t2\tnsubj\t_\t_\n2\tparle\tparler\tVERB\t_\t_\t0\troot\t_\t_\n3-4\tdu\t_\t_\t_\t_\t_\t_\t_\t_\n3\tde\tde\tADP\t_\t_\t5\tcase\t_\t_\n4\tle\tle\tDET\t_\t_\t5\tdet\t_\t_\n5\tpays\tpays\tNOUN\t_\t_\t2\tobl\t_\tSpaceAfter=No\n6\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n\n# text = I don't.\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tI\tI\tPRON\t_\t_\t2\tnsubj\t_\t_\n";

    #[test]
    fn reads_multiword_tokens_as_surface_tokens() {
        let s = parse(SAMPLE, Path::new("x")).unwrap();
        assert_eq!(s.len(), 2);
        let toks: Vec<&str> = s[0].tokens.iter().map(|&(a, b)| &s[0].text[a..b]).collect();
        assert_eq!(toks, ["Il", "parle", "du", "pays", "."]);
        assert_eq!(s[0].words.len(), 6);
        assert_eq!(s[0].units[2], ("du".to_string(), 2..4));
        assert!(s[0].new_doc && s[0].new_par);
        let g = rebuild(&s);
        assert_eq!(g.text, "Il parle du pays. I don't.");
        assert_eq!(g.sentences, [(0, 17), (18, 26)]);
    }

    #[test]
    fn rejects_malformed_lines() {
        assert!(parse("1\tonly\ttwo\n", Path::new("bad.conllu")).is_err());
    }

    /// Found by fuzzing (`fuzz/fuzz_targets/conllu.rs`): a multiword range
    /// ending on a word whose first words are missing underflowed.
    #[test]
    fn multiword_range_over_missing_words() {
        let src = "1-2\tdu\t_\t_\t_\t_\t_\t_\t_\t_\n2\tle\tle\tDET\t_\t_\t0\tdet\t_\t_\n";
        let s = parse(src, Path::new("x")).unwrap();
        assert_eq!(s[0].units, [("du".to_string(), 0..1)]);
        assert_eq!(s[0].text, "du");
    }
}
