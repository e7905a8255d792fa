//! Where a piece of text went: `cargo run --example explain FILE.html[.gz] "text"`.
//! Prints the path of elements down to the text and whether each was set
//! aside, and the extracted article.
use std::io::Read;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut bytes = std::fs::read(&args[1]).expect("readable file");
    if args[1].ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .expect("gzip");
        bytes = out;
    }
    let (html, _) = veille_extract::decode_html(&bytes, None);
    let dom = veille_extract::dom::parse(&html);
    for needle in &args[2..] {
        println!("{}", veille_extract::content::explain(&dom, needle));
    }
    if args.len() == 2 {
        println!("{}", veille_extract::content::main_text(&dom));
    }
}
