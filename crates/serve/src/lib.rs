//! `veille serve`: a JSON API ([`api`]) and web pages ([`pages`]) over the
//! service layer. Every handler parses its request, calls a
//! [`veille_app::Veille`] method through [`ServerState::read`] or
//! [`ServerState::write`], and serves what comes back; no logic of its own.

pub mod api;
pub mod pages;
mod state;

use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;

pub use state::{ServeError, ServerState};

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
}

/// The whole application: API routes under `/api`, pages elsewhere.
pub fn router(state: Arc<ServerState>) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(pages::routes())
        .with_state(state)
}

/// Opens the store and serves until Ctrl-C.
pub async fn serve(config: ServeConfig) -> Result<(), ServeError> {
    let state = Arc::new(ServerState::open(&config.db, config.token.clone())?);
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| ServeError::Bind(config.addr, e))?;
    tracing::info!("serving {} on http://{}", config.db, config.addr);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(ServeError::Io)
}
