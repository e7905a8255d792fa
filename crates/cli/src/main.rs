//! `veille`: a thin command layer over the library crates.

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::Write;
use std::path::PathBuf;
use veille_ingest::{IngestError, RawDoc};
use veille_store::{Put, SqliteStore, Store};

/// The analysis allocates many small strings (token forms, features,
/// lemmas); mimalloc serves them faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod eval;
mod feeds;
mod train;

/// veille: news intelligence from a stream of web copies.
#[derive(Parser)]
#[command(name = "veille", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse files or folders and print one JSON document per line (JSONL).
    Analyze {
        /// Files or folders (.txt, .jsonl, optionally .gz).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Include every token's byte span.
        #[arg(long)]
        tokens: bool,
        /// Pretty-print each document (not JSONL).
        #[arg(long)]
        pretty: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Extract articles from web pages (and any readable file): one JSON object
    /// per document with source, url, title, author, date, lang, text.
    Extract {
        /// Files or folders (.html, .htm, .warc, also .txt and .jsonl; optionally .gz).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Analyse files or folders and store them (same content stored once);
    /// with --feeds, poll RSS/Atom feeds over HTTP(S) and store the
    /// articles they link.
    Ingest {
        /// Files or folders (.txt, .jsonl, .html, .warc, feeds; optionally .gz).
        #[arg(required_unless_present = "feeds")]
        paths: Vec<PathBuf>,
        /// A file listing feed URLs, one per line: each feed is fetched
        /// (conditionally, after the first time), and each new article it
        /// links is fetched, extracted and stored. robots.txt is obeyed.
        #[arg(long)]
        feeds: Option<PathBuf>,
        #[command(flatten)]
        fetch: feeds::FetchArgs,
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Search stored documents, best first, with a snippet: by words, by
    /// named entity, or both.
    Search {
        /// Words to find (all must match; accents ignored; "quoted phrase",
        /// a OR b, prefix*, -excluded).
        #[arg(required_unless_present = "entity")]
        query: Vec<String>,
        /// Only documents mentioning this entity (case and accents ignored).
        #[arg(long, short = 'e')]
        entity: Option<String>,
        /// With --entity: only mentions of this type (PER, LOC, ORG, MISC, EVENT, PRODUCT).
        #[arg(long = "type", short = 't')]
        label: Option<String>,
        /// How many results.
        #[arg(long, short = 'n', default_value_t = 10)]
        limit: usize,
        /// One JSON object per hit.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// One entity: identity, aliases, actor code, mentions, documents and the
    /// entities it appears with (any spelling: "Putin", "Poutine", "Путин").
    Entity {
        name: String,
        /// How many documents and co-occurring entities to list.
        #[arg(long, short = 'n', default_value_t = 10)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Quotes in the store, by speaker (any spelling or role: "Poutine",
    /// "Putin", "le président russe" all find Vladimir Poutine's quotes).
    Quotes {
        /// The speaker's name.
        #[arg(long)]
        speaker: String,
        #[arg(long, short = 'n', default_value_t = 20)]
        limit: usize,
        /// One JSON object per quote.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Print one stored document as JSON (an id prefix is enough).
    Show {
        id: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Score a stage against gold data: a table, then one JSON line.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Train a model from gold data (see README: retraining the shipped models).
    #[command(subcommand)]
    Train(train::TrainCommand),
}

#[derive(Args)]
struct DbArgs {
    /// The store (SQLite file; created if missing).
    #[arg(long, default_value = "veille.db", env = "VEILLE_DB")]
    db: PathBuf,
}

#[derive(Args)]
struct ReadArgs {
    /// Largest document read, in bytes (files and JSONL lines).
    #[arg(long, default_value_t = 32 * 1024 * 1024)]
    max_bytes: u64,
}

impl ReadArgs {
    fn options(&self) -> veille_ingest::Options {
        veille_ingest::Options {
            max_bytes: self.max_bytes,
        }
    }
}

fn main() {
    // `veille … | head` ends quietly when the reader goes away, like other
    // Unix tools, instead of failing on a closed pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of one signal at start-up,
    // before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze {
            paths,
            tokens,
            pretty,
            read,
        } => analyze(&paths, tokens, pretty, &read),
        Command::Ingest {
            paths,
            feeds,
            fetch,
            db,
            read,
        } => ingest_all(&paths, feeds.as_deref(), &fetch, &db, &read),
        Command::Extract { paths, read } => extract(&paths, &read),
        Command::Search {
            query,
            entity,
            label,
            limit,
            json,
            db,
        } => {
            let text = Some(query.join(" ")).filter(|q| !q.trim().is_empty());
            let label = label.map(|l| l.to_uppercase());
            let entity_id = entity
                .as_deref()
                .and_then(|e| veille_kb::linker().lookup(e))
                .map(|e| e.id.clone());
            search(
                veille_store::SearchQuery {
                    text: text.as_deref().map(veille_store::TextQuery::parse),
                    entity,
                    entity_id,
                    label,
                    limit,
                },
                json,
                &db,
            )
        }
        Command::Show { id, db } => show(&id, &db),
        Command::Quotes {
            speaker,
            limit,
            json,
            db,
        } => quotes(&speaker, limit, json, &db),
        Command::Entity {
            name,
            limit,
            json,
            db,
        } => entity(&name, limit, json, &db),
        Command::Eval(c) => eval::run(c),
        Command::Train(c) => train::run(c),
    };
    if let Err(e) = result {
        // Broken pipe (e.g. `| head`) is not an error worth a message.
        if e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        {
            std::process::exit(0);
        }
        eprintln!("error: {}", message(&e));
        std::process::exit(1);
    }
}

/// An error and its causes on one line, each cause said once (library
/// errors often already quote their source in their own message).
fn message(e: &anyhow::Error) -> String {
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

fn progress(total: u64, what: &str) -> ProgressBar {
    let pb = ProgressBar::new(total);
    pb.set_style(
        ProgressStyle::with_template(
            "{spinner} {msg} [{bar:30}] {pos}/{len} files ({per_sec}, {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

/// Reads all paths, calling `each` per document; reports skipped inputs on
/// stderr. Returns (documents, skipped).
fn read_each(
    paths: &[PathBuf],
    read: &ReadArgs,
    what: &str,
    mut each: impl FnMut(RawDoc) -> Result<()>,
) -> Result<(usize, Vec<IngestError>)> {
    let files = veille_ingest::expand(paths);
    let pb = progress(files.len() as u64, what);
    let opts = read.options();
    let mut docs = 0usize;
    let mut skipped = Vec::new();
    let mut failure: Option<anyhow::Error> = None;
    for f in files {
        match f {
            Ok(path) => veille_ingest::read_file(&path, &opts, &mut |r| match r {
                Ok(raw) => {
                    for w in &raw.warnings {
                        pb.suspend(|| eprintln!("warning: {}: {w}", raw.source));
                    }
                    docs += 1;
                    if failure.is_none() {
                        if let Err(e) = each(raw) {
                            failure = Some(e);
                        }
                    }
                }
                Err(e) => {
                    pb.suspend(|| eprintln!("skipped: {e}"));
                    skipped.push(e);
                }
            }),
            Err(e) => {
                pb.suspend(|| eprintln!("skipped: {e}"));
                skipped.push(e);
            }
        }
        if let Some(e) = failure {
            pb.finish_and_clear();
            return Err(e);
        }
        pb.inc(1);
    }
    pb.finish_and_clear();
    Ok((docs, skipped))
}

/// Reads every input and lets `write` print one line per document to
/// stdout; an error if nothing at all could be read.
fn each_to_stdout(
    paths: &[PathBuf],
    read: &ReadArgs,
    what: &str,
    mut write: impl FnMut(RawDoc, &mut dyn Write) -> Result<()>,
) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (docs, skipped) = read_each(paths, read, what, |raw| {
        write(raw, &mut out)?;
        out.write_all(b"\n")?;
        Ok(())
    })?;
    out.flush()?;
    if docs == 0 {
        bail!(
            "no document could be read ({} input(s) skipped)",
            skipped.len()
        );
    }
    Ok(())
}

fn analyze(paths: &[PathBuf], tokens: bool, pretty: bool, read: &ReadArgs) -> Result<()> {
    let opts = veille_pipeline::Options {
        keep_tokens: tokens,
        ..Default::default()
    };
    each_to_stdout(paths, read, "analysing", |raw, out| {
        let doc = veille_pipeline::analyze(&raw, &opts);
        if pretty {
            serde_json::to_writer_pretty(out, &doc)?;
        } else {
            serde_json::to_writer(out, &doc)?;
        }
        Ok(())
    })
}

fn ingest_all(
    paths: &[PathBuf],
    feeds: Option<&std::path::Path>,
    fetch: &feeds::FetchArgs,
    db: &DbArgs,
    read: &ReadArgs,
) -> Result<()> {
    if !paths.is_empty() {
        ingest(paths, db, read)?;
    }
    if let Some(list) = feeds {
        let mut store = SqliteStore::open(&db.db)?;
        let report = feeds::ingest(list, &mut store, fetch.options(read.options().max_bytes))?;
        report.print();
        let stats = store.stats()?;
        println!(
            "store {}: {} documents from {} sources",
            db.db.display(),
            stats.documents,
            stats.sources
        );
        if report.feeds_failed == report.feeds {
            bail!("no feed could be read");
        }
    }
    Ok(())
}

fn ingest(paths: &[PathBuf], db: &DbArgs, read: &ReadArgs) -> Result<()> {
    let mut store = SqliteStore::open(&db.db)?;
    let opts = veille_pipeline::Options::default();
    let mut batch = Vec::with_capacity(256);
    let (mut inserted, mut duplicates) = (0usize, 0usize);
    let mut flush =
        |batch: &mut Vec<veille_core::Document>, store: &mut SqliteStore| -> Result<()> {
            for p in store.put_all(batch)? {
                match p {
                    Put::Inserted => inserted += 1,
                    Put::Duplicate => duplicates += 1,
                }
            }
            batch.clear();
            Ok(())
        };
    let (docs, skipped) = read_each(paths, read, "ingesting", |raw| {
        batch.push(veille_pipeline::analyze(&raw, &opts));
        if batch.len() >= 256 {
            flush(&mut batch, &mut store)?;
        }
        Ok(())
    })?;
    flush(&mut batch, &mut store)?;
    let stats = store.stats()?;
    println!("documents read:   {docs}");
    println!("stored (new):     {inserted}");
    println!("already stored:   {duplicates}");
    println!("skipped inputs:   {}", skipped.len());
    let mut reasons: std::collections::BTreeMap<&str, usize> = Default::default();
    for s in &skipped {
        *reasons.entry(s.reason()).or_default() += 1;
    }
    for (r, n) in reasons {
        println!("  {r}: {n}");
    }
    println!(
        "store {}: {} documents from {} sources",
        db.db.display(),
        stats.documents,
        stats.sources
    );
    if docs == 0 && !skipped.is_empty() {
        bail!("no document could be read");
    }
    Ok(())
}

fn search(query: veille_store::SearchQuery, json: bool, db: &DbArgs) -> Result<()> {
    if !db.db.exists() {
        bail!(
            "no store at {} (run `veille ingest` first, or pass --db)",
            db.db.display()
        );
    }
    let store = SqliteStore::open(&db.db)?;
    let hits = store.search(&query)?;
    let what = match (&query.text, &query.entity) {
        (Some(t), Some(e)) => format!("{:?} with entity {e:?}", t.to_string()),
        (Some(t), None) => format!("{:?}", t.to_string()),
        (None, Some(e)) => format!("entity {e:?}"),
        (None, None) => String::new(),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if hits.is_empty() && !json {
        writeln!(out, "no document matches {what}")?;
    }
    for (i, h) in hits.iter().enumerate() {
        if json {
            let v = serde_json::json!({"rank": i + 1, "id": h.id, "score": (h.score * 1000.0).round() / 1000.0, "title": h.title, "date": h.date, "lang": h.lang, "source": h.source, "snippet": h.snippet});
            writeln!(out, "{v}")?;
        } else {
            let title = h.title.clone().unwrap_or_else(|| "(untitled)".into());
            writeln!(
                out,
                "{:>2}. {}  {:.2}  {}  {}",
                i + 1,
                &h.id,
                h.score,
                h.date.as_deref().unwrap_or("----------"),
                title
            )?;
            writeln!(out, "    {}", h.snippet.replace('\n', " "))?;
            writeln!(out, "    {}", h.source)?;
        }
    }
    Ok(())
}

fn show(id: &str, db: &DbArgs) -> Result<()> {
    if !db.db.exists() {
        bail!(
            "no store at {} (run `veille ingest` first, or pass --db)",
            db.db.display()
        );
    }
    let store = SqliteStore::open(&db.db)?;
    let doc = store
        .get(id)?
        .with_context(|| format!("no stored document with id {id:?}"))?;
    let mut v = serde_json::to_value(&doc)?;
    v["sources"] = serde_json::to_value(store.sources(&doc.id)?)?;
    println!("{}", serde_json::to_string_pretty(&v)?);
    Ok(())
}

fn quotes(speaker: &str, limit: usize, json: bool, db: &DbArgs) -> Result<()> {
    if !db.db.exists() {
        bail!(
            "no store at {} (run `veille ingest` first)",
            db.db.display()
        );
    }
    let store = SqliteStore::open(&db.db)?;
    let id = veille_kb::linker().lookup(speaker).map(|e| e.id.clone());
    let hits = store.quotes_by(speaker, id.as_deref(), limit)?;
    if hits.is_empty() && !json {
        println!("no quotes by {speaker:?} in {}", db.db.display());
    }
    for h in hits {
        if json {
            println!(
                "{}",
                serde_json::json!({
                    "doc_id": h.doc_id, "source": h.source, "title": h.title, "date": h.date,
                    "kind": h.kind, "cue": h.cue, "speaker": h.speaker,
                    "speaker_name": h.speaker_name, "text": h.text,
                })
            );
        } else {
            println!(
                "{} ({}{}) — {}: « {} »",
                h.speaker_name
                    .as_deref()
                    .or(h.speaker.as_deref())
                    .unwrap_or("?"),
                h.title.as_deref().unwrap_or(&h.source),
                h.date
                    .as_deref()
                    .map(|d| format!(", {d}"))
                    .unwrap_or_default(),
                h.cue.as_deref().unwrap_or(&h.kind),
                h.text
            );
            println!("    {} [{}]", h.source, &h.doc_id);
        }
    }
    Ok(())
}

fn entity(name: &str, limit: usize, json: bool, db: &DbArgs) -> Result<()> {
    let kb = veille_kb::linker().lookup(name);
    let store = if db.db.exists() {
        Some(SqliteStore::open(&db.db)?)
    } else {
        None
    };
    let id = match (kb, &store) {
        (Some(e), _) => e.id.clone(),
        (None, Some(s)) => s.entity_id_of(name)?.with_context(|| {
            format!(
                "no entity named {name:?} in the knowledge base or in {}",
                db.db.display()
            )
        })?,
        (None, None) => bail!(
            "no entity named {name:?} in the knowledge base, and no store at {}",
            db.db.display()
        ),
    };
    let report = match &store {
        Some(s) => Some(s.entity_report(&id, limit)?),
        None => None,
    };
    let today = None;
    let kb_code = kb.map(|e| match e.kind {
        veille_kb::link::Kind::Person => veille_kb::link::person_code(e, today),
        _ => e.code.clone(),
    });
    if json {
        let v = serde_json::json!({
            "id": id,
            "canonical": kb.map(|e| e.canonical.clone()).or_else(|| report.as_ref().and_then(|r| r.canonical.clone())),
            "kind": kb.map(|e| format!("{:?}", e.kind).to_lowercase()),
            "code": kb_code.clone().flatten().or_else(|| report.as_ref().and_then(|r| r.code.clone())),
            "aliases": kb.map(|e| e.aliases.clone()).unwrap_or_default(),
            "offices": kb.map(|e| e.offices.iter().map(|o| serde_json::json!({"role": o.role, "of": o.of, "from": o.from, "to": o.to})).collect::<Vec<_>>()).unwrap_or_default(),
            "store": report,
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    let canonical = kb
        .map(|e| e.canonical.clone())
        .or_else(|| report.as_ref().and_then(|r| r.canonical.clone()))
        .unwrap_or_else(|| name.to_string());
    println!("{canonical}  [{id}]");
    if let Some(e) = kb {
        println!("kind:      {}", format!("{:?}", e.kind).to_lowercase());
        if let Some(Some(c)) = &kb_code {
            println!("code:      {c} (current)");
        }
        println!("aliases:   {}", e.aliases.join(" | "));
        for o in &e.offices {
            println!(
                "office:    {} of {} from {} to {}",
                o.role,
                o.of,
                o.from.as_deref().unwrap_or("?"),
                o.to.as_deref().unwrap_or("now")
            );
        }
    } else {
        println!("(not in the knowledge base: id made from the name)");
    }
    match report {
        None => println!(
            "no store at {}: run `veille ingest` to count mentions",
            db.db.display()
        ),
        Some(r) => {
            println!("mentions:  {} in {} documents", r.mentions, r.documents);
            if !r.forms.is_empty() {
                println!(
                    "written:   {}",
                    r.forms
                        .iter()
                        .map(|f| format!("{} ({})", f.text, f.count))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            for d in &r.docs {
                println!(
                    "  doc {}  {}  {}  ({} mentions)",
                    &d.id,
                    d.date.as_deref().unwrap_or("----------"),
                    d.title.as_deref().unwrap_or("(untitled)"),
                    d.mentions
                );
            }
            if !r.cooccurring.is_empty() {
                println!(
                    "with:      {}",
                    r.cooccurring
                        .iter()
                        .map(|c| format!(
                            "{} ({})",
                            c.canonical.as_deref().unwrap_or("?"),
                            c.documents
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
    }
    Ok(())
}

fn extract(paths: &[PathBuf], read: &ReadArgs) -> Result<()> {
    each_to_stdout(paths, read, "extracting", |raw, out| {
        let (page, cleaned) = veille_pipeline::main_text(&raw);
        let f = veille_pipeline::fields(&raw, page.as_ref(), &cleaned);
        let v = serde_json::json!({
            "source": raw.source,
            "url": raw.url.clone().or_else(|| page.as_ref().and_then(|a| a.canonical.clone())),
            "title": f.title,
            "author": f.author,
            "date": f.date.map(|d| d.value),
            "lang": cleaned.lang.as_ref().map(|l| l.lang),
            "text": cleaned.text,
        });
        serde_json::to_writer(out, &v)?;
        Ok(())
    })
}
