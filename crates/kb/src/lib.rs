//! The knowledge base veille's team curates as TSV files in `data/` (schema
//! in `data/README.md`), compiled into the binary. Parsing of the entity
//! files is lenient: a malformed line is skipped and counted, never fatal
//! ([`link::Linker::builtin`] turns it into a [`KbError`]). The linker's
//! tables (actor codes, role words, word lists) are parsed strictly
//! ([`tables`]). [`link`] resolves mentions to its entries.

pub mod error;
pub mod link;
pub mod tables;

pub use error::KbError;
pub use tables::Tables;

use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq)]
pub struct Weapon {
    pub qid: Option<String>,
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: String,
    /// ISO 3166 alpha-3 of the main operator or maker.
    pub operator: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    pub qid: Option<String>,
    pub iso2: String,
    pub iso3: String,
    pub name_fr: String,
    pub name_en: String,
    pub aliases: Vec<String>,
    pub demonym_fr: String,
    pub demonym_en: String,
    pub capital_fr: String,
    pub capital_en: String,
    /// Names used for the country's government ("Kremlin", "Maison-Blanche").
    pub metonyms: Vec<String>,
}

/// A dependent or disputed territory (Greenland, Western Sahara).
#[derive(Debug, Clone, PartialEq)]
pub struct Territory {
    pub qid: Option<String>,
    pub iso2: String,
    pub iso3: String,
    pub name_fr: String,
    pub name_en: String,
    pub aliases: Vec<String>,
    /// ISO 3166 alpha-3 of the administering country, if any.
    pub sovereign: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub qid: Option<String>,
    pub name_fr: String,
    pub name_en: String,
    pub aliases: Vec<String>,
    pub country: Option<String>,
    pub kind: String,
    /// A representative point (latitude, longitude) for places the
    /// gazetteer has no point for: regions, seas, rivers, continents.
    pub point: Option<(f64, f64)>,
}

impl Territory {
    /// The id the linker gives the territory: its QID, else a veille id.
    pub fn id(&self) -> String {
        self.qid
            .clone()
            .unwrap_or_else(|| format!("veille:loc:{}", link::slug(&self.name_en)))
    }
}

impl Place {
    /// The id the linker gives the place: its QID, else a veille id.
    pub fn id(&self) -> String {
        self.qid
            .clone()
            .unwrap_or_else(|| format!("veille:loc:{}", link::slug(&self.name_en)))
    }
}

/// "48.0, 37.8" → (48.0, 37.8), when both are numbers on the globe.
fn point(s: &str) -> Option<(f64, f64)> {
    let (a, b) = s.split_once(',')?;
    let (lat, lon) = (a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?);
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
}

#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    pub qid: Option<String>,
    pub name_fr: String,
    pub name_en: String,
    pub aliases: Vec<String>,
    pub kind: String,
    pub country: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Office {
    /// "president", "foreign_minister", …
    pub role: String,
    /// ISO 3166 alpha-3 country code or an organisation's short name ("NATO").
    pub of: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub qid: Option<String>,
    pub name: String,
    pub aliases: Vec<String>,
    pub country: Option<String>,
    pub offices: Vec<Office>,
}

#[derive(Debug, Default)]
pub struct Kb {
    pub countries: Vec<Country>,
    pub territories: Vec<Territory>,
    pub places: Vec<Place>,
    pub organizations: Vec<Organization>,
    pub people: Vec<Person>,
    pub weapons: Vec<Weapon>,
    /// Lines that could not be read, as "file:line".
    pub skipped: Vec<String>,
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn rows<'a>(name: &str, src: &'a str, cols: usize, skipped: &mut Vec<String>) -> Vec<Vec<&'a str>> {
    let mut out = Vec::new();
    for (i, line) in src.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut c: Vec<&str> = line.split('\t').collect();
        if c.len() < cols - 1 || c.len() > cols {
            skipped.push(format!("{name}:{}", i + 1));
            continue;
        }
        c.resize(cols, "");
        out.push(c);
    }
    out
}

