//! The sent model file format (`sent::Splitter::from_bytes`): an error,
//! never a panic, on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = veille_nlp::sent::Splitter::from_bytes(data);
});
