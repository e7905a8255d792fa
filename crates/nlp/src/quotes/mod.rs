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
    /// Nouns of time that may stand between an inverted cue and its
    /// speaker ("a rapporté jeudi le journal"): never the speaker.
    pub time_nouns: &'static [&'static str],
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
    /// A direct fragment inside reported speech ("a dit que l'accord est
    /// « mort »") is also a quote of its own; otherwise the reported
    /// clause carries it.
    pub fragments_kept: bool,
    /// Lemmas of cues whose noun-phrase object is the reported content
    /// ("a annoncé sa démission", "ont nié ces accusations").
    pub object_cues: &'static [&'static str],
    /// Whether an infinitive after a cue is reported content ("a déclaré
    /// vouloir…", "affirme ne pas être…", "appelle à manifester").
    pub infinitives: bool,
    /// Prepositions that may open such an infinitive ("de", "à").
    pub infinitive_marks: &'static [&'static str],
    /// Verbs under which a cue reports nothing yet ("devrait annoncer").
    pub modals: &'static [&'static str],
    /// Reflexive clitics ("s'assurer" is not "assurer"), and the cues that
    /// still report with one ("se dire", "s'est déclaré candidat").
    pub reflexives: &'static [&'static str],
    pub reflexive_cues: &'static [&'static str],
    /// Prepositions through which an object cue reaches what was said
    /// ("called for a ban", "called on X to…").
    pub object_prepositions: &'static [&'static str],
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
    /// Contents of the direct quotes: never a speaker, never an antecedent.
    quoted: Vec<Span>,
}

