//! Cleaning of plain-text web copies.
//!
//! Input: the text of a scraped article (cookie banners, comment forms,
//! share bars, "Source link" footers, repeated headlines and captions left in).
//! Output: the main text, its title, author and date where the text shows
//! them, the list of what was removed and why, and flags on
//! machine-translation residue. Cleaning never fails.
//!
//! Three passes: line rules (boilerplate by phrase, furniture by shape),
//! in-line rules (video labels, photo credits, trailing "Plus: Tendance"),
//! then sentence rules (verbatim repeats, captions repeating a sentence,
//! promotions, fragments cut mid-sentence). Phrase lists live in
//! [`patterns`]; date shapes in [`dates`].

pub mod dates;
pub mod patterns;

use patterns::*;
use regex::Regex;
use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;
use veille_core::{Flag, FlagKind, PubDate, RemovalReason, Removed, Span, TokenKind};
use veille_text::{Detected, Lang};

/// What the reader already knows about the document.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// A title given by the source (JSONL field, HTML metadata).
    pub title: Option<String>,
    /// Whether the first line may be the title (plain-text files).
    pub first_line_title: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    pub text: String,
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<PubDate>,
    pub removed: Vec<Removed>,
    pub flags: Vec<Flag>,
    /// Language of the cleaned text, if decidable.
    pub lang: Option<Detected>,
}

/// Lower case, straight apostrophes, single spaces.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '’' | 'ʼ' | '‘' | '`' => '\'',
            '\u{a0}' | '\u{202f}' | '\t' => ' ',
            c => c,
        };
        if c == ' ' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The comparison key of a line or sentence: normalised, without the
/// punctuation, quotes and spaces that differ between copies.
fn key(s: &str) -> String {
    key_of_normalized(&normalize(s))
}

/// [`key`] of a text already passed through [`normalize`].
fn key_of_normalized(n: &str) -> String {
    let mut out = String::with_capacity(n.len());
    let mut space = false;
    for c in n.chars() {
        if c == ' ' {
            space = !out.is_empty();
        } else if c.is_alphanumeric() {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

fn tidy_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    for c in line.chars() {
        if matches!(c, '\u{200b}' | '\u{feff}' | '\u{ad}') || (c.is_control() && c != '\t') {
            continue;
        }
        if c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

fn ends_with_terminal(s: &str) -> bool {
    s.trim_end()
        .ends_with(['.', '!', '?', '…', '»', '”', '"', ')', ';', ':'])
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// A related-links header of several words followed by the topic it links
/// to, on one line without an ending: "Sur le même sujet Tour de France
/// 2016" (Wikinews), "Lire aussi notre dossier Syrie".
fn related_header_with_topic(bare: &str) -> bool {
    RELATED_HEADERS.iter().any(|h| {
        h.contains(' ')
            && bare
                .strip_prefix(h)
                .and_then(|rest| rest.strip_prefix(' '))
                .is_some_and(|topic| {
                    let n = word_count(topic);
                    (1..=6).contains(&n) && !topic.contains(['.', ',', ';', '!', '?'])
                })
    })
}

fn headline_like(s: &str) -> bool {
    let n = word_count(s);
    (2..=30).contains(&n) && !s.trim_end().ends_with(['.', ';', ':', ','])
}

static PHOTO_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\(\s*(?:photos?|crédits?|credits?|images?|illustration|capture)\s*:[^()]{0,80}\)",
    )
    .unwrap()
});
/// A whole line crediting a picture: "Foto: dpa", "Crédits photos : AFP",
/// "Photograph by …".
static CREDIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:photos?|fotos?|bild(?:er)?|titelbild|beitragsbild|titelfoto|aufmacherbild|images?|image credit|crédits? photos?|crédit photo|photo credit|photograph(?:ed)? by|bildquelle|illustration)\s*(?::|©|\bby\b)\s*\S.{0,100}$").unwrap()
});
/// A link back to a listing: "Zurück zur Übersicht", "Back to news",
/// "Retour à la liste".
static BACK_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:«\s*|<\s*|←\s*)?(?:zurück zu[mr]?|back to|retour à|retour aux|volver a)\s+\S.{0,40}$").unwrap()
});
/// A line that only labels what follows as an advertisement.
static AD_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\*?(?:anzeige|werbung|advertisement|publicité|publicidad|sponsored)\b[\s.,:*-]*(?:enthält affiliate[- ]links?|dieser beitrag enthält werbung.{0,60})?$").unwrap()
});
/// A reading-time label: "4 min read", "Lesezeit: 3 Minuten".
static READ_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\d{1,2}\s*(?:min(?:ute)?s?|minuten)\.?\s*(?:read|de lecture|lesezeit|lesedauer|de lectura)|(?:lesezeit|lesedauer|temps de lecture|reading time|read time|tiempo de lectura)\s*:?\s*(?:ca\.\s*)?\d{1,2}\s*(?:min(?:ute)?s?|minuten)\.?)$").unwrap()
});
static VIDEO_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:durée de la vidéo|video duration|durée\s*:|regarder la vidéo|watch video|play video|vidéo$|video$|\d{1,2}:\d{2}(?::\d{2})?$)").unwrap()
});
static BYLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:par|by)(?:\s+(.{1,60}))?$").unwrap());

fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 5
        && words.iter().all(|w| {
            w.chars().next().is_some_and(|c| c.is_uppercase())
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        })
}

/// Byline lines: `Some(Some(name))` for "Par Jean Dupont", `Some(None)` for a
/// bare "par" or a user handle ("By pfvz8"), `None` for prose.
fn byline(line: &str) -> Option<Option<String>> {
    let c = BYLINE.captures(line)?;
    let Some(who) = c.get(1).map(|m| m.as_str().trim()) else {
        return Some(None);
    };
    let name = who.split([',', '|']).next().unwrap_or("").trim();
    if looks_like_name(name) {
        return Some(Some(name.to_string()));
    }
    let handle = word_count(who) == 1 && who.chars().any(|c| c.is_ascii_digit() || c == '_');
    handle.then_some(None)
}

fn is_share_bar(k: &str) -> bool {
    // Words a share bar has beside a share verb or a network's name.
    const FILLER: &[&str] = &[
        "on", "sur", "this", "le", "cet", "article", "diesen", "diese", "seite", "news", "artikel",
        "esta", "noticia", "page", "cette",
    ];
    let words: Vec<&str> = k
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '·' | '•' | ':' | ','))
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.len() <= 12
        && words.iter().all(|w| SHARE_WORDS.contains(w))
        && words.iter().any(|w| !FILLER.contains(w))
}

fn breadcrumb_title(line: &str) -> Option<Option<String>> {
    let parts: Vec<&str> = line.split(['»', '›']).map(str::trim).collect();
    if parts.len() < 2 {
        return None;
    }
    let first = normalize(parts[0]);
    if !matches!(
        first.as_str(),
        "home" | "accueil" | "actualités" | "actualité" | "news" | "la une" | "une"
    ) {
        return None;
    }
    let last = parts.last().copied().unwrap_or("");
    Some((word_count(last) >= 3).then(|| last.to_string()))
}

struct Line {
    no: usize,
    text: String,
    /// [`key`] of `text`.
    key: String,
    /// The line holds a promotion phrase: its sentences are checked.
    promo: bool,
}

struct Cleaner {
    removed: Vec<Removed>,
}

impl Cleaner {
    fn drop(&mut self, reason: RemovalReason, line: usize, text: &str) {
        self.removed.push(Removed {
            reason,
            line,
            text: text.to_string(),
        });
    }
}

/// No whole-line header, footer or share bar is longer than this: longer
/// lines skip those list lookups.
const MAX_HEADER_BYTES: usize = 160;

