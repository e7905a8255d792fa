//! The issue-2 bar on the five real seed articles in ../shared/seeds, and
//! golden documents for the team's fixture corpus.

use std::path::{Path, PathBuf};
use veille_core::{Document, EntityLabel, RemovalReason};
use veille_ingest::{read_all, Options};
use veille_pipeline::Pipeline;

fn pipeline() -> &'static Pipeline {
    static P: std::sync::LazyLock<Pipeline> =
        std::sync::LazyLock::new(|| Pipeline::builtin().expect("shipped models load"));
    &P
}

fn analyze(raw: &veille_core::RawDoc, opts: &veille_pipeline::Options) -> Document {
    pipeline().analyze(raw, opts)
}

mod invariants;

fn docs_in(dir: &Path) -> Vec<Document> {
    let mut out = Vec::new();
    read_all(&[dir.to_path_buf()], &Options::default(), &mut |r| {
        if let Ok(raw) = r {
            out.push(analyze(&raw, &Default::default()));
        }
    });
    out
}

fn seeds_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    assert!(
        d.is_dir(),
        "the seed articles are expected at {} (../shared beside the repository)",
        d.display()
    );
    d
}

fn seeds() -> Vec<Document> {
    let docs = docs_in(&seeds_dir());
    assert_eq!(docs.len(), 5);
    docs
}

#[test]
fn all_seeds_are_french() {
    for d in seeds() {
        assert_eq!(d.lang, "fr", "{}", d.source);
        assert!(d.lang_confidence > 0.9);
    }
}

#[test]
fn no_boilerplate_survives_in_any_seed() {
    for d in seeds() {
        let t = d.text.to_lowercase();
        for bad in [
            "cookie",
            "leave a reply",
            "source link",
            "required fields",
            "you're ok with this",
            "by pfvz8",
            "related articles",
            "plus: tendance",
            "[email protected]",
        ] {
            assert!(!t.contains(bad), "{:?} left in {}", bad, d.source);
        }
    }
}

#[test]
fn seed_000_keeps_the_repeated_sentence_once() {
    let d = &seeds()[0];
    let s = "Les images suggèrent que Moscou a envoyé ses soldats au combat avec des véhicules de l’ère soviétique vieux de 70 ans";
    assert_eq!(d.text.matches(s).count(), 1);
    assert!(d
        .removed
        .iter()
        .any(|r| r.reason == RemovalReason::RepeatedSentence && r.text.starts_with(s)));
    assert!(d
        .removed
        .iter()
        .any(|r| r.reason == RemovalReason::PhotoCredit));
}

#[test]
fn seed_004_date_is_found() {
    let d = &seeds()[4];
    let date = d.date.as_ref().expect("date of seed 004");
    assert_eq!(date.value, "2024-05-24T03:01");
    assert!(!d.text.contains("2024-05-24 03:01"));
}

#[test]
fn english_residue_is_flagged_in_seeds_001_and_002() {
    let s = seeds();
    let flags = |i: usize| {
        s[i].flags
            .iter()
            .map(|f| f.text.clone())
            .collect::<Vec<_>>()
    };
    assert!(flags(1).contains(&"[We]".to_string()), "{:?}", flags(1));
    assert!(
        flags(2).contains(&"[these talks]".to_string()),
        "{:?}",
        flags(2)
    );
    for (i, d) in s.iter().enumerate() {
        for f in &d.flags {
            assert_eq!(f.span.slice(&d.text), f.text, "seed {i}");
        }
    }
}

#[test]
fn seed_titles_come_from_breadcrumbs_and_first_lines() {
    let s = seeds();
    assert!(s[1]
        .title
        .as_deref()
        .unwrap()
        .starts_with("Poutine propose de partager les armes"));
    assert_eq!(
        s[2].title.as_deref(),
        Some("Kyiv attaquée : la Russie renouvelle ses frappes")
    );
    assert!(s[4]
        .title
        .as_deref()
        .unwrap()
        .starts_with("Poutine discutera"));
    assert!(s[4]
        .removed
        .iter()
        .any(|r| r.reason == RemovalReason::RepeatedTitle));
}

#[test]
fn sentence_spans_are_valid_and_elision_does_not_split() {
    for d in seeds() {
        for s in &d.sentences {
            assert!(d.text.is_char_boundary(s.start) && d.text.is_char_boundary(s.end));
        }
        assert!(d.token_count > 300);
        // "M. Poutine" never ends a sentence.
        assert!(!d
            .sentences
            .iter()
            .any(|s| s.slice(&d.text).ends_with(" M.")));
    }
}

