//! The NER model's binary format: errors, never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = veille_nlp::ner::Model::from_bytes(data) {
        let toks: Vec<_> = ["Vladimir", "Poutine", "à", "Minsk"]
            .iter()
            .map(|w| veille_nlp::ner::Tok::new(w))
            .collect();
        let _ = m.tag(&toks);
    }
});
