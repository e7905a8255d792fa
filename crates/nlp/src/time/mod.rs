//! Temporal expressions: found by per-language patterns ([`fr`], [`en`]) and
//! normalised to ISO 8601 against the document's publication date.
//!
//! A relative expression ("lundi", "last week") with no document date keeps
//! `value: None`: veille never invents a date.

mod en;
mod fr;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Captures;
use veille_core::{DatePrecision, Span, TimeExpr};

/// What a pattern means, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Day and month, optional year (and optional second day: a range).
    Date,
    /// Month and year.
    MonthYear,
    /// A month relative to the document date: `rel` = last / next / none.
    Month,
    /// A year on its own.
    Year,
    /// A weekday, with optional last/next.
    Weekday,
    /// "du mercredi au 27 décembre": a weekday up to a date.
    WeekdayToDate,
    /// Day offset from the document date (today, yesterday…).
    DayOffset(i64),
    /// Week / month / year relative to the document date.
    Week(i64),
    MonthOffset(i64),
    YearOffset(i64),
    /// "il y a N jours", "3 weeks ago".
    Ago,
    /// ISO or d/m/y numeric dates.
    Numeric,
}

pub(crate) struct Pattern {
    pub re: regex::Regex,
    pub kind: Kind,
}

/// Words a language uses for the parts of dates.
pub(crate) trait Calendar {
    fn month(&self, s: &str) -> Option<u32>;
    fn weekday(&self, s: &str) -> Option<Weekday>;
    /// -1 for "last/dernier", +1 for "next/prochain", 0 otherwise.
    fn direction(&self, s: &str) -> i64;
    fn number(&self, s: &str) -> Option<(i64, bool)>;
    /// 'd', 'w', 'm', 'y' for a unit word.
    fn unit(&self, s: &str) -> Option<char>;
}

fn anchor_date(date: Option<&str>) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(date?.get(..10)?, "%Y-%m-%d").ok()
}

fn day(s: &str) -> Option<u32> {
    let d: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let d: u32 = if d.is_empty() { 1 } else { d.parse().ok()? };
    (1..=31).contains(&d).then_some(d)
}

/// The month's year nearest the anchor: a month more than 6 months ahead
/// belongs to the previous year.
fn year_for(month: u32, anchor: NaiveDate) -> i32 {
    let diff = month as i32 - anchor.month() as i32;
    if diff > 6 {
        anchor.year() - 1
    } else if diff < -6 {
        anchor.year() + 1
    } else {
        anchor.year()
    }
}

/// The weekday's date: `dir` -1 the last one before the anchor, +1 the next
/// one after it, 0 the nearest on or before it (news mostly reports the past).
fn weekday_date(wd: Weekday, dir: i64, anchor: NaiveDate) -> NaiveDate {
    let a = anchor.weekday().num_days_from_monday() as i64;
    let w = wd.num_days_from_monday() as i64;
    match dir {
        d if d < 0 => {
            let back = (a - w).rem_euclid(7);
            anchor - Duration::days(if back == 0 { 7 } else { back })
        }
        d if d > 0 => {
            let fwd = (w - a).rem_euclid(7);
            anchor + Duration::days(if fwd == 0 { 7 } else { fwd })
        }
        _ => anchor - Duration::days((a - w).rem_euclid(7)),
    }
}

fn ym(y: i32, m: u32) -> String {
    format!("{y:04}-{m:02}")
}

fn shift_month(d: NaiveDate, k: i64) -> (i32, u32) {
    let total = d.year() as i64 * 12 + d.month0() as i64 + k;
    (total.div_euclid(12) as i32, total.rem_euclid(12) as u32 + 1)
}

