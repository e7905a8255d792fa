//! WARC files (plain and gzipped): every record gives a document or an
//! error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use veille_ingest::{read_bytes, Options};

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz.warc", "fuzz.warc.gz"] {
        read_bytes(name, data, &Options::default(), &mut |_| {});
    }
});
