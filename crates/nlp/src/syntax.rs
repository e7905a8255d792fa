//! Words of a document with POS, lemma and dependencies: the tagger and the
//! parser run sentence by sentence over the tokenizer's output.

use crate::deps::{self, Parser};
use crate::pos::Tagger;
use veille_core::{Span, Token, TokenKind, Word};

/// Sentences are parsed whole up to this many words, longer ones in pieces
/// of this size. On prose the parser's cost is linear (a 1,172-word run-on
/// sentence: 1.8 ms whole, 2.6 ms in 250-word pieces), but where most words
/// hang from one head (lists, garbage without sentence ends) it grows with
/// the square of the length: 10,000 repeated names take 230 ms whole, 35 ms
/// in pieces of 1,000 (debug build, 2-core machine).
const MAX_PARSE: usize = 1000;

/// How the root of a later piece of a long sentence hangs from the first
/// piece's root: side by side, as UD attaches run-on clauses.
const PIECE_REL: &str = "parataxis";

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
        inverted_cues(text, tagger, &mut out[base..]);
        match parser.filter(|_| parse_if(&out[base..])) {
            Some(parser) => parse_pieces(text, parser, &mut out[base..], base),
            None => flat_tree(&mut out[base..], base),
        }
    }
    out
}

/// A verb of saying put after the quote it reports ("», estime X") is a
/// verb even where it spells a noun too ("estime", "note", "rappel"): a
/// noun after "», " would have its determiner. Retagged before parsing, so
/// that the parser and the quote finder see the inverted cue.
fn inverted_cues(text: &str, tagger: &Tagger, sent: &mut [Word]) {
    let lang = veille_core::Lang::from_code(&tagger.lang);
    for k in 2..sent.len() {
        if sent[k].pos != "NOUN" {
            continue;
        }
        let closing = matches!(sent[k - 2].form(text), "»" | "\"" | "”");
        if !closing || sent[k - 1].form(text) != "," {
            continue;
        }
        let lemma = tagger.lemmatizer.lemma(sent[k].form(text), "VERB");
        let w = Word {
            pos: "VERB".to_string(),
            lemma,
            ..sent[k].clone()
        };
        if crate::quotes::is_cue(&w, lang) {
            sent[k] = w;
        }
    }
}

/// Parses the words of one sentence (`sent`, whose first word is word
/// `base` of the document) in pieces of at most [`MAX_PARSE`] words; the
/// root of each later piece hangs from the first piece's root
/// ([`PIECE_REL`]), so the sentence keeps one root.
fn parse_pieces(text: &str, parser: &Parser, sent: &mut [Word], base: usize) {
    let mut root: Option<usize> = None;
    let mut start = 0;
    while start < sent.len() {
        let end = (start + MAX_PARSE).min(sent.len());
        let arcs = {
            let ws: Vec<deps::Word> = sent[start..end]
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
            let w = &mut sent[start + k];
            if a.head > 0 && a.head <= end - start {
                w.head = Some(base + start + a.head - 1);
                w.rel = a.rel;
            } else if let Some(r) = root {
                w.head = Some(r);
                w.rel = PIECE_REL.to_string();
            } else {
                root = Some(base + start + k);
                w.head = None;
                w.rel = a.rel;
            }
        }
        start = end;
    }
}

/// The tree of a sentence left unparsed: its first word that is not
/// punctuation is the root (`dep`), every other word hangs from it (`punct`
/// or `dep`), so that every sentence of the output has one root.
fn flat_tree(sent: &mut [Word], base: usize) {
    let r = sent.iter().position(|w| !is_punct(w)).unwrap_or(0);
    for (k, w) in sent.iter_mut().enumerate() {
        if k == r {
            w.head = None;
            w.rel = "dep".to_string();
        } else {
            w.head = Some(base + r);
            w.rel = if is_punct(w) { "punct" } else { "dep" }.to_string();
        }
    }
}

