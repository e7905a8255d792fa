//! The JSON API under `/api`, documented by `/api/openapi.json`
//! (`openapi.json` in this crate). Every handler parses its request, calls
//! the service layer through [`ServerState`], and answers JSON; every
//! error is `{"error": "..."}` with its status.

use crate::jobs::Job;
use crate::{monitor, ServeError, ServerState};
use axum::body::Body;
use axum::extract::{FromRequest, Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use veille_app::browse::{SearchRequest, MAX_PER_PAGE};
use veille_app::{AppError, ReadOptions, Silent};
use veille_core::{EntityLabel, EventType, Lang, Modality, PubDate, RawDoc};
use veille_store::{EventQuery, StoreError};

/// The OpenAPI 3.1 description of this API.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// The largest request body (an upload), in bytes.
pub const BODY_LIMIT: usize = 20 * 1024 * 1024;

/// Items per page unless `per_page` says otherwise.
pub const PER_PAGE: usize = 20;

/// Items in an entity's, story's or place's lists.
pub const LIST_LIMIT: usize = 50;

/// Rows at most in an events CSV.
pub const CSV_LIMIT: usize = 100_000;

pub fn routes() -> Router<Arc<ServerState>> {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/openapi.json", get(openapi))
        .route("/api/search", get(search))
        .route("/api/documents/{id}", get(document))
        .route("/api/entities/{id}", get(entity))
        .route("/api/events", get(events))
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route("/api/places/{id}", get(place))
        .route("/api/ingest", post(ingest))
        .route("/api/jobs/{id}", get(job))
        .route("/api/feeds", get(feeds))
        .route("/api", get(not_found))
        .route("/api/", get(not_found))
        .route("/api/{*rest}", get(not_found))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::map_response(json_errors))
}

/// An API error: its status and message, answered as `{"error": "..."}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
    fn bad(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(serde_json::json!({ "error": self.message })),
        )
            .into_response()
    }
}

impl From<ServeError> for ApiError {
    fn from(e: ServeError) -> ApiError {
        let status = match &e {
            ServeError::App(
                AppError::NoDocument(_)
                | AppError::NoEntity { .. }
                | AppError::NoStory(_)
                | AppError::NoPlace(_),
            ) => StatusCode::NOT_FOUND,
            ServeError::App(AppError::Store(StoreError::Query { .. })) => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::warn!("request failed: {e}");
        }
        ApiError::new(status, e.to_string())
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// Error answers that do not come from a handler (an unknown method, a
/// body over the limit, a malformed path) get the same JSON shape.
async fn json_errors(res: Response) -> Response {
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let reason = status.canonical_reason().unwrap_or("error").to_lowercase();
        let mut out = ApiError::new(status, reason).into_response();
        if let Some(allow) = res.headers().get(header::ALLOW) {
            out.headers_mut().insert(header::ALLOW, allow.clone());
        }
        return out;
    }
    res
}

/// A request's query parameters; an empty value counts as absent.
struct Params(HashMap<String, String>);

impl Params {
    fn parse(raw: Option<&str>) -> Params {
        let raw = raw.unwrap_or_default();
        Params(
            form_urlencoded::parse(raw.as_bytes())
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(k, v)| (k.into_owned(), v.trim().to_string()))
                .collect(),
        )
    }
    fn text(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    /// A whole number at least `min` (a page, a page size).
    fn number(&self, key: &str, min: usize, max: usize, default: usize) -> ApiResult<usize> {
        match self.0.get(key) {
            None => Ok(default),
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .ok_or_else(|| {
                    ApiError::bad(format!("{key}={v:?}: a whole number from {min} to {max}"))
                }),
        }
    }
    /// An ISO date (`2024`, `2024-05`, `2024-05-20`, `2024-05-20T10:30`).
    fn date(&self, key: &str) -> ApiResult<Option<String>> {
        match self.0.get(key) {
            None => Ok(None),
            Some(v) => match PubDate::parse_iso(v) {
                Some(_) => Ok(Some(v.clone())),
                None => Err(ApiError::bad(format!(
                    "{key}={v:?}: an ISO date (2024, 2024-05, 2024-05-20)"
                ))),
            },
        }
    }
    fn page(&self) -> ApiResult<(usize, usize)> {
        Ok((
            self.number("page", 1, 1_000_000, 1)?,
            self.number("per_page", 1, MAX_PER_PAGE, PER_PAGE)?,
        ))
    }
}

fn parse_label(v: &str) -> ApiResult<EntityLabel> {
    EntityLabel::parse(v).ok_or_else(|| {
        ApiError::bad(format!(
            "type={v:?}: an entity type ({})",
            EntityLabel::ALL.map(|l| l.as_str()).join(", ")
        ))
    })
}

fn parse_lang(v: &str) -> ApiResult<Lang> {
    let ok = (2..=3).contains(&v.len()) && v.chars().all(|c| c.is_ascii_alphabetic());
    match ok {
        true => Ok(Lang::from_code(v)),
        false => Err(ApiError::bad(format!(
            "lang={v:?}: an ISO 639 code (fr, en, de…)"
        ))),
    }
}

fn parse_event_type(v: &str) -> ApiResult<EventType> {
    EventType::parse(v).ok_or_else(|| {
        ApiError::bad(format!(
            "type={v:?}: a PLOVER event type ({})",
            EventType::ALL.map(|t| t.as_str()).join(", ")
        ))
    })
}

fn parse_modality(v: &str) -> ApiResult<Modality> {
    serde_json::from_value(serde_json::Value::String(v.to_lowercase())).map_err(|_| {
        ApiError::bad(format!(
            "modality={v:?}: asserted, negated, future, hypothetical or reported"
        ))
    })
}

/// A path id: at most 512 characters, no control characters.
fn path_id(id: &str) -> ApiResult<&str> {
    if id.is_empty() || id.len() > 512 || id.chars().any(char::is_control) {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "no such id"));
    }
    Ok(id)
}

