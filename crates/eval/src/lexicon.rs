//! Word-class lexicons for the NER lexicon features: the Lefff (French,
//! `form\tcategory\tlemma\tmorph`) and UD treebanks (any language: the set
//! of UPOS a form takes). A form's class is its sorted, `|`-joined set of
//! categories ("adj|nc", "np").

use crate::{read_text, EvalError};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub type Classes = BTreeMap<String, BTreeSet<String>>;

/// Lower-cased Lefff forms with their categories (punctuation left out).
pub fn lefff_classes(path: &Path, out: &mut Classes) -> Result<(), EvalError> {
    let src = read_text(path)?;
    for line in src.lines() {
        let mut cols = line.split('\t');
        let (Some(form), Some(cat)) = (cols.next(), cols.next()) else {
            continue;
        };
        if cat.starts_with("ponct") || form.contains(' ') || cat.is_empty() {
            continue;
        }
        let cat = match cat {
            "auxAvoir" | "auxEtre" => "v",
            "cln" | "cla" | "cld" | "clr" | "cll" | "cldr" | "clg" | "clar" | "cldar" => "cl",
            c => c,
        };
        out.entry(form.to_lowercase())
            .or_default()
            .insert(cat.to_string());
    }
    Ok(())
}

/// Lower-cased forms of a CoNLL-U treebank with the UPOS tags they take.
pub fn conllu_classes(path: &Path, out: &mut Classes) -> Result<(), EvalError> {
    let src = read_text(path)?;
    for line in src.lines() {
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() == 10
            && !cols[0].contains(['-', '.'])
            && !matches!(cols[3], "PUNCT" | "SYM" | "X" | "NUM")
        {
            out.entry(cols[1].to_lowercase())
                .or_default()
                .insert(cols[3].to_string());
        }
    }
    Ok(())
}

/// Lower-cased forms of a CoNLL-2003 file with the Penn Treebank tags of
/// its second column (an English word-class lexicon independent of UD).
pub fn conll_pos_classes(path: &Path, out: &mut Classes) -> Result<(), EvalError> {
    let src = read_text(path)?;
    for line in src.lines() {
        let mut cols = line.split(' ');
        let (Some(form), Some(tag)) = (cols.next(), cols.next()) else {
            continue;
        };
        if form == "-DOCSTART-"
            || tag.is_empty()
            || !tag.starts_with(|c: char| c.is_ascii_uppercase())
        {
            continue;
        }
        out.entry(form.to_lowercase())
            .or_default()
            .insert(tag.to_string());
    }
    Ok(())
}

/// Each form's class signature.
pub fn signatures(classes: &Classes) -> Vec<(String, String)> {
    classes
        .iter()
        .map(|(w, c)| (w.clone(), c.iter().cloned().collect::<Vec<_>>().join("|")))
        .collect()
}

/// The UPOS a Lefff category corresponds to (None: not used for lemmas).
fn lefff_upos(cat: &str, morph: &str) -> Option<&'static str> {
    Some(match cat {
        "nc" => "NOUN",
        // Lefff lists participles as adjectives with the verb's lemma.
        "adj" if morph.starts_with('K') => "VERB",
        "adj" => "ADJ",
        "v" => "VERB",
        "auxAvoir" | "auxEtre" => "AUX",
        "adv" | "advneg" => "ADV",
        "det" => "DET",
        "prep" => "ADP",
        "coo" => "CCONJ",
        "csu" => "SCONJ",
        "pro" | "prel" | "pri" | "cln" | "cla" | "cld" | "clr" | "cll" | "clg" | "cldr"
        | "clar" | "cldar" | "ilimp" | "caimp" => "PRON",
        _ => return None,
    })
}

/// (form, UPOS, lemma) triples of the Lefff, for learning lemmas: one per
/// reading. The Lefff lists each past participle twice, as a verb and as an
/// adjective with the same features ("tue": `v taire Kfs`, `adj taire Kfs`);
/// counted once, so that a participle does not outweigh the finite forms
/// of another verb ("tue": `v tuer PS13s`, `v tuer Y2s`).
pub fn lefff_lemmas(path: &Path) -> Result<Vec<(String, String, String)>, EvalError> {
    let src = read_text(path)?;
    let mut out = Vec::new();
    let mut seen: std::collections::HashSet<(&str, &str, &str, &str)> = Default::default();
    for line in src.lines() {
        let mut cols = line.split('\t');
        let (Some(form), Some(cat), Some(lemma)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        let morph = cols.next().unwrap_or("");
        if form.contains(' ') || lemma.is_empty() {
            continue;
        }
        if let Some(upos) = lefff_upos(cat, morph) {
            if !seen.insert((form, upos, lemma, morph)) {
                continue;
            }
            out.push((form.to_string(), upos.to_string(), lemma.to_string()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_participle_listed_as_verb_and_adjective_counts_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lex.mlex");
        std::fs::write(
            &path,
            "vue\tv\tvoir\tKfs\nvue\tadj\tvoir\tKfs\nvue\tnc\tvue\tfs\nvue\tv\tvuer\tP3s\n",
        )
        .unwrap();
        let lemmas = lefff_lemmas(&path).unwrap();
        let count = |lemma: &str| lemmas.iter().filter(|(_, _, l)| l == lemma).count();
        assert_eq!(count("voir"), 1);
        assert_eq!(count("vuer"), 1);
        assert_eq!(count("vue"), 1);
    }
}
