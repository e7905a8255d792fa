//! What every backend computes the same way: the keys a document counts
//! for, search facets and copy candidates in order. One copy of the
//! logic, so the backends cannot drift apart.

use crate::{Candidate, EntityFacet, FacetCount, Facets};
use std::collections::{HashMap, HashSet};

/// The entity and place ids a document mentions, each once: the keys
/// whose documents [`crate::Store::key_documents`] counts.
pub(crate) fn entity_keys(d: &veille_core::Document) -> std::collections::BTreeSet<&str> {
    d.all_entities()
        .flat_map(|(e, _)| {
            [
                e.entity_id.as_deref(),
                e.place.as_ref().map(|p| p.place_id.as_str()),
            ]
        })
        .flatten()
        .collect()
}

/// A mention as facets read it: document, label, entity id, canonical
/// name, text.
pub(crate) type FacetMention = (String, String, Option<String>, Option<String>, String);

/// Facets of a sample: counts by language and site, documents by entity
/// label, and the 20 entities in most documents (named by their canonical
/// name, else their first form); most first, ties by name.
pub(crate) fn facets(
    lang: HashMap<String, u64>,
    site: HashMap<String, u64>,
    mentions: impl IntoIterator<Item = FacetMention>,
) -> Facets {
    let mut labels: HashMap<String, HashSet<String>> = HashMap::new();
    let mut entities: HashMap<String, (Option<String>, String, HashSet<String>)> = HashMap::new();
    for (doc, label, entity_id, canonical, text) in mentions {
        labels.entry(label).or_default().insert(doc.clone());
        if let Some(e) = entity_id {
            let slot = entities
                .entry(e)
                .or_insert_with(|| (None, text, HashSet::new()));
            if slot.0.is_none() {
                slot.0 = canonical;
            }
            slot.2.insert(doc);
        }
    }
    let counts = |m: HashMap<String, u64>| {
        let mut v: Vec<FacetCount> = m
            .into_iter()
            .map(|(value, count)| FacetCount { value, count })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        v
    };
    let mut entity: Vec<EntityFacet> = entities
        .into_iter()
        .map(|(id, (canonical, text, docs))| EntityFacet {
            id,
            name: canonical.unwrap_or(text),
            count: docs.len() as u64,
        })
        .collect();
    entity.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.id.cmp(&b.id)));
    entity.truncate(20);
    Facets {
        lang: counts(lang),
        site: counts(site),
        label: counts(
            labels
                .into_iter()
                .map(|(l, d)| (l, d.len() as u64))
                .collect(),
        ),
        entity,
    }
}

/// Candidates from (bands, keys) shared per document: most shared first,
/// ties by id, at most `limit`.
pub(crate) fn ranked_candidates(
    found: HashMap<String, (u32, u32)>,
    limit: usize,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = found
        .into_iter()
        .map(|(doc_id, (bands, keys))| Candidate {
            doc_id,
            bands,
            keys,
        })
        .collect();
    out.sort_by(|a, b| {
        (b.bands + b.keys)
            .cmp(&(a.bands + a.keys))
            .then_with(|| a.doc_id.cmp(&b.doc_id))
    });
    out.truncate(limit);
    out
}

/// Counts the ids mentioned beside an entity from (document, id,
/// canonical name) rows, as they are read: each id's documents, named by
/// the greatest of its canonical names (as SQL's `max` does).
#[derive(Default)]
pub(crate) struct Cooccurring {
    ids: HashMap<String, u32>,
    named: Vec<(String, Option<String>)>,
    docs: HashMap<String, u32>,
    last_doc: Option<(String, u32)>,
    pairs: HashSet<(u32, u32)>,
}

impl Cooccurring {
    pub(crate) fn add(&mut self, doc: &str, id: &str, canonical: Option<&str>) {
        // Rows of one document usually come together: its number is
        // looked up once per run of rows.
        let d = match &self.last_doc {
            Some((last, n)) if last == doc => *n,
            _ => {
                let next = self.docs.len() as u32;
                let n = *self.docs.entry(doc.to_string()).or_insert(next);
                self.last_doc = Some((doc.to_string(), n));
                n
            }
        };
        let e = match self.ids.get(id) {
            Some(&e) => e,
            None => {
                let e = self.named.len() as u32;
                self.ids.insert(id.to_string(), e);
                self.named.push((id.to_string(), None));
                e
            }
        };
        let name = &mut self.named[e as usize].1;
        if canonical > name.as_deref() {
            *name = canonical.map(str::to_string);
        }
        self.pairs.insert((e, d));
    }

