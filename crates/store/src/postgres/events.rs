//! Events: listing, filtering, walking and counting them across reports.

use super::{col, count, limit, no_nul, place_at, PgStore, Sql, WALK_PAGE};
use crate::{
    EventHit, EventPage, EventQuery, EventReports, Result, StoreError, StoredEvent, COUNT_CAP,
};
use std::ops::ControlFlow;
use tokio_postgres::Row;
use veille_core::{EventType, Lang, Modality};

/// The columns every events listing selects, from `events e JOIN documents
/// d LEFT JOIN places p`, in the order [`event_hit`] reads them.
pub(super) const EVENT_COLUMNS: &str =
    "e.doc_id, d.source, d.title, coalesce(e.date, d.date), e.type, e.cameo, e.trigger,
    e.source, e.source_id, e.source_code, e.target, e.target_id, e.target_code,
    e.location, e.modality, e.reported_by, e.sentence, e.confidence,
    p.place_id, p.name, p.country, p.admin1, p.lat, p.lon, p.precision";

pub(super) fn event_hit(r: &Row) -> Result<EventHit> {
    Ok(EventHit {
        doc_id: col(r, 0)?,
        source_doc: col(r, 1)?,
        title: col(r, 2)?,
        date: col(r, 3)?,
        event_type: EventType::parse(&col::<String>(r, 4)?).unwrap_or(EventType::Consult),
        cameo: col(r, 5)?,
        trigger: col(r, 6)?,
        source: col(r, 7)?,
        source_id: col(r, 8)?,
        source_code: col(r, 9)?,
        target: col(r, 10)?,
        target_id: col(r, 11)?,
        target_code: col(r, 12)?,
        location: col(r, 13)?,
        modality: match col::<String>(r, 14)?.as_str() {
            "negated" => Modality::Negated,
            "future" => Modality::Future,
            "hypothetical" => Modality::Hypothetical,
            "reported" => Modality::Reported,
            _ => Modality::Asserted,
        },
        reported_by: col(r, 15)?,
        sentence: col(r, 16)?,
        confidence: col(r, 17)?,
        place: place_at(r, 18)?,
    })
}

