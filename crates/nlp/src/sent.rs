//! Learned sentence boundaries: an averaged perceptron decides, after each
//! token, whether a sentence ends there. The rule-based splitter of
//! `veille_text` is one of its features (the model learns when to overrule
//! it: a missing final period before "The", a closing » that belongs to the
//! next sentence, "etc." before a capital). Line breaks stay with the
//! rules: a blank line always ends a sentence and a single line break is
//! decided by the rules, since treebank text has none.

use crate::binio::{header, put_str, put_u32, ModelError, Reader};
use crate::perceptron::{argmax, f1, fparts as fh, Learner, Weights};
use veille_core::{Span, Token, TokenKind};
use veille_text::{split_sentences, Lang};

const MAGIC: &[u8; 8] = b"VEILSEN\0";
const VERSION: u32 = 1;

/// A trained sentence-boundary model for one language.
#[derive(Debug, Clone)]
pub struct Splitter {
    pub lang: String,
    /// Sentences may end only after punctuation or where the rules end
    /// them (never between two words).
    pub punct_only: bool,
    weights: Weights,
}

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    /// See [`Splitter::punct_only`].
    pub punct_only: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 6,
            punct_only: false,
        }
    }
}

/// One training text and the byte ranges of its gold sentences.
pub struct GoldText<'a> {
    pub text: &'a str,
    pub sentences: &'a [(usize, usize)],
}

fn shape(t: &str) -> &'static str {
    let mut chars = t.chars();
    let Some(c) = chars.next() else {
        return "empty";
    };
    if c.is_uppercase() {
        if t.chars().all(|c| !c.is_lowercase()) && t.chars().count() > 1 {
            "XX"
        } else {
            "Xx"
        }
    } else if c.is_lowercase() {
        "x"
    } else if c.is_ascii_digit() {
        "d"
    } else if c.is_alphabetic() {
        "a"
    } else {
        "p"
    }
}

fn lower_form(t: &str) -> String {
    if t.len() > 24 {
        return format!("#long:{}", shape(t));
    }
    t.to_lowercase()
}

fn gap_kind(gap: &str) -> &'static str {
    match gap.matches('\n').count() {
        0 if gap.is_empty() => "glued",
        0 => "space",
        1 => "nl",
        _ => "blank",
    }
}

fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=6 => "4-6",
        7..=10 => "7-10",
        11..=20 => "11-20",
        21..=40 => "21-40",
        _ => "41+",
    }
}

/// Context for the decision after token `i`.
struct Ctx<'a> {
    text: &'a str,
    tokens: &'a [Token],
    rule: &'a [bool],
    /// Every token's lower-cased form, computed once.
    forms: Vec<String>,
}

impl Ctx<'_> {
    fn form(&self, i: isize) -> &str {
        if i < 0 {
            return "<s>";
        }
        self.forms.get(i as usize).map_or("</s>", String::as_str)
    }

    fn shape(&self, i: isize) -> &'static str {
        if i < 0 {
            return "<s>";
        }
        match self.tokens.get(i as usize) {
            Some(t) => shape(t.span.slice(self.text)),
            None => "</s>",
        }
    }

    fn features(&self, i: usize, since: usize, quote_open: bool, out: &mut Vec<u32>) {
        out.clear();
        let ii = i as isize;
        let rule = if self.rule[i] { "R" } else { "-" };
        let gap = match self.tokens.get(i + 1) {
            Some(n) => gap_kind(&self.text[self.tokens[i].span.end..n.span.start]),
            None => "end",
        };
        let (w0, w1, wm1, w2) = (
            self.form(ii),
            self.form(ii + 1),
            self.form(ii - 1),
            self.form(ii + 2),
        );
        let (s0, s1, sm1, s2) = (
            self.shape(ii),
            self.shape(ii + 1),
            self.shape(ii - 1),
            self.shape(ii + 2),
        );
        let kind = match self.tokens[i].kind {
            TokenKind::Word => "w",
            TokenKind::Number => "n",
            TokenKind::Punct => "p",
            _ => "o",
        };
        let q = if quote_open { "q" } else { "-" };
        let b = bucket(since);
        out.push(f1(0, "bias"));
        out.push(f1(1, rule));
        out.push(fh(2, &[rule, gap]));
        out.push(fh(3, &[rule, w0]));
        out.push(fh(4, &[rule, w1]));
        out.push(f1(5, w0));
        out.push(f1(6, w1));
        out.push(fh(7, &[w0, w1]));
        out.push(fh(8, &[wm1, w0]));
        out.push(fh(9, &[w0, s1]));
        out.push(fh(10, &[s0, w1]));
        out.push(fh(11, &[s0, s1, gap]));
        out.push(fh(12, &[sm1, s0, s1, rule]));
        out.push(fh(13, &[w0, s1, s2]));
        out.push(fh(14, &[rule, s1, b]));
        out.push(fh(15, &[kind, s1, b]));
        out.push(fh(16, &[q, w0, s1]));
        out.push(fh(17, &[w1, w2]));
        out.push(fh(18, &[rule, gap, s1, kind]));
        out.push(f1(19, wm1));
    }
}

