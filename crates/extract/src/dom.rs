//! A fast, forgiving HTML parser: one pass over the bytes into an arena of
//! elements and text runs.
//!
//! It is not an HTML5 tree builder. It knows what matters for finding the
//! article in a page: void elements, raw-text elements (`script`, `style`,
//! `title`…), the implied ends of `p`, `li`, `dt`/`dd`, `tr`/`td`/`option`,
//! and end tags that close whatever was left open inside them. Stray end
//! tags are ignored. Nothing here fails or recurses: any byte string gives
//! a tree, and deep nesting costs no stack.
//!
//! Invariants: nodes are stored in document order, so a parent's index is
//! smaller than its children's; text and attribute values are byte ranges
//! into the source, decoded on demand.

use std::ops::Range;

/// Element names the extractor reasons about; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Html,
    Head,
    Body,
    Title,
    Meta,
    Link,
    Script,
    Style,
    Noscript,
    Template,
    Svg,
    Math,
    Iframe,
    Object,
    Canvas,
    Textarea,
    Select,
    Option,
    Button,
    Input,
    Label,
    Form,
    Nav,
    Header,
    Footer,
    Aside,
    Main,
    Article,
    Section,
    Div,
    P,
    Br,
    Hr,
    H(u8),
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Table,
    Thead,
    Tbody,
    Tfoot,
    Tr,
    Td,
    Th,
    Caption,
    Blockquote,
    Pre,
    Figure,
    Figcaption,
    A,
    Img,
    Time,
    Address,
    Center,
    Details,
    Summary,
    Dialog,
    Menu,
    Span,
    Other,
}

impl Tag {
    fn from_name(name: &[u8]) -> Tag {
        let mut buf = [0u8; 10];
        if name.len() > buf.len() {
            return Tag::Other;
        }
        for (b, c) in buf.iter_mut().zip(name) {
            *b = c.to_ascii_lowercase();
        }
        match &buf[..name.len()] {
            b"html" => Tag::Html,
            b"head" => Tag::Head,
            b"body" => Tag::Body,
            b"title" => Tag::Title,
            b"meta" => Tag::Meta,
            b"link" => Tag::Link,
            b"script" => Tag::Script,
            b"style" => Tag::Style,
            b"noscript" => Tag::Noscript,
            b"template" => Tag::Template,
            b"svg" => Tag::Svg,
            b"math" => Tag::Math,
            b"iframe" => Tag::Iframe,
            b"object" | b"embed" => Tag::Object,
            b"canvas" => Tag::Canvas,
            b"textarea" => Tag::Textarea,
            b"select" => Tag::Select,
            b"option" => Tag::Option,
            b"button" => Tag::Button,
            b"input" => Tag::Input,
            b"label" => Tag::Label,
            b"form" => Tag::Form,
            b"nav" => Tag::Nav,
            b"header" => Tag::Header,
            b"footer" => Tag::Footer,
            b"aside" => Tag::Aside,
            b"main" => Tag::Main,
            b"article" => Tag::Article,
            b"section" => Tag::Section,
            b"div" => Tag::Div,
            b"p" => Tag::P,
            b"br" => Tag::Br,
            b"hr" => Tag::Hr,
            b"h1" => Tag::H(1),
            b"h2" => Tag::H(2),
            b"h3" => Tag::H(3),
            b"h4" => Tag::H(4),
            b"h5" => Tag::H(5),
            b"h6" => Tag::H(6),
            b"ul" => Tag::Ul,
            b"ol" => Tag::Ol,
            b"li" => Tag::Li,
            b"dl" => Tag::Dl,
            b"dt" => Tag::Dt,
            b"dd" => Tag::Dd,
            b"table" => Tag::Table,
            b"thead" => Tag::Thead,
            b"tbody" => Tag::Tbody,
            b"tfoot" => Tag::Tfoot,
            b"tr" => Tag::Tr,
            b"td" => Tag::Td,
            b"th" => Tag::Th,
            b"caption" => Tag::Caption,
            b"blockquote" => Tag::Blockquote,
            b"pre" => Tag::Pre,
            b"figure" => Tag::Figure,
            b"figcaption" => Tag::Figcaption,
            b"a" => Tag::A,
            b"img" => Tag::Img,
            b"time" => Tag::Time,
            b"address" => Tag::Address,
            b"center" => Tag::Center,
            b"details" => Tag::Details,
            b"summary" => Tag::Summary,
            b"dialog" => Tag::Dialog,
            b"menu" => Tag::Menu,
            b"span" => Tag::Span,
            _ => Tag::Other,
        }
    }

