//! Copy detection's benchmark: synthetic copies of WiNER-fr articles,
//! generated here from the articles read by path (never stored in the
//! repository), mixed with the other articles of the same half — other
//! reports of the same month naming the same actors among them, the
//! negatives that matter.
//!
//! Each article of the half gets four copies: a repost with boilerplate
//! lines added, a repost with its paragraphs (or sentence blocks) moved,
//! a truncation (a partial copy) and a sentence-by-sentence rewording
//! (synonyms from our own list, a leading clause moved to the end, filler
//! adverbs dropped) — `repost`, `repost`, `partial`, `rewrite`. Articles
//! are split by their position in file-name order: even positions tune,
//! odd positions report.

use serde::Serialize;
use std::path::{Path, PathBuf};

/// Which half of the articles.
pub use crate::plover_gsr::Split;

/// One WiNER article.
#[derive(Debug, Clone)]
pub struct Article {
    pub file: String,
    /// Position in file-name order (the split is by its parity).
    pub number: usize,
    /// Publication date from the file name ("2016-01-01").
    pub date: Option<String>,
    pub title: String,
    /// Paragraphs of the body.
    pub paragraphs: Vec<String>,
}

impl Article {
    pub fn text(&self) -> String {
        self.paragraphs.join("\n\n")
    }
    /// The month (from the date).
    pub fn month(&self) -> Option<&str> {
        self.date.as_deref().and_then(|d| d.get(..7))
    }
}

/// Every `.txt` article under `dir`, in file-name order.
pub fn read_winer(dir: &Path) -> Result<Vec<Article>, crate::EvalError> {
    let mut files: Vec<PathBuf> = Vec::new();
    collect(dir, &mut files)?;
    files.sort_by_key(|p| p.file_name().map(|f| f.to_os_string()));
    let mut out = Vec::new();
    for path in files {
        let text = crate::read_text(&path)?;
        let mut lines = text.lines();
        let title = lines.next().unwrap_or("").trim().to_string();
        let body: Vec<String> = lines
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if title.is_empty() || body.is_empty() {
            continue;
        }
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // "2016_01_01-001" → 2016-01-01
        let date = name
            .get(..10)
            .map(|d| d.replace('_', "-"))
            .filter(|d| veille_core::PubDate::parse_iso(d).is_some());
        out.push(Article {
            number: out.len(),
            file: name,
            date,
            title,
            paragraphs: body,
        });
    }
    if out.is_empty() {
        return Err(crate::EvalError::NoData(format!(
            "no WiNER article (.txt) under {}",
            dir.display()
        )));
    }
    Ok(out)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), crate::EvalError> {
    let rd = std::fs::read_dir(dir).map_err(|source| crate::EvalError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "txt")
            && p.file_name()
                .is_some_and(|n| !n.to_string_lossy().contains("urls"))
        {
            out.push(p);
        }
    }
    Ok(())
}

/// Does the split keep an article?
pub fn keeps(split: Split, a: &Article) -> bool {
    match split {
        Split::All => true,
        Split::Tune => a.number.is_multiple_of(2),
        Split::Report => a.number % 2 == 1,
    }
}

/// A copy's kind in the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Boilerplate,
    Reordered,
    Truncated,
    Reworded,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Boilerplate,
        Kind::Reordered,
        Kind::Truncated,
        Kind::Reworded,
    ];
    pub fn relation(self) -> veille_core::CopyRelation {
        use veille_core::CopyRelation::*;
        match self {
            Kind::Boilerplate | Kind::Reordered => Repost,
            Kind::Truncated => Partial,
            Kind::Reworded => Rewrite,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Boilerplate => "boilerplate",
            Kind::Reordered => "reordered",
            Kind::Truncated => "truncated",
            Kind::Reworded => "reworded",
        }
    }
}

/// One generated document: an original (no kind) or a copy of one.
#[derive(Debug, Clone)]
pub struct Item {
    /// The article it comes from (the gold group).
    pub article: usize,
    pub kind: Option<Kind>,
    pub title: String,
    pub text: String,
    pub date: Option<String>,
}

/// A small deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// Lines a reposting site adds around an article (our own).
const HEAD: &[&str] = &[
    "Nous utilisons des cookies pour vous garantir la meilleure expérience sur notre site. Si vous continuez à utiliser ce dernier, nous considérerons que vous acceptez l'utilisation des cookies.",
    "Accepter et fermer",
    "Accueil » Actualités » International",
    "Partager sur Facebook Partager sur Twitter Partager par e-mail",
    "Publié par la rédaction",
];
const TAIL: &[&str] = &[
    "Source link",
    "Lire aussi : toute l'actualité internationale en continu",
    "Abonnez-vous à notre lettre d'information pour ne rien manquer.",
    "© Tous droits réservés. Reproduction interdite.",
    "Laisser un commentaire Annuler la réponse",
];

