//! Dependency parsing: a greedy arc-hybrid transition parser (averaged
//! perceptron, trained with a dynamic oracle), then an arc labeller that
//! sees the finished tree.
//!
//! Words are numbered from 1; head 0 is the root. Every sentence gets
//! exactly one root.

use crate::binio::{header, put_str, put_strs, ModelError, Reader};
use crate::perceptron::{argmax, f1, fh, Learner, Weights};
use crate::pos::shuffle;

const MAGIC: &[u8; 8] = b"VEILDEP\0";
const VERSION: u32 = 1;

const SHIFT: usize = 0;
const LEFT: usize = 1;
const RIGHT: usize = 2;

/// One word of a sentence to parse.
#[derive(Debug, Clone)]
pub struct Word<'a> {
    pub form: &'a str,
    pub pos: &'a str,
    pub lemma: &'a str,
}

/// A parsed word: its head (0 = root) and relation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arc {
    pub head: usize,
    pub rel: String,
}

/// A training sentence: words with gold heads and relations.
#[derive(Debug, Clone)]
pub struct Gold {
    pub forms: Vec<String>,
    pub pos: Vec<String>,
    pub lemmas: Vec<String>,
    pub heads: Vec<usize>,
    pub rels: Vec<String>,
}

impl Gold {
    fn words(&self) -> Vec<Word<'_>> {
        (0..self.forms.len())
            .map(|i| Word {
                form: &self.forms[i],
                pos: &self.pos[i],
                lemma: &self.lemmas[i],
            })
            .collect()
    }
}

pub struct Parser {
    pub lang: String,
    pub labels: Vec<String>,
    actions: Weights,
    labeller: Weights,
}

/// Lower-cased forms and tags with position 0 = root.
struct Sent<'a> {
    lower: Vec<String>,
    pos: Vec<&'a str>,
    lemma: Vec<&'a str>,
}

impl<'a> Sent<'a> {
    fn new(words: &'a [Word<'a>]) -> Sent<'a> {
        let mut lower = vec!["<root>".to_string()];
        let mut pos = vec!["ROOT"];
        let mut lemma = vec!["<root>"];
        for w in words {
            lower.push(crate::pos::lemma::lower(w.form));
            pos.push(w.pos);
            lemma.push(w.lemma);
        }
        Sent { lower, pos, lemma }
    }
    fn n(&self) -> usize {
        self.lower.len()
    }
}

/// The parser state.
struct State {
    stack: Vec<usize>,
    /// Next buffer position (words b..n are in the buffer).
    b: usize,
    n: usize,
    heads: Vec<Option<usize>>,
    left: Vec<Vec<usize>>,
    right: Vec<Vec<usize>>,
}

impl State {
    fn new(n: usize) -> State {
        State {
            stack: vec![0],
            b: 1,
            n,
            heads: vec![None; n],
            left: vec![Vec::new(); n],
            right: vec![Vec::new(); n],
        }
    }
    fn done(&self) -> bool {
        self.b >= self.n && self.stack.len() <= 1
    }
    fn s(&self, k: usize) -> Option<usize> {
        self.stack.len().checked_sub(k + 1).map(|i| self.stack[i])
    }
    fn legal(&self) -> [bool; 3] {
        let has_b = self.b < self.n;
        let deep = self.stack.len() >= 2;
        [
            has_b,
            deep && has_b,
            // Only the last word standing attaches to the root.
            deep && (self.stack.len() > 2 || !has_b),
        ]
    }
    fn apply(&mut self, t: usize) {
        match t {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            LEFT => {
                let d = self.stack.pop().unwrap_or(0);
                self.heads[d] = Some(self.b);
                self.left[self.b].insert(0, d);
            }
            RIGHT => {
                let d = self.stack.pop().unwrap_or(0);
                let h = self.s(0).unwrap_or(0);
                self.heads[d] = Some(h);
                self.right[h].push(d);
            }
            _ => {}
        }
    }
    /// Gold arcs a transition makes unreachable (arc-hybrid dynamic oracle).
    fn cost(&self, t: usize, gold: &[usize]) -> usize {
        let buffer = self.b..self.n;
        match t {
            SHIFT => {
                let b = self.b;
                let s0 = self.s(0);
                let deps = self
                    .stack
                    .iter()
                    .filter(|&&d| d != 0 && gold[d] == b)
                    .count();
                let head = self.stack.iter().any(|&k| Some(k) != s0 && gold[b] == k);
                deps + usize::from(head)
            }
            _ => {
                let s0 = self.s(0).unwrap_or(0);
                let deps = buffer.clone().filter(|&d| gold[d] == s0).count();
                let g = gold[s0];
                let lost = if t == LEFT {
                    g != self.b && (Some(g) == self.s(1) || buffer.contains(&g))
                } else {
                    Some(g) != self.s(1) && buffer.contains(&g)
                };
                deps + usize::from(lost)
            }
        }
    }

