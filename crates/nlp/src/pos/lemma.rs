//! Lemmas from (form, part of speech): a table of exceptions over suffix
//! rules, both learned from a treebank and (for French) the Lefff.
//!
//! An edit script turns a lower-cased form into its lemma: strip `n`
//! characters, append a string. Rules map (POS, the form's last k
//! characters) to a script; the table keeps only the (form, POS) pairs the
//! rules get wrong.

use crate::binio::{put_str, put_u32, ModelError, Reader};
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;

/// Longest suffix a rule looks at, in characters.
const MAX_SUFFIX: usize = 6;

#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    scripts: Vec<(u32, String)>,
    table: FxHashMap<u64, u32>,
    rules: FxHashMap<u64, u32>,
}

fn key(lower: &str, pos: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(lower.as_bytes());
    h.write_u8(0xff);
    h.write(pos.as_bytes());
    h.finish()
}

fn rule_key(pos: &str, suffix: &str, k: usize) -> u64 {
    let mut h = FxHasher::default();
    h.write_u8(k as u8);
    h.write(pos.as_bytes());
    h.write_u8(0xfe);
    h.write(suffix.as_bytes());
    h.finish()
}

/// Lower case with typographic apostrophes folded: the form lemmas are made from.
pub fn lower(form: &str) -> String {
    form.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if matches!(c, '’' | 'ʼ') { '\'' } else { c })
        .collect()
}

/// The suffix of the last `k` characters (None if the word is not longer).
fn suffix(w: &str, k: usize) -> Option<&str> {
    if k == 0 {
        return Some("");
    }
    let (i, _) = w.char_indices().rev().nth(k - 1)?;
    (i > 0).then(|| &w[i..])
}

