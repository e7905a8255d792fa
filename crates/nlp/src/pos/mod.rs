//! Part-of-speech tags (UD UPOS) and lemmas.
//!
//! A greedy left-to-right averaged perceptron over surface tokens. A
//! contraction the treebank splits into several syntactic words ("du" =
//! de + le, "aux" = à + les) gets a composite tag ("ADP+DET") and is
//! expanded back into its words, as learned from the training data.

pub mod lemma;

use crate::binio::{header, put_str, put_strs, put_u32, ModelError, Reader};
use crate::ner::features::{normalize, word_key, Tok};
use crate::perceptron::{argmax, f1, fh, Learner, Weights};
pub use lemma::Lemmatizer;
use rustc_hash::FxHashMap;

const MAGIC: &[u8; 8] = b"VEILPOS\0";
const VERSION: u32 = 3;

/// One syntactic word with its analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordAnalysis {
    pub form: String,
    pub pos: String,
    pub lemma: String,
}

/// A surface token of the training data: its composite tag and its words
/// (form, UPOS, lemma).
#[derive(Debug, Clone)]
pub struct Unit {
    pub form: String,
    pub words: Vec<(String, String, String)>,
}

impl Unit {
    pub fn tag(&self) -> String {
        self.words
            .iter()
            .map(|w| w.1.as_str())
            .collect::<Vec<_>>()
            .join("+")
    }
}

pub struct Tagger {
    pub lang: String,
    pub tags: Vec<String>,
    weights: Weights,
    /// The stacked second pass, if trained with `stack`.
    second: Option<Weights>,
    lexicon: FxHashMap<u32, u16>,
    classes: Vec<String>,
    pub lemmatizer: Lemmatizer,
    /// "lower form\ttag" → the words of a contraction.
    expansions: FxHashMap<String, Vec<String>>,
    /// Frequent forms that training data always gave one tag ("the",
    /// ",", "of"): tagged without scoring.
    dict: FxHashMap<String, u16>,
}

struct Ctx<'a> {
    toks: Vec<Tok>,
    class: Vec<&'a str>,
    /// Tag-independent features of every position, flat, and where each
    /// position's start (one more than positions).
    fixed: Vec<u32>,
    offsets: Vec<usize>,
    /// The tag of each position the tag dictionary settles.
    known: Vec<Option<usize>>,
}

fn suffix(w: &str, k: usize) -> &str {
    match w.char_indices().rev().nth(k - 1) {
        Some((i, _)) => &w[i..],
        None => w,
    }
}

fn prefix(w: &str, k: usize) -> &str {
    match w.char_indices().nth(k) {
        Some((i, _)) => &w[..i],
        None => w,
    }
}

