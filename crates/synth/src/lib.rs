//! Synthetic news for benchmarks (`veille bench ingest`): an endless,
//! deterministic stream of French and English articles written from the
//! team's own templates and lexicons ([`fr`], [`en`]), as web pages with
//! boilerplate (menus, cookie banners, "read more" lists, footers) and as
//! plain-text records with title and date.
//!
//! The stream has the shape of real news: articles belong to **stories**
//! (a meeting, a visit, a protest, an agreement, sanctions, threats) that
//! run over several days with the same actors and place, and some articles
//! are **copies** of earlier ones on other sites (reposts with a "source
//! link" footer, truncated partial copies). Dates advance with the stream
//! ([`Options::per_day`] articles a day from 2016-01-01).
//!
//! No name, place or sentence comes from a real article or a test set.

pub mod en;
pub mod fr;

use std::collections::VecDeque;
use veille_core::{Format, RawDoc};

/// A language's words and templates.
#[derive(Debug)]
pub struct Lexicon {
    pub given: &'static [&'static str],
    pub family: &'static [&'static str],
    pub roles: &'static [&'static str],
    pub orgs: &'static [&'static str],
    /// (city, its country as written in a sentence).
    pub places: &'static [(&'static str, &'static str)],
    pub days: &'static [&'static str],
    pub topics: &'static [&'static str],
    pub quotes: &'static [&'static str],
    pub sites: &'static [&'static str],
    /// Per story kind: the lead sentence, then the sentences that follow.
    pub stories: &'static [&'static [&'static str]],
    /// Sentences of context any article may carry.
    pub background: &'static [&'static str],
    /// Context sentences built from parts (subject, verb, object, adjunct),
    /// so that no two articles share their wording by chance.
    pub parts: [&'static [&'static str]; 4],
    /// A story's headline (slots as in the sentences).
    pub title: &'static str,
    /// Title prefixes of follow-ups ("" for none).
    pub follow: &'static [&'static str],
    /// Lead sentences of follow-ups (any story kind).
    pub follow_leads: &'static [&'static str],
    pub boiler_nav: &'static str,
    pub boiler_cookie: &'static str,
    pub boiler_related: &'static str,
    pub boiler_footer: &'static str,
    pub repost_footer: &'static str,
    pub byline: &'static str,
    pub lang: &'static str,
}

/// The shape of the stream.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub seed: u64,
    /// Share of English articles (0–1).
    pub english: f64,
    /// Share of copies of an earlier article (0–1).
    pub copies: f64,
    /// Share of web pages; the rest are plain-text records (0–1).
    pub html: f64,
    /// Articles per day.
    pub per_day: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            seed: 42,
            english: 0.25,
            copies: 0.12,
            html: 0.5,
            per_day: 400,
        }
    }
}

/// A small deterministic generator (xorshift64*).
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

/// A story's cast and setting, fixed across its articles.
#[derive(Debug, Clone)]
struct Story {
    id: usize,
    lex: &'static Lexicon,
    kind: usize,
    people: [(usize, usize); 2],
    roles: [usize; 2],
    orgs: [usize; 2],
    place: usize,
    topic: usize,
    articles: usize,
    /// Articles it will have (1 to 8, 2.7 on average).
    planned: usize,
    last_day: usize,
}

/// An article as written, before it is dressed as a page or a record.
#[derive(Debug, Clone)]
struct Article {
    lex: &'static Lexicon,
    title: String,
    paragraphs: Vec<String>,
    author: String,
    day: usize,
    site: usize,
}

/// What a generated document is, for tests and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A new article of a story.
    Original,
    /// An earlier article reposted whole on another site.
    Repost,
    /// The first part of an earlier article on another site.
    Partial,
}

/// The endless stream of synthetic documents.
pub struct Generator {
    rng: Rng,
    opts: Options,
    n: usize,
    next_story: usize,
    active: Vec<Story>,
    recent: VecDeque<Article>,
    last: Option<(Kind, usize)>,
}

/// Stories running at once, and earlier articles a copy may come from.
const ACTIVE: usize = 60;
const RECENT: usize = 200;

