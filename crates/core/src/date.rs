//! Publication dates with an explicit precision.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Year,
    Month,
    /// An ISO week ("2024-W21"): temporal expressions only.
    Week,
    Day,
    Minute,
    Second,
}

/// A date as far as it is known: `value` is ISO 8601 truncated to `precision`
/// ("2024", "2024-05", "2024-05-24", "2024-05-24T03:01").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PubDate {
    pub value: String,
    pub precision: DatePrecision,
}

impl DatePrecision {
    pub fn as_str(&self) -> &'static str {
        match self {
            DatePrecision::Year => "year",
            DatePrecision::Month => "month",
            DatePrecision::Week => "week",
            DatePrecision::Day => "day",
            DatePrecision::Minute => "minute",
            DatePrecision::Second => "second",
        }
    }
}

impl std::fmt::Display for DatePrecision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

fn num(s: &str, digits: usize, lo: u32, hi: u32) -> Option<u32> {
    if s.len() != digits || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: u32 = s.parse().ok()?;
    (lo..=hi).contains(&v).then_some(v)
}

impl PubDate {
    pub fn new(y: u32, m: Option<u32>, d: Option<u32>, hm: Option<(u32, u32)>) -> Option<PubDate> {
        if !(1800..=2200).contains(&y) {
            return None;
        }
        let (value, precision) = match (m, d, hm) {
            (None, _, _) => (format!("{y:04}"), DatePrecision::Year),
            (Some(m), None, _) if (1..=12).contains(&m) => {
                (format!("{y:04}-{m:02}"), DatePrecision::Month)
            }
            (Some(m), Some(d), None) if valid_day(y, m, d) => {
                (format!("{y:04}-{m:02}-{d:02}"), DatePrecision::Day)
            }
            (Some(m), Some(d), Some((h, mi))) if valid_day(y, m, d) && h < 24 && mi < 60 => (
                format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}"),
                DatePrecision::Minute,
            ),
            _ => return None,
        };
        Some(PubDate { value, precision })
    }

    /// Parses "YYYY", "YYYY-MM", "YYYY-MM-DD", "YYYY-MM-DD[T ]HH:MM[:SS][Z|±HH:MM]".
    /// Seconds and zones are dropped (precision minute).
    pub fn parse_iso(s: &str) -> Option<PubDate> {
        let s = s.trim();
        let (date, time) = match s.find(['T', ' ']) {
            Some(i) => (&s[..i], Some(s[i + 1..].trim())),
            None => (s, None),
        };
        let mut parts = date.split('-');
        let y = num(parts.next()?, 4, 1800, 2200)?;
        let m = parts
            .next()
            .map(|p| num(p, 2, 1, 12))
            .map_or(Ok(None), |v| v.map(Some).ok_or(()));
        let m = m.ok()?;
        let d = parts
            .next()
            .map(|p| num(p, 2, 1, 31))
            .map_or(Ok(None), |v| v.map(Some).ok_or(()));
        let d = d.ok()?;
        if parts.next().is_some() {
            return None;
        }
        let hm = match time {
            Some(t) if !t.is_empty() => {
                let h = num(t.get(0..2)?, 2, 0, 23)?;
                if t.as_bytes().get(2) != Some(&b':') {
                    return None;
                }
                let mi = num(t.get(3..5)?, 2, 0, 59)?;
                Some((h, mi))
            }
            _ => None,
        };
        if hm.is_some() && d.is_none() {
            return None;
        }
        PubDate::new(y, m, d, hm)
    }

    /// Year, month and day as far as known.
    pub fn ymd(&self) -> (u32, Option<u32>, Option<u32>) {
        let v = &self.value;
        let y = v[0..4].parse().unwrap_or(0);
        let m = v.get(5..7).and_then(|s| s.parse().ok());
        let d = v.get(8..10).and_then(|s| s.parse().ok());
        (y, m, d)
    }
}

fn valid_day(y: u32, m: u32, d: u32) -> bool {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let max = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=max).contains(&d)
}

/// Days since 1970-01-01 of an ISO date's day (`None` below day
/// precision or when it is not a date).
pub fn days_since_epoch(iso: &str) -> Option<i64> {
    let y: u32 = iso.get(..4)?.parse().ok()?;
    let m: u32 = iso.get(5..7)?.parse().ok()?;
    let d: u32 = iso.get(8..10)?.parse().ok()?;
    if !valid_day(y, m, d) {
        return None;
    }
    let (y, m, d) = (i64::from(y), i64::from(m), i64::from(d));
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146097 + doe - 719468)
}

/// The ISO day ("2016-02-29") of a number of days since 1970-01-01.
pub fn iso_of_days(z: i64) -> String {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_epoch_round_trips_and_refuses_what_is_not_a_day() {
        for (iso, days) in [
            ("1970-01-01", 0),
            ("2016-01-01", 16_801),
            ("2016-02-29", 16_860),
        ] {
            assert_eq!(days_since_epoch(iso), Some(days), "{iso}");
            assert_eq!(iso_of_days(days), iso);
        }
        assert_eq!(
            days_since_epoch("2024-05-23T10:00:00Z"),
            days_since_epoch("2024-05-23")
        );
        for bad in [
            "2017",
            "2017-05",
            "2017-02-29",
            "2017-13-01",
            "2017-00-10",
            "2017-04-31",
            "x",
        ] {
            assert_eq!(days_since_epoch(bad), None, "{bad}");
        }
    }

    #[test]
    fn parses_iso_forms_with_precision() {
        let d = PubDate::parse_iso("2024-05-24 03:01").unwrap();
        assert_eq!(d.value, "2024-05-24T03:01");
        assert_eq!(d.precision, DatePrecision::Minute);
        assert_eq!(
            PubDate::parse_iso("2024-05").unwrap().precision,
            DatePrecision::Month
        );
        assert_eq!(
            PubDate::parse_iso("2024-05-24T03:01:59+02:00")
                .unwrap()
                .value,
            "2024-05-24T03:01"
        );
        assert_eq!(PubDate::parse_iso("2023-02-29"), None);
        assert_eq!(PubDate::parse_iso("24-05-2024"), None);
        assert_eq!(PubDate::parse_iso("2024-05-24 3h"), None);
        assert_eq!(
            PubDate::parse_iso("2024-05-24").unwrap().ymd(),
            (2024, Some(5), Some(24))
        );
    }
}
