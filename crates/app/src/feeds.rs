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
use veille_store::FeedValidators;

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
    #[error("{feed} item {n}: no link and no text")]
    Empty { feed: String, n: usize },
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

impl Veille {
    /// Polls every feed once and stores what is new.
    pub fn poll_feeds(
        &mut self,
        urls: &[String],
        opts: FetchOptions,
        observer: &mut dyn Observer,
    ) -> Result<FeedReport> {
        let pipeline = self.pipeline()?;
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
            let mut docs = Vec::new();
            for (n, item) in items.iter().enumerate() {
                r.items += 1;
                match self.item_doc(&mut fetcher, feed_url, n + 1, item, &mut r, observer)? {
                    Some(d) => docs.push(pipeline.analyze(&d, &Options::default())),
                    None => continue,
                }
            }
            r.stored.read += docs.len();
            store_batch(
                self.store.as_mut(),
                (&self.relater, &self.storyteller),
                &mut docs,
                &mut r.stored,
            )?;
            self.store.set_feed_validators(
                feed_url,
                &FeedValidators {
                    etag: validators.etag,
                    last_modified: validators.last_modified,
                },
            )?;
        }
        r.stored.store = self.store.stats()?;
        if r.feeds > 0 && r.feeds_failed == r.feeds {
            return Err(AppError::NoFeed(r.feeds));
        }
        Ok(r)
    }

    /// The document of one feed item: its article, else its own text.
    fn item_doc(
        &mut self,
        fetcher: &mut Fetcher,
        feed_url: &str,
        n: usize,
        item: &FeedItem,
        r: &mut FeedReport,
        observer: &mut dyn Observer,
    ) -> Result<Option<RawDoc>> {
        let Some(link) = item.link.as_deref() else {
            return Ok(match item.to_doc(format!("{feed_url}#item{n}")) {
                Some(Ok(d)) => Some(d),
                _ => {
                    let e = ItemError::Empty {
                        feed: feed_url.to_string(),
                        n,
                    };
                    observer.skipped(&e);
                    r.skipped += 1;
                    None
                }
            });
        };
        if self.store.has_url(link)? {
            r.known += 1;
            return Ok(None);
        }
        Ok(match fetch_article(fetcher, link) {
            Ok(d) => {
                r.fetched += 1;
                Some(item.annotate(d))
            }
            Err(why) => match item.to_doc(link.to_string()) {
                Some(Ok(d)) => {
                    observer.warning(link, &format!("{why}; stored the feed's own text instead"));
                    r.from_feed_text += 1;
                    Some(d)
                }
                _ => {
                    observer.skipped(&why);
                    r.skipped += 1;
                    None
                }
            },
        })
    }
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