/// Cleans `raw` (one paragraph per line, as scraped text usually is).
pub fn clean(raw: &str, hints: &Hints) -> Cleaned {
    let mut c = Cleaner {
        removed: Vec::new(),
    };
    let lines: Vec<(usize, String)> = raw
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, tidy_line(l)))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let n = lines.len();
    let mut title = hints
        .title
        .as_ref()
        .map(|t| tidy_line(t))
        .filter(|t| !t.is_empty());
    let mut author = None;
    let mut date = None;
    let mut after_footer = false;
    let mut related_tail = 0usize;
    let mut kept: Vec<Line> = Vec::new();

    // Pass 1: whole lines.
    for (idx, (no, line)) in lines.iter().enumerate() {
        let (no, line) = (*no, line.as_str());
        let k = normalize(line);
        let bare = k.trim_end_matches([':', ' ', '.', '…', '?', '!']);
        let edge = idx < 3 || idx + 3 >= n;
        // A date alone on a line is furniture at the edges of the text;
        // a labelled one ("Updated: …", "Aktualisiert: …") anywhere.
        if edge || dates::LABEL.is_match(line) {
            if let Some(d) = dates::timestamp_line(line) {
                date.get_or_insert(d);
                c.drop(RemovalReason::Timestamp, no, line);
                continue;
            }
        }
        let kinds = line_kinds(&k);
        if kinds.cookie {
            c.drop(RemovalReason::CookieNotice, no, line);
            continue;
        }
        if kinds.comment_form {
            c.drop(RemovalReason::CommentForm, no, line);
            continue;
        }
        let short = bare.len() <= MAX_HEADER_BYTES;
        if short && SCRAPER_FOOTERS.contains(&bare) && (idx * 2 >= n || bare != "source") {
            after_footer = true;
            c.drop(RemovalReason::ScraperFooter, no, line);
            continue;
        }
        if let Some(who) = byline(line) {
            if after_footer {
                c.drop(RemovalReason::ScraperFooter, no, line);
            } else {
                if idx < 8 && author.is_none() {
                    author = who;
                }
                c.drop(RemovalReason::Byline, no, line);
            }
            continue;
        }
        if after_footer && word_count(line) <= 6 && !ends_with_terminal(line) {
            c.drop(RemovalReason::ScraperFooter, no, line);
            continue;
        }
        if short
            && (RELATED_HEADERS.contains(&bare)
                || (related_header_with_topic(bare) && !ends_with_terminal(line)))
        {
            c.drop(RemovalReason::RelatedBlock, no, line);
            related_tail = 10;
            continue;
        }
        if short && is_share_bar(&k) {
            c.drop(RemovalReason::ShareBlock, no, line);
            continue;
        }
        if VIDEO_LINE.is_match(line) {
            c.drop(RemovalReason::VideoLabel, no, line);
            continue;
        }
        if short && (BACK_LINK.is_match(line) || AD_LABEL.is_match(line)) {
            c.drop(RemovalReason::Promo, no, line);
            continue;
        }
        if short && CREDIT_LINE.is_match(line) {
            c.drop(RemovalReason::PhotoCredit, no, line);
            continue;
        }
        if POST_META.iter().any(|l| k.starts_with(l)) || (short && READ_TIME.is_match(line)) {
            c.drop(RemovalReason::PostMeta, no, line);
            continue;
        }
        if BLOCK_LABELS.iter().any(|l| k.starts_with(l)) {
            c.drop(RemovalReason::Promo, no, line);
            continue;
        }
        if let Some(t) = breadcrumb_title(line) {
            if title.is_none() {
                title = t;
            }
            c.drop(RemovalReason::Breadcrumb, no, line);
            continue;
        }
        if related_tail > 0 {
            if headline_like(line) && !ends_with_terminal(line) {
                related_tail -= 1;
                c.drop(RemovalReason::RelatedBlock, no, line);
                continue;
            }
            related_tail = 0;
        }
        // Pass 2: inside the line.
        let promo = kinds.promo;
        for piece in inline(&mut c, no, line, &k) {
            let key = if piece == line {
                key_of_normalized(&k)
            } else {
                key(&piece)
            };
            kept.push(Line {
                no,
                text: piece,
                key,
                promo,
            });
        }
    }

    // Title from the first line of a plain-text file.
    if title.is_none() && hints.first_line_title {
        if let Some(first) = kept.first() {
            if headline_like(&first.text) && !first.text.ends_with(['.', '»', '”']) {
                title = Some(kept.remove(0).text);
            }
        }
    }
    let title_key = title.as_deref().map(key);

    // Repeated lines and titles.
    let mut seen: HashSet<String> = HashSet::default();
    kept.retain(|l| {
        if Some(&l.key) == title_key.as_ref() {
            c.drop(RemovalReason::RepeatedTitle, l.no, &l.text);
            return false;
        }
        if l.key.is_empty() {
            return true;
        }
        if !seen.insert(l.key.clone()) {
            c.drop(RemovalReason::RepeatedLine, l.no, &l.text);
            return false;
        }
        true
    });

    // Pass 3: sentences.
    let body: String = kept
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let lang = veille_text::detect(&body);
    let seg_lang = lang.as_ref().map_or(Lang::Und, |d| Lang::from_code(d.lang));
    let paragraphs = sentence_pass(&mut c, &kept, seg_lang);
    let text = paragraphs.join("\n\n");
    // The residue lists are English words that French lacks.
    let flags = if lang.as_ref().is_some_and(|d| d.lang == "fr") {
        residue_flags(&text)
    } else {
        Vec::new()
    };
    c.removed.sort_by_key(|r| r.line);
    Cleaned {
        text,
        title,
        author,
        date,
        removed: c.removed,
        flags,
        lang,
    }
}

