use anyhow::{bail, Context, Result};
use clap::Subcommand;
use std::path::{Path, PathBuf};
use veille_nlp::ner::{Model, Tagged, Tok, TrainOptions, Trainer};
use veille_text::Lang;

#[derive(Subcommand)]
pub enum TrainCommand {
    /// Train the named-entity tagger (averaged perceptron) and write a model file.
    Ner {
        /// brat training folders (WiNER-fr layout), searched recursively.
        #[arg(long, num_args = 1.., required_unless_present = "conll")]
        brat: Vec<PathBuf>,
        /// CoNLL-2003 training files (.gz read directly).
        #[arg(long, num_args = 1..)]
        conll: Vec<PathBuf>,
        /// brat folders scored after training (held-out dev set).
        #[arg(long, num_args = 1..)]
        dev_brat: Vec<PathBuf>,
        /// A CoNLL-2003 file scored after training (held-out dev set).
        #[arg(long)]
        dev_conll: Option<PathBuf>,
        /// Language of the data and model: fr or en.
        #[arg(long)]
        lang: String,
        /// Gazetteer TSV files (phrase<TAB>class).
        #[arg(long, num_args = 1..)]
        gazetteer: Vec<PathBuf>,
        /// Lefff lexicon (.mlex, .gz read directly): word classes for the lexicon features.
        #[arg(long)]
        lefff: Option<PathBuf>,
        /// UD CoNLL-U files: their forms' UPOS sets as word classes.
        #[arg(long, num_args = 1..)]
        lexicon_conllu: Vec<PathBuf>,
        /// Do not use the built-in knowledge base as a gazetteer.
        #[arg(long)]
        no_kb: bool,
        #[arg(long, default_value_t = 4)]
        epochs: usize,
        /// Train this many models on different shuffles and average them.
        #[arg(long, default_value_t = 5)]
        seeds: u64,
        /// Probability of hiding a token's word features during training.
        #[arg(long, default_value_t = 0.0)]
        word_dropout: f64,
        /// Stack a second tagger on document-level features of a first one
        /// (trained on 5-fold jackknifed first-pass predictions).
        #[arg(long)]
        stack: bool,
        /// Output model file.
        #[arg(long)]
        out: PathBuf,
    },
}

/// The shipped model for `lang`, or the one at `path`.
pub fn load_model(path: Option<&Path>, lang: &str) -> Result<Model> {
    match path {
        Some(p) => {
            let bytes =
                std::fs::read(p).with_context(|| format!("reading model {}", p.display()))?;
            Model::from_bytes(&bytes).with_context(|| format!("loading model {}", p.display()))
        }
        None => match veille_pipeline::models::ner(lang) {
            Some(m) => Ok(Model::from_bytes(&m.to_bytes())?),
            None => {
                bail!("no shipped NER model for language {lang:?} (shipped: fr, en); pass --model")
            }
        },
    }
}

