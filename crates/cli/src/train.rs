//! `veille train …`: arguments to recipes (crate `veille-train`), models to files.

use anyhow::Result;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use veille_core::Lang;
use veille_train::{clusters::ClusterTexts, ner::NerRecipe, syntax::PosData, write_model};

#[derive(Subcommand)]
pub enum TrainCommand {
    /// Train the named-entity tagger (averaged perceptron) and write a model file.
    Ner(NerArgs),
    /// Learn word clusters from raw text (exchange clustering over
    /// neighbouring words) for the NER cluster features (`train ner --clusters`).
    Clusters(ClustersArgs),
    /// Train the dependency parser (arc-hybrid, dynamic oracle) and its
    /// arc labeller on UD treebanks.
    Deps(DepsArgs),
    /// Train the sentence-boundary model on UD treebanks (their `# text`
    /// lines, joined with paragraph breaks where the treebank marks them).
    Sent(SentArgs),
    /// Train the part-of-speech tagger and lemmatizer on UD treebanks.
    Pos(PosArgs),
}

#[derive(Args)]
pub struct NerArgs {
    /// brat training folders (WiNER-fr layout), searched recursively.
    #[arg(long, num_args = 1.., required_unless_present = "conll")]
    pub brat: Vec<PathBuf>,
    /// CoNLL-2003 training files (.gz read directly).
    #[arg(long, num_args = 1..)]
    pub conll: Vec<PathBuf>,
    /// brat folders scored after training (held-out dev set).
    #[arg(long, num_args = 1..)]
    pub dev_brat: Vec<PathBuf>,
    /// A CoNLL-2003 file scored after training (held-out dev set).
    #[arg(long)]
    pub dev_conll: Option<PathBuf>,
    /// Language of the data and model: fr or en.
    #[arg(long)]
    pub lang: Lang,
    /// Gazetteer TSV files (phrase<TAB>class).
    #[arg(long, num_args = 1..)]
    pub gazetteer: Vec<PathBuf>,
    /// Lefff lexicon (.mlex, .gz read directly): word classes for the lexicon features.
    #[arg(long)]
    pub lefff: Option<PathBuf>,
    /// UD CoNLL-U files: their forms' UPOS sets as word classes.
    #[arg(long, num_args = 1..)]
    pub lexicon_conllu: Vec<PathBuf>,
    /// Do not use the built-in knowledge base as a gazetteer.
    #[arg(long)]
    pub no_kb: bool,
    #[arg(long, default_value_t = 4)]
    pub epochs: usize,
    /// Train this many models on different shuffles and average them.
    #[arg(long, default_value_t = 5)]
    pub seeds: u64,
    /// Probability of hiding a token's word features during training.
    #[arg(long, default_value_t = 0.0)]
    pub word_dropout: f64,
    /// Stack a second tagger on document-level features of a first one
    /// (trained on 5-fold jackknifed first-pass predictions).
    #[arg(long)]
    pub stack: bool,
    /// Words seen at least this often and never inside an entity are
    /// tagged O without scoring (0: every word is scored).
    #[arg(long, default_value_t = 20)]
    pub outside_min: u32,
    /// Passive-aggressive updates with this aggressiveness (0: perceptron).
    #[arg(long, default_value_t = 0.0)]
    pub pa: f32,
    /// Drop features whose averaged weights all stay at or below this.
    #[arg(long, default_value_t = 0.0)]
    pub prune: f32,
    /// Word clusters from `veille train clusters` for the cluster features.
    #[arg(long)]
    pub clusters: Option<PathBuf>,
    /// Output model file.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct ClustersArgs {
    /// brat folders: their texts (annotations are not read).
    #[arg(long, num_args = 1..)]
    pub brat: Vec<PathBuf>,
    /// UD CoNLL-U files: their sentence texts (.gz read directly).
    #[arg(long, num_args = 1..)]
    pub conllu: Vec<PathBuf>,
    /// CoNLL-2003 files: their words (.gz read directly).
    #[arg(long, num_args = 1..)]
    pub conll: Vec<PathBuf>,
    /// Plain-text files (.gz read directly).
    #[arg(long, num_args = 1..)]
    pub text: Vec<PathBuf>,
    /// Language of the texts (for segmentation): fr or en.
    #[arg(long)]
    pub lang: Lang,
    /// Number of classes at each granularity, comma-separated (at most four).
    #[arg(long, value_delimiter = ',', default_value = "64,256,1024")]
    pub sizes: Vec<u16>,
    /// Words seen fewer times are not clustered.
    #[arg(long, default_value_t = 2)]
    pub min_count: u32,
    /// Passes over the vocabulary at each granularity.
    #[arg(long, default_value_t = 12)]
    pub iterations: usize,
    /// Only this many most frequent words count as distinct neighbours
    /// (memory: classes × this × 8 bytes).
    #[arg(long, default_value_t = 16_384)]
    pub max_contexts: usize,
    /// Output file.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct DepsArgs {
    /// UD CoNLL-U training files (.gz read directly).
    #[arg(long, num_args = 1.., required = true)]
    pub conllu: Vec<PathBuf>,
    /// A CoNLL-U file scored after training (tags from the shipped tagger).
    #[arg(long)]
    pub dev: Option<PathBuf>,
    /// Language of the data and model: fr or en.
    #[arg(long)]
    pub lang: Lang,
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
    /// Drop features whose averaged weights all stay at or below this.
    #[arg(long, default_value_t = 0.0)]
    pub prune: f32,
    /// Output model file.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct SentArgs {
    /// UD CoNLL-U training files (.gz read directly).
    #[arg(long, num_args = 1.., required = true)]
    pub conllu: Vec<PathBuf>,
    /// Language of the data and model: fr or en.
    #[arg(long)]
    pub lang: Lang,
    #[arg(long, default_value_t = 6)]
    pub epochs: usize,
    /// Never end a sentence between two words unless the rules do
    /// (for treebanks of independent, well-punctuated sentences).
    #[arg(long)]
    pub punct_only: bool,
    /// Output model file.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Args)]
pub struct PosArgs {
    /// UD CoNLL-U training files (.gz read directly).
    #[arg(long, num_args = 1.., required = true)]
    pub conllu: Vec<PathBuf>,
    /// A CoNLL-U file scored after training (held-out dev set).
    #[arg(long)]
    pub dev: Option<PathBuf>,
    /// Language of the data and model: fr or en.
    #[arg(long)]
    pub lang: Lang,
    /// Lefff lexicon (.mlex, .gz read directly): word classes and lemmas.
    #[arg(long)]
    pub lefff: Option<PathBuf>,
    /// CoNLL-2003 files: their words' Penn Treebank tags as word classes.
    #[arg(long, num_args = 1..)]
    pub lexicon_conll: Vec<PathBuf>,
    #[arg(long, default_value_t = 8)]
    pub epochs: usize,
    /// Train this many models on different shuffles and average them.
    #[arg(long, default_value_t = 3)]
    pub seeds: u64,
    /// Stack a second pass on the first pass's tags (4-fold jackknifed).
    #[arg(long)]
    pub stack: bool,
    /// Drop features whose averaged weights all stay at or below this.
    #[arg(long, default_value_t = 0.0)]
    pub prune: f32,
    /// Forms seen at least this often, always with one tag, are tagged
    /// from a dictionary without scoring (0: no dictionary).
    #[arg(long, default_value_t = 20)]
    pub dict_min: u32,
    /// The share of a form's occurrences its tag must have to enter the dictionary.
    #[arg(long, default_value_t = 0.995)]
    pub dict_share: f64,
    /// Passive-aggressive updates with this aggressiveness (0: perceptron).
    #[arg(long, default_value_t = 0.0)]
    pub pa: f32,
    /// Output model file.
    #[arg(long)]
    pub out: PathBuf,
}

/// Writes a model and says so with its size and training time.
fn save(
    out: &std::path::Path,
    bytes: &[u8],
    what: String,
    started: std::time::Instant,
) -> Result<()> {
    write_model(out, bytes)?;
    eprintln!(
        "wrote {} ({what}{:.2} MB) in {:.1}s",
        out.display(),
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub fn run(cmd: TrainCommand) -> Result<()> {
    let started = std::time::Instant::now();
    match cmd {
        TrainCommand::Ner(a) => {
            let recipe = NerRecipe {
                brat: a.brat,
                conll: a.conll,
                lang: a.lang,
                gazetteers: a.gazetteer,
                lefff: a.lefff,
                lexicon_conllu: a.lexicon_conllu,
                use_kb: !a.no_kb,
                epochs: a.epochs,
                seeds: a.seeds,
                word_dropout: a.word_dropout,
                stack: a.stack,
                outside_min: a.outside_min,
                pa: a.pa,
                prune: a.prune,
                clusters: a.clusters,
            };
            let docs = veille_train::ner::read_docs(&recipe)?;
            let model = veille_train::ner::train(&recipe, &docs)?;
            let what = format!("{} features, ", model.feature_count());
            save(&a.out, &model.to_bytes(), what, started)?;
            let dev = veille_train::ner::dev(&model, a.lang, &a.dev_brat, a.dev_conll.as_deref())?;
            for (what, r) in dev {
                let per: Vec<_> = r.per_type.iter().map(|(k, v)| (k, v.f1)).collect();
                println!(
                    "dev ({what}): P {:.4} R {:.4} F1 {:.4} {per:?} confidence {:.4} ECE {:.4}",
                    r.precision, r.recall, r.f1, r.calibration.mean_confidence, r.calibration.ece
                );
            }
        }
        TrainCommand::Clusters(a) => {
            let src = ClusterTexts {
                brat: a.brat,
                conllu: a.conllu,
                conll: a.conll,
                text: a.text,
            };
            let opts = veille_nlp::clusters::ClusterOptions {
                sizes: a.sizes,
                min_count: a.min_count,
                iterations: a.iterations,
                max_contexts: a.max_contexts,
            };
            let c = veille_train::clusters::train(&src, a.lang, &opts)?;
            let what = format!("{} words, {:?} classes, ", c.words.len(), c.sizes);
            save(&a.out, &c.to_bytes(), what, started)?;
        }
        TrainCommand::Sent(a) => {
            let opts = veille_nlp::sent::TrainOptions {
                epochs: a.epochs,
                punct_only: a.punct_only,
            };
            let model = veille_train::syntax::sent(&a.conllu, a.lang, &opts)?;
            save(&a.out, &model.to_bytes(), String::new(), started)?;
        }
        TrainCommand::Deps(a) => {
            let opts = veille_nlp::deps::TrainOptions {
                epochs: a.epochs,
                prune: a.prune,
                ..Default::default()
            };
            let parser = veille_train::syntax::deps(&a.conllu, a.lang, &opts)?;
            let what = format!("{} labels, ", parser.labels.len());
            save(&a.out, &parser.to_bytes(), what, started)?;
            if let Some(d) = a.dev {
                let mut p = veille_pipeline::Pipeline::builtin()?;
                if let Some(m) = p.models_mut().get_mut(a.lang) {
                    m.deps = Some(parser);
                }
                println!("dev: {}", veille_eval::harness::deps(&p, &d, a.lang)?.json);
            }
        }
        TrainCommand::Pos(a) => {
            let data = PosData {
                conllu: a.conllu,
                lefff: a.lefff,
                lexicon_conll: a.lexicon_conll,
            };
            let opts = veille_nlp::pos::TrainOptions {
                epochs: a.epochs,
                seeds: a.seeds,
                stack: a.stack,
                prune: a.prune,
                dict_min: a.dict_min,
                dict_share: a.dict_share,
                pa: a.pa,
                ..Default::default()
            };
            let tagger = veille_train::syntax::pos(&data, a.lang, &opts)?;
            let (table, rules) = tagger.lemmatizer.size();
            let n = tagger.tags.len();
            let what = format!("{n} tags, {table} lemma exceptions, {rules} lemma rules, ");
            save(&a.out, &tagger.to_bytes(), what, started)?;
            if let Some(d) = a.dev {
                let r = veille_eval::pos::eval_pos(&tagger, &veille_eval::conllu::read(&d)?);
                let (u, l) = (r.upos_accuracy, r.lemma_accuracy);
                println!("dev {}: UPOS {u:.4}  lemma {l:.4}", d.display());
            }
        }
    }
    Ok(())
}
