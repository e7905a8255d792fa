//! The JSON shape of a document is the public contract of `veille analyze`.

use veille_core::*;

#[test]
fn document_json_has_the_documented_fields() {
    let doc = Document {
        id: content_id("Le texte."),
        source: "a.txt".into(),
        lang: "fr".into(),
        text: "Le texte.".into(),
        sentences: vec![Span::new(0, 9)],
        removed: vec![Removed {
            reason: RemovalReason::CookieNotice,
            line: 3,
            text: "cookies".into(),
        }],
        flags: vec![Flag {
            kind: FlagKind::TranslationResidue,
            span: Span::new(0, 2),
            text: "Le".into(),
        }],
        date: PubDate::parse_iso("2024-05-24"),
        token_count: 3,
        ..Default::default()
    };
    let v: serde_json::Value = serde_json::to_value(&doc).unwrap();
    for field in [
        "id",
        "source",
        "url",
        "site",
        "title",
        "author",
        "date",
        "lang",
        "lang_confidence",
        "text",
        "removed",
        "flags",
        "mixed_lang",
        "sentences",
        "token_count",
    ] {
        assert!(v.get(field).is_some(), "missing field {field}");
    }
    assert!(v.get("tokens").is_none(), "empty token list is omitted");
    assert_eq!(v["removed"][0]["reason"], "cookie_notice");
    assert_eq!(v["flags"][0]["kind"], "translation_residue");
    assert_eq!(v["flags"][0]["start"], 0);
    assert_eq!(v["date"]["precision"], "day");
    assert_eq!(v["sentences"][0], serde_json::json!({"start": 0, "end": 9}));
}
