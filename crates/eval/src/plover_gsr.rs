//! The PLOVER gold-standard records (GSR, Open Event Data Alliance, from
//! the CAMEO manual's examples): one English sentence per record with its
//! PLOVER event type, source and target actors. Read from the JSON array
//! `PLOVER_GSR_CAMEO.txt` (its first element documents the file).
//!
//! The records were coded against PLOVER 0.5b1; its types are mapped onto
//! today's sixteen as the PLOVER team's CAMEO-to-PLOVER table (2021) does:
//! DEMAND → REQUEST, DISAPPROVE and INVESTIGATE → ACCUSE, FIGHT → ASSAULT.
//!
//! Scoring, per record (the whole analysis of its text):
//! - top type: the type of veille's most confident event (the first on
//!   ties) is the gold type;
//! - any type: some event of veille's has the gold type;
//! - coverage: veille finds any event;
//! - source and target: the argument of the event scored — the first of
//!   the gold type, else the top one — against the record's actors:
//!   a match when the texts overlap (case ignored: one contains the other,
//!   or they share a word of four letters or more). One slot per record:
//!   a record with gold actors and no prediction is a miss, a prediction
//!   without gold actors a false alarm.

use crate::metrics::{r4, Prf};
use crate::EvalError;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use veille_core::{Event, EventType};

/// One gold record.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// "PLOVER-GSR01-AGREE-0002".
    pub id: String,
    /// The id's last number (2), which decides the split.
    pub number: u32,
    /// The type as the file writes it ("DEMAND").
    pub gsr_type: String,
    /// That type among veille's (REQUEST); None when PLOVER dropped it.
    pub event_type: Option<EventType>,
    pub sources: Vec<String>,
    pub targets: Vec<String>,
    pub text: String,
}

/// Which records to score: the tuning half (even id numbers), the
/// reporting half (odd ones), or all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    All,
    Tune,
    Report,
}

impl Split {
    pub fn keeps(&self, r: &Record) -> bool {
        match self {
            Split::All => true,
            Split::Tune => r.number & 1 == 0,
            Split::Report => r.number & 1 == 1,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Split::All => "all",
            Split::Tune => "tune",
            Split::Report => "report",
        }
    }
}

impl std::str::FromStr for Split {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "all" => Ok(Split::All),
            "tune" | "even" => Ok(Split::Tune),
            "report" | "odd" => Ok(Split::Report),
            _ => Err(format!("{s:?}: all, tune (even ids) or report (odd ids)")),
        }
    }
}

/// A PLOVER 0.5b1 type as one of today's types.
pub fn map_type(gsr: &str) -> Option<EventType> {
    match gsr.trim().to_ascii_uppercase().as_str() {
        "DEMAND" => Some(EventType::Request),
        "DISAPPROVE" | "INVESTIGATE" => Some(EventType::Accuse),
        "FIGHT" => Some(EventType::Assault),
        other => EventType::parse(other),
    }
}

/// The actors' texts of a `source` or `target` field (a list of
/// `{actorText, code}`, or one such object).
fn actors(v: Option<&serde_json::Value>) -> Vec<String> {
    let one = |a: &serde_json::Value| {
        a.get("actorText")
            .and_then(|t| t.as_str())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    match v {
        Some(serde_json::Value::Array(xs)) => xs.iter().filter_map(one).collect(),
        Some(o @ serde_json::Value::Object(_)) => one(o).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// Records of a GSR JSON array (documentation records and records
/// without text are left out).
pub fn parse(json: &str, path: &Path) -> Result<Vec<Record>, EvalError> {
    let fmt = |msg: String| EvalError::Format {
        path: path.to_path_buf(),
        msg,
    };
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| fmt(e.to_string()))?;
    let items = v
        .as_array()
        .ok_or_else(|| fmt("expected a JSON array of records".into()))?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let s = |k: &str| item.get(k).and_then(|x| x.as_str()).unwrap_or("");
        let gsr_type = s("event").trim().to_string();
        let text = s("text").trim().to_string();
        if gsr_type.eq_ignore_ascii_case("DOCUMENT") || text.is_empty() {
            continue;
        }
        let id = match s("id") {
            "" => format!("record-{i}"),
            id => id.to_string(),
        };
        let number = id
            .rsplit(|c: char| !c.is_ascii_digit())
            .find(|p| !p.is_empty())
            .and_then(|n| n.parse().ok())
            .unwrap_or(i as u32);
        out.push(Record {
            number,
            event_type: map_type(&gsr_type),
            gsr_type,
            sources: actors(item.get("source")),
            targets: actors(item.get("target")),
            text,
            id,
        });
    }
    Ok(out)
}

/// Reads a GSR file.
pub fn read(path: &Path) -> Result<Vec<Record>, EvalError> {
    parse(&crate::read_text(path)?, path)
}

const SHORT: &[&str] = &[
    "that", "with", "from", "their", "this", "which", "have", "will",
];

/// Do two actor texts overlap (case ignored)?
pub fn overlaps(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim().to_lowercase(), b.trim().to_lowercase());
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.contains(&b) || b.contains(&a) {
        return true;
    }
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4 && !SHORT.contains(w))
            .map(str::to_string)
            .collect()
    };
    let wb = words(&b);
    words(&a).iter().any(|w| wb.contains(w))
}

