//! The gazetteer: GeoNames countries, first- and second-level admin areas and populated
//! places (population ≥ 1,000), with their alternate names, looked up by a
//! folded name key.

use std::io::Read;

use rustc_hash::FxHashMap;
use veille_core::PlacePrecision;

use crate::GeoError;

/// One place the gazetteer knows.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// GeoNames id (0 for admin areas, which the data gives by code only).
    pub geonameid: u32,
    pub name: String,
    /// ISO 3166-1 alpha-3.
    pub country: String,
    /// GeoNames admin-1 key ("CN.22") of the place (an admin-1 area's own).
    pub admin1: Option<String>,
    /// For an admin area, its key: "CN.22" (first level), "FR.84.drome"
    /// (second level: départements, counties).
    pub area: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub precision: PlacePrecision,
}

impl Record {
    /// "geonames:1816670", or "geonames:admin:CN.22" for admin areas.
    pub fn place_id(&self) -> String {
        match &self.area {
            Some(key) => format!("geonames:admin:{key}"),
            None => format!("geonames:{}", self.geonameid),
        }
    }
}

/// The gazetteer and its name index.
#[derive(Debug, Default)]
pub struct Gazetteer {
    pub records: Vec<Record>,
    by_name: FxHashMap<String, Vec<u32>>,
    /// Names of the larger places under their [`sound`] key.
    by_sound: FxHashMap<String, Vec<u32>>,
    by_country: FxHashMap<String, u32>,
    by_admin: FxHashMap<String, u32>,
}

const DIRECTIONS: [&str; 11] = [
    "nord", "sud", "est", "ouest", "centre", "north", "south", "east", "west", "central",
    "centrale",
];

/// The key names are looked up under: folded case and accents, hyphens,
/// apostrophes and dots as spaces ("Saint-Pétersbourg" = "saint petersbourg").
pub fn key(name: &str) -> String {
    let folded = veille_core::fold(name);
    let mut out = String::with_capacity(folded.len());
    for w in folded
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '\'' | '.'))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Population from which a city is looked up by [`sound`] too.
const SOUNDED: u64 = 10_000;

/// A key under which transliterations of one name meet: folded, the
/// Arabic article dropped, tch/sch/sh as ch, q/c/ck as k, ph as f, w as v, y and j as i,
/// ou as u, h dropped, doubled letters single, final vowels dropped
/// ("Hassaké" and "Al-Hasakah" → "asak"; "Racca" and "Ar Raqqah" → "rak").
pub fn sound(name: &str) -> String {
    sound_of_key(&key(name))
}

/// [`sound`] of a name already folded by [`key`].
fn sound_of_key(k: &str) -> String {
    let mut k = k;
    for article in ["al ", "el ", "ar ", "as ", "ad ", "an ", "at "] {
        if let Some(rest) = k.strip_prefix(article) {
            k = rest;
            break;
        }
    }
    let k = k
        .replace(' ', "")
        .replace("tch", "ch")
        .replace("sch", "ch")
        .replace("sh", "ch")
        .replace("ck", "k")
        .replace("ph", "f")
        .replace("ou", "u")
        .replace(['q', 'c'], "k")
        .replace('w', "v")
        .replace(['y', 'j'], "i")
        .replace('h', "");
    let mut out = String::with_capacity(k.len());
    for ch in k.chars() {
        if !out.ends_with(ch) {
            out.push(ch);
        }
    }
    let trimmed = out.trim_end_matches(['a', 'e', 'i', 'o', 'u']);
    trimmed.to_string()
}

fn num<T: std::str::FromStr>(file: &'static str, line: usize, s: &str) -> Result<T, GeoError> {
    s.trim().parse().map_err(|_| GeoError::Data {
        file,
        line,
        what: format!("not a number: {s:?}"),
    })
}

fn coord(file: &'static str, line: usize, lat: &str, lon: &str) -> Result<(f64, f64), GeoError> {
    let (lat, lon): (f64, f64) = (num(file, line, lat)?, num(file, line, lon)?);
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(GeoError::Data {
            file,
            line,
            what: format!("off the globe: {lat}, {lon}"),
        });
    }
    Ok((lat, lon))
}

/// Data lines split on tabs, with their 1-based line numbers.
fn lines<'a>(
    src: &'a str,
    cols: usize,
    file: &'static str,
) -> impl Iterator<Item = Result<(usize, Vec<&'a str>), GeoError>> + 'a {
    src.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.is_empty())
        .map(move |(i, l)| {
            let c: Vec<&str> = l.split('\t').collect();
            match c.len() == cols {
                true => Ok((i + 1, c)),
                false => Err(GeoError::Data {
                    file,
                    line: i + 1,
                    what: format!("{} columns, {cols} expected", c.len()),
                }),
            }
        })
}

