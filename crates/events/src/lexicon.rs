//! Trigger lexicons: data files the team writes, one per language
//! (`data/triggers-fr.tsv`, `data/triggers-en.tsv`), compiled in.

use crate::EventsError;
use rustc_hash::FxHashMap;
use veille_core::{EventType, Lang, Word};

/// Part of speech of a trigger word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TriggerPos {
    Verb,
    Noun,
}

/// What a trigger word means, and what it needs around it.
#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    pub event_type: EventType,
    pub cameo: String,
    pub mode: Option<String>,
    pub context: Vec<String>,
    /// Words of which one must depend on the trigger (directly or through
    /// one word): "garde" for "mettre en garde", "avec" for "s'entretenir
    /// avec"; written `a|b`; a word written `!w` must not depend on it
    /// ("tirer" but not "tirer parti").
    pub needs: Vec<String>,
    /// What a noun's "de" complement is: the patient for "l'arrestation de
    /// X" (`de=target`), else the agent ("l'attaque de l'armée").
    pub de_target: bool,
}

impl Trigger {
    /// Whether the words depending on the trigger satisfy its needs.
    pub fn fits(&self, dependents: &[String]) -> bool {
        let (not, want): (Vec<&String>, Vec<&String>) =
            self.needs.iter().partition(|n| n.starts_with('!'));
        let has = |w: &str| dependents.iter().any(|d| d == w);
        (want.is_empty() || want.iter().any(|w| has(w))) && !not.iter().any(|w| has(&w[1..]))
    }

    /// Whether a dependent is part of the trigger's own expression
    /// ("le feu" of "ouvrir le feu"), not an argument.
    pub fn owns(&self, form: &str) -> bool {
        self.needs.iter().any(|n| n == form)
    }
}

/// Triggers by lemma and part of speech, for one language.
#[derive(Debug, Clone, Default)]
pub struct Triggers {
    by_lemma: FxHashMap<(String, TriggerPos), Vec<Trigger>>,
    /// Lemmas of nouns that can head an actor or a target (`actors-*.txt`);
    /// empty: any noun can.
    actors: rustc_hash::FxHashSet<String>,
}

impl Triggers {
    /// Parses a trigger file: `lemma, pos, type, cameo, mode, context, needs,
    /// roles` tab-separated, `#` lines comments; a malformed line is an
    /// error.
    pub fn parse(file: &str, src: &str) -> Result<Triggers, EventsError> {
        let mut t = Triggers::default();
        for (n, line) in src.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |reason: String| EventsError::Malformed {
                file: file.to_string(),
                line: n + 1,
                reason,
            };
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            if cols.len() < 4 {
                return Err(bad(format!("{} columns, expected at least 4", cols.len())));
            }
            let pos = match cols[1] {
                "VERB" => TriggerPos::Verb,
                "NOUN" => TriggerPos::Noun,
                other => return Err(bad(format!("part of speech {other:?} (VERB or NOUN)"))),
            };
            let event_type = EventType::parse(cols[2])
                .ok_or_else(|| bad(format!("{:?} is not a PLOVER type", cols[2])))?;
            if !(cols[3].len() >= 2 && cols[3].bytes().all(|b| b.is_ascii_digit())) {
                return Err(bad(format!("CAMEO code {:?}", cols[3])));
            }
            let opt = |i: usize| cols.get(i).filter(|c| !c.is_empty()).map(|c| c.to_string());
            t.by_lemma
                .entry((cols[0].to_lowercase(), pos))
                .or_default()
                .push(Trigger {
                    event_type,
                    cameo: cols[3].to_string(),
                    mode: opt(4),
                    context: opt(5)
                        .map(|c| c.split(';').map(|x| x.trim().to_string()).collect())
                        .unwrap_or_default(),
                    needs: opt(6)
                        .map(|x| x.split('|').map(|w| w.trim().to_lowercase()).collect())
                        .unwrap_or_default(),
                    de_target: match opt(7).as_deref() {
                        None | Some("de=source") => false,
                        Some("de=target") => true,
                        Some(other) => {
                            return Err(bad(format!("roles {other:?} (de=target or de=source)")))
                        }
                    },
                });
        }
        Ok(t)
    }

    /// The triggers a word may be (none for other parts of speech).
    pub fn of(&self, w: &Word) -> &[Trigger] {
        let pos = match w.pos.as_str() {
            "VERB" => TriggerPos::Verb,
            "NOUN" => TriggerPos::Noun,
            _ => return &[],
        };
        self.by_lemma
            .get(&(w.lemma.to_lowercase(), pos))
            .map_or(&[], Vec::as_slice)
    }

    /// The same triggers with the nouns that can head an actor: one lemma
    /// per line, `#` lines comments.
    pub fn with_actors(mut self, src: &str) -> Triggers {
        self.actors = src
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect();
        self
    }

    /// Whether a common noun (by lemma) can name an actor or a target.
    pub fn is_actor_noun(&self, lemma: &str) -> bool {
        self.actors.is_empty() || self.actors.contains(&lemma.to_lowercase())
    }

    pub fn len(&self) -> usize {
        self.by_lemma.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.by_lemma.is_empty()
    }
}

