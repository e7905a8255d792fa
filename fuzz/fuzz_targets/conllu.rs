//! The CoNLL-U and CoNLL-2003 readers' parsing on arbitrary text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    if let Ok(s) = veille_eval::conllu::parse(data, std::path::Path::new("fuzz.conllu")) {
        let g = veille_eval::conllu::rebuild(&s);
        for (a, b) in g.tokens {
            assert!(a <= b && b <= g.text.len());
        }
    }
    if let Ok(docs) = veille_eval::conll::parse_docs(data, std::path::Path::new("fuzz.conll")) {
        for s in docs.iter().flatten() {
            assert_eq!(s.words.len(), s.tags.len());
        }
    }
});
