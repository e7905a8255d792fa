//! Languages: the two veille analyses fully, any other by its ISO code.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A document's or a paragraph's language. French and English have every
/// stage; any other language is kept by its ISO 639 code (cleaning,
/// language-neutral segmentation and search still apply); `Und` when
/// there was too little text to decide.
///
/// Serialised as its code: "fr", "en", "de", …, "und".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    Fr,
    En,
    /// Another language, by its ISO 639-1 (or -3) code in lower case.
    Other(IsoCode),
    #[default]
    Und,
}

/// An ISO 639 language code of two or three ASCII lower-case letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoCode([u8; 3]);

impl IsoCode {
    /// The code, if `s` is two or three ASCII letters (case ignored).
    pub fn new(s: &str) -> Option<IsoCode> {
        let b = s.as_bytes();
        if !(2..=3).contains(&b.len()) || !b.iter().all(u8::is_ascii_alphabetic) {
            return None;
        }
        let mut c = [0u8; 3];
        for (i, x) in b.iter().enumerate() {
            c[i] = x.to_ascii_lowercase();
        }
        Some(IsoCode(c))
    }

    pub fn as_str(&self) -> &str {
        let n = if self.0[2] == 0 { 2 } else { 3 };
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0[..n]).unwrap_or("und")
    }
}

impl Lang {
    /// The language of an ISO 639 code ("fr", "EN", "de"); `Und` for
    /// "und", empty or malformed codes.
    pub fn from_code(code: &str) -> Lang {
        match code.trim().to_ascii_lowercase().as_str() {
            "fr" | "fra" | "fre" => Lang::Fr,
            "en" | "eng" => Lang::En,
            "und" | "" => Lang::Und,
            c => IsoCode::new(c).map_or(Lang::Und, Lang::Other),
        }
    }

    /// The ISO code ("und" when undecided).
    pub fn as_str(&self) -> &str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::Other(c) => c.as_str(),
            Lang::Und => "und",
        }
    }

    /// Whether veille has models for this language (French, English).
    pub fn is_analysed(&self) -> bool {
        matches!(self, Lang::Fr | Lang::En)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl std::str::FromStr for Lang {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Lang, Self::Err> {
        Ok(Lang::from_code(s))
    }
}

impl From<&str> for Lang {
    fn from(code: &str) -> Lang {
        Lang::from_code(code)
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(Lang::from_code(&s))
    }
}

impl PartialEq<&str> for Lang {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for (code, expect) in [
            ("fr", "fr"),
            ("EN", "en"),
            ("de", "de"),
            ("ukr", "ukr"),
            ("und", "und"),
            ("", "und"),
            ("x1", "und"),
            ("toolong", "und"),
        ] {
            assert_eq!(Lang::from_code(code).as_str(), expect, "{code}");
        }
        assert_eq!(Lang::from_code("fra"), Lang::Fr);
        let json = serde_json::to_string(&Lang::from_code("de")).unwrap();
        assert_eq!(json, "\"de\"");
        assert_eq!(serde_json::from_str::<Lang>(&json).unwrap().as_str(), "de");
    }
}
