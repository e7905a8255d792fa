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
    let fault = |msg: String| IngestError::Feed {
        path: path.to_string(),
        msg,
    };
    let bytes = xml_as_utf8(bytes).map_err(fault)?;
    let feed = feed_rs::parser::parse(&bytes[..]).map_err(|e| fault(e.to_string()))?;
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

/// An XML feed decoded to UTF-8 (by its BOM, else its declaration's
/// `encoding`, else UTF-8) without its XML declaration; other bytes (a JSON
/// feed) as they are. The XML parser (quick-xml 0.42 through feed-rs)
/// panics when a declaration's encoding arrives past its 64-byte prefix
/// (a long declaration, a second one), so it is given none: a declaration
/// past the start, a fatal error in XML anyway, is an error here.
fn xml_as_utf8(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, String> {
    // feed-rs reads XML when '<' comes before any '{'.
    if bytes.iter().find(|b| **b == b'<' || **b == b'{') != Some(&b'<') {
        return Ok(bytes.into()); // JSON, or no feed at all
    }
    let (encoding, bom) = match encoding_rs::Encoding::for_bom(bytes) {
        Some(found) => found,
        None => match bytes {
            [b'<', 0, b'?', 0, ..] => (encoding_rs::UTF_16LE, 0),
            [0, b'<', 0, b'?', ..] => (encoding_rs::UTF_16BE, 0),
            _ => (declared_encoding(bytes).unwrap_or(encoding_rs::UTF_8), 0),
        },
    };
    let text = encoding.decode_without_bom_handling(&bytes[bom..]).0;
    // NUL is not allowed in XML, and "<\0?\0" would read as UTF-16.
    if let Some(at) = text.find('\0') {
        let at = text[..at].chars().count();
        return Err(format!("NUL character at character {at}"));
    }
    let text = text.trim_start();
    let is_declaration = |at: &str| {
        at.strip_prefix("<?xml")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '?'))
    };
    let body = match is_declaration(text) {
        true => text.split_once("?>").map_or("", |(_, rest)| rest),
        false => text,
    };
    if let Some((at, _)) = body
        .match_indices("<?xml")
        .find(|(i, _)| is_declaration(&body[*i..]))
    {
        let at = text.len() - body.len() + at;
        return Err(format!(
            "XML declaration at character {}: only allowed at the start",
            text[..at].chars().count()
        ));
    }
    Ok(spaced_emails(body).into_bytes().into())
}

/// `text` with a space between an e-mail address and a non-ASCII character
/// touching it: feed-rs 3.0 slices one byte past an address in an author
/// field and panics when that byte is inside a character ("«a@b.fr»").
fn spaced_emails(text: &str) -> String {
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    let mut cuts = Vec::new();
    for (at, _) in text.match_indices('@') {
        let mut start = text[..at].trim_end_matches(local).len();
        if text[..start].ends_with("mailto:") {
            start -= "mailto:".len();
        }
        let end = at + 1 + (text.len() - at - 1 - text[at + 1..].trim_start_matches(domain).len());
        if text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_ascii())
        {
            cuts.push(start);
        }
        if text[end..].chars().next().is_some_and(|c| !c.is_ascii()) {
            cuts.push(end);
        }
    }
    if cuts.is_empty() {
        return text.to_string();
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity(text.len() + cuts.len());
    let mut last = 0;
    for c in cuts {
        out.push_str(&text[last..c]);
        out.push(' ');
        last = c;
    }
    out.push_str(&text[last..]);
    out
}

/// The encoding an ASCII-compatible XML document's declaration names.
fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    let decl = head
        .trim_start()
        .strip_prefix("<?xml")?
        .split("?>")
        .next()?;
    let value = decl
        .split_once("encoding")?
        .1
        .trim_start()
        .strip_prefix('=')?;
    let value = value.trim_start();
    let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let label = value[1..].split(quote).next()?;
    // A UTF-16 label in bytes that read as ASCII is a wrong label.
    encoding_rs::Encoding::for_label(label.as_bytes()).map(|e| e.output_encoding())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing (`fuzz/fuzz_targets/feed.rs`): quick-xml panicked
    /// on an encoding declared past its 64-byte prefix, by a second
    /// declaration or by a long first one.
    #[test]
    fn declarations_the_xml_parser_panicked_on() {
        let rss = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss version=\"2.0\"><channel><title>Le Quotidien<?xml version=\"1.0\" encoding=\"UTF-8\"?></title></channel></rss>";
        let e = parse_feed(rss.as_bytes(), "f.rss").unwrap_err().to_string();
        assert!(e.contains("XML declaration at character 91"), "{e}");
        let long = b"<?xml version=\"1.0\"                                              encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><item><title>Gr\xe8ve</title><description>Les syndicats</description></item></channel></rss>";
        let items = parse_feed(long, "f.rss").unwrap();
        assert_eq!(items[0].title.as_deref(), Some("Grève"));
    }

    #[test]
    fn feeds_are_decoded_by_bom_or_declaration() {
        let utf16: Vec<u8> = "\u{FEFF}<rss version=\"2.0\"><channel><item><title>Kyiv</title><description>x</description></item></channel></rss>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            parse_feed(&utf16, "f.rss").unwrap()[0].title.as_deref(),
            Some("Kyiv")
        );
        let late: Vec<u8> = "\u{FEFF}<rss><?xml version=\"1.0\"?></rss>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(parse_feed(&late, "f.rss").is_err());
        // A stylesheet instruction is no declaration; JSON is left alone.
        let xsl = "<?xml version=\"1.0\"?><?xml-stylesheet href=\"a.xsl\"?><rss/>";
        assert_eq!(
            &xml_as_utf8(xsl.as_bytes()).unwrap()[..],
            b"<?xml-stylesheet href=\"a.xsl\"?><rss/>"
        );
        let json = b"{\"title\": \"<?xml ?>\"}";
        assert_eq!(&xml_as_utf8(json).unwrap()[..], json);
        // Found by fuzzing: a declaration after a stray character.
        let e = parse_feed(
            b"?<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>",
            "f.rss",
        );
        assert!(e.unwrap_err().to_string().contains("at character 1"));
        assert!(parse_feed(b"<\0?\0x\0m\0l\0 \0", "f.rss").is_err());
    }

    /// Found by fuzzing (`fuzz/fuzz_targets/feed.rs`): feed-rs panicked on
    /// an author's address touching a character of more than one byte.
    #[test]
    fn an_address_touching_a_wide_character() {
        let rss = "<rss version=\"2.0\"><channel><item><title>Minsk</title><author>Claire Dubois «claire@example.fr»</author><description>x</description></item></channel></rss>";
        let items = parse_feed(rss.as_bytes(), "f.rss").unwrap();
        assert_eq!(items[0].author.as_deref(), Some("Claire Dubois «"));
        assert_eq!(spaced_emails("«mailto:a@b.fr»"), "« mailto:a@b.fr »");
        assert_eq!(spaced_emails("x a@b.fr y"), "x a@b.fr y");
    }
}
