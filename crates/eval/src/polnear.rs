//! English attribution (who said what) against PolNeAR: brat files whose
//! `E` lines tie a Content, a Cue and an optional Source together.
//!
//! Scores, over whitespace tokens of the article text:
//! - **content tokens**: P/R/F1 of tokens inside any predicted vs gold content;
//! - **attributions**: quotes sharing a cue are one predicted attribution
//!   ([`by_cue`]); it matches a gold attribution when their
//!   contents overlap with Dice ≥ 0.5 (each gold attribution matched once);
//! - **cue** and **source**: among matched pairs, the predicted cue (speaker)
//!   span overlaps the gold cue (source) span; source recall counts gold
//!   attributions that have a source, precision counts predicted quotes that
//!   name one.

use crate::brat::{char_to_byte, text_bound};
use crate::metrics::Prf;
use crate::{read_text, EvalError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub type Range = (usize, usize);

/// One gold attribution (byte ranges; content and source may be discontinuous).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attribution {
    pub content: Vec<Range>,
    pub cue: Vec<Range>,
    pub source: Vec<Range>,
}

#[derive(Debug, Clone)]
pub struct Article {
    pub name: String,
    pub text: String,
    pub gold: Vec<Attribution>,
}

/// A predicted attribution, in byte ranges of the article text (its
/// content may be in several pieces: a quote continued after its cue).
#[derive(Debug, Clone, Default)]
pub struct Predicted {
    pub content: Vec<Range>,
    pub cue: Option<Range>,
    pub source: Option<Range>,
}

/// Quotes that share one cue are one attribution, as PolNeAR counts them
/// ("every attribution has just one cue": "“…,” she said. “…”" is one
/// attribution whose content is in two pieces). Pieces are joined in the
/// first quote's place; the first piece with a source gives it.
pub fn by_cue(quotes: Vec<Predicted>) -> Vec<Predicted> {
    let mut out: Vec<Predicted> = Vec::new();
    for q in quotes {
        match q
            .cue
            .and_then(|c| out.iter_mut().find(|o| o.cue == Some(c)))
        {
            Some(o) => {
                o.content.extend(q.content);
                o.source = o.source.or(q.source);
            }
            None => out.push(q),
        }
    }
    out
}

/// Reads a PolNeAR split: `DIR/text/*.txt` with `DIR/attributions/<name>_<annotator>.ann`
/// (the first annotator in name order when there are several). `DIR` may
/// also be the corpus root, in which case its `dev` split is read.
pub fn read(dir: &Path) -> Result<Vec<Article>, EvalError> {
    let dir: PathBuf = if dir.join("text").is_dir() {
        dir.to_path_buf()
    } else if dir.join("dev/text").is_dir() {
        dir.join("dev")
    } else {
        return Err(EvalError::Format {
            path: dir.to_path_buf(),
            msg: "not a PolNeAR split (expected text/ and attributions/, or dev/ holding them)"
                .into(),
        });
    };
    let list = |d: &Path| -> Result<Vec<PathBuf>, EvalError> {
        let io = |source| EvalError::Io {
            path: d.to_path_buf(),
            source,
        };
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        v.sort();
        Ok(v)
    };
    let anns = list(&dir.join("attributions"))?;
    let mut out = Vec::new();
    for txt in list(&dir.join("text"))? {
        if txt.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let stem = txt
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let Some(ann) = anns.iter().find(|a| {
            a.file_name()
                .map(|n| n.to_string_lossy())
                .is_some_and(|n| n.starts_with(&format!("{stem}_")) && n.ends_with(".ann"))
        }) else {
            continue;
        };
        let text = read_text(&txt)?;
        let gold = parse_ann(&read_text(ann)?, &text).map_err(|msg| EvalError::Format {
            path: ann.clone(),
            msg,
        })?;
        out.push(Article {
            name: stem,
            text,
            gold,
        });
    }
    if out.is_empty() {
        return Err(EvalError::Format {
            path: dir,
            msg: "no PolNeAR articles (expected text/*.txt and attributions/*.ann)".into(),
        });
    }
    Ok(out)
}

