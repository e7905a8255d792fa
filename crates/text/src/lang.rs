//! Language identification.
//!
//! `lingua` (n-gram models compiled into the binary, no download) decides
//! among the languages news in our scope is written in; `whatlang` first
//! recognises scripts and languages outside that set, so a Swedish or
//! Japanese page is not forced into one of them. Measured with
//! `veille eval langid` (whatlang alone: en 0.943, fr 0.976 on Lingua's
//! sentences; this pairing is what the README reports).

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use std::sync::LazyLock;
use veille_core::Span;

/// Languages decided by lingua.
const LINGUA_LANGS: [Language; 15] = [
    Language::English,
    Language::French,
    Language::German,
    Language::Spanish,
    Language::Italian,
    Language::Portuguese,
    Language::Dutch,
    Language::Russian,
    Language::Ukrainian,
    Language::Polish,
    Language::Arabic,
    Language::Chinese,
    Language::Catalan,
    Language::Romanian,
    Language::Turkish,
];

static LINGUA: LazyLock<LanguageDetector> = LazyLock::new(|| {
    LanguageDetectorBuilder::from_languages(&LINGUA_LANGS)
        .with_preloaded_language_models()
        .build()
});

/// Loads the language models now rather than on first use (their loading
/// takes a large part of a second), for servers and measurements.
pub fn preload() {
    LazyLock::force(&LINGUA);
    let _ = whatlang::detect("Die Regierung hat am Montag neue Maßnahmen angekündigt.");
}

fn lingua_code(l: Language) -> &'static str {
    match l {
        Language::English => "en",
        Language::French => "fr",
        Language::German => "de",
        Language::Spanish => "es",
        Language::Italian => "it",
        Language::Portuguese => "pt",
        Language::Dutch => "nl",
        Language::Russian => "ru",
        Language::Ukrainian => "uk",
        Language::Polish => "pl",
        Language::Arabic => "ar",
        Language::Chinese => "zh",
        Language::Catalan => "ca",
        Language::Romanian => "ro",
        Language::Turkish => "tr",
    }
}

/// Whether whatlang's answer is one lingua should re-decide.
fn in_lingua_scope(code: &str) -> bool {
    LINGUA_LANGS.iter().any(|l| lingua_code(*l) == code)
}

/// A detection: ISO 639-1 code where one exists (else ISO 639-3), and confidence in [0, 1].
#[derive(Debug, Clone, PartialEq)]
pub struct Detected {
    pub lang: &'static str,
    pub confidence: f64,
}

/// At most this many bytes are looked at: enough for a stable decision, and
/// linear time stays small on huge inputs.
const SAMPLE_BYTES: usize = 2048;
/// Samples at least this long are left to whatlang when it is sure.
const LONG_SAMPLE: usize = 400;
/// The part of the sample the n-gram models read.
const LINGUA_BYTES: usize = 1024;

/// The part of the sample whatlang's trigram profiles read: its cost
/// grows with the text, its answer is settled well before this.
const WHATLANG_BYTES: usize = 1024;

/// At most the first `max` bytes of `text`, cut at a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn sample(text: &str) -> &str {
    prefix(text, SAMPLE_BYTES)
}

/// Detects the language of `text`; `None` if there is too little text to say.
pub fn detect(text: &str) -> Option<Detected> {
    let s = sample(text);
    if s.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    // Most documents are plainly French or English: their function words
    // say so at a fraction of the n-gram models' cost.
    for lang in ["fr", "en"] {
        if plainly(s, lang) {
            return Some(Detected {
                lang,
                confidence: 0.99,
            });
        }
    }
    if let Some(info) = whatlang::detect(prefix(s, WHATLANG_BYTES)) {
        let code = iso639_1(info.lang());
        let latin_or_cyrillic = matches!(
            info.script(),
            whatlang::Script::Latin | whatlang::Script::Cyrillic
        );
        let sure = info.is_reliable() && info.confidence() > 0.9;
        // On a long sample whatlang is as good as lingua when it is sure.
        let long_and_sure = s.len() >= LONG_SAMPLE && sure;
        let take_whatlang =
            long_and_sure || (!in_lingua_scope(code) && (!latin_or_cyrillic || sure));
        if take_whatlang
            && !matches!(
                info.script(),
                whatlang::Script::Arabic | whatlang::Script::Mandarin
            )
        {
            return Some(Detected {
                lang: code,
                confidence: info.confidence(),
            });
        }
    }
    // Lingua's cost grows with the text; a kilobyte is plenty to decide.
    let values = LINGUA.compute_language_confidence_values(prefix(s, LINGUA_BYTES));
    let (lang, confidence) = values.first()?;
    Some(Detected {
        lang: lingua_code(*lang),
        confidence: *confidence,
    })
}