fn script_of(lower: &str, lemma: &str) -> (u32, String) {
    let common = lower
        .chars()
        .zip(lemma.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let strip = lower.chars().count() - common;
    let append: String = lemma.chars().skip(common).collect();
    (strip as u32, append)
}

fn apply(lower: &str, (strip, append): &(u32, String)) -> String {
    let keep = lower.chars().count().saturating_sub(*strip as usize);
    let mut s: String = lower.chars().take(keep).collect();
    s.push_str(append);
    s
}

/// Parts of speech whose lemma is the form itself.
fn verbatim(pos: &str) -> bool {
    matches!(pos, "PROPN" | "PUNCT" | "NUM" | "SYM" | "X")
}

impl Lemmatizer {
    /// Learns from weighted (form, POS, lemma) observations.
    pub fn learn<'a>(
        items: impl IntoIterator<Item = (&'a str, &'a str, &'a str, u32)>,
    ) -> Lemmatizer {
        let mut counts: FxHashMap<(String, String), FxHashMap<String, u32>> = FxHashMap::default();
        for (form, pos, lemma, w) in items {
            if verbatim(pos) || lemma.is_empty() || lemma == "_" {
                continue;
            }
            *counts
                .entry((lower(form), pos.to_string()))
                .or_default()
                .entry(lemma.to_string())
                .or_default() += w;
        }
        // How often each lemma is seen, whatever its form: a form two
        // lemmas share equally ("tue": tuer, taire; "ouvrent": ouvrir,
        // ouvrer) goes to the more frequent lemma, not the first in
        // alphabetical order.
        let mut frequency: FxHashMap<(String, String), u32> = FxHashMap::default();
        for ((_, pos), lemmas) in &counts {
            for (lemma, w) in lemmas {
                *frequency.entry((pos.clone(), lemma.clone())).or_default() += w;
            }
        }
        let freq = |pos: &str, lemma: &str| {
            frequency
                .get(&(pos.to_string(), lemma.to_string()))
                .copied()
                .unwrap_or(0)
        };
        let mut scripts: Vec<(u32, String)> = Vec::new();
        let mut script_id: FxHashMap<(u32, String), u32> = FxHashMap::default();
        let mut best: Vec<(String, String, u32)> = Vec::with_capacity(counts.len());
        for ((l, pos), lemmas) in counts {
            let Some((lemma, _)) = lemmas.into_iter().max_by(|a, b| {
                a.1.cmp(&b.1)
                    .then_with(|| freq(&pos, &a.0).cmp(&freq(&pos, &b.0)))
                    .then(b.0.cmp(&a.0))
            }) else {
                continue;
            };
            let s = script_of(&l, &lemma);
            let next = scripts.len() as u32;
            let id = *script_id.entry(s.clone()).or_insert_with(|| {
                scripts.push(s);
                next
            });
            best.push((l, pos, id));
        }
        best.sort();
        // Rule statistics: (pos, suffix, k) → script counts.
        let mut stats: FxHashMap<u64, FxHashMap<u32, u32>> = FxHashMap::default();
        for (l, pos, id) in &best {
            for k in 0..=MAX_SUFFIX {
                let Some(suf) = suffix(l, k) else { break };
                *stats
                    .entry(rule_key(pos, suf, k))
                    .or_default()
                    .entry(*id)
                    .or_default() += 1;
            }
        }
        let top = |m: &FxHashMap<u32, u32>| -> u32 {
            m.iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map_or(0, |(s, _)| *s)
        };
        // Keep a rule only where it changes the answer of the shorter suffix.
        let mut rules = FxHashMap::default();
        for (l, pos, _) in &best {
            let mut parent = None;
            for k in 0..=MAX_SUFFIX {
                let Some(suf) = suffix(l, k) else { break };
                let rk = rule_key(pos, suf, k);
                let s = top(&stats[&rk]);
                if parent != Some(s) {
                    rules.insert(rk, s);
                }
                parent = Some(s);
            }
        }
        let mut lem = Lemmatizer {
            scripts,
            table: FxHashMap::default(),
            rules,
        };
        for (l, pos, id) in best {
            if lem.rule(&l, &pos) != Some(id) {
                lem.table.insert(key(&l, &pos), id);
            }
        }
        lem
    }

    fn rule(&self, lower: &str, pos: &str) -> Option<u32> {
        (0..=MAX_SUFFIX).rev().find_map(|k| {
            let suf = suffix(lower, k)?;
            self.rules.get(&rule_key(pos, suf, k)).copied()
        })
    }

    pub fn lemma(&self, form: &str, pos: &str) -> String {
        if verbatim(pos) {
            return form.to_string();
        }
        let l = lower(form);
        match self
            .table
            .get(&key(&l, pos))
            .copied()
            .or_else(|| self.rule(&l, pos))
        {
            Some(id) => self
                .scripts
                .get(id as usize)
                .map_or(l.clone(), |s| apply(&l, s)),
            None => l,
        }
    }

    pub fn size(&self) -> (usize, usize) {
        (self.table.len(), self.rules.len())
    }

    pub(crate) fn write(&self, b: &mut Vec<u8>) {
        put_u32(b, self.scripts.len() as u32);
        for (n, s) in &self.scripts {
            put_u32(b, *n);
            put_str(b, s);
        }
        for m in [&self.table, &self.rules] {
            let mut v: Vec<(u64, u32)> = m.iter().map(|(k, s)| (*k, *s)).collect();
            v.sort_unstable();
            put_u32(b, v.len() as u32);
            for (k, s) in v {
                b.extend_from_slice(&k.to_le_bytes());
                put_u32(b, s);
            }
        }
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Lemmatizer, ModelError> {
        let n = r.count(8)?;
        let mut scripts = Vec::with_capacity(n);
        for _ in 0..n {
            let strip = r.u32()?;
            scripts.push((strip, r.string()?));
        }
        let mut maps = [FxHashMap::default(), FxHashMap::default()];
        for m in &mut maps {
            let n = r.count(12)?;
            for c in r.take(n * 12)?.chunks_exact(12) {
                let k = u64::from_le_bytes(c[..8].try_into().unwrap_or_default());
                m.insert(k, u32::from_le_bytes([c[8], c[9], c[10], c[11]]));
            }
        }
        let [table, rules] = maps;
        Ok(Lemmatizer {
            scripts,
            table,
            rules,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exceptions_over_rules() {
        let data = [
            ("mangeaient", "VERB", "manger", 1),
            ("parlaient", "VERB", "parler", 1),
            ("chantaient", "VERB", "chanter", 1),
            ("étaient", "AUX", "être", 1),
            ("chevaux", "NOUN", "cheval", 1),
            ("journaux", "NOUN", "journal", 1),
            ("Poutine", "PROPN", "Poutine", 1),
        ];
        let l = Lemmatizer::learn(data.iter().map(|&(a, b, c, d)| (a, b, c, d)));
        assert_eq!(l.lemma("dansaient", "VERB"), "danser");
        assert_eq!(l.lemma("Étaient", "AUX"), "être");
        assert_eq!(l.lemma("canaux", "NOUN"), "canal");
        assert_eq!(l.lemma("Xi", "PROPN"), "Xi");
        let mut b = Vec::new();
        l.write(&mut b);
        let l2 = Lemmatizer::read(&mut Reader::new(&b)).unwrap();
        assert_eq!(l2.lemma("dansaient", "VERB"), "danser");
        assert_eq!(suffix("été", 2), Some("té"));
        assert_eq!(suffix("été", 3), None);
    }

    #[test]
    fn a_form_two_lemmas_share_goes_to_the_more_frequent() {
        // "gèle" is listed under two lemmas equally; "geler" is seen more.
        let data = [
            ("gèle", "VERB", "geler", 1),
            ("gèle", "VERB", "agéler", 1),
            ("gelait", "VERB", "geler", 1),
            ("gelé", "VERB", "geler", 1),
        ];
        let l = Lemmatizer::learn(data.iter().map(|&(a, b, c, d)| (a, b, c, d)));
        assert_eq!(l.lemma("gèle", "VERB"), "geler");
        // Equal in every way: the first in alphabetical order, as before.
        let l = Lemmatizer::learn([("vole", "VERB", "voler", 1), ("vole", "VERB", "avoler", 1)]);
        assert_eq!(l.lemma("vole", "VERB"), "avoler");
    }
}
