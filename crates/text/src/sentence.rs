//! Sentence boundaries over tokens.
//!
//! A sentence ends after terminal punctuation (. ! ? … and their runs) plus
//! any closing quotes or brackets, when the next token does not start in
//! lower case; at a blank line; and at a single line break unless the line
//! was visibly hard-wrapped mid-sentence. Abbreviations are tokens that
//! already hold their period (see `token`), so "M. Poutine" never splits;
//! "etc." and acronyms like "U.S." end a sentence only before a typical
//! sentence opener.

use crate::lexicon::{contains, SENTENCE_FINAL_ABBREVIATIONS, SENTENCE_STARTERS};
use crate::Lang;
use veille_core::{Span, Token, TokenKind};

fn is_terminal(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

fn is_closing(t: &str) -> bool {
    matches!(t, "»" | "”" | "’" | ")" | "]" | "}" | "\"" | "'" | "›")
}

fn starts_lower(t: &str) -> bool {
    t.chars().next().is_some_and(|c| c.is_lowercase())
}

fn first_char_upper_or_digit(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Sentence spans of `text`, given its tokens. Each sentence runs from its
/// first token's start to its last token's end.
pub fn split_sentences(text: &str, tokens: &[Token], lang: Lang) -> Vec<Span> {
    let mut out = Vec::new();
    if tokens.is_empty() {
        return out;
    }
    let mut start_tok = 0;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].span.slice(text);
        let mut end_tok = None;
        if tokens[i].kind == TokenKind::Punct && is_terminal(t) {
            // Absorb closing quotes/brackets glued to the sentence.
            let mut j = i;
            while j + 1 < tokens.len() {
                let n = tokens[j + 1].span.slice(text);
                let glued = tokens[j + 1].span.start == tokens[j].span.end;
                // A spaced ASCII quote closes the sentence when it holds an odd number of them.
                let open_ascii = n == "\""
                    && tokens[start_tok..=j]
                        .iter()
                        .filter(|t| t.span.slice(text) == "\"")
                        .count()
                        % 2
                        == 1;
                let closing =
                    is_closing(n) && (glued || open_ascii || matches!(n, "»" | "”" | ")" | "]"));
                if closing || (glued && tokens[j + 1].kind == TokenKind::Punct && is_terminal(n)) {
                    j += 1;
                } else {
                    break;
                }
            }
            match tokens.get(j + 1) {
                None => end_tok = Some(j),
                Some(next) => {
                    let n = next.span.slice(text);
                    let gap = &text[tokens[j].span.end..next.span.start];
                    if !starts_lower(n) || gap.contains('\n') {
                        // "« Non ! » a-t-il dit": a quote closing then a lowercase verb is one sentence.
                        end_tok = Some(j);
                    }
                }
            }
            if end_tok.is_none() {
                i = j;
            }
        } else if t == ";" {
            // "… au catholicisme ; En 1945 …": a capitalised opener after a semicolon starts anew.
            if let Some(next) = tokens.get(i + 1) {
                let n = next.span.slice(text);
                if contains(SENTENCE_STARTERS, &n.to_lowercase())
                    && n.starts_with(char::is_uppercase)
                {
                    end_tok = Some(i);
                }
            }
        } else if t.ends_with('.') && tokens[i].kind == TokenKind::Word && t.len() > 1 {
            // Abbreviation holding its period: ends a sentence only before a clear opener.
            let stem = t.trim_end_matches('.').to_lowercase();
            let initial = t.chars().count() == 2
                && t.starts_with(char::is_uppercase)
                && !(lang == Lang::Fr && t == "M.");
            let ambiguous = initial
                || contains(SENTENCE_FINAL_ABBREVIATIONS, &stem)
                || (stem.contains('.') && stem.len() > 2);
            match tokens.get(i + 1) {
                None => end_tok = Some(i),
                Some(next) if ambiguous => {
                    let n = next.span.slice(text);
                    let opener = contains(SENTENCE_STARTERS, &n.to_lowercase())
                        && first_char_upper_or_digit(n);
                    if opener || text[tokens[i].span.end..next.span.start].contains('\n') {
                        end_tok = Some(i);
                    }
                }
                _ => {}
            }
        }
        // Line breaks.
        if end_tok.is_none() {
            if let Some(next) = tokens.get(i + 1) {
                let gap = &text[tokens[i].span.end..next.span.start];
                let newlines = gap.matches('\n').count();
                if newlines >= 2 || (newlines == 1 && !wrapped(text, &tokens[i], next)) {
                    end_tok = Some(i);
                }
            }
        }
        if let Some(e) = end_tok {
            out.push(Span::new(tokens[start_tok].span.start, tokens[e].span.end));
            start_tok = e + 1;
            i = e + 1;
        } else {
            i += 1;
        }
    }
    if start_tok < tokens.len() {
        out.push(Span::new(
            tokens[start_tok].span.start,
            tokens[tokens.len() - 1].span.end,
        ));
    }
    out
}

