//! Readers turn files into [`RawDoc`]s.
//!
//! A reader never stops a batch: each file (or JSONL line) yields either a
//! document or an [`IngestError`] that names the file, the line where it
//! applies, and what was wrong. Supported: `.txt`/`.text`, `.jsonl`/`.ndjson`,
//! `.html`/`.htm` (charset from BOM, `<meta>` or detection), `.warc` (HTML
//! response records), any of them gzipped (`.gz`), and folders (recursively,
//! in sorted order).

mod feed;
pub mod fetch;

pub use feed::{parse_feed, FeedItem};
mod warc_reader;

use flate2::read::MultiGzDecoder;
use serde::Deserialize;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

pub use veille_core::{Format, RawDoc};

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: empty file")]
    Empty { path: String },
    #[error("{path}: binary file (NUL byte at offset {offset}), skipped")]
    Binary { path: String, offset: usize },
    #[error("{path}: {size} bytes exceeds the {limit}-byte limit per document (--max-bytes)")]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("{path}: truncated or corrupt gzip stream: {msg}")]
    Gzip { path: String, msg: String },
    #[error("{path}: line {line}: invalid JSON: {msg}")]
    Json {
        path: String,
        line: usize,
        msg: String,
    },
    #[error("{path}: line {line}: no \"text\" field")]
    NoText { path: String, line: usize },
    #[error(
        "{path}: unsupported file type, skipped (known: .txt .text .jsonl .ndjson .html .htm .warc .rss .atom .xml, optionally .gz)"
    )]
    Unsupported { path: String },
    #[error("{path}: WARC record {record}: {msg}; {read} HTML records read before it are kept")]
    Warc {
        path: String,
        record: usize,
        read: usize,
        msg: String,
    },
    #[error("{path}: not a readable RSS/Atom/JSON feed: {msg}")]
    Feed { path: String, msg: String },
    #[error("{path}: feed item {item} has no text (no content or summary), skipped")]
    FeedItemEmpty { path: String, item: usize },
    #[error("{path}: {count} WARC records skipped ({what})")]
    WarcSkipped {
        path: String,
        count: usize,
        what: String,
    },
}

impl IngestError {
    /// A short machine-readable reason ("binary", "empty", …).
    pub fn reason(&self) -> &'static str {
        match self {
            IngestError::Io { .. } => "io",
            IngestError::Empty { .. } => "empty",
            IngestError::Binary { .. } => "binary",
            IngestError::TooLarge { .. } => "too_large",
            IngestError::Gzip { .. } => "gzip",
            IngestError::Json { .. } => "json",
            IngestError::NoText { .. } => "no_text",
            IngestError::Unsupported { .. } => "unsupported",
            IngestError::Warc { .. } => "warc",
            IngestError::Feed { .. } => "feed",
            IngestError::FeedItemEmpty { .. } => "feed_item_empty",
            IngestError::WarcSkipped { .. } => "warc_not_html",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    /// Largest document (file or JSONL line) read, in bytes.
    pub max_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_bytes: 32 * 1024 * 1024,
        }
    }
}

/// Expands paths into the files to read: folders recursively (sorted, hidden
/// entries skipped), files as given. Missing paths become errors.
pub fn expand(paths: &[PathBuf]) -> Vec<Result<PathBuf, IngestError>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let walker = walkdir::WalkDir::new(p)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                });
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() => out.push(Ok(e.into_path())),
                    Ok(_) => {}
                    Err(e) => out.push(Err(IngestError::Io {
                        path: e
                            .path()
                            .map(|p| p.display().to_string())
                            .unwrap_or_else(|| p.display().to_string()),
                        source: e
                            .into_io_error()
                            .unwrap_or_else(|| std::io::Error::other("walk error")),
                    })),
                }
            }
        } else {
            out.push(Ok(p.clone()));
        }
    }
    out
}

fn format_of(path: &Path) -> Option<(Format, bool)> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let (stem, gz) = match name.strip_suffix(".gz") {
        Some(s) => (s.to_string(), true),
        None => (name, false),
    };
    let ext = stem.rsplit_once('.').map(|(_, e)| e)?;
    match ext {
        "txt" | "text" => Some((Format::Text, gz)),
        "jsonl" | "ndjson" => Some((Format::Jsonl, gz)),
        "html" | "htm" | "xhtml" => Some((Format::Html, gz)),
        "warc" => Some((Format::Html, gz)),
        "rss" | "atom" | "xml" => Some((Format::Feed, gz)),
        _ => None,
    }
}

