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
    DatePrecision, Entity, EntityLabel, Event, EventArg, EventDate, EventType, Lang, Modality,
    PlacePrecision, PubDate, Quote, Span, TimeExpr, Word,
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
    /// Markers of a purpose, whose act is yet to come ("pour", "afin de").
    purposes: &'static [&'static str],
    /// Present forms of the tense auxiliaries: "si" before a compound past
    /// ("si elle a été libérée, …") contrasts facts, it sets no condition.
    present_auxiliaries: &'static [&'static str],
    /// Case words that lead a target, a place, a source of a noun.
    target_cases: &'static [&'static str],
    /// Target cases that lead only targets ("contre", "sur").
    directed_cases: &'static [&'static str],
    place_cases: &'static [&'static str],
    /// Prepositions before a number of people ("jusqu'à 90 soldats").
    amounts: &'static [&'static str],
    agent_cases: &'static [&'static str],
    /// "selon", "according": what follows reports the sentence.
    sources: &'static [&'static str],
    pronouns: &'static [&'static str],
    /// Relative pronouns ("qui") and object clitics a verb's words skip.
    relatives: &'static [&'static str],
    /// Possessive determiners: "sa visite" is the visit of someone named
    /// before.
    possessives: &'static [&'static str],
    clitics: &'static [&'static str],
    /// Nouns of ground taken or struck: where an act happens, not whom
    /// it is done to ("a repris la ville").
    terrain: &'static [&'static str],
    /// Nouns of number whose "de" complement is who is counted ("une
    /// dizaine de manifestants").
    quantities: &'static [&'static str],
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
    purposes: &["pour", "afin"],
    present_auxiliaries: &[
        "ai", "as", "a", "avons", "avez", "ont", "suis", "es", "est", "sommes", "êtes", "sont",
    ],
    target_cases: &["à", "au", "aux", "avec", "contre", "sur", "envers"],
    directed_cases: &["contre", "sur", "envers"],
    place_cases: &["à", "au", "aux", "en", "dans"],
    amounts: &["jusque", "jusqu'", "jusqu’", "entre"],
    agent_cases: &["de", "d'", "d’", "du", "des", "par"],
    sources: &["selon", "d'après", "d’après"],
    pronouns: &["il", "elle", "ils", "elles", "nous"],
    relatives: &["qui"],
    possessives: &["son", "sa", "ses", "leur", "leurs"],
    clitics: &[
        "se", "s'", "s’", "l'", "l’", "le", "la", "les", "lui", "leur", "y", "en", "ne", "n'",
        "n’", "me", "m'", "te", "t'",
    ],
    terrain: &[
        "ville",
        "village",
        "localité",
        "quartier",
        "zone",
        "région",
        "province",
        "territoire",
        "colline",
        "montagne",
        "mont",
        "base",
        "aéroport",
        "port",
        "route",
        "position",
        "secteur",
        "poche",
        "district",
        "commune",
        "cité",
        "bastion",
        "fief",
        "périphérie",
        "faubourg",
    ],
    quantities: &[
        "centaine",
        "dizaine",
        "douzaine",
        "vingtaine",
        "trentaine",
        "quarantaine",
        "cinquantaine",
        "soixantaine",
        "millier",
        "million",
        "nombre",
        "majorité",
        "moitié",
        "total",
    ],
};

const EN: Cues = Cues {
    negations: &["not", "n't", "never"],
    hypothetical: &["could", "might", "may", "would", "fear", "risk"],
    future: &["will", "shall", "plan", "intend", "going"],
    conditions: &["if", "unless"],
    purposes: &[],
    present_auxiliaries: &[],
    target_cases: &["to", "with", "against", "on", "at"],
    directed_cases: &["against", "on"],
    place_cases: &["in", "at"],
    amounts: &["between"],
    agent_cases: &["of", "by"],
    sources: &["according"],
    pronouns: &["he", "she", "they"],
    relatives: &["who", "which", "that"],
    possessives: &["his", "her", "its", "their"],
    clitics: &[],
    terrain: &[
        "town",
        "city",
        "village",
        "district",
        "area",
        "region",
        "province",
        "territory",
        "hill",
        "base",
        "airport",
        "port",
        "road",
        "position",
        "sector",
        "stronghold",
        "outskirts",
    ],
    quantities: &[
        "dozen",
        "dozens",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "number",
        "score",
        "scores",
    ],
};

/// French future and conditional endings of a verb form.
const FR_FUTURE: &[&str] = &["rai", "ras", "ra", "rons", "rez", "ront"];
const FR_CONDITIONAL: &[&str] = &["rais", "rait", "rions", "riez", "raient"];

/// Lemmas of saying and claiming: an event below them is reported.
const FR_REPORTING: &[&str] = &[
    "dire",
    "déclarer",
    "affirmer",
    "annoncer",
    "indiquer",
    "rapporter",
    "revendiquer",
    "assurer",
    "estimer",
    "expliquer",
    "ajouter",
    "confirmer",
    "préciser",
    "signaler",
    "prétendre",
    "accuser",
    "soupçonner",
    "alléguer",
    "raconter",
    "évoquer",
    "croire",
    "penser",
    "juger",
    "considérer",
    "témoigner",
    "rapporter",
    "démentir",
    "nier",
];
const EN_REPORTING: &[&str] = &[
    "say", "tell", "claim", "report", "announce", "state", "accuse", "allege", "add",
];

/// Object pronouns that stand for what the conjoined verb before acted on
/// ("l'ont abattu").
const FR_CLITICS: &[&str] = &["l'", "l’", "le", "la", "les"];

/// Endings of French past participles of verbs not in "-er" ("détruit",
/// "abattu", "pris", "ouvert", "atteint"), with their agreement.
const FR_PARTICIPLE_ENDINGS: &[&str] = &["i", "u", "is", "it", "ert", "int", "os"];

/// Is `form` a French past participle of `lemma` by its shape: "-er"
/// verbs end in "-é(e)(s)" on the lemma's stem, others in a participle
/// ending (agreement "-e", "-s", "-es" allowed)?
fn french_participle(form: &str, lemma: &str) -> bool {
    let form = form.to_lowercase();
    if let Some(stem) = lemma.strip_suffix("er") {
        return ["é", "ée", "és", "ées"]
            .iter()
            .any(|e| form.strip_suffix(e) == Some(stem));
    }
    let bare = form
        .strip_suffix("es")
        .or_else(|| form.strip_suffix('e'))
        .or_else(|| form.strip_suffix('s'))
        .unwrap_or(&form);
    form != lemma
        && FR_PARTICIPLE_ENDINGS
            .iter()
            .any(|e| bare.ends_with(e) || form.ends_with(e))
}
const FR_DEMONSTRATIVES: &[&str] = &["ce", "cet", "cette", "ces"];
const EN_DEMONSTRATIVES: &[&str] = &["this", "that", "these", "those"];

struct Doc<'a> {
    input: &'a Input<'a>,
    cues: &'static Cues,
    triggers: &'a Triggers,
    lexicon: &'a Lexicon,
}

/// Word indices of a trigger's source, target and place.
#[derive(Debug, Clone, Copy, Default)]
struct Roles {
    source: Option<usize>,
    target: Option<usize>,
    place: Option<usize>,
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

