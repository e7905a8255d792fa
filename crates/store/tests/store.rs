//! Store behaviour: idempotent ingest, search, reopening, schema versions.

use veille_core::{content_id, Document};
use veille_store::{Put, Query, Store, StoreError};

fn doc(text: &str, title: &str, source: &str) -> Document {
    Document {
        id: content_id(text),
        source: source.into(),
        title: Some(title.into()),
        lang: "fr".into(),
        text: text.into(),
        ..Default::default()
    }
}

#[test]
fn same_content_is_stored_once_with_every_source() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    let a = doc("Poutine est arrivé à Pékin lundi.", "Visite", "a.txt");
    let b = doc(
        "Le chef du Kremlin a rencontré Xi Jinping.",
        "Sommet",
        "b.txt",
    );
    {
        let mut s = Store::open(&path).unwrap();
        assert_eq!(
            s.put_all(&[a.clone(), b.clone()]).unwrap(),
            [Put::Inserted, Put::Inserted]
        );
    }
    let mut s = Store::open(&path).unwrap();
    let again = doc(&a.text, "Visite", "copy/a.txt");
    assert_eq!(
        s.put_all(&[again, a.clone()]).unwrap(),
        [Put::Duplicate, Put::Duplicate]
    );
    let st = s.stats().unwrap();
    assert_eq!((st.documents, st.sources), (2, 3));
    assert_eq!(s.sources(&a.id).unwrap(), ["a.txt", "copy/a.txt"]);
    assert_eq!(s.get(&a.id).unwrap().unwrap(), a);
    assert_eq!(s.get(&a.id[..6]).unwrap().unwrap().id, a.id, "id prefix");
    assert!(s.get("ffffffffffffffff").unwrap().is_none());
}

#[test]
fn search_ranks_and_ignores_accents() {
    let mut s = Store::open_in_memory().unwrap();
    s.put_all(&[
        doc(
            "Poutine est arrivé à Pékin. Poutine a salué Xi.",
            "Poutine à Pékin",
            "a",
        ),
        doc(
            "Le président ukrainien parle à Kyiv de Poutine.",
            "Kyiv",
            "b",
        ),
        doc("Rien à voir ici.", "Autre", "c"),
    ])
    .unwrap();
    let hits = s.search(&Query::text("poutine")).unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].source, "a");
    assert!(hits[0].score > hits[1].score);
    assert!(hits[0].snippet.contains("[Poutine]"));
    assert_eq!(
        s.search(&Query::text("pekin")).unwrap().len(),
        1,
        "accent-insensitive"
    );
    assert_eq!(
        s.search(&Query::text("\"président ukrainien\"")).unwrap()[0].source,
        "b"
    );
    assert!(s
        .search(&Query::text("poutine pekin kyiv"))
        .unwrap()
        .is_empty());
    assert_eq!(
        s.search(&Query {
            raw: true,
            ..Query::text("pekin OR kyiv")
        })
        .unwrap()
        .len(),
        2
    );
    assert!(matches!(
        s.search(&Query {
            raw: true,
            ..Query::text("AND (")
        }),
        Err(StoreError::Query { .. })
    ));
    assert!(s.search(&Query::text("((( ***")).unwrap().is_empty());
}

#[test]
fn a_database_from_a_newer_veille_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    drop(Store::open(&path).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    c.pragma_update(None, "user_version", 99).unwrap();
    drop(c);
    let err = Store::open(&path).err().expect("refused");
    assert!(err.to_string().contains("newer than this veille"), "{err}");
}

#[test]
fn an_unopenable_path_is_a_clear_error() {
    let err = Store::open(std::path::Path::new("/nonexistent/dir/v.db"))
        .err()
        .expect("error");
    assert!(err.to_string().contains("/nonexistent/dir/v.db"), "{err}");
}

#[test]
fn search_by_entity() {
    use veille_core::{Entity, Span};
    let mut s = Store::open_in_memory().unwrap();
    let ent = |t: &str, l: &str, at: usize| Entity {
        span: Span::new(at, at + t.len()),
        text: t.into(),
        label: l.into(),
        confidence: 0.9,
        ..Default::default()
    };
    let mut a = doc("Poutine est à Pékin. Poutine rentre.", "A", "a");
    a.entities = vec![
        ent("Poutine", "PER", 0),
        ent("Pékin", "LOC", 14),
        ent("Poutine", "PER", 21),
    ];
    let mut b = doc("Poutine parle à Minsk.", "B", "b");
    b.entities = vec![ent("Poutine", "PER", 0), ent("Minsk", "LOC", 16)];
    s.put_all(&[a, b]).unwrap();
    let q = Query {
        entity: Some("poutine".into()),
        limit: 10,
        ..Default::default()
    };
    let hits = s.search(&q).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.source.as_str()).collect::<Vec<_>>(),
        ["a", "b"],
        "ranked by mentions"
    );
    assert_eq!(hits[0].score, 2.0);
    let q = Query {
        entity: Some("PEKIN".into()),
        ..Query::text("Poutine")
    };
    assert_eq!(s.search(&q).unwrap().len(), 1);
    let q = Query {
        entity: Some("Minsk".into()),
        label: Some("PER".into()),
        limit: 10,
        ..Default::default()
    };
    assert!(s.search(&q).unwrap().is_empty());
    assert_eq!(
        s.entity_mentions("poutine").unwrap(),
        [("Poutine".to_string(), "PER".to_string(), 3, 2)]
    );
}