/// Runs the model left to right; `gold` (training) supplies the history.
fn decide(
    text: &str,
    tokens: &[Token],
    rule: &[bool],
    punct_only: bool,
    mut step: impl FnMut(usize, &[u32]) -> bool,
) -> Vec<bool> {
    let forms = tokens
        .iter()
        .map(|t| lower_form(t.span.slice(text)))
        .collect();
    let ctx = Ctx {
        text,
        tokens,
        rule,
        forms,
    };
    let mut ends = vec![false; tokens.len()];
    let mut feats = Vec::with_capacity(24);
    let mut since = 0;
    let mut quotes = 0usize;
    for i in 0..tokens.len() {
        let t = tokens[i].span.slice(text);
        if t == "\"" {
            quotes += 1;
        }
        let end = match tokens.get(i + 1) {
            None => true,
            Some(n) => {
                let gap = &text[tokens[i].span.end..n.span.start];
                if gap.contains('\n') {
                    rule[i]
                } else if punct_only && !rule[i] && tokens[i].kind != TokenKind::Punct {
                    false
                } else {
                    ctx.features(i, since, quotes % 2 == 1, &mut feats);
                    step(i, &feats)
                }
            }
        };
        ends[i] = end;
        if end {
            since = 0;
            quotes = 0;
        } else {
            since += 1;
        }
    }
    ends
}

fn rule_ends(text: &str, tokens: &[Token], lang: Lang) -> Vec<bool> {
    let mut ends = vec![false; tokens.len()];
    let sents = split_sentences(text, tokens, lang);
    let mut k = 0;
    for s in sents {
        while k < tokens.len() && tokens[k].span.end < s.end {
            k += 1;
        }
        if k < tokens.len() && tokens[k].span.end == s.end {
            ends[k] = true;
        }
    }
    ends
}

fn spans(tokens: &[Token], ends: &[bool]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &e) in ends.iter().enumerate() {
        if e {
            out.push(Span::new(tokens[start].span.start, tokens[i].span.end));
            start = i + 1;
        }
    }
    out
}

impl Splitter {
    /// Sentence spans of `text` given its tokens (each from its first
    /// token's start to its last token's end).
    pub fn split(&self, text: &str, tokens: &[Token], lang: Lang) -> Vec<Span> {
        if tokens.is_empty() {
            return Vec::new();
        }
        let rule = rule_ends(text, tokens, lang);
        let mut scores = Vec::with_capacity(2);
        let ends = decide(text, tokens, &rule, self.punct_only, |_, feats| {
            self.weights.scores(feats, &mut scores);
            argmax(&scores, None) == 1
        });
        spans(tokens, &ends)
    }