/// In-line furniture: a leading "vidéo" label, photo credits (which also end
/// the caption before them), a trailing related-links header.
fn inline(c: &mut Cleaner, no: usize, line: &str, k: &str) -> Vec<String> {
    let mut line = line.to_string();
    let mut relabelled = false;
    for label in ["vidéo ", "video ", "VIDÉO ", "VIDEO ", "Vidéo ", "Video "] {
        if let Some(rest) = line.strip_prefix(label) {
            if rest.starts_with(|ch: char| ch.is_uppercase()) {
                c.drop(RemovalReason::VideoLabel, no, label.trim());
                line = rest.to_string();
                relabelled = true;
            }
            break;
        }
    }
    let k = if relabelled {
        normalize(&line)
    } else {
        k.to_string()
    };
    for h in RELATED_HEADERS {
        if h.len() >= 8 && k.ends_with(h) && k.len() > h.len() + 2 {
            let cut = line.len()
                - line
                    .char_indices()
                    .rev()
                    .nth(h.chars().count() - 1)
                    .map_or(0, |(i, _)| line.len() - i);
            let head = line[..cut].trim_end();
            if ends_with_terminal(head) {
                c.drop(RemovalReason::RelatedBlock, no, line[cut..].trim());
                line = head.to_string();
            }
            break;
        }
    }
    let mut pieces = Vec::new();
    let mut last = 0;
    for m in PHOTO_CREDIT.find_iter(&line) {
        c.drop(RemovalReason::PhotoCredit, no, m.as_str());
        pieces.push(line[last..m.start()].trim().to_string());
        last = m.end();
    }
    pieces.push(line[last..].trim().to_string());
    pieces.retain(|p| !p.is_empty());
    pieces
}

fn words(s: &str, lang: Lang) -> Vec<String> {
    veille_text::tokenize(s, lang)
        .iter()
        .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
        .map(|t| normalize(t.span.slice(s)))
        .collect()
}

struct Sent {
    line: usize,
    no: usize,
    text: String,
    key: String,
    words: Vec<String>,
    keep: bool,
}

/// Whether a (tidy, one-line) text is a single sentence for
/// `veille_text::segment`: no sentence-ending mark before its end. Saves
/// tokenising the many short lines of a page.
fn one_sentence(line: &str) -> bool {
    let inner = line.trim_end_matches(|c: char| {
        matches!(
            c,
            '.' | '!' | '?' | '…' | '»' | '”' | '"' | '\'' | ')' | ']' | ' '
        )
    });
    !inner.is_empty() && !inner.contains(['.', '!', '?', ';', '…'])
}

/// Above this many sentences the caption rule (quadratic) is not applied.
const MAX_SENTENCES_COMPARED: usize = 4000;

