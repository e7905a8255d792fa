//! The document model shared by every veille stage.
//!
//! Invariant: every [`Span`] is a byte range into [`Document::text`] (the
//! cleaned text), lying on UTF-8 character boundaries, with `start <= end`.
//! Stages add annotations; no stage rewrites `text` after cleaning.

use serde::{Deserialize, Serialize};

mod copy;
mod date;
mod lang;
mod raw;
mod stage;
pub use copy::{CopyEvidence, CopyLink, CopyRelation};
pub use date::{days_since_epoch, iso_of_days, DatePrecision, PubDate};
pub use lang::{IsoCode, Lang};
pub use raw::{Format, RawDoc};
pub use stage::{Stage, StageTimes};

/// A half-open byte range `[start, end)` into a document's cleaned text.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// The smallest span covering this one and `other` (if any).
    pub fn cover(self, other: Option<Span>) -> Span {
        match other {
            Some(o) => Span::new(self.start.min(o.start), self.end.max(o.end)),
            None => self,
        }
    }
    /// This span in a text that starts `by` bytes later (the analysed text
    /// had a prefix of that length); None when the span lies in the prefix.
    pub fn back(self, by: usize) -> Option<Span> {
        (self.start >= by).then(|| Span::new(self.start - by, self.end - by))
    }
    /// The text this span covers. Returns "" if the span does not fit `text`.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Coarse class of a token, decided by the tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    Symbol,
    Url,
    Email,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    #[serde(flatten)]
    pub span: Span,
    pub kind: TokenKind,
}

/// The tokens of each sentence, as index ranges into `tokens` (both in text
/// order). A token outside every sentence belongs to none, and a sentence
/// without tokens is left out.
pub fn sentence_ranges(tokens: &[Token], sentences: &[Span]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::with_capacity(sentences.len());
    let mut t = 0;
    for s in sentences {
        while t < tokens.len() && tokens[t].span.start < s.start {
            t += 1;
        }
        let first = t;
        while t < tokens.len() && tokens[t].span.end <= s.end {
            t += 1;
        }
        if t > first {
            out.push(first..t);
        }
    }
    out
}

/// Why a piece of the raw input was removed during cleaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalReason {
    CookieNotice,
    CommentForm,
    RelatedBlock,
    ShareBlock,
    ScraperFooter,
    Byline,
    Breadcrumb,
    VideoLabel,
    PhotoCredit,
    Promo,
    Timestamp,
    RepeatedTitle,
    RepeatedLine,
    RepeatedSentence,
    RepeatedCaption,
    TruncatedFragment,
    /// Tags, categories, comment status under a post.
    PostMeta,
}

impl RemovalReason {
    pub fn as_str(&self) -> &'static str {
        match self {
            RemovalReason::CookieNotice => "cookie_notice",
            RemovalReason::CommentForm => "comment_form",
            RemovalReason::RelatedBlock => "related_block",
            RemovalReason::ShareBlock => "share_block",
            RemovalReason::ScraperFooter => "scraper_footer",
            RemovalReason::Byline => "byline",
            RemovalReason::Breadcrumb => "breadcrumb",
            RemovalReason::VideoLabel => "video_label",
            RemovalReason::PhotoCredit => "photo_credit",
            RemovalReason::Promo => "promo",
            RemovalReason::Timestamp => "timestamp",
            RemovalReason::RepeatedTitle => "repeated_title",
            RemovalReason::RepeatedLine => "repeated_line",
            RemovalReason::RepeatedSentence => "repeated_sentence",
            RemovalReason::RepeatedCaption => "repeated_caption",
            RemovalReason::TruncatedFragment => "truncated_fragment",
            RemovalReason::PostMeta => "post_meta",
        }
    }
}

/// A segment of the raw input that is not part of the cleaned text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    pub reason: RemovalReason,
    /// 1-based line of the raw input the segment came from.
    pub line: usize,
    pub text: String,
}

/// Kinds of quality flags raised on the cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// Words of another language left by machine translation ("[We]").
    TranslationResidue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub kind: FlagKind,
    #[serde(flatten)]
    pub span: Span,
    pub text: String,
}

