//! Main text: which part of the page is the article, and its paragraphs.
//!
//! 1. Page furniture is set aside: scripts, form controls, navigation,
//!    asides, footers, hidden elements, and elements whose class or id
//!    names them (comments, share bars, related links, cookie notices…).
//! 2. The article container is the first element matching the names
//!    content systems give it (`itemprop=articleBody`, `entry-content`,
//!    `<article>`, `#content`, `<main>`… in that order of trust) that holds
//!    enough text. Failing that, paragraphs vote for their ancestors
//!    (Readability's scoring) and the best-scored block wins, with the
//!    siblings that score close to it.
//! 3. The container's text is written one block per line; blocks that are
//!    mostly link text (menus, lists of headlines) are left out.

use crate::dom::{Dom, Kind, Tag, NONE};
use crate::text::{decode, push_collapsed};
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// Per-node text measures over the kept (not set-aside) part of the page.
struct Stats {
    /// Non-space bytes of text.
    text: Vec<u32>,
    /// Of which inside links.
    link: Vec<u32>,
    commas: Vec<u32>,
    /// Whether a child is a block element.
    block_kids: Vec<bool>,
}

/// Class and id, lower-cased, as one string.
fn names(dom: &Dom, n: u32, buf: &mut String) {
    buf.clear();
    for a in ["class", "id"] {
        if let Some(v) = dom.attr(n, a) {
            buf.push(' ');
            buf.extend(v.chars().map(|c| c.to_ascii_lowercase()));
        }
    }
}

/// Compound names that always mean furniture, wherever they appear in a
/// class or id.
static STRONG_NEG: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new([
        "comment",
        "disqus",
        "sharedaddy",
        "share-",
        "-share",
        "sharing",
        "social",
        "sociable",
        "related",
        "yarpp",
        "recommend",
        "newsletter",
        "subscribe",
        "signup",
        "sign-up",
        "cookie",
        "consent",
        "gdpr",
        "breadcrumb",
        "outbrain",
        "taboola",
        "advert",
        "sponsor",
        "paywall",
        "byline",
        "author-bio",
        "authorbio",
        "about-author",
        "author-info",
        "authorinfo",
        "author-box",
        "tagcloud",
        "tag-cloud",
        "post-meta",
        "postmeta",
        "entry-meta",
        "entry-footer",
        "post-footer",
        "article-footer",
        "posted-on",
        "post-date",
        "postdate",
        "entry-date",
        "publish-date",
        "dateline",
        "timestamp",
        "most-read",
        "mostread",
        "most-popular",
        "pagination",
        "navbar",
        "navigation",
        "skip-link",
        "screen-reader",
        "sr-only",
        "visually-hidden",
        "sidebar",
        "follow-us",
        "followus",
        "read-more",
        "readmore",
        "more-stories",
        "next-post",
        "prev-post",
        "post-nav",
        "postnav",
        "addthis",
        "a2a_",
        "wp-caption-text",
        "copyright",
        "disclaimer",
    ])
    .unwrap()
});

/// Layout classes that say a page *has* a sidebar or navigation
/// (`one-sidebar`, `no-sidebars`, `with-navigation`) name the page, not
/// a sidebar.
static LAYOUT: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new([
        "one-sidebar",
        "two-sidebar",
        "no-sidebar",
        "has-sidebar",
        "with-sidebar",
        "with-navigation",
        "has-navigation",
        "no-navigation",
    ])
    .unwrap()
});

/// Whether a furniture word is only part of a layout name: with
/// `layout`, "sidebar" and "navigation" do not count.
fn layout_word(layout: bool, w: &str) -> bool {
    layout && matches!(w, "sidebar" | "navigation")
}

/// Whether `names` holds a furniture name; `layout` when it also names
/// the page layout.
fn furniture_name(names: &str, layout: bool) -> bool {
    STRONG_NEG
        .find_iter(names)
        .any(|m| !layout_word(layout, &names[m.range()]))
        || words(names).any(|w| strong_word(w) && !layout_word(layout, w))
}

/// Whole words of class or id that always mean furniture.
fn strong_word(word: &str) -> bool {
    matches!(
        word,
        "respond"
            | "trending"
            | "pager"
            | "jp"
            | "login"
            | "masthead"
            | "toolbar"
            | "rating"
            | "credit"
            | "credits"
            | "caption"
    )
}

/// Whole words of class or id that mean furniture unless the element
/// also names itself as content.
fn weak_neg(word: &str) -> bool {
    matches!(
        word,
        "nav"
            | "menu"
            | "menus"
            | "footer"
            | "header"
            | "sidebar"
            | "aside"
            | "tags"
            | "meta"
            | "ad"
            | "ads"
            | "adv"
            | "hidden"
            | "print"
            | "share"
            | "shares"
            | "banner"
            | "popup"
            | "modal"
            | "overlay"
            | "skyscraper"
            | "supplemental"
            | "extra"
            | "remark"
            | "replies"
            | "rss"
            | "shoutbox"
            | "community"
            | "combx"
            | "legends"
            | "legend"
    )
}

