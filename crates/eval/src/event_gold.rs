//! French events against the team's hand-annotated gold
//! (`tests/gold/events/`, format of `../shared/notes/annotation-guidelines.md`).
//!
//! Predicted events are placed in the article's raw text by their trigger
//! and sentence. Scores:
//! - **type by sentence**: in each gold sentence, the predicted and gold
//!   types are compared as multisets (a predicted event outside every gold
//!   sentence of an annotated article is a false positive);
//! - **source** and **target**: a predicted event of the right type in the
//!   right sentence whose source (target) mention overlaps the gold one, or
//!   whose actor code starts with the gold code, is a true positive; P over
//!   predicted events with a source, R over gold events with one;
//! - **modality accuracy** over pairs of the same type in the same sentence.

use crate::gold::overlap;
use crate::metrics::{r4, Prf};
use crate::EvalError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use veille_core::{EventType, Modality};

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GoldActor {
    pub text: Option<String>,
    pub code: Option<String>,
    pub sector: Option<String>,
}

/// One gold event mention, as annotated.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GoldEvent {
    pub file: String,
    pub sentence: String,
    pub trigger: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub source: Option<GoldActor>,
    pub target: Option<GoldActor>,
    pub location: Option<String>,
    pub date_text: Option<String>,
    pub modality: Modality,
}

#[derive(Debug, Clone)]
pub struct GoldArticle {
    pub file: String,
    pub text: String,
    pub events: Vec<GoldEvent>,
}

/// A predicted event placed in the raw text (byte ranges).
#[derive(Debug, Clone)]
pub struct Predicted {
    pub event_type: EventType,
    pub trigger: (usize, usize),
    pub source: Option<((usize, usize), Option<String>)>,
    pub target: Option<((usize, usize), Option<String>)>,
    pub modality: Modality,
}

