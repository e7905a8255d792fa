//! The deps model file format (`deps::Parser::from_bytes`): an error,
//! never a panic, on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = veille_nlp::deps::Parser::from_bytes(data);
});
