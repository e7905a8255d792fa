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
        /// Words seen at least this often and never inside an entity are
        /// tagged O without scoring (0: every word is scored).
        #[arg(long, default_value_t = 20)]
        outside_min: u32,
        /// Passive-aggressive updates with this aggressiveness (0: perceptron).
        #[arg(long, default_value_t = 0.0)]
        pa: f32,
        /// Drop features whose averaged weights all stay at or below this.
        #[arg(long, default_value_t = 0.0)]
        prune: f32,
        /// Word clusters from `veille train clusters` for the cluster features.
        #[arg(long)]
        clusters: Option<PathBuf>,
        /// Output model file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Learn word clusters from raw text (exchange clustering over
    /// neighbouring words) for the NER cluster features (`train ner --clusters`).
    Clusters {
        /// brat folders: their texts (annotations are not read).
        #[arg(long, num_args = 1..)]
        brat: Vec<PathBuf>,
        /// UD CoNLL-U files: their sentence texts (.gz read directly).
        #[arg(long, num_args = 1..)]
        conllu: Vec<PathBuf>,
        /// CoNLL-2003 files: their words (.gz read directly).
        #[arg(long, num_args = 1..)]
        conll: Vec<PathBuf>,
        /// Plain-text files (.gz read directly).
        #[arg(long, num_args = 1..)]
        text: Vec<PathBuf>,
        /// Language of the texts (for segmentation): fr or en.
        #[arg(long)]
        lang: String,
        /// Number of classes at each granularity, comma-separated (at most four).
        #[arg(long, value_delimiter = ',', default_value = "64,256,1024")]
        sizes: Vec<u16>,
        /// Words seen fewer times are not clustered.
        #[arg(long, default_value_t = 2)]
        min_count: u32,
        /// Passes over the vocabulary at each granularity.
        #[arg(long, default_value_t = 12)]
        iterations: usize,
        /// Only this many most frequent words count as distinct neighbours
        /// (memory: classes × this × 8 bytes).
        #[arg(long, default_value_t = 16_384)]
        max_contexts: usize,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Train the dependency parser (arc-hybrid, dynamic oracle) and its
    /// arc labeller on UD treebanks.
    Deps {
        /// UD CoNLL-U training files (.gz read directly).
        #[arg(long, num_args = 1.., required = true)]
        conllu: Vec<PathBuf>,
        /// A CoNLL-U file scored after training (tags from the shipped tagger).
        #[arg(long)]
        dev: Option<PathBuf>,
        /// Language of the data and model: fr or en.
        #[arg(long)]
        lang: String,
        #[arg(long, default_value_t = 10)]
        epochs: usize,
        /// Drop features whose averaged weights all stay at or below this.
        #[arg(long, default_value_t = 0.0)]
        prune: f32,
        /// Output model file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Train the sentence-boundary model on UD treebanks (their `# text`
    /// lines, joined with paragraph breaks where the treebank marks them).
    Sent {
        /// UD CoNLL-U training files (.gz read directly).
        #[arg(long, num_args = 1.., required = true)]
        conllu: Vec<PathBuf>,
        /// Language of the data and model: fr or en.
        #[arg(long)]
        lang: String,
        #[arg(long, default_value_t = 6)]
        epochs: usize,
        /// Never end a sentence between two words unless the rules do
        /// (for treebanks of independent, well-punctuated sentences).
        #[arg(long)]
        punct_only: bool,
        /// Output model file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Train the part-of-speech tagger and lemmatizer on UD treebanks.
    Pos {
        /// UD CoNLL-U training files (.gz read directly).
        #[arg(long, num_args = 1.., required = true)]
        conllu: Vec<PathBuf>,
        /// A CoNLL-U file scored after training (held-out dev set).
        #[arg(long)]
        dev: Option<PathBuf>,
        /// Language of the data and model: fr or en.
        #[arg(long)]
        lang: String,
        /// Lefff lexicon (.mlex, .gz read directly): word classes and lemmas.
        #[arg(long)]
        lefff: Option<PathBuf>,
        /// CoNLL-2003 files: their words' Penn Treebank tags as word classes.
        #[arg(long, num_args = 1..)]
        lexicon_conll: Vec<PathBuf>,
        #[arg(long, default_value_t = 8)]
        epochs: usize,
        /// Train this many models on different shuffles and average them.
        #[arg(long, default_value_t = 3)]
        seeds: u64,
        /// Stack a second pass on the first pass's tags (4-fold jackknifed).
        #[arg(long)]
        stack: bool,
        /// Drop features whose averaged weights all stay at or below this.
        #[arg(long, default_value_t = 0.0)]
        prune: f32,
        /// Forms seen at least this often, always with one tag, are tagged
        /// from a dictionary without scoring (0: no dictionary).
        #[arg(long, default_value_t = 20)]
        dict_min: u32,
        /// The share of a form's occurrences its tag must have to enter the dictionary.
        #[arg(long, default_value_t = 0.995)]
        dict_share: f64,
        /// Passive-aggressive updates with this aggressiveness (0: perceptron).
        #[arg(long, default_value_t = 0.0)]
        pa: f32,
        /// Output model file.
        #[arg(long)]
        out: PathBuf,
    },
}

/// A model file's bytes (gunzipped when it ends in `.gz`).
fn model_bytes(p: &Path) -> Result<Vec<u8>> {
    veille_eval::read_bytes(p).with_context(|| format!("reading model {}", p.display()))
}

/// Writes a model, gzipped when the path ends in `.gz`.
fn write_model(out: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let data = if out.extension().is_some_and(|e| e == "gz") {
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(bytes)?;
        z.finish()?
    } else {
        bytes.to_vec()
    };
    std::fs::write(out, data).with_context(|| format!("writing {}", out.display()))
}

/// The model at `path` (kept for the rest of the process), or the shipped
/// one for `lang`.
fn load<T, E>(
    path: Option<&Path>,
    lang: &str,
    what: &str,
    from_bytes: fn(&[u8]) -> Result<T, E>,
    shipped: fn(&str) -> Option<&'static T>,
) -> Result<&'static T>
where
    E: std::error::Error + Send + Sync + 'static,
{
    match path {
        Some(p) => {
            let m = from_bytes(&model_bytes(p)?)
                .with_context(|| format!("loading model {}", p.display()))?;
            Ok(Box::leak(Box::new(m)))
        }
        None => shipped(lang).with_context(|| {
            format!("no shipped {what} for language {lang:?} (shipped: fr, en); pass --model")
        }),
    }
}

pub fn load_model(path: Option<&Path>, lang: &str) -> Result<&'static Model> {
    load(
        path,
        lang,
        "NER model",
        Model::from_bytes,
        veille_pipeline::models::ner,
    )
}

pub fn load_pos(path: Option<&Path>, lang: &str) -> Result<&'static veille_nlp::pos::Tagger> {
    load(
        path,
        lang,
        "POS tagger",
        veille_nlp::pos::Tagger::from_bytes,
        veille_pipeline::models::pos,
    )
}

