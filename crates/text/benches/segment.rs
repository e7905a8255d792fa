use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use veille_text::{segment, Lang};

const ARTICLE: &str = include_str!("../../../tests/fixtures/corpus/fr_sommet_minsk.txt");

fn bench(c: &mut Criterion) {
    let text = ARTICLE.repeat(20);
    let mut g = c.benchmark_group("segment");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("fr_tokens_and_sentences", |b| {
        b.iter(|| segment(&text, Lang::Fr))
    });
    g.bench_function("langid", |b| b.iter(|| veille_text::detect(&text)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