/// A paragraph whose language differs from the document's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LangSpan {
    #[serde(flatten)]
    pub span: Span,
    pub lang: Lang,
    pub confidence: f64,
}

/// The type of a named entity.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityLabel {
    /// A person.
    #[default]
    Per,
    /// A place: country, region, city, site.
    Loc,
    /// An organisation: government, company, party, armed group, IGO.
    Org,
    /// Other names (nationalities, works, products in CoNLL's sense).
    Misc,
    Event,
    Product,
}

impl EntityLabel {
    pub const ALL: [EntityLabel; 6] = [
        EntityLabel::Per,
        EntityLabel::Loc,
        EntityLabel::Org,
        EntityLabel::Misc,
        EntityLabel::Event,
        EntityLabel::Product,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            EntityLabel::Per => "PER",
            EntityLabel::Loc => "LOC",
            EntityLabel::Org => "ORG",
            EntityLabel::Misc => "MISC",
            EntityLabel::Event => "EVENT",
            EntityLabel::Product => "PRODUCT",
        }
    }

    /// The label of a tag's name ("PER", "per", "B-PER"'s "PER"); None
    /// for anything else.
    pub fn parse(s: &str) -> Option<EntityLabel> {
        EntityLabel::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl std::fmt::Display for EntityLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// An unknown entity type name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown entity type {0:?} (PER, LOC, ORG, MISC, EVENT, PRODUCT)")]
pub struct UnknownLabel(pub String);

impl std::str::FromStr for EntityLabel {
    type Err = UnknownLabel;
    fn from_str(s: &str) -> Result<EntityLabel, UnknownLabel> {
        EntityLabel::parse(s).ok_or_else(|| UnknownLabel(s.to_string()))
    }
}

/// How a quote is given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// Between quotation marks: the speaker's words.
    #[default]
    Direct,
    /// Reported speech ("a déclaré que…", "selon…").
    Indirect,
}

impl QuoteKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
        }
    }

    pub fn parse(s: &str) -> Option<QuoteKind> {
        match s {
            "direct" => Some(QuoteKind::Direct),
            "indirect" => Some(QuoteKind::Indirect),
            _ => None,
        }
    }
}

impl std::fmt::Display for QuoteKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A named-entity mention, and the real-world entity it was linked to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    #[serde(flatten)]
    pub span: Span,
    pub text: String,
    #[serde(rename = "type")]
    pub label: EntityLabel,
    /// The tagger's confidence in [0, 1] (mean probability of its token labels).
    pub confidence: f32,
    /// Wikidata QID, or a veille id ("veille:per:jean-dupont") for names
    /// outside the knowledge base: the same for every spelling of one actor.
    #[serde(default)]
    pub entity_id: Option<String>,
    /// The entity's name as veille writes it.
    #[serde(default)]
    pub canonical: Option<String>,
    /// CAMEO-style actor code ("RUS GOV", "BLR MIL", "USA").
    #[serde(default)]
    pub code: Option<String>,
    /// A role description ("le président russe") rather than a name.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nominal: bool,
    /// Where a place entity is on the map (places only, when resolved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
}

/// How much of the map a place covers.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum PlacePrecision {
    /// A continent or a sea: wider than one country.
    Region,
    Country,
    /// A first-level administrative area (state, province, oblast, region).
    Admin,
    #[default]
    City,
    /// A site inside a city (a building, a base, a district).
    Site,
}

impl PlacePrecision {
    pub const ALL: [PlacePrecision; 5] = [
        PlacePrecision::Region,
        PlacePrecision::Country,
        PlacePrecision::Admin,
        PlacePrecision::City,
        PlacePrecision::Site,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            PlacePrecision::Region => "region",
            PlacePrecision::Country => "country",
            PlacePrecision::Admin => "admin",
            PlacePrecision::City => "city",
            PlacePrecision::Site => "site",
        }
    }

    pub fn parse(s: &str) -> Option<PlacePrecision> {
        PlacePrecision::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// A place on the map: a gazetteer record chosen for a mention.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// "geonames:1816670" (a populated place or a country),
    /// "geonames:admin:FR.84.drome" (an admin area), the knowledge base's
    /// id for places GeoNames has no point for (regions such as Donbass),
    /// or a seat of government in its capital ("geonames:2988507#elysee").
    pub place_id: String,
    /// The place's name: GeoNames' ("Beijing"), the knowledge base's for
    /// its regions ("Donbass"), the mention's for a seat ("Élysée").
    pub name: String,
    /// ISO 3166-1 alpha-3 code of its country ("CHN"); None for regions
    /// wider than a country.
    pub country: Option<String>,
    /// First-level administrative area, as GeoNames' code ("CN.22").
    pub admin1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub precision: PlacePrecision,
}

