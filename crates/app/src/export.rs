//! Stored events written out for other tools: JSON lines, CSV, PLOVER
//! records and GDELT-like event rows, one event at a time.
//!
//! [`Exporter::new`] writes the format's header (CSV, GDELT), then
//! [`Exporter::write`] one line per event, [`Exporter::finish`] flushes.
//! Every format gives an event the same stable id: its document's id and
//! its index among the document's events (`3f2a…-0`).
//!
//! - `jsonl`: every field veille has (document, event, arguments with their
//!   entity ids, codes and places, date, modality, evidence sentence);
//! - `csv`: one flat row per event (RFC 4180 quoting);
//! - `plover`: PLOVER records as in the PLOVER gold-standard records
//!   (`id`, `date`, `source`/`target` lists of `{actorText, code, sector}`,
//!   `event`, `mode`, `context`, `eventText`, `eventLoc`, `text`,
//!   `language`), plus veille's `modality`; absent fields are left out, as
//!   PLOVER does;
//! - `gdelt`: tab-separated columns named as GDELT 1.0/2.0 event files
//!   name them, a header first; country codes are ISO 3166 alpha-3 (GDELT's
//!   geography uses FIPS codes); `GlobalEventID` is the stable id above (a
//!   string, not GDELT's integer); `Modality` is veille's own last column.

use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};
use veille_core::{EventArg, EventDate, EventType, Lang, Modality, PlacePrecision};
use veille_store::StoredEvent;

/// The export formats, by the name `--format` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    Plover,
    Gdelt,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 4] = [
        ExportFormat::Jsonl,
        ExportFormat::Csv,
        ExportFormat::Plover,
        ExportFormat::Gdelt,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Csv => "csv",
            ExportFormat::Plover => "plover",
            ExportFormat::Gdelt => "gdelt",
        }
    }
}

impl std::fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.as_str()).collect();
                format!(
                    "unknown export format {s:?}: choose one of {}",
                    names.join(", ")
                )
            })
    }
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 24] = [
    "doc_id",
    "url",
    "date",
    "type",
    "cameo",
    "mode",
    "modality",
    "source_text",
    "source_id",
    "source_code",
    "target_text",
    "target_id",
    "target_code",
    "location_text",
    "place_id",
    "country",
    "lat",
    "lon",
    "trigger",
    "sentence",
    "confidence",
    "event",
    "mentions",
    "independent_sources",
];

/// The GDELT-like columns, in order.
pub const GDELT_COLUMNS: [&str; 25] = [
    "GlobalEventID",
    "Day",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "SOURCEURL",
    "Modality",
];

/// Goldstein's conflict-cooperation weight of each CAMEO code (`data/goldstein.tsv`).
#[derive(Debug, Clone)]
pub struct Goldstein(HashMap<String, f64>);

impl Goldstein {
    /// The published scale shipped in `data/goldstein.tsv`.
    pub fn builtin() -> io::Result<Goldstein> {
        Goldstein::parse(include_str!("../data/goldstein.tsv"))
    }

    /// `code<TAB>value` lines; `#` starts a comment line.
    pub fn parse(tsv: &str) -> io::Result<Goldstein> {
        let mut m = HashMap::new();
        for (i, line) in tsv.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("goldstein.tsv:{}: expected CAMEO code, tab, value", i + 1),
                )
            };
            let (code, value) = line.split_once('\t').ok_or_else(bad)?;
            let value: f64 = value.trim().parse().map_err(|_| bad())?;
            m.insert(code.trim().to_string(), value);
        }
        Ok(Goldstein(m))
    }

    /// The weight of a code, else of its two-digit root code.
    pub fn of(&self, cameo: &str) -> Option<f64> {
        self.0
            .get(cameo)
            .or_else(|| cameo.get(..2).and_then(|root| self.0.get(root)))
            .copied()
    }
}

/// GDELT's QuadClass of a CAMEO code, from its root: 1 verbal
/// cooperation (01–05), 2 material cooperation (06–08), 3 verbal conflict
/// (09–14), 4 material conflict (15–20).
pub fn quad_class(cameo: &str) -> Option<u8> {
    let root: u8 = cameo.get(..2)?.parse().ok()?;
    match root {
        1..=5 => Some(1),
        6..=8 => Some(2),
        9..=14 => Some(3),
        15..=20 => Some(4),
        _ => None,
    }
}

