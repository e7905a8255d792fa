//! Words of a document with POS, lemma and dependencies: the tagger and the
//! parser run sentence by sentence over the tokenizer's output.

use crate::deps::{self, Parser};
use crate::pos::Tagger;
use veille_core::{Span, Token, TokenKind, Word};

/// Sentences longer than this (in words) are parsed in pieces.
const MAX_PARSE: usize = 250;

/// Tagged (and lemmatised) words of every sentence; a sentence is parsed
/// when `parse_if` accepts its words (parsing costs as much as tagging, and
/// callers that read dependencies only in some sentences say which).
pub fn words(
    text: &str,
    tokens: &[Token],
    sentences: &[Span],
    tagger: &Tagger,
    parser: Option<&Parser>,
    parse_if: impl Fn(&[Word]) -> bool,
) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::with_capacity(tokens.len() + tokens.len() / 16);
    for range in veille_core::sentence_ranges(tokens, sentences) {
        let toks = &tokens[range];
        let forms: Vec<&str> = toks.iter().map(|k| k.span.slice(text)).collect();
        let base = out.len();
        for (tok, an) in toks.iter().zip(tagger.analyze(&forms)) {
            let single = an.len() == 1;
            for a in an {
                out.push(Word {
                    span: tok.span,
                    kind: tok.kind,
                    form: (!single).then(|| a.form.clone()),
                    pos: a.pos,
                    lemma: a.lemma,
                    head: None,
                    rel: String::new(),
                });
            }
        }
        let Some(parser) = parser.filter(|_| parse_if(&out[base..])) else {
            continue;
        };
        let mut start = base;
        while start < out.len() {
            let end = (start + MAX_PARSE).min(out.len());
            let arcs = {
                let ws: Vec<deps::Word> = out[start..end]
                    .iter()
                    .map(|w| deps::Word {
                        form: w.form(text),
                        pos: &w.pos,
                        lemma: &w.lemma,
                    })
                    .collect();
                parser.parse(&ws)
            };
            for (k, a) in arcs.into_iter().enumerate() {
                let w = &mut out[start + k];
                w.head = (a.head > 0).then(|| start + a.head - 1);
                w.rel = a.rel;
            }
            start = end;
        }
    }
    out
}

/// Is this word punctuation?
pub fn is_punct(w: &Word) -> bool {
    w.kind == TokenKind::Punct || w.pos == "PUNCT"
}
