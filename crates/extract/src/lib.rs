//! Web pages to articles. Pure: bytes or HTML in, article out; never fails
//! (a page with no readable article yields its visible text).
//!
//! - [`decode_html`]: bytes to text by BOM, declared charset (HTTP header or
//!   `<meta>`), valid UTF-8, else `chardetng`'s guess.
//! - [`extract`]: main text with paragraph breaks (Readability-style
//!   scoring by `dom_smoothie`), and metadata from JSON-LD, Open Graph,
//!   `<meta>`, `<time>` and the URL.

use regex::Regex;
use std::sync::LazyLock;

/// An article extracted from a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    pub title: Option<String>,
    pub author: Option<String>,
    /// The publication date as the page gives it (ISO 8601 usually).
    pub date: Option<String>,
    pub site: Option<String>,
    pub lang: Option<String>,
    /// The canonical URL the page declares.
    pub canonical: Option<String>,
    /// Main text, one paragraph per line.
    pub text: String,
}

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

fn clean_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|x| clean_ws(&x)).filter(|x| !x.is_empty())
}

static META_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<meta\s+[^>]*?(?:name|property|itemprop)\s*=\s*["']([^"']+)["'][^>]*?content\s*=\s*["']([^"']*)["']"#).unwrap()
});
static META_TAG_REV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<meta\s+[^>]*?content\s*=\s*["']([^"']*)["'][^>]*?(?:name|property|itemprop)\s*=\s*["']([^"']+)["']"#).unwrap()
});
static TIME_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?is)<time[^>]*datetime\s*=\s*["']([^"']+)["']"#).unwrap());
static CANONICAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<link[^>]*rel\s*=\s*["']canonical["'][^>]*href\s*=\s*["']([^"']+)["']"#)
        .unwrap()
});
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|-|$)").unwrap()
});

/// `<meta>` name/property → content, first occurrence wins.
fn metas(html: &str) -> Vec<(String, String)> {
    let mut end = html.len().min(200_000);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let head = &html[..end];
    let mut out: Vec<(String, String)> = Vec::new();
    for c in META_TAG.captures_iter(head) {
        out.push((c[1].to_lowercase(), c[2].to_string()));
    }
    for c in META_TAG_REV.captures_iter(head) {
        out.push((c[2].to_lowercase(), c[1].to_string()));
    }
    out
}

fn meta<'a>(m: &'a [(String, String)], keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| {
        m.iter()
            .find(|(n, v)| n == k && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    })
}

/// Text of a page with no readable article: tags, scripts and styles removed.
fn visible_text(html: &str) -> String {
    static DROP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)<(script|style|noscript|template)[^>]*>.*?</(script|style|noscript|template)>|<!--.*?-->").unwrap()
    });
    static BLOCK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)</?(p|div|br|li|h[1-6]|tr|section|article|header|footer)[^>]*>").unwrap()
    });
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<[^>]*>").unwrap());
    let t = DROP.replace_all(html, " ");
    let t = BLOCK.replace_all(&t, "\n");
    let t = TAG.replace_all(&t, " ");
    let t = unescape(&t);
    t.lines()
        .map(clean_ws)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn unescape(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&rsquo;", "’")
        .replace("&laquo;", "«")
        .replace("&raquo;", "»")
}

