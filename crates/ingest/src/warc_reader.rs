//! WARC files: HTML in `response` (and `resource`) records becomes raw
//! documents; other records are counted and reported once per file. A
//! truncated or corrupt file keeps the records read before the fault.

use crate::{html_doc, IngestError, Options, RawDoc};
use flate2::read::MultiGzDecoder;
use std::collections::BTreeMap;
use std::io::{BufRead, Read};

/// A WARC record's header block is at most this long.
const MAX_HEADER_BYTES: u64 = 1 << 16;

/// One WARC record: its type and named fields (lower-cased names, values
/// read as UTF-8 leniently) and its block, or only the block's length when
/// it is over the size limit (then skipped unread).
struct Record {
    kind: String,
    fields: Vec<(String, String)>,
    block: Result<Vec<u8>, u64>,
}

/// Why a WARC file stops making sense.
enum WarcFault {
    Truncated,
    Format(String),
    Io(std::io::Error),
}

/// One line (LF-terminated) of at most `limit` bytes, or `None` at the end.
fn line(r: &mut impl BufRead, limit: u64) -> Result<Option<Vec<u8>>, WarcFault> {
    let mut buf = Vec::new();
    r.by_ref()
        .take(limit)
        .read_until(b'\n', &mut buf)
        .map_err(WarcFault::Io)?;
    if buf.is_empty() {
        return Ok(None);
    }
    if buf.last() != Some(&b'\n') && buf.len() as u64 >= limit {
        return Err(WarcFault::Format(format!(
            "header block over {MAX_HEADER_BYTES} bytes"
        )));
    }
    Ok(Some(buf))
}

/// The next record, `None` at the end of the file. Blank lines between
/// records are skipped; a block longer than `max_bytes` is skipped unread.
/// Written for outside input: no length in the file makes it panic or
/// allocate more than the file holds (it is fuzzed).
fn next_record(r: &mut impl BufRead, max_bytes: u64) -> Result<Option<Record>, WarcFault> {
    let mut budget = MAX_HEADER_BYTES;
    let version = loop {
        let Some(l) = line(r, budget)? else {
            return Ok(None);
        };
        budget -= l.len() as u64;
        if !l.trim_ascii().is_empty() {
            break l;
        }
        budget = MAX_HEADER_BYTES;
    };
    if !version.starts_with(b"WARC/") {
        return Err(WarcFault::Format(format!(
            "expected a record starting 'WARC/1.x', found {:?}",
            String::from_utf8_lossy(&version[..version.len().min(40)]).trim_end()
        )));
    }
    let mut fields: Vec<(String, String)> = Vec::new();
    loop {
        let l = line(r, budget)?.ok_or(WarcFault::Truncated)?;
        budget -= l.len() as u64;
        if l.trim_ascii().is_empty() {
            break;
        }
        let l = String::from_utf8_lossy(&l);
        match (
            l.starts_with([' ', '\t']),
            fields.last_mut(),
            l.split_once(':'),
        ) {
            // A folded line continues the field before it.
            (true, Some((_, v)), _) => {
                v.push(' ');
                v.push_str(l.trim());
            }
            (_, _, Some((k, v))) => fields.push((k.trim().to_lowercase(), v.trim().to_string())),
            _ => {
                return Err(WarcFault::Format(format!(
                    "malformed header line {:?}",
                    l.trim()
                )))
            }
        }
    }
    let length = header(&fields, "content-length")
        .and_then(|v| v.parse::<u64>().ok())
        .ok_or_else(|| WarcFault::Format("no valid Content-Length".into()))?;
    let kind = header(&fields, "warc-type")
        .unwrap_or("no warc-type")
        .to_lowercase();
    let block = if length > max_bytes {
        let skipped = std::io::copy(&mut r.by_ref().take(length), &mut std::io::sink())
            .map_err(WarcFault::Io)?;
        if skipped < length {
            return Err(WarcFault::Truncated);
        }
        Err(length)
    } else {
        let mut block = Vec::new();
        r.by_ref()
            .take(length)
            .read_to_end(&mut block)
            .map_err(WarcFault::Io)?;
        if (block.len() as u64) < length {
            return Err(WarcFault::Truncated);
        }
        Ok(block)
    };
    Ok(Some(Record {
        kind,
        fields,
        block,
    }))
}