/// Golden documents for the fixture corpus (ids, titles, dates, removals, flags).
#[test]
fn golden_fixture_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/corpus");
    let docs = docs_in(&dir);
    let summary: Vec<serde_json::Value> = docs
        .iter()
        .map(|d| {
            serde_json::json!({
                "source": Path::new(&d.source).file_name().unwrap().to_string_lossy(),
                "id": d.id, "title": d.title, "author": d.author, "date": d.date, "site": d.site, "lang": d.lang,
                "sentences": d.sentences.len(), "tokens": d.token_count,
                "removed": d.removed.iter().map(|r| format!("{}:{}", r.line, r.reason.as_str())).collect::<Vec<_>>(),
                "flags": d.flags.iter().map(|f| f.text.clone()).collect::<Vec<_>>(),
                "entities": d.entities.iter().map(|e| format!("{} [{}]", e.text, e.label)).collect::<Vec<_>>(),
            })
        })
        .collect();
    insta::assert_json_snapshot!(summary);
}

#[test]
fn key_entities_of_the_seeds_are_found() {
    let docs = seeds();
    let all: Vec<(String, String)> = docs
        .iter()
        .flat_map(|d| {
            d.entities
                .iter()
                .map(|e| (e.text.clone(), e.label.as_str().to_string()))
        })
        .collect();
    let has = |t: &str, l: &str| all.iter().any(|(a, b)| a == t && b == l);
    for (t, l) in [
        ("Vladimir Poutine", "PER"),
        ("Xi Jinping", "PER"),
        ("Alexandre Loukachenko", "PER"),
        ("Sergueï Lavrov", "PER"),
        ("Antony Blinken", "PER"),
        ("Kim Jong-un", "PER"),
        ("Dmitri Peskov", "PER"),
        ("Pékin", "LOC"),
        ("Minsk", "LOC"),
        ("Biélorussie", "LOC"),
        ("OTAN", "ORG"),
        ("RIA Novosti", "ORG"),
        ("KCNA", "ORG"),
    ] {
        assert!(has(t, l), "{t} [{l}] not found");
    }
}

#[test]
fn no_entity_is_an_elision_fragment_or_a_lowercase_word() {
    for d in seeds() {
        for e in &d.entities {
            assert_eq!(e.span.slice(&d.text), e.text);
            let first = e.text.split_whitespace().next().unwrap();
            assert!(
                !first.ends_with(['\'', '’']),
                "elision in {:?} ({})",
                e.text,
                d.source
            );
            assert!(
                !e.text.ends_with(['\'', '’']),
                "elision in {:?} ({})",
                e.text,
                d.source
            );
            assert!(
                !matches!(e.text.to_lowercase().as_str(), "qu’" | "d’" | "l’" | "n’"),
                "{:?}",
                e.text
            );
            if e.label == EntityLabel::Per && !e.nominal {
                assert!(
                    first.starts_with(char::is_uppercase),
                    "person starting lower-case: {:?}",
                    e.text
                );
            }
            assert!(e.confidence > 0.0 && e.confidence <= 1.0);
        }
    }
}

/// Issue 5's bar: one id per actor across every form, governments coded.
#[test]
fn seed_mentions_link_to_one_identity_each() {
    let docs = seeds();
    let mut ids: std::collections::HashMap<&str, std::collections::HashSet<String>> =
        Default::default();
    let groups: &[(&str, &[&str])] = &[
        (
            "Poutine",
            &[
                "Poutine",
                "Vladimir Poutine",
                "président russe",
                "M. Poutine",
            ],
        ),
        ("Xi", &["Xi Jinping", "Xi JinPing", "président chinois"]),
        ("Loukachenko", &["Loukachenko", "Alexandre Loukachenko"]),
        ("Lavrov", &["Lavrov", "Sergueï Lavrov", "Sergie Lavrov"]),
        ("Choïgou", &["Sergueï Choïgou", "Shoigu", "Sergei Shoigu"]),
        ("Peskov", &["Dmitri Peskov"]),
        ("Blinken", &["Antony Blinken", "Blinken"]),
        ("Kim", &["Kim Jong-un", "Kim"]),
        ("Zelenskyy", &["Volodymyr Zelenskyy", "Zelenskyy"]),
        ("Macron", &["Emmanuel Macron"]),
    ];
    for d in &docs {
        for e in &d.entities {
            for (who, forms) in groups {
                if forms.contains(&e.text.as_str()) {
                    ids.entry(who)
                        .or_default()
                        .insert(e.entity_id.clone().expect("every entity is linked"));
                }
            }
        }
    }
    for (who, _) in groups {
        let set = ids.get(who).unwrap_or_else(|| panic!("{who} not found"));
        assert_eq!(set.len(), 1, "{who} has several ids: {set:?}");
    }
    assert_ne!(ids["Poutine"], ids["Xi"]);
    // Seed 002: the Russian foreign minister is Lavrov.
    let d2 = &docs[2];
    let fm = d2
        .entities
        .iter()
        .find(|e| e.text == "ministre russe des Affaires étrangères")
        .expect("role mention");
    assert!(fm.nominal);
    assert_eq!(
        Some(fm.entity_id.clone().unwrap()),
        ids["Lavrov"].iter().next().cloned()
    );
    // Capitals used as governments carry their country's government code.
    let code_of = |d: &Document, text: &str| {
        d.entities
            .iter()
            .filter(|e| e.text == text)
            .filter_map(|e| e.code.clone())
            .collect::<Vec<_>>()
    };
    assert!(code_of(&docs[3], "Pékin").contains(&"CHN GOV".to_string()));
    assert!(code_of(&docs[3], "Washington").contains(&"USA GOV".to_string()));
    assert!(code_of(&docs[1], "Moscou").contains(&"RUS GOV".to_string()));
    assert!(
        code_of(&docs[2], "Minsk").contains(&"BLR GOV".to_string()),
        "selon Minsk"
    );
    assert!(
        code_of(&docs[2], "Minsk").contains(&"BLR".to_string()),
        "arrivé à Minsk is a place"
    );
    // Actor codes on linked people and organisations.
    let code = |text: &str| {
        docs.iter()
            .flat_map(|d| d.entities.iter())
            .find(|e| e.text == text)
            .and_then(|e| e.code.clone())
    };
    assert_eq!(code("Viktor Khrenin").as_deref(), Some("BLR MIL"));
    assert_eq!(code("Kremlin").as_deref(), Some("RUS GOV"));
    assert_eq!(code("OTAN").as_deref(), Some("IGOWSTNAT"));
    assert_eq!(code("Vladimir Poutine").as_deref(), Some("RUS GOV"));
    assert_eq!(code("Kim Jong-un").as_deref(), Some("PRK GOV"));
}