/// Reads gold events (`events*.jsonl` in `dir`, or one file, with the
/// `files*.txt` lists of annotated articles) and their WiNER articles.
pub fn read(gold: &Path, winer: &Path) -> Result<Vec<GoldArticle>, EvalError> {
    Ok(
        crate::gold::read(gold, winer, "events", |e: &GoldEvent| &e.file)?
            .into_iter()
            .map(|(file, text, events)| GoldArticle { file, text, events })
            .collect(),
    )
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct EventGoldReport {
    pub task: &'static str,
    pub data: String,
    pub articles: usize,
    pub gold: usize,
    pub predicted: usize,
    #[serde(skip)]
    pub types: Prf,
    #[serde(skip)]
    pub source: Prf,
    #[serde(skip)]
    pub target: Prf,
    pub modality_accuracy: f64,
    pub tokens_per_s: f64,
    #[serde(skip)]
    pub per_type: BTreeMap<String, Prf>,
    /// One line per miss, false positive and wrong actor, for `--errors`.
    #[serde(skip)]
    pub errors: Vec<String>,
}

/// A short view of a sentence for an error line.
fn clip(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match one.char_indices().nth(160) {
        Some((at, _)) => format!("{}…", &one[..at]),
        None => one,
    }
}

/// Byte range of `piece` inside `within` of `text`.
fn inside(text: &str, within: (usize, usize), piece: &str) -> Option<(usize, usize)> {
    let hay = text.get(within.0..within.1)?;
    let at = hay.find(piece).filter(|_| !piece.is_empty())?;
    Some((within.0 + at, within.0 + at + piece.len()))
}

pub fn score(
    articles: &[GoldArticle],
    predicted: &[Vec<Predicted>],
    data: String,
) -> EventGoldReport {
    let mut r = EventGoldReport {
        task: "events",
        data,
        articles: articles.len(),
        ..Default::default()
    };
    let (mut modality_ok, mut pairs) = (0usize, 0usize);
    for (a, preds) in articles.iter().zip(predicted) {
        r.gold += a.events.len();
        r.predicted += preds.len();
        // Gold sentences in the text (first occurrence).
        let mut sentences: Vec<(usize, usize)> = Vec::new();
        for e in &a.events {
            if let Some(at) = a.text.find(&e.sentence) {
                let s = (at, at + e.sentence.len());
                if !sentences.contains(&s) {
                    sentences.push(s);
                }
            }
        }
        let mut used = vec![false; preds.len()];
        for &s in &sentences {
            let gold: Vec<&GoldEvent> = a
                .events
                .iter()
                .filter(|e| a.text.find(&e.sentence).map(|x| (x, x + e.sentence.len())) == Some(s))
                .collect();
            let here: Vec<usize> = (0..preds.len())
                .filter(|&k| !used[k] && preds[k].trigger.0 >= s.0 && preds[k].trigger.1 <= s.1)
                .collect();
            for &k in &here {
                used[k] = true;
            }
            let mut taken = vec![false; here.len()];
            for g in &gold {
                let per = r
                    .per_type
                    .entry(g.event_type.as_str().to_string())
                    .or_default();
                // The same type, the nearest trigger first.
                let gt = inside(&a.text, s, &g.trigger);
                let best = here
                    .iter()
                    .enumerate()
                    .filter(|(i, &k)| !taken[*i] && preds[k].event_type == g.event_type)
                    .min_by_key(|(_, &k)| gt.map_or(0, |t| preds[k].trigger.0.abs_diff(t.0)));
                let Some((i, &k)) = best else {
                    r.types.fn_ += 1;
                    per.fn_ += 1;
                    let actor = |x: &Option<GoldActor>| {
                        x.as_ref()
                            .map(|x| x.text.clone().or(x.code.clone()).unwrap_or_default())
                            .unwrap_or_default()
                    };
                    r.errors.push(format!(
                        "MISS {} {:?} src={:?} tgt={:?} {:?} | {}",
                        g.event_type.as_str(),
                        g.trigger,
                        actor(&g.source),
                        actor(&g.target),
                        g.modality,
                        clip(&g.sentence)
                    ));
                    continue;
                };
                taken[i] = true;
                r.types.tp += 1;
                per.tp += 1;
                pairs += 1;
                let p = &preds[k];
                modality_ok += usize::from(p.modality == g.modality);
                if p.modality != g.modality {
                    r.errors.push(format!(
                        "MODALITY {} {:?} gold {:?} predicted {:?} | {}",
                        g.event_type.as_str(),
                        g.trigger,
                        g.modality,
                        p.modality,
                        clip(&g.sentence)
                    ));
                }
                for (role, gold_actor, pred_actor, prf) in [
                    ("source", &g.source, &p.source, &mut r.source),
                    ("target", &g.target, &p.target, &mut r.target),
                ] {
                    let Some(ga) = gold_actor else { continue };
                    let gspan = ga.text.as_deref().and_then(|t| inside(&a.text, s, t));
                    let right = pred_actor.as_ref().is_some_and(|(span, code)| {
                        gspan.is_some_and(|g| overlap(g, *span))
                            || matches!((&ga.code, code), (Some(gc), Some(pc)) if !gc.is_empty() && pc.starts_with(gc.as_str()))
                    });
                    if right {
                        prf.tp += 1;
                    } else {
                        r.errors.push(format!(
                            "{} {} {:?} gold {:?}/{:?} predicted {:?} | {}",
                            role.to_uppercase(),
                            g.event_type.as_str(),
                            g.trigger,
                            ga.text,
                            ga.code,
                            pred_actor
                                .as_ref()
                                .map(|((x, y), c)| (a.text.get(*x..*y).unwrap_or(""), c)),
                            clip(&g.sentence)
                        ));
                    }
                }
            }
            for (i, &k) in here.iter().enumerate() {
                if !taken[i] {
                    let t = preds[k].trigger;
                    r.errors.push(format!(
                        "FP {} {:?} | {}",
                        preds[k].event_type.as_str(),
                        a.text.get(t.0..t.1).unwrap_or(""),
                        clip(a.text.get(s.0..s.1).unwrap_or(""))
                    ));
                    r.types.fp += 1;
                    r.per_type
                        .entry(preds[k].event_type.as_str().to_string())
                        .or_default()
                        .fp += 1;
                }
            }
        }
        // Events outside every gold sentence of an annotated article.
        for (k, p) in preds.iter().enumerate() {
            if !used[k] {
                let t = p.trigger;
                let from = a.text[..t.0].rfind(['.', '\n']).map_or(0, |x| x + 1);
                let to = a.text[t.1..]
                    .find(['.', '\n'])
                    .map_or(a.text.len(), |x| t.1 + x);
                r.errors.push(format!(
                    "FP-OUT {} {:?} | {}",
                    p.event_type.as_str(),
                    a.text.get(t.0..t.1).unwrap_or(""),
                    clip(a.text.get(from..to).unwrap_or(""))
                ));
                r.types.fp += 1;
                r.per_type
                    .entry(p.event_type.as_str().to_string())
                    .or_default()
                    .fp += 1;
            }
        }
        // Source and target P/R denominators.
        let gold_with = |f: fn(&GoldEvent) -> bool| a.events.iter().filter(|e| f(e)).count();
        r.source.fn_ += gold_with(|e| {
            e.source
                .as_ref()
                .is_some_and(|s| s.text.is_some() || s.code.is_some())
        });
        r.target.fn_ += gold_with(|e| {
            e.target
                .as_ref()
                .is_some_and(|s| s.text.is_some() || s.code.is_some())
        });
        r.source.fp += preds.iter().filter(|p| p.source.is_some()).count();
        r.target.fp += preds.iter().filter(|p| p.target.is_some()).count();
    }
    // tp were counted inside fn_/fp totals: turn totals into misses.
    for prf in [&mut r.source, &mut r.target] {
        prf.fn_ = prf.fn_.saturating_sub(prf.tp);
        prf.fp = prf.fp.saturating_sub(prf.tp);
    }
    r.modality_accuracy = if pairs == 0 {
        0.0
    } else {
        r4(modality_ok as f64 / pairs as f64)
    };
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(t: &str, code: &str) -> Option<GoldActor> {
        Some(GoldActor {
            text: Some(t.into()),
            code: Some(code.into()),
            sector: None,
        })
    }

    #[test]
    fn types_actors_and_modality_are_scored_per_sentence() {
        let text =
            "Titre\n\nLa Russie a bombardé Alep lundi. Paris a condamné ces frappes. Il pleut.";
        let s1 = "La Russie a bombardé Alep lundi.";
        let s2 = "Paris a condamné ces frappes.";
        let ev = |s: &str, trig: &str, ty: EventType, src, tgt, m| GoldEvent {
            file: "f".into(),
            sentence: s.into(),
            trigger: trig.into(),
            event_type: ty,
            source: src,
            target: tgt,
            location: None,
            date_text: None,
            modality: m,
        };
        let a = GoldArticle {
            file: "f".into(),
            text: text.into(),
            events: vec![
                ev(
                    s1,
                    "bombardé",
                    EventType::Assault,
                    actor("La Russie", "RUS"),
                    actor("Alep", "SYR"),
                    Modality::Asserted,
                ),
                ev(
                    s2,
                    "condamné",
                    EventType::Accuse,
                    actor("Paris", "FRA"),
                    None,
                    Modality::Asserted,
                ),
            ],
        };
        let at = |p: &str| {
            let i = text.find(p).unwrap();
            (i, i + p.len())
        };
        let preds = vec![
            // Right type, source by code, wrong target, wrong modality.
            Predicted {
                event_type: EventType::Assault,
                trigger: at("bombardé"),
                source: Some((at("Russie"), Some("RUS GOV".into()))),
                target: Some((at("lundi"), None)),
                modality: Modality::Reported,
            },
            // Wrong type in the second sentence; one outside gold sentences.
            Predicted {
                event_type: EventType::Reject,
                trigger: at("condamné"),
                source: None,
                target: None,
                modality: Modality::Asserted,
            },
            Predicted {
                event_type: EventType::Protest,
                trigger: at("pleut"),
                source: None,
                target: None,
                modality: Modality::Asserted,
            },
        ];
        let r = score(&[a], &[preds], "t".into());
        assert_eq!((r.types.tp, r.types.fp, r.types.fn_), (1, 2, 1));
        assert_eq!((r.source.tp, r.source.fp, r.source.fn_), (1, 0, 1));
        assert_eq!((r.target.tp, r.target.fp, r.target.fn_), (0, 1, 1));
        assert_eq!(r.modality_accuracy, 0.0);
    }
}
