//! Character data helpers: entity decoding and whitespace.

use std::borrow::Cow;

/// Decodes HTML character references (all HTML5 named ones, decimal, hex).
pub fn decode(s: &str) -> Cow<'_, str> {
    if s.contains('&') {
        html_escape::decode_html_entities(s)
    } else {
        Cow::Borrowed(s)
    }
}

/// Whitespace (including no-break spaces) collapsed to single spaces, trimmed.
pub fn clean_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_collapsed(&mut out, s);
    let t = out.trim_end().len();
    out.truncate(t);
    out
}

/// Appends `s` to `out` with runs of whitespace as one space; no leading
/// space when `out` is empty or already ends with one.
pub fn push_collapsed(out: &mut String, s: &str) {
    let mut space = out.is_empty() || out.ends_with([' ', '\n']);
    let mut run = 0; // start of the pending run of non-space text
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            out.push_str(&s[run..i]);
            if i > run {
                space = false;
            }
            if !space {
                out.push(' ');
                space = true;
            }
            run = i + c.len_utf8();
        }
    }
    out.push_str(&s[run..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_spaces() {
        assert_eq!(
            decode("l&rsquo;&Eacute;tat &amp; &#233;t&#xE9;"),
            "l’État & été"
        );
        assert_eq!(clean_ws("  a \n\t b\u{a0}c  "), "a b c");
        let mut s = String::from("Le");
        push_collapsed(&mut s, " président ");
        push_collapsed(&mut s, "russe");
        assert_eq!(s, "Le président russe");
        let mut s = String::from("M.");
        push_collapsed(&mut s, "Poutine");
        assert_eq!(s, "M.Poutine");
    }
}