fn seed(docs: &[Document], prefix: &str) -> Document {
    docs.iter()
        .find(|d| {
            Path::new(&d.source)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(prefix)
        })
        .cloned()
        .unwrap()
}

/// (speaker name, start of the quoted text) of every quote in a document.
fn speakers(d: &Document) -> Vec<(String, String)> {
    d.quotes
        .iter()
        .map(|q| {
            (
                q.speaker_name.clone().unwrap_or_default(),
                q.text.chars().take(30).collect(),
            )
        })
        .collect()
}

fn said(d: &Document, speaker: &str, start: &str) -> bool {
    d.quotes
        .iter()
        .any(|q| q.speaker_name.as_deref() == Some(speaker) && q.text.starts_with(start))
}

/// Issue-6 bar: the quoted passages of the seeds with the right speakers.
#[test]
fn seed_quotes_have_the_right_speakers() {
    let docs = seeds();
    let s0 = seed(&docs, "000");
    assert!(
        said(&s0, "Xi Jinping", "Nous nous opposons"),
        "{:?}",
        speakers(&s0)
    );
    assert!(
        said(&s0, "Vladimir Poutine", "Dans les conditions"),
        "{:?}",
        speakers(&s0)
    );
    let ria = s0
        .quotes
        .iter()
        .find(|q| q.text.starts_with("Il y a certaines valises"))
        .unwrap();
    assert!(ria
        .speaker
        .as_deref()
        .unwrap()
        .contains("correspondants du Kremlin"));
    assert!(ria.speaker.as_deref().unwrap().contains("RIA"));
    let s3 = seed(&docs, "003");
    assert!(
        said(&s3, "Antony Blinken", "Même si la probabilité"),
        "{:?}",
        speakers(&s3)
    );
    assert!(
        said(&s3, "Sergueï Lavrov", "Nous parlons de lignes rouges"),
        "{:?}",
        speakers(&s3)
    );
    // A quote continued in the next paragraph keeps its speaker.
    assert!(
        said(&s3, "Sergueï Lavrov", "Ce n'est pas sérieux"),
        "{:?}",
        speakers(&s3)
    );
    // A role ("le ministre russe des Affaires étrangères") resolved by the KB.
    // The reported clause carries the words it quotes: « pleinement prêtes ».
    assert!(
        said(
            &s3,
            "Sergueï Lavrov",
            "les armes nucléaires russes étaient « pleinement prêtes"
        ),
        "{:?}",
        speakers(&s3)
    );
    let s2 = seed(&docs, "002");
    assert!(
        said(&s2, "Serhiy Nayev", "Durant [these talks]"),
        "{:?}",
        speakers(&s2)
    );
    assert!(
        said(
            &s2,
            "Dmitri Peskov",
            "ces informations étaient “sans fondement”"
        ),
        "{:?}",
        speakers(&s2)
    );
    // "a-t-il déclaré" resolves to the president named before.
    assert!(
        said(&s2, "Volodymyr Zelensky", "Le champ de bataille"),
        "{:?}",
        speakers(&s2)
    );
    assert!(
        said(&s2, "Volodymyr Zelensky", "Nous contrôlons la ville"),
        "{:?}",
        speakers(&s2)
    );
    // Scare quotes without a cue are not quotes.
    assert!(!s0.quotes.iter().any(|q| q.text == "mallettes nucléaires"));
}

