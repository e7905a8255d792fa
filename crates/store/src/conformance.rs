//! The behaviour every [`Store`] backend must have, written once against the
//! trait. A backend's tests call [`run_all`] with a function making a fresh,
//! empty store, and [`reopen`] with one reopening the same store (file or
//! server backends). Each check panics (assertion) on a difference.
//!
//! Documents are written by hand ([`doc`]); no NLP pipeline involved.

use crate::{
    Candidate, Cooccurrence, DocMention, FeedValidators, Fingerprint, Form, IngestRun,
    MentionCount, Put, QueueCounts, QueueItem, QueueOutcome, SearchQuery, Stats, Store,
    StoryRecord, TextQuery, QUEUE_ATTEMPTS,
};
use serde_json::{json, Value};
use std::ops::ControlFlow;
use veille_core::{content_id, CopyEvidence, CopyLink, CopyRelation, Document, PubDate};

/// Makes a fresh, empty store.
pub type Make<'a> = &'a dyn Fn() -> Box<dyn Store>;

/// Builds a test [`Document`]; annotations are given by their text (every
/// occurrence in the document's text is annotated).
pub struct DocBuilder {
    doc: Document,
    lang: String,
    entities: Vec<Value>,
    quotes: Vec<Value>,
    times: Vec<Value>,
}

/// A document with this source, title and text (id: the content id, lang fr).
pub fn doc(source: &str, title: Option<&str>, text: &str) -> DocBuilder {
    DocBuilder {
        doc: Document {
            id: content_id(text),
            source: source.into(),
            title: title.map(str::to_string),
            text: text.into(),
            ..Default::default()
        },
        lang: "fr".into(),
        entities: Vec::new(),
        quotes: Vec::new(),
        times: Vec::new(),
    }
}

fn spans<'a>(text: &'a str, part: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    text.match_indices(part).map(|(i, p)| (i, i + p.len()))
}

impl DocBuilder {
    pub fn id(mut self, id: &str) -> Self {
        self.doc.id = id.into();
        self
    }
    pub fn url(mut self, url: &str) -> Self {
        self.doc.url = Some(url.into());
        self
    }
    /// ISO date ("2024-05-20").
    pub fn date(mut self, iso: &str) -> Self {
        self.doc.date = PubDate::parse_iso(iso);
        assert!(self.doc.date.is_some(), "fixture date {iso:?}");
        self
    }
    pub fn lang(mut self, lang: &str) -> Self {
        self.lang = lang.into();
        self
    }
    /// Every occurrence of `text` as an entity mention.
    pub fn entity(
        mut self,
        text: &str,
        label: &str,
        entity_id: Option<&str>,
        canonical: Option<&str>,
    ) -> Self {
        let found: Vec<_> = spans(&self.doc.text, text).collect();
        assert!(!found.is_empty(), "fixture entity {text:?} not in text");
        for (start, end) in found {
            self.entities.push(json!({
                "start": start, "end": end, "text": text, "type": label, "confidence": 0.9,
                "entity_id": entity_id, "canonical": canonical,
                "code": entity_id.map(|_| "XXX"),
            }));
        }
        self
    }
    /// A quote (its text must be in the document).
    pub fn quote(
        mut self,
        text: &str,
        kind: &str,
        speaker: &str,
        speaker_id: Option<&str>,
        speaker_name: Option<&str>,
    ) -> Self {
        let (start, end) = spans(&self.doc.text, text)
            .next()
            .unwrap_or_else(|| panic!("fixture quote {text:?} not in text"));
        self.quotes.push(json!({
            "start": start, "end": end, "text": text, "kind": kind, "cue": "a déclaré",
            "speaker": speaker, "speaker_span": null, "speaker_id": speaker_id,
            "speaker_name": speaker_name,
        }));
        self
    }
    /// A temporal expression (its text must be in the document).
    pub fn time(mut self, text: &str, value: &str, precision: &str) -> Self {
        let (start, end) = spans(&self.doc.text, text)
            .next()
            .unwrap_or_else(|| panic!("fixture time {text:?} not in text"));
        self.times.push(json!({
            "start": start, "end": end, "text": text, "value": value, "precision": precision,
        }));
        self
    }
    /// The document (annotations go through serde, so the builder does not
    /// depend on how `veille-core` types labels, kinds and languages).
    pub fn build(self) -> Document {
        let mut v = serde_json::to_value(&self.doc).expect("document to JSON");
        v["lang"] = json!(self.lang);
        v["entities"] = Value::Array(self.entities);
        v["quotes"] = Value::Array(self.quotes);
        v["times"] = Value::Array(self.times);
        serde_json::from_value(v).expect("fixture document from JSON")
    }
}

/// The shared corpus: three annotated documents and one bare one.
/// - "a": Poutine (Q7747, twice), Pékin, Xi Jinping; two quotes by Poutine; 2024-05-20.
/// - "b": Putin (Q7747 too), Kyiv; a quote by "Il" (Q3874); 2024-05-22.
/// - "c": no annotation, no date.
/// - "d": no title, no date, Minsk (LOC, not linked).
pub fn corpus() -> Vec<Document> {
    vec![
        doc(
            "a",
            Some("Poutine à Pékin"),
            "Poutine est arrivé à Pékin lundi. « Nous sommes amis », a déclaré Poutine devant Xi Jinping. « Rien ne nous séparera », a-t-il ajouté.",
        )
        .url("https://example.com/a")
        .date("2024-05-20")
        .entity("Poutine", "PER", Some("Q7747"), Some("Vladimir Poutine"))
        .entity("Pékin", "LOC", Some("Q956"), Some("Pékin"))
        .entity("Xi Jinping", "PER", Some("Q15031"), Some("Xi Jinping"))
        .quote("Nous sommes amis", "direct", "Poutine", Some("Q7747"), Some("Vladimir Poutine"))
        .quote("Rien ne nous séparera", "direct", "il", Some("Q7747"), Some("Vladimir Poutine"))
        .time("lundi", "2024-05-20", "day")
        .build(),
        doc(
            "b",
            Some("Kyiv"),
            "Le président ukrainien parle à Kyiv de Putin et de la mer Noire. Il a affirmé que la paix était possible.",
        )
        .date("2024-05-22")
        .entity("Putin", "PER", Some("Q7747"), Some("Vladimir Poutine"))
        .entity("Kyiv", "LOC", Some("Q1899"), Some("Kyiv"))
        .quote("la paix était possible", "indirect", "Il", Some("Q3874"), Some("Volodymyr Zelensky"))
        .build(),
        doc("c", Some("Autre"), "Rien à voir ici, sinon la météo.").build(),
        doc("d", None, "Un texte sans titre mentionne Minsk.")
            .entity("Minsk", "LOC", None, None)
            .build(),
    ]
}

fn seeded(make: Make) -> Box<dyn Store> {
    let mut s = make();
    let puts = s.put_all(&corpus()).expect("put corpus");
    assert_eq!(puts, [Put::Inserted; 4], "fresh store: every document new");
    s
}

/// Sources of the hits, in rank order.
fn sources(s: &dyn Store, q: &SearchQuery) -> Vec<String> {
    s.search(q)
        .unwrap_or_else(|e| panic!("search {q:?}: {e}"))
        .into_iter()
        .map(|h| h.source)
        .collect()
}

