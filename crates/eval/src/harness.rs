//! The evaluation harness behind `veille eval …`: each function reads the
//! gold data, runs the stage under test (timed apart from model loading),
//! optionally runs the peer tool on the same data in the same run, and
//! returns an [`Outcome`]: the table a person reads and the JSON line a
//! script reads. Callable from tests without a subprocess.

use crate::metrics::{r4, Prf};
use crate::EvalError;
use std::collections::HashMap;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use veille_core::{Document, Format, Lang, Part, RawDoc, Span};
use veille_pipeline::{models, Options, Pipeline};

/// What an evaluation prints: table lines, then one JSON line.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub lines: Vec<String>,
    pub json: serde_json::Value,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for l in &self.lines {
            writeln!(f, "{l}")?;
        }
        write!(f, "{}", self.json)
    }
}

/// Collects the table lines of an outcome.
#[derive(Default)]
struct Table(Vec<String>);

impl Table {
    fn line(&mut self, l: impl Into<String>) {
        self.0.push(l.into());
    }
    /// A precision / recall / F1 table, names padded to the longest.
    fn prf_rows(&mut self, rows: &[(&str, Prf)]) {
        let w = rows
            .iter()
            .map(|(n, _)| n.chars().count())
            .max()
            .unwrap_or(0);
        self.line(format!(
            "{:<w$} {:>9} {:>9} {:>9}",
            "", "precision", "recall", "f1"
        ));
        for (name, x) in rows {
            self.line(format!(
                "{name:<w$} {:>9.4} {:>9.4} {:>9.4}",
                x.precision(),
                x.recall(),
                x.f1()
            ));
        }
    }
    fn done(self, json: serde_json::Value) -> Outcome {
        Outcome {
            lines: self.0,
            json,
        }
    }
}

fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

// ---------------------------------------------------------------- models

/// Model files to evaluate instead of the shipped ones.
#[derive(Debug, Clone, Default)]
pub struct ModelFiles {
    pub ner: Option<PathBuf>,
    pub pos: Option<PathBuf>,
    pub deps: Option<PathBuf>,
    pub sent: Option<PathBuf>,
}

fn model_file<T>(
    path: &Path,
    from_bytes: fn(&[u8]) -> Result<T, veille_nlp::ModelError>,
) -> Result<T, EvalError> {
    let bytes = crate::read_bytes(path)?;
    models::decode(&path.display().to_string(), &bytes, from_bytes).map_err(|e| EvalError::Format {
        path: path.to_path_buf(),
        msg: e.to_string(),
    })
}

/// The shipped pipeline, with the given model files in place of the
/// shipped models of `lang`.
pub fn pipeline(lang: Lang, files: &ModelFiles) -> Result<Pipeline, EvalError> {
    let mut p = Pipeline::builtin().map_err(|e| EvalError::Model(e.to_string()))?;
    if files.ner.is_some() || files.pos.is_some() || files.deps.is_some() || files.sent.is_some() {
        let m = p.models_mut().get_mut(lang).ok_or_else(|| {
            EvalError::Model(format!(
                "veille has no models for language {lang} (fr, en): a model file cannot replace one"
            ))
        })?;
        if let Some(f) = &files.ner {
            m.ner = Some(model_file(f, veille_nlp::ner::Model::from_bytes)?);
        }
        if let Some(f) = &files.pos {
            m.pos = Some(model_file(f, veille_nlp::pos::Tagger::from_bytes)?);
        }
        if let Some(f) = &files.deps {
            m.deps = Some(model_file(f, veille_nlp::deps::Parser::from_bytes)?);
        }
        if let Some(f) = &files.sent {
            m.sent = Some(model_file(f, veille_nlp::sent::Splitter::from_bytes)?);
        }
    }
    Ok(p)
}

fn need<'a, T>(m: Option<&'a T>, what: &str, lang: Lang) -> Result<&'a T, EvalError> {
    m.ok_or_else(|| {
        EvalError::Model(format!(
            "no {what} for language {lang} (shipped: fr, en); pass --model"
        ))
    })
}

// ------------------------------------------------------------------ peers

/// The peer tool run on the same data in the same run.
#[derive(Debug, Clone)]
pub struct Peer {
    /// Python with the peers installed (../shared/bench/peers/setup.sh).
    pub python: PathBuf,
    /// The peers' scripts folder.
    pub scripts: PathBuf,
    /// The spaCy pipeline NER is compared with.
    pub model: String,
}

/// Runs a peer script and reads its `key=value` figures ("micro_" prefixed
/// on a line starting with "micro").
pub fn run_peer(
    python: &Path,
    script: &Path,
    args: &[OsString],
) -> Result<HashMap<String, f64>, EvalError> {
    let fail = |msg: String| EvalError::Peer {
        script: script.to_path_buf(),
        msg,
    };
    let out = std::process::Command::new(python)
        .arg(script)
        .args(args)
        .output()
        .map_err(|e| fail(format!("cannot run {}: {e}", python.display())))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(fail(err.lines().last().unwrap_or("failed").to_string()));
    }
    Ok(parse_figures(&String::from_utf8_lossy(&out.stdout)))
}

/// `key=value` figures of a peer's output.
pub fn parse_figures(stdout: &str) -> HashMap<String, f64> {
    let mut figures = HashMap::new();
    for line in stdout.lines() {
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
    figures
}

/// Adds the peer's figures and the ratios to an outcome.
fn with_peer(
    t: &mut Table,
    v: &mut serde_json::Value,
    name: &str,
    ours: (f64, f64),
    theirs: (f64, f64),
    unit: &str,
) {
    t.line(format!(
        "peer {name}: F1 {:.4}, {:.1} {unit}",
        theirs.0, theirs.1
    ));
    t.line(format!(
        "veille - peer: {:+.4} F1, {:.1}x the speed",
        ours.0 - theirs.0,
        ours.1 / theirs.1.max(1e-9)
    ));
    v["peer"] =
        serde_json::json!({"name": name, "f1": theirs.0, unit.replace('/', "_per_"): theirs.1});
    v["f1_gain"] = serde_json::json!(((ours.0 - theirs.0) * 10_000.0).round() / 10_000.0);
    v["speedup"] = serde_json::json!((ours.1 / theirs.1.max(1e-9) * 10.0).round() / 10.0);
}

// ---------------------------------------------------- whole-analysis runs

/// Analyses a short text of the language once, so that what is timed
/// afterwards is analysis only (lingua's models load on first use).
fn warm_up(p: &Pipeline, lang: Lang) {
    let text = if lang == Lang::Fr {
        "M. Dupont a déclaré lundi : « Nous partons. »"
    } else {
        "Mr. Smith said on Monday: \"We are leaving.\""
    };
    std::hint::black_box(p.analyze(&RawDoc::text("warm-up", text), &Options::default()));
}

/// The whole analysis of each (name, text), timed after warming up;
/// `each` turns a text and its document into what is scored. Returns the
/// results and the tokens analysed per second.
pub fn analyse_timed<'a, T>(
    p: &Pipeline,
    lang: Lang,
    texts: impl Iterator<Item = (&'a str, &'a str)>,
    mut each: impl FnMut(&str, &Document) -> T,
) -> (Vec<T>, f64) {
    warm_up(p, lang);
    let started = std::time::Instant::now();
    let mut tokens = 0usize;
    let out = texts
        .map(|(name, text)| {
            let d = p.analyze(&RawDoc::text(name, text), &Options::default());
            tokens += d.token_count;
            each(text, &d)
        })
        .collect();
    (
        out,
        tokens as f64 / started.elapsed().as_secs_f64().max(1e-9),
    )
}

/// Every document under `docs` that reads (a bad one is skipped), or an
/// error when none does.
fn read_docs(docs: &[PathBuf]) -> Result<Vec<RawDoc>, EvalError> {
    let mut raws = Vec::new();
    veille_ingest::read_all(docs, &Default::default(), &mut |r| {
        if let Ok(raw) = r {
            raws.push(raw);
        }
    });
    match raws.is_empty() {
        true => Err(EvalError::NoData(format!(
            "no documents read from {docs:?}"
        ))),
        false => Ok(raws),
    }
}

/// The annotated articles of a gold file or folder, or an error when it
/// has none.
fn annotated<T>(gold: &Path, articles: Vec<T>) -> Result<Vec<T>, EvalError> {
    match articles.is_empty() {
        true => Err(EvalError::NoData(format!(
            "{}: no annotated article",
            gold.display()
        ))),
        false => Ok(articles),
    }
}

/// Byte range of the occurrence of `piece` in `text` nearest to `at`.
pub fn near(text: &str, piece: &str, at: usize) -> Option<(usize, usize)> {
    text.match_indices(piece)
        .map(|(i, _)| i)
        .min_by_key(|&i| i.abs_diff(at))
        .map(|i| (i, i + piece.len()))
}

/// Byte range of the first occurrence of `piece` in `text`.
pub fn locate(text: &str, piece: &str) -> Option<(usize, usize)> {
    if piece.is_empty() {
        return None;
    }
    if let Some(at) = text.find(piece) {
        return Some((at, at + piece.len()));
    }
    // Cleaning may change blanks (thin or doubled spaces become one space):
    // the same words with any run of blanks between them.
    let words: Vec<&str> = piece.split_whitespace().collect();
    let (first, rest) = words.split_first()?;
    'next: for (at, _) in text.match_indices(first) {
        let mut pos = at + first.len();
        for w in rest {
            let after = &text[pos..];
            let blank = after.len() - after.trim_start().len();
            if blank == 0 || !after[blank..].starts_with(w) {
                continue 'next;
            }
            pos += blank + w.len();
        }
        return Some((at, pos));
    }
    None
}

fn prf_json(p: Prf) -> serde_json::Value {
    serde_json::json!({"precision": r4(p.precision()), "recall": r4(p.recall()), "f1": r4(p.f1())})
}

/// `eval quotes --polnear`: the whole analysis of each article, its quotes
/// scored as attributions (content, cue and source placed back in the raw
/// text by their words, since cleaning may move text).
pub fn quotes_polnear(p: &Pipeline, dir: &Path, errors: usize) -> Result<Outcome, EvalError> {
    use crate::polnear;
    let articles = polnear::read(dir)?;
    let texts = articles.iter().map(|a| (a.name.as_str(), a.text.as_str()));
    let (predicted, tps) = analyse_timed(p, Lang::En, texts, |text, d| {
        d.quotes
            .iter()
            .filter_map(|q| {
                let content = locate(text, &q.text)?;
                let shift = |s: Span| {
                    let piece = s.slice(&d.text);
                    let guess = (s.start as isize + content.0 as isize - q.span.start as isize)
                        .max(0) as usize;
                    near(text, piece, guess)
                };
                Some(polnear::Predicted {
                    content: vec![content],
                    cue: q.cue_span.and_then(shift),
                    source: q.speaker_span.and_then(shift),
                })
            })
            .collect::<Vec<_>>()
    });
    let predicted: Vec<_> = predicted.into_iter().map(polnear::by_cue).collect();
    let r = polnear::score(&articles, &predicted);
    let mut t = Table::default();
    for (name, cue, content) in r.missed.iter().take(errors) {
        let content: String = content.chars().take(140).collect();
        t.line(format!("missed [{name}] cue {cue:?}: {content}"));
    }
    t.line(format!(
        "attribution on {} ({} articles, {} gold attributions, {} predicted quotes)",
        dir.display(),
        r.articles,
        r.gold_attributions,
        r.predicted
    ));
    t.prf_rows(&[
        ("content tokens", r.content_tokens),
        ("attributions (dice .5)", r.attributions),
        ("cue", r.cue),
        ("source", r.source),
    ]);
    t.line(format!(
        "throughput: {tps:.0} tokens/s (whole analysis, one core)"
    ));
    Ok(t.done(serde_json::json!({
        "task": "quotes", "data": "polnear", "articles": r.articles,
        "precision": r4(r.attributions.precision()), "recall": r4(r.attributions.recall()), "f1": r4(r.attributions.f1()),
        "content_tokens": prf_json(r.content_tokens), "attributions": prf_json(r.attributions),
        "cue": prf_json(r.cue), "source": prf_json(r.source), "tokens_per_s": tps.round()
    })))
}