/// Issue-6 bar: seed 004's relative dates against its date 2024-05-24.
#[test]
fn seed_004_times_resolve_against_its_date() {
    let d = seed(&seeds(), "004");
    let value = |t: &str| {
        d.times
            .iter()
            .find(|x| x.text.eq_ignore_ascii_case(t))
            .and_then(|x| x.value.clone())
    };
    assert_eq!(value("jeudi").as_deref(), Some("2024-05-23"));
    assert_eq!(value("mardi dernier").as_deref(), Some("2024-05-21"));
    assert_eq!(
        value("les 26 et 27 mai").as_deref(),
        Some("2024-05-26/2024-05-27")
    );
    // Seeds without a date keep relative expressions unresolved.
    let s2 = seed(&seeds(), "002");
    assert!(s2.date.is_none());
    assert!(s2
        .times
        .iter()
        .filter(|t| t.text == "lundi")
        .all(|t| t.value.is_none()));
}

/// Golden quotes, times and one parsed sentence of the fixture corpus.
#[test]
fn golden_fixture_quotes_times_and_syntax() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/corpus");
    let mut out = Vec::new();
    read_all(&[dir], &Options::default(), &mut |r| {
        if let Ok(raw) = r {
            let opts = veille_pipeline::Options {
                keep_tokens: true,
                ..Default::default()
            };
            out.push(analyze(&raw, &opts));
        }
    });
    out.sort_by(|a, b| a.source.cmp(&b.source));
    let summary: Vec<serde_json::Value> = out
        .iter()
        .map(|d| {
            let first: Vec<String> = d
                .words
                .iter()
                .take_while(|w| d.sentences.first().is_some_and(|s| w.span.end <= s.end))
                .map(|w| {
                    format!(
                        "{}/{}/{}/{}>{}",
                        w.form(&d.text),
                        w.pos,
                        w.lemma,
                        w.rel,
                        w.head.map_or(-1, |h| h as i64)
                    )
                })
                .collect();
            serde_json::json!({
                "source": Path::new(&d.source).file_name().unwrap().to_string_lossy(),
                "quotes": d.quotes.iter().map(|q| format!("{} | {} | {} | {}", q.kind, q.cue.clone().unwrap_or_default(), q.speaker_name.clone().or(q.speaker.clone()).unwrap_or_default(), q.text)).collect::<Vec<_>>(),
                "times": d.times.iter().map(|t| format!("{} = {}", t.text, t.value.clone().unwrap_or_default())).collect::<Vec<_>>(),
                "first_sentence": first,
            })
        })
        .collect();
    insta::assert_json_snapshot!(summary);
}

/// Every word's head lies in its own sentence, and each sentence has one root.
#[test]
fn dependency_trees_are_well_formed_on_the_seeds() {
    let dir = seeds_dir();
    read_all(&[dir], &Options::default(), &mut |r| {
        let raw = r.unwrap();
        let d = analyze(
            &raw,
            &veille_pipeline::Options {
                keep_tokens: true,
                ..Default::default()
            },
        );
        assert!(!d.words.is_empty());
        for s in &d.sentences {
            let idx: Vec<usize> = (0..d.words.len())
                .filter(|&i| d.words[i].span.start >= s.start && d.words[i].span.end <= s.end)
                .collect();
            if idx.is_empty() {
                continue;
            }
            assert_eq!(
                idx.iter().filter(|&&i| d.words[i].head.is_none()).count(),
                1
            );
            for &i in &idx {
                if let Some(h) = d.words[i].head {
                    assert!(idx.contains(&h), "head outside its sentence");
                }
            }
        }
    });
}

fn analyse_text(text: &str) -> Document {
    let raw = veille_ingest::RawDoc {
        source: "test".into(),
        text: text.into(),
        ..Default::default()
    };
    analyze(&raw, &Default::default())
}

/// Reported speech without "that", trailing sources, and negated cues.
#[test]
fn reported_speech_patterns() {
    let d = analyse_text(
        "The talks in Geneva ended late on Monday after a long day of meetings between the delegations.\n\n\
         Secretary of State Antony Blinken said the negotiations would resume next week in Vienna.\n\n\
         The ceasefire will be monitored by international observers, according to the United Nations.\n\n\
         The Kremlin did not say whether President Vladimir Putin would attend the summit in person.",
    );
    let find = |start: &str| d.quotes.iter().find(|q| q.text.starts_with(start));
    let said = find("the negotiations would resume").expect("clause without that");
    assert_eq!(said.speaker_name.as_deref(), Some("Antony Blinken"));
    assert_eq!(said.cue.as_deref(), Some("said"));
    let un = find("The ceasefire will be monitored").expect("trailing source");
    assert_eq!(un.cue.as_deref(), Some("according to"));
    assert_eq!(un.speaker.as_deref(), Some("the United Nations"));
    assert!(
        find("whether President").is_none() && find("President Vladimir Putin would").is_none(),
        "{:?}",
        d.quotes
    );
}

