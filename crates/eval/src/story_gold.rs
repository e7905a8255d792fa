//! The team's hand-written story gold (`tests/gold/stories`): one line per
//! WiNER article naming its story, and B-cubed scoring of a clustering
//! against it.

use crate::EvalError;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Which half of the gold: 2016 articles tune, 2017 articles report.
pub use crate::plover_gsr::Split;

/// One gold line.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldLine {
    /// WiNER path under its year ("07/2016_07_14-002.txt").
    pub file: String,
    pub story: String,
    pub label: String,
}

impl GoldLine {
    /// The year of the article ("2016").
    pub fn year(&self) -> &str {
        let name = self.file.rsplit('/').next().unwrap_or(&self.file);
        name.get(..4).unwrap_or("")
    }
}

/// Does the split keep a gold line?
pub fn keeps(split: Split, g: &GoldLine) -> bool {
    match split {
        Split::All => true,
        Split::Tune => g.year() == "2016",
        Split::Report => g.year() == "2017",
    }
}

/// Every `stories*.jsonl` line under `gold` (a folder or one file).
pub fn read(gold: &Path) -> Result<Vec<GoldLine>, EvalError> {
    let files: Vec<PathBuf> = if gold.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(gold)
            .map_err(|source| EvalError::Io {
                path: gold.to_path_buf(),
                source,
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name().is_some_and(|n| {
                    let n = n.to_string_lossy();
                    n.starts_with("stories") && n.ends_with(".jsonl")
                })
            })
            .collect();
        v.sort();
        v
    } else {
        vec![gold.to_path_buf()]
    };
    let mut out = Vec::new();
    for f in files {
        let text = crate::read_text(&f)?;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let g: GoldLine = serde_json::from_str(line).map_err(|e| EvalError::Format {
                path: f.clone(),
                msg: format!("line {}: {e}", n + 1),
            })?;
            out.push(g);
        }
    }
    if out.is_empty() {
        return Err(EvalError::NoData(format!(
            "no story gold line under {}",
            gold.display()
        )));
    }
    Ok(out)
}

/// B-cubed and pairwise scores of a clustering against gold clusters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Same-story pairs in gold, and found together.
    pub gold_pairs: usize,
    pub found_pairs: usize,
    /// Pairs of articles of different gold stories put together.
    pub merged_pairs: usize,
    /// Pairs of different gold stories sharing a predicted story.
    pub merged_stories: usize,
    pub predicted_clusters: usize,
}

/// Scores `pred` (one cluster id per item) against `gold` (same order).
pub fn score<G: Eq + std::hash::Hash + Ord + Clone, P: Eq + std::hash::Hash>(
    gold: &[G],
    pred: &[P],
) -> Scores {
    let n = gold.len().min(pred.len());
    if n == 0 {
        return Scores::default();
    }
    let mut both: HashMap<(&G, &P), usize> = HashMap::new();
    let mut g_size: HashMap<&G, usize> = HashMap::new();
    let mut p_size: HashMap<&P, usize> = HashMap::new();
    for i in 0..n {
        *both.entry((&gold[i], &pred[i])).or_default() += 1;
        *g_size.entry(&gold[i]).or_default() += 1;
        *p_size.entry(&pred[i]).or_default() += 1;
    }
    let (mut p, mut r) = (0.0, 0.0);
    for i in 0..n {
        let c = both[&(&gold[i], &pred[i])] as f64;
        p += c / p_size[&pred[i]] as f64;
        r += c / g_size[&gold[i]] as f64;
    }
    let (p, r) = (p / n as f64, r / n as f64);
    let pairs = |k: usize| k * k.saturating_sub(1) / 2;
    let gold_pairs = g_size.values().map(|&k| pairs(k)).sum();
    let found_pairs = both.values().map(|&k| pairs(k)).sum();
    let same_pred: usize = p_size.values().map(|&k| pairs(k)).sum();
    // Gold stories per predicted cluster.
    let mut golds_of: HashMap<&P, Vec<&G>> = HashMap::new();
    for (g, p) in both.keys() {
        golds_of.entry(*p).or_default().push(*g);
    }
    let mut merged = std::collections::BTreeSet::new();
    for gs in golds_of.values() {
        for (a, x) in gs.iter().enumerate() {
            for y in &gs[a + 1..] {
                let (lo, hi) = if x < y { (x, y) } else { (y, x) };
                merged.insert(((*lo).clone(), (*hi).clone()));
            }
        }
    }
    Scores {
        precision: p,
        recall: r,
        f1: if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        },
        gold_pairs,
        found_pairs,
        merged_pairs: same_pred - found_pairs,
        merged_stories: merged.len(),
        predicted_clusters: p_size.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b_cubed_by_hand() {
        // Gold {a,b,c} {d}; predicted {a,b} {c,d}.
        let gold = ["x", "x", "x", "y"];
        let pred = [1, 1, 2, 2];
        let s = score(&gold, &pred);
        // P: a 1, b 1, c 1/2, d 1/2 → 0.75; R: a 2/3, b 2/3, c 1/3, d 1 → 2/3.
        assert!((s.precision - 0.75).abs() < 1e-9);
        assert!((s.recall - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!((s.gold_pairs, s.found_pairs, s.merged_pairs), (3, 1, 1));
        assert_eq!(s.merged_stories, 1);
        // All singletons: precision 1.
        let s = score(&gold, &[1, 2, 3, 4]);
        assert_eq!(s.precision, 1.0);
        assert_eq!(s.merged_stories, 0);
    }

    #[test]
    fn split_by_year() {
        let g = |f: &str| GoldLine {
            file: f.into(),
            story: "s".into(),
            label: "l".into(),
        };
        assert!(keeps(Split::Tune, &g("07/2016_07_14-002.txt")));
        assert!(!keeps(Split::Tune, &g("01/2017_01_01-001.txt")));
        assert!(keeps(Split::Report, &g("01/2017_01_01-001.txt")));
    }
}
