//! Pages per second of parsing and extraction alone over a folder of
//! pages (`.html` or `.html.gz`): `cargo run --release --example speed DIR`.
use std::io::Read;
use std::time::Instant;

fn main() {
    let dir = std::env::args().nth(1).expect("a folder of pages");
    let mut pages = Vec::new();
    for e in std::fs::read_dir(&dir).expect("readable folder").flatten() {
        let mut bytes = std::fs::read(e.path()).expect("readable page");
        if e.path().extension().is_some_and(|x| x == "gz") {
            let mut out = Vec::new();
            if flate2::read::MultiGzDecoder::new(&bytes[..])
                .read_to_end(&mut out)
                .is_err()
            {
                continue;
            }
            bytes = out;
        }
        pages.push(veille_extract::decode_html(&bytes, None).0);
    }
    let t = Instant::now();
    let n: usize = pages
        .iter()
        .map(|p| veille_extract::dom::parse(p).nodes.len())
        .sum();
    let parse = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let chars: usize = pages
        .iter()
        .map(|p| veille_extract::extract(p, None).text.len())
        .sum();
    let all = t.elapsed().as_secs_f64();
    let mb = pages.iter().map(|p| p.len()).sum::<usize>() as f64 / 1e6;
    println!(
        "{} pages, {mb:.0} MB, {n} nodes: parse {:.0} pages/s ({:.0} MB/s); extract {:.0} pages/s; {chars} bytes of text",
        pages.len(),
        pages.len() as f64 / parse,
        mb / parse,
        pages.len() as f64 / all
    );
}
