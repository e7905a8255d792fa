//! The whole text pipeline on arbitrary bytes, decoded as a reader would.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use veille_ingest::{decode, Format, RawDoc};
use veille_pipeline::Pipeline;

static PIPELINE: LazyLock<Pipeline> =
    LazyLock::new(|| Pipeline::builtin().expect("shipped models load"));

fuzz_target!(|data: &[u8]| {
    let mut warnings = Vec::new();
    let Ok(text) = decode(data, "fuzz", &mut warnings) else {
        return;
    };
    let raw = RawDoc {
        source: "fuzz".into(),
        format: Format::Text,
        text,
        ..Default::default()
    };
    let doc = PIPELINE.analyze(&raw, &Default::default());
    for e in &doc.entities {
        assert_eq!(e.span.slice(&doc.text), e.text);
    }
    for f in &doc.flags {
        assert_eq!(f.span.slice(&doc.text), f.text);
    }
});