fn pos_word(word: &str) -> bool {
    matches!(
        word,
        "article"
            | "body"
            | "content"
            | "entry"
            | "main"
            | "page"
            | "post"
            | "text"
            | "blog"
            | "story"
            | "hentry"
            | "articlebody"
            | "artikel"
            | "contenu"
            | "texte"
            | "inhalt"
            | "column"
            | "shadow"
    )
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Non-space bytes of a text run (markup not decoded): the text measure.
fn non_space(t: &str) -> u32 {
    t.bytes().filter(|b| !b.is_ascii_whitespace()).count() as u32
}

/// [`non_space`] over the text under `n`.
fn visible_chars(dom: &Dom, n: u32) -> u32 {
    (n..dom.subtree_end(n))
        .map(|i| match &dom.nodes[i as usize].kind {
            Kind::Text(r) => non_space(dom.slice(r)),
            Kind::Element { .. } => 0,
        })
        .sum()
}

/// Whether an element marked up as the article (schema.org `Article`,
/// `BlogPosting`, `articleBody`) is in `n`'s subtree.
fn holds_article(dom: &Dom, n: u32) -> bool {
    (n..dom.subtree_end(n)).any(|i| {
        dom.attr(i, "itemtype")
            .is_some_and(|t| t.ends_with("Article") || t.ends_with("BlogPosting"))
            || dom
                .attr(i, "itemprop")
                .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
    })
}

/// Why an element is set aside by what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aside {
    No,
    /// Scripts, form controls, hidden elements: never text.
    Always,
    /// Navigation, asides, footers, banners: furniture unless a broken
    /// page left the article inside one (an unclosed `<header>`).
    Landmark,
}

/// Elements that are never article text, by what they are: scripts,
/// form controls, navigation, asides, footers, hidden elements.
fn hard_aside(dom: &Dom, n: u32, tag: Tag) -> Aside {
    match tag {
        Tag::Head
        | Tag::Script
        | Tag::Style
        | Tag::Template
        | Tag::Svg
        | Tag::Math
        | Tag::Iframe
        | Tag::Object
        | Tag::Canvas
        | Tag::Textarea
        | Tag::Select
        | Tag::Button
        | Tag::Input
        | Tag::Title
        | Tag::Meta
        | Tag::Link
        | Tag::Figcaption => return Aside::Always,
        // Tracking pixels and "enable JavaScript" notes; but some blogs
        // render the article in a script and keep a copy here.
        Tag::Noscript if visible_chars(dom, n) < 500 => return Aside::Always,
        _ => {}
    }
    if dom.attr(n, "hidden").is_some()
        || dom
            .attr(n, "aria-hidden")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return Aside::Always;
    }
    if let Some(style) = dom.attr(n, "style") {
        let s = style.to_ascii_lowercase().replace(' ', "");
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return Aside::Always;
        }
    }
    if matches!(
        tag,
        Tag::Nav | Tag::Aside | Tag::Footer | Tag::Dialog | Tag::Menu
    ) {
        return Aside::Landmark;
    }
    if let Some(role) = dom.attr(n, "role") {
        if matches!(
            role.trim().to_ascii_lowercase().as_str(),
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "menu"
                | "menubar"
                | "search"
                | "dialog"
                | "alert"
                | "alertdialog"
                | "tablist"
        ) {
            return Aside::Landmark;
        }
    }
    Aside::No
}

/// How an element's class or id names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    Neutral,
    /// Comments, share bars, related links, cookie notices…
    Furniture,
    /// Words that usually mean furniture (`menu`, `date`, `widget`…) and
    /// no word that means content.
    Likely,
}

fn named(dom: &Dom, n: u32, tag: Tag, buf: &mut String) -> Named {
    if matches!(tag, Tag::Html | Tag::Body | Tag::Article | Tag::Main) {
        return Named::Neutral;
    }
    names(dom, n, buf);
    if buf.is_empty() || tier(dom, n, tag, buf).is_some_and(|t| t <= 2) {
        return Named::Neutral;
    }
    let layout = LAYOUT.is_match(buf.as_str());
    if furniture_name(buf, layout) {
        return Named::Furniture;
    }
    if words(buf).any(|w| weak_neg(w) && !layout_word(layout, w)) && !words(buf).any(pos_word) {
        Named::Likely
    } else {
        Named::Neutral
    }
}

/// How much an element's class or id says it is the article body: its
/// tier (0 most trusted) in the selectors content systems use.
fn tier(dom: &Dom, n: u32, tag: Tag, names: &str) -> Option<u8> {
    static T0: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::new([
            "post-text",
            "post_text",
            "post-body",
            "post-entry",
            "postentry",
            "post-content",
            "post_content",
            "postcontent",
            "article-text",
            "articletext",
            "entry-content",
            "entry_content",
            "article-content",
            "article_content",
            "article__content",
            "article-body",
            "article_body",
            "article__body",
            "articlebody",
            "articlecontent",
            "page-content",
            "text-content",
            "body-text",
            "bodytext",
            "article__container",
            "art-content",
            "story-body",
            "story-content",
            "storycontent",
            "storybody",
            "article-main",
            "post-bodycopy",
            "single-content",
            "entry-body",
            "news-text",
            "news-content",
            "newstext",
            "artikel-text",
            "article__text",
            "content-article",
        ])
        .unwrap()
    });
    static T2: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::new([
            "theme-content",
            "blog-content",
            "section-content",
            "single-post",
            "main-column",
            "wpb_text_column",
            "field-body",
            "fulltext",
            "full-text",
            "post-single",
            "hentry",
            "blog-post",
            "postarea",
            "art-postcontent",
        ])
        .unwrap()
    });
    static T3: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::new([
            "content-main",
            "content_main",
            "content-body",
            "contentbody",
            "content__body",
            "main-content",
            "maincontent",
            "main_content",
            "page-content",
            "content-area",
        ])
        .unwrap()
    });
    if dom
        .attr(n, "itemprop")
        .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
    {
        return Some(0);
    }
    let container = matches!(
        tag,
        Tag::Article | Tag::Div | Tag::Main | Tag::Section | Tag::Td | Tag::Other
    );
    if container && !names.is_empty() && T0.is_match(names) {
        return Some(0);
    }
    if tag == Tag::Article {
        return Some(1);
    }
    if !container {
        return None;
    }
    // Compared as written, case aside: no lower-cased copies per element.
    let attr = |a: &str| dom.attr(n, a).unwrap_or("").trim();
    let (role, id, class) = (attr("role"), attr("id"), attr("class"));
    let is = |v: &str, words: &[&str]| words.iter().any(|w| v.eq_ignore_ascii_case(w));
    let starts = |v: &str, p: &str| v.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    if (!names.is_empty() && T2.is_match(names))
        || is(role, &["article"])
        || is(class, &["text", "story", "article", "post", "entry"])
        || is(id, &["story", "article", "post", "entry"])
        || starts(id, "primary")
        || starts(class, "article ")
    {
        return Some(2);
    }
    if (!names.is_empty() && T3.is_match(names)) || is(id, &["content"]) || is(class, &["content"])
    {
        return Some(3);
    }
    if tag == Tag::Main || is(role, &["main"]) || starts(id, "main") || starts(class, "main") {
        return Some(4);
    }
    None
}

