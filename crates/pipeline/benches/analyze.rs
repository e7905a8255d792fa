//! The whole analysis (cleaning, language, segmentation, NER, linking,
//! POS, dependencies where read, times, quotes, places, events) of the
//! fixture articles, in tokens per second on one core; and the same
//! without events and places (`*_no_events`), measured in the same run, for
//! what event coding and place resolution cost.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use veille_core::RawDoc;

/// The allocator the `veille` binary runs with.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FR: &[&str] = &[
    include_str!("../../../tests/fixtures/corpus/fr_sommet_minsk.txt"),
    include_str!("../../../tests/fixtures/corpus/fr_otan_vilnius.txt"),
];
const EN: &str = include_str!("../../../tests/fixtures/corpus/en_grain_corridor.txt");

fn docs(texts: &[&str]) -> Vec<RawDoc> {
    texts
        .iter()
        .map(|t| RawDoc {
            source: "bench".into(),
            text: t.to_string(),
            ..Default::default()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let opts = veille_pipeline::Options::default();
    let without = veille_pipeline::Options {
        no_events: true,
        ..Default::default()
    };
    let pipeline = veille_pipeline::Pipeline::builtin().expect("shipped models load");
    for (name, raws) in [("fr_news", docs(FR)), ("en_news", docs(&[EN]))] {
        // Loads the models, and counts the tokens analysed per pass.
        let tokens: usize = raws
            .iter()
            .map(|r| pipeline.analyze(r, &opts).token_count)
            .sum();
        let mut g = c.benchmark_group("analyze");
        g.throughput(Throughput::Elements(tokens as u64));
        for (suffix, o) in [("", &opts), ("_no_events", &without)] {
            g.bench_function(format!("{name}{suffix}"), |b| {
                b.iter(|| {
                    for r in &raws {
                        std::hint::black_box(pipeline.analyze(r, o));
                    }
                })
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
