//! Web pages: any bytes decode, parse into an ordered tree and give an
//! article without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (html, _) = veille_extract::decode_html(data, None);
    let dom = veille_extract::dom::parse(&html);
    for (i, n) in dom.nodes.iter().enumerate().skip(1) {
        assert!((n.parent as usize) < i);
    }
    let _ = veille_extract::extract(&html, None);
});