/// What a sentence is about: its subject before its first verb.
enum Topic<'a> {
    Named(&'a Entity),
    /// The subject pronoun's word.
    Pronoun(usize),
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

    /// The last person named before `pos`, outside quotes.
    fn last_person(&self, pos: usize) -> Option<&Entity> {
        self.entities
            .iter()
            .filter(|e| e.label == EntityLabel::Per && e.span.end <= pos && !self.in_quote(e.span))
            .max_by_key(|e| e.span.start)
    }

    /// Whether `span` overlaps the content of a direct quote.
    fn in_quote(&self, span: Span) -> bool {
        self.quoted
            .iter()
            .any(|q| q.start < span.end && span.start < q.end)
    }

    /// Whether cue word `v` reports speech here: not a reflexive use of
    /// the verb ("s'assurer", "s'appelle"), unless the cue reports with
    /// one ("se dit prêt").
    fn speech(&self, v: usize) -> bool {
        let w = &self.words[v];
        if !is_cue(w, self.lang) {
            return false;
        }
        let r = rules(self.lang);
        if r.reflexive_cues.contains(&w.lemma.as_str()) {
            return true;
        }
        // The clitic right before the verb or its auxiliary ("s'est").
        let sent = self.sentence_of(w.span.start).unwrap_or(w.span);
        let first = self.words_in(sent.start, sent.end).start;
        (first.max(v.saturating_sub(2))..v).rev().all(|k| {
            let f = self.words[k].form(self.text).to_lowercase();
            !r.reflexives.contains(&f.as_str())
        })
    }

    /// The topic of sentence `s`: the person or organisation named, or the
    /// subject pronoun, before its first verb outside quotes.
    fn topic(&self, s: Span) -> Option<Topic<'_>> {
        let range = self.words_in(s.start, s.end);
        let verb = range.clone().find(|&k| {
            matches!(self.words[k].pos.as_str(), "VERB" | "AUX")
                && !self.in_quote(self.words[k].span)
        })?;
        let at = self.words[verb].span.start;
        let named = self
            .entities
            .iter()
            .filter(|e| {
                matches!(e.label, EntityLabel::Per | EntityLabel::Org)
                    && e.span.start >= s.start
                    && e.span.end <= at
                    && !self.in_quote(e.span)
            })
            .min_by_key(|e| (e.label != EntityLabel::Per, e.span.start));
        let pron = range
            .clone()
            .take_while(|&k| k < verb)
            .find(|&k| self.words[k].pos == "PRON" && pronoun(self.words[k].form(self.text)));
        match (named, pron) {
            (Some(e), Some(p)) if self.words[p].span.start < e.span.start => {
                Some(Topic::Pronoun(p))
            }
            (Some(e), _) => Some(Topic::Named(e)),
            (None, Some(p)) => Some(Topic::Pronoun(p)),
            (None, None) => None,
        }
    }

    /// Whether cue `v` opens its clause (sentence start, or after a comma,
    /// a quote or a colon, auxiliaries and adverbs aside): "…, a déclaré
    /// X", where the noun after the verb is its subject.
    fn opens_clause_at(&self, v: usize) -> bool {
        let sent = self
            .sentence_of(self.words[v].span.start)
            .unwrap_or(self.words[v].span);
        let first = self.words_in(sent.start, sent.end).start;
        (first..v)
            .rev()
            .find(|&k| {
                let w = &self.words[k];
                !(matches!(w.pos.as_str(), "AUX" | "ADV") || pronoun(w.form(self.text)))
            })
            .is_none_or(|k| crate::syntax::is_punct(&self.words[k]))
    }

    /// The noun phrase around head word `h`, without its clauses: for a
    /// subject whose parse took in a quote.
    fn np_around(&self, h: usize) -> Span {
        let sent = self
            .sentence_of(self.words[h].span.start)
            .unwrap_or(self.words[h].span);
        let range = self.words_in(sent.start, sent.end);
        let mut a = h;
        while a > range.start && matches!(self.words[a - 1].pos.as_str(), "DET" | "ADJ") {
            a -= 1;
        }
        let mut b = h;
        while b + 1 < range.end
            && matches!(
                self.words[b + 1].pos.as_str(),
                "ADP" | "DET" | "NOUN" | "PROPN" | "ADJ"
            )
            && !self.in_quote(self.words[b + 1].span)
        {
            b += 1;
        }
        // Not ending on a preposition or determiner.
        while b > h && matches!(self.words[b].pos.as_str(), "ADP" | "DET") {
            b -= 1;
        }
        Span::new(self.words[a].span.start, self.words[b].span.end)
    }

    /// The subject of cue `v` when the parse gives none: a person or
    /// organisation named (or a subject pronoun) before the sentence's
    /// first verb, else the noun phrase that opens the sentence ("Le
    /// maire de la ville, élu en 2020, affirme…").
    fn subject_before(&self, v: usize) -> Option<(Span, Span)> {
        let sent = self.sentence_of(self.words[v].span.start)?;
        let upto = Span::new(sent.start, self.words[v].span.start);
        // The topic before the first verb, the cue itself included (the
        // cue is often the sentence's first verb).
        match self.topic(Span::new(sent.start, self.words[v].span.end)) {
            Some(Topic::Named(e)) => return Some((e.span, e.span)),
            Some(Topic::Pronoun(k)) => {
                let p = self.pronoun_span(k);
                return Some((p, p));
            }
            None => {}
        }
        let range = self.words_in(upto.start, upto.end);
        let first = range.start;
        if first >= v || self.words[first].pos != "DET" {
            return None;
        }
        let mut end = first;
        let mut head = None;
        for k in range {
            let w = &self.words[k];
            match w.pos.as_str() {
                "NOUN" | "PROPN" => head = head.or(Some(k)),
                "DET" | "ADJ" | "ADP" => {}
                _ => break,
            }
            end = k;
        }
        let h = head?;
        let span = Span::new(self.words[first].span.start, self.words[end].span.end);
        (!self.in_quote(span)).then_some((span, self.words[h].span))
    }

    /// The mention a subject pronoun at `at` stands for: the topic of the
    /// nearest earlier sentence that names one (through sentences whose
    /// topic is itself a pronoun), or the previous quote's speaker when
    /// that quote is nearer. Singular pronouns stand for persons, plural
    /// ones for persons or organisations.
    fn antecedent_of(
        &self,
        at: usize,
        plural: bool,
        prev: Option<&Quote>,
    ) -> Option<(Option<String>, Option<String>)> {
        let here = self.sentences.partition_point(|s| s.end <= at);
        let mut chain_start: Option<usize> = None;
        let mut found = None;
        for i in (here.saturating_sub(6)..here).rev() {
            let s = self.sentences[i];
            match self.topic(s) {
                Some(Topic::Named(e))
                    if e.label == EntityLabel::Per || (plural && e.label == EntityLabel::Org) =>
                {
                    found = Some((e, chain_start.unwrap_or(s.start)));
                    break;
                }
                Some(Topic::Pronoun(_)) => {
                    chain_start.get_or_insert(s.start);
                }
                _ => {}
            }
        }
        let prev = prev.filter(|p| {
            p.speaker_name.is_some() || p.speaker.as_deref().is_some_and(|s| !pronoun(s))
        });
        let prev_at = prev.map(|p| p.span.start.max(p.speaker_span.map_or(0, |s| s.start)));
        match (found, prev) {
            (Some((e, pos)), p) if prev_at.is_none_or(|q| pos > q) || p.is_none() => Some((
                e.entity_id.clone(),
                e.canonical.clone().or(Some(e.text.clone())),
            )),
            (_, Some(p)) if at.saturating_sub(p.span.end) < 800 => Some((
                p.speaker_id.clone(),
                p.speaker_name.clone().or(p.speaker.clone()),
            )),
            _ if plural => self
                .entities
                .iter()
                .filter(|e| {
                    matches!(e.label, EntityLabel::Org | EntityLabel::Per)
                        && e.span.end <= at
                        && at - e.span.end < 400
                        && !self.in_quote(e.span)
                })
                .max_by_key(|e| e.span.start)
                .map(|e| {
                    (
                        e.entity_id.clone(),
                        e.canonical.clone().or(Some(e.text.clone())),
                    )
                }),
            _ => self.last_person(at).map(|e| {
                (
                    e.entity_id.clone(),
                    e.canonical.clone().or(Some(e.text.clone())),
                )
            }),
        }
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
        // A partitive "de" opens a noun phrase ("d'autres policiers").
        let partitive = first.is_some_and(|w| {
            matches!(
                w.form(self.text).to_lowercase().as_str(),
                "d'" | "d’" | "de" | "des"
            )
        }) && self
            .words_in(span.start, span.end)
            .nth(1)
            .is_some_and(|k| matches!(self.words[k].pos.as_str(), "ADJ" | "DET"));
        let lead_ok = partitive
            || first.is_none_or(|w| !matches!(w.pos.as_str(), "ADP" | "SCONJ" | "CCONJ" | "ADV"));
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
            // A participle ("affirmant que", "saying"): the speaker of the
            // cue it follows in its sentence ("…, a-t-il dit, ajoutant
            // que…"), else the person named last before it.
            if let Some(found) = (range.start..v)
                .rev()
                .find(|&k| self.speech(k))
                .and_then(|k| self.speaker_of(k))
            {
                return Some(found);
            }
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
            // A name right before the verb group, outside that subject,
            // is the nearer subject the parse missed ("…, mais l'envoyé
            // à l'ONU, Jan Novak a affirmé que…").
            if let Some(e) = self
                .name_before_verb(v)
                .filter(|e| s < v && !(span.start <= e.span.start && e.span.end <= span.end))
            {
                return Some((e.span, e.span));
            }
            if self.nominal(span, s) {
                return Some((span, self.words[s].span));
            }
        }
        // A verb coordinated with an earlier one shares its subject ("X
        // dénonce … et avertit que …").
        if self.words[v].rel == "conj" {
            if let Some(h) = self.words[v].head.filter(|&h| h < v) {
                if let Some(found) = self.speaker_of(h) {
                    return Some(found);
                }
            }
        }
        // Inverted subject: "a déclaré Xi", "ont déclaré les correspondants…",
        // never inside the reported clause, and only where the verb opens
        // its clause (after a comma, a quote or a colon: "…, a déclaré X");
        // otherwise a noun after the verb is its object.
        if !self.opens_clause_at(v) {
            return None;
        }
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
            if in_any(|r| r.time_nouns, &f) {
                continue;
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

    /// A person or organisation named right before the verb group of
    /// `v` (its auxiliaries and adverbs), nothing but blanks between.
    fn name_before_verb(&self, v: usize) -> Option<&Entity> {
        let sent = self.sentence_of(self.words[v].span.start)?;
        let mut first = v;
        while first > 0
            && self.words[first - 1].span.start >= sent.start
            && matches!(self.words[first - 1].pos.as_str(), "AUX" | "ADV")
        {
            first -= 1;
        }
        let at = self.words[first].span.start;
        self.entities.iter().find(|e| {
            matches!(e.label, EntityLabel::Per | EntityLabel::Org)
                && e.span.start >= sent.start
                && e.span.end <= at
                && self.text[e.span.end..at].trim().is_empty()
                && !self.in_quote(e.span)
        })
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
        // Never the quote itself, nor a quote elsewhere; when the parse
        // gives no subject, what the sentence is about before the cue.
        let overlaps = |s: Span| s.start < q.span.end && q.span.start < s.end;
        let Some((span, head)) = self
            .speaker_of(v)
            .and_then(|(s, h)| {
                if !self.in_quote(s) && !overlaps(s) {
                    return Some((s, h));
                }
                // A subject whose parse took in a quote: its noun phrase.
                let k = self.words_in(h.start, h.end).next()?;
                let np = self.np_around(k);
                (!self.in_quote(h) && !self.in_quote(np) && !overlaps(np)).then_some((np, h))
            })
            .or_else(|| self.subject_before(v))
        else {
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
            if let Some((id, name)) = self.antecedent_of(q.span.start.min(span.start), plural, prev)
            {
                q.speaker_id = id;
                q.speaker_name = name;
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
    let quotes = direct_spans(text);
    let doc = Doc {
        text,
        lang,
        words,
        sentences,
        entities,
        quoted: quotes.iter().map(|q| q.1).collect(),
    };
    let mut out: Vec<Quote> = Vec::new();
    let mut used_cues: Vec<usize> = Vec::new();
    for &(open, content, close_end) in &quotes {
        let mut q = Quote {
            span: content,
            text: text[content.start..content.end].to_string(),
            kind: QuoteKind::Direct,
            ..Default::default()
        };
        // A cue after the quote in its last sentence ("», a déclaré X"),
        // else before it in its first sentence ("X a déclaré : «").
        let after = doc.sentence_of(close_end.saturating_sub(1)).map(|s| s.end);
        let n_words = doc.words_in(content.start, content.end).len();
        // A short name or title in marks ("l'opération « Bouclier du
        // Nord »", "l'équipe « Lions »") right after a word: a label.
        let before = text[..open].trim_end().chars().next_back();
        let capital = text[content.start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        if n_words < MIN_WORDS && capital && before.is_some_and(char::is_alphanumeric) {
            continue;
        }
        // A cue after the quote that opens a reported clause of its own
        // ("« … », d'autres déclarent que …") is not this quote's.
        let cue_after = after.and_then(|end| {
            doc.words_in(close_end, end)
                .filter(|&k| !doc.in_quote(words[k].span))
                .take(8)
                .find(|&k| doc.speech(k))
                .filter(|&v| !opens_clause(&doc, v))
        });
        let cue_before = doc
            .sentence_of(open)
            .and_then(|s| doc.words_in(s.start, open).rev().find(|&k| doc.speech(k)))
            .map(|mut v| {
                // Where attributions do not nest, the cue that governs
                // this one ("X said Y hoped “…”": X's said).
                if !rules(lang).fragments_kept {
                    for _ in 0..4 {
                        match words[v].head {
                            Some(h) if h < v && doc.speech(h) => v = h,
                            _ => break,
                        }
                    }
                }
                v
            });
        // "Selon X, « … »", "…, d'après X, « … »", "« … », selon X."
        let source = source_for(&doc, open, close_end)
            .filter(|(c, _)| cue_before.is_none_or(|v| words[v].span.start < c.start))
            .filter(|_| n_words >= MIN_WORDS);
        let prev = out.last().filter(|p| p.kind == QuoteKind::Direct).cloned();
        if let (None, Some((cue, who))) = (cue_after, source) {
            attribute(&doc, &mut q, cue, who);
            out.push(q);
            continue;
        }
        match cue_after.or(cue_before) {
            Some(v) => {
                // "However good the goal, the plan “is misguided,” said X":
                // where fragments are not quotes of their own, the words
                // of the sentence before the quote are reported with it.
                if cue_after == Some(v) && cue_before.is_none() && !rules(lang).fragments_kept {
                    if let Some(s) = doc.sentence_of(open) {
                        let lead = trimmed(text, Span::new(s.start, open));
                        if lead.start < lead.end
                            && words_outside_quotes(&doc, lead) >= 2
                            && !lead.slice(text).ends_with(':')
                        {
                            q.span = Span::new(lead.start, content.end);
                            q.text = q.span.slice(text).to_string();
                            q.kind = QuoteKind::Indirect;
                        }
                    }
                }
                doc.fill_speaker(&mut q, v, prev.as_ref());
                used_cues.push(v);
            }
            None if colon_subject(&doc, open, &mut q, prev.as_ref()) => {}
            None => {
                // A quote continuing the previous one (next sentence or
                // paragraph): it opens its sentence; a fragment quoted
                // inside a sentence of the author's continues nothing.
                let opens_sentence = doc
                    .sentence_of(open)
                    .is_none_or(|s| text[s.start.min(open)..open].trim().is_empty());
                // A fragment inside a sentence: what the sentence's subject
                // says ("He ended his speech with « … »").
                let inside = !opens_sentence
                    && n_words >= MIN_WORDS
                    && doc.sentence_of(open).is_some_and(|s| {
                        topic_speaker(&doc, Span::new(s.start, open), &mut q, prev.as_ref())
                    });
                match prev.filter(|p| {
                    open.saturating_sub(p.span.end) < 400
                        && n_words >= MIN_WORDS
                        && opens_sentence
                        && !inside
                }) {
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
            // A cue inside a direct quote reports inside it: where direct
            // fragments are not quotes of their own, the quote is the
            // attribution (no nested ones).
            if !doc.speech(v) || (!rules(lang).fragments_kept && doc.in_quote(words[v].span)) {
                continue;
            }
            // Nor, there, a cue inside what an earlier cue reports ("X
            // said Washington hoped the talks…": X's attribution only).
            let wv = words[v].span;
            if !rules(lang).fragments_kept
                && out[direct_count..]
                    .iter()
                    .any(|q| q.span.start <= wv.start && wv.end <= q.span.end)
            {
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
            // The complementizer of this cue, not of a later verb ("ont-ils
            // écrit, ajoutant que…").
            let that = (v + 1..range.end.min(v + 6))
                .take_while(|&k| words[k].pos != "VERB")
                .find(|&k| comp.contains(&words[k].form(text).to_lowercase().as_str()))
                .or_else(|| {
                    // Further on: the complementizer of a clause after
                    // the cue's prepositional phrases ("said during a
                    // rally in Ohio that…"; parsers often read it as a
                    // relative pronoun there), or one the parse marks so;
                    // a subject follows it.
                    (v + 1..range.end).find(|&k| {
                        comp.contains(&words[k].form(text).to_lowercase().as_str())
                            && (words[k].rel == "mark" || words[v + 1].pos == "ADP")
                            && words[k].head.is_some_and(|h| h > k + 1)
                            && words
                                .get(k + 1)
                                .is_some_and(|n| !matches!(n.pos.as_str(), "VERB" | "AUX"))
                            && !(v + 1..k).any(|j| {
                                matches!(words[j].pos.as_str(), "VERB" | "AUX")
                                    || crate::syntax::is_punct(&words[j])
                                    || doc.in_quote(words[j].span)
                            })
                    })
                });
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
            let mut limit = end;
            let start = match that {
                Some(c) => words.get(c + 1).map_or(end, |w| w.span.start),
                None => match clause().filter(|&k| subtree_words(&doc, k).len() >= MIN_WORDS) {
                    Some(k) => doc.subtree(k).start,
                    None => match complement(&doc, v, range.clone(), end) {
                        Some(c) => {
                            limit = c.end;
                            c.start
                        }
                        None => continue,
                    },
                },
            };
            let end = limit;
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
                    .find(|&k| {
                        words[k].span.start > start
                            && words[k].form(text) == ","
                            && !doc.in_quote(words[k].span)
                    })
                    .map_or(end, |k| end.min(words[k].span.start))
            } else {
                end
            };
            if start >= end {
                continue;
            }
            // A quote that opens inside the clause and runs past its
            // sentence ends it ("a déclaré que « … . … »").
            let end = match quotes
                .iter()
                .find(|(o, c, _)| *o >= start && *o < end && c.end > end)
            {
                Some(&(_, _, close)) if rules(lang).fragments_kept => close,
                _ => end,
            };
            // "X reports that … « quoted » …": the clause carries the quote
            // its cue introduced; the direct quote is folded into it.
            if used_cues.contains(&v) {
                let inner: Vec<usize> = (0..direct_count)
                    .filter(|&k| out[k].span.start >= start && out[k].span.end <= end)
                    .collect();
                if inner.is_empty() {
                    continue;
                }
                if !rules(lang).fragments_kept {
                    absorbed.extend(inner);
                }
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
            let prev = out.iter().rfind(|p| p.span.end <= q.span.start).cloned();
            doc.fill_speaker(&mut q, v, prev.as_ref());
            used_cues.push(v);
            out.push(q);
        }
        // "Selon X, …", "…, d'après X, …", "…, according to X."
        if let Some(q) = sourced_clause(&doc, *s) {
            if !out.iter().any(|o| {
                o.kind == QuoteKind::Indirect
                    && o.span.start < q.span.end
                    && q.span.start < o.span.end
            }) {
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

/// Sets the cue and speaker of `q` from a source phrase ("selon X").
fn attribute(doc: &Doc, q: &mut Quote, cue: Span, speaker: Span) {
    let text = doc.text;
    q.cue = Some(cue.slice(text).to_string());
    q.cue_span = Some(cue);
    q.speaker = Some(speaker.slice(text).to_string());
    q.speaker_span = Some(speaker);
    if let Some(e) = doc.entity_at(speaker, None).or_else(|| {
        doc.entities
            .iter()
            .find(|e| speaker.start <= e.span.start && e.span.end <= speaker.end)
    }) {
        q.speaker_id = e.entity_id.clone();
        q.speaker_name = e.canonical.clone().or(Some(e.text.clone()));
    }
}

/// `span` without the blanks around it.
fn trimmed(text: &str, span: Span) -> Span {
    let t = span.slice(text);
    let lead = t.len() - t.trim_start().len();
    Span::new(span.start + lead, span.start + lead + t.trim().len())
}

/// Where source phrase `p` (lower-case ASCII-folded) starts a word in
/// `lower`: every position.
fn phrase_at(lower: &str, p: &str) -> Vec<usize> {
    lower
        .match_indices(p)
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + p.len()..].chars().next();
            before.is_none_or(|c| !c.is_alphanumeric()) && after.is_some_and(char::is_whitespace)
        })
        .collect()
}

/// Who a source phrase names: the words after it up to the next comma or
/// the end of `within`, at most eight (the cue's span, the source's span,
/// and where the comma that ends it is, if one does: closing marks may
/// stand between the source and its comma).
fn source_after(
    doc: &Doc,
    at: usize,
    len: usize,
    within: Span,
) -> Option<(Span, Span, Option<usize>)> {
    let from = at + len;
    let piece = &doc.text[from..within.end];
    let (stop, comma) = match piece.find(',') {
        Some(c) => (from + c, Some(from + c)),
        None => (within.end, None),
    };
    let who = doc.text[from..stop].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | '!' | '?' | '»' | '"' | '”' | ')')
    });
    let who = trimmed(doc.text, Span::new(from, from + who.len()));
    let n = who.slice(doc.text).split_whitespace().count();
    (n > 0 && n <= 8 && !doc.in_quote(who)).then_some((Span::new(at, at + len), who, comma))
}

/// The source phrase a direct quote falls under: "Selon X, « … »" or
/// "…, d'après X, … « … »" before it in its sentence, or "« … », selon X."
/// right after it.
fn source_for(doc: &Doc, open: usize, close_end: usize) -> Option<(Span, Span)> {
    let sources = rules(doc.lang).sources;
    let s = doc.sentence_of(open)?;
    // ASCII lower-casing keeps byte offsets.
    let lower = doc.text[s.start..open].to_ascii_lowercase();
    let before = sources
        .iter()
        .flat_map(|p| phrase_at(&lower, p).into_iter().map(move |i| (i, p.len())))
        .max_by_key(|x| x.0);
    if let Some((i, n)) = before {
        if let Some((cue, who, Some(_))) =
            source_after(doc, s.start + i, n, Span::new(s.start, open))
        {
            return Some((cue, who));
        }
    }
    let end = doc.sentence_of(close_end.saturating_sub(1))?.end;
    let tail = &doc.text[close_end.min(end)..end];
    let rest = tail.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    let at = end - rest.len();
    let lower = rest.to_ascii_lowercase();
    let p = sources
        .iter()
        .find(|p| phrase_at(&lower, p).first() == Some(&0))?;
    let (cue, who, _) = source_after(doc, at, p.len(), Span::new(at, end))?;
    Some((cue, who))
}

/// A direct quote with no verb of saying right after a name ("X « … »",
/// "X, est « … »"), or after a colon ("Il a conclu par ces mots : « … »"):
/// its speaker is that name, or the subject of the sentence (a name or a
/// pronoun). Whether one was found.
fn colon_subject(doc: &Doc, open: usize, q: &mut Quote, prev: Option<&Quote>) -> bool {
    let Some(s) = doc.sentence_of(open) else {
        return false;
    };
    // "X « … »", "X, est « … »": the quote is what the person named right
    // before it says or is.
    let lead = doc.text[s.start..open].trim_end();
    let lead = lead
        .strip_suffix("est")
        .filter(|l| l.ends_with(char::is_whitespace))
        .unwrap_or(lead)
        .trim_end()
        .trim_end_matches(',')
        .trim_end();
    if let Some(e) = doc.entities.iter().find(|e| {
        matches!(e.label, EntityLabel::Per | EntityLabel::Org)
            && e.span.end == s.start + lead.len()
            && !doc.in_quote(e.span)
    }) {
        q.speaker = Some(e.text.clone());
        q.speaker_span = Some(e.span);
        q.speaker_id = e.entity_id.clone();
        q.speaker_name = e.canonical.clone().or(Some(e.text.clone()));
        return true;
    }
    if !doc.text[..open].trim_end().ends_with(':') {
        return false;
    }
    topic_speaker(doc, Span::new(s.start, open), q, prev)
}

/// Gives `q` the topic of `lead` (the part of its sentence before it) as
/// speaker: the person or organisation named, or the subject pronoun
/// resolved. Whether there was one.
fn topic_speaker(doc: &Doc, lead: Span, q: &mut Quote, prev: Option<&Quote>) -> bool {
    match doc.topic(lead) {
        Some(Topic::Named(e)) => {
            q.speaker = Some(e.text.clone());
            q.speaker_span = Some(e.span);
            q.speaker_id = e.entity_id.clone();
            q.speaker_name = e.canonical.clone().or(Some(e.text.clone()));
            true
        }
        Some(Topic::Pronoun(k)) => {
            let span = doc.pronoun_span(k);
            let form = span.slice(doc.text).to_lowercase();
            let plural = in_any(|r| r.plural_pronouns, &form);
            if let Some((id, name)) = doc.antecedent_of(span.start, plural, prev) {
                q.speaker_id = id;
                q.speaker_name = name;
            }
            q.speaker = Some(span.slice(doc.text).to_string());
            q.speaker_span = Some(span);
            true
        }
        None => false,
    }
}

/// Whether cue `v` opens a reported clause of its own ("déclarent que").
fn opens_clause(doc: &Doc, v: usize) -> bool {
    let comp = rules(doc.lang).complementizers;
    let s = doc
        .sentence_of(doc.words[v].span.start)
        .unwrap_or(doc.words[v].span);
    let end = doc.words_in(s.start, s.end).end;
    (v + 1..end.min(v + 6))
        .take_while(|&k| !crate::syntax::is_punct(&doc.words[k]))
        .any(|k| comp.contains(&doc.words[k].form(doc.text).to_lowercase().as_str()))
}

/// Words of `span` outside quotation marks, punctuation left out.
fn words_outside_quotes(doc: &Doc, span: Span) -> usize {
    doc.words_in(span.start, span.end)
        .filter(|&k| !crate::syntax::is_punct(&doc.words[k]) && !doc.in_quote(doc.words[k].span))
        .count()
}

/// Reported content attributed by a source phrase in sentence `s`:
/// "Selon X, content", "…, d'après X, content" (an apposition after X
/// skipped: "D'après X, le porte-parole de Y, …"), "Content, selon X."
fn sourced_clause(doc: &Doc, s: Span) -> Option<Quote> {
    let text = doc.text;
    let sources = rules(doc.lang).sources;
    let lower = text[s.start..s.end].to_ascii_lowercase();
    let end = s.start
        + text[s.start..s.end]
            .trim_end()
            .trim_end_matches(['.', '!', '?'])
            .trim_end()
            .len();
    let verb_in = |a: usize, b: usize| {
        doc.words_in(a, b)
            .any(|k| matches!(doc.words[k].pos.as_str(), "VERB" | "AUX"))
    };
    let mut hits: Vec<(usize, usize)> = sources
        .iter()
        .flat_map(|p| {
            phrase_at(&lower, p)
                .into_iter()
                .map(move |i| (s.start + i, p.len()))
        })
        .collect();
    hits.sort_unstable();
    for (at, n) in hits {
        let Some((cue, who, comma_at)) = source_after(doc, at, n, Span::new(at, s.end)) else {
            continue;
        };
        let comma = comma_at.is_some();
        let lead = text.get(s.start..at).unwrap_or("").trim_end();
        let initial = lead.is_empty() || lead.ends_with(',');
        // After X and its comma: an apposition (no verb) up to a further
        // comma.
        let mut from = comma_at.map_or(who.end, |c| c + 1).min(end);
        if comma {
            if let Some(c) = text[from..end].find(',') {
                let piece = text[from..from + c].trim_start();
                let det = doc
                    .words_in(from, from + c)
                    .next()
                    .is_some_and(|k| doc.words[k].pos == "DET");
                if det && !piece.is_empty() && !verb_in(from, from + c) {
                    from += c + 1;
                }
            }
        }
        let mut content = if comma && initial && verb_in(from, end) {
            // "Selon X, content": what follows; a quote that opens it ends
            // it at the next comma after its closing mark.
            let c = trimmed(text, Span::new(from, end));
            match doc
                .quoted
                .iter()
                .find(|q| q.start > c.start && q.start <= c.start + 3)
            {
                Some(q) => {
                    let close = q.end.min(c.end);
                    let stop = text[close..c.end].find(',').map_or(c.end, |i| close + i);
                    Span::new(c.start, stop)
                }
                None => c,
            }
        } else if at > s.start && (!comma || !verb_in(from, end)) {
            // "Content, selon X." (an apposition may follow X).
            Span::new(s.start, at)
        } else {
            continue;
        };
        content = trimmed(text, content);
        let t = content.slice(text).trim_end_matches(',').trim_end();
        content.end = content.start + t.len();
        if words_outside_quotes(doc, content) < MIN_WORDS {
            continue;
        }
        // A verb of saying that opens its own clause reports it instead.
        if doc
            .words_in(content.start, content.end)
            .any(|k| doc.speech(k) && opens_clause(doc, k))
        {
            continue;
        }
        let mut q = Quote {
            span: content,
            text: content.slice(text).to_string(),
            kind: QuoteKind::Indirect,
            ..Default::default()
        };
        attribute(doc, &mut q, cue, who);
        return Some(q);
    }
    None
}

/// Reported content of cue `v` that is not a clause: an infinitive ("a
/// déclaré vouloir…", "affirme ne pas être…", "appelle à manifester") or,
/// after cues of announcing or denying, the noun phrase object ("a annoncé
/// sa candidature"), up to `end`. Nothing under a modal ("devrait
/// annoncer").
fn complement(doc: &Doc, v: usize, range: std::ops::Range<usize>, end: usize) -> Option<Span> {
    let r = rules(doc.lang);
    let w = doc.words;
    if !r.infinitives && r.object_cues.is_empty() {
        return None;
    }
    if let Some(h) = w[v].head {
        if r.modals.contains(&w[h].lemma.as_str()) {
            return None;
        }
    }
    let lower = |k: usize| w[k].form(doc.text).to_lowercase();
    let negation = |k: usize| {
        let f = lower(k);
        in_any(|r| r.negations, &f) || matches!(f.as_str(), "ne" | "n'" | "n’")
    };
    // Adverbs between ("a déclaré hier…"), not a negation.
    let mut k = v + 1;
    while k < range.end && w[k].pos == "ADV" && !negation(k) {
        k += 1;
    }
    if k >= range.end {
        return None;
    }
    if r.infinitives {
        let mut j = k + usize::from(r.infinitive_marks.contains(&lower(k).as_str()));
        let start = j;
        while j < range.end && j < start + 3 && negation(j) {
            j += 1;
        }
        let infinitive =
            j < range.end && matches!(w[j].pos.as_str(), "VERB" | "AUX") && lower(j) == w[j].lemma;
        if infinitive && start < range.end {
            let span = Span::new(w[start].span.start, end);
            if span.end > span.start && doc.words_in(span.start, span.end).len() >= 2 {
                return Some(span);
            }
        }
    }
    // After "…, a annoncé" a name is the speaker ("…, a annoncé le
    // Kremlin"), not what was announced.
    let named = |k: usize| {
        let at = w[(k + 1).min(range.end - 1)].span;
        doc.entities.iter().any(|e| {
            matches!(e.label, EntityLabel::Per | EntityLabel::Org)
                && (e.span.start == w[k].span.start || e.span.start == at.start)
        })
    };
    if !r.object_cues.contains(&w[v].lemma.as_str()) {
        return None;
    }
    // "called for a ban": the object behind a preposition, without it.
    if r.object_prepositions.contains(&lower(k).as_str()) && k + 1 < range.end {
        let o =
            (k + 1..range.end).find(|&o| w[o].head == Some(v) && w[o].rel.starts_with("obl"))?;
        let sub = doc.subtree(o);
        if sub.start == w[k].span.start {
            let from = w[k + 1].span.start;
            let to = with_predicate(doc, v, o, sub.end).min(end);
            return (to > from).then(|| Span::new(from, to));
        }
        return None;
    }
    // A determiner opens the object ("a annoncé sa démission"); other
    // noun phrases too, unless the verb opens its clause ("…, a annoncé
    // le Kremlin", "…, said Smith": the noun is its subject).
    let nominal = matches!(w[k].pos.as_str(), "DET" | "ADJ" | "NOUN" | "PROPN" | "NUM")
        || (w[k].pos == "PRON" && !pronoun(w[k].form(doc.text)));
    let postposed = doc.opens_clause_at(v) && (named(k) || w[k].pos != "DET");
    if nominal && !postposed {
        let o = (k..range.end).find(|&o| {
            w[o].head == Some(v) && (w[o].rel.starts_with("obj") || w[o].rel == "iobj")
        })?;
        let sub = doc.subtree(o);
        if sub.start == w[k].span.start && sub.end <= end {
            let to = with_predicate(doc, v, o, sub.end).min(end);
            // A recipient ("asked the candidates") is content only with
            // what it was asked or told ("…to stay home").
            if w[o].rel == "iobj" && to <= sub.end {
                return None;
            }
            return Some(Span::new(sub.start, to));
        }
    }
    None
}

/// The end of an object `o` of cue `v` that ends at `end`, taking in
/// what the cue says of it right after: "called the decision a mistake",
/// "urged voters to stay home", "cited the report as evidence".
fn with_predicate(doc: &Doc, v: usize, o: usize, end: usize) -> usize {
    let w = doc.words;
    let sent = doc.sentence_of(w[v].span.start).unwrap_or(w[v].span);
    let range = doc.words_in(sent.start, sent.end);
    let mut to = end;
    for k in o + 1..range.end {
        if w[k].head != Some(v) || w[k].span.start < to {
            continue;
        }
        let sub = doc.subtree(k);
        let gap = doc.words_in(to, sub.start).len();
        let predicate = w[k].rel.starts_with("xcomp")
            || (w[k].rel.starts_with("obl")
                && doc
                    .words_in(sub.start, sub.end)
                    .next()
                    .is_some_and(|f| w[f].form(doc.text).eq_ignore_ascii_case("as")));
        if predicate && gap == 0 {
            to = sub.end;
        }
    }
    to
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
    let keep_fragments = rules(lang).fragments_kept;
    let is_comma = |k: usize| words[k].form(doc.text) == ",";
    let commas: Vec<usize> = range.clone().filter(|&k| is_comma(k)).collect();
    let relative = |k: usize| in_any(|r| r.relatives, &words[k].form(doc.text).to_lowercase());
    let verb = |k: usize| matches!(words[k].pos.as_str(), "VERB" | "AUX");
    // The attribution runs from a comma to the next one or the sentence's
    // end; what follows it is nothing, an apposition to the speaker ("…,
    // a déclaré X, le porte-parole de Y.") or a relative clause ("…, a
    // déclaré X, qui affirme que…"). The last three commas are tried.
    for (i, &comma) in commas.iter().enumerate().rev().take(3) {
        let next = commas.get(i + 1).copied().unwrap_or(range.end);
        let tail = comma + 1..next;
        if tail.is_empty() || tail.len() > TAIL_WORDS + 1 {
            continue;
        }
        let Some(v) = tail
            .clone()
            .find(|&k| doc.speech(k) && (keep_fragments || !used.contains(&k)))
        else {
            continue;
        };
        // The tail is the attribution only: the cue and its speaker, no
        // other verb or relative clause ("…, qui a promis", "…, n'a pas
        // réagi"), no reported clause of its own.
        let subject = tail
            .clone()
            .any(|k| words[k].head == Some(v) && words[k].rel.starts_with("nsubj"));
        let inverted = (v + 1..next).any(|k| {
            matches!(words[k].pos.as_str(), "PROPN" | "NOUN") || pronoun(words[k].form(doc.text))
        }) || (comma + 1..v).any(|k| pronoun(words[k].form(doc.text)));
        if !(subject || inverted)
            || opens_clause(doc, v)
            || tail.clone().any(|k| {
                relative(k) || (k != v && words[k].pos == "VERB" && words[k].head != Some(v))
            })
        {
            continue;
        }
        if next < range.end {
            let rest = next + 1..range.end;
            // An apposition to the speaker ("…, said X, a lawyer for Y.");
            // a relative clause after it only where fragments are kept.
            let apposition = !rest.clone().any(verb);
            let clause = rest.clone().next().is_some_and(relative);
            if !(apposition || (keep_fragments && clause)) {
                continue;
            }
        }
        let start = words[range.start].span.start;
        let stop = words[comma].span.start;
        let content = doc.text[start..stop].trim_end();
        let span = Span::new(start, start + content.len());
        // Not a direct quote alone ("« … », a-t-il dit").
        let direct = doc
            .quoted
            .iter()
            .any(|q| q.start < span.end && span.start < q.end);
        if content.is_empty()
            || s.start > start
            || (direct && !keep_fragments)
            || words_outside_quotes(doc, span) < if direct { 3 } else { MIN_WORDS + 1 }
        {
            return None;
        }
        return Some((
            Quote {
                span,
                text: content.to_string(),
                kind: QuoteKind::Indirect,
                ..Default::default()
            },
            v,
        ));
    }
    None
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
            "fr: La banque centrale a relevé ses taux directeurs, a rapporté jeudi le Wall Street Journal.",
            "indirect cue=a rapporté speaker=le Wall Street Journal «La banque centrale a relevé ses taux directeurs»",
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
        (
            "fr: La mairie ne sait pas encore ce que fera la commission, mais l'envoyé polonais à l'OTAN, Jan Kowalczyk a affirmé que le pays avait déjà tenu ses engagements.",
            "indirect cue=a affirmé speaker=Jan Kowalczyk «le pays avait déjà tenu ses engagements»",
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

    /// English mechanisms of attribution, one sentence each (our own).
    const EN_CASES: &[(&str, &str)] = &[
        // A fragment inside a sentence is its subject's, not a
        // continuation of the quote before.
        (
            "en: “We are ready,” the minister said. Senator Jane Moss ended her speech with “we will never give up on this town”.",
            "direct cue=said speaker=the minister «We are ready,» | direct cue=- speaker=Jane Moss «we will never give up on this town»",
        ),
        (
            "en: “We are ready,” the minister said. The plan was greeted as “a step in the right direction” across the region.",
            "direct cue=said speaker=the minister «We are ready,» | direct cue=- speaker=- «a step in the right direction»",
        ),
        // Beliefs are attributed too.
        (
            "en: Most economists believe that the recession is over.",
            "indirect cue=believe speaker=Most economists «the recession is over»",
        ),
        // The object of a cue, with what the cue says of it.
        (
            "en: The mayor called the decision a serious mistake.",
            "indirect cue=called speaker=The mayor «the decision a serious mistake»",
        ),
        (
            "en: The governor urged residents to stay indoors until Friday.",
            "indirect cue=urged speaker=The governor «residents to stay indoors until Friday»",
        ),
        (
            "en: The senator called for a full inquiry into the contracts.",
            "indirect cue=called speaker=The senator «a full inquiry into the contracts»",
        ),
        // Intentions: an infinitive after the cue.
        (
            "en: The mayor wants to close the old bridge before the winter.",
            "indirect cue=wants speaker=The mayor «close the old bridge before the winter»",
        ),
        // A "that" clause further from its cue.
        (
            "en: The minister said at a meeting in the capital on Monday that she would resign in June.",
            "indirect cue=said speaker=The minister «she would resign in June»",
        ),
        // A speaker after the text, with an apposition.
        (
            "en: The bridge will stay closed until March, said Paul Green, a spokesman for the city.",
            "indirect cue=said speaker=Paul Green, a spokesman «The bridge will stay closed until March»",
        ),
        // A mixed quote: the words before the quote are reported with it.
        (
            "en: However good the goal, the plan “is a misguided approach,” said Mark Hill.",
            "indirect cue=said speaker=Mark Hill «However good the goal, the plan “is a misguided approach,»",
        ),
        // The speaker before a cue that is the sentence's first verb.
        (
            "en: Brian Fallon, the campaign's press secretary, noted that the race had tightened.",
            "indirect cue=noted speaker=Brian Fallon «the race had tightened»",
        ),
        // Nor does a cue inside what another cue reports.
        (
            "en: The spokesman said Washington hoped the talks would succeed.",
            "indirect cue=said speaker=The spokesman «Washington hoped the talks would succeed»",
        ),
        // A cue inside a direct quote adds no attribution of its own.
        (
            "en: “We know that the plan will fail,” she said.",
            "direct cue=said speaker=she «We know that the plan will fail,»",
        ),
    ];

    #[test]
    fn english_attribution_cases() {
        let bad = veille_core::case_failures(EN_CASES, check);
        assert!(bad.is_empty(), "{} failing:\n{}", bad.len(), bad.join("\n"));
    }

    /// French mechanisms of attribution, one sentence each (our own).
    const FR_CASES: &[(&str, &str)] = &[
        // Postposed cue, with an apposition after the speaker.
        (
            "fr: Le pont restera fermé jusqu'en mars pour des travaux, a déclaré Paul Girard, le maire de la commune.",
            "indirect cue=a déclaré speaker=Paul Girard «Le pont restera fermé jusqu'en mars pour des travaux»",
        ),
        // A direct fragment inside reported speech gives both records.
        (
            "fr: Le ministre a déclaré que la réforme était « une nécessité absolue » pour le pays.",
            "indirect cue=a déclaré speaker=Le ministre «la réforme était « une nécessité absolue » pour le pays» | direct cue=a déclaré speaker=Le ministre «une nécessité absolue»",
        ),
        // "Selon X, « … »": the direct quote is X's, no reported clause.
        (
            "fr: Selon le procureur, « l'enquête ne fait que commencer ».",
            "direct cue=Selon speaker=le procureur «l'enquête ne fait que commencer»",
        ),
        // "d'après X" inside the sentence, and a quote followed by another
        // speaker's reported clause: neither quote is the other's speaker.
        (
            "fr: Le suspect a été arrêté et, d'après un enquêteur, « il préparait une autre attaque » , d'autres policiers affirment que l'homme était seul.",
            "direct cue=d'après speaker=un enquêteur «il préparait une autre attaque» | indirect cue=affirment speaker=d'autres policiers «l'homme était seul»",
        ),
        // An infinitive after the cue is what was said.
        (
            "fr: Le syndicat a annoncé vouloir poursuivre la grève jusqu'à la fin du mois.",
            "indirect cue=a annoncé speaker=Le syndicat «vouloir poursuivre la grève jusqu'à la fin du mois»",
        ),
        // So is the object of a cue of announcing, never its speaker.
        (
            "fr: La ministre de la Santé a annoncé sa démission.",
            "indirect cue=a annoncé speaker=La ministre de la Santé «sa démission»",
        ),
        // Nothing reported yet under a modal, nor when nothing says so.
        ("fr: Le Premier ministre devrait annoncer sa démission demain.", ""),
        ("fr: Rien ne précise que le suspect était armé.", ""),
        // "s'assurer" is not "assurer".
        ("fr: Les enquêteurs veulent s'assurer que personne n'a été blessé.", ""),
        // A verb coordinated with an earlier one shares its subject.
        (
            "fr: Le maire de Lille dénonce une décision injuste et affirme que la ville fera appel.",
            "indirect cue=affirme speaker=Le maire de Lille «la ville fera appel»",
        ),
        // A short capitalised name in marks is a label, not a quote.
        ("fr: Les joueurs de l'équipe « Lions Rouges » sont arrivés à Lyon.", ""),
        // After "…, a annoncé" the name is the speaker, not the object.
        (
            "fr: Le sommet aura lieu à Genève en juin, a annoncé le Kremlin.",
            "indirect cue=a annoncé speaker=le Kremlin «Le sommet aura lieu à Genève en juin»",
        ),
        // Collective speakers.
        (
            "fr: « Aucune décision n'a été prise », a indiqué le Kremlin.",
            "direct cue=a indiqué speaker=le Kremlin «Aucune décision n'a été prise»",
        ),
        // "« … », selon X."
        (
            "fr: « Les négociations sont au point mort », selon un diplomate européen.",
            "direct cue=selon speaker=un diplomate européen «Les négociations sont au point mort»",
        ),
    ];

    #[test]
    fn french_attribution_cases() {
        let bad = veille_core::case_failures(FR_CASES, check);
        assert!(bad.is_empty(), "{} failing:\n{}", bad.len(), bad.join("\n"));
    }

    /// The resolved speaker name of each quote of a French text.
    fn names(text: &str) -> Vec<Option<String>> {
        use crate::shipped::{DEPS_FR, NER_FR, POS_FR};
        let (tokens, sentences) = veille_text::segment(text, veille_text::Lang::Fr);
        let words =
            crate::syntax::words(text, &tokens, &sentences, &POS_FR, Some(&DEPS_FR), |_| true);
        let entities = crate::ner::recognize(&NER_FR, text, &tokens, &sentences);
        find(text, Lang::Fr, &sentences, &words, &entities)
            .into_iter()
            .map(|q| q.speaker_name)
            .collect()
    }

    #[test]
    fn pronouns_resolve_to_the_nearest_subject() {
        // The subject of the sentence before, not the previous speaker.
        let t = "« Nous avons gagné », a déclaré Marie Lambert. Pierre Martin a ensuite pris la parole devant les militants. « Ce n'est qu'un début », a-t-il ajouté.";
        let got = names(t);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1].as_deref(), Some("Pierre Martin"), "{got:?}");
        // Through a sentence whose subject is itself a pronoun.
        let t = "Jean Dupont a été élu maire en 2020. Il a remporté deux mandats depuis. « Je ne me représenterai pas », a-t-il déclaré.";
        assert_eq!(names(t), [Some("Jean Dupont".to_string())]);
        // A quote after a colon is the sentence subject's.
        let t = "Paul Girard a visité l'usine lundi. Il a conclu par ces mots : « Nous reviendrons très bientôt ici ».";
        assert_eq!(names(t), [Some("Paul Girard".to_string())]);
    }

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
