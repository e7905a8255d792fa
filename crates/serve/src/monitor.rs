//! Feed monitoring: `veille serve --feeds LIST --every 15m` polls each feed
//! in the background with the service layer's poller (robots.txt, delays,
//! ETag/Last-Modified), stores what is new, and keeps each feed's last poll
//! for `GET /api/feeds`. A failing feed is reported and tried again next
//! round; nothing stops the server.

use crate::ServerState;
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;
use veille_app::Observer;
use veille_ingest::fetch::FetchOptions;

/// The last poll of one feed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedStatus {
    pub url: String,
    /// When it was last polled (UTC, RFC 3339); null before the first poll.
    pub last_poll: Option<String>,
    /// Polls so far.
    pub polls: u64,
    /// Items the feed listed at the last poll.
    pub items: usize,
    /// New documents the last poll stored.
    pub new_items: usize,
    /// The feed had not changed since the poll before (HTTP 304).
    pub not_modified: bool,
    /// Why the last poll failed (null when it worked).
    pub error: Option<String>,
}

impl FeedStatus {
    fn new(url: &str) -> FeedStatus {
        FeedStatus {
            url: url.to_string(),
            last_poll: None,
            polls: 0,
            items: 0,
            new_items: 0,
            not_modified: false,
            error: None,
        }
    }
}

/// Keeps what the poller skipped, for the report.
#[derive(Default)]
struct Skips(Vec<String>);

impl Observer for Skips {
    fn skipped(&mut self, what: &dyn std::fmt::Display) {
        self.0.push(what.to_string());
    }
}

/// Parses an interval: `90s`, `15m`, `2h`, `1d`, or seconds alone.
pub fn parse_every(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = match s.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, "s"),
    };
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s:?}: a number and a unit (90s, 15m, 2h, 1d)"))?;
    let secs = match unit {
        "s" => n,
        "m" => n.saturating_mul(60),
        "h" => n.saturating_mul(3600),
        "d" => n.saturating_mul(86_400),
        _ => return Err(format!("{s:?}: the unit is s, m, h or d")),
    };
    if secs == 0 {
        return Err(format!("{s:?}: the interval must be positive"));
    }
    Ok(Duration::from_secs(secs))
}

/// Polls one feed now and records its status.
pub async fn poll_once(state: &Arc<ServerState>, url: &str, opts: &FetchOptions) {
    let u = url.to_string();
    let o = opts.clone();
    let r = state
        .write(move |v| {
            let mut skips = Skips::default();
            let r = v.poll_feeds(std::slice::from_ref(&u), o, &mut skips);
            Ok((r, skips))
        })
        .await;
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut feeds = state.feeds.lock().unwrap_or_else(|p| p.into_inner());
    let at = match feeds.iter().position(|f| f.url == url) {
        Some(i) => i,
        None => {
            feeds.push(FeedStatus::new(url));
            feeds.len() - 1
        }
    };
    let f = &mut feeds[at];
    f.last_poll = Some(now);
    f.polls += 1;
    match r {
        Ok((Ok(report), _)) => {
            f.items = report.items;
            f.new_items = report.stored.inserted;
            f.not_modified = report.not_modified > 0;
            f.error = None;
        }
        Ok((Err(e), skips)) => {
            f.items = 0;
            f.new_items = 0;
            f.not_modified = false;
            f.error = Some(skips.0.first().cloned().unwrap_or_else(|| e.to_string()));
        }
        Err(e) => {
            f.items = 0;
            f.new_items = 0;
            f.not_modified = false;
            f.error = Some(e.to_string());
        }
    }
}

/// Polls every feed now, then again every `every`, until the runtime
/// stops. Each feed is listed (not yet polled) at once.
pub fn spawn(
    state: Arc<ServerState>,
    urls: Vec<String>,
    every: Duration,
    opts: FetchOptions,
) -> tokio::task::JoinHandle<()> {
    {
        let mut feeds = state.feeds.lock().unwrap_or_else(|p| p.into_inner());
        for u in &urls {
            if !feeds.iter().any(|f| &f.url == u) {
                feeds.push(FeedStatus::new(u));
            }
        }
    }
    tokio::spawn(async move {
        loop {
            for u in &urls {
                poll_once(&state, u, &opts).await;
            }
            tokio::time::sleep(every).await;
        }
    })
}

/// Every monitored feed's last poll.
pub fn statuses(state: &ServerState) -> Vec<FeedStatus> {
    state
        .feeds
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals() {
        assert_eq!(parse_every("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_every("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_every("2h"), Ok(Duration::from_secs(7200)));
        assert!(parse_every("0m").is_err());
        assert!(parse_every("5w").is_err());
        assert!(parse_every("m").is_err());
        assert!(parse_every("").is_err());
    }
}
