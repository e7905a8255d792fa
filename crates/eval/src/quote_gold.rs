//! French quotes against the team's hand-annotated gold
//! (`tests/gold/quotes/`, format of `../shared/notes/annotation-guidelines.md`):
//! one JSONL record per quote of a WiNER-fr article, with its kind, cue,
//! speaker as written and the speaker's full name.
//!
//! A predicted quote *finds* a gold quote when their contents overlap with
//! Dice ≥ 0.5 over word tokens (each gold quote found once). Among found
//! quotes:
//! - **speaker right**: the predicted speaker mention overlaps the gold
//!   one, or its resolved name is the gold `speaker_canonical` (accents and
//!   case folded; or the one's last word is the other's); a gold quote
//!   without speaker is right only when none is predicted;
//! - **cue right**: the predicted cue overlaps the gold cue (both absent
//!   counts as right);
//! - **kind right**: direct / indirect as in the gold.

use crate::gold::overlap;
use crate::EvalError;
use serde::{Deserialize, Serialize};
use std::path::Path;
use veille_core::{fold, QuoteKind};

/// One gold quote, as annotated.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GoldQuote {
    /// Path relative to the year folder: `MM/YYYY_MM_DD-NNN.txt`.
    pub file: String,
    pub text: String,
    pub kind: QuoteKind,
    pub cue: Option<String>,
    pub speaker: Option<String>,
    pub speaker_canonical: Option<String>,
}

/// An annotated article and its gold quotes.
#[derive(Debug, Clone)]
pub struct GoldArticle {
    pub file: String,
    pub text: String,
    pub quotes: Vec<GoldQuote>,
}

/// A predicted quote placed in the article's raw text (byte ranges).
#[derive(Debug, Clone, Default)]
pub struct Predicted {
    pub content: (usize, usize),
    pub kind: QuoteKind,
    pub cue: Option<(usize, usize)>,
    pub speaker: Option<(usize, usize)>,
    /// The speaker's resolved name.
    pub speaker_name: Option<String>,
}

/// Reads gold quotes (`quotes*.jsonl` in `dir`, or one file) and the
/// articles they annotate (`files*.txt` beside them list every annotated
/// article, including those without quotes), texts from the WiNER folder.
pub fn read(gold: &Path, winer: &Path) -> Result<Vec<GoldArticle>, EvalError> {
    let mut out = Vec::new();
    for (file, text, quotes) in crate::gold::read(gold, winer, "quotes", |q: &GoldQuote| &q.file)? {
        if let Some(q) = quotes.iter().find(|q| !text.contains(&q.text)) {
            return Err(EvalError::Format {
                path: gold.to_path_buf(),
                msg: format!("{file}: quote text not in the article: {:?}", q.text),
            });
        }
        out.push(GoldArticle { file, text, quotes });
    }
    Ok(out)
}

/// The occurrence of `piece` in `text` nearest to `near` (the first when `near` is None).
fn find(text: &str, piece: &str, near: Option<usize>) -> Option<(usize, usize)> {
    if piece.is_empty() {
        return None;
    }
    text.match_indices(piece)
        .map(|(i, _)| i)
        .min_by_key(|&i| near.map_or(i, |n| i.abs_diff(n)))
        .map(|i| (i, i + piece.len()))
}

/// Whether two person or organisation names are the same actor.
fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    let last = |s: &str| s.split_whitespace().last().map(str::to_string);
    a == b || (last(&a).is_some() && last(&a) == last(&b))
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct QuoteGoldReport {
    pub task: &'static str,
    pub data: String,
    pub articles: usize,
    pub gold: usize,
    pub gold_direct: usize,
    pub gold_indirect: usize,
    pub predicted: usize,
    /// Gold quotes found (recall), and predicted quotes that find one (precision).
    pub found: usize,
    pub recall: f64,
    pub precision: f64,
    pub f1: f64,
    pub direct_recall: f64,
    pub indirect_recall: f64,
    /// Among found quotes.
    pub speaker_accuracy: f64,
    pub cue_accuracy: f64,
    pub kind_accuracy: f64,
    /// Found with the right speaker, over all gold quotes.
    pub speaker_right_of_all: f64,
    pub tokens_per_s: f64,
    #[serde(skip)]
    pub errors: Vec<String>,
}

