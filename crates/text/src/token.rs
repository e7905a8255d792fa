//! Rule-based tokenizer for French and English news text.
//!
//! One left-to-right pass over the characters. Letters and digits joined by
//! apostrophes, hyphens, periods, slashes, `@` and `_` form a *run*; runs are
//! then cut by language rules (French elision and clitic inversion, English
//! contractions and hyphens) and may take a following abbreviation period.
//! Conventions follow Universal Dependencies (GSD for French, EWT for English).

use crate::lexicon::*;
use crate::Lang;
use veille_core::{Span, Token, TokenKind};

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

fn is_joiner(c: char) -> bool {
    is_apostrophe(c) || is_hyphen(c) || matches!(c, '.' | ',' | ':' | '/' | '@' | '_' | '&')
}

fn is_number_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

fn punct_kind(c: char) -> TokenKind {
    let ascii_symbol = matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~' | '%');
    if (c.is_ascii_punctuation() && !ascii_symbol)
        || matches!(c as u32, 0x2010..=0x2027 | 0x2030..=0x205E | 0x3000..=0x303F)
        || matches!(c, '«' | '»' | '¿' | '¡' | '§' | '¶' | '·')
    {
        TokenKind::Punct
    } else {
        TokenKind::Symbol
    }
}

/// Characters as (byte offset, char), with a sentinel-free lookahead helper.
struct Chars<'a> {
    text: &'a str,
}

impl Chars<'_> {
    fn at(&self, i: usize) -> Option<char> {
        self.text.get(i..).and_then(|s| s.chars().next())
    }
}

/// Splits `text` into tokens. Never fails; every token is a non-empty byte span
/// on character boundaries, sorted, non-overlapping, never covering whitespace.
pub fn tokenize(text: &str, lang: Lang) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let cs = Chars { text };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = match cs.at(i) {
            Some(c) => c,
            None => break,
        };
        let clen = c.len_utf8();
        if c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}' | '\u{ad}') || c.is_control() {
            i += clen;
            continue;
        }
        // URLs
        if (c == 'h' || c == 'H' || c == 'w' || c == 'W') && starts_url(&bytes[i..]) {
            let end = url_end(text, i);
            out.push(tok(i, end, TokenKind::Url));
            i = end;
            continue;
        }
        if is_word_char(c) {
            let end = run_end(&cs, i);
            let first = out.len();
            split_run(text, i, end, lang, &mut out);
            let mut end = end;
            // French digit grouping: "1 000", "11 000 000", "3 872,5".
            if lang != Lang::En && out.len() == first + 1 && out[first].kind == TokenKind::Number {
                end = merge_digit_groups(text, i, end);
                out[first].span.end = end;
            }
            // Abbreviation period.
            // "Inc.." is "Inc." then ".", but "etc..." keeps its ellipsis whole.
            let dots = bytes[end..].iter().take_while(|&&b| b == b'.').count();
            if dots == 1 || dots == 2 {
                let last = out.len() - 1;
                let word = &text[out[last].span.start..end];
                let prev = text[..out[last].span.start].chars().next_back();
                let after_space = prev.is_none_or(|p| {
                    p.is_whitespace() || matches!(p, '(' | '«' | '"' | '“' | '\'' | '-')
                });
                let single = word.chars().count() == 1;
                if (!single || after_space)
                    && takes_period(word, lang, text.get(end + 1..).unwrap_or(""))
                {
                    out[last].span.end = end + 1;
                    end += 1;
                }
            }
            // A French elided word before a space ("jusqu' à").
            if lang != Lang::En {
                if let Some(a) = cs.at(end).filter(|&a| is_apostrophe(a)) {
                    let last = out.len() - 1;
                    let word = text[out[last].span.start..end].to_lowercase();
                    if contains(FR_ELISIONS, &word) {
                        out[last].span.end = end + a.len_utf8();
                        end += a.len_utf8();
                    }
                }
            }
            i = end;
            continue;
        }
        // Handles and hashtags.
        if (c == '@' || c == '#') && cs.at(i + 1).is_some_and(is_word_char) {
            let mut end = i + 1;
            while let Some(d) = cs.at(end).filter(|&d| is_word_char(d) || d == '_') {
                end += d.len_utf8();
            }
            out.push(tok(i, end, TokenKind::Word));
            i = end;
            continue;
        }
        // Emoticons: ":-)", ":)", ";-(", ":P".
        if matches!(c, ':' | ';') {
            if let Some(len) = emoticon_len(&text[i..]) {
                out.push(tok(i, i + len, TokenKind::Symbol));
                i += len;
                continue;
            }
        }
        // Punctuation and symbols, with runs merged: "...", "?!", "--", "====".
        let mut end = i + clen;
        let sentence_punct = |d: char| matches!(d, '.' | '!' | '?' | '…');
        let line_punct = |d: char| matches!(d, '-' | '=' | '*' | '_' | '~' | '$' | '<' | '>');
        if sentence_punct(c) {
            while let Some(d) = cs.at(end).filter(|&d| sentence_punct(d)) {
                end += d.len_utf8();
            }
        } else if line_punct(c) && cs.at(end).is_some_and(line_punct) {
            let same_family = |d: char| {
                if matches!(c, '$' | '<' | '>') {
                    d == c
                } else {
                    line_punct(d) && !matches!(d, '$' | '<' | '>')
                }
            };
            while let Some(d) = cs.at(end).filter(|&d| same_family(d)) {
                end += d.len_utf8();
            }
        }
        out.push(tok(i, end, punct_kind(c)));
        i = end;
    }
    out
}