/// A syntactic word with its analysis: a token, or one part of a
/// contraction ("du" = de + le: both parts share the token's span).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Word {
    #[serde(flatten)]
    pub span: Span,
    pub kind: TokenKind,
    /// The word's form when it is not the text of its span (contraction parts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    /// Universal POS tag.
    pub pos: String,
    pub lemma: String,
    /// Index in [`Document::words`] of the head word; None for a sentence's root.
    pub head: Option<usize>,
    /// Universal dependency relation ("nsubj", "obj", "obl:agent").
    pub rel: String,
}

impl Word {
    /// The word's form: its own, or the text of its span.
    pub fn form<'a>(&'a self, text: &'a str) -> &'a str {
        self.form
            .as_deref()
            .unwrap_or_else(|| self.span.slice(text))
    }
}

/// Something someone said: a direct quote (between quotation marks) or
/// reported speech ("a déclaré que…"), with its cue and speaker.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted content.
    #[serde(flatten)]
    pub span: Span,
    pub text: String,
    pub kind: QuoteKind,
    /// The verb or phrase that introduces it ("a déclaré", "selon").
    pub cue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue_span: Option<Span>,
    /// The speaker as written ("il", "le porte-parole du Kremlin").
    pub speaker: Option<String>,
    pub speaker_span: Option<Span>,
    /// The speaker's entity (pronouns and roles resolved).
    pub speaker_id: Option<String>,
    pub speaker_name: Option<String>,
}

/// A temporal expression, normalised against the publication date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeExpr {
    #[serde(flatten)]
    pub span: Span,
    pub text: String,
    /// ISO 8601: "2024-05-23", "2024-05", "2024", "2024-W21", or an interval
    /// "2024-05-26/2024-05-27". None when the expression is relative and the
    /// document has no date: never invented.
    pub value: Option<String>,
    /// Day, week, month or year.
    pub precision: DatePrecision,
    /// Depends on the publication date ("lundi", "last week").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub relative: bool,
    /// Vague ("il y a quelques jours"): the value is an estimate.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
}

/// PLOVER's sixteen event types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

impl EventType {
    pub const ALL: [EventType; 16] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            EventType::Agree => "AGREE",
            EventType::Consult => "CONSULT",
            EventType::Support => "SUPPORT",
            EventType::Concede => "CONCEDE",
            EventType::Cooperate => "COOPERATE",
            EventType::Aid => "AID",
            EventType::Retreat => "RETREAT",
            EventType::Request => "REQUEST",
            EventType::Accuse => "ACCUSE",
            EventType::Reject => "REJECT",
            EventType::Threaten => "THREATEN",
            EventType::Protest => "PROTEST",
            EventType::Sanction => "SANCTION",
            EventType::Mobilize => "MOBILIZE",
            EventType::Coerce => "COERCE",
            EventType::Assault => "ASSAULT",
        }
    }

    /// The type of its PLOVER name ("ASSAULT", case ignored).
    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// Whether the text says an event happened (PLOVER's modes, in their order
/// of precedence: negated > hypothetical > future > reported > asserted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    #[default]
    Asserted,
    Negated,
    Future,
    Hypothetical,
    /// Known only through an attributed source ("selon…", a quote, "aurait").
    Reported,
}

impl Modality {
    pub fn as_str(&self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Negated => "negated",
            Modality::Future => "future",
            Modality::Hypothetical => "hypothetical",
            Modality::Reported => "reported",
        }
    }
}