/// GDELT's geographic type of a place: 1 country, 2 US state, 3 US city,
/// 4 world city, 5 world state (first-level division); 0 when there is no
/// place or it is wider than a country.
pub fn geo_type(precision: PlacePrecision, country: Option<&str>) -> u8 {
    let us = country == Some("USA");
    match precision {
        PlacePrecision::Region => 0,
        PlacePrecision::Country => 1,
        PlacePrecision::Admin if us => 2,
        PlacePrecision::Admin => 5,
        PlacePrecision::City | PlacePrecision::Site if us => 3,
        PlacePrecision::City | PlacePrecision::Site => 4,
    }
}

/// The stable id of an exported event: document id and index.
pub fn event_id(e: &StoredEvent) -> String {
    format!("{}-{}", e.doc_id, e.index)
}

/// `YYYY-MM-DD` at the start of an ISO value, if it has one.
fn iso_day(v: &str) -> Option<&str> {
    let d = v.get(..10)?;
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)).then_some(d)
}

/// The event's day: its own date when it is a day (the first of an
/// interval), else its document's publication day.
pub fn event_day(e: &StoredEvent) -> Option<&str> {
    e.event
        .date
        .as_ref()
        .and_then(|d| d.value.as_deref())
        .and_then(iso_day)
        .or_else(|| e.doc_date.as_deref().and_then(iso_day))
}

/// The event's date as veille has it (any precision), else the document's.
fn event_date(e: &StoredEvent) -> Option<&str> {
    e.event
        .date
        .as_ref()
        .and_then(|d| d.value.as_deref())
        .or(e.doc_date.as_deref())
}

/// Where the document comes from: its URL, else its source.
fn source_url(e: &StoredEvent) -> &str {
    e.url.as_deref().unwrap_or(&e.source_doc)
}

/// A GeoNames id without its prefix ("geonames:706483" → "706483"), or
/// the place id as it is.
fn feature_id(place_id: &str) -> &str {
    place_id.strip_prefix("geonames:").unwrap_or(place_id)
}

/// An actor code's country part: its first word when that is a
/// three-letter code ("RUS GOV" → RUS; "IGOWSTNAT" has none).
fn code_country(code: &str) -> Option<&str> {
    let first = code.split_whitespace().next()?;
    (first.len() == 3 && first.bytes().all(|b| b.is_ascii_uppercase())).then_some(first)
}

/// One JSON line per event: the document, then the event.
#[derive(Serialize)]
struct JsonRecord<'a> {
    id: String,
    doc_id: &'a str,
    url: Option<&'a str>,
    doc_source: &'a str,
    title: Option<&'a str>,
    doc_date: Option<&'a str>,
    lang: Lang,
    #[serde(rename = "type")]
    event_type: EventType,
    mode: Option<&'a str>,
    context: &'a [String],
    cameo: &'a str,
    trigger: &'a EventArg,
    source: Option<&'a EventArg>,
    target: Option<&'a EventArg>,
    location: Option<&'a EventArg>,
    date: Option<&'a EventDate>,
    modality: Modality,
    reported_by: Option<&'a str>,
    sentence: &'a str,
    confidence: f32,
    /// The event across reports (`DOCID-INDEX` of its first mention).
    event: &'a str,
    mentions: u64,
    independent_sources: u64,
}

/// A PLOVER actor.
#[derive(Serialize)]
struct PloverActor<'a> {
    #[serde(rename = "actorText")]
    actor_text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sector: Option<String>,
}

impl<'a> PloverActor<'a> {
    /// The actor of an argument; veille's "RUS GOV" is PLOVER's code RUS
    /// with sector GOV.
    fn of(a: &'a EventArg) -> PloverActor<'a> {
        let mut words = a.code.as_deref().unwrap_or("").split_whitespace();
        let code = words.next();
        let sector: Vec<&str> = words.collect();
        PloverActor {
            actor_text: a.name().unwrap_or(""),
            code,
            sector: (!sector.is_empty()).then(|| sector.join(" ")),
        }
    }
}

/// A PLOVER event location.
#[derive(Serialize)]
struct PloverLoc<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lon: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    geonameid: Option<&'a str>,
}