fn emoticon_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut n = 1;
    if b.get(n) == Some(&b'-') {
        n += 1;
    }
    let face = *b.get(n)?;
    if !matches!(face, b')' | b'(' | b'D' | b'P' | b'p' | b'/' | b'|') {
        return None;
    }
    n += 1;
    // Followed by a space or the end; ":)" inside "(voir : Paris)" is not a face.
    let after = b.get(n);
    let spaced_before = true;
    (spaced_before
        && after.is_none_or(|a| a.is_ascii_whitespace() || matches!(a, b'.' | b',' | b'!'))
        && (face != b'/' && face != b'|' && face != b'(' || b.get(1) == Some(&b'-')))
    .then_some(n)
}

fn tok(start: usize, end: usize, kind: TokenKind) -> Token {
    Token {
        span: Span::new(start, end),
        kind,
    }
}

fn starts_url(b: &[u8]) -> bool {
    let lower =
        |n: usize| -> Vec<u8> { b.iter().take(n).map(|x| x.to_ascii_lowercase()).collect() };
    let l = lower(8);
    (l.starts_with(b"http://") || l.starts_with(b"https://") || l.starts_with(b"www."))
        && b.len() > 8
}

fn url_end(text: &str, start: usize) -> usize {
    let mut end = start;
    for (o, c) in text[start..].char_indices() {
        if c.is_whitespace() || matches!(c, '<' | '>' | '"' | '«' | '»' | '“' | '”') {
            break;
        }
        end = start + o + c.len_utf8();
    }
    // Trailing punctuation belongs to the sentence, not the URL.
    let s = &text[start..end];
    let opens = s.matches('(').count();
    let mut trimmed = s;
    while let Some(c) = trimmed.chars().last() {
        let strip = matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ']' | '\'' | '’')
            || (c == ')' && trimmed.matches(')').count() > opens);
        if !strip {
            break;
        }
        trimmed = &trimmed[..trimmed.len() - c.len_utf8()];
    }
    if trimmed.len() < 5 {
        return start + s.chars().next().map_or(1, |c| c.len_utf8());
    }
    start + trimmed.len()
}