fn sentence_pass(c: &mut Cleaner, kept: &[Line], lang: Lang) -> Vec<String> {
    let mut sents: Vec<Sent> = Vec::new();
    for (li, l) in kept.iter().enumerate() {
        if one_sentence(&l.text) {
            sents.push(Sent {
                line: li,
                no: l.no,
                key: l.key.clone(),
                words: Vec::new(),
                text: l.text.clone(),
                keep: true,
            });
            continue;
        }
        let (_, spans) = veille_text::segment(&l.text, lang);
        for s in spans {
            let text = s.slice(&l.text).to_string();
            sents.push(Sent {
                line: li,
                no: l.no,
                key: key(&text),
                words: Vec::new(),
                text,
                keep: true,
            });
        }
    }
    let mut first_seen: HashSet<String> = HashSet::default();
    for s in sents.iter_mut() {
        if kept[s.line].promo && promo_in(&normalize(&s.text)) {
            c.drop(RemovalReason::Promo, s.no, &s.text);
            s.keep = false;
        } else if !s.key.is_empty() && !first_seen.insert(s.key.clone()) {
            c.drop(RemovalReason::RepeatedSentence, s.no, &s.text);
            s.keep = false;
        }
    }
    // Captions and cut fragments: unpunctuated sentences. Word lists are built
    // only when there is such a candidate and something to compare it with.
    let candidate = |s: &Sent| s.keep && !ends_with_terminal(&s.text) && word_count(&s.text) >= 3;
    if sents.len() < 2 || sents.len() > MAX_SENTENCES_COMPARED || !sents.iter().any(candidate) {
        return assemble(sents);
    }
    for s in sents.iter_mut() {
        s.words = words(&s.text, lang);
    }
    let sets: Vec<HashSet<&str>> = sents
        .iter()
        .map(|s| s.words.iter().map(String::as_str).collect())
        .collect();
    let mut keep: Vec<bool> = sents.iter().map(|s| s.keep).collect();
    for i in 0..sents.len() {
        let s = &sents[i];
        if !keep[i] || ends_with_terminal(&s.text) || s.words.len() < 3 {
            continue;
        }
        let is_caption = s.words.len() >= 5
            && (0..sents.len()).any(|j| {
                j != i && keep[j] && sents[j].words.len() > s.words.len() && {
                    let inside = s
                        .words
                        .iter()
                        .filter(|w| sets[j].contains(w.as_str()))
                        .count();
                    inside * 4 >= s.words.len() * 3
                }
            });
        if is_caption {
            c.drop(RemovalReason::RepeatedCaption, s.no, &s.text);
            keep[i] = false;
            continue;
        }
        let alone = sents.iter().filter(|o| o.line == s.line).count() == 1;
        let dangling = s
            .words
            .last()
            .is_some_and(|w| DANGLING.contains(&w.as_str()));
        if alone && dangling {
            c.drop(RemovalReason::TruncatedFragment, s.no, &s.text);
            keep[i] = false;
        }
    }
    drop(sets);
    for (s, k) in sents.iter_mut().zip(keep) {
        s.keep = k;
    }
    assemble(sents)
}

/// Kept sentences back into paragraphs (one per source line).
fn assemble(sents: Vec<Sent>) -> Vec<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut cur_line = usize::MAX;
    for s in sents.into_iter().filter(|s| s.keep) {
        if s.line != cur_line {
            paragraphs.push(s.text);
            cur_line = s.line;
        } else if let Some(p) = paragraphs.last_mut() {
            p.push(' ');
            p.push_str(&s.text);
        }
    }
    paragraphs
}

