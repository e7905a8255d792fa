//! What every handler shares: the store (through the service layer) and
//! the write token.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use veille_app::{AppError, Veille};

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
}

/// Shared by all handlers.
pub struct ServerState {
    veille: Arc<Mutex<Veille>>,
    token: Option<String>,
}

impl ServerState {
    /// Opens the store at `db` (created if missing, so a fresh server can
    /// ingest).
    pub fn open(db: &str, token: Option<String>) -> Result<ServerState, ServeError> {
        Ok(ServerState::with(Veille::open(db)?, token))
    }

    /// Over an opened service (tests).
    pub fn with(veille: Veille, token: Option<String>) -> ServerState {
        ServerState {
            veille: Arc::new(Mutex::new(veille)),
            token: token.filter(|t| !t.is_empty()),
        }
    }

    /// The write token, if writes are allowed.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// Runs a read-only service call off the async workers.
    pub async fn read<T, F>(&self, f: F) -> Result<T, ServeError>
    where
        T: Send + 'static,
        F: FnOnce(&Veille) -> Result<T, AppError> + Send + 'static,
    {
        let veille = self.veille.clone();
        tokio::task::spawn_blocking(move || {
            let v = veille.lock().map_err(|_| ServeError::Poisoned)?;
            f(&v).map_err(ServeError::App)
        })
        .await
        .map_err(|e| ServeError::Join(e.to_string()))?
    }

    /// Runs a service call that writes (ingest) off the async workers.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ServeError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Veille) -> Result<T, AppError> + Send + 'static,
    {
        let veille = self.veille.clone();
        tokio::task::spawn_blocking(move || {
            let mut v = veille.lock().map_err(|_| ServeError::Poisoned)?;
            f(&mut v).map_err(ServeError::App)
        })
        .await
        .map_err(|e| ServeError::Join(e.to_string()))?
    }
}