fn is_warc(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// Whether `path` names a file type these readers handle.
pub fn is_supported(path: &Path) -> bool {
    format_of(path).is_some()
}

/// Reads one file into documents, calling `sink` for each document or error.
pub fn read_file(path: &Path, opts: &Options, sink: &mut dyn FnMut(Result<RawDoc, IngestError>)) {
    if format_of(path).is_none() {
        return sink(Err(IngestError::Unsupported {
            path: path.display().to_string(),
        }));
    }
    match File::open(path) {
        Ok(file) => read_from(path, file, opts, sink),
        Err(source) => sink(Err(IngestError::Io {
            path: path.display().to_string(),
            source,
        })),
    }
}

/// Reads bytes already in memory as though they were the file `name`: its
/// extension (`.gz` included) picks the reader, as [`read_file`] does. Each
/// document or error goes to `sink`; no input makes it panic (it is fuzzed).
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    opts: &Options,
    sink: &mut dyn FnMut(Result<RawDoc, IngestError>),
) {
    read_from(Path::new(name), bytes, opts, sink)
}

fn read_from(
    path: &Path,
    input: impl Read,
    opts: &Options,
    sink: &mut dyn FnMut(Result<RawDoc, IngestError>),
) {
    let p = path.display().to_string();
    let Some((format, gz)) = format_of(path) else {
        return sink(Err(IngestError::Unsupported { path: p }));
    };
    let reader: Box<dyn Read + '_> = if gz {
        Box::new(MultiGzDecoder::new(input))
    } else {
        Box::new(input)
    };
    match format {
        _ if is_warc(path) => warc_reader::read_warc(
            BufReader::with_capacity(1 << 16, reader),
            &p,
            gz,
            opts,
            sink,
        ),
        Format::Text => sink(read_text(reader, &p, gz, opts)),
        Format::Jsonl => read_jsonl(
            BufReader::with_capacity(1 << 16, reader),
            &p,
            gz,
            opts,
            sink,
        ),
        Format::Html => sink(read_html(reader, &p, gz, opts)),
        Format::Feed => match read_all_limited(reader, &p, gz, opts) {
            Ok(bytes) => feed::read_feed(&bytes, &p, sink),
            Err(e) => sink(Err(e)),
        },
    }
}

pub(crate) fn io_or_gzip(e: std::io::Error, path: &str, gz: bool) -> IngestError {
    let gzip_fault = matches!(
        e.kind(),
        std::io::ErrorKind::UnexpectedEof
            | std::io::ErrorKind::InvalidInput
            | std::io::ErrorKind::InvalidData
    );
    if gz && gzip_fault {
        IngestError::Gzip {
            path: path.to_string(),
            msg: e.to_string(),
        }
    } else {
        IngestError::Io {
            path: path.to_string(),
            source: e,
        }
    }
}

fn read_text(
    reader: impl Read,
    path: &str,
    gz: bool,
    opts: &Options,
) -> Result<RawDoc, IngestError> {
    let buf = read_all_limited(reader, path, gz, opts)?;
    let mut warnings = Vec::new();
    let text = decode(&buf, path, &mut warnings)?;
    if text.trim().is_empty() {
        return Err(IngestError::Empty {
            path: path.to_string(),
        });
    }
    Ok(RawDoc {
        source: path.to_string(),
        format: Format::Text,
        text,
        warnings,
        ..Default::default()
    })
}

fn read_all_limited(
    reader: impl Read,
    path: &str,
    gz: bool,
    opts: &Options,
) -> Result<Vec<u8>, IngestError> {
    let mut buf = Vec::new();
    let n = reader
        .take(opts.max_bytes + 1)
        .read_to_end(&mut buf)
        .map_err(|e| io_or_gzip(e, path, gz))?;
    if n as u64 > opts.max_bytes {
        let size = std::fs::metadata(path)
            .map(|m| m.len())
            .unwrap_or(n as u64)
            .max(n as u64);
        return Err(IngestError::TooLarge {
            path: path.to_string(),
            size,
            limit: opts.max_bytes,
        });
    }
    Ok(buf)
}

fn read_html(
    reader: impl Read,
    path: &str,
    gz: bool,
    opts: &Options,
) -> Result<RawDoc, IngestError> {
    let buf = read_all_limited(reader, path, gz, opts)?;
    html_doc(&buf, path.to_string(), None, None)
}