pub fn run(cmd: TrainCommand) -> Result<()> {
    match cmd {
        TrainCommand::Ner {
            brat,
            conll,
            dev_brat,
            dev_conll,
            lang,
            gazetteer,
            lefff,
            lexicon_conllu,
            no_kb,
            epochs,
            seeds,
            word_dropout,
            stack,
            out,
        } => {
            let seg_lang = Lang::from_code(&lang);
            let mut docs: Vec<Vec<Tagged>> = Vec::new();
            if !brat.is_empty() {
                let brat_docs = veille_eval::brat::read_dirs(&brat)?;
                let mut misaligned = 0;
                for d in &brat_docs {
                    let (s, m) = veille_eval::ner::brat_to_tagged(d, seg_lang);
                    misaligned += m;
                    docs.push(s);
                }
                eprintln!(
                    "brat: {} documents, {} gold spans not on token edges",
                    brat_docs.len(),
                    misaligned
                );
            }
            for c in &conll {
                docs.extend(veille_eval::conll::read_docs(c)?);
            }
            let data: Vec<Tagged> = docs.iter().flatten().cloned().collect();
            if data.is_empty() {
                bail!("no training sentences");
            }
            let tokens: usize = data.iter().map(|s| s.words.len()).sum();
            eprintln!("training on {} sentences, {} tokens", data.len(), tokens);
            let mut gaz = read_gazetteers(&gazetteer)?;
            if !no_kb {
                for (phrase, class) in veille_kb::builtin().gazetteer() {
                    gaz.insert(gazetteer_key(&phrase), class.to_string());
                }
            }
            let started = std::time::Instant::now();
            let mut classes = veille_eval::lexicon::Classes::new();
            if let Some(l) = &lefff {
                veille_eval::lexicon::lefff_classes(l, &mut classes)?;
            }
            for c in &lexicon_conllu {
                veille_eval::lexicon::conllu_classes(c, &mut classes)?;
            }
            let sigs = veille_eval::lexicon::signatures(&classes);
            eprintln!(
                "lexicon: {} forms; gazetteer: {} phrases",
                sigs.len(),
                gaz.len()
            );
            let train_avg = |data: &[Tagged], seeds: u64, what: &str| -> Result<Model> {
                let trainer = Trainer::new(
                    &lang,
                    data,
                    sigs.iter().map(|(w, c)| (w.as_str(), c.as_str())),
                    gaz.clone(),
                );
                let mut models = Vec::new();
                for seed in 1..=seeds.max(1) {
                    let opts = TrainOptions {
                        epochs,
                        seed: seed * 7919,
                        word_dropout,
                        ..Default::default()
                    };
                    models.push(trainer.clone().train(data, &opts, |e, acc| {
                        eprintln!("{what} seed {seed} epoch {e:>2}: train token accuracy {acc:.4}")
                    }));
                }
                Model::average(models).context("averaging models")
            };
            let base = train_avg(&data, seeds, "base")?;
            let model = if stack {
                // First-pass predictions on each document by a model that did not see it.
                const FOLDS: usize = 5;
                let mut stacked_docs: Vec<Vec<Tagged>> = docs.clone();
                for f in 0..FOLDS {
                    let train_part: Vec<Tagged> = docs
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % FOLDS != f)
                        .flat_map(|(_, d)| d.iter().cloned())
                        .collect();
                    let fold_model = train_avg(&train_part, 1, &format!("fold {f}"))?;
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
                let mut m = train_avg(&stacked, seeds, "stacked")?;
                m.base = Some(Box::new(base));
                m
            } else {
                base
            };
            let bytes = model.to_bytes();
            std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
            eprintln!(
                "wrote {} ({} features, {:.1} MB) in {:.1}s",
                out.display(),
                model.feature_count(),
                bytes.len() as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
            if !dev_brat.is_empty() {
                let docs = veille_eval::brat::read_dirs(&dev_brat)?;
                print_dev(
                    "brat",
                    &veille_eval::ner::eval_brat(&model, &docs, seg_lang, "dev".into()),
                );
            }
            if let Some(d) = dev_conll {
                let dev_docs = veille_eval::conll::read_docs(&d)?;
                print_dev(
                    "conll",
                    &veille_eval::ner::eval_conll_docs(&model, &dev_docs, "dev".into()),
                );
            }
        }
    }
    Ok(())
}

/// Gazetteer TSV files: `phrase<TAB>class` per line, `#` comments.
fn read_gazetteers(paths: &[PathBuf]) -> Result<rustc_hash::FxHashMap<String, String>> {
    let mut gaz = rustc_hash::FxHashMap::default();
    for p in paths {
        let src = std::fs::read_to_string(p)
            .with_context(|| format!("reading gazetteer {}", p.display()))?;
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
fn gazetteer_key(phrase: &str) -> String {
    let toks = veille_text::tokenize(phrase, Lang::Fr);
    toks.iter()
        .map(|t| veille_nlp::ner::features::normalize(t.span.slice(phrase)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn print_dev(what: &str, r: &veille_eval::ner::NerReport) {
    let per: Vec<(&String, f64)> = r.per_type.iter().map(|(k, v)| (k, v.f1)).collect();
    println!(
        "dev ({what}): P {:.4} R {:.4} F1 {:.4} {per:?}",
        r.precision, r.recall, r.f1
    );
}
