//! Readers on good and bad input: every bad file is reported, nothing else is lost.

mod fetching;

use flate2::write::GzEncoder;
use std::io::Write;
use std::path::Path;
use veille_ingest::Format;
use veille_ingest::*;

fn read(paths: &[std::path::PathBuf], opts: &Options) -> (Vec<RawDoc>, Vec<IngestError>) {
    let mut docs = Vec::new();
    let mut errs = Vec::new();
    read_all(paths, opts, &mut |r| match r {
        Ok(d) => docs.push(d),
        Err(e) => errs.push(e),
    });
    (docs, errs)
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn write(dir: &Path, name: &str, data: &[u8]) {
    std::fs::write(dir.join(name), data).unwrap();
}

#[test]
fn a_batch_with_every_kind_of_bad_input_keeps_the_good_documents() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "01_good.txt",
        "Titre\nLe président est arrivé.".as_bytes(),
    );
    write(d, "02_binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00binary");
    write(
        d,
        "03_latin1.txt",
        b"Le pr\xe9sident est arriv\xe9 \xe0 Minsk.",
    );
    write(d, "04_empty.txt", b"");
    write(d, "05_blank.txt", b"  \n\n  ");
    let huge = vec![b'a'; 2 * 1024 * 1024 + 10];
    write(d, "06_huge_line.txt", &huge);
    let good_gz = gz("Un article compressé.".as_bytes());
    write(d, "07_good.txt.gz", &good_gz);
    let mut truncated = gz(&"Une phrase assez longue pour remplir un bloc. "
        .repeat(400)
        .into_bytes());
    truncated.truncate(truncated.len() / 2);
    write(d, "08_truncated.txt.gz", &truncated);
    write(d, "09_notes.pdf", b"%PDF-1.4");
    let jsonl = "{\"text\": \"Premier.\", \"title\": \"T1\", \"url\": \"https://x.fr/a\", \"date\": \"2024-05-24\"}\n{broken\n\n{\"title\": \"sans texte\"}\n{\"text\": \"Dernier.\", \"author\": [\"A\", \"B\"]}\n";
    write(d, "10_records.jsonl", jsonl.as_bytes());
    std::fs::create_dir(d.join("sub")).unwrap();
    write(
        &d.join("sub"),
        "11_nested.txt",
        "Dans un sous-dossier.".as_bytes(),
    );
    write(d, ".hidden.txt", b"hidden");

    let opts = Options {
        max_bytes: 2 * 1024 * 1024,
    };
    let (docs, errs) = read(&[d.to_path_buf()], &opts);

    let sources: Vec<String> = docs
        .iter()
        .map(|d| {
            Path::new(&d.source)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        sources,
        [
            "01_good.txt",
            "03_latin1.txt",
            "07_good.txt.gz",
            "10_records.jsonl#L1",
            "10_records.jsonl#L5",
            "11_nested.txt"
        ]
    );
    assert_eq!(docs[1].text, "Le président est arrivé à Minsk.");
    assert!(docs[1].warnings[0].contains("windows-1252"));
    assert_eq!(docs[2].text, "Un article compressé.");
    assert_eq!(docs[3].title.as_deref(), Some("T1"));
    assert_eq!(docs[3].url.as_deref(), Some("https://x.fr/a"));
    assert_eq!(docs[3].date.as_deref(), Some("2024-05-24"));
    assert_eq!(docs[4].author.as_deref(), Some("A, B"));

    let reasons: Vec<&str> = errs.iter().map(|e| e.reason()).collect();
    assert_eq!(
        reasons,
        [
            "binary",
            "empty",
            "empty",
            "too_large",
            "gzip",
            "unsupported",
            "json",
            "no_text"
        ]
    );
    let messages: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    assert!(messages[0].contains("02_binary.txt") && messages[0].contains("binary"));
    assert!(messages[3].contains("06_huge_line.txt") && messages[3].contains("--max-bytes"));
    assert!(messages[4].contains("08_truncated.txt.gz") && messages[4].contains("truncated"));
    assert!(messages[6].contains("line 2"));
    assert!(messages[7].contains("line 4"));
}

