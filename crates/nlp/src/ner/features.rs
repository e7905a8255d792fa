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

const BOS: &str = "<s>";
const EOS: &str = "</s>";

/// The key under which a lower-cased word is stored in the word-class lexicon.
pub fn word_key(lower: &str) -> u32 {
    fh(99, lower, "", "")
}

/// Lexical knowledge the features consult.
pub trait Lexicon {
    /// The lexicon's class signature of the lower-cased word ("nc|v", "np";
    /// "" when unknown).
    fn class(&self, lower: &str) -> &str;
    /// Gazetteer class of the token sequence starting at `i` ("" if none);
    /// returns (class, length in tokens).
    fn gazetteer(&self, _toks: &[Tok], _i: usize) -> Option<(&str, usize)> {
        None
    }
}

/// The static features of every token in a sentence.
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
    // Gazetteer spans: B/I marks per token.
    let mut gaz: Vec<Option<(String, bool)>> = vec![None; n];
    let mut i = 0;
    while i < n {
        if let Some((class, len)) = lex.gazetteer(toks, i) {
            for k in 0..len.min(n - i) {
                gaz[i + k] = Some((class.to_string(), k == 0));
            }
            i += len.max(1);
        } else {
            i += 1;
        }
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let t = &toks[i];
        let ii = i as isize;
        let mut f = Vec::with_capacity(40);
        f.push(fh(0, "", "", ""));
        f.push(fh(1, &t.word, "", ""));
        f.push(fh(2, &t.lower, "", ""));
        let chars: Vec<char> = t.lower.chars().collect();
        for k in 1..=4usize.min(chars.len()) {
            let p: String = chars[..k].iter().collect();
            f.push(fh(3, &p, "", ""));
            let s: String = chars[chars.len() - k..].iter().collect();
            f.push(fh(4, &s, "", ""));
        }
        f.push(fh(5, &t.shape, "", ""));
        let class = lex.class(&t.lower);
        let flags = format!("{}{}{}", t.title as u8, t.upper as u8, (i == 0) as u8);
        f.push(fh(24, class, &flags, ""));
        f.push(fh(25, class, lex.class(lw(ii - 1)), ""));
        f.push(fh(26, class, lex.class(lw(ii + 1)), &flags));
        f.push(fh(6, &flags, "", ""));
        f.push(fh(7, lw(ii - 1), "", ""));
        f.push(fh(8, lw(ii + 1), "", ""));
        f.push(fh(9, lw(ii - 2), "", ""));
        f.push(fh(10, lw(ii + 2), "", ""));
        f.push(fh(11, sh(ii - 1), "", ""));
        f.push(fh(12, sh(ii + 1), "", ""));
        f.push(fh(13, lw(ii - 1), &t.lower, ""));
        f.push(fh(14, &t.lower, lw(ii + 1), ""));
        f.push(fh(15, sh(ii - 1), &t.shape, sh(ii + 1)));
        f.push(fh(16, &flags, lw(ii - 1), ""));
        // Cased neighbours: "M." before, "a" after.
        f.push(fh(17, get(ii - 1).map_or(BOS, |t| t.word.as_str()), "", ""));
        f.push(fh(18, get(ii + 1).map_or(EOS, |t| t.word.as_str()), "", ""));
        if let Some(next) = get(ii + 1) {
            let chars: Vec<char> = next.lower.chars().collect();
            if chars.len() > 3 {
                let s: String = chars[chars.len() - 3..].iter().collect();
                f.push(fh(19, &s, "", ""));
            }
        }
        if let Some((class, begin)) = &gaz[i] {
            f.push(fh(20, class, if *begin { "B" } else { "I" }, ""));
            f.push(fh(21, class, &t.shape, ""));
        }
        if let Some(Some((class, _))) = gaz.get(i + 1) {
            f.push(fh(22, class, "", ""));
        }
        if i > 0 {
            if let Some((class, _)) = &gaz[i - 1] {
                f.push(fh(23, class, "", ""));
            }
        }
        out.push(f);
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
        let t = Tok::new("KCNA");
        assert!(t.upper && !t.title);
        assert!(Tok::new("Pékin").title);
    }
}
