//! Events: who did what to whom, where and when, coded in PLOVER types
//! with their CAMEO codes, from one sentence at a time.
//!
//! A trigger (a verb or noun of the language's lexicon, `data/`) whose
//! sentence names a source or a target becomes an event:
//! - **source**: the verb's subject (the agent of a passive), a noun's
//!   "de"/"of" complement; **target**: the object (the subject of a
//!   passive), or a complement led by "à/avec/contre/sur"; **location**: a
//!   place led by "à/en/dans/in/at". Mentions are entities (names and role
//!   descriptions, linked, with their actor codes); a pronoun stands for the
//!   last person or organisation named before it.
//! - **modality**, first that applies: negated (a negation on the trigger),
//!   hypothetical ("pourrait", "si", fear), future ("va", "will", the future
//!   tense, "prévoit de"), reported (inside a quote, after "selon", the
//!   conditional "aurait"), else asserted.
//! - **date**: the sentence's time expression, else the publication date
//!   one step less precise.
//!
//! Pure: no I/O, no failure on any input.

mod lexicon;

pub use lexicon::{Lexicon, Trigger, TriggerPos, Triggers};
use veille_core::{
    DatePrecision, Entity, EntityLabel, Event, EventArg, EventDate, Lang, Modality, PubDate, Quote,
    Span, TimeExpr, Word,
};

#[derive(Debug, thiserror::Error)]
pub enum EventsError {
    #[error("{file}:{line}: {reason}")]
    Malformed {
        file: String,
        line: usize,
        reason: String,
    },
}

/// What the events stage reads of an analysed document.
pub struct Input<'a> {
    pub text: &'a str,
    pub lang: Lang,
    pub sentences: &'a [Span],
    pub words: &'a [Word],
    pub entities: &'a [Entity],
    pub times: &'a [TimeExpr],
    pub quotes: &'a [Quote],
    pub date: Option<&'a PubDate>,
}

/// Words of each language's negations, hypotheses and futures.
struct Cues {
    negations: &'static [&'static str],
    /// Lemmas that make what depends on them hypothetical.
    hypothetical: &'static [&'static str],
    /// Lemmas that make what depends on them future.
    future: &'static [&'static str],
    /// Markers of a condition ("si", "if").
    conditions: &'static [&'static str],
    /// Case words that lead a target, a place, a source of a noun.
    target_cases: &'static [&'static str],
    place_cases: &'static [&'static str],
    agent_cases: &'static [&'static str],
    /// "selon", "according": what follows reports the sentence.
    sources: &'static [&'static str],
    pronouns: &'static [&'static str],
}

const FR: Cues = Cues {
    negations: &["pas", "jamais", "guère", "aucunement"],
    hypothetical: &["pouvoir", "craindre", "redouter", "risquer", "menacer"],
    future: &[
        "aller",
        "devoir",
        "prévoir",
        "compter",
        "envisager",
        "projeter",
    ],
    conditions: &["si", "s'", "s’"],
    target_cases: &["à", "au", "aux", "avec", "contre", "sur", "vers", "envers"],
    place_cases: &["à", "au", "aux", "en", "dans"],
    agent_cases: &["de", "d'", "d’", "du", "des", "par"],
    sources: &["selon", "d'après", "d’après"],
    pronouns: &["il", "elle", "ils", "elles"],
};

const EN: Cues = Cues {
    negations: &["not", "n't", "never"],
    hypothetical: &["could", "might", "may", "would", "fear", "risk"],
    future: &["will", "shall", "plan", "intend", "going"],
    conditions: &["if", "unless"],
    target_cases: &["to", "with", "against", "on", "at"],
    place_cases: &["in", "at"],
    agent_cases: &["of", "by"],
    sources: &["according"],
    pronouns: &["he", "she", "they"],
};

/// French future and conditional endings of a verb form.
const FR_FUTURE: &[&str] = &["rai", "ras", "ra", "rons", "rez", "ront"];
const FR_CONDITIONAL: &[&str] = &["rais", "rait", "rions", "riez", "raient"];

struct Doc<'a> {
    input: &'a Input<'a>,
    cues: &'static Cues,
}

impl<'a> Doc<'a> {
    fn form(&self, k: usize) -> String {
        self.input.words[k].form(self.input.text).to_lowercase()
    }

