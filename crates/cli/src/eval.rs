use anyhow::{bail, Context, Result};
use clap::Subcommand;
use std::path::PathBuf;
use veille_text::Lang;

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

pub fn run(cmd: EvalCommand) -> Result<()> {
    match cmd {
        EvalCommand::Segment {
            conllu,
            lang,
            errors,
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
            for e in veille_eval::segment::errors(&sentences, lang, errors) {
                println!("{e}");
            }
            let r = veille_eval::segment::evaluate(&sentences, lang, &conllu.display().to_string());
            println!(
                "segmentation of {} ({} sentences, {} tokens, rules: {})",
                r.file, r.sentences, r.tokens, r.lang
            );
            println!(
                "{:<10} {:>9} {:>9} {:>9}",
                "unit", "precision", "recall", "f1"
            );
            println!(
                "{:<10} {:>9.4} {:>9.4} {:>9.4}",
                "sentence", r.sentence_precision, r.sentence_recall, r.sentence_f1
            );
            println!(
                "{:<10} {:>9.4} {:>9.4} {:>9.4}",
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
