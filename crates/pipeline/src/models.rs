//! The models veille ships, compiled into the binary from `models/` and
//! loaded on first use. Retrain them with `veille train` (see README).

use std::sync::LazyLock;
use veille_nlp::ner::Model;

static NER_FR: LazyLock<Option<Model>> =
    LazyLock::new(|| Model::from_bytes(include_bytes!("../../../models/ner-fr.bin")).ok());
static NER_EN: LazyLock<Option<Model>> =
    LazyLock::new(|| Model::from_bytes(include_bytes!("../../../models/ner-en.bin")).ok());

/// The shipped NER model for a language, if there is one.
pub fn ner(lang: &str) -> Option<&'static Model> {
    match lang {
        "fr" => NER_FR.as_ref(),
        "en" => NER_EN.as_ref(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shipped_models_load() {
        for lang in ["fr", "en"] {
            let m = super::ner(lang).expect("model loads");
            assert_eq!(m.lang, lang);
            assert!(m.labels.iter().any(|l| l == "B-PER"));
        }
        assert!(super::ner("de").is_none());
    }
}
