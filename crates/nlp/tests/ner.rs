//! The shipped NER models on the team's fixture articles, and invariants of
//! `recognize` on arbitrary text and of word clustering on arbitrary sentences.

use proptest::prelude::*;
use veille_nlp::ner::{recognize, Model};
use veille_text::{segment, Lang};

fn gunzip(b: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(b)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn model(lang: &str) -> Model {
    let bytes = match lang {
        "fr" => include_bytes!("../../../models/ner-fr.bin.gz").as_slice(),
        _ => include_bytes!("../../../models/ner-en.bin.gz").as_slice(),
    };
    Model::from_bytes(&gunzip(bytes)).unwrap()
}

fn render(m: &Model, text: &str, lang: Lang) -> String {
    let (t, s) = segment(text, lang);
    recognize(m, text, &t, &s)
        .iter()
        .map(|e| {
            format!(
                "{:>5}..{:<5} {:<7} {}\n",
                e.span.start, e.span.end, e.label, e.text
            )
        })
        .collect()
}

#[test]
fn golden_french_entities() {
    let text = include_str!("../../../tests/fixtures/corpus/fr_otan_vilnius.txt");
    insta::assert_snapshot!(render(&model("fr"), text, Lang::Fr));
}

#[test]
fn golden_english_entities() {
    let text = include_str!("../../../tests/fixtures/corpus/en_grain_corridor.txt");
    insta::assert_snapshot!(render(&model("en"), text, Lang::En));
}

#[test]
fn headlines_in_capitals_and_typographic_apostrophes() {
    let m = model("fr");
    let text = "POUTINE REÇOIT XI JINPING À MOSCOU\nSelon M. Poutine, l’OTAN et les habitants d’Avdiivka n’ont qu’à attendre.";
    let (t, s) = segment(text, Lang::Fr);
    let ents = recognize(&m, text, &t, &s);
    let names: Vec<&str> = ents.iter().map(|e| e.text.as_str()).collect();
    assert!(names.contains(&"OTAN"), "{names:?}");
    assert!(names.contains(&"Avdiivka"), "{names:?}");
    assert!(names.iter().any(|n| n.contains("Poutine")), "{names:?}");
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with('’') || n.starts_with("l’") || n.starts_with("d’") || *n == "qu’"),
        "{names:?}"
    );
}

#[test]
fn version_header_is_checked() {
    let mut bytes = gunzip(include_bytes!("../../../models/ner-fr.bin.gz"));
    bytes[8] = 99;
    assert!(matches!(
        Model::from_bytes(&bytes),
        Err(veille_nlp::ModelError::Version(..))
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn entity_spans_are_valid(text in r"([A-ZÉ][a-zé]{0,8}|[a-zé’']{1,8}|[«».,;:!?()\-]| |\n){0,60}") {
        let m = model("fr");
        let (t, s) = segment(&text, Lang::Fr);
        let ents = recognize(&m, &text, &t, &s);
        for e in &ents {
            prop_assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
            prop_assert_eq!(e.span.slice(&text), e.text.as_str());
            prop_assert!(!e.text.is_empty());
        }
        for w in ents.windows(2) {
            prop_assert!(w[0].span.end <= w[1].span.start, "overlapping entities");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    /// Any text clusters into classes within the asked sizes, every word
    /// seen often enough gets classes, and the table survives its bytes.
    #[test]
    fn clusters_stay_within_their_sizes(
        sents in prop::collection::vec(prop::collection::vec("[a-e]{1,2}", 0..8), 0..20),
        k in 2u16..6,
    ) {
        use veille_nlp::clusters::{learn, ClusterOptions, Clusters};
        use veille_nlp::ner::features::word_key;
        let opts = ClusterOptions { sizes: vec![k, k * 2], min_count: 2, iterations: 4, max_contexts: 3 };
        let c = learn(&sents, &opts, word_key, |_, _, _| {});
        let mut counts = std::collections::HashMap::new();
        for w in sents.iter().flatten() {
            *counts.entry(w.as_str()).or_insert(0) += 1;
        }
        for (w, n) in counts {
            let got = c.get(word_key(w));
            prop_assert_eq!(got.is_some(), n >= 2, "{}", w);
            if let Some(p) = got {
                prop_assert!(Clusters::level(p, 0) < k);
                prop_assert!(Clusters::level(p, 1) < k * 2);
            }
        }
        prop_assert_eq!(Clusters::from_bytes(&c.to_bytes()).unwrap(), c);
    }
}
