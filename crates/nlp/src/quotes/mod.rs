//! Quotes: direct speech between quotation marks and reported speech
//! ("a déclaré que…", "said that…"), each with its cue and speaker.
//!
//! The speaker is the subject of the cue verb (from the parser), else the
//! name next to the cue ("a déclaré Xi", "Blinken said"); pronouns ("il",
//! "a-t-il déclaré") resolve to the previous quote's speaker or the last
//! person named before the quote; roles ("le porte-parole du Kremlin") are
//! already entities linked by the knowledge base.

use veille_core::{Entity, EntityLabel, Lang, Quote, QuoteKind, Span, Word};

mod en;
mod fr;

/// The words and marks a language reports speech with (one table per
/// language: [`fr`], [`en`]).
#[derive(Debug)]
pub struct Rules {
    /// Lemmas of verbs of saying.
    pub cues: &'static [&'static str],
    /// Phrases that attribute what follows or precedes them ("selon X, …",
    /// "…, according to X."), lower-case.
    pub sources: &'static [&'static str],
    /// Words that open a reported clause ("a déclaré que…", "said that…").
    pub complementizers: &'static [&'static str],
    /// Subject pronouns that stand for a speaker named before, and those of
    /// them that stand for several.
    pub pronouns: &'static [&'static str],
    pub plural_pronouns: &'static [&'static str],
    /// Words that, under a cue, say nothing was said ("n'a pas dit").
    pub negations: &'static [&'static str],
    /// Words that open a relative clause ("…, qui a promis").
    pub relatives: &'static [&'static str],
    /// Pronouns that never name a speaker ("c'est", "it said").
    pub demonstratives: &'static [&'static str],
    /// Endings of a present participle ("affirmant que", "saying").
    pub participle_endings: &'static [&'static str],
    /// Quotation marks: opening, closing, and those that do both.
    pub opening_marks: &'static [char],
    pub closing_marks: &'static [char],
    pub toggling_marks: &'static [char],
    /// Two apostrophes stand for a double quote (''like this'').
    pub doubled_apostrophes: bool,
}

/// Every language's rules. Pronouns, negations, relatives, participles and
/// quotation marks are read in all of them: news copy switches language
/// inside quotes ("he said" in a French article) and mixes conventions.
const LANGS: &[&Rules] = &[&fr::RULES, &en::RULES];

/// The rules of a language (English for any but French).
pub fn rules(lang: Lang) -> &'static Rules {
    if lang == Lang::Fr {
        &fr::RULES
    } else {
        &en::RULES
    }
}

/// Is `word` (lower-case) in the list `list` picks, in any language?
fn in_any(list: impl Fn(&Rules) -> &'static [&'static str], word: &str) -> bool {
    LANGS.iter().any(|r| list(r).contains(&word))
}

/// Is `c` a quotation mark of the list `list` picks, in any language?
fn mark_in_any(list: impl Fn(&Rules) -> &'static [char], c: char) -> bool {
    LANGS.iter().any(|r| list(r).contains(&c))
}

/// Quotes shorter than this many words need a cue to count (otherwise
/// they are scare quotes or titles: « mallettes nucléaires »).
const MIN_WORDS: usize = 4;

/// A verb of saying (the only words whose sentences the quote finder
/// reads dependencies in).
pub fn is_cue(w: &Word, lang: Lang) -> bool {
    matches!(w.pos.as_str(), "VERB" | "AUX") && rules(lang).cues.contains(&w.lemma.as_str())
}

fn pronoun(form: &str) -> bool {
    let f = form
        .trim_start_matches('-')
        .trim_start_matches("t-")
        .to_lowercase();
    in_any(|r| r.pronouns, &f)
}

