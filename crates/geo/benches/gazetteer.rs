//! Loading the gazetteer (decompressing and indexing 180k records: part of
//! every pipeline's start-up, on its own thread beside the models).

use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("gazetteer");
    g.sample_size(10);
    g.bench_function("load", |b| {
        b.iter(|| std::hint::black_box(veille_geo::Gazetteer::builtin().expect("gazetteer")))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