/// Spans of English words left inside non-English text: bracketed English
/// ("[We]", "[these talks]") and runs of English-only words.
pub fn residue_flags(text: &str) -> Vec<Flag> {
    let toks = veille_text::tokenize(text, Lang::Fr);
    let mut flags = Vec::new();
    // Callers pass ASCII words only: a case-blind comparison, no copy.
    let en = |s: &str| EN_ONLY.iter().any(|w| w.eq_ignore_ascii_case(s));
    let core = |s: &str| EN_CORE.iter().any(|w| w.eq_ignore_ascii_case(s));
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i].span.slice(text);
        // Bracketed fragment.
        if t == "[" {
            if let Some(j) =
                (i + 1..toks.len().min(i + 9)).find(|&j| toks[j].span.slice(text) == "]")
            {
                let inner: Vec<&str> = toks[i + 1..j].iter().map(|t| t.span.slice(text)).collect();
                if !inner.is_empty()
                    && inner.iter().all(|w| w.is_ascii())
                    && inner.iter().any(|w| en(w))
                {
                    let span = Span::new(toks[i].span.start, toks[j].span.end);
                    flags.push(Flag {
                        kind: FlagKind::TranslationResidue,
                        span,
                        text: span.slice(text).to_string(),
                    });
                    i = j + 1;
                    continue;
                }
            }
        }
        // Run of ASCII words, mostly English-only, holding a pronoun or verb.
        if toks[i].kind == TokenKind::Word && t.is_ascii() && en(t) {
            let mut j = i;
            while j + 1 < toks.len()
                && toks[j + 1].kind == TokenKind::Word
                && toks[j + 1].span.slice(text).is_ascii()
            {
                j += 1;
            }
            let run: Vec<&str> = toks[i..=j].iter().map(|t| t.span.slice(text)).collect();
            let n_en = run.iter().filter(|w| en(w)).count();
            let all_caps_initial = run
                .iter()
                .all(|w| w.starts_with(|c: char| c.is_uppercase()));
            if run.len() >= 2
                && n_en >= 2
                && n_en * 2 >= run.len()
                && run.iter().any(|w| core(w))
                && !all_caps_initial
            {
                // Trim non-English words at the run's ends.
                let mut a = i;
                let mut b = j;
                while b > a && !en(toks[b].span.slice(text)) {
                    b -= 1;
                }
                while a < b && !en(toks[a].span.slice(text)) {
                    a += 1;
                }
                let span = Span::new(toks[a].span.start, toks[b].span.end);
                flags.push(Flag {
                    kind: FlagKind::TranslationResidue,
                    span,
                    text: span.slice(text).to_string(),
                });
            }
            i = j + 1;
            continue;
        }
        i += 1;
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reasons(c: &Cleaned) -> Vec<&'static str> {
        c.removed.iter().map(|r| r.reason.as_str()).collect()
    }

    #[test]
    fn removes_consent_comment_and_footer_lines() {
        let raw = "Titre de l'article\n\nLe président est arrivé à Minsk lundi.\n\nSource link\n\nBy pfvz8\n\nLeave a Reply\n\nYour email address will not be published. Required fields are marked *\nThis website uses cookies to improve your experience. We'll assume you're ok with this. Accept Read More";
        let c = clean(
            raw,
            &Hints {
                first_line_title: true,
                ..Default::default()
            },
        );
        assert_eq!(c.title.as_deref(), Some("Titre de l'article"));
        assert_eq!(c.text, "Le président est arrivé à Minsk lundi.");
        assert_eq!(
            reasons(&c),
            [
                "scraper_footer",
                "scraper_footer",
                "comment_form",
                "comment_form",
                "cookie_notice"
            ]
        );
        assert_eq!(c.author, None);
    }

    #[test]
    fn german_spanish_and_portuguese_page_furniture() {
        let raw = "Die Regierung in Berlin hat am Montag neue Hilfen für die Ukraine beschlossen.\n\nSchon gelesen?\nKanzler reist nach Kiew\nNeue Sanktionen gegen Moskau\n\nSchreibe einen Kommentar\nDeine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert\nDiese Website verwendet Akismet, um Spam zu reduzieren.\nDiese Website verwendet Cookies, um Ihnen das beste Erlebnis zu bieten.\nVeja também:\nLeia também\nArtículos relacionados\nTags: Berlin, Ukraine, Hilfen\nKommentarfeed | Kommentare geschlossen | Trackback-URL";
        let c = clean(raw, &Hints::default());
        assert_eq!(
            c.text,
            "Die Regierung in Berlin hat am Montag neue Hilfen für die Ukraine beschlossen."
        );
        let r = reasons(&c);
        for want in [
            "related_block",
            "comment_form",
            "cookie_notice",
            "post_meta",
        ] {
            assert!(r.contains(&want), "{want} missing from {r:?}");
        }
        // A question that only starts like a header stays.
        let c = clean(
            "Schon gelesen, was der Kanzler gesagt hat?",
            &Hints::default(),
        );
        assert_eq!(c.text, "Schon gelesen, was der Kanzler gesagt hat?");
    }

    #[test]
    fn repeated_title_and_sentences_are_kept_once() {
        let raw = "Le titre répété ici\nLe titre répété ici\nUne phrase qui revient. Une autre phrase.\nUne phrase qui revient.";
        let c = clean(
            raw,
            &Hints {
                first_line_title: true,
                ..Default::default()
            },
        );
        assert_eq!(c.title.as_deref(), Some("Le titre répété ici"));
        assert_eq!(c.text, "Une phrase qui revient. Une autre phrase.");
        assert_eq!(reasons(&c), ["repeated_title", "repeated_sentence"]);
    }

    #[test]
    fn captions_credits_and_fragments() {
        let raw = "Les images montrent que Moscou a envoyé des blindés vieux de 70 ans au front. Plus: Tendance\nLes images montrent que Moscou a envoyé des blindés vieux de 70 ans (Photo : @UAWeapons) La Chine se pose en médiatrice.\nPoutine a déclaré que lui et Kim devraient";
        let c = clean(raw, &Hints::default());
        assert_eq!(c.text, "Les images montrent que Moscou a envoyé des blindés vieux de 70 ans au front.\n\nLa Chine se pose en médiatrice.");
        let r = reasons(&c);
        for want in [
            "related_block",
            "photo_credit",
            "repeated_caption",
            "truncated_fragment",
        ] {
            assert!(r.contains(&want), "{want} missing from {r:?}");
        }
    }

    #[test]
    fn byline_sets_author_and_timestamp_sets_date() {
        let raw = "Par Jeanne Martin\nLe président est arrivé à Minsk lundi pour des entretiens.\n2024-05-24 03:01";
        let c = clean(raw, &Hints::default());
        assert_eq!(c.author.as_deref(), Some("Jeanne Martin"));
        assert_eq!(c.date.unwrap().value, "2024-05-24T03:01");
        assert_eq!(
            c.text,
            "Le président est arrivé à Minsk lundi pour des entretiens."
        );
    }

    #[test]
    fn credit_read_time_rating_and_labelled_date_lines() {
        let raw = "4 Min Read\nDie Regierung hat am Montag neue Hilfen beschlossen.\nFoto: Ingo Pertramer\nAktualisiert: 11.04.2020, 10:27\nDer Kanzler reist nach Kiew, sagte ein Sprecher.\nWar der Artikel nützlich?\nYou might also like:\nSie müssen sich anmelden um Kommentare zu schreiben.\nDer Bundestag stimmt am 7. Oktober 2020 ab.";
        let c = clean(raw, &Hints::default());
        assert_eq!(
            c.text,
            "Die Regierung hat am Montag neue Hilfen beschlossen.\n\nDer Kanzler reist nach Kiew, sagte ein Sprecher.\n\nDer Bundestag stimmt am 7. Oktober 2020 ab."
        );
        assert_eq!(c.date.as_ref().unwrap().value, "2020-04-11T10:27");
        let r = reasons(&c);
        for want in [
            "post_meta",
            "photo_credit",
            "timestamp",
            "promo",
            "related_block",
            "comment_form",
        ] {
            assert!(r.contains(&want), "{want} missing from {r:?}");
        }
        let raw = "Zurück zur Übersicht\nAnzeige, enthält Affiliate Links\nDie Regierung hat am Montag neue Hilfen beschlossen.\nDiesen Artikel teilen\nMeistgelesene Artikel\nBack to news\nSubscribe now to our weekly edition for the full story.";
        let c = clean(raw, &Hints::default());
        assert_eq!(
            c.text,
            "Die Regierung hat am Montag neue Hilfen beschlossen."
        );
        // Prose that merely mentions going back or following is kept.
        let c = clean("Zurück zur Normalität will die Regierung erst im Herbst, nachdem die Zahlen gesunken sind.\nThey follow the rules and download the report every week.", &Hints::default());
        assert!(c.removed.is_empty(), "{:?}", c.removed);
        // A sentence that starts like a credit is still text.
        let c = clean("Photos: what we saw at the summit in Vilnius, and what it means for Kyiv and its allies in the months to come.", &Hints::default());
        assert!(c.removed.is_empty(), "{:?}", c.removed);
    }

    #[test]
    fn flags_translation_residue() {
        let t = "En disant : «[We] sont prêts à offrir des armes. Durant [these talks] des questions. Le Financial Times et l'Institute for the Study of War.";
        let f = residue_flags(t);
        let texts: Vec<&str> = f.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["[We]", "[these talks]"]);
        assert_eq!(
            residue_flags("Il a dit you're ok with this hier.")[0].text,
            "you're ok with this"
        );
        assert!(residue_flags("[1] Une note [sic] et [Photo]").is_empty());
    }

    #[test]
    fn empty_and_garbage_input_do_not_panic() {
        for raw in [
            "",
            "\n\n\n",
            "»»»",
            "[",
            "par",
            "(Photo : x)",
            "\u{feff}\u{200b}",
        ] {
            let c = clean(
                raw,
                &Hints {
                    first_line_title: true,
                    ..Default::default()
                },
            );
            assert!(c.text.len() <= raw.len() + 2);
        }
    }

    /// An article sentence followed by `input`'s lines: the reasons of
    /// what was removed, space-separated ("" when nothing was, and then the
    /// input must be kept whole).
    fn check(input: &str, expect: &str) -> Result<(), String> {
        const BODY: &str = "Le conseil municipal a voté mardi soir un budget de 40 millions d'euros pour les écoles.";
        let c = clean(&format!("{BODY}\n{input}"), &Hints::default());
        let got = reasons(&c).join(" ");
        let text_ok = if expect.is_empty() {
            c.text.contains(input.trim())
        } else {
            c.text == BODY
        };
        if got == expect && text_ok {
            Ok(())
        } else {
            Err(format!(
                "{input:?}\n  want: {expect}\n  got:  {got} (removed {:?}, text {:?})",
                c.removed, c.text
            ))
        }
    }

    const CASES: &[(&str, &str)] = &[
        // Consent notices.
        (
            "Ce site utilise des cookies pour améliorer votre expérience de lecture.",
            "cookie_notice",
        ),
        (
            "We use cookies to personalise content and ads. Accept all cookies",
            "cookie_notice",
        ),
        (
            "En poursuivant votre navigation, vous acceptez le dépôt de traceurs.",
            "cookie_notice",
        ),
        (
            "Gérer les cookies | Politique de confidentialité",
            "cookie_notice",
        ),
        // Comment forms.
        ("Laisser un commentaire", "comment_form"),
        ("Leave a comment", "comment_form"),
        ("Votre adresse e-mail ne sera pas publiée.", "comment_form"),
        ("Cancel reply", "comment_form"),
        (
            "Vous devez être connecté pour publier un commentaire.",
            "comment_form",
        ),
        // Share bars.
        ("Partager sur Facebook Twitter WhatsApp", "share_block"),
        ("Share this article", "share_block"),
        ("Copier le lien | Imprimer | E-mail", "share_block"),
        // Scraper footers.
        ("Source link", "scraper_footer"),
        ("Lien source", "scraper_footer"),
        // Promotions.
        (
            "Inscrivez-vous à notre newsletter pour recevoir nos articles chaque matin.",
            "promo",
        ),
        (
            "Follow us on Instagram for daily updates from the newsroom.",
            "promo",
        ),
        (
            "Téléchargez notre application pour ne rien manquer.",
            "promo",
        ),
        // Post metadata.
        ("Tags : écoles, budget, conseil municipal", "post_meta"),
        ("Les commentaires sont fermés.", "post_meta"),
        ("Filed under: Education", "post_meta"),
        // Related-links headers.
        ("À lire aussi :", "related_block"),
        ("Related posts", "related_block"),
        ("Sur le même sujet Tour de France 2016", "related_block"),
        ("Related articles Brexit talks", "related_block"),
        // A sentence that starts with the same words stays.
        (
            "Sur le même sujet, le ministre a promis une réponse lundi.",
            "",
        ),
        ("Lire aussi les conditions générales avant de signer.", ""),
        // Prose that only mentions the same words stays.
        (
            "Le maire a partagé son bilan sur Facebook, selon son cabinet.",
            "",
        ),
        (
            "Les cookies de la boulangerie du quartier se vendent bien cette année.",
            "",
        ),
        (
            "Les habitants pourront laisser leurs commentaires en mairie jusqu'au 30 juin.",
            "",
        ),
        (
            "The source of the funding was not disclosed by the council.",
            "",
        ),
    ];

    #[test]
    fn cleaning_cases() {
        assert!(CASES.len() >= 15);
        let bad = veille_core::case_failures(CASES, check);
        assert!(bad.is_empty(), "{} failing:\n{}", bad.len(), bad.join("\n"));
    }
}