    fn children(&self, k: usize, range: &std::ops::Range<usize>) -> Vec<usize> {
        range
            .clone()
            .filter(|&j| self.input.words[j].head == Some(k))
            .collect()
    }

    /// The case word ("à", "de", "against") a dependent is led by.
    fn case_of(&self, k: usize, range: &std::ops::Range<usize>) -> Option<String> {
        self.children(k, range)
            .into_iter()
            .find(|&j| self.input.words[j].rel == "case")
            .map(|j| self.form(j))
    }

    /// The entity a word belongs to.
    fn entity_at(&self, k: usize) -> Option<&'a Entity> {
        let s = self.input.words[k].span;
        self.input
            .entities
            .iter()
            .filter(|e| e.span.start <= s.start && s.end <= e.span.end)
            .max_by_key(|e| (e.label == EntityLabel::Per, e.span.len()))
    }

    /// The mention a dependent stands for: its entity, or the last person
    /// or organisation before a pronoun.
    fn arg(&self, k: usize) -> Option<EventArg> {
        let w = &self.input.words[k];
        if matches!(w.pos.as_str(), "NOUN" | "PROPN") {
            // The noun phrase, linked through the best entity inside it: a
            // name rather than a role ("le président brésilien Lula").
            let span = self.phrase(k).cover(self.entity_at(k).map(|e| e.span));
            let best = self
                .input
                .entities
                .iter()
                .filter(|e| span.start <= e.span.start && e.span.end <= span.end)
                .max_by_key(|e| (!e.nominal, e.span.len()));
            if best.is_some() || w.pos == "PROPN" || self.entity_at(k).is_none() {
                return Some(EventArg {
                    span,
                    text: span.slice(self.input.text).to_string(),
                    entity_id: best.and_then(|e| e.entity_id.clone()),
                    code: best.and_then(|e| e.code.clone()),
                    place: best.and_then(|e| e.place.clone()),
                });
            }
        }
        if let Some(e) = self.entity_at(k) {
            return Some(EventArg {
                span: e.span,
                text: e.text.clone(),
                entity_id: e.entity_id.clone(),
                code: e.code.clone(),
                place: e.place.clone(),
            });
        }
        let form = self.form(k);
        if w.pos == "PRON" && self.cues.pronouns.contains(&form.as_str()) {
            let e = self
                .input
                .entities
                .iter()
                .filter(|e| {
                    e.span.end <= w.span.start
                        && matches!(e.label, EntityLabel::Per | EntityLabel::Org)
                })
                .max_by_key(|e| e.span.start)?;
            return Some(EventArg {
                span: w.span,
                text: w.span.slice(self.input.text).to_string(),
                entity_id: e.entity_id.clone(),
                code: e.code.clone(),
                place: None,
            });
        }
        None
    }

    /// The noun phrase of word `k`: its determiners, adjectives and
    /// flat-name parts (not its clauses or prepositional complements).
    fn phrase(&self, k: usize) -> Span {
        let words = self.input.words;
        let mut span = words[k].span;
        let lo = k.saturating_sub(4);
        let hi = (k + 5).min(words.len());
        for w in &words[lo..hi] {
            let keep = w.head == Some(k)
                && matches!(
                    w.rel.as_str(),
                    "det"
                        | "amod"
                        | "nummod"
                        | "flat"
                        | "flat:name"
                        | "compound"
                        | "nmod:poss"
                        | "appos"
                );
            if keep {
                span.start = span.start.min(w.span.start);
                span.end = span.end.max(w.span.end);
            }
        }
        span
    }

    /// Source, target and place of trigger `k`.
    fn args(
        &self,
        k: usize,
        range: &std::ops::Range<usize>,
    ) -> (Option<EventArg>, Option<EventArg>, Option<EventArg>) {
        let words = self.input.words;
        let verb = words[k].pos == "VERB";
        let (mut source, mut target, mut place) = (None, None, None);
        for j in self.children(k, range) {
            let rel = words[j].rel.as_str();
            let case = self.case_of(j, range);
            let case = case.as_deref();
            let is_place = self
                .entity_at(j)
                .is_some_and(|e| e.label == EntityLabel::Loc);
            let slot = match rel {
                "nsubj" if verb => &mut source,
                "obl:agent" => &mut source,
                "obj" | "iobj" | "nsubj:pass" if verb => &mut target,
                "nmod" | "nmod:poss"
                    if !verb
                        && (case.is_none()
                            || case.is_some_and(|c| self.cues.agent_cases.contains(&c))) =>
                {
                    &mut source
                }
                r if (r.starts_with("obl") || r == "nmod")
                    && is_place
                    && case.is_some_and(|c| self.cues.place_cases.contains(&c)) =>
                {
                    &mut place
                }
                r if (r.starts_with("obl") || r == "nmod")
                    && case.is_some_and(|c| self.cues.target_cases.contains(&c)) =>
                {
                    &mut target
                }
                _ => continue,
            };
            if slot.is_none() {
                *slot = self.arg(j);
            }
        }
        let head = words[k].head.filter(|h| range.contains(h));
        if let Some(h) = head {
            let rel = words[k].rel.as_str();
            let hpos = words[h].pos.as_str();
            // "un muezzin tué", "des soldats appréhendés": a participle's
            // noun is what the act befell.
            if verb
                && rel.starts_with("acl")
                && matches!(hpos, "NOUN" | "PROPN")
                && target.is_none()
            {
                target = self.arg(h);
            }
            // "va déployer", "compte frapper": the governing verb's subject.
            if verb && rel == "xcomp" && source.is_none() {
                source = self
                    .children(h, range)
                    .into_iter()
                    .find(|&j| words[j].rel == "nsubj")
                    .and_then(|j| self.arg(j));
            }
            if !verb && matches!(hpos, "VERB") {
                let sibling = |want: &str| {
                    self.children(h, range)
                        .into_iter()
                        .find(|&j| j != k && words[j].rel == want)
                };
                // "l'armée a lancé une offensive": the light verb's subject.
                if rel == "obj" && source.is_none() {
                    source = sibling("nsubj").and_then(|j| self.arg(j));
                }
                // "des frappes ont touché deux hôpitaux": what it hit.
                if rel == "nsubj" && target.is_none() {
                    target = sibling("obj").and_then(|j| self.arg(j));
                }
            }
        }
        (source, target, place)
    }

    /// Whether word `k` (or the auxiliaries and heads above it) says the
    /// event is negated, hypothetical, future, or reported.
    fn modality(&self, k: usize, range: &std::ops::Range<usize>) -> (Modality, Option<String>) {
        let words = self.input.words;
        let mut around: Vec<usize> = self.children(k, range);
        // The verbs above: "pourrait attaquer", "va frapper", "prévoit de…".
        let mut up = words[k].head;
        let mut heads = Vec::new();
        for _ in 0..3 {
            let Some(h) = up else { break };
            if !range.contains(&h) {
                break;
            }
            heads.push(h);
            up = words[h].head;
        }
        for &h in &heads {
            around.extend(
                self.children(h, range)
                    .into_iter()
                    .filter(|&j| words[j].rel.starts_with("aux") || words[j].rel == "advmod"),
            );
        }
        let lemma = |j: usize| words[j].lemma.to_lowercase();
        let negated = around
            .iter()
            .any(|&j| self.cues.negations.contains(&self.form(j).as_str()));
        if negated {
            return (Modality::Negated, None);
        }
        // The verbs above and the auxiliaries: "pourrait", "va", "prévoit".
        let governing = heads.iter().copied().chain(
            around
                .iter()
                .copied()
                .filter(|&j| words[j].rel.starts_with("aux")),
        );
        let (mut hypothetical, mut future) = (false, false);
        for j in governing {
            let l = lemma(j);
            hypothetical |= self.cues.hypothetical.contains(&l.as_str());
            future |= self.cues.future.contains(&l.as_str());
        }
        hypothetical |= around.iter().any(|&j| {
            words[j].rel == "mark" && self.cues.conditions.contains(&self.form(j).as_str())
        });
        if hypothetical {
            return (Modality::Hypothetical, None);
        }
        let verb_forms: Vec<String> = std::iter::once(k)
            .chain(
                around
                    .iter()
                    .copied()
                    .filter(|&j| words[j].rel.starts_with("aux")),
            )
            .filter(|&j| matches!(words[j].pos.as_str(), "VERB" | "AUX"))
            .map(|j| self.form(j))
            .collect();
        let french = self.input.lang == Lang::Fr;
        let ends = |list: &[&str]| {
            french
                && verb_forms
                    .iter()
                    .any(|f| f.len() > 4 && list.iter().any(|e| f.ends_with(e)))
        };
        if future || ends(FR_FUTURE) {
            return (Modality::Future, None);
        }
        let at = words[k].span;
        if let Some(q) = self
            .input
            .quotes
            .iter()
            .find(|q| q.span.start <= at.start && at.end <= q.span.end)
        {
            let by = q.speaker_name.clone().or_else(|| q.speaker.clone());
            return (Modality::Reported, by);
        }
        let by_source = range
            .clone()
            .any(|j| self.cues.sources.contains(&self.form(j).as_str()));
        if by_source || ends(FR_CONDITIONAL) {
            return (Modality::Reported, None);
        }
        (Modality::Asserted, None)
    }

    fn date(&self, sentence: Span) -> Option<EventDate> {
        if let Some(t) = self
            .input
            .times
            .iter()
            .find(|t| sentence.start <= t.span.start && t.span.end <= sentence.end)
        {
            return Some(EventDate {
                text: Some(t.text.clone()),
                value: t.value.clone(),
                precision: t.precision,
            });
        }
        let d = self.input.date?;
        let day = d.value.get(..10).unwrap_or(&d.value).to_string();
        let precision = match d.precision {
            DatePrecision::Second | DatePrecision::Minute | DatePrecision::Day => {
                DatePrecision::Week
            }
            DatePrecision::Week => DatePrecision::Month,
            DatePrecision::Month | DatePrecision::Year => DatePrecision::Year,
        };
        Some(EventDate {
            text: None,
            value: Some(day),
            precision,
        })
    }
}

