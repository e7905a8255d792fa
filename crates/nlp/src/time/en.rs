//! English temporal patterns. Month names must be capitalised ("May", "March"
//! are also a modal and a verb).

use super::{Calendar, Kind, Pattern};
use chrono::Weekday;

use std::sync::LazyLock;

const MONTH: &str = r"(?P<m>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)";
const WD: &str = r"(?P<wd>(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday))";
const DAY: &str = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?";
const YEAR: &str = r"(?P<y>(?:19|20)\d\d)";
const REL: &str = r"(?P<rel>(?i:last|next|this|past|previous|coming))";
const NUM: &str =
    r"(?P<n>\d+|(?i:an?|one|two|three|four|five|six|seven|eight|nine|ten|a few|several))";

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let p = |re: String, kind: Kind| Pattern {
        re: regex::RegexBuilder::new(&re)
            .dfa_size_limit(32 << 20)
            .build()
            .expect("valid English time pattern"),
        kind,
    };
    vec![
        p(
            format!(r"{MONTH}\s+{DAY}\s*(?:-|to|and|through)\s*(?P<d2>[0-3]?\d)(?:,?\s+{YEAR})?"),
            Kind::Date,
        ),
        p(
            format!(r"(?:{WD},?\s+)?{MONTH}\s+{DAY}(?:,?\s+{YEAR})?"),
            Kind::Date,
        ),
        p(
            format!(r"(?:{WD},?\s+)?{DAY}\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR})?"),
            Kind::Date,
        ),
        p(
            format!(r"(?:(?i:in|since)\s+)?{MONTH},?\s+{YEAR}"),
            Kind::MonthYear,
        ),
        p(format!(r"{REL}\s+{MONTH}"), Kind::Month),
        p(
            format!(r"(?i:in|since|early|late|mid-)\s*{MONTH}"),
            Kind::Month,
        ),
        p(format!(r"(?i:in|since|by)\s+{YEAR}"), Kind::Year),
        p(format!(r"(?:{REL}\s+)?{WD}"), Kind::Weekday),
        p(r"(?i:today)".into(), Kind::DayOffset(0)),
        p(r"(?i:yesterday)".into(), Kind::DayOffset(-1)),
        p(r"(?i:tomorrow)".into(), Kind::DayOffset(1)),
        p(format!(r"{REL}\s+(?i:week)"), Kind::Week(0)),
        p(format!(r"{REL}\s+(?i:month)"), Kind::MonthOffset(0)),
        p(format!(r"{REL}\s+(?i:year)"), Kind::YearOffset(0)),
        p(
            format!(r"{NUM}\s+(?P<u>(?i:days?|weeks?|months?|years?))\s+(?i:ago)"),
            Kind::Ago,
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

pub(crate) struct En;

impl Calendar for En {
    fn month(&self, s: &str) -> Option<u32> {
        let l = s.to_lowercase();
        let m = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        m.iter()
            .position(|x| l.starts_with(x))
            .map(|i| i as u32 + 1)
    }
    fn weekday(&self, s: &str) -> Option<Weekday> {
        s.to_lowercase().parse().ok()
    }
    fn direction(&self, s: &str) -> i64 {
        match s.to_lowercase().as_str() {
            "last" | "past" | "previous" => -1,
            "next" | "coming" => 1,
            _ => 0,
        }
    }
    fn number(&self, s: &str) -> Option<(i64, bool)> {
        let l = s.to_lowercase();
        if let Ok(n) = l.parse() {
            return Some((n, false));
        }
        match l.as_str() {
            "a" | "an" => return Some((1, false)),
            "a few" | "several" => return Some((3, true)),
            _ => {}
        }
        let words = [
            "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        ];
        words
            .iter()
            .position(|w| *w == l)
            .map(|i| (i as i64 + 1, false))
    }
    fn unit(&self, s: &str) -> Option<char> {
        let l = s.to_lowercase();
        l.chars()
            .next()
            .filter(|c| matches!(c, 'd' | 'w' | 'm' | 'y'))
    }
}
