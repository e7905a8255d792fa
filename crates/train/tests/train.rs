//! The NER recipe end to end without a subprocess: a small brat corpus,
//! seed averaging and jackknifed stacking, the model written, read back
//! and scored by the evaluation harness.

use veille_core::Lang;
use veille_eval::harness::{self, ModelFiles, NerGold};
use veille_train::ner::{self, NerRecipe};

const DOCS: &[(&str, &str, &str)] = &[
    ("Marie Dubois", "Lyon", "hier"),
    ("Paul Martin", "Nantes", "lundi"),
    ("Anne Leroy", "Lille", "mardi"),
    ("Jean Moreau", "Rennes", "jeudi"),
    ("Claire Petit", "Brest", "vendredi"),
    ("Louis Girard", "Dijon", "samedi"),
];

fn brat_corpus(dir: &std::path::Path) {
    for (i, (who, city, day)) in DOCS.iter().enumerate() {
        let text = format!("{who} est arrivée à {city} {day}. Elle repart demain.");
        // brat offsets count characters.
        let city_at = text[..text.find(city).unwrap()].chars().count();
        let ann = format!(
            "T1\tPerson 0 {}\t{who}\nT2\tLocation {} {}\t{city}\n",
            who.chars().count(),
            city_at,
            city_at + city.chars().count()
        );
        std::fs::write(dir.join(format!("{i}.txt")), &text).unwrap();
        std::fs::write(dir.join(format!("{i}.ann")), ann).unwrap();
    }
}

#[test]
fn a_stacked_averaged_model_learns_its_corpus_and_survives_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let brat = dir.path().join("brat");
    std::fs::create_dir(&brat).unwrap();
    brat_corpus(&brat);
    let recipe = NerRecipe {
        brat: vec![brat.clone()],
        use_kb: false,
        epochs: 4,
        seeds: 2,
        stack: true,
        pa: 1.0,
        ..NerRecipe::new(Lang::Fr)
    };
    let docs = ner::read_docs(&recipe).unwrap();
    assert_eq!(docs.len(), DOCS.len());
    let model = ner::train(&recipe, &docs).unwrap();
    assert!(model.base.is_some(), "stacking keeps the first pass");
    let path = dir.path().join("ner.bin.gz");
    veille_train::write_model(&path, &model.to_bytes()).unwrap();
    let files = ModelFiles {
        ner: Some(path),
        ..Default::default()
    };
    let p = harness::pipeline(Lang::Fr, &files).unwrap();
    let out = harness::ner(&p, &NerGold::Brat(vec![brat.clone()]), Lang::Fr, 0, None).unwrap();
    assert_eq!(out.json["f1"], 1.0, "{out}");
    let dev = ner::dev(&model, Lang::Fr, &[brat], None).unwrap();
    assert_eq!(dev.len(), 1);
    assert_eq!(dev[0].1.f1, 1.0);
}

#[test]
fn no_data_and_bad_clusters_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let empty = NerRecipe::new(Lang::Fr);
    let Err(e) = ner::train(&empty, &[]) else {
        panic!("trained on nothing");
    };
    assert!(e.to_string().contains("no training"), "{e}");
    let bogus = dir.path().join("c.bin");
    std::fs::write(&bogus, b"not clusters").unwrap();
    let brat = dir.path().join("brat");
    std::fs::create_dir(&brat).unwrap();
    brat_corpus(&brat);
    let recipe = NerRecipe {
        brat: vec![brat],
        clusters: Some(bogus),
        ..NerRecipe::new(Lang::Fr)
    };
    let docs = ner::read_docs(&recipe).unwrap();
    let Err(e) = ner::train(&recipe, &docs) else {
        panic!("trained with bogus clusters");
    };
    assert!(e.to_string().starts_with("loading clusters"), "{e}");
}