/// Every event of a document, in text order.
pub fn find(lexicon: &Lexicon, input: &Input) -> Vec<Event> {
    let Some(triggers) = lexicon.get(input.lang) else {
        return Vec::new();
    };
    let cues = if input.lang == Lang::Fr { &FR } else { &EN };
    let doc = Doc { input, cues };
    let words = input.words;
    let mut out = Vec::new();
    for &sentence in input.sentences {
        let first = words.partition_point(|w| w.span.start < sentence.start);
        let last = words.partition_point(|w| w.span.start < sentence.end);
        let range = first..last.max(first);
        for k in range.clone() {
            for t in triggers.of(&words[k]) {
                if let Some(need) = &t.needs {
                    let near = range.clone().any(|j| {
                        let h = words[j].head;
                        (h == Some(k) || h.and_then(|h| words.get(h)?.head) == Some(k))
                            && doc.form(j) == *need
                    });
                    if !near {
                        continue;
                    }
                }
                // Violence is done to someone, not to a clause: "ces
                // exercices visent à démontrer…" is a purpose, no attack.
                let clausal = words[k].pos == "VERB"
                    && t.event_type == veille_core::EventType::Assault
                    && range.clone().any(|j| {
                        words[j].head == Some(k)
                            && matches!(words[j].rel.as_str(), "xcomp" | "ccomp")
                    });
                if clausal {
                    continue;
                }
                let (source, target, location) = doc.args(k, &range);
                let noun = words[k].pos == "NOUN";
                if source.is_none() && target.is_none() && !(noun && location.is_some()) {
                    continue;
                }
                let (modality, reported_by) = doc.modality(k, &range);
                let span = words[k].span;
                let confidence = 0.5
                    + if source.is_some() { 0.25 } else { 0.0 }
                    + if target.is_some() { 0.15 } else { 0.0 };
                out.push(Event {
                    event_type: t.event_type,
                    mode: t.mode.clone(),
                    context: t.context.clone(),
                    cameo: t.cameo.clone(),
                    trigger: EventArg {
                        span,
                        text: span.slice(input.text).to_string(),
                        entity_id: None,
                        code: None,
                        place: None,
                    },
                    source,
                    target,
                    location,
                    date: doc.date(sentence),
                    modality,
                    reported_by,
                    sentence,
                    confidence,
                });
                // One reading per trigger word: the first that applies.
                break;
            }
        }
    }
    out
}