/// HTTP header names and values, in order.
type Headers = Vec<(String, String)>;

/// An HTTP response split into its headers (lower-cased names) and body.
fn split_http(payload: &[u8]) -> Option<(Headers, &[u8])> {
    let end = payload
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| {
            payload
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|i| (i, i + 2))
        })?;
    let head = String::from_utf8_lossy(&payload[..end.0]);
    let mut lines = head.lines();
    let status = lines.next()?;
    if !status.starts_with("HTTP/") {
        return None;
    }
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string()))
        .collect();
    Some((headers, &payload[end.1..]))
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Removes HTTP chunked transfer encoding.
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    while let Some(nl) = body.windows(2).position(|w| w == b"\r\n") {
        let size_hex = String::from_utf8_lossy(&body[..nl]);
        let Ok(size) = usize::from_str_radix(size_hex.split(';').next().unwrap_or("").trim(), 16)
        else {
            break;
        };
        body = &body[nl + 2..];
        if size == 0 || size > body.len() {
            out.extend_from_slice(&body[..size.min(body.len())]);
            break;
        }
        out.extend_from_slice(&body[..size]);
        body = body.get(size + 2..).unwrap_or(&[]);
    }
    out
}

fn charset_of(content_type: &str) -> Option<&str> {
    content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches('"'))
}