fn text(s: &dyn Store, q: &str) -> Vec<String> {
    sources(s, &SearchQuery::text(q))
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// Every check, each on a fresh store.
pub fn run_all(make: Make) {
    empty_store(make);
    same_content_stored_once_with_every_source(make);
    get_by_id_and_prefix(make);
    search_ranks_title_twice_text(make);
    search_words_accents_phrases(make);
    search_prefix_or_not(make);
    hostile_queries_never_fail(make);
    empty_queries_match_nothing(make);
    search_by_entity(make);
    entity_mentions_and_ids(make);
    entity_report(make);
    quotes_by(make);
    feed_validators_round_trip(make);
    has_url(make);
    untitled_undated_document(make);
    events_by_actor_type_modality_and_date(make);
    events_in_full_one_at_a_time(make);
    events_by_place(make);
    headline_annotations(make);
    fingerprints_and_candidates(make);
    copies_link_to_their_original(make);
    an_earlier_source_dates_the_document(make);
    documents_one_at_a_time(make);
    stories_keys_window_and_documents(make);
    search_page_filters_and_facets(make);
    events_page_offsets_and_total(make);
    timeline_places_briefs_and_story(make);
    quotes_of_an_entity_id(make);
    events_across_reports(make);
    persons_by_surname(make);
    hostile_lookups_never_fail(make);
    units_of_work(make);
    inventory_and_runs(make);
    queue_claims(make);
}

pub fn empty_store(make: Make) {
    let mut s = make();
    assert_eq!(s.stats().unwrap(), Stats::default());
    assert_eq!(s.put_all(&[]).unwrap(), []);
    assert!(s.get("0123456789abcdef").unwrap().is_none());
    assert!(s.search(&SearchQuery::text("poutine")).unwrap().is_empty());
    assert!(s.sources("0123456789abcdef").unwrap().is_empty());
}

pub fn same_content_stored_once_with_every_source(make: Make) {
    let mut s = make();
    let a = doc("a.txt", Some("Visite"), "Poutine est arrivé à Pékin lundi.").build();
    let b = doc(
        "b.txt",
        Some("Sommet"),
        "Le chef du Kremlin a rencontré Xi Jinping.",
    )
    .build();
    assert_eq!(
        s.put_all(&[a.clone(), b.clone()]).unwrap(),
        [Put::Inserted, Put::Inserted]
    );
    // Same content from elsewhere (another title even): a new source only.
    let copy = doc("copy/a.txt", Some("Autre titre"), &a.text).build();
    assert_eq!(copy.id, a.id);
    assert_eq!(
        s.put_all(&[copy.clone(), a.clone(), copy]).unwrap(),
        [Put::Duplicate, Put::Duplicate, Put::Duplicate]
    );
    assert_eq!(
        s.stats().unwrap(),
        Stats {
            documents: 2,
            sources: 3
        }
    );
    assert_eq!(s.sources(&a.id).unwrap(), ["a.txt", "copy/a.txt"]);
    assert_eq!(s.sources(&b.id).unwrap(), ["b.txt"]);
    assert_eq!(
        s.get(&a.id).unwrap().as_ref(),
        Some(&a),
        "first version kept"
    );
    // Within one batch too.
    let c = doc("c1", None, "Un autre texte.").build();
    let c2 = doc("c2", None, "Un autre texte.").build();
    assert_eq!(
        s.put_all(&[c, c2]).unwrap(),
        [Put::Inserted, Put::Duplicate]
    );
    assert_eq!(s.stats().unwrap().documents, 3);
}

pub fn get_by_id_and_prefix(make: Make) {
    let mut s = seeded(make);
    let all = corpus();
    for d in &all {
        assert_eq!(s.get(&d.id).unwrap().as_ref(), Some(d), "by id");
    }
    let a = &all[0];
    let got = s.get(&a.id[..6]).unwrap().expect("by unique id prefix");
    assert_eq!(got.id, a.id);
    assert_eq!(got.entities, a.entities, "annotations round trip");
    assert_eq!(got.quotes, a.quotes);
    assert_eq!(got.times, a.times);
    for missing in ["ffffffffffffffff", "", "%", "_", "' OR 1=1 --"] {
        assert!(s.get(missing).unwrap().is_none(), "{missing:?}");
    }
    let x = doc("x", None, "Premier.").id("abc0000000000001").build();
    let y = doc("y", None, "Second.").id("abc0000000000002").build();
    s.put_all(&[x.clone(), y]).unwrap();
    assert!(s.get("abc").unwrap().is_none(), "ambiguous prefix");
    assert_eq!(s.get("abc0000000000001").unwrap(), Some(x));
}

pub fn search_ranks_title_twice_text(make: Make) {
    let mut s = make();
    s.put_all(&[
        doc("text", Some("Autre"), "Kyiv à signaler ce jour.").build(),
        doc("title", Some("Kyiv"), "Rien à signaler ce jour.").build(),
        doc(
            "twice",
            Some("Ailleurs"),
            "Poutine, Poutine et encore Poutine ici.",
        )
        .build(),
        doc(
            "once",
            Some("Loin"),
            "Poutine part demain vers un autre pays.",
        )
        .build(),
        doc("f1", Some("Météo"), "Il pleut beaucoup.").build(),
        doc("f2", Some("Sport"), "Le match est nul.").build(),
        doc("f3", Some("Cuisine"), "Une recette de soupe.").build(),
    ])
    .unwrap();
    let hits = s.search(&SearchQuery::text("kyiv")).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.source.as_str()).collect::<Vec<_>>(),
        ["title", "text"],
        "a word in the title outranks the same word in the text"
    );
    assert!(hits[0].score > hits[1].score, "{hits:?}");
    let hits = s.search(&SearchQuery::text("poutine")).unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].source, "twice", "more occurrences rank higher");
    assert!(hits[0].score > hits[1].score && hits[1].score > 0.0);
    assert!(hits[0].snippet.contains("[Poutine]"), "{}", hits[0].snippet);
    assert_eq!(hits[0].title.as_deref(), Some("Ailleurs"));
    assert_eq!(hits[0].lang, "fr");
    let one = SearchQuery {
        limit: 1,
        ..SearchQuery::text("poutine")
    };
    assert_eq!(sources(&*s, &one), ["twice"], "limit");
}

pub fn search_words_accents_phrases(make: Make) {
    let s = seeded(make);
    assert_eq!(text(&*s, "poutine"), ["a"]);
    assert_eq!(text(&*s, "pekin"), ["a"], "accents ignored");
    assert_eq!(text(&*s, "PÉKIN"), ["a"], "case ignored");
    assert_eq!(text(&*s, "kyïv"), ["b"], "accents ignored in the query too");
    assert_eq!(text(&*s, "poutine pekin"), ["a"], "all words");
    assert!(text(&*s, "poutine kyiv").is_empty(), "all words must match");
    assert_eq!(text(&*s, "\"président ukrainien\""), ["b"], "phrase");
    assert!(
        text(&*s, "\"ukrainien président\"").is_empty(),
        "phrase keeps order"
    );
    assert!(
        text(&*s, "\"président mer\"").is_empty(),
        "phrase keeps words together"
    );
    assert_eq!(text(&*s, "président mer"), ["b"]);
    assert_eq!(text(&*s, "l’OTAN Kyiv").len(), 0);
    assert_eq!(text(&*s, "mer-Noire"), ["b"], "punctuation splits words");
}

pub fn search_prefix_or_not(make: Make) {
    let s = seeded(make);
    assert_eq!(text(&*s, "pout*"), ["a"], "prefix");
    assert_eq!(text(&*s, "PÉK*"), ["a"], "prefix, accents ignored");
    assert!(text(&*s, "pout").is_empty(), "no prefix without *");
    assert_eq!(sorted(text(&*s, "pekin OR kyiv")), ["a", "b"], "OR");
    assert_eq!(
        sorted(text(&*s, "météo OR pekin OR kyiv")),
        ["a", "b", "c"],
        "OR of three"
    );
    assert_eq!(
        text(&*s, "pekin OR kyiv président"),
        ["b"],
        "OR binds its neighbours"
    );
    assert_eq!(sorted(text(&*s, "à")), ["a", "b", "c"]);
    assert_eq!(sorted(text(&*s, "à -kyiv")), ["a", "c"], "NOT");
    assert_eq!(text(&*s, "à -kyiv -\"sinon la\""), ["a"], "NOT phrase");
    assert_eq!(sorted(text(&*s, "à -pout*")), ["b", "c"], "NOT prefix");
    assert!(
        text(&*s, "-kyiv").is_empty(),
        "exclusions alone match nothing"
    );
    assert_eq!(
        text(&*s, "pekin or kyiv").len(),
        0,
        "lower-case or is a word"
    );
}

pub fn hostile_queries_never_fail(make: Make) {
    let s = seeded(make);
    for q in [
        "*) OR (",
        "\"",
        "NEAR(",
        "NEAR(poutine pekin, 2)",
        "AND (",
        "poutine AND",
        "NOT poutine",
        "-",
        "*",
        "-\"",
        "\"\"",
        "OR",
        "OR OR OR",
        "title:poutine",
        "{title text}: poutine",
        "^poutine",
        "poutine^",
        "+poutine",
        "'; DROP TABLE documents; --",
        "\0",
        "🙂 poutine",
        "a\"b\"c\"",
        "((((((((((",
        "poutine*****",
        "*poutine",
        "\\\"poutine\\\"",
    ] {
        if let Err(e) = s.search(&SearchQuery::text(q)) {
            panic!("query {q:?} failed: {e}");
        }
    }
    let long = "poutine ".repeat(2000);
    assert_eq!(text(&*s, &long), ["a"], "a long query");
    assert_eq!(text(&*s, "\"poutine"), ["a"], "unterminated quote");
    assert_eq!(text(&*s, "poutine)"), ["a"]);
    assert_eq!(text(&*s, "(poutine)"), ["a"]);
    assert_eq!(text(&*s, "*poutine"), ["a"]);
    assert!(
        text(&*s, "NEAR(poutine pekin)").is_empty(),
        "NEAR is a plain word"
    );
    assert!(
        text(&*s, "title:poutine").is_empty(),
        "no column filter syntax"
    );
    assert_eq!(text(&*s, "NOT poutine").len(), 0, "NOT is a plain word");
    assert_eq!(s.stats().unwrap().documents, 4, "nothing dropped");
}

pub fn empty_queries_match_nothing(make: Make) {
    let s = seeded(make);
    for q in [
        "", "   ", "((( ***", "*) OR (", "\"\"", "-", "-poutine", "!?.,;",
    ] {
        assert!(text(&*s, q).is_empty(), "{q:?}");
    }
    assert!(s.search(&SearchQuery::default()).unwrap().is_empty());
    let q = SearchQuery {
        text: Some(TextQuery::default()),
        limit: 10,
        ..Default::default()
    };
    assert!(s.search(&q).unwrap().is_empty());
    let q = SearchQuery {
        label: Some(veille_core::EntityLabel::Per),
        limit: 10,
        ..Default::default()
    };
    assert!(s.search(&q).unwrap().is_empty(), "a label alone");
}

pub fn search_by_entity(make: Make) {
    let s = seeded(make);
    // By folded name, alone: ranked by mentions, score = mentions.
    let hits = s.search(&SearchQuery::entity("POUTINE")).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].source.as_str(), hits[0].score), ("a", 2.0));
    assert!(!hits[0].snippet.is_empty());
    assert_eq!(sources(&*s, &SearchQuery::entity("pekin")), ["a"]);
    // By entity id: every spelling; ranked by mentions.
    let q = SearchQuery {
        entity_id: Some("Q7747".into()),
        ..SearchQuery::entity("Путин")
    };
    assert_eq!(sources(&*s, &q), ["a", "b"]);
    let q = SearchQuery {
        entity_id: Some("Q7747".into()),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(sources(&*s, &q), ["a", "b"], "entity id alone");
    // With words.
    let q = SearchQuery {
        entity: Some("Kyiv".into()),
        ..SearchQuery::text("à")
    };
    assert_eq!(sources(&*s, &q), ["b"]);
    let q = SearchQuery {
        entity: Some("Kyiv".into()),
        ..SearchQuery::text("poutine")
    };
    assert!(sources(&*s, &q).is_empty());
    // By label.
    let q = |label: &str| SearchQuery {
        label: veille_core::EntityLabel::parse(label),
        ..SearchQuery::entity("minsk")
    };
    assert_eq!(sources(&*s, &q("LOC")), ["d"]);
    assert!(sources(&*s, &q("PER")).is_empty());
    assert!(sources(&*s, &SearchQuery::entity("Personne")).is_empty());
}

pub fn entity_mentions_and_ids(make: Make) {
    let s = seeded(make);
    assert_eq!(
        s.entity_mentions("POUTINE").unwrap(),
        [MentionCount {
            text: "Poutine".into(),
            label: veille_core::EntityLabel::Per,
            mentions: 2,
            documents: 1
        }]
    );
    assert_eq!(
        s.entity_mentions("pekin").unwrap()[0].label,
        veille_core::EntityLabel::Loc
    );
    assert!(s.entity_mentions("Personne").unwrap().is_empty());
    assert_eq!(s.entity_id_of("putin").unwrap().as_deref(), Some("Q7747"));
    assert_eq!(
        s.entity_id_of("Vladimir Poutine").unwrap().as_deref(),
        Some("Q7747"),
        "by canonical name"
    );
    assert_eq!(s.entity_id_of("Minsk").unwrap(), None, "not linked");
    assert_eq!(s.entity_id_of("Personne").unwrap(), None);
}

