//! Temporal expressions: found by per-language patterns ([`fr`], [`en`]) and
//! normalised to ISO 8601 against the document's publication date.
//!
//! A relative expression ("lundi", "last week") with no document date keeps
//! `value: None`: veille never invents a date.

mod en;
mod fr;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Captures;
use veille_core::{DatePrecision, Lang, Span, TimeExpr};

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

/// Every temporal expression of `text` in language `lang` (French, English),
/// resolved against `date` (the document's publication date, ISO).
pub fn find(text: &str, lang: Lang, date: Option<&str>) -> Vec<TimeExpr> {
    let (patterns, cal): (&[Pattern], &dyn Calendar) = match lang {
        Lang::Fr => (fr::patterns(), &fr::Fr),
        Lang::En => (en::patterns(), &en::En),
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

    /// Every expression found in `input` ("fr: …" or "en: …", published on
    /// Friday 2024-05-24, or with no date after "fr-nodate:"), rendered as
    /// `text = value precision`, `~` when approximate, `rel` when relative.
    fn check(input: &str, expect: &str) -> Result<(), String> {
        let (lang, text) = input.split_once(": ").expect("lang: text");
        let (lang, date) = match lang.strip_suffix("-nodate") {
            Some(l) => (l, None),
            None => (lang, Some("2024-05-24T03:01")),
        };
        let got: Vec<String> = find(text, Lang::from_code(lang), date)
            .iter()
            .map(|t| {
                format!(
                    "{} = {} {}{}{}",
                    t.text,
                    t.value.as_deref().unwrap_or("?"),
                    t.precision.as_str(),
                    if t.approximate { " ~" } else { "" },
                    if t.relative { " rel" } else { "" },
                )
            })
            .collect();
        let got = got.join(" | ");
        if got == expect {
            Ok(())
        } else {
            Err(format!("{input}\n  want: {expect}\n  got:  {got}"))
        }
    }

    const CASES: &[(&str, &str)] = &[
        // French weekdays against the Friday of publication.
        ("fr: Le ministre a parlé jeudi.", "jeudi = 2024-05-23 day rel"),
        ("fr: La réunion de mardi dernier a échoué.", "mardi dernier = 2024-05-21 day rel"),
        ("fr: Ils se reverront lundi prochain.", "lundi prochain = 2024-05-27 day rel"),
        ("fr: Le sommet se tiendra les 26 et 27 mai.", "les 26 et 27 mai = 2024-05-26/2024-05-27 day rel"),
        ("fr: Le traité signé le 3 mars 2022 tient.", "3 mars 2022 = 2022-03-03 day"),
        ("fr: Le vote aura lieu le 1er juin.", "1er juin = 2024-06-01 day rel"),
        ("fr: Il l'avait promis en octobre 2022.", "en octobre 2022 = 2022-10 month"),
        ("fr: Depuis novembre dernier, rien.", "novembre dernier = 2023-11 month rel"),
        ("fr: Les combats reprendront mi-juin.", "mi-juin = 2024-06 month rel"),
        ("fr: L'armée est présente depuis 2014.", "depuis 2014 = 2014 year"),
        ("fr: Hier soir, avant-hier et demain matin.", "Hier = 2024-05-23 day rel | avant-hier = 2024-05-22 day rel | demain = 2024-05-25 day rel"),
        ("fr: Aujourd'hui, le calme.", "Aujourd'hui = 2024-05-24 day rel"),
        ("fr: L'attaque a eu lieu il y a trois semaines.", "il y a trois semaines = 2024-05-03 day rel"),
        ("fr: Il y a quelques jours, un drone.", "Il y a quelques jours = 2024-05-21 day ~ rel"),
        ("fr: Les chiffres de la semaine dernière.", "la semaine dernière = 2024-W20 week rel"),
        ("fr: Le budget de l'année dernière.", "l'année dernière = 2023 year rel"),
        ("fr: Le rapport du 12/03/2023 et celui du 2023-04-05.", "12/03/2023 = 2023-03-12 day | 2023-04-05 = 2023-04-05 day"),
        ("fr-nodate: Il viendra lundi, en octobre 2022.", "lundi = ? day rel | en octobre 2022 = 2022-10 month"),
        // English.
        ("en: On Monday, officials met.", "Monday = 2024-05-20 day rel"),
        ("en: They said last week that talks failed.", "last week = 2024-W20 week rel"),
        ("en: Talks held on May 7, 2024 failed.", "May 7, 2024 = 2024-05-07 day"),
        ("en: The vote is set for June 3-4.", "June 3-4 = 2024-06-03/2024-06-04 day rel"),
        ("en: Troops arrived yesterday and leave tomorrow.", "yesterday = 2024-05-23 day rel | tomorrow = 2024-05-25 day rel"),
        ("en: The deal was struck in March 2023.", "in March 2023 = 2023-03 month"),
        ("en: The strike came three weeks ago.", "three weeks ago = 2024-05-03 day rel"),
        ("en: Prices rose last month.", "last month = 2024-04 month rel"),
        ("en: He has ruled since 2012.", "since 2012 = 2012 year"),
        ("en: They meet next Tuesday.", "next Tuesday = 2024-05-28 day rel"),
        ("en: She may march in may.", ""),
        ("en-nodate: Officials met on Monday.", "Monday = ? day rel"),
    ];

    #[test]
    fn time_cases() {
        assert!(CASES.len() >= 15);
        let bad = veille_core::case_failures(CASES, check);
        assert!(bad.is_empty(), "{} failing:\n{}", bad.len(), bad.join("\n"));
    }
}