/// The trigger lexicons of every language veille codes events in.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub fr: Triggers,
    pub en: Triggers,
    /// Lower-cased demonym ("chinois", "iraniennes", "Russian") → iso3:
    /// a common noun with one is a national actor ("deux jets chinois").
    pub demonyms: FxHashMap<String, String>,
}

impl Lexicon {
    /// The lexicons shipped in `data/`.
    pub fn builtin() -> Result<Lexicon, EventsError> {
        Ok(Lexicon {
            fr: Triggers::parse("triggers-fr.tsv", include_str!("../data/triggers-fr.tsv"))?
                .with_actors(include_str!("../data/actors-fr.txt")),
            en: Triggers::parse("triggers-en.tsv", include_str!("../data/triggers-en.tsv"))?
                .with_actors(include_str!("../data/actors-en.txt")),
            demonyms: FxHashMap::default(),
        })
    }

    /// The same lexicon reading these demonyms (word, iso3), e.g. the
    /// knowledge base's.
    pub fn with_demonyms<'a>(
        mut self,
        demonyms: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        self.demonyms.extend(
            demonyms
                .into_iter()
                .map(|(d, c)| (d.to_lowercase(), c.to_string())),
        );
        self
    }

    /// The country a demonym names ("chinois" → "CHN").
    pub fn country_of(&self, demonym: &str) -> Option<&str> {
        self.demonyms
            .get(&demonym.to_lowercase())
            .map(String::as_str)
    }

    pub fn get(&self, lang: Lang) -> Option<&Triggers> {
        match lang {
            Lang::Fr => Some(&self.fr),
            Lang::En => Some(&self.en),
            _ => None,
        }
    }

    /// Whether a word may trigger an event (its sentence is then parsed).
    pub fn is_trigger(&self, w: &Word, lang: Lang) -> bool {
        self.get(lang).is_some_and(|t| !t.of(w).is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lexicons_parse() {
        let l = Lexicon::builtin().expect("shipped trigger files");
        assert!(l.fr.len() >= 80, "{}", l.fr.len());
        assert!(l.en.len() >= 60, "{}", l.en.len());
        // Every PLOVER type has a trigger in each language.
        for lex in [&l.fr, &l.en] {
            for ty in EventType::ALL {
                assert!(
                    lex.by_lemma.values().flatten().any(|t| t.event_type == ty),
                    "{ty} has no trigger"
                );
            }
        }
    }

    #[test]
    fn malformed_lines_are_errors_with_their_place() {
        for (src, what) in [
            ("attaquer\tVERB\tASSAULT", "columns"),
            ("attaquer\tADJ\tASSAULT\t190", "part of speech"),
            ("attaquer\tVERB\tATTACK\t190", "PLOVER"),
            ("attaquer\tVERB\tASSAULT\tx9", "CAMEO"),
            ("attaque\tNOUN\tASSAULT\t190\t\t\t\tde=agent", "roles"),
        ] {
            let e = Triggers::parse("t.tsv", &format!("# c\n{src}\n")).unwrap_err();
            let m = e.to_string();
            assert!(m.starts_with("t.tsv:2: ") && m.contains(what), "{m}");
        }
    }

    #[test]
    fn needs_are_alternatives_and_exclusions() {
        let t = Triggers::parse(
            "t.tsv",
            "tirer\tVERB\tASSAULT\t193\t\t\tsur|contre\n\
             tirer\tVERB\tMOBILIZE\t150\t\t\t!parti\n\
             arrestation\tNOUN\tCOERCE\t173\t\t\t\tde=target\n",
        )
        .unwrap();
        let all = &t.by_lemma[&("tirer".to_string(), TriggerPos::Verb)];
        let deps = |w: &[&str]| w.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert!(all[0].fits(&deps(&["les", "contre"])) && !all[0].fits(&deps(&["un"])));
        assert!(all[1].fits(&deps(&["un", "missile"])) && !all[1].fits(&deps(&["parti"])));
        assert!(all[0].owns("sur") && !all[1].owns("parti"));
        assert!(t.by_lemma[&("arrestation".to_string(), TriggerPos::Noun)][0].de_target);
    }
}