pub fn entity_report(make: Make) {
    let s = seeded(make);
    let all = corpus();
    let r = s.entity_report("Q7747", 10).unwrap();
    assert_eq!(r.id, "Q7747");
    assert_eq!(r.canonical.as_deref(), Some("Vladimir Poutine"));
    assert_eq!(r.code.as_deref(), Some("XXX"));
    assert_eq!((r.mentions, r.documents), (3, 2));
    assert_eq!(
        r.forms,
        [
            Form {
                text: "Poutine".into(),
                count: 2
            },
            Form {
                text: "Putin".into(),
                count: 1
            }
        ]
    );
    assert_eq!(
        r.docs,
        [
            DocMention {
                id: all[1].id.clone(),
                title: Some("Kyiv".into()),
                date: Some("2024-05-22".into()),
                mentions: 1
            },
            DocMention {
                id: all[0].id.clone(),
                title: Some("Poutine à Pékin".into()),
                date: Some("2024-05-20".into()),
                mentions: 2
            }
        ],
        "newest first"
    );
    let co = |id: &str, c: &str| Cooccurrence {
        entity_id: id.into(),
        canonical: Some(c.into()),
        documents: 1,
    };
    assert_eq!(
        r.cooccurring,
        [
            co("Q1899", "Kyiv"),
            co("Q956", "Pékin"),
            co("Q15031", "Xi Jinping")
        ]
    );
    let r = s.entity_report("Q7747", 1).unwrap();
    assert_eq!((r.docs.len(), r.cooccurring.len()), (1, 1), "top");
    assert_eq!((r.mentions, r.forms.len()), (3, 2), "top limits lists only");
    let r = s.entity_report("Q0", 10).unwrap();
    assert_eq!((r.mentions, r.documents, r.canonical), (0, 0, None));
    assert!(r.forms.is_empty() && r.docs.is_empty() && r.cooccurring.is_empty());
}

pub fn quotes_by(make: Make) {
    let s = seeded(make);
    let texts = |speaker: &str, id: Option<&str>, n: usize| -> Vec<String> {
        s.quotes_by(speaker, id, n)
            .unwrap()
            .into_iter()
            .map(|q| q.text)
            .collect()
    };
    // By id.
    assert_eq!(
        texts("?", Some("Q7747"), 10),
        ["Nous sommes amis", "Rien ne nous séparera"]
    );
    assert_eq!(texts("?", Some("Q3874"), 10), ["la paix était possible"]);
    // By name: resolved to its entity id, or the speaker name as written.
    assert_eq!(texts("poutine", None, 10).len(), 2, "name -> entity id");
    assert_eq!(
        texts("VOLODYMYR ZELENSKY", None, 10).len(),
        1,
        "speaker name"
    );
    assert_eq!(texts("il", None, 10).len(), 2, "speaker as written");
    assert_eq!(texts("poutine", None, 1), ["Nous sommes amis"], "limit");
    assert!(texts("Personne", None, 10).is_empty());
    let q = &s.quotes_by("?", Some("Q3874"), 10).unwrap()[0];
    assert_eq!(q.kind, veille_core::QuoteKind::Indirect);
    assert_eq!(q.source, "b");
    assert_eq!(q.title.as_deref(), Some("Kyiv"));
    assert_eq!(q.date.as_deref(), Some("2024-05-22"));
    assert_eq!(q.cue.as_deref(), Some("a déclaré"));
    assert_eq!(q.speaker.as_deref(), Some("Il"));
    assert_eq!(q.speaker_name.as_deref(), Some("Volodymyr Zelensky"));
    assert_eq!(q.doc_id, corpus()[1].id);
    // Newest first across documents.
    let all = s.quotes_by("il", None, 10).unwrap();
    assert_eq!(all[0].source, "b");
}

pub fn feed_validators_round_trip(make: Make) {
    let mut s = make();
    let url = "https://example.com/feed.xml";
    assert_eq!(s.feed_validators(url).unwrap(), None);
    let v1 = FeedValidators {
        etag: Some("\"abc\"".into()),
        last_modified: None,
    };
    s.set_feed_validators(url, &v1).unwrap();
    assert_eq!(s.feed_validators(url).unwrap().as_ref(), Some(&v1));
    let v2 = FeedValidators {
        etag: None,
        last_modified: Some("Wed, 22 May 2024 10:00:00 GMT".into()),
    };
    s.set_feed_validators(url, &v2).unwrap();
    assert_eq!(s.feed_validators(url).unwrap(), Some(v2), "updated");
    assert_eq!(
        s.feed_validators("https://example.com/other").unwrap(),
        None
    );
    s.set_feed_validators("x", &FeedValidators::default())
        .unwrap();
    assert_eq!(
        s.feed_validators("x").unwrap(),
        Some(FeedValidators::default())
    );
}

pub fn has_url(make: Make) {
    let s = seeded(make);
    assert!(s.has_url("https://example.com/a").unwrap(), "by url");
    assert!(s.has_url("b").unwrap(), "by source");
    assert!(!s.has_url("https://example.com/zzz").unwrap());
    assert!(!s.has_url("").unwrap());
    assert!(!s.has_url("%").unwrap());
}

pub fn untitled_undated_document(make: Make) {
    let mut s = make();
    let untitled = doc("u", None, "Un texte sans titre mentionne Minsk.").build();
    let empty = doc("e", Some(""), "Un titre vide, Minsk encore.")
        .lang("und")
        .build();
    s.put_all(&[untitled.clone(), empty.clone()]).unwrap();
    assert_eq!(s.get(&untitled.id).unwrap(), Some(untitled));
    assert_eq!(s.get(&empty.id).unwrap(), Some(empty));
    let mut hits = s.search(&SearchQuery::text("minsk")).unwrap();
    hits.sort_by(|a, b| a.source.cmp(&b.source));
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].source, "e");
    assert!(matches!(hits[0].title.as_deref(), None | Some("")));
    assert_eq!(hits[0].lang, "und");
    assert_eq!(hits[1].title, None);
    assert!(hits.iter().all(|h| h.date.is_none()));
    assert!(hits[1].snippet.contains("[Minsk]"), "{}", hits[1].snippet);
}

/// Reopening a store keeps everything, and opening is idempotent (no
/// migration runs twice). `open` must reopen the same store each time.
pub fn reopen(open: Make) {
    {
        let mut s = open();
        s.put_all(&corpus()).unwrap();
        s.set_feed_validators(
            "f",
            &FeedValidators {
                etag: Some("e".into()),
                last_modified: None,
            },
        )
        .unwrap();
    }
    for _ in 0..2 {
        let mut s = open();
        assert_eq!(
            s.stats().unwrap(),
            Stats {
                documents: 4,
                sources: 4
            }
        );
        let all = corpus();
        assert_eq!(s.get(&all[0].id).unwrap().as_ref(), Some(&all[0]));
        assert_eq!(text(&*s, "pekin"), ["a"]);
        assert_eq!(
            s.feed_validators("f").unwrap().unwrap().etag.as_deref(),
            Some("e")
        );
        assert_eq!(s.put_all(&all[..1]).unwrap(), [Put::Duplicate]);
    }
}

/// An event of `d` whose trigger, source and target are given by their
/// text (first occurrence).
pub fn event(
    d: &Document,
    trigger: &str,
    ty: veille_core::EventType,
    source: Option<(&str, &str)>,
    target: Option<(&str, &str)>,
    modality: veille_core::Modality,
    date: Option<&str>,
) -> veille_core::Event {
    let arg = |t: &str, id: Option<&str>| {
        let at = d.text.find(t).expect("fixture argument in the text");
        veille_core::EventArg {
            span: veille_core::Span::new(at, at + t.len()),
            text: t.into(),
            entity_id: id.map(str::to_string),
            code: None,
            place: None,
            implied: false,
        }
    };
    veille_core::Event {
        event_type: ty,
        mode: None,
        context: vec![],
        cameo: "190".into(),
        trigger: arg(trigger, None),
        source: source.map(|(t, id)| arg(t, Some(id))),
        target: target.map(|(t, id)| arg(t, Some(id))),
        location: None,
        date: date.map(|v| veille_core::EventDate {
            text: None,
            value: Some(v.into()),
            precision: veille_core::DatePrecision::Day,
        }),
        modality,
        reported_by: None,
        sentence: veille_core::Span::new(0, d.text.len()),
        confidence: 0.8,
    }
}

pub fn events_by_actor_type_modality_and_date(make: Make) {
    use crate::EventQuery;
    use veille_core::{EventType, Modality};
    let mut s = make();
    let mut a = doc(
        "a.txt",
        Some("Frappes"),
        "La Russie a bombardé Kharkiv. Kiev a accusé Moscou.",
    )
    .date("2024-05-20")
    .build();
    let e1 = event(
        &a,
        "bombardé",
        EventType::Assault,
        Some(("La Russie", "Q159")),
        Some(("Kharkiv", "Q42")),
        Modality::Asserted,
        Some("2024-05-19"),
    );
    let e2 = event(
        &a,
        "accusé",
        EventType::Accuse,
        Some(("Kiev", "Q212")),
        Some(("Moscou", "Q159")),
        Modality::Asserted,
        None,
    );
    a.events = vec![e1, e2];
    let mut b = doc("b.txt", None, "La Russie ne va pas attaquer Odessa.")
        .date("2024-06-02")
        .build();
    b.events = vec![event(
        &b,
        "attaquer",
        EventType::Assault,
        Some(("La Russie", "Q159")),
        Some(("Odessa", "Q1")),
        Modality::Negated,
        None,
    )];
    s.put_all(&[a, b]).unwrap();
    let q = |f: &dyn Fn(&mut EventQuery)| {
        let mut q = EventQuery {
            limit: 10,
            ..Default::default()
        };
        f(&mut q);
        s.events(&q).unwrap()
    };
    assert_eq!(q(&|_| {}).len(), 3);
    // By actor id: the source, newest first; by target id.
    let by_russia = q(&|q| q.actor_id = Some("Q159".into()));
    assert_eq!(
        by_russia
            .iter()
            .map(|e| e.trigger.as_str())
            .collect::<Vec<_>>(),
        ["attaquer", "bombardé"]
    );
    let at_russia = q(&|q| q.target_id = Some("Q159".into()));
    assert_eq!(at_russia.len(), 1);
    assert_eq!(at_russia[0].event_type, EventType::Accuse);
    assert_eq!(
        at_russia[0].date.as_deref(),
        Some("2024-05-20"),
        "the document's date when the event has none"
    );
    // By a name as written when no id is known.
    assert_eq!(q(&|q| q.actor = Some("kiev".into())).len(), 1);
    // By type, modality, dates.
    assert_eq!(q(&|q| q.event_type = Some(EventType::Assault)).len(), 2);
    let negated = q(&|q| q.modality = Some(Modality::Negated));
    assert_eq!(negated.len(), 1);
    assert_eq!(negated[0].sentence, "La Russie ne va pas attaquer Odessa.");
    assert_eq!(q(&|q| q.since = Some("2024-06".into())).len(), 1);
    assert_eq!(q(&|q| q.until = Some("2024-05-19".into())).len(), 1);
    assert_eq!(q(&|q| q.until = Some("2024-05".into())).len(), 2);
    assert!(q(&|q| q.actor_id = Some("Q999".into())).is_empty());
    assert_eq!(q(&|q| q.limit = 1).len(), 1);
}

