//! Web pages to articles. Pure: bytes or HTML in, article out; never fails
//! (a page with no readable article yields its visible text).
//!
//! - [`decode_html`] (`charset.rs`): bytes to text by BOM, declared charset
//!   (HTTP header or `<meta>`), valid UTF-8, else `chardetng`'s guess.
//! - `dom.rs`: a one-pass, forgiving HTML parser into an arena.
//! - `content.rs`: which block is the article, and its paragraphs.
//! - `meta.rs`: title, author, date, site, language, canonical URL from
//!   `<meta>`, Open Graph, JSON-LD, `<time>`, `<link>` and the URL.

mod charset;
pub mod content;
pub mod dom;
mod meta;
mod text;

pub use charset::decode_html;
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
    /// Visible texts of elements named as a date ("Publié le 3 mars
    /// 2024", "20.01.2022"), for a reader of dates when the markup gives
    /// none.
    pub date_texts: Vec<String>,
    /// Main text, one paragraph per line.
    pub text: String,
}

fn nonempty(s: Option<&str>) -> Option<String> {
    s.map(text::clean_ws).filter(|x| !x.is_empty())
}

const TITLE_SEPARATORS: [&str; 7] = [" | ", " - ", " – ", " — ", " :: ", " » ", " · "];

/// Whether `part` of a title names the site: its name, or a domain.
fn names_site(part: &str, site: Option<&str>) -> bool {
    let p = part.trim();
    site.is_some_and(|s| p.eq_ignore_ascii_case(s.trim()))
        || (!p.contains(' ') && p.contains('.') && !p.ends_with('.'))
}

/// `t` without a site name before or after a separator ("Title | Site",
/// "Site - Title").
fn strip_site(t: &str, site: Option<&str>) -> String {
    for sep in TITLE_SEPARATORS {
        if let Some((a, b)) = t.rsplit_once(sep) {
            if names_site(b, site) && !a.trim().is_empty() {
                return a.trim().to_string();
            }
        }
        if let Some((a, b)) = t.split_once(sep) {
            if names_site(a, site) && !b.trim().is_empty() {
                return b.trim().to_string();
            }
        }
    }
    t.to_string()
}

/// The page title without the site name appended to it ("Title | Site").
fn page_title(m: &meta::PageMeta, h1: Option<String>) -> Option<String> {
    let site = m
        .meta(&["og:site_name", "application-name"])
        .map(str::to_string)
        .or_else(|| m.ld_publisher.clone());
    let site = site.as_deref();
    let og = nonempty(m.meta(&["og:title", "twitter:title"])).map(|t| strip_site(&t, site));
    let tag = m.title_tag.clone();
    if let Some(h) = &h1 {
        // The first heading is the title when the page's own titles agree.
        let agree = |t: &Option<String>| t.as_deref().is_some_and(|t| t.contains(h.as_str()));
        if h.len() >= 10 && (agree(&tag) || agree(&og) || agree(&m.ld_headline)) {
            return h1;
        }
    }
    let chosen = og.or_else(|| m.ld_headline.clone()).or_else(|| {
        let t = tag?;
        let stripped = strip_site(&t, site);
        if stripped != t {
            return Some(stripped);
        }
        let best = TITLE_SEPARATORS
            .iter()
            .filter(|sep| t.contains(**sep))
            .filter_map(|sep| t.split(sep).max_by_key(|p| p.chars().count()))
            .min_by_key(|p| p.chars().count())
            .map(str::trim)
            .filter(|p| p.chars().count() >= 10);
        Some(best.map(str::to_string).unwrap_or(t))
    });
    // A title that is only the site's name says nothing of the article.
    match (chosen, h1) {
        (Some(c), Some(h)) if names_site(&c, site) && h.len() >= 10 => Some(h),
        (c, _) => c,
    }
}