/// Scores predictions (one list per article, in `articles` order).
pub fn score(
    articles: &[GoldArticle],
    predicted: &[Vec<Predicted>],
    data: String,
) -> QuoteGoldReport {
    let r4 = crate::metrics::r4;
    let mut r = QuoteGoldReport {
        task: "quotes",
        data,
        articles: articles.len(),
        ..Default::default()
    };
    let (mut speaker_ok, mut cue_ok, mut kind_ok) = (0usize, 0usize, 0usize);
    let (mut found_direct, mut found_indirect, mut matched_pred) = (0usize, 0usize, 0usize);
    for (a, preds) in articles.iter().zip(predicted) {
        r.predicted += preds.len();
        let toks = crate::polnear::tokens(&a.text);
        let set = |s: (usize, usize)| -> Vec<usize> {
            (0..toks.len()).filter(|&i| overlap(toks[i], s)).collect()
        };
        let mut pred_used = vec![false; preds.len()];
        for g in &a.quotes {
            r.gold += 1;
            match g.kind {
                QuoteKind::Direct => r.gold_direct += 1,
                QuoteKind::Indirect => r.gold_indirect += 1,
            }
            let Some(gspan) = find(&a.text, &g.text, None) else {
                continue;
            };
            let gs = set(gspan);
            let best = preds
                .iter()
                .enumerate()
                .filter(|(k, _)| !pred_used[*k])
                .map(|(k, p)| {
                    let ps = set(p.content);
                    let common = ps.iter().filter(|i| gs.contains(i)).count();
                    (k, 2.0 * common as f64 / (ps.len() + gs.len()).max(1) as f64)
                })
                .max_by(|x, y| x.1.total_cmp(&y.1))
                .filter(|b| b.1 >= 0.5);
            let Some((k, _)) = best else {
                if r.errors.len() < 200 {
                    let t: String = g.text.chars().take(100).collect();
                    r.errors.push(format!(
                        "missed [{}] {:?} ({}): {t}",
                        a.file, g.speaker, g.kind
                    ));
                }
                continue;
            };
            pred_used[k] = true;
            matched_pred += 1;
            r.found += 1;
            match g.kind {
                QuoteKind::Direct => found_direct += 1,
                QuoteKind::Indirect => found_indirect += 1,
            }
            let p = &preds[k];
            kind_ok += usize::from(p.kind == g.kind);
            let gold_speaker = g
                .speaker
                .as_deref()
                .and_then(|s| find(&a.text, s, Some(gspan.0)));
            // Right when the mention is the gold one or the resolved name is.
            let speaker_right = match (&g.speaker, &g.speaker_canonical) {
                (None, None) => p.speaker.is_none() && p.speaker_name.is_none(),
                _ => {
                    let by_name = matches!(
                        (&g.speaker_canonical, &p.speaker_name),
                        (Some(gc), Some(pn)) if same_name(gc, pn)
                    );
                    let by_mention = matches!(
                        (gold_speaker, p.speaker),
                        (Some(gsp), Some(psp)) if overlap(gsp, psp)
                    );
                    by_name || by_mention
                }
            };
            speaker_ok += usize::from(speaker_right);
            if !speaker_right && r.errors.len() < 200 {
                let said = p.speaker.map(|s| &a.text[s.0..s.1]);
                r.errors.push(format!(
                    "speaker [{}] gold {:?} / {:?}, predicted {:?} / {:?}",
                    a.file, g.speaker, g.speaker_canonical, said, p.speaker_name
                ));
            }
            let gold_cue = g
                .cue
                .as_deref()
                .and_then(|c| find(&a.text, c, Some(gspan.0)));
            cue_ok += usize::from(match (gold_cue, p.cue) {
                (None, None) => true,
                (Some(gc), Some(pc)) => overlap(gc, pc),
                _ => false,
            });
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { r4(a as f64 / b as f64) };
    r.recall = ratio(r.found, r.gold);
    r.precision = ratio(matched_pred, r.predicted);
    r.f1 = r4(crate::metrics::f1(r.precision, r.recall));
    r.direct_recall = ratio(found_direct, r.gold_direct);
    r.indirect_recall = ratio(found_indirect, r.gold_indirect);
    r.speaker_accuracy = ratio(speaker_ok, r.found);
    r.cue_accuracy = ratio(cue_ok, r.found);
    r.kind_accuracy = ratio(kind_ok, r.found);
    r.speaker_right_of_all = ratio(speaker_ok, r.gold);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(text: &str, kind: QuoteKind, cue: &str, speaker: &str, canonical: &str) -> GoldQuote {
        GoldQuote {
            file: "01/2016_01_01-001.txt".into(),
            text: text.into(),
            kind,
            cue: Some(cue.into()),
            speaker: Some(speaker.into()),
            speaker_canonical: Some(canonical.into()),
        }
    }

    #[test]
    fn found_speaker_cue_and_kind_are_scored_apart() {
        let text = "« Nous partirons demain », a déclaré Jean Dupont. Selon la préfecture, la route reste fermée.";
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            (i, i + s.len())
        };
        let a = GoldArticle {
            file: "01/2016_01_01-001.txt".into(),
            text: text.into(),
            quotes: vec![
                gold(
                    "Nous partirons demain",
                    QuoteKind::Direct,
                    "a déclaré",
                    "Jean Dupont",
                    "Jean Dupont",
                ),
                gold(
                    "la route reste fermée",
                    QuoteKind::Indirect,
                    "Selon",
                    "la préfecture",
                    "préfecture du Nord",
                ),
            ],
        };
        // The first found with the right speaker (by name), the second found
        // with a wrong speaker and no cue; one spurious prediction.
        let preds = vec![
            Predicted {
                content: at("Nous partirons demain"),
                kind: QuoteKind::Direct,
                cue: Some(at("a déclaré")),
                speaker: Some(at("Jean Dupont")),
                speaker_name: Some("Jean DUPONT".into()),
            },
            Predicted {
                content: at("la route reste fermée"),
                kind: QuoteKind::Direct,
                cue: None,
                speaker: Some(at("Jean Dupont")),
                speaker_name: None,
            },
            Predicted {
                content: at("Selon la préfecture"),
                ..Default::default()
            },
        ];
        let r = score(&[a], &[preds], "t".into());
        assert_eq!((r.gold, r.found, r.predicted), (2, 2, 3));
        assert_eq!(r.recall, 1.0);
        assert_eq!(r.precision, 0.6667);
        assert_eq!(r.speaker_accuracy, 0.5);
        assert_eq!(r.cue_accuracy, 0.5);
        assert_eq!(r.kind_accuracy, 0.5);
        assert_eq!(r.speaker_right_of_all, 0.5);
    }

    #[test]
    fn names_match_by_folded_form_or_last_word() {
        assert!(same_name("Sergueï Lavrov", "serguei lavrov"));
        assert!(same_name("Vladimir Poutine", "Poutine"));
        assert!(!same_name("Emmanuel Macron", "Édouard Philippe"));
    }
}
