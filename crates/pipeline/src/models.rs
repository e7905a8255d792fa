//! The models veille ships, compiled into the binary from `models/`
//! (gzipped) and loaded on first use. Retrain them with `veille train` (see
//! README).

use std::io::Read;
use std::sync::LazyLock;
use veille_nlp::deps::Parser;
use veille_nlp::ner::Model;
use veille_nlp::pos::Tagger;
use veille_nlp::sent::Splitter;

fn gunzip(b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(b).read_to_end(&mut out).ok()?;
    Some(out)
}

macro_rules! shipped {
    ($name:ident, $ty:ty, $file:literal) => {
        static $name: LazyLock<Option<$ty>> = LazyLock::new(|| {
            <$ty>::from_bytes(&gunzip(include_bytes!(concat!("../../../models/", $file)))?).ok()
        });
    };
}

shipped!(NER_FR, Model, "ner-fr.bin.gz");
shipped!(NER_EN, Model, "ner-en.bin.gz");
shipped!(POS_FR, Tagger, "pos-fr.bin.gz");
shipped!(POS_EN, Tagger, "pos-en.bin.gz");
shipped!(DEPS_FR, Parser, "deps-fr.bin.gz");
shipped!(DEPS_EN, Parser, "deps-en.bin.gz");
shipped!(SENT_FR, Splitter, "sent-fr.bin.gz");
shipped!(SENT_EN, Splitter, "sent-en.bin.gz");

fn pick<T>(
    lang: &str,
    fr: &'static LazyLock<Option<T>>,
    en: &'static LazyLock<Option<T>>,
) -> Option<&'static T> {
    match lang {
        "fr" => fr.as_ref(),
        "en" => en.as_ref(),
        _ => None,
    }
}

/// The shipped NER model for a language, if there is one.
pub fn ner(lang: &str) -> Option<&'static Model> {
    pick(lang, &NER_FR, &NER_EN)
}

/// The shipped part-of-speech tagger and lemmatizer for a language.
pub fn pos(lang: &str) -> Option<&'static Tagger> {
    pick(lang, &POS_FR, &POS_EN)
}

/// The shipped dependency parser for a language.
pub fn deps(lang: &str) -> Option<&'static Parser> {
    pick(lang, &DEPS_FR, &DEPS_EN)
}

/// The shipped sentence-boundary model for a language.
pub fn sent(lang: &str) -> Option<&'static Splitter> {
    pick(lang, &SENT_FR, &SENT_EN)
}

#[cfg(test)]
mod tests {
    #[test]
    fn shipped_models_load() {
        for lang in ["fr", "en"] {
            let m = super::ner(lang).expect("model loads");
            assert_eq!(m.lang, lang);
            assert!(m.labels.iter().any(|l| l == "B-PER"));
            let p = super::pos(lang).expect("POS model loads");
            assert_eq!(p.lang, lang);
            assert!(p.tags.iter().any(|t| t == "VERB"));
            let d = super::deps(lang).expect("parser loads");
            assert!(d.labels.iter().any(|l| l == "nsubj"));
            assert_eq!(super::sent(lang).expect("splitter loads").lang, lang);
        }
        assert!(super::ner("de").is_none());
    }
}