/// A PLOVER record (field names of the PLOVER gold-standard records).
#[derive(Serialize)]
struct PloverRecord<'a> {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<[PloverActor<'a>; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<[PloverActor<'a>; 1]>,
    event: EventType,
    #[serde(rename = "eventText")]
    event_text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    mode: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<String>,
    #[serde(rename = "eventLoc", skip_serializing_if = "Option::is_none")]
    event_loc: Option<PloverLoc<'a>>,
    text: &'a str,
    language: Lang,
    publication: &'a str,
    modality: Modality,
}

enum Sink<W: Write> {
    Plain(W),
    Csv(Box<csv::Writer<W>>),
}

/// Writes events in one format to `W`.
pub struct Exporter<W: Write> {
    format: ExportFormat,
    sink: Sink<W>,
    goldstein: Goldstein,
}

fn csv_err(e: csv::Error) -> io::Error {
    e.into()
}

/// A TSV field: tabs and line breaks become spaces (GDELT has no quoting).
fn tsv(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

impl<W: Write> Exporter<W> {
    /// An exporter, its header (CSV, GDELT) written.
    pub fn new(format: ExportFormat, out: W) -> io::Result<Exporter<W>> {
        let goldstein = Goldstein::builtin()?;
        let sink = match format {
            ExportFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(CSV_COLUMNS).map_err(csv_err)?;
                Sink::Csv(Box::new(w))
            }
            ExportFormat::Gdelt => {
                let mut out = out;
                writeln!(out, "{}", GDELT_COLUMNS.join("\t"))?;
                Sink::Plain(out)
            }
            ExportFormat::Jsonl | ExportFormat::Plover => Sink::Plain(out),
        };
        Ok(Exporter {
            format,
            sink,
            goldstein,
        })
    }

    /// Writes one event.
    pub fn write(&mut self, e: &StoredEvent) -> io::Result<()> {
        match &mut self.sink {
            Sink::Csv(w) => w.write_record(csv_row(e)).map_err(csv_err),
            Sink::Plain(out) => {
                let line = match self.format {
                    ExportFormat::Plover => plover_line(e)?,
                    ExportFormat::Gdelt => gdelt_line(e, &self.goldstein),
                    _ => json_line(e)?,
                };
                writeln!(out, "{line}")
            }
        }
    }

    /// Flushes and gives the writer back.
    pub fn finish(self) -> io::Result<W> {
        match self.sink {
            Sink::Plain(mut w) => {
                w.flush()?;
                Ok(w)
            }
            Sink::Csv(w) => w.into_inner().map_err(|e| e.into_error()),
        }
    }
}

/// The `jsonl` line of an event.
pub fn json_line(e: &StoredEvent) -> io::Result<String> {
    let ev = &e.event;
    let r = JsonRecord {
        id: event_id(e),
        doc_id: &e.doc_id,
        url: e.url.as_deref(),
        doc_source: &e.source_doc,
        title: e.title.as_deref(),
        doc_date: e.doc_date.as_deref(),
        lang: e.lang,
        event_type: ev.event_type,
        mode: ev.mode.as_deref(),
        context: &ev.context,
        cameo: &ev.cameo,
        trigger: &ev.trigger,
        source: ev.source.as_ref(),
        target: ev.target.as_ref(),
        location: ev.location.as_ref(),
        date: ev.date.as_ref(),
        modality: ev.modality,
        reported_by: ev.reported_by.as_deref(),
        sentence: &e.sentence,
        confidence: ev.confidence,
        event: &e.reports.event_id,
        mentions: e.reports.mentions,
        independent_sources: e.reports.independent_sources,
    };
    Ok(serde_json::to_string(&r)?)
}

