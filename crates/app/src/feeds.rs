//! Feed polling: RSS/Atom feeds fetched over HTTP(S), the articles they
//! link fetched (politely: see `veille_ingest::fetch`), extracted, analysed
//! and stored. A feed is asked again with its ETag/Last-Modified (kept in
//! the store); an article already stored is not fetched again; an article
//! that cannot be fetched falls back on the feed's own text when it has
//! some. A failing feed or item is reported and skipped.

use crate::{store_batch, AppError, IngestReport, Observer, Result, Veille};
use serde::Serialize;
use std::path::Path;
use veille_core::RawDoc;
use veille_ingest::fetch::{FetchError, FetchOptions, Fetched, Fetcher, Validators};
use veille_ingest::FeedItem;
use veille_ingest::IngestError;
use veille_pipeline::Options;
use veille_store::{FeedValidators, QueueItem, QueueOutcome};

/// Why one feed or item was not used.
#[derive(Debug, thiserror::Error)]
pub enum ItemError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error(transparent)]
    Read(#[from] IngestError),
    #[error("{url}: not an HTML page ({content_type})")]
    NotHtml { url: String, content_type: String },
    #[error("{url}: unexpected 304 Not Modified")]
    UnexpectedNotModified { url: String },
    #[error("{feed}: item {key} has no link and no text")]
    Empty { feed: String, key: String },
}

impl ItemError {
    /// Will asking again never help (robots.txt says no, not a page, not a
    /// URL, a client error)?
    fn is_permanent(&self) -> bool {
        match self {
            ItemError::Fetch(FetchError::Robots { .. } | FetchError::BadUrl { .. }) => true,
            ItemError::Fetch(FetchError::Status { status, .. }) => {
                (400..500).contains(status) && *status != 429 && *status != 408
            }
            ItemError::NotHtml { .. } | ItemError::Empty { .. } => true,
            _ => false,
        }
    }
}

/// What a poll did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct FeedReport {
    pub feeds: usize,
    pub not_modified: usize,
    pub feeds_failed: usize,
    pub items: usize,
    /// Items whose article was already stored.
    pub known: usize,
    pub fetched: usize,
    /// Items stored from the feed's own text (the page could not be used).
    pub from_feed_text: usize,
    pub skipped: usize,
    #[serde(flatten)]
    pub stored: IngestReport,
}

/// Feed URLs of a list: one per line; blank lines and `#` comments skipped.
pub fn parse_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Feed URLs of a list file.
pub fn read_list(path: &Path) -> Result<Vec<String>> {
    let err = |reason: String| AppError::FeedList {
        path: path.display().to_string(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    let urls = parse_list(&text);
    if urls.is_empty() {
        return Err(err("no feed URL (one http(s) URL per line)".into()));
    }
    Ok(urls)
}

/// A feed item's article: the page it links, fetched and read.
fn fetch_article(fetcher: &mut Fetcher, link: &str) -> Result<RawDoc, ItemError> {
    match fetcher.get(link, None)? {
        Fetched::Body {
            bytes,
            url,
            charset,
            content_type,
            ..
        } => {
            if let Some(t) = content_type.filter(|t| !t.contains("html")) {
                return Err(ItemError::NotHtml {
                    url: link.to_string(),
                    content_type: t,
                });
            }
            let mut d = veille_ingest::web_page(&bytes, &url, charset.as_deref())?;
            // Stored under the link the feed gave, whatever the redirects.
            d.source = link.to_string();
            Ok(d)
        }
        Fetched::NotModified => Err(ItemError::UnexpectedNotModified {
            url: link.to_string(),
        }),
    }
}

/// How long a worker may hold a claimed item before another takes it over
/// (its worker presumed dead).
pub const LEASE_SECONDS: i64 = 600;

/// Items a worker claims at a time.
const CLAIM: usize = 8;

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// This process's name as a queue worker.
fn worker_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "localhost".into());
    format!("{host}:{}", std::process::id())
}

