//! Feature extraction for the sequence labeller.
//!
//! A feature is a template id and a string, hashed to 32 bits (FxHash). The
//! per-token parts that do not depend on previous decisions are computed once
//! per sentence ([`Context`]); the history features (previous labels) are
//! added during decoding.

use rustc_hash::FxHasher;
use std::hash::Hasher;

/// One token's precomputed views.
#[derive(Debug, Clone)]
pub struct Tok {
    pub word: String,
    pub lower: String,
    pub shape: String,
    pub title: bool,
    pub upper: bool,
}

fn shape(w: &str) -> String {
    let mut out = String::with_capacity(6);
    let mut last = '\0';
    let mut run = 0;
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if matches!(c, '\'' | '’') {
            '\''
        } else {
            c
        };
        if k == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        last = k;
        out.push(k);
        if out.len() > 8 {
            break;
        }
    }
    out
}

/// Folds typographic variants that should not split statistics.
pub fn normalize(w: &str) -> String {
    let mut s = String::with_capacity(w.len());
    for c in w.chars() {
        match c {
            '’' | 'ʼ' | '‘' => s.push('\''),
            '“' | '”' | '«' | '»' | '„' => s.push('"'),
            '–' | '—' => s.push('-'),
            c if c.is_ascii_digit() => s.push('0'),
            c => s.extend(c.to_lowercase()),
        }
    }
    s
}

impl Tok {
    pub fn new(word: &str) -> Tok {
        let lower = normalize(word);
        let mut chars = word.chars();
        let first_upper = chars.next().is_some_and(|c| c.is_uppercase());
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        let upper = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
        Tok {
            shape: shape(word),
            title: first_upper && !upper,
            upper,
            word: word.to_string(),
            lower,
        }
    }
}

/// Hashes a template id with up to three string parts.
#[inline]
pub fn fh(template: u8, a: &str, b: &str, c: &str) -> u32 {
    let mut h = FxHasher::default();
    h.write_u8(template);
    h.write(a.as_bytes());
    h.write_u8(0xff);
    h.write(b.as_bytes());
    h.write_u8(0xfe);
    h.write(c.as_bytes());
    let v = h.finish();
    (v ^ (v >> 32)) as u32
}

/// Hashes a template id with two numbers (cluster features).
#[inline]
pub fn fhn(template: u8, a: u32, b: u32) -> u32 {
    let mut h = FxHasher::default();
    h.write_u8(template);
    h.write_u32(a);
    h.write_u32(b);
    let v = h.finish();
    (v ^ (v >> 32)) as u32
}

const BOS: &str = "<s>";
/// Title-case, all-caps and sentence-initial bits as feature strings.
const FLAGS: [&str; 8] = ["000", "001", "010", "011", "100", "101", "110", "111"];
const EOS: &str = "</s>";

/// The key under which a lower-cased word is stored in the word-class lexicon.
pub fn word_key(lower: &str) -> u32 {
    fh(99, lower, "", "")
}

/// Lexical knowledge the features consult.
pub trait Lexicon {
    /// The lexicon's class signature of a lower-cased word, given by its
    /// [`word_key`] ("nc|v", "np"; "" when unknown).
    fn class(&self, key: u32) -> &str;
    /// Gazetteer class of the token sequence starting at `i` ("" if none);
    /// returns (class, length in tokens).
    fn gazetteer(&self, _toks: &[Tok], _i: usize) -> Option<(&str, usize)> {
        None
    }
    /// How many cluster granularities there are (0: no cluster features).
    fn cluster_levels(&self) -> usize {
        0
    }
    /// A lower-cased word's cluster ids, given by its [`word_key`] (packed
    /// 16 bits per granularity, see [`crate::clusters::Clusters`]).
    fn clusters(&self, _key: u32) -> Option<u64> {
        None
    }
    /// A word the model tags outside any entity without scoring it (its
    /// features are not computed).
    fn settled(&self, _word: &str) -> bool {
        false
    }
}

