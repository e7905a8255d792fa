//! Text cleaning on any text: its flags point into the cleaned text; the
//! date readers take any line.
#![no_main]
use libfuzzer_sys::fuzz_target;
use veille_clean::{clean, dates, residue_flags, Hints};

fuzz_target!(|data: &str| {
    let title = data.lines().next().map(str::to_string);
    for hints in [
        Hints {
            title: None,
            first_line_title: true,
        },
        Hints {
            title,
            first_line_title: false,
        },
    ] {
        let c = clean(data, &hints);
        for f in c.flags.iter().chain(&residue_flags(&c.text)) {
            assert_eq!(f.span.slice(&c.text), f.text);
        }
    }
    for line in data.lines() {
        let _ = dates::timestamp_line(line);
        let _ = dates::parse_human(line, true);
        let _ = dates::date_in_text(line);
    }
});
