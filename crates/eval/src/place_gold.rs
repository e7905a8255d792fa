//! Places on the map against the team's hand-annotated French gold
//! (`tests/gold/places/`): one record per place-name mention with the
//! place the annotator chose (GeoNames id or a point, its country and
//! precision).
//!
//! A gold mention is **found** when a predicted place entity overlaps it.
//! Scores, over all gold mentions (a mention not found counts as wrong):
//! - **within 161 km** of the gold point (the 100-mile rule of toponym
//!   resolution papers); for countries and regions the point is a
//!   convention, so they also count when the country is right;
//! - **right country** over gold mentions that have a country;
//!
//! and **precision**: predicted places in the annotated articles that
//! overlap a gold mention.

use crate::gold::overlap;
use crate::EvalError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use veille_core::{Place, PlacePrecision};

/// One gold place mention, as annotated.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GoldPlace {
    pub file: String,
    pub sentence: String,
    pub text: String,
    pub geonameid: Option<u64>,
    pub name: String,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub precision: PlacePrecision,
    #[serde(default)]
    pub metonymy: bool,
}

#[derive(Debug, Clone)]
pub struct GoldArticle {
    pub file: String,
    pub text: String,
    pub places: Vec<GoldPlace>,
}

/// Reads gold places (`places*.jsonl` in `dir`, or one file, with the
/// `files*.txt` lists of annotated articles) and their WiNER articles.
pub fn read(gold: &Path, winer: &Path) -> Result<Vec<GoldArticle>, EvalError> {
    Ok(
        crate::gold::read(gold, winer, "places", |p: &GoldPlace| &p.file)?
            .into_iter()
            .map(|(file, text, places)| GoldArticle { file, text, places })
            .collect(),
    )
}

/// Counts for one slice of the gold.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Counts {
    pub gold: usize,
    pub found: usize,
    pub within_161km: usize,
    pub with_country: usize,
    pub right_country: usize,
}