/// The static features of every token in a sentence; none (an empty list)
/// for a word the lexicon settles, which the tagger then labels O.
pub fn static_features(toks: &[Tok], lex: &dyn Lexicon) -> Vec<Vec<u32>> {
    let n = toks.len();
    let get = |i: isize| -> Option<&Tok> {
        if i < 0 || i as usize >= n {
            None
        } else {
            Some(&toks[i as usize])
        }
    };
    let lw = |i: isize| get(i).map_or(if i < 0 { BOS } else { EOS }, |t| t.lower.as_str());
    let sh = |i: isize| get(i).map_or(if i < 0 { BOS } else { EOS }, |t| t.shape.as_str());
    let gaz = phrase_marks(n, |i| lex.gazetteer(toks, i));
    let keys: Vec<u32> = toks.iter().map(|t| word_key(&t.lower)).collect();
    let classes: Vec<&str> = keys.iter().map(|&k| lex.class(k)).collect();
    let levels = lex.cluster_levels();
    let clusters: Vec<Option<u64>> = if levels > 0 {
        keys.iter().map(|&k| lex.clusters(k)).collect()
    } else {
        vec![None; n]
    };
    let clustered = clusters.iter().any(Option::is_some);
    // A neighbour's class at the middle granularity (0 past the edges or
    // for unclustered words; ids are stored + 1).
    let mid = |i: isize| -> u32 {
        if i < 0 || i as usize >= n {
            return 0;
        }
        clusters[i as usize].map_or(0, |p| {
            crate::clusters::Clusters::level(p, levels / 2) as u32 + 1
        })
    };
    let run = capital_runs(toks);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let t = &toks[i];
        if lex.settled(&t.word) {
            out.push(Vec::new());
            continue;
        }
        let ii = i as isize;
        let mut f = Vec::with_capacity(40);
        f.push(fh(0, "", "", ""));
        f.push(fh(1, &t.word, "", ""));
        f.push(fh(2, &t.lower, "", ""));
        // Prefixes and suffixes of 1 to 4 characters, sliced in place.
        let lower = t.lower.as_str();
        let n_chars = lower.chars().count();
        for (end, c) in lower.char_indices().take(4) {
            f.push(fh(3, &lower[..end + c.len_utf8()], "", ""));
        }
        for (start, _) in lower.char_indices().rev().take(4.min(n_chars)) {
            f.push(fh(4, &lower[start..], "", ""));
        }
        f.push(fh(5, &t.shape, "", ""));
        let class = classes[i];
        let flags = FLAGS[(t.title as usize) << 2 | (t.upper as usize) << 1 | (i == 0) as usize];
        f.push(fh(24, class, flags, ""));
        // Sentence edges have no class ("", as for unknown words).
        f.push(fh(25, class, if i > 0 { classes[i - 1] } else { "" }, ""));
        f.push(fh(
            26,
            class,
            classes.get(i + 1).copied().unwrap_or(""),
            flags,
        ));
        f.push(fh(6, flags, "", ""));
        f.push(fh(7, lw(ii - 1), "", ""));
        f.push(fh(8, lw(ii + 1), "", ""));
        f.push(fh(9, lw(ii - 2), "", ""));
        f.push(fh(10, lw(ii + 2), "", ""));
        f.push(fh(11, sh(ii - 1), "", ""));
        f.push(fh(12, sh(ii + 1), "", ""));
        f.push(fh(13, lw(ii - 1), &t.lower, ""));
        f.push(fh(14, &t.lower, lw(ii + 1), ""));
        f.push(fh(15, sh(ii - 1), &t.shape, sh(ii + 1)));
        f.push(fh(16, flags, lw(ii - 1), ""));
        // Cased neighbours: "M." before, "a" after.
        f.push(fh(17, get(ii - 1).map_or(BOS, |t| t.word.as_str()), "", ""));
        f.push(fh(18, get(ii + 1).map_or(EOS, |t| t.word.as_str()), "", ""));
        if let Some(next) = get(ii + 1) {
            if let Some((start, _)) = next
                .lower
                .char_indices()
                .rev()
                .nth(2)
                .filter(|(s, _)| *s > 0)
            {
                f.push(fh(19, &next.lower[start..], "", ""));
            }
        }
        if let Some(p) = clusters[i] {
            for l in 0..levels {
                let c = crate::clusters::Clusters::level(p, l) as u32;
                f.push(fhn(60 + l as u8, c, 0));
            }
            f.push(fhn(65, mid(ii), (t.title as u32) << 1 | t.upper as u32));
        }
        if clustered {
            f.push(fhn(66, mid(ii - 1), 0));
            f.push(fhn(67, mid(ii + 1), 0));
            f.push(fhn(68, mid(ii - 1), mid(ii)));
            f.push(fhn(69, mid(ii), mid(ii + 1)));
        }
        // Place in a run of capitalised words, and the run's first and
        // last words ("Sénat" for "Burundi" in "Sénat du Burundi").
        if let Some((a, b)) = run[i] {
            let len = b - a;
            let pos = if len == 1 {
                "U"
            } else if i == a {
                "B"
            } else if i + 1 == b {
                "L"
            } else {
                "I"
            };
            let bucket = ["0", "1", "2", "3", "4"][len.min(4)];
            f.push(fh(90, pos, bucket, ""));
            if i > a {
                f.push(fh(91, &toks[a].lower, "", ""));
            }
            if i + 1 < b {
                f.push(fh(92, &toks[b - 1].lower, "", ""));
            }
        }
        phrase_features(20, &gaz, toks, i, &mut f);
        out.push(f);
    }
    out
}

