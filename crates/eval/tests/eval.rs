//! Evaluation readers and metrics on small gold files written for the tests.

use std::path::Path;
use veille_eval::{conllu, langid, segment};
use veille_text::Lang;

const GOLD: &str = "# newdoc id = d1
# newpar id = p1
# text = M. Poutine est arrivé à Pékin.
1\tM.\tM.\tNOUN\t_\t_\t2\tnmod\t_\t_
2\tPoutine\tPoutine\tPROPN\t_\t_\t3\tnsubj\t_\t_
3\test\têtre\tAUX\t_\t_\t4\taux\t_\t_
4\tarrivé\tarriver\tVERB\t_\t_\t0\troot\t_\t_
5\tà\tà\tADP\t_\t_\t6\tcase\t_\t_
6\tPékin\tPékin\tPROPN\t_\t_\t4\tobl\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t_\t_\t4\tpunct\t_\t_

# text = Il parle du pays.
1\tIl\til\tPRON\t_\t_\t2\tnsubj\t_\t_
2\tparle\tparler\tVERB\t_\t_\t0\troot\t_\t_
3-4\tdu\t_\t_\t_\t_\t_\t_\t_\t_
3\tde\tde\tADP\t_\t_\t5\tcase\t_\t_
4\tle\tle\tDET\t_\t_\t5\tdet\t_\t_
5\tpays\tpays\tNOUN\t_\t_\t2\tobl\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_

# newpar id = p2
# text = Fin de l'histoire
1\tFin\tfin\tNOUN\t_\t_\t0\troot\t_\t_
2\tde\tde\tADP\t_\t_\t3\tcase\t_\t_
3\tl'\tle\tDET\t_\t_\t4\tdet\t_\tSpaceAfter=No
4\thistoire\thistoire\tNOUN\t_\t_\t1\tnmod\t_\t_

";

#[test]
fn segment_scores_perfect_output_as_one() {
    let s = conllu::parse(GOLD, Path::new("gold.conllu")).unwrap();
    let r = segment::evaluate(&s, Lang::Fr, "gold.conllu", &veille_text::segment);
    assert_eq!((r.sentences, r.tokens), (3, 16));
    assert_eq!(r.sentence_f1, 1.0);
    assert_eq!(r.token_f1, 1.0);
    assert!(r.tokens_per_s > 0.0);
}

#[test]
fn segment_scores_errors_below_one() {
    // Gold that splits "M." from its period: our tokenizer keeps "M.", so tokens differ.
    let gold = GOLD.replace(
        "1\tM.\tM.\tNOUN\t_\t_\t2\tnmod\t_\t_\n",
        "1\tM\tM\tNOUN\t_\t_\t2\tnmod\t_\tSpaceAfter=No\n1\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n",
    );
    let s = conllu::parse(&gold, Path::new("gold.conllu")).unwrap();
    let r = segment::evaluate(&s, Lang::Fr, "gold.conllu", &veille_text::segment);
    assert!(r.token_f1 < 1.0 && r.token_f1 > 0.8, "{}", r.token_f1);
}

#[test]
fn gzipped_gold_is_read_directly() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.conllu.gz");
    let mut e = flate2::write::GzEncoder::new(
        std::fs::File::create(&p).unwrap(),
        flate2::Compression::fast(),
    );
    e.write_all(GOLD.as_bytes()).unwrap();
    e.finish().unwrap();
    assert_eq!(veille_eval::read_text(&p).unwrap(), GOLD);
}

#[test]
fn langid_accuracy_per_language() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sentences")).unwrap();
    std::fs::write(dir.path().join("sentences/fr.txt"), "Le président russe est arrivé à Minsk pour des entretiens.\nLes ministres se réuniront demain à Bruxelles pour discuter de l'aide.\n").unwrap();
    std::fs::write(dir.path().join("sentences/en.txt"), "The Russian president arrived in Minsk for talks with his ally.\nLe président russe est arrivé à Minsk pour des entretiens.\n").unwrap();
    let r = langid::evaluate(dir.path(), &["fr", "en"]).unwrap();
    assert_eq!(r.accuracy["fr"], 1.0);
    assert_eq!(r.accuracy["en"], 0.5);
    assert_eq!(r.confusions["en"], "fr");
    assert!(langid::evaluate(dir.path(), &["de"]).is_err());
}