    /// In most documents first, then by canonical name (none first) and
    /// id; at most `top`.
    pub(crate) fn top(self, top: usize) -> Vec<crate::Cooccurrence> {
        let mut counts = vec![0u64; self.named.len()];
        for (e, _) in &self.pairs {
            counts[*e as usize] += 1;
        }
        let mut out: Vec<crate::Cooccurrence> = self
            .named
            .into_iter()
            .zip(counts)
            .map(|((entity_id, canonical), documents)| crate::Cooccurrence {
                entity_id,
                canonical,
                documents,
            })
            .collect();
        out.sort_by(|a, b| {
            b.documents
                .cmp(&a.documents)
                .then_with(|| a.canonical.cmp(&b.canonical))
                .then_with(|| a.entity_id.cmp(&b.entity_id))
        });
        out.truncate(top);
        out
    }
}

/// One pass over an entity's mentions, newest document first (by day,
/// then document id, both descending, as its index is read): the counts
/// an entity report gives, and its latest documents for the lists that
/// read further rows (titles, co-occurring ids). One scan of the
/// entity's index rows instead of a query per figure.
pub(crate) struct MentionScan {
    keep: usize,
    pub(crate) mentions: u64,
    /// The greatest canonical name and code (as SQL's `max`).
    pub(crate) canonical: Option<String>,
    pub(crate) code: Option<String>,
    forms: HashMap<String, u64>,
    places: HashMap<String, u64>,
    /// Distinct documents in reading order (a document's rows come
    /// together), with the entity's mentions in each; at most `keep`.
    latest: Vec<(String, u64)>,
}

impl MentionScan {
    /// Keeps the latest `keep` documents.
    pub(crate) fn new(keep: usize) -> MentionScan {
        MentionScan {
            keep,
            mentions: 0,
            canonical: None,
            code: None,
            forms: HashMap::new(),
            places: HashMap::new(),
            latest: Vec::new(),
        }
    }

    /// One mention row, in the index's order.
    pub(crate) fn add(
        &mut self,
        doc: &str,
        text: &str,
        canonical: Option<&str>,
        code: Option<&str>,
        place_id: Option<&str>,
    ) {
        self.mentions += 1;
        if canonical > self.canonical.as_deref() {
            self.canonical = canonical.map(str::to_string);
        }
        if code > self.code.as_deref() {
            self.code = code.map(str::to_string);
        }
        match self.forms.get_mut(text) {
            Some(n) => *n += 1,
            None => {
                self.forms.insert(text.to_string(), 1);
            }
        }
        if let Some(p) = place_id {
            match self.places.get_mut(p) {
                Some(n) => *n += 1,
                None => {
                    self.places.insert(p.to_string(), 1);
                }
            }
        }
        let kept = self.latest.len();
        match self.latest.last_mut() {
            Some((last, n)) if last == doc => *n += 1,
            _ if kept < self.keep => self.latest.push((doc.to_string(), 1)),
            _ => {}
        }
    }

    /// Its surface forms, most written first, ties by text.
    pub(crate) fn forms(&self) -> Vec<crate::Form> {
        let mut out: Vec<crate::Form> = self
            .forms
            .iter()
            .map(|(text, &count)| crate::Form {
                text: text.clone(),
                count,
            })
            .collect();
        out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
        out
    }

    /// The place ids its mentions were placed at, most mentioned first,
    /// ties by id; at most `top`.
    pub(crate) fn places(&self, top: usize) -> Vec<(String, u64)> {
        let mut out: Vec<(String, u64)> =
            self.places.iter().map(|(p, &n)| (p.clone(), n)).collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out.truncate(top);
        out
    }

    /// The report: these counts, with what was read beside them (its
    /// document count, latest documents, co-occurring ids and places in
    /// rank order).
    pub(crate) fn into_report(
        self,
        id: &str,
        documents: u64,
        docs: Vec<crate::DocMention>,
        cooccurring: Vec<crate::Cooccurrence>,
        places: Vec<veille_core::Place>,
    ) -> crate::EntityReport {
        crate::EntityReport {
            id: id.to_string(),
            forms: self.forms(),
            canonical: self.canonical,
            code: self.code,
            mentions: self.mentions,
            documents,
            docs,
            cooccurring,
            places,
        }
    }

    /// Its latest documents (at most `n`) with its mentions in each.
    pub(crate) fn latest(&self, n: usize) -> &[(String, u64)] {
        &self.latest[..n.min(self.latest.len())]
    }
}

