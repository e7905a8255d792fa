//! The NER recipe: several averaged (passive-aggressive) perceptrons on
//! different shuffles, averaged; optionally a second, stacked tagger on
//! document-level features of 5-fold jackknifed first-pass predictions;
//! confidences calibrated on the training data and corrected by what the
//! folds measured on documents they did not see.

use crate::TrainError;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use tracing::info;
use veille_core::Lang;
use veille_eval::ner::NerReport;
use veille_nlp::ner::{Model, Tagged, Tok, TrainOptions, Trainer};

/// What `veille train ner` is given.
#[derive(Debug, Clone)]
pub struct NerRecipe {
    /// brat training folders (WiNER-fr layout).
    pub brat: Vec<PathBuf>,
    /// CoNLL-2003 training files.
    pub conll: Vec<PathBuf>,
    pub lang: Lang,
    /// Gazetteer TSV files (phrase<TAB>class).
    pub gazetteers: Vec<PathBuf>,
    /// Lefff lexicon (.mlex): word classes for the lexicon features.
    pub lefff: Option<PathBuf>,
    /// UD CoNLL-U files: their forms' UPOS sets as word classes.
    pub lexicon_conllu: Vec<PathBuf>,
    /// The built-in knowledge base's names as a gazetteer.
    pub use_kb: bool,
    pub epochs: usize,
    /// Models trained on different shuffles and averaged.
    pub seeds: u64,
    pub word_dropout: f64,
    pub stack: bool,
    pub outside_min: u32,
    pub pa: f32,
    pub prune: f32,
    /// Word clusters from `veille train clusters`.
    pub clusters: Option<PathBuf>,
}

impl NerRecipe {
    pub fn new(lang: Lang) -> NerRecipe {
        NerRecipe {
            brat: Vec::new(),
            conll: Vec::new(),
            lang,
            gazetteers: Vec::new(),
            lefff: None,
            lexicon_conllu: Vec::new(),
            use_kb: true,
            epochs: 4,
            seeds: 5,
            word_dropout: 0.0,
            stack: false,
            outside_min: 20,
            pa: 0.0,
            prune: 0.0,
            clusters: None,
        }
    }
}

/// Folds of the jackknifed first pass of a stacked model.
const FOLDS: usize = 5;

/// Training documents (sentences of tagged words) of a recipe.
pub fn read_docs(r: &NerRecipe) -> Result<Vec<Vec<Tagged>>, TrainError> {
    let mut docs: Vec<Vec<Tagged>> = Vec::new();
    if !r.brat.is_empty() {
        let brat_docs = veille_eval::brat::read_dirs(&r.brat)?;
        let mut misaligned = 0;
        for d in &brat_docs {
            let (s, m) = veille_eval::ner::brat_to_tagged(d, r.lang);
            misaligned += m;
            docs.push(s);
        }
        info!(
            "brat: {} documents, {misaligned} gold spans not on token edges",
            brat_docs.len()
        );
    }
    for c in &r.conll {
        docs.extend(veille_eval::conll::read_docs(c)?);
    }
    Ok(docs)
}