/// A single newline inside a sentence of hard-wrapped text: the line ends on a
/// word or comma and the next starts in lower case.
fn wrapped(text: &str, prev: &Token, next: &Token) -> bool {
    let p = prev.span.slice(text);
    let n = next.span.slice(text);
    let prev_continues =
        prev.kind == TokenKind::Word || prev.kind == TokenKind::Number || p == "," || p == "-";
    prev_continues && starts_lower(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;

    fn sents(text: &str, lang: Lang) -> Vec<&str> {
        let toks = tokenize(text, lang);
        split_sentences(text, &toks, lang)
            .iter()
            .map(|s| s.slice(text))
            .collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sents(
                "Selon M. Poutine, la paix est proche. Mme Dupont n'y croit pas.",
                Lang::Fr
            ),
            [
                "Selon M. Poutine, la paix est proche.",
                "Mme Dupont n'y croit pas."
            ]
        );
        assert_eq!(
            sents(
                "He met Jennifer M. Anderson in the U.S. The talks failed.",
                Lang::En
            ),
            [
                "He met Jennifer M. Anderson in the U.S.",
                "The talks failed."
            ]
        );
    }

    #[test]
    fn quotes_close_sentences() {
        assert_eq!(
            sents(
                "Blinken a déclaré : « Rien n’est plus grave. » Il est parti.",
                Lang::Fr
            ),
            [
                "Blinken a déclaré : « Rien n’est plus grave. »",
                "Il est parti."
            ]
        );
        assert_eq!(
            sents("« Non ! » a-t-il répondu. “Yes.” Then he left.", Lang::Fr),
            ["« Non ! » a-t-il répondu.", "“Yes.”", "Then he left."]
        );
    }

    #[test]
    fn ellipsis_and_lowercase_continuation() {
        assert_eq!(
            sents("Il hésite... puis revient. Fin", Lang::Fr),
            ["Il hésite... puis revient.", "Fin"]
        );
        assert_eq!(
            sents("Wait... What?! Yes.", Lang::En),
            ["Wait...", "What?!", "Yes."]
        );
    }

    #[test]
    fn line_breaks() {
        assert_eq!(
            sents("Titre sans point\nLe texte commence.", Lang::Fr),
            ["Titre sans point", "Le texte commence."]
        );
        assert_eq!(
            sents("une ligne coupée\nau milieu.", Lang::Fr),
            ["une ligne coupée\nau milieu."]
        );
        assert_eq!(sents("a\n\nb", Lang::Fr), ["a", "b"]);
    }

    #[test]
    fn initials_semicolons_and_spaced_quotes() {
        assert_eq!(
            sents("Il fait 19°C. On sort.", Lang::Fr),
            ["Il fait 19°C.", "On sort."]
        );
        assert_eq!(
            sents(
                "Sous Dagobert I. Ils partent. Selon M. Le Drian, non.",
                Lang::Fr
            ),
            [
                "Sous Dagobert I.",
                "Ils partent.",
                "Selon M. Le Drian, non."
            ]
        );
        assert_eq!(
            sents(
                "des bivalves ; En 1945 tout change ; le reste suit.",
                Lang::Fr
            ),
            ["des bivalves ;", "En 1945 tout change ; le reste suit."]
        );
        assert_eq!(
            sents("Il a dit \"bonjour ! \" Les autres sont partis.", Lang::Fr),
            ["Il a dit \"bonjour ! \"", "Les autres sont partis."]
        );
    }

    #[test]
    fn etc_ends_before_an_opener_only() {
        assert_eq!(
            sents("Des fruits, etc. Le reste suit.", Lang::Fr),
            ["Des fruits, etc.", "Le reste suit."]
        );
        assert_eq!(
            sents("Des fruits, etc. et du pain.", Lang::Fr),
            ["Des fruits, etc. et du pain."]
        );
    }
}