/// `eval quotes --aads`: token-level direct speech on AADS-French.
pub fn quotes_aads(p: &Pipeline, path: &Path) -> Result<Outcome, EvalError> {
    let texts = crate::quotes::read_aads(path)?;
    if texts.is_empty() {
        return Err(EvalError::NoData(format!("{}: no texts", path.display())));
    }
    let names = texts.iter().map(|t| (t.name.as_str(), t.text.as_str()));
    let (predicted, tps) = analyse_timed(p, Lang::Fr, names, |text, d| {
        // Cleaning may drop lines: quotes are mapped back by their text.
        d.quotes
            .iter()
            .filter(|q| q.kind == veille_core::QuoteKind::Direct)
            .filter_map(|q| locate(text, &q.text))
            .collect::<Vec<_>>()
    });
    let prf = crate::quotes::score(&texts, &predicted);
    let mut t = Table::default();
    t.line(format!(
        "direct speech on {} ({} texts), token level",
        path.display(),
        texts.len()
    ));
    t.line(format!(
        "precision {:.4}  recall {:.4}  f1 {:.4}",
        prf.precision(),
        prf.recall(),
        prf.f1()
    ));
    t.line(format!(
        "throughput: {tps:.0} tokens/s (whole analysis, one core)"
    ));
    Ok(t.done(serde_json::json!({"task": "quotes", "data": "aads", "precision": r4(prf.precision()), "recall": r4(prf.recall()), "f1": r4(prf.f1()), "tokens_per_s": tps.round()})))
}

/// `eval quotes --gold`: French quotes against the team's hand-annotated
/// gold (found, speaker, cue and kind accuracy), whole-analysis tokens/s.
pub fn quotes_gold(
    p: &Pipeline,
    gold: &Path,
    winer: &Path,
    errors: usize,
) -> Result<Outcome, EvalError> {
    use crate::quote_gold;
    let articles = annotated(gold, quote_gold::read(gold, winer)?)?;
    let texts = articles.iter().map(|a| (a.file.as_str(), a.text.as_str()));
    let (predicted, tps) = analyse_timed(p, Lang::Fr, texts, |text, d| {
        d.quotes
            .iter()
            .filter_map(|q| {
                // Cleaning may move text: each span placed back by its words,
                // nearest to where the content's shift puts it.
                let content = locate(text, &q.text)?;
                let shift = |s: Span| {
                    let guess = (s.start as isize + content.0 as isize - q.span.start as isize)
                        .max(0) as usize;
                    near(text, s.slice(&d.text), guess)
                };
                Some(quote_gold::Predicted {
                    content,
                    kind: q.kind,
                    cue: q.cue_span.and_then(shift),
                    speaker: q.speaker_span.and_then(shift),
                    speaker_name: q.speaker_name.clone(),
                })
            })
            .collect::<Vec<_>>()
    });
    let mut r = quote_gold::score(&articles, &predicted, gold.display().to_string());
    r.tokens_per_s = tps.round();
    let mut t = Table::default();
    for e in r.errors.iter().take(errors) {
        t.line(e.clone());
    }
    t.line(format!(
        "quotes on {} ({} articles, {} gold quotes: {} direct, {} indirect; {} predicted)",
        r.data, r.articles, r.gold, r.gold_direct, r.gold_indirect, r.predicted
    ));
    t.line(format!(
        "found {} of {} (recall {:.4}: direct {:.4}, indirect {:.4}); precision {:.4}, f1 {:.4}",
        r.found, r.gold, r.recall, r.direct_recall, r.indirect_recall, r.precision, r.f1
    ));
    t.line(format!(
        "of those found: speaker right {:.4}, cue right {:.4}, kind right {:.4}; right speaker over all gold quotes {:.4}",
        r.speaker_accuracy, r.cue_accuracy, r.kind_accuracy, r.speaker_right_of_all
    ));
    t.line(format!(
        "throughput: {tps:.0} tokens/s (whole analysis, one core)"
    ));
    Ok(t.done(json(&r)))
}

/// `eval events --gold`: French events against the team's hand-annotated
/// gold (type by sentence, source, target, modality), whole-analysis tokens/s.
pub fn events_gold(
    p: &Pipeline,
    gold: &Path,
    winer: &Path,
    errors: usize,
) -> Result<Outcome, EvalError> {
    use crate::event_gold;
    let articles = annotated(gold, event_gold::read(gold, winer)?)?;
    let texts = articles.iter().map(|a| (a.file.as_str(), a.text.as_str()));
    let (predicted, tps) = analyse_timed(p, Lang::Fr, texts, |text, d| {
        d.all_events()
            .filter_map(|(e, part)| {
                // Each event placed back in the raw text through its sentence
                // (the title's are in the title, the raw text's first line).
                let part = d.part(part);
                let sentence = locate(text, e.sentence.slice(part))?;
                let shift = |s: Span| {
                    let guess = (s.start + sentence.0).saturating_sub(e.sentence.start);
                    near(text, s.slice(part), guess)
                };
                let arg = |a: &Option<veille_core::EventArg>| {
                    a.as_ref()
                        .and_then(|a| shift(a.span).map(|s| (s, a.code.clone())))
                };
                Some(event_gold::Predicted {
                    event_type: e.event_type,
                    trigger: shift(e.trigger.span)?,
                    source: arg(&e.source),
                    target: arg(&e.target),
                    modality: e.modality,
                })
            })
            .collect::<Vec<_>>()
    });
    let mut r = event_gold::score(&articles, &predicted, gold.display().to_string());
    r.tokens_per_s = tps.round();
    let mut t = Table::default();
    for e in r.errors.iter().take(errors) {
        t.line(e.clone());
    }
    t.line(format!(
        "events on {} ({} articles, {} gold events, {} predicted)",
        r.data, r.articles, r.gold, r.predicted
    ));
    t.prf_rows(&[
        ("type", r.types),
        ("source", r.source),
        ("target", r.target),
    ]);
    for (ty, x) in &r.per_type {
        t.line(format!(
            "  {ty:<10} {:>9.4} {:>9.4} {:>9.4}  (gold {})",
            x.precision(),
            x.recall(),
            x.f1(),
            x.tp + x.fn_
        ));
    }
    t.line(format!(
        "modality accuracy {:.4} (pairs of the same type in the same sentence)",
        r.modality_accuracy
    ));
    t.line(format!(
        "throughput: {tps:.0} tokens/s (whole analysis, one core)"
    ));
    let mut v = json(&r);
    v["type"] = prf_json(r.types);
    v["source"] = prf_json(r.source);
    v["target"] = prf_json(r.target);
    v["f1"] = serde_json::json!(r4(r.types.f1()));
    Ok(t.done(v))
}

/// What the record says when no published figure of NGEC (the PLOVER
/// team's coder) on the GSR is in the data folder.
pub const NGEC_NO_FIGURE: &str = "NGEC: no published figure on this set in ../shared/data";

/// `eval events --plover`: the whole (English) analysis of each PLOVER
/// gold-standard record's sentence, scored as [`crate::plover_gsr`] says
/// (type of the top event, any event of the gold type, coverage, source
/// and target), on the records of `split`.
pub fn events_plover(
    p: &Pipeline,
    path: &Path,
    split: crate::plover_gsr::Split,
) -> Result<Outcome, EvalError> {
    let all = crate::plover_gsr::read(path)?;
    let records: Vec<&crate::plover_gsr::Record> = all.iter().filter(|r| split.keeps(r)).collect();
    plover_outcome(p, &records, path.display().to_string(), split)
}

/// Scores records already read (see [`events_plover`]).
pub fn plover_outcome(
    p: &Pipeline,
    records: &[&crate::plover_gsr::Record],
    data: String,
    split: crate::plover_gsr::Split,
) -> Result<Outcome, EvalError> {
    if records.is_empty() {
        return Err(EvalError::NoData(format!(
            "{data}: no record in split {}",
            split.as_str()
        )));
    }
    let texts = records.iter().map(|r| (r.id.as_str(), r.text.as_str()));
    let (predicted, tps) = analyse_timed(p, Lang::En, texts, |_, d| d.events.clone());
    let mut r = crate::plover_gsr::score(records, &predicted, data, split);
    r.tokens_per_s = tps.round();
    let mut t = Table::default();
    t.line(format!(
        "PLOVER GSR events on {} (split {}: {} records, {} events predicted)",
        r.data,
        split.as_str(),
        r.records,
        r.events_predicted
    ));
    t.line(format!(
        "type accuracy (top event)   {:.4}",
        r.type_accuracy_top
    ));
    t.line(format!(
        "type recall (any event)     {:.4}",
        r.type_recall_any
    ));
    t.line(format!("coverage (any event found)  {:.4}", r.coverage));
    t.prf_rows(&[("source", r.source), ("target", r.target)]);
    t.line(format!(
        "  {:<24} {:>7} {:>7} {:>7} {:>8}",
        "type (GSR → veille)", "records", "top", "any", "coverage"
    ));
    for (ty, x) in &r.per_type {
        let ours = crate::plover_gsr::map_type(ty).map_or("-", |t| t.as_str());
        let share = |k: usize| k as f64 / x.records.max(1) as f64;
        let name = if ours == ty {
            ty.clone()
        } else {
            format!("{ty} → {ours}")
        };
        t.line(format!(
            "  {name:<24} {:>7} {:>7.3} {:>7.3} {:>8.3}",
            x.records,
            share(x.top),
            share(x.any),
            share(x.covered)
        ));
    }
    t.line(NGEC_NO_FIGURE);
    t.line(format!(
        "throughput: {tps:.0} tokens/s (whole analysis, one core)"
    ));
    let mut v = json(&r);
    v["source"] = prf_json(r.source);
    v["target"] = prf_json(r.target);
    v["ngec"] = serde_json::Value::Null;
    v["ngec_note"] = serde_json::json!(NGEC_NO_FIGURE);
    Ok(t.done(v))
}