pub fn events_by_place(make: Make) {
    use crate::EventQuery;
    use veille_core::{EventType, Modality, Place, PlacePrecision};
    let mut s = make();
    let mut a = doc(
        "p.txt",
        None,
        "Les présidents se sont rencontrés dans la capitale biélorusse.",
    )
    .date("2024-05-24")
    .build();
    let mut e = event(
        &a,
        "rencontrés",
        EventType::Consult,
        Some(("Les présidents", "Q1")),
        None,
        Modality::Asserted,
        None,
    );
    let minsk = Place {
        place_id: "geonames:625144".into(),
        name: "Minsk".into(),
        country: Some("BLR".into()),
        admin1: Some("BY.04".into()),
        lat: 53.9,
        lon: 27.57,
        precision: PlacePrecision::City,
    };
    // The location as written is not the gazetteer's name: "minsk" below
    // matches through the places table only.
    let written = "la capitale biélorusse";
    let at = a.text.find(written).unwrap();
    e.location = Some(veille_core::EventArg {
        span: veille_core::Span::new(at, at + written.len()),
        text: written.into(),
        place: Some(minsk.clone()),
        ..Default::default()
    });
    a.events = vec![e];
    // The mention as an entity, placed: the entity's report says where.
    a.entities = vec![veille_core::Entity {
        span: veille_core::Span::new(at, at + written.len()),
        text: written.into(),
        label: veille_core::EntityLabel::Loc,
        entity_id: Some("Q2280".into()),
        place: Some(minsk.clone()),
        ..Default::default()
    }];
    s.put_all(&[a]).unwrap();
    assert_eq!(
        s.entity_report("Q2280", 5).unwrap().places,
        std::slice::from_ref(&minsk)
    );
    assert!(s.entity_report("Q1", 5).unwrap().places.is_empty());
    let by = |place: &str| {
        s.events(&EventQuery {
            place: Some(place.into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap()
    };
    for q in [
        "geonames:625144",
        "minsk",
        "BLR",
        "blr",
        "la capitale biélorusse",
    ] {
        let hits = by(q);
        assert_eq!(hits.len(), 1, "{q}");
        assert_eq!(hits[0].place.as_ref(), Some(&minsk), "{q}");
    }
    assert!(by("Pékin").is_empty());
    assert!(by("geonames:1").is_empty());
}

pub fn events_in_full_one_at_a_time(make: Make) {
    use crate::{EventQuery, StoredEvent};
    use std::ops::ControlFlow;
    use veille_core::{EventType, Modality, Place, PlacePrecision};
    let mut s = make();
    let all = |s: &dyn Store, f: &dyn Fn(&mut EventQuery)| {
        let mut q = EventQuery {
            limit: usize::MAX,
            ..Default::default()
        };
        f(&mut q);
        let mut out: Vec<StoredEvent> = Vec::new();
        let n = s
            .each_event(&q, &mut |e| {
                out.push(e);
                ControlFlow::Continue(())
            })
            .unwrap();
        assert_eq!(n as usize, out.len());
        out
    };
    assert!(all(&*s, &|_| {}).is_empty(), "an empty store has no event");
    let mut late = doc("late.txt", None, "Kiev a accusé Moscou.")
        .url("https://example.org/late")
        .date("2024-06-02")
        .build();
    late.events = vec![event(
        &late,
        "accusé",
        EventType::Accuse,
        Some(("Kiev", "Q212")),
        Some(("Moscou", "Q159")),
        Modality::Asserted,
        None,
    )];
    let mut early = doc(
        "early.txt",
        Some("Frappes"),
        "La Russie a bombardé Kharkiv. Kiev a accusé Moscou à Kharkiv.",
    )
    .date("2024-05-20")
    .build();
    let mut e1 = event(
        &early,
        "bombardé",
        EventType::Assault,
        Some(("La Russie", "Q159")),
        None,
        Modality::Asserted,
        Some("2024-05-19"),
    );
    e1.mode = Some("aerial".into());
    e1.context = vec!["military".into()];
    let mut e2 = event(
        &early,
        "accusé",
        EventType::Accuse,
        Some(("Kiev", "Q212")),
        Some(("Moscou", "Q159")),
        Modality::Reported,
        None,
    );
    let at = early.text.rfind("Kharkiv").unwrap();
    e2.location = Some(veille_core::EventArg {
        span: veille_core::Span::new(at, at + "Kharkiv".len()),
        text: "Kharkiv".into(),
        entity_id: Some("Q42".into()),
        code: None,
        place: Some(Place {
            place_id: "geonames:706483".into(),
            name: "Kharkiv".into(),
            country: Some("UKR".into()),
            admin1: Some("UA.07".into()),
            lat: 49.98,
            lon: 36.25,
            precision: PlacePrecision::City,
        }),
        implied: false,
    });
    early.events = vec![e1.clone(), e2.clone()];
    s.put_all(&[late.clone(), early.clone()]).unwrap();
    // The second source of the late document.
    let mut again = late.clone();
    again.source = "mirror.txt".into();
    s.put_all(&[again]).unwrap();

    let got = all(&*s, &|_| {});
    // Oldest document first, then text order; every field kept.
    assert_eq!(
        got.iter()
            .map(|e| (e.doc_id.as_str(), e.index))
            .collect::<Vec<_>>(),
        [
            (early.id.as_str(), 0),
            (early.id.as_str(), 1),
            (late.id.as_str(), 0)
        ]
    );
    assert_eq!(got[0].event, e1);
    assert_eq!(got[1].event, e2, "places, modes, contexts round-trip");
    assert_eq!(got[0].title.as_deref(), Some("Frappes"));
    assert_eq!(got[0].doc_date.as_deref(), Some("2024-05-20"));
    assert_eq!(got[0].source_doc, "early.txt");
    assert_eq!(got[0].sentence, early.text);
    assert_eq!(got[0].sources, 1);
    assert_eq!(got[2].url.as_deref(), Some("https://example.org/late"));
    assert_eq!(got[2].sources, 2, "every source of the document");
    assert_eq!(got[2].lang, early.lang);
    // The same filters as `events`.
    let accusations = all(&*s, &|q| q.event_type = Some(EventType::Accuse));
    assert_eq!(accusations.len(), 2);
    assert_eq!(all(&*s, &|q| q.actor_id = Some("Q212".into())).len(), 2);
    assert_eq!(all(&*s, &|q| q.target = Some("moscou".into())).len(), 2);
    assert_eq!(
        all(&*s, &|q| q.modality = Some(Modality::Reported)).len(),
        1
    );
    assert_eq!(all(&*s, &|q| q.since = Some("2024-06".into())).len(), 1);
    assert_eq!(all(&*s, &|q| q.until = Some("2024-05-19".into())).len(), 1);
    assert_eq!(all(&*s, &|q| q.limit = 2).len(), 2);
    // The walk stops when asked.
    let mut seen = 0;
    let n = s
        .each_event(
            &EventQuery {
                limit: usize::MAX,
                ..Default::default()
            },
            &mut |_| {
                seen += 1;
                ControlFlow::Break(())
            },
        )
        .unwrap();
    assert_eq!((n, seen), (1, 1));
}

/// What the title says is stored beside the text's annotations: its events
/// (with the title as evidence, first in the document's order), its
/// entity mentions and quotes, and the document round-trips.
pub fn headline_annotations(make: Make) {
    use crate::{EventQuery, StoredEvent};
    use std::ops::ControlFlow;
    use veille_core::{EventType, Modality};
    let mut s = make();
    let title = "Kiev accuse Moscou";
    let mut d = doc("head.txt", Some(title), "La Russie a bombardé Kharkiv.")
        .date("2024-05-20")
        .build();
    let as_text = doc("t", None, title).build();
    let head = event(
        &as_text,
        "accuse",
        EventType::Accuse,
        Some(("Kiev", "Q212")),
        Some(("Moscou", "Q159")),
        Modality::Asserted,
        None,
    );
    let body = event(
        &d,
        "bombardé",
        EventType::Assault,
        Some(("La Russie", "Q159")),
        None,
        Modality::Asserted,
        None,
    );
    d.headline.events = vec![head.clone()];
    d.events = vec![body.clone()];
    d.headline.entities = vec![veille_core::Entity {
        span: veille_core::Span::new(0, 4),
        text: "Kiev".into(),
        label: veille_core::EntityLabel::Loc,
        confidence: 0.9,
        entity_id: Some("Q212".into()),
        ..Default::default()
    }];
    d.headline.quotes = vec![veille_core::Quote {
        span: veille_core::Span::new(5, 11),
        text: "accuse".into(),
        speaker: Some("Kiev".into()),
        speaker_id: Some("Q212".into()),
        ..Default::default()
    }];
    s.put_all(std::slice::from_ref(&d)).unwrap();
    assert_eq!(
        s.get(&d.id).unwrap().as_ref(),
        Some(&d),
        "headline round-trips"
    );
    let hits = s
        .events(&EventQuery {
            event_type: Some(EventType::Accuse),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].sentence, title, "the title is the evidence");
    assert_eq!(hits[0].target_id.as_deref(), Some("Q159"));
    let mut got: Vec<StoredEvent> = Vec::new();
    s.each_event(
        &EventQuery {
            limit: usize::MAX,
            ..Default::default()
        },
        &mut |e| {
            got.push(e);
            ControlFlow::Continue(())
        },
    )
    .unwrap();
    assert_eq!(
        got.iter()
            .map(|e| (e.index, e.event.clone(), e.sentence.as_str()))
            .collect::<Vec<_>>(),
        [(0, head, title), (1, body, d.text.as_str())],
        "the headline's events first"
    );
    assert_eq!(s.entity_mentions("kiev").unwrap()[0].mentions, 1);
    assert_eq!(s.quotes_by("Kiev", Some("Q212"), 10).unwrap().len(), 1);
}

/// Fingerprints round-trip; candidates are the documents sharing bands or
/// keys, most shared first; a key held by too many documents is skipped.
pub fn fingerprints_and_candidates(make: Make) {
    let mut s = make();
    let docs = corpus();
    s.put_all(&docs).unwrap();
    let fp = |i: usize, bands: &[u64], keys: &[u64]| Fingerprint {
        doc_id: docs[i].id.clone(),
        bands: bands.to_vec(),
        keys: keys.to_vec(),
        data: vec![i as u8, 0, 255],
    };
    assert!(s.fingerprint(&docs[0].id).unwrap().is_none());
    // u64 keys above i64::MAX survive the round trip.
    s.put_fingerprint(&fp(0, &[1, 2, u64::MAX], &[10])).unwrap();
    s.put_fingerprint(&fp(1, &[2, 3], &[10, 11])).unwrap();
    s.put_fingerprint(&fp(2, &[4], &[10, 12])).unwrap();
    assert_eq!(
        s.fingerprint(&docs[0].id).unwrap(),
        Some(fp(0, &[1, 2, u64::MAX], &[10]))
    );
    assert_eq!(
        s.fingerprint_data(&docs[1].id).unwrap(),
        Some(vec![1, 0, 255])
    );
    assert_eq!(s.fingerprint_data(&docs[3].id).unwrap(), None);
    let c = s.candidates(&[2, u64::MAX, 3], &[11, 12], 10, 10).unwrap();
    assert_eq!(
        c,
        [
            Candidate {
                doc_id: docs[1].id.clone(),
                bands: 2,
                keys: 1
            },
            Candidate {
                doc_id: docs[0].id.clone(),
                bands: 2,
                keys: 0
            },
            Candidate {
                doc_id: docs[2].id.clone(),
                bands: 0,
                keys: 1
            },
        ],
        "most shared first"
    );
    // Key 10 is held by three documents: with at most two postings it is
    // skipped, with three it counts.
    assert!(s.candidates(&[], &[10], 2, 10).unwrap().is_empty());
    assert_eq!(s.candidates(&[], &[10], 3, 10).unwrap().len(), 3);
    // Asked again, after a backend may have remembered it as held by many.
    assert!(s.candidates(&[], &[10], 2, 10).unwrap().is_empty());
    assert!(s.candidates(&[], &[10], 1, 10).unwrap().is_empty());
    assert_eq!(s.candidates(&[], &[10], 3, 10).unwrap().len(), 3);
    assert_eq!(s.candidates(&[], &[10], 3, 1).unwrap().len(), 1, "limit");
    // Bands and keys are apart: band 10 is nobody's.
    assert!(s.candidates(&[10], &[], 10, 10).unwrap().is_empty());
    // Replacing a fingerprint replaces its keys.
    s.put_fingerprint(&fp(0, &[7], &[])).unwrap();
    assert_eq!(s.candidates(&[1], &[], 10, 10).unwrap(), []);
    assert_eq!(
        s.candidates(&[7], &[], 10, 10).unwrap()[0].doc_id,
        docs[0].id
    );
    assert!(s.candidates(&[], &[], 10, 10).unwrap().is_empty());
}

/// A copy's link to its original, and an original's copies, round-trip;
/// a link is replaced when the group's original changes.
pub fn copies_link_to_their_original(make: Make) {
    let mut s = make();
    let docs = corpus();
    s.put_all(&docs).unwrap();
    let link = |copy: usize, orig: usize, relation, similarity| CopyLink {
        doc_id: docs[copy].id.clone(),
        original: docs[orig].id.clone(),
        relation,
        evidence: CopyEvidence {
            similarity,
            text_similarity: 0.5,
            containment: 0.75,
            shared_spans: 12,
            shared_anchors: 3,
            anchor_similarity: 0.25,
            residue: vec!["[We]".into()],
        },
    };
    assert!(s.copy_of(&docs[1].id).unwrap().is_none());
    assert!(s.copies_of(&docs[0].id).unwrap().is_empty());
    s.set_copy(&link(1, 0, CopyRelation::Repost, 0.9)).unwrap();
    s.set_copy(&link(2, 0, CopyRelation::MachineTranslation, 0.625))
        .unwrap();
    assert_eq!(
        s.copy_of(&docs[2].id).unwrap(),
        Some(link(2, 0, CopyRelation::MachineTranslation, 0.625))
    );
    assert_eq!(
        s.copies_of(&docs[0].id).unwrap(),
        [
            link(1, 0, CopyRelation::Repost, 0.9),
            link(2, 0, CopyRelation::MachineTranslation, 0.625)
        ]
    );
    // A new original: the links move to it.
    s.set_copy(&link(0, 3, CopyRelation::Partial, 0.5)).unwrap();
    s.set_copy(&link(1, 3, CopyRelation::Repost, 0.875))
        .unwrap();
    s.set_copy(&link(2, 3, CopyRelation::Translation, 0.75))
        .unwrap();
    assert!(s.copies_of(&docs[0].id).unwrap().is_empty());
    assert_eq!(s.copies_of(&docs[3].id).unwrap().len(), 3);
    assert_eq!(
        s.copy_of(&docs[1].id)
            .unwrap()
            .map(|l| l.evidence.similarity),
        Some(0.875)
    );
}

/// The same content found again with an earlier date dates the document:
/// its row, its JSON, its mentions' days; a later date, the same day or an
/// unknown id change nothing. A link to an original can be removed.
pub fn an_earlier_source_dates_the_document(make: Make) {
    let mut s = make();
    let d = doc(
        "late.txt",
        Some("Visite"),
        "Vladimir Poutine est arrivé à Pékin.",
    )
    .date("2016-02-07")
    .entity(
        "Vladimir Poutine",
        "PER",
        Some("Q7747"),
        Some("Vladimir Poutine"),
    )
    .build();
    let other = doc("other.txt", None, "Un autre texte.")
        .date("2016-02-08")
        .build();
    s.put_all(&[d.clone(), other.clone()]).unwrap();
    let days = |s: &dyn Store| -> Vec<String> {
        s.mention_timeline("Q7747")
            .unwrap()
            .into_iter()
            .map(|c| c.day)
            .collect()
    };
    let date = |iso: &str| PubDate::parse_iso(iso).unwrap();
    assert!(!s.earlier_date(&d.id, &date("2016-02-09")).unwrap());
    assert!(!s.earlier_date("unknown", &date("2016-02-01")).unwrap());
    assert_eq!(days(&*s), ["2016-02-07"]);
    assert!(s.earlier_date(&d.id, &date("2016-02-04")).unwrap());
    assert_eq!(
        s.get(&d.id).unwrap().unwrap().date,
        Some(date("2016-02-04"))
    );
    assert_eq!(days(&*s), ["2016-02-04"]);
    let mut dates = Vec::new();
    s.each_document(&mut |r| {
        dates.push((r.id, r.date));
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(
        dates,
        [
            (d.id.clone(), Some("2016-02-04".to_string())),
            (other.id.clone(), Some("2016-02-08".to_string()))
        ]
    );
    assert!(
        !s.earlier_date(&d.id, &date("2016-02-04T10:00")).unwrap(),
        "the same day is not earlier"
    );
    assert_eq!(
        s.get(&other.id).unwrap().unwrap().date,
        Some(date("2016-02-08"))
    );
    // A copy link removed.
    s.set_copy(&CopyLink {
        doc_id: other.id.clone(),
        original: d.id.clone(),
        relation: CopyRelation::Rewrite,
        evidence: CopyEvidence::default(),
    })
    .unwrap();
    assert!(s.copy_of(&other.id).unwrap().is_some());
    s.clear_copy(&other.id).unwrap();
    assert!(s.copy_of(&other.id).unwrap().is_none());
    assert!(s.copies_of(&d.id).unwrap().is_empty());
    s.clear_copy("unknown").unwrap();
}

/// Every document once, oldest first and undated last, with its sources
/// and its copy link; the walk stops when asked.
pub fn documents_one_at_a_time(make: Make) {
    let mut s = make();
    assert_eq!(
        s.each_document(&mut |_| ControlFlow::Continue(())).unwrap(),
        0
    );
    let late = doc("late.txt", Some("Tard"), "Un texte publié plus tard.")
        .url("https://example.org/late")
        .date("2024-06-02")
        .build();
    let early = doc("early.txt", None, "Un texte publié plus tôt.")
        .date("2024-05-20")
        .lang("en")
        .build();
    let undated = doc("undated.txt", None, "Un texte sans date.").build();
    s.put_all(&[undated.clone(), late.clone(), early.clone()])
        .unwrap();
    let again = Document {
        source: "mirror.txt".into(),
        ..late.clone()
    };
    s.put_all(&[again]).unwrap();
    s.set_copy(&CopyLink {
        doc_id: late.id.clone(),
        original: early.id.clone(),
        relation: CopyRelation::Rewrite,
        evidence: CopyEvidence::default(),
    })
    .unwrap();
    let mut rows = Vec::new();
    let n = s
        .each_document(&mut |r| {
            rows.push(r);
            ControlFlow::Continue(())
        })
        .unwrap();
    assert_eq!(n, 3);
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [early.id.as_str(), late.id.as_str(), undated.id.as_str()]
    );
    assert_eq!(rows[0].lang.as_str(), "en");
    assert_eq!(rows[0].date.as_deref(), Some("2024-05-20"));
    assert_eq!(rows[0].title, None);
    assert!(rows[0].copy_of.is_none());
    assert_eq!(rows[1].sources, 2);
    assert_eq!(rows[1].url.as_deref(), Some("https://example.org/late"));
    assert_eq!(rows[1].source, "late.txt");
    assert_eq!(
        rows[1]
            .copy_of
            .as_ref()
            .map(|l| (l.original.as_str(), l.relation)),
        Some((early.id.as_str(), CopyRelation::Rewrite))
    );
    assert_eq!(rows[2].sources, 1);
    let mut first = 0;
    let n = s
        .each_document(&mut |_| {
            first += 1;
            ControlFlow::Break(())
        })
        .unwrap();
    assert_eq!((n, first), (1, 1));
}

/// A story round-trips with its keys (replaced on update); candidates
/// share keys and meet the date window, over-common keys skipped; a
/// document is in one story at a time; stories count documents and
/// independent sources (a copy counts as its original).
pub fn stories_keys_window_and_documents(make: Make) {
    let mut s = make();
    let docs = corpus();
    s.put_all(&docs).unwrap();
    let story = |id: &str, first: &str, last: &str, keys: &[&str]| StoryRecord {
        id: id.into(),
        label: format!("label {id}"),
        first_date: Some(first.into()),
        last_date: Some(last.into()),
        keys: keys.iter().map(|k| k.to_string()).collect(),
        data: vec![1, 2, 3],
    };
    assert!(s.story("a").unwrap().is_none());
    assert!(s.stories(10).unwrap().is_empty());
    s.put_story(&story("a", "2024-05-01", "2024-05-03", &["k1", "k2"]))
        .unwrap();
    s.put_story(&story("b", "2024-05-02", "2024-05-02", &["k2", "k3"]))
        .unwrap();
    s.put_story(&story("c", "2024-08-01", "2024-08-02", &["k1", "k2"]))
        .unwrap();
    assert_eq!(
        s.story("a").unwrap(),
        Some(story("a", "2024-05-01", "2024-05-03", &["k1", "k2"]))
    );
    let keys = |ks: &[&str]| ks.iter().map(|k| k.to_string()).collect::<Vec<_>>();
    // The window keeps c out; a shares two keys, b one.
    let c = s
        .story_candidates(
            &keys(&["k1", "k2", "k3", "k1"]),
            Some("2024-04-28"),
            Some("2024-05-12"),
            10,
            10,
        )
        .unwrap();
    assert_eq!(c, [("a".to_string(), 2), ("b".to_string(), 2)]);
    let c = s
        .story_candidates(&keys(&["k1"]), None, None, 10, 10)
        .unwrap();
    assert_eq!(c, [("a".to_string(), 1), ("c".to_string(), 1)], "no window");
    // k2 is held by three stories: with two postings at most it is skipped.
    assert!(s
        .story_candidates(&keys(&["k2"]), None, None, 2, 10)
        .unwrap()
        .is_empty());
    assert_eq!(
        s.story_candidates(&keys(&["k2"]), None, None, 3, 1)
            .unwrap()
            .len(),
        1,
        "limit"
    );
    // Keys are replaced on update.
    s.put_story(&story("a", "2024-05-01", "2024-05-04", &["k9"]))
        .unwrap();
    assert!(s
        .story_candidates(
            &keys(&["k1"]),
            Some("2024-05-01"),
            Some("2024-05-05"),
            10,
            10
        )
        .unwrap()
        .is_empty());
    assert_eq!(s.story("a").unwrap().unwrap().keys, ["k9"]);
    // Documents: one story each; a copy is not an independent source.
    s.set_story(&docs[0].id, "a").unwrap();
    s.set_story(&docs[1].id, "a").unwrap();
    s.set_story(&docs[2].id, "b").unwrap();
    s.set_story(&docs[2].id, "a").unwrap();
    s.set_copy(&CopyLink {
        doc_id: docs[1].id.clone(),
        original: docs[0].id.clone(),
        relation: CopyRelation::Repost,
        evidence: CopyEvidence::default(),
    })
    .unwrap();
    assert_eq!(s.story_of(&docs[2].id).unwrap().as_deref(), Some("a"));
    assert_eq!(s.story_of(&docs[3].id).unwrap(), None);
    let mut members = s.story_documents("a").unwrap();
    members.sort();
    let mut want = vec![docs[0].id.clone(), docs[1].id.clone(), docs[2].id.clone()];
    want.sort();
    assert_eq!(members, want);
    assert!(s.story_documents("b").unwrap().is_empty());
    let rows = s.stories(10).unwrap();
    assert_eq!(rows.len(), 3);
    let a = rows.iter().find(|r| r.id == "a").unwrap();
    assert_eq!((a.documents, a.label.as_str()), (3, "label a"));
    assert!(a.independent >= 1 && a.independent <= 2, "{a:?}");
    assert_eq!(rows[0].id, "c", "latest first");
    assert_eq!(s.stories(1).unwrap().len(), 1);
    // Exports name each document's story.
    let mut stories = Vec::new();
    s.each_document(&mut |r| {
        stories.push((r.id, r.story));
        ControlFlow::Continue(())
    })
    .unwrap();
    assert!(stories
        .iter()
        .any(|(id, st)| *id == docs[2].id && st.as_deref() == Some("a")));
    assert!(stories
        .iter()
        .any(|(id, st)| *id == docs[3].id && st.is_none()));
    // Rarity counts: documents mentioning a linked id.
    let some = docs
        .iter()
        .flat_map(|d| d.entities.iter())
        .find_map(|e| e.entity_id.clone());
    if let Some(id) = some {
        let n = s.key_documents(&id, 1000).unwrap();
        assert!(n >= 1);
        assert_eq!(s.key_documents(&id, 1).unwrap(), 1, "counted up to the cap");
        let by_hand = docs
            .iter()
            .filter(|d| {
                d.entities
                    .iter()
                    .any(|e| e.entity_id.as_deref() == Some(&id))
            })
            .count();
        assert_eq!(n as usize, by_hand);
    }
    assert_eq!(s.key_documents("nobody:at-all", 10).unwrap(), 0);
}

/// Browsing search: every filter, paging, totals and facets
/// ([`Store::search_page`]).
pub fn search_page_filters_and_facets(make: Make) {
    use crate::SearchFilter;
    use veille_core::{EntityLabel, Lang};
    let mut s = make();
    let mut docs = corpus();
    docs[0].site = Some("example.com".into());
    docs[1].lang = Lang::En;
    s.put_all(&docs).unwrap();
    let (a, b, c, d) = (&docs[0].id, &docs[1].id, &docs[2].id, &docs[3].id);
    let page = |f: SearchFilter| {
        let limit = if f.limit == 0 { 10 } else { f.limit };
        s.search_page(&SearchFilter { limit, ..f })
            .unwrap_or_else(|e| panic!("search_page: {e}"))
    };
    let ids = |p: &crate::SearchPage| p.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
    // No text, no entity: every document, newest first, undated last.
    let all = page(SearchFilter::default());
    assert_eq!((all.total, all.total_exact), (4, true));
    assert_eq!(ids(&all)[..2], [b.clone(), a.clone()]);
    assert_eq!(
        sorted(ids(&all)[2..].to_vec()),
        sorted(vec![c.clone(), d.clone()])
    );
    assert!(all.facets.lang.contains(&crate::FacetCount {
        value: "fr".into(),
        count: 3
    }));
    assert_eq!(
        all.facets.site,
        [crate::FacetCount {
            value: "example.com".into(),
            count: 1
        }]
    );
    // Paging keeps the total.
    let second = page(SearchFilter {
        offset: 1,
        limit: 1,
        ..Default::default()
    });
    let second = (second.total, ids(&second));
    assert_eq!(second, (4, vec![a.to_string()]));
    // Text: hit with its url and site.
    let t = page(SearchFilter {
        text: Some(TextQuery::parse("Poutine")),
        ..Default::default()
    });
    assert_eq!(ids(&t), [a.as_str()]);
    assert_eq!(t.hits[0].url.as_deref(), Some("https://example.com/a"));
    assert_eq!(t.hits[0].site.as_deref(), Some("example.com"));
    assert!(t.hits[0].score > 0.0);
    // Entity by id: the most mentioning first; facets over both.
    let e = page(SearchFilter {
        entity_id: Some("Q7747".into()),
        ..Default::default()
    });
    assert_eq!(ids(&e), [a.clone(), b.clone()]);
    assert!(e
        .facets
        .entity
        .iter()
        .any(|f| f.id == "Q7747" && f.count == 2 && f.name == "Vladimir Poutine"));
    assert!(e.facets.label.contains(&crate::FacetCount {
        value: "LOC".into(),
        count: 2
    }));
    // A type alone: documents with a mention of it.
    let loc = page(SearchFilter {
        label: Some(EntityLabel::Loc),
        ..Default::default()
    });
    assert_eq!(
        sorted(ids(&loc)),
        sorted(vec![a.clone(), b.clone(), d.clone()])
    );
    // Language, site, dates.
    let lang = |l| {
        ids(&page(SearchFilter {
            lang: Some(l),
            ..Default::default()
        }))
    };
    assert_eq!(lang(Lang::En), [b.as_str()]);
    let site = page(SearchFilter {
        site: Some("example.com".into()),
        ..Default::default()
    });
    assert_eq!(ids(&site), [a.as_str()]);
    let since = page(SearchFilter {
        since: Some("2024-05-21".into()),
        ..Default::default()
    });
    assert_eq!(ids(&since), [b.as_str()]);
    let until = page(SearchFilter {
        until: Some("2024-05-20".into()),
        ..Default::default()
    });
    assert_eq!(ids(&until), [a.as_str()]);
    let month = page(SearchFilter {
        since: Some("2024-05".into()),
        until: Some("2024-05".into()),
        ..Default::default()
    });
    assert_eq!(month.total, 2, "a month's bounds keep both May documents");
    // Nothing matches: an empty page, never an error.
    for q in ["\"", "-Poutine", "zzzzqq", "NEAR(", "*"] {
        let p = s.search_page(&SearchFilter {
            text: Some(TextQuery::parse(q)),
            limit: 10,
            ..Default::default()
        });
        assert!(p.is_ok(), "{q:?}: {p:?}");
    }
    assert_eq!(
        page(SearchFilter {
            text: Some(TextQuery::parse("-Poutine")),
            ..Default::default()
        })
        .total,
        0
    );
}

/// Paged events with their total ([`Store::events_page`]).
pub fn events_page_offsets_and_total(make: Make) {
    use crate::EventQuery;
    use veille_core::{EventType, Modality};
    let mut s = make();
    let mut a = doc(
        "ev.txt",
        None,
        "La Russie a bombardé Kharkiv. Kiev a accusé Moscou. Kiev a rencontré Varsovie.",
    )
    .date("2024-05-20")
    .build();
    a.events = vec![
        event(
            &a,
            "bombardé",
            EventType::Assault,
            Some(("La Russie", "Q159")),
            Some(("Kharkiv", "Q42")),
            Modality::Asserted,
            Some("2024-05-19"),
        ),
        event(
            &a,
            "accusé",
            EventType::Accuse,
            Some(("Kiev", "Q212")),
            Some(("Moscou", "Q159")),
            Modality::Asserted,
            Some("2024-05-18"),
        ),
        event(
            &a,
            "rencontré",
            EventType::Consult,
            Some(("Kiev", "Q212")),
            Some(("Varsovie", "Q270")),
            Modality::Asserted,
            Some("2024-05-17"),
        ),
    ];
    s.put_all(&[a]).unwrap();
    let q = |limit| EventQuery {
        limit,
        ..Default::default()
    };
    let all = s.events_page(&q(10), 0).unwrap();
    assert_eq!((all.total, all.total_exact, all.events.len()), (3, true, 3));
    let second = s.events_page(&q(1), 1).unwrap();
    assert_eq!(second.total, 3);
    assert_eq!(second.events.len(), 1);
    assert_eq!(
        second.events[0].trigger, "accusé",
        "newest first, then the next"
    );
    assert!(s.events_page(&q(10), 5).unwrap().events.is_empty());
    let typed = s
        .events_page(
            &EventQuery {
                event_type: Some(EventType::Consult),
                limit: 10,
                ..Default::default()
            },
            0,
        )
        .unwrap();
    assert_eq!(typed.total, 1);
    assert_eq!(typed.events[0].target.as_deref(), Some("Varsovie"));
}

/// Mention timelines, places, document briefs, one story's row and events.
pub fn timeline_places_briefs_and_story(make: Make) {
    use veille_core::{EventType, Modality, Place, PlacePrecision};
    let mut s = make();
    let mut docs = corpus();
    let minsk = Place {
        place_id: "geonames:625144".into(),
        name: "Minsk".into(),
        country: Some("BLR".into()),
        admin1: None,
        lat: 53.9,
        lon: 27.56667,
        precision: PlacePrecision::City,
    };
    docs[3].entities[0].place = Some(minsk.clone());
    let mut a = docs[0].clone();
    a.events = vec![event(
        &a,
        "arrivé",
        EventType::Consult,
        Some(("Poutine", "Q7747")),
        Some(("Xi Jinping", "Q15031")),
        Modality::Asserted,
        None,
    )];
    docs[0] = a;
    s.put_all(&docs).unwrap();
    let (a, b, d) = (&docs[0].id, &docs[1].id, &docs[3].id);
    let t = s.mention_timeline("Q7747").unwrap();
    let days: Vec<(String, u64)> = t.into_iter().map(|x| (x.day, x.count)).collect();
    assert_eq!(
        days,
        [("2024-05-20".to_string(), 2), ("2024-05-22".to_string(), 1)]
    );
    assert!(s.mention_timeline("nobody").unwrap().is_empty());
    assert_eq!(s.place("geonames:625144").unwrap(), Some(minsk));
    assert_eq!(s.place("geonames:0").unwrap(), None);
    let there = s.place_documents("geonames:625144", 10).unwrap();
    assert_eq!(there.len(), 1);
    assert_eq!(&there[0].id, d);
    assert!(s.place_documents("geonames:0", 10).unwrap().is_empty());
    let briefs = s
        .doc_briefs(&[b.clone(), "nope".into(), a.clone()])
        .unwrap();
    let ids: Vec<&str> = briefs.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, [b.as_str(), a.as_str()]);
    assert_eq!(briefs[1].title.as_deref(), Some("Poutine à Pékin"));
    assert_eq!(briefs[1].date.as_deref(), Some("2024-05-20"));
    s.put_story(&StoryRecord {
        id: "s1".into(),
        label: "Poutine".into(),
        first_date: Some("2024-05-20".into()),
        last_date: Some("2024-05-22".into()),
        keys: vec!["Q7747".into()],
        data: vec![],
    })
    .unwrap();
    s.set_story(a, "s1").unwrap();
    s.set_story(b, "s1").unwrap();
    let row = s.story_row("s1").unwrap().expect("story row");
    assert_eq!((row.documents, row.independent), (2, 2));
    assert_eq!(s.stories(10).unwrap(), [row]);
    assert_eq!(s.story_row("s2").unwrap(), None);
    let ev = s.story_events("s1", 10).unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].trigger, "arrivé");
    assert!(s.story_events("s2", 10).unwrap().is_empty());
}

/// Quotes by entity id only ([`Store::quotes_of`]).
pub fn quotes_of_an_entity_id(make: Make) {
    let s = seeded(make);
    let q = s.quotes_of("Q7747", 10).unwrap();
    let texts: Vec<&str> = q.iter().map(|x| x.text.as_str()).collect();
    assert_eq!(
        sorted(texts.iter().map(|t| t.to_string()).collect()),
        ["Nous sommes amis", "Rien ne nous séparera"]
    );
    assert_eq!(s.quotes_of("Q7747", 1).unwrap().len(), 1);
    assert!(
        s.quotes_of("Poutine", 10).unwrap().is_empty(),
        "ids only, not names"
    );
    assert_eq!(
        s.quotes_of("Q3874", 10).unwrap()[0].speaker_name.as_deref(),
        Some("Volodymyr Zelensky")
    );
}

/// One event reported by an original, its repost and a distinct report on
/// another site: three mentions, two independent sources (the repost
/// counts as its original); linking through a linked mention joins the
/// same event; an unlinked event is its own, once; unknown mentions are
/// `NoEvent`; exports see the counts.
pub fn events_across_reports(make: Make) {
    use crate::{EventQuery, StoreError};
    use veille_core::{EventType, Modality};
    let mut s = make();
    let report = |name: &str, url: &str, text: &str| {
        let mut d = doc(name, None, text).url(url).date("2024-06-01").build();
        d.events = vec![event(
            &d,
            "accusé",
            EventType::Accuse,
            Some(("Kiev", "Q212")),
            Some(("Moscou", "Q159")),
            Modality::Asserted,
            Some("2024-06-01"),
        )];
        d
    };
    let orig = report(
        "o.txt",
        "https://a.example/o",
        "Kiev a accusé Moscou samedi.",
    );
    let repost = report(
        "r.txt",
        "https://b.example/r",
        "Kiev a accusé Moscou samedi. Lire la suite.",
    );
    let other = report(
        "x.txt",
        "https://c.example/x",
        "Samedi, Kiev a accusé Moscou de frappes.",
    );
    let alone = report(
        "z.txt",
        "https://d.example/z",
        "Kiev a accusé Moscou encore.",
    );
    s.put_all(&[orig.clone(), repost.clone(), other.clone(), alone.clone()])
        .unwrap();
    s.set_copy(&CopyLink {
        doc_id: repost.id.clone(),
        original: orig.id.clone(),
        relation: CopyRelation::Repost,
        evidence: CopyEvidence::default(),
    })
    .unwrap();
    let first = format!("{}-0", orig.id);
    let own = s.event_reports(&orig.id, 0).unwrap();
    assert_eq!(
        (
            own.event_id.as_str(),
            own.mentions,
            own.independent_sources,
            own.sightings
        ),
        (first.as_str(), 1, 1, 1)
    );
    s.link_event(&repost.id, 0, &first).unwrap();
    s.link_event(&other.id, 0, &format!("{}-0", repost.id))
        .unwrap();
    for d in [&orig, &repost, &other] {
        let r = s.event_reports(&d.id, 0).unwrap();
        assert_eq!(r.event_id, first, "{}", d.source);
        assert_eq!((r.mentions, r.independent_sources, r.sightings), (3, 2, 3));
    }
    let z = s.event_reports(&alone.id, 0).unwrap();
    assert_eq!((z.mentions, z.independent_sources), (1, 1));
    assert_eq!(z.event_id, format!("{}-0", alone.id));
    // Linking again changes nothing.
    s.link_event(&repost.id, 0, &first).unwrap();
    assert_eq!(s.event_reports(&orig.id, 0).unwrap().mentions, 3);
    assert!(matches!(
        s.link_event(&alone.id, 1, &first),
        Err(StoreError::NoEvent(_))
    ));
    assert!(matches!(
        s.link_event(&alone.id, 0, "nothing-0"),
        Err(StoreError::NoEvent(_))
    ));
    assert!(matches!(
        s.event_reports("nothing", 0),
        Err(StoreError::NoEvent(_))
    ));
    // Exports see the counts.
    let mut seen = Vec::new();
    s.each_event(
        &EventQuery {
            limit: usize::MAX,
            ..Default::default()
        },
        &mut |e| {
            seen.push((
                e.doc_id.clone(),
                e.reports.mentions,
                e.reports.independent_sources,
            ));
            ControlFlow::Continue(())
        },
    )
    .unwrap();
    seen.sort();
    let mut want = vec![
        (orig.id.clone(), 3, 2),
        (repost.id.clone(), 3, 2),
        (other.id.clone(), 3, 2),
        (alone.id.clone(), 1, 1),
    ];
    want.sort();
    assert_eq!(seen, want);
}

/// Persons outside the knowledge base named in full are found by their
/// surname (case and accents ignored); a surname alone, a known person and
/// another label are not indexed.
pub fn persons_by_surname(make: Make) {
    let mut s = make();
    let d = doc(
        "p.txt",
        None,
        "Jean Moulinard et Marie Vasseur ont vu Paul Vasseur, Moulinard et Vladimir Poutine à Lyon.",
    )
    .entity("Jean Moulinard", "PER", Some("veille:per:jean-moulinard"), Some("Jean Moulinard"))
    .entity("Marie Vasseur", "PER", Some("veille:per:marie-vasseur"), Some("Marie Vasseur"))
    .entity("Paul Vasseur", "PER", Some("veille:per:paul-vasseur"), Some("Paul Vasseur"))
    .entity("Moulinard", "PER", Some("veille:per:moulinard"), Some("Moulinard"))
    .entity("Vladimir Poutine", "PER", Some("Q7747"), Some("Vladimir Poutine"))
    .entity("Lyon", "LOC", Some("veille:loc:lyon"), Some("Lyon"))
    .build();
    assert!(s.persons_by_surname("moulinard", 10).unwrap().is_empty());
    s.put_all(&[d]).unwrap();
    assert_eq!(
        s.persons_by_surname("MOULINARD", 10).unwrap(),
        [(
            "veille:per:jean-moulinard".to_string(),
            "Jean Moulinard".to_string()
        )]
    );
    let v = s.persons_by_surname("vasseur", 10).unwrap();
    assert_eq!(v.len(), 2, "{v:?}");
    assert_eq!(s.persons_by_surname("vasseur", 1).unwrap().len(), 1);
    assert!(s.persons_by_surname("poutine", 10).unwrap().is_empty());
    assert!(s.persons_by_surname("lyon", 10).unwrap().is_empty());
}

/// Names, ids and URLs from requests (NUL characters, quotes, SQL) find
/// nothing and never fail.
pub fn hostile_lookups_never_fail(make: Make) {
    use crate::{EventQuery, SearchFilter};
    let s = seeded(make);
    for x in ["\0", "a\0b", "' OR 1=1 --", "%", "\\", "\u{10FFFF}"] {
        let ok = |what: &str, r: bool| assert!(r, "{what}({x:?})");
        ok("get", s.get(x).unwrap().is_none());
        ok("sources", s.sources(x).unwrap().is_empty());
        ok("has_url", !s.has_url(x).unwrap());
        ok("entity_mentions", s.entity_mentions(x).unwrap().is_empty());
        ok("entity_id_of", s.entity_id_of(x).unwrap().is_none());
        ok("quotes_by", s.quotes_by(x, None, 10).unwrap().is_empty());
        ok("quotes_of", s.quotes_of(x, 10).unwrap().is_empty());
        ok(
            "entity_report",
            s.entity_report(x, 10).unwrap().mentions == 0,
        );
        ok("feed_validators", s.feed_validators(x).unwrap().is_none());
        ok("place", s.place(x).unwrap().is_none());
        ok(
            "place_documents",
            s.place_documents(x, 10).unwrap().is_empty(),
        );
        ok(
            "mention_timeline",
            s.mention_timeline(x).unwrap().is_empty(),
        );
        ok("story_row", s.story_row(x).unwrap().is_none());
        ok(
            "doc_briefs",
            s.doc_briefs(&[x.to_string()]).unwrap().is_empty(),
        );
        ok(
            "persons_by_surname",
            s.persons_by_surname(x, 10).unwrap().is_empty(),
        );
        let entity = SearchQuery {
            entity_id: Some(x.into()),
            ..SearchQuery::entity(x)
        };
        ok("search", s.search(&entity).unwrap().is_empty());
        let q = EventQuery {
            actor: Some(x.into()),
            target_id: Some(x.into()),
            place: Some(x.into()),
            since: Some(x.into()),
            until: Some(x.into()),
            limit: 10,
            ..Default::default()
        };
        ok("events", s.events(&q).unwrap().is_empty());
        ok(
            "events_page",
            s.events_page(&q, 0).unwrap().events.is_empty(),
        );
        let f = SearchFilter {
            entity: Some(x.into()),
            site: Some(x.into()),
            since: Some(x.into()),
            limit: 10,
            ..Default::default()
        };
        ok("search_page", s.search_page(&f).unwrap().hits.is_empty());
    }
    assert_eq!(s.stats().unwrap().documents, 4, "nothing dropped");
}

/// A unit of work is all or nothing: rolled back, nothing of it stays
/// (documents, fingerprints, stories); committed, all of it does. Writes
/// nest inside it.
pub fn units_of_work(make: Make) {
    let mut s = make();
    let a = doc("a.txt", Some("Visite"), "Poutine est arrivé à Pékin lundi.").build();
    let b = doc("b.txt", None, "Le chef du Kremlin a rencontré Xi Jinping.").build();
    s.begin().unwrap();
    assert!(s.begin().is_err(), "a unit of work does not nest");
    assert_eq!(
        s.put_all(std::slice::from_ref(&a)).unwrap(),
        [Put::Inserted]
    );
    s.put_fingerprint(&Fingerprint {
        doc_id: a.id.clone(),
        bands: vec![1, 2],
        keys: vec![3],
        data: vec![9],
    })
    .unwrap();
    s.put_story(&StoryRecord {
        id: "s1".into(),
        label: "Visite".into(),
        keys: vec!["k".into()],
        data: vec![1],
        ..Default::default()
    })
    .unwrap();
    s.set_story(&a.id, "s1").unwrap();
    assert_eq!(s.stats().unwrap().documents, 1, "seen inside the unit");
    s.rollback().unwrap();
    assert_eq!(
        s.stats().unwrap(),
        Stats::default(),
        "gone once rolled back"
    );
    assert!(s.fingerprint(&a.id).unwrap().is_none());
    assert!(s.story("s1").unwrap().is_none());
    s.rollback().unwrap();
    assert!(s.commit().is_err(), "nothing to commit");

    s.begin().unwrap();
    s.put_all(&[a.clone(), b.clone()]).unwrap();
    s.commit().unwrap();
    assert_eq!(s.stats().unwrap().documents, 2);
    // The same content again after the commit: a duplicate.
    s.begin().unwrap();
    assert_eq!(s.put_all(&[a]).unwrap(), [Put::Duplicate]);
    s.commit().unwrap();
    assert_eq!(s.stats().unwrap().documents, 2);
}

/// The inventory counts what is stored; runs come back newest first.
pub fn inventory_and_runs(make: Make) {
    let mut s = make();
    let empty = s.inventory().unwrap();
    assert_eq!((empty.documents, empty.entities, empty.events), (0, 0, 0));
    assert_eq!(empty.queue, QueueCounts::default());
    let d = doc(
        "a.txt",
        Some("Visite"),
        "Vladimir Poutine est arrivé à Pékin. « Nous sommes amis », a dit Poutine.",
    )
    .entity(
        "Vladimir Poutine",
        "PER",
        Some("Q7747"),
        Some("Vladimir Poutine"),
    )
    .entity("Pékin", "LOC", Some("Q956"), Some("Pékin"))
    .build();
    s.put_all(&[d]).unwrap();
    let inv = s.inventory().unwrap();
    assert_eq!((inv.documents, inv.sources), (1, 1));
    assert_eq!(inv.entities, 2);
    assert_eq!(inv.actors, 2);
    assert!(inv.bytes > 0, "a store takes room");
    assert!(s.runs(5).unwrap().is_empty());
    for i in 0..3u64 {
        let mut run = IngestRun {
            started: format!("2026-12-0{}T10:00:00Z", i + 1),
            finished: format!("2026-12-0{}T10:01:00Z", i + 1),
            read: 10 + i,
            inserted: 9,
            threads: 2,
            ..Default::default()
        };
        run.stages.0.insert(veille_core::Stage::Events, 0.5);
        s.record_run(&run).unwrap();
    }
    let runs = s.runs(2).unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0].read, 12, "newest first");
    assert_eq!(runs[0].stages.get(veille_core::Stage::Events), 0.5);
}

