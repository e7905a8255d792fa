//! How the command prints service results for a person.

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use veille_app::feeds::FeedReport;
use veille_app::{EntityView, IngestReport, Observer};
use veille_store::{Hit, QuoteHit};

/// An error and its causes on one line, each cause said once (library
/// errors often already quote their source in their own message).
pub fn message(e: &anyhow::Error) -> String {
    let mut msg = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !msg.contains(&c) {
            msg.push_str(": ");
            msg.push_str(&c);
        }
    }
    msg
}

/// Diagnostics as JSON log events (`--log-format json`), not text.
pub static JSON_LOGS: AtomicBool = AtomicBool::new(false);

fn json_logs() -> bool {
    JSON_LOGS.load(Ordering::Relaxed)
}

/// A progress bar on stderr; warnings and skipped inputs printed above it
/// (with JSON logs: no bar, and log events instead).
pub struct Progress(ProgressBar);

impl Progress {
    pub fn new(what: &str) -> Progress {
        if json_logs() {
            return Progress(ProgressBar::hidden());
        }
        let pb = ProgressBar::new(0);
        pb.set_style(
            ProgressStyle::with_template(
                "{spinner} {msg} [{bar:30}] {pos}/{len} files ({per_sec}, {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        pb.set_message(what.to_string());
        Progress(pb)
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

impl Observer for Progress {
    fn files(&mut self, total: usize) {
        self.0.set_length(total as u64);
    }
    fn file_done(&mut self) {
        self.0.inc(1);
    }
    fn warning(&mut self, source: &str, message: &str) {
        if json_logs() {
            tracing::warn!(source, "{message}");
        } else {
            self.0.suspend(|| eprintln!("warning: {source}: {message}"));
        }
    }
    fn skipped(&mut self, what: &dyn std::fmt::Display) {
        if json_logs() {
            tracing::warn!(skipped = true, "{what}");
        } else {
            self.0.suspend(|| eprintln!("skipped: {what}"));
        }
    }
    fn note(&mut self, message: &str) {
        if json_logs() {
            tracing::info!("{message}");
        } else {
            self.0.suspend(|| eprintln!("{message}"));
        }
    }
}

/// Writes one JSON line (or a pretty object); keeps the first write error
/// and asks to stop.
pub fn json_line<T: serde::Serialize>(
    out: &mut impl Write,
    v: &T,
    pretty: bool,
    failure: &mut Option<anyhow::Error>,
) -> bool {
    let r = if pretty {
        serde_json::to_writer_pretty(&mut *out, v)
    } else {
        serde_json::to_writer(&mut *out, v)
    };
    match r
        .map_err(anyhow::Error::from)
        .and_then(|_| Ok(out.write_all(b"\n")?))
    {
        Ok(()) => true,
        Err(e) => {
            *failure = Some(e);
            false
        }
    }
}

pub fn ingest(out: &mut impl Write, r: &IngestReport, db: &str) -> Result<()> {
    writeln!(out, "documents read:   {}", r.read)?;
    writeln!(out, "stored (new):     {}", r.inserted)?;
    writeln!(out, "already stored:   {}", r.duplicates)?;
    writeln!(out, "copies found:     {}", r.copies)?;
    writeln!(out, "spins flagged:    {}", r.spins)?;
    writeln!(out, "stories opened:   {}", r.stories)?;
    writeln!(
        out,
        "skipped inputs:   {}",
        r.skipped.values().sum::<usize>()
    )?;
    for (reason, n) in &r.skipped {
        writeln!(out, "  {reason}: {n}")?;
    }
    if r.read > 0 {
        writeln!(
            out,
            "time:             {:.1} s on {} thread(s), {:.0} documents/s",
            r.seconds,
            r.threads,
            r.read as f64 / r.seconds.max(1e-9)
        )?;
    }
    writeln!(out, "store {}: {}", veille_store::redact(db), r.store)?;
    Ok(())
}

/// `veille stats` as text.
pub fn status(out: &mut impl Write, s: &veille_app::StatusView, db: &str) -> Result<()> {
    let i = &s.inventory;
    writeln!(out, "store {db}: {:.1} MB", i.bytes as f64 / 1e6)?;
    writeln!(
        out,
        "documents:        {} ({} sources)",
        i.documents, i.sources
    )?;
    writeln!(out, "copies:           {}", i.copies)?;
    writeln!(out, "stories:          {}", i.stories)?;
    writeln!(
        out,
        "mentions:         {} ({} linked actors)",
        i.entities, i.actors
    )?;
    writeln!(out, "quotes:           {}", i.quotes)?;
    writeln!(out, "times:            {}", i.times)?;
    writeln!(out, "events:           {}", i.events)?;
    let q = &i.queue;
    if q.pending + q.claimed + q.done + q.failed > 0 {
        writeln!(
            out,
            "fetch queue:      {} pending, {} claimed, {} done, {} given up",
            q.pending, q.claimed, q.done, q.failed
        )?;
    }
    match s.runs.first() {
        None => writeln!(out, "last ingest:      none recorded")?,
        Some(r) => writeln!(out, "last ingest:      {}", r.finished)?,
    }
    for r in &s.runs {
        writeln!(
            out,
            "  {} → {}: {} read, {} new, {} already stored, {} skipped, {} thread(s){}",
            r.started,
            r.finished,
            r.read,
            r.inserted,
            r.duplicates,
            r.skipped,
            r.threads,
            if r.seconds > 0.0 {
                format!(", {:.1} documents/s", r.read as f64 / r.seconds)
            } else {
                String::new()
            }
        )?;
        let total: f64 = r.stages.0.values().sum();
        if total > 0.0 {
            let parts: Vec<String> = r
                .stages
                .0
                .iter()
                .map(|(stage, t)| format!("{} {:.2} s", stage_name(*stage), t))
                .collect();
            writeln!(out, "    time per stage: {}", parts.join(", "))?;
        }
    }
    Ok(())
}

/// A stage as written in JSON ("entities").
pub fn stage_name(s: veille_core::Stage) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn feeds(out: &mut impl Write, r: &FeedReport, db: &str) -> Result<()> {
    writeln!(
        out,
        "feeds polled:     {} ({} not modified, {} failed)",
        r.feeds, r.not_modified, r.feeds_failed
    )?;
    writeln!(
        out,
        "feed items:       {} ({} already stored)",
        r.items, r.known
    )?;
    writeln!(out, "pages fetched:    {}", r.fetched)?;
    writeln!(out, "feed text used:   {}", r.from_feed_text)?;
    writeln!(out, "stored (new):     {}", r.stored.inserted)?;
    writeln!(out, "already stored:   {}", r.stored.duplicates)?;
    writeln!(out, "skipped items:    {}", r.skipped)?;
    writeln!(
        out,
        "store {}: {}",
        veille_store::redact(db),
        r.stored.store
    )?;
    Ok(())
}

pub fn hits(
    out: &mut impl Write,
    hits: &[Hit],
    text: Option<&str>,
    entity: Option<&str>,
    json: bool,
) -> Result<()> {
    if json {
        for (i, h) in hits.iter().enumerate() {
            let mut v = serde_json::to_value(h)?;
            v["rank"] = (i + 1).into();
            v["score"] = ((h.score * 1000.0).round() / 1000.0).into();
            writeln!(out, "{v}")?;
        }
        return Ok(());
    }
    if hits.is_empty() {
        let what = match (text, entity) {
            (Some(t), Some(e)) => format!("{t:?} with entity {e:?}"),
            (Some(t), None) => format!("{t:?}"),
            (None, Some(e)) => format!("entity {e:?}"),
            (None, None) => String::new(),
        };
        writeln!(out, "no document matches {what}")?;
    }
    for (i, h) in hits.iter().enumerate() {
        writeln!(
            out,
            "{:>2}. {}  {:.2}  {}  {}",
            i + 1,
            h.id,
            h.score,
            h.date.as_deref().unwrap_or("----------"),
            h.title.as_deref().unwrap_or("(untitled)")
        )?;
        writeln!(out, "    {}", h.snippet.replace('\n', " "))?;
        writeln!(out, "    {}", h.source)?;
    }
    Ok(())
}

pub fn quotes(
    out: &mut impl Write,
    hits: &[QuoteHit],
    speaker: &str,
    db: &str,
    json: bool,
) -> Result<()> {
    if hits.is_empty() && !json {
        writeln!(out, "no quotes by {speaker:?} in {db}")?;
    }
    for h in hits {
        if json {
            writeln!(out, "{}", serde_json::to_string(h)?)?;
            continue;
        }
        let who = h.speaker_name.as_deref().or(h.speaker.as_deref());
        let date = h
            .date
            .as_deref()
            .map(|d| format!(", {d}"))
            .unwrap_or_default();
        writeln!(
            out,
            "{} ({}{date}) — {}: « {} »",
            who.unwrap_or("?"),
            h.title.as_deref().unwrap_or(&h.source),
            h.cue.as_deref().unwrap_or(h.kind.as_str()),
            h.text
        )?;
        writeln!(out, "    {} [{}]", h.source, h.doc_id)?;
    }
    Ok(())
}

pub fn entity(out: &mut impl Write, v: &EntityView, db: Option<&str>) -> Result<()> {
    writeln!(out, "{}  [{}]", v.canonical.as_deref().unwrap_or("?"), v.id)?;
    if v.in_kb {
        writeln!(out, "kind:      {}", v.kind.as_deref().unwrap_or("?"))?;
        if let Some(c) = &v.code {
            writeln!(out, "code:      {c} (current)")?;
        }
        writeln!(out, "aliases:   {}", v.aliases.join(" | "))?;
        for o in &v.offices {
            writeln!(
                out,
                "office:    {} of {} from {} to {}",
                o.role,
                o.of,
                o.from.as_deref().unwrap_or("?"),
                o.to.as_deref().unwrap_or("now")
            )?;
        }
    } else {
        writeln!(out, "(not in the knowledge base: id made from the name)")?;
    }
    let Some(db) = db else {
        writeln!(out, "no store: run `veille ingest` to count mentions")?;
        return Ok(());
    };
    let r = &v.store;
    writeln!(
        out,
        "mentions:  {} in {} documents ({db})",
        r.mentions, r.documents
    )?;
    if !r.forms.is_empty() {
        let forms: Vec<String> = r
            .forms
            .iter()
            .map(|f| format!("{} ({})", f.text, f.count))
            .collect();
        writeln!(out, "written:   {}", forms.join(", "))?;
    }
    for d in &r.docs {
        writeln!(
            out,
            "  doc {}  {}  {}  ({} mentions)",
            d.id,
            d.date.as_deref().unwrap_or("----------"),
            d.title.as_deref().unwrap_or("(untitled)"),
            d.mentions
        )?;
    }
    for p in &r.places {
        writeln!(
            out,
            "place:     {}, {} ({:.4}, {:.4}), {} [{}]",
            p.name,
            p.country.as_deref().unwrap_or("-"),
            p.lat,
            p.lon,
            p.precision.as_str(),
            p.place_id
        )?;
    }
    if !r.cooccurring.is_empty() {
        let with: Vec<String> = r
            .cooccurring
            .iter()
            .map(|c| {
                format!(
                    "{} ({})",
                    c.canonical.as_deref().unwrap_or("?"),
                    c.documents
                )
            })
            .collect();
        writeln!(out, "with:      {}", with.join(", "))?;
    }
    Ok(())
}

pub fn events(out: &mut impl Write, hits: &[veille_store::EventHit], json: bool) -> Result<()> {
    if hits.is_empty() && !json {
        writeln!(out, "no stored event matches")?;
    }
    for e in hits {
        if json {
            writeln!(out, "{}", serde_json::to_string(e)?)?;
            continue;
        }
        let who = |t: &Option<String>, c: &Option<String>| match (t, c) {
            (Some(t), Some(c)) => format!("{t} [{c}]"),
            (Some(t), None) => t.clone(),
            // Implied by the place: a code, no words.
            (None, Some(c)) => format!("[{c}]"),
            (None, None) => "?".to_string(),
        };
        writeln!(
            out,
            "{}  {} ({}) {}: {} -> {}{}  [{}]",
            e.date.as_deref().unwrap_or("----------"),
            e.event_type,
            e.cameo,
            e.trigger,
            who(&e.source, &e.source_code),
            who(&e.target, &e.target_code),
            match (&e.location, &e.place) {
                (Some(l), Some(p)) => format!(
                    " in {l} ({}, {}, {:.2} {:.2})",
                    p.name,
                    p.country.as_deref().unwrap_or("-"),
                    p.lat,
                    p.lon
                ),
                (Some(l), None) => format!(" in {l}"),
                _ => String::new(),
            },
            e.modality.as_str()
        )?;
        writeln!(out, "    « {} »", e.sentence.replace('\n', " "))?;
        writeln!(out, "    {} [{}]", e.source_doc, e.doc_id)?;
    }
    Ok(())
}

pub fn stories(out: &mut impl Write, rows: &[veille_app::StoryRow], json: bool) -> Result<()> {
    if json {
        for r in rows {
            writeln!(out, "{}", serde_json::to_string(r)?)?;
        }
        return Ok(());
    }
    if rows.is_empty() {
        writeln!(out, "no story (ingest documents first)")?;
        return Ok(());
    }
    writeln!(
        out,
        "{:<14} {:<10} {:<10} {:>4} {:>5}  label",
        "story", "first", "last", "docs", "indep"
    )?;
    for r in rows {
        let day = |d: &Option<String>| {
            d.as_deref()
                .map_or("-", |d| d.get(..10).unwrap_or(d))
                .to_string()
        };
        writeln!(
            out,
            "{:<14} {:<10} {:<10} {:>4} {:>5}  {}",
            r.id,
            day(&r.first_date),
            day(&r.last_date),
            r.documents,
            r.independent,
            r.label
        )?;
    }
    Ok(())
}