#[test]
fn extraction_scores_both_formats() {
    use std::collections::HashMap;
    use veille_eval::extract::{score_segments, score_shingles, Page};
    let page = |name: &str, with: &[&str], without: &[&str], body: Option<&str>| Page {
        name: name.into(),
        path: "x".into(),
        with: with.iter().map(|s| s.to_string()).collect(),
        without: without.iter().map(|s| s.to_string()).collect(),
        body: body.map(str::to_string),
        meta: Default::default(),
        url: None,
    };
    let pages = [page(
        "a",
        &["le texte", "la suite"],
        &["Mentions légales"],
        None,
    )];
    let texts: HashMap<String, String> =
        [("a".to_string(), "le texte et Mentions légales".to_string())].into();
    let (p, r, f) = score_segments(&pages, &texts);
    assert_eq!((p, r), (0.5, 0.5));
    assert!((f - 0.5).abs() < 1e-9);
    // Metadata: titles case- and space-blind, dates on the day, pages
    // without gold left out.
    let mut with_meta = page("m", &[], &[], None);
    with_meta.meta = veille_eval::extract::GoldMeta {
        title: Some("Le  Titre".into()),
        author: Some("Jeanne Martin".into()),
        date: Some("2024-05-24".into()),
    };
    let found: HashMap<String, veille_eval::extract::FoundMeta> = [(
        "m".to_string(),
        veille_eval::extract::FoundMeta {
            title: Some("« le titre »".into()),
            author: Some("Paul Durand".into()),
            date: Some("2024-05-24T03:01".into()),
        },
    )]
    .into();
    let (t, a, d) =
        veille_eval::extract::score_meta(&[with_meta, page("n", &[], &[], None)], &found);
    assert_eq!((t, a, d), (Some(1.0), Some(0.0), Some(1.0)));
    let pages = [page("b", &[], &[], Some("un deux trois quatre cinq six"))];
    let texts: HashMap<String, String> = [(
        "b".to_string(),
        "un deux trois quatre cinq sept".to_string(),
    )]
    .into();
    let (p, r, _) = score_shingles(&pages, &texts);
    assert!(
        (p - 2.0 / 3.0).abs() < 1e-9 && (r - 2.0 / 3.0).abs() < 1e-9,
        "{p} {r}"
    );
}

/// The harness's `eval pos` and `eval segment` on the small treebank above,
/// and its `eval link` on the fixture corpus with the team's gold: a table
/// and one JSON line each, in-process.
#[test]
fn harness_runs_evaluations_in_process() {
    use veille_eval::harness;
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("fr-tiny.conllu");
    std::fs::write(&f, GOLD).unwrap();
    let p = harness::pipeline(veille_core::Lang::Fr, &Default::default()).unwrap();
    let pos = harness::pos(&p, &f, veille_core::Lang::Fr, 3).unwrap();
    assert_eq!(pos.json["task"], "pos");
    assert!(pos.json["upos_accuracy"].as_f64().unwrap() > 0.5, "{pos}");
    let seg = harness::segment(&p, &f, None, 0).unwrap();
    assert_eq!(seg.json["sentences"], 3);
    assert_eq!(seg.json["lang"], "fr");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let link = harness::link(&p, &root.join("link_gold.tsv"), &[root.join("corpus")]).unwrap();
    assert_eq!(link.json["precision"], 1.0, "{link}");
    assert!(link.json["recall"].as_f64().unwrap() > 0.85, "{link}");
    assert!(link.to_string().lines().last().unwrap().starts_with('{'));
    // What linking and events cost, on the same corpus: three rates, and
    // events are not free (the fixtures have triggers to parse).
    let cost = harness::cost(&p, &[root.join("corpus")]).unwrap();
    assert_eq!(cost.json["task"], "cost");
    assert!(cost.json["tokens"].as_u64().unwrap() > 100, "{cost}");
    assert!(cost.json["passes"].as_u64().unwrap() >= 3, "{cost}");
    assert!(cost.to_string().contains("events and places add"), "{cost}");
    let none = harness::cost(&p, &[dir.path().join("nothing-here")]);
    assert!(none.is_err());
    // A model file that is not one is a clear error, naming the file.
    let bad = dir.path().join("ner.bin");
    std::fs::write(&bad, b"nonsense").unwrap();
    let files = harness::ModelFiles {
        ner: Some(bad),
        ..Default::default()
    };
    let e = harness::pipeline(veille_core::Lang::Fr, &files).unwrap_err();
    assert!(e.to_string().contains("ner.bin"), "{e}");
}

#[test]
fn a_treebank_splits_into_even_and_odd_halves() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.conllu");
    std::fs::write(&path, GOLD).unwrap();
    let all = conllu::read(&path).unwrap();
    let name = path.to_string_lossy();
    let even = conllu::read(Path::new(&format!("{name}#even"))).unwrap();
    let odd = conllu::read(Path::new(&format!("{name}#odd"))).unwrap();
    assert_eq!(even.len() + odd.len(), all.len());
    assert_eq!(even[0].text, all[0].text);
    assert_eq!(odd[0].text, all[1].text);
    assert!(conllu::read(Path::new(&format!("{name}#third"))).is_err());
}