/// The `plover` line of an event.
pub fn plover_line(e: &StoredEvent) -> io::Result<String> {
    let ev = &e.event;
    let event_loc = ev.location.as_ref().map(|l| match &l.place {
        Some(p) => PloverLoc {
            name: &p.name,
            lat: Some(p.lat),
            lon: Some(p.lon),
            country: p.country.as_deref(),
            geonameid: p
                .place_id
                .strip_prefix("geonames:")
                .filter(|id| !id.is_empty()),
        },
        None => PloverLoc {
            name: &l.text,
            lat: None,
            lon: None,
            country: None,
            geonameid: None,
        },
    });
    let r = PloverRecord {
        id: event_id(e),
        date: event_day(e).or(event_date(e)),
        source: ev.source.as_ref().map(|a| [PloverActor::of(a)]),
        target: ev.target.as_ref().map(|a| [PloverActor::of(a)]),
        event: ev.event_type,
        event_text: &ev.trigger.text,
        mode: ev.mode.as_deref(),
        context: (!ev.context.is_empty()).then(|| ev.context.join(", ")),
        event_loc,
        text: &e.sentence,
        language: e.lang,
        publication: source_url(e),
        modality: ev.modality,
    };
    Ok(serde_json::to_string(&r)?)
}

/// The `csv` row of an event (see [`CSV_COLUMNS`]).
pub fn csv_row(e: &StoredEvent) -> [String; 24] {
    let ev = &e.event;
    let s = |x: Option<&str>| x.unwrap_or("").to_string();
    let arg = |a: &Option<EventArg>| {
        a.as_ref()
            .map_or([String::new(), String::new(), String::new()], |a| {
                [s(a.name()), s(a.entity_id.as_deref()), s(a.code.as_deref())]
            })
    };
    let [source_text, source_id, source_code] = arg(&ev.source);
    let [target_text, target_id, target_code] = arg(&ev.target);
    let place = ev.location.as_ref().and_then(|l| l.place.as_ref());
    [
        e.doc_id.clone(),
        source_url(e).to_string(),
        s(event_date(e)),
        ev.event_type.as_str().to_string(),
        ev.cameo.clone(),
        s(ev.mode.as_deref()),
        ev.modality.as_str().to_string(),
        source_text,
        source_id,
        source_code,
        target_text,
        target_id,
        target_code,
        s(ev.location.as_ref().map(|l| l.text.as_str())),
        s(place.map(|p| p.place_id.as_str())),
        s(place.and_then(|p| p.country.as_deref())),
        place.map(|p| p.lat.to_string()).unwrap_or_default(),
        place.map(|p| p.lon.to_string()).unwrap_or_default(),
        ev.trigger.text.clone(),
        e.sentence.clone(),
        ev.confidence.to_string(),
        e.reports.event_id.clone(),
        e.reports.mentions.to_string(),
        e.reports.independent_sources.to_string(),
    ]
}

/// The `gdelt` line of an event (see [`GDELT_COLUMNS`]).
pub fn gdelt_line(e: &StoredEvent, goldstein: &Goldstein) -> String {
    let ev = &e.event;
    let actor = |a: &Option<EventArg>| match a {
        Some(a) => {
            let code = a.code.as_deref().unwrap_or("");
            [
                code.split_whitespace().collect::<String>(),
                tsv(a.name().unwrap_or("")),
                code_country(code).unwrap_or("").to_string(),
            ]
        }
        None => [String::new(), String::new(), String::new()],
    };
    let cameo = ev.cameo.as_str();
    let prefix = |n: usize| cameo.get(..n).unwrap_or(cameo).to_string();
    let place = ev.location.as_ref().and_then(|l| l.place.as_ref());
    let (geo_kind, geo_name, geo_country, lat, lon, feature) = match (place, &ev.location) {
        (Some(p), _) => (
            geo_type(p.precision, p.country.as_deref()),
            tsv(&p.name),
            p.country.clone().unwrap_or_default(),
            p.lat.to_string(),
            p.lon.to_string(),
            tsv(feature_id(&p.place_id)),
        ),
        (None, Some(l)) => (
            0,
            tsv(&l.text),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ),
        (None, None) => (
            0,
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ),
    };
    let mut cols: Vec<String> = Vec::with_capacity(GDELT_COLUMNS.len());
    cols.push(event_id(e));
    cols.push(event_day(e).map(|d| d.replace('-', "")).unwrap_or_default());
    cols.extend(actor(&ev.source));
    cols.extend(actor(&ev.target));
    // A root event: read from the document's first sentence.
    cols.push(u8::from(ev.sentence.start == 0).to_string());
    cols.push(cameo.to_string());
    cols.push(prefix(3));
    cols.push(prefix(2));
    cols.push(quad_class(cameo).map(|q| q.to_string()).unwrap_or_default());
    cols.push(
        goldstein
            .of(cameo)
            .map(|g| format!("{g:.1}"))
            .unwrap_or_default(),
    );
    // NumMentions: every place a report of the event was seen at;
    // NumSources: independent sources; NumArticles: reporting documents.
    // A store without links counts the document alone.
    let r = &e.reports;
    cols.push(r.sightings.max(e.sources).to_string());
    cols.push(r.independent_sources.max(1).to_string());
    cols.push(r.mentions.max(1).to_string());
    cols.push(geo_kind.to_string());
    cols.push(geo_name);
    cols.push(geo_country);
    cols.push(lat);
    cols.push(lon);
    cols.push(feature);
    cols.push(tsv(source_url(e)));
    cols.push(ev.modality.as_str().to_string());
    cols.join("\t")
}

