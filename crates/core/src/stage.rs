//! The stages of the ingest path, for timings (`veille stats`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Instant;

/// A stage of the ingest path, for timings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading files and pages, main text and cleaning.
    Clean,
    /// Sentences and tokens, language spans.
    Segment,
    /// Names, places, linking.
    Entities,
    /// Parts of speech and dependencies.
    Syntax,
    /// Times and quotes.
    Quotes,
    /// Events.
    Events,
    /// Writing, copies and stories.
    Store,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Clean,
        Stage::Segment,
        Stage::Entities,
        Stage::Syntax,
        Stage::Quotes,
        Stage::Events,
        Stage::Store,
    ];
}

/// Time spent per stage, in seconds; added up over documents and threads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StageTimes(pub BTreeMap<Stage, f64>);

impl StageTimes {
    /// Adds the time since `since` to `stage` and returns now (the start
    /// of the next stage).
    pub fn lap(&mut self, stage: Stage, since: Instant) -> Instant {
        let now = Instant::now();
        *self.0.entry(stage).or_default() += (now - since).as_secs_f64();
        now
    }

    /// Adds another's times to these.
    pub fn add(&mut self, other: &StageTimes) {
        for (s, t) in &other.0 {
            *self.0.entry(*s).or_default() += t;
        }
    }

    /// Seconds spent in `stage`.
    pub fn get(&self, stage: Stage) -> f64 {
        self.0.get(&stage).copied().unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laps_add_up_per_stage() {
        let mut t = StageTimes::default();
        let start = Instant::now() - std::time::Duration::from_millis(5);
        let next = t.lap(Stage::Clean, start);
        assert!(t.get(Stage::Clean) >= 0.005);
        t.lap(Stage::Events, next);
        let mut all = StageTimes::default();
        all.add(&t);
        all.add(&t);
        assert!((all.get(Stage::Clean) - 2.0 * t.get(Stage::Clean)).abs() < 1e-12);
        assert_eq!(all.get(Stage::Store), 0.0);
        assert_eq!(
            serde_json::to_string(&Stage::Store).unwrap(),
            "\"store\"",
            "stages are written in snake case"
        );
    }
}