/// The attributions of one `.ann` file.
pub fn parse_ann(src: &str, text: &str) -> Result<Vec<Attribution>, String> {
    let byte_at = char_to_byte(text);
    let mut spans: HashMap<&str, Vec<Range>> = HashMap::new();
    for (ln, line) in src.lines().enumerate() {
        if line.starts_with('T') {
            let (id, _, frags) =
                text_bound(line, &byte_at).map_err(|m| format!("line {}: {m}", ln + 1))?;
            spans.insert(id, frags);
        }
    }
    let mut out = Vec::new();
    for line in src.lines().filter(|l| l.starts_with('E')) {
        let mut a = Attribution::default();
        for arg in line
            .split('\t')
            .nth(1)
            .unwrap_or_default()
            .split_whitespace()
        {
            let Some((role, id)) = arg.split_once(':') else {
                continue;
            };
            let frags = spans.get(id).cloned().unwrap_or_default();
            if role.starts_with("Content") {
                a.content.extend(frags);
            } else if role == "Cue" {
                a.cue.extend(frags);
            } else if role == "Source" {
                a.source.extend(frags);
            }
        }
        if !a.content.is_empty() {
            out.push(a);
        }
    }
    Ok(out)
}

/// Whitespace-separated tokens of a text (byte ranges).
pub(crate) fn tokens(text: &str) -> Vec<Range> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

fn inside(t: Range, spans: &[Range]) -> bool {
    // A token belongs to a span when its middle does (punctuation glued to a
    // quote's edge does not make it miss).
    let mid = (t.0 + t.1) / 2;
    spans.iter().any(|&(s, e)| s <= mid && mid < e.max(s + 1))
}

fn overlaps(a: &[Range], b: &[Range]) -> bool {
    a.iter()
        .any(|&(s, e)| b.iter().any(|&(s2, e2)| s < e2 && s2 < e))
}

#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Report {
    pub articles: usize,
    pub gold_attributions: usize,
    pub predicted: usize,
    #[serde(skip)]
    pub content_tokens: Prf,
    #[serde(skip)]
    pub attributions: Prf,
    #[serde(skip)]
    pub cue: Prf,
    #[serde(skip)]
    pub source: Prf,
    /// Gold attributions no prediction matched: (article, cue, content).
    #[serde(skip)]
    pub missed: Vec<(String, String, String)>,
}