/// Direct quotes: (opening mark, content, end of closing mark), outermost
/// only; an unclosed quote ends with its paragraph.
fn direct_spans(text: &str) -> Vec<(usize, Span, usize)> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, char)> = Vec::new();
    let mut start_content = 0;
    let mut skip = false;
    for (i, c) in text.char_indices() {
        if std::mem::take(&mut skip) {
            continue;
        }
        let mut after = i + c.len_utf8();
        // Two apostrophes stand for a double quote in some wire copy
        // (''like this''); they toggle like '"'.
        let doubled = c == '\''
            && text[after..].starts_with('\'')
            && LANGS.iter().any(|r| r.doubled_apostrophes);
        if doubled {
            skip = true;
            after += 1;
        }
        let open = match c {
            c if mark_in_any(|r| r.opening_marks, c) => true,
            c if mark_in_any(|r| r.toggling_marks, c) => stack.last().is_none_or(|t| t.1 != c),
            '\'' if doubled => stack.last().is_none_or(|t| t.1 != '\''),
            c if mark_in_any(|r| r.closing_marks, c) => false,
            '\n' => {
                if let Some(&(o, _)) = stack.first() {
                    out.push((o, Span::new(start_content, i), i));
                    stack.clear();
                }
                continue;
            }
            _ => continue,
        };
        if open {
            if stack.is_empty() {
                start_content = after;
            }
            stack.push((i, c));
        } else if let Some((o, _)) = stack.pop() {
            if stack.is_empty() {
                out.push((o, Span::new(start_content, i), after));
            }
        }
    }
    if let Some(&(o, _)) = stack.first() {
        out.push((o, Span::new(start_content, text.len()), text.len()));
    }
    // Content trimmed; marks around nothing but spaces (« ») quote nothing.
    out.into_iter()
        .filter_map(|(o, s, e)| {
            let t = &text[s.start..s.end];
            let lead = t.len() - t.trim_start().len();
            let inner = t.trim().len();
            (inner > 0).then(|| (o, Span::new(s.start + lead, s.start + lead + inner), e))
        })
        .collect()
}

struct Doc<'a> {
    text: &'a str,
    lang: Lang,
    words: &'a [Word],
    sentences: &'a [Span],
    entities: &'a [Entity],
}