/// Extracts the article of an HTML page. `url` is where it was fetched from.
pub fn extract(html: &str, url: Option<&str>) -> Article {
    let m = metas(html);
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let parsed = dom_smoothie::Readability::new(html, url, Some(cfg))
        .ok()
        .and_then(|mut r| r.parse().ok());
    let (text, title, byline, published, site, lang) = match parsed {
        Some(a) => {
            let text: String = a
                .text_content
                .to_string()
                .lines()
                .map(clean_ws)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            (
                text,
                Some(a.title),
                a.byline,
                a.published_time,
                a.site_name,
                a.lang,
            )
        }
        None => (visible_text(html), None, None, None, None, None),
    };
    let title = nonempty(title)
        .or_else(|| nonempty(meta(&m, &["og:title", "twitter:title", "title"]).map(unescape)));
    let author = nonempty(byline).or_else(|| {
        nonempty(meta(&m, &["author", "article:author", "byl", "dc.creator"]).map(unescape))
    });
    let date = nonempty(published)
        .or_else(|| {
            nonempty(
                meta(
                    &m,
                    &[
                        "article:published_time",
                        "datepublished",
                        "date",
                        "dc.date",
                        "pubdate",
                        "publishdate",
                        "og:published_time",
                        "sailthru.date",
                    ],
                )
                .map(str::to_string),
            )
        })
        .or_else(|| TIME_TAG.captures(html).map(|c| c[1].to_string()))
        .or_else(|| {
            url.and_then(|u| URL_DATE.captures(u))
                .map(|c| format!("{}-{}-{}", &c[1], &c[2], &c[3]))
        });
    let canonical = CANONICAL
        .captures(html)
        .map(|c| c[1].to_string())
        .or_else(|| meta(&m, &["og:url"]).map(str::to_string));
    Article {
        title,
        author,
        date,
        site: nonempty(site).or_else(|| nonempty(meta(&m, &["og:site_name"]).map(unescape))),
        lang: nonempty(lang),
        canonical,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets() {
        let cp1251 = b"<html><head><meta charset=\"windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body></html>";
        let (t, enc) = decode_html(cp1251, None);
        assert_eq!(enc, "windows-1251");
        assert!(t.contains("Привет"));
        let latin1 = "<p>Le président est arrivé à Minsk.</p>"
            .as_bytes()
            .iter()
            .copied()
            .collect::<Vec<u8>>();
        assert_eq!(decode_html(&latin1, None).1, "UTF-8");
        let undeclared = b"<p>Le pr\xe9sident est arriv\xe9 \xe0 Minsk pour des entretiens avec son homologue.</p>";
        let (t, _) = decode_html(undeclared, None);
        assert!(t.contains("président"), "{t}");
        let (t, enc) = decode_html(b"\xEF\xBB\xBFok", Some("iso-8859-1"));
        assert_eq!((t.as_str(), enc), ("ok", "UTF-8"));
    }

    #[test]
    fn article_and_metadata() {
        let html = r#"<html lang="fr"><head><title>Poutine à Minsk - Le Journal</title>
        <meta property="og:site_name" content="Le Journal"><meta name="author" content="Jeanne Martin">
        <meta property="article:published_time" content="2024-05-23T18:45:00+02:00">
        <link rel="canonical" href="https://journal.example/monde/poutine-minsk"></head>
        <body><nav>Accueil | Monde | Sport</nav><article><h1>Poutine à Minsk</h1>
        <p>Le président russe Vladimir Poutine est arrivé jeudi à Minsk pour une visite de deux jours chez son allié biélorusse Alexandre Loukachenko, a annoncé le Kremlin dans un communiqué.</p>
        <p>Les deux dirigeants doivent évoquer la coopération militaire, les livraisons de gaz et les exercices conjoints prévus en octobre, selon l’agence de presse officielle BelTA.</p>
        <p>« Nous avons beaucoup à discuter », a déclaré M. Poutine à son arrivée à l’aéroport national de Minsk, où il a été accueilli par le chef de l’État biélorusse.</p>
        </article><footer>© 2024 Le Journal — Mentions légales</footer></body></html>"#;
        let a = extract(
            html,
            Some("https://journal.example/2024/05/23/poutine-minsk"),
        );
        assert!(
            a.text.contains("Vladimir Poutine est arrivé jeudi à Minsk"),
            "{}",
            a.text
        );
        assert!(a.text.lines().count() >= 3, "paragraphs kept: {}", a.text);
        assert!(!a.text.contains("Mentions légales") && !a.text.contains("Accueil | Monde"));
        assert_eq!(a.author.as_deref(), Some("Jeanne Martin"));
        assert_eq!(a.date.as_deref(), Some("2024-05-23T18:45:00+02:00"));
        assert_eq!(
            a.canonical.as_deref(),
            Some("https://journal.example/monde/poutine-minsk")
        );
        assert_eq!(a.site.as_deref(), Some("Le Journal"));
        assert!(a.title.unwrap().contains("Poutine à Minsk"));
    }

    #[test]
    fn broken_and_empty_pages_do_not_fail() {
        for html in [
            "",
            "<",
            "<html><body>",
            "<p>un <b>texte</p></i> cassé",
            "\u{0}\u{1}",
        ] {
            let _ = extract(html, None);
        }
        let a = extract(
            "<html><body><p>Seulement une ligne.</p><script>var x = 1;</script></body></html>",
            None,
        );
        assert!(!a.text.contains("var x"));
    }
}