/// (value, precision, approximate); value None when it needs an anchor we lack.
fn resolve(
    kind: Kind,
    c: &Captures,
    cal: &dyn Calendar,
    anchor: Option<NaiveDate>,
) -> Option<(Option<String>, DatePrecision, bool)> {
    let get = |n: &str| c.name(n).map(|m| m.as_str());
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let dir = get("rel").map_or(0, |r| cal.direction(r));
    Some(match kind {
        Kind::Date => {
            let m = cal.month(get("m")?)?;
            let d1 = day(get("d")?)?;
            let y = match get("y") {
                Some(y) => Some(y.parse().ok()?),
                None => anchor.map(|a| year_for(m, a)),
            };
            let Some(y) = y else {
                return Some((None, DatePrecision::Day, false));
            };
            let start = NaiveDate::from_ymd_opt(y, m, d1)?;
            match get("d2").and_then(day) {
                Some(d2) => {
                    let end = NaiveDate::from_ymd_opt(y, m, d2)?;
                    (
                        Some(format!("{}/{}", iso(start), iso(end))),
                        DatePrecision::Day,
                        false,
                    )
                }
                None => (Some(iso(start)), DatePrecision::Day, false),
            }
        }
        Kind::MonthYear => {
            let m = cal.month(get("m")?)?;
            (
                Some(ym(get("y")?.parse().ok()?, m)),
                DatePrecision::Month,
                false,
            )
        }
        Kind::Month => {
            let m = cal.month(get("m")?)?;
            let v = anchor.map(|a| {
                let y = match dir {
                    d if d < 0 => a.year() - i32::from(m >= a.month()),
                    d if d > 0 => a.year() + i32::from(m <= a.month()),
                    _ => year_for(m, a),
                };
                ym(y, m)
            });
            (v, DatePrecision::Month, false)
        }
        Kind::Year => (Some(get("y")?.to_string()), DatePrecision::Year, false),
        Kind::Weekday => {
            let wd = cal.weekday(get("wd")?)?;
            (
                anchor.map(|a| iso(weekday_date(wd, dir, a))),
                DatePrecision::Day,
                false,
            )
        }
        Kind::WeekdayToDate => {
            let wd = cal.weekday(get("wd")?)?;
            let m = cal.month(get("m")?)?;
            let d = day(get("d")?)?;
            let v = anchor.and_then(|a| {
                let end = NaiveDate::from_ymd_opt(year_for(m, a), m, d)?;
                let start = weekday_date(wd, if end >= a { 1 } else { 0 }, a);
                Some(format!("{}/{}", iso(start.min(end)), iso(end)))
            });
            (v, DatePrecision::Day, false)
        }
        Kind::DayOffset(k) => (
            anchor.map(|a| iso(a + Duration::days(k))),
            DatePrecision::Day,
            false,
        ),
        Kind::Week(k) => {
            let k = if k == 0 { dir } else { k };
            let v = anchor.map(|a| {
                let d = a + Duration::weeks(k);
                let w = d.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            });
            (v, DatePrecision::Week, false)
        }
        Kind::MonthOffset(k) => {
            let k = if k == 0 { dir } else { k };
            (
                anchor.map(|a| {
                    let (y, m) = shift_month(a, k);
                    ym(y, m)
                }),
                DatePrecision::Month,
                false,
            )
        }
        Kind::YearOffset(k) => {
            let k = if k == 0 { dir } else { k };
            (
                anchor.map(|a| format!("{:04}", a.year() as i64 + k)),
                DatePrecision::Year,
                false,
            )
        }
        Kind::Ago => {
            let (n, approx) = cal.number(get("n")?)?;
            let unit = cal.unit(get("u")?)?;
            let v = anchor.map(|a| match unit {
                'd' => (iso(a - Duration::days(n)), DatePrecision::Day),
                'w' => (iso(a - Duration::weeks(n)), DatePrecision::Day),
                'm' => {
                    let (y, m) = shift_month(a, -n);
                    (ym(y, m), DatePrecision::Month)
                }
                _ => (format!("{:04}", a.year() as i64 - n), DatePrecision::Year),
            });
            match v {
                Some((v, p)) => (Some(v), p, approx),
                None => (None, DatePrecision::Day, approx),
            }
        }
        Kind::Numeric => {
            let y: i32 = get("y")?.parse().ok()?;
            let m: u32 = get("mn")?.parse().ok()?;
            let d = day(get("d")?)?;
            (
                Some(iso(NaiveDate::from_ymd_opt(y, m, d)?)),
                DatePrecision::Day,
                false,
            )
        }
    })
}

fn relative(kind: Kind, c: &Captures) -> bool {
    match kind {
        Kind::Date => c.name("y").is_none(),
        Kind::MonthYear | Kind::Year | Kind::Numeric => false,
        _ => true,
    }
}

