//! `veille serve`: a JSON API ([`api`]) and web pages ([`pages`]) over the
//! service layer. Every handler parses its request, calls a
//! [`veille_app::Veille`] method through [`ServerState::read`] (a pool of
//! readers) or [`ServerState::write`] (one writer), and serves what comes
//! back; no logic of its own. Ingest requests become [`jobs`]; [`monitor`]
//! polls feeds in the background.

pub mod api;
pub mod bench;
pub mod jobs;
pub mod monitor;
pub mod pages;
mod state;

use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use veille_ingest::fetch::FetchOptions;

pub use state::{ServeError, ServerState, READERS};

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The store's locator (a file path, `sqlite://…`).
    pub db: String,
    /// Where to listen; loopback unless told otherwise.
    pub addr: SocketAddr,
    /// Writes (ingest) need this bearer token; without one the server is
    /// read-only.
    pub token: Option<String>,
    /// Feeds to poll in the background, every `every`.
    pub feeds: Vec<String>,
    pub every: Duration,
    /// How feeds and ingested URLs are fetched.
    pub fetch: FetchOptions,
    /// Read-only services serving requests side by side.
    pub readers: usize,
}

impl ServeConfig {
    /// Serving `db` on `addr`, read-only, no feeds.
    pub fn new(db: &str, addr: SocketAddr) -> ServeConfig {
        ServeConfig {
            db: db.to_string(),
            addr,
            token: None,
            feeds: Vec::new(),
            every: Duration::from_secs(15 * 60),
            fetch: FetchOptions::default(),
            readers: READERS,
        }
    }
}

/// The whole application: API routes under `/api`, pages elsewhere.
pub fn router(state: Arc<ServerState>) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .with_state(state)
}

/// Opens the store, starts the feed monitor (if feeds are given) and
/// serves until Ctrl-C.
pub async fn serve(config: ServeConfig) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| ServeError::Bind(config.addr, e))?;
    serve_on(listener, config, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// Serves on a bound listener until `shutdown` completes (the bench, tests).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    config: ServeConfig,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let state = Arc::new(
        ServerState::open_pool(&config.db, config.token.clone(), config.readers)?
            .with_fetch(config.fetch.clone()),
    );
    if !config.feeds.is_empty() {
        monitor::spawn(
            state.clone(),
            config.feeds.clone(),
            config.every,
            config.fetch.clone(),
        );
    }
    let addr = listener.local_addr().map_err(ServeError::Io)?;
    tracing::info!(
        "serving {} on http://{addr} ({}; the API is described at /api/openapi.json)",
        veille_store::redact(&config.db),
        if config.token.is_some() {
            "writes need the token"
        } else {
            "read-only"
        }
    );
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(ServeError::Io)
}