/// An HTML page's bytes as a raw document (decoded, not yet extracted).
/// A fetched web page as a raw HTML document (`charset` from the HTTP
/// header, if any; the page's own declaration or sniffing otherwise).
pub fn web_page(bytes: &[u8], url: &str, charset: Option<&str>) -> Result<RawDoc, IngestError> {
    html_doc(bytes, url.to_string(), Some(url.to_string()), charset)
}

pub(crate) fn html_doc(
    bytes: &[u8],
    source: String,
    url: Option<String>,
    charset: Option<&str>,
) -> Result<RawDoc, IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::Empty { path: source });
    }
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    let mut warnings = Vec::new();
    let stripped;
    let bytes = if utf16 {
        // UTF-16 pages carry a BOM and decode fine.
        bytes
    } else {
        if let Some(offset) = binary_at(bytes) {
            return Err(IngestError::Binary {
                path: source,
                offset,
            });
        }
        stripped = without_stray_nuls(bytes, &mut warnings);
        &stripped[..]
    };
    let (text, encoding) = veille_extract::decode_html(bytes, charset);
    if encoding != "UTF-8" {
        warnings.push(format!("decoded as {encoding}"));
    }
    Ok(RawDoc {
        source,
        format: Format::Html,
        text,
        url,
        warnings,
        ..Default::default()
    })
}

/// Where a file shows itself binary: a NUL byte in its first 8 KB (as git
/// judges), or NULs making over 1 % of its first 64 KB.
fn binary_at(buf: &[u8]) -> Option<usize> {
    let head = &buf[..buf.len().min(1 << 16)];
    let first = memchr::memchr(0, head)?;
    let many = memchr::memchr_iter(0, head).count() * 100 > head.len();
    (first < 8192 || many).then_some(first)
}

/// `buf` without the few NUL bytes a text file may carry, with a warning
/// when there were some.
fn without_stray_nuls<'a>(buf: &'a [u8], warnings: &mut Vec<String>) -> std::borrow::Cow<'a, [u8]> {
    let n = memchr::memchr_iter(0, buf).count();
    if n == 0 {
        return std::borrow::Cow::Borrowed(buf);
    }
    warnings.push(format!("{n} stray NUL byte(s) removed"));
    std::borrow::Cow::Owned(buf.iter().copied().filter(|&b| b != 0).collect())
}

/// Decodes bytes as UTF-8 (BOM stripped); not UTF-8 and no NUL: windows-1252,
/// with a warning. NUL bytes early or in numbers mean a binary file; a few
/// stray ones are removed.
pub fn decode(buf: &[u8], path: &str, warnings: &mut Vec<String>) -> Result<String, IngestError> {
    if let Some(offset) = binary_at(buf) {
        return Err(IngestError::Binary {
            path: path.to_string(),
            offset,
        });
    }
    let stripped = without_stray_nuls(buf, warnings);
    let buf = &stripped[..];
    let buf = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf);
    match std::str::from_utf8(buf) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(buf);
            let controls = text
                .chars()
                .filter(|c| c.is_control() && !c.is_whitespace())
                .count();
            if controls * 20 > text.chars().count().max(1) {
                return Err(IngestError::Binary {
                    path: path.to_string(),
                    offset: e.valid_up_to(),
                });
            }
            warnings.push(format!(
                "not valid UTF-8 (first bad byte at offset {}): decoded as windows-1252",
                e.valid_up_to()
            ));
            Ok(text.into_owned())
        }
    }
}

#[derive(Deserialize)]
struct JsonRecord {
    text: Option<serde_json::Value>,
    #[serde(alias = "headline")]
    title: Option<serde_json::Value>,
    #[serde(alias = "link")]
    url: Option<serde_json::Value>,
    #[serde(alias = "published", alias = "pubdate", alias = "date_publish")]
    date: Option<serde_json::Value>,
    author: Option<serde_json::Value>,
}

fn as_string(v: Option<serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Array(a) => {
            let parts: Vec<String> = a
                .into_iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        _ => None,
    }
}