#[cfg(test)]
mod tests {
    use super::*;
    use veille_core::{DatePrecision, Event, Place, Span};

    /// "Le président russe a rencontré Xi Jinping à Pékin." as stored.
    fn fixture() -> StoredEvent {
        let sentence = "Le président russe a rencontré Xi Jinping à Pékin.";
        let arg = |t: &str, id: Option<&str>, code: Option<&str>| {
            let at = sentence.find(t).unwrap();
            EventArg {
                span: Span::new(at, at + t.len()),
                text: t.into(),
                entity_id: id.map(str::to_string),
                code: code.map(str::to_string),
                place: None,
                implied: false,
            }
        };
        let mut location = arg("Pékin", Some("Q956"), None);
        location.place = Some(Place {
            place_id: "geonames:1816670".into(),
            name: "Beijing".into(),
            country: Some("CHN".into()),
            admin1: Some("CN.22".into()),
            lat: 39.9075,
            lon: 116.39723,
            precision: PlacePrecision::City,
        });
        StoredEvent {
            doc_id: "00ab12cd34ef5678".into(),
            index: 2,
            source_doc: "depeche.txt".into(),
            url: Some("https://example.org/a?x=1".into()),
            title: Some("Visite à Pékin".into()),
            doc_date: Some("2024-05-17".into()),
            lang: Lang::Fr,
            sources: 2,
            sentence: sentence.into(),
            reports: veille_store::EventReports {
                event_id: "00ab12cd34ef5678-2".into(),
                mentions: 3,
                independent_sources: 2,
                sightings: 4,
            },
            event: Event {
                event_type: EventType::Consult,
                mode: Some("visit".into()),
                context: vec!["diplomatic".into()],
                cameo: "042".into(),
                trigger: arg("rencontré", None, None),
                source: Some(arg("Le président russe", Some("Q7747"), Some("RUS GOV"))),
                target: Some(arg("Xi Jinping", Some("Q15031"), Some("CHN GOV"))),
                location: Some(location),
                date: Some(EventDate {
                    text: Some("jeudi".into()),
                    value: Some("2024-05-16".into()),
                    precision: DatePrecision::Day,
                }),
                modality: Modality::Asserted,
                reported_by: None,
                sentence: Span::new(0, sentence.len()),
                confidence: 0.75,
            },
        }
    }

    /// Everything an exporter writes for the fixture.
    fn export(format: ExportFormat, events: &[StoredEvent]) -> String {
        let mut x = Exporter::new(format, Vec::new()).unwrap();
        for e in events {
            x.write(e).unwrap();
        }
        String::from_utf8(x.finish().unwrap()).unwrap()
    }

