//! The synthetic stream: deterministic, with the shares asked for, copies
//! whose text is an earlier article's, and stories that recur.

use proptest::prelude::*;
use std::collections::HashMap;
use veille_core::Format;
use veille_synth::{Generator, Kind, Options};

fn body(d: &veille_core::RawDoc) -> String {
    // The article's paragraphs, whatever the dress.
    match d.format {
        Format::Html => d
            .text
            .split("<p>")
            .skip(1)
            .filter_map(|p| p.split("</p>").next())
            .filter(|p| !p.contains("class="))
            .map(|p| {
                p.replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&")
            })
            .collect::<Vec<_>>()
            .join("\n\n"),
        _ => d.text.clone(),
    }
}

#[test]
fn the_same_seed_gives_the_same_stream() {
    let a: Vec<_> = Generator::new(Options::default()).take(300).collect();
    let b: Vec<_> = Generator::new(Options::default()).take(300).collect();
    assert_eq!(a, b);
    let c: Vec<_> = Generator::new(Options {
        seed: 7,
        ..Options::default()
    })
    .take(300)
    .collect();
    assert_ne!(a, c);
}

#[test]
fn shares_copies_and_stories() {
    let mut g = Generator::new(Options::default());
    let mut kinds: HashMap<Kind, usize> = HashMap::new();
    let mut stories: HashMap<usize, usize> = HashMap::new();
    let mut html = 0;
    let mut english = 0;
    let mut seen_paragraphs = std::collections::HashSet::new();
    for _ in 0..4000 {
        let d = g.next().unwrap();
        let (kind, story) = g.last_kind().unwrap();
        *kinds.entry(kind).or_default() += 1;
        if kind == Kind::Original {
            *stories.entry(story).or_default() += 1;
        }
        html += usize::from(d.format == Format::Html);
        english += usize::from(d.text.contains("<html lang=\"en\"") || d.text.contains(" the "));
        let text = body(&d);
        let first = text.split("\n\n").next().unwrap().to_string();
        if kind == Kind::Original {
            seen_paragraphs.insert(first);
        } else {
            assert!(
                seen_paragraphs.contains(&first),
                "a copy starts like an earlier article: {first}"
            );
            assert!(text.contains("https://"), "a copy names its source");
        }
        if kind == Kind::Original {
            assert!(text.split_whitespace().count() >= 45, "{text}");
        }
    }
    let copies = kinds.get(&Kind::Repost).unwrap_or(&0) + kinds.get(&Kind::Partial).unwrap_or(&0);
    assert!((300..700).contains(&copies), "about 12 % copies: {copies}");
    assert!(kinds[&Kind::Partial] > 50);
    assert!((1600..2400).contains(&html), "half pages: {html}");
    assert!(
        (600..1500).contains(&english),
        "a quarter in English: {english}"
    );
    let followed = stories.values().filter(|&&n| n >= 3).count();
    assert!(
        followed * 5 > stories.len(),
        "stories run over several articles"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Whatever the seed and shares, every document has a source, a URL
    /// and text, and pages are one <html> each.
    #[test]
    fn every_document_is_whole(seed in any::<u64>(), english in 0.0f64..1.0, copies in 0.0f64..1.0, html in 0.0f64..1.0) {
        let g = Generator::new(Options { seed, english, copies, html, per_day: 50 });
        for d in g.take(120) {
            prop_assert!(!d.source.is_empty());
            prop_assert!(d.url.as_deref().is_some_and(|u| u.starts_with("https://")));
            prop_assert!(d.text.len() > 200);
            if d.format == Format::Html {
                prop_assert_eq!(d.text.matches("<html").count(), 1);
                prop_assert!(d.text.ends_with("</html>"));
            } else {
                prop_assert!(d.title.is_some() && d.date.is_some());
            }
        }
    }
}
