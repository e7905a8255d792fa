//! Prints a page's tree outline and extracted text: `cargo run --example dump FILE [DEPTH]`.
use veille_extract::dom::{parse, Kind};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&args[1]).expect("readable file");
    let (html, _) = veille_extract::decode_html(&bytes, None);
    let depth: usize = args.get(2).and_then(|d| d.parse().ok()).unwrap_or(0);
    let d = parse(&html);
    if depth > 0 {
        let mut stack = vec![(0u32, 0usize)];
        while let Some((n, lvl)) = stack.pop() {
            if let Kind::Element { name, .. } = &d.nodes[n as usize].kind {
                let t = d.raw_text(n);
                println!(
                    "{}{} class={:?} id={:?} text={}",
                    "  ".repeat(lvl),
                    d.slice(name),
                    d.attr(n, "class").unwrap_or(""),
                    d.attr(n, "id").unwrap_or(""),
                    t.split_whitespace().count()
                );
                if lvl < depth {
                    let kids: Vec<u32> = d.children(n).collect();
                    stack.extend(kids.into_iter().rev().map(|k| (k, lvl + 1)));
                }
            }
        }
    }
    let a = veille_extract::extract(&html, None);
    println!("---\n{:?}\n---\n{}", (a.title, a.author, a.date, a.lang), a.text);
}
