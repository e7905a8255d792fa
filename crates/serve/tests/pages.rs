//! The pages over a fresh store, in-process (the browser tests in
//! `tests/browser` drive them in Chromium over the seeds).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use std::sync::Arc;
use tower::ServiceExt;
use veille_serve::{router, ServerState};

fn app(token: Option<&str>) -> (tempfile::TempDir, axum::Router) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pages.db");
    let state = ServerState::open(db.to_str().unwrap(), token.map(String::from)).unwrap();
    (dir, router(Arc::new(state)))
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, String, String) {
    let r = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = r.status();
    let kind = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = axum::body::to_bytes(r.into_body(), 1 << 24).await.unwrap();
    (status, kind, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn pages_render_on_an_empty_store() {
    let (_dir, app) = app(Some("t"));
    for (uri, heading) in [
        ("/", "Search"),
        ("/events", "Events"),
        ("/stories", "Stories"),
        ("/ingest", "Ingest"),
    ] {
        let (status, kind, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(kind.starts_with("text/html"), "{uri}: {kind}");
        assert!(body.contains(&format!("<title>{heading}")), "{uri}");
        assert!(body.contains(r#"<nav aria-label="Main">"#), "{uri}");
        assert!(body.contains(r#"id="page-data""#), "{uri}");
    }
}

#[tokio::test]
async fn forms_keep_their_query_escaped() {
    let (_dir, app) = app(None);
    let (status, _, body) = get(&app, "/?q=%22%3Cscript%3E%22&entity=Poutine").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains("<script>\""), "the query is escaped");
    assert!(body.contains(r#"value="Poutine""#));
    let (_, _, body) = get(&app, "/events?type=MOBILIZE&actor=Poutine").await;
    assert!(body.contains("<option selected>MOBILIZE</option>"));
    assert!(body.contains(r#"value="Poutine""#));
}

#[tokio::test]
async fn the_ingest_page_says_when_the_server_is_read_only() {
    let (_dir, app) = app(None);
    let (_, _, body) = get(&app, "/ingest").await;
    assert!(body.contains(r#"id="read-only""#));
    let (_dir, app) = self::app(Some("t"));
    let (_, _, body) = get(&app, "/ingest").await;
    assert!(!body.contains(r#"id="read-only""#));
}

#[tokio::test]
async fn unknown_ids_are_404_pages() {
    let (_dir, app) = app(None);
    for uri in [
        "/documents/0000000000000000dead",
        "/entities/no-such-entity-zzqx",
        "/stories/no-such-story",
        "/no/such/page",
    ] {
        let (status, kind, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(kind.starts_with("text/html"), "{uri}");
        assert!(body.contains(r#"id="not-found""#), "{uri}");
    }
}

#[tokio::test]
async fn assets_come_from_the_compiled_in_table_only() {
    let (_dir, app) = app(None);
    for (uri, kind) in [
        ("/assets/veille.css", "text/css"),
        ("/assets/veille.js", "text/javascript"),
        ("/assets/favicon.svg", "image/svg+xml"),
        ("/assets/countries.json", "application/json"),
    ] {
        let (status, k, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(k.starts_with(kind), "{uri}: {k}");
        assert!(!body.is_empty());
    }
    for uri in [
        "/assets/nope.js",
        "/assets/..%2FCargo.toml",
        "/assets/%2e%2e%2f%2e%2e%2fCargo.toml",
        "/assets/..%5c..%5cCargo.toml",
        "/assets/veille.css%00",
        "/assets/VEILLE.CSS",
        "/assets/../Cargo.toml",
        "/assets/",
    ] {
        let (status, _, _) = get(&app, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
    }
}

#[tokio::test]
async fn malformed_parameters_are_400_pages_that_say_why() {
    let (_dir, app) = app(None);
    for uri in [
        "/?q=x&since=yesterday",
        "/?q=x&type=NOPE",
        "/events?type=NOPE",
        "/events?modality=perhaps",
        "/?q=x&page=0",
    ] {
        let (status, kind, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(kind.starts_with("text/html"), "{uri}");
        assert!(body.contains(r#"id="page-error""#), "{uri}");
    }
}