impl Gazetteer {
    /// The gazetteer compiled into the binary.
    pub fn builtin() -> Result<Gazetteer, GeoError> {
        let mut cities = String::new();
        flate2::read::GzDecoder::new(&include_bytes!("../data/cities.tsv.gz")[..])
            .read_to_string(&mut cities)
            .map_err(|e| GeoError::Data {
                file: "cities.tsv.gz",
                line: 0,
                what: e.to_string(),
            })?;
        Gazetteer::parse(
            include_str!("../data/countries.tsv"),
            include_str!("../data/admin1.tsv"),
            include_str!("../data/admin2.tsv"),
            &cities,
        )
    }

    /// Parses the four files (formats in `scripts/gazetteer.py`); a
    /// malformed line is an error naming the file and line.
    pub fn parse(
        countries: &str,
        admin1: &str,
        admin2: &str,
        cities: &str,
    ) -> Result<Gazetteer, GeoError> {
        let mut g = Gazetteer::default();
        for row in lines(countries, 8, "countries.tsv") {
            let (n, c) = row?;
            let (lat, lon) = coord("countries.tsv", n, c[5], c[6])?;
            let i = g.push(
                Record {
                    geonameid: num("countries.tsv", n, c[0])?,
                    name: c[3].to_string(),
                    country: c[2].to_string(),
                    admin1: None,
                    area: None,
                    lat,
                    lon,
                    population: num("countries.tsv", n, c[7])?,
                    precision: PlacePrecision::Country,
                },
                [c[4]],
            );
            // ISO's French forms put the article last ("Russie, Fédération de"):
            // the index gets the part before the comma too.
            if let Some((head, _)) = c[4].split_once(',') {
                g.index(head, i);
            }
            g.by_country.insert(c[2].to_string(), i);
        }
        for row in lines(admin1, 7, "admin1.tsv") {
            let (n, c) = row?;
            let (lat, lon) = coord("admin1.tsv", n, c[3], c[4])?;
            let i = g.push(
                Record {
                    geonameid: 0,
                    name: c[2].to_string(),
                    country: c[1].to_string(),
                    admin1: Some(c[0].to_string()),
                    area: Some(c[0].to_string()),
                    lat,
                    lon,
                    population: num("admin1.tsv", n, c[5])?,
                    precision: PlacePrecision::Admin,
                },
                c[6].split('|'),
            );
            g.by_admin.insert(c[0].to_string(), i);
        }
        for row in lines(admin2, 8, "admin2.tsv") {
            let (n, c) = row?;
            let (lat, lon) = coord("admin2.tsv", n, c[4], c[5])?;
            let i = g.push(
                Record {
                    geonameid: 0,
                    name: c[3].to_string(),
                    country: c[2].to_string(),
                    admin1: Some(c[1].to_string()),
                    area: Some(c[0].to_string()),
                    lat,
                    lon,
                    population: num("admin2.tsv", n, c[6])?,
                    precision: PlacePrecision::Admin,
                },
                c[7].split('|'),
            );
            g.by_admin.insert(c[0].to_string(), i);
        }
        for row in lines(cities, 8, "cities.tsv.gz") {
            let (n, c) = row?;
            let (lat, lon) = coord("cities.tsv.gz", n, c[4], c[5])?;
            g.push(
                Record {
                    geonameid: num("cities.tsv.gz", n, c[0])?,
                    name: c[1].to_string(),
                    country: c[2].to_string(),
                    admin1: (!c[3].is_empty()).then(|| c[3].to_string()),
                    area: None,
                    lat,
                    lon,
                    population: num("cities.tsv.gz", n, c[6])?,
                    precision: PlacePrecision::City,
                },
                c[7].split('|'),
            );
        }
        Ok(g)
    }

