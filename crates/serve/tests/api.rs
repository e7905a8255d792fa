//! The JSON API end to end: a store built from `tests/fixtures/serve` with
//! the service layer, the router driven with `oneshot`, every answer
//! checked against the OpenAPI file's schemas.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use tower::ServiceExt;
use veille_app::{ReadOptions, Silent, Veille};
use veille_pipeline::Pipeline;
use veille_serve::{api, monitor, router, ServerState};

const TOKEN: &str = "s3cret-token";

struct Fixture {
    _dir: tempfile::TempDir,
    db: String,
    pipeline: Arc<Pipeline>,
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/serve")
}

/// The store built once from the fixtures (read-only tests share it).
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("serve.db").display().to_string();
        let pipeline = Arc::new(Pipeline::builtin().expect("models"));
        let store = veille_store::open(&db).unwrap();
        let mut v = Veille::with(store, pipeline.clone());
        let r = v
            .ingest(&[fixtures()], &ReadOptions::default(), &mut Silent)
            .unwrap();
        assert_eq!(r.inserted, 5, "{r:?}");
        Fixture {
            _dir: dir,
            db,
            pipeline,
        }
    })
}

/// A server over the shared fixture store, with a pool of two readers.
fn app(token: Option<&str>) -> Router {
    let f = fixture();
    let writer = Veille::with(veille_store::open(&f.db).unwrap(), f.pipeline.clone());
    let state = ServerState::pooled(writer, &f.db, token.map(str::to_string), 2).unwrap();
    router(Arc::new(state))
}

/// A server over a fresh empty store of its own (writes).
fn fresh(token: Option<&str>) -> (tempfile::TempDir, Arc<ServerState>) {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fresh.db").display().to_string();
    let writer = Veille::with(veille_store::open(&db).unwrap(), f.pipeline.clone());
    let state = ServerState::pooled(writer, &db, token.map(str::to_string), 2).unwrap();
    (dir, Arc::new(state))
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, Vec<u8>, Option<String>) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let ctype = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, body, ctype)
}

/// GET `uri`: the status and the JSON body (every answer is JSON).
async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    let req = Request::get(uri).body(Body::empty()).unwrap();
    let (status, body, ctype) = send(app, req).await;
    assert!(
        ctype
            .as_deref()
            .is_some_and(|c| c.starts_with("application/json")),
        "{uri}: {status} {ctype:?}"
    );
    let v = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("{uri}: {e}: {}", String::from_utf8_lossy(&body)));
    (status, v)
}

async fn get_ok(app: &Router, uri: &str, schema: &str) -> Value {
    let (status, v) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {v}");
    conforms(&v, schema);
    v
}

async fn post_json(app: &Router, body: &Value, token: Option<&str>) -> (StatusCode, Value) {
    let mut req = Request::post("/api/ingest").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let (status, body, _) = send(app, req.body(Body::from(body.to_string())).unwrap()).await;
    (status, serde_json::from_slice(&body).unwrap())
}

// --- a small validator for the OpenAPI file's schemas -------------------

fn openapi() -> &'static Value {
    static O: OnceLock<Value> = OnceLock::new();
    O.get_or_init(|| serde_json::from_str(api::OPENAPI).expect("openapi.json is JSON"))
}

/// Panics unless `v` matches the component schema `name`.
fn conforms(v: &Value, name: &str) {
    let schema = json!({ "$ref": format!("#/components/schemas/{name}") });
    if let Err(e) = check(v, &schema, name) {
        panic!("{name}: {e}\n{}", serde_json::to_string_pretty(v).unwrap());
    }
}