impl Kb {
    /// Parses the TSV sources.
    pub fn parse(
        countries: &str,
        territories: &str,
        places: &str,
        organizations: &str,
        people: &str,
        weapons: &str,
    ) -> Kb {
        let mut kb = Kb::default();
        let mut skipped = Vec::new();
        for c in rows("countries.tsv", countries, 11, &mut skipped) {
            kb.countries.push(Country {
                qid: opt(c[0]),
                iso2: c[1].trim().to_string(),
                iso3: c[2].trim().to_string(),
                name_fr: c[3].trim().to_string(),
                name_en: c[4].trim().to_string(),
                aliases: list(c[5]),
                demonym_fr: c[6].trim().to_string(),
                demonym_en: c[7].trim().to_string(),
                capital_fr: c[8].trim().to_string(),
                capital_en: c[9].trim().to_string(),
                metonyms: list(c[10]),
            });
        }
        for c in rows("territories.tsv", territories, 7, &mut skipped) {
            kb.territories.push(Territory {
                qid: opt(c[0]),
                iso2: c[1].trim().into(),
                iso3: c[2].trim().into(),
                name_fr: c[3].trim().into(),
                name_en: c[4].trim().into(),
                aliases: list(c[5]),
                sovereign: opt(c[6]),
            });
        }
        for (i, c) in rows("places.tsv", places, 7, &mut skipped)
            .into_iter()
            .enumerate()
        {
            let at = point(c[6]);
            if at.is_none() && !c[6].trim().is_empty() {
                skipped.push(format!("places.tsv:record {} (point)", i + 1));
            }
            kb.places.push(Place {
                qid: opt(c[0]),
                name_fr: c[1].trim().into(),
                name_en: c[2].trim().into(),
                aliases: list(c[3]),
                country: opt(c[4]),
                kind: c[5].trim().into(),
                point: at,
            });
        }
        for c in rows("organizations.tsv", organizations, 6, &mut skipped) {
            kb.organizations.push(Organization {
                qid: opt(c[0]),
                name_fr: c[1].trim().into(),
                name_en: c[2].trim().into(),
                aliases: list(c[3]),
                kind: c[4].trim().into(),
                country: opt(c[5]),
            });
        }
        for c in rows("people.tsv", people, 5, &mut skipped) {
            let offices = list(c[4])
                .iter()
                .filter_map(|o| {
                    let (role, rest) = o.split_once('@')?;
                    let mut parts = rest.split(':');
                    let of = parts.next()?.to_string();
                    Some(Office {
                        role: role.to_string(),
                        of,
                        from: parts.next().and_then(opt),
                        to: parts.next().and_then(opt),
                    })
                })
                .collect();
            kb.people.push(Person {
                qid: opt(c[0]),
                name: c[1].trim().into(),
                aliases: list(c[2]),
                country: opt(c[3]),
                offices,
            });
        }
        for c in rows("weapons.tsv", weapons, 5, &mut skipped) {
            kb.weapons.push(Weapon {
                qid: opt(c[0]),
                name: c[1].trim().into(),
                aliases: list(c[2]),
                kind: c[3].trim().into(),
                operator: opt(c[4]),
            });
        }
        kb.skipped = skipped;
        kb
    }

    /// Phrases and their NER class (PER, LOC, ORG) for the tagger's gazetteer.
    pub fn gazetteer(&self) -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        for c in &self.countries {
            for n in [&c.name_fr, &c.name_en, &c.capital_fr, &c.capital_en]
                .into_iter()
                .chain(&c.aliases)
            {
                out.push((n.clone(), "LOC"));
            }
        }
        for p in &self.places {
            for n in [&p.name_fr, &p.name_en].into_iter().chain(&p.aliases) {
                out.push((n.clone(), "LOC"));
            }
        }
        for t in &self.territories {
            for n in [&t.name_fr, &t.name_en].into_iter().chain(&t.aliases) {
                out.push((n.clone(), "LOC"));
            }
        }
        for o in &self.organizations {
            for n in [&o.name_fr, &o.name_en].into_iter().chain(&o.aliases) {
                out.push((n.clone(), "ORG"));
            }
        }
        for p in &self.people {
            for n in std::iter::once(&p.name).chain(&p.aliases) {
                out.push((n.clone(), "PER"));
            }
        }
        for w in &self.weapons {
            for n in std::iter::once(&w.name).chain(&w.aliases) {
                out.push((n.clone(), "PRODUCT"));
            }
        }
        out.retain(|(n, _)| n.chars().any(|c| c.is_uppercase()));
        out
    }
}

