//! The pipeline: cleaning, language, segmentation, named entities and
//! linking, POS/lemmas/dependencies, temporal expressions and quotes,
//! applied to one raw document.
//!
//! A [`Pipeline`] owns its models and its linker, loaded once
//! ([`Pipeline::builtin`]) and shared across threads (`Send + Sync`).
//! Analysis is pure: no I/O, no failure.

mod headline;
pub mod models;

pub use models::{LangModels, LoadError, Models};
use std::sync::Arc;
use veille_clean::{clean, Hints};
use veille_core::{content_id, site_of, Document, EntityLabel, LangSpan, PubDate};
use veille_core::{Format, Lang, RawDoc, Span, Stage, StageTimes, Token};
use veille_kb::link::Linker;

/// Everything that can stop a pipeline from being built.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Model(#[from] LoadError),
    #[error("knowledge base: {0}")]
    Kb(#[from] veille_kb::KbError),
    #[error("event triggers: {0}")]
    Events(#[from] veille_events::EventsError),
    #[error(transparent)]
    Geo(#[from] veille_geo::GeoError),
}

/// The analysis stages with their models and knowledge base.
pub struct Pipeline {
    models: Models,
    linker: Arc<Linker>,
    triggers: veille_events::Lexicon,
    places: Arc<veille_geo::Resolver>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline").finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Keep every token's span in the output (otherwise only their count).
    pub keep_tokens: bool,
    /// Skip entity linking (for measuring what it costs).
    pub no_link: bool,
    /// Skip event coding and place resolution (for measuring what they cost).
    pub no_events: bool,
}

/// Paragraphs shorter than this (in letters) are not given a language of their own.
const MIXED_MIN_LETTERS: usize = 40;

/// The main text of a raw document: a web page's article is extracted
/// first, then any text is cleaned the same way.
pub fn main_text(raw: &RawDoc) -> (Option<veille_extract::Article>, veille_clean::Cleaned) {
    let page = (raw.format == Format::Html)
        .then(|| veille_extract::extract(&raw.text, raw.url.as_deref()));
    let body = page.as_ref().map_or(raw.text.as_str(), |a| a.text.as_str());
    let hints = Hints {
        title: raw
            .title
            .clone()
            .or_else(|| page.as_ref().and_then(|a| a.title.clone())),
        first_line_title: raw.format == Format::Text,
    };
    let cleaned = clean(body, &hints);
    (page, cleaned)
}

/// A document's title, author and publication date.
pub struct Fields {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<PubDate>,
}

/// Title, author and date of a document: what its source says (feed item,
/// JSONL fields) first, then the page's markup, then what cleaning read in
/// the text.
pub fn fields(
    raw: &RawDoc,
    page: Option<&veille_extract::Article>,
    cleaned: &veille_clean::Cleaned,
) -> Fields {
    Fields {
        title: cleaned.title.clone(),
        author: raw
            .author
            .clone()
            .or_else(|| page.and_then(|a| a.author.clone()))
            .or_else(|| cleaned.author.clone()),
        date: raw
            .date
            .as_deref()
            .and_then(parse_date)
            .or_else(|| page.and_then(page_date))
            .or_else(|| cleaned.date.clone())
            .or_else(|| page.and_then(printed_date)),
    }
}

/// The first date the page prints, a text labelled as the date of the last
/// change ("Updated …", "Mis à jour le …") only when no other has one.
fn printed_date(a: &veille_extract::Article) -> Option<PubDate> {
    let texts = &a.date_texts;
    texts
        .iter()
        .filter(|t| !veille_clean::dates::modified_label(t))
        .find_map(|t| date_in(t))
        .or_else(|| texts.iter().find_map(|t| date_in(t)))
}

fn parse_date(d: &str) -> Option<PubDate> {
    PubDate::parse_iso(d).or_else(|| veille_clean::dates::parse_human(d, false))
}

/// The date of a page's markup; a timestamp given in UTC ("…T02:25Z",
/// "+00:00") gives way to the date the page prints when that is a day off:
/// the printed date is the publisher's local day ("February 24, 2020 |
/// 9:25pm" for "2020-02-25T02:25:54Z").
fn page_date(a: &veille_extract::Article) -> Option<PubDate> {
    let raw = a.date.as_deref()?;
    let d = parse_date(raw)?;
    if !veille_extract::in_utc(raw) {
        return Some(d);
    }
    // The first printed date on the stamp's day or a day off it decides.
    for p in a.date_texts.iter().filter_map(|t| date_in(t)) {
        if p.value.get(..10) == d.value.get(..10) {
            break;
        }
        if one_day_apart(&p, &d) {
            return Some(p);
        }
    }
    Some(d)
}

/// Whether two dates known to the day are one day apart.
fn one_day_apart(a: &PubDate, b: &PubDate) -> bool {
    let day = |d: &PubDate| match d.ymd() {
        (y, Some(m), Some(dd)) => Some(days_from_civil(y as i64, m as i64, dd as i64)),
        _ => None,
    };
    matches!((day(a), day(b)), (Some(x), Some(y)) if (x - y).abs() == 1)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A date in a short visible text: "Publié le 3 mars 2024", "20.01.2022 |
/// Politik", "Aktualisiert am 3. März 2024", "Datum: 26. Januar 2022".
fn date_in(t: &str) -> Option<PubDate> {
    veille_clean::dates::date_in_text(t)
}

/// Tokens and sentences with a given sentence-boundary model (the rules
/// when `None`).
pub fn segment_with(
    text: &str,
    lang: Lang,
    splitter: Option<&veille_nlp::sent::Splitter>,
) -> (Vec<Token>, Vec<Span>) {
    let tokens = veille_text::tokenize(text, lang);
    let sentences = match splitter {
        Some(m) => m.split(text, &tokens, lang),
        None => veille_text::split_sentences(text, &tokens, lang),
    };
    (tokens, sentences)
}

impl Pipeline {
    /// The shipped models and the built-in knowledge base.
    pub fn builtin() -> Result<Pipeline, PipelineError> {
        Pipeline::builtin_with(Arc::new(Linker::builtin()?))
    }

    /// The shipped models, triggers and gazetteer around a given linker
    /// (the gazetteer decodes on its own thread while the models load).
    pub fn builtin_with(linker: Arc<Linker>) -> Result<Pipeline, PipelineError> {
        let (models, gazetteer) = std::thread::scope(|s| {
            let g = s.spawn(veille_geo::Gazetteer::builtin);
            let m = Models::builtin();
            (m, g.join())
        });
        let gazetteer = gazetteer.unwrap_or_else(|p| std::panic::resume_unwind(p))?;
        let places = veille_geo::Resolver::new(gazetteer, &linker, veille_kb::builtin());
        let triggers = veille_events::Lexicon::builtin()?.with_demonyms(linker.demonyms());
        Ok(Pipeline::new(models?, linker, triggers, Arc::new(places)))
    }

    /// A pipeline over given models, linker, event triggers and places.
    pub fn new(
        models: Models,
        linker: Arc<Linker>,
        triggers: veille_events::Lexicon,
        places: Arc<veille_geo::Resolver>,
    ) -> Pipeline {
        Pipeline {
            models,
            linker,
            triggers,
            places,
        }
    }

    pub fn models(&self) -> &Models {
        &self.models
    }

    /// The models, to replace one (an evaluation of a model file).
    pub fn models_mut(&mut self) -> &mut Models {
        &mut self.models
    }

    /// The linker (shared: the service layer looks names up with it).
    pub fn linker(&self) -> &Arc<Linker> {
        &self.linker
    }

    /// Tokens and sentences of a text: the language's sentence-boundary
    /// model where it has one, the rules of `veille_text` otherwise.
    pub fn segment(&self, text: &str, lang: Lang) -> (Vec<Token>, Vec<Span>) {
        segment_with(text, lang, self.models.sent(lang))
    }

    /// The whole analysis of one raw document.
    pub fn analyze(&self, raw: &RawDoc, opts: &Options) -> Document {
        analyze(self, raw, opts, &mut StageTimes::default())
    }

    /// [`Pipeline::analyze`], adding the time spent in each stage to
    /// `times`.
    pub fn analyze_timed(&self, raw: &RawDoc, opts: &Options, times: &mut StageTimes) -> Document {
        analyze(self, raw, opts, times)
    }
}

fn analyze(p: &Pipeline, raw: &RawDoc, opts: &Options, clock: &mut StageTimes) -> Document {
    let lap = std::time::Instant::now();
    let (page, cleaned) = main_text(raw);
    let (lang, lang_confidence) = match &cleaned.lang {
        Some(d) => (
            Lang::from_code(d.lang),
            (d.confidence * 1000.0).round() / 1000.0,
        ),
        None => (Lang::Und, 0.0),
    };
    let Fields {
        title,
        author,
        date,
    } = fields(raw, page.as_ref(), &cleaned);
    // The title is read in front of the text, as its own paragraph
    // (`headline`); `off` is where the text starts in what is analysed.
    let head = headline::readable(title.as_deref(), &cleaned.text);
    let off = head.map_or(0, |h| h.len() + headline::SEPARATOR.len());
    let read: std::borrow::Cow<str> = match head {
        Some(h) => format!("{h}{}{}", headline::SEPARATOR, cleaned.text).into(),
        None => cleaned.text.as_str().into(),
    };
    let lap = clock.lap(Stage::Clean, lap);
    let (body_tokens, body_sentences) = p.segment(&cleaned.text, lang);
    let (mut tokens, mut sentences) = match head {
        Some(h) => p.segment(h, lang),
        None => Default::default(),
    };
    let moved = |s: Span| Span::new(s.start + off, s.end + off);
    tokens.extend(body_tokens.iter().map(|t| Token {
        span: moved(t.span),
        ..*t
    }));
    sentences.extend(body_sentences.iter().copied().map(moved));
    let mixed_lang = if lang == Lang::Und {
        Vec::new()
    } else {
        veille_text::detect_spans(&cleaned.text, lang.as_str(), MIXED_MIN_LETTERS)
            .into_iter()
            .map(|(span, d)| LangSpan {
                span,
                lang: Lang::from_code(d.lang),
                confidence: (d.confidence * 1000.0).round() / 1000.0,
            })
            .collect()
    };
    let lap = clock.lap(Stage::Segment, lap);
    let mut entities = match p.models.ner(lang) {
        Some(m) => veille_nlp::ner::recognize(m, &read, &tokens, &sentences),
        None => Vec::new(),
    };
    // Words left untranslated ("[We]") are not entities.
    entities.retain(|e| {
        e.span.back(off).is_none_or(|s| {
            !cleaned
                .flags
                .iter()
                .any(|f| f.span.start <= s.start && s.end <= f.span.end)
        })
    });
    // Place names the tagger missed, by the gazetteer.
    let tagger = p.models.pos(lang);
    let common = |w: &str| {
        tagger
            .and_then(|t| t.word_class(w))
            .is_some_and(|c| !c.contains("PROPN"))
    };
    let spotted = veille_geo::spot::missed(
        p.places.gazetteer(),
        common,
        &read,
        &tokens,
        &sentences,
        &entities,
    );
    if !spotted.is_empty() {
        entities.retain(|e| {
            !spotted
                .iter()
                .any(|s| s.span.start <= e.span.start && e.span.end <= s.span.end)
        });
        entities.extend(spotted);
        entities.sort_by_key(|e| (e.span.start, e.span.end));
    }
    if !opts.no_link {
        link_entities(
            &p.linker,
            &read,
            &mut entities,
            date.as_ref().map(|d| d.value.as_str()),
        );
    }
    let lap = clock.lap(Stage::Entities, lap);
    let words = match p.models.pos(lang) {
        Some(tagger) => veille_nlp::syntax::words(
            &read,
            &tokens,
            &sentences,
            tagger,
            p.models.deps(lang),
            // Quotes read dependencies only around verbs of saying, events
            // around triggers (an event's actors may be role descriptions
            // or pronouns no entity covers: "les assaillants ont ouvert le
            // feu"); every sentence is parsed when the words are part of the
            // output.
            |ws| {
                opts.keep_tokens
                    || ws.iter().any(|w| veille_nlp::quotes::is_cue(w, lang))
                    || (!opts.no_events && ws.iter().any(|w| p.triggers.is_trigger(w, lang)))
            },
        ),
        None => Vec::new(),
    };
    let lap = clock.lap(Stage::Syntax, lap);
    let date_str = date.as_ref().map(|d| d.value.as_str());
    let times = veille_nlp::time::find(&read, lang, date_str);
    let quotes = veille_nlp::quotes::find(&read, lang, &sentences, &words, &entities);
    let lap = clock.lap(Stage::Quotes, lap);
    if !opts.no_events {
        p.places.resolve(&read, lang, &mut entities);
    }
    let events = if opts.no_events {
        Vec::new()
    } else {
        veille_events::find(
            &p.triggers,
            &veille_events::Input {
                text: &read,
                lang,
                sentences: &sentences,
                words: &words,
                entities: &entities,
                times: &times,
                quotes: &quotes,
                date: date.as_ref(),
            },
        )
    };
    clock.lap(Stage::Events, lap);
    let (headline, entities, times, quotes, events) =
        headline::headline(head.map(str::len), entities, times, quotes, events);
    let words = if opts.keep_tokens {
        // The title's words come first; heads are indices, within a sentence.
        let n = words.iter().take_while(|w| w.span.start < off).count();
        words
            .into_iter()
            .skip(n)
            .filter_map(|mut w| {
                w.span = w.span.back(off)?;
                w.head = w.head.and_then(|h| h.checked_sub(n));
                Some(w)
            })
            .collect()
    } else {
        Vec::new()
    };
    drop(read);
    Document {
        id: content_id(&cleaned.text),
        source: raw.source.clone(),
        site: page
            .as_ref()
            .and_then(|a| a.site.clone())
            .or_else(|| raw.url.as_deref().and_then(site_of)),
        url: raw
            .url
            .clone()
            .or_else(|| page.as_ref().and_then(|a| a.canonical.clone())),
        title,
        author,
        date,
        lang,
        lang_confidence,
        token_count: body_tokens.len(),
        words,
        times,
        quotes,
        events,
        entities,
        headline,
        sentences: body_sentences,
        removed: cleaned.removed,
        flags: cleaned.flags,
        mixed_lang,
        text: cleaned.text,
    }
}

/// Links every entity to the knowledge base (or a stable id of its own) and
/// adds role descriptions ("le président russe") as nominal person mentions.
fn link_entities(
    linker: &Linker,
    text: &str,
    entities: &mut Vec<veille_core::Entity>,
    date: Option<&str>,
) {
    let mentions: Vec<veille_kb::link::Mention> = entities
        .iter()
        .map(|e| veille_kb::link::Mention {
            start: e.span.start,
            end: e.span.end,
            text: &e.text,
            label: e.label,
        })
        .collect();
    let (links, nominals) = linker.link(text, &mentions, date);
    for (e, l) in entities.iter_mut().zip(links) {
        e.entity_id = Some(l.entity_id);
        e.canonical = Some(l.canonical);
        e.code = l.code;
    }
    let absorbed: std::collections::HashSet<usize> = nominals
        .iter()
        .flat_map(|n| n.absorbs.iter().copied())
        .collect();
    if !absorbed.is_empty() {
        let mut k = 0;
        entities.retain(|_| {
            k += 1;
            !absorbed.contains(&(k - 1))
        });
    }
    for n in nominals {
        entities.push(veille_core::Entity {
            span: veille_core::Span::new(n.start, n.end),
            text: n.text,
            label: EntityLabel::Per,
            confidence: 1.0,
            entity_id: Some(n.link.entity_id),
            canonical: Some(n.link.canonical),
            code: n.link.code,
            nominal: true,
            place: None,
        });
    }
    entities.sort_by_key(|e| e.span.start);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pipeline_is_shared_across_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Pipeline>();
    }

    /// The page's date from its markup and printed dates: markup, printed
    /// texts, the date expected.
    #[test]
    fn page_dates_markup_against_printed() {
        let cases: &[(Option<&str>, &[&str], Option<&str>)] = &[
            // A UTC timestamp a day off the printed local date: the printed one.
            (
                Some("2020-02-25T02:25:54+00:00"),
                &["February 24, 2020 | 9:25pm"],
                Some("2020-02-24"),
            ),
            (
                Some("2022-05-04T00:44:52.000Z"),
                &["03/05/2022 21:44"],
                Some("2022-05-03T21:44"),
            ),
            // Not UTC, or the same day, or further apart: the markup.
            (
                Some("2020-02-25T02:25:54+01:00"),
                &["February 24, 2020"],
                Some("2020-02-25T02:25"),
            ),
            (
                Some("2020-02-25T10:00:00Z"),
                &["25 février 2020"],
                Some("2020-02-25T10:00"),
            ),
            (
                Some("2020-02-25T02:25:54Z"),
                &["10 février 2020"],
                Some("2020-02-25T02:25"),
            ),
            // No markup: the first printed date, an update only when alone.
            (
                None,
                &["Mis à jour le 5 mars 2024", "Publié le 3 mars 2024"],
                Some("2024-03-03"),
            ),
            (None, &["Updated March 5, 2024"], Some("2024-03-05")),
            (None, &["12 commentaires"], None),
        ];
        for (markup, printed, want) in cases {
            let a = veille_extract::Article {
                date: markup.map(str::to_string),
                date_texts: printed.iter().map(|t| t.to_string()).collect(),
                ..Default::default()
            };
            let got = page_date(&a).or_else(|| printed_date(&a)).map(|d| d.value);
            assert_eq!(got.as_deref(), *want, "{markup:?} {printed:?}");
        }
        assert!(one_day_apart(
            &PubDate::parse_iso("2024-03-01").unwrap(),
            &PubDate::parse_iso("2024-02-29").unwrap()
        ));
        assert!(!one_day_apart(
            &PubDate::parse_iso("2024-03-01").unwrap(),
            &PubDate::parse_iso("2024-02-28").unwrap()
        ));
    }

    #[test]
    fn dates_in_visible_page_furniture() {
        let v = |t: &str| date_in(t).map(|d| d.value);
        assert_eq!(v("Publié le 23 mai 2024").as_deref(), Some("2024-05-23"));
        assert_eq!(v("20.01.2022 | Politik").as_deref(), Some("2022-01-20"));
        assert_eq!(
            v("Aktualisiert am 3. März 2024").as_deref(),
            Some("2024-03-03")
        );
        assert_eq!(
            v("Mardi 4 juin 2024, 18h30").as_deref(),
            Some("2024-06-04T18:30")
        );
        assert_eq!(v("12 commentaires"), None);
    }
}
