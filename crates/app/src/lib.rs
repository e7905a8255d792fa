//! The service layer: what veille does for a user, as functions returning
//! typed, serialisable results. The `veille` command and the HTTP server
//! are thin layers over it: they parse arguments or requests, call a
//! [`Veille`] method, and print or serve what comes back.
//!
//! - [`read`]: files and folders to raw documents, a bad input reported
//!   and skipped, the batch going on;
//! - [`Veille::ingest`], [`Veille::poll_feeds`] ([`feeds`]): analyse and
//!   store;
//! - [`Veille::search`], [`Veille::show`], [`Veille::entity`],
//!   [`Veille::quotes`], [`Veille::events`]: read the store, resolving
//!   names through the knowledge base;
//! - [`Veille::stories`]: story clusters built at ingest;
//! - [`Veille::export_events`] ([`export`]): stored events written out as
//!   JSON lines, CSV, PLOVER records or GDELT-like rows.

pub mod analyze;
pub mod bench;
pub mod browse;
pub mod export;
pub mod feeds;
pub mod ingest;
pub mod read;
mod views;

use std::path::Path;
use std::sync::{Arc, OnceLock};
use veille_core::EntityLabel;
use veille_kb::link::Linker;
use veille_pipeline::{Pipeline, PipelineError};
use veille_relate::{EventLinker, RelateError, Relater, Storyteller};
use veille_store::{Hit, QuoteHit, SearchQuery, Store, StoreError, TextQuery};

pub(crate) use ingest::store_batch;
pub use ingest::{default_threads, BATCH};
pub use read::{Observer, ReadOptions, Silent};
pub use veille_store::StoryRow;
pub use views::{
    CopyView, DocumentRow, DocumentView, EntityView, IngestReport, OfficeView, StatusView,
    StoryView,
};