/// Trains a model on documents by the recipe.
pub fn train(r: &NerRecipe, docs: &[Vec<Tagged>]) -> Result<Model, TrainError> {
    let clusters =
        match &r.clusters {
            Some(p) => veille_nlp::clusters::Clusters::from_bytes(&crate::model_bytes(p)?)
                .map_err(|e| TrainError::Model {
                    what: "clusters",
                    path: p.clone(),
                    reason: e.to_string(),
                })?,
            None => Default::default(),
        };
    let data: Vec<Tagged> = docs.iter().flatten().cloned().collect();
    if data.is_empty() {
        return Err(TrainError::NoData("no training sentences".into()));
    }
    let tokens: usize = data.iter().map(|s| s.words.len()).sum();
    info!("training on {} sentences, {tokens} tokens", data.len());
    let mut gaz = read_gazetteers(&r.gazetteers)?;
    if r.use_kb {
        for (phrase, class) in veille_kb::builtin().gazetteer() {
            gaz.insert(gazetteer_key(&phrase), class.to_string());
        }
    }
    let mut classes = veille_eval::lexicon::Classes::new();
    if let Some(l) = &r.lefff {
        veille_eval::lexicon::lefff_classes(l, &mut classes)?;
    }
    for c in &r.lexicon_conllu {
        veille_eval::lexicon::conllu_classes(c, &mut classes)?;
    }
    let sigs = veille_eval::lexicon::signatures(&classes);
    info!(
        "lexicon: {} forms; gazetteer: {} phrases",
        sigs.len(),
        gaz.len()
    );
    let lang = r.lang.as_str();
    let train_avg = |data: &[Tagged], seeds: u64, what: &str| -> Result<Model, TrainError> {
        let trainer = Trainer::new(
            lang,
            data,
            sigs.iter().map(|(w, c)| (w.as_str(), c.as_str())),
            gaz.clone(),
        )
        .with_clusters(clusters.clone());
        let mut models = Vec::new();
        for seed in 1..=seeds.max(1) {
            let opts = TrainOptions {
                epochs: r.epochs,
                seed: seed * 7919,
                word_dropout: r.word_dropout,
                outside_min: r.outside_min,
                pa: r.pa,
                ..Default::default()
            };
            models.push(trainer.clone().train(data, &opts, |e, acc| {
                info!("{what} seed {seed} epoch {e:>2}: train token accuracy {acc:.4}")
            }));
        }
        let mut model = Model::average(models)
            .ok_or_else(|| TrainError::Invalid("no model to average".into()))?
            .pruned(r.prune);
        let t = model.calibrate(data);
        info!("{what}: confidences calibrated on the training data (scores x {t:.3})");
        Ok(model)
    };
    let base = train_avg(&data, r.seeds, "base")?;
    if !r.stack {
        return Ok(base);
    }
    // First-pass predictions on each document by a model that did not see it.
    let mut held_out_factors = Vec::new();
    let mut stacked_docs: Vec<Vec<Tagged>> = docs.to_vec();
    for f in 0..FOLDS {
        let part = |keep: bool| -> Vec<Tagged> {
            docs.iter()
                .enumerate()
                .filter(|(i, _)| (i % FOLDS == f) == keep)
                .flat_map(|(_, d)| d.iter().cloned())
                .collect()
        };
        let mut fold_model = train_avg(&part(false), 1, &format!("fold {f}"))?;
        // Calibrated on its training part, how much sharper or softer
        // should it be on the documents it did not see?
        let factor = fold_model.calibrate(&part(true));
        info!("fold {f}: held-out documents want scores x {factor:.3} more");
        held_out_factors.push(factor.ln());
        for (i, d) in docs.iter().enumerate().filter(|(i, _)| i % FOLDS == f) {
            let toks: Vec<Vec<Tok>> = d
                .iter()
                .map(|s| s.words.iter().map(|w| Tok::new(w)).collect())
                .collect();
            let first: Vec<Vec<String>> = veille_eval::ner::tag_doc(&fold_model, d)
                .iter()
                .map(|t| {
                    t.iter()
                        .map(|(l, _)| fold_model.labels[*l].clone())
                        .collect()
                })
                .collect();
            let extra = veille_nlp::ner::features::doc_features(&toks, &first);
            for (s, e) in stacked_docs[i].iter_mut().zip(extra) {
                s.extra = e;
            }
        }
    }
    let stacked: Vec<Tagged> = stacked_docs.into_iter().flatten().collect();
    let mut m = train_avg(&stacked, r.seeds, "stacked")?;
    // Training data flatters a model: both passes take the correction the
    // jackknifed folds measured on unseen documents.
    let factor = (held_out_factors.iter().sum::<f32>() / FOLDS as f32).exp();
    info!("confidences: scores x {factor:.3} for unseen documents");
    let mut base = base;
    base.rescale(factor);
    m.rescale(factor);
    m.base = Some(Box::new(base));
    Ok(m)
}

/// Scores a model on held-out brat folders and/or a CoNLL file.
pub fn dev(
    model: &Model,
    lang: Lang,
    brat: &[PathBuf],
    conll: Option<&Path>,
) -> Result<Vec<(&'static str, NerReport)>, TrainError> {
    let mut out = Vec::new();
    if !brat.is_empty() {
        let docs = veille_eval::brat::read_dirs(brat)?;
        out.push((
            "brat",
            veille_eval::ner::eval_brat(model, &docs, lang, "dev".into()),
        ));
    }
    if let Some(d) = conll {
        let docs = veille_eval::conll::read_docs(d)?;
        out.push((
            "conll",
            veille_eval::ner::eval_conll_docs(model, &docs, "dev".into()),
        ));
    }
    Ok(out)
}

/// Gazetteer TSV files: `phrase<TAB>class` per line, `#` comments.
pub fn read_gazetteers(paths: &[PathBuf]) -> Result<FxHashMap<String, String>, TrainError> {
    let mut gaz = FxHashMap::default();
    for p in paths {
        let src = veille_eval::read_text(p)?;
        for line in src.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((phrase, class)) = line.split_once('\t') else {
                continue;
            };
            let key = gazetteer_key(phrase);
            if !key.is_empty() {
                gaz.insert(key, class.trim().to_string());
            }
        }
    }
    Ok(gaz)
}

/// A gazetteer phrase as the tagger looks it up: normalised tokens joined by spaces.
pub fn gazetteer_key(phrase: &str) -> String {
    let toks = veille_text::tokenize(phrase, Lang::Fr);
    toks.iter()
        .map(|t| veille_nlp::ner::features::normalize(t.span.slice(phrase)))
        .collect::<Vec<_>>()
        .join(" ")
}