/// Lower-case words that join the capitalised words of one name ("Mission
/// de l'Union", "Bank of America").
pub(crate) fn joins_names(lower: &str) -> bool {
    matches!(
        lower,
        "de" | "du" | "des" | "d'" | "l'" | "la" | "le" | "les" | "et" | "of" | "the" | "for"
    )
}

/// For every token in a run of capitalised words (joiners allowed between
/// two of them: "Sénat du Burundi"), the run's token range.
fn capital_runs(toks: &[Tok]) -> Vec<Option<(usize, usize)>> {
    let n = toks.len();
    let cap = |k: usize| toks[k].title || toks[k].upper;
    let mut run = vec![None; n];
    let mut i = 0;
    while i < n {
        if !cap(i) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        loop {
            let mut k = end;
            while k < n && joins_names(&toks[k].lower) {
                k += 1;
            }
            if k < n && cap(k) {
                end = k + 1;
            } else {
                break;
            }
        }
        for r in run.iter_mut().take(end).skip(i) {
            *r = Some((i, end));
        }
        i = end;
    }
    run
}

/// The longest phrase of `map` (normalised tokens joined by spaces) that
/// starts at token `i`, when that token is capitalised: its class and length.
pub fn longest_phrase<'m>(
    map: &'m rustc_hash::FxHashMap<String, String>,
    toks: &[Tok],
    i: usize,
    max_tokens: usize,
) -> Option<(&'m str, usize)> {
    if map.is_empty() || !(toks[i].title || toks[i].upper) {
        return None;
    }
    let mut key = String::new();
    let mut best = None;
    for len in 1..=max_tokens.min(toks.len() - i) {
        if len > 1 {
            key.push(' ');
        }
        key.push_str(&toks[i + len - 1].lower);
        if let Some(c) = map.get(&key) {
            best = Some((c.as_str(), len));
        }
    }
    best
}

/// Per token: the class of the phrase covering it and whether it begins
/// there, for phrases found left to right by `lookup`.
fn phrase_marks<'a>(
    n: usize,
    lookup: impl Fn(usize) -> Option<(&'a str, usize)>,
) -> Vec<Option<(&'a str, bool)>> {
    let mut marks = vec![None; n];
    let mut i = 0;
    while i < n {
        if let Some((class, len)) = lookup(i) {
            for (k, m) in marks.iter_mut().skip(i).take(len).enumerate() {
                *m = Some((class, k == 0));
            }
            i += len.max(1);
        } else {
            i += 1;
        }
    }
    marks
}

/// Features of phrase matches around token `i` (templates `t` to `t + 3`).
fn phrase_features(
    t: u8,
    marks: &[Option<(&str, bool)>],
    toks: &[Tok],
    i: usize,
    f: &mut Vec<u32>,
) {
    if let Some((class, begin)) = marks[i] {
        f.push(fh(t, class, if begin { "B" } else { "I" }, ""));
        f.push(fh(t + 1, class, &toks[i].shape, ""));
    }
    if let Some(Some((class, _))) = marks.get(i + 1) {
        f.push(fh(t + 2, class, "", ""));
    }
    if i > 0 {
        if let Some((class, _)) = marks[i - 1] {
            f.push(fh(t + 3, class, "", ""));
        }
    }
}

/// Each token's entity type in a tagged sentence (PER, LOC, ORG, OTHER or
/// "-"), and the entity spans.
fn coarse_types(n: usize, tags: &[String]) -> (Vec<&'static str>, Vec<(usize, usize, String)>) {
    let spans = super::bio_spans(&tags.iter().map(String::as_str).collect::<Vec<_>>());
    let mut at = vec!["-"; n];
    for (a, b, ty) in &spans {
        let ty = match ty.as_str() {
            "PER" => "PER",
            "LOC" => "LOC",
            "ORG" => "ORG",
            _ => "OTHER",
        };
        for t in at.iter_mut().take(*b).skip(*a) {
            *t = ty;
        }
    }
    (at, spans)
}