/// Documents (id, title, date) in the order entity reports list them:
/// newest date first (undated last), ties by id; each with its count of
/// mentions from `counts`.
pub(crate) fn doc_mentions(
    rows: Vec<(String, Option<String>, Option<String>)>,
    counts: &[(String, u64)],
) -> Vec<crate::DocMention> {
    let counts: HashMap<&str, u64> = counts.iter().map(|(d, n)| (d.as_str(), *n)).collect();
    let mut out: Vec<crate::DocMention> = rows
        .into_iter()
        .map(|(id, title, date)| crate::DocMention {
            mentions: counts.get(id.as_str()).copied().unwrap_or(0),
            id,
            title,
            date,
        })
        .collect();
    out.sort_by(|a, b| {
        b.date
            .is_some()
            .cmp(&a.date.is_some())
            .then_with(|| b.date.cmp(&a.date))
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// Places in the order of `ranked` (most mentioned first), those the
/// store has.
pub(crate) fn places_ranked(
    found: Vec<veille_core::Place>,
    ranked: &[(String, u64)],
) -> Vec<veille_core::Place> {
    let mut by_id: HashMap<String, veille_core::Place> =
        found.into_iter().map(|p| (p.place_id.clone(), p)).collect();
    ranked
        .iter()
        .filter_map(|(id, _)| by_id.remove(id))
        .collect()
}

/// Ids as one JSON array: a single parameter that SQLite's `json_each`
/// unpacks (PostgreSQL takes a text array instead).
pub(crate) fn json_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    serde_json::Value::Array(
        ids.into_iter()
            .map(|x| serde_json::Value::String(x.to_string()))
            .collect(),
    )
    .to_string()
}

/// Is `new` an earlier publication date than `old` (none is latest)?
/// Compared on their common prefix, to the day: a time of day alone does
/// not make a date earlier.
pub(crate) fn earlier(new: &str, old: Option<&str>) -> bool {
    let Some(old) = old else { return true };
    let n = new.len().min(old.len()).min(10);
    new.get(..n) < old.get(..n)
}

/// A document's stored JSON with its date replaced.
pub(crate) fn redated_json(
    id: &str,
    json: &str,
    date: &veille_core::PubDate,
) -> crate::Result<String> {
    let corrupt = |e: serde_json::Error| crate::StoreError::Corrupt {
        id: id.to_string(),
        reason: e.to_string(),
    };
    let mut v: serde_json::Value = serde_json::from_str(json).map_err(corrupt)?;
    if let Some(o) = v.as_object_mut() {
        o.insert("date".into(), serde_json::to_value(date).map_err(corrupt)?);
    }
    serde_json::to_string(&v).map_err(corrupt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cooccurring(rows: Vec<(&str, &str, Option<&str>)>, top: usize) -> Vec<crate::Cooccurrence> {
        let mut c = Cooccurring::default();
        for (doc, id, canonical) in rows {
            c.add(doc, id, canonical);
        }
        c.top(top)
    }

    fn row<'a>(
        doc: &'a str,
        id: &'a str,
        canonical: Option<&'a str>,
    ) -> (&'a str, &'a str, Option<&'a str>) {
        (doc, id, canonical)
    }

    /// A mention row: document, form, canonical name, code, place.
    type MentionRow<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );

    /// A scan of mention rows, newest document first.
    fn scan(keep: usize, rows: &[MentionRow]) -> MentionScan {
        let mut s = MentionScan::new(keep);
        for (doc, text, canonical, code, place) in rows {
            s.add(doc, text, *canonical, *code, *place);
        }
        s
    }

    #[test]
    fn a_mention_scan_counts_forms_places_and_latest_documents() {
        let s = scan(
            2,
            &[
                ("d9", "Jean Moulinard", Some("Jean Moulinard"), None, None),
                ("d9", "Moulinard", None, Some("FRA GOV"), Some("geonames:2")),
                (
                    "d7",
                    "M. Moulinard",
                    Some("J. Moulinard"),
                    None,
                    Some("geonames:1"),
                ),
                ("d5", "Moulinard", None, Some("FRA"), Some("geonames:2")),
                ("d5", "Moulinard", None, None, Some("geonames:1")),
                ("d5", "Moulinard", None, None, None),
            ],
        );
        assert_eq!(s.mentions, 6);
        // The greatest name and code, as SQL's max.
        assert_eq!(s.canonical.as_deref(), Some("Jean Moulinard"));
        assert_eq!(s.code.as_deref(), Some("FRA GOV"));
        let forms: Vec<(String, u64)> = s.forms().into_iter().map(|f| (f.text, f.count)).collect();
        let want = [("Moulinard", 4), ("Jean Moulinard", 1), ("M. Moulinard", 1)];
        assert_eq!(forms, want.map(|(t, n)| (t.to_string(), n)));
        // Ties by id; `top` cuts.
        assert_eq!(s.places(1), vec![("geonames:1".to_string(), 2)]);
        // The latest two documents, with their mentions; asking more than
        // were kept gives what was kept.
        let latest = [("d9".to_string(), 2), ("d7".to_string(), 1)];
        assert_eq!(s.latest(5), &latest[..]);
        assert_eq!(s.latest(1), &latest[..1]);
    }

    #[test]
    fn report_documents_go_newest_first_undated_last_then_by_id() {
        let rows = vec![
            ("b".to_string(), None, Some("2024-05-01".to_string())),
            ("z".to_string(), Some("Z".to_string()), None),
            ("a".to_string(), None, Some("2024-05-01".to_string())),
            (
                "c".to_string(),
                None,
                Some("2024-06-01T08:00:00".to_string()),
            ),
        ];
        let got = doc_mentions(rows, &[("a".to_string(), 3), ("c".to_string(), 1)]);
        let got: Vec<(&str, u64)> = got.iter().map(|d| (d.id.as_str(), d.mentions)).collect();
        assert_eq!(got, vec![("c", 1), ("a", 3), ("b", 0), ("z", 0)]);
    }

    #[test]
    fn places_keep_their_rank_and_drop_the_unknown() {
        let place = |id: &str| veille_core::Place {
            place_id: id.to_string(),
            name: id.to_string(),
            ..Default::default()
        };
        let ranked = vec![
            ("p:2".to_string(), 5),
            ("p:missing".to_string(), 4),
            ("p:1".to_string(), 1),
        ];
        let got = places_ranked(vec![place("p:1"), place("p:2")], &ranked);
        let ids: Vec<&str> = got.iter().map(|p| p.place_id.as_str()).collect();
        assert_eq!(ids, vec!["p:2", "p:1"]);
        assert_eq!(json_ids(["a\"b", "c"]), r#"["a\"b","c"]"#);
    }

    #[test]
    fn cooccurring_counts_documents_not_mentions() {
        let got = cooccurring(
            vec![
                row("d1", "q:b", Some("Bea")),
                row("d1", "q:b", Some("Bea")),
                row("d1", "q:a", Some("Ann")),
                row("d2", "q:a", None),
                row("d2", "q:b", Some("Béatrice")),
                row("d3", "q:c", None),
                row("d3", "q:b", None),
                // A document seen again after another one counts once.
                row("d1", "q:b", None),
            ],
            10,
        );
        let got: Vec<(&str, Option<&str>, u64)> = got
            .iter()
            .map(|c| (c.entity_id.as_str(), c.canonical.as_deref(), c.documents))
            .collect();
        assert_eq!(
            got,
            vec![
                ("q:b", Some("Béatrice"), 3),
                ("q:a", Some("Ann"), 2),
                ("q:c", None, 1),
            ]
        );
    }

    #[test]
    fn cooccurring_ties_go_by_name_then_id_and_stop_at_top() {
        let got = cooccurring(
            vec![
                row("d1", "q:z", Some("Zoé")),
                row("d1", "q:y", None),
                row("d1", "q:x", Some("Zoé")),
            ],
            2,
        );
        let ids: Vec<&str> = got.iter().map(|c| c.entity_id.as_str()).collect();
        assert_eq!(ids, vec!["q:y", "q:x"]);
    }

    #[test]
    fn an_earlier_date_is_earlier_to_the_day() {
        let cases = [
            ("2016-02-04", Some("2016-02-07"), true),
            ("2016-02-07", Some("2016-02-04"), false),
            ("2016-02-04", None, true),
            ("2016-02-04T23:00", Some("2016-02-04T08:00"), false),
            ("2016-02", Some("2016-02-04"), false),
            ("2016-01", Some("2016-02-04"), true),
        ];
        for (new, old, want) in cases {
            assert_eq!(earlier(new, old), want, "{new} before {old:?}");
        }
    }

    #[test]
    fn a_redated_json_changes_the_date_alone() {
        let date = veille_core::PubDate {
            value: "2016-02-04".into(),
            precision: veille_core::DatePrecision::Day,
        };
        let out = redated_json("x", r#"{"id":"x","date":null,"text":"t"}"#, &date).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["date"]["value"], "2016-02-04");
        assert_eq!(v["text"], "t");
        assert!(redated_json("x", "not json", &date).is_err());
    }
}