    fn push<'a>(&mut self, r: Record, aliases: impl IntoIterator<Item = &'a str>) -> u32 {
        let i = self.records.len() as u32;
        let sounded = r.precision != PlacePrecision::City || r.population >= SOUNDED;
        // Each name folded once: indexed, and sounded for larger places.
        let mut keys = vec![key(&r.name)];
        keys.extend(aliases.into_iter().map(key));
        self.records.push(r);
        let mut sounds = Vec::new();
        for k in keys {
            if sounded {
                sounds.push(sound_of_key(&k));
            }
            self.index_key(k, i);
        }
        sounds.sort_unstable();
        sounds.dedup();
        for k in sounds.into_iter().filter(|k| k.len() >= 3) {
            self.by_sound.entry(k).or_default().push(i);
        }
        i
    }

    /// Larger places whose name sounds like `name` ("Racca" and "Ar
    /// Raqqah"): the resolver asks only when no name matches exactly.
    pub fn sounding(&self, name: &str) -> &[u32] {
        self.by_sound.get(&sound(name)).map_or(&[], Vec::as_slice)
    }

    fn index(&mut self, name: &str, i: u32) {
        self.index_key(key(name), i);
    }

    fn index_key(&mut self, k: String, i: u32) {
        if k.is_empty() {
            return;
        }
        // A name of direction words alone ("Nord-Est", "Central") is some
        // country's admin area, and anything but that in the news.
        if k.split(' ').all(|w| DIRECTIONS.contains(&w)) {
            return;
        }
        let v = self.by_name.entry(k).or_default();
        if !v.contains(&i) {
            v.push(i);
        }
    }

    /// Records under a name (any of their names), by index.
    pub fn lookup(&self, name: &str) -> &[u32] {
        self.by_name.get(&key(name)).map_or(&[], Vec::as_slice)
    }

    /// The country record of an ISO alpha-3 code.
    pub fn country(&self, iso3: &str) -> Option<u32> {
        self.by_country.get(iso3).copied()
    }

    /// The record of an admin area ("CN.22", "FR.84.drome").
    pub fn admin(&self, key: &str) -> Option<u32> {
        self.by_admin.get(key).copied()
    }

    pub fn get(&self, i: u32) -> &Record {
        &self.records[i as usize]
    }
}

/// Great-circle distance in kilometres.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUNTRIES: &str = "# c\n1\tXA\tXAA\tAland\tAlande\t10.0\t20.0\t100\n";
    const ADMIN: &str = "XA.01\tXAA\tNorth\t11.0\t21.0\t50\tNord|Le Nord\n";
    const ADMIN2: &str = "XA.01.lac\tXA.01\tXAA\tLac\t10.8\t20.8\t20\tDépartement du Lac\nXA.01.x\tXA.01\tXAA\tNord-Est\t10.8\t20.8\t20\t\n";
    const CITIES: &str = "7\tSaint-Élan\tXAA\tXA.01\t10.5\t20.5\t5000\tSaint Elan|Sankt Elan\n";

    #[test]
    fn names_are_found_under_any_spelling() {
        let g = Gazetteer::parse(COUNTRIES, ADMIN, ADMIN2, CITIES).unwrap();
        for (name, want) in [
            ("Alande", "Aland"),
            ("ALAND", "Aland"),
            ("saint elan", "Saint-Élan"),
            ("Saint-Elan", "Saint-Élan"),
            ("Sankt Elan", "Saint-Élan"),
            ("le nord", "North"),
            ("Département du Lac", "Lac"),
        ] {
            let got: Vec<&str> = g
                .lookup(name)
                .iter()
                .map(|&i| g.get(i).name.as_str())
                .collect();
            assert_eq!(got, [want], "{name}");
        }
        assert!(g.lookup("Elan").is_empty());
        assert!(g.lookup("Nord-Est").is_empty());
        assert_eq!(
            g.get(g.admin("XA.01").unwrap()).place_id(),
            "geonames:admin:XA.01"
        );
        let lac = g.get(g.admin("XA.01.lac").unwrap());
        assert_eq!(lac.admin1.as_deref(), Some("XA.01"));
        assert_eq!(g.get(g.country("XAA").unwrap()).place_id(), "geonames:1");
    }

    #[test]
    fn malformed_lines_are_errors_that_name_their_line() {
        let bad = "1\tXA\tXAA\tAland\tAlande\t95.0\t20.0\t100\n";
        let e = Gazetteer::parse(bad, "", "", "").unwrap_err().to_string();
        assert!(
            e.contains("countries.tsv:1") && e.contains("off the globe"),
            "{e}"
        );
        let e = Gazetteer::parse("", "", "", "7\tX\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("cities.tsv.gz:1") && e.contains("2 columns"),
            "{e}"
        );
        let e = Gazetteer::parse("", "", "", "x\ta\tXAA\t\t1\t2\t3\t\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a number"), "{e}");
    }

    #[test]
    fn transliterations_sound_alike() {
        for (a, b) in [
            ("Hassaké", "Al-Hasakah"),
            ("Racca", "Ar Raqqah"),
            ("Tchernihiv", "Chernihiv"),
            ("Mossoul", "Mosul"),
        ] {
            assert_eq!(sound(a), sound(b), "{a} / {b}");
        }
        assert_ne!(sound("Paris"), sound("Pérou"));
        assert_ne!(sound("Lyon"), sound("Laon"));
    }

    #[test]
    fn distances() {
        let paris = (48.8566, 2.3522);
        let lyon = (45.764, 4.8357);
        assert!((distance_km(paris, lyon) - 392.0).abs() < 5.0);
        assert_eq!(distance_km(paris, paris), 0.0);
        assert!((distance_km((0.0, 179.9), (0.0, -179.9)) - 22.2).abs() < 1.0);
    }
}