#[test]
fn a_huge_jsonl_line_is_skipped_and_the_next_line_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = format!("{{\"text\": \"{}\"}}\n", "x".repeat(5000)).into_bytes();
    data.extend_from_slice(b"{\"text\": \"ok\"}\n");
    write(dir.path(), "a.jsonl", &data);
    let (docs, errs) = read(&[dir.path().join("a.jsonl")], &Options { max_bytes: 1000 });
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].text, "ok");
    assert_eq!(
        docs[0].source,
        format!("{}#L2", dir.path().join("a.jsonl").display())
    );
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].reason(), "too_large");
}

#[test]
fn a_truncated_jsonl_gz_keeps_the_lines_before_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..2000)
        .map(|i| format!("{{\"text\": \"Article numéro {i} avec du texte.\"}}\n"))
        .collect();
    let mut z = gz(lines.as_bytes());
    z.truncate(z.len() * 2 / 3);
    write(dir.path(), "a.jsonl.gz", &z);
    let (docs, errs) = read(&[dir.path().join("a.jsonl.gz")], &Options::default());
    assert!(docs.len() > 100, "kept {} documents", docs.len());
    assert!(docs.len() < 2000);
    assert_eq!(errs.last().unwrap().reason(), "gzip");
}

#[test]
fn missing_paths_are_reported() {
    let (docs, errs) = read(&["/nonexistent/veille/x.txt".into()], &Options::default());
    assert!(docs.is_empty());
    assert_eq!(errs[0].reason(), "io");
    assert!(errs[0].to_string().contains("/nonexistent/veille/x.txt"));
}

fn warc_record(kind: &str, uri: &str, content_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-05-24T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:{:08x}-0000-0000-0000-000000000000>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        uri.len() * 7919 + payload.len(),
        payload.len()
    )
    .into_bytes();
    r.extend_from_slice(payload);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn sample_warc() -> Vec<u8> {
    let page = "<html><head><title>Sommet à Minsk</title></head><body><article><p>Le président russe est arrivé à Minsk pour des entretiens avec son homologue biélorusse.</p></article></body></html>";
    let cp1251: &[u8] = b"<html><head><meta charset=\"windows-1251\"></head><body><p>\xcf\xf3\xf2\xe8\xed \xef\xf0\xe8\xe5\xf5\xe0\xeb \xe2 \xcc\xe8\xed\xf1\xea.</p></body></html>";
    let mut w = Vec::new();
    w.extend(warc_record(
        "warcinfo",
        "urn:x",
        "application/warc-fields",
        b"software: test\r\n",
    ));
    w.extend(warc_record(
        "request",
        "https://a.example/1",
        "application/http; msgtype=request",
        b"GET /1 HTTP/1.1\r\nHost: a.example\r\n\r\n",
    ));
    w.extend(warc_record(
        "response",
        "https://a.example/1",
        "application/http; msgtype=response",
        &http("text/html; charset=utf-8", page.as_bytes()),
    ));
    w.extend(warc_record(
        "response",
        "https://a.example/logo.png",
        "application/http; msgtype=response",
        &http("image/png", b"\x89PNG\r\n"),
    ));
    w.extend(warc_record(
        "response",
        "https://b.example/ru",
        "application/http; msgtype=response",
        &http("text/html", cp1251),
    ));
    w.extend(warc_record(
        "metadata",
        "https://a.example/1",
        "application/warc-fields",
        b"via: test\r\n",
    ));
    w
}

#[test]
fn a_warc_with_mixed_records_yields_its_html_pages() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "crawl.warc", &sample_warc());
    let (docs, errs) = read(&[dir.path().join("crawl.warc")], &Options::default());
    assert_eq!(docs.len(), 2, "{errs:?}");
    assert_eq!(docs[0].url.as_deref(), Some("https://a.example/1"));
    assert_eq!(docs[0].format, Format::Html);
    assert!(docs[0].text.contains("Minsk"));
    assert!(docs[0].source.ends_with("crawl.warc#record3"));
    assert!(
        docs[1].text.contains("Путин приехал в Минск"),
        "{}",
        docs[1].text
    );
    assert_eq!(errs.len(), 1);
    let e = errs[0].to_string();
    assert_eq!(errs[0].reason(), "warc_not_html");
    assert!(
        e.contains("4 WARC records skipped") && e.contains("image/png") && e.contains("request"),
        "{e}"
    );
}

