//! Page metadata from the parsed tree: `<meta>` (name, property,
//! itemprop), Open Graph, JSON-LD, `<title>`, `<time>`, `<link
//! rel=canonical>`, `<html lang>`, and dates in the URL.

use crate::dom::{Dom, Tag};
use crate::text::{clean_ws, decode};
use regex::Regex;
use std::sync::LazyLock;

/// What the page says about itself, each field first-found-wins by source.
#[derive(Debug, Default)]
pub struct PageMeta {
    /// `<meta>` name/property/itemprop (lower-cased) → decoded content.
    pub metas: Vec<(String, String)>,
    pub title_tag: Option<String>,
    pub ld_headline: Option<String>,
    pub ld_author: Option<String>,
    pub ld_date: Option<String>,
    pub ld_publisher: Option<String>,
    pub time: Option<String>,
    pub canonical: Option<String>,
    pub lang: Option<String>,
    /// Short visible texts of elements named as a byline or author
    /// (`rel=author`, `itemprop=author`, `class=byline`…), first first.
    pub author_texts: Vec<String>,
    /// `datePublished` / `dateCreated` given by microdata or RDFa on a
    /// body element (`<span property="schema:dateCreated" content=…>`).
    pub micro_date: Option<String>,
    /// Short visible texts of elements named as a date (`class=date`,
    /// `post-date`, `<time>` without `datetime`…), first first.
    pub date_texts: Vec<String>,
}

/// Class, id, rel or itemprop words that name a byline or a date.
static NAMED: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([
            "author", "byline", "autor", "auteur", "date", "datum", "time", "publi", "posted",
        ])
        .expect("a small automaton")
});
/// Patterns of [`NAMED`] below this index name an author.
const AUTHOR_NAMES: usize = 4;
/// Candidates kept per field.
const MAX_CANDIDATES: usize = 4;

/// The short text of a small element (a few nodes, at most 100 bytes),
/// its text runs joined by spaces: `<span>28.09.19</span><span>12:44</span>`
/// is "28.09.19 12:44", not one run of digits.
fn short_text(dom: &Dom, n: u32) -> Option<String> {
    let end = dom.subtree_end(n);
    if end - n > 12 {
        return None;
    }
    let mut raw = String::new();
    for i in n..end {
        if let crate::dom::Kind::Text(r) = &dom.nodes[i as usize].kind {
            raw.push(' ');
            raw.push_str(dom.slice(r));
        }
    }
    let t = clean_ws(&decode(&raw));
    (!t.is_empty() && t.len() <= 100).then_some(t)
}

/// Whether an `itemprop`/`property` value names the publication date
/// (`datePublished`, `schema:dateCreated`).
fn names_publication_date(v: &str) -> bool {
    let v = v.trim();
    let v = v.strip_prefix("schema:").unwrap_or(v);
    v.eq_ignore_ascii_case("datePublished") || v.eq_ignore_ascii_case("dateCreated")
}

/// Byline and date candidates from an element's names, and a publication
/// date given in microdata or RDFa, in one pass over its attributes.
fn named_texts(dom: &Dom, n: u32, m: &mut PageMeta) {
    let crate::dom::Kind::Element { attrs, .. } = &dom.nodes[n as usize].kind else {
        return;
    };
    let (mut author, mut date, mut micro) = (false, false, false);
    for a in &dom.attrs[attrs.start as usize..attrs.end as usize] {
        let name = dom.slice(&a.name);
        let v = dom.slice(&a.value);
        let schema = ["itemprop", "property"]
            .iter()
            .any(|k| name.eq_ignore_ascii_case(k));
        micro |= schema && names_publication_date(v);
        if !["class", "id", "rel", "itemprop"]
            .iter()
            .any(|k| name.eq_ignore_ascii_case(k))
        {
            continue;
        }
        let mut names_author = false;
        for hit in NAMED.find_iter(v) {
            if hit.pattern().as_usize() < AUTHOR_NAMES {
                names_author = true;
            } else {
                date = true;
            }
        }
        if names_author {
            // Not the box around an author's biography or picture.
            let lower = v.to_ascii_lowercase();
            author |= ![
                "bio",
                "avatar",
                "image",
                "img",
                "photo",
                "box",
                "description",
                "comment",
                "about",
            ]
            .iter()
            .any(|w| lower.contains(w));
        }
    }
    if micro && m.micro_date.is_none() {
        m.micro_date = dom
            .attr(n, "content")
            .or_else(|| dom.attr(n, "datetime"))
            .map(clean_ws)
            .filter(|d| !d.is_empty())
            .or_else(|| short_text(dom, n));
    }
    if author && m.author_texts.len() < MAX_CANDIDATES {
        if let Some(t) = short_text(dom, n) {
            m.author_texts.push(t);
        }
    }
    if date && m.date_texts.len() < MAX_CANDIDATES {
        if let Some(t) = short_text(dom, n) {
            m.date_texts.push(t);
        }
    }
}

impl PageMeta {
    pub fn meta(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| {
            self.metas
                .iter()
                .find(|(n, v)| n == k && !v.trim().is_empty())
                .map(|(_, v)| v.as_str())
        })
    }
}

fn nonempty(s: String) -> Option<String> {
    let s = clean_ws(&s);
    (!s.is_empty()).then_some(s)
}