    #[test]
    fn jsonl_line() {
        assert_eq!(
            export(ExportFormat::Jsonl, &[fixture()]),
            concat!(
                r#"{"id":"00ab12cd34ef5678-2","doc_id":"00ab12cd34ef5678","url":"https://example.org/a?x=1","#,
                r#""doc_source":"depeche.txt","title":"Visite à Pékin","doc_date":"2024-05-17","lang":"fr","#,
                r#""type":"CONSULT","mode":"visit","context":["diplomatic"],"cameo":"042","#,
                r#""trigger":{"start":22,"end":32,"text":"rencontré","entity_id":null,"code":null},"#,
                r#""source":{"start":0,"end":19,"text":"Le président russe","entity_id":"Q7747","code":"RUS GOV"},"#,
                r#""target":{"start":33,"end":43,"text":"Xi Jinping","entity_id":"Q15031","code":"CHN GOV"},"#,
                r#""location":{"start":47,"end":53,"text":"Pékin","entity_id":"Q956","code":null,"#,
                r#""place":{"place_id":"geonames:1816670","name":"Beijing","country":"CHN","admin1":"CN.22","lat":39.9075,"lon":116.39723,"precision":"city"}},"#,
                r#""date":{"text":"jeudi","value":"2024-05-16","precision":"day"},"#,
                r#""modality":"asserted","reported_by":null,"#,
                r#""sentence":"Le président russe a rencontré Xi Jinping à Pékin.","confidence":0.75,"#,
                r#""event":"00ab12cd34ef5678-2","mentions":3,"independent_sources":2}"#,
                "\n"
            )
        );
    }

    #[test]
    fn csv_header_and_row() {
        let mut e = fixture();
        e.sentence = "Il a dit \"oui\", puis non.".into();
        assert_eq!(
            export(ExportFormat::Csv, &[e]),
            concat!(
                "doc_id,url,date,type,cameo,mode,modality,source_text,source_id,source_code,target_text,target_id,target_code,",
                "location_text,place_id,country,lat,lon,trigger,sentence,confidence,event,mentions,independent_sources\n",
                "00ab12cd34ef5678,https://example.org/a?x=1,2024-05-16,CONSULT,042,visit,asserted,",
                "Le président russe,Q7747,RUS GOV,Xi Jinping,Q15031,CHN GOV,Pékin,geonames:1816670,CHN,39.9075,116.39723,",
                "rencontré,\"Il a dit \"\"oui\"\", puis non.\",0.75,00ab12cd34ef5678-2,3,2\n"
            )
        );
    }

    #[test]
    fn plover_record() {
        assert_eq!(
            export(ExportFormat::Plover, &[fixture()]),
            concat!(
                r#"{"id":"00ab12cd34ef5678-2","date":"2024-05-16","#,
                r#""source":[{"actorText":"Le président russe","code":"RUS","sector":"GOV"}],"#,
                r#""target":[{"actorText":"Xi Jinping","code":"CHN","sector":"GOV"}],"#,
                r#""event":"CONSULT","eventText":"rencontré","mode":"visit","context":"diplomatic","#,
                r#""eventLoc":{"name":"Beijing","lat":39.9075,"lon":116.39723,"country":"CHN","geonameid":"1816670"},"#,
                r#""text":"Le président russe a rencontré Xi Jinping à Pékin.","language":"fr","#,
                r#""publication":"https://example.org/a?x=1","modality":"asserted"}"#,
                "\n"
            )
        );
        // Absent fields are left out, as in PLOVER's records.
        let mut e = fixture();
        e.event.source = None;
        e.event.mode = None;
        e.event.context.clear();
        e.event.location.as_mut().unwrap().place = None;
        e.event.date = None;
        let line = export(ExportFormat::Plover, &[e]);
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert!(v.get("source").is_none() && v.get("mode").is_none() && v.get("context").is_none());
        assert_eq!(v["eventLoc"], serde_json::json!({"name": "Pékin"}));
        assert_eq!(v["date"], "2024-05-17", "the document's day");
    }