    /// Elements that never have content.
    fn is_void(self, name: &[u8]) -> bool {
        matches!(
            self,
            Tag::Meta | Tag::Link | Tag::Br | Tag::Hr | Tag::Img | Tag::Input
        ) || (self == Tag::Other
            && [
                &b"area"[..],
                b"base",
                b"col",
                b"param",
                b"source",
                b"track",
                b"wbr",
                b"keygen",
            ]
            .iter()
            .any(|v| v.eq_ignore_ascii_case(name)))
            || (self == Tag::Object && name.eq_ignore_ascii_case(b"embed"))
    }

    /// Elements whose content is raw text up to their end tag.
    fn is_raw_text(self) -> bool {
        matches!(
            self,
            Tag::Script | Tag::Style | Tag::Title | Tag::Textarea | Tag::Iframe
        )
    }

    /// Elements that start a new line of text.
    pub fn is_block(self) -> bool {
        matches!(
            self,
            Tag::Html
                | Tag::Body
                | Tag::Form
                | Tag::Nav
                | Tag::Header
                | Tag::Footer
                | Tag::Aside
                | Tag::Main
                | Tag::Article
                | Tag::Section
                | Tag::Div
                | Tag::P
                | Tag::Br
                | Tag::Hr
                | Tag::H(_)
                | Tag::Ul
                | Tag::Ol
                | Tag::Li
                | Tag::Dl
                | Tag::Dt
                | Tag::Dd
                | Tag::Table
                | Tag::Thead
                | Tag::Tbody
                | Tag::Tfoot
                | Tag::Tr
                | Tag::Td
                | Tag::Th
                | Tag::Caption
                | Tag::Blockquote
                | Tag::Pre
                | Tag::Figure
                | Tag::Figcaption
                | Tag::Address
                | Tag::Center
                | Tag::Details
                | Tag::Summary
                | Tag::Dialog
                | Tag::Menu
        )
    }

    /// A start tag of these closes an open `p`.
    fn closes_p(self) -> bool {
        self.is_block()
            && !matches!(
                self,
                Tag::Br | Tag::Html | Tag::Body | Tag::Td | Tag::Th | Tag::Tr
            )
    }

    /// Where the search for an implicitly closed element stops.
    fn is_scope_boundary(self) -> bool {
        matches!(
            self,
            Tag::Html
                | Tag::Body
                | Tag::Table
                | Tag::Td
                | Tag::Th
                | Tag::Caption
                | Tag::Button
                | Tag::Template
                | Tag::Object
        )
    }
}

#[derive(Debug, Clone)]
pub enum Kind {
    Element {
        tag: Tag,
        /// The element's name as written.
        name: Range<u32>,
        /// Range into [`Dom::attrs`].
        attrs: Range<u32>,
    },
    /// Character data (entities not yet decoded); raw for raw-text elements.
    Text(Range<u32>),
}

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: Kind,
    pub parent: u32,
    pub first_child: u32,
    pub next_sibling: u32,
    last_child: u32,
}

/// No node.
pub const NONE: u32 = u32::MAX;

#[derive(Debug, Clone)]
pub struct Attr {
    pub name: Range<u32>,
    pub value: Range<u32>,
}

/// A parsed page. Node 0 is a synthetic root.
pub struct Dom<'a> {
    pub src: &'a str,
    pub nodes: Vec<Node>,
    pub attrs: Vec<Attr>,
}

