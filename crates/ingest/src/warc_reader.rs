//! WARC files: HTML in `response` (and `resource`) records becomes raw
//! documents; other records are counted and reported once per file. A
//! truncated or corrupt file keeps the records read before the fault.

use crate::{html_doc, IngestError, Options, RawDoc};
use flate2::read::MultiGzDecoder;
use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use warc::{RecordType, WarcHeader, WarcReader};

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
    for (n, record) in WarcReader::new(reader).iter_records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let msg = match &e {
                    warc::Error::UnexpectedEOB => "truncated (unexpected end of file)".to_string(),
                    warc::Error::ReadData(io) => {
                        crate::io_or_gzip(std::io::Error::new(io.kind(), io.to_string()), path, gz)
                            .to_string()
                    }
                    other => other.to_string(),
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
        let kind = record.warc_type().clone();
        // Header values read leniently: `Record::header` panics on a value
        // that is not UTF-8.
        let (head, record_body) = record.into_raw_parts();
        let value = |h: WarcHeader| {
            head.headers
                .get(&h)
                .map(|v| String::from_utf8_lossy(v).into_owned())
        };
        let url = value(WarcHeader::TargetURI).map(|u| u.trim_matches(['<', '>']).to_string());
        let source = format!("{path}#record{}", n + 1);
        let (content_type, body): (String, Vec<u8>) = match kind {
            RecordType::Response => {
                let Some((h, body)) = split_http(&record_body) else {
                    *skipped
                        .entry("response without HTTP headers".into())
                        .or_default() += 1;
                    continue;
                };
                let mut body =
                    if header(&h, "transfer-encoding").is_some_and(|t| t.contains("chunked")) {
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
            }
            RecordType::Resource => (
                value(WarcHeader::ContentType)
                    .map(|c| c.to_lowercase())
                    .unwrap_or_default(),
                record_body,
            ),
            other => {
                *skipped
                    .entry(format!("{other:?}").to_lowercase())
                    .or_default() += 1;
                continue;
            }
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
}
