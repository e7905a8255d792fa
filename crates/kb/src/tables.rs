//! The linker's tables, kept as data so that other stages (events) share
//! them: actor codes (`data/actor_codes.tsv`), role descriptions
//! (`data/roles.tsv`) and word lists (`data/words.tsv`). Schemas in
//! `data/README.md`. Parsing is strict: a malformed line is an error.

use crate::error::KbError;
use std::collections::{HashMap, HashSet};
use veille_core::fold;

/// Where a role phrase stands ([`RolePhrase::kind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoleKind {
    /// French role before a demonym: "président" in "le président russe".
    BeforeDemonym,
    /// What follows the demonym after a bare "ministre": "des affaires étrangères".
    Complement,
    /// English role after a demonym: "president" in "the Russian president".
    AfterDemonym,
    /// A role before a seat of government: "porte-parole" in "porte-parole du Kremlin".
    BeforeSeat,
    /// Words between that role and the seat: "du", "the".
    SeatLink,
    /// A seat of government (a country metonym) and its chief's role.
    Seat,
}

impl RoleKind {
    fn parse(s: &str) -> Option<RoleKind> {
        Some(match s {
            "before_demonym" => RoleKind::BeforeDemonym,
            "complement" => RoleKind::Complement,
            "after_demonym" => RoleKind::AfterDemonym,
            "before_seat" => RoleKind::BeforeSeat,
            "seat_link" => RoleKind::SeatLink,
            "seat" => RoleKind::Seat,
            _ => return None,
        })
    }
}

/// One line of `roles.tsv`.
#[derive(Debug, Clone, PartialEq)]
pub struct RolePhrase {
    /// "fr" or "en".
    pub lang: String,
    pub kind: RoleKind,
    pub phrase: String,
    /// The office role it denotes ("foreign_minister"), "complement" (given
    /// by the complement that follows), "head" (the seat chief's role), or
    /// empty for seat links.
    pub role: String,
}

/// The linker's tables.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    /// Organisation English name → fixed code ("NATO" → "IGOWSTNAT").
    pub igo_name: HashMap<String, String>,
    /// Organisation short name in offices → code ("EU" → "IGOEUREEC").
    pub igo_short: HashMap<String, String>,
    /// Organisation kind → role code after its country ("government" → "GOV").
    pub org_kind: HashMap<String, String>,
    /// Organisation kind → whole code ("ngo" → "NGO").
    pub org_kind_alone: HashMap<String, String>,
    /// Office role → role code after its country ("defence_minister" → "MIL").
    pub office: HashMap<String, String>,
    /// Office role held outside any country → role code ("leader" → "REB").
    pub office_nonstate: HashMap<String, String>,
    /// Office roles of intergovernmental organisations → code prefix for
    /// organisations without an `igo_short` code.
    pub office_igo: HashMap<String, String>,
    /// Role phrases in file order.
    pub roles: Vec<RolePhrase>,
    /// Folded single-word person aliases too common to link alone.
    pub ambiguous: HashSet<String>,
    /// Lower-cased words after which a capital is a place.
    pub place_before: HashSet<String>,
}

/// The data lines of a TSV file with exactly `cols` columns (a last empty
/// column may be left out), with their 1-based line numbers.
fn lines<'a>(file: &str, src: &'a str, cols: usize) -> Result<Vec<(usize, Vec<&'a str>)>, KbError> {
    let mut out = Vec::new();
    for (i, line) in src.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut c: Vec<&str> = line.split('\t').map(str::trim).collect();
        if c.len() + 1 < cols || c.len() > cols {
            return Err(KbError::Malformed {
                file: file.into(),
                line: i + 1,
                reason: format!("{} columns, expected {cols}", c.len()),
            });
        }
        c.resize(cols, "");
        if c[..cols - 1].iter().any(|x| x.is_empty()) {
            return Err(KbError::Malformed {
                file: file.into(),
                line: i + 1,
                reason: "empty column".into(),
            });
        }
        out.push((i + 1, c));
    }
    Ok(out)
}

