//! Writing documents: a document's row, its search vector and every
//! annotation's rows, in the caller's transaction.

use super::{no_nul, search, PgStore, Sql};
use crate::{Put, Result, StoreError};
use veille_core::{Document, EntityLabel, Part};

/// A statement's parameters, each owned (so rows can wait in a pipeline).
macro_rules! row {
    ($($v:expr),* $(,)?) => {{
        let mut p = Sql::default();
        $( p.bind($v); )*
        p
    }};
}

impl PgStore {
    pub(super) fn put_one(&self, d: &Document) -> Result<Put> {
        let found = self.query_opt("SELECT 1 FROM documents WHERE id = $1", &[&d.id])?;
        if found.is_none() {
            self.insert_document(d)?;
        }
        self.execute(
            "INSERT INTO sources (doc_id, source) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&d.id, &d.source],
        )?;
        Ok(if found.is_some() {
            Put::Duplicate
        } else {
            Put::Inserted
        })
    }

    pub(super) fn insert_document(&self, d: &Document) -> Result<()> {
        let json = serde_json::to_string(d).map_err(|e| StoreError::Corrupt {
            id: d.id.clone(),
            reason: e.to_string(),
        })?;
        let precision = d.date.as_ref().and_then(|x| {
            serde_json::to_value(x.precision)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
        });
        let cfg = search::config(d.lang.as_str());
        let title = d.title.as_deref().map(no_nul);
        let text = no_nul(&d.text);
        self.execute(
            "INSERT INTO documents (id, source, url, site, title, author, date, date_precision, lang, text, doc_json, cfg, tsv)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
                     setweight(to_tsvector($12::text::regconfig, coalesce($5::text, '')), 'A')
                     || setweight(to_tsvector($12::text::regconfig, $10::text), 'B'))",
            &[
                &d.id,
                &no_nul(&d.source),
                &d.url.as_deref().map(no_nul),
                &d.site.as_deref().map(no_nul),
                &title,
                &d.author.as_deref().map(no_nul),
                &d.date.as_ref().map(|x| x.value.as_str()),
                &precision,
                &d.lang.as_str(),
                &text,
                &json,
                &cfg,
            ],
        )?;
        // The headline's annotations first, marked: their spans point into
        // the title. Their rows go in one pipeline: sent together, run in
        // order, one round trip instead of one per row.
        let in_title = |p: Part| p == Part::Title;
        let day = d
            .date
            .as_ref()
            .map(|x| x.value.get(..10).unwrap_or(&x.value).to_string());
        let mut rows: Vec<(&str, Sql)> = Vec::new();
        // Documents per entity or place id ([`Store::key_documents`]).
        for k in crate::shared::entity_keys(d) {
            rows.push((
                "INSERT INTO key_documents (key, shard, n) VALUES ($1, pg_backend_pid() % 64, 1)
                 ON CONFLICT (key, shard) DO UPDATE SET n = key_documents.n + 1",
                row![no_nul(k)],
            ));
        }
        for (e, part) in d.all_entities() {
            rows.push((
                "INSERT INTO entities (doc_id, start, \"end\", text, label, norm, entity_id, canonical, code, nominal, place_id, in_title, day)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                row![
                    d.id.clone(),
                    e.span.start as i64,
                    e.span.end as i64,
                    no_nul(&e.text),
                    e.label.as_str(),
                    no_nul(&veille_core::fold(&e.text)),
                    e.entity_id.clone(),
                    e.canonical.clone(),
                    e.code.clone(),
                    e.nominal,
                    e.place.as_ref().map(|p| p.place_id.clone()),
                    in_title(part),
                    day.clone(),
                ],
            ));
            if let Some(p) = &e.place {
                rows.push(place_row(p));
            }
            if let Some((last, id, name)) = surname_of(e) {
                rows.push((
                    "INSERT INTO surnames (surname, entity_id, canonical) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    row![last, id.to_string(), name.to_string()],
                ));
            }
        }
        for (q, part) in d.all_quotes() {
            rows.push((
                "INSERT INTO quotes (doc_id, start, \"end\", text, kind, cue, speaker, speaker_id, speaker_name, in_title)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                row![
                    d.id.clone(),
                    q.span.start as i64,
                    q.span.end as i64,
                    no_nul(&q.text),
                    q.kind.as_str(),
                    q.cue.clone(),
                    q.speaker.clone(),
                    q.speaker_id.clone(),
                    q.speaker_name.clone(),
                    in_title(part),
                ],
            ));
        }
        for (t, part) in d.all_times() {
            rows.push((
                "INSERT INTO times (doc_id, start, \"end\", text, value, precision, in_title)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                row![
                    d.id.clone(),
                    t.span.start as i64,
                    t.span.end as i64,
                    no_nul(&t.text),
                    t.value.clone(),
                    t.precision.as_str(),
                    in_title(part),
                ],
            ));
        }
        for (e, part) in d.all_events() {
            // An implied actor has a code, no words.
            let name =
                |a: &Option<veille_core::EventArg>| a.as_ref().and_then(|a| a.name().map(no_nul));
            let id =
                |a: &Option<veille_core::EventArg>| a.as_ref().and_then(|a| a.entity_id.clone());
            let code = |a: &Option<veille_core::EventArg>| a.as_ref().and_then(|a| a.code.clone());
            let place = e.location.as_ref().and_then(|l| l.place.as_ref());
            rows.push((
                "INSERT INTO events (doc_id, start, \"end\", type, cameo, trigger, source, source_id, source_code,
                    target, target_id, target_code, location, location_id, date, modality, reported_by,
                    sentence, confidence, place_id, in_title)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
                row![
                    d.id.clone(),
                    e.trigger.span.start as i64,
                    e.trigger.span.end as i64,
                    e.event_type.as_str(),
                    e.cameo.clone(),
                    no_nul(&e.trigger.text),
                    name(&e.source),
                    id(&e.source),
                    code(&e.source),
                    name(&e.target),
                    id(&e.target),
                    code(&e.target),
                    name(&e.location),
                    id(&e.location),
                    e.date.as_ref().and_then(|x| x.value.clone()),
                    e.modality.as_str(),
                    e.reported_by.clone(),
                    no_nul(e.sentence.slice(d.part(part))),
                    f64::from(e.confidence),
                    place.map(|p| p.place_id.clone()),
                    in_title(part),
                ],
            ));
            if let Some(p) = place {
                rows.push(place_row(p));
            }
        }
        self.pipeline(&rows)
    }
}

/// A place's row, its fields replaced when already stored.
fn place_row(p: &veille_core::Place) -> (&'static str, Sql) {
    (
        "INSERT INTO places (place_id, name, country, admin1, lat, lon, precision)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (place_id) DO UPDATE SET name = excluded.name, country = excluded.country,
            admin1 = excluded.admin1, lat = excluded.lat, lon = excluded.lon,
            precision = excluded.precision",
        row![
            p.place_id.clone(),
            p.name.clone(),
            p.country.clone(),
            p.admin1.clone(),
            p.lat,
            p.lon,
            p.precision.as_str(),
        ],
    )
}

/// A person outside the knowledge base named in full (two words or
/// more): (folded surname, id, full name).
fn surname_of(e: &veille_core::Entity) -> Option<(String, &str, &str)> {
    if e.label != EntityLabel::Per {
        return None;
    }
    let id = e
        .entity_id
        .as_deref()
        .filter(|id| id.starts_with("veille:per:"))?;
    let name = e.canonical.as_deref().unwrap_or(&e.text);
    let mut words = name.split_whitespace();
    let last = words.next_back()?;
    words.next()?;
    Some((veille_core::fold(last), id, name))
}
