//! The polite fetcher against a local HTTP server (loopback only); part of
//! the `readers` test binary.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use veille_ingest::fetch::{FetchError, FetchOptions, Fetched, Fetcher, Validators};

type Reply = (u16, Vec<(&'static str, String)>, Vec<u8>);
type Route = dyn Fn(&str, &HashMap<String, String>, usize) -> Reply + Send + Sync;

/// Serves `route(path, headers, nth request to that path)`; returns the base
/// URL and the log of requested paths.
fn serve(route: Box<Route>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let route: Arc<Route> = Arc::from(route);
    let log2 = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let route = route.clone();
            let log = log2.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                let mut headers = HashMap::new();
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                        break;
                    }
                    if let Some((k, v)) = h.split_once(':') {
                        headers.insert(k.trim().to_lowercase(), v.trim().to_string());
                    }
                }
                let nth = {
                    let mut l = log.lock().unwrap();
                    l.push(path.clone());
                    l.iter().filter(|p| **p == path).count()
                };
                let (status, hs, body) = route(&path, &headers, nth);
                if status == 0 {
                    // Never answer (for timeouts).
                    std::thread::sleep(Duration::from_secs(5));
                    return;
                }
                let mut out = stream;
                let mut head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                    body.len()
                );
                for (k, v) in hs {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str("\r\n");
                let _ = out.write_all(head.as_bytes());
                let _ = out.write_all(&body);
            });
        }
    });
    (base, log)
}

fn quick() -> FetchOptions {
    FetchOptions {
        delay: Duration::from_millis(10),
        timeout: Duration::from_millis(500),
        retries: 2,
        ..Default::default()
    }
}

#[test]
fn obeys_robots_and_never_asks_for_disallowed_pages() {
    let (base, log) = serve(Box::new(|path, _, _| match path {
        "/robots.txt" => (
            200,
            vec![],
            b"User-agent: *\nDisallow: /private/\n".to_vec(),
        ),
        _ => (
            200,
            vec![("Content-Type", "text/html; charset=utf-8".into())],
            b"<p>ok</p>".to_vec(),
        ),
    }));
    let mut f = Fetcher::new(quick());
    match f.get(&format!("{base}/news/a.html"), None).unwrap() {
        Fetched::Body { bytes, charset, .. } => {
            assert_eq!(bytes, b"<p>ok</p>");
            assert_eq!(charset.as_deref(), Some("utf-8"));
        }
        other => panic!("{other:?}"),
    }
    let err = f.get(&format!("{base}/private/b.html"), None).unwrap_err();
    assert!(matches!(err, FetchError::Robots { .. }), "{err}");
    let log = log.lock().unwrap();
    assert_eq!(log.iter().filter(|p| *p == "/robots.txt").count(), 1);
    assert!(!log.iter().any(|p| p.starts_with("/private")));
}

#[test]
fn robots_server_error_means_nothing_is_fetched() {
    let (base, log) = serve(Box::new(|path, _, _| match path {
        "/robots.txt" => (503, vec![], vec![]),
        _ => (200, vec![], b"x".to_vec()),
    }));
    let mut f = Fetcher::new(FetchOptions {
        retries: 0,
        ..quick()
    });
    assert!(matches!(
        f.get(&format!("{base}/a"), None),
        Err(FetchError::Robots { .. })
    ));
    assert!(!log.lock().unwrap().iter().any(|p| p == "/a"));
}

#[test]
fn conditional_requests_get_not_modified() {
    let (base, _) = serve(Box::new(|path, h, _| match path {
        "/robots.txt" => (404, vec![], vec![]),
        _ if h.get("if-none-match").map(String::as_str) == Some("\"v1\"") => (304, vec![], vec![]),
        _ => (
            200,
            vec![
                ("ETag", "\"v1\"".into()),
                ("Last-Modified", "Sat, 23 Nov 2026 10:00:00 GMT".into()),
            ],
            b"<rss/>".to_vec(),
        ),
    }));
    let mut f = Fetcher::new(quick());
    let url = format!("{base}/feed.xml");
    let Fetched::Body { validators, .. } = f.get(&url, None).unwrap() else {
        panic!("expected a body")
    };
    assert_eq!(validators.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        f.get(&url, Some(&validators)).unwrap(),
        Fetched::NotModified
    );
    let stale = Validators {
        etag: Some("\"v0\"".into()),
        last_modified: None,
    };
    assert!(matches!(
        f.get(&url, Some(&stale)).unwrap(),
        Fetched::Body { .. }
    ));
}

#[test]
fn retries_server_errors_then_gives_up_with_the_status() {
    let (base, log) = serve(Box::new(|path, _, nth| match path {
        "/robots.txt" => (404, vec![], vec![]),
        "/flaky" if nth == 1 => (503, vec![("Retry-After", "0".into())], vec![]),
        "/flaky" => (200, vec![], b"fine".to_vec()),
        "/gone" => (404, vec![], vec![]),
        _ => (500, vec![], vec![]),
    }));
    let mut f = Fetcher::new(quick());
    assert!(matches!(
        f.get(&format!("{base}/flaky"), None),
        Ok(Fetched::Body { .. })
    ));
    let err = f.get(&format!("{base}/broken"), None).unwrap_err();
    assert!(
        matches!(err, FetchError::Status { status: 500, .. }),
        "{err}"
    );
    assert!(matches!(
        f.get(&format!("{base}/gone"), None),
        Err(FetchError::Status { status: 404, .. })
    ));
    let log = log.lock().unwrap();
    assert_eq!(
        log.iter().filter(|p| *p == "/broken").count(),
        3,
        "1 try + 2 retries"
    );
    assert_eq!(
        log.iter().filter(|p| *p == "/gone").count(),
        1,
        "4xx is not retried"
    );
}

#[test]
fn waits_between_requests_to_one_host_and_times_out() {
    let (base, _) = serve(Box::new(|path, _, _| match path {
        "/robots.txt" => (404, vec![], vec![]),
        "/slow" => (0, vec![], vec![]),
        _ => (200, vec![], b"x".to_vec()),
    }));
    let mut f = Fetcher::new(FetchOptions {
        delay: Duration::from_millis(300),
        retries: 0,
        ..quick()
    });
    f.get(&format!("{base}/a"), None).unwrap();
    let t = Instant::now();
    f.get(&format!("{base}/b"), None).unwrap();
    assert!(
        t.elapsed() >= Duration::from_millis(250),
        "{:?}",
        t.elapsed()
    );
    let err = f.get(&format!("{base}/slow"), None).unwrap_err();
    assert!(matches!(err, FetchError::Network { .. }), "{err}");
    assert!(matches!(
        f.get("ftp://example.org/x", None),
        Err(FetchError::BadUrl { .. })
    ));
}

#[test]
fn refuses_bodies_over_the_limit() {
    let (base, _) = serve(Box::new(|path, _, _| match path {
        "/robots.txt" => (404, vec![], vec![]),
        _ => (200, vec![], vec![b'a'; 5000]),
    }));
    let mut f = Fetcher::new(FetchOptions {
        max_bytes: 1000,
        ..quick()
    });
    assert!(matches!(
        f.get(&format!("{base}/big"), None),
        Err(FetchError::TooLarge { .. })
    ));
}