impl Ctx<'_> {
    fn new<'a>(
        forms: &[&str],
        lexicon: &FxHashMap<u32, u16>,
        classes: &'a [String],
        dict: Option<&FxHashMap<String, u16>>,
    ) -> Ctx<'a> {
        let toks: Vec<Tok> = forms.iter().map(|w| Tok::new(w)).collect();
        let known = forms
            .iter()
            .map(|f| dict.and_then(|d| d.get(*f)).map(|&t| t as usize))
            .collect();
        let class = toks
            .iter()
            .map(|t| match lexicon.get(&word_key(&t.lower)) {
                Some(&c) => classes.get(c as usize).map_or("", String::as_str),
                None => "",
            })
            .collect();
        let mut ctx = Ctx {
            toks,
            class,
            fixed: Vec::new(),
            offsets: vec![0],
            known,
        };
        let mut fixed = Vec::with_capacity(ctx.toks.len() * 26);
        for i in 0..ctx.toks.len() {
            if ctx.known[i].is_none() {
                ctx.fixed_features(i, &mut fixed);
            }
            ctx.offsets.push(fixed.len());
        }
        ctx.fixed = fixed;
        ctx
    }

    fn lower(&self, i: isize) -> &str {
        if i < 0 {
            "<s>"
        } else {
            self.toks
                .get(i as usize)
                .map_or("</s>", |t| t.lower.as_str())
        }
    }
    fn cls(&self, i: isize) -> &str {
        if i < 0 {
            "<s>"
        } else {
            self.class.get(i as usize).copied().unwrap_or("</s>")
        }
    }

    /// `first`: a first pass's tags for the whole sentence (stacked model),
    /// giving the right context the greedy history cannot.
    fn features(&self, i: usize, p1: &str, p2: &str, first: Option<&[&str]>, out: &mut Vec<u32>) {
        out.clear();
        if let Some(f) = first {
            let at = |k: usize| f.get(k).copied().unwrap_or("</s>");
            out.push(f1(40, at(i)));
            out.push(f1(41, at(i + 1)));
            out.push(fh(42, at(i + 1), at(i + 2), ""));
            out.push(fh(43, p1, at(i + 1), ""));
            out.push(fh(44, at(i), at(i + 1), ""));
            out.push(fh(45, &self.toks[i].lower, at(i + 1), ""));
        }
        let j = i as isize;
        let w = self.toks[i].lower.as_str();
        out.extend_from_slice(&self.fixed[self.offsets[i]..self.offsets[i + 1]]);
        out.push(f1(19, p1));
        out.push(fh(20, p1, p2, ""));
        out.push(fh(21, p1, w, ""));
        out.push(fh(22, p1, self.cls(j), ""));
        out.push(fh(23, p1, self.cls(j + 1), ""));
        out.push(fh(24, p1, suffix(w, 3.min(w.chars().count().max(1))), ""));
        out.push(fh(27, self.flags(i), p1, ""));
    }

    fn flags(&self, i: usize) -> &'static str {
        let t = &self.toks[i];
        if t.upper {
            "U"
        } else if t.title && i > 0 {
            "T"
        } else if t.title {
            "F"
        } else {
            "l"
        }
    }

    /// The features of position `i` that do not depend on the tags chosen
    /// (computed once per sentence, shared by both passes).
    fn fixed_features(&self, i: usize, out: &mut Vec<u32>) {
        let t = &self.toks[i];
        let w = t.lower.as_str();
        let j = i as isize;
        let chars = w.chars().count();
        out.push(f1(0, ""));
        out.push(f1(1, w));
        for (k, name) in [(1, "1"), (2, "2"), (3, "3"), (4, "4")] {
            if chars > k {
                out.push(fh(2, suffix(w, k), name, ""));
            }
        }
        out.push(f1(3, prefix(w, 1)));
        out.push(f1(4, prefix(w, 2)));
        out.push(f1(5, &t.shape));
        out.push(fh(
            6,
            if t.title { "T" } else { "t" },
            if t.upper { "U" } else { "u" },
            if i == 0 { "F" } else { "f" },
        ));
        out.push(f1(7, self.cls(j)));
        out.push(fh(8, self.cls(j), w, ""));
        out.push(f1(9, self.lower(j - 1)));
        out.push(f1(10, self.lower(j + 1)));
        out.push(f1(11, self.lower(j - 2)));
        out.push(f1(12, self.lower(j + 2)));
        out.push(f1(13, self.cls(j + 1)));
        out.push(f1(14, self.cls(j - 1)));
        out.push(fh(15, self.cls(j + 1), self.cls(j + 2), ""));
        let n = self.lower(j + 1);
        out.push(f1(16, suffix(n, 3.min(n.chars().count().max(1)))));
        let p = self.lower(j - 1);
        out.push(f1(17, suffix(p, 3.min(p.chars().count().max(1)))));
        out.push(fh(18, w, n, ""));
        let flags = self.flags(i);
        out.push(fh(25, self.cls(j), flags, ""));
        out.push(fh(26, flags, self.cls(j - 1), self.cls(j + 1)));
    }
}

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Models trained on this many shuffles are averaged.
    pub seeds: u64,
    /// Train a second pass that also sees the first pass's tags to the right.
    pub stack: bool,
    /// Features whose averaged weights all stay at or below this are dropped.
    pub prune: f32,
    /// Forms seen at least `dict_min` times with one tag in at least
    /// `dict_share` of them are tagged from a dictionary (0: no dictionary).
    pub dict_min: u32,
    pub dict_share: f64,
    /// Passive-aggressive updates with this aggressiveness (0: perceptron);
    /// see [`Learner::learn`].
    pub pa: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 8,
            seed: 7,
            seeds: 1,
            stack: false,
            prune: 0.0,
            dict_min: 0,
            dict_share: 0.995,
            pa: 0.0,
        }
    }
}