    /// Trains on texts with gold sentences; `report(epoch, accuracy)` after
    /// each epoch (decisions off line breaks only).
    pub fn train(
        lang: &str,
        data: &[GoldText],
        opts: &TrainOptions,
        mut report: impl FnMut(usize, f64),
    ) -> Splitter {
        let l = Lang::from_code(lang);
        let prepared: Vec<(Vec<Token>, Vec<bool>, Vec<bool>)> = data
            .iter()
            .map(|g| {
                let tokens = veille_text::tokenize(g.text, l);
                let rule = rule_ends(g.text, &tokens, l);
                let gold_ends: rustc_hash::FxHashSet<usize> =
                    g.sentences.iter().map(|s| s.1).collect();
                let gold: Vec<bool> = tokens
                    .iter()
                    .map(|t| gold_ends.contains(&t.span.end))
                    .collect();
                (tokens, rule, gold)
            })
            .collect();
        let mut learner = Learner::new(2);
        let mut scores = Vec::with_capacity(2);
        for epoch in 1..=opts.epochs {
            let (mut right, mut seen) = (0usize, 0usize);
            for (g, (tokens, rule, gold)) in data.iter().zip(&prepared) {
                decide(g.text, tokens, rule, opts.punct_only, |i, feats| {
                    learner.scores(feats, &mut scores);
                    let guess = argmax(&scores, None);
                    let truth = gold[i] as usize;
                    learner.update(feats, truth, guess);
                    learner.tick();
                    seen += 1;
                    right += (guess == truth) as usize;
                    gold[i]
                });
            }
            report(epoch, right as f64 / seen.max(1) as f64);
        }
        Splitter {
            lang: lang.to_string(),
            punct_only: opts.punct_only,
            weights: learner.finish(0.0),
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::new();
        header(&mut b, MAGIC, VERSION);
        put_str(&mut b, &self.lang);
        put_u32(&mut b, self.punct_only as u32);
        self.weights.write(&mut b);
        b
    }

    pub fn from_bytes(b: &[u8]) -> Result<Splitter, ModelError> {
        let mut r = Reader::header(b, MAGIC, VERSION)?;
        let lang = r.string()?;
        let punct_only = r.u32()? == 1;
        let weights = Weights::read(&mut r, 2)?;
        Ok(Splitter {
            lang,
            punct_only,
            weights,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Splitter {
        // Sentences without final punctuation, each opened by "The".
        let mut text = String::new();
        let mut sents = Vec::new();
        for k in 0..40 {
            let s = if k % 2 == 0 {
                format!("The cat number {k} sleeps")
            } else {
                format!("The dog {k} barks. It runs")
            };
            if !text.is_empty() {
                text.push(' ');
            }
            let a = text.len();
            text.push_str(&s);
            if k % 2 == 1 {
                // "barks." ends a sentence of its own.
                let dot = a + s.find('.').unwrap() + 1;
                sents.push((a, dot));
                sents.push((dot + 1, text.len()));
            } else {
                sents.push((a, text.len()));
            }
        }
        let gold = [GoldText {
            text: &text,
            sentences: &sents,
        }];
        Splitter::train(
            "en",
            &gold,
            &TrainOptions {
                epochs: 4,
                punct_only: false,
            },
            |_, _| {},
        )
    }

    #[test]
    fn learns_boundaries_without_punctuation_and_round_trips() {
        let m = toy();
        let text = "The cat sleeps The dog 3 barks. It runs";
        let toks = veille_text::tokenize(text, Lang::En);
        let got: Vec<&str> = m
            .split(text, &toks, Lang::En)
            .iter()
            .map(|s| s.slice(text))
            .collect();
        assert_eq!(got, ["The cat sleeps", "The dog 3 barks.", "It runs"]);
        let back = Splitter::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(
            back.split(text, &toks, Lang::En),
            m.split(text, &toks, Lang::En)
        );
        assert!(Splitter::from_bytes(b"VEILSEN\0\x09\0\0\0").is_err());
    }

    #[test]
    fn blank_lines_always_split_and_spans_cover_all_tokens() {
        let m = toy();
        let text = "the cat\n\nthe dog sleeps";
        let toks = veille_text::tokenize(text, Lang::En);
        let s = m.split(text, &toks, Lang::En);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].start, 0);
        assert_eq!(s.last().unwrap().end, text.len());
        assert!(m.split("", &[], Lang::En).is_empty());
    }
}