impl Counts {
    pub fn rate(n: usize, d: usize) -> f64 {
        if d == 0 {
            0.0
        } else {
            n as f64 / d as f64
        }
    }
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct PlaceReport {
    pub task: &'static str,
    pub data: String,
    pub articles: usize,
    pub all: Counts,
    pub predicted: usize,
    pub predicted_on_gold: usize,
    /// Found gold mentions that have a country.
    pub found_with_country: usize,
    pub per_precision: BTreeMap<String, Counts>,
    /// Wrong or missed mentions: (file, text, gold name, what was chosen).
    #[serde(skip)]
    pub errors: Vec<(String, String, String, String)>,
}

/// Gold mentions placed in the raw text: the n-th occurrence of their text
/// in their sentence for the n-th record of that (sentence, text).
fn gold_spans(a: &GoldArticle) -> Vec<Option<(usize, usize)>> {
    let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    a.places
        .iter()
        .map(|g| {
            let n = seen.entry((&g.sentence, &g.text)).or_default();
            *n += 1;
            let s = a.text.find(&g.sentence)?;
            let (i, _) = a.text[s..s + g.sentence.len()]
                .match_indices(&g.text)
                .nth(*n - 1)?;
            Some((s + i, s + i + g.text.len()))
        })
        .collect()
}

/// Scores predicted places (byte range in the raw text and the place) of
/// each article.
pub fn score(
    articles: &[GoldArticle],
    predicted: &[Vec<((usize, usize), Place)>],
    data: String,
) -> PlaceReport {
    let mut r = PlaceReport {
        task: "places",
        data,
        articles: articles.len(),
        ..Default::default()
    };
    for (a, preds) in articles.iter().zip(predicted) {
        let spans = gold_spans(a);
        r.predicted += preds.len();
        r.predicted_on_gold += preds
            .iter()
            .filter(|(s, _)| spans.iter().flatten().any(|g| overlap(*g, *s)))
            .count();
        for (g, span) in a.places.iter().zip(&spans) {
            let slices = ["all".to_string(), g.precision.as_str().to_string()];
            let hit = span.and_then(|s| preds.iter().find(|(p, _)| overlap(*p, s)).map(|(_, p)| p));
            let km = hit.map(|p| veille_geo::distance_km((p.lat, p.lon), (g.lat, g.lon)));
            let country_ok = hit.is_some_and(|p| g.country.is_some() && p.country == g.country);
            let near = km.is_some_and(|d| d <= 161.0)
                || (country_ok
                    && matches!(
                        g.precision,
                        PlacePrecision::Country | PlacePrecision::Region
                    ));
            r.found_with_country += usize::from(hit.is_some() && g.country.is_some());
            for slice in slices {
                let c = if slice == "all" {
                    &mut r.all
                } else {
                    r.per_precision.entry(slice).or_default()
                };
                c.gold += 1;
                c.found += usize::from(hit.is_some());
                c.within_161km += usize::from(near);
                c.with_country += usize::from(g.country.is_some());
                c.right_country += usize::from(country_ok);
            }
            if !near || (g.country.is_some() && !country_ok) {
                let chose = match (hit, km) {
                    (Some(p), Some(d)) => format!(
                        "{} ({}, {}) at {d:.0} km",
                        p.name,
                        p.country.as_deref().unwrap_or("-"),
                        p.precision.as_str()
                    ),
                    _ => "not found".to_string(),
                };
                r.errors.push((
                    a.file.clone(),
                    g.text.clone(),
                    format!("{} ({})", g.name, g.country.as_deref().unwrap_or("-")),
                    chose,
                ));
            }
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(text: &str, lat: f64, lon: f64, country: &str, precision: PlacePrecision) -> GoldPlace {
        GoldPlace {
            file: "f".into(),
            sentence: "Il va de Lyon à Paris, puis Paris.".into(),
            text: text.into(),
            geonameid: None,
            name: text.into(),
            country: Some(country.into()),
            lat,
            lon,
            precision,
            metonymy: false,
        }
    }

    fn place(lat: f64, lon: f64, country: &str) -> Place {
        Place {
            lat,
            lon,
            country: Some(country.into()),
            ..Place::default()
        }
    }

    #[test]
    fn mentions_by_occurrence_distance_and_country() {
        let text = "Titre. Il va de Lyon à Paris, puis Paris.";
        let a = GoldArticle {
            file: "f".into(),
            text: text.into(),
            places: vec![
                gold("Lyon", 45.76, 4.84, "FRA", PlacePrecision::City),
                gold("Paris", 48.86, 2.35, "FRA", PlacePrecision::City),
                gold("Paris", 48.86, 2.35, "FRA", PlacePrecision::City),
            ],
        };
        let at = |s: &str, n: usize| {
            let i = text.match_indices(s).nth(n).unwrap().0;
            (i, i + s.len())
        };
        let preds = vec![
            (at("Lyon", 0), place(45.7, 4.9, "FRA")),      // right
            (at("Paris", 0), place(33.66, -95.56, "USA")), // Paris, Texas: wrong
            (at("Titre", 0), place(0.0, 0.0, "FRA")),      // not a gold mention
        ];
        let r = score(&[a], &[preds], "t".into());
        assert_eq!(
            (
                r.all.gold,
                r.all.found,
                r.all.within_161km,
                r.all.right_country
            ),
            (3, 2, 1, 1)
        );
        assert_eq!((r.predicted, r.predicted_on_gold), (3, 2));
        assert_eq!(r.found_with_country, 2);
        assert_eq!(r.errors.len(), 2, "{:?}", r.errors);
        assert_eq!(r.per_precision["city"].gold, 3);
    }

    #[test]
    fn a_country_counts_by_its_country_wherever_its_point() {
        let text = "Il va de Lyon à Paris, puis Paris.";
        let mut g = gold("Lyon", 46.6, 2.4, "FRA", PlacePrecision::Country);
        g.text = "Lyon".into();
        let a = GoldArticle {
            file: "f".into(),
            text: text.into(),
            places: vec![g],
        };
        let preds = vec![((9, 13), place(43.0, 5.0, "FRA"))];
        let r = score(&[a], &[preds], "t".into());
        assert_eq!(r.all.within_161km, 1);
    }
}
