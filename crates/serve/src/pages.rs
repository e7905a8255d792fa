//! The web pages: server-rendered templates and assets compiled into the
//! binary (no CDN; works offline).

use crate::ServerState;
use axum::Router;
use std::sync::Arc;

pub fn routes() -> Router<Arc<ServerState>> {
    Router::new()
}