    fn features(&self, x: &Sent, out: &mut Vec<u32>) {
        out.clear();
        const NONE: &str = "-";
        let w = |i: Option<usize>| i.map_or(NONE, |i| x.lower[i].as_str());
        let p = |i: Option<usize>| i.map_or(NONE, |i| x.pos[i]);
        let s0 = self.s(0);
        let s1 = self.s(1);
        let s2 = self.s(2);
        let b0 = (self.b < self.n).then_some(self.b);
        let b1 = (self.b + 1 < self.n).then_some(self.b + 1);
        let b2 = (self.b + 2 < self.n).then_some(self.b + 2);
        let lc = |i: Option<usize>| i.and_then(|i| self.left[i].first().copied());
        let rc = |i: Option<usize>| i.and_then(|i| self.right[i].last().copied());
        let (s0w, s0p, s1w, s1p, b0w, b0p) = (w(s0), p(s0), w(s1), p(s1), w(b0), p(b0));
        out.push(f1(0, ""));
        out.push(f1(1, s0w));
        out.push(f1(2, s0p));
        out.push(fh(3, s0w, s0p, ""));
        out.push(f1(4, s1w));
        out.push(f1(5, s1p));
        out.push(fh(6, s1w, s1p, ""));
        out.push(f1(7, b0w));
        out.push(f1(8, b0p));
        out.push(fh(9, b0w, b0p, ""));
        out.push(fh(10, w(b1), p(b1), ""));
        out.push(f1(11, p(b1)));
        out.push(f1(12, p(b2)));
        out.push(f1(13, p(s2)));
        out.push(fh(14, s0w, b0w, ""));
        out.push(fh(15, s0p, b0p, ""));
        out.push(fh(16, s0w, s0p, b0p));
        out.push(fh(17, s0p, b0w, b0p));
        out.push(fh(18, s0w, b0p, ""));
        out.push(fh(19, s0p, b0w, ""));
        out.push(fh(20, s1p, s0p, ""));
        out.push(fh(21, s1w, s0w, ""));
        out.push(fh(22, s1p, s0p, b0p));
        out.push(fh(23, s0p, b0p, p(b1)));
        out.push(fh(24, b0p, p(b1), p(b2)));
        out.push(fh(25, p(s2), s1p, s0p));
        out.push(fh(26, s1p, s0w, ""));
        out.push(fh(27, s1w, s0p, ""));
        let dist = |a: Option<usize>, b: Option<usize>| -> &'static str {
            match (a, b) {
                (Some(a), Some(b)) => match b.abs_diff(a) {
                    0 | 1 => "1",
                    2 => "2",
                    3 => "3",
                    4..=6 => "4",
                    _ => "7",
                },
                _ => NONE,
            }
        };
        out.push(fh(28, dist(s0, b0), s0p, b0p));
        out.push(fh(29, dist(s1, s0), s1p, s0p));
        out.push(fh(30, dist(s0, b0), s0w, b0w));
        let val = |v: usize| -> &'static str { ["0", "1", "2", "3+"][v.min(3)] };
        if let Some(s) = s0 {
            out.push(fh(
                31,
                s0p,
                val(self.left[s].len()),
                val(self.right[s].len()),
            ));
            out.push(fh(
                32,
                s0w,
                val(self.left[s].len()),
                val(self.right[s].len()),
            ));
        }
        if let Some(b) = b0 {
            out.push(fh(33, b0p, val(self.left[b].len()), ""));
        }
        out.push(fh(34, p(lc(s0)), s0p, b0p));
        out.push(fh(35, p(rc(s0)), s0p, b0p));
        out.push(fh(36, p(lc(b0)), s0p, b0p));
        out.push(fh(37, p(rc(s1)), s1p, s0p));
        out.push(fh(38, p(lc(s1)), s1p, s0p));
        out.push(fh(39, w(lc(b0)), b0p, ""));
        out.push(fh(40, w(rc(s0)), s0p, ""));
        out.push(fh(
            41,
            x.lemma
                .get(s0.unwrap_or(usize::MAX))
                .copied()
                .unwrap_or(NONE),
            b0p,
            "",
        ));
        // The word before b0 (what separates it from the stack).
        let bprev = b0.and_then(|b| b.checked_sub(1)).filter(|&i| i > 0);
        out.push(fh(42, p(bprev), b0p, s0p));
        out.push(fh(43, w(b1), b0p, s0p));
    }
}