impl Doc<'_> {
    fn sentence_of(&self, pos: usize) -> Option<Span> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        self.sentences.get(i).copied().filter(|s| s.start <= pos)
    }
    /// Word indices inside [a, b).
    fn words_in(&self, a: usize, b: usize) -> std::ops::Range<usize> {
        let i = self.words.partition_point(|w| w.span.start < a);
        let j = self.words.partition_point(|w| w.span.start < b);
        i..j.max(i)
    }
    /// The span covered by a word and its descendants (within its sentence).
    fn subtree(&self, root: usize) -> Span {
        let s = self
            .sentence_of(self.words[root].span.start)
            .unwrap_or(self.words[root].span);
        let mut span = self.words[root].span;
        for k in self.words_in(s.start, s.end) {
            let mut h = Some(k);
            for _ in 0..64 {
                match h {
                    Some(x) if x == root => {
                        if !crate::syntax::is_punct(&self.words[k]) {
                            span.start = span.start.min(self.words[k].span.start);
                            span.end = span.end.max(self.words[k].span.end);
                        }
                        break;
                    }
                    Some(x) => h = self.words[x].head,
                    None => break,
                }
            }
        }
        span
    }
    fn entity_at(&self, span: Span, head: Option<Span>) -> Option<&Entity> {
        let inside = |e: &&Entity| e.span.start < span.end && span.start < e.span.end;
        let rank = |e: &Entity| match e.label {
            EntityLabel::Per => 0,
            EntityLabel::Org => 1,
            _ => 2,
        };
        if let Some(h) = head {
            if let Some(e) = self
                .entities
                .iter()
                .filter(|e| e.span.start <= h.start && h.end <= e.span.end)
                .min_by_key(|e| rank(e))
            {
                return Some(e);
            }
        }
        self.entities
            .iter()
            .filter(inside)
            .filter(|e| e.label == EntityLabel::Per || e.label == EntityLabel::Org)
            .min_by_key(|e| (rank(e), e.span.start))
    }
    /// A person or organisation named elsewhere in the document whose name
    /// contains this word ("Xi" for "Xi Jinping").
    fn named_elsewhere(&self, word: &str) -> Option<&Entity> {
        let w = veille_core::fold(word);
        if w.chars().count() < 2 || !word.starts_with(char::is_uppercase) {
            return None;
        }
        self.entities.iter().find(|e| {
            (e.label == EntityLabel::Per || e.label == EntityLabel::Org)
                && veille_core::fold(&e.text).split([' ', '-']).any(|p| p == w)
        })
    }

    /// The last person named before `pos`.
    fn last_person(&self, pos: usize) -> Option<&Entity> {
        self.entities
            .iter()
            .filter(|e| e.label == EntityLabel::Per && e.span.end <= pos)
            .max_by_key(|e| e.span.start)
    }

    /// The span of pronoun word `k` without the hyphens and euphonic "t"
    /// of an inversion ("-t-il" → "il").
    fn pronoun_span(&self, k: usize) -> Span {
        let w = self.words[k].span;
        let form = w.slice(self.text);
        let bare = form.trim_start_matches('-').trim_start_matches("t-");
        Span::new(w.end - bare.len().min(w.len()), w.end)
    }

    /// Whether a candidate speaker (its span, its head word `h`) can name
    /// someone: a noun phrase or a personal pronoun, not a prepositional
    /// phrase ("en mai 2015"), a clause or a demonstrative ("c'est").
    fn nominal(&self, span: Span, h: usize) -> bool {
        let head = &self.words[h];
        let first = self
            .words_in(span.start, span.end)
            .next()
            .map(|k| &self.words[k]);
        let lead_ok =
            first.is_none_or(|w| !matches!(w.pos.as_str(), "ADP" | "SCONJ" | "CCONJ" | "ADV"));
        let head_ok = match head.pos.as_str() {
            "NOUN" | "PROPN" | "NUM" | "X" => true,
            "PRON" => {
                let f = head.form(self.text).to_lowercase();
                !in_any(|r| r.demonstratives, &f) && !in_any(|r| r.relatives, &f)
            }
            _ => false,
        };
        lead_ok && head_ok
    }

    /// The antecedent of a relative pronoun subject ("X, qui a déclaré"):
    /// the noun phrase the relative clause of cue `v` hangs from, up to the
    /// relative pronoun `rel`.
    fn antecedent(&self, v: usize, rel: usize) -> Option<(Span, Span)> {
        if !self.words[v].rel.starts_with("acl") {
            return None;
        }
        let a = self.words[v].head?;
        let whole = self.subtree(a);
        let end = self.words[rel].span.start.min(whole.end);
        let t = &self.text[whole.start..end];
        let trimmed = t.trim_end_matches(|c: char| c.is_whitespace() || c == ',');
        let span = Span::new(whole.start, whole.start + trimmed.len());
        (span.end > span.start && span.end >= self.words[a].span.end)
            .then_some((span, self.words[a].span))
    }

    /// Speaker (span, head word span) of cue verb `v`.
    fn speaker_of(&self, v: usize) -> Option<(Span, Span)> {
        let sent = self.sentence_of(self.words[v].span.start)?;
        let range = self.words_in(sent.start, sent.end);
        // "a-t-il déclaré": the pronoun just before the verb.
        for k in range.start.max(v.saturating_sub(2))..v {
            if pronoun(self.words[k].form(self.text)) {
                let p = self.pronoun_span(k);
                return Some((p, p));
            }
        }
        let form = self.words[v].form(self.text).to_lowercase();
        if LANGS
            .iter()
            .any(|r| r.participle_endings.iter().any(|e| form.ends_with(e)))
        {
            // A participle ("affirmant que", "saying"): the person named
            // last before it.
            let at = self.words[v].span.start;
            let e = self
                .entities
                .iter()
                .filter(|e| {
                    e.label == EntityLabel::Per && e.span.start >= sent.start && e.span.end <= at
                })
                .max_by_key(|e| e.span.start)
                .or_else(|| self.last_person(at))?;
            return Some((e.span, e.span));
        }
        // The subject: before the verb, or right after it (inversion) but
        // not inside the reported clause.
        let blocked = |k: usize| {
            (v + 1..k).any(|j| {
                let f = self.words[j].form(self.text).to_lowercase();
                crate::syntax::is_punct(&self.words[j]) || in_any(|r| r.complementizers, &f)
            })
        };
        if let Some(s) = range.clone().find(|&k| {
            self.words[k].head == Some(v)
                && self.words[k].rel.starts_with("nsubj")
                && (k < v || (k < v + 7 && !blocked(k)))
        }) {
            let form = self.words[s].form(self.text).to_lowercase();
            if in_any(|r| r.relatives, &form) {
                // The antecedent by the parse, else the name that ends
                // right before the pronoun ("Paul Durand, qui affirme").
                let at = self.words[s].span.start;
                return self.antecedent(v, s).or_else(|| {
                    self.entities
                        .iter()
                        .filter(|e| e.span.start >= sent.start && e.span.end <= at)
                        .filter(|e| {
                            self.text[e.span.end..at]
                                .trim_matches(|c: char| c.is_whitespace() || c == ',')
                                .is_empty()
                        })
                        .max_by_key(|e| e.span.start)
                        .map(|e| (e.span, e.span))
                });
            }
            let span = self.subtree(s);
            if self.nominal(span, s) {
                return Some((span, self.words[s].span));
            }
        }
        // Inverted subject: "a déclaré Xi", "ont déclaré les correspondants…",
        // never inside the reported clause.
        for k in v + 1..range.end.min(v + 7) {
            let w = &self.words[k];
            let f = w.form(self.text).to_lowercase();
            if crate::syntax::is_punct(w) || in_any(|r| r.complementizers, &f) {
                break;
            }
            if pronoun(w.form(self.text)) {
                let p = self.pronoun_span(k);
                return Some((p, p));
            }
            if matches!(w.pos.as_str(), "PROPN" | "NOUN") {
                let span = self.subtree(k);
                if self.nominal(span, k) {
                    return Some((span, w.span));
                }
                return None;
            }
        }
        None
    }

    fn cue_span(&self, v: usize) -> Span {
        // Include the auxiliary: "a déclaré".
        let sent = self
            .sentence_of(self.words[v].span.start)
            .unwrap_or(self.words[v].span);
        let mut start = self.words[v].span.start;
        for k in self.words_in(sent.start, self.words[v].span.start) {
            if self.words[k].head == Some(v) && self.words[k].rel.starts_with("aux") {
                start = start.min(self.words[k].span.start);
            }
        }
        Span::new(start, self.words[v].span.end)
    }

    /// A speaker cut before a time expression that ends it, and the
    /// preposition that leads it ("a déclaré Élisabeth Borne mardi", "said
    /// Chuck Schumer on Tuesday": the parser hung the day from the name).
    fn without_trailing_time(&self, span: Span, head: Span) -> Span {
        let t = span.slice(self.text);
        let Some(x) = crate::time::find(t, self.lang, None).pop() else {
            return span;
        };
        if x.span.end != t.len() || span.start + x.span.start < head.end {
            return span;
        }
        let mut end = span.start + x.span.start;
        while let Some(k) = self.words_in(head.end, end).last() {
            let w = &self.words[k];
            if !matches!(w.pos.as_str(), "ADP" | "DET" | "CCONJ" | "PUNCT") || w.span.end > end {
                break;
            }
            end = w.span.start;
        }
        let end = span.start + self.text[span.start..end].trim_end().len();
        if end < head.end {
            return span;
        }
        Span::new(span.start, end)
    }

    fn fill_speaker(&self, q: &mut Quote, v: usize, prev: Option<&Quote>) {
        let cue = self.cue_span(v);
        q.cue = Some(cue.slice(self.text).to_string());
        q.cue_span = Some(cue);
        let Some((span, head)) = self.speaker_of(v) else {
            return;
        };
        let span = self.without_trailing_time(span, head);
        let written = self.text[span.start..span.end].to_string();
        if pronoun(&written) {
            let plural = in_any(
                |r| r.plural_pronouns,
                &written
                    .trim_start_matches(['-', 't'])
                    .trim_start_matches('-')
                    .to_lowercase(),
            );
            let near_prev = prev.filter(|p| {
                p.speaker.as_deref().is_some_and(|s| !pronoun(s))
                    && q.span.start.saturating_sub(p.span.end) < 800
            });
            match near_prev {
                Some(p) => {
                    q.speaker_id = p.speaker_id.clone();
                    q.speaker_name = p.speaker_name.clone().or(p.speaker.clone());
                }
                None if plural => {}
                None => {
                    if let Some(e) = self.last_person(q.span.start.min(span.start)) {
                        q.speaker_id = e.entity_id.clone();
                        q.speaker_name = e.canonical.clone().or(Some(e.text.clone()));
                    }
                }
            }
        } else if let Some(e) = self
            .entity_at(span, Some(head))
            .or_else(|| self.named_elsewhere(&self.text[head.start..head.end]))
        {
            q.speaker_id = e.entity_id.clone();
            q.speaker_name = e.canonical.clone().or(Some(e.text.clone()));
        }
        q.speaker = Some(written);
        q.speaker_span = Some(span);
    }
}