/// Text measures; a node in `skip` has its own measures but adds nothing
/// to its ancestors.
/// Non-space characters and commas of each text run, counted once per
/// page (runs in `skip` are left at zero).
struct Counts {
    chars: Vec<u32>,
    commas: Vec<u32>,
}

fn counts(dom: &Dom, skip: &[bool]) -> Counts {
    let len = dom.nodes.len();
    let mut c = Counts {
        chars: vec![0; len],
        commas: vec![0; len],
    };
    for (n, node) in dom.nodes.iter().enumerate().skip(1) {
        if let Kind::Text(r) = &node.kind {
            if !skip.get(n).copied().unwrap_or(true) {
                let t = dom.slice(r);
                c.chars[n] = non_space(t);
                c.commas[n] = memchr::memchr_iter(b',', t.as_bytes()).count() as u32;
            }
        }
    }
    c
}

/// `counts` must have been taken with a `skip` that this one contains.
fn stats(dom: &Dom, skip: &[bool], counts: &Counts) -> Stats {
    let len = dom.nodes.len();
    let mut st = Stats {
        text: vec![0; len],
        link: vec![0; len],
        commas: vec![0; len],
        block_kids: vec![false; len],
    };
    for n in (1..len).rev() {
        let node = &dom.nodes[n];
        if skip[n] && matches!(node.kind, Kind::Text(_)) {
            continue;
        }
        match &node.kind {
            Kind::Text(_) => {
                st.text[n] = counts.chars[n];
                st.commas[n] = counts.commas[n];
            }
            Kind::Element { tag, .. } => {
                if *tag == Tag::A {
                    st.link[n] = st.text[n];
                }
                // A line break does not make its parent a container.
                if tag.is_block() && node.parent != NONE {
                    st.block_kids[node.parent as usize] = true;
                }
            }
        }
        let p = node.parent as usize;
        if node.parent != NONE && !skip[n] {
            st.text[p] += st.text[n];
            st.link[p] += st.link[n];
            st.commas[p] += st.commas[n];
        }
    }
    st
}

fn link_density(st: &Stats, n: u32) -> f32 {
    let t = st.text[n as usize];
    if t == 0 {
        0.0
    } else {
        st.link[n as usize] as f32 / t as f32
    }
}

/// Blocks that are mostly links: menus, lists of headlines, tag lists.
fn link_dense(st: &Stats, n: u32, tag: Tag) -> bool {
    let ld = link_density(st, n);
    let leaf = !st.block_kids[n as usize];
    match tag {
        Tag::Ul | Tag::Ol | Tag::Dl | Tag::Table => ld > 0.6,
        _ if leaf => ld > 0.5,
        _ => ld > 0.8 && st.text[n as usize] < 3000,
    }
}