/// `GET /api/search`'s filters from its raw query string
/// (`q=poutine&type=PER&since=2024-05&page=2`): a value out of range or of
/// the wrong shape is a 400 error naming the parameter, never a panic
/// (fuzzed by `fuzz/fuzz_targets/api_query.rs`).
pub fn search_request(raw: Option<&str>) -> Result<SearchRequest, ApiError> {
    let p = Params::parse(raw);
    let (page, per_page) = p.page()?;
    Ok(SearchRequest {
        q: p.text("q"),
        entity: p.text("entity"),
        label: p.text("type").as_deref().map(parse_label).transpose()?,
        lang: p.text("lang").as_deref().map(parse_lang).transpose()?,
        site: p.text("site"),
        since: p.date("since")?,
        until: p.date("until")?,
        page,
        per_page,
    })
}

/// What `GET /api/events` asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct EventsRequest {
    pub query: EventQuery,
    pub page: usize,
    pub per_page: usize,
    /// `format=csv`: every matching event as CSV (else a JSON page).
    pub csv: bool,
}

/// `GET /api/events`' filters, page and format from its raw query string,
/// as [`search_request`] does for a search.
pub fn events_request(raw: Option<&str>) -> Result<EventsRequest, ApiError> {
    let p = Params::parse(raw);
    let (page, per_page) = p.page()?;
    let query = EventQuery {
        actor: p.text("actor"),
        target: p.text("target"),
        event_type: p
            .text("type")
            .as_deref()
            .map(parse_event_type)
            .transpose()?,
        modality: p
            .text("modality")
            .as_deref()
            .map(parse_modality)
            .transpose()?,
        place: p.text("place"),
        since: p.date("since")?,
        until: p.date("until")?,
        ..Default::default()
    };
    let csv = match p.text("format").as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(f) => return Err(ApiError::bad(format!("format={f:?}: json or csv"))),
    };
    Ok(EventsRequest {
        query,
        page,
        per_page,
        csv,
    })
}

/// `GET /api/stories`' `limit` (1 to 1000, 50 when absent).
pub fn stories_limit(raw: Option<&str>) -> Result<usize, ApiError> {
    Params::parse(raw).number("limit", 1, 1000, 50)
}

/// `GET /api/health`: the store answers, with its counts.
async fn health(State(state): State<Arc<ServerState>>) -> ApiResult<Json<serde_json::Value>> {
    let s = state.read(|v| v.stats()).await?;
    Ok(Json(serde_json::json!({
        "status": "ok",
        "documents": s.documents,
        "sources": s.sources,
        "writable": state.token().is_some(),
    })))
}

async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        OPENAPI.to_string(),
    )
        .into_response()
}

async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no such endpoint (see /api/openapi.json)",
    )
}

