//! What every handler shares: a pool of read-only services over the store
//! (SQLite in WAL mode lets readers run beside the writer), one writer, the
//! write token, the ingest jobs and the feed monitor's reports.

use crate::jobs::Jobs;
use crate::monitor::FeedStatus;
use std::net::SocketAddr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;
use veille_app::{AppError, Veille};
use veille_ingest::fetch::FetchOptions;

/// What can go wrong starting or running the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, #[source] std::io::Error),
    #[error("serving: {0}")]
    Io(#[source] std::io::Error),
    #[error("the store is unavailable (a previous request failed while holding it)")]
    Poisoned,
    #[error("a request's worker failed: {0}")]
    Join(String),
    #[error("a request's worker panicked: {0}")]
    Panic(String),
}

/// Read-only services, taken one per request.
struct Pool {
    free: Mutex<Vec<Veille>>,
    permits: Arc<Semaphore>,
}

/// Shared by all handlers.
pub struct ServerState {
    /// None for a store that cannot be opened twice (`:memory:`): reads
    /// then go through the writer.
    readers: Option<Arc<Pool>>,
    writer: Arc<Mutex<Veille>>,
    token: Option<String>,
    pub(crate) jobs: Arc<Jobs>,
    pub(crate) feeds: Arc<Mutex<Vec<FeedStatus>>>,
    /// How URLs given to `POST /api/ingest` are fetched.
    pub(crate) fetch: FetchOptions,
}

/// Readers a server opens unless told otherwise.
pub const READERS: usize = 4;

impl ServerState {
    /// Opens the store at `db` (created if missing, so a fresh server can
    /// ingest) with [`READERS`] readers.
    pub fn open(db: &str, token: Option<String>) -> Result<ServerState, ServeError> {
        ServerState::open_pool(db, token, READERS)
    }

    /// Opens the writer, then `readers` read-only services sharing its
    /// knowledge base (at least one).
    pub fn open_pool(
        db: &str,
        token: Option<String>,
        readers: usize,
    ) -> Result<ServerState, ServeError> {
        ServerState::pooled(Veille::open(db)?, db, token, readers)
    }

    /// Over an opened writer (its store at `db`), with `readers` read-only
    /// services sharing its knowledge base (at least one; none for
    /// `:memory:`, whose reads go through the writer).
    pub fn pooled(
        writer: Veille,
        db: &str,
        token: Option<String>,
        readers: usize,
    ) -> Result<ServerState, ServeError> {
        let memory = db.trim().trim_start_matches("sqlite://") == ":memory:";
        let linker = writer.linker();
        let mut state = ServerState::with(writer, token);
        if !memory {
            let n = readers.max(1);
            let free = (0..n)
                .map(|_| Veille::open_shared(db, linker.clone()))
                .collect::<Result<Vec<_>, _>>()?;
            state.readers = Some(Arc::new(Pool {
                free: Mutex::new(free),
                permits: Arc::new(Semaphore::new(n)),
            }));
        }
        Ok(state)
    }

    /// Over an opened service, which serves reads and writes alike (tests,
    /// in-memory stores).
    pub fn with(veille: Veille, token: Option<String>) -> ServerState {
        ServerState {
            readers: None,
            writer: Arc::new(Mutex::new(veille)),
            token: token.filter(|t| !t.is_empty()),
            jobs: Arc::new(Jobs::default()),
            feeds: Arc::new(Mutex::new(Vec::new())),
            fetch: FetchOptions::default(),
        }
    }

    /// How URLs given to `POST /api/ingest` are fetched (delay, timeout…).
    pub fn with_fetch(mut self, fetch: FetchOptions) -> ServerState {
        self.fetch = fetch;
        self
    }

    /// The write token, if writes are allowed.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// Runs a read-only service call off the async workers, on one of the
    /// pool's readers (the writer when there is no pool). A panic in `f`
    /// is an error, and the reader goes back to the pool.
    pub async fn read<T, F>(&self, f: F) -> Result<T, ServeError>
    where
        T: Send + 'static,
        F: FnOnce(&Veille) -> Result<T, AppError> + Send + 'static,
    {
        let Some(pool) = self.readers.clone() else {
            return self.write(move |v| f(v)).await;
        };
        let permit = pool
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| ServeError::Join(e.to_string()))?;
        tokio::task::spawn_blocking(move || {
            let v = pool
                .free
                .lock()
                .map_err(|_| ServeError::Poisoned)?
                .pop()
                .ok_or(ServeError::Poisoned)?;
            let out = catch_unwind(AssertUnwindSafe(|| f(&v)));
            pool.free.lock().map_err(|_| ServeError::Poisoned)?.push(v);
            drop(permit);
            match out {
                Ok(r) => r.map_err(ServeError::App),
                Err(p) => Err(ServeError::Panic(panic_message(&p))),
            }
        })
        .await
        .map_err(|e| ServeError::Join(e.to_string()))?
    }

    /// Runs a service call that writes (ingest) off the async workers, one
    /// at a time.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ServeError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Veille) -> Result<T, AppError> + Send + 'static,
    {
        let veille = self.writer.clone();
        tokio::task::spawn_blocking(move || {
            // A panic while holding the writer leaves it usable: the store
            // rolls back its open transaction.
            let mut v = veille.lock().unwrap_or_else(|p| p.into_inner());
            match catch_unwind(AssertUnwindSafe(|| f(&mut v))) {
                Ok(r) => r.map_err(ServeError::App),
                Err(p) => Err(ServeError::Panic(panic_message(&p))),
            }
        })
        .await
        .map_err(|e| ServeError::Join(e.to_string()))?
    }
}

fn panic_message(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}