impl<'a> Dom<'a> {
    pub fn tag(&self, n: u32) -> Option<Tag> {
        match self.nodes[n as usize].kind {
            Kind::Element { tag, .. } => Some(tag),
            Kind::Text(_) => None,
        }
    }

    pub fn children(&self, n: u32) -> Children<'_, 'a> {
        Children {
            dom: self,
            next: self.nodes[n as usize].first_child,
        }
    }

    pub fn slice(&self, r: &Range<u32>) -> &'a str {
        &self.src[r.start as usize..r.end as usize]
    }

    /// The raw value of attribute `name` (ASCII case-insensitive).
    pub fn attr(&self, n: u32, name: &str) -> Option<&'a str> {
        let Kind::Element { attrs, .. } = &self.nodes[n as usize].kind else {
            return None;
        };
        self.attrs[attrs.start as usize..attrs.end as usize]
            .iter()
            .find(|a| self.slice(&a.name).eq_ignore_ascii_case(name))
            .map(|a| self.slice(&a.value))
    }

    /// The first element with tag `t`, in document order.
    pub fn find(&self, t: Tag) -> Option<u32> {
        (0..self.nodes.len() as u32).find(|&i| self.tag(i) == Some(t))
    }

    /// Whether `n` lies inside `ancestor` (or is it).
    pub fn is_within(&self, mut n: u32, ancestor: u32) -> bool {
        while n != NONE {
            if n == ancestor {
                return true;
            }
            n = self.nodes[n as usize].parent;
        }
        false
    }

    /// All the text under `n`, raw (entities not decoded), concatenated.
    pub fn raw_text(&self, n: u32) -> String {
        let mut out = String::new();
        let end = self.subtree_end(n);
        for i in n..end {
            if let Kind::Text(r) = &self.nodes[i as usize].kind {
                out.push_str(self.slice(r));
            }
        }
        out
    }

    /// One past the last node of `n`'s subtree (nodes are in document order).
    pub fn subtree_end(&self, n: u32) -> u32 {
        let mut m = n;
        while m != NONE {
            let next = self.nodes[m as usize].next_sibling;
            if next != NONE {
                return next;
            }
            m = self.nodes[m as usize].parent;
        }
        self.nodes.len() as u32
    }
}

pub struct Children<'d, 'a> {
    dom: &'d Dom<'a>,
    next: u32,
}

impl Iterator for Children<'_, '_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if self.next == NONE {
            return None;
        }
        let n = self.next;
        self.next = self.dom.nodes[n as usize].next_sibling;
        Some(n)
    }
}

struct Builder<'a> {
    dom: Dom<'a>,
    /// Open elements, innermost last; the root is never popped.
    stack: Vec<u32>,
}

impl<'a> Builder<'a> {
    fn push_node(&mut self, kind: Kind) -> u32 {
        let parent = *self.stack.last().unwrap_or(&0);
        let id = self.dom.nodes.len() as u32;
        self.dom.nodes.push(Node {
            kind,
            parent,
            first_child: NONE,
            next_sibling: NONE,
            last_child: NONE,
        });
        let p = &mut self.dom.nodes[parent as usize];
        let last = p.last_child;
        p.last_child = id;
        if last == NONE {
            p.first_child = id;
        } else {
            self.dom.nodes[last as usize].next_sibling = id;
        }
        id
    }

    fn text(&mut self, r: Range<usize>) {
        if r.is_empty() {
            return;
        }
        self.push_node(Kind::Text(r.start as u32..r.end as u32));
    }

    fn open_tag(&self, i: usize) -> Tag {
        self.dom.tag(self.stack[i]).unwrap_or(Tag::Other)
    }

    /// Closes the innermost open element among `targets`, if one is open
    /// before a scope boundary (or any of `stop`).
    fn close_implied(&mut self, targets: &[Tag], stop: &[Tag]) {
        for i in (1..self.stack.len()).rev() {
            let t = self.open_tag(i);
            if targets.contains(&t) {
                self.stack.truncate(i);
                return;
            }
            if t.is_scope_boundary() || stop.contains(&t) {
                return;
            }
        }
    }