    /// The forms of the words under `k`.
    fn dependents(&self, k: usize, range: &std::ops::Range<usize>) -> Vec<String> {
        let words = self.input.words;
        range
            .clone()
            .filter(|&j| {
                // Down to five levels: "a appelé les dirigeants réunis à
                // Riga à fournir…" keeps its "à" when the parse drifts.
                let mut h = words[j].head;
                for _ in 0..5 {
                    match h {
                        Some(x) if x == k => return true,
                        Some(x) => h = words.get(x).and_then(|w| w.head),
                        None => return false,
                    }
                }
                false
            })
            .map(|j| self.form(j))
            .collect()
    }

    /// The reading of word `k` as a trigger: the first whose needs are met.
    fn trigger(&self, k: usize, range: &std::ops::Range<usize>) -> Option<&'a Trigger> {
        let all = self.triggers.of(&self.input.words[k]);
        if all.is_empty() {
            return None;
        }
        let deps = self.dependents(k, range);
        all.iter().find(|t| t.fits(&deps))
    }

    fn rel(&self, k: usize) -> &str {
        self.input.words[k].rel.as_str()
    }

    fn pos(&self, k: usize) -> &str {
        self.input.words[k].pos.as_str()
    }

    /// The head of `k` inside the sentence.
    fn head(&self, k: usize, range: &std::ops::Range<usize>) -> Option<usize> {
        self.input.words[k].head.filter(|h| range.contains(h))
    }

    /// The first child of `k` with relation `rel` (not `except`). A word
    /// before a colon that comes before `k` labels the topic, as headlines
    /// do ("Syrie : l'armée reprend…"): it is nobody's argument.
    fn child(
        &self,
        k: usize,
        rel: &str,
        except: usize,
        range: &std::ops::Range<usize>,
    ) -> Option<usize> {
        self.children(k, range)
            .into_iter()
            .find(|&j| j != except && self.rel(j) == rel && !self.topic_label(j, k))
    }

    /// The phrase after a topic label's colon, when the parse hung it on
    /// the label as an apposition.
    fn after_label(&self, j: usize, range: &std::ops::Range<usize>) -> Option<usize> {
        let colon =
            (j + 1..range.end).find(|&m| self.input.words[m].form(self.input.text) == ":")?;
        self.children(j, range).into_iter().find(|&a| {
            a > colon
                && (self.rel(a) == "appos"
                    || (self.rel(a) == "nmod" && self.case_of(a, range).is_none()))
        })
    }

    /// Is `j` a topic label of `k`: before it, a colon between them?
    fn topic_label(&self, j: usize, k: usize) -> bool {
        j < k && (j + 1..k).any(|m| self.input.words[m].form(self.input.text) == ":")
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

    /// Is word `k` ground rather than an actor: a place named below the
    /// level of a country (a city, a region, a site), or a noun of
    /// terrain ("la ville", "une colline")?
    fn terrain(&self, k: usize) -> bool {
        match self.entity_at(k) {
            Some(e) => {
                e.label == EntityLabel::Loc
                    && e.place.as_ref().is_some_and(|p| {
                        !matches!(
                            p.precision,
                            PlacePrecision::Country | PlacePrecision::Region
                        )
                    })
            }
            None => {
                self.pos(k) == "NOUN"
                    && self
                        .cues
                        .terrain
                        .contains(&self.input.words[k].lemma.to_lowercase().as_str())
            }
        }
    }

    /// The person or organisation named in apposition after a role noun
    /// ("son homologue, Ana Ferreira,").
    fn appositive(&self, k: usize) -> Option<&'a Entity> {
        if !matches!(self.pos(k), "NOUN") {
            return None;
        }
        let end = self.phrase(k).end;
        let text = self.input.text;
        let at = text
            .get(end..)
            .and_then(|rest| rest.trim_start().strip_prefix(','))
            .map(|after| text.len() - after.trim_start().len());
        let named =
            |e: &&Entity| !e.nominal && matches!(e.label, EntityLabel::Per | EntityLabel::Org);
        self.input
            .entities
            .iter()
            .filter(named)
            .find(|e| at.is_some_and(|at| e.span.start == at && at - end <= 3))
            .or_else(|| {
                // "le patron de cette banque, François Reyl": an apposition
                // the parse hangs on the noun past its complements.
                let words = self.input.words;
                (k + 1..(k + 12).min(words.len()))
                    .filter(|&j| words[j].head == Some(k) && words[j].rel == "appos")
                    .find_map(|j| self.entity_at(j).filter(named))
            })
    }

    /// Whether the phrase of word `k` names someone or something known.
    fn names(&self, k: usize) -> bool {
        if self.appositive(k).is_some() {
            return true;
        }
        let span = self.phrase(k);
        self.entity_at(k).is_some()
            || self
                .input
                .entities
                .iter()
                .any(|e| span.start <= e.span.start && e.span.end <= span.end)
    }

    /// The mention a dependent stands for: its entity, or the last person
    /// or organisation before a pronoun.
    fn arg(&self, k: usize) -> Option<EventArg> {
        let w = &self.input.words[k];
        // A demonym standing for its country ("les frappes russes").
        if w.pos == "ADJ" {
            let code = self.lexicon.country_of(&self.form(k))?;
            return Some(EventArg {
                span: w.span,
                text: w.span.slice(self.input.text).to_string(),
                entity_id: None,
                code: Some(code.to_string()),
                place: None,
                implied: false,
            });
        }
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
            // A role named right after it: "son homologue, Ana Ferreira".
            let named_after = if best.is_none_or(|e| e.nominal) {
                self.appositive(k)
            } else {
                None
            };
            if let Some(e) = named_after {
                return Some(mention_arg(e));
            }
            if best.is_some() || w.pos == "PROPN" || self.entity_at(k).is_none() {
                return Some(EventArg {
                    span,
                    text: span.slice(self.input.text).to_string(),
                    entity_id: best.and_then(|e| e.entity_id.clone()),
                    code: best
                        .and_then(|e| e.code.clone())
                        .or_else(|| best.is_none().then(|| self.nationality(k)).flatten()),
                    place: best.and_then(|e| e.place.clone()),
                    implied: false,
                });
            }
        }
        if let Some(e) = self.entity_at(k) {
            return Some(mention_arg(e));
        }
        let form = self.form(k);
        let possessive = w.pos == "DET" && self.cues.possessives.contains(&form.as_str());
        if possessive || (w.pos == "PRON" && self.cues.pronouns.contains(&form.as_str())) {
            // The last person or organisation named before; the pronoun
            // alone when there is none.
            let mut before: Vec<&Entity> = self
                .input
                .entities
                .iter()
                .filter(|e| {
                    e.span.end <= w.span.start
                        && matches!(e.label, EntityLabel::Per | EntityLabel::Org)
                })
                .collect();
            before.sort_by_key(|e| e.span.start);
            // The latest of the last few that was a subject (the topic),
            // else the latest.
            let words = self.input.words;
            let cues = self.cues;
            let subject = |e: &Entity| {
                let first = words.partition_point(|x| x.span.start < e.span.start);
                let last = words.partition_point(|x| x.span.end <= e.span.end);
                // Labelled subject, or right before its verb (clitics and
                // auxiliaries between): "…, Poutine s'est rendu…".
                let labelled = words[first..last]
                    .iter()
                    .any(|x| matches!(x.rel.as_str(), "nsubj" | "nsubj:pass"));
                let before_verb = words[last..]
                    .iter()
                    .find(|x| {
                        !(x.pos == "PRON"
                            && cues
                                .clitics
                                .contains(&x.form(self.input.text).to_lowercase().as_str()))
                    })
                    .is_some_and(|x| matches!(x.pos.as_str(), "AUX" | "VERB"));
                labelled || (last > first && before_verb)
            };
            let e = before
                .iter()
                .rev()
                .take(3)
                .find(|e| subject(e))
                .or(before.last())
                .copied();
            return Some(EventArg {
                span: w.span,
                text: w.span.slice(self.input.text).to_string(),
                entity_id: e.and_then(|e| e.entity_id.clone()),
                code: e.and_then(|e| e.code.clone()),
                place: None,
                implied: false,
            });
        }
        None
    }

    /// Word `k` as an event's source or target: its argument, unless it is
    /// a common noun with no entity in its phrase that cannot name an actor
    /// ("les assaillants" can, "une nouvelle étape" cannot).
    fn actor(&self, k: usize) -> Option<EventArg> {
        let w = &self.input.words[k];
        // "une dizaine de manifestants": who is counted, with the count.
        if w.pos == "NOUN"
            && self
                .cues
                .quantities
                .contains(&w.lemma.to_lowercase().as_str())
        {
            let words = self.input.words;
            let counted = (k + 1..(k + 6).min(words.len())).find(|&j| {
                words[j].head == Some(k)
                    && words[j].rel == "nmod"
                    && (k + 1..j).any(|c| {
                        words[c].head == Some(j)
                            && words[c].rel == "case"
                            && matches!(
                                self.form(c).as_str(),
                                "de" | "d'" | "d’" | "des" | "du" | "of"
                            )
                    })
            });
            if let Some(j) = counted {
                let mut a = self.actor(j)?;
                let start = self.phrase(k).start.min(a.span.start);
                a.span = Span::new(start, a.span.end);
                a.text = a.span.slice(self.input.text).to_string();
                return Some(a);
            }
        }
        let a = self.arg(k)?;
        let named = a.entity_id.is_some()
            || a.code.is_some()
            || self
                .input
                .entities
                .iter()
                .any(|e| a.span.start <= e.span.start && e.span.end <= a.span.end);
        (w.pos != "NOUN" || named || self.triggers.is_actor_noun(&w.lemma)).then_some(a)
    }

    /// The country a common noun's demonym names: "deux jets chinois",
    /// "les forces navales iraniennes" (an adjective right under it).
    fn nationality(&self, k: usize) -> Option<String> {
        let words = self.input.words;
        let lo = k.saturating_sub(3);
        let hi = (k + 5).min(words.len());
        (lo..hi)
            .filter(|&j| words[j].head == Some(k) && words[j].rel == "amod")
            .find_map(|j| self.lexicon.country_of(&self.form(j)).map(str::to_string))
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

    /// A French past participle standing without auxiliary or object, as
    /// headlines and appositions tell what befell someone ("deux
    /// journalistes arrêtés à Bujumbura", "X, condamné à trois ans"): its
    /// subject, if the parse gives it one, is what the act befell.
    fn bare_participle(&self, k: usize, range: &std::ops::Range<usize>) -> bool {
        let w = &self.input.words[k];
        self.input.lang == Lang::Fr
            && w.pos == "VERB"
            && french_participle(&self.form(k), &w.lemma)
            && !self.children(k, range).into_iter().any(|j| {
                let rel = self.rel(j);
                rel.starts_with("aux") || rel == "cop" || rel == "obj" || rel.starts_with("expl")
            })
    }

    /// Is verb `k` passive: an auxiliary of the passive, or a participle
    /// modifying a noun ("des raids menés par…")?
    fn passive(&self, k: usize, range: &std::ops::Range<usize>) -> bool {
        self.children(k, range)
            .into_iter()
            .any(|j| self.rel(j) == "aux:pass")
            || (self.rel(k).starts_with("acl")
                && self.input.lang == Lang::Fr
                && french_participle(&self.form(k), &self.input.words[k].lemma))
    }

    /// A dependent that can fill a role (it stands for a mention).
    fn fills(&self, j: usize) -> bool {
        self.arg(j).is_some()
    }

    /// Source, target and place of trigger `k` read as `t`.
    fn roles(&self, k: usize, t: &Trigger, range: &std::ops::Range<usize>) -> Roles {
        let words = self.input.words;
        let verb = words[k].pos == "VERB";
        let mut r = Roles::default();
        // A noun's "de" complements, in order: its agent or its patient.
        let mut of = Vec::new();
        let pronominal = self
            .children(k, range)
            .into_iter()
            .any(|j| self.rel(j).starts_with("expl"));
        let befell = verb && self.bare_participle(k, range);
        for j in self.children(k, range) {
            if t.owns(&self.form(j)) {
                // "jeter des pierres sur les policiers": the expression's
                // own noun leads the target the parse hung on it.
                if r.target.is_none() {
                    r.target = self.children(j, range).into_iter().find(|&c| {
                        self.rel(c) == "nmod"
                            && self
                                .case_of(c, range)
                                .is_some_and(|x| self.cues.directed_cases.contains(&x.as_str()))
                            && self.actor(c).is_some()
                    });
                }
                continue;
            }
            let rel = self.rel(j);
            // "Turquie : l'ambassadeur … a été assassiné", parsed with the
            // label as subject and the phrase after the colon as its
            // apposition: the apposition is the argument.
            let j = if self.topic_label(j, k) {
                match self.after_label(j, range) {
                    Some(a) => a,
                    None => continue,
                }
            } else {
                j
            };
            let case = self.case_of(j, range);
            let case = case.as_deref();
            if !verb
                && ((rel == "nmod" && case.is_some_and(|c| self.cues.agent_cases.contains(&c)))
                    || rel == "nmod:poss")
            {
                if matches!(case, Some("par" | "by")) {
                    if r.source.is_none() && self.fills(j) {
                        r.source = Some(j);
                    }
                } else if self.fills(j) && !self.qualifier(j, range) {
                    of.push(j);
                }
                continue;
            }
            let is_place = self
                .entity_at(j)
                .is_some_and(|e| e.label == EntityLabel::Loc);
            let slot = match rel {
                // "nous étions en contact avec…": a predicate noun's subject.
                "nsubj" if befell => &mut r.target,
                "nsubj" => &mut r.source,
                // "Lavrov s'est entretenu avec…": a pronominal verb's subject
                // (parsed as a passive one).
                "nsubj:pass" if verb && pronominal => &mut r.source,
                "obl:agent" => &mut r.source,
                "obj" | "iobj" | "nsubj:pass" if verb => &mut r.target,
                // "tue près d'une centaine de soldats": a count the parse
                // took for a complement.
                "obl:arg"
                    if verb
                        && self
                            .cues
                            .quantities
                            .contains(&words[j].lemma.to_lowercase().as_str()) =>
                {
                    &mut r.target
                }
                // "a tué jusqu'à 90 soldats": a number of victims the
                // parse took for a complement.
                x if verb
                    && x.starts_with("obl")
                    && case.is_some_and(|c| self.cues.amounts.contains(&c)) =>
                {
                    &mut r.target
                }
                x if (x.starts_with("obl") || x == "nmod")
                    && is_place
                    && case.is_some_and(|c| self.cues.place_cases.contains(&c)) =>
                {
                    &mut r.place
                }
                // "sur les passagers", "contre l'armée"; "à", "avec" lead
                // instruments and manners too ("à la bombe", "avec des
                // fusils"): someone named only.
                x if (x.starts_with("obl") || x == "nmod")
                    && case.is_some_and(|c| self.cues.target_cases.contains(&c))
                    && (case.is_some_and(|c| self.cues.directed_cases.contains(&c))
                        || self.names(j)) =>
                {
                    &mut r.target
                }
                _ => continue,
            };
            if slot.is_none() && self.fills(j) {
                *slot = Some(j);
            }
        }
        // "l'attaque de l'armée", "l'arrestation de trois suspects": a
        // named complement first.
        // "les frappes de soutien de l'armée": a name one complement down.
        let deeper: Vec<usize> = of
            .iter()
            .flat_map(|&j| self.children(j, range))
            .filter(|&c| {
                self.rel(c) == "nmod"
                    && self
                        .case_of(c, range)
                        .is_some_and(|x| self.cues.agent_cases.contains(&x.as_str()))
            })
            .collect();
        let named = of
            .iter()
            .chain(&deeper)
            .find(|&&j| self.names(j) && self.fills(j));
        let light = if verb {
            None
        } else {
            self.light_subject(k, range)
        };
        let of = match named {
            Some(&j) => Some(j),
            // "les forces ont organisé des exercices de grande ampleur":
            // the verb's subject before an unnamed complement.
            None if light.is_some() && !t.de_target => None,
            None => of.first().copied(),
        };
        if let Some(j) = of {
            let slot = if t.de_target {
                &mut r.target
            } else {
                &mut r.source
            };
            if slot.is_none() {
                *slot = Some(j);
            }
        }
        if r.source.is_none() {
            r.source = light;
        }
        // "est arrivé pour des entretiens avec son homologue": the light
        // verb's partner or target.
        if !verb && r.target.is_none() && light.is_some() {
            if let Some(h) = self.head(k, range) {
                // "avec" someone named; "contre" anyone who can be a target.
                r.target = self.children(h, range).into_iter().find(|&j| {
                    j != k
                        && self.rel(j).starts_with("obl")
                        && match self.case_of(j, range).as_deref() {
                            Some("avec" | "with") => self.names(j),
                            Some("contre" | "against") => self.actor(j).is_some(),
                            _ => false,
                        }
                });
            }
        }
        // "sa rencontre avec Xi", "ses frappes": whose act it is;
        // "les bombardements russes et syriens": whose country's.
        if !verb && r.source.is_none() {
            r.source = self.children(k, range).into_iter().find(|&j| {
                self.pos(j) == "DET" && self.cues.possessives.contains(&self.form(j).as_str())
            });
        }
        if !verb && r.source.is_none() {
            r.source = self.children(k, range).into_iter().find(|&j| {
                self.rel(j) == "amod" && self.lexicon.country_of(&self.form(j)).is_some()
            });
        }
        if verb && self.rel(k) != "conj" {
            if let Some(s) = r.source {
                r.source = Some(self.past_comma(s, k, range));
            }
        }
        // "a allégué que les opérations étaient planifiées par Londres":
        // an accusation befalls the doer of what it tells.
        if t.event_type == EventType::Accuse && r.target.is_none() {
            r.target = self
                .children(k, range)
                .into_iter()
                .filter(|&j| self.rel(j) == "ccomp")
                .find_map(|c| {
                    self.child(c, "obl:agent", usize::MAX, range)
                        .or_else(|| self.child(c, "nsubj", usize::MAX, range))
                })
                .filter(|&j| self.fills(j));
        }
        // "tués par des tirs de l'armée": the agent is an act; whose act it
        // is says who did it.
        if let Some(a) = r.source {
            if self.rel(a) == "obl:agent" && self.trigger(a, range).is_some() {
                if let Some(by) = self.children(a, range).into_iter().find(|&j| {
                    self.rel(j) == "nmod"
                        && self
                            .case_of(j, range)
                            .is_some_and(|c| self.cues.agent_cases.contains(&c.as_str()))
                        && self.fills(j)
                }) {
                    r.source = Some(by);
                }
            }
        }
        // "arrêté par les forces de police", "suspendue de ses fonctions
        // par le Parlement": a passive's agent, whatever the parse called
        // it, up to one complement down.
        if verb && r.source.is_none() && (befell || self.passive(k, range)) {
            r.source = self
                .children(k, range)
                .into_iter()
                .filter(|&j| self.rel(j).starts_with("obl"))
                .flat_map(|j| {
                    std::iter::once(j).chain(
                        self.children(j, range)
                            .into_iter()
                            .filter(|&c| self.rel(c) == "nmod"),
                    )
                })
                .find(|&j| {
                    matches!(self.case_of(j, range).as_deref(), Some("par" | "by"))
                        && self.actor(j).is_some()
                });
        }
        // "des raids menés par la police": the agent of the noun's participle.
        if !verb && r.source.is_none() {
            r.source = self
                .children(k, range)
                .into_iter()
                .filter(|&j| self.rel(j).starts_with("acl"))
                .find_map(|j| self.child(j, "obl:agent", usize::MAX, range))
                .filter(|&j| self.fills(j));
        }
        // Object pronouns: "des hommes ont enlevé un journaliste et l'ont tué".
        if let Some(j) = r.target {
            if self.input.lang == Lang::Fr
                && self.pos(j) == "PRON"
                && FR_CLITICS.contains(&self.form(j).as_str())
            {
                r.target = None;
            }
        }
        if let Some(h) = self.head(k, range) {
            let rel = self.rel(k);
            let hpos = self.pos(h);
            // "les soldats qui ont attaqué": the relative's noun did it.
            let relative_subject = self
                .child(k, "nsubj", usize::MAX, range)
                .is_some_and(|j| self.cues.relatives.contains(&self.form(j).as_str()));
            if verb && rel == "acl:relcl" && relative_subject && matches!(hpos, "NOUN" | "PROPN") {
                r.source = Some(h).filter(|&h| self.fills(h));
            }
            // "un muezzin tué", "des soldats appréhendés": a participle's
            // noun is what the act befell.
            if verb
                && !relative_subject
                && rel.starts_with("acl")
                && matches!(hpos, "NOUN" | "PROPN")
                && r.target.is_none()
                && self.fills(h)
            {
                r.target = Some(h);
            }
            // "va déployer", "compte frapper": the governing verb's subject;
            // "ont attaqué le village et l'ont incendié": the first verb's.
            let purpose = self.purpose_of(k, range).is_some();
            if verb && ((matches!(rel, "xcomp" | "conj") && hpos == "VERB") || purpose) {
                if r.source.is_none() {
                    r.source = self.inherited_subject(k, range);
                }
                if rel == "conj" && r.target.is_none() {
                    r.target = self.child(h, "obj", k, range).filter(|&j| self.fills(j));
                }
            }
            if !verb && hpos == "VERB" {
                // "des frappes ont touché deux hôpitaux": what it hit.
                if rel == "nsubj" && r.target.is_none() {
                    r.target = self.child(h, "obj", k, range).filter(|&j| self.fills(j));
                }
            }
        }
        // A parse that lost the subject of a finite active verb: the noun
        // phrase just before it ("qui" standing for the noun before).
        if verb && r.source.is_none() && self.child(k, "nsubj", usize::MAX, range).is_none() {
            if befell {
                // "Burundi : deux journalistes arrêtés": what it befell.
                if r.target.is_none() && self.rel(k) == "root" {
                    r.target = self.left_noun(k, range);
                }
            } else {
                r.source = self.left_subject(k, range);
            }
        } else if verb && r.source.is_none() {
            let j = self.child(k, "nsubj", usize::MAX, range);
            if j.is_some_and(|j| self.cues.relatives.contains(&self.form(j).as_str())) {
                r.source = j.and_then(|j| self.noun_before(j, range));
            }
        }
        r
    }

    /// The nearest noun (or standing pronoun) before word `j`, up to its
    /// head noun when it is a modifier.
    fn noun_before(&self, j: usize, range: &std::ops::Range<usize>) -> Option<usize> {
        let mut i = j;
        while i > range.start {
            i -= 1;
            match self.pos(i) {
                "PUNCT" | "ADJ" | "ADV" => continue,
                "NOUN" | "PROPN" => return Some(i).filter(|&i| self.fills(i)),
                _ => return None,
            }
        }
        None
    }

    /// The subject a parse lost: the noun phrase just before a finite verb
    /// (its auxiliaries, adverbs and clitics skipped), when the verb is
    /// active and the phrase is not a complement.
    fn left_subject(&self, k: usize, range: &std::ops::Range<usize>) -> Option<usize> {
        let kids = self.children(k, range);
        let finite = kids.iter().any(|&j| self.rel(j) == "aux:tense")
            || (self.rel(k) == "root" && !self.form(k).ends_with("er"));
        let passive = kids.iter().any(|&j| self.rel(j) == "aux:pass");
        if !finite || passive || self.bare_participle(k, range) {
            return None;
        }
        self.left_noun(k, range)
    }

    /// The noun phrase just before verb `k` (its auxiliaries, adverbs and
    /// clitics skipped; "qui" standing for the noun before), up from a
    /// modifier to its noun.
    fn left_noun(&self, k: usize, range: &std::ops::Range<usize>) -> Option<usize> {
        let mut i = k;
        loop {
            if i <= range.start {
                return None;
            }
            i -= 1;
            let f = self.form(i);
            match self.pos(i) {
                "AUX" | "ADV" | "PART" => continue,
                "PRON" if self.cues.clitics.contains(&f.as_str()) => continue,
                "PRON" if self.cues.relatives.contains(&f.as_str()) => {
                    return self.noun_before(i, range)
                }
                "PRON" => return Some(i).filter(|&i| self.fills(i)),
                _ => break,
            }
        }
        // Up from a modifier ("des hommes armés") to its noun.
        for _ in 0..3 {
            if matches!(self.pos(i), "NOUN" | "PROPN") {
                let complement = self.case_of(i, range).is_some_and(|c| {
                    // "des", "du" split by the parser are determiners here.
                    let part = self
                        .children(i, range)
                        .into_iter()
                        .find(|&j| self.rel(j) == "case")
                        .is_some_and(|j| self.input.words[j].form.is_some());
                    !(part && matches!(c.as_str(), "de" | "of"))
                });
                return Some(i).filter(|&i| !complement && self.fills(i));
            }
            match self.head(i, range) {
                Some(h) if h < i => i = h,
                _ => return None,
            }
        }
        None
    }

    /// "Concernant la Moldavie, le ministre a ordonné…": the subject `s` of
    /// verb `k`, unless the parse took it from a phrase fronted before a
    /// comma and the verb has a noun phrase of its own just before it.
    fn past_comma(&self, s: usize, k: usize, range: &std::ops::Range<usize>) -> usize {
        match self.left_subject(k, range) {
            Some(c) if s < c && (s + 1..c).any(|j| self.form(j) == ",") => c,
            _ => s,
        }
    }

    /// "ont accusé la Chine de militariser…", "ont ordonné aux forces de
    /// traquer…", "a permis à l'organisation de lancer…": the object of `h`
    /// that controls its infinitive `k`.
    fn controller(&self, h: usize, k: usize, range: &std::ops::Range<usize>) -> Option<usize> {
        self.child(h, "obj", k, range)
            .or_else(|| self.child(h, "iobj", k, range))
            .or_else(|| {
                self.child(h, "obl:arg", k, range).filter(|&j| {
                    self.case_of(j, range)
                        .is_some_and(|c| matches!(c.as_str(), "à" | "au" | "aux" | "to"))
                })
            })
            .filter(|&j| self.fills(j) && self.pos(j) != "PRON")
    }

    /// The verb a purpose clause serves: "ont franchi la frontière pour
    /// attaquer…" (a purpose mark on `k`), "ont fait appel afin de
    /// demander…" (`k` under the purpose word).
    fn purpose_of(&self, k: usize, range: &std::ops::Range<usize>) -> Option<usize> {
        if self.pos(k) != "VERB" {
            return None;
        }
        let purposes = self.cues.purposes;
        let h = self.head(k, range)?;
        let marked = self
            .children(k, range)
            .into_iter()
            .any(|j| self.rel(j) == "mark" && purposes.contains(&self.form(j).as_str()));
        if marked && self.pos(h) == "VERB" {
            return Some(h);
        }
        if purposes.contains(&self.form(h).as_str()) {
            return self.head(h, range).filter(|&v| self.pos(v) == "VERB");
        }
        None
    }

    /// The subject verb `k` shares with the verbs it depends on, up to three
    /// verbs up: "va déployer", "a réussi à encercler", "annonce avoir
    /// mené…", "a repris la ville et réussi à encercler…" (an infinitive's
    /// controlling object first).
    fn inherited_subject(&self, k: usize, range: &std::ops::Range<usize>) -> Option<usize> {
        let mut at = k;
        for _ in 0..3 {
            // "ont franchi la frontière pour attaquer": the purpose's doer.
            if let Some(v) = self.purpose_of(at, range) {
                if let Some(s) = self.child(v, "nsubj", at, range) {
                    return Some(s).filter(|&j| self.fills(j));
                }
                at = v;
                continue;
            }
            let rel = self.rel(at);
            let h = self.head(at, range)?;
            if !matches!(rel, "xcomp" | "conj") || self.pos(h) != "VERB" {
                return None;
            }
            let found = if rel == "xcomp" {
                self.controller(h, at, range)
            } else {
                None
            }
            .or_else(|| self.child(h, "nsubj", at, range));
            if let Some(s) = found {
                return Some(s).filter(|&j| self.fills(j));
            }
            at = h;
        }
        None
    }

    /// "l'armée a lancé une offensive", "il est arrivé pour des
    /// entretiens", "a procédé à l'arrestation", "ont lancé la phase
    /// initiale d'un exercice", "il est en Chine pour une visite": the
    /// subject of the verb or predicate the noun completes.
    fn light_subject(&self, k: usize, range: &std::ops::Range<usize>) -> Option<usize> {
        let mut at = k;
        for _ in 0..2 {
            let h = self.head(at, range)?;
            let rel = self.rel(at);
            let completes = rel == "obj" || rel.starts_with("obl");
            // "a rendu les rebelles responsables du massacre": a verb that
            // is an act of its own tells about the act, it does not do it.
            if self.pos(h) == "VERB" && self.trigger(h, range).is_some() {
                return None;
            }
            if completes {
                let predicate = self.pos(h) == "VERB"
                    || self
                        .children(h, range)
                        .into_iter()
                        .any(|j| self.rel(j) == "cop");
                // "est arrivé pour des entretiens" is parsed as a passive;
                // "annonce avoir mené des frappes": the subject it inherits.
                let s = self
                    .child(h, "nsubj", at, range)
                    .or_else(|| self.child(h, "nsubj:pass", at, range))
                    .or_else(|| {
                        (self.pos(h) == "VERB")
                            .then(|| self.inherited_subject(h, range))
                            .flatten()
                    })
                    .filter(|&j| predicate && self.fills(j))?;
                let s = if self.pos(h) == "VERB" {
                    self.past_comma(s, h, range)
                } else {
                    s
                };
                // "son itinéraire prévoit une visite": whose it is.
                let owner = (!self.names(s))
                    .then(|| {
                        self.children(s, range).into_iter().find(|&j| {
                            self.pos(j) == "DET"
                                && self.cues.possessives.contains(&self.form(j).as_str())
                        })
                    })
                    .flatten();
                return Some(owner.unwrap_or(s));
            }
            // "le président russe, en Biélorussie pour un voyage officiel":
            // the person the trip is for.
            if rel == "nmod"
                && self
                    .case_of(at, range)
                    .is_some_and(|c| matches!(c.as_str(), "pour" | "for"))
                && self
                    .entity_at(h)
                    .is_some_and(|e| e.label == EntityLabel::Per)
            {
                return Some(h);
            }
            // One noun up: "la phase initiale d'un exercice".
            if rel == "nmod" && self.pos(h) == "NOUN" && self.trigger(h, range).is_none() {
                at = h;
                continue;
            }
            return None;
        }
        None
    }

    /// A noun complement that qualifies rather than names a doer: a bare
    /// noun ("frappes de soutien", "visite d'État", "test de missile") or a
    /// time ("exercices du mercredi au 27 décembre", "voyage de deux jours").
    fn qualifier(&self, j: usize, range: &std::ops::Range<usize>) -> bool {
        let span = self.input.words[j].span;
        let time = self
            .input
            .times
            .iter()
            .any(|t| t.span.start <= span.start && span.end <= t.span.end);
        let bare = self.pos(j) == "NOUN"
            && !self
                .children(j, range)
                .into_iter()
                .any(|c| matches!(self.rel(c), "det" | "nummod" | "nmod:poss"))
            && !self.names(j);
        let lemma = self.input.words[j].lemma.to_lowercase();
        let duration = matches!(
            lemma.as_str(),
            "jour"
                | "semaine"
                | "mois"
                | "an"
                | "année"
                | "heure"
                | "minute"
                | "day"
                | "week"
                | "month"
                | "year"
                | "hour"
        );
        let state = lemma == "état"
            && !self
                .children(j, range)
                .into_iter()
                .any(|c| self.rel(c) == "det");
        time || bare || duration || state
    }

    /// A name joined to `j` by "et" just before it that the parse attached
    /// elsewhere ("Poutine et Xi se sont rencontrés").
    fn conjoined_before(&self, j: usize, range: &std::ops::Range<usize>) -> Option<usize> {
        let start = self.phrase(j).start;
        let words = self.input.words;
        let i = (range.start..j)
            .rev()
            .find(|&i| words[i].span.end <= start)?;
        if !(self.pos(i) == "CCONJ" && matches!(self.form(i).as_str(), "et" | "and")) {
            return None;
        }
        let before = i.checked_sub(1).filter(|b| range.contains(b))?;
        // "la Russie et la Chine", "l'armée et la police": a name, or a
        // noun that can name an actor.
        let named = matches!(self.pos(before), "PROPN")
            || self.entity_at(before).is_some()
            || (self.pos(before) == "NOUN"
                && self.triggers.is_actor_noun(&self.input.words[before].lemma));
        let head = self
            .entity_at(before)
            .and_then(|e| (range.start..=before).find(|&x| words[x].span.start >= e.span.start))
            .unwrap_or(before);
        // Not the end of a complement: "une frappe contre l'Ukraine et Pékin a…".
        let complement = (head..=before).any(|x| self.case_of(x, range).is_some());
        Some(head).filter(|&h| named && !complement && self.fills(h))
    }

    /// The words conjoined to `j` ("la Russie et la Chine"): each one
    /// more actor of the same act.
    fn conjuncts(&self, j: usize, range: &std::ops::Range<usize>) -> Vec<usize> {
        self.children(j, range)
            .into_iter()
            .filter(|&c| {
                self.rel(c) == "conj"
                    && (matches!(self.pos(c), "NOUN" | "PROPN" | "PRON")
                        || (self.pos(j) == "ADJ" && self.pos(c) == "ADJ"))
                    && self.fills(c)
            })
            .collect()
    }

    /// Whether word `k` (or the auxiliaries and heads above it) says the
    /// event is negated, hypothetical, future, or reported.
    fn modality(&self, k: usize, range: &std::ops::Range<usize>) -> (Modality, Option<String>) {
        let words = self.input.words;
        let mut around: Vec<usize> = self.children(k, range);
        // The verbs above: "pourrait attaquer", "va frapper", "prévoit de…",
        // "a annoncé que…", "a lancé une offensive" (not a relative clause
        // or an adverbial above it).
        let mut heads = Vec::new();
        let mut at = k;
        for _ in 0..3 {
            let Some(h) = self.head(at, range) else { break };
            let rel = self.rel(at);
            let noun = matches!(self.pos(at), "NOUN" | "PROPN");
            let through = matches!(rel, "xcomp" | "ccomp" | "csubj" | "obj" | "obl:arg")
                || (noun && matches!(rel, "nsubj" | "nsubj:pass"));
            if !through {
                break;
            }
            heads.push(h);
            at = h;
        }
        for &h in &heads {
            around.extend(self.children(h, range).into_iter().filter(|&j| {
                let r = self.rel(j);
                r.starts_with("aux") || r == "advmod" || r == "mark"
            }));
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
        let compound_past = around.iter().any(|&j| {
            words[j].rel == "aux:tense"
                && self
                    .cues
                    .present_auxiliaries
                    .contains(&self.form(j).as_str())
        });
        hypothetical |= !compound_past
            && around.iter().any(|&j| {
                words[j].rel == "mark" && self.cues.conditions.contains(&self.form(j).as_str())
            });
        if hypothetical {
            return (Modality::Hypothetical, None);
        }
        // A noun's tense is its light verb's: "organisera des manœuvres".
        let noun = matches!(words[k].pos.as_str(), "NOUN" | "PROPN");
        let light = heads.first().copied().filter(|_| noun);
        let verb_forms: Vec<String> = std::iter::once(k)
            .chain(light)
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
        // A purpose ("pour protester contre…") takes its verb's modality: the
        // team's gold reads "se réunissent pour protester" as a protest told.
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
        let reporting = if french { FR_REPORTING } else { EN_REPORTING };
        // "a annoncé avoir tiré", "ont été bombardés, a affirmé l'ONU".
        let said = heads
            .iter()
            .any(|&h| reporting.contains(&lemma(h).as_str()))
            || std::iter::once(k).chain(heads.iter().copied()).any(|h| {
                self.children(h, range)
                    .into_iter()
                    .any(|j| self.rel(j) == "parataxis" && reporting.contains(&lemma(j).as_str()))
            });
        let by_source = range.clone().any(|j| {
            let f = self.form(j);
            // "la suggestion selon laquelle…" reports nothing.
            let relative = range.contains(&(j + 1))
                && matches!(
                    self.form(j + 1).as_str(),
                    "laquelle" | "lequel" | "lesquels" | "lesquelles"
                );
            (self.cues.sources.contains(&f.as_str()) && !relative)
                || (f == "après" && j > 0 && matches!(self.form(j - 1).as_str(), "d'" | "d’"))
        });
        if said || by_source || ends(FR_CONDITIONAL) {
            return (Modality::Reported, None);
        }
        (Modality::Asserted, None)
    }

    /// The sentence's place where nothing in the parse says where: a place
    /// entity led by a place case ("à Pékin", "en Biélorussie", "dans
    /// l'est de l'Ukraine") that is neither actor, nearest the trigger.
    fn sentence_place(&self, sentence: Span, trigger: Span, actors: &[Span]) -> Option<EventArg> {
        let text = self.input.text;
        let places = || {
            self.input
                .entities
                .iter()
                .filter(|e| sentence.start <= e.span.start && e.span.end <= sentence.end)
                .filter(|e| {
                    e.place.is_some()
                        && !actors
                            .iter()
                            .any(|a| a.start < e.span.end && e.span.start < a.end)
                })
        };
        // "Espagne : …", a headline's topic label, places what it tells
        // when nothing else in the sentence does.
        let label = || {
            places().find(|e| {
                text.get(sentence.start..e.span.start)
                    .is_some_and(|b| b.trim().is_empty())
                    && text
                        .get(e.span.end..sentence.end)
                        .is_some_and(|a| a.trim_start().starts_with(':'))
            })
        };
        places()
            .filter(|e| {
                let before = text.get(..e.span.start).unwrap_or("").trim_end();
                let before = before
                    .strip_suffix("l'")
                    .or_else(|| before.strip_suffix("l’"))
                    .unwrap_or(before)
                    .trim_end();
                let word = before
                    .rsplit(|c: char| !c.is_alphabetic())
                    .next()
                    .unwrap_or("");
                self.cues
                    .place_cases
                    .contains(&word.to_lowercase().as_str())
            })
            .min_by_key(|e| e.span.start.abs_diff(trigger.start))
            .or_else(label)
            .map(mention_arg)
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

/// The actor an event implies at its place: that country's authorities
/// (coercion) or people (protest), coded; the place's mention as its words.
fn implied_actor(location: &EventArg, ty: EventType) -> Option<EventArg> {
    let country = location.place.as_ref()?.country.as_deref()?;
    let sector = if ty == EventType::Protest {
        "CVL"
    } else {
        "GOV"
    };
    Some(EventArg {
        span: location.span,
        text: location.text.clone(),
        entity_id: None,
        code: Some(format!("{country} {sector}")),
        place: None,
        implied: true,
    })
}

/// Verbs of backing someone.
const BACKING: &[&str] = &["soutenir", "appuyer", "épauler", "support", "back"];

/// Nouns of armed men: backing them is military aid.
const ARMED: &[&str] = &[
    "rebelle",
    "milice",
    "milicien",
    "force",
    "armée",
    "combattant",
    "insurgé",
    "djihadiste",
    "jihadiste",
    "troupe",
    "soldat",
    "militaire",
    "rebel",
    "militia",
    "fighter",
    "insurgent",
    "troop",
    "army",
];

/// An entity mention as an event's argument.
fn mention_arg(e: &Entity) -> EventArg {
    EventArg {
        span: e.span,
        text: e.text.clone(),
        entity_id: e.entity_id.clone(),
        code: e.code.clone(),
        place: e.place.clone(),
        implied: false,
    }
}

/// Where a document happens: its headline's topic label ("Burundi : …"),
/// else the country most of its place mentions are in, when at least two
/// of them and more than half are.
fn home_place(input: &Input) -> Option<EventArg> {
    let text = input.text;
    let placed = || input.entities.iter().filter(|e| e.place.is_some());
    let country = |e: &Entity| e.place.as_ref().and_then(|p| p.country.clone());
    if let Some(first) = input.sentences.first() {
        let label = placed().find(|e| {
            first.start <= e.span.start
                && e.span.end <= first.end
                && text
                    .get(first.start..e.span.start)
                    .is_some_and(|b| b.trim().is_empty())
                && text
                    .get(e.span.end..first.end)
                    .is_some_and(|a| a.trim_start().starts_with(':'))
        });
        if let Some(e) = label.filter(|e| country(e).is_some()) {
            return Some(mention_arg(e));
        }
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut total = 0;
    for c in placed().filter_map(country) {
        total += 1;
        match counts.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    let (top, n) = counts.into_iter().max_by_key(|(_, n)| *n)?;
    if n < 2 || 2 * n <= total {
        return None;
    }
    placed()
        .find(|e| country(e).as_deref() == Some(top.as_str()))
        .map(mention_arg)
}

/// Every event of a document, in text order.
pub fn find(lexicon: &Lexicon, input: &Input) -> Vec<Event> {
    let Some(triggers) = lexicon.get(input.lang) else {
        return Vec::new();
    };
    let french = input.lang == Lang::Fr;
    let cues = if french { &FR } else { &EN };
    let demonstratives = if french {
        FR_DEMONSTRATIVES
    } else {
        EN_DEMONSTRATIVES
    };
    let doc = Doc {
        input,
        cues,
        triggers,
        lexicon,
    };
    let words = input.words;
    let home = home_place(input);
    let mut out = Vec::new();
    for &sentence in input.sentences {
        let first = words.partition_point(|w| w.span.start < sentence.start);
        let last = words.partition_point(|w| w.span.start < sentence.end);
        let range = first..last.max(first);
        for k in range.clone() {
            let Some(t) = doc.trigger(k, &range) else {
                continue;
            };
            let verb = words[k].pos == "VERB";
            let noun = words[k].pos == "NOUN";
            // Violence is done to someone, not to a clause: "ces
            // exercices visent à démontrer…" is a purpose, no attack.
            let clausal = verb
                && t.event_type == EventType::Assault
                && doc
                    .children(k, &range)
                    .into_iter()
                    .any(|j| matches!(doc.rel(j), "xcomp" | "ccomp"));
            if clausal {
                continue;
            }
            if noun {
                // "cette attaque" refers back to an event already told;
                // "a condamné l'attaque", "tués par des tirs": the verb
                // above codes the act.
                let back = doc
                    .children(k, &range)
                    .into_iter()
                    .any(|j| doc.rel(j) == "det" && demonstratives.contains(&doc.form(j).as_str()));
                let under_trigger = doc
                    .head(k, &range)
                    .is_some_and(|h| doc.pos(h) == "VERB" && doc.trigger(h, &range).is_some());
                if back || under_trigger {
                    continue;
                }
            }
            let mut roles = doc.roles(k, t, &range);
            // "l'armée a repris la ville": the ground is where, not whom.
            // Only for acts of force: "Pékin a mis en garde Moscou" warns
            // the government seated there.
            let physical = matches!(
                t.event_type,
                EventType::Assault | EventType::Coerce | EventType::Mobilize
            );
            let ground = roles.target.filter(|&j| physical && doc.terrain(j));
            if let Some(j) = ground {
                roles.target = None;
                roles.place = roles.place.or(Some(j));
            }
            // A verb needs someone who acts or is acted on; a noun stands on
            // its own ("Explosions à Kaboul", "des tirs ont éclaté") unless it
            // only qualifies another noun.
            // Only acts that happen without a named doer in news do so: an
            // explosion, an exercise, a demonstration, an arrest.
            let happening = matches!(
                t.event_type,
                EventType::Assault | EventType::Mobilize | EventType::Protest | EventType::Coerce
            );
            // A fixed expression says the act itself ("ouvrir le feu").
            let fixed = t.needs.iter().any(|n| !n.starts_with('!'));
            let alone_ok = (noun || (verb && fixed))
                && happening
                && !doc.rel(k).starts_with("nmod")
                && doc.rel(k) != "compound";
            if roles.source.is_none() && roles.target.is_none() && ground.is_none() && !alone_ok {
                continue;
            }
            let (modality, reported_by) = doc.modality(k, &range);
            let span = words[k].span;
            // "ont tenté de reprendre la ville": an attempt to take ground
            // by force is an attack.
            let attempt = t.cameo == "192"
                && verb
                && doc.rel(k) == "xcomp"
                && doc.head(k, &range).is_some_and(|h| {
                    matches!(
                        words[h].lemma.to_lowercase().as_str(),
                        "tenter" | "essayer" | "chercher" | "try" | "attempt"
                    )
                });
            // "les rebelles soutenus par la Turquie": backing armed men
            // is military aid, not political support.
            let armed = |j: usize| ARMED.contains(&words[j].lemma.to_lowercase().as_str());
            let backs_fighters = t.event_type == EventType::Support
                && verb
                && BACKING.contains(&words[k].lemma.to_lowercase().as_str())
                && (roles.target.is_some_and(armed)
                    || (doc.rel(k).starts_with("acl") && doc.head(k, &range).is_some_and(armed)));
            let (event_type, cameo, mode) = if attempt {
                (EventType::Assault, "190".to_string(), None)
            } else if backs_fighters {
                (EventType::Aid, "072".to_string(), None)
            } else {
                (t.event_type, t.cameo.clone(), t.mode.clone())
            };
            // One event per actor: "la Russie et la Chine ont condamné…".
            let sources: Vec<Option<usize>> = match roles.source {
                Some(s) => doc
                    .conjoined_before(s, &range)
                    .into_iter()
                    .chain(std::iter::once(s))
                    .chain(doc.conjuncts(s, &range))
                    .fold(Vec::new(), |mut v, x| {
                        if !v.contains(&Some(x)) {
                            v.push(Some(x));
                        }
                        v
                    }),
                None => vec![None],
            };
            let targets: Vec<Option<usize>> = match roles.target {
                Some(s) => std::iter::once(s)
                    .chain(doc.conjuncts(s, &range))
                    .map(Some)
                    .collect(),
                None => vec![None],
            };
            // Acts only a state or a crowd does (arrests, sentences,
            // expulsions; demonstrations), told without their doer: a noun,
            // a passive, a participle.
            let unnamed = noun
                || doc.rel(k).starts_with("acl")
                || doc.bare_participle(k, &range)
                || doc
                    .children(k, &range)
                    .into_iter()
                    .any(|j| doc.rel(j) == "aux:pass");
            // Releases, like arrests, are the authorities' doing.
            let implied = roles.source.is_none()
                && unnamed
                && ((event_type == EventType::Coerce && cameo.starts_with("17"))
                    || (event_type == EventType::Retreat && cameo == "084")
                    || event_type == EventType::Protest);
            for &s in &sources {
                for &g in &targets {
                    let source = s.and_then(|j| doc.actor(j));
                    let target = g.and_then(|j| doc.actor(j));
                    let location = roles.place.and_then(|j| doc.arg(j)).or_else(|| {
                        let actors: Vec<Span> =
                            source.iter().chain(&target).map(|a| a.span).collect();
                        doc.sentence_place(sentence, span, &actors)
                    });
                    let confidence = 0.5
                        + if source.is_some() { 0.25 } else { 0.0 }
                        + if target.is_some() { 0.15 } else { 0.0 };
                    // No doer named where the grammar leaves none: the
                    // authorities, or the people, of where it happened.
                    // Where the sentence names no place, the document's.
                    let source = source.or_else(|| {
                        implied
                            .then(|| {
                                location
                                    .as_ref()
                                    .or(home.as_ref())
                                    .and_then(|l| implied_actor(l, event_type))
                            })
                            .flatten()
                    });
                    out.push(Event {
                        event_type,
                        mode: mode.clone(),
                        context: t.context.clone(),
                        cameo: cameo.clone(),
                        trigger: EventArg {
                            span,
                            text: span.slice(input.text).to_string(),
                            entity_id: None,
                            code: None,
                            place: None,
                            implied: false,
                        },
                        source,
                        target,
                        location,
                        date: doc.date(sentence),
                        modality,
                        reported_by: reported_by.clone(),
                        sentence,
                        confidence,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::french_participle;

    #[test]
    fn french_participles_by_shape() {
        let cases = [
            ("arrêtés", "arrêter", true),
            ("libérée", "libérer", true),
            ("arrête", "arrêter", false),
            ("tue", "tuer", false),
            ("détruits", "détruire", true),
            ("pris", "prendre", true),
            ("prise", "prendre", true),
            ("abattu", "abattre", true),
            ("ouverte", "ouvrir", true),
            ("atteints", "atteindre", true),
            ("finis", "finir", true),
            ("prend", "prendre", false),
            ("abat", "abattre", false),
        ];
        let bad: Vec<_> = cases
            .iter()
            .filter(|(f, l, want)| french_participle(f, l) != *want)
            .collect();
        assert!(bad.is_empty(), "{bad:?}");
    }
}