/// Paragraphs (lines) of `text` whose language differs from `doc_lang`,
/// detected confidently on at least `min_chars` letters.
pub fn detect_spans(text: &str, doc_lang: &str, min_chars: usize) -> Vec<(Span, Detected)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end();
        let lead = body.len() - body.trim_start().len();
        let body = body.trim_start();
        if body.chars().filter(|c| c.is_alphabetic()).count() >= min_chars {
            // Cheap screens: a paragraph full of the document language's
            // function words, or one whose likeliest language for whatlang
            // is that language, needs no closer look. Lingua (slow, but
            // sure on short text) reads only paragraphs whatlang gives
            // another language.
            let agrees = function_words_agree(body, doc_lang)
                || whatlang::detect(body).is_some_and(|i| iso639_1(i.lang()) == doc_lang);
            if agrees {
                offset += line.len();
                continue;
            }
            if let Some(d) = detect(body) {
                if d.lang != doc_lang && d.confidence >= 0.5 {
                    out.push((Span::new(offset + lead, offset + lead + body.len()), d));
                }
            }
        }
        offset += line.len();
    }
    out
}

const FUNCTION_FR: &[&str] = &[
    "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "est", "et", "il",
    "ils", "la", "le", "les", "leur", "mais", "ne", "nous", "ou", "par", "pas", "pour", "qui",
    "que", "sa", "se", "son", "sont", "sur", "un", "une",
];
const FUNCTION_EN: &[&str] = &[
    "a", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "he", "his",
    "in", "is", "it", "not", "of", "on", "or", "said", "she", "that", "the", "their", "they",
    "this", "to", "was", "were", "which", "will", "with",
];

const SHARED: &[&str] = &[
    "a", "au", "ce", "de", "en", "in", "la", "ne", "ou", "par", "que", "sa", "se", "son", "un",
];

/// Function-word counts of a text against French or English.
struct FunctionWords {
    words: usize,
    /// Words of the language's list.
    hits: usize,
    /// Words of the other language's list.
    misses: usize,
    /// Different words of the list that Spanish, Italian or Portuguese
    /// do not share.
    distinct: usize,
}

fn function_words(text: &str, lang: &str) -> Option<FunctionWords> {
    let (own, other) = match lang {
        "fr" => (FUNCTION_FR, FUNCTION_EN),
        "en" => (FUNCTION_EN, FUNCTION_FR),
        _ => return None,
    };
    let mut c = FunctionWords {
        words: 0,
        hits: 0,
        misses: 0,
        distinct: 0,
    };
    let mut seen = vec![false; own.len()];
    for w in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        c.words += 1;
        if w.len() > 5 {
            continue;
        }
        let lw = w.to_lowercase();
        if let Some(k) = own.iter().position(|f| *f == lw) {
            c.hits += 1;
            seen[k] = !SHARED.contains(&lw.as_str());
        }
        c.misses += other.contains(&lw.as_str()) as usize;
    }
    c.distinct = seen.iter().filter(|s| **s).count();
    Some(c)
}

/// A long text that is unmistakably French or English: a quarter of its
/// words are that language's function words, with at least six different
/// ones, and the other language's are rare.
fn plainly(text: &str, lang: &str) -> bool {
    function_words(text, lang).is_some_and(|c| {
        c.words >= 30 && c.hits * 4 >= c.words && c.distinct >= 6 && c.hits >= 8 * c.misses.max(1)
    })
}

