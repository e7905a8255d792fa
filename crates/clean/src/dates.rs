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

/// Spanish, Portuguese, Italian and Russian (genitive) months, looked up
/// whole after the French, English and German prefixes.
const OTHER_MONTHS: [[&str; 12]; 4] = [
    [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
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
    OTHER_MONTHS
        .iter()
        .find_map(|months| months.iter().position(|m| *m == n))
        .map(|i| i as u32 + 1)
}

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}-\d{2}(-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?)?(Z|[+-]\d{2}:?\d{2})?$")
        .unwrap()
});
pub(crate) static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(publié|publie|mis à jour|mis a jour|modifié|publication|published|updated|last updated|posted|date|le|veröffentlicht|aktualisiert|publiziert|erstellt|stand|zuletzt aktualisiert|letzte änderung|actualizado|publicado)\b[\s:,-]*(le|on|am)?\s*(.+)$").unwrap()
});
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[a-zé]+\.?,?\s+)?(\d{1,2})(?:er|st|nd|rd|th|\.|º)?\s+(?:de\s+)?(\p{L}{3,10})\.?,?\s+(?:de\s+)?(\d{4})(?:\s*(?:à|at|-|,)?\s*(\d{1,2})\s*[h:]\s*(\d{2}))?").unwrap()
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[a-z]+,?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:\s*(?:at|-|,)?\s*(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?)?").unwrap()
});
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})(?:\s*(?:à|at|um|-|,)?\s*(\d{1,2})\s*[h:]\s*(\d{2}))?",
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
        // "28.09.1912:44" is no year 1912, "1.2.345" no date.
        let after_year = s[c.get(3)?.end()..].chars().next();
        if rest_ok(c.get(0)?.end()) && !after_year.is_some_and(|x| x.is_ascii_digit() || x == ':') {
            let a: u32 = c[1].parse().ok()?;
            let b: u32 = c[2].parse().ok()?;
            let y: u32 = c[3].parse().ok()?;
            // Two-digit years: "28.09.19" is 2019, "03.04.98" 1998.
            let y = match c[3].len() {
                2 if y <= 50 => 2000 + y,
                2 => 1900 + y,
                _ => y,
            };
            // Day first (European) unless that is impossible.
            let (d, m) = if b > 12 && a <= 12 { (b, a) } else { (a, b) };
            return PubDate::new(y, Some(m), Some(d), hm(c.get(4), c.get(5), false));
        }
    }
    None
}

/// A date anywhere in a short text (page furniture, at most 160 bytes): a
/// labelled or bare timestamp line ("Publié le 3 mars 2024"), else the
/// first date that starts a word ("Bo2man am 29.12.2010, 13:36 Uhr",
/// "Datum: 26. Januar 2022", "Posted on Monday, March 3, 2024 by admin").
pub fn date_in_text(t: &str) -> Option<PubDate> {
    let t = t.trim();
    if t.len() > 160 {
        return None;
    }
    // "Mis à jour le 4 mars · Publié le 3 mars 2024": the publication first.
    if let Some(m) = PUBLISHED.find(t) {
        if m.start() > 0 && modified_label(t) {
            if let Some(d) = first_date(&t[m.start()..]) {
                return Some(d);
            }
        }
    }
    if let Some(d) = timestamp_line(t) {
        return Some(d);
    }
    first_date(t)
}

static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(publié|publie|published|posted|veröffentlicht|erschienen|publicado|publicat|pubblicato|erstellt)\b").unwrap()
});

/// Whether a text starts with a label saying it gives the date of the
/// last change ("Mis à jour le …", "Updated …", "Aktualisiert am …").
pub fn modified_label(t: &str) -> bool {
    static MODIFIED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\W*(mis à jour|mis a jour|mise à jour|actualisé|modifié|updated|last updated|last modified|modified|aktualisiert|zuletzt aktualisiert|geändert|stand|actualizado|aggiornato)\b").unwrap()
    });
    MODIFIED.is_match(t)
}

/// The first date that starts a word of `t`.
fn first_date(t: &str) -> Option<PubDate> {
    let mut prev: Option<char> = None;
    for (i, c) in t.char_indices() {
        let starts_word = prev.is_none_or(|p| !p.is_alphanumeric() && p != '.' && p != '/');
        prev = Some(c);
        if !starts_word || !c.is_alphanumeric() {
            continue;
        }
        if let Some(d) = parse_human(&t[i..], false) {
            return Some(d);
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

    /// Dates in page furniture, as [`date_in_text`] reads them: the text,
    /// then the date expected (`None`: no date).
    #[test]
    fn dates_in_furniture_texts() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Publié le 24 mai 2024 à 03h01", Some("2024-05-24T03:01")),
            (
                "Posted on Monday, March 3, 2024 by admin",
                Some("2024-03-03"),
            ),
            ("Datum: 26. Januar 2022", Some("2022-01-26")),
            ("Samstag, 5. Oktober 2013", Some("2013-10-05")),
            ("Jeanne am 29.12.2010, 13:36 Uhr", Some("2010-12-29T13:36")),
            // Published before modified, whichever comes first.
            (
                "Mis à jour le 4 mars 2024 · Publié le 3 mars 2024",
                Some("2024-03-03"),
            ),
            (
                "Published 3 March 2024 | Updated 5 March 2024",
                Some("2024-03-03"),
            ),
            ("Updated: Jan 5, 2023", Some("2023-01-05")),
            // Two-digit years; a time written straight after the year.
            ("28.09.19 12:44", Some("2019-09-28T12:44")),
            ("03.04.98", Some("1998-04-03")),
            ("28.09.1912:44", None),
            // Other languages' months.
            ("3 de mayo de 2022", Some("2022-05-03")),
            ("4 de fevereiro de 2021", Some("2021-02-04")),
            ("15 августа 2016, 13:43", Some("2016-08-15T13:43")),
            ("12 gennaio 2020", Some("2020-01-12")),
            // No date.
            ("12 commentaires", None),
            ("Version 1.2.3 du logiciel", None),
            ("Il y a 2024 raisons de lire", None),
        ];
        for (text, want) in cases {
            let got = date_in_text(text).map(|d| d.value);
            assert_eq!(got.as_deref(), *want, "{text:?}");
        }
    }

    #[test]
    fn modified_labels() {
        for (text, want) in [
            ("Mis à jour le 4 mars 2024", true),
            ("Updated March 5, 2024", true),
            ("Aktualisiert am 3. März 2024", true),
            ("Publié le 3 mars 2024", false),
            ("Posted on March 3, 2024", false),
            ("3 mars 2024", false),
        ] {
            assert_eq!(modified_label(text), want, "{text:?}");
        }
    }
}
