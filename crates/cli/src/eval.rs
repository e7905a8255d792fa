use anyhow::{bail, Context, Result};
use clap::Subcommand;
use std::path::PathBuf;
use veille_text::Lang;

/// Running the peer tool on the same data in the same run (--brat NER:
/// spaCy via `ner_brat_eval.py`; --trafilatura extraction: trafilatura via
/// `evalset_score.py`).
#[derive(clap::Args)]
pub struct PeerArgs {
    /// Python with the peers installed (e.g. from ../shared/bench/peers/setup.sh).
    #[arg(long)]
    peer_python: Option<PathBuf>,
    /// The peers' scripts folder.
    #[arg(long, default_value = "../shared/bench/peers")]
    peer_scripts: PathBuf,
    /// The spaCy pipeline to compare NER with.
    #[arg(long, default_value = "fr_core_news_md")]
    peer_model: String,
}

/// Runs a peer script and reads its `key=value` figures ("micro_" prefixed
/// on a line starting with "micro").
fn run_peer(
    python: &std::path::Path,
    script: &std::path::Path,
    args: &[&std::ffi::OsStr],
) -> Result<std::collections::HashMap<String, f64>> {
    let out = std::process::Command::new(python)
        .arg(script)
        .args(args)
        .output()
        .with_context(|| format!("running {} {}", python.display(), script.display()))?;
    if !out.status.success() {
        bail!(
            "{} failed: {}",
            script.display(),
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        );
    }
    let mut figures = std::collections::HashMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let prefix = if line.starts_with("micro ") {
            "micro_"
        } else {
            ""
        };
        for kv in line.split_whitespace() {
            if let Some((k, v)) = kv.split_once('=') {
                if let Ok(x) = v.parse::<f64>() {
                    figures.insert(format!("{prefix}{k}"), x);
                }
            }
        }
    }
    Ok(figures)
}