impl Generator {
    pub fn new(opts: Options) -> Generator {
        Generator {
            rng: Rng(opts.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).max(1)),
            opts,
            n: 0,
            next_story: 0,
            active: Vec::new(),
            recent: VecDeque::new(),
            last: None,
        }
    }

    /// What the last document given was, and its story (copies: the
    /// story of their original).
    pub fn last_kind(&self) -> Option<(Kind, usize)> {
        self.last
    }

    fn day(&self) -> usize {
        self.n / self.opts.per_day.max(1)
    }

    fn new_story(&mut self) -> Story {
        let lex: &'static Lexicon = if self.rng.chance(self.opts.english) {
            &en::LEXICON
        } else {
            &fr::LEXICON
        };
        let r = &mut self.rng;
        let person = |r: &mut Rng| (r.below(lex.given.len()), r.below(lex.family.len()));
        let p1 = person(r);
        let mut p2 = person(r);
        if p2.1 == p1.1 {
            p2.1 = (p2.1 + 1) % lex.family.len();
        }
        let o1 = r.below(lex.orgs.len());
        let o2 = (o1 + 1 + r.below(lex.orgs.len() - 1)) % lex.orgs.len();
        let story = Story {
            id: self.next_story,
            lex,
            kind: r.below(lex.stories.len()),
            people: [p1, p2],
            roles: [r.below(lex.roles.len()), r.below(lex.roles.len())],
            orgs: [o1, o2],
            place: r.below(lex.places.len()),
            topic: r.below(lex.topics.len()),
            articles: 0,
            planned: 1 + (0..7).take_while(|_| r.chance(0.65)).count(),
            last_day: self.n / self.opts.per_day.max(1),
        };
        self.next_story += 1;
        story
    }

    /// The next article of a story (new or running).
    fn original(&mut self) -> (Article, usize) {
        let day = self.day();
        self.active.retain(|s| day <= s.last_day + 7);
        let i = if self.active.is_empty() || (self.active.len() < ACTIVE && self.rng.chance(0.35)) {
            let s = self.new_story();
            self.active.push(s);
            self.active.len() - 1
        } else {
            self.rng.below(self.active.len())
        };
        let mut story = self.active[i].clone();
        let article = write(&mut self.rng, &story, day);
        story.articles += 1;
        story.last_day = day;
        let id = story.id;
        if story.articles >= story.planned {
            self.active.swap_remove(i);
        } else {
            self.active[i] = story;
        }
        (article, id)
    }

    /// A copy of an earlier article on another site.
    fn copy(&mut self) -> Option<(Article, Kind)> {
        if self.recent.is_empty() {
            return None;
        }
        let i = self.rng.below(self.recent.len());
        let mut a = self.recent[i].clone();
        let sites = a.lex.sites.len();
        a.site = (a.site + 1 + self.rng.below(sites - 1)) % sites;
        a.day = self.day().max(a.day);
        let kind = if a.paragraphs.len() > 3 && self.rng.chance(0.4) {
            a.paragraphs.truncate(a.paragraphs.len().div_ceil(2) + 1);
            Kind::Partial
        } else {
            Kind::Repost
        };
        a.paragraphs.push(format!(
            "{} : https://{}/",
            a.lex.repost_footer, self.recent[i].lex.sites[self.recent[i].site]
        ));
        Some((a, kind))
    }
}

impl Iterator for Generator {
    type Item = RawDoc;

    fn next(&mut self) -> Option<RawDoc> {
        let copied = if self.rng.chance(self.opts.copies) {
            self.copy()
        } else {
            None
        };
        let (article, kind, story) = match copied {
            Some((a, k)) => (a, k, usize::MAX),
            None => {
                let (a, story) = self.original();
                if self.recent.len() >= RECENT {
                    self.recent.pop_front();
                }
                self.recent.push_back(a.clone());
                (a, Kind::Original, story)
            }
        };
        self.last = Some((kind, story));
        let n = self.n;
        self.n += 1;
        let html = self.rng.chance(self.opts.html);
        Some(dress(&article, n, html))
    }
}

/// Writes one article of a story.
fn write(r: &mut Rng, s: &Story, day: usize) -> Article {
    let lex = s.lex;
    let mut seen = [false; 2];
    let templates = lex.stories[s.kind];
    let mut sentences: Vec<String> = Vec::new();
    if s.articles == 0 {
        sentences.extend(templates.iter().map(|t| fill(t, lex, s, r, &mut seen, day)));
    } else {
        // A follow-up: a lead of its own, perhaps one of the story's
        // sentences, then context.
        sentences.push(fill(r.pick(lex.follow_leads), lex, s, r, &mut seen, day));
        if r.chance(0.5) {
            let t = templates[1 + r.below(templates.len() - 1)];
            sentences.push(fill(t, lex, s, r, &mut seen, day));
        }
    }
    // Context: one of the fixed sentences, then sentences built from parts.
    let t = r.pick(lex.background);
    sentences.push(fill(t, lex, s, r, &mut seen, day));
    for _ in 0..3 + r.below(5) {
        let [subject, verb, object, adjunct] = lex.parts.map(|xs| r.pick(xs));
        let t = format!("{subject} {verb} {object}{adjunct}.");
        sentences.push(fill(&t, lex, s, r, &mut seen, day));
    }
    let mut paragraphs = Vec::new();
    let mut it = sentences.into_iter().peekable();
    while it.peek().is_some() {
        let take = 1 + r.below(3);
        paragraphs.push(it.by_ref().take(take).collect::<Vec<_>>().join(" "));
    }
    let prefix = if s.articles == 0 {
        ""
    } else {
        r.pick(lex.follow)
    };
    let title = format!(
        "{prefix}{}",
        fill(lex.title, lex, s, r, &mut [false; 2], day)
    );
    let author = format!("{} {}", r.pick(lex.given), r.pick(lex.family));
    Article {
        lex,
        title,
        paragraphs,
        author,
        day,
        site: r.below(lex.sites.len()),
    }
}