/// `GET /api/search`.
async fn search(
    State(state): State<Arc<ServerState>>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<veille_app::browse::SearchResults>> {
    let r = search_request(raw.as_deref())?;
    Ok(Json(state.read(move |v| v.search_page(&r)).await?))
}

/// `GET /api/documents/{id}`.
async fn document(
    State(state): State<Arc<ServerState>>,
    Path(id): Path<String>,
) -> ApiResult<Json<veille_app::DocumentView>> {
    path_id(&id)?;
    Ok(Json(state.read(move |v| v.show(&id)).await?))
}

/// `GET /api/entities/{id}`.
async fn entity(
    State(state): State<Arc<ServerState>>,
    Path(id): Path<String>,
) -> ApiResult<Json<veille_app::browse::EntityPage>> {
    path_id(&id)?;
    Ok(Json(
        state.read(move |v| v.entity_page(&id, LIST_LIMIT)).await?,
    ))
}

/// `GET /api/events` (JSON, or CSV with `format=csv`).
async fn events(
    State(state): State<Arc<ServerState>>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let EventsRequest {
        query: q,
        page,
        per_page,
        csv,
    } = events_request(raw.as_deref())?;
    if !csv {
        let page = state
            .read(move |v| v.events_page(q, page, per_page))
            .await?;
        return Ok(Json(page).into_response());
    }
    let bytes = state
        .read(move |v| {
            let mut out = Vec::new();
            let q = EventQuery {
                limit: CSV_LIMIT,
                ..q
            };
            v.export_events(q, veille_app::export::ExportFormat::Csv, &mut out)?;
            Ok(out)
        })
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"events.csv\"",
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Serialize)]
struct StoryList {
    stories: Vec<veille_store::StoryRow>,
}

/// `GET /api/stories`.
async fn stories(
    State(state): State<Arc<ServerState>>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<StoryList>> {
    let limit = stories_limit(raw.as_deref())?;
    let stories = state.read(move |v| v.stories(limit)).await?;
    Ok(Json(StoryList { stories }))
}

/// `GET /api/stories/{id}`.
async fn story(
    State(state): State<Arc<ServerState>>,
    Path(id): Path<String>,
) -> ApiResult<Json<veille_app::browse::StoryPage>> {
    path_id(&id)?;
    Ok(Json(
        state.read(move |v| v.story(&id, LIST_LIMIT * 4)).await?,
    ))
}

/// `GET /api/places/{id}`.
async fn place(
    State(state): State<Arc<ServerState>>,
    Path(id): Path<String>,
) -> ApiResult<Json<veille_app::browse::PlacePage>> {
    path_id(&id)?;
    Ok(Json(state.read(move |v| v.place(&id, LIST_LIMIT)).await?))
}

/// `GET /api/jobs/{id}`.
async fn job(
    State(state): State<Arc<ServerState>>,
    Path(id): Path<String>,
) -> ApiResult<Json<Job>> {
    state
        .jobs
        .get(&id)
        .map(Json)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no job with id {id:?}")))
}

#[derive(Serialize)]
struct FeedList {
    feeds: Vec<monitor::FeedStatus>,
}

/// `GET /api/feeds`.
async fn feeds(State(state): State<Arc<ServerState>>) -> Json<FeedList> {
    Json(FeedList {
        feeds: monitor::statuses(&state),
    })
}

/// Does the request carry the write token? (Compared in constant time.)
fn authorized(state: &ServerState, headers: &HeaderMap) -> ApiResult<()> {
    let Some(token) = state.token() else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "read-only server: start it with --token (or VEILLE_TOKEN) to allow writes",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or("");
    let (a, b) = (given.as_bytes(), token.as_bytes());
    let same = a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0;
    match same {
        true => Ok(()),
        false => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "a write needs the header Authorization: Bearer TOKEN",
        )),
    }
}

/// What an ingest job is given.
enum Input {
    Url(String),
    Text(RawDoc),
    File { name: String, bytes: Vec<u8> },
}

#[derive(serde::Deserialize)]
struct IngestJson {
    url: Option<String>,
    text: Option<String>,
    title: Option<String>,
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("the body is over {} MB", BODY_LIMIT / (1024 * 1024)),
    )
}

fn http_url(u: &str) -> ApiResult<String> {
    let u = u.trim();
    let ok = (u.starts_with("http://") || u.starts_with("https://"))
        && u.len() <= 4096
        && !u.chars().any(|c| c.is_whitespace() || c.is_control());
    match ok {
        true => Ok(u.to_string()),
        false => Err(ApiError::bad(format!("url {u:?}: an http(s) URL"))),
    }
}