/// The fetch queue: an item is queued once, claimed by one worker at a
/// time, given to another when its lease runs out, retried after a
/// failure and given up after [`QUEUE_ATTEMPTS`].
pub fn queue_claims(make: Make) {
    let mut s = make();
    let item = |k: &str| QueueItem {
        key: format!("https://news.example/{k}"),
        feed: "https://news.example/rss".into(),
        data: format!("{{\"title\":\"{k}\"}}"),
        attempts: 0,
    };
    let items: Vec<QueueItem> = ["a", "b", "c"].iter().map(|k| item(k)).collect();
    assert_eq!(s.enqueue(&items).unwrap(), 3);
    assert_eq!(s.enqueue(&items[..2]).unwrap(), 0, "queued once");
    let one = s.claim("w1", 2, 1000, 300).unwrap();
    assert_eq!(one, items[..2].to_vec(), "oldest first, data kept");
    let two = s.claim("w2", 5, 1000, 300).unwrap();
    assert_eq!(two, items[2..].to_vec(), "never an item another holds");
    assert!(s.claim("w3", 5, 1100, 300).unwrap().is_empty());
    s.settle(&items[0].key, QueueOutcome::Done, 1100).unwrap();
    s.settle(&items[2].key, QueueOutcome::Failed, 1100).unwrap();
    assert_eq!(
        s.queue_counts().unwrap(),
        QueueCounts {
            pending: 1,
            claimed: 1,
            done: 1,
            failed: 0
        }
    );
    // The failed item is due a minute later; b's worker is presumed dead
    // once its lease has run out.
    assert!(s.claim("w3", 5, 1120, 300).unwrap().is_empty());
    let again = s.claim("w3", 5, 1160, 300).unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(
        (again[0].key.as_str(), again[0].attempts),
        (items[2].key.as_str(), 1)
    );
    let late = s.claim("w4", 5, 1301, 300).unwrap();
    assert_eq!(
        late,
        vec![items[1].clone()],
        "a lapsed lease is claimed again"
    );
    // Given up after the last attempt; done items never come back.
    let mut now = 2000;
    for _ in 1..QUEUE_ATTEMPTS {
        s.settle(&items[2].key, QueueOutcome::Failed, now).unwrap();
        now += 1000;
        let _ = s.claim("w5", 5, now, 300).unwrap();
    }
    let c = s.queue_counts().unwrap();
    assert_eq!(c.failed, 1, "{c:?}");
    assert_eq!(s.enqueue(&items).unwrap(), 0);
    assert!(s
        .claim("w6", 5, now + 100_000, 300)
        .unwrap()
        .iter()
        .all(|i| i.key == items[1].key));
}
