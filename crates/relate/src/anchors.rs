//! What survives rewording and translation: the document's anchors —
//! linked entities, numbers, dates and places — in text order, and the
//! keys made of consecutive pairs of them.

use veille_core::Document;
use xxhash_rust::xxh3::xxh3_64;

/// The document's anchors in text order (title first), each a string
/// tagged by its kind: `e:` an entity id, `n:` a number's digits, `t:` a
/// date value. The same anchor twice in a row counts once.
pub fn anchors(doc: &Document) -> Vec<String> {
    let mut title: Vec<(usize, String)> = Vec::new();
    let mut text: Vec<(usize, String)> = Vec::new();
    for (e, part) in doc.all_entities() {
        let Some(id) = e.entity_id.as_deref() else {
            continue;
        };
        let at = match part {
            veille_core::Part::Title => &mut title,
            veille_core::Part::Text => &mut text,
        };
        at.push((e.span.start, format!("e:{id}")));
    }
    for (t, part) in doc.all_times() {
        let Some(v) = t.value.as_deref() else {
            continue;
        };
        let at = match part {
            veille_core::Part::Title => &mut title,
            veille_core::Part::Text => &mut text,
        };
        at.push((t.span.start, format!("t:{v}")));
    }
    for (start, n) in numbers(doc.title.as_deref().unwrap_or("")) {
        title.push((start, format!("n:{n}")));
    }
    for (start, n) in numbers(&doc.text) {
        text.push((start, format!("n:{n}")));
    }
    title.sort();
    text.sort();
    let mut out: Vec<String> = Vec::new();
    for (_, a) in title.into_iter().chain(text) {
        if out.last() != Some(&a) {
            out.push(a);
        }
    }
    out
}

/// Numbers written in digits, as their digits only, so that "1 000",
/// "1,000" and "1.000", or "2,5" and "2.5", are the same number in French
/// and English. A space joins digit groups only before three digits.
pub fn numbers(text: &str) -> Vec<(usize, String)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        loop {
            while i < b.len() && b[i].is_ascii_digit() {
                digits.push(b[i] as char);
                i += 1;
            }
            // A separator between digit groups: , . or a (narrow) space.
            let sep = match text[i..].chars().next() {
                Some(c @ (',' | '.')) => c.len_utf8(),
                Some(c @ (' ' | '\u{a0}' | '\u{202f}')) => {
                    let rest = &b[i + c.len_utf8()..];
                    let three = rest.len() >= 3
                        && rest[..3].iter().all(u8::is_ascii_digit)
                        && rest.get(3).is_none_or(|x| !x.is_ascii_digit());
                    if three {
                        c.len_utf8()
                    } else {
                        0
                    }
                }
                _ => 0,
            };
            if sep > 0 && b.get(i + sep).is_some_and(u8::is_ascii_digit) {
                i += sep;
            } else {
                break;
            }
        }
        if b.get(i).is_some_and(u8::is_ascii_alphabetic) && !digits.is_empty() {
            // "2e", "14h30", "G20": ordinals and codes stay numbers only
            // when a letter does not glue them to a word.
            let word_end = text[i..]
                .find(|c: char| !c.is_alphanumeric())
                .map_or(text.len(), |e| i + e);
            let suffix = &text[i..word_end];
            if !matches!(
                suffix,
                "e" | "er" | "re" | "h" | "st" | "nd" | "rd" | "th" | "km" | "m"
            ) {
                i = word_end;
                continue;
            }
        }
        out.push((start, digits));
    }
    out
}

/// The lookup keys of an anchor sequence: each pair of consecutive
/// distinct anchors, unordered (translation may swap two neighbours),
/// hashed; sorted, distinct.
pub fn pair_keys(anchors: &[String]) -> Vec<u64> {
    let mut keys: Vec<u64> = anchors
        .windows(2)
        .filter(|w| w[0] != w[1])
        .map(|w| {
            let (a, b) = if w[0] <= w[1] {
                (&w[0], &w[1])
            } else {
                (&w[1], &w[0])
            };
            xxh3_64(format!("{a}\u{1f}{b}").as_bytes())
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(text: &str) -> Vec<String> {
        numbers(text).into_iter().map(|(_, n)| n).collect()
    }

    #[test]
    fn numbers_case_table() {
        let cases: &[(&str, &str)] = &[
            ("1 000 soldats", "1000"),
            ("1,000 soldiers", "1000"),
            ("2,5 % et 2.5%", "25 25"),
            ("de 5 à 15 %", "5 15"),
            ("en 2019 3 personnes", "2019 3"),
            ("le 1er janvier 2016", "1 2016"),
            ("à 14h30", ""),
            ("le G20 et COVID-19", "19"),
            ("A320neo", ""),
            ("16 ogives, 16 warheads.", "16 16"),
            ("", ""),
        ];
        let failures = veille_core::case_failures(cases, |input, expect| {
            let got = nums(input).join(" ");
            (got == expect)
                .then_some(())
                .ok_or_else(|| format!("{input:?}: got {got:?}, want {expect:?}"))
        });
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn pair_keys_are_unordered_and_distinct() {
        let a: Vec<String> = ["e:Q1", "n:5", "e:Q1"].map(String::from).to_vec();
        assert_eq!(pair_keys(&a).len(), 1);
        let b: Vec<String> = ["n:5", "e:Q1"].map(String::from).to_vec();
        assert_eq!(pair_keys(&a), pair_keys(&b));
        assert!(pair_keys(&a[..1]).is_empty());
    }
}