/// A participant or place of an event: a mention in the text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventArg {
    #[serde(flatten)]
    pub span: Span,
    pub text: String,
    /// The linked entity, when the mention is one.
    pub entity_id: Option<String>,
    /// CAMEO-style actor code ("RUS GOV").
    pub code: Option<String>,
    /// For a location: where it is on the map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    /// An actor the sentence implies but does not name: the authorities
    /// behind an arrest, the people behind a demonstration, of the country
    /// of the event's place (else of the document's: its headline's topic
    /// label, its most mentioned country). `text` and the span are then
    /// that place's mention (the span empty when the mention is in the
    /// headline), `code` the country's, `entity_id` None.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub implied: bool,
}

impl EventArg {
    /// The words that name it: None for an implied actor (its words are
    /// the place it was inferred from).
    pub fn name(&self) -> Option<&str> {
        (!self.implied).then_some(self.text.as_str())
    }
}

/// When an event happened: a time expression of its sentence, else the
/// publication date (then `text` is None and the precision one step lower).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    pub text: Option<String>,
    pub value: Option<String>,
    pub precision: DatePrecision,
}

/// Who did what to whom, where and when, from one sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// PLOVER mode ("visit", "arrest"), when the trigger says it.
    pub mode: Option<String>,
    /// PLOVER contexts ("military", "diplomatic").
    pub context: Vec<String>,
    /// CAMEO code of the trigger ("042").
    pub cameo: String,
    /// The word or phrase that says what happened.
    pub trigger: EventArg,
    pub source: Option<EventArg>,
    pub target: Option<EventArg>,
    pub location: Option<EventArg>,
    pub date: Option<EventDate>,
    pub modality: Modality,
    /// Who reports it, when the modality is reported through a quote.
    pub reported_by: Option<String>,
    pub sentence: Span,
    pub confidence: f32,
}

/// What a document's title says, analysed with its text (names linked
/// across both): spans point into `Document::title`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub times: Vec<TimeExpr>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub events: Vec<Event>,
}

impl Headline {
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
            && self.times.is_empty()
            && self.quotes.is_empty()
            && self.events.is_empty()
    }
}

/// An article, from its raw form to its annotations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Hash of the cleaned text (16 hex digits): the same content has the same id.
    pub id: String,
    /// Path or URL the document was read from (with `#line` for JSONL records).
    pub source: String,
    pub url: Option<String>,
    pub site: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<PubDate>,
    /// The main language ("fr", "en", another ISO code, or "und").
    pub lang: Lang,
    pub lang_confidence: f64,
    /// The cleaned main text. All spans point into it, except the headline's.
    pub text: String,
    pub removed: Vec<Removed>,
    pub flags: Vec<Flag>,
    pub mixed_lang: Vec<LangSpan>,
    pub sentences: Vec<Span>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub times: Vec<TimeExpr>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Events: who did what to whom, where and when.
    #[serde(default)]
    pub events: Vec<Event>,
    /// The title's entities, times, quotes and events (spans into `title`).
    #[serde(default, skip_serializing_if = "Headline::is_empty")]
    pub headline: Headline,
    /// Words with POS, lemma and dependency (only when asked for).
    /// Contractions are split, so there can be more words than tokens.
    #[serde(skip_serializing_if = "Vec::is_empty", default, alias = "tokens")]
    pub words: Vec<Word>,
    /// Tokens of the text (the tokenizer's units, before contractions are split).
    pub token_count: usize,
}

/// Which part of a document a span points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// `Document::title` (the headline's annotations).
    Title,
    /// `Document::text`.
    Text,
}

fn parts<'a, T>(head: &'a [T], text: &'a [T]) -> impl Iterator<Item = (&'a T, Part)> {
    (head.iter().map(|x| (x, Part::Title))).chain(text.iter().map(|x| (x, Part::Text)))
}

impl Document {
    /// Whether cleaning left any main text (a letter or a digit): a page
    /// of boilerplate alone has none, and its content id would be every
    /// such page's.
    pub fn has_main_text(&self) -> bool {
        self.text.chars().any(char::is_alphanumeric)
    }

