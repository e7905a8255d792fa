//! RSS 0.9–2.0, Atom and JSON Feed files (`feed-rs`): each item with text
//! (content or summary, usually HTML) becomes a raw document carrying the
//! item's link, title, date and authors.

use crate::{html_doc, IngestError, RawDoc};

/// One feed entry.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FeedItem {
    /// The article's address (its first link).
    pub link: Option<String>,
    pub title: Option<String>,
    /// RFC 3339.
    pub date: Option<String>,
    pub author: Option<String>,
    /// The entry's content, else its summary (usually HTML), if not blank.
    pub body: Option<String>,
}

/// The entries of an RSS/Atom/JSON feed.
pub fn parse_feed(bytes: &[u8], path: &str) -> Result<Vec<FeedItem>, IngestError> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| IngestError::Feed {
        path: path.to_string(),
        msg: e.to_string(),
    })?;
    Ok(feed
        .entries
        .into_iter()
        .map(|e| {
            let body = e
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .filter(|b| !b.trim().is_empty())
                .or_else(|| e.summary.as_ref().map(|s| s.content.clone()))
                .filter(|b| !b.trim().is_empty());
            let authors: Vec<String> = e
                .authors
                .into_iter()
                .filter_map(|a| a.name)
                .filter(|n| !n.trim().is_empty())
                .collect();
            FeedItem {
                link: e.links.first().map(|l| l.href.clone()),
                title: e.title.map(|t| t.content).filter(|t| !t.trim().is_empty()),
                date: e.published.or(e.updated).map(|d| d.to_rfc3339()),
                author: (!authors.is_empty()).then(|| authors.join(", ")),
                body,
            }
        })
        .collect())
}

impl FeedItem {
    /// The item as a document of its own text (content or summary).
    pub fn to_doc(&self, source: String) -> Option<Result<RawDoc, IngestError>> {
        let body = self.body.as_ref()?;
        Some(
            html_doc(body.as_bytes(), source, self.link.clone(), Some("utf-8"))
                .map(|d| self.annotate(d)),
        )
    }

    /// Gives a page fetched from the item's link the item's metadata where
    /// the page has none of its own.
    pub fn annotate(&self, mut doc: RawDoc) -> RawDoc {
        doc.title = doc.title.or_else(|| self.title.clone());
        doc.date = doc.date.or_else(|| self.date.clone());
        doc.author = doc.author.or_else(|| self.author.clone());
        doc.url = doc.url.or_else(|| self.link.clone());
        doc
    }
}

pub(crate) fn read_feed(
    bytes: &[u8],
    path: &str,
    sink: &mut dyn FnMut(Result<RawDoc, IngestError>),
) {
    let items = match parse_feed(bytes, path) {
        Ok(items) => items,
        Err(e) => return sink(Err(e)),
    };
    if items.is_empty() {
        return sink(Err(IngestError::Empty {
            path: path.to_string(),
        }));
    }
    for (n, item) in items.iter().enumerate() {
        match item.to_doc(format!("{path}#item{}", n + 1)) {
            Some(r) => sink(r),
            None => sink(Err(IngestError::FeedItemEmpty {
                path: path.to_string(),
                item: n + 1,
            })),
        }
    }
}