    /// Inside `<svg>` or `<math>`, where `<title/>` is self-closing.
    fn in_foreign(&self) -> bool {
        (1..self.stack.len()).any(|i| matches!(self.open_tag(i), Tag::Svg | Tag::Math))
    }

    /// A start tag that cannot be in `<head>` closes it, as in browsers:
    /// pages that never write `</head>` keep their body.
    fn leave_head(&mut self, tag: Tag) {
        if matches!(
            tag,
            Tag::Head
                | Tag::Html
                | Tag::Meta
                | Tag::Link
                | Tag::Title
                | Tag::Script
                | Tag::Style
                | Tag::Noscript
                | Tag::Template
        ) {
            return;
        }
        if let Some(i) = (1..self.stack.len().min(3)).find(|&i| self.open_tag(i) == Tag::Head) {
            self.stack.truncate(i);
        }
    }

    fn start(&mut self, tag: Tag, name: Range<usize>, attrs: Range<u32>) -> u32 {
        if tag.closes_p() {
            self.close_implied(&[Tag::P], &[]);
        }
        match tag {
            Tag::Li => self.close_implied(&[Tag::Li], &[Tag::Ul, Tag::Ol, Tag::Menu]),
            Tag::Dt | Tag::Dd => self.close_implied(&[Tag::Dt, Tag::Dd], &[Tag::Dl]),
            Tag::Option => self.close_implied(&[Tag::Option], &[Tag::Select]),
            Tag::Tr => self.close_implied(&[Tag::Tr], &[]),
            Tag::Td | Tag::Th => self.close_implied(&[Tag::Td, Tag::Th], &[Tag::Tr]),
            _ => {}
        }
        let id = self.push_node(Kind::Element {
            tag,
            name: name.start as u32..name.end as u32,
            attrs,
        });
        self.stack.push(id);
        id
    }

