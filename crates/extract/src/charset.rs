//! Bytes to text: BOM, declared charset, valid UTF-8, else a guess.

use std::sync::LazyLock;

/// The charset an HTML document declares in its first bytes.
fn sniff_meta_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    static META: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)"#).unwrap()
    });
    let head = &bytes[..bytes.len().min(4096)];
    let label = META.captures(head)?.get(1)?.as_bytes();
    encoding_rs::Encoding::for_label(label)
}

/// Decodes an HTML page. `declared` is the HTTP `Content-Type` charset, if any.
/// Returns the text and the name of the encoding used.
pub fn decode_html(bytes: &[u8], declared: Option<&str>) -> (String, &'static str) {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (t, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (t.into_owned(), enc.name());
    }
    let enc = declared
        .and_then(|d| encoding_rs::Encoding::for_label(d.trim().as_bytes()))
        .or_else(|| sniff_meta_charset(bytes));
    if let Some(enc) = enc {
        // A page that declares Latin-1 but is valid UTF-8 is UTF-8 (common mislabel).
        if enc != encoding_rs::UTF_8
            && std::str::from_utf8(bytes).is_ok()
            && bytes.iter().any(|b| *b >= 0x80)
        {
            return (String::from_utf8_lossy(bytes).into_owned(), "UTF-8");
        }
        let (t, _) = enc.decode_without_bom_handling(bytes);
        return (t.into_owned(), enc.name());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), "UTF-8");
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let enc = det.guess(None, true);
    let (t, _) = enc.decode_without_bom_handling(bytes);
    (t.into_owned(), enc.name())
}