pub fn score(articles: &[Article], predicted: &[Vec<Predicted>]) -> Report {
    let mut r = Report {
        articles: articles.len(),
        ..Default::default()
    };
    for (a, preds) in articles.iter().zip(predicted) {
        r.gold_attributions += a.gold.len();
        r.predicted += preds.len();
        let toks = tokens(&a.text);
        let gold_content: Vec<Range> = a.gold.iter().flat_map(|g| g.content.clone()).collect();
        let pred_content: Vec<Range> = preds.iter().flat_map(|p| p.content.clone()).collect();
        for &t in &toks {
            match (inside(t, &pred_content), inside(t, &gold_content)) {
                (true, true) => r.content_tokens.tp += 1,
                (true, false) => r.content_tokens.fp += 1,
                (false, true) => r.content_tokens.fn_ += 1,
                _ => {}
            }
        }
        // Token sets for Dice overlap.
        let set = |spans: &[Range]| -> Vec<usize> {
            toks.iter()
                .enumerate()
                .filter(|(_, &t)| inside(t, spans))
                .map(|(i, _)| i)
                .collect()
        };
        let gold_sets: Vec<Vec<usize>> = a.gold.iter().map(|g| set(&g.content)).collect();
        let mut taken = vec![false; a.gold.len()];
        for p in preds {
            let ps = set(&p.content);
            let best = gold_sets
                .iter()
                .enumerate()
                .filter(|(k, _)| !taken[*k])
                .map(|(k, g)| {
                    let common = ps.iter().filter(|i| g.binary_search(i).is_ok()).count();
                    (k, 2.0 * common as f64 / (ps.len() + g.len()).max(1) as f64)
                })
                .max_by(|x, y| x.1.total_cmp(&y.1));
            let hit = best.filter(|b| b.1 >= 0.5).map(|b| b.0);
            match hit {
                Some(k) => {
                    taken[k] = true;
                    r.attributions.tp += 1;
                    let g = &a.gold[k];
                    let cue_ok = p.cue.is_some_and(|c| overlaps(&[c], &g.cue));
                    if cue_ok {
                        r.cue.tp += 1;
                    } else {
                        r.cue.fn_ += 1;
                        if p.cue.is_some() {
                            r.cue.fp += 1;
                        }
                    }
                    let source_ok = p.source.is_some_and(|s| overlaps(&[s], &g.source));
                    if source_ok {
                        r.source.tp += 1;
                    } else if p.source.is_some() {
                        r.source.fp += 1;
                    }
                }
                None => {
                    r.attributions.fp += 1;
                    if p.cue.is_some() {
                        r.cue.fp += 1;
                    }
                    if p.source.is_some() {
                        r.source.fp += 1;
                    }
                }
            }
        }
        for (g, _) in a.gold.iter().zip(&taken).filter(|(_, t)| !**t) {
            let piece = |r: &[Range]| -> String {
                r.iter()
                    .map(|&(s, e)| &a.text[s..e])
                    .collect::<Vec<_>>()
                    .join(" … ")
            };
            r.missed
                .push((a.name.clone(), piece(&g.cue), piece(&g.content)));
        }
        let missed = taken.iter().filter(|t| !**t).count();
        r.attributions.fn_ += missed;
        r.cue.fn_ += missed;
    }
    // Source recall: correct sources over all gold attributions that have one.
    let gold_sources: usize = articles
        .iter()
        .map(|a| a.gold.iter().filter(|g| !g.source.is_empty()).count())
        .sum();
    r.source.fn_ = gold_sources.saturating_sub(r.source.tp);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The Post reports that Clinton left early. “It was hot,” an aide said.";
    const ANN: &str = "T1\tSource 0 8\tThe Post\nT2\tCue 9 16\treports\nT3\tContent 17 40\tthat Clinton left early\nE1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\nT4\tContent 43 53;54 55\tIt was hot ,\nT5\tSource 57 64\tan aide\nT6\tCue 65 69\tsaid\nE2\tAttribution:T6 Content:T4 Cue:T6 Source:T5\n";

    #[test]
    fn parses_attributions_with_discontinuous_content() {
        let g = parse_ann(ANN, TEXT).unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(&TEXT[g[0].source[0].0..g[0].source[0].1], "The Post");
        assert_eq!(g[1].content.len(), 2);
        assert!(parse_ann("T1\tSource 0 900\tx\n", TEXT).is_err());
    }

    #[test]
    fn scores_matches_cues_and_sources() {
        let g = parse_ann(ANN, TEXT).unwrap();
        let art = Article {
            name: "a".into(),
            text: TEXT.into(),
            gold: g,
        };
        let find = |s: &str| {
            let a = TEXT.find(s).unwrap();
            (a, a + s.len())
        };
        let preds = vec![
            Predicted {
                content: vec![find("Clinton left early")],
                cue: Some(find("reports")),
                source: Some(find("The Post")),
            },
            Predicted {
                content: vec![find("It was hot,")],
                cue: Some(find("said")),
                source: None,
            },
        ];
        let r = score(std::slice::from_ref(&art), &[preds]);
        assert_eq!(
            (r.attributions.tp, r.attributions.fp, r.attributions.fn_),
            (2, 0, 0)
        );
        assert_eq!(r.cue.tp, 2);
        assert_eq!((r.source.tp, r.source.fp, r.source.fn_), (1, 0, 1));
        let none = score(std::slice::from_ref(&art), &[vec![]]);
        assert_eq!(none.attributions.fn_, 2);
        assert_eq!(none.content_tokens.tp, 0);
    }

    #[test]
    fn quotes_sharing_a_cue_are_one_attribution() {
        let text = "“We are ready,” she said. “Talks start Monday.” He said no.";
        let find = |s: &str| {
            let a = text.find(s).unwrap();
            (a, a + s.len())
        };
        let said = find("said");
        let q = |c: &str, cue: Range, source: Option<Range>| Predicted {
            content: vec![find(c)],
            cue: Some(cue),
            source,
        };
        let merged = by_cue(vec![
            q("We are ready,", said, None),
            q("Talks start Monday.", said, Some(find("she"))),
            q("no", find("He said"), Some(find("He"))),
        ]);
        assert_eq!(merged.len(), 2);
        assert_eq!(
            merged[0].content,
            [find("We are ready,"), find("Talks start Monday.")]
        );
        assert_eq!(merged[0].source, Some(find("she")));
        assert_eq!(merged[1].content, [find("no")]);
        // Quotes without a cue stay apart.
        let apart = by_cue(vec![
            Predicted {
                content: vec![find("We are ready,")],
                ..Default::default()
            },
            Predicted {
                content: vec![find("no")],
                ..Default::default()
            },
        ]);
        assert_eq!(apart.len(), 2);
    }
}