    /// The string a part's spans point into.
    pub fn part(&self, part: Part) -> &str {
        match part {
            Part::Title => self.title.as_deref().unwrap_or(""),
            Part::Text => &self.text,
        }
    }

    /// Every entity mention with its part: the headline's first.
    pub fn all_entities(&self) -> impl Iterator<Item = (&Entity, Part)> {
        parts(&self.headline.entities, &self.entities)
    }

    /// Every time expression with its part: the headline's first.
    pub fn all_times(&self) -> impl Iterator<Item = (&TimeExpr, Part)> {
        parts(&self.headline.times, &self.times)
    }

    /// Every quote with its part: the headline's first.
    pub fn all_quotes(&self) -> impl Iterator<Item = (&Quote, Part)> {
        parts(&self.headline.quotes, &self.quotes)
    }

    /// Every event with its part: the headline's first.
    pub fn all_events(&self) -> impl Iterator<Item = (&Event, Part)> {
        parts(&self.headline.events, &self.events)
    }
}

/// Runs a data-driven case table (rust-analyzer's `check(input, expect)`
/// style): every failing case's message, so a test lists them all at once.
pub fn case_failures(
    cases: &[(&str, &str)],
    check: impl Fn(&str, &str) -> Result<(), String>,
) -> Vec<String> {
    cases
        .iter()
        .filter_map(|(i, e)| check(i, e).err())
        .collect()
}

/// Lower case without diacritics, for matching names across spellings
/// ("Pékin" = "pekin", "Choïgou" = "choigou").
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let r = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
            'ý' | 'ÿ' => 'y',
            'š' | 'ś' | 'ş' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            'ř' => 'r',
            'ł' => 'l',
            'đ' | 'ď' => 'd',
            'ğ' => 'g',
            'ť' | 'ţ' => 't',
            '’' | 'ʼ' | '‘' => '\'',
            '‐' | '‑' | '–' | '—' => '-',
            c => c,
        };
        if r == 'œ' {
            out.push_str("oe");
        } else if r == 'æ' {
            out.push_str("ae");
        } else {
            out.push(r);
        }
    }
    out
}

/// The content id of a cleaned text: 64-bit XXH3, hex.
pub fn content_id(text: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

/// Site name from a URL ("https://www.lemonde.fr/x" -> "lemonde.fr").
pub fn site_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    if host.is_empty() {
        return None;
    }
    Some(host.trim_start_matches("www.").to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_slices_text_and_never_panics() {
        let t = "Pékin";
        assert_eq!(Span::new(0, 2).slice(t), ""); // not a char boundary
        assert_eq!(Span::new(0, 3).slice(t), "Pé");
        assert_eq!(Span::new(3, 99).slice(t), "");
    }

    #[test]
    fn fold_strips_case_and_accents() {
        assert_eq!(fold("Pékin"), "pekin");
        assert_eq!(fold("Sergueï Choïgou"), "serguei choigou");
        assert_eq!(fold("L’ŒUVRE"), "l'oeuvre");
    }

    #[test]
    fn content_id_is_stable_hex() {
        let a = content_id("bonjour");
        assert_eq!(a.len(), 16);
        assert_eq!(a, content_id("bonjour"));
        assert_ne!(a, content_id("bonjour!"));
    }

    #[test]
    fn site_of_urls() {
        assert_eq!(
            site_of("https://www.lemonde.fr/a/b").as_deref(),
            Some("lemonde.fr")
        );
        assert_eq!(
            site_of("http://user@Example.COM:8080?x").as_deref(),
            Some("example.com")
        );
        assert_eq!(site_of("not a url"), None);
    }

    #[test]
    fn document_roundtrips_through_json() {
        let doc = Document {
            id: content_id("x"),
            text: "x".into(),
            lang: Lang::Fr,
            sentences: vec![Span::new(0, 1)],
            date: PubDate::parse_iso("2024-05-24T03:01"),
            ..Default::default()
        };
        let json = serde_json::to_string(&doc).unwrap();
        let back: Document = serde_json::from_str(&json).unwrap();
        assert_eq!(doc, back);
    }
}
