//! The backend-neutral full-text query: a small AST parsed from what a
//! user types. Backends translate it to their own syntax.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One part of a text query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Term {
    /// A word (accents and case ignored).
    Word(String),
    /// Words next to each other, in order (`"président russe"`).
    Phrase(Vec<String>),
    /// A word starting with this (`pout*`).
    Prefix(String),
    /// Documents matching this are left out (`-kyiv`, `-"mer noire"`).
    /// Only meaningful at the top level of a query.
    Not(Box<Term>),
    /// Any of these (`pekin OR kyiv`).
    Or(Vec<Term>),
}

/// A parsed full-text query: documents must match every term.
///
/// Syntax (never an error: anything else is dropped like punctuation):
/// plain words must all match; `"quoted words"` form a phrase; `word*`
/// matches words starting with `word`; `-word` (or `-"a phrase"`) excludes;
/// `a OR b` (upper-case OR) matches either, binding the terms next to it
/// (`x a OR b y` = x and (a or b) and y). Words are runs of letters and
/// digits: `l’OTAN` is the two words `l` and `OTAN`. A query needs at least
/// one term that is not excluded to match anything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextQuery {
    pub terms: Vec<Term>,
}

enum Tok {
    Term(Term),
    Or,
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A bare (unquoted) chunk: `-`? words `*`?
fn chunk(c: &str, out: &mut Vec<Tok>) {
    if c == "OR" {
        out.push(Tok::Or);
        return;
    }
    let negated = c.starts_with('-');
    let prefix = c.trim_end_matches(|ch: char| !ch.is_alphanumeric() && ch != '*');
    let prefix = prefix.ends_with('*');
    let mut ws = words(c);
    if ws.is_empty() {
        return;
    }
    if negated {
        let t = match (ws.len(), prefix) {
            (1, true) => Term::Prefix(ws.remove(0)),
            (1, false) => Term::Word(ws.remove(0)),
            _ => Term::Phrase(ws),
        };
        out.push(Tok::Term(Term::Not(Box::new(t))));
        return;
    }
    let last = ws.pop();
    for w in ws {
        out.push(Tok::Term(Term::Word(w)));
    }
    if let Some(w) = last {
        out.push(Tok::Term(if prefix {
            Term::Prefix(w)
        } else {
            Term::Word(w)
        }));
    }
}

fn phrase(p: &str, negated: bool, out: &mut Vec<Tok>) {
    let mut ws = words(p);
    let t = match ws.len() {
        0 => return,
        1 => Term::Word(ws.remove(0)),
        _ => Term::Phrase(ws),
    };
    out.push(Tok::Term(if negated { Term::Not(Box::new(t)) } else { t }));
}

impl TextQuery {
    /// Parses what a user typed. Never fails; see [`TextQuery`] for the syntax.
    pub fn parse(q: &str) -> TextQuery {
        let mut toks = Vec::new();
        let mut rest = q;
        while !rest.is_empty() {
            let rest_trimmed = rest.trim_start();
            if rest_trimmed.is_empty() {
                break;
            }
            rest = rest_trimmed;
            // `-"…"`: an excluded phrase.
            let (negated, body) = match rest.strip_prefix("-\"") {
                Some(b) => (true, Some(b)),
                None => (false, rest.strip_prefix('"')),
            };
            if let Some(body) = body {
                let (p, after) = body.split_once('"').unwrap_or((body, ""));
                phrase(p, negated, &mut toks);
                rest = after;
                continue;
            }
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"')
                .unwrap_or(rest.len());
            chunk(&rest[..end], &mut toks);
            rest = &rest[end..];
        }
        let mut terms: Vec<Term> = Vec::new();
        let mut pending_or = false;
        for t in toks {
            match t {
                Tok::Or => {
                    pending_or = matches!(terms.last(), Some(t) if !matches!(t, Term::Not(_)));
                }
                Tok::Term(t) => {
                    let joins = pending_or && !matches!(t, Term::Not(_));
                    pending_or = false;
                    match terms.pop() {
                        Some(Term::Or(mut group)) if joins => {
                            group.push(t);
                            terms.push(Term::Or(group));
                        }
                        Some(left) if joins => terms.push(Term::Or(vec![left, t])),
                        Some(left) => {
                            terms.push(left);
                            terms.push(t);
                        }
                        None => terms.push(t),
                    }
                }
            }
        }
        TextQuery { terms }
    }