/// Every quote of a document. `words` come from [`crate::syntax::words`];
/// `entities` are linked (entity ids, canonical names).
pub fn find(
    text: &str,
    lang: Lang,
    sentences: &[Span],
    words: &[Word],
    entities: &[Entity],
) -> Vec<Quote> {
    if !lang.is_analysed() {
        return Vec::new();
    }
    let doc = Doc {
        text,
        lang,
        words,
        sentences,
        entities,
    };
    let mut out: Vec<Quote> = Vec::new();
    let mut used_cues: Vec<usize> = Vec::new();
    let quotes = direct_spans(text);
    for (qi, &(open, content, close_end)) in quotes.iter().enumerate() {
        let next_open = quotes.get(qi + 1).map_or(text.len(), |q| q.0);
        let mut q = Quote {
            span: content,
            text: text[content.start..content.end].to_string(),
            kind: QuoteKind::Direct,
            ..Default::default()
        };
        // A cue after the quote in its last sentence ("», a déclaré X"),
        // else before it in its first sentence ("X a déclaré : «").
        let after = doc
            .sentence_of(close_end.saturating_sub(1))
            .map(|s| s.end.min(next_open));
        let cue_after = after.and_then(|end| {
            doc.words_in(close_end, end)
                .take(8)
                .find(|&k| is_cue(&words[k], lang))
        });
        let cue_before = doc.sentence_of(open).and_then(|s| {
            doc.words_in(s.start, open)
                .rev()
                .find(|&k| is_cue(&words[k], lang))
        });
        let prev = out.last().filter(|p| p.kind == QuoteKind::Direct).cloned();
        match cue_after.or(cue_before) {
            Some(v) => {
                doc.fill_speaker(&mut q, v, prev.as_ref());
                used_cues.push(v);
            }
            None => {
                let n_words = doc.words_in(content.start, content.end).len();
                // A quote continuing the previous one (next sentence or paragraph).
                match prev.filter(|p| open.saturating_sub(p.span.end) < 400 && n_words >= MIN_WORDS)
                {
                    Some(p) => {
                        q.cue = p.cue.clone();
                        q.cue_span = p.cue_span;
                        q.speaker = p.speaker.clone();
                        q.speaker_span = p.speaker_span;
                        q.speaker_id = p.speaker_id.clone();
                        q.speaker_name = p.speaker_name.clone();
                    }
                    None if n_words < MIN_WORDS => continue,
                    None => {}
                }
            }
        }
        out.push(q);
    }
    // Reported speech: a cue verb with a "que/that" clause.
    let comp = rules(lang).complementizers;
    let direct_count = out.len();
    let mut absorbed: Vec<usize> = Vec::new();
    for s in sentences {
        let range = doc.words_in(s.start, s.end);
        let mut end = s.end;
        if let Some(last) = range.clone().last() {
            if crate::syntax::is_punct(&words[last]) {
                end = words[last].span.start;
            }
        }
        for v in range.clone() {
            if !is_cue(&words[v], lang) {
                continue;
            }
            // "did not say whether…", "n'a pas dit si…": nothing was said.
            let negated = range.clone().any(|k| {
                words[k].head == Some(v)
                    && in_any(|r| r.negations, &words[k].form(text).to_lowercase())
            });
            if negated {
                continue;
            }
            let that = (v + 1..range.end.min(v + 6))
                .find(|&k| comp.contains(&words[k].form(text).to_lowercase().as_str()));
            // "said he expects…": a clausal complement without "that".
            // The clause must start right after the verb (a time word may
            // come between: "said Friday the talks…").
            let clause = || {
                (v + 1..range.end).find(|&k| {
                    words[k].head == Some(v)
                        && words[k].rel == "ccomp"
                        && doc.subtree(k).start > words[v].span.end
                        && doc.words_in(words[v].span.end, doc.subtree(k).start).len() <= 2
                })
            };
            let start = match that {
                Some(c) => words.get(c + 1).map_or(end, |w| w.span.start),
                None => match clause().filter(|&k| subtree_words(&doc, k).len() >= MIN_WORDS) {
                    Some(k) => doc.subtree(k).start,
                    None => continue,
                },
            };
            // A cue inside an incidental relative clause ("X, qui a déclaré
            // que …, a quitté…") reports no further than the clause's comma.
            let relative_subject = range.clone().any(|k| {
                words[k].head == Some(v)
                    && words[k].rel.starts_with("nsubj")
                    && k < v
                    && in_any(|r| r.relatives, &words[k].form(text).to_lowercase())
                    && k > range.start
                    && words[k - 1].form(text) == ","
            });
            let end = if words[v].rel.starts_with("acl") || relative_subject {
                range
                    .clone()
                    .find(|&k| words[k].span.start > start && words[k].form(text) == ",")
                    .map_or(end, |k| end.min(words[k].span.start))
            } else {
                end
            };
            if start >= end {
                continue;
            }
            // "X reports that … « quoted » …": the clause carries the quote
            // its cue introduced; the direct quote is folded into it.
            if used_cues.contains(&v) {
                let inner: Vec<usize> = (0..direct_count)
                    .filter(|&k| out[k].span.start >= start && out[k].span.end <= end)
                    .collect();
                if inner.is_empty() {
                    continue;
                }
                absorbed.extend(inner);
            }
            let mut q = Quote {
                span: Span::new(start, end),
                text: text[start..end].trim_end().to_string(),
                kind: QuoteKind::Indirect,
                ..Default::default()
            };
            q.span.end = start + q.text.len();
            let prev = out.iter().rfind(|p| p.span.end <= start).cloned();
            doc.fill_speaker(&mut q, v, prev.as_ref());
            used_cues.push(v);
            out.push(q);
        }
        // "…, a source said." / "…, a déclaré le ministre.": a short tail
        // after the sentence's last comma holds the cue and its subject.
        if let Some((mut q, v)) = trailing_attribution(&doc, lang, s, range.clone(), &used_cues) {
            if !out[..direct_count]
                .iter()
                .any(|d| d.span.start < q.span.end && q.span.start < d.span.end)
            {
                let prev = out.iter().rfind(|p| p.span.end <= q.span.start).cloned();
                doc.fill_speaker(&mut q, v, prev.as_ref());
                used_cues.push(v);
                out.push(q);
            }
        }
        // "Selon X, …" / "According to X, …" at the start of a sentence.
        let sources = rules(lang).sources;
        let head = &text[s.start..s.end];
        let lower = head.to_lowercase();
        if let Some(src) = sources.iter().find(|p| lower.starts_with(*p)) {
            if range.clone().any(|k| is_cue(&words[k], lang)) {
                continue;
            }
            if let Some(comma) = head.find(',') {
                let sp = Span::new(s.start + src.len(), s.start + comma);
                let who = text[sp.start..sp.end].trim();
                let rest = head[comma + 1..].trim().trim_end_matches(['.', '!', '?']);
                if !who.is_empty() && rest.split_whitespace().count() >= MIN_WORDS {
                    let cstart = s.start
                        + comma
                        + 1
                        + (head[comma + 1..].len() - head[comma + 1..].trim_start().len());
                    out.push(sourced(
                        &doc,
                        Span::new(cstart, cstart + rest.len()),
                        Span::new(s.start, s.start + src.len()),
                        sp,
                    ));
                }
            }
        } else if let Some(q) = trailing_source(&doc, s, sources) {
            // "…, according to X." / "…, selon X."
            if !out
                .iter()
                .any(|o| o.span.start < q.span.end && q.span.start < o.span.end)
            {
                out.push(q);
            }
        }
    }
    absorbed.sort_unstable();
    absorbed.dedup();
    for k in absorbed.into_iter().rev() {
        out.remove(k);
    }
    out.sort_by_key(|q| (q.span.start, q.span.end));
    out
}