/// Document-level features for the stacked tagger, from a first pass's tags
/// over every sentence of a document: how the same word is tagged elsewhere
/// in the document (majority type, or "untagged"), whether it ends a
/// multi-word person name elsewhere (a surname), and its own first-pass tag.
pub fn doc_features(sents: &[Vec<Tok>], first: &[Vec<String>]) -> Vec<Vec<Vec<u32>>> {
    use std::collections::HashMap;
    // word → (type → count), over all occurrences.
    let mut seen: HashMap<&str, HashMap<&str, u32>> = HashMap::new();
    let mut surnames: HashMap<&str, u32> = HashMap::new();
    for (toks, tags) in sents.iter().zip(first) {
        let (ty_at, spans) = coarse_types(toks.len(), tags);
        for (a, b, ty) in &spans {
            if ty == "PER" && b - a >= 2 {
                *surnames.entry(toks[b - 1].lower.as_str()).or_default() += 1;
            }
        }
        for (t, ty) in toks.iter().zip(ty_at) {
            if t.title || t.upper {
                *seen
                    .entry(t.lower.as_str())
                    .or_default()
                    .entry(ty)
                    .or_default() += 1;
            }
        }
    }
    let mut out = Vec::with_capacity(sents.len());
    for (toks, tags) in sents.iter().zip(first) {
        let (own, _) = coarse_types(toks.len(), tags);
        let mut feats = Vec::with_capacity(toks.len());
        for (i, t) in toks.iter().enumerate() {
            let mut f = Vec::with_capacity(4);
            f.push(fh(40, &tags[i], "", ""));
            if t.title || t.upper {
                if let Some(counts) = seen.get(t.lower.as_str()) {
                    // Other occurrences: remove this one.
                    let mut best = ("", 0u32);
                    let mut others = 0;
                    for (ty, n) in counts {
                        let n = if *ty == own[i] {
                            n.saturating_sub(1)
                        } else {
                            *n
                        };
                        others += n;
                        if n > best.1 || (n == best.1 && *ty < best.0) {
                            best = (ty, n);
                        }
                    }
                    if others > 0 {
                        let bucket = if others >= 3 {
                            "3+"
                        } else if others == 2 {
                            "2"
                        } else {
                            "1"
                        };
                        f.push(fh(41, best.0, "", ""));
                        f.push(fh(42, best.0, bucket, &tags[i]));
                    }
                }
                let own_surname = own[i] == "PER"
                    && i > 0
                    && own[i - 1] == "PER"
                    && own.get(i + 1).is_none_or(|n| *n != "PER");
                let n = surnames
                    .get(t.lower.as_str())
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(own_surname as u32);
                if n > 0 {
                    f.push(fh(43, "surname", "", ""));
                }
            }
            feats.push(f);
        }
        out.push(feats);
    }
    out
}

/// History features: they depend on the labels decided for the previous tokens.
#[inline]
pub fn history_features(toks: &[Tok], i: usize, prev: &str, prev2: &str, out: &mut Vec<u32>) {
    let t = &toks[i];
    out.push(fh(30, prev, "", ""));
    out.push(fh(31, prev2, prev, ""));
    out.push(fh(32, prev, &t.shape, ""));
    out.push(fh(33, prev, &t.lower, ""));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_normalization() {
        assert_eq!(shape("Poutine"), "Xxx");
        assert_eq!(shape("OTAN"), "XX");
        assert_eq!(shape("BTR-50"), "XX-dd");
        assert_eq!(shape("l’"), "x'");
        assert_eq!(normalize("L’OTAN 2024"), "l'otan 0000");
        let toks: Vec<Tok> = "le Sénat du Burundi a reçu Pierre Nkurunziza de la ville"
            .split(' ')
            .map(Tok::new)
            .collect();
        let runs = capital_runs(&toks);
        assert_eq!(runs[0], None);
        assert_eq!(runs[1..4], [Some((1, 4)); 3]);
        assert_eq!(runs[4..6], [None; 2]);
        assert_eq!(runs[6..8], [Some((6, 8)); 2]);
        assert_eq!(runs[8..], [None; 3]);
        let t = Tok::new("KCNA");
        assert!(t.upper && !t.title);
        assert!(Tok::new("Pékin").title);
    }
}
