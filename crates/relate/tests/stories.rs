//! Story clusters at ingest on hand-made documents (no model needed): a
//! follow-up joins its story, other actors open another, the date window
//! holds; every document is in exactly one story, and placing again
//! changes nothing.

use proptest::prelude::*;
use std::collections::HashMap;
use veille_core::{content_id, Document, Entity, EntityLabel, Lang, PubDate, Span};
use veille_relate::{Relater, Storyteller};
use veille_store::{SqliteStore, Store};

/// A document mentioning linked actors (`p:…` people, `g:…` places), each
/// once, on a date.
fn doc(n: usize, actors: &[&str], date: &str) -> Document {
    let text = format!("Dépêche {n} : {}.", actors.join(", "));
    let mut entities = Vec::new();
    let mut at = text.find(": ").unwrap() + 2;
    for a in actors {
        let label = if a.starts_with("g:") {
            EntityLabel::Loc
        } else {
            EntityLabel::Per
        };
        entities.push(Entity {
            span: Span::new(at, at + a.len()),
            text: a.to_string(),
            label,
            confidence: 1.0,
            entity_id: Some(a.to_string()),
            canonical: Some(a.to_string()),
            ..Default::default()
        });
        at += a.len() + 2;
    }
    Document {
        id: content_id(&text),
        source: format!("{n}.txt"),
        title: Some(format!("Titre {n}")),
        text,
        lang: Lang::from_code("fr"),
        date: PubDate::parse_iso(date),
        entities,
        ..Default::default()
    }
}

/// Stores and places documents; with `copies`, copies are linked first
/// (these short texts of names alone are often copies of one another, and
/// a copy joins its original's story whatever its date).
fn ingest(store: &mut dyn Store, docs: &[Document], copies: bool) -> Vec<String> {
    let relater = Relater::default();
    let teller = Storyteller::default();
    store.put_all(docs).unwrap();
    docs.iter()
        .map(|d| {
            if copies {
                relater.relate(store, d).unwrap();
            }
            teller.place(store, d).unwrap().story
        })
        .collect()
}

#[test]
fn follow_ups_join_other_actors_and_late_reports_do_not() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    // Background documents make the country common (low rarity).
    let mut docs: Vec<Document> = (0..6)
        .map(|i| {
            doc(
                100 + i,
                &["g:country", &format!("p:other{i}")],
                "2017-02-01",
            )
        })
        .collect();
    docs.push(doc(
        1,
        &["p:alpha", "p:beta", "g:town", "g:country"],
        "2017-03-06",
    ));
    docs.push(doc(2, &["p:beta", "p:alpha", "g:town"], "2017-03-07"));
    // Follow-up: the same actors and place, three days later.
    docs.push(doc(
        3,
        &["p:alpha", "g:town", "p:beta", "p:gamma"],
        "2017-03-09",
    ));
    // Same topic, the same country, other actors and town.
    docs.push(doc(
        4,
        &["p:delta", "p:epsilon", "g:city", "g:country"],
        "2017-03-07",
    ));
    // The same actors a month later: outside the window.
    docs.push(doc(5, &["p:alpha", "p:beta", "g:town"], "2017-04-20"));
    let st = ingest(&mut s, &docs, false);
    let n = st.len();
    let (a, b, c, d, e) = (&st[n - 5], &st[n - 4], &st[n - 3], &st[n - 2], &st[n - 1]);
    assert_eq!(a, b, "two reports");
    assert_eq!(a, c, "a follow-up");
    assert_ne!(a, d, "same topic, other actors");
    assert_ne!(a, e, "outside the window");
    let rows = s.stories(100).unwrap();
    let story = rows.iter().find(|r| &r.id == a).unwrap();
    assert_eq!(story.documents, 3);
    for key in ["p:alpha", "p:beta", "g:town"] {
        assert!(story.label.contains(key), "{}", story.label);
    }
    assert!(story.label.ends_with("Titre 1"), "{}", story.label);
}

fn check_one_story_each(s: &dyn Store, docs: &[Document]) -> HashMap<String, String> {
    let mut of = HashMap::new();
    for d in docs {
        let story = s
            .story_of(&d.id)
            .unwrap()
            .expect("every document has a story");
        of.insert(d.id.clone(), story);
    }
    let mut counted = 0;
    for r in s.stories(usize::MAX).unwrap() {
        let members = s.story_documents(&r.id).unwrap();
        assert_eq!(members.len() as u64, r.documents);
        assert!(r.independent >= 1 && r.independent <= r.documents);
        for m in members {
            assert_eq!(of.get(&m), Some(&r.id), "a member names its story");
            counted += 1;
        }
    }
    assert_eq!(counted, of.len(), "each document in exactly one story");
    of
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whatever arrives, in whatever order: each document is in exactly
    /// one story, and placing everything again changes nothing.
    #[test]
    fn one_story_each_and_idempotent(
        specs in proptest::collection::vec(
            (proptest::collection::vec(0usize..10, 1..5), 1u32..28),
            1..14,
        )
    ) {
        const POOL: [&str; 10] = [
            "p:a", "p:b", "p:c", "p:d", "p:e", "g:x", "g:y", "g:z", "p:f", "g:w",
        ];
        let mut seen = std::collections::HashSet::new();
        let docs: Vec<Document> = specs
            .iter()
            .enumerate()
            .map(|(i, (ids, day))| {
                let actors: Vec<&str> = ids.iter().map(|k| POOL[*k]).collect();
                doc(i, &actors, &format!("2017-03-{day:02}"))
            })
            .filter(|d| seen.insert(d.id.clone()))
            .collect();
        let mut s = SqliteStore::open_in_memory().unwrap();
        ingest(&mut s, &docs, true);
        let first = check_one_story_each(&s, &docs);
        let rows = s.stories(usize::MAX).unwrap();
        let again = ingest(&mut s, &docs, true);
        for (d, st) in docs.iter().zip(&again) {
            prop_assert_eq!(first.get(&d.id), Some(st));
        }
        prop_assert_eq!(check_one_story_each(&s, &docs), first);
        prop_assert_eq!(s.stories(usize::MAX).unwrap(), rows);
    }
}
