//! Golden cleaning output on the team's fixture articles.

use veille_clean::{clean, Hints};

fn render(name: &str, raw: &str) -> String {
    let c = clean(
        raw,
        &Hints {
            first_line_title: true,
            ..Default::default()
        },
    );
    let mut out = format!(
        "# {name}\ntitle: {:?}\nauthor: {:?}\ndate: {:?}\nlang: {:?}\n",
        c.title,
        c.author,
        c.date.map(|d| d.value),
        c.lang.map(|l| l.lang)
    );
    out.push_str("removed:\n");
    for r in &c.removed {
        out.push_str(&format!(
            "  {:>3} {:<18} {}\n",
            r.line,
            r.reason.as_str(),
            r.text
        ));
    }
    out.push_str("flags:\n");
    for f in &c.flags {
        out.push_str(&format!("  {}..{} {}\n", f.span.start, f.span.end, f.text));
    }
    out.push_str("text:\n");
    out.push_str(&c.text);
    out.push('\n');
    out
}

#[test]
fn golden_fr_sommet_minsk() {
    insta::assert_snapshot!(render(
        "fr_sommet_minsk",
        include_str!("../../../tests/fixtures/corpus/fr_sommet_minsk.txt")
    ));
}

#[test]
fn golden_fr_otan_vilnius() {
    insta::assert_snapshot!(render(
        "fr_otan_vilnius",
        include_str!("../../../tests/fixtures/corpus/fr_otan_vilnius.txt")
    ));
}

#[test]
fn golden_en_grain_corridor() {
    insta::assert_snapshot!(render(
        "en_grain_corridor",
        include_str!("../../../tests/fixtures/corpus/en_grain_corridor.txt")
    ));
}

#[test]
fn flags_point_into_the_cleaned_text() {
    for raw in [include_str!("../../../tests/fixtures/corpus/fr_sommet_minsk.txt"), "Le président a déclaré que [We] sont prêts à offrir des armes modernes à nos alliés, a rapporté l’agence officielle."] {
        let c = clean(raw, &Hints::default());
        assert!(!c.flags.is_empty());
        for f in &c.flags {
            assert_eq!(f.span.slice(&c.text), f.text);
        }
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn cleaning_never_panics_and_flags_are_valid(raw in r"([A-Za-zéà’'«»\[\]\(\):\-\.,!?0-9 ]{0,30}\n?){0,20}") {
            let c = clean(&raw, &Hints { first_line_title: true, ..Default::default() });
            for f in &c.flags {
                prop_assert_eq!(f.span.slice(&c.text), f.text.as_str());
            }
            // Cleaning removes; it never invents words.
            for w in c.text.split_whitespace() {
                prop_assert!(raw.contains(w), "word {:?} not in input", w);
            }
        }
    }
}
