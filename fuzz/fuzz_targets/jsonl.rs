//! JSONL files, and the same bytes read as plain text and as an HTML page:
//! each line gives a document or an error naming it, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use veille_ingest::{read_bytes, Options};

fuzz_target!(|data: &[u8]| {
    // A small limit so that lines over it are exercised too.
    let opts = Options { max_bytes: 512 };
    for name in ["fuzz.jsonl", "fuzz.txt", "fuzz.html"] {
        read_bytes(name, data, &opts, &mut |r| {
            if let Ok(doc) = r {
                assert!(doc.text.len() as u64 <= 4 * opts.max_bytes + 4);
            }
        });
    }
});