/// The filters of an [`EventQuery`] over `events e JOIN documents d` (as
/// SQLite's: an actor by its id or by the mention as written, dates on
/// the event's date else the document's, a place by id, name, country or
/// the location as written). "TRUE" without filters.
fn event_filter(q: &EventQuery, s: &mut Sql) -> String {
    let mut c: Vec<String> = Vec::new();
    let roles = [
        (&q.actor_id, &q.actor, "source"),
        (&q.target_id, &q.target, "target"),
    ];
    for (id, name, role) in roles {
        if id.is_none() && name.is_none() {
            continue;
        }
        // A name without a known id matches no id ('' is none).
        let id = s.text(id.as_deref().unwrap_or_default());
        let name = s.opt_text(name.as_deref());
        c.push(format!(
            "(e.{role}_id = {id}::text OR lower(e.{role}) = lower({name}::text COLLATE \"C\"))"
        ));
    }
    if let Some(t) = q.event_type {
        c.push(format!("e.type = {}::text", s.bind(t.as_str())));
    }
    if let Some(m) = q.modality {
        c.push(format!("e.modality = {}::text", s.bind(m.as_str())));
    }
    if let Some(since) = &q.since {
        c.push(format!(
            "coalesce(e.date, d.date) >= {}::text",
            s.text(since)
        ));
    }
    if let Some(until) = &q.until {
        let u = s.text(until);
        c.push(format!(
            "substr(coalesce(e.date, d.date), 1, length({u}::text)) <= {u}::text"
        ));
    }
    if let Some(place) = &q.place {
        let p = s.text(place);
        c.push(format!(
            "(e.place_id = {p}::text OR lower(e.location) = lower({p}::text COLLATE \"C\")
              OR e.place_id IN (SELECT place_id FROM places
                                WHERE lower(name) = lower({p}::text COLLATE \"C\")
                                   OR country = upper({p}::text COLLATE \"C\")))"
        ));
    }
    if c.is_empty() {
        "TRUE".into()
    } else {
        c.join(" AND ")
    }
}

/// A stored document's fields that exports need, and its events.
struct DocEvents {
    source: String,
    url: Option<String>,
    title: Option<String>,
    date: Option<String>,
    lang: Lang,
    sources: u64,
    events: Vec<veille_core::Event>,
}

/// The events of a document's JSON, the headline's first (the order
/// their rows were inserted in).
fn events_of(id: &str, json: &str) -> Result<Vec<veille_core::Event>> {
    #[derive(serde::Deserialize)]
    struct OnlyEvents {
        #[serde(default)]
        events: Vec<veille_core::Event>,
        #[serde(default)]
        headline: Headline,
    }
    #[derive(Default, serde::Deserialize)]
    struct Headline {
        #[serde(default)]
        events: Vec<veille_core::Event>,
    }
    let only: OnlyEvents = serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        id: id.to_string(),
        reason: e.to_string(),
    })?;
    let mut events = only.headline.events;
    events.extend(only.events);
    Ok(events)
}

impl PgStore {
    pub(super) fn query_events(&self, q: &EventQuery) -> Result<Vec<EventHit>> {
        let mut s = Sql::default();
        let filter = event_filter(q, &mut s);
        let n = s.bind(limit(q.limit));
        let sql = format!(
            "SELECT {EVENT_COLUMNS}
             FROM events e JOIN documents d ON d.id = e.doc_id
                  LEFT JOIN places p ON p.place_id = e.place_id
             WHERE {filter}
             ORDER BY coalesce(e.date, d.date) DESC NULLS LAST, e.doc_id, e.start LIMIT {n}"
        );
        self.query_sql(&sql, &s)?.iter().map(event_hit).collect()
    }

    pub(super) fn walk_events(
        &self,
        q: &EventQuery,
        each: &mut dyn FnMut(StoredEvent) -> ControlFlow<()>,
    ) -> Result<u64> {
        // Pages of event rows after the last one seen (documents oldest
        // first, undated last; a document's rows in insertion order, so a
        // row's rank among its document's rows is the event's index), then
        // the full event from the document's JSON, read once per document.
        let mut after: Option<(bool, String, String, i64)> = None;
        let mut doc: Option<(String, DocEvents)> = None;
        let mut given = 0u64;
        let mut left = limit(q.limit);
        while left > 0 {
            let mut s = Sql::default();
            let filter = event_filter(q, &mut s);
            let keyset = match &after {
                None => String::new(),
                Some((undated, date, doc_id, seq)) => format!(
                    "AND (d.date IS NULL, coalesce(d.date, ''), e.doc_id, e.seq) > ({}::bool, {}::text, {}::text, {}::bigint)",
                    s.bind(*undated),
                    s.bind(date.clone()),
                    s.bind(doc_id.clone()),
                    s.bind(*seq)
                ),
            };
            let n = s.bind(left.min(WALK_PAGE));
            let rows = self.query_sql(
                &format!(
                    "SELECT e.doc_id, e.start, e.type, e.cameo, e.sentence,
                        (SELECT count(*) FROM events x WHERE x.doc_id = e.doc_id AND x.seq < e.seq),
                        d.date IS NULL, coalesce(d.date, ''), e.seq
                     FROM events e JOIN documents d ON d.id = e.doc_id
                     WHERE {filter} {keyset}
                     ORDER BY d.date IS NULL, coalesce(d.date, ''), e.doc_id, e.seq LIMIT {n}"
                ),
                &s,
            )?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let doc_id: String = col(r, 0)?;
                let start = usize::try_from(col::<i64>(r, 1)?).unwrap_or(usize::MAX);
                let ty: String = col(r, 2)?;
                let cameo: String = col(r, 3)?;
                let sentence: String = col(r, 4)?;
                let rank = usize::try_from(col::<i64>(r, 5)?).unwrap_or(usize::MAX);
                after = Some((col(r, 6)?, col(r, 7)?, doc_id.clone(), col(r, 8)?));
                left -= 1;
                if doc.as_ref().is_none_or(|(id, _)| id != &doc_id) {
                    let d = self.query_one(
                        "SELECT source, url, title, date, lang, doc_json,
                            (SELECT count(*) FROM sources s WHERE s.doc_id = documents.id)
                         FROM documents WHERE id = $1",
                        &[&doc_id],
                    )?;
                    let json: String = col(&d, 5)?;
                    let d = DocEvents {
                        source: col(&d, 0)?,
                        url: col(&d, 1)?,
                        title: col(&d, 2)?,
                        date: col(&d, 3)?,
                        lang: Lang::from_code(&col::<String>(&d, 4)?),
                        sources: count(col(&d, 6)?),
                        events: events_of(&doc_id, &json)?,
                    };
                    doc = Some((doc_id.clone(), d));
                }
                let Some((_, d)) = doc.as_ref() else { continue };
                let fits = |e: &veille_core::Event| {
                    e.trigger.span.start == start && e.event_type.as_str() == ty && e.cameo == cameo
                };
                // The ranked event, else (a store edited by hand) the first that fits.
                let index = if d.events.get(rank).is_some_and(fits) {
                    rank
                } else {
                    d.events
                        .iter()
                        .position(fits)
                        .ok_or_else(|| StoreError::Corrupt {
                            id: doc_id.clone(),
                            reason: format!(
                                "no event of type {ty} at byte {start} in the document"
                            ),
                        })?
                };
                let Some(event) = d.events.get(index).cloned() else {
                    continue;
                };
                given += 1;
                let out = StoredEvent {
                    doc_id: doc_id.clone(),
                    index,
                    source_doc: d.source.clone(),
                    url: d.url.clone(),
                    title: d.title.clone(),
                    doc_date: d.date.clone(),
                    lang: d.lang,
                    sources: d.sources.max(1),
                    sentence,
                    event,
                    reports: self.reports_of(&doc_id, index)?,
                };
                if each(out).is_break() {
                    return Ok(given);
                }
            }
        }
        Ok(given)
    }

    pub(super) fn page_events(&self, q: &EventQuery, offset: usize) -> Result<EventPage> {
        // A place the store knows is matched by its ids (indexed), else by
        // the location as written.
        let place_ids: Option<Vec<String>> = match &q.place {
            None => None,
            Some(place) => Some(
                self.query(
                    "SELECT place_id FROM places
                     WHERE place_id = $1::text OR lower(name) = lower($1::text COLLATE \"C\")
                        OR country = upper($1::text COLLATE \"C\")",
                    &[&no_nul(place)],
                )?
                .iter()
                .map(|r| col(r, 0))
                .collect::<Result<_>>()?,
            ),
        };
        // Built for the filters given, so an actor, target or place id uses
        // its index: an id resolved by the caller matches by id, a name
        // without one as written.
        let filter = |s: &mut Sql| -> String {
            let mut conds: Vec<String> = Vec::new();
            let roles = [
                (&q.actor_id, &q.actor, "source"),
                (&q.target_id, &q.target, "target"),
            ];
            for (id, name, role) in roles {
                match (id, name) {
                    (Some(id), _) => conds.push(format!("e.{role}_id = {}::text", s.text(id))),
                    (None, Some(name)) => conds.push(format!(
                        "lower(e.{role}) = lower({}::text COLLATE \"C\")",
                        s.text(name)
                    )),
                    _ => {}
                }
            }
            if let Some(t) = q.event_type {
                conds.push(format!("e.type = {}::text", s.bind(t.as_str())));
            }
            if let Some(m) = q.modality {
                conds.push(format!("e.modality = {}::text", s.bind(m.as_str())));
            }
            if let Some(since) = &q.since {
                conds.push(format!(
                    "coalesce(e.date, d.date) >= {}::text",
                    s.text(since)
                ));
            }
            if let Some(until) = &q.until {
                let u = s.text(until);
                conds.push(format!(
                    "substr(coalesce(e.date, d.date), 1, length({u}::text)) <= {u}::text"
                ));
            }
            match (&q.place, &place_ids) {
                (Some(place), Some(ids)) if ids.is_empty() => conds.push(format!(
                    "lower(e.location) = lower({}::text COLLATE \"C\")",
                    s.text(place)
                )),
                (_, Some(ids)) => {
                    conds.push(format!("e.place_id = ANY({}::text[])", s.bind(ids.clone())))
                }
                _ => {}
            }
            if conds.is_empty() {
                String::new()
            } else {
                format!("WHERE {}", conds.join(" AND "))
            }
        };
        let mut s = Sql::default();
        let f = filter(&mut s);
        let cap = s.bind(COUNT_CAP as i64 + 1);
        let rows = self.query_sql(
            &format!(
                "SELECT count(*) FROM (SELECT 1 FROM events e JOIN documents d ON d.id = e.doc_id {f} LIMIT {cap}) t"
            ),
            &s,
        )?;
        let total: i64 = match rows.first() {
            Some(r) => col(r, 0)?,
            None => 0,
        };
        let mut s = Sql::default();
        let f = filter(&mut s);
        let n = s.bind(limit(q.limit));
        let off = s.bind(limit(offset));
        let events = self
            .query_sql(
                &format!(
                    "SELECT {EVENT_COLUMNS}
                     FROM events e JOIN documents d ON d.id = e.doc_id
                          LEFT JOIN places p ON p.place_id = e.place_id
                     {f}
                     ORDER BY d.date DESC NULLS LAST, d.seq DESC, e.seq LIMIT {n} OFFSET {off}"
                ),
                &s,
            )?
            .iter()
            .map(event_hit)
            .collect::<Result<_>>()?;
        Ok(EventPage {
            total: count(total).min(COUNT_CAP as u64),
            total_exact: total <= COUNT_CAP as i64,
            events,
        })
    }

    pub(super) fn reports_of(&self, doc_id: &str, index: usize) -> Result<EventReports> {
        // User input: PostgreSQL text holds no NUL (nothing stored has one).
        let doc_id = no_nul(doc_id);
        let doc_id = doc_id.as_str();
        let (seq, key) = self
            .event_row(doc_id, index)?
            .ok_or_else(|| StoreError::NoEvent(format!("{doc_id}-{index}")))?;
        let sql = |cond: &str| {
            format!(
                "SELECT count(DISTINCT e.doc_id),
                    count(DISTINCT coalesce(o.site, o.id)),
                    (SELECT count(*) FROM sources s WHERE s.doc_id IN
                        (SELECT e.doc_id FROM events e WHERE {cond}))
                 FROM events e
                 LEFT JOIN copies c ON c.doc_id = e.doc_id
                 JOIN documents o ON o.id = coalesce(c.original, e.doc_id)
                 WHERE {cond}"
            )
        };
        let r = match &key {
            Some(k) => self.query_one(&sql("e.event_key = $1"), &[k])?,
            None => self.query_one(&sql("e.seq = $1"), &[&seq])?,
        };
        Ok(EventReports {
            event_id: key.unwrap_or_else(|| format!("{doc_id}-{index}")),
            mentions: count(col(&r, 0)?),
            independent_sources: count(col(&r, 1)?),
            sightings: count(col(&r, 2)?),
        })
    }
}
