//! RSS, Atom and JSON feeds as the folder reader sees them: items become
//! documents or errors, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use veille_ingest::{read_bytes, Options};

fuzz_target!(|data: &[u8]| {
    read_bytes("fuzz.rss", data, &Options::default(), &mut |_| {});
});
