//! The HTTP API's query strings, parsed into the filters the handlers use:
//! a 400 error or typed filters, never a panic; then the text query.
#![no_main]
use libfuzzer_sys::fuzz_target;
use veille_serve::api;

fuzz_target!(|data: &str| {
    if let Ok(r) = api::search_request(Some(data)) {
        assert!(r.page >= 1 && (1..=veille_app::browse::MAX_PER_PAGE).contains(&r.per_page));
        let _ = veille_store::TextQuery::parse(r.q.as_deref().unwrap_or(""));
    }
    if let Ok(r) = api::events_request(Some(data)) {
        assert!(r.page >= 1 && r.per_page >= 1);
    }
    if let Ok(limit) = api::stories_limit(Some(data)) {
        assert!((1..=1000).contains(&limit));
    }
    let _ = veille_store::TextQuery::parse(data);
});