/// A quote attributed by a source phrase ("selon", "according to").
fn sourced(doc: &Doc, content: Span, cue: Span, speaker: Span) -> Quote {
    let text = doc.text;
    let mut q = Quote {
        span: content,
        text: text[content.start..content.end].to_string(),
        kind: QuoteKind::Indirect,
        cue: Some(text[cue.start..cue.end].to_string()),
        cue_span: Some(cue),
        speaker: Some(text[speaker.start..speaker.end].trim().to_string()),
        speaker_span: Some(speaker),
        ..Default::default()
    };
    if let Some(e) = doc.entity_at(speaker, None).or_else(|| {
        doc.entities
            .iter()
            .find(|e| speaker.start <= e.span.start && e.span.end <= speaker.end)
    }) {
        q.speaker_id = e.entity_id.clone();
        q.speaker_name = e.canonical.clone().or(Some(e.text.clone()));
    }
    q
}

/// "Content, according to X." at the end of a sentence: X is at most
/// eight words up to the next comma or the sentence's end.
fn trailing_source(doc: &Doc, s: &Span, sources: &[&str]) -> Option<Quote> {
    let head = &doc.text[s.start..s.end];
    // ASCII lower-casing keeps byte offsets.
    let lower = head.to_ascii_lowercase();
    let (at, src) = sources
        .iter()
        .filter_map(|p| lower.rfind(&format!(", {p} ")).map(|i| (i, *p)))
        .max_by_key(|x| x.0)?;
    let content = head[..at].trim_end();
    if content.split_whitespace().count() < MIN_WORDS + 1 {
        return None;
    }
    let who_start = at + 2 + src.len() + 1;
    let tail = &head[who_start..];
    let who = tail
        .split(',')
        .next()
        .unwrap_or_default()
        .trim_end()
        .trim_end_matches(['.', '!', '?', '»', '"', '”'])
        .trim_end();
    if who.is_empty() || who.split_whitespace().count() > 8 {
        return None;
    }
    let lead = content.len() - content.trim_start().len();
    Some(sourced(
        doc,
        Span::new(s.start + lead, s.start + content.len()),
        Span::new(s.start + at + 2, s.start + at + 2 + src.len()),
        Span::new(s.start + who_start, s.start + who_start + who.len()),
    ))
}