#[test]
fn a_truncated_warc_gz_keeps_the_records_before_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = Vec::new();
    for _ in 0..40 {
        data.extend(sample_warc());
    }
    let mut z = gz(&data);
    z.truncate(z.len() * 2 / 3);
    write(dir.path(), "crawl.warc.gz", &z);
    let (docs, errs) = read(&[dir.path().join("crawl.warc.gz")], &Options::default());
    assert!(
        docs.len() >= 2 && docs.len() < 80,
        "{} documents",
        docs.len()
    );
    let fault = errs
        .iter()
        .find(|e| e.reason() == "warc")
        .expect("the cut is reported");
    let msg = fault.to_string();
    assert!(
        msg.contains("crawl.warc.gz") && msg.contains("records read before it are kept"),
        "{msg}"
    );
}

#[test]
fn html_pages_in_any_charset() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ru.html", b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body><p>\xcf\xf3\xf2\xe8\xed</p></body></html>");
    write(dir.path(), "nocharset.htm", b"<html><body><p>Le pr\xe9sident fran\xe7ais a re\xe7u son homologue \xe0 l'\xc9lys\xe9e pour un d\xeener d'\xc9tat tr\xe8s attendu.</p></body></html>");
    write(dir.path(), "empty.html", b"   \n");
    let (docs, errs) = read(&[dir.path().to_path_buf()], &Options::default());
    let by = |n: &str| docs.iter().find(|d| d.source.ends_with(n)).unwrap();
    assert!(by("ru.html").text.contains("Путин"));
    assert!(
        by("nocharset.htm").text.contains("président français"),
        "{}",
        by("nocharset.htm").text
    );
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].reason(), "empty");
}

#[test]
fn feed_items_become_documents() {
    let dir = tempfile::tempdir().unwrap();
    let rss = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Le Fil</title><link>https://fil.example/</link>
<item><title>Poutine à Minsk</title><link>https://fil.example/a</link><pubDate>Thu, 23 May 2024 18:45:00 GMT</pubDate>
<author>jeanne@fil.example (Jeanne Martin)</author>
<description><![CDATA[<p>Le président russe est arrivé jeudi à Minsk pour une visite de deux jours.</p>]]></description></item>
<item><title>Lien seul</title><link>https://fil.example/b</link></item>
</channel></rss>"#;
    write(dir.path(), "fil.rss", rss.as_bytes());
    let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:w</id><updated>2024-05-24T00:00:00Z</updated>
<entry><title>Talks resume</title><id>urn:1</id><link href="https://wire.example/1"/><updated>2024-05-24T03:01:00Z</updated><author><name>Sarah Collins</name></author>
<content type="html">&lt;p&gt;Turkey said talks would resume next week in Istanbul.&lt;/p&gt;</content></entry></feed>"#;
    write(dir.path(), "wire.atom", atom.as_bytes());
    write(dir.path(), "broken.xml", b"<rss><channel><item>");
    let (docs, errs) = read(&[dir.path().to_path_buf()], &Options::default());
    assert_eq!(docs.len(), 2, "{errs:?}");
    let fil = docs
        .iter()
        .find(|d| d.source.ends_with("fil.rss#item1"))
        .unwrap();
    assert_eq!(fil.title.as_deref(), Some("Poutine à Minsk"));
    assert_eq!(fil.url.as_deref(), Some("https://fil.example/a"));
    assert!(fil.date.as_deref().unwrap().starts_with("2024-05-23T18:45"));
    assert!(fil.text.contains("arrivé jeudi à Minsk"));
    let wire = docs
        .iter()
        .find(|d| d.source.ends_with("wire.atom#item1"))
        .unwrap();
    assert_eq!(wire.author.as_deref(), Some("Sarah Collins"));
    assert!(wire.text.contains("Istanbul"));
    let reasons: Vec<&str> = errs.iter().map(|e| e.reason()).collect();
    assert!(reasons.contains(&"feed"), "{reasons:?}");
    assert!(reasons.contains(&"feed_item_empty"), "{reasons:?}");
}