    fn end(&mut self, tag: Tag, name: &[u8]) {
        for i in (1..self.stack.len()).rev() {
            let n = self.stack[i];
            let Kind::Element {
                tag: t, name: r, ..
            } = &self.dom.nodes[n as usize].kind
            else {
                continue;
            };
            let matches = *t == tag
                && (tag != Tag::Other
                    || self.dom.src.as_bytes()[r.start as usize..r.end as usize]
                        .eq_ignore_ascii_case(name));
            if matches {
                self.stack.truncate(i);
                return;
            }
            // An inline or paragraph end tag does not close past a table cell.
            if t.is_scope_boundary()
                && matches!(
                    tag,
                    Tag::P | Tag::Li | Tag::Dt | Tag::Dd | Tag::Span | Tag::A
                )
            {
                return;
            }
        }
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Parses a page. Never fails; quadratic behaviour is bounded by the
/// depth of the open-element stack.
pub fn parse(src: &str) -> Dom<'_> {
    let mut b = Builder {
        dom: Dom {
            src,
            nodes: Vec::with_capacity(src.len() / 40 + 8),
            attrs: Vec::with_capacity(src.len() / 60 + 8),
        },
        stack: vec![0],
    };
    b.dom.nodes.push(Node {
        kind: Kind::Element {
            tag: Tag::Other,
            name: 0..0,
            attrs: 0..0,
        },
        parent: NONE,
        first_child: NONE,
        next_sibling: NONE,
        last_child: NONE,
    });
    let s = src.as_bytes();
    let n = s.len();
    let mut i = 0;
    let mut text_start = 0;
    while let Some(off) = memchr::memchr(b'<', &s[i..]) {
        let lt = i + off;
        let next = s.get(lt + 1).copied().unwrap_or(0);
        if next.is_ascii_alphabetic() {
            // Start tag.
            b.text(text_start..lt);
            let name_start = lt + 1;
            let mut j = name_start;
            while j < n && !is_ws(s[j]) && s[j] != b'/' && s[j] != b'>' {
                j += 1;
            }
            let name = name_start..j;
            let attrs_start = b.dom.attrs.len() as u32;
            let mut self_closing = false;
            // Attributes.
            loop {
                while j < n && (is_ws(s[j]) || s[j] == b'/') {
                    self_closing = s[j] == b'/';
                    j += 1;
                }
                if j >= n {
                    break;
                }
                if s[j] == b'>' {
                    j += 1;
                    break;
                }
                self_closing = false;
                let an = j;
                j += 1;
                while j < n && !is_ws(s[j]) && !matches!(s[j], b'/' | b'>' | b'=') {
                    j += 1;
                }
                let aname = an..j;
                while j < n && is_ws(s[j]) {
                    j += 1;
                }
                let mut value = j..j;
                if j < n && s[j] == b'=' {
                    j += 1;
                    while j < n && is_ws(s[j]) {
                        j += 1;
                    }
                    if j < n && (s[j] == b'"' || s[j] == b'\'') {
                        let q = s[j];
                        let vs = j + 1;
                        let ve = memchr::memchr(q, &s[vs..]).map_or(n, |o| vs + o);
                        value = vs..ve;
                        j = (ve + 1).min(n);
                    } else {
                        let vs = j;
                        while j < n && !is_ws(s[j]) && s[j] != b'>' {
                            j += 1;
                        }
                        value = vs..j;
                    }
                }
                b.dom.attrs.push(Attr {
                    name: aname.start as u32..aname.end as u32,
                    value: value.start as u32..value.end as u32,
                });
            }
            let attrs = attrs_start..b.dom.attrs.len() as u32;
            let tag = Tag::from_name(&s[name.clone()]);
            b.leave_head(tag);
            if tag.is_void(&s[name.clone()]) || (self_closing && b.in_foreign()) {
                b.start(tag, name, attrs);
                b.stack.pop();
            } else if tag.is_raw_text() {
                b.start(tag, name.clone(), attrs);
                let close = find_end_tag(s, j, &s[name.clone()]);
                b.text(j..close.0);
                b.stack.pop();
                j = close.1;
            } else if self_closing
                && matches!(
                    tag,
                    Tag::Other | Tag::Svg | Tag::Math | Tag::Span | Tag::Div | Tag::A
                )
            {
                b.start(tag, name, attrs);
                b.stack.pop();
            } else {
                b.start(tag, name, attrs);
            }
            i = j;
            text_start = j;
        } else if next == b'/' && s.get(lt + 2).is_some_and(|c| c.is_ascii_alphabetic()) {
            b.text(text_start..lt);
            let name_start = lt + 2;
            let mut j = name_start;
            while j < n && !is_ws(s[j]) && s[j] != b'/' && s[j] != b'>' {
                j += 1;
            }
            let name = &s[name_start..j];
            let tag = Tag::from_name(name);
            b.end(tag, name);
            j = memchr::memchr(b'>', &s[j..]).map_or(n, |o| j + o + 1);
            i = j;
            text_start = j;
        } else if next == b'!' || next == b'?' || next == b'/' {
            b.text(text_start..lt);
            let j = if s[lt..].starts_with(b"<!--") {
                memchr::memmem::find(&s[lt + 4..], b"-->").map_or(n, |o| lt + 4 + o + 3)
            } else {
                memchr::memchr(b'>', &s[lt..]).map_or(n, |o| lt + o + 1)
            };
            i = j;
            text_start = j;
        } else {
            // A lone '<' is text.
            i = lt + 1;
        }
        if i >= n {
            break;
        }
    }
    b.text(text_start.min(n)..n);
    b.dom
}

/// Where the end tag `</name` of a raw-text element starts and ends.
fn find_end_tag(s: &[u8], from: usize, name: &[u8]) -> (usize, usize) {
    let mut i = from;
    while let Some(off) = memchr::memmem::find(&s[i..], b"</") {
        let at = i + off;
        let ns = at + 2;
        let ne = ns + name.len();
        if ne <= s.len()
            && s[ns..ne].eq_ignore_ascii_case(name)
            && s.get(ne)
                .is_none_or(|c| is_ws(*c) || *c == b'>' || *c == b'/')
        {
            let close = memchr::memchr(b'>', &s[ne..]).map_or(s.len(), |o| ne + o + 1);
            return (at, close);
        }
        i = at + 2;
    }
    (s.len(), s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(d: &Dom, n: u32) -> Vec<String> {
        d.children(n)
            .map(|c| match &d.nodes[c as usize].kind {
                Kind::Element { name, .. } => d.slice(name).to_lowercase(),
                Kind::Text(r) => format!("#{}", d.slice(r)),
            })
            .collect()
    }

    #[test]
    fn implied_ends_and_stray_tags() {
        let d = parse("<body><p>one<p>two<div>three</div></span>four</body>");
        let body = d.find(Tag::Body).unwrap();
        assert_eq!(tags(&d, body), ["p", "p", "div", "#four"]);
        let d = parse("<ul><li>a<li>b</ul><p>c");
        let ul = d.find(Tag::Ul).unwrap();
        assert_eq!(tags(&d, ul), ["li", "li"]);
    }

    #[test]
    fn raw_text_attributes_and_comments() {
        let d = parse(
            "<head><script type=\"application/ld+json\">{\"a\": \"</p>\"}</script><!-- <p>no</p> --><meta name=author content='Jeanne'></head><p class=lead id=x>ok",
        );
        let s = d.find(Tag::Script).unwrap();
        assert_eq!(d.raw_text(s), "{\"a\": \"</p>\"}");
        assert_eq!(d.attr(s, "TYPE"), Some("application/ld+json"));
        let m = d.find(Tag::Meta).unwrap();
        assert_eq!(d.attr(m, "content"), Some("Jeanne"));
        let p = d.find(Tag::P).unwrap();
        assert_eq!(d.attr(p, "class"), Some("lead"));
        assert_eq!(d.raw_text(p), "ok");
        assert_eq!(
            d.nodes
                .iter()
                .filter(|n| matches!(n.kind, Kind::Element { tag: Tag::P, .. }))
                .count(),
            1
        );
    }

    #[test]
    fn leading_blank_lines_and_doctype() {
        let d = parse("\n\n<!DOCTYPE html>\n<html lang=\"de\">\n<head>");
        let h = d.find(Tag::Html).unwrap();
        assert_eq!(d.attr(h, "lang"), Some("de"));
    }

    #[test]
    fn body_tags_close_an_unclosed_head_and_svg_titles_self_close() {
        let d = parse("<html><head><title>t</title><meta charset=utf-8><div id=a><svg><title/><path/></svg><p>text</p></div>");
        let div = d.find(Tag::Div).unwrap();
        assert_eq!(d.tag(d.nodes[div as usize].parent), Some(Tag::Html));
        let p = d.find(Tag::P).unwrap();
        assert!(d.is_within(p, div));
        assert!(!d.is_within(p, d.find(Tag::Svg).unwrap()));
        assert_eq!(d.raw_text(p), "text");
    }

    #[test]
    fn noscript_content_is_markup() {
        let d = parse("<noscript><p>copy</p></noscript>");
        let p = d.find(Tag::P).unwrap();
        assert!(d.is_within(p, d.find(Tag::Noscript).unwrap()));
    }

    #[test]
    fn subtree_ends() {
        let d = parse("<div><p>a<b>b</b></p><p>c</p></div><p>d");
        let div = d.find(Tag::Div).unwrap();
        assert_eq!(d.raw_text(div), "abc");
        let p = d.find(Tag::P).unwrap();
        assert_eq!(d.raw_text(p), "ab");
    }

    #[test]
    fn hostile_input_gives_a_tree() {
        for s in [
            "",
            "<",
            "</",
            "<a",
            "<a href='",
            "<!--",
            "<script>",
            "<<<>>>",
            "<p/><div/>",
            "</x y>",
        ] {
            let d = parse(s);
            assert!(!d.nodes.is_empty());
        }
        let deep = "<div>".repeat(50_000) + "x";
        let d = parse(&deep);
        assert_eq!(d.nodes.len(), 50_002);
    }
}
