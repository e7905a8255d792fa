//! The service layer end to end on the team's fixture articles: what the
//! CLI and the server call, without a subprocess.

#[path = "app/ingest.rs"]
mod ingest;

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};
use veille_app::{AppError, ReadOptions, Silent, Veille};
use veille_core::EntityLabel;
use veille_pipeline::Pipeline;

static PIPELINE: LazyLock<Arc<Pipeline>> =
    LazyLock::new(|| Arc::new(Pipeline::builtin().expect("shipped models load")));

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/corpus")
}

fn ingested() -> Veille {
    let store = veille_store::open(":memory:").unwrap();
    let mut v = Veille::with(store, PIPELINE.clone());
    let r = v
        .ingest(&[corpus()], &ReadOptions::default(), &mut Silent)
        .unwrap();
    assert!(r.read >= 4, "{r:?}");
    assert_eq!(r.inserted + r.duplicates, r.read);
    assert_eq!(r.store.documents as usize, r.inserted);
    v
}

#[test]
fn ingesting_twice_stores_each_content_once() {
    let mut v = ingested();
    let before = v.stats().unwrap();
    let r = v
        .ingest(&[corpus()], &ReadOptions::default(), &mut Silent)
        .unwrap();
    assert_eq!(r.inserted, 0);
    assert_eq!(r.duplicates, r.read);
    assert_eq!(v.stats().unwrap().documents, before.documents);
}

#[test]
fn search_by_words_and_by_any_spelling_of_an_entity() {
    let v = ingested();
    let hits = v.search(Some("Minsk"), None, None, 10).unwrap();
    assert!(!hits.is_empty());
    assert!(hits[0].snippet.contains("[Minsk]"), "{}", hits[0].snippet);
    // "Putin" is how the English base writes him; the French texts say Poutine.
    let by_entity = v.search(None, Some("Putin"), None, 10).unwrap();
    assert!(by_entity.len() >= 2, "{by_entity:?}");
    let as_place = v
        .search(None, Some("Putin"), Some(EntityLabel::Loc), 10)
        .unwrap();
    assert!(as_place.is_empty(), "{as_place:?}");
    assert!(v.search(Some("zzzqqq"), None, None, 10).unwrap().is_empty());
    // Hostile query syntax is plain words, never an error.
    assert!(v.search(Some("*) OR (\""), None, None, 10).is_ok());
}

#[test]
fn show_gives_the_document_with_its_sources() {
    let v = ingested();
    let hit = &v.search(Some("Minsk"), None, None, 1).unwrap()[0];
    let view = v.show(&hit.id[..8]).unwrap();
    assert_eq!(view.document.id, hit.id);
    assert!(!view.sources.is_empty());
    let json = serde_json::to_value(&view).unwrap();
    assert!(json["entities"].as_array().is_some_and(|e| !e.is_empty()));
    assert!(matches!(
        v.show("ffffffffffff"),
        Err(AppError::NoDocument(_))
    ));
}

#[test]
fn entity_reports_merge_the_knowledge_base_and_the_store() {
    let v = ingested();
    let e = v.entity("Poutine", 5).unwrap();
    assert!(e.in_kb);
    assert_eq!(e.canonical.as_deref(), Some("Vladimir Poutine"));
    assert!(e.aliases.iter().any(|a| a == "Putin"));
    assert!(!e.offices.is_empty());
    assert!(e.store.mentions >= 2, "{:?}", e.store);
    assert!(e
        .store
        .cooccurring
        .iter()
        .any(|c| c.canonical.as_deref() == Some("Alexandre Loukachenko")));
    assert!(matches!(
        v.entity("Nobody Atall", 5),
        Err(AppError::NoEntity { .. })
    ));
}

#[test]
fn quotes_of_a_speaker_under_any_spelling() {
    let v = ingested();
    let fr = v.quotes("Sergueï Lavrov", 20).unwrap();
    let en = v.quotes("Sergey Lavrov", 20).unwrap();
    assert!(!fr.is_empty());
    assert_eq!(fr, en);
    assert!(
        fr.iter()
            .all(|q| q.speaker_name.as_deref() == Some("Sergueï Lavrov")),
        "{fr:?}"
    );
    assert!(v.quotes("Personne Inconnue", 20).unwrap().is_empty());
}