/// A small deterministic shuffler (xorshift).
pub fn shuffle<T>(v: &mut [T], seed: &mut u64) {
    for i in (1..v.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        v.swap(i, (*seed % (i as u64 + 1)) as usize);
    }
}

struct Fit<'a> {
    data: &'a [Vec<Unit>],
    part: &'a [usize],
    tags: &'a [String],
    tag_of: &'a FxHashMap<String, usize>,
    lex: &'a FxHashMap<u32, u16>,
    classes: &'a [String],
    first: Option<&'a [Vec<usize>]>,
}

fn fit_weights(
    f: &Fit,
    epochs: usize,
    seed: u64,
    pa: f32,
    progress: &mut dyn FnMut(usize, f64),
) -> Weights {
    let mut learner = Learner::new(f.tags.len());
    let mut order = f.part.to_vec();
    let mut seed = seed;
    let mut feats = Vec::new();
    let mut scores = Vec::new();
    for epoch in 0..epochs {
        shuffle(&mut order, &mut seed);
        let (mut right, mut total) = (0usize, 0usize);
        for &si in &order {
            let s = &f.data[si];
            let forms: Vec<&str> = s.iter().map(|u| u.form.as_str()).collect();
            let ctx = Ctx::new(&forms, f.lex, f.classes, None);
            let first: Option<Vec<&str>> = f
                .first
                .map(|ft| ft[si].iter().map(|&t| f.tags[t].as_str()).collect());
            let mut prev: Vec<usize> = Vec::with_capacity(s.len());
            for (i, u) in s.iter().enumerate() {
                let gold = f.tag_of[&u.tag()];
                let p1 = if i > 0 {
                    f.tags[prev[i - 1]].as_str()
                } else {
                    "<s>"
                };
                let p2 = if i > 1 {
                    f.tags[prev[i - 2]].as_str()
                } else {
                    "<s>"
                };
                ctx.features(i, p1, p2, first.as_deref(), &mut feats);
                learner.scores(&feats, &mut scores);
                let guess = learner.learn(&feats, &scores, gold, None, pa);
                learner.tick();
                right += usize::from(guess == gold);
                total += 1;
                prev.push(guess);
            }
        }
        progress(epoch + 1, right as f64 / total.max(1) as f64);
    }
    learner.finish(0.0)
}

/// Forms (exact case) seen at least `min` times whose most frequent tag has
/// at least `share` of their occurrences: that tag.
fn tag_dictionary(
    data: &[Vec<Unit>],
    tag_of: &FxHashMap<String, usize>,
    min: u32,
    share: f64,
) -> FxHashMap<String, u16> {
    if min == 0 {
        return FxHashMap::default();
    }
    let mut counts: FxHashMap<&str, FxHashMap<usize, u32>> = FxHashMap::default();
    for u in data.iter().flatten() {
        *counts
            .entry(u.form.as_str())
            .or_default()
            .entry(tag_of[&u.tag()])
            .or_default() += 1;
    }
    counts
        .into_iter()
        .filter_map(|(form, tags)| {
            let total: u32 = tags.values().sum();
            let (&t, &top) = tags
                .iter()
                .max_by_key(|(t, c)| (**c, std::cmp::Reverse(**t)))?;
            (total >= min && top as f64 >= share * total as f64)
                .then(|| (form.to_string(), t as u16))
        })
        .collect()
}

/// Greedy left-to-right decoding.
fn decode(w: &Weights, tags: &[String], ctx: &Ctx, first: Option<&[usize]>) -> Vec<usize> {
    let n = ctx.toks.len();
    let first: Option<Vec<&str>> = first.map(|f| f.iter().map(|&t| tags[t].as_str()).collect());
    let mut out: Vec<usize> = Vec::with_capacity(n);
    let mut feats = Vec::with_capacity(40);
    let mut scores = Vec::with_capacity(tags.len());
    for i in 0..n {
        if let Some(t) = ctx.known[i] {
            out.push(t);
            continue;
        }
        let p1 = if i > 0 {
            tags[out[i - 1]].as_str()
        } else {
            "<s>"
        };
        let p2 = if i > 1 {
            tags[out[i - 2]].as_str()
        } else {
            "<s>"
        };
        ctx.features(i, p1, p2, first.as_deref(), &mut feats);
        w.scores(&feats, &mut scores);
        out.push(argmax(&scores, None));
    }
    out
}