/// `eval places`: place mentions of the team's French gold resolved on the
/// map (found, within 161 km, right country, by precision), printing up to
/// `errors` wrong or missed mentions.
pub fn places_gold(
    p: &Pipeline,
    gold: &Path,
    winer: &Path,
    errors: usize,
) -> Result<Outcome, EvalError> {
    use crate::place_gold::{self, Counts};
    let articles = annotated(gold, place_gold::read(gold, winer)?)?;
    let texts = articles.iter().map(|a| (a.file.as_str(), a.text.as_str()));
    let (predicted, tps) = analyse_timed(p, Lang::Fr, texts, |text, d| {
        // Where each part starts in the raw text: a mention is placed back
        // at the occurrence of its words nearest to where its span says.
        let start_of = |part: &str| {
            let line = part.lines().next().unwrap_or("");
            locate(text, line).map_or(0, |x| x.0)
        };
        let title_at = start_of(d.part(Part::Title));
        let text_at = start_of(&d.text);
        d.all_entities()
            .filter_map(|(e, part)| {
                let place = e.place.clone()?;
                let at = match part {
                    Part::Title => title_at,
                    Part::Text => text_at,
                };
                Some((near(text, &e.text, at + e.span.start)?, place))
            })
            .collect::<Vec<_>>()
    });
    let r = place_gold::score(&articles, &predicted, gold.display().to_string());
    let mut t = Table::default();
    t.line(format!(
        "places on {} ({} articles, {} gold mentions, {} predicted places, {} on a gold mention)",
        r.data, r.articles, r.all.gold, r.predicted, r.predicted_on_gold
    ));
    t.line(format!(
        "{:<10} {:>6} {:>8} {:>10} {:>10}",
        "precision", "gold", "found", "≤161 km", "country"
    ));
    let row = |name: &str, c: &Counts| {
        format!(
            "{name:<10} {:>6} {:>8.4} {:>10.4} {:>10.4}",
            c.gold,
            Counts::rate(c.found, c.gold),
            Counts::rate(c.within_161km, c.gold),
            Counts::rate(c.right_country, c.with_country),
        )
    };
    t.line(row("all", &r.all));
    for (k, c) in &r.per_precision {
        t.line(row(k, c));
    }
    t.line(format!(
        "precision of predicted places {:.4}; throughput {tps:.0} tokens/s (whole analysis, one core)",
        Counts::rate(r.predicted_on_gold, r.predicted)
    ));
    t.line(format!(
        "of the {} mentions found: {:.4} within 161 km, {:.4} in the right country (resolution alone, mentions the NER missed aside)",
        r.all.found,
        Counts::rate(r.all.within_161km, r.all.found),
        Counts::rate(r.all.right_country, r.found_with_country),
    ));
    t.line("(countries and regions count within 161 km when their country is right: their point is a convention)");
    for (file, text, want, got) in r.errors.iter().take(errors) {
        t.line(format!("  {file}: {text:?} gold {want}, veille {got}"));
    }
    let mut v = json(&r);
    v["found"] = serde_json::json!(r4(Counts::rate(r.all.found, r.all.gold)));
    v["within_161km"] = serde_json::json!(r4(Counts::rate(r.all.within_161km, r.all.gold)));
    v["right_country"] =
        serde_json::json!(r4(Counts::rate(r.all.right_country, r.all.with_country)));
    v["precision"] = serde_json::json!(r4(Counts::rate(r.predicted_on_gold, r.predicted)));
    v["found_within_161km"] = serde_json::json!(r4(Counts::rate(r.all.within_161km, r.all.found)));
    v["found_right_country"] =
        serde_json::json!(r4(Counts::rate(r.all.right_country, r.found_with_country)));
    v["tokens_per_s"] = serde_json::json!(tps.round());
    Ok(t.done(v))
}

/// Whole-analysis time of `raws` under each of `configs`, in passes that
/// alternate between them (at least `min_passes`, and at least `min_secs`),
/// so that the machine's drift weighs on each alike: seconds of each pass,
/// per config.
pub fn timed_passes(
    p: &Pipeline,
    raws: &[RawDoc],
    configs: &[&Options],
    min_passes: usize,
    min_secs: f64,
) -> Vec<Vec<f64>> {
    let mut times = vec![Vec::new(); configs.len()];
    let started = std::time::Instant::now();
    while times[0].len() < min_passes || started.elapsed().as_secs_f64() < min_secs {
        for (opts, t) in configs.iter().zip(times.iter_mut()) {
            let at = std::time::Instant::now();
            raws.iter()
                .for_each(|raw| drop(std::hint::black_box(p.analyze(raw, opts))));
            t.push(at.elapsed().as_secs_f64());
        }
    }
    times
}

/// The median over passes of how much longer config `b` took than `a`.
fn median_overhead(a: &[f64], b: &[f64]) -> f64 {
    let mut r: Vec<f64> = a
        .iter()
        .zip(b)
        .map(|(a, b)| (b - a) / a.max(1e-9))
        .collect();
    r.sort_by(f64::total_cmp);
    match r.len() {
        0 => 0.0,
        n if n % 2 == 1 => r[n / 2],
        n => (r[n / 2 - 1] + r[n / 2]) / 2.0,
    }
}

/// `eval cost`: what linking and what events with places add to the whole
/// analysis of the documents under `docs` (alternating passes).
pub fn cost(p: &Pipeline, docs: &[PathBuf]) -> Result<Outcome, EvalError> {
    let raws = read_docs(docs)?;
    let all = Options::default();
    let no_events = Options {
        no_events: true,
        ..Default::default()
    };
    let neither = Options {
        no_events: true,
        no_link: true,
        ..Default::default()
    };
    let tokens: usize = raws.iter().map(|r| p.analyze(r, &all).token_count).sum();
    let times = timed_passes(p, &raws, &[&neither, &no_events, &all], 7, 10.0);
    let passes = times[0].len();
    let totals: Vec<f64> = times.iter().map(|t| t.iter().sum()).collect();
    let rate = |secs: f64| (tokens * passes) as f64 / secs.max(1e-9);
    let mut t = Table::default();
    t.line(format!(
        "whole analysis of {} documents ({tokens} tokens), {passes} alternating passes, one core; overheads are medians over passes",
        raws.len()
    ));
    let names = [
        "without linking and events",
        "without events and places",
        "everything",
    ];
    for (name, secs) in names.iter().zip(&totals) {
        t.line(format!("  {name:<28} {:>10.0} tokens/s", rate(*secs)));
    }
    let link = median_overhead(&times[0], &times[1]);
    let events = median_overhead(&times[1], &times[2]);
    t.line(format!(
        "linking adds {:.1}% to the time; events and places add {:.1}%",
        100.0 * link,
        100.0 * events
    ));
    let v = serde_json::json!({
        "task": "cost",
        "documents": raws.len(),
        "tokens": tokens,
        "passes": passes,
        "tokens_per_s": rate(totals[2]).round(),
        "link_overhead": r4(link),
        "events_overhead": r4(events),
    });
    Ok(t.done(v))
}

/// `eval link`: linking P/R/F1, and the time linking adds to the whole
/// analysis (passes with and without it, alternating, for ≥ 2 s).
pub fn link(p: &Pipeline, gold: &Path, docs: &[PathBuf]) -> Result<Outcome, EvalError> {
    let gold = crate::link::read_gold(gold)?;
    let raws = read_docs(docs)?;
    let with = Options::default();
    let without = Options {
        no_link: true,
        ..Default::default()
    };
    let analysed: Vec<_> = raws.iter().map(|r| p.analyze(r, &with)).collect();
    let r = crate::link::evaluate(&analysed, &gold);
    let times = timed_passes(p, &raws, &[&without, &with], 3, 2.0);
    let passes = times[0].len();
    let (t_without, t_with): (f64, f64) = (times[0].iter().sum(), times[1].iter().sum());
    let mut t = Table::default();
    for e in &r.errors {
        t.line(e.clone());
    }
    let overhead = (t_with - t_without) / t_without;
    t.line(format!(
        "linking on {} documents: {} gold mentions, {} linked entities with gold text, {} correct",
        raws.len(),
        r.gold,
        r.predicted,
        r.correct
    ));
    t.line(format!(
        "precision {:.4}  recall {:.4}  f1 {:.4}",
        r.precision, r.recall, r.f1
    ));
    let per_doc = |secs: f64| 1e3 * secs / (passes * raws.len()) as f64;
    t.line(format!(
        "analysis time: {:.2} ms/document without linking, {:.2} with (+{:.1}%)",
        per_doc(t_without),
        per_doc(t_with),
        100.0 * overhead
    ));
    let mut v = json(&r);
    v["link_overhead"] = serde_json::json!((overhead * 1000.0).round() / 1000.0);
    if let Some(o) = v.as_object_mut() {
        o.remove("errors");
    }
    Ok(t.done(v))
}

// ------------------------------------------------------------- extraction

/// Which gold an extraction run reads.
#[derive(Debug, Clone)]
pub enum ExtractGold {
    /// trafilatura's evaluation set (must-include / must-exclude segments).
    Trafilatura(PathBuf),
    /// The article-extraction benchmark (4-word shingles).
    Benchmark(PathBuf),
}