/// The knowledge base shipped with veille.
pub fn builtin() -> &'static Kb {
    static KB: LazyLock<Kb> = LazyLock::new(|| {
        Kb::parse(
            include_str!("../data/countries.tsv"),
            include_str!("../data/territories.tsv"),
            include_str!("../data/places.tsv"),
            include_str!("../data/organizations.tsv"),
            include_str!("../data/people.tsv"),
            include_str!("../data/weapons.tsv"),
        )
    });
    &KB
}

/// The linker over the built-in knowledge base, shared by unit tests.
/// Programs own theirs (`Linker::builtin`, held by the pipeline).
#[cfg(test)]
pub(crate) fn linker() -> &'static link::Linker {
    static LINKER: LazyLock<link::Linker> =
        LazyLock::new(|| link::Linker::builtin().expect("built-in knowledge base"));
    &LINKER
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_data_parses_completely() {
        let kb = builtin();
        assert!(kb.skipped.is_empty(), "malformed lines: {:?}", kb.skipped);
        assert!(
            kb.countries.len() >= 195,
            "all UN members and observers: {}",
            kb.countries.len()
        );
        assert!(kb
            .territories
            .iter()
            .any(|t| t.name_fr == "Groenland" && t.sovereign.as_deref() == Some("DNK")));
        let iso: std::collections::HashSet<&str> = kb
            .countries
            .iter()
            .map(|c| c.iso3.as_str())
            .chain(kb.territories.iter().map(|t| t.iso3.as_str()))
            .filter(|s| !s.is_empty())
            .collect();
        assert_eq!(
            iso.len(),
            kb.countries.len() + kb.territories.iter().filter(|t| !t.iso3.is_empty()).count(),
            "duplicate ISO codes"
        );
        let rus = kb.countries.iter().find(|c| c.iso3 == "RUS").unwrap();
        assert_eq!(rus.demonym_fr, "russe");
        assert!(rus.metonyms.contains(&"Kremlin".to_string()));
        let putin = kb
            .people
            .iter()
            .find(|p| p.name == "Vladimir Poutine")
            .unwrap();
        assert!(putin.aliases.contains(&"Putin".to_string()));
        assert_eq!(putin.offices[0].role, "president");
        assert_eq!(putin.offices[0].from.as_deref(), Some("2012-05-07"));
        assert_eq!(putin.offices[0].to, None);
        for (what, qids) in [
            (
                "countries",
                kb.countries
                    .iter()
                    .filter_map(|c| c.qid.as_ref())
                    .collect::<Vec<_>>(),
            ),
            (
                "places",
                kb.places.iter().filter_map(|c| c.qid.as_ref()).collect(),
            ),
            (
                "organizations",
                kb.organizations
                    .iter()
                    .filter_map(|c| c.qid.as_ref())
                    .collect(),
            ),
            (
                "people",
                kb.people.iter().filter_map(|c| c.qid.as_ref()).collect(),
            ),
        ] {
            let unique: std::collections::HashSet<_> = qids.iter().collect();
            assert_eq!(unique.len(), qids.len(), "duplicate QIDs in {what}");
        }
    }

    #[test]
    fn malformed_lines_are_skipped_and_reported() {
        let kb = Kb::parse("only\ttwo\n", "", "", "", "\tA B\t\tFRA\tpresident\n", "");
        assert!(kb.countries.is_empty());
        assert_eq!(kb.skipped, ["countries.tsv:1"]);
        assert_eq!(kb.people.len(), 1);
        assert!(kb.people[0].offices.is_empty());
    }

    #[test]
    fn gazetteer_classes() {
        let g = builtin().gazetteer();
        assert!(g.contains(&("Pékin".to_string(), "LOC")));
        assert!(g.contains(&("OTAN".to_string(), "ORG")));
        assert!(g.contains(&("Sergueï Lavrov".to_string(), "PER")));
    }
}
