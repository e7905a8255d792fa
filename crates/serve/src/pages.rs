//! The web pages: server-rendered templates and assets compiled into the
//! binary (no CDN; works offline).
//!
//! Each page is a template (`templates/`, minijinja) whose data is the
//! answer of the matching JSON API endpoint, asked in-process with the
//! page's own query string (`/?q=…` asks `/api/search?q=…`): the page and
//! the API can never disagree, an unknown id is a 404 page, a malformed
//! parameter a 400 page. The answer is embedded in the page as JSON and
//! drawn by `assets/veille.js` (highlighted text, charts, the map, the
//! network), so a page costs one request and every state of a page is its
//! URL. The ingest page alone talks to the API from the browser (it posts
//! and polls).

use crate::ServerState;
use axum::{
    body::Body,
    extract::{Path, RawQuery, State},
    http::{header, HeaderValue, Request, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use minijinja::{context, Environment};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

pub fn routes() -> Router<Arc<ServerState>> {
    Router::new()
        .route("/", get(search))
        .route("/documents/{id}", get(document))
        .route("/entities/{id}", get(entity))
        .route("/events", get(events))
        .route("/stories", get(stories))
        .route("/stories/{id}", get(story))
        .route("/ingest", get(ingest))
        .route("/assets/{name}", get(asset))
        .fallback(no_page)
}

/// Any other path: the 404 page.
async fn no_page() -> Response {
    not_found_page("There is no page at this address.")
}

/// The files `/assets/{name}` serves: this table and nothing else (no
/// path is ever read from disk, so `../` and its encodings find nothing).
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "veille.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/veille.css"),
    ),
    (
        "veille.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/veille.js"),
    ),
    (
        "countries.json",
        "application/json",
        include_bytes!("../assets/countries.json"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../assets/favicon.svg"),
    ),
];

/// One compiled-in asset by its exact name.
pub fn asset_named(name: &str) -> Option<(&'static str, &'static [u8])> {
    ASSETS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, t, b)| (*t, *b))
}

async fn asset(Path(name): Path<String>) -> Response {
    match asset_named(&name) {
        Some((mime, bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
            ],
            bytes,
        )
            .into_response(),
        None => not_found_page("There is no such asset."),
    }
}

/// The templates, parsed once.
fn templates() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, source) in [
            ("layout.html", include_str!("../templates/layout.html")),
            ("search.html", include_str!("../templates/search.html")),
            ("document.html", include_str!("../templates/document.html")),
            ("entity.html", include_str!("../templates/entity.html")),
            ("events.html", include_str!("../templates/events.html")),
            ("stories.html", include_str!("../templates/stories.html")),
            ("story.html", include_str!("../templates/story.html")),
            ("ingest.html", include_str!("../templates/ingest.html")),
            ("error.html", include_str!("../templates/error.html")),
        ] {
            // The templates are compiled in; a syntax error is caught by
            // this crate's tests, never by a user.
            env.add_template(name, source)
                .unwrap_or_else(|e| panic!("template {name}: {e}"));
        }
        env
    })
}

/// Renders `name` with `ctx`, or a plain 500 if a template fails.
fn render(status: StatusCode, name: &str, ctx: minijinja::Value) -> Response {
    match templates().get_template(name).and_then(|t| t.render(ctx)) {
        Ok(html) => html_response(status, html),
        Err(e) => {
            tracing::error!("rendering {name}: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "page rendering failed").into_response()
        }
    }
}

fn html_response(status: StatusCode, html: String) -> Response {
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'",
                ),
            ),
        ],
        html,
    )
        .into_response()
}

/// The 404 page.
fn not_found_page(message: &str) -> Response {
    render(
        StatusCode::NOT_FOUND,
        "error.html",
        context! { page => "error", title => "Not found", heading => "Not found", message => message, data => "null" },
    )
}