impl Tagger {
    /// The tags a known lower-case word can take in the lexicon ("ADJ|NOUN"),
    /// or None for a word it does not hold.
    pub fn word_class(&self, lower: &str) -> Option<&str> {
        let c = *self.lexicon.get(&word_key(&normalize(lower)))?;
        self.classes.get(c as usize).map(String::as_str)
    }

    /// Trains on sentences of surface units. `lexicon`: (word, class
    /// signature) pairs from a resource independent of the training data;
    /// `lemmas`: extra weighted (form, UPOS, lemma) observations (e.g. the Lefff).
    #[allow(clippy::too_many_arguments)]
    pub fn train<'a>(
        lang: &str,
        data: &'a [Vec<Unit>],
        lexicon: impl IntoIterator<Item = (&'a str, &'a str)>,
        lemmas: impl IntoIterator<Item = (&'a str, &'a str, &'a str, u32)>,
        opts: &TrainOptions,
        mut progress: impl FnMut(usize, f64),
    ) -> Tagger {
        let mut tags: Vec<String> = Vec::new();
        let mut tag_of: FxHashMap<String, usize> = FxHashMap::default();
        let mut exp_counts: FxHashMap<String, FxHashMap<Vec<String>, u32>> = FxHashMap::default();
        for s in data {
            for u in s {
                let t = u.tag();
                if !tag_of.contains_key(&t) {
                    tag_of.insert(t.clone(), tags.len());
                    tags.push(t.clone());
                }
                if u.words.len() > 1 {
                    let forms: Vec<String> = u.words.iter().map(|w| w.0.to_lowercase()).collect();
                    *exp_counts
                        .entry(format!("{}\t{t}", lemma::lower(&u.form)))
                        .or_default()
                        .entry(forms)
                        .or_default() += 1;
                }
            }
        }
        let expansions = exp_counts
            .into_iter()
            .filter_map(|(k, m)| Some((k, m.into_iter().max_by_key(|(_, c)| *c)?.0)))
            .collect();
        let mut classes: Vec<String> = Vec::new();
        let mut class_of: FxHashMap<String, u16> = FxHashMap::default();
        let mut lex = FxHashMap::default();
        for (w, c) in lexicon {
            let next = classes.len() as u16;
            let id = *class_of.entry(c.to_string()).or_insert_with(|| {
                classes.push(c.to_string());
                next
            });
            lex.insert(word_key(&normalize(w)), id);
        }
        let lemmatizer = Lemmatizer::learn(
            data.iter()
                .flatten()
                .flat_map(|u| u.words.iter())
                .map(|(f, p, l)| (f.as_str(), p.as_str(), l.as_str(), 20))
                .chain(lemmas),
        );
        let all: Vec<usize> = (0..data.len()).collect();
        let fit = |part: &[usize],
                   first: Option<&[Vec<usize>]>,
                   seeds: u64,
                   progress: &mut dyn FnMut(usize, f64)| {
            let finished: Vec<Weights> = (0..seeds.max(1))
                .map(|k| {
                    fit_weights(
                        &Fit {
                            data,
                            part,
                            tags: &tags,
                            tag_of: &tag_of,
                            lex: &lex,
                            classes: &classes,
                            first,
                        },
                        opts.epochs,
                        opts.seed.max(1).wrapping_mul(k * 7919 + 1),
                        opts.pa,
                        progress,
                    )
                })
                .collect();
            Weights::average(&finished).pruned(opts.prune)
        };
        let first_weights = fit(&all, None, opts.seeds, &mut progress);
        let second = if opts.stack {
            // First-pass tags for every sentence from a model that did not see it.
            const FOLDS: usize = 4;
            let mut first_tags: Vec<Vec<usize>> = vec![Vec::new(); data.len()];
            for f in 0..FOLDS {
                let part: Vec<usize> = all.iter().copied().filter(|i| i % FOLDS != f).collect();
                let w = fit(&part, None, 1, &mut |_, _| {});
                for i in all.iter().copied().filter(|i| i % FOLDS == f) {
                    let forms: Vec<&str> = data[i].iter().map(|u| u.form.as_str()).collect();
                    let ctx = Ctx::new(&forms, &lex, &classes, None);
                    first_tags[i] = decode(&w, &tags, &ctx, None);
                }
            }
            Some(fit(&all, Some(&first_tags), opts.seeds, &mut progress))
        } else {
            None
        };
        let dict = tag_dictionary(data, &tag_of, opts.dict_min, opts.dict_share);
        Tagger {
            lang: lang.to_string(),
            tags,
            weights: first_weights,
            second,
            lexicon: lex,
            classes,
            lemmatizer,
            expansions,
            dict,
        }
    }

