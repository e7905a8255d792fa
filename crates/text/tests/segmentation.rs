//! Segmentation invariants on arbitrary input, and golden output on a fixture.

use proptest::prelude::*;
use veille_text::{segment, Lang};

fn check_invariants(text: &str, lang: Lang) {
    let (tokens, sentences) = segment(text, lang);
    let mut last = 0;
    for t in &tokens {
        assert!(t.span.start < t.span.end, "empty token");
        assert!(t.span.start >= last, "tokens overlap or are unsorted");
        assert!(
            text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end),
            "token off char boundary"
        );
        let s = &text[t.span.start..t.span.end];
        assert!(
            !s.starts_with(char::is_whitespace) && !s.ends_with(char::is_whitespace),
            "token {s:?} has edge whitespace"
        );
        last = t.span.end;
    }
    let mut last = 0;
    for s in &sentences {
        assert!(s.start < s.end && s.start >= last);
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        last = s.end;
    }
    // Every token lies in exactly one sentence.
    for t in &tokens {
        assert_eq!(
            sentences
                .iter()
                .filter(|s| s.start <= t.span.start && t.span.end <= s.end)
                .count(),
            1
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn spans_are_valid_on_any_string(text in any::<String>()) {
        check_invariants(&text, Lang::Fr);
        check_invariants(&text, Lang::En);
    }

    #[test]
    fn spans_are_valid_on_news_like_text(text in r"([A-Za-zéèàçÉ’'«»“”\-\.,;:!?…0-9@/ \n\u{a0}]{0,12} ?){0,40}") {
        check_invariants(&text, Lang::Fr);
        check_invariants(&text, Lang::En);
        check_invariants(&text, Lang::Und);
    }
}

fn render(text: &str, lang: Lang) -> String {
    let (tokens, sentences) = segment(text, lang);
    let mut out = String::new();
    for s in sentences {
        let toks: Vec<&str> = tokens
            .iter()
            .filter(|t| t.span.start >= s.start && t.span.end <= s.end)
            .map(|t| t.span.slice(text))
            .collect();
        out.push_str(&toks.join(" | "));
        out.push('\n');
    }
    out
}

#[test]
fn golden_french_fixture() {
    let text = include_str!("../../../tests/fixtures/corpus/fr_sommet_minsk.txt");
    insta::assert_snapshot!(render(text, Lang::Fr));
}

#[test]
fn golden_english_fixture() {
    let text = include_str!("../../../tests/fixtures/corpus/en_grain_corridor.txt");
    insta::assert_snapshot!(render(text, Lang::En));
}

#[test]
fn a_fifty_megabyte_line_is_segmented_in_linear_time() {
    let line = "mot ".repeat(2_000_000); // 8 MB here keeps debug-mode tests quick; same code path
    let (tokens, sentences) = segment(&line, Lang::Fr);
    assert_eq!(tokens.len(), 2_000_000);
    assert_eq!(sentences.len(), 1);
}
