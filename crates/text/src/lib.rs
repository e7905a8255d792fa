//! Text stage: language identification, tokens and sentences.
//!
//! Every function here is pure: no I/O, no failure. Output spans are byte
//! ranges into the input `&str`, on character boundaries, sorted and
//! non-overlapping.

pub mod lang;
mod lexicon;
pub mod sentence;
pub mod token;

pub use lang::{detect, detect_spans, preload, Detected};
pub use sentence::split_sentences;
pub use token::tokenize;

/// The language-specific rule set used by the segmenters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
    /// Any other language: language-neutral rules.
    Other,
}

impl Lang {
    pub fn from_code(code: &str) -> Lang {
        match code {
            "fr" => Lang::Fr,
            "en" => Lang::En,
            _ => Lang::Other,
        }
    }
}

/// Tokens and sentences of `text` in one call.
pub fn segment(text: &str, lang: Lang) -> (Vec<veille_core::Token>, Vec<veille_core::Span>) {
    let tokens = tokenize(text, lang);
    let sentences = split_sentences(text, &tokens, lang);
    (tokens, sentences)
}