/// A title is read with the text: its events, names and places land in the
/// headline (spans into the title), the text's stay where they were, and a
/// headline the text repeats is read once, in the text.
#[test]
fn headlines_are_read_with_the_text() {
    use veille_core::EventType;
    let title = "Ukraine : les forces russes bombardent Kharkiv";
    let body = "Les sirènes ont retenti toute la nuit dans la deuxième ville du pays. \
                Le maire a appelé les habitants à rester dans les abris.";
    let d = analyse_text(&format!("{title}\n\n{body}"));
    assert_eq!(d.title.as_deref(), Some(title));
    assert_eq!(d.text, body);
    let e = (d.headline.events.iter())
        .find(|e| e.event_type == EventType::Assault)
        .unwrap_or_else(|| panic!("no assault in the headline: {:?}", d.headline));
    assert_eq!(e.trigger.span.slice(title), "bombardent");
    let source = e.source.as_ref().map(|a| a.text.as_str());
    assert_eq!(source, Some("les forces russes"));
    assert_eq!(e.sentence.slice(title), title);
    let kharkiv = (d.headline.entities.iter())
        .find(|e| e.span.slice(title) == "Kharkiv")
        .expect("Kharkiv in the headline");
    let place = kharkiv.place.as_ref().expect("Kharkiv on the map");
    assert_eq!(place.country.as_deref(), Some("UKR"));
    assert!(d.entities.iter().all(|e| e.span.slice(&d.text) == e.text));
    assert!(d.sentences.iter().all(|s| s.end <= d.text.len()));

    let repeated = analyse_text(&format!("{title}\n\n{title}, disent les secours. {body}"));
    let assaults = (repeated.all_events())
        .filter(|(e, _)| e.event_type == EventType::Assault)
        .count();
    assert_eq!(assaults, 1, "{:?}", repeated.headline);
    assert!(repeated.headline.is_empty());
}