/// What can go wrong in a service call.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("relating documents: {0}")]
    Relate(#[from] RelateError),
    #[error("loading the models: {0}")]
    Pipeline(#[from] PipelineError),
    #[error("no store at {0} (run `veille ingest` first, or pass --db)")]
    NoStore(String),
    #[error("no stored document with id {0:?}")]
    NoDocument(String),
    #[error("no entity named {name:?} in the knowledge base or in the store")]
    NoEntity { name: String },
    #[error("no document could be read ({0} input(s) skipped)")]
    NothingRead(usize),
    #[error("{path}: {reason}")]
    FeedList { path: String, reason: String },
    #[error("no feed could be read ({0} tried)")]
    NoFeed(usize),
    #[error("{0}")]
    Output(String),
    #[error("writing the export: {0}")]
    Write(#[source] std::io::Error),
    #[error("no story with id {0:?}")]
    NoStory(String),
    #[error("no place with id {0:?} in the store")]
    NoPlace(String),
    #[error(transparent)]
    Url(#[from] browse::UrlError),
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// veille over one store: the store, the knowledge base's linker, and the
/// analysis pipeline, loaded when first needed (reading the store needs no
/// model).
pub struct Veille {
    store: Box<dyn Store>,
    linker: Arc<Linker>,
    pipeline: OnceLock<Arc<Pipeline>>,
    relater: Relater,
    storyteller: Storyteller,
    /// Event facts of the documents stored last, for events across reports.
    events: EventLinker,
    locator: String,
    threads: usize,
    batch: usize,
}

impl Veille {
    /// Opens (or creates) the store at `locator` (a file path, `sqlite://…`).
    pub fn open(locator: &str) -> Result<Veille> {
        Ok(Veille {
            store: veille_store::open(locator)?,
            linker: Arc::new(Linker::builtin().map_err(PipelineError::from)?),
            pipeline: OnceLock::new(),
            relater: Relater::default(),
            storyteller: Storyteller::default(),
            events: EventLinker::default(),
            locator: locator.to_string(),
            threads: default_threads(),
            batch: BATCH,
        })
    }

    /// Opens (or creates) the store at `locator` with a knowledge base
    /// already loaded, to serve reads beside a writer (a server's readers
    /// share one; see [`veille_store::open_reader`]).
    pub fn open_shared(locator: &str, linker: Arc<Linker>) -> Result<Veille> {
        Ok(Veille {
            store: veille_store::open_reader(locator)?,
            linker,
            pipeline: OnceLock::new(),
            relater: Relater::default(),
            storyteller: Storyteller::default(),
            events: EventLinker::default(),
            locator: locator.to_string(),
            threads: default_threads(),
            batch: BATCH,
        })
    }

    /// The knowledge base's linker (shared).
    pub fn linker(&self) -> Arc<Linker> {
        self.linker.clone()
    }

    /// Opens a store that must already exist (reading commands).
    pub fn open_existing(locator: &str) -> Result<Veille> {
        let path = locator.strip_prefix("sqlite://").unwrap_or(locator);
        let is_file = !locator.contains("://") || locator.starts_with("sqlite://");
        if is_file && path != ":memory:" && !Path::new(path).exists() {
            return Err(AppError::NoStore(locator.to_string()));
        }
        Veille::open(locator)
    }

    /// Over a given store and pipeline (tests, a server sharing one pipeline).
    pub fn with(store: Box<dyn Store>, pipeline: Arc<Pipeline>) -> Veille {
        let linker = pipeline.linker().clone();
        let cell = OnceLock::new();
        let _ = cell.set(pipeline);
        Veille {
            store,
            linker,
            pipeline: cell,
            relater: Relater::default(),
            storyteller: Storyteller::default(),
            events: EventLinker::default(),
            locator: String::new(),
            threads: default_threads(),
            batch: BATCH,
        }
    }

    /// Where the store is.
    pub fn locator(&self) -> &str {
        &self.locator
    }

    /// The pipeline, loading the shipped models on first use.
    pub fn pipeline(&self) -> Result<Arc<Pipeline>> {
        if let Some(p) = self.pipeline.get() {
            return Ok(p.clone());
        }
        let p = Arc::new(Pipeline::builtin_with(self.linker.clone())?);
        Ok(self.pipeline.get_or_init(|| p).clone())
    }

    pub fn stats(&self) -> Result<veille_store::Stats> {
        Ok(self.store.stats()?)
    }

    /// Everything stored, counted, and the latest `runs` ingest runs.
    pub fn status(&self, runs: usize) -> Result<StatusView> {
        Ok(StatusView {
            inventory: self.store.inventory()?,
            runs: self.store.runs(runs)?,
        })
    }

    /// Ranked search: `text` in the words (see [`TextQuery::parse`]),
    /// `entity` any spelling of an actor (resolved through the knowledge
    /// base, else by the store's own mentions), optionally of one type.
    pub fn search(
        &self,
        text: Option<&str>,
        entity: Option<&str>,
        label: Option<EntityLabel>,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let entity_id = entity
            .and_then(|e| self.linker.lookup(e))
            .map(|e| e.id.clone());
        let q = SearchQuery {
            text: text.map(TextQuery::parse).filter(|t| !t.is_empty()),
            entity: entity.map(str::to_string),
            entity_id,
            label,
            limit,
        };
        Ok(self.store.search(&q)?)
    }

    /// One stored document (an id or a unique prefix) with its sources,
    /// the original it copies (if it is a copy), the copies of its group's
    /// original (itself when it is one), and the spin flag.
    pub fn show(&self, id: &str) -> Result<DocumentView> {
        let document = self
            .store
            .get(id)?
            .ok_or_else(|| AppError::NoDocument(id.to_string()))?;
        let sources = self.store.sources(&document.id)?;
        let copy_of = self.store.copy_of(&document.id)?;
        let original = copy_of.as_ref().map_or(&document.id, |l| &l.original);
        let copies = self
            .store
            .copies_of(original)?
            .into_iter()
            .filter(|l| l.doc_id != document.id)
            .map(CopyView::copy)
            .collect();
        let spin = self.relater.spin(&document);
        let story = match self.store.story_of(&document.id)? {
            None => None,
            Some(sid) => self.store.story(&sid)?.map(|r| StoryView {
                id: r.id,
                label: r.label,
                first_date: r.first_date,
                last_date: r.last_date,
                documents: self.store.story_documents(&sid).unwrap_or_default(),
            }),
        };
        Ok(DocumentView {
            story,
            copy_of: copy_of.map(CopyView::original),
            copies,
            spin,
            document,
            sources,
        })
    }

    /// Writes every stored document, oldest first, as one JSON object per
    /// line ([`DocumentRow`]: id, url, sources, title, date, lang,
    /// `copy_of`, `story`). Returns how many were written.
    pub fn export_documents<W: std::io::Write>(&self, mut out: W) -> Result<u64> {
        let mut failure = None;
        let n = self.store.each_document(&mut |row| {
            let line = serde_json::to_string(&DocumentRow::from(row))
                .map_err(std::io::Error::other)
                .and_then(|l| writeln!(out, "{l}"));
            match line {
                Ok(()) => std::ops::ControlFlow::Continue(()),
                Err(e) => {
                    failure = Some(e);
                    std::ops::ControlFlow::Break(())
                }
            }
        })?;
        if let Some(e) = failure {
            return Err(AppError::Write(e));
        }
        out.flush().map_err(AppError::Write)?;
        Ok(n)
    }

    /// Stories, the latest first: label, first and last date, documents,
    /// independent sources (distinct originals on distinct sites).
    pub fn stories(&self, limit: usize) -> Result<Vec<StoryRow>> {
        Ok(self.store.stories(limit)?)
    }

    /// Quotes of a speaker under any spelling or role, newest first.
    pub fn quotes(&self, speaker: &str, limit: usize) -> Result<Vec<QuoteHit>> {
        let id = self.linker.lookup(speaker).map(|e| e.id.clone());
        Ok(self.store.quotes_by(speaker, id.as_deref(), limit)?)
    }

    /// One actor: what the knowledge base says (aliases, offices, code)
    /// merged with what the store holds (mentions, documents, company).
    pub fn entity(&self, name: &str, limit: usize) -> Result<EntityView> {
        let kb = self.linker.lookup(name);
        let id = match kb {
            Some(e) => e.id.clone(),
            None => self
                .store
                .entity_id_of(name)?
                .ok_or_else(|| AppError::NoEntity {
                    name: name.to_string(),
                })?,
        };
        let report = self.store.entity_report(&id, limit)?;
        Ok(EntityView::new(id, kb, report))
    }

    /// Stored events, newest first. `q.actor` and `q.target` are names in
    /// any spelling (resolved through the knowledge base, else by the
    /// store's own mentions, else matched as written).
    pub fn events(&self, q: veille_store::EventQuery) -> Result<Vec<veille_store::EventHit>> {
        let q = self.resolve(q)?;
        Ok(self.store.events(&q)?)
    }

    /// Writes every stored event matching `q` (names resolved as for
    /// [`Veille::events`]; `q.limit` 0 means all) to `out` in `format`, one
    /// at a time, oldest document first. Returns how many were written.
    pub fn export_events<W: std::io::Write>(
        &self,
        q: veille_store::EventQuery,
        format: export::ExportFormat,
        out: W,
    ) -> Result<u64> {
        let mut q = self.resolve(q)?;
        if q.limit == 0 {
            q.limit = usize::MAX;
        }
        let mut x = export::Exporter::new(format, out).map_err(AppError::Write)?;
        let mut failure = None;
        let n = self.store.each_event(&q, &mut |e| match x.write(&e) {
            Ok(()) => std::ops::ControlFlow::Continue(()),
            Err(err) => {
                failure = Some(err);
                std::ops::ControlFlow::Break(())
            }
        })?;
        if let Some(e) = failure {
            return Err(AppError::Write(e));
        }
        x.finish().map_err(AppError::Write)?;
        Ok(n)
    }

    /// An events query with its actor and target names resolved to ids.
    fn resolve(&self, mut q: veille_store::EventQuery) -> Result<veille_store::EventQuery> {
        let resolve = |name: &Option<String>| -> Result<Option<String>> {
            let Some(n) = name else { return Ok(None) };
            Ok(match self.linker.lookup(n) {
                Some(e) => Some(e.id.clone()),
                None => self.store.entity_id_of(n)?,
            })
        };
        if q.actor_id.is_none() {
            q.actor_id = resolve(&q.actor)?;
        }
        if q.target_id.is_none() {
            q.target_id = resolve(&q.target)?;
        }
        Ok(q)
    }

    /// The raw store (backend-neutral), for what no service call covers yet.
    pub fn store(&mut self) -> &mut dyn Store {
        self.store.as_mut()
    }

    /// The store, to read.
    pub fn store_ref(&self) -> &dyn Store {
        self.store.as_ref()
    }
}