/// `eval extract`: main text P/R/F1, metadata accuracy and pages/s;
/// `out` receives the texts as JSONL for the peers' scorer. Only the pages
/// of `split` are read and scored (see [`crate::extract::Split`]); pages are
/// given their URL only with `with_url` (the held-out date test gives none,
/// to either side). With a `peer`, trafilatura and htmldate run on the same
/// pages in the same run (`scripts/peer_extract.py`) and are scored by the
/// same code. `errors` lists the pages where we fall furthest behind
/// trafilatura, and the dates we miss: refused on the reporting half.
#[allow(clippy::too_many_arguments)]
pub fn extract(
    gold: &ExtractGold,
    html: &Path,
    out: Option<&Path>,
    peer: Option<&Peer>,
    split: crate::extract::Split,
    with_url: bool,
    errors: usize,
) -> Result<Outcome, EvalError> {
    use crate::extract as x;
    if errors > 0 && split == x::Split::Report {
        return Err(EvalError::NoData(
            "per-page errors are not shown on the reporting half: tune on --split tune".into(),
        ));
    }
    let pages = match gold {
        ExtractGold::Trafilatura(t) => x::read_trafilatura(t, html)?,
        ExtractGold::Benchmark(g) => x::read_benchmark(g, html)?,
    };
    let mut pages = x::select(pages, split);
    if !with_url {
        for p in &mut pages {
            p.url = None;
        }
    }
    if pages.is_empty() {
        return Err(EvalError::NoData("no pages in the gold file".into()));
    }
    let mut raws = Vec::with_capacity(pages.len());
    for p in &pages {
        let (text, _) = veille_extract::decode_html(&x::page_bytes(&p.path)?, None);
        raws.push(RawDoc {
            source: p.name.clone(),
            format: Format::Html,
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
    let mut texts = HashMap::new();
    let mut found = HashMap::new();
    let (mut titles, mut dates) = (0, 0);
    for ((p, raw), (page, cleaned)) in pages.iter().zip(&raws).zip(&results) {
        let f = veille_pipeline::fields(raw, page.as_ref(), cleaned);
        titles += usize::from(f.title.is_some());
        dates += usize::from(f.date.is_some());
        texts.insert(p.name.clone(), cleaned.text.clone());
        found.insert(
            p.name.clone(),
            x::FoundMeta {
                title: f.title,
                author: f.author,
                date: f.date.map(|d| d.value),
            },
        );
    }
    if let Some(o) = out {
        let mut w = String::new();
        for p in &pages {
            let _ = writeln!(
                w,
                "{}",
                serde_json::json!({"file": p.name, "text": texts[&p.name]})
            );
        }
        std::fs::write(o, w).map_err(|source| EvalError::Io {
            path: o.to_path_buf(),
            source,
        })?;
    }
    let score = |texts: &HashMap<String, String>| match gold {
        ExtractGold::Trafilatura(_) => x::score_segments(&pages, texts),
        ExtractGold::Benchmark(_) => x::score_shingles(&pages, texts),
    };
    let prf = score(&texts);
    let meta = x::score_meta(&pages, &found);
    let r = x::report(pages.len(), prf, secs, titles, dates, meta);
    let mut t = Table::default();
    t.line(format!(
        "extraction of {} pages (split {}: {}; {})",
        r.pages,
        split.as_str(),
        match split {
            x::Split::Tune => "even indices in file-name order",
            x::Split::Report => "odd indices in file-name order",
            x::Split::All => "every page",
        },
        if with_url {
            "URLs given"
        } else {
            "no URL given to either side"
        }
    ));
    t.line(format!(
        "precision {:.4}  recall {:.4}  f1 {:.4}",
        r.precision, r.recall, r.f1
    ));
    t.line(format!(
        "title found on {:.1}% of pages, date on {:.1}%",
        100.0 * r.title_found,
        100.0 * r.date_found
    ));
    let pct = |a: Option<f64>| a.map_or("no gold".to_string(), |a| format!("{:.1}%", 100.0 * a));
    t.line(format!(
        "against the gold metadata: title {}, author {}, date {}",
        pct(r.title_accuracy),
        pct(r.author_accuracy),
        pct(r.date_accuracy)
    ));
    t.line(format!(
        "throughput: {:.1} pages/s (extraction + cleaning, one core)",
        r.pages_per_s
    ));
    let mut v = json(&r);
    v["split"] = serde_json::json!(split.as_str());
    v["urls"] = serde_json::json!(with_url);
    let mut theirs: Option<PeerPages> = None;
    if let Some(peer) = peer {
        let (f, peer_pages) = run_extract_peer(peer, &pages)?;
        let PeerPages {
            texts: ttexts,
            meta: tmeta,
            htmldate: hd,
        } = &peer_pages;
        let tprf = score(ttexts);
        let tspeed = f.get("pages_per_s").copied().unwrap_or(0.0);
        t.line(format!(
            "peer trafilatura: precision {:.4}  recall {:.4}  f1 {:.4}",
            tprf.0, tprf.1, tprf.2
        ));
        with_peer(
            &mut t,
            &mut v,
            "trafilatura",
            (r.f1, r.pages_per_s),
            (crate::metrics::r4(tprf.2), tspeed),
            "pages/s",
        );
        v["peer"]["precision"] = serde_json::json!(crate::metrics::r4(tprf.0));
        v["peer"]["recall"] = serde_json::json!(crate::metrics::r4(tprf.1));
        if matches!(gold, ExtractGold::Trafilatura(_)) {
            let tm = x::score_meta(&pages, tmeta);
            let hmeta: HashMap<String, x::FoundMeta> = hd
                .iter()
                .map(|(k, d)| {
                    (
                        k.clone(),
                        x::FoundMeta {
                            date: Some(d.clone()),
                            ..Default::default()
                        },
                    )
                })
                .collect();
            let hm = x::score_meta(&pages, &hmeta);
            t.line(format!(
                "trafilatura (bare_extraction) against the gold metadata: title {}, author {}, date {}; htmldate (find_date): date {}",
                pct(tm.0),
                pct(tm.1),
                pct(tm.2),
                pct(hm.2)
            ));
            v["peer"]["title_accuracy"] = serde_json::json!(tm.0);
            v["peer"]["author_accuracy"] = serde_json::json!(tm.1);
            v["peer"]["date_accuracy"] = serde_json::json!(tm.2);
            v["htmldate_date_accuracy"] = serde_json::json!(hm.2);
        }
        theirs = Some(peer_pages);
    }
    if errors > 0 {
        extract_errors(&mut t, &pages, &texts, &found, theirs.as_ref(), errors);
    }
    Ok(t.done(v))
}

/// What the peers made of each page, by file name.
struct PeerPages {
    /// trafilatura's main text.
    texts: HashMap<String, String>,
    /// trafilatura's metadata (`bare_extraction`).
    meta: HashMap<String, crate::extract::FoundMeta>,
    /// htmldate's date (`find_date`).
    htmldate: HashMap<String, String>,
}

/// Runs `scripts/peer_extract.py` (shipped inside the binary) on `pages`:
/// its timing figures, and what the peers made of each page.
fn run_extract_peer(
    peer: &Peer,
    pages: &[crate::extract::Page],
) -> Result<(HashMap<String, f64>, PeerPages), EvalError> {
    const SCRIPT: &str = include_str!("../../../scripts/peer_extract.py");
    let dir = std::env::temp_dir().join(format!("veille-peer-extract-{}", std::process::id()));
    let io = |path: &Path, source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
    let script = dir.join("peer_extract.py");
    let list = dir.join("pages.json");
    let out = dir.join("peer.jsonl");
    std::fs::write(&script, SCRIPT).map_err(|e| io(&script, e))?;
    let listed: Vec<_> = pages
        .iter()
        .map(|p| serde_json::json!({"file": p.name, "path": p.path, "url": p.url}))
        .collect();
    std::fs::write(&list, serde_json::Value::Array(listed).to_string())
        .map_err(|e| io(&list, e))?;
    let figures = run_peer(&peer.python, &script, &[list.into(), out.clone().into()])?;
    let lines = std::fs::read_to_string(&out).map_err(|e| io(&out, e))?;
    let _ = std::fs::remove_dir_all(&dir);
    let (mut texts, mut meta, mut hd) = (HashMap::new(), HashMap::new(), HashMap::new());
    for line in lines.lines() {
        let Ok(o) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(file) = o["file"].as_str() else {
            continue;
        };
        let s = |k: &str| o[k].as_str().map(str::to_string);
        texts.insert(file.to_string(), s("text").unwrap_or_default());
        meta.insert(
            file.to_string(),
            crate::extract::FoundMeta {
                title: s("title"),
                author: s("author"),
                date: s("date"),
            },
        );
        if let Some(d) = s("htmldate") {
            hd.insert(file.to_string(), d);
        }
    }
    Ok((
        figures,
        PeerPages {
            texts,
            meta,
            htmldate: hd,
        },
    ))
}

/// The pages where our recall falls furthest below trafilatura's (or is
/// lowest, without a peer), then the dates we miss beside the peers'.
fn extract_errors(
    t: &mut Table,
    pages: &[crate::extract::Page],
    texts: &HashMap<String, String>,
    found: &HashMap<String, crate::extract::FoundMeta>,
    theirs: Option<&PeerPages>,
    n: usize,
) {
    use crate::extract as x;
    let text = |m: &HashMap<String, String>, k: &str| m.get(k).cloned().unwrap_or_default();
    let mut rows: Vec<(f64, f64, &x::Page, usize)> = pages
        .iter()
        .filter(|p| !p.with.is_empty())
        .map(|p| {
            let ours = x::page_recall(p, &text(texts, &p.name));
            let peer = theirs.map_or(1.0, |th| x::page_recall(p, &text(&th.texts, &p.name)));
            let fp = p
                .without
                .iter()
                .filter(|s| text(texts, &p.name).contains(s.as_str()))
                .count();
            (ours, peer, p, fp)
        })
        .collect();
    rows.sort_by(|a, b| (a.0 - a.1).total_cmp(&(b.0 - b.1)));
    t.line("pages furthest behind (recall ours / trafilatura, segments, false positives):");
    for (ours, peer, p, fp) in rows.iter().take(n) {
        t.line(format!(
            "  {}  {ours:.2} / {peer:.2}  ({} segments, {fp} fp)",
            p.name,
            p.with.len()
        ));
    }
    t.line("dates missed (gold, ours, trafilatura, htmldate):");
    let day = |d: Option<&String>| d.and_then(|d| x::day_of(d)).unwrap_or("-").to_string();
    let mut shown = 0;
    for p in pages {
        let Some(g) = p.meta.date.as_ref() else {
            continue;
        };
        let ours = day(found.get(&p.name).and_then(|f| f.date.as_ref()));
        if ours == day(Some(g)) || shown >= n {
            continue;
        }
        shown += 1;
        let (tr, hd) = theirs.map_or(("-".to_string(), "-".to_string()), |th| {
            (
                day(th.meta.get(&p.name).and_then(|f| f.date.as_ref())),
                day(th.htmldate.get(&p.name)),
            )
        });
        t.line(format!(
            "  {}  {}  {ours}  {tr}  {hd}",
            p.name,
            day(Some(g))
        ));
    }
}

// ------------------------------------------------------ model-level runs

/// Language of a UD file from its name (fr_gsd-…, en_ewt-…); French otherwise.
pub fn lang_of_file(path: &Path) -> Lang {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.starts_with("en") {
        Lang::En
    } else {
        Lang::Fr
    }
}

fn treebank(path: &Path) -> Result<Vec<crate::conllu::Sentence>, EvalError> {
    let sentences = crate::conllu::read(path)?;
    if sentences.is_empty() {
        return Err(EvalError::NoData(format!(
            "{}: no sentences",
            path.display()
        )));
    }
    Ok(sentences)
}

/// `eval pos`: UPOS and lemma accuracy on UD's gold tokens.
pub fn pos(p: &Pipeline, conllu: &Path, lang: Lang, errors: usize) -> Result<Outcome, EvalError> {
    let sentences = treebank(conllu)?;
    let tagger = need(p.models().pos(lang), "POS tagger", lang)?;
    let mut t = Table::default();
    for (n, g, x) in crate::pos::confusions(tagger, &sentences, errors) {
        t.line(format!("{n:>6}  {g} -> {x}"));
    }
    let r = crate::pos::eval_pos(tagger, &sentences);
    t.line(format!("POS on {} ({} words)", conllu.display(), r.words));
    t.line(format!(
        "UPOS accuracy {:.4}  lemma accuracy {:.4} (ignoring case {:.4})",
        r.upos_accuracy, r.lemma_accuracy, r.lemma_accuracy_nocase
    ));
    t.line(format!(
        "throughput: {:.0} tokens/s (tagging + lemmas, one core)",
        r.tokens_per_s
    ));
    Ok(t.done(json(&r)))
}

/// `eval deps`: UAS and LAS with tags from the pipeline's tagger.
pub fn deps(p: &Pipeline, conllu: &Path, lang: Lang) -> Result<Outcome, EvalError> {
    let sentences = treebank(conllu)?;
    let tagger = need(p.models().pos(lang), "POS tagger", lang)?;
    let parser = need(p.models().deps(lang), "parser", lang)?;
    let r = crate::deps::eval_deps(parser, tagger, &sentences);
    let mut t = Table::default();
    t.line(format!(
        "dependencies on {} ({} words, predicted tags: UPOS {:.4})",
        conllu.display(),
        r.words,
        r.upos_accuracy
    ));
    t.line(format!(
        "UAS {:.4}  LAS {:.4} (universal relations; with subtypes {:.4})",
        r.uas, r.las, r.las_full
    ));
    t.line(format!(
        "throughput: {:.0} words/s (tagging + parsing, one core)",
        r.tokens_per_s
    ));
    Ok(t.done(json(&r)))
}

/// `eval segment`: sentence and token P/R/F1, rules and learned model.
pub fn segment(
    p: &Pipeline,
    conllu: &Path,
    lang: Option<Lang>,
    errors: usize,
) -> Result<Outcome, EvalError> {
    let src = crate::read_text(conllu)?;
    let sentences = crate::conllu::parse(&src, conllu)?;
    if sentences.is_empty() {
        return Err(EvalError::NoData(format!(
            "{}: no sentences",
            conllu.display()
        )));
    }
    let name = conllu
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let lang = match lang {
        Some(l) => l,
        None if name.starts_with("fr") => Lang::Fr,
        None if name.starts_with("en") => Lang::En,
        None => veille_text::detect(&src).map_or(Lang::Und, |d| Lang::from_code(d.lang)),
    };
    let splitter = p.models().sent(lang);
    let learned = |text: &str, lang: Lang| veille_pipeline::segment_with(text, lang, splitter);
    let mut t = Table::default();
    for e in crate::segment::errors(&sentences, lang, errors, &learned) {
        t.line(e);
    }
    let file = conllu.display().to_string();
    let r = crate::segment::evaluate(&sentences, lang, &file, &learned);
    let rules = crate::segment::evaluate(&sentences, lang, &file, &veille_text::segment);
    t.line(format!(
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
    ));
    t.line(format!(
        "{:<16} {:>9} {:>9} {:>9}",
        "unit", "precision", "recall", "f1"
    ));
    for (unit, p, rc, f) in [
        (
            "sentence (rules)",
            rules.sentence_precision,
            rules.sentence_recall,
            rules.sentence_f1,
        ),
        (
            "sentence",
            r.sentence_precision,
            r.sentence_recall,
            r.sentence_f1,
        ),
        ("token", r.token_precision, r.token_recall, r.token_f1),
    ] {
        t.line(format!("{unit:<16} {p:>9.4} {rc:>9.4} {f:>9.4}"));
    }
    t.line(format!(
        "throughput: {:.0} tokens/s (one core)",
        r.tokens_per_s
    ));
    Ok(t.done(json(&r)))
}

/// Which NER gold an evaluation reads.
#[derive(Debug, Clone)]
pub enum NerGold {
    /// brat folders (WiNER-fr layout): raw texts go through segmentation
    /// and NER; outermost Person/Location/Organization are scored.
    Brat(Vec<PathBuf>),
    /// A CoNLL-2003 file: its tokens are tagged; every type is scored.
    Conll(PathBuf),
}

/// `eval ner`: strict-span P/R/F1 per type and micro, calibration, tokens/s.
pub fn ner(
    p: &Pipeline,
    gold: &NerGold,
    lang: Lang,
    errors: usize,
    peer: Option<&Peer>,
) -> Result<Outcome, EvalError> {
    let model = need(p.models().ner(lang), "NER model", lang)?;
    let mut t = Table::default();
    let r = match gold {
        NerGold::Conll(path) => {
            let docs = crate::conll::read_docs(path)?;
            crate::ner::eval_conll_docs(model, &docs, path.display().to_string())
        }
        NerGold::Brat(dirs) => {
            let docs = crate::brat::read_dirs(dirs)?;
            if docs.is_empty() {
                return Err(EvalError::NoData(format!("no .ann files under {dirs:?}")));
            }
            let names: Vec<String> = dirs.iter().map(|p| p.display().to_string()).collect();
            let mut errs = Vec::new();
            let r = crate::ner::eval_brat_with_errors(
                model,
                &docs,
                lang,
                names.join(" "),
                &mut errs,
                errors,
            );
            errs.into_iter().for_each(|e| t.line(e));
            r
        }
    };
    let docs = if r.documents > 0 {
        format!(", {} documents", r.documents)
    } else {
        String::new()
    };
    t.line(format!("NER on {} ({} tokens{docs})", r.data, r.tokens));
    t.line(format!(
        "{:<8} {:>9} {:>9} {:>9} {:>7}",
        "type", "precision", "recall", "f1", "gold"
    ));
    for (ty, s) in &r.per_type {
        t.line(format!(
            "{ty:<8} {:>9.4} {:>9.4} {:>9.4} {:>7}",
            s.precision, s.recall, s.f1, s.gold
        ));
    }
    t.line(format!(
        "{:<8} {:>9.4} {:>9.4} {:>9.4}",
        "micro", r.precision, r.recall, r.f1
    ));
    t.line(format!(
        "confidence: mean {:.4} over predicted entities (precision {:.4}); calibration error {:.4}",
        r.calibration.mean_confidence, r.precision, r.calibration.ece
    ));
    t.line(format!(
        "throughput: {:.0} tokens/s ({}; one core)",
        r.tokens_per_s,
        if r.documents > 0 {
            "segmentation + NER"
        } else {
            "NER"
        }
    ));
    let mut v = json(&r);
    if let (Some(peer), NerGold::Brat(dirs)) = (peer, gold) {
        let mut args: Vec<OsString> = vec![peer.model.clone().into()];
        args.extend(dirs.iter().map(|p| p.clone().into_os_string()));
        let f = run_peer(&peer.python, &peer.scripts.join("ner_brat_eval.py"), &args)?;
        let theirs = (
            f.get("micro_F1").copied().unwrap_or(0.0),
            f.get("tokens_per_s").copied().unwrap_or(0.0),
        );
        with_peer(
            &mut t,
            &mut v,
            &peer.model,
            (r.f1, r.tokens_per_s),
            theirs,
            "tokens/s",
        );
    }
    Ok(t.done(v))
}

/// `eval langid`: accuracy per language on Lingua's test sentences.
pub fn langid(lingua: &Path, langs: &[&str]) -> Result<Outcome, EvalError> {
    let r = crate::langid::evaluate(lingua, langs)?;
    let mut t = Table::default();
    t.line(format!(
        "{:<6} {:>9} {:>6} {:>14}",
        "lang", "accuracy", "n", "most confused"
    ));
    for (l, a) in &r.accuracy {
        t.line(format!(
            "{:<6} {:>9.4} {:>6} {:>14}",
            l,
            a,
            r.counts.get(l).copied().unwrap_or(0),
            r.confusions.get(l).map(String::as_str).unwrap_or("-")
        ));
    }
    t.line(format!("throughput: {:.0} sentences/s", r.sentences_per_s));
    Ok(t.done(json(&r)))
}

// ------------------------------------------------------------------ copies

/// SimHash's similarity threshold, chosen on the tuning half of `eval
/// copies` (the best F1 of its scan), for the side-by-side with MinHash.
pub const SIMHASH_THRESHOLD: f64 = 0.65;

/// `eval copies`: copy detection on synthetic copies of the WiNER-fr
/// articles of one half (see [`crate::copies`]), each item analysed by the
/// whole pipeline and related at ingest, in a shuffled order, into a fresh
/// store: pairwise P/R/F1, per relation P/R/F1, originals named, distinct
/// reports of the same month and actors merged; MinHash against SimHash on
/// the same pairs; per-document lookup time at each store size in `sizes`.
/// `limit` keeps the first articles of the half (0: all).
pub fn copies(
    p: &Pipeline,
    winer: &Path,
    split: crate::copies::Split,
    limit: usize,
    sizes: &[usize],
) -> Result<Outcome, EvalError> {
    use crate::copies::{self as c, Kind};
    use std::collections::{HashMap, HashSet};
    use veille_core::CopyRelation;
    use veille_relate::{Comparison, Config, Relater, Signature};
    use veille_store::Store;

    let mut articles: Vec<c::Article> = c::read_winer(winer)?
        .into_iter()
        .filter(|a| c::keeps(split, a))
        .collect();
    if limit > 0 {
        articles.truncate(limit);
    }
    let items: Vec<c::Item> = articles
        .iter()
        .flat_map(|a| c::items(a, &mut c::Rng::new(a.number as u64 + 1)))
        .collect();
    // The whole analysis of every item.
    warm_up(p, Lang::Fr);
    let started = std::time::Instant::now();
    let docs: Vec<Document> = items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let raw = RawDoc {
                source: format!("item-{i}"),
                text: it.text.clone(),
                title: Some(it.title.clone()),
                date: it.date.clone(),
                ..Default::default()
            };
            p.analyze(&raw, &Options::default())
        })
        .collect();
    let analysis_s = started.elapsed().as_secs_f64();

    // Ingest in a shuffled order: stored, then related.
    let cfg = Config::default();
    let relater = Relater::new(cfg.clone());
    let started = std::time::Instant::now();
    let ingested = ingest_copies(&items, &docs, &cfg)?;
    let relate_ms = started.elapsed().as_secs_f64() * 1000.0 / docs.len().max(1) as f64;
    let Ingested {
        store,
        root,
        relation,
    } = ingested;
    let original_doc: HashMap<usize, &str> = items
        .iter()
        .zip(&docs)
        .filter(|(it, _)| it.kind.is_none())
        .map(|(it, d)| (it.article, d.id.as_str()))
        .collect();
    let gold: Vec<usize> = items.iter().map(|it| it.article).collect();
    let pairwise = c::Pairwise::of(&gold, &root);
    let mut sizes_of: HashMap<&str, (usize, HashMap<&str, usize>)> = HashMap::new();
    for (it, r) in items.iter().zip(&root) {
        let e = sizes_of.entry(r.as_str()).or_default();
        e.0 += 1;
        *e.1.entry(it.kind.map_or("original", Kind::as_str))
            .or_default() += 1;
    }
    let largest = sizes_of
        .values()
        .max_by_key(|(n, _)| *n)
        .map(|(n, k)| format!("{n} documents {k:?}"))
        .unwrap_or_default();
    let exact = items
        .iter()
        .zip(&docs)
        .filter(|(it, d)| {
            it.kind.is_some() && original_doc.get(&it.article) == Some(&d.id.as_str())
        })
        .count();

    // Per kind: found (grouped with its original) and relation right.
    let mut per_kind: HashMap<Kind, (usize, usize, usize)> = HashMap::new();
    let mut per_rel: HashMap<CopyRelation, crate::metrics::Prf> = HashMap::new();
    let root_of_article: HashMap<usize, &str> = items
        .iter()
        .zip(&root)
        .filter(|(it, _)| it.kind.is_none())
        .map(|(it, r)| (it.article, r.as_str()))
        .collect();
    for ((it, r), rel) in items.iter().zip(&root).zip(&relation) {
        let grouped = root_of_article.get(&it.article) == Some(&r.as_str());
        if let Some(k) = it.kind {
            let e = per_kind.entry(k).or_default();
            e.0 += 1;
            if grouped {
                e.1 += 1;
                if *rel == Some(k.relation()) {
                    e.2 += 1;
                }
            }
        }
        let gold_rel = it.kind.map(Kind::relation);
        match (gold_rel, rel) {
            (Some(g), Some(p)) if g == *p && grouped => per_rel.entry(g).or_default().tp += 1,
            (g, p) => {
                if let Some(g) = g {
                    per_rel.entry(g).or_default().fn_ += 1;
                }
                if let Some(p) = p {
                    per_rel.entry(*p).or_default().fp += 1;
                }
            }
        }
    }
    // Originals named: of the groups where a copy was grouped with the
    // original, those whose root is the original.
    let mut named = 0;
    let mut groups = 0;
    for (i, (it, d)) in items.iter().zip(&docs).enumerate() {
        if it.kind.is_some() {
            continue;
        }
        let cluster = &root[i];
        let grouped = items.iter().zip(&docs).zip(&root).any(|((x, xd), r)| {
            x.article == it.article && x.kind.is_some() && xd.id != d.id && r == cluster
        });
        if grouped {
            groups += 1;
            if *cluster == d.id {
                named += 1;
            }
        }
    }

    // Distinct reports of the same month naming the same actors.
    let originals: Vec<(usize, &Document)> = items
        .iter()
        .zip(&docs)
        .enumerate()
        .filter(|(_, (it, _))| it.kind.is_none())
        .map(|(i, (_, d))| (i, d))
        .collect();
    let ids = |d: &Document| -> HashSet<String> {
        d.all_entities()
            .filter_map(|(e, _)| e.entity_id.clone())
            .collect()
    };
    let entity_sets: Vec<HashSet<String>> = originals.iter().map(|(_, d)| ids(d)).collect();
    let month = |i: usize| articles_month(&items[i]);
    let mut hard: Vec<(usize, usize)> = Vec::new();
    for a in 0..originals.len() {
        for b in a + 1..originals.len() {
            let (ia, ib) = (originals[a].0, originals[b].0);
            if month(ia).is_some()
                && month(ia) == month(ib)
                && entity_sets[a].intersection(&entity_sets[b]).count() >= 2
            {
                hard.push((ia, ib));
            }
        }
    }
    let hard_merged = hard.iter().filter(|(a, b)| root[*a] == root[*b]).count();

    // MinHash against SimHash on the same pairs: every (copy, original)
    // pair that is two documents, against the hard negatives and three
    // random other originals per original.
    let sigs: Vec<Signature> = docs.iter().map(|d| Signature::of(d, &cfg)).collect();
    let mut pairs: Vec<(bool, usize, usize)> = Vec::new();
    let index_of_original: HashMap<usize, usize> = originals
        .iter()
        .map(|(i, _)| (items[*i].article, *i))
        .collect();
    for (i, it) in items.iter().enumerate() {
        if it.kind.is_some() {
            let o = index_of_original[&it.article];
            if docs[i].id != docs[o].id {
                pairs.push((true, i, o));
            }
        }
    }
    pairs.extend(hard.iter().map(|(a, b)| (false, *a, *b)));
    let mut rng = c::Rng::new(5);
    // Reposts from sites sharing boilerplate: two boilerplate copies of
    // different articles, three per copy.
    let boiler: Vec<usize> = (0..items.len())
        .filter(|i| items[*i].kind == Some(Kind::Boilerplate))
        .collect();
    for &i in &boiler {
        for _ in 0..3 {
            let j = boiler[rng.below(boiler.len())];
            if items[j].article != items[i].article {
                pairs.push((false, i, j));
            }
        }
    }
    for (i, _) in &originals {
        for _ in 0..3 {
            let (j, _) = originals[rng.below(originals.len())];
            if j != *i {
                pairs.push((false, *i, j));
            }
        }
    }
    let text_score = |a: &Signature, b: &Signature| {
        let cmp = Comparison::of(a, b);
        if a.shingles.min(b.shingles) >= cfg.min_shingles {
            cmp.text
        } else {
            cmp.jaccard
        }
    };
    let mh: Vec<(bool, f64)> = pairs
        .iter()
        .map(|(g, a, b)| (*g, text_score(&sigs[*a], &sigs[*b])))
        .collect();
    let mh_j: Vec<(bool, f64)> = pairs
        .iter()
        .map(|(g, a, b)| (*g, Comparison::of(&sigs[*a], &sigs[*b]).jaccard))
        .collect();
    let sh: Vec<(bool, f64)> = pairs
        .iter()
        .map(|(g, a, b)| {
            (
                *g,
                veille_relate::minhash::simhash_similarity(sigs[*a].simhash, sigs[*b].simhash),
            )
        })
        .collect();
    let full: Vec<(bool, f64)> = pairs
        .iter()
        .map(|(g, a, b)| {
            let cmp = Comparison::of(&sigs[*a], &sigs[*b]);
            (*g, cmp.score(&sigs[*a], &sigs[*b], &cfg))
        })
        .collect();
    // LSH candidate recall: positive pairs sharing a band (MinHash) or a
    // block (SimHash, 8 blocks of 8 bits: within 7 differing bits).
    let lsh = |keys: &dyn Fn(&Signature) -> Vec<u64>| -> (f64, f64) {
        let k: Vec<HashSet<u64>> = sigs.iter().map(|s| keys(s).into_iter().collect()).collect();
        let pos: Vec<&(bool, usize, usize)> = pairs.iter().filter(|p| p.0).collect();
        let hit = pos
            .iter()
            .filter(|(_, a, b)| !k[*a].is_disjoint(&k[*b]))
            .count();
        let mut postings: HashMap<u64, usize> = HashMap::new();
        for ks in &k {
            for x in ks {
                *postings.entry(*x).or_default() += 1;
            }
        }
        // Mean other documents sharing a key with a document (an upper
        // bound on its candidates).
        let cands: usize = k
            .iter()
            .map(|ks| ks.iter().map(|x| postings[x] - 1).sum::<usize>())
            .sum();
        (
            hit as f64 / pos.len().max(1) as f64,
            cands as f64 / k.len().max(1) as f64,
        )
    };
    let mh_lsh = lsh(&|s: &Signature| s.bands(&cfg));
    let sh_lsh = lsh(&|s: &Signature| veille_relate::minhash::simhash_blocks(s.simhash, 8));

    let mut t = Table::default();
    t.line(format!(
        "copies on {} ({} half): {} articles, {} documents ({} copies; {} exact after cleaning); {} distinct same-month reports sharing ≥2 linked actors",
        winer.display(),
        split.as_str(),
        articles.len(),
        items.len(),
        items.len() - articles.len(),
        exact,
        hard.len()
    ));
    t.line(format!(
        "settings: {}-word shingles, {} MinHash functions, {} bands of {} rows; Jaccard threshold {}, share threshold {} (from {} shingles), anchor threshold {} with ≥{} shared pairs",
        cfg.shingle,
        cfg.hashes,
        cfg.hashes / cfg.rows.max(1),
        cfg.rows,
        cfg.jaccard_threshold,
        cfg.text_threshold,
        cfg.min_shingles,
        cfg.anchor_threshold,
        cfg.min_anchors
    ));
    let pw = pairwise.prf();
    t.prf_rows(&[("pairwise (ingest, shuffled order)", pw)]);
    t.line(format!("largest group: {largest}"));
    t.line("per relation (copy grouped with its original and given that relation):");
    let mut rel_rows = Vec::new();
    for r in CopyRelation::ALL {
        if let Some(x) = per_rel.get(&r) {
            rel_rows.push((r.as_str(), *x));
        }
    }
    t.prf_rows(&rel_rows);
    t.line("per kind of copy: found (grouped with its original), relation right:");
    let mut kinds_json = serde_json::Map::new();
    for k in Kind::ALL {
        let (n, found, right) = per_kind.get(&k).copied().unwrap_or_default();
        let f = n.max(1) as f64;
        t.line(format!(
            "  {:<12} {:>5} copies  found {:.4}  relation right {:.4}",
            k.as_str(),
            n,
            found as f64 / f,
            right as f64 / f
        ));
        kinds_json.insert(
            k.as_str().into(),
            serde_json::json!({"copies": n, "found": r4(found as f64 / f), "relation_right": r4(right as f64 / f)}),
        );
    }
    t.line(format!(
        "originals named: {named} of {groups} groups ({:.4}); distinct same-month reports merged: {hard_merged} of {}",
        named as f64 / groups.max(1) as f64,
        hard.len()
    ));
    // Tuning half only: distinct articles put in one group, with the
    // evidence of the link (what precision loses).
    if split == c::Split::Tune {
        let mut shown = 0;
        for a in 0..originals.len() {
            for b in a + 1..originals.len() {
                let (ia, ib) = (originals[a].0, originals[b].0);
                if root[ia] != root[ib] || shown >= 30 {
                    continue;
                }
                shown += 1;
                let ev = |i: usize| {
                    store.copy_of(&docs[i].id).ok().flatten().map_or_else(
                        || "original".to_string(),
                        |l| {
                            format!(
                                "{} sim {:.2} text {:.2} containment {:.2} anchors {:.2} ({})",
                                l.relation.as_str(),
                                l.evidence.similarity,
                                l.evidence.text_similarity,
                                l.evidence.containment,
                                l.evidence.anchor_similarity,
                                l.evidence.shared_anchors
                            )
                        },
                    )
                };
                t.line(format!(
                    "  merged: {} [{}] {}\n        / {} [{}] {}",
                    articles_of(&items[ia]),
                    items[ia].title,
                    ev(ia),
                    articles_of(&items[ib]),
                    items[ib].title,
                    ev(ib)
                ));
                // The links across the two articles' documents that
                // decide a copy (the merge goes through one of them).
                let of = |art: usize| -> Vec<usize> {
                    (0..items.len())
                        .filter(|&i| items[i].article == art)
                        .collect()
                };
                for &i in &of(items[ia].article) {
                    for &j in &of(items[ib].article) {
                        let cmp = Comparison::of(&sigs[i], &sigs[j]);
                        if !cmp.is_copy(&sigs[i], &sigs[j], &cfg) {
                            continue;
                        }
                        let kind = |x: usize| items[x].kind.map_or("original", Kind::as_str);
                        t.line(format!(
                            "          link {} ({} shingles) ~ {} ({} shingles): jaccard {:.2} text {:.2} anchors {:.2} ({} of {}/{})",
                            kind(i), sigs[i].shingles, kind(j), sigs[j].shingles,
                            cmp.jaccard, cmp.text, cmp.anchors, cmp.shared_anchors,
                            sigs[i].anchors.len(), sigs[j].anchors.len()
                        ));
                    }
                }
            }
        }
    }
    t.line(format!(
        "same pairs, text only ({} copy pairs, {} negatives):",
        pairs.iter().filter(|p| p.0).count(),
        pairs.iter().filter(|p| !p.0).count()
    ));
    let mh_fixed = c::at_threshold(&mh_j, cfg.jaccard_threshold);
    let share_fixed = c::at_threshold(&mh, cfg.text_threshold);
    let sh_fixed = c::at_threshold(&sh, SIMHASH_THRESHOLD);
    let (mh_t, mh_best) = c::best_threshold(&mh);
    let (mhj_t, mhj_best) = c::best_threshold(&mh_j);
    let (sh_t, sh_best) = c::best_threshold(&sh);
    t.prf_rows(&[
        ("MinHash Jaccard, tuned threshold", mh_fixed),
        ("SimHash, tuned threshold", sh_fixed),
        ("MinHash share of the smaller", share_fixed),
        ("veille (text or anchors)", c::at_threshold(&full, 1.0)),
    ]);
    t.line(format!(
        "  best threshold on this half: MinHash share {mh_t:.3} (F1 {:.4}), MinHash Jaccard {mhj_t:.3} (F1 {:.4}), SimHash {sh_t:.3} (F1 {:.4})",
        mh_best.f1(),
        mhj_best.f1(),
        sh_best.f1()
    ));
    t.line(format!(
        "  lookup keys: MinHash bands find {:.4} of copy pairs, {:.1} sharing documents per document; SimHash 8×8-bit blocks {:.4}, {:.1}",
        mh_lsh.0, mh_lsh.1, sh_lsh.0, sh_lsh.1
    ));
    let mut sweep_json = Vec::new();
    if split != crate::copies::Split::Report {
        // Settings by measurement, on the tuning half only.
        t.line("settings sweep (text only; best threshold, F1, band recall):");
        for k in [2usize, 3, 5] {
            for hashes in [64usize, 128, 256] {
                for rows in [2usize, 4, 8] {
                    let cfg2 = Config {
                        shingle: k,
                        hashes,
                        rows,
                        ..cfg.clone()
                    };
                    let s2: Vec<Signature> = docs
                        .iter()
                        .map(|d| Signature::of_text(&d.id, &d.text, &cfg2))
                        .collect();
                    let sc: Vec<(bool, f64)> = pairs
                        .iter()
                        .map(|(g, a, b)| {
                            let cmp = Comparison::of(&s2[*a], &s2[*b]);
                            let v = if s2[*a].shingles.min(s2[*b].shingles) >= cfg2.min_shingles {
                                cmp.text
                            } else {
                                cmp.jaccard
                            };
                            (*g, v)
                        })
                        .collect();
                    let (bt, bp) = c::best_threshold(&sc);
                    let bands: Vec<HashSet<u64>> = s2
                        .iter()
                        .map(|s| s.bands(&cfg2).into_iter().collect())
                        .collect();
                    let pos = pairs.iter().filter(|p| p.0).count().max(1);
                    let found = pairs
                        .iter()
                        .filter(|(g, a, b)| *g && !bands[*a].is_disjoint(&bands[*b]))
                        .count();
                    let neg = pairs.iter().filter(|p| !p.0).count().max(1);
                    let neg_found = pairs
                        .iter()
                        .filter(|(g, a, b)| !*g && !bands[*a].is_disjoint(&bands[*b]))
                        .count();
                    t.line(format!(
                        "  k={k} hashes={hashes:>3} rows={rows}: threshold {bt:.3} F1 {:.4}; bands find {:.4} of copies, {:.4} of negatives",
                        bp.f1(),
                        found as f64 / pos as f64,
                        neg_found as f64 / neg as f64
                    ));
                    sweep_json.push(serde_json::json!({"shingle": k, "hashes": hashes, "rows": rows, "threshold": bt, "f1": r4(bp.f1()), "band_recall": r4(found as f64 / pos as f64), "band_negatives": r4(neg_found as f64 / neg as f64)}));
                }
            }
        }
        // What the relation rules read: the share of the original in the
        // copy and of the copy in the original, per kind (quartiles).
        t.line("shares per kind of copy against its original (original in copy | copy in original: 10th, 50th, 90th percentiles):");
        for k in Kind::ALL {
            let mut oc = Vec::new();
            let mut co = Vec::new();
            for (g, a, b) in &pairs {
                if *g && items[*a].kind == Some(k) {
                    let cmp = Comparison::of(&sigs[*a], &sigs[*b]);
                    oc.push(cmp.shared / f64::from(sigs[*b].shingles.max(1)));
                    co.push(cmp.shared / f64::from(sigs[*a].shingles.max(1)));
                }
            }
            let q = |v: &mut Vec<f64>, p: f64| {
                v.sort_by(f64::total_cmp);
                v.get(((v.len() as f64 - 1.0) * p).round().max(0.0) as usize)
                    .copied()
                    .unwrap_or(0.0)
            };
            t.line(format!(
                "  {:<12} {:.3} {:.3} {:.3} | {:.3} {:.3} {:.3}",
                k.as_str(),
                q(&mut oc, 0.1),
                q(&mut oc, 0.5),
                q(&mut oc, 0.9),
                q(&mut co, 0.1),
                q(&mut co, 0.5),
                q(&mut co, 0.9)
            ));
        }
        // The decision's two thresholds, on labelled pairs.
        t.line("decision sweep (text threshold, anchor threshold, min shared anchor pairs → F1):");
        let mut best = (0.0, 0.0, 0.0, 0, 0, 0.0, -1.0);
        let grid = [0.1, 0.15, 0.2, 0.3].into_iter().flat_map(|jt| {
            [0.6, 0.7, 0.8, 2.0].into_iter().flat_map(move |tt| {
                [0.5, 0.6, 0.7, 0.8, 2.0].into_iter().flat_map(move |at| {
                    [4usize, 6].into_iter().flat_map(move |m| {
                        [30u32, 50].into_iter().flat_map(move |ms| {
                            [0.0, 0.5, 0.6, 0.7, 0.8]
                                .into_iter()
                                .map(move |v| (jt, tt, at, m, ms, v))
                        })
                    })
                })
            })
        });
        for (jt, tt, at, m, ms, v) in grid {
            {
                {
                    let cfg2 = Config {
                        jaccard_threshold: jt,
                        text_threshold: tt,
                        anchor_threshold: at,
                        min_anchors: m,
                        min_shingles: ms,
                        anchor_veto: v,
                        ..cfg.clone()
                    };
                    let sc: Vec<(bool, f64)> = pairs
                        .iter()
                        .map(|(g, a, b)| {
                            let cmp = Comparison::of(&sigs[*a], &sigs[*b]);
                            (*g, cmp.score(&sigs[*a], &sigs[*b], &cfg2))
                        })
                        .collect();
                    let f = c::at_threshold(&sc, 1.0).f1();
                    if f > best.6 + 1e-9 {
                        best = (jt, tt, at, m, ms, v, f);
                    }
                }
            }
        }
        t.line(format!(
            "  best: Jaccard {} or share {} (2 = off), anchors {} (2 = off) with ≥{} pairs, share trusted from {} shingles, veto below {} anchor share: F1 {:.4}",
            best.0, best.1, best.2, best.3, best.4, best.5, best.6
        ));
        // Chains: what groups (not pairs) gain from asking anchors for
        // some shared wording and short texts for a higher Jaccard.
        t.line("group sweep (ingest, shuffled order): anchors need text share, short-text Jaccard → pairwise P R F1, distinct reports merged");
        for need in [0.0, 0.05, 0.1, 0.15, 0.2] {
            for short in [0.15, 0.25, 0.5] {
                let cfg2 = Config {
                    anchors_need_text: need,
                    short_jaccard: short,
                    ..cfg.clone()
                };
                let run = ingest_copies(&items, &docs, &cfg2)?;
                let pw = c::Pairwise::of(&gold, &run.root).prf();
                let merged = hard
                    .iter()
                    .filter(|(a, b)| run.root[*a] == run.root[*b])
                    .count();
                t.line(format!(
                    "  {need:.2} {short:.2}: P {:.4} R {:.4} F1 {:.4}, merged {merged}",
                    pw.precision(),
                    pw.recall(),
                    pw.f1()
                ));
            }
        }
    }
    // Lookup time per document as the store grows.
    let mut timing = Vec::new();
    if !sizes.is_empty() {
        t.line(
            "time per new document, stored and related (document, fingerprint, candidates, comparisons, links; SQLite file):",
        );
        let sentences: Vec<String> = articles
            .iter()
            .flat_map(|a| a.paragraphs.iter().flat_map(|p| c::sentences(p)))
            .collect();
        for &size in sizes {
            let ms = lookup_ms(&relater, &sentences, size).map_err(EvalError::Model)?;
            t.line(format!(
                "  {size:>7} stored documents: {ms:.3} ms per document"
            ));
            timing.push(serde_json::json!({"stored": size, "ms_per_doc": r4(ms)}));
        }
    }
    t.line(format!(
        "time: analysis {analysis_s:.1} s for {} documents; relating at ingest {relate_ms:.3} ms per document (in memory)",
        docs.len()
    ));
    let rel_json: serde_json::Map<String, serde_json::Value> = rel_rows
        .iter()
        .map(|(n, x)| (n.to_string(), prf_json(*x)))
        .collect();
    Ok(t.done(serde_json::json!({
        "task": "copies", "data": winer.display().to_string(), "split": split.as_str(),
        "articles": articles.len(), "documents": items.len(), "exact_after_cleaning": exact,
        "precision": r4(pw.precision()), "recall": r4(pw.recall()), "f1": r4(pw.f1()),
        "relations": rel_json, "kinds": kinds_json,
        "originals_named": r4(named as f64 / groups.max(1) as f64),
        "hard_negatives": hard.len(), "hard_negatives_merged": hard_merged,
        "minhash": {"threshold": cfg.jaccard_threshold, "precision": r4(mh_fixed.precision()), "recall": r4(mh_fixed.recall()), "f1": r4(mh_fixed.f1()), "band_recall": r4(mh_lsh.0)},
        "simhash": {"threshold": SIMHASH_THRESHOLD, "precision": r4(sh_fixed.precision()), "recall": r4(sh_fixed.recall()), "f1": r4(sh_fixed.f1()), "block_recall": r4(sh_lsh.0)},
        "sweep": sweep_json, "lookup": timing, "relate_ms_per_doc": r4(relate_ms),
    })))
}

/// What ingesting the copies' documents left in the store.
struct Ingested {
    store: veille_store::SqliteStore,
    /// Each item's group root (its original's id, or its own).
    root: Vec<String>,
    /// Each item's relation to its original, if a copy.
    relation: Vec<Option<veille_core::CopyRelation>>,
}

/// Stores and relates the documents in a shuffled order (fixed seed), as
/// ingest does, and reads back each one's group and relation.
fn ingest_copies(
    items: &[crate::copies::Item],
    docs: &[Document],
    cfg: &veille_relate::Config,
) -> Result<Ingested, EvalError> {
    use crate::copies as c;
    use veille_store::Store;
    let store_err = |e: veille_store::StoreError| EvalError::Model(format!("store: {e}"));
    let relate_err = |e: veille_relate::RelateError| EvalError::Model(format!("relate: {e}"));
    let relater = veille_relate::Relater::new(cfg.clone());
    let mut store = veille_store::SqliteStore::open_in_memory().map_err(store_err)?;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    c::Rng::new(19).shuffle(&mut order);
    for &i in &order {
        // As at ingest: a document cleaning left without text is skipped.
        if !docs[i].has_main_text() {
            continue;
        }
        let put = store.put_all(&docs[i..=i]).map_err(store_err)?;
        if put == [veille_store::Put::Inserted] {
            relater.relate(&mut store, &docs[i]).map_err(relate_err)?;
        } else {
            relater
                .seen_again(&mut store, &docs[i])
                .map_err(relate_err)?;
        }
    }
    let mut root = Vec::with_capacity(docs.len());
    let mut relation: Vec<Option<veille_core::CopyRelation>> = Vec::with_capacity(docs.len());
    let original_doc: std::collections::HashMap<usize, &str> = items
        .iter()
        .zip(docs)
        .filter(|(it, _)| it.kind.is_none())
        .map(|(it, d)| (it.article, d.id.as_str()))
        .collect();
    for (i, (it, d)) in items.iter().zip(docs).enumerate() {
        if !d.has_main_text() {
            // Skipped: a group of its own, no relation.
            relation.push(None);
            root.push(format!("skipped-{i}"));
            continue;
        }
        let link = store.copy_of(&d.id).map_err(store_err)?;
        let orig = original_doc.get(&it.article).copied().unwrap_or("");
        // Cleaning may make a copy the same content as its original: one
        // document with two sources, an exact repost.
        let exact = it.kind.is_some() && d.id == orig;
        relation.push(match (&link, exact) {
            (_, true) => Some(veille_core::CopyRelation::Repost),
            (Some(l), _) => Some(l.relation),
            (None, _) => None,
        });
        root.push(link.map_or(d.id.clone(), |l| l.original));
    }
    Ok(Ingested {
        store,
        root,
        relation,
    })
}

fn articles_of(it: &crate::copies::Item) -> String {
    format!("article {} ({} chars)", it.article, it.text.len())
}

fn articles_month(it: &crate::copies::Item) -> Option<&str> {
    it.date.as_deref().and_then(|d| d.get(..7))
}

/// Mean milliseconds to relate one new document into a store (an SQLite
/// file) already holding `size` documents: filler documents made of
/// sentences drawn from the articles, then 200 timed lookups.
fn lookup_ms(
    relater: &veille_relate::Relater,
    sentences: &[String],
    size: usize,
) -> Result<f64, String> {
    use veille_store::{Fingerprint, SqliteStore, Store};
    if sentences.is_empty() {
        return Err("no sentences to make documents from".into());
    }
    let dir = std::env::temp_dir().join(format!("veille-copies-{}-{size}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut store = SqliteStore::open(&dir.join("store.db")).map_err(|e| e.to_string())?;
    let mut rng = crate::copies::Rng::new(size as u64);
    let mut make = |n: usize| -> Document {
        let text: Vec<&str> = (0..8)
            .map(|_| sentences[rng.below(sentences.len())].as_str())
            .collect();
        let text = text.join(" ");
        Document {
            id: veille_core::content_id(&text),
            source: format!("filler-{n}"),
            text,
            lang: Lang::Fr,
            ..Default::default()
        }
    };
    let mut batch = Vec::new();
    for n in 0..size {
        batch.push(make(n));
        if batch.len() == 512 || n + 1 == size {
            store.put_all(&batch).map_err(|e| e.to_string())?;
            for d in &batch {
                let sig = relater.signature(d);
                store
                    .put_fingerprint(&Fingerprint {
                        doc_id: d.id.clone(),
                        bands: sig.bands(&relater.cfg),
                        keys: sig.anchors.clone(),
                        data: sig.to_bytes(),
                    })
                    .map_err(|e| e.to_string())?;
            }
            batch.clear();
        }
    }
    let queries: Vec<Document> = (0..200).map(|n| make(size + n)).collect();
    let started = std::time::Instant::now();
    for d in &queries {
        if store
            .put_all(std::slice::from_ref(d))
            .map_err(|e| e.to_string())?
            == [veille_store::Put::Inserted]
        {
            relater.relate(&mut store, d).map_err(|e| e.to_string())?;
        }
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0 / queries.len() as f64;
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(ms)
}

// ------------------------------------------------------------------ stories

/// Story clustering against the team's hand-written story gold
/// (`tests/gold/stories`): the half's articles analysed, then stored,
/// related (copies) and put in stories at ingest in date order into a
/// fresh store; B-cubed P/R/F1, the all-singletons baseline, same-story
/// pairs found and pairs of different gold stories merged. On the tuning
/// half, a sweep of the settings and (with `errors`) the wrong merges and
/// missed pairs; the reporting half prints figures only.
pub fn stories(
    p: &Pipeline,
    winer: &Path,
    gold: &Path,
    split: crate::story_gold::Split,
    cfg: veille_relate::StoryConfig,
    errors: usize,
) -> Result<Outcome, EvalError> {
    use crate::plover_gsr::Split;
    use crate::story_gold as sg;
    let mut lines: Vec<sg::GoldLine> = sg::read(gold)?
        .into_iter()
        .filter(|g| sg::keeps(split, g))
        .collect();
    if lines.is_empty() {
        return Err(EvalError::NoData(format!(
            "no story gold line of the {} half under {}",
            split.as_str(),
            gold.display()
        )));
    }
    // Date order (the file name starts with the date), then name.
    lines.sort_by(|a, b| {
        let name = |g: &sg::GoldLine| g.file.rsplit('/').next().unwrap_or("").to_string();
        name(a).cmp(&name(b))
    });
    warm_up(p, Lang::Fr);
    let mut docs = Vec::with_capacity(lines.len());
    for g in &lines {
        let path = crate::gold::winer_path(winer, &g.file);
        let text = crate::read_text(&path)?;
        let mut it = text.lines();
        let title = it.next().unwrap_or("").trim().to_string();
        let body: Vec<&str> = it.map(str::trim).filter(|l| !l.is_empty()).collect();
        let name = g.file.rsplit('/').next().unwrap_or("");
        let date = name
            .get(..10)
            .map(|d| d.replace('_', "-"))
            .filter(|d| veille_core::PubDate::parse_iso(d).is_some());
        let raw = RawDoc {
            source: format!("winer:{}", g.file),
            text: body.join("\n\n"),
            title: Some(title),
            date,
            ..Default::default()
        };
        docs.push(p.analyze(&raw, &Options::default()));
    }
    let gold_ids: Vec<&str> = lines.iter().map(|g| g.story.as_str()).collect();
    let run = |cfg: &veille_relate::StoryConfig| -> Result<Vec<String>, EvalError> {
        story_run(&docs, cfg)
    };
    let pred = run(&cfg)?;
    let s = sg::score(&gold_ids, &pred);
    let singles: Vec<usize> = (0..lines.len()).collect();
    let base = sg::score(&gold_ids, &singles);
    let mut t = Table::default();
    t.line(format!(
        "stories: {} articles of the {} half, {} gold stories ({} of two or more), ingested in date order",
        lines.len(),
        split.as_str(),
        gold_ids.iter().collect::<std::collections::HashSet<_>>().len(),
        {
            let mut c: HashMap<&str, usize> = HashMap::new();
            for g in &gold_ids {
                *c.entry(g).or_default() += 1;
            }
            c.values().filter(|&&n| n > 1).count()
        }
    ));
    t.line(format!(
        "B-cubed P {:.3} R {:.3} F1 {:.3}; all singletons: P {:.3} R {:.3} F1 {:.3}",
        s.precision, s.recall, s.f1, base.precision, base.recall, base.f1
    ));
    t.line(format!(
        "same-story pairs found {} of {}; pairs of different gold stories merged {} ({} distinct gold-story pairs); {} predicted stories",
        s.found_pairs, s.gold_pairs, s.merged_pairs, s.merged_stories, s.predicted_clusters
    ));
    if split == Split::Tune {
        t.line("sweep (tuning half only): window, threshold, min shared keys, doc keys → F1, pairs found, merged");
        for cosine in [false, true] {
            for window in [3, 7] {
                for threshold in [0.3, 0.4, 0.5, 0.6, 0.7] {
                    for min_shared in [1, 2] {
                        for doc_keys in [8, 12] {
                            let c = veille_relate::StoryConfig {
                                window_days: window,
                                threshold,
                                min_shared,
                                doc_keys,
                                cosine,
                                ..cfg.clone()
                            };
                            let x = sg::score(&gold_ids, &run(&c)?);
                            t.line(format!(
                            "  {} ±{window:>2} d, ≥ {threshold:.2}, ≥ {min_shared} shared, {doc_keys:>2} keys: F1 {:.4}, found {}/{}, merged {} ({})",
                            if cosine { "cosine" } else { "cover" },
                            x.f1, x.found_pairs, x.gold_pairs, x.merged_pairs, x.merged_stories
                        ));
                        }
                    }
                }
            }
        }
        if errors > 0 {
            use veille_store::Store;
            let (_, store) = story_store(&docs, &cfg)?;
            let keys = |d: &Document| -> String {
                let copy = store
                    .copy_of(&d.id)
                    .ok()
                    .flatten()
                    .map(|l| {
                        format!(
                            " {} of {}",
                            l.relation.as_str(),
                            &l.original[..8.min(l.original.len())]
                        )
                    })
                    .unwrap_or_default();
                let p = veille_relate::story::Profile::of(d, &store, &cfg);
                let ks = p
                    .map(|p| {
                        p.keys
                            .iter()
                            .map(|k| format!("{}:{:.1}", k.name, k.weight))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                format!("{}{copy} {{{ks}}}", &d.id[..8.min(d.id.len())])
            };
            let mut shown = 0;
            for i in 0..lines.len() {
                for j in i + 1..lines.len() {
                    let same_gold = gold_ids[i] == gold_ids[j];
                    let same_pred = pred[i] == pred[j];
                    if (same_gold || same_pred) && shown < errors {
                        shown += 1;
                        t.line(format!(
                            "  {}: {} [{}] {}\n      / {} [{}] {}",
                            match (same_gold, same_pred) {
                                (true, true) => "joined",
                                (true, false) => "missed",
                                _ => "merged",
                            },
                            lines[i].file,
                            docs[i].title.as_deref().unwrap_or(""),
                            keys(&docs[i]),
                            lines[j].file,
                            docs[j].title.as_deref().unwrap_or(""),
                            keys(&docs[j]),
                        ));
                    }
                }
            }
        }
    }
    Ok(t.done(serde_json::json!({
        "task": "stories", "data": winer.display().to_string(), "gold": gold.display().to_string(),
        "split": split.as_str(), "articles": lines.len(),
        "precision": r4(s.precision), "recall": r4(s.recall), "f1": r4(s.f1),
        "singletons": {"precision": r4(base.precision), "recall": r4(base.recall), "f1": r4(base.f1)},
        "gold_pairs": s.gold_pairs, "found_pairs": s.found_pairs,
        "merged_pairs": s.merged_pairs, "merged_gold_story_pairs": s.merged_stories,
        "predicted_stories": s.predicted_clusters,
        "config": serde_json::to_value(&cfg).unwrap_or_default(),
    })))
}

/// Stores, relates and clusters `docs` in order into a fresh store; the
/// story of each.
fn story_run(
    docs: &[Document],
    cfg: &veille_relate::StoryConfig,
) -> Result<Vec<String>, EvalError> {
    story_store(docs, cfg).map(|(v, _)| v)
}

/// [`story_run`] with the store it built.
fn story_store(
    docs: &[Document],
    cfg: &veille_relate::StoryConfig,
) -> Result<(Vec<String>, veille_store::SqliteStore), EvalError> {
    use veille_store::{SqliteStore, Store};
    let store_err = |e: veille_store::StoreError| EvalError::Model(format!("store: {e}"));
    let relate_err = |e: veille_relate::RelateError| EvalError::Model(format!("relate: {e}"));
    let relater = veille_relate::Relater::new(veille_relate::Config::default());
    let teller = veille_relate::Storyteller::new(cfg.clone());
    let mut store = SqliteStore::open_in_memory().map_err(store_err)?;
    // As `veille ingest` does: one id per person across documents, then
    // copies, then stories.
    let mut docs = docs.to_vec();
    for d in docs.iter_mut() {
        veille_relate::resolve_actors(&store, d, &[]).map_err(relate_err)?;
        let put = store.put_all(std::slice::from_ref(d)).map_err(store_err)?;
        if put == [veille_store::Put::Inserted] {
            relater.relate(&mut store, d).map_err(relate_err)?;
            teller.place(&mut store, d).map_err(relate_err)?;
        }
    }
    let mut out = Vec::with_capacity(docs.len());
    for d in docs {
        out.push(
            store
                .story_of(&d.id)
                .map_err(store_err)?
                .unwrap_or_else(|| d.id.clone()),
        );
    }
    Ok((out, store))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peer_figures_are_read_from_key_value_lines() {
        let f = parse_figures("micro P=0.8 R=0.7 F1=0.75\nPER F1=0.9 x=y\ntokens_per_s=1200.5\n");
        assert_eq!(f["micro_F1"], 0.75);
        assert_eq!(f["F1"], 0.9);
        assert_eq!(f["tokens_per_s"], 1200.5);
        assert!(!f.contains_key("x"));
    }

    #[test]
    fn pieces_are_placed_nearest_to_their_guess() {
        let t = "il a dit. puis il a dit encore.";
        assert_eq!(near(t, "il a dit", 15), Some((15, 23)));
        assert_eq!(near(t, "il a dit", 0), Some((0, 8)));
        assert_eq!(locate(t, "encore"), Some((24, 30)));
        assert_eq!(locate(t, ""), None);
    }

    #[test]
    fn pieces_whose_blanks_cleaning_changed_are_located() {
        let raw = "Il va embaucher 3\u{2009} 000 personnes.  C'est tout.";
        assert_eq!(locate(raw, "embaucher 3 000 personnes."), Some((6, 35)));
        assert_eq!(locate(raw, "3 000 salariés"), None);
        assert_eq!(locate(raw, "personnes. C'est"), Some((25, 42)));
    }

    #[test]
    fn ud_file_names_give_the_language() {
        assert_eq!(lang_of_file(Path::new("x/en_ewt-ud-dev.conllu")), Lang::En);
        assert_eq!(lang_of_file(Path::new("fr_gsd-ud-dev.conllu.gz")), Lang::Fr);
    }

    #[test]
    fn plover_records_are_scored_from_an_inline_array() {
        use crate::plover_gsr::{self, Split};
        let gsr = r#"[
          {"id": "PLOVER-GSR01-DOCUMENT-0001", "event": "DOCUMENT", "eventText": "about this file"},
          {"id": "PLOVER-GSR01-CONSULT-0001", "event": "CONSULT", "language": "en",
           "source": [{"actorText": "The foreign minister of Britain", "code": "GBR"}],
           "target": [{"actorText": "Iran", "code": "IRN"}],
           "text": "The foreign minister of Britain met Iranian officials in Tehran on Monday."},
          {"id": "PLOVER-GSR01-DEMAND-0002", "event": "DEMAND", "language": "en",
           "source": [{"actorText": "The opposition party", "code": "KEN"}],
           "text": "The opposition party demanded new elections."},
          {"id": "PLOVER-GSR01-FIGHT-0003", "event": "FIGHT", "language": "en",
           "source": [{"actorText": "Rebels", "code": "COL"}],
           "text": "Nothing of the kind happened here."}
        ]"#;
        let records = plover_gsr::parse(gsr, Path::new("inline.json")).unwrap();
        assert_eq!(records.len(), 3, "the DOCUMENT record is not one");
        assert_eq!(records[1].number, 2);
        assert_eq!(records[1].event_type, Some(veille_core::EventType::Request));
        assert_eq!(records[0].targets, ["Iran"]);
        assert!(records[2].targets.is_empty());
        assert!(Split::Tune.keeps(&records[1]) && !Split::Report.keeps(&records[1]));
        // Scoring on hand-made predictions: the meeting found with its
        // source, the demand found as something else, nothing in the third.
        let ev = |ty, src: Option<&str>, confidence| veille_core::Event {
            event_type: ty,
            mode: None,
            context: vec![],
            cameo: "040".into(),
            trigger: Default::default(),
            source: src.map(|s| veille_core::EventArg {
                text: s.into(),
                ..Default::default()
            }),
            target: None,
            location: None,
            date: None,
            modality: Default::default(),
            reported_by: None,
            sentence: Span::new(0, 1),
            confidence,
        };
        use veille_core::EventType as T;
        let predicted = vec![
            vec![
                ev(T::Accuse, None, 0.5),
                ev(T::Consult, Some("foreign minister"), 0.9),
            ],
            vec![ev(T::Agree, Some("The opposition"), 0.9)],
            vec![],
        ];
        let refs: Vec<&plover_gsr::Record> = records.iter().collect();
        let r = plover_gsr::score(&refs, &predicted, "inline".into(), Split::All);
        assert_eq!(r.records, 3);
        assert_eq!(r.type_accuracy_top, 0.3333, "the top event of the first");
        assert_eq!(r.type_recall_any, 0.3333);
        assert_eq!(r.coverage, 0.6667);
        // Sources: hit, hit (overlap with the wrong-typed top event), miss.
        assert_eq!((r.source.tp, r.source.fp, r.source.fn_), (2, 0, 1));
        // Targets: a miss in the first record only.
        assert_eq!((r.target.tp, r.target.fp, r.target.fn_), (0, 0, 1));
        assert_eq!(r.per_type["DEMAND"].records, 1);
        assert_eq!(r.per_type["CONSULT"].top, 1);
    }
}