impl Tables {
    /// Parses `actor_codes.tsv`, `roles.tsv` and `words.tsv`.
    pub fn parse(actor_codes: &str, roles: &str, words: &str) -> Result<Tables, KbError> {
        let mut t = Tables::default();
        for (line, c) in lines("actor_codes.tsv", actor_codes, 3)? {
            let map = match c[0] {
                "igo_name" => &mut t.igo_name,
                "igo_short" => &mut t.igo_short,
                "org_kind" => &mut t.org_kind,
                "org_kind_alone" => &mut t.org_kind_alone,
                "office" => &mut t.office,
                "office_nonstate" => &mut t.office_nonstate,
                "office_igo" => &mut t.office_igo,
                other => {
                    return Err(KbError::Malformed {
                        file: "actor_codes.tsv".into(),
                        line,
                        reason: format!("unknown table {other:?}"),
                    })
                }
            };
            if c[2].is_empty() || map.insert(c[1].into(), c[2].into()).is_some() {
                return Err(KbError::Malformed {
                    file: "actor_codes.tsv".into(),
                    line,
                    reason: format!("{} {:?}: empty or duplicate", c[0], c[1]),
                });
            }
        }
        for (line, c) in lines("roles.tsv", roles, 4)? {
            let bad = |reason: String| KbError::Malformed {
                file: "roles.tsv".into(),
                line,
                reason,
            };
            if c[0] != "fr" && c[0] != "en" {
                return Err(bad(format!("unknown language {:?}", c[0])));
            }
            let kind =
                RoleKind::parse(c[1]).ok_or_else(|| bad(format!("unknown kind {:?}", c[1])))?;
            if (kind == RoleKind::SeatLink) != c[3].is_empty() {
                return Err(bad("a role is required, except on seat links".into()));
            }
            t.roles.push(RolePhrase {
                lang: c[0].into(),
                kind,
                phrase: c[2].into(),
                role: c[3].into(),
            });
        }
        for (line, c) in lines("words.tsv", words, 2)? {
            let set = match c[0] {
                "ambiguous" => &mut t.ambiguous,
                "place_before" => &mut t.place_before,
                other => {
                    return Err(KbError::Malformed {
                        file: "words.tsv".into(),
                        line,
                        reason: format!("unknown list {other:?}"),
                    })
                }
            };
            set.insert(if c[0] == "ambiguous" {
                fold(c[1])
            } else {
                c[1].to_lowercase()
            });
        }
        Ok(t)
    }

    /// The tables shipped with veille.
    pub fn builtin() -> Result<Tables, KbError> {
        Tables::parse(
            include_str!("../data/actor_codes.tsv"),
            include_str!("../data/roles.tsv"),
            include_str!("../data/words.tsv"),
        )
    }

    /// The phrases of one kind, in file order.
    pub fn phrases(&self, kind: RoleKind) -> impl Iterator<Item = &RolePhrase> {
        self.roles.iter().filter(move |r| r.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_tables_parse() {
        let t = Tables::builtin().unwrap();
        assert_eq!(t.igo_name["NATO"], "IGOWSTNAT");
        assert_eq!(t.office["defence_minister"], "MIL");
        assert!(t.ambiguous.contains("xi"));
        assert!(t.place_before.contains("à"));
        assert!(t.phrases(RoleKind::Seat).any(|r| r.phrase == "Kremlin"));
    }

    #[test]
    fn malformed_tables_are_typed_errors() {
        for (codes, roles, words, want) in [
            ("igo_name\tNATO\n", "", "", "actor_codes.tsv:1"),
            ("nope\tNATO\tX\n", "", "", "actor_codes.tsv:1"),
            (
                "office\ta\tMIL\noffice\ta\tGOV\n",
                "",
                "",
                "actor_codes.tsv:2",
            ),
            ("", "#\nde\tseat\tKremlin\tpresident\n", "", "roles.tsv:2"),
            ("", "fr\tseat\tKremlin\n", "", "roles.tsv:1"),
            ("", "fr\tsomewhere\tx\tpresident\n", "", "roles.tsv:1"),
            ("", "", "colours\tred\n", "words.tsv:1"),
            ("", "", "ambiguous\ta\tb\n", "words.tsv:1"),
        ] {
            let e = Tables::parse(codes, roles, words).unwrap_err();
            assert!(e.to_string().starts_with(want), "{e} ≠ {want}");
        }
    }
}