/// A French or English paragraph in which at least a fifth of the words
/// are that language's function words, and four times more than the
/// other's; or one (short ones mostly) with two of that language's own
/// function words (not shared with the other Romance languages) and none
/// of the other's.
fn function_words_agree(body: &str, lang: &str) -> bool {
    function_words(body, lang).is_some_and(|c| {
        (c.words >= 8 && c.hits * 5 >= c.words && c.hits >= 4 * c.misses.max(1))
            || (c.distinct >= 2 && c.misses == 0)
    })
}

/// ISO 639-1 code for a whatlang language, falling back to its ISO 639-3 code.
pub fn iso639_1(lang: whatlang::Lang) -> &'static str {
    match lang.code() {
        "fra" => "fr",
        "eng" => "en",
        "deu" => "de",
        "spa" => "es",
        "ita" => "it",
        "por" => "pt",
        "rus" => "ru",
        "ukr" => "uk",
        "nld" => "nl",
        "pol" => "pl",
        "ces" => "cs",
        "slk" => "sk",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "bul" => "bg",
        "bel" => "be",
        "mkd" => "mk",
        "ron" => "ro",
        "hun" => "hu",
        "fin" => "fi",
        "est" => "et",
        "lav" => "lv",
        "lit" => "lt",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "nb",
        "ell" => "el",
        "tur" => "tr",
        "aze" => "az",
        "kat" => "ka",
        "hye" => "hy",
        "heb" => "he",
        "ydd" => "yi",
        "ara" => "ar",
        "pes" => "fa",
        "urd" => "ur",
        "hin" => "hi",
        "ben" => "bn",
        "pan" => "pa",
        "guj" => "gu",
        "ori" => "or",
        "tam" => "ta",
        "tel" => "te",
        "kan" => "kn",
        "mal" => "ml",
        "mar" => "mr",
        "nep" => "ne",
        "sin" => "si",
        "tha" => "th",
        "khm" => "km",
        "mya" => "my",
        "vie" => "vi",
        "ind" => "id",
        "jav" => "jv",
        "tgl" => "tl",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "epo" => "eo",
        "lat" => "la",
        "cat" => "ca",
        "afr" => "af",
        "zul" => "zu",
        "aka" => "ak",
        "amh" => "am",
        "sna" => "sn",
        "uzb" => "uz",
        "tuk" => "tk",
        "kaz" => "kk",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_french_and_english() {
        assert_eq!(
            detect("Le président russe est arrivé à Minsk pour des entretiens avec son homologue.")
                .unwrap()
                .lang,
            "fr"
        );
        assert_eq!(
            detect("The Russian president arrived in Minsk for talks with his counterpart.")
                .unwrap()
                .lang,
            "en"
        );
        assert_eq!(detect("12 34"), None);
        assert_eq!(detect(""), None);
    }

    #[test]
    fn function_words_screen_only_clear_paragraphs() {
        let fr =
            "Le président a rencontré les ministres dans la capitale et il a parlé de la guerre.";
        let en =
            "The president met the ministers in the capital and he spoke of the war with them.";
        assert!(function_words_agree(fr, "fr"));
        assert!(!function_words_agree(fr, "en"));
        assert!(function_words_agree(en, "en"));
        assert!(!function_words_agree(en, "fr"));
        assert!(!function_words_agree(
            "Der Präsident traf die Minister.",
            "fr"
        ));
        assert!(!function_words_agree(fr, "de"));
        // Short paragraphs: two words of the language's own, none of the other's.
        assert!(function_words_agree(
            "Les ministres sont dans la capitale.",
            "fr"
        ));
        assert!(function_words_agree(
            "The ministers met with the president.",
            "en"
        ));
        assert!(!function_words_agree(
            "Los ministros están en la capital.",
            "fr"
        ));
        assert!(!function_words_agree(
            "Il presidente è nella capitale con i ministri.",
            "fr"
        ));
        assert!(!function_words_agree(
            "Les ministres said the talks were over.",
            "fr"
        ));
    }

    #[test]
    fn finds_the_foreign_paragraph() {
        let text = "Le président russe est arrivé à Minsk pour des entretiens avec son homologue biélorusse.\nThis website uses cookies to improve your experience and we assume you agree with this.\n";
        let spans = detect_spans(text, "fr", 20);
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].1.lang, "en");
        assert!(spans[0].0.slice(text).starts_with("This website"));
    }
}