/// Readability's candidate score: paragraphs vote for their ancestors.
fn readability(dom: &Dom, skip: &[bool], st: &Stats, buf: &mut String) -> Option<Vec<u32>> {
    let len = dom.nodes.len();
    let mut score = vec![f32::NAN; len];
    let init = |n: u32, buf: &mut String| -> f32 {
        let tag = dom.tag(n).unwrap_or(Tag::Other);
        let mut s = match tag {
            Tag::Div | Tag::Article | Tag::Main | Tag::Section => 5.0,
            Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
            Tag::Address
            | Tag::Ol
            | Tag::Ul
            | Tag::Dl
            | Tag::Dd
            | Tag::Dt
            | Tag::Li
            | Tag::Form => -3.0,
            Tag::H(_) | Tag::Th => -5.0,
            _ => 0.0,
        };
        names(dom, n, buf);
        if !buf.is_empty() {
            if STRONG_NEG.is_match(buf.as_str())
                || words(buf).any(|w| strong_word(w) || weak_neg(w))
            {
                s -= 25.0;
            }
            if words(buf).any(pos_word) {
                s += 25.0;
            }
        }
        s
    };
    for n in 1..len as u32 {
        if skip[n as usize] {
            continue;
        }
        let Some(tag) = dom.tag(n) else { continue };
        let (t, commas, first) = if matches!(tag, Tag::P | Tag::Pre | Tag::Td | Tag::Blockquote)
            || (tag == Tag::Div && !st.block_kids[n as usize])
        {
            (
                st.text[n as usize],
                st.commas[n as usize],
                dom.nodes[n as usize].parent,
            )
        } else if matches!(tag, Tag::Div | Tag::Section | Tag::Article) {
            // Text written straight into a container, beside its blocks
            // (paragraphs separated by <br>), is a paragraph of its own.
            let (mut t, mut c) = (st.text[n as usize], st.commas[n as usize]);
            for k in dom.children(n) {
                if dom.tag(k).is_some_and(|kt| kt.is_block()) && !skip[k as usize] {
                    t = t.saturating_sub(st.text[k as usize]);
                    c = c.saturating_sub(st.commas[k as usize]);
                }
            }
            (t, c, n)
        } else {
            continue;
        };
        if t < 25 {
            continue;
        }
        let s = 1.0 + commas as f32 + (t as f32 / 100.0).min(3.0);
        let mut a = first;
        for level in 0..3 {
            if a == NONE || a == 0 {
                break;
            }
            if score[a as usize].is_nan() {
                score[a as usize] = init(a, buf);
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[a as usize] += s / div;
            a = dom.nodes[a as usize].parent;
        }
    }
    let adjusted = |n: usize| score[n] * (1.0 - link_density(st, n as u32));
    let best = (0..len)
        .filter(|&n| !score[n].is_nan())
        .max_by(|&a, &b| adjusted(a).total_cmp(&adjusted(b)))? as u32;
    let top = adjusted(best as usize);
    let parent = dom.nodes[best as usize].parent;
    if parent == NONE || parent == 0 {
        return Some(vec![best]);
    }
    let threshold = (top * 0.2).max(10.0);
    let mut out = Vec::new();
    for s in dom.children(parent) {
        if s == best {
            out.push(s);
            continue;
        }
        if skip[s as usize] || dom.tag(s).is_none() {
            continue;
        }
        let keep = if !score[s as usize].is_nan() && adjusted(s as usize) >= threshold {
            true
        } else if dom.tag(s) == Some(Tag::P) {
            let t = st.text[s as usize];
            let ld = link_density(st, s);
            (t > 80 && ld < 0.25)
                || (t > 0 && ld == 0.0 && dom.raw_text(s).trim_end().ends_with('.'))
        } else {
            false
        };
        if keep {
            out.push(s);
        }
    }
    Some(out)
}

/// Writes the text of `roots` one block per line into `lines`.
fn emit(dom: &Dom, roots: &[u32], skip: &[bool], st: &Stats, lines: &mut Vec<String>) {
    let mut cur = String::new();
    let flush = |cur: &mut String, lines: &mut Vec<String>| {
        let t = cur.trim();
        if !t.is_empty() {
            lines.push(t.to_string());
        }
        cur.clear();
    };
    let mut stack: Vec<(u32, bool)> = Vec::new();
    let mut kids: Vec<u32> = Vec::new();
    let mut pre = 0usize;
    for &root in roots {
        stack.push((root, false));
        while let Some((n, leaving)) = stack.pop() {
            let node = &dom.nodes[n as usize];
            let tag = match &node.kind {
                Kind::Text(r) => {
                    let t = decode(dom.slice(r));
                    if pre > 0 {
                        let mut parts = t.split('\n');
                        if let Some(first) = parts.next() {
                            cur.push_str(first);
                        }
                        for p in parts {
                            flush(&mut cur, lines);
                            cur.push_str(p);
                        }
                    } else {
                        push_collapsed(&mut cur, &t);
                    }
                    continue;
                }
                Kind::Element { tag, .. } => *tag,
            };
            if leaving {
                if tag == Tag::Pre {
                    pre -= 1;
                }
                if tag.is_block() {
                    flush(&mut cur, lines);
                }
                continue;
            }
            if skip[n as usize] && !roots.contains(&n) {
                continue;
            }
            if tag.is_block() {
                flush(&mut cur, lines);
                if link_dense(st, n, tag) {
                    continue;
                }
            }
            if tag == Tag::Br {
                flush(&mut cur, lines);
                continue;
            }
            if tag == Tag::Td || tag == Tag::Th {
                // Cells of one row on one line would merge unrelated text.
                flush(&mut cur, lines);
            }
            if tag == Tag::Pre {
                pre += 1;
            }
            stack.push((n, true));
            kids.clear();
            kids.extend(dom.children(n));
            stack.extend(kids.iter().rev().map(|&k| (k, false)));
        }
        flush(&mut cur, lines);
    }
}

/// What the page was reduced to before its text is written.
struct Selection {
    skip: Vec<bool>,
    st: Stats,
    roots: Vec<u32>,
}

/// The article's blocks. When what is chosen is small beside a block the
/// page names as furniture (comments, "read-more", a share box) that holds
/// several times more prose, that block is the article after all (a forum
/// thread, live commentary, a body wrapped in a "read-more" box): the
/// choice is made again with that block's names not taken at their word.
fn select(dom: &Dom) -> Selection {
    let (sel, rescue) = select_with(dom, None);
    match rescue {
        Some(r) => select_with(dom, Some(r)).0,
        None => sel,
    }
}

/// One choice of the article; with `trusted`, class and id names inside
/// that element are not taken as furniture. Also returns, when none was
/// given, a furniture-named block that outweighs the choice (see [`select`]).
fn select_with(dom: &Dom, trusted: Option<u32>) -> (Selection, Option<u32>) {
    let len = dom.nodes.len();
    let mut buf = String::new();
    // Set aside by what they are, with all they hold.
    let mut hard = vec![false; len];
    let mut landmark = Vec::new();
    for n in 1..len {
        let parent = dom.nodes[n].parent as usize;
        hard[n] = hard[parent]
            || match dom.tag(n as u32).map(|t| hard_aside(dom, n as u32, t)) {
                Some(Aside::Always) => true,
                Some(Aside::Landmark) => {
                    landmark.push(n);
                    false
                }
                _ => false,
            };
    }
    let body_node = dom.find(Tag::Body);
    let body_of = |raw: &[u32]| body_node.map_or(raw[0], |b| raw[b as usize]).max(1);
    let counts = counts(dom, &hard);
    if !landmark.is_empty() {
        // A landmark holding most of the page is a broken page's wrapper.
        let raw = stats(dom, &hard, &counts).text;
        let body = body_of(&raw);
        for &n in &landmark {
            if raw[n] * 10 < body * 6 && !(raw[n] * 6 >= body && holds_article(dom, n as u32)) {
                let end = dom.subtree_end(n as u32) as usize;
                hard[n..end].iter_mut().for_each(|h| *h = true);
            }
        }
    }
    let raw = stats(dom, &hard, &counts).text;
    // Set aside by name: the element, not the page around it. A name on a
    // wrapper that holds most of the page (`l-outer--nav`, `has-sidebar`)
    // is not taken at its word.
    let body = body_of(&raw);
    // The first element named as the article body, and the page's
    // `<main>`, protect the elements around them from their own names
    // (`date-outer`, `left-navigation_page-wrapper`).
    let mut protected = vec![false; len];
    let big = |n: u32| !hard[n as usize] && raw[n as usize] >= 200;
    let first_body = (1..len as u32).find(|&n| {
        big(n)
            && dom.tag(n).is_some_and(|t| {
                names(dom, n, &mut buf);
                tier(dom, n, t, &buf) == Some(0)
            })
    });
    let main = dom.find(Tag::Main).filter(|&m| big(m));
    for first in [first_body, main] {
        let mut a = first.unwrap_or(NONE);
        while a != NONE && !protected[a as usize] {
            protected[a as usize] = true;
            a = dom.nodes[a as usize].parent;
        }
    }
    let mut skip = hard.clone();
    let mut furniture = vec![false; len];
    // Inside an element named as furniture (comments, related links…).
    let mut in_furniture = vec![false; len];
    for n in 1..len {
        let parent = dom.nodes[n].parent as usize;
        in_furniture[n] = in_furniture[parent];
        if hard[n] {
            continue;
        }
        let Some(tag) = dom.tag(n as u32) else {
            continue;
        };
        if raw[n] * 10 >= body * 6
            || protected[n]
            || trusted.is_some_and(|t| dom.is_within(n as u32, t))
        {
            continue;
        }
        match named(dom, n as u32, tag, &mut buf) {
            Named::Neutral => {}
            Named::Furniture => {
                skip[n] = true;
                furniture[n] = true;
                in_furniture[n] = true;
            }
            // A paragraph or heading is text whatever its name says.
            Named::Likely if !matches!(tag, Tag::P | Tag::H(_)) => skip[n] = true,
            Named::Likely => {}
        }
    }
    let st = stats(dom, &skip, &counts);
    // The most trusted container name with enough text in it, not inside
    // a small box named as furniture (a teaser in a related-links block).
    let mut best_tier: Option<(u8, u32)> = None;
    for n in 1..len as u32 {
        if skip[n as usize] {
            continue;
        }
        let Some(tag) = dom.tag(n) else { continue };
        let t = st.text[n as usize];
        if t < 200 || link_density(&st, n) > 0.5 {
            continue;
        }
        names(dom, n, &mut buf);
        let Some(k) = tier(dom, n, tag, &buf) else {
            continue;
        };
        if best_tier.is_some_and(|(b, _)| k >= b) {
            continue;
        }
        let mut a = dom.nodes[n as usize].parent;
        let mut boxed = false;
        while a != NONE && in_furniture[n as usize] {
            if furniture[a as usize] && raw[a as usize] < 3 * raw[n as usize] {
                boxed = true;
                break;
            }
            a = dom.nodes[a as usize].parent;
        }
        if boxed {
            continue;
        }
        best_tier = Some((k, n));
        if k == 0 {
            break;
        }
    }
    let voters: Vec<bool> = (0..len).map(|n| skip[n] || in_furniture[n]).collect();
    let fallback = readability(dom, &voters, &st, &mut buf);
    let roots: Vec<u32> = match (best_tier, fallback) {
        (Some((_, n)), Some(f)) => {
            let ft: u32 = f.iter().map(|&r| st.text[r as usize]).sum();
            let inside = f.iter().all(|&r| dom.is_within(r, n));
            // A container that misses most of what the paragraphs vote
            // for is a wrong guess.
            if !inside && st.text[n as usize] * 3 < ft {
                f
            } else {
                vec![n]
            }
        }
        (Some((_, n)), None) => vec![n],
        (None, Some(f)) => f,
        (None, None) => dom.find(Tag::Body).map_or(vec![0], |b| vec![b]),
    };
    let roots = same_class_siblings(dom, roots, &skip, &st);
    let roots = with_lead(dom, roots, &skip, &st, &mut buf);
    let rescue = if trusted.is_none() {
        outweighing_furniture(dom, &roots, &furniture, &in_furniture, &hard, &counts, &st)
    } else {
        None
    };
    (Selection { skip, st, roots }, rescue)
}

/// A block whose parts named as furniture hold at least three times the
/// chosen text and 500 bytes more, mostly not links: the article the names
/// hid (one "read-more" box, or a thread of posts each named a comment).
/// Of those, the smallest with four fifths of the largest one's such text.
/// `None` when the choice is large enough.
fn outweighing_furniture(
    dom: &Dom,
    roots: &[u32],
    furniture: &[bool],
    in_furniture: &[bool],
    hard: &[bool],
    counts: &Counts,
    st: &Stats,
) -> Option<u32> {
    let chosen: u32 = roots.iter().map(|&r| st.text[r as usize]).sum();
    if chosen >= 3000 {
        return None;
    }
    let full = stats(dom, hard, counts);
    let len = dom.nodes.len();
    // Text of the outermost furniture-named blocks under each node.
    let mut named = vec![0u32; len];
    for n in (1..len).rev() {
        let p = dom.nodes[n].parent;
        if furniture[n] && !in_furniture[p as usize] {
            named[n] = full.text[n];
        }
        if p != NONE && !hard[n] {
            named[p as usize] += named[n];
        }
    }
    let need = 3 * chosen + 500;
    let ok = |n: usize| {
        named[n] >= need
            && named[n] * 10 >= full.text[n] * 7
            && link_density(&full, n as u32) < 0.3
            && !matches!(dom.tag(n as u32), Some(Tag::Body | Tag::Html) | None)
    };
    // The smallest block with most of that text: a thread, not one post.
    let top = (1..len).filter(|&n| ok(n)).map(|n| named[n]).max()?;
    (1..len)
        .filter(|&n| ok(n) && named[n] * 5 >= top * 4)
        .min_by_key(|&n| full.text[n])
        .map(|n| n as u32)
}

/// A body split into blocks of one kind: when the chosen container (or
/// its wrapper, up to three levels up) has siblings with the same tag and
/// class that hold prose, they are the rest of the article
/// (`div.module-text` after `div.module-text`).
fn same_class_siblings(dom: &Dom, roots: Vec<u32>, skip: &[bool], st: &Stats) -> Vec<u32> {
    let [c] = roots[..] else { return roots };
    let mut a = c;
    for _ in 0..4 {
        let p = dom.nodes[a as usize].parent;
        if p == NONE || matches!(dom.tag(a), Some(Tag::Body | Tag::Html | Tag::Main)) {
            break;
        }
        let class = dom.attr(a, "class").map(str::trim).unwrap_or("");
        if !class.is_empty() && dom.tag(a) != Some(Tag::Article) {
            let alike: Vec<u32> = dom
                .children(p)
                .filter(|&k| {
                    k == a
                        || (!skip[k as usize]
                            && dom.tag(k) == dom.tag(a)
                            && dom.attr(k, "class").map(str::trim) == Some(class)
                            && st.text[k as usize] >= 100
                            && link_density(st, k) < 0.3)
                })
                .collect();
            if alike.len() > 1 {
                let before = alike.iter().position(|&k| k == a).unwrap_or(0);
                // The chosen container stands for its own block.
                return alike
                    .into_iter()
                    .enumerate()
                    .map(|(i, k)| if i == before { c } else { k })
                    .collect();
            }
        }
        if dom.tag(p) == Some(Tag::Article) {
            break;
        }
        a = p;
    }
    roots
}

/// Adds the standfirst ("chapo", "intro", "lead") that pages put just
/// before the article body, outside the body's own container.
fn with_lead(dom: &Dom, roots: Vec<u32>, skip: &[bool], st: &Stats, buf: &mut String) -> Vec<u32> {
    static LEAD: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::new([
            "intro",
            "lead",
            "chapo",
            "chapeau",
            "standfirst",
            "summary",
            "abstract",
            "excerpt",
            "lede",
            "article-teaser",
            "article__teaser",
            "subtitle",
            "sub-title",
            "subheadline",
            "description",
        ])
        .unwrap()
    });
    let [c] = roots[..] else { return roots };
    // The article's wrapper: up to six levels above the body container,
    // not past an <article> or the body.
    let mut top = c;
    for _ in 0..6 {
        let p = dom.nodes[top as usize].parent;
        if p == NONE || p == 0 || matches!(dom.tag(p), Some(Tag::Body | Tag::Html | Tag::Main)) {
            break;
        }
        top = p;
        if dom.tag(p) == Some(Tag::Article) {
            break;
        }
    }
    let mut out = Vec::new();
    let mut n = top + 1;
    while n < c {
        let skip_to = dom.subtree_end(n);
        // An ancestor of the container: look inside it; set aside: past it.
        if dom.is_within(c, n) {
            n += 1;
            continue;
        }
        if skip[n as usize] {
            n = skip_to;
            continue;
        }
        if dom.tag(n).is_some() {
            names(dom, n, buf);
            let t = st.text[n as usize];
            let lead = !buf.is_empty() && LEAD.is_match(buf.as_str()) && t >= 40;
            // A paragraph of prose before the body, in the same wrapper.
            let para = dom.tag(n) == Some(Tag::P) && t >= 80;
            if (lead || para) && link_density(st, n) < 0.3 {
                out.push(n);
                n = skip_to;
                continue;
            }
        }
        n += 1;
    }
    out.push(c);
    // Paragraphs of prose after the body, in the same wrapper: bodies
    // split around an embed or a teaser box.
    let end = dom.subtree_end(top);
    let mut n = dom.subtree_end(c);
    while n < end {
        let skip_to = dom.subtree_end(n);
        if skip[n as usize] {
            n = skip_to;
            continue;
        }
        // Directly in the wrapper, not in a box of its own (author
        // notes, teasers).
        if dom.tag(n) == Some(Tag::P)
            && dom.is_within(c, dom.nodes[n as usize].parent)
            && st.text[n as usize] >= 80
            && link_density(st, n) < 0.3
        {
            out.push(n);
            n = skip_to;
            continue;
        }
        n += 1;
    }
    out
}

