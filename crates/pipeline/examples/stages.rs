#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::io::Read;
use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut pages = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let bytes = std::fs::read(e.path()).unwrap();
        let mut out = Vec::new();
        if flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_end(&mut out).is_err() { continue; }
        pages.push(veille_extract::decode_html(&out, None).0);
    }
    veille_text::preload();
    let t = Instant::now();
    let arts: Vec<_> = pages.iter().map(|p| veille_extract::extract(p, None)).collect();
    let a = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let n: usize = arts.iter().map(|x| veille_clean::clean(&x.text, &veille_clean::Hints { title: x.title.clone(), first_line_title: false }).text.len()).sum();
    let c = t.elapsed().as_secs_f64();
    println!("extract {:.0} p/s, clean {:.0} p/s, both {:.0} p/s {n}", pages.len() as f64 / a, pages.len() as f64 / c, pages.len() as f64 / (a + c));
}
