//! brat standoff annotations (WiNER, PolNeAR) over any text: spans inside
//! the text on char boundaries, or an error naming the line.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    // The text, then the .ann file after the first form feed.
    let (text, ann) = data.split_once('\x0c').unwrap_or((data, data));
    let path = std::path::Path::new("fuzz.ann");
    if let Ok(doc) = veille_eval::brat::parse_doc(path, text.to_string(), ann) {
        for (_, s, e) in &doc.spans {
            assert!(text.get(*s..*e).is_some());
        }
    }
    if let Ok(attributions) = veille_eval::polnear::parse_ann(ann, text) {
        for (s, e) in attributions
            .iter()
            .flat_map(|a| a.content.iter().chain(&a.cue).chain(&a.source))
        {
            assert!(text.get(*s..*e).is_some());
        }
    }
});