/// Word pairs a rewording swaps (our own list; each way).
const SYNONYMS: &[(&str, &str)] = &[
    ("a déclaré", "a affirmé"),
    ("a annoncé", "a fait savoir"),
    ("selon", "d'après"),
    ("également", "aussi"),
    ("cependant", "toutefois"),
    ("plusieurs", "de nombreux"),
    ("environ", "près de"),
    ("personnes", "individus"),
    ("important", "majeur"),
    ("importante", "majeure"),
    ("grand", "vaste"),
    ("grande", "vaste"),
    ("rapidement", "vite"),
    ("commencé", "débuté"),
    ("pays", "nation"),
    ("ville", "cité"),
    ("enquête", "investigation"),
    ("attaque", "agression"),
    ("victimes", "personnes touchées"),
    ("mort", "décès"),
    ("tués", "morts"),
    ("blessés", "touchés"),
    ("gouvernement", "exécutif"),
    ("affirmé", "assuré"),
    ("indiqué", "précisé"),
    ("expliqué", "détaillé"),
    ("décidé", "choisi"),
    ("reçu", "obtenu"),
    ("lors de", "au cours de"),
    ("après", "à la suite de"),
    ("avant", "peu avant"),
    ("car", "parce que"),
    ("mais", "pourtant"),
    ("ainsi", "de cette façon"),
    ("nouveau", "récent"),
    ("nouvelle", "récente"),
    ("premier", "tout premier"),
    ("dernier", "précédent"),
    ("souligné", "insisté sur"),
    ("demandé", "réclamé"),
];

/// Adverbs a rewording may drop (our own list).
const FILLERS: &[&str] = &[
    "notamment ",
    "déjà ",
    "toujours ",
    "encore ",
    "très ",
    "alors ",
    "désormais ",
];

/// Sentences of a paragraph, cut after ". ", "! ", "? ".
pub fn sentences(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = p.as_bytes();
    for i in 0..b.len().saturating_sub(1) {
        if matches!(b[i], b'.' | b'!' | b'?') && b[i + 1] == b' ' {
            let s = p[start..=i].trim();
            if !s.is_empty() {
                out.push(s.to_string());
            }
            start = i + 1;
        }
    }
    let s = p[start..].trim();
    if !s.is_empty() {
        out.push(s.to_string());
    }
    out
}

/// Swaps words of the synonym list (whole words, each at most once).
fn reword(s: &str, rng: &mut Rng) -> String {
    let mut out = s.to_string();
    for (a, b) in SYNONYMS {
        for (from, to) in [(a, b), (b, a)] {
            if let Some(i) = find_word(&out, from) {
                if rng.chance(0.9) {
                    out.replace_range(i..i + from.len(), to);
                    break;
                }
            }
        }
    }
    for f in FILLERS {
        if let Some(i) = find_word(&out, f.trim_end()) {
            if rng.chance(0.7) && out[i..].starts_with(f) {
                out.replace_range(i..i + f.len(), "");
            }
        }
    }
    // A leading clause ("Selon X, …", "Lundi, …") moved to the end.
    if let Some(c) = out.find(", ") {
        let words = out[..c].split_whitespace().count();
        if (1..=5).contains(&words) && rng.chance(0.8) {
            let lead = out[..c].to_string();
            let mut rest = out[c + 2..].trim_end().to_string();
            let end = rest.pop().filter(|x| matches!(x, '.' | '!' | '?'));
            if let Some(first) = rest.chars().next() {
                let upper: String = first.to_uppercase().collect();
                rest.replace_range(..first.len_utf8(), &upper);
                let lead_lower = lower_first(&lead);
                out = format!("{rest}, {lead_lower}{}", end.unwrap_or('.'));
            }
        }
    }
    out
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        // A capitalised name stays as it is ("Selon Paris" → "selon Paris").
        Some(f) if c.clone().next().is_some_and(char::is_lowercase) => {
            f.to_lowercase().chain(c).collect()
        }
        _ => s.to_string(),
    }
}