/// Below this many bytes, an extraction is next to nothing.
const SHORT: usize = 250;

/// The article's text, one paragraph per line.
pub fn main_text(dom: &Dom) -> String {
    let Selection { skip, st, roots } = select(dom);
    let mut lines = Vec::new();
    emit(dom, &roots, &skip, &st, &mut lines);
    let found: usize = lines.iter().map(|l| l.len()).sum();
    if found < SHORT {
        // Next to no article: the page's visible text, if it has more.
        let root = dom.find(Tag::Body).unwrap_or(0);
        let mut all = Vec::new();
        emit(dom, &[root], &skip, &st, &mut all);
        let total: usize = all.iter().map(|l| l.len()).sum();
        if total > found && (found == 0 || total < 4 * SHORT) {
            lines = all;
        }
    }
    lines.join("\n")
}

/// Why a piece of text was kept or left out: the elements from the root
/// down to the first text run containing `needle`, each with whether it
/// was set aside, its text and link density, and whether it is a chosen
/// container. A tool for people tuning the extractor.
pub fn explain(dom: &Dom, needle: &str) -> String {
    let sel = select(dom);
    let runs: Vec<u32> = (0..dom.nodes.len() as u32)
        .filter(|&n| match &dom.nodes[n as usize].kind {
            Kind::Text(r) => decode(dom.slice(r)).contains(needle),
            _ => false,
        })
        .collect();
    // A run in the page's body rather than in a script's JSON.
    let visible = |n: &&u32| {
        let p = dom.nodes[**n as usize].parent;
        !matches!(dom.tag(p), Some(Tag::Script | Tag::Style | Tag::Title))
    };
    let Some(&hit) = runs.iter().find(visible).or(runs.first()) else {
        return format!("{needle:?}: not in any single text run");
    };
    let mut chain = Vec::new();
    let mut n = dom.nodes[hit as usize].parent;
    while n != NONE && n != 0 {
        chain.push(n);
        n = dom.nodes[n as usize].parent;
    }
    let mut out = format!("{needle:?}\n");
    let mut buf = String::new();
    for &r in &sel.roots {
        names(dom, r, &mut buf);
        let tag = dom.tag(r).unwrap_or(Tag::Other);
        out.push_str(&format!(
            "  root: {:?} [{}] text={} tier={:?}\n",
            tag,
            buf.trim(),
            sel.st.text[r as usize],
            tier(dom, r, tag, &buf)
        ));
    }
    for n in chain.into_iter().rev() {
        let Kind::Element { name, tag, .. } = &dom.nodes[n as usize].kind else {
            continue;
        };
        names(dom, n, &mut buf);
        out.push_str(&format!(
            "  {}{} [{}] text={} ld={:.2}{}{}{}\n",
            if sel.roots.contains(&n) { "ROOT " } else { "" },
            dom.slice(name),
            buf.trim(),
            sel.st.text[n as usize],
            link_density(&sel.st, n),
            if sel.skip[n as usize] {
                " SET-ASIDE"
            } else {
                ""
            },
            if tag.is_block() && link_dense(&sel.st, n, *tag) {
                " LINK-DENSE"
            } else {
                ""
            },
            tier(dom, n, *tag, &buf).map_or(String::new(), |t| format!(" tier={t}")),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom::parse;

    #[test]
    fn container_by_name_and_furniture_left_out() {
        let p = "Le président biélorusse a reçu jeudi son homologue, pour deux jours d'entretiens consacrés à la coopération militaire.";
        let html = format!(
            "<body><div class=menu><a href=/>Accueil</a></div><div id=content><div class=\"entry-content\"><p>{p}</p><p>{p}</p><div class=\"sharedaddy\">Partager sur Facebook</div><ul><li><a href=/a>Autre article</a></li></ul></div><div class=comments><p>{p} commentaire</p></div></div></body>"
        );
        let d = parse(&html);
        let t = main_text(&d);
        assert_eq!(t.lines().count(), 2, "{t}");
        assert!(!t.contains("Partager") && !t.contains("Accueil") && !t.contains("commentaire"));
    }

    #[test]
    fn paragraphs_vote_without_names() {
        let p = "Les deux dirigeants ont évoqué le déploiement d'armes, annoncé l'an dernier, selon un communiqué de la présidence.";
        let html = format!(
            "<body><div><a href=/1>Un</a> <a href=/2>Deux</a></div><div><div><p>{p}</p><p>{p}</p><p>{p}</p></div></div><div>© 2024</div></body>"
        );
        let t = main_text(&parse(&html));
        assert_eq!(t.lines().count(), 3, "{t}");
    }

    const P: &str = "Les deux dirigeants ont évoqué le déploiement d'armes, annoncé l'an dernier, selon un communiqué de la présidence biélorusse.";

    #[test]
    fn article_in_a_broken_landmark_or_a_noscript_copy_is_found() {
        // An unclosed <header> holds the whole page.
        let html = format!("<body><header role=banner><a href=/>Accueil</a><div class=article-body><p>{P}</p><p>{P}</p></div>");
        assert_eq!(main_text(&parse(&html)).lines().count(), 2);
        // The article rendered by a script, with a copy in <noscript>.
        let html = format!("<body><div class=post-body><script type=text/template><p>{P}</p></script><noscript><p>{P}</p><p>{P}</p><p>{P}</p><p>{P}</p><p>{P}</p><p>{P}</p></noscript></div>");
        assert_eq!(main_text(&parse(&html)).lines().count(), 6);
        // A small <noscript> note is not text.
        let html = format!(
            "<body><div class=post-body><p>{P}</p><noscript>Activez JavaScript</noscript></div>"
        );
        assert!(!main_text(&parse(&html)).contains("JavaScript"));
    }

    #[test]
    fn layout_names_and_main_do_not_remove_the_article() {
        let html = format!("<body class=no-sidebars><div class=\"panel one-sidebar-second\"><p>{P}</p><p>{P}</p></div><div class=sidebar><p>Publicité pour un abonnement</p></div></body>");
        let t = main_text(&parse(&html));
        assert_eq!(t.lines().count(), 2, "{t}");
        let html = format!("<body><div class=left-navigation_page-wrapper><main><p>{P}</p><p>{P}</p></main></div></body>");
        assert_eq!(main_text(&parse(&html)).lines().count(), 2);
    }

    #[test]
    fn prose_beside_the_body_and_br_paragraphs() {
        // A standfirst paragraph before the named body, a paragraph after
        // an embed, a caption and a boxed author note left out.
        let html = format!("<body><article><h1>Titre</h1><p>{P} Chapeau.</p><div class=article-body><p>{P}</p><p>{P}</p></div><p>{P} Suite.</p><figure><img src=a.jpg><figcaption>Photo d'illustration prise à Minsk</figcaption></figure><div class=author><p>{P} Auteur.</p></div></article></body>");
        let t = main_text(&parse(&html));
        assert!(t.contains("Chapeau.") && t.contains("Suite."), "{t}");
        assert!(
            !t.contains("Photo d'illustration") && !t.contains("Auteur."),
            "{t}"
        );
        // Paragraphs written with <br> beside an image box vote for their container.
        let html = format!("<body><div class=teaser><p>{P}</p></div><section><div class=txt><div class=img><img src=b.jpg></div>{P}<br><br>{P}<br><br>{P}<br><br>{P}</div></section></body>");
        let t = main_text(&parse(&html));
        assert_eq!(t.lines().count(), 4, "{t}");
    }

    /// Pages whose article the names or the layout used to hide: each
    /// case is a page, texts that must be in its extraction and texts
    /// that must not.
    #[test]
    fn articles_hidden_by_names_or_split_are_found() {
        let q = "Le conseil municipal a voté mardi soir le budget de la nouvelle piscine, après trois heures de débats parfois vifs entre la majorité et l'opposition.";
        let r = "Les travaux doivent commencer au printemps prochain et durer deux ans, selon le calendrier présenté par l'adjoint chargé des sports.";
        let s2 = "Plusieurs habitants du quartier ont demandé que le chantier respecte les horaires de repos, une demande que le maire a promis d'étudier.";
        let long = |t: &str| [t; 4].join(" ");
        let cases: Vec<(&str, String, Vec<String>, Vec<&str>)> = vec![
            (
                "a body wrapped in a box named read-more",
                format!(
                    "<body><div class=menu><a href=/>Accueil</a> <a href=/s>Sports</a></div><div class=teaser-small><p>Lire aussi : la saison des clubs</p></div>\
                     <div class=\"single_content read-more\"><p>{}</p><p>{}</p><p>{}</p></div><div class=footer-links><a href=/c>Contact</a></div></body>",
                    long(q), long(r), long(s2)
                ),
                vec![long(q), long(r), long(s2)],
                vec!["Accueil", "Contact"],
            ),
            (
                "a forum thread: every post named a comment",
                format!(
                    "<body><main><h1>Question sur le budget</h1><p>Kommentieren</p><div class=thread>\
                     <div class=ForumComment><div class=CommentText>{}</div></div>\
                     <div class=ForumComment><div class=CommentText>{}</div></div>\
                     <div class=ForumComment><div class=CommentText>{}</div></div></div></main></body>",
                    long(q), long(r), long(s2)
                ),
                vec![long(q), long(r), long(s2)],
                vec![],
            ),
            (
                "a body split into modules of one kind",
                format!(
                    "<body><div id=primary><div class=\"module module-text\"><div class=text-content><p>{q}</p><p>{q}</p></div></div>\
                     <div class=\"module module-gallery\"><img src=a.jpg></div>\
                     <div class=\"module module-text\"><div class=text-content-x><p>{r}</p><p>{r}</p></div></div>\
                     <div class=\"module module-text\"><div class=text-content-x><p>{s2}</p></div></div></div>\
                     <div class=related><a href=/x>Un autre article sur la piscine municipale</a></div></body>"
                ),
                vec![q.to_string(), r.to_string(), s2.to_string()],
                vec!["Un autre article"],
            ),
            (
                "comments beside a long article stay out",
                format!(
                    "<body><article><div class=entry-content><p>{}</p><p>{}</p><p>{}</p></div></article>\
                     <div class=comments><p>{s2} Premier commentaire.</p></div></body>",
                    long(q), long(r), long(q)
                ),
                vec![long(q), long(r)],
                vec!["Premier commentaire"],
            ),
        ];
        for (what, html, with, without) in cases {
            let t = main_text(&parse(&html));
            for w in &with {
                assert!(t.contains(w.as_str()), "{what}: missing {w:?} in\n{t}");
            }
            for w in &without {
                assert!(!t.contains(w), "{what}: kept {w:?} in\n{t}");
            }
        }
    }
}
