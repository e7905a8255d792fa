//! `veille ingest --feeds FILE`: polls RSS/Atom feeds over HTTP(S), fetches
//! the articles they link (politely: see `veille_ingest::fetch`), and
//! stores them. Feeds are asked conditionally (ETag / Last-Modified kept in
//! the store), and articles already stored are not fetched again.

use anyhow::{Context, Result};
use clap::Args;
use std::path::Path;
use std::time::Duration;
use veille_ingest::fetch::{FetchOptions, Fetched, Fetcher, Validators};
use veille_store::{FeedValidators, Put, Store};

#[derive(Args, Debug, Clone)]
pub struct FetchArgs {
    /// Smallest gap between two requests to the same host, in milliseconds
    /// (a host's robots.txt Crawl-delay, if longer, wins).
    #[arg(long, default_value_t = 1000)]
    pub delay_ms: u64,
    /// Timeout of one request (connect, then each read), in seconds.
    #[arg(long, default_value_t = 20)]
    pub timeout: u64,
    /// Further attempts after a network error, HTTP 429 or 5xx.
    #[arg(long, default_value_t = 2)]
    pub retries: u32,
    /// User-Agent sent with every request (and matched against robots.txt).
    #[arg(long)]
    pub user_agent: Option<String>,
}

impl FetchArgs {
    pub fn options(&self, max_bytes: u64) -> FetchOptions {
        let mut o = FetchOptions {
            delay: Duration::from_millis(self.delay_ms),
            timeout: Duration::from_secs(self.timeout.max(1)),
            retries: self.retries,
            max_bytes,
            ..Default::default()
        };
        if let Some(ua) = &self.user_agent {
            o.user_agent = ua.clone();
        }
        o
    }
}

/// Feed URLs of a list file: one per line; blank lines and `#` comments skipped.
pub fn read_list(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the feed list {}", path.display()))?;
    let urls: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    if urls.is_empty() {
        anyhow::bail!("{}: no feed URL (one http(s) URL per line)", path.display());
    }
    Ok(urls)
}

#[derive(Debug, Default)]
pub struct Report {
    pub feeds: usize,
    pub not_modified: usize,
    pub feeds_failed: usize,
    pub items: usize,
    pub known: usize,
    pub fetched: usize,
    pub from_feed_text: usize,
    pub inserted: usize,
    pub duplicates: usize,
    pub skipped: usize,
}

pub fn ingest(list: &Path, store: &mut dyn Store, opts: FetchOptions) -> Result<Report> {
    let urls = read_list(list)?;
    let mut fetcher = Fetcher::new(opts);
    let analyse = veille_pipeline::Options::default();
    let mut r = Report::default();
    for feed_url in urls {
        r.feeds += 1;
        let known = store.feed_validators(&feed_url)?.map(|v| Validators {
            etag: v.etag,
            last_modified: v.last_modified,
        });
        let (bytes, validators) = match fetcher.get(&feed_url, known.as_ref()) {
            Ok(Fetched::NotModified) => {
                eprintln!("{feed_url}: not modified since the last poll");
                r.not_modified += 1;
                continue;
            }
            Ok(Fetched::Body {
                bytes, validators, ..
            }) => (bytes, validators),
            Err(e) => {
                eprintln!("skipped feed: {e}");
                r.feeds_failed += 1;
                continue;
            }
        };
        let items = match veille_ingest::parse_feed(&bytes, &feed_url) {
            Ok(items) => items,
            Err(e) => {
                eprintln!("skipped feed: {e}");
                r.feeds_failed += 1;
                continue;
            }
        };
        let mut docs = Vec::new();
        for (n, item) in items.iter().enumerate() {
            r.items += 1;
            let Some(link) = item.link.as_deref() else {
                match item.to_doc(format!("{feed_url}#item{}", n + 1)) {
                    Some(Ok(d)) => docs.push(d),
                    _ => {
                        eprintln!("skipped: {feed_url} item {}: no link and no text", n + 1);
                        r.skipped += 1;
                    }
                }
                continue;
            };
            if store.has_url(link)? {
                r.known += 1;
                continue;
            }
            let page = match fetcher.get(link, None) {
                Ok(Fetched::Body {
                    bytes,
                    url,
                    charset,
                    content_type,
                    ..
                }) if content_type.as_deref().is_none_or(|t| t.contains("html")) => {
                    veille_ingest::web_page(&bytes, &url, charset.as_deref())
                        .map_err(|e| e.to_string())
                }
                Ok(Fetched::Body { content_type, .. }) => Err(format!(
                    "{link}: not an HTML page ({})",
                    content_type.unwrap_or_default()
                )),
                Ok(Fetched::NotModified) => Err(format!("{link}: unexpected 304")),
                Err(e) => Err(e.to_string()),
            };
            match page {
                Ok(mut d) => {
                    // Stored under the link the feed gave, whatever the redirects.
                    d.source = link.to_string();
                    r.fetched += 1;
                    docs.push(item.annotate(d));
                }
                Err(why) => match item.to_doc(link.to_string()) {
                    Some(Ok(d)) => {
                        eprintln!("warning: {why}; stored the feed's own text instead");
                        r.from_feed_text += 1;
                        docs.push(d);
                    }
                    _ => {
                        eprintln!("skipped: {why}");
                        r.skipped += 1;
                    }
                },
            }
        }
        let analysed: Vec<_> = docs
            .iter()
            .map(|d| veille_pipeline::analyze(d, &analyse))
            .collect();
        for p in store.put_all(&analysed)? {
            match p {
                Put::Inserted => r.inserted += 1,
                Put::Duplicate => r.duplicates += 1,
            }
        }
        store.set_feed_validators(
            &feed_url,
            &FeedValidators {
                etag: validators.etag,
                last_modified: validators.last_modified,
            },
        )?;
    }
    Ok(r)
}

impl Report {
    pub fn print(&self) {
        println!(
            "feeds polled:     {} ({} not modified, {} failed)",
            self.feeds, self.not_modified, self.feeds_failed
        );
        println!(
            "feed items:       {} ({} already stored)",
            self.items, self.known
        );
        println!("pages fetched:    {}", self.fetched);
        println!("feed text used:   {}", self.from_feed_text);
        println!("stored (new):     {}", self.inserted);
        println!("already stored:   {}", self.duplicates);
        println!("skipped items:    {}", self.skipped);
    }
}