pub(crate) fn read_warc(
    reader: impl BufRead,
    path: &str,
    gz: bool,
    opts: &Options,
    sink: &mut dyn FnMut(Result<RawDoc, IngestError>),
) {
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut html = 0usize;
    let mut reader = reader;
    for n in 0.. {
        let record = match next_record(&mut reader, opts.max_bytes) {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(fault) => {
                let msg = match fault {
                    WarcFault::Truncated => "truncated (unexpected end of file)".to_string(),
                    WarcFault::Io(io) => crate::io_or_gzip(io, path, gz).to_string(),
                    WarcFault::Format(msg) => msg,
                };
                sink(Err(IngestError::Warc {
                    path: path.to_string(),
                    record: n + 1,
                    read: html,
                    msg,
                }));
                break;
            }
        };
        let url = header(&record.fields, "warc-target-uri")
            .map(|u| u.trim_matches(['<', '>']).to_string());
        let source = format!("{path}#record{}", n + 1);
        let Record {
            kind,
            fields,
            block,
        } = record;
        let block = match (kind.as_str(), block) {
            ("response" | "resource", Ok(block)) => block,
            ("response" | "resource", Err(size)) => {
                sink(Err(IngestError::TooLarge {
                    path: source,
                    size,
                    limit: opts.max_bytes,
                }));
                continue;
            }
            (other, _) => {
                *skipped.entry(other.to_string()).or_default() += 1;
                continue;
            }
        };
        let (content_type, body): (String, Vec<u8>) = if kind == "response" {
            let Some((h, body)) = split_http(&block) else {
                *skipped
                    .entry("response without HTTP headers".into())
                    .or_default() += 1;
                continue;
            };
            let mut body = if header(&h, "transfer-encoding").is_some_and(|t| t.contains("chunked"))
            {
                dechunk(body)
            } else {
                body.to_vec()
            };
            if header(&h, "content-encoding").is_some_and(|c| c.contains("gzip")) {
                let mut d = Vec::new();
                // At most one byte over the limit: a bomb is refused below.
                let mut gz = MultiGzDecoder::new(&body[..]).take(opts.max_bytes + 1);
                if gz.read_to_end(&mut d).is_ok() {
                    body = d;
                }
            }
            (
                header(&h, "content-type").unwrap_or("").to_lowercase(),
                body,
            )
        } else {
            (
                header(&fields, "content-type")
                    .map(|c| c.to_lowercase())
                    .unwrap_or_default(),
                block,
            )
        };
        let looks_html = content_type.contains("html")
            || (content_type.is_empty()
                && body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<'));
        if !looks_html {
            let what = content_type.split(';').next().unwrap_or("").trim();
            *skipped
                .entry(if what.is_empty() {
                    "no content type".into()
                } else {
                    what.to_string()
                })
                .or_default() += 1;
            continue;
        }
        if body.len() as u64 > opts.max_bytes {
            sink(Err(IngestError::TooLarge {
                path: source,
                size: body.len() as u64,
                limit: opts.max_bytes,
            }));
            continue;
        }
        let doc = html_doc(&body, source, url, charset_of(&content_type));
        if doc.is_ok() {
            html += 1;
        }
        sink(doc);
    }
    let count: usize = skipped.values().sum();
    if count > 0 {
        let what = skipped
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect::<Vec<_>>()
            .join(", ");
        sink(Err(IngestError::WarcSkipped {
            path: path.to_string(),
            count,
            what,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_parsing_and_dechunking() {
        let (h, body) = split_http(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1251\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").unwrap();
        assert_eq!(
            charset_of(header(&h, "content-type").unwrap()),
            Some("windows-1251")
        );
        assert_eq!(dechunk(body), b"hello world");
        assert!(split_http(b"not http").is_none());
    }

    /// Found by fuzzing (`fuzz/fuzz_targets/warc.rs`): a header value that
    /// is not UTF-8 panicked in the warc crate's `Record::header`.
    #[test]
    fn header_values_not_utf8_are_read_leniently() {
        let body = b"<p>Minsk</p>";
        let mut warc = b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:x>\r\nWARC-Date: 2024-05-24T08:00:00Z\r\nWARC-Target-URI: https://example.fr/\x80\r\nContent-Type: text/\xffhtml\r\n".to_vec();
        warc.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        warc.extend_from_slice(body);
        warc.extend_from_slice(b"\r\n\r\n");
        let mut out = Vec::new();
        crate::read_bytes("x.warc", &warc, &Options::default(), &mut |r| out.push(r));
        let doc = out[0].as_ref().unwrap();
        assert_eq!(doc.url.as_deref(), Some("https://example.fr/\u{FFFD}"));
        assert!(doc.text.contains("Minsk"));
    }

    #[test]
    fn gzip_bodies_stop_at_the_size_limit() {
        let page = format!("<p>{}</p>", "Minsk ".repeat(2000));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gz, page.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        let mut http =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        http.extend_from_slice(&gz);
        let mut warc = format!("WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:x>\r\nWARC-Date: 2024-05-24T08:00:00Z\r\nContent-Length: {}\r\n\r\n", http.len()).into_bytes();
        warc.extend_from_slice(&http);
        warc.extend_from_slice(b"\r\n\r\n");
        let mut out = Vec::new();
        let opts = Options { max_bytes: 1000 };
        crate::read_bytes("x.warc", &warc, &opts, &mut |r| out.push(r));
        assert!(
            matches!(out[..], [Err(IngestError::TooLarge { size: 1001, .. })]),
            "{out:?}"
        );
    }

    /// Found by fuzzing (`fuzz/fuzz_targets/warc.rs`): the warc crate added
    /// 4 to a Content-Length near `usize::MAX` (overflow). A block over the
    /// limit is now skipped unread; one longer than the file is truncation.
    #[test]
    fn huge_or_oversized_content_lengths() {
        let record = |len: &str, block: &str| {
            format!("WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: {len}\r\n\r\n{block}\r\n\r\n")
        };
        let read = |warc: String| {
            let mut out = Vec::new();
            let opts = Options { max_bytes: 100 };
            crate::read_bytes("x.warc", warc.as_bytes(), &opts, &mut |r| out.push(r));
            out
        };
        let out = read(record("18446744073709551615", "<p>x</p>"));
        assert!(
            matches!(&out[..], [Err(IngestError::Warc { record: 1, msg, .. })] if msg.contains("truncated")),
            "{out:?}"
        );
        let big = format!("<p>{}</p>", "x".repeat(200));
        let out = read(record("207", &big) + &record("8", "<p>y</p>"));
        assert!(
            matches!(out[0], Err(IngestError::TooLarge { size: 207, .. })),
            "{out:?}"
        );
        assert_eq!(out[1].as_ref().unwrap().source, "x.warc#record2");
        let out = read("WARC/1.0\r\nContent-Length: x\r\n\r\n".into());
        assert!(
            matches!(&out[..], [Err(IngestError::Warc { msg, .. })] if msg.contains("Content-Length"))
        );
    }
}