/// Features of the arc (h → d) for the labeller, from the finished tree.
fn label_features(x: &Sent, heads: &[usize], kids_of: &[Vec<usize>], d: usize, out: &mut Vec<u32>) {
    out.clear();
    let h = heads[d];
    let n = x.n();
    let dir = if h == 0 {
        "R"
    } else if h < d {
        "<"
    } else {
        ">"
    };
    let (dw, dp, hw, hp) = (x.lower[d].as_str(), x.pos[d], x.lower[h].as_str(), x.pos[h]);
    let dist = match d.abs_diff(h) {
        1 => "1",
        2 => "2",
        3..=5 => "3",
        _ => "6",
    };
    out.push(f1(0, ""));
    out.push(f1(1, dw));
    out.push(f1(2, dp));
    out.push(fh(3, dw, dp, ""));
    out.push(f1(4, hw));
    out.push(f1(5, hp));
    out.push(fh(6, dp, hp, dir));
    out.push(fh(7, dw, hp, dir));
    out.push(fh(8, dp, hw, dir));
    out.push(fh(9, dp, hp, dist));
    out.push(fh(10, x.lemma[d], dp, ""));
    out.push(fh(11, x.lemma[h], dp, dir));
    // The dependent's own dependents: a preposition marks an oblique or a
    // nominal modifier, "par" after a passive auxiliary marks the agent.
    let kids = &kids_of[d];
    let first = kids.first().copied();
    if let Some(k) = first {
        out.push(fh(12, x.pos[k], x.lower[k].as_str(), dp));
        out.push(fh(13, x.pos[k], dp, hp));
    } else {
        out.push(fh(14, dp, hp, ""));
    }
    for &k in kids.iter().take(4) {
        out.push(fh(15, x.pos[k], dp, dir));
        if matches!(x.pos[k], "ADP" | "SCONJ" | "AUX" | "PART") {
            out.push(fh(16, x.lemma[k], dp, dir));
        }
    }
    // The head's function words (passive auxiliaries, copulas).
    for &k in kids_of[h].iter().filter(|&&k| k != d) {
        if matches!(x.pos[k], "AUX" | "PRON" | "SCONJ") {
            out.push(fh(17, x.lemma[k], x.pos[k], dir));
            out.push(fh(18, x.lemma[k], dp, dir));
        }
    }
    let prev = if d > 1 { x.pos[d - 1] } else { "<s>" };
    let next = if d + 1 < n { x.pos[d + 1] } else { "</s>" };
    out.push(fh(19, prev, dp, next));
    out.push(fh(
        20,
        if h == 0 {
            "root"
        } else {
            x.pos[heads[h].min(n - 1)]
        },
        hp,
        dp,
    ));
    // Is there another dependent of the head between them on the same side?
    let between = (d.min(h) + 1..d.max(h)).any(|k| heads[k] == h);
    out.push(fh(21, dp, dir, if between { "b" } else { "-" }));
}