/// The words of the subtree of `k`.
fn subtree_words(doc: &Doc, k: usize) -> std::ops::Range<usize> {
    let s = doc.subtree(k);
    doc.words_in(s.start, s.end)
}

/// Words after the last comma of a sentence that are only the attribution:
/// a cue verb and its subject, at most [`TAIL_WORDS`] words.
const TAIL_WORDS: usize = 7;

fn trailing_attribution(
    doc: &Doc,
    lang: Lang,
    s: &Span,
    range: std::ops::Range<usize>,
    used: &[usize],
) -> Option<(Quote, usize)> {
    let words = doc.words;
    let comma = range
        .clone()
        .rev()
        .find(|&k| words[k].form(doc.text) == ",")?;
    let tail = comma + 1..range.end;
    let content_words = (range.start..comma)
        .filter(|&k| !crate::syntax::is_punct(&words[k]))
        .count();
    if tail.len() > TAIL_WORDS + 1 || content_words < MIN_WORDS + 1 {
        return None;
    }
    let v = tail
        .clone()
        .find(|&k| is_cue(&words[k], lang) && !used.contains(&k))?;
    // The tail is the attribution only: the cue's subject is in it, and no
    // other verb or relative clause ("…, qui a promis", "…, n'a pas réagi").
    let relative = |k: usize| in_any(|r| r.relatives, &words[k].form(doc.text).to_lowercase());
    let has_subject = tail
        .clone()
        .any(|k| words[k].head == Some(v) && words[k].rel.starts_with("nsubj"));
    if !has_subject
        || tail
            .clone()
            .any(|k| relative(k) || (k != v && words[k].pos == "VERB" && words[k].head != Some(v)))
    {
        return None;
    }
    let start = words[range.start].span.start;
    let stop = words[comma].span.start;
    let content = doc.text[start..stop].trim_end();
    if content.is_empty() || s.start > start {
        return None;
    }
    Some((
        Quote {
            span: Span::new(start, start + content.len()),
            text: content.to_string(),
            kind: QuoteKind::Indirect,
            ..Default::default()
        },
        v,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_marks_nest_and_unclosed_quotes_end_with_the_paragraph() {
        let t = "« Il a dit “non” hier », a-t-il ajouté.\n“Ce n'est pas sérieux, le “bouton rouge”.\nFin.";
        let q = direct_spans(t);
        let texts: Vec<&str> = q.iter().map(|(_, s, _)| &t[s.start..s.end]).collect();
        assert_eq!(
            texts,
            [
                "Il a dit “non” hier",
                "Ce n'est pas sérieux, le “bouton rouge”."
            ]
        );
    }

    #[test]
    fn marks_around_blanks_quote_nothing() {
        for t in ["« »", "Il a dit \" ” hier.", "“\u{a0}\n", "''  ''", "«"] {
            assert!(direct_spans(t).is_empty(), "{t:?}");
        }
    }

    #[test]
    fn doubled_apostrophes_quote_but_single_ones_do_not() {
        let t = "''It's more tinkering,'' he said. ''I wouldn't call it reform.''\nIt's 'fine'.";
        let q = direct_spans(t);
        let texts: Vec<&str> = q.iter().map(|(_, s, _)| &t[s.start..s.end]).collect();
        assert_eq!(
            texts,
            ["It's more tinkering,", "I wouldn't call it reform."]
        );
        assert_eq!(q[0].2, t.find(" he").unwrap());
    }

    /// The quotes of `input` ("fr: …" or "en: …"), analysed by the shipped
    /// models, as `kind cue=… speaker=… «text»`, " | " between quotes.
    fn check(input: &str, expect: &str) -> Result<(), String> {
        use crate::shipped::{DEPS_EN, DEPS_FR, NER_EN, NER_FR, POS_EN, POS_FR};
        let (lang, text) = input.split_once(": ").expect("lang: text");
        let (tagger, parser, ner, l) = match lang {
            "fr" => (&*POS_FR, &*DEPS_FR, &*NER_FR, veille_text::Lang::Fr),
            _ => (&*POS_EN, &*DEPS_EN, &*NER_EN, veille_text::Lang::En),
        };
        let (tokens, sentences) = veille_text::segment(text, l);
        let words = crate::syntax::words(text, &tokens, &sentences, tagger, Some(parser), |_| true);
        let entities = crate::ner::recognize(ner, text, &tokens, &sentences);
        let got: Vec<String> = find(text, Lang::from_code(lang), &sentences, &words, &entities)
            .iter()
            .map(|q| {
                format!(
                    "{} cue={} speaker={} «{}»",
                    q.kind.as_str(),
                    q.cue.as_deref().unwrap_or("-"),
                    q.speaker.as_deref().unwrap_or("-"),
                    q.text
                )
            })
            .collect();
        same(input, &got.join(" | "), expect)
    }

    const CASES: &[(&str, &str)] = &[
        // French direct quotes: cue after, cue before, inverted pronoun.
        (
            "fr: « Nous ne céderons rien sur les retraites », a déclaré Élisabeth Borne mardi.",
            "direct cue=a déclaré speaker=Élisabeth Borne «Nous ne céderons rien sur les retraites»",
        ),
        (
            "fr: Le maire de Lyon a affirmé : « La ville ne paiera pas ces travaux. »",
            "direct cue=a affirmé speaker=Le maire de Lyon «La ville ne paiera pas ces travaux.»",
        ),
        (
            "fr: « Le dialogue reste ouvert avec les syndicats », a-t-il ajouté.",
            "direct cue=a-t-il ajouté speaker=il «Le dialogue reste ouvert avec les syndicats»",
        ),
        (
            "fr: « Nous attendons des actes concrets », estime Sophie Binet.",
            "direct cue=estime speaker=Sophie Binet «Nous attendons des actes concrets»",
        ),
        // Scare quotes without a cue are not quotes.
        ("fr: Le gouvernement parle de « sobriété » cet hiver.", ""),
        // French reported speech.
        (
            "fr: Le ministre de l'Intérieur a annoncé que les contrôles seraient renforcés aux frontières.",
            "indirect cue=a annoncé speaker=Le ministre de l'Intérieur «les contrôles seraient renforcés aux frontières»",
        ),
        (
            "fr: Selon le syndicat, la grève sera reconduite jusqu'à vendredi.",
            "indirect cue=Selon speaker=le syndicat «la grève sera reconduite jusqu'à vendredi»",
        ),
        (
            "fr: D'après Météo-France, les orages toucheront tout le sud du pays.",
            "indirect cue=D'après speaker=Météo-France «les orages toucheront tout le sud du pays»",
        ),
        (
            "fr: Les négociations ont repris ce matin à Bruxelles, selon une source diplomatique.",
            "indirect cue=selon speaker=une source diplomatique «Les négociations ont repris ce matin à Bruxelles»",
        ),
        (
            "fr: Le patron de la SNCF n'a pas dit si les prix augmenteraient.",
            "",
        ),
        // English direct quotes.
        (
            "en: \"We will not back down,\" Governor Gavin Newsom said on Tuesday.",
            "direct cue=said speaker=Governor Gavin Newsom «We will not back down,»",
        ),
        (
            "en: “The deal is dead for now,” said Chuck Schumer.",
            "direct cue=said speaker=Chuck Schumer «The deal is dead for now,»",
        ),
        (
            "en: “We expect a decision within weeks,” she told reporters.",
            "direct cue=told speaker=she «We expect a decision within weeks,»",
        ),
        // English reported speech.
        (
            "en: The mayor of Chicago said that the new budget would protect public schools.",
            "indirect cue=said speaker=The mayor of Chicago «the new budget would protect public schools»",
        ),
        (
            "en: According to the union, the strike will continue until Friday.",
            "indirect cue=According to speaker=the union «the strike will continue until Friday»",
        ),
        (
            "en: Rail traffic will resume on Monday morning, according to Network Rail.",
            "indirect cue=according to speaker=Network Rail «Rail traffic will resume on Monday morning»",
        ),
        (
            "en: The company did not say whether more jobs would be cut.",
            "",
        ),
        (
            "fr: « Le texte sera voté avant l'été », a indiqué lundi le porte-parole du gouvernement.",
            "direct cue=a indiqué speaker=le porte-parole du gouvernement «Le texte sera voté avant l'été»",
        ),
        (
            "en: \"The deal is dead for now,\" said Chuck Schumer on Tuesday.",
            "direct cue=said speaker=Chuck Schumer «The deal is dead for now,»",
        ),
        // A relative pronoun is not a speaker: its antecedent is.
        (
            "fr: Le maire de Nantes, qui a déclaré que le tramway serait prolongé, a quitté la salle.",
            "indirect cue=a déclaré speaker=Le maire de Nantes «le tramway serait prolongé»",
        ),
        (
            "en: The senator, who said that the bill would pass, left early.",
            "indirect cue=said speaker=The senator «the bill would pass»",
        ),
        (
            "fr: La délégation a rencontré Paul Durand , qui affirme que le site fermera en mars.",
            "indirect cue=affirme speaker=Paul Durand «le site fermera en mars»",
        ),
        // An inverted pronoun keeps only the pronoun.
        (
            "fr: « Nous ne lâcherons rien », a-t-elle lancé devant les grévistes.",
            "direct cue=a-t-elle lancé speaker=elle «Nous ne lâcherons rien»",
        ),
        // A quote that goes on after its cue keeps cue and speaker.
        (
            "en: “We are ready,” the minister said. “The talks start on Monday and will last a week.”",
            "direct cue=said speaker=the minister «We are ready,» | direct cue=said speaker=the minister «The talks start on Monday and will last a week.»",
        ),
    ];

    fn same(input: &str, got: &str, expect: &str) -> Result<(), String> {
        if got == expect {
            Ok(())
        } else {
            Err(format!("{input}\n  want: {expect}\n  got:  {got}"))
        }
    }

    #[test]
    fn quote_cases() {
        assert!(CASES.len() >= 15);
        let bad = veille_core::case_failures(CASES, check);
        assert!(bad.is_empty(), "{} failing:\n{}", bad.len(), bad.join("\n"));
    }
}
