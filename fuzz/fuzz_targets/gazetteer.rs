//! The gazetteer's parser on arbitrary files: an error, never a panic; the
//! records it accepts are on the globe and found under their own names.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The same bytes as each of the four files in turn.
    let empty = "";
    for files in [
        [text, empty, empty, empty],
        [empty, text, empty, empty],
        [empty, empty, text, empty],
        [empty, empty, empty, text],
    ] {
        if let Ok(g) = veille_geo::Gazetteer::parse(files[0], files[1], files[2], files[3]) {
            for (i, r) in g.records.iter().enumerate() {
                assert!(r.lat.abs() <= 90.0 && r.lon.abs() <= 180.0);
                if !veille_geo::gazetteer::key(&r.name).is_empty() {
                    let _ = g.lookup(&r.name);
                }
                let _ = i;
            }
        }
    }
});
