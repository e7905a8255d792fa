//! Dates as written in page furniture: "2024-05-24 03:01", "Publié le 24 mai
//! 2024 à 03h01", "May 24, 2024", "24/05/2024".

use regex::Regex;
use std::sync::LazyLock;
use veille_core::PubDate;

const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const DE_MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
];
const EN_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_number(name: &str) -> Option<u32> {
    let n = name
        .to_lowercase()
        .replace("fevrier", "février")
        .replace("aout", "août")
        .replace("decembre", "décembre");
    let n = n.trim_end_matches('.');
    for (i, m) in FR_MONTHS.iter().enumerate() {
        if *m == n || (n.len() >= 3 && m.starts_with(n) && n != "ma" && n != "ju") {
            return Some(i as u32 + 1);
        }
    }
    // German after French and English: "juni", "märz", "oktober" are found here.
    for months in [&EN_MONTHS, &DE_MONTHS] {
        for (i, m) in months.iter().enumerate() {
            if *m == n || (n.len() >= 3 && m.starts_with(n)) {
                return Some(i as u32 + 1);
            }
        }
    }
    None
}

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}-\d{2}(-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?)?(Z|[+-]\d{2}:?\d{2})?$")
        .unwrap()
});
pub(crate) static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(publié|publie|mis à jour|mis a jour|modifié|publication|published|updated|last updated|posted|date|le|veröffentlicht|aktualisiert|publiziert|erstellt|stand|zuletzt aktualisiert|letzte änderung|actualizado|publicado)\b[\s:,-]*(le|on|am)?\s*(.+)$").unwrap()
});
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[a-zé]+\.?,?\s+)?(\d{1,2})(?:er|st|nd|rd|th|\.)?\s+([a-zéûä]{3,10})\.?,?\s+(\d{4})(?:\s*(?:à|at|-|,)?\s*(\d{1,2})\s*[h:]\s*(\d{2}))?").unwrap()
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[a-z]+,?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:\s*(?:at|-|,)?\s*(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?)?").unwrap()
});
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:\s*(?:à|at|-|,)?\s*(\d{1,2})\s*[h:]\s*(\d{2}))?",
    )
    .unwrap()
});

/// A line that is only a date (possibly labelled "Publié le …"): its value.
pub fn timestamp_line(line: &str) -> Option<PubDate> {
    let line = line.trim().trim_end_matches('.');
    if line.len() > 80 {
        return None;
    }
    if ISO.is_match(line) {
        return PubDate::parse_iso(line);
    }
    if let Some(d) = parse_human(line, true) {
        return Some(d);
    }
    let caps = LABEL.captures(line)?;
    parse_human(caps.get(3)?.as_str(), true)
}

fn hm(h: Option<regex::Match>, m: Option<regex::Match>, pm: bool) -> Option<(u32, u32)> {
    let mut h: u32 = h?.as_str().parse().ok()?;
    let m: u32 = m?.as_str().parse().ok()?;
    if pm && h < 12 {
        h += 12;
    }
    Some((h, m))
}

/// Parses a human-written date at the start of `s`; with `whole`, nothing but
/// a time or punctuation may follow it.
pub fn parse_human(s: &str, whole: bool) -> Option<PubDate> {
    let s = s.trim();
    let rest_ok = |end: usize| {
        !whole
            || s[end..]
                .trim_matches(|c: char| !c.is_alphanumeric())
                .is_empty()
            || s[end..].trim().len() <= 12
    };
    if let Some(c) = DAY_MONTH_YEAR.captures(s) {
        if let Some(m) = month_number(&c[2]) {
            if rest_ok(c.get(0)?.end()) {
                return PubDate::new(
                    c[3].parse().ok()?,
                    Some(m),
                    Some(c[1].parse().ok()?),
                    hm(c.get(4), c.get(5), false),
                );
            }
        }
    }
    if let Some(c) = MONTH_DAY_YEAR.captures(s) {
        if let Some(m) = month_number(&c[1]) {
            if rest_ok(c.get(0)?.end()) {
                let pm = c
                    .get(6)
                    .is_some_and(|x| x.as_str().to_lowercase().starts_with('p'));
                return PubDate::new(
                    c[3].parse().ok()?,
                    Some(m),
                    Some(c[2].parse().ok()?),
                    hm(c.get(4), c.get(5), pm),
                );
            }
        }
    }
    if let Some(c) = NUMERIC.captures(s) {
        if rest_ok(c.get(0)?.end()) {
            let a: u32 = c[1].parse().ok()?;
            let b: u32 = c[2].parse().ok()?;
            // Day first (European) unless that is impossible.
            let (d, m) = if b > 12 && a <= 12 { (b, a) } else { (a, b) };
            return PubDate::new(
                c[3].parse().ok()?,
                Some(m),
                Some(d),
                hm(c.get(4), c.get(5), false),
            );
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Option<String> {
        timestamp_line(s).map(|d| d.value)
    }

    #[test]
    fn timestamp_lines() {
        assert_eq!(v("2024-05-24 03:01").as_deref(), Some("2024-05-24T03:01"));
        assert_eq!(
            v("Publié le 24 mai 2024 à 03h01").as_deref(),
            Some("2024-05-24T03:01")
        );
        assert_eq!(
            v("Mis à jour le lundi 3 juin 2024").as_deref(),
            Some("2024-06-03")
        );
        assert_eq!(
            v("May 24, 2024 at 3:01 pm").as_deref(),
            Some("2024-05-24T15:01")
        );
        assert_eq!(v("Published: 7 March 2023").as_deref(), Some("2023-03-07"));
        assert_eq!(v("24/05/2024").as_deref(), Some("2024-05-24"));
        assert_eq!(v("1er février 2022").as_deref(), Some("2022-02-01"));
    }

    #[test]
    fn prose_is_not_a_timestamp() {
        assert_eq!(
            v("Le 7 mai 2024, Poutine a entamé son cinquième mandat de président russe."),
            None
        );
        assert_eq!(v("Poutine discutera de la deuxième phase"), None);
        assert_eq!(v("2024-13-40"), None);
    }
}
