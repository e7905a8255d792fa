//! Whole pages through the public API: main text, metadata, charsets and
//! hostile markup. The pages are written for these tests.

use veille_extract::{decode_html, extract};

const ARTICLE: &str = r#"<!DOCTYPE html>
<html lang="fr"><head>
<meta charset="utf-8">
<title>Minsk : Loukachenko reçoit Poutine | Le Quotidien de l'Est</title>
<meta property="og:title" content="Minsk : Loukachenko reçoit Poutine">
<meta property="og:site_name" content="Le Quotidien de l'Est">
<meta name="author" content="Claire Dumas">
<meta property="article:published_time" content="2024-05-24T09:30:00+02:00">
<link rel="canonical" href="https://quotidien-est.example/monde/minsk-sommet">
</head><body>
<nav><a href="/">Accueil</a> <a href="/monde">Monde</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">Nous utilisons des cookies pour améliorer votre expérience. Accepter</div>
<article>
<h1>Minsk : Loukachenko reçoit Poutine</h1>
<p>Le président biélorusse Alexandre Loukachenko a reçu jeudi à Minsk son homologue russe Vladimir Poutine pour deux jours d'entretiens consacrés à la coopération militaire entre les deux pays.</p>
<p>Les deux dirigeants ont évoqué le déploiement d'armes nucléaires tactiques russes sur le territoire biélorusse, annoncé l'an dernier, selon un communiqué de la présidence.</p>
<p>« Nous sommes prêts à répondre à toute menace », a déclaré M. Loukachenko devant la presse, avant un dîner officiel au palais de l'Indépendance.</p>
</article>
<aside><h3>À lire aussi</h3><ul><li><a href="/a">Sommet de l'OTAN à Vilnius</a></li><li><a href="/b">Le prix du blé</a></li></ul></aside>
<footer>© 2024 Le Quotidien de l'Est — Mentions légales — Contact</footer>
</body></html>"#;

#[test]
fn main_text_keeps_paragraphs_and_drops_the_page_furniture() {
    let a = extract(
        ARTICLE,
        Some("https://quotidien-est.example/monde/minsk-sommet"),
    );
    let paragraphs: Vec<&str> = a.text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(paragraphs.len() >= 3, "{:?}", a.text);
    assert!(a.text.contains("a reçu jeudi à Minsk son homologue russe"));
    assert!(a
        .text
        .contains("« Nous sommes prêts à répondre à toute menace »"));
    for furniture in [
        "cookies",
        "Accueil",
        "À lire aussi",
        "Mentions légales",
        "prix du blé",
    ] {
        assert!(
            !a.text.contains(furniture),
            "{furniture:?} kept in {:?}",
            a.text
        );
    }
}

#[test]
fn metadata_comes_from_the_page_head() {
    let a = extract(ARTICLE, None);
    assert_eq!(
        a.title.as_deref(),
        Some("Minsk : Loukachenko reçoit Poutine")
    );
    assert_eq!(a.author.as_deref(), Some("Claire Dumas"));
    assert!(
        a.date
            .as_deref()
            .is_some_and(|d| d.starts_with("2024-05-24")),
        "{:?}",
        a.date
    );
    assert_eq!(a.site.as_deref(), Some("Le Quotidien de l'Est"));
    assert_eq!(a.lang.as_deref(), Some("fr"));
    assert_eq!(
        a.canonical.as_deref(),
        Some("https://quotidien-est.example/monde/minsk-sommet")
    );
}

