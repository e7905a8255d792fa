//! Word clusters learned from raw text for the NER cluster features.

use crate::TrainError;
use std::path::PathBuf;
use tracing::info;
use veille_core::Lang;
use veille_nlp::clusters::{ClusterOptions, Clusters, MAX_LEVELS};
use veille_nlp::ner::features::{normalize, word_key};

/// The texts clusters are learned from.
#[derive(Debug, Clone, Default)]
pub struct ClusterTexts {
    /// brat folders: their texts (annotations are not read).
    pub brat: Vec<PathBuf>,
    /// UD CoNLL-U files: their sentence texts.
    pub conllu: Vec<PathBuf>,
    /// CoNLL-2003 files: their words.
    pub conll: Vec<PathBuf>,
    /// Plain-text files.
    pub text: Vec<PathBuf>,
}

/// Checks the class counts (one to four, each at least 2).
pub fn check_sizes(sizes: &[u16]) -> Result<(), TrainError> {
    if sizes.is_empty() || sizes.len() > MAX_LEVELS || sizes.iter().any(|&k| k < 2) {
        return Err(TrainError::Invalid(format!(
            "--sizes takes one to {MAX_LEVELS} class counts of at least 2 (e.g. 64,256,1024), not {sizes:?}"
        )));
    }
    Ok(())
}

/// Sentences of normalised words from every input.
pub fn read_sentences(src: &ClusterTexts, lang: Lang) -> Result<Vec<Vec<String>>, TrainError> {
    let mut texts: Vec<String> = Vec::new();
    if !src.brat.is_empty() {
        texts.extend(
            veille_eval::brat::read_dirs(&src.brat)?
                .into_iter()
                .map(|d| d.text),
        );
    }
    for c in &src.conllu {
        texts.extend(veille_eval::conllu::read(c)?.into_iter().map(|s| s.text));
    }
    for t in &src.text {
        texts.push(veille_eval::read_text(t)?);
    }
    let mut sentences: Vec<Vec<String>> = Vec::new();
    for t in &texts {
        let (tokens, sents) = veille_text::segment(t, lang);
        sentences.extend(
            veille_core::sentence_ranges(&tokens, &sents)
                .into_iter()
                .map(|r| {
                    tokens[r]
                        .iter()
                        .map(|k| normalize(k.span.slice(t)))
                        .collect()
                }),
        );
    }
    for c in &src.conll {
        for doc in veille_eval::conll::read_docs(c)? {
            sentences.extend(
                doc.into_iter()
                    .map(|s| s.words.iter().map(|w| normalize(w)).collect()),
            );
        }
    }
    Ok(sentences)
}

/// Learns clusters from the texts.
pub fn train(
    src: &ClusterTexts,
    lang: Lang,
    opts: &ClusterOptions,
) -> Result<Clusters, TrainError> {
    check_sizes(&opts.sizes)?;
    let sentences = read_sentences(src, lang)?;
    let n_tokens: usize = sentences.iter().map(Vec::len).sum();
    if n_tokens == 0 {
        return Err(TrainError::NoData("no text to learn clusters from".into()));
    }
    info!("{} sentences, {n_tokens} tokens", sentences.len());
    Ok(veille_nlp::clusters::learn(
        &sentences,
        opts,
        word_key,
        |k, pass, moved| info!("{k} classes, pass {pass:>2}: {moved} words moved"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_sizes_are_refused() {
        for bad in [&[][..], &[1], &[64, 256, 1024, 2048, 4096]] {
            assert!(check_sizes(bad).is_err(), "{bad:?}");
        }
        assert!(check_sizes(&[64, 256]).is_ok());
    }

    #[test]
    fn clusters_from_a_text_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.txt");
        let mut text = String::new();
        for (who, city) in [("Marie", "Lyon"), ("Paul", "Nantes"), ("Anne", "Lille")] {
            for _ in 0..5 {
                text.push_str(&format!("{who} est partie à {city} hier. "));
            }
        }
        std::fs::write(&p, text).unwrap();
        let src = ClusterTexts {
            text: vec![p],
            ..Default::default()
        };
        let opts = ClusterOptions {
            sizes: vec![2],
            min_count: 2,
            iterations: 3,
            max_contexts: 64,
        };
        let c = train(&src, Lang::Fr, &opts).unwrap();
        assert!(!c.words.is_empty());
        let empty = ClusterTexts::default();
        assert!(matches!(
            train(&empty, Lang::Fr, &opts),
            Err(TrainError::NoData(_))
        ));
    }
}