/// Asks the JSON API in-process: its status and its body.
async fn api_get(state: &Arc<ServerState>, uri: &str) -> (StatusCode, String) {
    let Ok(request) = Request::get(uri).body(Body::empty()) else {
        return (StatusCode::BAD_REQUEST, String::new());
    };
    let app = crate::api::routes().with_state(state.clone());
    let response = match app.oneshot(request).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    let status = response.status();
    match axum::body::to_bytes(response.into_body(), 256 << 20).await {
        Ok(b) => (status, String::from_utf8_lossy(&b).into_owned()),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// JSON made safe inside `<script type="application/json">`: no `<` can
/// close the element.
fn embeddable(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// The page's query parameters (for filling its form), last value wins.
fn params(query: &Option<String>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for pair in query.as_deref().unwrap_or("").split('&') {
        if pair.is_empty() {
            continue;
        }
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        out.insert(decode(k), decode(v));
    }
    out
}

/// `application/x-www-form-urlencoded` decoding (`+` is a space).
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A path segment escaped for a URI.
fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether the query asks anything (a parameter other than the page
/// number, with a value).
fn asks(params: &BTreeMap<String, String>) -> bool {
    params
        .iter()
        .any(|(k, v)| k != "page" && !v.trim().is_empty())
}

/// A page over one API answer: 404 and 400 answers give their own pages.
async fn page(
    state: Arc<ServerState>,
    template: &str,
    page: &str,
    title: String,
    api: Option<String>,
    query: &Option<String>,
    not_found: &str,
) -> Response {
    let params = params(query);
    let (status, body) = match &api {
        Some(uri) => api_get(&state, uri).await,
        None => (StatusCode::OK, "null".to_string()),
    };
    if status == StatusCode::NOT_FOUND {
        return not_found_page(not_found);
    }
    let (data, error) = if status.is_success() {
        (embeddable(&body), None)
    } else {
        let message = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(String::from))
            .unwrap_or_else(|| body.trim().to_string());
        ("null".to_string(), Some(message))
    };
    let status = if status.is_success() {
        StatusCode::OK
    } else {
        status
    };
    render(
        status,
        template,
        context! {
            page => page,
            title => title,
            params => params,
            data => data,
            error => error,
            writable => state.token().is_some(),
        },
    )
}

async fn search(State(state): State<Arc<ServerState>>, RawQuery(query): RawQuery) -> Response {
    let p = params(&query);
    let api = if asks(&p) {
        format!("/api/search?{}", query.as_deref().unwrap_or(""))
    } else {
        "/api/health".to_string()
    };
    let title = match p.get("q").filter(|q| !q.trim().is_empty()) {
        Some(q) => format!("Search: {q}"),
        None => "Search".to_string(),
    };
    page(state, "search.html", "search", title, Some(api), &query, "").await
}

async fn document(State(state): State<Arc<ServerState>>, Path(id): Path<String>) -> Response {
    let api = format!("/api/documents/{}", segment(&id));
    page(
        state,
        "document.html",
        "document",
        "Document".to_string(),
        Some(api),
        &None,
        "No stored document has this id.",
    )
    .await
}

async fn entity(State(state): State<Arc<ServerState>>, Path(id): Path<String>) -> Response {
    let api = format!("/api/entities/{}", segment(&id));
    page(
        state,
        "entity.html",
        "entity",
        "Entity".to_string(),
        Some(api),
        &None,
        "Neither the knowledge base nor the store knows this entity.",
    )
    .await
}

async fn events(State(state): State<Arc<ServerState>>, RawQuery(query): RawQuery) -> Response {
    let api = format!("/api/events?{}", query.as_deref().unwrap_or(""));
    page(
        state,
        "events.html",
        "events",
        "Events".to_string(),
        Some(api),
        &query,
        "",
    )
    .await
}

async fn stories(State(state): State<Arc<ServerState>>, RawQuery(query): RawQuery) -> Response {
    let api = format!("/api/stories?{}", query.as_deref().unwrap_or(""));
    page(
        state,
        "stories.html",
        "stories",
        "Stories".to_string(),
        Some(api),
        &query,
        "",
    )
    .await
}

async fn story(State(state): State<Arc<ServerState>>, Path(id): Path<String>) -> Response {
    let api = format!("/api/stories/{}", segment(&id));
    page(
        state,
        "story.html",
        "story",
        "Story".to_string(),
        Some(api),
        &None,
        "No stored story has this id.",
    )
    .await
}

async fn ingest(State(state): State<Arc<ServerState>>) -> Response {
    page(
        state,
        "ingest.html",
        "ingest",
        "Ingest".to_string(),
        None,
        &None,
        "",
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_parse() {
        let env = templates();
        for name in [
            "search.html",
            "document.html",
            "entity.html",
            "events.html",
            "stories.html",
            "story.html",
            "ingest.html",
            "error.html",
        ] {
            env.get_template(name).unwrap();
        }
    }

    #[test]
    fn decoding() {
        for (input, expect) in [
            ("a+b", "a b"),
            ("%C3%A9t%C3%A9", "été"),
            ("100%", "100%"),
            ("%zz", "%zz"),
            ("%4", "%4"),
            ("", ""),
        ] {
            assert_eq!(decode(input), expect, "{input}");
        }
    }

    #[test]
    fn assets_by_exact_name_only() {
        assert!(asset_named("veille.css").is_some());
        for name in [
            "../Cargo.toml",
            "..%2Fveille.css",
            "VEILLE.CSS",
            "",
            "veille.css/",
        ] {
            assert!(asset_named(name).is_none(), "{name}");
        }
    }

    #[test]
    fn embedded_json_cannot_close_its_script() {
        let s = embeddable(r#"{"t":"</script><script>alert(1)</script>"}"#);
        assert!(!s.contains('<'));
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["t"], "</script><script>alert(1)</script>");
    }
}