/// A template with its slots filled: a person's full name the first time,
/// the surname after.
fn fill(
    t: &str,
    lex: &Lexicon,
    s: &Story,
    r: &mut Rng,
    seen: &mut [bool; 2],
    day: usize,
) -> String {
    let mut out = String::with_capacity(t.len() + 64);
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let slot = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        match slot {
            "P1" | "P2" => {
                let k = usize::from(slot == "P2");
                let (g, f) = s.people[k];
                if seen[k] {
                    out.push_str(lex.family[f]);
                } else {
                    out.push_str(lex.given[g]);
                    out.push(' ');
                    out.push_str(lex.family[f]);
                    seen[k] = true;
                }
            }
            "R1" => out.push_str(lex.roles[s.roles[0]]),
            "R2" => out.push_str(lex.roles[s.roles[1]]),
            "O1" => out.push_str(lex.orgs[s.orgs[0]]),
            "O2" => out.push_str(lex.orgs[s.orgs[1]]),
            "C" => out.push_str(lex.places[s.place].0),
            "K" => out.push_str(lex.places[s.place].1),
            "D" => out.push_str(lex.days[day % lex.days.len()]),
            "T" => out.push_str(lex.topics[s.topic]),
            "N" => out.push_str(&(2 + r.below(40)).to_string()),
            "Q" => out.push_str(r.pick(lex.quotes)),
            // Someone and somewhere outside the story.
            "X" => {
                out.push_str(r.pick(lex.given));
                out.push(' ');
                out.push_str(r.pick(lex.family));
            }
            "Y" => out.push_str(r.pick(lex.places).0),
            _ => {}
        }
    }
    out.push_str(rest);
    let out = if lex.lang == "fr" {
        // French contractions the slots make: "de le" → "du"…
        out.replace(" de le ", " du ")
            .replace(" de les ", " des ")
            .replace(" à le ", " au ")
            .replace(" à les ", " aux ")
    } else {
        out
    };
    capitalise(&out)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A day number (from 2016-01-01) as an ISO date.
pub fn iso_day(day: usize) -> String {
    veille_core::iso_of_days(16_801 + i64::try_from(day).unwrap_or(i64::MAX / 2))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An article as a web page (with boilerplate) or a plain-text record.
fn dress(a: &Article, n: usize, html: bool) -> RawDoc {
    let site = a.lex.sites[a.site];
    let date = iso_day(a.day);
    let url = format!("https://{site}/{}/article-{n}.html", date.replace('-', "/"));
    if !html {
        return RawDoc {
            source: format!("synthetic#{n}"),
            format: Format::Jsonl,
            text: a.paragraphs.join("\n\n"),
            title: Some(a.title.clone()),
            url: Some(url),
            date: Some(date),
            author: Some(a.author.clone()),
            warnings: Vec::new(),
        };
    }
    let lex = a.lex;
    let mut page = String::with_capacity(4096);
    page.push_str(&format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} – {site}</title>\
         <meta property=\"article:published_time\" content=\"{date}T08:00:00Z\">\
         <link rel=\"canonical\" href=\"{url}\"></head><body>\
         <header><nav>{}</nav></header><div class=\"cookie-banner\">{}</div>\
         <main><article><h1>{}</h1><p class=\"byline\">{} {} – {date}</p>",
        lex.lang,
        escape(&a.title),
        lex.boiler_nav,
        lex.boiler_cookie,
        escape(&a.title),
        lex.byline,
        escape(&a.author)
    ));
    for p in &a.paragraphs {
        page.push_str("<p>");
        page.push_str(&escape(p));
        page.push_str("</p>");
    }
    page.push_str(&format!(
        "</article><aside><h2>{}</h2><ul><li><a href=\"/a\">{}</a></li><li><a href=\"/b\">{}</a></li></ul></aside></main>\
         <footer>© {site} – {}</footer></body></html>",
        lex.boiler_related,
        escape(&capitalise(lex.topics[n % lex.topics.len()])),
        escape(&capitalise(lex.topics[(n + 3) % lex.topics.len()])),
        lex.boiler_footer
    ));
    RawDoc {
        source: url.clone(),
        format: Format::Html,
        text: page,
        url: Some(url),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_calendar_dates() {
        assert_eq!(iso_day(0), "2016-01-01");
        assert_eq!(iso_day(59), "2016-02-29");
        assert_eq!(iso_day(366), "2017-01-01");
    }

    #[test]
    fn french_slots_contract() {
        let s = Story {
            id: 0,
            lex: &fr::LEXICON,
            kind: 0,
            people: [(0, 0), (1, 1)],
            roles: [0, 0],
            orgs: [1, 0],
            place: 0,
            topic: 0,
            articles: 0,
            planned: 1,
            last_day: 0,
        };
        let mut seen = [false; 2];
        let mut r = Rng(7);
        let t = fill(
            "Un communiqué de {O1} cite {P1}, puis {P1}.",
            &fr::LEXICON,
            &s,
            &mut r,
            &mut seen,
            1,
        );
        assert_eq!(
            t,
            "Un communiqué du Conseil régional cite Anne Marchand, puis Marchand."
        );
    }
}