fn find_word(s: &str, w: &str) -> Option<usize> {
    s.match_indices(w).map(|(i, _)| i).find(|&i| {
        let before = s[..i].chars().next_back();
        let after = s[i + w.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn shift_date(date: &Option<String>, days: u32) -> Option<String> {
    let d = date.as_deref()?;
    let (y, m, day) = (
        d.get(..4)?.parse::<u32>().ok()?,
        d.get(5..7)?.parse::<u32>().ok()?,
        d.get(8..10)?.parse::<u32>().ok()?,
    );
    let mut day = day + days;
    let (mut m, mut y) = (m, y);
    if day > 28 {
        day -= 28;
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    Some(format!("{y:04}-{m:02}-{day:02}"))
}

/// The original and its four copies.
pub fn items(a: &Article, rng: &mut Rng) -> Vec<Item> {
    // Copies are published one to four days later: the original is the
    // earliest (same-day copies would leave it to completeness, which a
    // repost with boilerplate wins).
    let later = |rng: &mut Rng| shift_date(&a.date, 1 + rng.below(4) as u32);
    let item = |kind, title: &str, text: String, date| Item {
        article: a.number,
        kind,
        title: title.to_string(),
        text,
        date,
    };
    let mut out = vec![item(None, &a.title, a.text(), a.date.clone())];
    // Repost with boilerplate.
    let mut paras: Vec<String> = Vec::new();
    for _ in 0..1 + rng.below(3) {
        paras.push(HEAD[rng.below(HEAD.len())].to_string());
    }
    paras.extend(a.paragraphs.iter().cloned());
    for _ in 0..1 + rng.below(3) {
        paras.push(TAIL[rng.below(TAIL.len())].to_string());
    }
    let d = later(rng);
    out.push(item(
        Some(Kind::Boilerplate),
        &a.title,
        paras.join("\n\n"),
        d,
    ));
    // Repost with paragraphs (or blocks of sentences) moved.
    let mut blocks: Vec<String> = if a.paragraphs.len() >= 3 {
        a.paragraphs.clone()
    } else {
        let s: Vec<String> = a.paragraphs.iter().flat_map(|p| sentences(p)).collect();
        let n = s.len().div_ceil(3).max(1);
        s.chunks(n).map(|c| c.join(" ")).collect()
    };
    let before = blocks.clone();
    for _ in 0..4 {
        rng.shuffle(&mut blocks);
        if blocks != before {
            break;
        }
    }
    if blocks == before && blocks.len() > 1 {
        blocks.rotate_left(1);
    }
    let d = later(rng);
    out.push(item(
        Some(Kind::Reordered),
        &a.title,
        blocks.join("\n\n"),
        d,
    ));
    // Truncation: the first 35–65 % of the sentences (at least two).
    let all: Vec<(usize, String)> = a
        .paragraphs
        .iter()
        .enumerate()
        .flat_map(|(i, p)| sentences(p).into_iter().map(move |s| (i, s)))
        .collect();
    let most = all.len().saturating_sub(1).max(1).min(all.len());
    let mut keep = ((all.len() as f64 * (0.35 + 0.3 * rng.below(100) as f64 / 100.0)).round()
        as usize)
        .clamp(1.min(most), most);
    // At least 25 words (a dateline alone is no copy of anything).
    let words = |n: usize| {
        all[..n]
            .iter()
            .map(|(_, s)| s.split_whitespace().count())
            .sum::<usize>()
    };
    while keep < most && words(keep) < 25 {
        keep += 1;
    }
    let mut text = String::new();
    let mut last = None;
    for (p, s) in &all[..keep] {
        if let Some(l) = last {
            text.push_str(if l == *p { " " } else { "\n\n" });
        }
        text.push_str(s);
        last = Some(*p);
    }
    let d = later(rng);
    // An article too short to cut (its sentences but the last hold fewer
    // than 25 words, or its text is one sentence after a dateline) has no
    // truncated copy: a dateline alone is no copy of anything.
    if words(keep) >= 25 {
        out.push(item(Some(Kind::Truncated), &a.title, text, d));
    }
    // Rewording, sentence by sentence.
    let paras: Vec<String> = a
        .paragraphs
        .iter()
        .map(|p| {
            sentences(p)
                .iter()
                .map(|s| reword(s, rng))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let title = reword(&a.title, rng);
    let d = later(rng);
    out.push(item(Some(Kind::Reworded), &title, paras.join("\n\n"), d));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> Article {
        Article {
            file: "2016_01_02-001".into(),
            number: 0,
            date: Some("2016-01-02".into()),
            title: "Un titre".into(),
            paragraphs: vec![
                "Selon la police, plusieurs personnes ont été blessées. Le gouvernement a déclaré que l'enquête a commencé.".into(),
                "Il y a eu 12 blessés. Le maire a indiqué que la ville est calme. Un troisième paragraphe suit.".into(),
                "Enfin, le dernier paragraphe.".into(),
            ],
        }
    }

    #[test]
    fn four_copies_of_each_kind_and_later_dates() {
        let a = article();
        let items = items(&a, &mut Rng::new(7));
        let kinds: Vec<Option<Kind>> = items.iter().map(|i| i.kind).collect();
        assert_eq!(
            kinds,
            [
                None,
                Some(Kind::Boilerplate),
                Some(Kind::Reordered),
                Some(Kind::Truncated),
                Some(Kind::Reworded)
            ]
        );
        assert!(items[1..]
            .iter()
            .all(|i| i.date.as_deref() > Some("2016-01-02")));
        assert!(items[1].text.contains(&a.text()));
        assert_ne!(items[2].text, a.text());
        assert!(items[3].text.len() < a.text().len());
        assert_ne!(items[4].text, a.text());
    }

    #[test]
    fn an_article_too_short_to_cut_has_no_truncated_copy() {
        let a = Article {
            paragraphs: vec![
                "Lyon, 3 mars 2016.".into(),
                "Les habitants du quartier de la Croix-Rousse ont manifesté samedi contre la fermeture \
                 de leur bureau de poste, annoncée sans concertation par la direction régionale au début \
                 du mois, et demandent une réunion publique avec le maire."
                    .into(),
            ],
            ..article()
        };
        for seed in 0..20 {
            let kinds: Vec<Option<Kind>> = items(&a, &mut Rng::new(seed))
                .iter()
                .map(|i| i.kind)
                .collect();
            assert!(
                !kinds.contains(&Some(Kind::Truncated)),
                "seed {seed}: {kinds:?}"
            );
            assert!(kinds.contains(&Some(Kind::Reworded)));
        }
    }

    #[test]
    fn rewording_swaps_listed_words_and_moves_leading_clauses() {
        let mut rng = Rng::new(1);
        let s = reword(
            "Selon la police, plusieurs personnes ont été blessées.",
            &mut rng,
        );
        assert_ne!(s, "Selon la police, plusieurs personnes ont été blessées.");
        assert!(s.ends_with('.'), "{s}");
        assert_eq!(find_word("un mais maison", "mais"), Some(3));
        assert_eq!(find_word("maison", "mais"), None);
    }

    #[test]
    fn sentences_and_dates() {
        assert_eq!(sentences("Un. Deux ! Trois"), ["Un.", "Deux !", "Trois"]);
        assert_eq!(
            shift_date(&Some("2016-12-27".into()), 3).as_deref(),
            Some("2017-01-02")
        );
    }
}

// ------------------------------------------------------------------ scoring

/// Pair counts within clusters: the pairs two labelings agree on.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Pairwise {
    pub gold_pairs: u64,
    pub predicted_pairs: u64,
    pub both: u64,
}

impl Pairwise {
    /// Pairwise agreement of two clusterings of the same items.
    pub fn of(gold: &[usize], predicted: &[String]) -> Pairwise {
        use std::collections::HashMap;
        let pairs = |n: u64| n * n.saturating_sub(1) / 2;
        let mut g: HashMap<usize, u64> = HashMap::new();
        let mut p: HashMap<&str, u64> = HashMap::new();
        let mut gp: HashMap<(usize, &str), u64> = HashMap::new();
        for (a, b) in gold.iter().zip(predicted) {
            *g.entry(*a).or_default() += 1;
            *p.entry(b.as_str()).or_default() += 1;
            *gp.entry((*a, b.as_str())).or_default() += 1;
        }
        Pairwise {
            gold_pairs: g.values().map(|n| pairs(*n)).sum(),
            predicted_pairs: p.values().map(|n| pairs(*n)).sum(),
            both: gp.values().map(|n| pairs(*n)).sum(),
        }
    }
    pub fn prf(&self) -> crate::metrics::Prf {
        crate::metrics::Prf {
            tp: self.both as usize,
            fp: (self.predicted_pairs - self.both) as usize,
            fn_: (self.gold_pairs - self.both) as usize,
        }
    }
}

/// The best threshold on `scores` (label, score) by F1, scanning 0.05 to
/// 0.95 by 0.025, and its counts.
pub fn best_threshold(scores: &[(bool, f64)]) -> (f64, crate::metrics::Prf) {
    let mut best = (0.5, crate::metrics::Prf::default());
    let mut best_f1 = -1.0;
    for i in 0..=36 {
        let t = 0.05 + 0.025 * i as f64;
        let prf = at_threshold(scores, t);
        if prf.f1() > best_f1 {
            best_f1 = prf.f1();
            best = (t, prf);
        }
    }
    best
}

/// Counts of pairs called copies at a threshold.
pub fn at_threshold(scores: &[(bool, f64)], t: f64) -> crate::metrics::Prf {
    let mut prf = crate::metrics::Prf::default();
    for (gold, s) in scores {
        match (*gold, *s >= t) {
            (true, true) => prf.tp += 1,
            (false, true) => prf.fp += 1,
            (true, false) => prf.fn_ += 1,
            (false, false) => {}
        }
    }
    prf
}