    /// No term at all.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Has a term that is not excluded (else the query matches nothing).
    pub fn has_positive(&self) -> bool {
        self.terms.iter().any(Term::is_positive)
    }
}

impl Term {
    /// Can this term select documents: a non-empty word, phrase, prefix or
    /// group of them.
    pub fn is_positive(&self) -> bool {
        match self {
            Term::Word(w) | Term::Prefix(w) => !w.is_empty(),
            Term::Phrase(ws) => ws.iter().any(|w| !w.is_empty()),
            Term::Or(ts) => ts.iter().any(Term::is_positive),
            Term::Not(_) => false,
        }
    }
}

impl From<&str> for TextQuery {
    fn from(q: &str) -> TextQuery {
        TextQuery::parse(q)
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Word(w) => f.write_str(w),
            Term::Phrase(ws) => write!(f, "\"{}\"", ws.join(" ")),
            Term::Prefix(w) => write!(f, "{w}*"),
            Term::Not(t) => write!(f, "-{t}"),
            Term::Or(ts) => {
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" OR ")?;
                    }
                    write!(f, "{t}")?;
                }
                Ok(())
            }
        }
    }
}

/// The query in the syntax [`TextQuery::parse`] reads back.
impl fmt::Display for TextQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, t) in self.terms.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{t}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Term {
        Term::Word(s.into())
    }

    #[test]
    fn plain_words_and_phrases() {
        assert_eq!(
            TextQuery::parse("Poutine Pékin").terms,
            [w("Poutine"), w("Pékin")]
        );
        assert_eq!(
            TextQuery::parse("\"président russe\" l’OTAN").terms,
            [
                Term::Phrase(vec!["président".into(), "russe".into()]),
                w("l"),
                w("OTAN")
            ]
        );
        assert_eq!(TextQuery::parse("\"Kyiv\"").terms, [w("Kyiv")]);
        assert_eq!(
            TextQuery::parse("a\"b c").terms,
            [w("a"), Term::Phrase(vec!["b".into(), "c".into()])],
            "unterminated quote runs to the end"
        );
    }

    #[test]
    fn operators() {
        assert_eq!(
            TextQuery::parse("pout* -kyiv -\"mer noire\"").terms,
            [
                Term::Prefix("pout".into()),
                Term::Not(Box::new(w("kyiv"))),
                Term::Not(Box::new(Term::Phrase(vec!["mer".into(), "noire".into()]))),
            ]
        );
        assert_eq!(
            TextQuery::parse("x a OR b OR \"c d\" y").terms,
            [
                w("x"),
                Term::Or(vec![
                    w("a"),
                    w("b"),
                    Term::Phrase(vec!["c".into(), "d".into()])
                ]),
                w("y")
            ]
        );
        assert_eq!(
            TextQuery::parse("a or b").terms,
            [w("a"), w("or"), w("b")],
            "lower-case or is a word"
        );
        assert_eq!(
            TextQuery::parse("OR a OR -b OR").terms,
            [w("a"), Term::Not(Box::new(w("b")))],
            "dangling OR dropped"
        );
        assert_eq!(
            TextQuery::parse("Jean-Pierre").terms,
            [w("Jean"), w("Pierre")]
        );
    }

    #[test]
    fn hostile_input_never_fails() {
        for q in [
            "", "   ", "*) OR (", "\"", "((( ***", "-", "*", "-\"", "\"\"", "OR OR",
        ] {
            let t = TextQuery::parse(q);
            assert!(!t.has_positive(), "{q:?} -> {t:?}");
        }
        assert_eq!(TextQuery::parse("NEAR(").terms, [w("NEAR")]);
        assert_eq!(
            TextQuery::parse("NEAR(a b)").terms,
            [w("NEAR"), w("a"), w("b")]
        );
        assert_eq!(TextQuery::parse("title:x").terms, [w("title"), w("x")]);
        assert!(!TextQuery::parse("-a -b").has_positive());
    }

    #[test]
    fn display_reads_back() {
        for q in [
            "poutine \"président russe\" pout* -kyiv -\"mer noire\" a OR b* OR \"c d\"",
            "x",
        ] {
            let t = TextQuery::parse(q);
            assert_eq!(t.to_string(), q);
            assert_eq!(TextQuery::parse(&t.to_string()), t);
        }
    }
}