/// End of the maximal run of word characters and inner joiners from `start`.
fn run_end(cs: &Chars, start: usize) -> usize {
    let mut end = start;
    let mut prev: Option<char> = None;
    while let Some(c) = cs.at(end) {
        if is_word_char(c) {
            end += c.len_utf8();
            prev = Some(c);
            continue;
        }
        if is_joiner(c) {
            let next = cs.at(end + c.len_utf8());
            let ok = match (c, next) {
                (_, None) => false,
                (',' | ':', Some(n)) => {
                    prev.is_some_and(|p| p.is_ascii_digit()) && n.is_ascii_digit()
                }
                ('.', Some(n)) if is_hyphen(n) => {
                    // "J.-C."
                    cs.at(end + 2).is_some_and(|m| m.is_uppercase())
                }
                (_, Some(n)) => is_word_char(n),
            };
            if ok {
                end += c.len_utf8();
                prev = Some(c);
                continue;
            }
        }
        break;
    }
    end
}

fn kind_of(s: &str) -> TokenKind {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() => {
            if s.chars().all(|c| {
                c.is_ascii_digit() || matches!(c, ',' | '.' | '/' | ':' | '-') || is_number_space(c)
            }) {
                TokenKind::Number
            } else {
                TokenKind::Word
            }
        }
        _ => TokenKind::Word,
    }
}

/// Cuts the run `[start, end)` into tokens by language rules.
fn split_run(text: &str, start: usize, end: usize, lang: Lang, out: &mut Vec<Token>) {
    let run = &text[start..end];
    if let Some(at) = run.find('@') {
        if at > 0 && run[at..].contains('.') {
            out.push(tok(start, end, TokenKind::Email));
            return;
        }
    }
    // File and domain names ("report.pdf", "alt.animals.cat") stay whole.
    if run.contains('.')
        && !run.contains(is_apostrophe)
        && !run.starts_with(|c: char| c.is_ascii_digit())
    {
        let has_long_part = run.split('.').filter(|p| p.chars().count() > 2).count() >= 2;
        if has_long_part {
            out.push(tok(start, end, TokenKind::Word));
            return;
        }
    }
    // Apostrophes.
    let mut pieces: Vec<(usize, usize)> = Vec::with_capacity(2);
    let mut s = start;
    let mut idx = start;
    while idx < end {
        let c = text[idx..].chars().next().unwrap_or(' ');
        let clen = c.len_utf8();
        if is_apostrophe(c) && idx > s {
            let after = idx + clen;
            match lang {
                Lang::En => {
                    let rest: String = text[after..end]
                        .chars()
                        .take_while(|c| c.is_alphabetic())
                        .collect::<String>()
                        .to_lowercase();
                    let prev = text[s..idx].chars().last().unwrap_or(' ');
                    if matches!(rest.as_str(), "s" | "re" | "m" | "ve" | "ll" | "d") {
                        pieces.push((s, idx));
                        s = idx;
                    } else if rest == "t" && matches!(prev, 'n' | 'N') && idx - 1 > s {
                        pieces.push((s, idx - 1));
                        s = idx - 1;
                    }
                }
                Lang::Fr | Lang::Other(_) | Lang::Und => {
                    let prefix = text[s..idx].to_lowercase();
                    if contains(FR_ELISIONS, &prefix) {
                        pieces.push((s, after));
                        s = after;
                    }
                }
            }
        }
        idx += clen;
    }
    if s < end {
        pieces.push((s, end));
    }
    for (ps, pe) in pieces {
        split_piece(text, ps, pe, lang, out);
    }
}