fn check(v: &Value, s: &Value, at: &str) -> Result<(), String> {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/components/schemas/");
        let target = &openapi()["components"]["schemas"][name];
        if target.is_null() {
            return Err(format!("{at}: unknown schema {r}"));
        }
        return check(v, target, at);
    }
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        for x in all {
            check(v, x, at)?;
        }
    }
    if let Some(one) = s.get("oneOf").and_then(Value::as_array) {
        let ok = one.iter().filter(|x| check(v, x, at).is_ok()).count();
        if ok != 1 {
            return Err(format!("{at}: {ok} of oneOf match {v}"));
        }
    }
    if let Some(t) = s.get("type") {
        let types: Vec<&str> = match t {
            Value::String(x) => vec![x.as_str()],
            Value::Array(xs) => xs.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let fits = |ty: &str| match ty {
            "null" => v.is_null(),
            "string" => v.is_string(),
            "integer" => v.is_u64() || v.is_i64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "array" => v.is_array(),
            "object" => v.is_object(),
            _ => false,
        };
        if !types.iter().any(|t| fits(t)) {
            return Err(format!("{at}: {v} is not {types:?}"));
        }
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            return Err(format!("{at}: {v} not in {e:?}"));
        }
    }
    if let (Some(min), Some(n)) = (s.get("minimum").and_then(Value::as_f64), v.as_f64()) {
        if n < min {
            return Err(format!("{at}: {n} < {min}"));
        }
    }
    if let (Some(max), Some(n)) = (s.get("maximum").and_then(Value::as_f64), v.as_f64()) {
        if n > max {
            return Err(format!("{at}: {n} > {max}"));
        }
    }
    if let Some(o) = v.as_object() {
        for r in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = r.as_str().unwrap_or("");
            if !o.contains_key(key) {
                return Err(format!("{at}: missing {key}"));
            }
        }
        if let Some(props) = s.get("properties").and_then(Value::as_object) {
            for (k, ps) in props {
                if let Some(x) = o.get(k) {
                    check(x, ps, &format!("{at}.{k}"))?;
                }
            }
        }
    }
    if let (Some(items), Some(a)) = (s.get("items"), v.as_array()) {
        for (i, x) in a.iter().enumerate() {
            check(x, items, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

// --- the tests ------------------------------------------------------------

#[test]
fn the_openapi_file_describes_every_route() {
    let o = openapi();
    assert_eq!(o["openapi"], "3.1.0");
    for p in [
        "/api/health",
        "/api/openapi.json",
        "/api/search",
        "/api/documents/{id}",
        "/api/entities/{id}",
        "/api/events",
        "/api/stories",
        "/api/stories/{id}",
        "/api/places/{id}",
        "/api/ingest",
        "/api/jobs/{id}",
        "/api/feeds",
    ] {
        assert!(o["paths"][p].is_object(), "{p} undocumented");
    }
    // Every $ref names a schema.
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                    out.push(r.to_string());
                }
                m.values().for_each(|x| refs(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(o, &mut all);
    for r in all {
        let name = r.trim_start_matches("#/components/schemas/");
        assert!(o["components"]["schemas"][name].is_object(), "{r}");
    }
}

#[tokio::test]
async fn every_endpoint_answers_json_matching_the_openapi_schemas() {
    let app = app(None);
    let h = get_ok(&app, "/api/health", "Health").await;
    assert_eq!(h["documents"], 5);
    let (status, o) = get(&app, "/api/openapi.json").await;
    assert_eq!(
        (status, o["openapi"].as_str()),
        (StatusCode::OK, Some("3.1.0"))
    );

    // Search: words, an entity in another spelling, filters, facets.
    let s = get_ok(&app, "/api/search?q=drones", "SearchResults").await;
    assert!(s["total"].as_u64().unwrap() >= 2, "{s}");
    assert_eq!(s["page"], 1);
    let all = get_ok(&app, "/api/search", "SearchResults").await;
    assert_eq!(all["total"], 5, "no filter: every document");
    assert!(all["facets"]["lang"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["value"] == "en"));
    assert!(!all["facets"]["site"].as_array().unwrap().is_empty());
    assert!(all["facets"]["entity"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["name"] == "Emmanuel Macron"));
    let fr = get_ok(
        &app,
        "/api/search?lang=fr&per_page=2&page=2",
        "SearchResults",
    )
    .await;
    assert_eq!(
        (fr["total"].as_u64(), fr["hits"].as_array().unwrap().len()),
        (Some(4), 2)
    );
    let m = get_ok(&app, "/api/search?entity=Macron&type=PER", "SearchResults").await;
    assert!(m["total"].as_u64().unwrap() >= 3, "{m}");
    let dated = get_ok(
        &app,
        "/api/search?since=2025-03-11&until=2025-03",
        "SearchResults",
    )
    .await;
    assert_eq!(dated["total"], 2);
    let site = all["facets"]["site"][0]["value"]
        .as_str()
        .unwrap()
        .to_string();
    let by_site = get_ok(
        &app,
        &format!("/api/search?site={}", enc(&site)),
        "SearchResults",
    )
    .await;
    assert!(by_site["total"].as_u64().unwrap() >= 1);

    // A document: text, removed parts with reasons, annotations, copies, story.
    let hit = &s["hits"][0];
    let id = hit["id"].as_str().unwrap();
    let d = get_ok(&app, &format!("/api/documents/{id}"), "DocumentView").await;
    assert_eq!(d["id"], id);
    let text = d["text"].as_str().unwrap();
    for e in d["entities"].as_array().unwrap() {
        let (a, b) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            &text.as_bytes()[a..b],
            e["text"].as_str().unwrap().as_bytes(),
            "byte spans"
        );
    }
    let prefix = &id[..8];
    get_ok(&app, &format!("/api/documents/{prefix}"), "DocumentView").await;
    // The aggregator's repost is a copy of the French original.
    let repost = get_ok(&app, "/api/search?q=chez", "SearchResults").await;
    let rid = repost["hits"][0]["id"].as_str().unwrap();
    let r = get_ok(&app, &format!("/api/documents/{rid}"), "DocumentView").await;
    assert!(
        !r["copy_of"].is_null() || !r["copies"].as_array().unwrap().is_empty(),
        "the repost is related to its original: {}",
        r["copy_of"]
    );

    // An entity in any spelling, and by its id.
    let e = get_ok(&app, "/api/entities/Macron", "EntityPage").await;
    assert_eq!(e["canonical"], "Emmanuel Macron");
    assert!(!e["timeline"].as_array().unwrap().is_empty());
    assert!(
        !e["quotes"].as_array().unwrap().is_empty(),
        "{}",
        e["quotes"]
    );
    assert!(!e["cooccurring"].as_array().unwrap().is_empty());
    let eid = e["id"].as_str().unwrap().to_string();
    let by_id = get_ok(&app, &format!("/api/entities/{}", enc(&eid)), "EntityPage").await;
    assert_eq!(by_id["id"], eid.as_str());
    get_ok(&app, "/api/entities/Zelensky", "EntityPage").await;

    // Events, paged and filtered, and as CSV.
    let ev = get_ok(&app, "/api/events", "EventResults").await;
    let events = ev["events"].as_array().unwrap();
    assert!(!events.is_empty(), "the fixtures hold events");
    let ty = events[0]["type"].as_str().unwrap();
    let typed = get_ok(&app, &format!("/api/events?type={ty}"), "EventResults").await;
    assert!(typed["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["type"] == ty));
    get_ok(
        &app,
        "/api/events?actor=Zelensky&modality=asserted&since=2025-01-01&until=2025-12-31&page=1&per_page=5",
        "EventResults",
    )
    .await;
    let (status, csv, ctype) = send(
        &app,
        Request::get("/api/events?format=csv")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.unwrap().starts_with("text/csv"));
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.lines().count() > 1, "a header and rows");
    assert!(csv.lines().next().unwrap().contains(','));

    // Stories.
    let st = get_ok(&app, "/api/stories", "StoryList").await;
    let first = &st["stories"][0];
    let sid = first["id"].as_str().unwrap();
    let story = get_ok(&app, &format!("/api/stories/{}", enc(sid)), "StoryPage").await;
    assert_eq!(
        story["documents"].as_array().unwrap().len() as u64,
        first["documents"].as_u64().unwrap()
    );
    assert_eq!(story["independent"], first["independent"]);

    // A place, from an entity placed on the map.
    let kyiv = get_ok(&app, "/api/search?q=Kyiv", "SearchResults").await;
    let kid = kyiv["hits"][0]["id"].as_str().unwrap();
    let kd = get_ok(&app, &format!("/api/documents/{kid}"), "DocumentView").await;
    let place_id = kd["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|e| e["place"]["place_id"].as_str())
        .expect("a placed entity")
        .to_string();
    let p = get_ok(
        &app,
        &format!("/api/places/{}", enc(&place_id)),
        "PlacePage",
    )
    .await;
    assert!(!p["documents"].as_array().unwrap().is_empty());

    // Feeds (none monitored).
    let f = get_ok(&app, "/api/feeds", "FeedList").await;
    assert!(f["feeds"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn unknown_ids_are_404_and_malformed_parameters_400() {
    let app = app(None);
    for uri in [
        "/api/documents/ffffffffffffffff",
        "/api/documents/zz",
        "/api/entities/Nobody%20Atall%20Xq",
        "/api/stories/nope",
        "/api/places/geonames:0",
        "/api/jobs/1-00000000",
        "/api/nothing-here",
        "/api",
    ] {
        let (status, v) = get(&app, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {v}");
        conforms(&v, "Error");
    }
    for uri in [
        "/api/search?since=yesterday",
        "/api/search?until=2024-13-01",
        "/api/search?page=-1",
        "/api/search?page=0",
        "/api/search?per_page=1000",
        "/api/search?type=PERSON",
        "/api/search?lang=french",
        "/api/events?type=BOMBING",
        "/api/events?modality=maybe",
        "/api/events?since=2024-02-31x",
        "/api/events?format=xml",
        "/api/events?page=abc",
        "/api/stories?limit=0",
    ] {
        let (status, v) = get(&app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {v}");
        conforms(&v, "Error");
    }
    // A wrong method is JSON too.
    let (status, body, _) = send(
        &app,
        Request::delete("/api/search").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    conforms(&serde_json::from_slice(&body).unwrap(), "Error");
}

#[tokio::test]
async fn writes_need_the_token() {
    let body = json!({"text": "Un texte.", "title": "Titre"});
    // Read-only server: every write is 401.
    let (status, v) = post_json(&app(None), &body, Some(TOKEN)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(v["error"].as_str().unwrap().contains("read-only"));
    let app = app(Some(TOKEN));
    for token in [None, Some("wrong"), Some(""), Some("s3cret-token-longer")] {
        let (status, v) = post_json(&app, &body, token).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token:?}");
        conforms(&v, "Error");
    }
}

#[tokio::test]
async fn malformed_ingest_bodies_are_400_and_oversized_ones_413() {
    let (_dir, state) = fresh(Some(TOKEN));
    let app = router(state);
    for body in [
        json!({}),
        json!({"url": "ftp://example.com/x"}),
        json!({"url": "not a url"}),
        json!({"text": "   "}),
        json!([1, 2]),
    ] {
        let (status, v) = post_json(&app, &body, Some(TOKEN)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {v}");
    }
    let req = Request::post("/api/ingest")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from("{not json"))
        .unwrap();
    assert_eq!(send(&app, req).await.0, StatusCode::BAD_REQUEST);
    let req = Request::post("/api/ingest")
        .header(header::CONTENT_TYPE, "text/plain")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from("hello"))
        .unwrap();
    assert_eq!(send(&app, req).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Over the limit, JSON and multipart alike.
    let big = "a".repeat(api::BODY_LIMIT + 10);
    let body = json!({ "text": big }).to_string();
    let req = Request::post("/api/ingest")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(body))
        .unwrap();
    let (status, b, _) = send(&app, req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    conforms(&serde_json::from_slice(&b).unwrap(), "Error");
    let mut form =
        b"--XB\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n"
            .to_vec();
    form.extend(vec![b'a'; api::BODY_LIMIT + 10]);
    form.extend(b"\r\n--XB--\r\n");
    let req = Request::post("/api/ingest")
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=XB")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(form))
        .unwrap();
    let (status, _, _) = send(&app, req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

/// Polls a job until it is done or failed.
async fn finished(app: &Router, job: &str) -> Value {
    let start = Instant::now();
    loop {
        let v = get_ok(app, &format!("/api/jobs/{job}"), "Job").await;
        if v["state"] == "done" || v["state"] == "failed" {
            return v;
        }
        assert!(start.elapsed() < Duration::from_secs(120), "job stuck: {v}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn an_ingest_job_runs_to_done_and_its_document_becomes_searchable() {
    let (_dir, state) = fresh(Some(TOKEN));
    let app = router(state);
    let body = json!({
        "title": "Inondations à Valence",
        "text": "De fortes pluies ont provoqué des inondations mardi à Valence, en Espagne.\n\nLes secours ont évacué plusieurs quartiers, selon la mairie.",
        "url": "https://journal-exemple.es/valence-inondations"
    });
    let (status, v) = post_json(&app, &body, Some(TOKEN)).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{v}");
    conforms(&v, "JobAccepted");
    let job = finished(&app, v["job"].as_str().unwrap()).await;
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(
        (job["read"].as_u64(), job["inserted"].as_u64()),
        (Some(1), Some(1))
    );
    let doc = job["documents"][0].as_str().unwrap().to_string();
    let s = get_ok(&app, "/api/search?q=inondations", "SearchResults").await;
    assert_eq!(s["hits"][0]["id"], doc.as_str());
    // The same text again: a duplicate.
    let (_, v) = post_json(&app, &body, Some(TOKEN)).await;
    let again = finished(&app, v["job"].as_str().unwrap()).await;
    assert_eq!(
        (again["inserted"].as_u64(), again["duplicates"].as_u64()),
        (Some(0), Some(1))
    );

    // An uploaded JSONL file.
    let mut form = b"--XB\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nignored\r\n--XB\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../lot.jsonl\"\r\nContent-Type: application/octet-stream\r\n\r\n".to_vec();
    form.extend(
        json!({"title": "Tempête sur la Bretagne", "text": "Une tempête a frappé la Bretagne dimanche, privant des milliers de foyers d'électricité."})
            .to_string()
            .as_bytes(),
    );
    form.extend(b"\n{broken line\n\r\n--XB--\r\n");
    let req = Request::post("/api/ingest")
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=XB")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(form))
        .unwrap();
    let (status, b, _) = send(&app, req).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let v: Value = serde_json::from_slice(&b).unwrap();
    let job = finished(&app, v["job"].as_str().unwrap()).await;
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(job["inserted"], 1);
    assert_eq!(job["skipped"], 1, "the broken line");
    let s = get_ok(&app, "/api/search?q=tempete", "SearchResults").await;
    assert_eq!(s["total"], 1);

    // A URL that cannot be fetched: the job fails with its reason.
    let (_, v) = post_json(
        &app,
        &json!({"url": "http://127.0.0.1:9/nothing"}),
        Some(TOKEN),
    )
    .await;
    let job = finished(&app, v["job"].as_str().unwrap()).await;
    assert_eq!(job["state"], "failed");
    assert!(job["error"].as_str().is_some_and(|e| !e.is_empty()));
}

#[tokio::test]
async fn path_traversal_under_api_is_404() {
    let app = app(None);
    for uri in [
        "/api/../Cargo.toml",
        "/api/documents/../../Cargo.toml",
        "/api/documents/..%2F..%2FCargo.toml",
        "/api/%2e%2e/%2e%2e/etc/passwd",
        "/api/assets/../../../etc/passwd",
        "/api/entities/..%2f..%2fetc%2fpasswd",
        "/api/stories/%2e%2e",
        "/api/places/..",
        "/api/jobs/../../etc/passwd",
        "/api/openapi.json/..",
    ] {
        let (status, v) = get(&app, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {v}");
        assert!(!v.to_string().contains("root:"), "{uri}");
    }
}

#[tokio::test]
async fn reads_run_side_by_side_on_the_pool() {
    let app = app(None);
    let mut tasks = Vec::new();
    for i in 0..24 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let uri = match i % 4 {
                0 => "/api/search?q=drones".to_string(),
                1 => "/api/entities/Scholz".to_string(),
                2 => "/api/events?per_page=3".to_string(),
                _ => "/api/search?entity=Zelensky".to_string(),
            };
            get(&app, &uri).await.0
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::OK);
    }
}

/// Serves a feed, its article and a page that fails, on loopback.
fn feed_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let b = base.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let base = b.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                        break;
                    }
                }
                let (status, ctype, body) = match path.as_str() {
                    "/feed.xml" => (200, "application/rss+xml", format!(
                        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Exemple</title>\
                         <item><title>Le Conseil vote le budget</title><link>{base}/budget.html</link>\
                         <pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate></item></channel></rss>")),
                    "/budget.html" => (200, "text/html; charset=utf-8", "<html><head><title>Le Conseil vote le budget</title></head><body><article><h1>Le Conseil vote le budget</h1>\
                         <p>Le conseil municipal de Lyon a voté mardi soir le budget de l'année, après quatre heures de débat.</p>\
                         <p>L'opposition a dénoncé une hausse des dépenses de fonctionnement, selon plusieurs élus présents.</p>\
                         <p>Le maire a promis une baisse des impôts locaux dès l'an prochain.</p></article></body></html>".to_string()),
                    "/broken.xml" => (200, "application/rss+xml", "<rss><channel><item>".to_string()),
                    _ => (404, "text/plain", "not found".to_string()),
                };
                let mut out = stream;
                let _ = write!(
                    out,
                    "HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    base
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_are_polled_in_the_background_and_failures_reported() {
    let base = feed_server();
    let (_dir, state) = fresh(None);
    let app = router(state.clone());
    let opts = veille_ingest::fetch::FetchOptions {
        delay: Duration::from_millis(1),
        timeout: Duration::from_secs(5),
        retries: 0,
        ..Default::default()
    };
    let urls = vec![
        format!("{base}/feed.xml"),
        format!("{base}/broken.xml"),
        "http://127.0.0.1:9/feed.xml".to_string(),
    ];
    let task = monitor::spawn(state, urls.clone(), Duration::from_secs(3600), opts);
    let start = Instant::now();
    let feeds = loop {
        let f = get_ok(&app, "/api/feeds", "FeedList").await;
        let done = f["feeds"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["polls"].as_u64() >= Some(1));
        if done {
            break f;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "polls stuck: {f}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let by = |u: &str| {
        feeds["feeds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["url"] == u)
            .cloned()
            .unwrap()
    };
    let good = by(&urls[0]);
    assert_eq!(good["error"], Value::Null, "{good}");
    assert_eq!(
        (good["items"].as_u64(), good["new_items"].as_u64()),
        (Some(1), Some(1))
    );
    assert!(good["last_poll"].as_str().is_some());
    for bad in [&urls[1], &urls[2]] {
        let b = by(bad);
        assert!(b["error"].as_str().is_some_and(|e| !e.is_empty()), "{b}");
    }
    // The server goes on, and what the feed brought is searchable.
    let s = get_ok(&app, "/api/search?q=budget", "SearchResults").await;
    assert_eq!(s["total"], 1);
    task.abort();
}

mod props {
    use super::*;
    use proptest::prelude::*;

    const KEYS: [&str; 18] = [
        "q", "entity", "type", "lang", "site", "since", "until", "page", "per_page", "actor",
        "target", "modality", "place", "format", "limit", "x", "", "q[]",
    ];
    const PATHS: [&str; 8] = [
        "/api/search",
        "/api/events",
        "/api/stories",
        "/api/health",
        "/api/feeds",
        "/api/documents/",
        "/api/entities/",
        "/api/places/",
    ];

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[0-9-]{0,12}",
            "-?[0-9]{1,25}",
            prop::sample::select(vec![
                "PER",
                "LOC",
                "ASSAULT",
                "asserted",
                "csv",
                "2025-03",
                "2025-02-30",
                "fr",
                "\"",
                "*",
                "NEAR(a b)",
                "a OR",
                "-",
                "%",
                "..",
                "../..",
                "\u{0}",
            ])
            .prop_map(str::to_string),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]
        #[test]
        fn arbitrary_queries_never_fail_the_server(
            path in prop::sample::select(PATHS.to_vec()),
            pairs in prop::collection::vec((prop::sample::select(KEYS.to_vec()), value()), 0..5),
            id in any::<String>(),
        ) {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let app = app(None);
            let query: String = pairs
                .iter()
                .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
                .collect::<Vec<_>>()
                .join("&");
            let mut uri = path.to_string();
            if path.ends_with('/') {
                let id: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
                uri.push_str(if id.is_empty() { "x" } else { &id });
            }
            if !query.is_empty() {
                uri.push('?');
                uri.push_str(&query);
            }
            let req = Request::get(uri.as_str()).body(Body::empty()).unwrap();
            let (status, _, ctype) = rt.block_on(send(&app, req));
            // Every answer is JSON, but a CSV export asked for and given.
            let csv = status == StatusCode::OK
                && ctype.as_deref().is_some_and(|c| c.starts_with("text/csv"));
            prop_assert!(
                csv || ctype.as_deref().is_some_and(|c| c.starts_with("application/json")),
                "{} -> {} {:?}", uri, status, ctype
            );
            prop_assert!(
                [StatusCode::OK, StatusCode::BAD_REQUEST, StatusCode::NOT_FOUND].contains(&status),
                "{} -> {}", uri, status
            );
        }
    }
}
