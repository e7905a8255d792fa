//! RSS 0.9–2.0, Atom and JSON Feed files (`feed-rs`): each item with text
//! (content or summary, usually HTML) becomes a raw document carrying the
//! item's link, title, date and authors.

use crate::{html_doc, IngestError, RawDoc};

pub(crate) fn read_feed(
    bytes: &[u8],
    path: &str,
    sink: &mut dyn FnMut(Result<RawDoc, IngestError>),
) {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            return sink(Err(IngestError::Feed {
                path: path.to_string(),
                msg: e.to_string(),
            }))
        }
    };
    if feed.entries.is_empty() {
        return sink(Err(IngestError::Empty {
            path: path.to_string(),
        }));
    }
    for (n, e) in feed.entries.into_iter().enumerate() {
        let source = format!("{path}#item{}", n + 1);
        let body = e
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .filter(|b| !b.trim().is_empty())
            .or_else(|| e.summary.as_ref().map(|s| s.content.clone()));
        let Some(body) = body.filter(|b| !b.trim().is_empty()) else {
            sink(Err(IngestError::FeedItemEmpty {
                path: path.to_string(),
                item: n + 1,
            }));
            continue;
        };
        let url = e.links.first().map(|l| l.href.clone());
        let mut doc = match html_doc(body.as_bytes(), source, url, Some("utf-8")) {
            Ok(d) => d,
            Err(err) => {
                sink(Err(err));
                continue;
            }
        };
        doc.title = e.title.map(|t| t.content).filter(|t| !t.trim().is_empty());
        doc.date = e.published.or(e.updated).map(|d| d.to_rfc3339());
        let authors: Vec<String> = e
            .authors
            .into_iter()
            .filter_map(|a| a.name)
            .filter(|n| !n.trim().is_empty())
            .collect();
        doc.author = (!authors.is_empty()).then(|| authors.join(", "));
        sink(Ok(doc));
    }
}