/// Every temporal expression of `text` in language `lang` ("fr", "en"),
/// resolved against `date` (the document's publication date, ISO).
pub fn find(text: &str, lang: &str, date: Option<&str>) -> Vec<TimeExpr> {
    let (patterns, cal): (&[Pattern], &dyn Calendar) = match lang {
        "fr" => (fr::patterns(), &fr::Fr),
        "en" => (en::patterns(), &en::En),
        _ => return Vec::new(),
    };
    let anchor = anchor_date(date);
    let mut found: Vec<(usize, usize, usize, Kind)> = Vec::new();
    // Patterns carry no `\b`: a Unicode word boundary sends the regex
    // engine to its slow path on non-ASCII text, so boundaries are checked
    // here instead.
    let word = |c: char| c.is_alphanumeric() || c == '_';
    for (pi, p) in patterns.iter().enumerate() {
        for m in p.re.find_iter(text) {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let first = m.as_str().chars().next();
            let last = m.as_str().chars().next_back();
            let open = !(before.is_some_and(word) && first.is_some_and(word));
            let close = !(after.is_some_and(word) && last.is_some_and(word));
            if open && close {
                found.push((m.start(), m.end(), pi, p.kind));
            }
        }
    }
    // Longest leftmost wins; earlier patterns break ties.
    found.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then((b.1 - b.0).cmp(&(a.1 - a.0)))
            .then(a.2.cmp(&b.2))
    });
    let mut out: Vec<TimeExpr> = Vec::new();
    let mut last_end = 0;
    for (s, e, pi, kind) in found {
        if s < last_end {
            continue;
        }
        let Some(c) = patterns[pi].re.captures(&text[s..e]) else {
            continue;
        };
        let Some((value, precision, approximate)) = resolve(kind, &c, cal, anchor) else {
            continue;
        };
        last_end = e;
        out.push(TimeExpr {
            span: Span::new(s, e),
            text: text[s..e].to_string(),
            value,
            precision,
            relative: relative(kind, &c),
            approximate,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(text: &str, lang: &str, date: Option<&str>) -> Vec<(String, Option<String>)> {
        find(text, lang, date)
            .into_iter()
            .map(|t| (t.text, t.value))
            .collect()
    }

    #[test]
    fn weekdays_resolve_against_the_publication_date() {
        let d = Some("2024-05-24T03:01"); // a Friday
        let v = vals(
            "Il a déclaré jeudi que la rencontre de mardi dernier, puis celle prévue les 26 et 27 mai, et lundi prochain.",
            "fr",
            d,
        );
        assert_eq!(
            v,
            [
                ("jeudi".into(), Some("2024-05-23".into())),
                ("mardi dernier".into(), Some("2024-05-21".into())),
                (
                    "les 26 et 27 mai".into(),
                    Some("2024-05-26/2024-05-27".into())
                ),
                ("lundi prochain".into(), Some("2024-05-27".into())),
            ]
        );
    }

    #[test]
    fn months_years_and_offsets() {
        let d = Some("2024-05-24");
        let v = vals("en octobre 2022, en novembre dernier, l'année dernière, le 7 mai, il y a quelques jours, hier", "fr", d);
        let got: Vec<Option<&str>> = v.iter().map(|x| x.1.as_deref()).collect();
        assert_eq!(
            got,
            [
                Some("2022-10"),
                Some("2023-11"),
                Some("2023"),
                Some("2024-05-07"),
                Some("2024-05-21"),
                Some("2024-05-23")
            ]
        );
        // Said on Monday 2022-12-19 about the coming exercises.
        let v = vals("du mercredi au 27 décembre", "fr", Some("2022-12-19"));
        assert_eq!(v[0].1.as_deref(), Some("2022-12-21/2022-12-27"));
    }

    #[test]
    fn english_and_no_anchor() {
        let v = vals(
            "On Monday, officials said last week that talks held on May 7, 2024 failed.",
            "en",
            Some("2024-05-24"),
        );
        let got: Vec<Option<&str>> = v.iter().map(|x| x.1.as_deref()).collect();
        assert_eq!(
            got,
            [Some("2024-05-20"), Some("2024-W20"), Some("2024-05-07")]
        );
        // No publication date: relative expressions stay unresolved.
        let v = find("lundi, en octobre 2022", "fr", None);
        assert_eq!(v[0].value, None);
        assert!(v[0].relative);
        assert_eq!(v[1].value.as_deref(), Some("2022-10"));
    }
}