/// Adds the peer's figures and the ratios to an eval report.
fn with_peer(
    v: &mut serde_json::Value,
    name: &str,
    ours: (f64, f64),
    theirs: (f64, f64),
    unit: &str,
) {
    println!("peer {name}: F1 {:.4}, {:.1} {unit}", theirs.0, theirs.1);
    println!(
        "veille - peer: {:+.4} F1, {:.1}x the speed",
        ours.0 - theirs.0,
        ours.1 / theirs.1.max(1e-9)
    );
    v["peer"] =
        serde_json::json!({"name": name, "f1": theirs.0, unit.replace('/', "_per_"): theirs.1});
    v["f1_gain"] = serde_json::json!(((ours.0 - theirs.0) * 10_000.0).round() / 10_000.0);
    v["speedup"] = serde_json::json!((ours.1 / theirs.1.max(1e-9) * 10.0).round() / 10.0);
}

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Sentence-boundary and token P/R/F1 against a UD CoNLL-U file (.gz read directly).
    Segment {
        /// CoNLL-U gold file.
        #[arg(long)]
        conllu: PathBuf,
        /// Rules to use: fr or en (default: guessed from the file name, else detected).
        #[arg(long)]
        lang: Option<String>,
        /// Print up to N token errors before the table.
        #[arg(long, default_value_t = 0)]
        errors: usize,
        /// Sentence-boundary model file (default: the shipped one).
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Named entities: strict-span P/R/F1 per type and micro, and tokens/s.
    ///
    /// --brat: raw texts of a brat corpus (WiNER-fr layout) go through
    /// segmentation and NER; outermost Person/Location/Organization are scored.
    /// --conll: the given CoNLL-2003 tokens are tagged; every type is scored.
    Ner {
        /// brat folders (searched recursively for .ann/.txt pairs).
        #[arg(long, num_args = 1.., required_unless_present = "conll", conflicts_with = "conll")]
        brat: Vec<PathBuf>,
        /// A CoNLL-2003 file (.gz read directly).
        #[arg(long)]
        conll: Option<PathBuf>,
        /// Language of the shipped model to use (default: fr for --brat, en for --conll).
        #[arg(long)]
        lang: Option<String>,
        /// A model file to use instead of the shipped one.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Print up to N false positives and negatives (brat) before the table.
        #[arg(long, default_value_t = 0)]
        errors: usize,
        #[command(flatten)]
        peer: PeerArgs,
    },
    /// Entity linking against a gold file (source, mention, id), with the
    /// time linking adds to analysis, measured in the same run.
    Link {
        /// Gold TSV: source file name, mention as written, expected entity id.
        #[arg(long)]
        gold: PathBuf,
        /// The documents the gold file describes (files or folders).
        #[arg(long, num_args = 1.., required = true)]
        docs: Vec<PathBuf>,
    },
    /// Main-text extraction from web pages: P/R/F1 and pages/s (one core).
    ///
    /// --trafilatura EVALDATA.json --html ROOT: trafilatura's evaluation set
    /// (must-include / must-exclude segments; pages under ROOT/eval, ROOT/cache).
    /// --gold ground-truth.json --html DIR: the article-extraction benchmark
    /// (4-word shingles, mean per-page precision and recall).
    Extract {
        #[arg(long, conflicts_with = "gold", required_unless_present = "gold")]
        trafilatura: Option<PathBuf>,
        #[arg(long)]
        gold: Option<PathBuf>,
        /// Folder of the pages.
        #[arg(long)]
        html: PathBuf,
        /// Write what was extracted as JSONL (file, text) here.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        peer: PeerArgs,
    },
    /// Part-of-speech (UPOS) and lemma accuracy against a UD CoNLL-U file,
    /// on its gold tokenisation.
    Pos {
        /// CoNLL-U gold file (.gz read directly).
        #[arg(long)]
        conllu: PathBuf,
        /// Language of the shipped model (default: guessed from the file name).
        #[arg(long)]
        lang: Option<String>,
        /// A model file to use instead of the shipped one.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Print the N most frequent confusions (gold → predicted).
        #[arg(long, default_value_t = 0)]
        errors: usize,
    },
    /// Dependency attachment (UAS, LAS) against a UD CoNLL-U file: gold
    /// words, tags from the shipped tagger, then the parser.
    Deps {
        /// CoNLL-U gold file (.gz read directly).
        #[arg(long)]
        conllu: PathBuf,
        /// Language of the shipped models (default: guessed from the file name).
        #[arg(long)]
        lang: Option<String>,
        /// A parser model file to use instead of the shipped one.
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Quotes: direct speech on AADS-French (`--aads test.tsv`: DS/O token
    /// labels over French novels), or attribution on PolNeAR (`--polnear DIR`).
    #[command(group(clap::ArgGroup::new("quote_data").required(true)))]
    Quotes {
        /// AADS-French direct-speech TSV: token-level P/R/F1 of direct speech.
        #[arg(long, group = "quote_data")]
        aads: Option<PathBuf>,
        /// PolNeAR split folder (text/, attributions/) or corpus root (dev
        /// split read): content, attribution, cue and source P/R/F1.
        #[arg(long, group = "quote_data")]
        polnear: Option<PathBuf>,
        /// Print up to N gold attributions that were missed (PolNeAR).
        #[arg(long, default_value_t = 0)]
        errors: usize,
    },
    /// Language-ID accuracy per language on Lingua's test sentences.
    Langid {
        /// The Lingua test-data folder (holding sentences/<code>.txt).
        #[arg(long)]
        lingua: PathBuf,
        /// Languages to score (comma-separated ISO 639-1 codes).
        #[arg(long, value_delimiter = ',', default_value = "fr,en,de,es,it,pt,ru,uk")]
        langs: Vec<String>,
    },
}

/// `eval quotes --polnear`: the whole analysis on each article, its quotes
/// scored as attributions.
fn eval_polnear(dir: &std::path::Path, errors: usize) -> Result<()> {
    use veille_eval::polnear;
    let articles = polnear::read(dir)?;
    let texts = articles.iter().map(|a| (a.name.as_str(), a.text.as_str()));
    let (predicted, tps) = analyse_timed("en", texts, |text, d| -> Vec<polnear::Predicted> {
        d.quotes
            .iter()
            .filter_map(|q| {
                // Cleaning may move text: place each span by its words.
                let content = locate(text, &q.text)?;
                let shift = |s: veille_core::Span| {
                    let piece = s.slice(&d.text);
                    let guess = (s.start as isize + content.0 as isize - q.span.start as isize)
                        .max(0) as usize;
                    near(text, piece, guess)
                };
                Some(polnear::Predicted {
                    content,
                    cue: q.cue_span.and_then(shift),
                    source: q.speaker_span.and_then(shift),
                })
            })
            .collect()
    });
    let r = polnear::score(&articles, &predicted);
    for (name, cue, content) in r.missed.iter().take(errors) {
        let content: String = content.chars().take(140).collect();
        println!("missed [{name}] cue {cue:?}: {content}");
    }
    println!(
        "attribution on {} ({} articles, {} gold attributions, {} predicted quotes)",
        dir.display(),
        r.articles,
        r.gold_attributions,
        r.predicted
    );
    println!("{:<22} {:>9} {:>9} {:>9}", "", "precision", "recall", "f1");
    let rows = [
        ("content tokens", r.content_tokens),
        ("attributions (dice .5)", r.attributions),
        ("cue", r.cue),
        ("source", r.source),
    ];
    for (name, p) in rows {
        println!(
            "{:<22} {:>9.4} {:>9.4} {:>9.4}",
            name,
            p.precision(),
            p.recall(),
            p.f1()
        );
    }
    println!("throughput: {tps:.0} tokens/s (whole analysis, one core)");
    let r4 = veille_eval::metrics::r4;
    let obj = |p: veille_eval::metrics::Prf| serde_json::json!({"precision": r4(p.precision()), "recall": r4(p.recall()), "f1": r4(p.f1())});
    println!(
        "{}",
        serde_json::json!({
            "task": "quotes", "data": "polnear", "articles": r.articles,
            "precision": r4(r.attributions.precision()), "recall": r4(r.attributions.recall()), "f1": r4(r.attributions.f1()),
            "content_tokens": obj(r.content_tokens), "attributions": obj(r.attributions),
            "cue": obj(r.cue), "source": obj(r.source), "tokens_per_s": tps.round()
        })
    );
    Ok(())
}

/// Loads the shipped models of a language (decompressing them takes a
/// moment) so that throughput measures analysis only.
fn warm_up(lang: &str) {
    let text = if lang == "fr" {
        "M. Dupont a déclaré lundi : « Nous partons. »"
    } else {
        "Mr. Smith said on Monday: \"We are leaving.\""
    };
    let raw = veille_ingest::RawDoc {
        text: text.into(),
        ..Default::default()
    };
    std::hint::black_box(veille_pipeline::analyze(&raw, &Default::default()));
}

/// The whole analysis of each (name, text), timed after the models are
/// loaded; `each` turns a text and its document into what is scored.
/// Returns the results and the tokens analysed per second.
fn analyse_timed<'a, T>(
    lang: &str,
    texts: impl Iterator<Item = (&'a str, &'a str)>,
    mut each: impl FnMut(&str, &veille_core::Document) -> T,
) -> (Vec<T>, f64) {
    warm_up(lang);
    let started = std::time::Instant::now();
    let mut tokens = 0usize;
    let out = texts
        .map(|(name, text)| {
            let raw = veille_ingest::RawDoc {
                source: name.to_string(),
                text: text.to_string(),
                ..Default::default()
            };
            let d = veille_pipeline::analyze(&raw, &Default::default());
            tokens += d.token_count;
            each(text, &d)
        })
        .collect();
    (
        out,
        tokens as f64 / started.elapsed().as_secs_f64().max(1e-9),
    )
}

/// Byte range of the occurrence of `piece` in `text` nearest to `at`.
fn near(text: &str, piece: &str, at: usize) -> Option<(usize, usize)> {
    text.match_indices(piece)
        .map(|(i, _)| i)
        .min_by_key(|&i| i.abs_diff(at))
        .map(|i| (i, i + piece.len()))
}

/// Byte range of the first occurrence of `piece` in `text`.
fn locate(text: &str, piece: &str) -> Option<(usize, usize)> {
    let at = text.find(piece).filter(|_| !piece.is_empty())?;
    Some((at, at + piece.len()))
}

pub fn run(cmd: EvalCommand) -> Result<()> {
    match cmd {
        EvalCommand::Extract {
            trafilatura,
            gold,
            html,
            out,
            peer,
        } => {
            use veille_eval::extract;
            let pages = match (&trafilatura, &gold) {
                (Some(t), _) => extract::read_trafilatura(t, &html)?,
                (None, Some(g)) => extract::read_benchmark(g, &html)?,
                (None, None) => bail!("pass --trafilatura or --gold"),
            };
            if pages.is_empty() {
                bail!("no pages in the gold file");
            }
            let mut raws = Vec::with_capacity(pages.len());
            for p in &pages {
                let bytes = extract::page_bytes(&p.path)?;
                let (text, _) = veille_extract::decode_html(&bytes, None);
                raws.push(veille_ingest::RawDoc {
                    source: p.name.clone(),
                    format: veille_ingest::Format::Html,
                    url: p.url.clone(),
                    text,
                    ..Default::default()
                });
            }
            // Language models load on first use: not part of the per-page cost.
            veille_text::preload();
            let started = std::time::Instant::now();
            let results: Vec<_> = raws.iter().map(veille_pipeline::main_text).collect();
            let secs = started.elapsed().as_secs_f64();
            let mut texts = std::collections::HashMap::new();
            let mut found = std::collections::HashMap::new();
            let (mut titles, mut dates) = (0, 0);
            for ((p, raw), (page, cleaned)) in pages.iter().zip(&raws).zip(&results) {
                let f = veille_pipeline::fields(raw, page.as_ref(), cleaned);
                titles += f.title.is_some() as usize;
                dates += f.date.is_some() as usize;
                texts.insert(p.name.clone(), cleaned.text.clone());
                found.insert(
                    p.name.clone(),
                    extract::FoundMeta {
                        title: f.title,
                        author: f.author,
                        date: f.date.map(|d| d.value),
                    },
                );
            }
            if let Some(o) = out {
                let mut w = String::new();
                for p in &pages {
                    w.push_str(
                        &serde_json::json!({"file": p.name, "text": texts[&p.name]}).to_string(),
                    );
                    w.push('\n');
                }
                std::fs::write(&o, w).with_context(|| format!("writing {}", o.display()))?;
            }
            let prf = if trafilatura.is_some() {
                extract::score_segments(&pages, &texts)
            } else {
                extract::score_shingles(&pages, &texts)
            };
            let meta = extract::score_meta(&pages, &found);
            let r = extract::report(pages.len(), prf, secs, titles, dates, meta);
            println!("extraction of {} pages", r.pages);
            println!(
                "precision {:.4}  recall {:.4}  f1 {:.4}",
                r.precision, r.recall, r.f1
            );
            println!(
                "title found on {:.1}% of pages, date on {:.1}%",
                100.0 * r.title_found,
                100.0 * r.date_found
            );
            let pct =
                |a: Option<f64>| a.map_or("no gold".to_string(), |a| format!("{:.1}%", 100.0 * a));
            println!(
                "against the gold metadata: title {}, author {}, date {}",
                pct(r.title_accuracy),
                pct(r.author_accuracy),
                pct(r.date_accuracy)
            );
            println!(
                "throughput: {:.1} pages/s (extraction + cleaning, one core)",
                r.pages_per_s
            );
            let mut v = serde_json::to_value(&r)?;
            if let (Some(py), Some(t)) = (&peer.peer_python, &trafilatura) {
                let f = run_peer(
                    py,
                    &peer.peer_scripts.join("evalset_score.py"),
                    &[t.as_os_str(), html.as_os_str()],
                )?;
                let theirs = (
                    f.get("F1").copied().unwrap_or(0.0),
                    f.get("pages_per_s").copied().unwrap_or(0.0),
                );
                with_peer(
                    &mut v,
                    "trafilatura",
                    (r.f1, r.pages_per_s),
                    theirs,
                    "pages/s",
                );
            }
            println!("{v}");
        }
        EvalCommand::Pos {
            conllu,
            lang,
            model,
            errors,
        } => {
            let (sentences, lang) = treebank(&conllu, lang)?;
            let tagger = crate::train::load_pos(model.as_deref(), &lang)?;
            if errors > 0 {
                for (n, g, p) in veille_eval::pos::confusions(tagger, &sentences, errors) {
                    println!("{n:>6}  {g} -> {p}");
                }
            }
            let r = veille_eval::pos::eval_pos(tagger, &sentences);
            println!("POS on {} ({} words)", conllu.display(), r.words);
            println!(
                "UPOS accuracy {:.4}  lemma accuracy {:.4} (ignoring case {:.4})",
                r.upos_accuracy, r.lemma_accuracy, r.lemma_accuracy_nocase
            );
            println!(
                "throughput: {:.0} tokens/s (tagging + lemmas, one core)",
                r.tokens_per_s
            );
            println!("{}", serde_json::to_string(&r)?);
        }
        EvalCommand::Deps {
            conllu,
            lang,
            model,
        } => {
            let (sentences, lang) = treebank(&conllu, lang)?;
            let tagger = crate::train::load_pos(None, &lang)?;
            let parser = crate::train::load_deps(model.as_deref(), &lang)?;
            let r = veille_eval::deps::eval_deps(parser, tagger, &sentences);
            println!(
                "dependencies on {} ({} words, predicted tags: UPOS {:.4})",
                conllu.display(),
                r.words,
                r.upos_accuracy
            );
            println!(
                "UAS {:.4}  LAS {:.4} (universal relations; with subtypes {:.4})",
                r.uas, r.las, r.las_full
            );
            println!(
                "throughput: {:.0} words/s (tagging + parsing, one core)",
                r.tokens_per_s
            );
            println!("{}", serde_json::to_string(&r)?);
        }
        EvalCommand::Quotes {
            polnear: Some(dir),
            errors,
            ..
        } => eval_polnear(&dir, errors)?,
        EvalCommand::Quotes { aads, .. } => {
            let aads = aads.context("--aads or --polnear is required")?;
            let texts = veille_eval::quotes::read_aads(&aads)?;
            if texts.is_empty() {
                bail!("{}: no texts", aads.display());
            }
            let names = texts.iter().map(|t| (t.name.as_str(), t.text.as_str()));
            let (predicted, tps) = analyse_timed("fr", names, |text, d| -> Vec<(usize, usize)> {
                // Cleaning may drop lines: map quotes back by their text.
                d.quotes
                    .iter()
                    .filter(|q| q.kind == "direct")
                    .filter_map(|q| locate(text, &q.text))
                    .collect()
            });
            let prf = veille_eval::quotes::score(&texts, &predicted);
            println!(
                "direct speech on {} ({} texts), token level",
                aads.display(),
                texts.len()
            );
            println!(
                "precision {:.4}  recall {:.4}  f1 {:.4}",
                prf.precision(),
                prf.recall(),
                prf.f1()
            );
            println!("throughput: {tps:.0} tokens/s (whole analysis, one core)");
            let r4 = veille_eval::metrics::r4;
            println!(
                "{}",
                serde_json::json!({"task": "quotes", "data": "aads", "precision": r4(prf.precision()), "recall": r4(prf.recall()), "f1": r4(prf.f1()), "tokens_per_s": tps.round()})
            );
        }
        EvalCommand::Link { gold, docs } => {
            let gold = veille_eval::link::read_gold(&gold)?;
            let mut raws = Vec::new();
            veille_ingest::read_all(&docs, &Default::default(), &mut |r| {
                if let Ok(raw) = r {
                    raws.push(raw);
                }
            });
            if raws.is_empty() {
                bail!("no documents read from {docs:?}");
            }
            let with = veille_pipeline::Options::default();
            let without = veille_pipeline::Options {
                no_link: true,
                ..Default::default()
            };
            let analysed: Vec<_> = raws
                .iter()
                .map(|r| veille_pipeline::analyze(r, &with))
                .collect();
            let r = veille_eval::link::evaluate(&analysed, &gold);
            // Cost of linking: whole passes with and without it, alternating.
            let (mut t_with, mut t_without, mut passes) = (0.0, 0.0, 0);
            let started = std::time::Instant::now();
            while passes < 3 || started.elapsed().as_secs_f64() < 2.0 {
                let t = std::time::Instant::now();
                raws.iter().for_each(|raw| {
                    drop(std::hint::black_box(veille_pipeline::analyze(
                        raw, &without,
                    )))
                });
                t_without += t.elapsed().as_secs_f64();
                let t = std::time::Instant::now();
                raws.iter().for_each(|raw| {
                    drop(std::hint::black_box(veille_pipeline::analyze(raw, &with)))
                });
                t_with += t.elapsed().as_secs_f64();
                passes += 1;
            }
            for e in &r.errors {
                println!("{e}");
            }
            let overhead = (t_with - t_without) / t_without;
            println!("linking on {} documents: {} gold mentions, {} linked entities with gold text, {} correct", raws.len(), r.gold, r.predicted, r.correct);
            println!(
                "precision {:.4}  recall {:.4}  f1 {:.4}",
                r.precision, r.recall, r.f1
            );
            println!(
                "analysis time: {:.2} ms/document without linking, {:.2} with (+{:.1}%)",
                1e3 * t_without / (passes * raws.len()) as f64,
                1e3 * t_with / (passes * raws.len()) as f64,
                100.0 * overhead
            );
            let mut v = serde_json::to_value(&r)?;
            v["link_overhead"] = serde_json::json!((overhead * 1000.0).round() / 1000.0);
            if let Some(o) = v.as_object_mut() {
                o.remove("errors");
            }
            println!("{v}");
        }
        EvalCommand::Ner {
            brat,
            conll,
            lang,
            model,
            errors,
            peer,
        } => {
            let lang = lang.unwrap_or_else(|| {
                if conll.is_some() {
                    "en".into()
                } else {
                    "fr".into()
                }
            });
            let model = crate::train::load_model(model.as_deref(), &lang)?;
            let r = if let Some(path) = conll {
                let docs = veille_eval::conll::read_docs(&path)?;
                veille_eval::ner::eval_conll_docs(model, &docs, path.display().to_string())
            } else {
                let docs = veille_eval::brat::read_dirs(&brat)?;
                if docs.is_empty() {
                    bail!("no .ann files under {:?}", brat);
                }
                let names: Vec<String> = brat.iter().map(|p| p.display().to_string()).collect();
                let mut errs = Vec::new();
                let r = veille_eval::ner::eval_brat_with_errors(
                    model,
                    &docs,
                    Lang::from_code(&lang),
                    names.join(" "),
                    &mut errs,
                    errors,
                );
                for e in errs {
                    println!("{e}");
                }
                r
            };
            println!(
                "NER on {} ({} tokens{})",
                r.data,
                r.tokens,
                if r.documents > 0 {
                    format!(", {} documents", r.documents)
                } else {
                    String::new()
                }
            );
            println!(
                "{:<8} {:>9} {:>9} {:>9} {:>7}",
                "type", "precision", "recall", "f1", "gold"
            );
            for (t, s) in &r.per_type {
                println!(
                    "{:<8} {:>9.4} {:>9.4} {:>9.4} {:>7}",
                    t, s.precision, s.recall, s.f1, s.gold
                );
            }
            println!(
                "{:<8} {:>9.4} {:>9.4} {:>9.4}",
                "micro", r.precision, r.recall, r.f1
            );
            println!(
                "confidence: mean {:.4} over predicted entities (precision {:.4}); calibration error {:.4}",
                r.calibration.mean_confidence, r.precision, r.calibration.ece
            );
            println!(
                "throughput: {:.0} tokens/s ({}; one core)",
                r.tokens_per_s,
                if r.documents > 0 {
                    "segmentation + NER"
                } else {
                    "NER"
                }
            );
            let mut v = serde_json::to_value(&r)?;
            if let (Some(py), false) = (&peer.peer_python, brat.is_empty()) {
                let mut args: Vec<&std::ffi::OsStr> = vec![peer.peer_model.as_ref()];
                args.extend(brat.iter().map(|p| p.as_os_str()));
                let f = run_peer(py, &peer.peer_scripts.join("ner_brat_eval.py"), &args)?;
                let theirs = (
                    f.get("micro_F1").copied().unwrap_or(0.0),
                    f.get("tokens_per_s").copied().unwrap_or(0.0),
                );
                with_peer(
                    &mut v,
                    &peer.peer_model,
                    (r.f1, r.tokens_per_s),
                    theirs,
                    "tokens/s",
                );
            }
            println!("{v}");
        }
        EvalCommand::Segment {
            conllu,
            lang,
            errors,
            model,
        } => {
            let src = veille_eval::read_text(&conllu)?;
            let sentences = veille_eval::conllu::parse(&src, &conllu)?;
            if sentences.is_empty() {
                bail!("{}: no sentences", conllu.display());
            }
            let name = conllu
                .file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            let code = match lang {
                Some(l) => l,
                None if name.starts_with("fr") => "fr".into(),
                None if name.starts_with("en") => "en".into(),
                None => veille_text::detect(&src)
                    .map(|d| d.lang.to_string())
                    .unwrap_or_else(|| "und".into()),
            };
            let lang = Lang::from_code(&code);
            // The learned model when there is one for the language, else the rules.
            let splitter = match model {
                Some(p) => Some(crate::train::load_sent(Some(&p), &code)?),
                None => veille_pipeline::models::sent(&code),
            };
            let learned =
                |text: &str, lang: Lang| veille_pipeline::segment_with(text, lang, splitter);
            for e in veille_eval::segment::errors(&sentences, lang, errors, &learned) {
                println!("{e}");
            }
            let file = conllu.display().to_string();
            let r = veille_eval::segment::evaluate(&sentences, lang, &file, &learned);
            let rules =
                veille_eval::segment::evaluate(&sentences, lang, &file, &veille_text::segment);
            println!(
                "segmentation of {} ({} sentences, {} tokens, language: {}, sentence model: {})",
                r.file,
                r.sentences,
                r.tokens,
                r.lang,
                if splitter.is_some() {
                    "learned"
                } else {
                    "none, rules only"
                }
            );
            println!(
                "{:<16} {:>9} {:>9} {:>9}",
                "unit", "precision", "recall", "f1"
            );
            println!(
                "{:<16} {:>9.4} {:>9.4} {:>9.4}",
                "sentence (rules)",
                rules.sentence_precision,
                rules.sentence_recall,
                rules.sentence_f1
            );
            println!(
                "{:<16} {:>9.4} {:>9.4} {:>9.4}",
                "sentence", r.sentence_precision, r.sentence_recall, r.sentence_f1
            );
            println!(
                "{:<16} {:>9.4} {:>9.4} {:>9.4}",
                "token", r.token_precision, r.token_recall, r.token_f1
            );
            println!("throughput: {:.0} tokens/s (one core)", r.tokens_per_s);
            println!("{}", serde_json::to_string(&r)?);
        }
        EvalCommand::Langid { lingua, langs } => {
            let langs: Vec<&str> = langs.iter().map(|s| s.as_str()).collect();
            let r = veille_eval::langid::evaluate(&lingua, &langs)
                .with_context(|| format!("scoring language ID on {}", lingua.display()))?;
            println!(
                "{:<6} {:>9} {:>6} {:>14}",
                "lang", "accuracy", "n", "most confused"
            );
            for (l, a) in &r.accuracy {
                println!(
                    "{:<6} {:>9.4} {:>6} {:>14}",
                    l,
                    a,
                    r.counts[l],
                    r.confusions.get(l).map(|s| s.as_str()).unwrap_or("-")
                );
            }
            println!("throughput: {:.0} sentences/s", r.sentences_per_s);
            println!("{}", serde_json::to_string(&r)?);
        }
    }
    Ok(())
}

/// A UD treebank's sentences, and its language (given, or from the file name).
fn treebank(
    path: &std::path::Path,
    lang: Option<String>,
) -> Result<(Vec<veille_eval::conllu::Sentence>, String)> {
    let sentences = veille_eval::conllu::read(path)?;
    if sentences.is_empty() {
        bail!("{}: no sentences", path.display());
    }
    Ok((sentences, lang.unwrap_or_else(|| lang_of_file(path))))
}

/// "fr" or "en" from a UD file name (fr_gsd-…, en_ewt-…); "fr" otherwise.
fn lang_of_file(path: &std::path::Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.starts_with("en") {
        "en".into()
    } else {
        "fr".into()
    }
}
