//! The JSON API under `/api`, documented by `/api/openapi.json`.

use crate::ServerState;
use axum::{extract::State, routing::get, Json, Router};
use std::sync::Arc;

pub fn routes() -> Router<Arc<ServerState>> {
    Router::new().route("/api/health", get(health))
}

/// `GET /api/health`: the store answers, with its counts.
async fn health(State(state): State<Arc<ServerState>>) -> Json<serde_json::Value> {
    match state.read(|v| v.stats()).await {
        Ok(s) => Json(serde_json::json!({"status": "ok", "documents": s.documents})),
        Err(e) => Json(serde_json::json!({"status": "error", "error": e.to_string()})),
    }
}
