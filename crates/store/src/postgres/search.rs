//! Full-text search on PostgreSQL: a parsed [`TextQuery`] as `to_tsquery`
//! text, the SQL matching, ranking and quoting documents with it, and the
//! searches ([`Store::search`](crate::Store::search) and the browsing
//! [`Store::search_page`](crate::Store::search_page)).
//!
//! Every word becomes a single-quoted lexeme (runs of letters and digits
//! only, quotes and backslashes escaped anyway), so nothing a user types
//! is read as tsquery syntax. The text is then given to `to_tsquery` with
//! each document's own configuration (accents folded, French or English
//! stems), as a bound parameter.

use super::{col, count, limit, PgStore, Sql};
use crate::{
    Hit, PageHit, Result, SearchFilter, SearchPage, SearchQuery, Term, TextQuery, COUNT_CAP,
    FACET_SAMPLE,
};
use std::collections::HashMap;
use veille_core::Lang;

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

/// An extract of document `d`'s text around the matches of placeholder
/// `p`, matched words between `[` and `]`, `…` where the text goes on (the
/// text's start when only the title matches).
pub(super) fn snippet(p: &str) -> String {
    format!("veille_snippet(d.cfg::regconfig, d.text, to_tsquery(d.cfg::regconfig, {p}::text))")
}

/// A ranked row of a browsing search: seq, id, language, site, score.
type Ranked = (i64, String, String, Option<String>, f64);

/// The FROM and WHERE of a [`SearchFilter`] with its parameters, score and
/// order; None when nothing can match.
struct FilterSql {
    sql: Sql,
    from_where: String,
    score: String,
    order: &'static str,
}

fn filter_sql(q: &SearchFilter) -> Option<FilterSql> {
    let has_text = q.text.as_ref().is_some_and(|t| !t.is_empty());
    let text = q.text.as_ref().and_then(tsquery);
    if has_text && text.is_none() {
        return None;
    }
    let mut sql = Sql::default();
    let mut from = String::from("documents d");
    let mut conds: Vec<String> = Vec::new();
    let ts = text.map(|t| sql.bind(t));
    if let Some(p) = &ts {
        conds.push(matches(p));
    }
    let has_entity = q.entity.is_some() || q.entity_id.is_some() || q.label.is_some();
    if has_entity {
        let mut ec: Vec<String> = Vec::new();
        let mut names = Vec::new();
        if let Some(e) = &q.entity {
            names.push(format!("norm = {}::text", sql.text(&veille_core::fold(e))));
        }
        if let Some(id) = &q.entity_id {
            names.push(format!("entity_id = {}::text", sql.text(id)));
        }
        if !names.is_empty() {
            ec.push(format!("({})", names.join(" OR ")));
        }
        if let Some(l) = q.label {
            ec.push(format!("label = {}::text", sql.bind(l.as_str())));
        }
        from.push_str(&format!(
            " JOIN (SELECT doc_id, count(*) AS n FROM entities WHERE {} GROUP BY doc_id) x ON x.doc_id = d.id",
            ec.join(" AND ")
        ));
    }
    if let Some(l) = &q.lang {
        conds.push(format!(
            "d.lang = {}::text",
            sql.bind(l.as_str().to_string())
        ));
    }
    if let Some(site) = &q.site {
        conds.push(format!("d.site = {}::text", sql.text(site)));
    }
    if let Some(since) = &q.since {
        conds.push(format!("d.date >= {}::text", sql.text(since)));
    }
    if let Some(until) = &q.until {
        let u = sql.text(until);
        conds.push(format!("substr(d.date, 1, length({u}::text)) <= {u}::text"));
    }
    let from_where = if conds.is_empty() {
        from
    } else {
        format!("{from} WHERE {}", conds.join(" AND "))
    };
    let (score, order) = match &ts {
        Some(p) => (rank(p), "score DESC, d.seq"),
        None if has_entity => (
            "x.n::float8".to_string(),
            "x.n DESC, d.date DESC NULLS LAST, d.seq DESC",
        ),
        None => (
            "0::float8".to_string(),
            "d.date DESC NULLS LAST, d.seq DESC",
        ),
    };
    Some(FilterSql {
        sql,
        from_where,
        score,
        order,
    })
}

impl PgStore {
    pub(super) fn text_search(&self, q: &SearchQuery) -> Result<Vec<Hit>> {
        let text = q.text.as_ref().and_then(tsquery);
        let entity = q.has_entity();
        if text.is_none() && !entity {
            return Ok(Vec::new());
        }
        let mut s = Sql::default();
        // A name matches its mentions by folded text, or by the entity id
        // the caller resolved it to (every spelling of one actor).
        let mentions = |s: &mut Sql| {
            let norm = s.opt_text(q.entity.as_deref().map(veille_core::fold).as_deref());
            let id = s.opt_text(q.entity_id.as_deref());
            let label = s.bind(q.label.map(|l| l.as_str()));
            format!(
                "(e.norm = {norm}::text OR e.entity_id = {id}::text)
                 AND ({label}::text IS NULL OR e.label = {label}::text)"
            )
        };
        let sql = match text {
            Some(t) => {
                let p = s.bind(t);
                let entity_filter = if entity {
                    format!(
                        "AND EXISTS (SELECT 1 FROM entities e WHERE e.doc_id = d.id AND {})",
                        mentions(&mut s)
                    )
                } else {
                    String::new()
                };
                let n = s.bind(limit(q.limit));
                format!(
                    "SELECT d.id, d.title, d.source, d.date, d.lang, {snippet}, r.score
                     FROM (SELECT d.seq, {rank} AS score FROM documents d
                           WHERE {matches} {entity_filter}
                           ORDER BY score DESC, d.seq LIMIT {n}) r
                     JOIN documents d ON d.seq = r.seq
                     ORDER BY r.score DESC, d.seq",
                    snippet = snippet(&p),
                    rank = rank(&p),
                    matches = matches(&p),
                )
            }
            None => {
                let m = mentions(&mut s);
                let n = s.bind(limit(q.limit));
                format!(
                    "SELECT d.id, d.title, d.source, d.date, d.lang, left(d.text, 160), x.n::float8
                     FROM (SELECT e.doc_id, count(*) AS n FROM entities e WHERE {m} GROUP BY e.doc_id) x
                     JOIN documents d ON d.id = x.doc_id
                     ORDER BY x.n DESC, d.date DESC NULLS LAST, d.id LIMIT {n}"
                )
            }
        };
        self.query_sql(&sql, &s)?
            .iter()
            .map(|r| {
                Ok(Hit {
                    id: col(r, 0)?,
                    title: col(r, 1)?,
                    source: col(r, 2)?,
                    date: col(r, 3)?,
                    lang: Lang::from_code(&col::<String>(r, 4)?),
                    snippet: col(r, 5)?,
                    score: col(r, 6)?,
                })
            })
            .collect()
    }