/// The events the project's bar expects on the five seed articles (issue
/// 17): type, source and target by entity id or words, modality where the
/// text gives it. Places are resolved by the gazetteer stage, not here.
#[test]
fn seed_events_are_coded() {
    use veille_core::{Event, EventArg, EventType as T, Modality};
    let docs = seeds();
    // An argument matches an entity id, or words of its text.
    let is = |a: &Option<EventArg>, want: &str| {
        a.as_ref().is_some_and(|a| {
            a.entity_id.as_deref() == Some(want)
                || veille_core::fold(&a.text).contains(&veille_core::fold(want))
        })
    };
    /// Seed, type, trigger, source, target, modality.
    type Want = (
        usize,
        T,
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<Modality>,
    );
    let expected: &[Want] = &[
        (0, T::Consult, "rencontre", "Q7747", Some("Q15031"), None),
        // The town is where the assault was, not whom (checked below).
        (0, T::Assault, "reprendre", "troupes russes", None, None),
        (
            0,
            T::Mobilize,
            "harcèlement",
            "veille:loc:beijing",
            Some("Q865"),
            None,
        ),
        (1, T::Consult, "échangé", "Q7747", None, None),
        (1, T::Consult, "échangé", "Q56226", None, None),
        (
            1,
            T::Accuse,
            "allégué",
            "veille:per:serguei-choigou",
            Some("Q30"),
            None,
        ),
        (
            1,
            T::Accuse,
            "allégué",
            "veille:per:serguei-choigou",
            Some("Q145"),
            None,
        ),
        (
            2,
            T::Consult,
            "entretiens",
            "Q7747",
            Some("veille:per:alexandre-loukachenko"),
            None,
        ),
        (
            2,
            T::Consult,
            "entretenu",
            "Q190628",
            Some("veille:per:serguei-aleinik"),
            None,
        ),
        (
            2,
            T::Reject,
            "rejeté",
            "veille:org:kremlin",
            None,
            Some(Modality::Asserted),
        ),
        (2, T::Mobilize, "exercices", "forces russes", None, None),
        (
            2,
            T::Request,
            "appelé",
            "veille:per:volodymyr-zelensky",
            Some("dirigeants"),
            None,
        ),
        (
            3,
            T::Threaten,
            "mis",
            "veille:loc:beijing",
            Some("veille:loc:moscow"),
            None,
        ),
        (3, T::Mobilize, "mis", "Q7747", Some("missile"), None),
        (
            4,
            T::Mobilize,
            "exercice",
            "forces militaires russes",
            None,
            None,
        ),
        (
            4,
            T::Mobilize,
            "exercices",
            "veille:per:alexandre-loukachenko",
            None,
            None,
        ),
        (4, T::Consult, "voyage", "Q7747", None, None),
        (
            4,
            T::Consult,
            "visite",
            "Q7747",
            None,
            Some(Modality::Future),
        ),
    ];
    let show = |e: &Event| {
        let a = |x: &Option<EventArg>| {
            x.as_ref().map_or("-".to_string(), |a| {
                format!("{}#{}", a.text, a.entity_id.as_deref().unwrap_or(""))
            })
        };
        format!(
            "{} {} S={} T={} {}",
            e.event_type,
            e.trigger.text,
            a(&e.source),
            a(&e.target),
            e.modality.as_str()
        )
    };
    let mut missing = Vec::new();
    for (i, ty, trigger, source, target, modality) in expected {
        let found = docs[*i].events.iter().any(|e| {
            e.event_type == *ty
                && e.trigger.text == *trigger
                && is(&e.source, source)
                && target.is_none_or(|t| is(&e.target, t))
                && modality.is_none_or(|m| e.modality == m)
        });
        if !found {
            missing.push(format!(
                "seed {i}: {ty} {trigger} S={source} T={target:?}\n  found: {}",
                docs[*i]
                    .events
                    .iter()
                    .map(show)
                    .collect::<Vec<_>>()
                    .join("\n         ")
            ));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    // The assault on Avdiivka is placed in the town.
    let avdiivka = docs[0]
        .events
        .iter()
        .find(|e| e.trigger.text == "reprendre")
        .unwrap();
    assert!(
        avdiivka.target.is_none()
            && avdiivka
                .location
                .as_ref()
                .is_some_and(|l| l.text.contains("ville ukrainienne")),
        "{avdiivka:?}"
    );
    // The Uzbekistan state visit is placed there and dated by its sentence.
    let uz = docs[4]
        .events
        .iter()
        .find(|e| e.trigger.text == "visite" && e.modality == Modality::Future)
        .unwrap();
    assert!(uz
        .location
        .as_ref()
        .is_some_and(|l| l.text.contains("Ouzbékistan")));
    // No event comes from removed boilerplate.
    for d in &docs {
        for e in &d.events {
            let s = e.sentence.slice(&d.text).to_lowercase();
            assert!(
                !s.contains("cookie") && !s.contains("leave a reply") && !s.contains("e-mail"),
                "{s}"
            );
        }
    }
}

/// Events through the whole analysis, on sentences written by the team: a
/// case table rendered as `TYPE trigger S=source T=target L=place modality`
/// (" | " between events; "-" for a missing argument).
mod events {
    use super::analyze;
    use veille_core::RawDoc;

    fn render(text: &str) -> String {
        let d = analyze(
            &RawDoc {
                source: "case".into(),
                text: format!("Titre\n\n{text}"),
                date: Some("2024-05-24".into()),
                ..Default::default()
            },
            &Default::default(),
        );
        // An implied actor: "(its code, from the place's words)".
        let a = |x: &Option<veille_core::EventArg>| match x {
            None => "-".to_string(),
            Some(a) if a.implied => {
                format!("({} from {})", a.code.as_deref().unwrap_or("?"), a.text)
            }
            Some(a) => a.text.clone(),
        };
        d.events
            .iter()
            .map(|e| {
                format!(
                    "{} {} S={} T={} L={} {}",
                    e.event_type,
                    e.trigger.text,
                    a(&e.source),
                    a(&e.target),
                    a(&e.location),
                    e.modality.as_str()
                )
            })
            .collect::<Vec<_>>()
            .join(" | ")
    }

    const CASES: &[(&str, &str)] = &[
        (
            "Le président brésilien Lula a rencontré Olaf Scholz à Berlin mardi.",
            "CONSULT rencontré S=Le président brésilien T=Olaf Scholz L=Berlin asserted",
        ),
        (
            "La police a arrêté trois suspects à Marseille.",
            "COERCE arrêté S=La police T=trois suspects L=Marseille asserted",
        ),
        (
            "L'armée ukrainienne n'a pas attaqué la centrale.",
            "ASSAULT attaqué S=L'armée ukrainienne T=la centrale L=- negated",
        ),
        (
            "Le Japon va déployer des navires en mer de Chine.",
            "MOBILIZE déployer S=Le Japon T=des navires L=- future",
        ),
        // A place of the sentence led by "à/en/dans" where the parse gives none.
        (
            "Deux civils ont été tués par des tirs de l'armée à Gaza.",
            "ASSAULT tués S=l'armée T=Deux civils L=Gaza asserted",
        ),
        // An act's agent that is itself an act: whose act it is.
        (
            "Deux civils ont été tués par des tirs de l'armée.",
            "ASSAULT tués S=l'armée T=Deux civils L=- asserted",
        ),
        (
            "Des hommes armés ont enlevé un journaliste et l'ont tué.",
            "ASSAULT enlevé S=Des hommes T=un journaliste L=- asserted | ASSAULT tué S=Des hommes T=un journaliste L=- asserted",
        ),
        (
            "Les ministres se sont entretenus avec leur homologue, Ana Ferreira, à Lisbonne.",
            "CONSULT entretenus S=Les ministres T=Ana Ferreira L=Lisbonne asserted",
        ),
        (
            "La police a annoncé l'arrestation de quatre militants.",
            "COERCE arrestation S=La police T=quatre militants L=- reported",
        ),
        (
            "Le gouvernement a accusé les rebelles d'avoir bombardé le marché.",
            "ACCUSE accusé S=Le gouvernement T=les rebelles L=- asserted | ASSAULT bombardé S=les rebelles T=le marché L=- reported",
        ),
        (
            "Des explosions et des tirs ont retenti dans la capitale malienne.",
            "ASSAULT explosions S=- T=- L=- asserted | ASSAULT tirs S=- T=- L=- asserted",
        ),
        (
            "La Corée du Sud exige que Pyongyang cesse ses provocations.",
            "REQUEST exige S=La Corée du Sud T=- L=- asserted",
        ),
        (
            "Le Premier ministre a ordonné à l'armée de traquer les assaillants.",
            "MOBILIZE traquer S=l'armée T=les assaillants L=- asserted",
        ),
        (
            "Selon la presse locale, l'armée et la police ont encerclé le quartier.",
            "COERCE encerclé S=l'armée T=- L=le quartier reported | COERCE encerclé S=la police T=- L=le quartier reported",
        ),
        (
            "Le ministre ne s'est pas rendu à la réunion de Bruxelles.",
            "CONSULT rendu S=Le ministre T=- L=- negated",
        ),
        (
            "La marine organisera des manœuvres au large de Brest la semaine prochaine.",
            "MOBILIZE manœuvres S=La marine T=- L=- future",
        ),
        (
            "Selon l'ONU, les rebelles auraient bombardé un hôpital.",
            "ASSAULT bombardé S=les rebelles T=un hôpital L=- reported",
        ),
        (
            "The army attacked the village near Kharkiv on Monday.",
            "ASSAULT attacked S=The army T=- L=the village asserted",
        ),
        (
            "Il pleut sur Lyon depuis lundi.",
            "",
        ),
        // A common noun with a demonym is a national actor.
        (
            "Deux drones russes ont bombardé le port.",
            "ASSAULT bombardé S=Deux drones russes T=- L=le port asserted",
        ),
        // A demonym says whose act a noun is.
        (
            "Les bombardements russes et syriens se sont intensifiés.",
            "ASSAULT bombardements S=russes T=- L=- asserted | ASSAULT bombardements S=syriens T=- L=- asserted",
        ),
        // Subjects shared down a chain of verbs and support verbs.
        (
            "L'armée a repris la colline et réussi à encercler les rebelles.",
            "COERCE repris S=L'armée T=- L=la colline asserted | COERCE encercler S=L'armée T=les rebelles L=- asserted",
        ),
        (
            "Le groupe annonce avoir mené des frappes contre l'armée.",
            "ASSAULT frappes S=Le groupe T=l'armée L=- reported",
        ),
        // A state's act told without its doer: that country's authorities;
        // a demonstration's: its people. Never an act anyone can do.
        (
            "Deux journalistes ont été arrêtés à Bujumbura.",
            "COERCE arrêtés S=(BDI GOV from Bujumbura) T=Deux journalistes L=Bujumbura asserted",
        ),
        (
            "Des manifestations ont eu lieu à Séoul contre la présidente.",
            "PROTEST manifestations S=(KOR CVL from Séoul) T=- L=Séoul asserted",
        ),
        (
            "Deux civils ont été tués à Bamako.",
            "ASSAULT tués S=- T=Deux civils L=Bamako asserted",
        ),
        (
            "La police a arrêté deux suspects à Lyon.",
            "COERCE arrêté S=La police T=deux suspects L=Lyon asserted",
        ),
        // A purpose's doer is its verb's subject; "si" before a compound
        // past contrasts facts, it sets no condition.
        (
            "Les soldats ont franchi la frontière pour attaquer les rebelles.",
            "ASSAULT attaquer S=Les soldats T=les rebelles L=- asserted",
        ),
        (
            "Si le journaliste a été libéré, son collègue reste en prison.",
            "RETREAT libéré S=- T=le journaliste L=- asserted",
        ),
        (
            "Si l'armée attaque la ville, les civils fuiront.",
            "ASSAULT attaque S=l'armée T=- L=la ville hypothetical",
        ),
        // A headline's topic label is nobody's argument; the parse's
        // apposition to it is.
        (
            "Turquie : l'ambassadeur de Russie a été assassiné",
            "ASSAULT assassiné S=- T=l'ambassadeur L=Turquie asserted",
        ),
        (
            "Mali : les soldats maliens bombardent Tessalit",
            "ASSAULT bombardent S=les soldats maliens T=Tessalit L=Mali asserted",
        ),
        // A participle with no auxiliary tells what befell its noun.
        (
            "Niger : trois militants arrêtés hier à Niamey",
            "COERCE arrêtés S=(NER GOV from Niamey) T=trois militants L=Niamey asserted",
        ),
        (
            "Espagne : Luis Ortega, condamné à deux ans de prison, fait appel",
            "COERCE condamné S=(ESP GOV from Espagne) T=Luis Ortega L=Espagne asserted",
        ),
        // A passive's agent, whatever the parse called it; an apposition
        // past the noun's complements names it.
        (
            "Il a été interpellé mardi par les forces de police.",
            "COERCE interpellé S=les forces T=Il L=- asserted",
        ),
        (
            "Le directeur de cette entreprise, Paul Verdier, a été condamné à un an de prison.",
            "COERCE condamné S=- T=Paul Verdier L=- asserted",
        ),
        // Victims counted after a preposition.
        (
            "Le bombardement a tué jusqu'à 40 soldats irakiens.",
            "ASSAULT tué S=- T=40 soldats irakiens L=- asserted",
        ),
        // A court's conviction, not an endorsement.
        (
            "Le maire a été reconnu coupable de corruption.",
            "ACCUSE reconnu S=- T=Le maire L=- asserted",
        ),
        // No place in the sentence: the document's country implies who arrests.
        (
            "La police de Rabat a bloqué la route de Casablanca. Deux militants ont été arrêtés mardi.",
            "COERCE arrêtés S=(MAR GOV from Rabat) T=Deux militants L=- asserted",
        ),
        // Leaving a treaty rejects it; appealing a verdict rejects it.
        (
            "Le Venezuela s'est retiré du traité.",
            "REJECT retiré S=Le Venezuela T=- L=- asserted",
        ),
        (
            "Des manifestants ont jeté des pierres sur les policiers.",
            "ASSAULT jeté S=Des manifestants T=les policiers L=- asserted",
        ),
        // Ground taken is where the act happens, not whom it is done to.
        (
            "L'armée a repris la ville après trois jours de combats.",
            "COERCE repris S=L'armée T=- L=la ville asserted",
        ),
        (
            "Les insurgés ont bombardé Alep mardi.",
            "ASSAULT bombardé S=Les insurgés T=- L=Alep asserted",
        ),
        // Backing armed men is military aid; backing a plan is support.
        (
            "L'Iran soutient les milices chiites dans le sud.",
            "AID soutient S=L'Iran T=les milices chiites L=- asserted",
        ),
        (
            "L'Iran soutient le plan de paix.",
            "SUPPORT soutient S=L'Iran T=- L=- asserted",
        ),
        // A count's "de" complement is who is counted.
        (
            "La police a arrêté une dizaine de manifestants à Lyon.",
            "COERCE arrêté S=La police T=une dizaine de manifestants L=Lyon asserted",
        ),
        // Fixed expressions of the wider lexicon.
        (
            "Les autorités ont levé le couvre-feu à Dakar.",
            "CONCEDE levé S=Les autorités T=- L=Dakar asserted",
        ),
        // Lemma: "tue" is tuer (the Lefff lists "taire"'s participle twice).
        (
            "Le tireur tue un policier à Nantes.",
            "ASSAULT tue S=Le tireur T=un policier L=Nantes asserted",
        ),
    ];

    #[test]
    fn event_cases() {
        let bad = veille_core::case_failures(CASES, |input, expect| {
            let got = render(input);
            if got == expect {
                Ok(())
            } else {
                Err(format!("{input}\n  want: {expect}\n  got:  {got}"))
            }
        });
        assert!(bad.is_empty(), "{} failing:\n{}", bad.len(), bad.join("\n"));
    }
}

/// The seeds' places on the map (issue 17's bar): each name, wherever the
/// seeds mention it, within 50 km of where it is (regions: of the point
/// the knowledge base gives them), in its country.
#[test]
fn seed_places_are_on_the_map() {
    let docs = seeds();
    let cases: [(&str, &str, f64, f64); 9] = [
        ("Pékin", "CHN", 39.90, 116.40),
        ("Minsk", "BLR", 53.90, 27.57),
        ("Avdiivka", "UKR", 48.14, 37.75),
        ("Bakhmut", "UKR", 48.59, 38.00),
        ("Crimée", "UKR", 45.30, 34.40),
        ("Donbass", "UKR", 48.30, 38.40),
        ("Ouzbékistan", "UZB", 40.80, 65.90),
        ("Lettonie", "LVA", 56.90, 24.30),
        ("Taiwan", "TWN", 23.70, 120.90),
    ];
    let mut failures = Vec::new();
    for (name, country, lat, lon) in cases {
        let mentions: Vec<_> = docs
            .iter()
            .flat_map(|d| &d.entities)
            .filter(|e| e.text == name)
            .collect();
        if mentions.is_empty() {
            failures.push(format!("{name}: no mention"));
        }
        for e in mentions {
            match &e.place {
                Some(p)
                    if p.country.as_deref() == Some(country)
                        && veille_geo::distance_km((p.lat, p.lon), (lat, lon)) < 250.0 =>
                {
                    // Countries are points by convention: 250 km around
                    // their middle; cities and regions must be closer.
                    let d = veille_geo::distance_km((p.lat, p.lon), (lat, lon));
                    if p.precision != veille_core::PlacePrecision::Country && d > 50.0 {
                        failures.push(format!("{name}: {} at {d:.0} km", p.name));
                    }
                }
                other => failures.push(format!("{name}: {other:?}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
