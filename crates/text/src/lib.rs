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

/// The language of a text: French and English have their own rules,
/// any other language (or an undecided one) language-neutral rules.
pub use veille_core::Lang;

/// Tokens and sentences of `text` in one call.
pub fn segment(text: &str, lang: Lang) -> (Vec<veille_core::Token>, Vec<veille_core::Span>) {
    let tokens = tokenize(text, lang);
    let sentences = split_sentences(text, &tokens, lang);
    (tokens, sentences)
}