    pub(super) fn browse(&self, q: &SearchFilter) -> Result<SearchPage> {
        if filter_sql(q).is_none() {
            return Ok(SearchPage {
                total_exact: true,
                ..Default::default()
            });
        }
        let cap = COUNT_CAP as i64;
        // The total, counted up to the cap.
        let total: i64 = {
            let Some(mut f) = filter_sql(q) else {
                return Ok(SearchPage::default());
            };
            let n = f.sql.bind(cap + 1);
            let rows = self.query_sql(
                &format!(
                    "SELECT count(*) FROM (SELECT 1 FROM {} LIMIT {n}) t",
                    f.from_where
                ),
                &f.sql,
            )?;
            match rows.first() {
                Some(r) => col(r, 0)?,
                None => 0,
            }
        };
        // One ranking pass gives the facet sample and, when it reaches
        // that far, the page.
        let rank = |n: usize, offset: usize| -> Result<Vec<Ranked>> {
            let Some(mut f) = filter_sql(q) else {
                return Ok(Vec::new());
            };
            let n = f.sql.bind(limit(n));
            let offset = f.sql.bind(limit(offset));
            self.query_sql(
                &format!(
                    "SELECT d.seq, d.id, d.lang, d.site, {} AS score FROM {} ORDER BY {} LIMIT {n} OFFSET {offset}",
                    f.score, f.from_where, f.order
                ),
                &f.sql,
            )?
            .iter()
            .map(|r| Ok((col(r, 0)?, col(r, 1)?, col(r, 2)?, col(r, 3)?, col(r, 4)?)))
            .collect()
        };
        let end = q.offset.saturating_add(q.limit);
        let sample = rank(FACET_SAMPLE, 0)?;
        let page: Vec<Ranked> = if end <= FACET_SAMPLE {
            sample
                .iter()
                .skip(q.offset)
                .take(q.limit)
                .cloned()
                .collect()
        } else {
            rank(q.limit, q.offset)?
        };
        // The page's details and snippets, in one query.
        let ts_text = q.text.as_ref().and_then(tsquery);
        let seqs: Vec<i64> = page.iter().map(|p| p.0).collect();
        let rows = match &ts_text {
            Some(t) => self.query(
                &format!(
                    "SELECT d.seq, d.title, d.url, d.date, {} FROM documents d WHERE d.seq = ANY($1)",
                    snippet("$2")
                ),
                &[&seqs, t],
            )?,
            None => self.query(
                "SELECT d.seq, d.title, d.url, d.date, left(d.text, 160) FROM documents d
                 WHERE d.seq = ANY($1)",
                &[&seqs],
            )?,
        };
        let mut details: HashMap<i64, &tokio_postgres::Row> = HashMap::new();
        for r in &rows {
            details.insert(col(r, 0)?, r);
        }
        let mut hits = Vec::with_capacity(page.len());
        for (seq, id, lang, site, score) in page {
            // A document gone since the ranking is left out.
            let Some(r) = details.get(&seq) else { continue };
            hits.push(PageHit {
                id,
                title: col(r, 1)?,
                url: col(r, 2)?,
                site,
                date: col(r, 3)?,
                lang: Lang::from_code(&lang),
                snippet: col(r, 4)?,
                score,
            });
        }
        // Facets over the sample: languages and sites from its rows, types
        // and entities from their mentions.
        let mut lang: HashMap<String, u64> = HashMap::new();
        let mut site: HashMap<String, u64> = HashMap::new();
        for (_, _, l, s, _) in &sample {
            *lang.entry(l.clone()).or_default() += 1;
            if let Some(s) = s {
                *site.entry(s.clone()).or_default() += 1;
            }
        }
        let ids: Vec<String> = sample.iter().map(|x| x.1.clone()).collect();
        let mentions = self.query(
            "SELECT doc_id, label, entity_id, canonical, text FROM entities WHERE doc_id = ANY($1)",
            &[&ids],
        )?;
        let mut rows = Vec::with_capacity(mentions.len());
        for r in &mentions {
            rows.push((col(r, 0)?, col(r, 1)?, col(r, 2)?, col(r, 3)?, col(r, 4)?));
        }
        let facets = crate::shared::facets(lang, site, rows);
        Ok(SearchPage {
            total: count(total).min(COUNT_CAP as u64),
            total_exact: total <= cap,
            hits,
            facets,
        })
    }
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