    #[test]
    fn gdelt_header_and_line() {
        let out = export(ExportFormat::Gdelt, &[fixture()]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], GDELT_COLUMNS.join("\t"));
        assert_eq!(
            lines[1],
            [
                "00ab12cd34ef5678-2",
                "20240516",
                "RUSGOV",
                "Le président russe",
                "RUS",
                "CHNGOV",
                "Xi Jinping",
                "CHN",
                "1",
                "042",
                "042",
                "04",
                "1",
                "1.9",
                "4",
                "2",
                "3",
                "4",
                "Beijing",
                "CHN",
                "39.9075",
                "116.39723",
                "1816670",
                "https://example.org/a?x=1",
                "asserted",
            ]
            .join("\t")
        );
        // No place: type 0, the location as written; an unknown code takes
        // its root's weight; tabs never leak into a field.
        let mut e = fixture();
        e.event.location.as_mut().unwrap().place = None;
        e.event.cameo = "1999".into();
        e.event.source.as_mut().unwrap().text = "un\tacteur".into();
        let out = export(ExportFormat::Gdelt, &[e]);
        let cols: Vec<&str> = out.lines().nth(1).unwrap().split('\t').collect();
        assert_eq!(cols.len(), GDELT_COLUMNS.len());
        assert_eq!(cols[3], "un acteur");
        assert_eq!(&cols[9..14], ["1999", "199", "19", "4", "-10.0"]);
        assert_eq!(
            &cols[14..17],
            ["4", "2", "3"],
            "mentions, sources, articles"
        );
        assert_eq!(&cols[17..20], ["0", "Pékin", ""]);
    }

    #[test]
    fn an_implied_actor_has_a_code_and_no_words() {
        let mut e = fixture();
        let src = e.event.source.as_mut().unwrap();
        src.implied = true;
        src.text = "Pékin".into();
        src.code = Some("CHN GOV".into());
        let gdelt = export(ExportFormat::Gdelt, std::slice::from_ref(&e));
        let cols: Vec<&str> = gdelt.lines().nth(1).unwrap().split('\t').collect();
        assert_eq!(&cols[2..5], ["CHNGOV", "", "CHN"]);
        let plover = export(ExportFormat::Plover, std::slice::from_ref(&e));
        assert!(
            plover.contains(r#""source":[{"actorText":"","code":"CHN","sector":"GOV"}]"#),
            "{plover}"
        );
        e.event.source.as_mut().unwrap().text = "ailleurs".into();
        let csv = csv_row(&e);
        assert!(!csv.iter().any(|c| c == "ailleurs"), "{csv:?}");
        assert!(csv.iter().any(|c| c == "CHN GOV"), "{csv:?}");
    }

    #[test]
    fn nothing_to_export_is_a_header_or_nothing() {
        assert_eq!(export(ExportFormat::Jsonl, &[]), "");
        assert_eq!(export(ExportFormat::Plover, &[]), "");
        assert_eq!(export(ExportFormat::Csv, &[]).lines().count(), 1);
        assert_eq!(export(ExportFormat::Gdelt, &[]).lines().count(), 1);
    }

    #[test]
    fn formats_by_name() {
        assert_eq!("CSV".parse::<ExportFormat>(), Ok(ExportFormat::Csv));
        let err = "xml".parse::<ExportFormat>().unwrap_err();
        assert!(err.contains("jsonl, csv, plover, gdelt"), "{err}");
    }

    #[test]
    fn scales_and_classes() {
        let g = Goldstein::builtin().unwrap();
        assert_eq!(g.of("042"), Some(1.9));
        assert_eq!(g.of("190"), Some(-10.0));
        assert_eq!(g.of("0874"), Some(10.0));
        assert_eq!(g.of("0459"), Some(1.0), "the root's value");
        assert_eq!(g.of("x"), None);
        assert!(Goldstein::parse("01\tzero").is_err());
        assert_eq!(quad_class("042"), Some(1));
        assert_eq!(quad_class("073"), Some(2));
        assert_eq!(quad_class("112"), Some(3));
        assert_eq!(quad_class("190"), Some(4));
        assert_eq!(quad_class("x"), None);
        assert_eq!(geo_type(PlacePrecision::Country, Some("FRA")), 1);
        assert_eq!(geo_type(PlacePrecision::Admin, Some("USA")), 2);
        assert_eq!(geo_type(PlacePrecision::City, Some("USA")), 3);
        assert_eq!(geo_type(PlacePrecision::Site, Some("UKR")), 4);
        assert_eq!(geo_type(PlacePrecision::Admin, Some("UKR")), 5);
        assert_eq!(geo_type(PlacePrecision::Region, None), 0);
    }
}
