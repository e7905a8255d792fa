//! Knowledge-base TSV parsing (entities and the actor tables) and linking
//! over whatever it produced.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let kb = veille_kb::Kb::parse(data, data, data, data, data, data);
    let linker = veille_kb::link::Linker::new(&kb);
    let m = [veille_kb::link::Mention {
        start: 0,
        end: data.len(),
        text: data,
        label: veille_core::EntityLabel::Per,
    }];
    let _ = linker.link(data, &m, Some("2024-05-24"));
    let _ = veille_kb::Tables::parse(data, data, data);
});