/// Extracts the article of an HTML page. `url` is where it was fetched from.
pub fn extract(html: &str, url: Option<&str>) -> Article {
    let dom = dom::parse(html);
    let m = meta::read(&dom);
    let text = content::main_text(&dom);
    let h1_node = dom.find(dom::Tag::H(1));
    let h1 = h1_node.and_then(|h| nonempty(Some(&text::decode(&dom.raw_text(h)))));
    let title = page_title(&m, h1);
    let author = m
        .ld_author
        .clone()
        .or_else(|| {
            nonempty(m.meta(&[
                "author",
                "article:author",
                "byl",
                "dc.creator",
                "sailthru.author",
                "parsely-author",
            ]))
        })
        .or_else(|| m.author_texts.iter().find_map(|t| byline_name(t)))
        .filter(|a| !a.starts_with("http"));
    let canonical = m
        .canonical
        .clone()
        .or_else(|| nonempty(m.meta(&["og:url"])));
    // A full date in the page's address wins over the markup's when they
    // disagree, as htmldate has it: the address given, else the one the
    // page declares canonical. The markup's keeps its time of day.
    let url_day = url.and_then(meta::url_date).or_else(|| {
        m.canonical
            .as_deref()
            .filter(|c| c.starts_with("http"))
            .and_then(meta::url_date)
    });
    let markup = m
        .ld_date
        .clone()
        .or_else(|| {
            nonempty(m.meta(&[
                "article:published_time",
                "datepublished",
                "date",
                "dc.date",
                "dc.date.issued",
                "dcterms.date",
                "pubdate",
                "publishdate",
                "og:published_time",
                "sailthru.date",
                "parsely-pub-date",
                "article:modified_time",
            ]))
        })
        .or_else(|| m.micro_date.clone())
        .or_else(|| m.time.clone());
    let date = match (url_day, markup) {
        // A UTC stamp on the address's day: the day is the address's.
        (Some(u), Some(d)) if d.get(..10) == Some(u.as_str()) && !in_utc(&d) => Some(d),
        (Some(u), _) => Some(u),
        (None, d) => d,
    };
    let mut date_texts: Vec<String> = Vec::new();
    let heading_texts = h1_node.map_or_else(Vec::new, |h| near_heading(&dom, h));
    let titles = [m.title_tag.clone(), title.clone()]
        .into_iter()
        .flatten()
        .filter(|t| t.bytes().any(|b| b.is_ascii_digit()));
    // A `<time datetime>` written for people ("3 de mayo de 2022").
    let time_attr = m.time.clone().filter(|t| {
        !t.get(..4)
            .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
    });
    for t in m
        .date_texts
        .iter()
        .cloned()
        .chain(time_attr)
        .chain(heading_texts)
        .chain(titles)
        .chain(dated_runs(&dom))
    {
        if !date_texts.contains(&t) {
            date_texts.push(t);
        }
    }
    Article {
        title,
        author,
        date,
        site: nonempty(m.meta(&["og:site_name", "application-name"]))
            .or_else(|| m.ld_publisher.clone()),
        lang: m.lang.clone(),
        canonical,
        text,
        date_texts,
    }
}

/// Whether an ISO timestamp is given in UTC ("…T02:25Z", "…+00:00").
pub fn in_utc(d: &str) -> bool {
    let d = d.trim();
    d.contains(['T', ' ']) && (d.ends_with('Z') || d.ends_with("+00:00") || d.ends_with("+0000"))
}

/// Short visible text runs that hold a date-like number (a year 19xx or
/// 20xx, or `D.M.YY`), in page order: the last place to look for the
/// page's date when neither its markup nor its named elements give one
/// ("am 29.12.2010, 13:36 Uhr" after an author's link). At most twelve.
fn dated_runs(dom: &dom::Dom) -> Vec<String> {
    static DATED: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?:^|\D)(?:(?:19|20)\d\d|\d{1,2}[./]\d{1,2}[./]\d\d)(?:\D|$)").unwrap()
    });
    let mut out = Vec::new();
    for node in &dom.nodes {
        let dom::Kind::Text(r) = &node.kind else {
            continue;
        };
        let raw = dom.slice(r);
        if raw.len() > 400 || !raw.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        if matches!(
            dom.tag(node.parent),
            Some(
                dom::Tag::Script
                    | dom::Tag::Style
                    | dom::Tag::Title
                    | dom::Tag::Noscript
                    | dom::Tag::Template
                    | dom::Tag::Textarea
                    | dom::Tag::Option
            )
        ) {
            continue;
        }
        let mut t = text::clean_ws(&text::decode(raw));
        if t.len() > 80 && t.starts_with(|c: char| c.is_ascii_digit()) {
            // A paragraph that opens with its date: "27.1.2022 - Bei der …".
            let cut = (40..t.len())
                .find(|&i| t.is_char_boundary(i))
                .unwrap_or(t.len());
            t.truncate(cut);
        }
        if (6..=80).contains(&t.len()) && DATED.is_match(&t) {
            out.push(t);
            if out.len() == 12 {
                break;
            }
        }
    }
    out
}

