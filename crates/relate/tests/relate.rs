//! Copies at ingest: signatures, comparisons, provenance in a store, the
//! seeds (five distinct reports, one spin) and the hand-written copy
//! fixtures, through the whole pipeline.

use proptest::prelude::*;
use std::sync::OnceLock;
use veille_core::{content_id, CopyRelation, Document, Lang, PubDate, RawDoc};
use veille_relate::{precedes, Comparison, Config, Relater, Signature};
use veille_store::{SqliteStore, Store};

fn store() -> SqliteStore {
    SqliteStore::open_in_memory().unwrap()
}

/// A document with only a text, a language and a date (no annotations).
fn doc(text: &str, lang: &str, date: Option<&str>) -> Document {
    Document {
        id: content_id(text),
        source: format!("{}.txt", &content_id(text)[..6]),
        text: text.to_string(),
        lang: Lang::from_code(lang),
        date: date.and_then(PubDate::parse_iso),
        ..Default::default()
    }
}

/// A French news-like text of `n` sentences, different for each `seed`.
fn article(seed: u64, n: usize) -> String {
    const SUBJ: &[&str] = &[
        "Le ministre",
        "La police",
        "Le maire",
        "Une juge",
        "Le syndicat",
        "Un porte-parole",
        "La préfecture",
        "Le tribunal",
        "La direction",
        "Un élu local",
        "L'association",
        "Le recteur",
    ];
    const VERB: &[&str] = &[
        "a annoncé",
        "a confirmé",
        "a démenti",
        "a rappelé",
        "a précisé",
        "a contesté",
        "a dévoilé",
        "a critiqué",
        "a salué",
        "a suspendu",
    ];
    const OBJ: &[&str] = &[
        "la fermeture du port",
        "un plan de relance",
        "la hausse des prix",
        "un nouveau recours",
        "la fin de la grève",
        "le départ du directeur",
        "des travaux sur la route",
        "un accord salarial",
        "la vente du stade",
        "un projet de tramway",
        "la réforme des horaires",
        "un budget rectificatif",
    ];
    const WHERE: &[&str] = &[
        "à Lyon",
        "à Brest",
        "dans le Nord",
        "en Bretagne",
        "à Marseille",
        "près de Lille",
        "à Nantes",
        "dans le Var",
        "à Rouen",
        "en Alsace",
    ];
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = |m: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m as u64) as usize
    };
    (0..n)
        .map(|i| {
            format!(
                "{} {} {} {} le {} mars, avec {} personnes présentes.",
                SUBJ[next(SUBJ.len())],
                VERB[next(VERB.len())],
                OBJ[next(OBJ.len())],
                WHERE[next(WHERE.len())],
                1 + next(28),
                10 + next(990) + i
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

// ------------------------------------------------------------ signatures

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whitespace changes leave the signature as it is.
    #[test]
    fn whitespace_changes_keep_the_signature(seed in 0u64..1000, spaces in proptest::collection::vec(0usize..4, 1..40)) {
        let cfg = Config::default();
        let text = article(seed, 6);
        let mut k = 0;
        let spaced: String = text
            .split(' ')
            .map(|w| {
                k += 1;
                let pad = [" ", "  ", "\n", " \t "][spaces[k % spaces.len()]];
                format!("{w}{pad}")
            })
            .collect();
        let a = Signature::of_text("a", &text, &cfg);
        let b = Signature::of_text("a", &format!("\n  {spaced}\n"), &cfg);
        prop_assert_eq!(a, b);
    }

    /// Similarity and the copy decision are symmetric.
    #[test]
    fn comparison_is_symmetric(s1 in 0u64..500, s2 in 0u64..500, cut in 1usize..8) {
        let cfg = Config::default();
        let t1 = article(s1, 8);
        let t2 = format!("{} {}", article(s2, cut), article(s1, 8 - cut));
        let a = Signature::of_text("a", &t1, &cfg);
        let b = Signature::of_text("b", &t2, &cfg);
        let (ab, ba) = (Comparison::of(&a, &b), Comparison::of(&b, &a));
        prop_assert_eq!(ab.score(&a, &b, &cfg), ba.score(&b, &a, &cfg));
        prop_assert_eq!(ab.similarity(&a, &b, &cfg), ba.similarity(&b, &a, &cfg));
        prop_assert_eq!(ab.is_copy(&a, &b, &cfg), ba.is_copy(&b, &a, &cfg));
    }

    /// A document is never its own copy, however often it is related.
    #[test]
    fn never_its_own_copy(seed in 0u64..1000, times in 1usize..4) {
        let mut s = store();
        let d = doc(&article(seed, 5), "fr", Some("2024-03-01"));
        s.put_all(std::slice::from_ref(&d)).unwrap();
        let r = Relater::default();
        for _ in 0..times {
            let out = r.relate(&mut s, &d).unwrap();
            prop_assert!(out.copy_of.is_none());
        }
        prop_assert!(s.copy_of(&d.id).unwrap().is_none());
        prop_assert!(s.copies_of(&d.id).unwrap().is_empty());
    }
}

// ------------------------------------------------------------ provenance

/// Relates documents in the given order; returns each one's
/// (original, relation), `None` for an original or a document alone.
fn relate_all(docs: &[Document]) -> Vec<Option<(String, CopyRelation)>> {
    let mut s = store();
    let r = Relater::default();
    for d in docs {
        s.put_all(std::slice::from_ref(d)).unwrap();
        r.relate(&mut s, d).unwrap();
    }
    docs.iter()
        .map(|d| s.copy_of(&d.id).unwrap().map(|l| (l.original, l.relation)))
        .collect()
}

#[test]
fn copies_of_each_kind_in_one_language() {
    let orig = article(1, 14);
    let sentences: Vec<&str> = orig.split_inclusive(". ").collect();
    let boiler = format!(
        "Accepter les cookies et continuer\n\n{orig}\n\nSource link. Partager sur les réseaux."
    );
    let half = sentences[..6].concat();
    let mut moved = sentences.clone();
    moved.rotate_left(5);
    let moved = moved.concat();
    // Reworded: every sentence has words changed.
    let reworded: String = sentences
        .iter()
        .map(|s| {
            s.replace(" le ", " ce ")
                .replace("personnes présentes", "participants au total")
                .replace(", avec ", ", en présence de ")
                .replace(" a ", " aurait ")
        })
        .collect();
    let docs = [
        doc(&orig, "fr", Some("2024-03-01")),
        doc(&boiler, "fr", Some("2024-03-02")),
        doc(&half, "fr", Some("2024-03-02")),
        doc(&moved, "fr", Some("2024-03-03")),
        doc(&reworded, "fr", Some("2024-03-03")),
        doc(&article(2, 14), "fr", Some("2024-03-01")),
    ];
    let got = relate_all(&docs);
    let want = [
        None,
        Some(CopyRelation::Repost),
        Some(CopyRelation::Partial),
        Some(CopyRelation::Repost),
        Some(CopyRelation::Rewrite),
        None,
    ];
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(g.as_ref().map(|x| x.1), w, "document {i}: {got:?}");
        if let Some((o, _)) = g {
            assert_eq!(o, &docs[0].id, "document {i}'s original");
        }
    }
}

#[test]
fn an_earlier_original_arriving_late_takes_the_group() {
    let orig = article(3, 12);
    let copy1 = format!("Publié par la rédaction.\n\n{orig}");
    let copy2 = format!("{orig}\n\nSource link.");
    let docs = [
        doc(&copy1, "fr", Some("2024-04-03")),
        doc(&copy2, "fr", Some("2024-04-05")),
        doc(&orig, "fr", Some("2024-04-01")),
    ];
    let got = relate_all(&docs);
    assert_eq!(got[2], None, "the earliest is the original");
    for g in &got[..2] {
        assert_eq!(g.as_ref().map(|x| x.0.as_str()), Some(docs[2].id.as_str()));
        assert_eq!(g.as_ref().map(|x| x.1), Some(CopyRelation::Repost));
    }
}

#[test]
fn the_same_content_found_again_earlier_takes_the_date_and_the_group() {
    let orig = article(5, 12);
    let copy = format!("Accepter les cookies.\n\n{orig}\n\nSource link.");
    let first_seen = doc(&orig, "fr", Some("2024-04-07"));
    let repost = doc(&copy, "fr", Some("2024-04-05"));
    let mut again = first_seen.clone();
    again.source = "elsewhere.txt".into();
    again.date = PubDate::parse_iso("2024-04-01");
    let mut s = store();
    let r = Relater::default();
    for d in [&first_seen, &repost] {
        s.put_all(std::slice::from_ref(d)).unwrap();
        r.relate(&mut s, d).unwrap();
    }
    // First seen later than the repost: the repost is the original.
    assert_eq!(
        s.copy_of(&first_seen.id).unwrap().map(|l| l.original),
        Some(repost.id.clone())
    );
    // A later date from a third source changes nothing.
    let mut later = first_seen.clone();
    later.date = PubDate::parse_iso("2024-04-09");
    assert_eq!(
        s.put_all(std::slice::from_ref(&later)).unwrap(),
        [veille_store::Put::Duplicate]
    );
    let out = r.seen_again(&mut s, &later).unwrap();
    assert_eq!(out.became_original_of, 0);
    assert!(out.copy_of.is_some());
    // Found again, published before the repost: it takes the group.
    assert_eq!(
        s.put_all(std::slice::from_ref(&again)).unwrap(),
        [veille_store::Put::Duplicate]
    );
    let out = r.seen_again(&mut s, &again).unwrap();
    assert_eq!(out.became_original_of, 1);
    assert!(out.copy_of.is_none());
    assert!(s.copy_of(&first_seen.id).unwrap().is_none());
    let link = s
        .copy_of(&repost.id)
        .unwrap()
        .expect("the repost is a copy");
    assert_eq!(link.original, first_seen.id);
    assert_eq!(link.relation, CopyRelation::Repost);
    assert_eq!(
        s.get(&first_seen.id).unwrap().unwrap().date,
        PubDate::parse_iso("2024-04-01")
    );
    // A new copy now finds the group under it.
    let third = doc(&format!("{orig}\n\nPartager."), "fr", Some("2024-04-02"));
    s.put_all(std::slice::from_ref(&third)).unwrap();
    let out = r.relate(&mut s, &third).unwrap();
    assert_eq!(out.copy_of.map(|l| l.original), Some(first_seen.id.clone()));
}

#[test]
fn originals_by_date_then_completeness() {
    let cfg = Config::default();
    let sig = |text: &str, date: Option<&str>| {
        let mut s = Signature::of_text(text, text, &cfg);
        s.date = date.map(str::to_string);
        s
    };
    let long = article(4, 10);
    let short = article(4, 4);
    // (a, b, does a come first?)
    let cases = [
        (
            sig(&short, Some("2024-01-01")),
            sig(&long, Some("2024-01-02")),
            true,
        ),
        (
            sig(&long, Some("2024-01-02")),
            sig(&short, Some("2024-01-01")),
            false,
        ),
        (
            sig(&long, Some("2024-01-01T10:00")),
            sig(&short, Some("2024-01-01")),
            true,
        ),
        (sig(&long, None), sig(&short, Some("2024-01-01")), true),
        (sig(&short, None), sig(&long, None), false),
        (
            sig(&long, Some("2024")),
            sig(&short, Some("2024-05-01")),
            true,
        ),
    ];
    for (i, (a, b, want)) in cases.iter().enumerate() {
        assert_eq!(precedes(a, b), *want, "case {i}");
    }
}

#[test]
fn unrelated_texts_sharing_words_are_not_copies() {
    // Same template, same vocabulary, different facts: not copies.
    let docs: Vec<Document> = (10..40)
        .map(|i| doc(&article(i, 10), "fr", Some("2024-03-01")))
        .collect();
    let cfg = Config::default();
    let sigs: Vec<Signature> = docs.iter().map(|d| Signature::of(d, &cfg)).collect();
    let max = sigs
        .iter()
        .enumerate()
        .flat_map(|(i, a)| sigs[i + 1..].iter().map(move |b| Comparison::of(a, b).text))
        .fold(0.0, f64::max);
    assert!(
        relate_all(&docs).iter().all(Option::is_none),
        "max share {max}"
    );
}

#[test]
fn lookups_read_the_index_not_the_store() {
    // 300 stored documents; a new one compares with its candidates only.
    let mut s = store();
    let r = Relater::default();
    for i in 0..300 {
        let d = doc(&article(1000 + i, 8), "fr", None);
        s.put_all(std::slice::from_ref(&d)).unwrap();
        r.relate(&mut s, &d).unwrap();
    }
    let d = doc(&article(5000, 8), "fr", None);
    s.put_all(std::slice::from_ref(&d)).unwrap();
    let out = r.relate(&mut s, &d).unwrap();
    assert!(out.compared <= r.cfg.max_candidates, "{}", out.compared);
    assert!(out.copy_of.is_none());
}

// ------------------------------------------------------------ pipeline

fn pipeline() -> &'static veille_pipeline::Pipeline {
    static P: OnceLock<veille_pipeline::Pipeline> = OnceLock::new();
    P.get_or_init(|| veille_pipeline::Pipeline::builtin().expect("shipped models"))
}

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn the_five_seeds_are_five_documents_and_one_spin() {
    let dir = root().join("../shared/seeds");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("../shared/seeds")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    let docs: Vec<Document> = files
        .iter()
        .map(|f| {
            let raw = RawDoc::text(f.display().to_string(), std::fs::read_to_string(f).unwrap());
            pipeline().analyze(&raw, &Default::default())
        })
        .collect();
    // Every order: no copy relation among them.
    let r = Relater::default();
    for rot in 0..docs.len() {
        let mut order = docs.clone();
        order.rotate_left(rot);
        let mut s = store();
        for d in &order {
            s.put_all(std::slice::from_ref(d)).unwrap();
            let out = r.relate(&mut s, d).unwrap();
            assert!(
                out.copy_of.is_none(),
                "{} linked: {:?}",
                d.source,
                out.copy_of
            );
            assert_eq!(out.became_original_of, 0, "{}", d.source);
        }
    }
    let spins: Vec<bool> = docs.iter().map(|d| r.spin(d).is_some()).collect();
    assert_eq!(
        spins,
        [false, false, false, false, true],
        "only seed 004 is a spin"
    );
    let spin = r.spin(&docs[4]).unwrap();
    assert!(spin.sentences.len() >= 2, "{spin:?}");
    for s in &spin.sentences {
        assert!(
            docs[4].text.contains(s.as_str()),
            "a sentence of the text: {s:?}"
        );
    }
}