/// Is this word punctuation?
pub fn is_punct(w: &Word) -> bool {
    w.kind == TokenKind::Punct || w.pos == "PUNCT"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shipped::{DEPS_FR, POS_FR};
    use proptest::prelude::*;
    use veille_text::{tokenize, Lang};

    /// The words of `text` taken as one sentence, parsed or not.
    fn one_sentence(text: &str, parse: bool) -> Vec<Word> {
        let tokens = tokenize(text, Lang::Fr);
        let sentences = [Span::new(0, text.len())];
        words(text, &tokens, &sentences, &POS_FR, Some(&DEPS_FR), |_| {
            parse
        })
    }

    /// Every word's head is another word of the sentence, exactly one word
    /// has none, and following heads from any word reaches that root.
    fn assert_one_tree(ws: &[Word]) {
        let roots: Vec<usize> = (0..ws.len()).filter(|&i| ws[i].head.is_none()).collect();
        assert_eq!(roots.len(), 1, "roots {roots:?} in {} words", ws.len());
        for (i, w) in ws.iter().enumerate() {
            let mut at = i;
            for _ in 0..=ws.len() {
                match ws[at].head {
                    Some(h) => {
                        assert!(h < ws.len() && h != at, "word {i}: head {h}");
                        at = h;
                    }
                    None => break,
                }
            }
            assert_eq!(
                at, roots[0],
                "word {i} ({:?}) does not reach the root",
                w.rel
            );
        }
    }

    /// A run-on sentence of about eight words a clause, joined by commas and "et".
    fn long_sentence(clauses: usize) -> String {
        let subjects = [
            "le ministre",
            "la présidente",
            "les soldats",
            "le porte-parole",
        ];
        let verbs = ["a visité", "annonce", "refuse", "prépare"];
        let objects = [
            "la ville du nord",
            "un nouveau plan",
            "les accords signés",
            "une réunion",
        ];
        let mut s = String::from("Hier");
        for k in 0..clauses {
            s.push_str(if k % 3 == 2 { " et " } else { ", " });
            s.push_str(&format!(
                "{} {} {} avec {} partenaires",
                subjects[k % 4],
                verbs[(k / 4) % 4],
                objects[(k / 16) % 4],
                k + 2
            ));
        }
        s.push('.');
        s
    }

    #[test]
    fn a_sentence_of_300_words_is_one_tree() {
        let text = long_sentence(40);
        let ws = one_sentence(&text, true);
        assert!(
            ws.len() > 300 && ws.len() <= MAX_PARSE,
            "{} words",
            ws.len()
        );
        assert_one_tree(&ws);
        let root = ws.iter().position(|w| w.head.is_none()).unwrap();
        assert_eq!(ws[root].rel, "root");
        assert!(!ws
            .iter()
            .any(|w| w.rel.is_empty() || w.rel == "root" && w.head.is_some()));
    }

    #[test]
    fn a_sentence_over_the_piece_size_keeps_one_root() {
        let text = long_sentence(140);
        let ws = one_sentence(&text, true);
        assert!(ws.len() > MAX_PARSE, "{} words", ws.len());
        assert_one_tree(&ws);
        // The later piece's root hangs from the first piece's root.
        let root = ws.iter().position(|w| w.head.is_none()).unwrap();
        assert!(root < MAX_PARSE);
        assert_eq!(ws[root].rel, "root");
        assert!((MAX_PARSE..ws.len()).any(|i| ws[i].rel == PIECE_REL && ws[i].head == Some(root)));
        assert!(!ws
            .iter()
            .any(|w| w.rel.is_empty() || w.rel == "root" && w.head.is_some()));
    }

    #[test]
    fn an_unparsed_sentence_is_a_flat_tree() {
        let ws = one_sentence("« Oui », dit-il.", false);
        assert_one_tree(&ws);
        let root = ws.iter().position(|w| w.head.is_none()).unwrap();
        assert_eq!(ws[root].form("« Oui », dit-il."), "Oui");
        assert!(ws.iter().filter(|w| is_punct(w)).all(|w| w.rel == "punct"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// One tree per sentence whatever its length, parsed or not.
        #[test]
        fn every_sentence_is_one_tree(
            picks in proptest::collection::vec(0usize..12, 1..2500),
            parse in any::<bool>(),
        ) {
            let vocab = ["le", "président", "a", "dit", "que", ",", "Paris", "et", "«", "»", "2024", "ne"];
            let text = picks.iter().map(|&k| vocab[k]).collect::<Vec<_>>().join(" ");
            let ws = one_sentence(&text, parse);
            prop_assert!(!ws.is_empty());
            assert_one_tree(&ws);
        }
    }
}
