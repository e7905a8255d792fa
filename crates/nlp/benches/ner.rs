use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use veille_text::{segment, Lang};

const ARTICLE: &str = include_str!("../../../tests/fixtures/corpus/fr_sommet_minsk.txt");

fn bench(c: &mut Criterion) {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&include_bytes!("../../../models/ner-fr.bin.gz")[..]),
        &mut bytes,
    )
    .unwrap();
    let model = veille_nlp::ner::Model::from_bytes(&bytes).unwrap();
    let text = ARTICLE.repeat(20);
    let (tokens, sentences) = segment(&text, Lang::Fr);
    let mut g = c.benchmark_group("ner");
    g.throughput(Throughput::Elements(tokens.len() as u64));
    g.bench_function("fr_recognize", |b| {
        b.iter(|| veille_nlp::ner::recognize(&model, &text, &tokens, &sentences))
    });
    g.bench_function("fr_segment_and_recognize", |b| {
        b.iter(|| {
            let (t, s) = segment(&text, Lang::Fr);
            veille_nlp::ner::recognize(&model, &text, &t, &s)
        })
    });
    g.finish();
    // Tagging + lemmas + parsing, and temporal expressions, on the same text.
    let gunzip = |b: &[u8]| {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(b), &mut out).unwrap();
        out
    };
    let tagger = veille_nlp::pos::Tagger::from_bytes(&gunzip(include_bytes!(
        "../../../models/pos-fr.bin.gz"
    )))
    .unwrap();
    let parser = veille_nlp::deps::Parser::from_bytes(&gunzip(include_bytes!(
        "../../../models/deps-fr.bin.gz"
    )))
    .unwrap();
    let mut g = c.benchmark_group("syntax");
    g.throughput(Throughput::Elements(tokens.len() as u64));
    g.bench_function("fr_pos_lemma", |b| {
        b.iter(|| veille_nlp::syntax::words(&text, &tokens, &sentences, &tagger, None, |_| false))
    });
    g.bench_function("fr_pos_lemma_deps", |b| {
        b.iter(|| {
            veille_nlp::syntax::words(&text, &tokens, &sentences, &tagger, Some(&parser), |_| true)
        })
    });
    g.bench_function("fr_times", |b| {
        b.iter(|| veille_nlp::time::find(&text, veille_text::Lang::Fr, Some("2024-05-24")))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