#[test]
fn json_ld_supplies_what_meta_tags_lack() {
    let page = r#"<html><head><title>Talks resume</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Grain corridor talks resume in Istanbul","datePublished":"2023-07-03T08:00:00Z",
"author":{"@type":"Person","name":"Sam Carter"}}</script></head>
<body><div id="story"><p>Talks on reopening the Black Sea grain corridor resumed on Monday in Istanbul, officials from both delegations said, after weeks of deadlock over shipping insurance.</p>
<p>The negotiators are expected to meet again later this week to settle the inspection schedule for vessels leaving Odesa.</p></div></body></html>"#;
    let a = extract(page, None);
    assert_eq!(a.author.as_deref(), Some("Sam Carter"));
    assert!(a
        .date
        .as_deref()
        .is_some_and(|d| d.starts_with("2023-07-03")));
    assert!(a.text.contains("grain corridor resumed on Monday"));
}

#[test]
fn charsets_are_declared_sniffed_or_guessed() {
    let text = "<html><head><meta charset=\"windows-1251\"></head><body><p>Президент России Владимир Путин прибыл в Минск.</p></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let (decoded, enc) = decode_html(&bytes, None);
    assert_eq!(enc, "windows-1251");
    assert!(decoded.contains("Владимир Путин"));
    // Valid UTF-8 needs no declaration; an HTTP header charset is used as given.
    let (decoded, enc) = decode_html("<p>Pékin</p>".as_bytes(), None);
    assert_eq!((decoded.as_str(), enc), ("<p>Pékin</p>", "UTF-8"));
    let latin1 = b"<p>P\xe9kin et Moscou, d\xe9clar\xe9 le minist\xe8re</p>";
    let (decoded, _) = decode_html(latin1, Some("iso-8859-1"));
    assert!(decoded.contains("Pékin"));
}

#[test]
fn hostile_markup_never_panics_and_keeps_the_text() {
    let broken = "<html><body><div><p>Un texte <b>sans <i>fin de balises <p>Un second paragraphe assez long pour compter comme article, avec des mots et encore des mots.";
    let a = extract(broken, None);
    assert!(a.text.contains("Un second paragraphe"));
    for page in [
        "",
        "<",
        "<<<>>>",
        "<html>",
        "\u{0}\u{1}binary\u{0}",
        "<script>",
        "<p>&#xFFFFFF;&amp</p>",
    ] {
        let _ = extract(page, None);
    }
    let deep = "<div>".repeat(3_000) + "Profond." + &"</div>".repeat(3_000);
    let _ = extract(&deep, None);
}

mod invariants {
    use proptest::prelude::*;
    use veille_extract::dom::{parse, Kind, NONE};

    /// Markup-ish strings: tags, attributes, entities, comments, text.
    fn markup() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("<p>".to_string()),
                Just("</p>".to_string()),
                Just("<div class=\"entry-content\">".to_string()),
                Just("</div>".to_string()),
                Just("<li>".to_string()),
                Just("<script>var a='</p>';".to_string()),
                Just("</script>".to_string()),
                Just("<!-- x".to_string()),
                Just("-->".to_string()),
                Just("<a href='/x'>".to_string()),
                Just("&eacute;&amp;&#x263a;&".to_string()),
                Just("<br/>".to_string()),
                Just("<".to_string()),
                "[a-zé’ «»<>/=\"']{0,12}",
            ],
            0..40,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn any_markup_gives_an_ordered_tree_and_an_article(s in markup()) {
            let d = parse(&s);
            for (i, n) in d.nodes.iter().enumerate().skip(1) {
                prop_assert!(n.parent != NONE && (n.parent as usize) < i);
                if let Kind::Text(r) = &n.kind {
                    prop_assert!(s.is_char_boundary(r.start as usize) && s.is_char_boundary(r.end as usize));
                }
                prop_assert!(d.subtree_end(i as u32) as usize > i);
            }
            // Paragraphs are trimmed, non-empty lines.
            let a = veille_extract::extract(&s, None);
            for line in a.text.lines() {
                prop_assert!(!line.is_empty() && line.trim() == line, "{:?}", line);
            }
        }

        #[test]
        fn any_string_is_safe(s in "\\PC{0,200}") {
            let _ = veille_extract::extract(&s, Some("https://example.org/2024/05/23/x"));
        }
    }
}
