//! The linker through its public API: names, roles and their dates.

use veille_core::EntityLabel;
use veille_kb::link::{Linker, Mention};

fn linker() -> &'static Linker {
    static L: std::sync::LazyLock<Linker> =
        std::sync::LazyLock::new(|| Linker::builtin().expect("built-in knowledge base"));
    &L
}

fn nominals(text: &str, date: &str) -> Vec<(String, String)> {
    let (_, n) = linker().link(text, &[], Some(date));
    n.into_iter().map(|n| (n.text, n.link.canonical)).collect()
}

#[test]
fn english_role_descriptions_name_the_office_holder() {
    let got = nominals(
        "The Russian president met the American secretary of state on Monday.",
        "2023-03-20",
    );
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].0, "Russian president");
    assert_eq!(got[0].1, "Vladimir Poutine");
    assert_eq!(got[1].0, "American secretary of state");
    assert_eq!(got[1].1, "Antony Blinken");
    // Several spaces or a line break between demonym and role are fine.
    let got = nominals("the Russian\n  president said", "2023-03-20");
    assert_eq!(got.len(), 1, "{got:?}");
}

#[test]
fn english_roles_need_whole_words() {
    // "vice-president", "leadership", "Prussian" hold a role or a demonym
    // only as part of a longer word.
    for text in [
        "the Russian vice-president spoke",
        "the Russian leadership spoke",
        "the Prussian president spoke",
        "Russianpresident",
    ] {
        assert!(nominals(text, "2023-03-20").is_empty(), "{text}");
    }
    // A demonym after a hyphen starts at a word boundary.
    let got = nominals("a pro-Russian president", "2023-03-20");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "Russian president");
}

#[test]
fn french_role_descriptions_and_metonyms() {
    let got = nominals(
        "Le chef de la diplomatie russe a rencontré le porte-parole du Kremlin.",
        "2023-03-20",
    );
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].1, "Sergueï Lavrov");
    assert_eq!(got[1].0, "porte-parole du Kremlin");
}

#[test]
fn mentions_link_across_spellings_and_never_panic_on_odd_offsets() {
    let text = "Путин и Putin";
    let m = [
        Mention {
            start: 0,
            end: 10,
            text: "Путин",
            label: EntityLabel::Per,
        },
        Mention {
            start: 13,
            end: 18,
            text: "Putin",
            label: EntityLabel::Per,
        },
    ];
    let (links, _) = linker().link(text, &m, None);
    assert_eq!(links[0].entity_id, links[1].entity_id);
    // Roles at the very start or end of the text.
    assert!(nominals("president", "2023-03-20").is_empty());
    assert_eq!(nominals("Russian president", "2023-03-20").len(), 1);
}

#[test]
fn roles_absorb_unknown_names_inside_them_and_yield_to_the_rest() {
    let mention = |text: &str, name: &str, label: &'static str| {
        let start = text.find(name).unwrap();
        (start, start + name.len(), label)
    };
    let run = |text: &str, names: &[(&str, &'static str)]| {
        let spans: Vec<(usize, usize, &str)> =
            names.iter().map(|(n, l)| mention(text, n, l)).collect();
        let mentions: Vec<Mention> = spans
            .iter()
            .map(|&(start, end, label)| Mention {
                start,
                end,
                text: &text[start..end],
                label: EntityLabel::parse(label).expect("a label"),
            })
            .collect();
        linker().link(text, &mentions, Some("2023-03-20")).1
    };
    // An organisation the knowledge base does not know, inside the role: absorbed.
    let text = "Le ministre russe des Affaires étrangères a parlé lundi.";
    let n = run(text, &[("Affaires étrangères", "ORG")]);
    assert_eq!(n.len(), 1, "{n:?}");
    assert_eq!(n[0].text, "ministre russe des Affaires étrangères");
    assert_eq!(n[0].link.canonical, "Sergueï Lavrov");
    assert_eq!(n[0].absorbs, vec![0]);
    // A person overlapping the role wins over it.
    let n = run(text, &[("russe des Affaires", "PER")]);
    assert!(n.is_empty(), "{n:?}");
    // A name that reaches outside the role wins over it too.
    let n = run(text, &[("Affaires étrangères a", "ORG")]);
    assert!(n.is_empty(), "{n:?}");
}