    /// The tag index of every token.
    pub fn tag(&self, forms: &[&str]) -> Vec<usize> {
        let ctx = Ctx::new(forms, &self.lexicon, &self.classes, Some(&self.dict));
        let first = decode(&self.weights, &self.tags, &ctx, None);
        match &self.second {
            Some(w) => decode(w, &self.tags, &ctx, Some(&first)),
            None => first,
        }
    }

    /// Every token's syntactic words with POS and lemma.
    pub fn analyze(&self, forms: &[&str]) -> Vec<Vec<WordAnalysis>> {
        self.tag(forms)
            .into_iter()
            .zip(forms)
            .map(|(t, form)| self.expand(form, &self.tags[t]))
            .collect()
    }

    fn expand(&self, form: &str, tag: &str) -> Vec<WordAnalysis> {
        if !tag.contains('+') {
            return vec![WordAnalysis {
                form: form.to_string(),
                pos: tag.to_string(),
                lemma: self.lemmatizer.lemma(form, tag),
            }];
        }
        let parts: Vec<&str> = tag.split('+').collect();
        let forms = self
            .expansions
            .get(&format!("{}\t{tag}", lemma::lower(form)))
            .filter(|f| f.len() == parts.len());
        parts
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let f = forms.map_or(if k == 0 { form } else { "" }, |f| f[k].as_str());
                WordAnalysis {
                    form: f.to_string(),
                    pos: p.to_string(),
                    lemma: self.lemmatizer.lemma(f, p),
                }
            })
            .collect()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = Vec::new();
        header(&mut b, MAGIC, VERSION);
        put_str(&mut b, &self.lang);
        put_strs(&mut b, self.tags.iter());
        put_strs(&mut b, self.classes.iter());
        let mut lex: Vec<(u32, u16)> = self.lexicon.iter().map(|(k, v)| (*k, *v)).collect();
        lex.sort_unstable();
        put_u32(&mut b, lex.len() as u32);
        for (k, v) in lex {
            b.extend_from_slice(&k.to_le_bytes());
            b.extend_from_slice(&v.to_le_bytes());
        }
        let mut exp: Vec<(&String, &Vec<String>)> = self.expansions.iter().collect();
        exp.sort();
        put_u32(&mut b, exp.len() as u32);
        for (k, v) in exp {
            put_str(&mut b, k);
            put_strs(&mut b, v.iter());
        }
        self.lemmatizer.write(&mut b);
        self.weights.write(&mut b);
        put_u32(&mut b, u32::from(self.second.is_some()));
        if let Some(w) = &self.second {
            w.write(&mut b);
        }
        let mut dict: Vec<(&String, &u16)> = self.dict.iter().collect();
        dict.sort();
        put_u32(&mut b, dict.len() as u32);
        for (form, t) in dict {
            put_str(&mut b, form);
            b.extend_from_slice(&t.to_le_bytes());
        }
        b
    }

    pub fn from_bytes(b: &[u8]) -> Result<Tagger, ModelError> {
        let mut r = Reader::header(b, MAGIC, VERSION)?;
        let lang = r.string()?;
        let tags = r.strings()?;
        let classes = r.strings()?;
        let n = r.count(6)?;
        let lexicon = r
            .take(n * 6)?
            .chunks_exact(6)
            .map(|c| {
                (
                    u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                    u16::from_le_bytes([c[4], c[5]]),
                )
            })
            .collect();
        let n = r.count(8)?;
        let mut expansions = FxHashMap::default();
        for _ in 0..n {
            let k = r.string()?;
            expansions.insert(k, r.strings()?);
        }
        let lemmatizer = Lemmatizer::read(&mut r)?;
        let weights = Weights::read(&mut r, tags.len())?;
        // The stacked pass scores the same tags.
        let second = match r.u32()? {
            0 => None,
            _ => Some(Weights::read(&mut r, tags.len())?),
        };
        let n = r.count(6)?;
        let mut dict = FxHashMap::default();
        for _ in 0..n {
            let form = r.string()?;
            let at = r.pos;
            let t = r.take(2)?;
            let t = u16::from_le_bytes([t[0], t[1]]);
            if t as usize >= tags.len() {
                return Err(ModelError::Truncated(at));
            }
            dict.insert(form, t);
        }
        Ok(Tagger {
            lang,
            tags,
            weights,
            second,
            lexicon,
            classes,
            lemmatizer,
            expansions,
            dict,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(form: &str, words: &[(&str, &str, &str)]) -> Unit {
        Unit {
            form: form.into(),
            words: words
                .iter()
                .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
                .collect(),
        }
    }

    #[test]
    fn learns_tags_contractions_and_roundtrips() {
        let s1 = vec![
            unit("Il", &[("Il", "PRON", "il")]),
            unit("parle", &[("parle", "VERB", "parler")]),
            unit("du", &[("de", "ADP", "de"), ("le", "DET", "le")]),
            unit("pays", &[("pays", "NOUN", "pays")]),
            unit(".", &[(".", "PUNCT", ".")]),
        ];
        let s2 = vec![
            unit("Elle", &[("Elle", "PRON", "il")]),
            unit("chante", &[("chante", "VERB", "chanter")]),
            unit(".", &[(".", "PUNCT", ".")]),
        ];
        let data = vec![s1, s2];
        let t = Tagger::train("fr", &data, [], [], &TrainOptions::default(), |_, _| {});
        let t = Tagger::from_bytes(&t.to_bytes()).unwrap();
        let a = t.analyze(&["Il", "parle", "du", "pays", "."]);
        assert_eq!(a[1][0].pos, "VERB");
        assert_eq!(a[1][0].lemma, "parler");
        assert_eq!(a[2].len(), 2);
        assert_eq!((a[2][0].form.as_str(), a[2][1].form.as_str()), ("de", "le"));
        assert_eq!(a[2][1].pos, "DET");
        assert!(Tagger::from_bytes(&t.to_bytes()[..40]).is_err());
    }

    #[test]
    fn the_tag_dictionary_holds_frequent_unambiguous_forms_only() {
        // "." is always PUNCT; "que" is SCONJ 3 times and PRON once.
        let s = |w: &str, t: &str| vec![unit(w, &[(w, t, w)]), unit(".", &[(".", "PUNCT", ".")])];
        let mut data = vec![
            s("que", "SCONJ"),
            s("que", "SCONJ"),
            s("que", "SCONJ"),
            s("que", "PRON"),
        ];
        data.push(s("Paris", "PROPN"));
        let opts = TrainOptions {
            dict_min: 3,
            dict_share: 0.99,
            ..Default::default()
        };
        let t = Tagger::train("fr", &data, [], [], &opts, |_, _| {});
        let t = Tagger::from_bytes(&t.to_bytes()).unwrap();
        let dict: Vec<(&str, &str)> = t
            .dict
            .iter()
            .map(|(f, &k)| (f.as_str(), t.tags[k as usize].as_str()))
            .collect();
        assert_eq!(
            dict,
            vec![(".", "PUNCT")],
            "too rare or ambiguous forms stay out"
        );
        // A settled form keeps its tag whatever its context.
        let a = t.analyze(&["que", ".", "."]);
        assert!(a[1..].iter().all(|w| w[0].pos == "PUNCT"));
        let none = Tagger::train("fr", &data, [], [], &TrainOptions::default(), |_, _| {});
        assert!(none.dict.is_empty(), "no dictionary unless asked");
    }
}