/// Hyphen, slash and contraction rules on one apostrophe-free piece.
fn split_piece(text: &str, start: usize, end: usize, lang: Lang, out: &mut Vec<Token>) {
    let piece = &text[start..end];
    match lang {
        Lang::Fr | Lang::Other(_) | Lang::Und if piece.contains(is_hyphen) => {
            let lower = piece.to_lowercase();
            if !contains(FR_HYPHEN_WORDS, &lower) {
                if let Some(cut) = french_clitic_cut(piece) {
                    split_piece(text, start, start + cut, lang, out);
                    out.push(tok(start + cut, end, TokenKind::Word));
                    return;
                }
            }
        }
        Lang::En if piece.contains(is_hyphen) => {
            let parts: Vec<(usize, &str)> = piece.match_indices(is_hyphen).collect();
            let mut s = 0;
            let mut emitted = false;
            let mut prev_cut = 0;
            for (hi, h) in parts {
                let left = &piece[s..hi];
                let last_part = &piece[prev_cut..hi];
                prev_cut = hi + h.len();
                let right_start = hi + h.len();
                let right_digit = piece[right_start..].starts_with(|c: char| c.is_ascii_digit());
                let keep = contains(EN_HYPHEN_PREFIXES, &left.to_lowercase())
                    || (last_part.chars().all(|c| c.is_ascii_digit()) && right_digit)
                    || left.chars().count() == 1 && left.chars().all(|c| c.is_uppercase());
                if keep {
                    continue;
                }
                emit_slashed(text, start + s, start + hi, lang, out);
                out.push(tok(start + hi, start + right_start, TokenKind::Punct));
                s = right_start;
                emitted = true;
            }
            if emitted {
                emit_slashed(text, start + s, end, lang, out);
                return;
            }
        }
        _ => {}
    }
    emit_slashed(text, start, end, lang, out);
}

/// Where a French verb+clitic word is cut: "a-t-il" → 1, "dit-elle" → 3.
fn french_clitic_cut(piece: &str) -> Option<usize> {
    let last = piece.rfind(is_hyphen)?;
    let clitic = piece[last..].trim_start_matches(is_hyphen).to_lowercase();
    if !contains(FR_CLITICS, &clitic) {
        return None;
    }
    let mut cut = last;
    let mut min_head = 2;
    let before = &piece[..last];
    if before.len() > 2 && before.ends_with('t') && before[..before.len() - 1].ends_with(is_hyphen)
    {
        cut = before[..before.len() - 1].rfind(is_hyphen)?;
        min_head = 1; // "a-t-il": the euphonic t marks the inversion
    }
    let head = &piece[..cut];
    let subject = matches!(
        clitic.as_str(),
        "je" | "tu" | "il" | "elle" | "on" | "nous" | "vous" | "ils" | "elles" | "ce"
    );
    let head_lower = head.chars().next().is_some_and(|c| c.is_lowercase());
    (head.chars().count() >= min_head && !head.contains(is_hyphen) && (head_lower || subject))
        .then_some(cut)
}

/// Slash rule, then English special words ("cannot", "gonna").
fn emit_slashed(text: &str, start: usize, end: usize, lang: Lang, out: &mut Vec<Token>) {
    if start >= end {
        return;
    }
    let piece = &text[start..end];
    if piece.contains('/') && piece.len() > 3 && !piece.starts_with(|c: char| c.is_ascii_digit()) {
        let mut s = start;
        for (i, _) in piece.match_indices('/') {
            emit_word(text, s, start + i, lang, out);
            out.push(tok(start + i, start + i + 1, TokenKind::Punct));
            s = start + i + 1;
        }
        emit_word(text, s, end, lang, out);
        return;
    }
    emit_word(text, start, end, lang, out);
}

fn emit_word(text: &str, start: usize, end: usize, lang: Lang, out: &mut Vec<Token>) {
    if start >= end {
        return;
    }
    let w = &text[start..end];
    if lang == Lang::En && w.len() >= 2 {
        let lower = w.to_ascii_lowercase();
        let cut = match lower.as_str() {
            "cannot" => Some(3),
            "gonna" | "wanna" | "gotta" => Some(3),
            _ => None,
        };
        let acronym = w.chars().filter(|c| c.is_uppercase()).count() >= 2;
        let cut = cut.or_else(|| {
            if acronym {
                None
            } else {
                apostropheless(&lower)
            }
        });
        if let Some(c) = cut {
            out.push(tok(start, start + c, TokenKind::Word));
            out.push(tok(start + c, end, TokenKind::Word));
            return;
        }
    }
    out.push(tok(start, end, kind_of(w)));
}