pub fn load_deps(path: Option<&Path>, lang: &str) -> Result<&'static veille_nlp::deps::Parser> {
    load(
        path,
        lang,
        "parser",
        veille_nlp::deps::Parser::from_bytes,
        veille_pipeline::models::deps,
    )
}

pub fn load_sent(path: Option<&Path>, lang: &str) -> Result<&'static veille_nlp::sent::Splitter> {
    load(
        path,
        lang,
        "sentence-boundary model",
        veille_nlp::sent::Splitter::from_bytes,
        veille_pipeline::models::sent,
    )
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
            outside_min,
            pa,
            prune,
            clusters,
            out,
        } => {
            let clusters = match &clusters {
                Some(p) => veille_nlp::clusters::Clusters::from_bytes(&model_bytes(p)?)
                    .with_context(|| format!("loading clusters {}", p.display()))?,
                None => Default::default(),
            };
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
                )
                .with_clusters(clusters.clone());
                let mut models = Vec::new();
                for seed in 1..=seeds.max(1) {
                    let opts = TrainOptions {
                        epochs,
                        seed: seed * 7919,
                        word_dropout,
                        outside_min,
                        pa,
                        ..Default::default()
                    };
                    models.push(trainer.clone().train(data, &opts, |e, acc| {
                        eprintln!("{what} seed {seed} epoch {e:>2}: train token accuracy {acc:.4}")
                    }));
                }
                let mut model = Model::average(models)
                    .context("averaging models")?
                    .pruned(prune);
                let t = model.calibrate(data);
                eprintln!("{what}: confidences calibrated on the training data (scores x {t:.3})");
                Ok(model)
            };
            let base = train_avg(&data, seeds, "base")?;
            let model = if stack {
                // First-pass predictions on each document by a model that did not see it.
                const FOLDS: usize = 5;
                let mut held_out_factors = Vec::new();
                let mut stacked_docs: Vec<Vec<Tagged>> = docs.clone();
                for f in 0..FOLDS {
                    let train_part: Vec<Tagged> = docs
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % FOLDS != f)
                        .flat_map(|(_, d)| d.iter().cloned())
                        .collect();
                    let mut fold_model = train_avg(&train_part, 1, &format!("fold {f}"))?;
                    // Calibrated on its training part, how much sharper or
                    // softer should it be on the documents it did not see?
                    let held_out: Vec<Tagged> = docs
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % FOLDS == f)
                        .flat_map(|(_, d)| d.iter().cloned())
                        .collect();
                    let r = fold_model.calibrate(&held_out);
                    eprintln!("fold {f}: held-out documents want scores x {r:.3} more");
                    held_out_factors.push(r.ln());
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
                // Training data flatters a model: both passes take the
                // correction the jackknifed folds measured on unseen documents.
                let r = (held_out_factors.iter().sum::<f32>() / FOLDS as f32).exp();
                eprintln!("confidences: scores x {r:.3} for unseen documents");
                let mut base = base;
                base.rescale(r);
                m.rescale(r);
                m.base = Some(Box::new(base));
                m
            } else {
                base
            };
            let bytes = model.to_bytes();
            write_model(&out, &bytes)?;
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
        TrainCommand::Clusters {
            brat,
            conllu,
            conll,
            text,
            lang,
            sizes,
            min_count,
            iterations,
            max_contexts,
            out,
        } => {
            if sizes.is_empty()
                || sizes.len() > veille_nlp::clusters::MAX_LEVELS
                || sizes.iter().any(|&k| k < 2)
            {
                bail!(
                    "--sizes takes one to {} class counts of at least 2 (e.g. 64,256,1024), not {sizes:?}",
                    veille_nlp::clusters::MAX_LEVELS
                );
            }
            let started = std::time::Instant::now();
            let seg_lang = Lang::from_code(&lang);
            let mut texts: Vec<String> = Vec::new();
            if !brat.is_empty() {
                texts.extend(
                    veille_eval::brat::read_dirs(&brat)?
                        .into_iter()
                        .map(|d| d.text),
                );
            }
            for c in &conllu {
                texts.extend(veille_eval::conllu::read(c)?.into_iter().map(|s| s.text));
            }
            for t in &text {
                texts.push(veille_eval::read_text(t)?);
            }
            let mut sentences: Vec<Vec<String>> = Vec::new();
            for t in &texts {
                let (tokens, sents) = veille_text::segment(t, seg_lang);
                sentences.extend(
                    veille_core::sentence_ranges(&tokens, &sents)
                        .into_iter()
                        .map(|r| {
                            tokens[r]
                                .iter()
                                .map(|k| veille_nlp::ner::features::normalize(k.span.slice(t)))
                                .collect()
                        }),
                );
            }
            for c in &conll {
                for doc in veille_eval::conll::read_docs(c)? {
                    sentences.extend(doc.into_iter().map(|s| {
                        s.words
                            .iter()
                            .map(|w| veille_nlp::ner::features::normalize(w))
                            .collect()
                    }));
                }
            }
            let n_tokens: usize = sentences.iter().map(Vec::len).sum();
            if n_tokens == 0 {
                bail!("no text to learn clusters from");
            }
            eprintln!("{} sentences, {n_tokens} tokens", sentences.len());
            let opts = veille_nlp::clusters::ClusterOptions {
                sizes,
                min_count,
                iterations,
                max_contexts,
            };
            let c = veille_nlp::clusters::learn(
                &sentences,
                &opts,
                veille_nlp::ner::features::word_key,
                |k, pass, moved| eprintln!("{k} classes, pass {pass:>2}: {moved} words moved"),
            );
            let bytes = c.to_bytes();
            write_model(&out, &bytes)?;
            eprintln!(
                "wrote {} ({} words, {:?} classes) in {:.1}s",
                out.display(),
                c.words.len(),
                c.sizes,
                started.elapsed().as_secs_f64()
            );
        }
        TrainCommand::Sent {
            conllu,
            lang,
            epochs,
            punct_only,
            out,
        } => {
            let started = std::time::Instant::now();
            let mut texts = Vec::new();
            for c in &conllu {
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
            eprintln!("training on {n} sentences");
            let model = veille_nlp::sent::Splitter::train(
                &lang,
                &gold,
                &veille_nlp::sent::TrainOptions { epochs, punct_only },
                |e, a| eprintln!("epoch {e:>2}: decisions {a:.5}"),
            );
            let bytes = model.to_bytes();
            write_model(&out, &bytes)?;
            eprintln!(
                "wrote {} ({:.2} MB) in {:.1}s",
                out.display(),
                bytes.len() as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
        }
        TrainCommand::Deps {
            conllu,
            dev,
            lang,
            epochs,
            prune,
            out,
        } => {
            let started = std::time::Instant::now();
            let mut data = Vec::new();
            for c in &conllu {
                data.extend(
                    veille_eval::conllu::read(c)?
                        .iter()
                        .map(veille_eval::deps::gold),
                );
            }
            let words: usize = data.iter().map(|g| g.forms.len()).sum();
            eprintln!("training on {} sentences, {} words", data.len(), words);
            let parser = veille_nlp::deps::Parser::train(
                &lang,
                &data,
                &veille_nlp::deps::TrainOptions {
                    epochs,
                    prune,
                    ..Default::default()
                },
                |e, a, l| eprintln!("epoch {e:>2}: transitions {a:.4}, labels {l:.4}"),
            );
            let bytes = parser.to_bytes();
            write_model(&out, &bytes)?;
            eprintln!(
                "wrote {} ({} labels, {:.1} MB) in {:.1}s",
                out.display(),
                parser.labels.len(),
                bytes.len() as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
            if let Some(d) = dev {
                let tagger = load_pos(None, &lang)?;
                let r =
                    veille_eval::deps::eval_deps(&parser, tagger, &veille_eval::conllu::read(&d)?);
                eprintln!("dev {}: UAS {:.4}  LAS {:.4}", d.display(), r.uas, r.las);
            }
        }
        TrainCommand::Pos {
            conllu,
            dev,
            lang,
            lefff,
            lexicon_conll,
            epochs,
            seeds,
            stack,
            prune,
            dict_min,
            dict_share,
            pa,
            out,
        } => {
            if !(0.5..=1.0).contains(&dict_share) {
                bail!("--dict-share must be between 0.5 and 1 (the share of a form's occurrences its one tag must have), not {dict_share}");
            }
            let started = std::time::Instant::now();
            let mut data = Vec::new();
            for c in &conllu {
                data.extend(
                    veille_eval::conllu::read(c)?
                        .iter()
                        .map(veille_eval::pos::units),
                );
            }
            let words: usize = data.iter().flatten().map(|u| u.words.len()).sum();
            eprintln!("training on {} sentences, {} words", data.len(), words);
            let mut classes = veille_eval::lexicon::Classes::new();
            let mut lemmas = Vec::new();
            if let Some(l) = &lefff {
                veille_eval::lexicon::lefff_classes(l, &mut classes)?;
                lemmas = veille_eval::lexicon::lefff_lemmas(l)?;
            }
            for c in &lexicon_conll {
                veille_eval::lexicon::conll_pos_classes(c, &mut classes)?;
            }
            let sigs = veille_eval::lexicon::signatures(&classes);
            eprintln!(
                "lexicon: {} forms, {} lemma entries",
                sigs.len(),
                lemmas.len()
            );
            let tagger = veille_nlp::pos::Tagger::train(
                &lang,
                &data,
                sigs.iter().map(|(w, c)| (w.as_str(), c.as_str())),
                lemmas
                    .iter()
                    .map(|(f, p, l)| (f.as_str(), p.as_str(), l.as_str(), 1)),
                &veille_nlp::pos::TrainOptions {
                    epochs,
                    seeds,
                    stack,
                    prune,
                    dict_min,
                    dict_share,
                    pa,
                    ..Default::default()
                },
                |e, acc| eprintln!("epoch {e:>2}: train accuracy {acc:.4}"),
            );
            let bytes = tagger.to_bytes();
            write_model(&out, &bytes)?;
            let (table, rules) = tagger.lemmatizer.size();
            eprintln!(
                "wrote {} ({} tags, {} lemma exceptions, {} lemma rules, {:.1} MB) in {:.1}s",
                out.display(),
                tagger.tags.len(),
                table,
                rules,
                bytes.len() as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
            if let Some(d) = dev {
                let r = veille_eval::pos::eval_pos(&tagger, &veille_eval::conllu::read(&d)?);
                eprintln!(
                    "dev {}: UPOS {:.4}  lemma {:.4}",
                    d.display(),
                    r.upos_accuracy,
                    r.lemma_accuracy
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
        "dev ({what}): P {:.4} R {:.4} F1 {:.4} {per:?} confidence {:.4} ECE {:.4}",
        r.precision, r.recall, r.f1, r.calibration.mean_confidence, r.calibration.ece
    );
}