/// Short text runs with a digit just around the main heading, where pages
/// print the date ("Pressemitteilung vom 20.01.2022"), after the elements
/// named as dates: at most three, within 60 nodes.
fn near_heading(dom: &dom::Dom, h1: u32) -> Vec<String> {
    let from = h1.saturating_sub(20);
    let to = (h1 as usize + 60).min(dom.nodes.len()) as u32;
    (from..to)
        .filter_map(|n| match &dom.nodes[n as usize].kind {
            dom::Kind::Text(r) => {
                let t = text::clean_ws(&text::decode(dom.slice(r)));
                let in_script = matches!(
                    dom.tag(dom.nodes[n as usize].parent),
                    Some(dom::Tag::Script | dom::Tag::Style)
                );
                (!in_script && (6..=60).contains(&t.len()) && t.bytes().any(|b| b.is_ascii_digit()))
                    .then_some(t)
            }
            _ => None,
        })
        .take(3)
        .collect()
}

/// The name in a visible byline ("By Jeanne Martin", "Von Anna Muster |
/// 3. März 2024", "Autor: Paul"): one to five words, mostly capitalised.
fn byline_name(t: &str) -> Option<String> {
    static PREFIX: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?i)^(?:(?:posted|written|published)\s+by|by|von|par|de|por|autor(?:in)?\s*:|author\s*:|auteur\s*:|text\s*:)\s+").unwrap()
    });
    let t = PREFIX.replace(t.trim(), "");
    let name = t
        .split(['|', '•', '·', '\n', '('])
        .next()?
        .split(" am ")
        .next()?
        .split(" le ")
        .next()?
        .split(" on ")
        .next()?
        .trim()
        .trim_end_matches([',', '-', '–', ':']);
    let words: Vec<&str> = name.split_whitespace().collect();
    let capitalised = words
        .iter()
        .filter(|w| w.starts_with(|c: char| c.is_uppercase()))
        .count();
    let ok = (1..=5).contains(&words.len())
        && capitalised * 2 >= words.len()
        && !name.chars().any(|c| c.is_ascii_digit())
        && name.len() >= 2;
    ok.then(|| name.to_string())
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
            .to_vec();
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
    fn visible_byline_date_and_site_names_in_titles() {
        let p = "Le président russe est arrivé jeudi à Minsk pour une visite de deux jours chez son allié biélorusse, a annoncé le Kremlin.";
        let html = format!(
            r#"<html><head><title>La Gazette</title><meta property="og:site_name" content="La Gazette">
            <meta property="og:title" content="Poutine à Minsk pour deux jours | La Gazette"></head>
            <body><article><div class="post-meta"><span class="byline">Par Jeanne Martin</span>
            <span class="post-date">Publié le 23 mai 2024</span></div><p>{p}</p><p>{p}</p></article></body></html>"#
        );
        let a = extract(&html, None);
        assert_eq!(a.title.as_deref(), Some("Poutine à Minsk pour deux jours"));
        assert_eq!(a.author.as_deref(), Some("Jeanne Martin"));
        assert_eq!(a.date, None);
        assert_eq!(a.date_texts, ["Publié le 23 mai 2024"]);
        // A title that is only the site's name gives way to the heading.
        let html = format!(
            r#"<head><meta property="og:site_name" content="Übermedien"><meta property="og:title" content="Übermedien"></head>
            <body><h1>Die vertauschten Rollen in der Debatte</h1><p>{p}</p></body>"#
        );
        assert_eq!(
            extract(&html, None).title.as_deref(),
            Some("Die vertauschten Rollen in der Debatte")
        );
        // Dates: microdata or RDFa on a body element, a date printed by the
        // heading, dates in the URL in other shapes.
        let html = format!(
            r#"<body><footer><span property="schema:dateCreated" content="2020-04-21T14:40:07+00:00"></span></footer><p>{p}</p></body>"#
        );
        assert_eq!(
            extract(&html, None).date.as_deref(),
            Some("2020-04-21T14:40:07+00:00")
        );
        let html = format!("<body><h1>Erste Zusagen für Aufnahmen</h1><div>Pressemitteilung vom 20.01.2022</div><p>{p}</p></body>");
        assert!(extract(&html, None)
            .date_texts
            .contains(&"Pressemitteilung vom 20.01.2022".to_string()));
        assert_eq!(
            meta::url_date("https://x.it/de/newsroom/23-01-2022-dorothea").as_deref(),
            Some("2022-01-23")
        );
        assert_eq!(
            meta::url_date("https://x.com/actualidad/pais/20220503/juicio").as_deref(),
            Some("2022-05-03")
        );
        assert_eq!(meta::url_date("https://x.com/id/12345678/a"), None);
        assert_eq!(
            byline_name("Von Anna Muster | 3. März 2024").as_deref(),
            Some("Anna Muster")
        );
        assert_eq!(
            byline_name("Posted by Paul Durand on May 3"),
            Some("Paul Durand".into())
        );
        assert_eq!(
            byline_name("12 commentaires sur cet article de presse"),
            None
        );
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

    /// Where a page's date is found: the page, the URL given, the date
    /// expected in the markup (`date`) and a text expected among the
    /// printed candidates (`date_texts`).
    #[test]
    fn page_date_sources() {
        let p = "Le conseil municipal a voté mardi soir le budget de la nouvelle piscine, après trois heures de débats.";
        /// What is tested, the page, the URL, the date, a printed text.
        type Case<'a> = (
            &'a str,
            String,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
        );
        let cases: Vec<Case> = vec![
            (
                "a full date in the canonical address comes first",
                format!(
                    r#"<head><link rel="canonical" href="https://x.example/2017/7/12/piscine"><meta property="article:published_time" content="2019-06-17T18:28:00+0200"></head><body><p>{p}</p></body>"#
                ),
                None,
                Some("2017-07-12"),
                None,
            ),
            (
                "the address given, before the canonical one",
                format!(
                    r#"<head><link rel="canonical" href="https://x.example/2017/07/12/piscine"></head><body><p>{p}</p></body>"#
                ),
                Some("https://x.example/2018/01/02/piscine"),
                Some("2018-01-02"),
                None,
            ),
            (
                "published, not modified",
                format!(
                    r#"<head><meta property="article:modified_time" content="2024-03-05T10:00:00+01:00"><meta property="article:published_time" content="2024-03-03T09:00:00+01:00"></head><body><p>{p}</p></body>"#
                ),
                None,
                Some("2024-03-03T09:00:00+01:00"),
                None,
            ),
            (
                "JSON-LD of another type than an article",
                format!(
                    r#"<head><script type="application/ld+json">{{"@type":"HowTo","datePublished":"2022-01-10T22:06:08Z"}}</script></head><body><p>{p}</p></body>"#
                ),
                None,
                Some("2022-01-10T22:06:08Z"),
                None,
            ),
            (
                "a heading named as a date",
                format!(
                    r#"<body><h2 class="date-header"><span>Samstag, 5. Oktober 2013</span></h2><p>{p}</p></body>"#
                ),
                None,
                None,
                Some("Samstag, 5. Oktober 2013"),
            ),
            (
                "time and date in separate spans",
                format!(
                    r#"<body><span class="CommentTime"><span>28.09.19</span><span>12:44</span></span><p>{p}</p></body>"#
                ),
                None,
                None,
                Some("28.09.19 12:44"),
            ),
            (
                "a date after the author's link, in no named element",
                format!(
                    r#"<body><div class="left">Author: <a href="/u/1"><b>Bo</b></a> am 29.12.2010, 13:36 Uhr</div><p>{p}</p></body>"#
                ),
                None,
                None,
                Some("am 29.12.2010, 13:36 Uhr"),
            ),
            (
                "a paragraph that opens with its date",
                format!(r#"<body><p>27.1.2022 - {p} {p}</p></body>"#),
                None,
                None,
                Some("27.1.2022 - Le conseil"),
            ),
            (
                "a time element written for people",
                format!(
                    r#"<body><time datetime="3 de mayo de 2022">3 de mayo</time><p>{p}</p></body>"#
                ),
                None,
                Some("3 de mayo de 2022"),
                Some("3 de mayo de 2022"),
            ),
        ];
        for (what, html, url, date, text) in cases {
            let a = extract(&html, url);
            assert_eq!(a.date.as_deref(), date, "{what}");
            if let Some(t) = text {
                assert!(
                    a.date_texts.iter().any(|x| x.starts_with(t)),
                    "{what}: {:?}",
                    a.date_texts
                );
            }
        }
        // Scripts and styles are not searched.
        let a = extract(
            &format!("<body><script>var d = '12.03.2021';</script><p>{p}</p></body>"),
            None,
        );
        assert!(a.date_texts.is_empty(), "{:?}", a.date_texts);
    }
}
