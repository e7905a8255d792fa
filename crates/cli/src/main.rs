//! `veille`: a thin command layer over the service layer (`veille-app`):
//! arguments in, calls, printing out.

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use veille_app::{ReadOptions, Veille};
use veille_core::EntityLabel;

/// The analysis allocates many small strings (token forms, features,
/// lemmas); mimalloc serves them faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod eval;
mod fetch;
mod print;
mod train;

/// veille: news intelligence from a stream of web copies.
#[derive(Parser)]
#[command(name = "veille", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// How diagnostics are written to stderr: text for people, json (one
    /// object per line: time, level, message, fields) for log collectors.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// What the store holds: counts of documents, sources, mentions,
    /// actors, quotes, times, events, copies and stories, its size on
    /// disk, the fetch queue, and the latest ingest runs with their speed
    /// and time per stage.
    Stats {
        /// Ingest runs shown, newest first.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArgs,
    },
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
        /// Threads analysing documents (0: every core); documents are
        /// stored in reading order whatever the number.
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Documents stored per transaction: a crash loses at most the
        /// batch under way, and a re-run stores what is missing.
        #[arg(long, default_value_t = veille_app::BATCH)]
        batch: usize,
        #[command(flatten)]
        fetch: fetch::FetchArgs,
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
        label: Option<EntityLabel>,
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
    /// Stored events (who did what to whom), newest first, with their
    /// evidence sentence: by actor or target under any spelling, type,
    /// modality and date.
    Events {
        #[command(flatten)]
        filters: EventFilters,
        #[arg(long, short = 'n', default_value_t = 20)]
        limit: usize,
        /// One JSON object per event.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Story clusters built at ingest, the latest first: id, label, first
    /// and last date, documents, independent sources (distinct originals
    /// on distinct sites; copies do not count).
    Stories {
        #[arg(long, short = 'n', default_value_t = 20)]
        limit: usize,
        /// One JSON object per story.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Write stored data out for other tools.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Print one stored document as JSON (an id prefix is enough), with its
    /// sources, the original it copies and the copies of its group
    /// (relation, similarity, evidence), its first-person spin flag and its
    /// story.
    Show {
        id: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Serve the JSON API (documented at /api/openapi.json) and the web
    /// pages over a store. Read-only unless a token is given; writes
    /// (ingest) then need `Authorization: Bearer TOKEN`.
    Serve {
        /// Where to listen (loopback unless told otherwise).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// The write token.
        #[arg(long, env = "VEILLE_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// A file listing feed URLs (one per line) to poll in the
        /// background; GET /api/feeds reports each feed's last poll.
        #[arg(long)]
        feeds: Option<PathBuf>,
        /// How often the feeds are polled: 90s, 15m, 2h, 1d.
        #[arg(long, default_value = "15m", value_parser = veille_serve::monitor::parse_every)]
        every: std::time::Duration,
        /// Read-only store connections serving requests side by side.
        #[arg(long, default_value_t = veille_serve::READERS)]
        readers: usize,
        #[command(flatten)]
        fetch: fetch::FetchArgs,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Score a stage against gold data: a table, then one JSON line.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Measure: `bench serve` loads the HTTP server.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Train a model from gold data (see README: retraining the shipped models).
    #[command(subcommand)]
    Train(train::TrainCommand),
}

/// The filters of `veille events` and `veille export events`.
#[derive(Args)]
struct EventFilters {
    /// The source (actor) of the events: a name in any spelling.
    #[arg(long)]
    actor: Option<String>,
    /// The target of the events: a name in any spelling.
    #[arg(long)]
    target: Option<String>,
    /// A PLOVER type (ASSAULT, CONSULT, ...).
    #[arg(long = "type", value_parser = parse_event_type)]
    event_type: Option<veille_core::EventType>,
    /// asserted, negated, future, hypothetical or reported.
    #[arg(long, value_parser = parse_modality)]
    modality: Option<veille_core::Modality>,
    /// Events on or after this date (ISO, any precision).
    #[arg(long)]
    since: Option<String>,
    /// Events up to this date (ISO, any precision).
    #[arg(long)]
    until: Option<String>,
    /// Where: the location as written ("Pékin"), the place's gazetteer
    /// name ("Beijing"), its id ("geonames:1816670") or a country code (CHN).
    #[arg(long)]
    place: Option<String>,
}

impl EventFilters {
    fn query(self, limit: usize) -> veille_store::EventQuery {
        veille_store::EventQuery {
            actor: self.actor,
            target: self.target,
            event_type: self.event_type,
            modality: self.modality,
            since: self.since,
            until: self.until,
            place: self.place,
            limit,
            ..Default::default()
        }
    }
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Fill a store with N synthetic analysed documents (kept for the next
    /// run), serve it on loopback, run C concurrent clients for S seconds
    /// against the search, document, entity and events endpoints, and
    /// print requests/s and p50/p99 latency per endpoint (a table, then
    /// one JSON line).
    Serve {
        /// Documents in the store.
        #[arg(long, default_value_t = 100_000)]
        docs: usize,
        /// Concurrent clients.
        #[arg(long, default_value_t = 8)]
        clients: usize,
        /// How long the clients run.
        #[arg(long, default_value_t = 20.0)]
        seconds: f64,
        /// Read-only store connections on the server.
        #[arg(long, default_value_t = veille_serve::READERS)]
        readers: usize,
        /// The synthetic store (created or topped up to --docs).
        #[arg(long, default_value = "veille-bench.db")]
        db: String,
    },
    /// Stream N synthetic French and English articles (web pages and
    /// text records, with reposts, partial copies and stories among them)
    /// through the whole ingest path into a fresh store, once per thread
    /// count, and print documents/s, tokens/s, time per stage, peak
    /// memory and store size, then the speed-up over the first count.
    Ingest {
        /// Documents per run.
        #[arg(long, default_value_t = 10_000)]
        docs: usize,
        /// Thread counts to run, comma-separated (0: every core).
        #[arg(long, value_delimiter = ',', default_value = "1,0")]
        threads: Vec<usize>,
        /// Where each run stores: a file path (suffixed -tN per thread
        /// count when several are run; an existing file is replaced) or
        /// postgres://… (one thread count only; the database must be empty).
        #[arg(long, default_value = "veille-bench-ingest.db")]
        db: String,
        /// Seed of the synthetic stream.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Add to the store at --db instead of starting afresh (measures
        /// ingest into a large store; use another --seed for new articles).
        #[arg(long)]
        append: bool,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Every stored event matching the filters (all of them without any),
    /// oldest document first, one per line, to stdout or --out.
    ///
    /// Formats: jsonl (one JSON object per event: document id, url, title
    /// and date, then type, mode, context, CAMEO code, trigger, source,
    /// target, location with its place on the map when known, date,
    /// modality, reporter, sentence, confidence); csv (a header, then one
    /// flat row per event); plover (PLOVER JSON records: id, date,
    /// source/target as {actorText, code, sector}, event, eventText, mode,
    /// context, eventLoc, text, language, plus modality); gdelt
    /// (tab-separated, a header, GDELT 1.0/2.0 event column names:
    /// GlobalEventID is veille's stable id DOCID-INDEX, a string; Day is
    /// the event's day, else the publication day; country codes are ISO
    /// 3166 alpha-3, not GDELT's FIPS codes; QuadClass from the CAMEO root;
    /// GoldsteinScale from the published scale; NumMentions is the number
    /// of sources the document was seen at; IsRootEvent is 1 for an event
    /// of the document's first sentence; Modality is veille's own last
    /// column). Every format gives an event the same id: DOCID-INDEX.
    Events {
        /// jsonl, csv, plover or gdelt.
        #[arg(long, value_parser = parse_export_format)]
        format: veille_app::export::ExportFormat,
        #[command(flatten)]
        filters: EventFilters,
        /// Write to this file instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Every stored document, oldest first, one JSON object per line: id,
    /// url, sources (how many places it was seen at), source, title, date,
    /// lang, copy_of ({"id", "relation", "similarity"} of its original
    /// when it is a copy, else null) and story (null: stories are not
    /// built yet).
    Documents {
        /// jsonl (the only format).
        #[arg(long, default_value = "jsonl", value_parser = ["jsonl"])]
        format: String,
        /// Write to this file instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Args)]
struct DbArgs {
    /// The store: a SQLite file (created if missing) or sqlite://path.
    #[arg(long, default_value = "veille.db", env = "VEILLE_DB")]
    db: String,
}

#[derive(Args)]
struct ReadArgs {
    /// Largest document read, in bytes (files and JSONL lines).
    #[arg(long, default_value_t = 32 * 1024 * 1024)]
    max_bytes: u64,
}

impl ReadArgs {
    fn options(&self) -> ReadOptions {
        ReadOptions {
            max_bytes: self.max_bytes,
        }
    }
}

fn parse_event_type(s: &str) -> Result<veille_core::EventType, String> {
    veille_core::EventType::parse(s)
        .ok_or_else(|| format!("{s:?} is not a PLOVER type (ASSAULT, CONSULT, ...)"))
}

fn parse_export_format(s: &str) -> Result<veille_app::export::ExportFormat, String> {
    s.parse()
}

fn parse_modality(s: &str) -> Result<veille_core::Modality, String> {
    serde_json::from_value(serde_json::Value::String(s.to_lowercase()))
        .map_err(|_| format!("{s:?}: asserted, negated, future, hypothetical or reported"))
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
    let json = cli.log_format == LogFormat::Json;
    if json {
        // Progress, batches and runs as info events; warnings and skipped
        // inputs as warn events.
        print::JSON_LOGS.store(true, std::sync::atomic::Ordering::Relaxed);
        tracing_subscriber::fmt()
            .json()
            .with_writer(std::io::stderr)
            .with_max_level(tracing::Level::INFO)
            .with_current_span(false)
            .init();
    } else {
        tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_max_level(tracing::Level::WARN)
            .without_time()
            .with_target(false)
            .with_level(false)
            .with_ansi(false)
            .init();
    }
    if let Err(e) = run(cli.command) {
        // Broken pipe (e.g. `| head`) is not an error worth a message.
        if e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        {
            std::process::exit(0);
        }
        if json {
            tracing::error!(error = %print::message(&e), "veille failed");
        } else {
            eprintln!("error: {}", print::message(&e));
        }
        std::process::exit(1);
    }
}

fn run(command: Command) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match command {
        Command::Analyze {
            paths,
            tokens,
            pretty,
            read,
        } => {
            let pipeline = veille_pipeline::Pipeline::builtin()?;
            let opts = veille_pipeline::Options {
                keep_tokens: tokens,
                ..Default::default()
            };
            let mut progress = print::Progress::new("analysing");
            let mut failure = None;
            veille_app::analyze::analyze(
                &pipeline,
                &paths,
                &read.options(),
                &opts,
                &mut progress,
                &mut |d| print::json_line(&mut out, &d, pretty, &mut failure),
            )?;
            failure.map_or(Ok(()), Err)?;
        }
        Command::Stats { runs, json, db } => {
            let v = Veille::open_existing(&db.db)?;
            let status = v.status(runs)?;
            if json {
                print::json_line(&mut out, &status, false, &mut None);
            } else {
                print::status(&mut out, &status, &db.db)?;
            }
        }
        Command::Extract { paths, read } => {
            let mut progress = print::Progress::new("extracting");
            let mut failure = None;
            veille_app::analyze::extract(&paths, &read.options(), &mut progress, &mut |x| {
                print::json_line(&mut out, &x, false, &mut failure)
            })?;
            failure.map_or(Ok(()), Err)?;
        }
        Command::Ingest {
            paths,
            feeds,
            threads,
            batch,
            fetch,
            db,
            read,
        } => {
            let mut v = Veille::open(&db.db)?;
            v.set_threads(threads);
            v.set_batch(batch);
            if !paths.is_empty() {
                let mut progress = print::Progress::new("ingesting");
                let r = v.ingest(&paths, &read.options(), &mut progress)?;
                print::ingest(&mut out, &r, &db.db)?;
            }
            if let Some(list) = feeds {
                let urls = veille_app::feeds::read_list(&list)?;
                let opts = fetch.options(read.max_bytes);
                let r = v.poll_feeds(&urls, opts, &mut print::Progress::new("polling"))?;
                print::feeds(&mut out, &r, &db.db)?;
            }
        }
        Command::Search {
            query,
            entity,
            label,
            limit,
            json,
            db,
        } => {
            let text = Some(query.join(" ")).filter(|q| !q.trim().is_empty());
            let v = Veille::open_existing(&db.db)?;
            let hits = v.search(text.as_deref(), entity.as_deref(), label, limit)?;
            print::hits(&mut out, &hits, text.as_deref(), entity.as_deref(), json)?;
        }
        Command::Stories { limit, json, db } => {
            let rows = Veille::open_existing(&db.db)?.stories(limit)?;
            print::stories(&mut out, &rows, json)?;
        }
        Command::Serve {
            addr,
            token,
            feeds,
            every,
            readers,
            fetch,
            db,
        } => {
            let mut config = veille_serve::ServeConfig::new(&db.db, addr);
            config.token = token;
            config.every = every;
            config.readers = readers;
            config.fetch = fetch.options(32 * 1024 * 1024);
            if let Some(list) = feeds {
                config.feeds = veille_app::feeds::read_list(&list)?;
            }
            tokio::runtime::Runtime::new()?.block_on(veille_serve::serve(config))?;
        }
        Command::Show { id, db } => {
            let view = Veille::open_existing(&db.db)?.show(&id)?;
            writeln!(out, "{}", serde_json::to_string_pretty(&view)?)?;
        }
        Command::Quotes {
            speaker,
            limit,
            json,
            db,
        } => {
            let hits = Veille::open_existing(&db.db)?.quotes(&speaker, limit)?;
            print::quotes(&mut out, &hits, &speaker, &db.db, json)?;
        }
        Command::Entity {
            name,
            limit,
            json,
            db,
        } => {
            // Without a store the knowledge base still answers.
            let (v, stored) = match Veille::open_existing(&db.db) {
                Ok(v) => (v, true),
                Err(veille_app::AppError::NoStore(_)) => (Veille::open(":memory:")?, false),
                Err(e) => return Err(e.into()),
            };
            let view = v.entity(&name, limit)?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&view)?)?;
            } else {
                print::entity(&mut out, &view, stored.then_some(db.db.as_str()))?;
            }
        }
        Command::Events {
            filters,
            limit,
            json,
            db,
        } => {
            let hits = Veille::open_existing(&db.db)?.events(filters.query(limit))?;
            print::events(&mut out, &hits, json)?;
        }
        Command::Export(ExportCommand::Events {
            format,
            filters,
            out: file,
            db,
        }) => {
            let v = Veille::open_existing(&db.db)?;
            let q = filters.query(usize::MAX);
            let n = match &file {
                Some(path) => {
                    let f = std::fs::File::create(path)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    v.export_events(q, format, std::io::BufWriter::new(f))?
                }
                None => v.export_events(q, format, &mut out)?,
            };
            let to = file.map_or("stdout".to_string(), |p| p.display().to_string());
            eprintln!("{n} events exported as {format} to {to}");
        }
        Command::Export(ExportCommand::Documents {
            format: _,
            out: file,
            db,
        }) => {
            let v = Veille::open_existing(&db.db)?;
            let n = match &file {
                Some(path) => {
                    let f = std::fs::File::create(path)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    v.export_documents(std::io::BufWriter::new(f))?
                }
                None => v.export_documents(&mut out)?,
            };
            let to = file.map_or("stdout".to_string(), |p| p.display().to_string());
            eprintln!("{n} documents exported as jsonl to {to}");
        }
        Command::Eval(c) => eval::run(c)?,
        Command::Bench(BenchCommand::Serve {
            docs,
            clients,
            seconds,
            readers,
            db,
        }) => bench_serve(&mut out, docs, clients, seconds, readers, &db)?,
        Command::Bench(BenchCommand::Ingest {
            docs,
            threads,
            db,
            seed,
            append,
        }) => bench_ingest(&mut out, docs, &threads, &db, seed, append)?,
        Command::Train(c) => train::run(c)?,
    }
    out.flush()?;
    Ok(())
}

/// `veille bench ingest`.
fn bench_ingest(
    out: &mut impl Write,
    docs: usize,
    threads: &[usize],
    db: &str,
    seed: u64,
    append: bool,
) -> Result<()> {
    anyhow::ensure!(docs > 0, "--docs must be at least 1");
    anyhow::ensure!(!threads.is_empty(), "--threads needs at least one count");
    anyhow::ensure!(
        !append || threads.len() == 1,
        "--append adds to one store: give one thread count"
    );
    let server = db.contains("://") && !db.starts_with("sqlite://");
    anyhow::ensure!(
        !server || threads.len() == 1,
        "a database server holds one run: give one thread count with {db}"
    );
    let mut runs = Vec::new();
    for &t in threads {
        let t = if t == 0 {
            veille_app::default_threads()
        } else {
            t
        };
        let locator = if threads.len() > 1 {
            format!("{db}-t{t}")
        } else {
            db.to_string()
        };
        if !server && !append {
            let path = locator.strip_prefix("sqlite://").unwrap_or(&locator);
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{path}{suffix}"));
            }
        }
        let bar = indicatif::ProgressBar::new(docs as u64);
        let f = veille_app::bench::ingest(&locator, docs, t, seed, &mut |n| {
            bar.set_position(n as u64)
        })?;
        bar.finish_and_clear();
        writeln!(
            out,
            "{} thread(s): {} documents in {:.1} s = {:.1} documents/s, {:.0} tokens/s; peak RSS {} MB; store {:.0} MB ({} new, {} copies, {} stories)",
            f.threads,
            f.docs,
            f.seconds,
            f.docs_per_second,
            f.tokens_per_second,
            f.peak_rss_mb.map_or("?".into(), |m| format!("{m:.0}")),
            f.store_mb,
            f.inserted,
            f.copies,
            f.stories
        )?;
        let total: f64 = f.stages.0.values().sum();
        let stages: Vec<String> = f
            .stages
            .0
            .iter()
            .map(|(s, secs)| {
                format!(
                    "{} {:.0}%",
                    print::stage_name(*s),
                    100.0 * secs / total.max(1e-9)
                )
            })
            .collect();
        writeln!(out, "  time per stage: {}", stages.join(", "))?;
        out.flush()?;
        runs.push(f);
    }
    if let [first, .., last] = runs.as_slice() {
        writeln!(
            out,
            "speed-up {} → {} threads: {:.2}×",
            first.threads,
            last.threads,
            last.docs_per_second / first.docs_per_second.max(1e-9)
        )?;
    }
    writeln!(out, "{}", serde_json::json!({ "runs": runs }))?;
    Ok(())
}

/// `veille bench serve`.
fn bench_serve(
    out: &mut impl Write,
    docs: usize,
    clients: usize,
    seconds: f64,
    readers: usize,
    db: &str,
) -> Result<()> {
    anyhow::ensure!(docs > 0, "--docs must be at least 1");
    let t = std::time::Instant::now();
    let mut store = veille_store::open(db)?;
    let bar = indicatif::ProgressBar::new(docs as u64);
    let added =
        veille_serve::bench::fill(store.as_mut(), docs, &mut |n| bar.set_position(n as u64))?;
    bar.finish_and_clear();
    drop(store);
    eprintln!(
        "store {}: {docs} documents ({added} generated in {:.1} s)",
        veille_store::redact(db),
        t.elapsed().as_secs_f64()
    );
    let rt = tokio::runtime::Runtime::new()?;
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?;
    let mut config = veille_serve::ServeConfig::new(db, addr);
    config.readers = readers;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = rt.spawn(veille_serve::serve_on(listener, config, async {
        let _ = stopped.await;
    }));
    let base = format!("http://{addr}");
    // Wait until it answers.
    let agent = ureq::AgentBuilder::new().build();
    let ready = std::time::Instant::now();
    while agent.get(&format!("{base}/api/health")).call().is_err() {
        anyhow::ensure!(
            ready.elapsed().as_secs() < 60,
            "the server did not answer on {base}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let figures = veille_serve::bench::load(&base, docs, clients, seconds);
    let _ = stop.send(());
    rt.block_on(server)??;
    writeln!(
        out,
        "{:<10} {:>9} {:>7} {:>9} {:>9} {:>9} {:>9}",
        "endpoint", "requests", "errors", "req/s", "p50 ms", "p99 ms", "max ms"
    )?;
    for (name, f) in &figures {
        writeln!(
            out,
            "{:<10} {:>9} {:>7} {:>9.1} {:>9.2} {:>9.2} {:>9.2}",
            name, f.requests, f.errors, f.per_second, f.p50_ms, f.p99_ms, f.max_ms
        )?;
    }
    writeln!(
        out,
        "{}",
        serde_json::json!({
            "docs": docs, "clients": clients, "seconds": seconds, "readers": readers,
            "endpoints": figures,
        })
    )?;
    Ok(())
}
