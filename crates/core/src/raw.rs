//! A document as read, before any analysis.

/// A document as read from a file, a feed or the network, before cleaning.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawDoc {
    /// Path or URL, with `#L<line>` for JSONL records.
    pub source: String,
    pub format: Format,
    pub text: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub author: Option<String>,
    /// Non-fatal remarks (e.g. "not UTF-8: decoded as windows-1252").
    pub warnings: Vec<String>,
}

/// What `RawDoc::text` holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text (the first line is a title candidate).
    #[default]
    Text,
    /// One record of a JSONL file: its `text` field.
    Jsonl,
    /// The page's HTML (decoded); extraction comes later.
    Html,
    /// An RSS/Atom/JSON feed file: its items become `Html` documents.
    Feed,
}

impl RawDoc {
    /// A plain-text document.
    pub fn text(source: impl Into<String>, text: impl Into<String>) -> RawDoc {
        RawDoc {
            source: source.into(),
            text: text.into(),
            ..Default::default()
        }
    }
}