/// The input of `POST /api/ingest`: JSON (a URL, or text with an
/// optional title and URL) or a multipart upload's `file` field.
async fn ingest_input(state: &Arc<ServerState>, req: Request) -> ApiResult<Input> {
    let ctype = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if let Some(len) = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
    {
        if len > BODY_LIMIT {
            return Err(too_large());
        }
    }
    if ctype.starts_with("multipart/form-data") {
        let mut mp = axum::extract::Multipart::from_request(req, state)
            .await
            .map_err(|e| ApiError::bad(e.body_text()))?;
        loop {
            let field = match mp.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => return Err(ApiError::bad("no `file` field in the form")),
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
                Err(e) => return Err(ApiError::bad(e.body_text())),
            };
            if field.name() != Some("file") {
                continue;
            }
            let name = field.file_name().unwrap_or("upload.txt").to_string();
            return match field.bytes().await {
                Ok(b) if b.is_empty() => Err(ApiError::bad("the uploaded file is empty")),
                Ok(b) => Ok(Input::File {
                    name,
                    bytes: b.to_vec(),
                }),
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(too_large()),
                Err(e) => Err(ApiError::bad(e.body_text())),
            };
        }
    }
    if !ctype.starts_with("application/json") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send application/json ({\"url\"} or {\"text\", \"title\", \"url\"}) or multipart/form-data with a `file` field",
        ));
    }
    let body = axum::body::to_bytes(req.into_body(), BODY_LIMIT)
        .await
        .map_err(|_| too_large())?;
    let j: IngestJson = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad(format!("malformed JSON body: {e}")))?;
    let url = j.url.as_deref().map(http_url).transpose()?;
    match (j.text.filter(|t| !t.trim().is_empty()), url) {
        (Some(text), url) => {
            let source = url.clone().unwrap_or_else(|| "api:text".to_string());
            let mut raw = RawDoc::text(source, text);
            raw.title = j.title.filter(|t| !t.trim().is_empty());
            raw.url = url;
            Ok(Input::Text(raw))
        }
        (None, Some(url)) => Ok(Input::Url(url)),
        (None, None) => Err(ApiError::bad(
            "give {\"url\": \"https://…\"} or {\"text\": \"…\", \"title\": \"…\", \"url\": \"…\"}",
        )),
    }
}

/// `POST /api/ingest`: 202 with the job's id; the writer runs it.
async fn ingest(State(state): State<Arc<ServerState>>, req: Request<Body>) -> ApiResult<Response> {
    authorized(&state, req.headers())?;
    let input = ingest_input(&state, req).await?;
    let id = state.jobs.queue();
    let (jobs, job_id, fetch) = (state.jobs.clone(), id.clone(), state.fetch.clone());
    let runner = state.clone();
    tokio::spawn(async move {
        let j = jobs.clone();
        let jid = job_id.clone();
        let r = runner
            .write(move |v| {
                j.running(&jid);
                match input {
                    Input::Url(u) => v.ingest_url(&u, fetch),
                    Input::Text(raw) => v.ingest_raw(vec![raw]),
                    Input::File { name, bytes } => {
                        v.ingest_upload(&name, &bytes, &ReadOptions::default(), &mut Silent)
                    }
                }
            })
            .await;
        match r {
            Ok(report) => jobs.done(&job_id, &report),
            Err(e) => jobs.failed(&job_id, e.to_string()),
        }
    });
    let mut res = (StatusCode::ACCEPTED, Json(serde_json::json!({ "job": id }))).into_response();
    if let Ok(loc) = HeaderValue::from_str(&format!("/api/jobs/{id}")) {
        res.headers_mut().insert(header::LOCATION, loc);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_become_filters_or_400s() {
        let r = search_request(Some(
            "q=pr%C3%A9sident+russe&type=PER&lang=fr&since=2024-05&page=2",
        ))
        .unwrap();
        assert_eq!(r.q.as_deref(), Some("président russe"));
        assert_eq!(
            (r.label, r.page, r.per_page),
            (Some(EntityLabel::Per), 2, PER_PAGE)
        );
        assert_eq!(
            search_request(None).unwrap(),
            SearchRequest {
                page: 1,
                per_page: PER_PAGE,
                ..Default::default()
            }
        );
        for bad in [
            "page=0",
            "per_page=100000",
            "type=chat",
            "lang=%C3%A9%C3%A9",
            "since=mai",
        ] {
            let e = search_request(Some(bad)).unwrap_err();
            assert_eq!(e.status, StatusCode::BAD_REQUEST, "{bad}");
        }
        let e = events_request(Some("actor=Poutine&format=csv&modality=Negated")).unwrap();
        assert!(e.csv);
        assert_eq!(e.query.actor.as_deref(), Some("Poutine"));
        assert_eq!(e.query.modality, Some(Modality::Negated));
        assert!(events_request(Some("format=xml")).is_err());
        assert_eq!(stories_limit(Some("limit=7")).unwrap(), 7);
        assert!(stories_limit(Some("limit=-1")).is_err());
    }
}