/// The fixtures' gold: url → (original url, relation, spin).
fn fixture_gold() -> Vec<(String, Option<String>, Option<CopyRelation>, bool)> {
    let gold = std::fs::read_to_string(root().join("tests/fixtures/copies/gold.tsv")).unwrap();
    gold.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "{l:?}");
            let opt = |s: &str| (s != "-").then(|| s.to_string());
            (
                f[0].to_string(),
                opt(f[1]),
                opt(f[2]).map(|r| CopyRelation::parse(&r).expect("relation")),
                f[3] == "yes",
            )
        })
        .collect()
}

fn fixture_docs() -> Vec<Document> {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/copies/articles.jsonl")).unwrap();
    text.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().map(str::to_string);
            let raw = RawDoc {
                source: s("url").unwrap(),
                url: s("url"),
                title: s("title"),
                date: s("date"),
                text: s("text").unwrap(),
                format: veille_core::Format::Jsonl,
                ..Default::default()
            };
            pipeline().analyze(&raw, &Default::default())
        })
        .collect()
}

#[test]
fn hand_written_copies_are_traced_to_their_original() {
    let gold = fixture_gold();
    let docs = fixture_docs();
    assert_eq!(gold.len(), docs.len());
    let r = Relater::default();
    // In the file's order, then reversed (originals last).
    for reversed in [false, true] {
        let mut s = store();
        let order: Vec<&Document> = if reversed {
            docs.iter().rev().collect()
        } else {
            docs.iter().collect()
        };
        for d in order {
            if s.put_all(std::slice::from_ref(d)).unwrap() == [veille_store::Put::Inserted] {
                r.relate(&mut s, d).unwrap();
            }
        }
        let id_of = |url: &str| {
            docs.iter()
                .find(|d| d.url.as_deref() == Some(url))
                .map(|d| d.id.clone())
                .unwrap()
        };
        let mut failures = Vec::new();
        for (url, orig, rel, spin) in &gold {
            let d = docs
                .iter()
                .find(|d| d.url.as_deref() == Some(url.as_str()))
                .unwrap();
            let link = s.copy_of(&d.id).unwrap();
            let got = link.as_ref().map(|l| (l.original.clone(), l.relation));
            // An exact repost after cleaning is the same document.
            let same_doc = orig.as_ref().is_some_and(|o| id_of(o) == d.id);
            let want = orig.as_ref().map(|o| (id_of(o), rel.unwrap()));
            if !(same_doc && *rel == Some(CopyRelation::Repost)) && got != want {
                failures.push(format!(
                    "{url} (reversed: {reversed}): got {got:?}, want {want:?} ({:?})",
                    link.map(|l| l.evidence)
                ));
            }
            if r.spin(d).is_some() != *spin {
                failures.push(format!("{url}: spin should be {spin}"));
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }
}

/// Two reports of one accusation in one story, and a third with another
/// type: the same event is one event with two mentions, whether the
/// linker reads the earlier report from the store or holds its facts.
#[test]
fn a_linker_holding_facts_links_as_one_reading_the_store() {
    use veille_core::{EventType, Modality};
    use veille_relate::EventLinker;
    use veille_store::conformance::{doc as fixture, event};
    use veille_store::StoryRecord;
    let report = |name: &str, text: &str, ty: EventType, date: Option<&str>| {
        let mut d = fixture(name, None, text).date("2024-06-01").build();
        d.events = vec![event(
            &d,
            "accusé",
            ty,
            Some(("Kiev", "Q212")),
            Some(("Moscou", "Q159")),
            Modality::Asserted,
            date,
        )];
        d
    };
    let a = report(
        "a.txt",
        "Kiev a accusé Moscou samedi.",
        EventType::Accuse,
        Some("2024-06-01"),
    );
    let b = report(
        "b.txt",
        "Samedi, Kiev a accusé Moscou de frappes.",
        EventType::Accuse,
        Some("2024-06-01"),
    );
    let c = report(
        "c.txt",
        "Kiev a accusé Moscou, puis menacé.",
        EventType::Threaten,
        Some("2024-06-01"),
    );
    // `b` again, a month later by its stated date: another event.
    let late = report(
        "d.txt",
        "Kiev a accusé Moscou en juillet.",
        EventType::Accuse,
        Some("2024-07-02"),
    );
    let run = |holding: bool| {
        let mut s = store();
        let docs = [a.clone(), b.clone(), c.clone(), late.clone()];
        s.put_all(&docs).unwrap();
        s.put_story(&StoryRecord {
            id: "s1".into(),
            label: "Kiev, Moscou".into(),
            first_date: Some("2024-06-01".into()),
            last_date: Some("2024-06-01".into()),
            keys: vec!["Q212".into()],
            data: b"{}".to_vec(),
        })
        .unwrap();
        let mut linker = EventLinker::new(if holding { 100 } else { 0 });
        let mut linked = Vec::new();
        for d in &docs {
            s.set_story(&d.id, "s1").unwrap();
            linked.push(linker.link(&mut s, d).unwrap());
        }
        let reports = s.event_reports(&a.id, 0).unwrap();
        (linked, reports.mentions, linker.reads)
    };
    let (linked, mentions, reads) = run(false);
    assert_eq!(linked, vec![0, 1, 0, 0]);
    assert_eq!(mentions, 2);
    assert!(reads >= 3, "{reads}");
    let held = run(true);
    assert_eq!((held.0, held.1), (linked, mentions));
    assert_eq!(held.2, 0, "every related document's facts were held");
}
