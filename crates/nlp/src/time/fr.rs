//! French temporal patterns.

use super::{Calendar, Kind, Pattern};
use chrono::Weekday;

use std::sync::LazyLock;

const MONTH: &str = r"(?P<m>janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)";
const WD: &str = r"(?P<wd>lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)";
const DAY: &str = r"(?P<d>1er|[0-3]?\d)";
const YEAR: &str = r"(?P<y>(?:19|20)\d\d)";
const REL: &str = r"(?P<rel>derni[eè]re?|prochaine?|pass[ée]e?)";
const NUM: &str = r"(?P<n>\d+|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quelques)";

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let p = |re: String, kind: Kind| Pattern {
        re: regex::RegexBuilder::new(&re)
            .case_insensitive(true)
            .dfa_size_limit(32 << 20)
            .build()
            .expect("valid French time pattern"),
        kind,
    };
    vec![
        p(
            format!(
                r"(?:les|du|entre le)\s+{DAY}\s+(?:et|au|-)\s+(?P<d2>[0-3]?\d)\s+{MONTH}(?:\s+{YEAR})?"
            ),
            Kind::Date,
        ),
        p(
            format!(r"du\s+{WD}\s+au\s+{DAY}\s+{MONTH}"),
            Kind::WeekdayToDate,
        ),
        p(
            format!(r"(?:{WD}\s+)?{DAY}\s+{MONTH}(?:\s+{YEAR})?"),
            Kind::Date,
        ),
        p(
            format!(r"(?:en\s+|au mois d[e'’]\s*)?{MONTH}\s+{YEAR}"),
            Kind::MonthYear,
        ),
        p(
            format!(r"(?:en\s+|au mois d[e'’]\s*)?{MONTH}\s+{REL}"),
            Kind::Month,
        ),
        p(
            format!(r"(?:en|au mois de|d[eé]but|fin|mi-)\s*{MONTH}"),
            Kind::Month,
        ),
        p(format!(r"(?:en|depuis|d[eè]s)\s+{YEAR}"), Kind::Year),
        p(format!(r"{WD}(?:\s+{REL})?"), Kind::Weekday),
        p(r"avant-hier".into(), Kind::DayOffset(-2)),
        p(r"apr[eè]s-demain".into(), Kind::DayOffset(2)),
        p(r"aujourd['’]hui".into(), Kind::DayOffset(0)),
        p(r"hier".into(), Kind::DayOffset(-1)),
        p(r"demain".into(), Kind::DayOffset(1)),
        p(
            format!(r"(?:la|cette)\s+semaine(?:\s+{REL})?"),
            Kind::Week(0),
        ),
        p(format!(r"le\s+mois\s+{REL}"), Kind::MonthOffset(0)),
        p(r"ce\s+mois-ci".into(), Kind::MonthOffset(0)),
        p(
            format!(r"l['’]\s*an(?:n[ée]e)?\s+{REL}"),
            Kind::YearOffset(0),
        ),
        p(r"cette\s+ann[ée]e".into(), Kind::YearOffset(0)),
        p(
            format!(r"il\s+y\s+a\s+{NUM}\s+(?P<u>jours?|semaines?|mois|ans|ann[ée]es?)"),
            Kind::Ago,
        ),
        p(
            r"(?P<d>[0-3]?\d)/(?P<mn>[01]?\d)/(?P<y>(?:19|20)\d\d)".into(),
            Kind::Numeric,
        ),
        p(
            r"(?P<y>(?:19|20)\d\d)-(?P<mn>[01]\d)-(?P<d>[0-3]\d)".into(),
            Kind::Numeric,
        ),
    ]
});

pub(crate) fn patterns() -> &'static [Pattern] {
    &PATTERNS
}

pub(crate) struct Fr;

impl Calendar for Fr {
    fn month(&self, s: &str) -> Option<u32> {
        let f = veille_core::fold(s);
        let m = [
            "janvier",
            "fevrier",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "aout",
            "septembre",
            "octobre",
            "novembre",
            "decembre",
        ];
        m.iter().position(|x| *x == f).map(|i| i as u32 + 1)
    }
    fn weekday(&self, s: &str) -> Option<Weekday> {
        Some(match s.to_lowercase().as_str() {
            "lundi" => Weekday::Mon,
            "mardi" => Weekday::Tue,
            "mercredi" => Weekday::Wed,
            "jeudi" => Weekday::Thu,
            "vendredi" => Weekday::Fri,
            "samedi" => Weekday::Sat,
            "dimanche" => Weekday::Sun,
            _ => return None,
        })
    }
    fn direction(&self, s: &str) -> i64 {
        let f = veille_core::fold(s);
        if f.starts_with("dernier") || f.starts_with("passe") {
            -1
        } else if f.starts_with("prochain") {
            1
        } else {
            0
        }
    }
    fn number(&self, s: &str) -> Option<(i64, bool)> {
        let l = s.to_lowercase();
        if let Ok(n) = l.parse() {
            return Some((n, false));
        }
        let words = [
            "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        ];
        if l == "une" {
            return Some((1, false));
        }
        if l == "quelques" {
            return Some((3, true));
        }
        words
            .iter()
            .position(|w| *w == l)
            .map(|i| (i as i64 + 1, false))
    }
    fn unit(&self, s: &str) -> Option<char> {
        let f = veille_core::fold(s);
        Some(match f.as_str() {
            "jour" | "jours" => 'd',
            "semaine" | "semaines" => 'w',
            "mois" => 'm',
            _ if f.starts_with("an") => 'y',
            _ => return None,
        })
    }
}