fn read_jsonl(
    mut reader: impl BufRead,
    path: &str,
    gz: bool,
    opts: &Options,
    sink: &mut dyn FnMut(Result<RawDoc, IngestError>),
) {
    let mut line_no = 0usize;
    let mut any = false;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        line_no += 1;
        // Read one line, but never hold more than max_bytes of it.
        let mut too_long = false;
        loop {
            let chunk = match reader.fill_buf() {
                Ok(c) => c,
                Err(e) => {
                    sink(Err(io_or_gzip(e, path, gz)));
                    return;
                }
            };
            if chunk.is_empty() {
                break;
            }
            let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            if !too_long {
                buf.extend_from_slice(&chunk[..take]);
                if buf.len() as u64 > opts.max_bytes {
                    too_long = true;
                    buf.clear();
                }
            }
            reader.consume(take);
            if done {
                break;
            }
        }
        if too_long {
            sink(Err(IngestError::TooLarge {
                path: format!("{path}#L{line_no}"),
                size: opts.max_bytes + 1,
                limit: opts.max_bytes,
            }));
            any = true;
            continue;
        }
        if buf.is_empty() {
            break;
        }
        let line = String::from_utf8_lossy(&buf);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        any = true;
        let rec: JsonRecord = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                sink(Err(IngestError::Json {
                    path: path.to_string(),
                    line: line_no,
                    msg: e.to_string(),
                }));
                continue;
            }
        };
        let Some(text) = as_string(rec.text) else {
            sink(Err(IngestError::NoText {
                path: path.to_string(),
                line: line_no,
            }));
            continue;
        };
        sink(Ok(RawDoc {
            source: format!("{path}#L{line_no}"),
            format: Format::Jsonl,
            text,
            title: as_string(rec.title),
            url: as_string(rec.url),
            date: as_string(rec.date),
            author: as_string(rec.author),
            warnings: Vec::new(),
        }));
    }
    if !any {
        sink(Err(IngestError::Empty {
            path: path.to_string(),
        }));
    }
}

/// Reads every path (folders recursively), calling `sink` for each outcome.
pub fn read_all(
    paths: &[PathBuf],
    opts: &Options,
    sink: &mut dyn FnMut(Result<RawDoc, IngestError>),
) {
    for p in expand(paths) {
        match p {
            Ok(path) => read_file(&path, opts, sink),
            Err(e) => sink(Err(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_falls_back_to_windows_1252() {
        let mut w = Vec::new();
        let s = decode(b"caf\xe9 cr\xe8me", "x", &mut w).unwrap();
        assert_eq!(s, "café crème");
        assert_eq!(w.len(), 1);
        assert!(matches!(
            decode(b"ab\0cd", "x", &mut w),
            Err(IngestError::Binary { offset: 2, .. })
        ));
        assert_eq!(decode(b"\xEF\xBB\xBFok", "x", &mut w).unwrap(), "ok");
        // A stray NUL deep in a long text is removed, not a reason to skip it.
        let mut long = "Le président est arrivé à Minsk. ".repeat(400).into_bytes();
        long.push(0);
        long.extend_from_slice(b" Fin.");
        let mut w = Vec::new();
        let s = decode(&long, "x", &mut w).unwrap();
        assert!(
            s.ends_with("Minsk.  Fin.") && !s.contains('\0'),
            "{}",
            &s[s.len() - 20..]
        );
        assert!(w[0].contains("1 stray NUL"), "{w:?}");
    }

    #[test]
    fn bytes_in_memory_read_as_the_file_they_are_named() {
        let src = b"{\"text\": \"Le Kremlin a r\xc3\xa9agi.\", \"title\": \"Moscou\"}\nnot json\n";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, src).unwrap();
        let gz = gz.finish().unwrap();
        for (name, bytes) in [("a.jsonl", &src[..]), ("a.jsonl.gz", &gz[..])] {
            let mut out = Vec::new();
            read_bytes(name, bytes, &Options::default(), &mut |r| out.push(r));
            assert_eq!(out.len(), 2, "{name}");
            let doc = out[0].as_ref().unwrap();
            assert_eq!(
                (doc.text.as_str(), doc.source.as_str()),
                ("Le Kremlin a réagi.", &*format!("{name}#L1"))
            );
            assert!(matches!(out[1], Err(IngestError::Json { line: 2, .. })));
        }
        let mut out = Vec::new();
        read_bytes("a.pdf", b"%PDF", &Options::default(), &mut |r| out.push(r));
        assert!(matches!(out[..], [Err(IngestError::Unsupported { .. })]));
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(format_of(Path::new("a/b.TXT")), Some((Format::Text, false)));
        assert_eq!(
            format_of(Path::new("b.jsonl.gz")),
            Some((Format::Jsonl, true))
        );
        assert_eq!(format_of(Path::new("b.pdf")), None);
        assert_eq!(format_of(Path::new("README")), None);
    }
}