/// Contractions written without their apostrophe on the web ("dont",
/// "im", "thats"): where UD splits them.
fn apostropheless(lower: &str) -> Option<usize> {
    Some(match lower {
        "dont" | "cant" | "wont" | "isnt" | "aint" => 2,
        "didnt" | "wasnt" | "arent" | "hasnt" | "hadnt" => 3,
        "doesnt" | "werent" | "havent" => 4,
        "couldnt" | "wouldnt" => 5,
        "shouldnt" => 6,
        "im" | "ive" => 1,
        "youre" | "youve" | "lets" => 3,
        "theyre" | "theyve" | "thats" | "whats" | "heres" => 4,
        "theres" | "wheres" => 5,
        "alot" => 1,
        _ => return None,
    })
}

fn merge_digit_groups(text: &str, start: usize, mut end: usize) -> usize {
    let b = text.as_bytes();
    if end - start > 3 || !b[start..end].iter().all(u8::is_ascii_digit) {
        return end;
    }
    loop {
        let rest = &text[end..];
        let Some(sp) = rest.chars().next().filter(|&c| is_number_space(c)) else {
            break;
        };
        let g = end + sp.len_utf8();
        let digits = b.get(g..g + 3);
        let after = b.get(g + 3).copied();
        let next_is_digit = after.is_some_and(|x| x.is_ascii_digit());
        if digits.is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && !next_is_digit
            && !after.is_some_and(|x| x.is_ascii_alphabetic())
        {
            end = g + 3;
            // Decimal part: "3 872,5".
            if matches!(after, Some(b',') | Some(b'.'))
                && b.get(end + 1).is_some_and(u8::is_ascii_digit)
            {
                let mut e = end + 1;
                while b.get(e).is_some_and(u8::is_ascii_digit) {
                    e += 1;
                }
                return e;
            }
        } else {
            break;
        }
    }
    end
}