impl Veille {
    /// Polls every feed once and stores what is new.
    ///
    /// Each feed's items go to the store's fetch queue (an item is queued
    /// once, ever); then this worker claims queued items a few at a time,
    /// fetches and stores them, and settles them. Several workers polling
    /// the same feeds into one store share the work: an item is claimed
    /// by one worker at a time, so no article is fetched or stored twice.
    pub fn poll_feeds(
        &mut self,
        urls: &[String],
        opts: FetchOptions,
        observer: &mut dyn Observer,
    ) -> Result<FeedReport> {
        let mut fetcher = Fetcher::new(opts);
        let mut r = FeedReport::default();
        for feed_url in urls {
            r.feeds += 1;
            let known = self.store.feed_validators(feed_url)?.map(|v| Validators {
                etag: v.etag,
                last_modified: v.last_modified,
            });
            let fetched = fetcher.get(feed_url, known.as_ref());
            let (bytes, validators) = match fetched {
                Ok(Fetched::NotModified) => {
                    observer.note(&format!("{feed_url}: not modified since the last poll"));
                    r.not_modified += 1;
                    continue;
                }
                Ok(Fetched::Body {
                    bytes, validators, ..
                }) => (bytes, validators),
                Err(e) => {
                    observer.skipped(&format!("feed {e}"));
                    r.feeds_failed += 1;
                    continue;
                }
            };
            let items = match veille_ingest::parse_feed(&bytes, feed_url) {
                Ok(items) => items,
                Err(e) => {
                    observer.skipped(&format!("feed {e}"));
                    r.feeds_failed += 1;
                    continue;
                }
            };
            r.items += items.len();
            let mut queued = Vec::with_capacity(items.len());
            for (n, item) in items.iter().enumerate() {
                let key = item
                    .link
                    .clone()
                    .unwrap_or_else(|| format!("{feed_url}#item{}", n + 1));
                if item.link.is_some() && self.store.has_url(&key)? {
                    r.known += 1;
                    continue;
                }
                let data = serde_json::to_string(item)
                    .map_err(|e| AppError::Output(format!("feed item: {e}")))?;
                queued.push(QueueItem {
                    key,
                    feed: feed_url.clone(),
                    data,
                    attempts: 0,
                });
            }
            let added = self.store.enqueue(&queued)?;
            r.known += queued.len() - added;
            self.store.set_feed_validators(
                feed_url,
                &FeedValidators {
                    etag: validators.etag,
                    last_modified: validators.last_modified,
                },
            )?;
        }
        self.drain_queue(&mut fetcher, &mut r, observer)?;
        r.stored.store = self.store.stats()?;
        if r.feeds > 0 && r.feeds_failed == r.feeds {
            return Err(AppError::NoFeed(r.feeds));
        }
        Ok(r)
    }

    /// Claims queued items until none is left for this worker, fetching and
    /// storing each claim's articles in one unit of work.
    fn drain_queue(
        &mut self,
        fetcher: &mut Fetcher,
        r: &mut FeedReport,
        observer: &mut dyn Observer,
    ) -> Result<()> {
        let pipeline = self.pipeline()?;
        let worker = worker_name();
        loop {
            let claimed = self.store.claim(&worker, CLAIM, now(), LEASE_SECONDS)?;
            if claimed.is_empty() {
                return Ok(());
            }
            let mut docs = Vec::new();
            let mut settled = Vec::new();
            for q in &claimed {
                let item: FeedItem = match serde_json::from_str(&q.data) {
                    Ok(i) => i,
                    Err(e) => {
                        observer.skipped(&format!("queued item {}: {e}", q.key));
                        settled.push((q.key.as_str(), QueueOutcome::Done));
                        r.skipped += 1;
                        continue;
                    }
                };
                let outcome = match self.item_doc(fetcher, q, &item, r, observer)? {
                    Item::Doc(d) => {
                        docs.push(pipeline.analyze(&d, &Options::default()));
                        QueueOutcome::Done
                    }
                    Item::Known | Item::Empty => QueueOutcome::Done,
                    Item::Failed => QueueOutcome::Failed,
                };
                settled.push((q.key.as_str(), outcome));
            }
            r.stored.read += docs.len();
            store_batch(
                self.store.as_mut(),
                &mut crate::ingest::Relating {
                    relater: &self.relater,
                    storyteller: &self.storyteller,
                    events: &mut self.events,
                },
                &mut docs,
                &mut r.stored,
            )?;
            for (key, outcome) in settled {
                self.store.settle(key, outcome, now())?;
            }
        }
    }

    /// The document of one queued feed item: its article, else its own
    /// text.
    fn item_doc(
        &mut self,
        fetcher: &mut Fetcher,
        q: &QueueItem,
        item: &FeedItem,
        r: &mut FeedReport,
        observer: &mut dyn Observer,
    ) -> Result<Item> {
        let Some(link) = item.link.as_deref() else {
            return Ok(match item.to_doc(q.key.clone()) {
                Some(Ok(d)) => Item::Doc(d),
                _ => {
                    let e = ItemError::Empty {
                        feed: q.feed.clone(),
                        key: q.key.clone(),
                    };
                    observer.skipped(&e);
                    r.skipped += 1;
                    Item::Empty
                }
            });
        };
        if self.store.has_url(link)? {
            r.known += 1;
            return Ok(Item::Known);
        }
        Ok(match fetch_article(fetcher, link) {
            Ok(d) => {
                r.fetched += 1;
                Item::Doc(item.annotate(d))
            }
            Err(why) => match item.to_doc(link.to_string()) {
                Some(Ok(d)) => {
                    observer.warning(link, &format!("{why}; stored the feed's own text instead"));
                    r.from_feed_text += 1;
                    Item::Doc(d)
                }
                _ => {
                    observer.skipped(&why);
                    r.skipped += 1;
                    if why.is_permanent() {
                        Item::Empty
                    } else {
                        Item::Failed
                    }
                }
            },
        })
    }
}

/// What became of a queued item.
enum Item {
    Doc(RawDoc),
    /// Its article is stored already.
    Known,
    /// Never usable (no link and no text, robots.txt forbids it, 404…).
    Empty,
    /// Could not be fetched this time: retried later.
    Failed,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_lists_skip_blanks_and_comments() {
        let l = parse_list("# news\nhttps://a.example/rss\n\n  https://b.example/atom  \n#x\n");
        assert_eq!(l, ["https://a.example/rss", "https://b.example/atom"]);
        assert!(parse_list("# only a comment\n").is_empty());
    }
}