#[test]
fn a_missing_store_is_a_clear_error_for_readers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.db");
    let e = Veille::open_existing(path.to_str().unwrap()).err().unwrap();
    assert!(e.to_string().contains("run `veille ingest` first"), "{e}");
    assert!(!path.exists(), "reading must not create a store");
}

#[test]
fn stored_events_are_queried_by_actor_type_and_modality() {
    let v = ingested();
    let all = v
        .events(veille_store::EventQuery {
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    assert!(!all.is_empty(), "the fixtures report events");
    let first = &all[0];
    assert!(!first.sentence.is_empty() && first.sentence.contains(&first.trigger));
    let same_type = v
        .events(veille_store::EventQuery {
            event_type: Some(first.event_type),
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    assert!(same_type.iter().all(|e| e.event_type == first.event_type));
    assert!(same_type.contains(first));
    // An actor named in any spelling resolves to its id.
    if let Some(id) = all.iter().find_map(|e| e.source_id.clone()) {
        let by_id = v
            .events(veille_store::EventQuery {
                actor_id: Some(id.clone()),
                limit: 100,
                ..Default::default()
            })
            .unwrap();
        assert!(!by_id.is_empty());
        assert!(by_id
            .iter()
            .all(|e| e.source_id.as_deref() == Some(id.as_str())));
    }
    let none = v
        .events(veille_store::EventQuery {
            actor: Some("Personne Inconnue".into()),
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    assert!(none.is_empty());
}

fn copy_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/copies/articles.jsonl")
}

#[test]
fn show_and_export_give_originals_and_copies() {
    let store = veille_store::open(":memory:").unwrap();
    let mut v = Veille::with(store, PIPELINE.clone());
    let r = v
        .ingest(&[copy_fixtures()], &ReadOptions::default(), &mut Silent)
        .unwrap();
    assert!(r.copies >= 2, "{r:?}");
    assert_eq!(r.spins, 1, "{r:?}");
    let mut out = Vec::new();
    let n = v.export_documents(&mut out).unwrap();
    assert_eq!(n as usize, r.inserted);
    let rows: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), r.inserted);
    for row in &rows {
        for key in [
            "id", "url", "sources", "title", "date", "lang", "copy_of", "story",
        ] {
            assert!(row.get(key).is_some(), "{key} in {row}");
        }
        assert!(row["story"].is_string(), "every new document gets a story");
    }
    // The clean French translation of the drones report.
    let fr = rows
        .iter()
        .find(|r| r["url"] == "https://info-monde.example/drones-kiev")
        .unwrap();
    let en = rows
        .iter()
        .find(|r| r["url"] == "https://news-example.com/drones-kyiv")
        .unwrap();
    assert_eq!(fr["copy_of"]["id"], en["id"], "{fr}");
    assert_eq!(fr["copy_of"]["relation"], "translation");
    assert!(fr["copy_of"]["similarity"].as_f64().unwrap() > 0.0);
    assert!(en["copy_of"].is_null());
    // show: a copy names its original; the original lists its copies.
    let copy = v.show(fr["id"].as_str().unwrap()).unwrap();
    assert_eq!(
        copy.copy_of.as_ref().map(|c| c.id.as_str()),
        en["id"].as_str()
    );
    let orig = v.show(en["id"].as_str().unwrap()).unwrap();
    assert!(orig.copy_of.is_none());
    assert!(orig
        .copies
        .iter()
        .any(|c| Some(c.id.as_str()) == fr["id"].as_str()));
    let json = serde_json::to_value(&orig).unwrap();
    assert_eq!(json["copies"][0]["relation"], "translation");
    // Oldest first.
    let dates: Vec<&str> = rows.iter().filter_map(|r| r["date"].as_str()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
}

fn story_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/stories")
}

/// Pairwise precision and recall of "same story" against the gold groups.
fn pairwise(
    found: &[(String, String)],
    gold: &std::collections::HashMap<String, String>,
) -> (f64, f64) {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for (i, (ua, sa)) in found.iter().enumerate() {
        for (ub, sb) in &found[i + 1..] {
            match (sa == sb, gold[ua] == gold[ub]) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                (false, false) => {}
            }
        }
    }
    let p = if tp + fp == 0 {
        1.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let r = if tp + fn_ == 0 {
        1.0
    } else {
        tp as f64 / (tp + fn_) as f64
    };
    (p, r)
}

#[test]
fn stories_group_reports_follow_ups_and_reposts_not_topics() {
    let store = veille_store::open(":memory:").unwrap();
    let mut v = Veille::with(store, PIPELINE.clone());
    let dir = story_fixtures();
    let r = v
        .ingest(
            &[dir.join("articles.jsonl")],
            &ReadOptions::default(),
            &mut Silent,
        )
        .unwrap();
    let gold: std::collections::HashMap<String, String> =
        std::fs::read_to_string(dir.join("gold.tsv"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(u, s)| (u.to_string(), s.to_string()))
            .collect();
    let mut out = Vec::new();
    v.export_documents(&mut out).unwrap();
    let rows: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let found: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            let story = r["story"].as_str().expect("every document has a story");
            (r["url"].as_str().unwrap().to_string(), story.to_string())
        })
        .collect();
    let (p, rec) = pairwise(&found, &gold);
    eprintln!("stories: {found:#?}\npairwise P {p:.3} R {rec:.3}");
    let stories = v.stories(50).unwrap();
    eprintln!("{stories:#?}");
    assert_eq!(r.stories, stories.len(), "{r:?}");
    assert_eq!(p, 1.0, "no two developments merged");
    assert_eq!(rec, 1.0, "reports, follow-up and repost together");
    // The story of the meeting: four documents, two independent sources
    // (the repost counts as its original; the follow-up is from the same
    // site as the first report), labelled with its earliest title.
    let a = stories.iter().find(|s| s.documents == 4).unwrap();
    assert_eq!(a.independent, 2, "{a:?}");
    assert!(a
        .label
        .ends_with("Erdogan et Tsipras relancent le dialogue sur Chypre à Ankara"));
    assert_eq!(
        a.first_date.as_deref().map(|d| &d[..10]),
        Some("2017-03-06")
    );
    assert_eq!(a.last_date.as_deref().map(|d| &d[..10]), Some("2017-03-09"));
    // show gives the story with its documents.
    let id = rows[0]["id"].as_str().unwrap();
    let view = v.show(id).unwrap();
    let story = view.story.expect("a story");
    assert_eq!(Some(story.id.as_str()), rows[0]["story"].as_str());
    assert!(story.documents.iter().any(|d| d == id));
    // Ingesting again changes nothing.
    let again = v
        .ingest(
            &[dir.join("articles.jsonl")],
            &ReadOptions::default(),
            &mut Silent,
        )
        .unwrap();
    assert_eq!((again.inserted, again.stories), (0, 0));
    assert_eq!(v.stories(50).unwrap(), stories);
}

/// One event told by an original, its repost on another site and a
/// distinct report of it on a third site (`tests/fixtures/event-reports`,
/// team-written): one event with three mentions and two independent
/// sources, in every order of arrival, in the JSON lines and the GDELT-like
/// rows.
#[test]
fn events_across_reports_count_mentions_and_independent_sources() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/event-reports");
    let text = std::fs::read_to_string(dir.join("articles.jsonl")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("articles.jsonl");
        let shuffled: Vec<&str> = order.iter().map(|&i| lines[i]).collect();
        std::fs::write(&path, shuffled.join("\n")).unwrap();
        let store = veille_store::open(":memory:").unwrap();
        let mut v = Veille::with(store, PIPELINE.clone());
        v.ingest(&[path], &ReadOptions::default(), &mut Silent)
            .unwrap();
        let mut out = Vec::new();
        v.export_events(
            veille_store::EventQuery::default(),
            veille_app::export::ExportFormat::Jsonl,
            &mut out,
        )
        .unwrap();
        let rows: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        // Erdogan (Q1043) accuses Greece (Q41): in all three documents.
        let accuse: Vec<&serde_json::Value> = rows
            .iter()
            .filter(|r| {
                r["type"] == "ACCUSE"
                    && r["source"]["entity_id"] == "Q1043"
                    && r["target"]["entity_id"] == "Q41"
            })
            .collect();
        let docs: std::collections::HashSet<&str> = accuse
            .iter()
            .map(|r| r["doc_id"].as_str().unwrap())
            .collect();
        assert_eq!(docs.len(), 3, "order {order:?}: {accuse:#?}");
        let ids: std::collections::HashSet<&str> = accuse
            .iter()
            .map(|r| r["event"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), 1, "order {order:?}: one event, {ids:?}");
        for r in &accuse {
            assert_eq!(r["mentions"], 3, "order {order:?}: {r}");
            assert_eq!(r["independent_sources"], 2, "order {order:?}: {r}");
        }
        let mut out = Vec::new();
        v.export_events(
            veille_store::EventQuery::default(),
            veille_app::export::ExportFormat::Gdelt,
            &mut out,
        )
        .unwrap();
        let gdelt = String::from_utf8(out).unwrap();
        let head: Vec<&str> = gdelt.lines().next().unwrap().split('\t').collect();
        let col = |name: &str| head.iter().position(|h| *h == name).unwrap();
        let id = accuse[0]["id"].as_str().unwrap();
        let row: Vec<&str> = gdelt
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap()
            .split('\t')
            .collect();
        assert_eq!(
            (
                row[col("NumMentions")],
                row[col("NumSources")],
                row[col("NumArticles")]
            ),
            ("3", "2", "3")
        );
    }
}

/// A person outside the knowledge base keeps one id across documents:
/// "M. Moulinard" and "Moulinard" in a later article are the "Jean
/// Moulinard" stored before (`tests/fixtures/actors`, team-written),
/// whether the articles arrive in one batch or one at a time; a surname two
/// stored persons share ("Vasseur": Paul and Marie) stays its own.
#[test]
fn unknown_persons_keep_one_id_across_documents() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/actors");
    let text = std::fs::read_to_string(dir.join("articles.jsonl")).unwrap();
    for one_at_a_time in [false, true] {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("v.db");
        let mut inputs = Vec::new();
        if one_at_a_time {
            for (i, l) in text.lines().enumerate() {
                let p = tmp.path().join(format!("{i}.jsonl"));
                std::fs::write(&p, l).unwrap();
                inputs.push(p);
            }
        } else {
            inputs.push(dir.join("articles.jsonl"));
        }
        for input in &inputs {
            let store = veille_store::open(db.to_str().unwrap()).unwrap();
            let mut v = Veille::with(store, PIPELINE.clone());
            v.ingest(
                std::slice::from_ref(input),
                &ReadOptions::default(),
                &mut Silent,
            )
            .unwrap();
        }
        let store = veille_store::open(db.to_str().unwrap()).unwrap();
        let mut ids: Vec<(String, String, Option<String>)> = Vec::new();
        let mut docs = Vec::new();
        store
            .each_document(&mut |r| {
                docs.push(r.id.clone());
                std::ops::ControlFlow::Continue(())
            })
            .unwrap();
        for id in docs {
            let d = store.get(&id).unwrap().unwrap();
            for (e, _) in d.all_entities() {
                if e.label == EntityLabel::Per {
                    ids.push((
                        d.url.clone().unwrap_or_default(),
                        e.text.clone(),
                        e.entity_id.clone(),
                    ));
                }
            }
        }
        let of = |url_part: &str, text: &str| -> Vec<Option<String>> {
            ids.iter()
                .filter(|(u, t, _)| u.contains(url_part) && t == text)
                .map(|(_, _, id)| id.clone())
                .collect()
        };
        let jean = Some("veille:per:jean-moulinard".to_string());
        let later = of("ecole-saint-verand", "Moulinard");
        assert!(!later.is_empty(), "{ids:#?}");
        assert!(
            later.iter().all(|id| *id == jean),
            "batch {one_at_a_time}: {ids:#?}"
        );
        let vasseur = of("vasseur-record", "Vasseur");
        assert!(!vasseur.is_empty(), "{ids:#?}");
        assert!(
            vasseur
                .iter()
                .all(|id| id.as_deref() == Some("veille:per:vasseur")),
            "an ambiguous surname keeps its own id: {ids:#?}"
        );
    }
}