/// Each word's dependents, in order.
fn children(heads: &[usize]) -> Vec<Vec<usize>> {
    let mut kids = vec![Vec::new(); heads.len()];
    for (d, &h) in heads.iter().enumerate().skip(1) {
        if let Some(k) = kids.get_mut(h) {
            k.push(d);
        }
    }
    kids
}

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Probability of following the model's own (possibly wrong) transition
    /// after the first epoch, so that it learns to recover from errors.
    pub explore: f64,
    pub prune: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            seed: 7,
            explore: 0.9,
            prune: 0.0,
        }
    }
}

impl Parser {
    pub fn train(
        lang: &str,
        data: &[Gold],
        opts: &TrainOptions,
        mut progress: impl FnMut(usize, f64, f64),
    ) -> Parser {
        let mut labels: Vec<String> = Vec::new();
        for g in data {
            for r in &g.rels {
                if !labels.contains(r) {
                    labels.push(r.clone());
                }
            }
        }
        labels.sort();
        let label_of: rustc_hash::FxHashMap<&str, usize> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i))
            .collect();
        let mut act = Learner::new(3);
        let mut lab = Learner::new(labels.len().max(1));
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut seed = opts.seed.max(1);
        let mut feats = Vec::with_capacity(64);
        let mut scores = Vec::with_capacity(labels.len());
        let mut rng = opts.seed.max(1) ^ 0x9e37_79b9;
        let mut coin = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % 10_000) as f64 / 10_000.0
        };
        for epoch in 0..opts.epochs {
            shuffle(&mut order, &mut seed);
            let (mut right, mut total, mut lright, mut ltotal) = (0usize, 0usize, 0usize, 0usize);
            for &si in &order {
                let g = &data[si];
                let words = g.words();
                let x = Sent::new(&words);
                let mut gold = vec![0usize];
                gold.extend(g.heads.iter().map(|&h| h.min(words.len())));
                let mut st = State::new(x.n());
                while !st.done() {
                    let legal = st.legal();
                    st.features(&x, &mut feats);
                    act.scores(&feats, &mut scores);
                    let guess = argmax(&scores, Some(&legal));
                    let costs: Vec<usize> = (0..3)
                        .map(|t| {
                            if legal[t] {
                                st.cost(t, &gold)
                            } else {
                                usize::MAX
                            }
                        })
                        .collect();
                    let min = *costs.iter().min().unwrap_or(&0);
                    let best_ok = (0..3)
                        .filter(|&t| costs[t] == min)
                        .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
                        .unwrap_or(SHIFT);
                    if costs[guess] > min {
                        act.update(&feats, best_ok, guess);
                    } else {
                        right += 1;
                    }
                    total += 1;
                    act.tick();
                    let follow = if costs[guess] == min || (epoch > 0 && coin() < opts.explore) {
                        guess
                    } else {
                        best_ok
                    };
                    st.apply(follow);
                }
                // The labeller learns on the gold tree.
                let kids = children(&gold);
                for d in 1..x.n() {
                    label_features(&x, &gold, &kids, d, &mut feats);
                    lab.scores(&feats, &mut scores);
                    let guess = argmax(&scores, None);
                    let want = label_of.get(g.rels[d - 1].as_str()).copied().unwrap_or(0);
                    lab.update(&feats, want, guess);
                    lab.tick();
                    lright += usize::from(guess == want);
                    ltotal += 1;
                }
            }
            progress(
                epoch + 1,
                right as f64 / total.max(1) as f64,
                lright as f64 / ltotal.max(1) as f64,
            );
        }
        Parser {
            lang: lang.to_string(),
            labels,
            actions: act.finish(opts.prune),
            labeller: lab.finish(opts.prune),
        }
    }

    /// Parses one sentence: one arc per word.
    pub fn parse(&self, words: &[Word]) -> Vec<Arc> {
        if words.is_empty() {
            return Vec::new();
        }
        let x = Sent::new(words);
        let mut st = State::new(x.n());
        let mut feats = Vec::with_capacity(64);
        let mut scores = Vec::with_capacity(self.labels.len().max(3));
        while !st.done() {
            let legal = st.legal();
            st.features(&x, &mut feats);
            self.actions.scores(&feats, &mut scores);
            st.apply(argmax(&scores, Some(&legal)));
        }
        let heads: Vec<usize> = st.heads.iter().map(|h| h.unwrap_or(0)).collect();
        let kids = children(&heads);
        let allowed: Vec<bool> = self.labels.iter().map(|l| l != "root").collect();
        (1..x.n())
            .map(|d| {
                label_features(&x, &heads, &kids, d, &mut feats);
                self.labeller.scores(&feats, &mut scores);
                // The root word is "root"; nothing else is.
                let rel = if heads[d] == 0 {
                    "root".to_string()
                } else {
                    self.labels
                        .get(argmax(&scores, Some(&allowed)))
                        .cloned()
                        .unwrap_or_else(|| "dep".into())
                };
                Arc {
                    head: heads[d],
                    rel,
                }
            })
            .collect()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::new();
        header(&mut b, MAGIC, VERSION);
        put_str(&mut b, &self.lang);
        put_strs(&mut b, self.labels.iter());
        self.actions.write(&mut b);
        self.labeller.write(&mut b);
        b
    }

    pub fn from_bytes(b: &[u8]) -> Result<Parser, ModelError> {
        let mut r = Reader::header(b, MAGIC, VERSION)?;
        let lang = r.string()?;
        let labels = r.strings()?;
        let actions = Weights::read(&mut r, 3)?;
        let labeller = Weights::read(&mut r, labels.len().max(1))?;
        Ok(Parser {
            lang,
            labels,
            actions,
            labeller,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(words: &[(&str, &str, usize, &str)]) -> Gold {
        Gold {
            forms: words.iter().map(|w| w.0.to_string()).collect(),
            pos: words.iter().map(|w| w.1.to_string()).collect(),
            lemmas: words.iter().map(|w| w.0.to_lowercase()).collect(),
            heads: words.iter().map(|w| w.2).collect(),
            rels: words.iter().map(|w| w.3.to_string()).collect(),
        }
    }

    #[test]
    fn oracle_reaches_the_gold_tree_and_model_learns_it() {
        let s = gold(&[
            ("Poutine", "PROPN", 2, "nsubj"),
            ("rencontre", "VERB", 0, "root"),
            ("Xi", "PROPN", 2, "obj"),
            ("à", "ADP", 5, "case"),
            ("Pékin", "PROPN", 2, "obl"),
            (".", "PUNCT", 2, "punct"),
        ]);
        // Following zero-cost transitions rebuilds the gold tree.
        let mut g = vec![0];
        g.extend(s.heads.iter().copied());
        let mut st = State::new(7);
        while !st.done() {
            let legal = st.legal();
            let t = (0..3).find(|&t| legal[t] && st.cost(t, &g) == 0).unwrap();
            st.apply(t);
        }
        let heads: Vec<usize> = st.heads[1..].iter().map(|h| h.unwrap()).collect();
        assert_eq!(heads, s.heads);
        let p = Parser::train(
            "fr",
            &[s.clone(), s.clone()],
            &TrainOptions::default(),
            |_, _, _| {},
        );
        let p = Parser::from_bytes(&p.to_bytes()).unwrap();
        let arcs = p.parse(&s.words());
        let got: Vec<(usize, &str)> = arcs.iter().map(|a| (a.head, a.rel.as_str())).collect();
        assert_eq!(got[0], (2, "nsubj"));
        assert_eq!(got[4], (2, "obl"));
        assert_eq!(arcs.iter().filter(|a| a.head == 0).count(), 1);
        assert!(Parser::from_bytes(&p.to_bytes()[..30]).is_err());
    }
}
