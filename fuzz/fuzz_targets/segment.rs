//! Tokens and sentences: valid, sorted spans on any string.
#![no_main]
use libfuzzer_sys::fuzz_target;
use veille_text::{segment, Lang};

fuzz_target!(|data: &str| {
    for lang in [Lang::Fr, Lang::En, Lang::Und] {
        let (tokens, sentences) = segment(data, lang);
        let mut last = 0;
        for t in &tokens {
            assert!(t.span.start >= last && t.span.start < t.span.end);
            assert!(data.is_char_boundary(t.span.start) && data.is_char_boundary(t.span.end));
            last = t.span.end;
        }
        for s in &sentences {
            assert!(data.is_char_boundary(s.start) && data.is_char_boundary(s.end));
        }
    }
});