/// Reads the metadata of a parsed page.
pub fn read(dom: &Dom) -> PageMeta {
    let mut m = PageMeta::default();
    for n in 0..dom.nodes.len() as u32 {
        let Some(tag) = dom.tag(n) else { continue };
        match tag {
            Tag::Html if m.lang.is_none() => {
                m.lang = dom
                    .attr(n, "lang")
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty());
            }
            Tag::Meta => {
                let key = dom
                    .attr(n, "property")
                    .or_else(|| dom.attr(n, "name"))
                    .or_else(|| dom.attr(n, "itemprop"))
                    .or_else(|| dom.attr(n, "http-equiv"));
                if let (Some(k), Some(v)) = (key, dom.attr(n, "content")) {
                    m.metas
                        .push((k.trim().to_ascii_lowercase(), decode(v).into_owned()));
                }
            }
            Tag::Title if m.title_tag.is_none() => {
                // The first <title> is the head's; an SVG's comes later.
                m.title_tag = nonempty(decode(&dom.raw_text(n)).into_owned());
            }
            Tag::Script => {
                let is_ld = dom
                    .attr(n, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                if is_ld {
                    json_ld(&dom.raw_text(n), &mut m);
                }
            }
            Tag::Time if m.time.is_none() => {
                m.time = dom
                    .attr(n, "datetime")
                    .and_then(|d| nonempty(d.to_string()));
                if m.time.is_none() && m.date_texts.len() < MAX_CANDIDATES {
                    m.date_texts.extend(short_text(dom, n));
                }
            }
            Tag::Link if m.canonical.is_none() => {
                let canonical = dom.attr(n, "rel").is_some_and(|r| {
                    r.split_whitespace()
                        .any(|w| w.eq_ignore_ascii_case("canonical"))
                });
                if canonical {
                    m.canonical = dom
                        .attr(n, "href")
                        .and_then(|h| nonempty(decode(h).into_owned()));
                }
            }
            Tag::Div
            | Tag::Span
            | Tag::P
            | Tag::A
            | Tag::Li
            | Tag::Address
            | Tag::Other
            | Tag::Dd
            | Tag::Dt
            | Tag::Td
            | Tag::H(_)
            | Tag::Header
            | Tag::Section => named_texts(dom, n, &mut m),
            _ => {}
        }
    }
    if m.lang.is_none() {
        m.lang = m
            .meta(&["content-language", "og:locale", "language", "dc.language"])
            .map(|l| l.replace('_', "-"));
    }
    m
}

const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "article",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "report",
    "liveblogposting",
    "socialmediaposting",
    "webpage",
];

fn ld_type_rank(v: &serde_json::Value) -> Option<usize> {
    let ty = |s: &str| {
        let s = s.to_ascii_lowercase();
        ARTICLE_TYPES.iter().position(|t| s == *t)
    };
    match &v["@type"] {
        serde_json::Value::String(s) => ty(s),
        serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str()).filter_map(ty).min(),
        _ => None,
    }
}

fn ld_name(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => nonempty(decode(s).into_owned()),
        serde_json::Value::Object(o) => o.get("name").and_then(ld_name),
        serde_json::Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(ld_name).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

/// Reads the best article-like object of a JSON-LD block.
fn json_ld(raw: &str, m: &mut PageMeta) {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(raw.trim().trim_end_matches(';')) else {
        return;
    };
    let mut objs: Vec<&serde_json::Value> = Vec::new();
    // The publication date of a top-level object of another type (a
    // `HowTo`, a `Recipe`): used when no article-like object gives one.
    let mut other_date: Option<&str> = None;
    let mut stack = vec![&v];
    while let Some(x) = stack.pop() {
        match x {
            serde_json::Value::Array(a) => stack.extend(a.iter()),
            serde_json::Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                if ld_type_rank(x).is_some() {
                    objs.push(x);
                } else if other_date.is_none() {
                    other_date = o.get("datePublished").and_then(|d| d.as_str());
                }
            }
            _ => {}
        }
    }
    objs.sort_by_key(|o| ld_type_rank(o));
    for o in objs {
        if m.ld_headline.is_none() {
            m.ld_headline = o["headline"]
                .as_str()
                .and_then(|s| nonempty(decode(s).into_owned()));
        }
        if m.ld_author.is_none() {
            m.ld_author = ld_name(&o["author"]).filter(|a| !a.starts_with("http"));
        }
        if m.ld_date.is_none() {
            m.ld_date = o["datePublished"]
                .as_str()
                .or_else(|| o["dateCreated"].as_str())
                .and_then(|s| nonempty(s.to_string()));
        }
        if m.ld_publisher.is_none() {
            m.ld_publisher = ld_name(&o["publisher"]);
        }
    }
    if m.ld_date.is_none() {
        m.ld_date = other_date.and_then(|s| nonempty(s.to_string()));
    }
}

/// A date in the URL path (`/2024/05/23/`), as `YYYY-MM-DD`.
/// Also `/20240523/` and `/23-05-2024-title`.
pub fn url_date(url: &str) -> Option<String> {
    static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|-|$)")
            .unwrap()
    });
    // `/2017/7/12/`: one-digit months and days between slashes.
    static SHORT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"/((?:19|20)\d{2})/([1-9]|1[0-2]|0[1-9])/([1-9]|[12]\d|3[01]|0[1-9])/").unwrap()
    });
    static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"/(0[1-9]|[12]\d|3[01])-(0[1-9]|1[0-2])-((?:19|20)\d{2})(?:/|-|$)").unwrap()
    });
    URL_DATE
        .captures(url)
        .map(|c| format!("{}-{}-{}", &c[1], &c[2], &c[3]))
        .or_else(|| {
            DAY_FIRST
                .captures(url)
                .map(|c| format!("{}-{}-{}", &c[3], &c[2], &c[1]))
        })
        .or_else(|| {
            SHORT.captures(url).map(|c| {
                let n = |i: usize| c[i].parse::<u32>().unwrap_or(0);
                format!("{}-{:02}-{:02}", &c[1], n(2), n(3))
            })
        })
}
