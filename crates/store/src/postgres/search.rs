//! Full-text search on PostgreSQL: a parsed [`TextQuery`] as `to_tsquery`
//! text, and the SQL matching, ranking and quoting documents with it.
//!
//! Every word becomes a single-quoted lexeme (runs of letters and digits
//! only, quotes and backslashes escaped anyway), so nothing a user types
//! is read as tsquery syntax. The text is then given to `to_tsquery` with
//! each document's own configuration (accents folded, French or English
//! stems), as a bound parameter.

use crate::{Term, TextQuery};

/// One word as a quoted tsquery lexeme, or several (a word with
/// punctuation inside) as a phrase; None when nothing is left.
fn lexemes(words: &[String]) -> Option<String> {
    let ws: Vec<String> = words
        .iter()
        .flat_map(|w| w.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(|w| format!("'{}'", w.replace('\\', "\\\\").replace('\'', "''")))
        .collect();
    if ws.is_empty() {
        return None;
    }
    Some(if ws.len() == 1 {
        ws.into_iter().next().unwrap_or_default()
    } else {
        format!("( {} )", ws.join(" <-> "))
    })
}

/// A term that selects documents (None: matches nothing by itself, e.g.
/// an exclusion or an empty word).
fn positive(t: &Term) -> Option<String> {
    match t {
        Term::Word(w) => lexemes(std::slice::from_ref(w)),
        Term::Phrase(ws) => lexemes(ws),
        Term::Prefix(w) => {
            let l = lexemes(std::slice::from_ref(w))?;
            // A prefix of one lexeme; a phrase's last word as the prefix.
            Some(match l.strip_suffix(" )") {
                Some(phrase) => format!("{phrase}:* )"),
                None => format!("{l}:*"),
            })
        }
        Term::Not(_) => None,
        Term::Or(ts) => {
            let parts: Vec<String> = ts.iter().filter_map(positive).collect();
            match parts.len() {
                0 => None,
                1 => parts.into_iter().next(),
                _ => Some(format!("( {} )", parts.join(" | "))),
            }
        }
    }
}

/// A parsed query as `to_tsquery` text; None when nothing can match.
pub(super) fn tsquery(q: &TextQuery) -> Option<String> {
    let pos: Vec<String> = q.terms.iter().filter_map(positive).collect();
    if pos.is_empty() {
        return None;
    }
    let neg: Vec<String> = q
        .terms
        .iter()
        .filter_map(|t| match t {
            Term::Not(inner) => positive(inner),
            _ => None,
        })
        .collect();
    let pos = pos.join(" & ");
    Some(if neg.is_empty() {
        pos
    } else {
        format!("( {pos} ) & !( {} )", neg.join(" | "))
    })
}

/// The text search configuration of a document in language `lang`.
pub(super) fn config(lang: &str) -> &'static str {
    match lang {
        "fr" => "veille_fr",
        "en" => "veille_en",
        _ => "veille_simple",
    }
}

/// Documents `d` matching the tsquery text in placeholder `p`: one test per
/// configuration, each on the GIN index.
pub(super) fn matches(p: &str) -> String {
    format!(
        "((d.cfg = 'veille_fr' AND d.tsv @@ to_tsquery('veille_fr', {p}::text))
          OR (d.cfg = 'veille_en' AND d.tsv @@ to_tsquery('veille_en', {p}::text))
          OR (d.cfg = 'veille_simple' AND d.tsv @@ to_tsquery('veille_simple', {p}::text)))"
    )
}

/// The relevance of document `d` to the tsquery text in placeholder `p` (higher is
/// better, above 0 for a match): `ts_rank` with the title (weight A)
/// counting twice the text (weight B), divided by 1 + the log of the
/// document's length (so a word repeated in a short text weighs more, as
/// with BM25).
pub(super) fn rank(p: &str) -> String {
    format!(
        "ts_rank('{{0, 0, 0.5, 1}}'::float4[], d.tsv, to_tsquery(d.cfg::regconfig, {p}::text), 1)::float8"
    )
}

/// An extract of document `d`'s text around the matches of placeholder `p`, matched
/// words between `[` and `]` (the text's start when only the title matches).
pub(super) fn snippet(p: &str) -> String {
    format!(
        "ts_headline(d.cfg::regconfig, d.text, to_tsquery(d.cfg::regconfig, {p}::text),
            'StartSel=\"[\", StopSel=\"]\", MaxWords=24, MinWords=8, ShortWord=0, MaxFragments=1, FragmentDelimiter=\" … \"')"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(q: &str) -> Option<String> {
        tsquery(&TextQuery::parse(q))
    }

    #[test]
    fn queries_translate_to_quoted_tsquery() {
        assert_eq!(ts("Poutine Pékin").unwrap(), "'Poutine' & 'Pékin'");
        assert_eq!(
            ts("\"président russe\" l’OTAN").unwrap(),
            "( 'président' <-> 'russe' ) & 'l' & 'OTAN'"
        );
        assert_eq!(
            ts("pout* -kyiv a OR b").unwrap(),
            "( 'pout':* & ( 'a' | 'b' ) ) & !( 'kyiv' )"
        );
        assert_eq!(ts("*) OR ("), None);
        assert_eq!(ts("-kyiv"), None, "exclusions alone match nothing");
        // Hand-built terms are cleaned the same way.
        let q = TextQuery {
            terms: vec![
                Term::Word("a'b) | !(c".into()),
                Term::Prefix("x'y".into()),
                Term::Prefix("*".into()),
                Term::Or(vec![Term::Not(Box::new(Term::Word("x".into())))]),
            ],
        };
        assert_eq!(
            tsquery(&q).unwrap(),
            "( 'a' <-> 'b' <-> 'c' ) & ( 'x' <-> 'y':* )"
        );
    }
}
