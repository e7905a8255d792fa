//! Recipes for the syntax models, all trained on UD treebanks: the
//! part-of-speech tagger and lemmatizer, the dependency parser, the
//! sentence-boundary model.

use crate::TrainError;
use std::path::PathBuf;
use tracing::info;
use veille_core::Lang;
use veille_nlp::deps::Parser;
use veille_nlp::pos::Tagger;
use veille_nlp::sent::Splitter;

/// The POS tagger's inputs besides its options.
#[derive(Debug, Clone, Default)]
pub struct PosData {
    /// UD CoNLL-U training files.
    pub conllu: Vec<PathBuf>,
    /// Lefff lexicon (.mlex): word classes and lemmas.
    pub lefff: Option<PathBuf>,
    /// CoNLL-2003 files: their words' Penn Treebank tags as word classes.
    pub lexicon_conll: Vec<PathBuf>,
}

/// Trains the part-of-speech tagger and lemmatizer.
pub fn pos(
    data: &PosData,
    lang: Lang,
    opts: &veille_nlp::pos::TrainOptions,
) -> Result<Tagger, TrainError> {
    if !(0.5..=1.0).contains(&opts.dict_share) {
        return Err(TrainError::Invalid(format!(
            "--dict-share must be between 0.5 and 1 (the share of a form's occurrences its one tag must have), not {}",
            opts.dict_share
        )));
    }
    let mut units = Vec::new();
    for c in &data.conllu {
        units.extend(
            veille_eval::conllu::read(c)?
                .iter()
                .map(veille_eval::pos::units),
        );
    }
    let words: usize = units.iter().flatten().map(|u| u.words.len()).sum();
    if words == 0 {
        return Err(TrainError::NoData("no words in the CoNLL-U files".into()));
    }
    info!("training on {} sentences, {words} words", units.len());
    let mut classes = veille_eval::lexicon::Classes::new();
    let mut lemmas = Vec::new();
    if let Some(l) = &data.lefff {
        veille_eval::lexicon::lefff_classes(l, &mut classes)?;
        lemmas = veille_eval::lexicon::lefff_lemmas(l)?;
    }
    for c in &data.lexicon_conll {
        veille_eval::lexicon::conll_pos_classes(c, &mut classes)?;
    }
    let sigs = veille_eval::lexicon::signatures(&classes);
    info!(
        "lexicon: {} forms, {} lemma entries",
        sigs.len(),
        lemmas.len()
    );
    Ok(Tagger::train(
        lang.as_str(),
        &units,
        sigs.iter().map(|(w, c)| (w.as_str(), c.as_str())),
        lemmas
            .iter()
            .map(|(f, p, l)| (f.as_str(), p.as_str(), l.as_str(), 1)),
        opts,
        |e, acc| info!("epoch {e:>2}: train accuracy {acc:.4}"),
    ))
}

/// Trains the dependency parser (arc-hybrid, dynamic oracle) and its labeller.
pub fn deps(
    conllu: &[PathBuf],
    lang: Lang,
    opts: &veille_nlp::deps::TrainOptions,
) -> Result<Parser, TrainError> {
    let mut data = Vec::new();
    for c in conllu {
        data.extend(
            veille_eval::conllu::read(c)?
                .iter()
                .map(veille_eval::deps::gold),
        );
    }
    let words: usize = data.iter().map(|g| g.forms.len()).sum();
    if words == 0 {
        return Err(TrainError::NoData("no words in the CoNLL-U files".into()));
    }
    info!("training on {} sentences, {words} words", data.len());
    Ok(Parser::train(lang.as_str(), &data, opts, |e, a, l| {
        info!("epoch {e:>2}: transitions {a:.4}, labels {l:.4}")
    }))
}

/// Trains the sentence-boundary model on treebank texts (their `# text`
/// lines, joined with paragraph breaks where the treebank marks them).
pub fn sent(
    conllu: &[PathBuf],
    lang: Lang,
    opts: &veille_nlp::sent::TrainOptions,
) -> Result<Splitter, TrainError> {
    let mut texts = Vec::new();
    for c in conllu {
        texts.push(veille_eval::conllu::rebuild(&veille_eval::conllu::read(c)?));
    }
    let gold: Vec<veille_nlp::sent::GoldText> = texts
        .iter()
        .map(|g| veille_nlp::sent::GoldText {
            text: &g.text,
            sentences: &g.sentences,
        })
        .collect();
    let n: usize = texts.iter().map(|g| g.sentences.len()).sum();
    if n == 0 {
        return Err(TrainError::NoData(
            "no sentences in the CoNLL-U files".into(),
        ));
    }
    info!("training on {n} sentences");
    Ok(Splitter::train(lang.as_str(), &gold, opts, |e, a| {
        info!("epoch {e:>2}: decisions {a:.5}")
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TREEBANK: &str = "# newdoc\n# text = Marie dort.\n1\tMarie\tMarie\tPROPN\t_\t_\t2\tnsubj\t_\t_\n2\tdort\tdormir\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No\n3\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n\n# text = Paul mange.\n1\tPaul\tPaul\tPROPN\t_\t_\t2\tnsubj\t_\t_\n2\tmange\tmanger\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No\n3\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n\n";

    #[test]
    fn syntax_models_train_on_a_tiny_treebank() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("fr-tiny.conllu");
        std::fs::write(&p, TREEBANK).unwrap();
        let data = PosData {
            conllu: vec![p.clone()],
            ..Default::default()
        };
        let opts = veille_nlp::pos::TrainOptions {
            epochs: 2,
            ..Default::default()
        };
        let t = pos(&data, Lang::Fr, &opts).unwrap();
        assert!(t.tags.iter().any(|x| x == "PROPN"));
        let d = deps(
            std::slice::from_ref(&p),
            Lang::Fr,
            &veille_nlp::deps::TrainOptions {
                epochs: 2,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(d.labels.iter().any(|l| l == "nsubj"));
        let s = sent(
            std::slice::from_ref(&p),
            Lang::Fr,
            &veille_nlp::sent::TrainOptions::default(),
        )
        .unwrap();
        assert_eq!(s.lang, "fr");
        let bad = veille_nlp::pos::TrainOptions {
            dict_share: 0.2,
            ..Default::default()
        };
        assert!(matches!(
            pos(&data, Lang::Fr, &bad),
            Err(TrainError::Invalid(_))
        ));
        let empty = dir.path().join("empty.conllu");
        std::fs::write(&empty, "").unwrap();
        assert!(deps(&[empty], Lang::Fr, &Default::default()).is_err());
    }
}