/// How one type did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TypeScore {
    pub records: usize,
    pub top: usize,
    pub any: usize,
    pub covered: usize,
}

/// The scores of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub data: String,
    pub split: Split,
    pub records: usize,
    pub events_predicted: usize,
    /// Records whose most confident event has the gold type.
    pub type_accuracy_top: f64,
    /// Records where some event has the gold type.
    pub type_recall_any: f64,
    /// Records where veille finds any event.
    pub coverage: f64,
    #[serde(skip)]
    pub source: Prf,
    #[serde(skip)]
    pub target: Prf,
    /// By the file's own type names.
    pub per_type: BTreeMap<String, TypeScore>,
    pub tokens_per_s: f64,
}

/// The event scored for a record: the first of the gold type, else the
/// most confident (the first on ties).
fn scored(events: &[Event], gold: Option<EventType>) -> Option<&Event> {
    events
        .iter()
        .find(|e| Some(e.event_type) == gold)
        .or_else(|| top(events))
}

/// The most confident event, the first on ties.
fn top(events: &[Event]) -> Option<&Event> {
    events
        .iter()
        .fold(None, |best: Option<&Event>, e| match best {
            Some(b) if b.confidence >= e.confidence => Some(b),
            _ => Some(e),
        })
}

/// One actor slot: a prediction against the record's actors.
fn slot(prf: &mut Prf, gold: &[String], pred: Option<&str>) {
    match (gold.is_empty(), pred) {
        (true, None) => {}
        (true, Some(_)) => prf.fp += 1,
        (false, None) => prf.fn_ += 1,
        (false, Some(p)) if gold.iter().any(|g| overlaps(g, p)) => prf.tp += 1,
        (false, Some(_)) => {
            prf.fp += 1;
            prf.fn_ += 1;
        }
    }
}

/// Scores each record against the events veille found in its text
/// (`predicted[i]` for `records[i]`).
pub fn score(records: &[&Record], predicted: &[Vec<Event>], data: String, split: Split) -> Report {
    let mut per_type: BTreeMap<String, TypeScore> = BTreeMap::new();
    let (mut top_ok, mut any_ok, mut covered, mut n_events) = (0, 0, 0, 0);
    let mut source = Prf::default();
    let mut target = Prf::default();
    for (r, events) in records.iter().zip(predicted) {
        let t = per_type.entry(r.gsr_type.clone()).or_default();
        t.records += 1;
        n_events += events.len();
        if !events.is_empty() {
            covered += 1;
            t.covered += 1;
        }
        let gold = r.event_type;
        if gold.is_some() && top(events).map(|e| e.event_type) == gold {
            top_ok += 1;
            t.top += 1;
        }
        if gold.is_some() && events.iter().any(|e| Some(e.event_type) == gold) {
            any_ok += 1;
            t.any += 1;
        }
        let e = scored(events, gold);
        let src = e.and_then(|e| e.source.as_ref()).map(|a| a.text.as_str());
        let tgt = e.and_then(|e| e.target.as_ref()).map(|a| a.text.as_str());
        slot(&mut source, &r.sources, src);
        slot(&mut target, &r.targets, tgt);
    }
    let n = records.len();
    let share = |k: usize| r4(if n == 0 { 0.0 } else { k as f64 / n as f64 });
    Report {
        data,
        split,
        records: n,
        events_predicted: n_events,
        type_accuracy_top: share(top_ok),
        type_recall_any: share(any_ok),
        coverage: share(covered),
        source,
        target,
        per_type,
        tokens_per_s: 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_map_to_todays_plover() {
        assert_eq!(map_type("DEMAND"), Some(EventType::Request));
        assert_eq!(map_type("disapprove"), Some(EventType::Accuse));
        assert_eq!(map_type("INVESTIGATE"), Some(EventType::Accuse));
        assert_eq!(map_type("FIGHT"), Some(EventType::Assault));
        assert_eq!(map_type("AGREE"), Some(EventType::Agree));
        assert_eq!(map_type("CRIME"), None);
    }

    #[test]
    fn actors_overlap_by_containment_or_a_shared_word() {
        assert!(overlaps("Montenegro's prime minister", "prime minister"));
        assert!(overlaps("the PRESIDENT", "president"));
        assert!(overlaps(
            "Senior Hungarian officials",
            "Hungarian government"
        ));
        assert!(!overlaps("Iran", "Iraq"));
        assert!(!overlaps("", "Iraq"));
        assert!(!overlaps("the army", "the navy"));
    }
}