/// Whether `word` followed by "." is an abbreviation that keeps its period.
fn takes_period(word: &str, lang: Lang, after: &str) -> bool {
    let mut chars = word.chars();
    let first = match chars.next() {
        Some(c) => c,
        None => return false,
    };
    // Single capital initial: "M.", "J." in "Jennifer M. Anderson".
    if chars.next().is_none() {
        return first.is_uppercase();
    }
    let lower = word.to_lowercase();
    // Acronyms with inner periods: "U.S", "J.-C", "e.g", "Ph.D".
    if word.contains('.')
        && word
            .chars()
            .all(|c| c.is_alphabetic() || c == '.' || is_hyphen(c))
        && word
            .split(|c: char| c == '.' || is_hyphen(c))
            .all(|p| p.chars().count() <= 2)
    {
        return true;
    }
    const BEFORE_NUMBER: &[&str] = &[
        "no", "nos", "n", "nº", "p", "pp", "art", "vol", "ch", "chap", "fig",
    ];
    if contains(BEFORE_NUMBER, &lower) {
        return after.trim_start().starts_with(|c: char| c.is_ascii_digit());
    }
    const ANY_CASE: &[&str] = &[
        "etc", "cf", "vs", "al", "apr", "av", "env", "éd", "coll", "ibid", "op", "approx", "e.g",
        "i.e", "a.m", "p.m",
    ];
    let list = match lang {
        Lang::Fr => FR_ABBREVIATIONS,
        Lang::En | Lang::Other(_) | Lang::Und => EN_ABBREVIATIONS,
    };
    contains(list, &lower) && (first.is_uppercase() || contains(ANY_CASE, &lower))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str, lang: Lang) -> Vec<&str> {
        tokenize(text, lang)
            .iter()
            .map(|t| t.span.slice(text))
            .collect()
    }

    #[test]
    fn french_elision_with_both_apostrophes() {
        assert_eq!(
            toks("l’Ukraine d'abord qu’il", Lang::Fr),
            ["l’", "Ukraine", "d'", "abord", "qu’", "il"]
        );
        assert_eq!(
            toks("jusqu'alors lorsqu’on aujourd’hui", Lang::Fr),
            ["jusqu'", "alors", "lorsqu’", "on", "aujourd’hui"]
        );
        assert_eq!(toks("L'« oasis »", Lang::Fr), ["L'", "«", "oasis", "»"]);
    }

    #[test]
    fn french_clitic_inversion_and_hyphenated_names() {
        assert_eq!(toks("a-t-il déclaré", Lang::Fr), ["a", "-t-il", "déclaré"]);
        assert_eq!(
            toks("Peut-on, dit-elle", Lang::Fr),
            ["Peut", "-on", ",", "dit", "-elle"]
        );
        assert_eq!(
            toks("Kim Jong-un en Grande-Bretagne", Lang::Fr),
            ["Kim", "Jong-un", "en", "Grande-Bretagne"]
        );
        assert_eq!(
            toks("celui-ci, rendez-vous", Lang::Fr),
            ["celui-ci", ",", "rendez-vous"]
        );
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(
            toks("M. Poutine et Mme Merkel, etc.", Lang::Fr),
            ["M.", "Poutine", "et", "Mme", "Merkel", ",", "etc."]
        );
        assert_eq!(
            toks("the U.S. and Dr. Who", Lang::En),
            ["the", "U.S.", "and", "Dr.", "Who"]
        );
        assert_eq!(
            toks("en 52 av. J.-C. ici", Lang::Fr),
            ["en", "52", "av.", "J.-C.", "ici"]
        );
        assert_eq!(
            toks("il fait 10 m.", Lang::Fr),
            ["il", "fait", "10", "m", "."]
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(
            toks("plus de 1 000 délégués et 11 000 milles", Lang::Fr),
            ["plus", "de", "1 000", "délégués", "et", "11 000", "milles"]
        );
        assert_eq!(
            toks("3,5 % et 3 872,5", Lang::Fr),
            ["3,5", "%", "et", "3 872,5"]
        );
        assert_eq!(toks("en 2019 2 865", Lang::Fr), ["en", "2019", "2 865"]);
        assert_eq!(
            toks("1,000 people on 08/16/2000", Lang::En),
            ["1,000", "people", "on", "08/16/2000"]
        );
    }

    #[test]
    fn english_contractions_and_hyphens() {
        assert_eq!(
            toks("I don't think it's Bob's", Lang::En),
            ["I", "do", "n't", "think", "it", "'s", "Bob", "'s"]
        );
        assert_eq!(toks("can't cannot", Lang::En), ["ca", "n't", "can", "not"]);
        assert_eq!(
            toks("im sure i dont know, thats alot", Lang::En),
            ["i", "m", "sure", "i", "do", "nt", "know", ",", "that", "s", "a", "lot"]
        );
        assert_eq!(
            toks("a 15-year term by e-mail", Lang::En),
            ["a", "15", "-", "year", "term", "by", "e-mail"]
        );
        assert_eq!(toks("and/or b/c", Lang::En), ["and", "/", "or", "b/c"]);
        assert_eq!(
            toks("call 303-832-8160 at 08:02 :-) ok", Lang::En),
            ["call", "303-832-8160", "at", "08:02", ":-)", "ok"]
        );
    }

    #[test]
    fn urls_emails_handles_ellipses() {
        assert_eq!(
            toks(
                "Voir https://ex.com/a?b=1. Écrire à jean.dupont@ex.fr… (Photo : @UAWeapons)",
                Lang::Fr
            ),
            [
                "Voir",
                "https://ex.com/a?b=1",
                ".",
                "Écrire",
                "à",
                "jean.dupont@ex.fr",
                "…",
                "(",
                "Photo",
                ":",
                "@UAWeapons",
                ")"
            ]
        );
        assert_eq!(
            toks("Bon... «Oui» “Non”", Lang::Fr),
            ["Bon", "...", "«", "Oui", "»", "“", "Non", "”"]
        );
    }

    #[test]
    fn token_kinds() {
        let t = tokenize("Le 7 mai, 50 % à www.x.org", Lang::Fr);
        let kinds: Vec<TokenKind> = t.iter().map(|t| t.kind).collect();
        use TokenKind::*;
        assert_eq!(
            kinds,
            [Word, Number, Word, Punct, Number, Symbol, Word, Url]
        );
    }
}
