//! End-to-end: the `veille` binary on the fixture corpus and on bad input.

#[path = "cli/crash.rs"]
mod crash;
#[path = "cli/pg.rs"]
mod pg;

use assert_cmd::Command;
use std::io::Write;
use std::path::{Path, PathBuf};

fn veille() -> Command {
    Command::cargo_bin("veille").unwrap()
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/corpus")
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn every_command_has_help() {
    for args in [
        vec!["--help"],
        vec!["analyze", "--help"],
        vec!["ingest", "--help"],
        vec!["search", "--help"],
        vec!["show", "--help"],
        vec!["eval", "--help"],
        vec!["eval", "segment", "--help"],
        vec!["eval", "events", "--help"],
        vec!["export", "events", "--help"],
        vec!["eval", "langid", "--help"],
        vec!["train", "--help"],
        vec!["train", "ner", "--help"],
        vec!["train", "clusters", "--help"],
    ] {
        let out = veille().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(stdout(&out).contains("Usage"), "{args:?}");
    }
}

#[test]
fn analyze_prints_one_json_document_per_line() {
    let out = veille().arg("analyze").arg(corpus()).output().unwrap();
    assert!(out.status.success());
    let docs: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 5);
    let minsk = docs
        .iter()
        .find(|d| {
            d["source"]
                .as_str()
                .unwrap()
                .ends_with("fr_sommet_minsk.txt")
        })
        .unwrap();
    assert_eq!(minsk["lang"], "fr");
    assert_eq!(minsk["date"]["value"], "2024-05-23T18:45");
    assert!(minsk["removed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["reason"] == "cookie_notice"));
    assert!(minsk["tokens"].is_null());
    assert!(minsk["token_count"].as_u64().unwrap() > 100);
    // The bad JSONL lines are reported, the rest is kept.
    let err = stderr(&out);
    assert!(
        err.contains("articles.jsonl: line 3: invalid JSON"),
        "{err}"
    );
    assert!(
        err.contains("articles.jsonl: line 4: no \"text\" field"),
        "{err}"
    );

    let out = veille()
        .args(["analyze", "--tokens"])
        .arg(corpus().join("en_grain_corridor.txt"))
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(doc["lang"], "en");
    assert_eq!(
        doc["words"].as_array().unwrap().len() as u64,
        doc["token_count"].as_u64().unwrap()
    );
}

#[test]
fn bad_inputs_are_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a_binary.txt"), b"\x00\x01\x02garbage").unwrap();
    std::fs::write(
        d.join("b_invalid_utf8.txt"),
        b"Le pr\xe9sident est arriv\xe9 \xe0 Minsk lundi pour des entretiens.",
    )
    .unwrap();
    std::fs::write(d.join("c_empty.txt"), b"").unwrap();
    // A 50 MB single line.
    let mut f = std::fs::File::create(d.join("d_huge.txt")).unwrap();
    let chunk = "mot ".repeat(256 * 1024);
    for _ in 0..50 {
        f.write_all(chunk.as_bytes()).unwrap();
    }
    drop(f);
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(
        "Une phrase pour remplir le flux compressé. "
            .repeat(500)
            .as_bytes(),
    )
    .unwrap();
    let mut gz = z.finish().unwrap();
    gz.truncate(gz.len() / 2);
    std::fs::write(d.join("e_truncated.txt.gz"), gz).unwrap();
    std::fs::write(
        d.join("f_good.txt"),
        "Un titre\nLe président russe est arrivé à Minsk lundi.",
    )
    .unwrap();

    let out = veille().arg("analyze").arg(d).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("a_binary.txt: binary file"), "{err}");
    assert!(err.contains("b_invalid_utf8.txt: not valid UTF-8"), "{err}");
    assert!(err.contains("c_empty.txt: empty file"), "{err}");
    assert!(err.contains("d_huge.txt: 52428800 bytes exceeds"), "{err}");
    assert!(
        err.contains("e_truncated.txt.gz: truncated or corrupt gzip"),
        "{err}"
    );
    let docs: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    assert!(docs[0]["text"].as_str().unwrap().contains("président"));
    assert_eq!(docs[1]["title"], "Un titre");

    // With a larger limit the huge line is analysed too.
    let out = veille()
        .args(["analyze", "--max-bytes", "60000000"])
        .arg(d.join("d_huge.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(doc["token_count"], 50 * 256 * 1024);

    // Nothing readable at all is an error.
    let out = veille()
        .arg("analyze")
        .arg(d.join("c_empty.txt"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no document could be read"));
}

#[test]
fn ingest_is_idempotent_and_search_and_show_work() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let out = veille()
        .arg("ingest")
        .arg(corpus())
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let s = stdout(&out);
    assert!(s.contains("documents read:   5"), "{s}");
    assert!(s.contains("stored (new):     5"), "{s}");
    assert!(s.contains("json: 1") && s.contains("no_text: 1"), "{s}");

    let out = veille()
        .arg("ingest")
        .arg(corpus())
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    let s = stdout(&out);
    assert!(
        s.contains("stored (new):     0") && s.contains("already stored:   5"),
        "{s}"
    );
    assert!(s.contains("5 documents"), "{s}");

    let out = veille()
        .args(["search", "Loukachenko", "Minsk", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let hits: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        hits[0]["title"],
        "Loukachenko reçoit Poutine à Minsk pour parler défense et énergie"
    );
    let id = hits[0]["id"].as_str().unwrap().to_string();

    let out = veille()
        .args(["search", "pekin", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("La Chine met en garde Moscou"),
        "{}",
        stdout(&out)
    );
    let out = veille()
        .args(["search", "introuvable", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(stdout(&out).contains("no document matches"));

    let out = veille()
        .args(["show", &id[..8], "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["id"], id.as_str());
    assert!(doc["sources"][0]
        .as_str()
        .unwrap()
        .ends_with("fr_sommet_minsk.txt"));
    // Distinct reports: no original, no copies.
    assert!(doc["copy_of"].is_null(), "{doc}");
    assert_eq!(doc["copies"], serde_json::json!([]));

    let out = veille()
        .args(["export", "documents", "--format", "jsonl", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().any(|r| r["id"] == id.as_str()));
    for r in &rows {
        assert!(r["copy_of"].is_null() && r["story"].is_string(), "{r}");
        assert!(r["sources"].as_u64().unwrap() >= 1);
    }
    assert!(stderr(&out).contains("5 documents exported"));
    assert!(doc["story"]["id"].is_string(), "{doc}");

    // Stories: every document in one, whatever the grouping decided.
    let out = veille()
        .args(["stories", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let stories: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let docs: u64 = stories
        .iter()
        .map(|s| s["documents"].as_u64().unwrap())
        .sum();
    assert_eq!(docs, 5);
    for st in &stories {
        assert!(rows.iter().any(|r| r["story"] == st["id"]), "{st}");
        assert!(st["independent"].as_u64().unwrap() >= 1);
    }
    let out = veille()
        .args(["stories", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("indep"));

    let out = veille()
        .args(["show", "0000000000", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no stored document"));
    let out = veille()
        .args(["search", "x", "--db", "/nonexistent/none.db"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no store at"));
}

#[test]
fn eval_segment_prints_a_json_last_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("fr_test.conllu");
    std::fs::write(&p, "# text = Il pleut.\n1\tIl\til\tPRON\t_\t_\t2\tnsubj\t_\t_\n2\tpleut\tpleuvoir\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No\n3\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n\n").unwrap();
    let out = veille()
        .args(["eval", "segment", "--conllu"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let s = stdout(&out);
    let last: serde_json::Value = serde_json::from_str(s.lines().last().unwrap()).unwrap();
    assert_eq!(last["task"], "segment");
    assert_eq!(last["sentence_f1"], 1.0);
    assert_eq!(last["token_f1"], 1.0);
    assert!(last["tokens_per_s"].as_f64().unwrap() > 0.0);
    let out = veille()
        .args(["eval", "segment", "--conllu", "/nonexistent.conllu"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("/nonexistent.conllu"));
}

#[test]
fn eval_ner_on_a_small_brat_corpus_prints_json_last() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Vladimir Poutine est arrivé à Minsk lundi. L'OTAN a réagi.";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    std::fs::write(dir.path().join("a.ann"), "T1\tPerson 0 16\tVladimir Poutine\nT2\tLocation 30 35\tMinsk\nT3\tDate 36 41\tlundi\nT4\tOrganization 45 49\tOTAN\n").unwrap();
    let out = veille()
        .args(["eval", "ner", "--brat"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let s = stdout(&out);
    let last: serde_json::Value = serde_json::from_str(s.lines().last().unwrap()).unwrap();
    assert_eq!(last["task"], "ner");
    assert_eq!(last["per_type"]["PER"]["gold"], 1);
    assert_eq!(last["f1"], 1.0, "{s}");
    assert!(last["tokens_per_s"].as_f64().unwrap() > 0.0);
    // A bad offset is a clear error.
    std::fs::write(dir.path().join("a.ann"), "T1\tPerson 0 999\tX\n").unwrap();
    let out = veille()
        .args(["eval", "ner", "--brat"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("outside the text"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn entity_command_and_link_eval() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.db");
    let out = veille()
        .arg("ingest")
        .arg(corpus())
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = veille()
        .args(["entity", "Putin", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["id"], "Q7747");
    assert_eq!(v["canonical"], "Vladimir Poutine");
    assert!(v["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "Путин"));
    assert!(v["store"]["mentions"].as_i64().unwrap() >= 3);
    assert!(v["store"]["cooccurring"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["canonical"] == "Alexandre Loukachenko"));
    let out = veille()
        .args(["entity", "Loukachenko", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(stdout(&out).contains("mentions:"), "{}", stdout(&out));
    let out = veille()
        .args(["entity", "Personne Inconnue Du Tout", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no entity named"));
    // Search by any spelling of an entity.
    let out = veille()
        .args(["search", "--entity", "Путин", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(stdout(&out).lines().count() >= 2, "{}", stdout(&out));

    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/link_gold.tsv");
    let out = veille()
        .args(["eval", "link", "--gold"])
        .arg(&gold)
        .arg("--docs")
        .arg(corpus())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let s = stdout(&out);
    let last: serde_json::Value = serde_json::from_str(s.lines().last().unwrap()).unwrap();
    assert_eq!(last["task"], "link");
    assert!(last["precision"].as_f64().unwrap() >= 0.95, "{s}");
    assert!(last["recall"].as_f64().unwrap() >= 0.85, "{s}");
    assert!(last["link_overhead"].is_number());
}

#[test]
fn extract_reads_pages_and_handles_a_30_mb_page() {
    let dir = tempfile::tempdir().unwrap();
    let page = r#"<html lang="fr"><head><title>Sommet à Minsk</title><meta name="author" content="Jeanne Martin"><meta property="article:published_time" content="2024-05-23T18:45:00Z"></head>
    <body><nav>Accueil | Monde</nav><article><h1>Sommet à Minsk</h1><p>Le président russe Vladimir Poutine est arrivé jeudi à Minsk pour une visite de deux jours chez son allié biélorusse Alexandre Loukachenko, a annoncé le Kremlin.</p>
    <p>Les deux dirigeants doivent évoquer la coopération militaire, les livraisons de gaz et les exercices conjoints prévus en octobre, selon l’agence officielle BelTA.</p></article>
    <footer>Mentions légales</footer></body></html>"#;
    std::fs::write(dir.path().join("page.html"), page).unwrap();
    // A 30 MB page: one huge article.
    let mut big = String::from("<html><body><article>");
    let mut i = 0u64;
    while big.len() < 30 * 1024 * 1024 {
        i += 1;
        big.push_str(&format!("<p>Le président russe est arrivé à Minsk pour l’entretien numéro {i} avec son homologue biélorusse, a annoncé le Kremlin.</p>\n"));
    }
    big.push_str("</article></body></html>");
    std::fs::write(dir.path().join("big.html"), &big).unwrap();
    let out = veille().arg("extract").arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let docs: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2, "{}", stderr(&out));
    let small = docs
        .iter()
        .find(|d| d["source"].as_str().unwrap().ends_with("page.html"))
        .unwrap();
    assert_eq!(small["title"], "Sommet à Minsk");
    assert_eq!(small["author"], "Jeanne Martin");
    // Dates as every command gives them: ISO 8601 to the minute, the
    // page's own clock (zone and seconds dropped).
    assert_eq!(small["date"], "2024-05-23T18:45");
    assert_eq!(small["lang"], "fr");
    assert!(small["text"]
        .as_str()
        .unwrap()
        .contains("Vladimir Poutine est arrivé jeudi à Minsk"));
    assert!(!small["text"].as_str().unwrap().contains("Mentions légales"));
    let big_doc = docs
        .iter()
        .find(|d| d["source"].as_str().unwrap().ends_with("big.html"))
        .unwrap();
    assert!(big_doc["text"].as_str().unwrap().len() > 1_000_000);
}

/// A loopback HTTP server answering fixed routes (path → status, content
/// type, body; unknown paths 404), logging the paths asked for. An `ETag`
/// is sent with every 200, and a matching `If-None-Match` gets a 304.
fn static_server(
    routes: Vec<(&'static str, u16, &'static str, String)>,
) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log2 = log.clone();
    let routes = std::sync::Arc::new(routes);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            let mut etag_sent = None;
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                    break;
                }
                if let Some(v) = h.to_lowercase().strip_prefix("if-none-match:") {
                    etag_sent = Some(v.trim().to_string());
                }
            }
            log2.lock().unwrap().push(path.clone());
            let (status, ctype, body) = match routes.iter().find(|r| r.0 == path) {
                Some((_, s, t, b)) => (*s, *t, b.clone()),
                None => (404, "text/plain", String::new()),
            };
            let etag = format!("\"{}\"", body.len());
            let (status, body) = if status == 200 && etag_sent.as_deref() == Some(etag.as_str()) {
                (304, String::new())
            } else {
                (status, body)
            };
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nETag: {etag}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
    });
    (base, log)
}

#[test]
fn ingest_feeds_fetches_linked_articles_politely_and_polls_conditionally() {
    let page = "<html><head><title>Poutine à Pékin</title><meta name=\"author\" content=\"Anne Martin\"></head><body><article><h1>Poutine à Pékin</h1><p>Le président russe Vladimir Poutine est arrivé jeudi à Pékin pour une visite d’État de deux jours, a annoncé le Kremlin.</p><p>Il doit rencontrer Xi Jinping vendredi pour parler de l’Ukraine et du commerce entre les deux pays.</p></article></body></html>".to_string();
    let (base, log) = static_server(vec![
        (
            "/robots.txt",
            200,
            "text/plain",
            "User-agent: *\nDisallow: /private/\n".into(),
        ),
        ("/a1.html", 200, "text/html; charset=utf-8", page),
    ]);
    // The feed, on another host, links the first one's pages.
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test</title>\
         <item><title>Poutine à Pékin</title><link>{base}/a1.html</link><pubDate>Thu, 16 May 2024 08:00:00 GMT</pubDate></item>\
         <item><title>Disparu</title><link>{base}/missing.html</link><description>Le ministre Sergueï Lavrov a déclaré mardi à Moscou que les discussions avec Washington reprendraient bientôt.</description></item>\
         <item><title>Privé</title><link>{base}/private/p.html</link></item>\
         </channel></rss>"
    );
    let (feed_base, feed_log) = static_server(vec![
        ("/robots.txt", 404, "text/plain", String::new()),
        ("/feed.xml", 200, "application/rss+xml", feed),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("feeds.txt");
    std::fs::write(&list, format!("# test feeds\n{feed_base}/feed.xml\n\n")).unwrap();
    let db = dir.path().join("f.db");
    let run = || {
        veille()
            .args(["ingest", "--feeds"])
            .arg(&list)
            .arg("--db")
            .arg(&db)
            .args(["--delay-ms", "20", "--timeout", "5", "--retries", "0"])
            .output()
            .unwrap()
    };
    let out = run();
    assert!(out.status.success(), "{}", stderr(&out));
    let so = stdout(&out);
    assert!(so.contains("pages fetched:    1"), "{so}");
    assert!(so.contains("feed text used:   1"), "{so}");
    assert!(so.contains("stored (new):     2"), "{so}");
    assert!(so.contains("skipped items:    1"), "{so}");
    assert!(stderr(&out).contains("robots.txt"), "{}", stderr(&out));
    assert!(!log
        .lock()
        .unwrap()
        .iter()
        .any(|p| p.starts_with("/private")));
    // The stored article carries the page's text and the feed's date.
    let s = veille()
        .args(["search", "Pékin", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let hit: serde_json::Value = serde_json::from_str(stdout(&s).lines().next().unwrap()).unwrap();
    assert_eq!(hit["source"], format!("{base}/a1.html"));
    assert!(
        hit["date"].as_str().unwrap().starts_with("2024-05-16"),
        "{hit}"
    );
    // Second poll: the feed is unchanged (304), nothing is fetched again.
    let pages_before = log.lock().unwrap().len();
    let out = run();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 not modified"), "{}", stdout(&out));
    assert_eq!(log.lock().unwrap().len(), pages_before);
    assert_eq!(
        feed_log
            .lock()
            .unwrap()
            .iter()
            .filter(|p| *p == "/feed.xml")
            .count(),
        2
    );
    // A list with no URL is a clear error.
    std::fs::write(&list, "# nothing\n").unwrap();
    let out = run();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no feed URL"), "{}", stderr(&out));
}

#[test]
fn clusters_learned_from_text_feed_a_trained_ner_model() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("raw.txt");
    let mut raw = String::new();
    for (name, city) in [
        ("Poutine", "Minsk"),
        ("Lavrov", "Pékin"),
        ("Blinken", "Kyiv"),
    ] {
        raw.push_str(&format!(
            "{name} est arrivé à {city} lundi. {name} a quitté {city}.\n"
        ));
    }
    std::fs::write(&text, &raw).unwrap();
    let clusters = dir.path().join("c.bin");
    let learn = |sizes: &str| {
        veille()
            .args(["train", "clusters", "--lang", "fr", "--min-count", "1"])
            .args(["--sizes", sizes])
            .arg("--text")
            .arg(&text)
            .arg("--out")
            .arg(&clusters)
            .output()
            .unwrap()
    };
    let out = learn("4,8");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("[4, 8] classes"), "{}", stderr(&out));
    // Class counts that cannot be are a clear error.
    for bad in ["1,4", "2,4,8,16,32"] {
        let out = learn(bad);
        assert!(!out.status.success(), "{bad}");
        assert!(stderr(&out).contains("--sizes"), "{}", stderr(&out));
    }
    // A small brat corpus trained with those clusters.
    let brat = dir.path().join("brat");
    std::fs::create_dir(&brat).unwrap();
    std::fs::write(
        brat.join("a.txt"),
        "Vladimir Poutine est arrivé à Minsk lundi.",
    )
    .unwrap();
    std::fs::write(
        brat.join("a.ann"),
        "T1\tPerson 0 16\tVladimir Poutine\nT2\tLocation 30 35\tMinsk\n",
    )
    .unwrap();
    let model = dir.path().join("ner.bin");
    let out = veille()
        .args([
            "train", "ner", "--lang", "fr", "--no-kb", "--seeds", "1", "--brat",
        ])
        .arg(&brat)
        .arg("--clusters")
        .arg(&clusters)
        .arg("--out")
        .arg(&model)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = veille()
        .args(["eval", "ner", "--brat"])
        .arg(&brat)
        .arg("--model")
        .arg(&model)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let last: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().last().unwrap()).unwrap();
    assert_eq!(last["f1"], 1.0, "{}", stdout(&out));
    // Clusters that are not a clusters file are a clear error.
    let out = veille()
        .args(["train", "ner", "--lang", "fr", "--brat"])
        .arg(&brat)
        .arg("--clusters")
        .arg(&text)
        .arg("--out")
        .arg(&model)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("loading clusters"),
        "{}",
        stderr(&out)
    );
}

/// A short news article of our own, with events in it.
const ARTICLE: &str = "Le président français reçoit son homologue ukrainien à Paris\n\
Le président français Emmanuel Macron a rencontré mardi Volodymyr Zelensky à Paris. \
Les deux dirigeants ont discuté de la livraison d'armes, a précisé l'Élysée.\n\n\
Le chef de l'État a promis une aide militaire supplémentaire à l'Ukraine. \
Dans la soirée, Kiev a accusé la Russie d'avoir bombardé Kharkiv, \"une ville martyre\", selon Zelensky.\n";

#[test]
fn export_events_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    // An empty store: a header or nothing, and success.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = veille()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&empty)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for (format, lines) in [("jsonl", 0), ("plover", 0), ("csv", 1), ("gdelt", 1)] {
        let out = veille()
            .args(["export", "events", "--format", format, "--db"])
            .arg(&db)
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        assert_eq!(stdout(&out).lines().count(), lines, "{format}");
    }

    let article = dir.path().join("macron-zelensky.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let out = veille()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&article)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    // JSON lines: every line parses, with its document and event fields.
    let out = veille()
        .args(["export", "events", "--format", "jsonl", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let events: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!events.is_empty(), "the article has events");
    let n = events.len();
    for e in &events {
        for key in [
            "id", "doc_id", "type", "cameo", "trigger", "modality", "sentence",
        ] {
            assert!(e.get(key).is_some(), "{key} in {e}");
        }
    }
    assert!(
        events.iter().any(|e| e["type"] == "CONSULT"),
        "the meeting: {events:?}"
    );

    // PLOVER records, to a file.
    let file = dir.path().join("events.plover.jsonl");
    let out = veille()
        .args(["export", "events", "--format", "plover", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.lines().count(), n);
    for l in text.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v["event"].is_string() && v["eventText"].is_string(), "{v}");
        assert_eq!(v["language"], "fr");
    }

    // CSV: a header and one row per event, 24 fields each, quotes and
    // commas in sentences kept inside their field.
    let out = veille()
        .args(["export", "events", "--format", "csv", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let s = stdout(&out);
    assert!(s.starts_with("doc_id,url,date,type,cameo,"), "{s}");
    let rows = csv_records(&s);
    assert_eq!(rows.len(), n + 1);
    assert!(rows.iter().all(|r| r.len() == 24), "{rows:?}");
    assert!(
        s.lines()
            .next()
            .unwrap()
            .ends_with(",event,mentions,independent_sources"),
        "{s}"
    );

    // GDELT-like rows: a header and 25 tab-separated columns each.
    let out = veille()
        .args(["export", "events", "--format", "gdelt", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let s = stdout(&out);
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines.len(), n + 1);
    assert!(lines[0].starts_with("GlobalEventID\tDay\tActor1Code"));
    assert!(lines.iter().all(|l| l.split('\t').count() == 25), "{s}");

    // Filters as for `veille events`.
    let out = veille()
        .args([
            "export", "events", "--format", "jsonl", "--type", "CONSULT", "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    let consult = stdout(&out).lines().count();
    assert!(consult >= 1 && consult <= n);

    // An unknown format says which there are.
    let out = veille()
        .args(["export", "events", "--format", "xml", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("jsonl, csv, plover, gdelt"),
        "{}",
        stderr(&out)
    );
}

/// Minimal RFC 4180 reading (quoted fields with "" and line breaks), to
/// check the CSV export without trusting the writer's own crate.
fn csv_records(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[test]
fn serve_and_bench_refuse_bad_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("serve.db").display().to_string();
    let missing = dir.path().join("no-feeds.txt").display().to_string();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = busy.local_addr().unwrap().to_string();
    for (args, expect) in [
        (vec!["serve", "--every", "5w", "--db", &db], "unit"),
        (vec!["serve", "--every", "0m", "--db", &db], "positive"),
        (
            vec!["serve", "--addr", "not-an-address", "--db", &db],
            "invalid",
        ),
        (
            vec!["serve", "--feeds", &missing, "--db", &db],
            "no-feeds.txt",
        ),
        (vec!["serve", "--addr", &addr, "--db", &db], "cannot listen"),
        (
            vec!["bench", "serve", "--docs", "0", "--db", &db],
            "at least 1",
        ),
    ] {
        let out = veille().args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr(&out).contains(expect), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn stats_count_what_is_stored_and_the_runs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let out = veille()
        .args(["--log-format", "json", "ingest", "--threads", "2"])
        .arg(corpus())
        .arg(dir.path().join("missing.xyz"))
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // Every diagnostic line is one JSON log event.
    let events: Vec<serde_json::Value> = stderr(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(events
        .iter()
        .any(|e| e["level"] == "WARN" && e["fields"]["skipped"] == true));
    let finished = events
        .iter()
        .find(|e| e["fields"]["message"] == "ingest finished")
        .expect("the run is logged");
    assert_eq!(finished["fields"]["threads"], 2);

    let out = veille()
        .args(["stats", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let s: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(s["inventory"]["documents"], 5);
    assert!(s["inventory"]["entities"].as_u64().unwrap() > 20);
    assert!(s["inventory"]["bytes"].as_u64().unwrap() > 10_000);
    assert_eq!(s["runs"][0]["read"], 5);
    assert!(
        s["runs"][0]["skipped"].as_u64().unwrap() >= 1,
        "the missing file"
    );
    assert!(s["runs"][0]["stages"]["entities"].as_f64().unwrap() > 0.0);

    let out = veille().args(["stats", "--db"]).arg(&db).output().unwrap();
    let text = stdout(&out);
    assert!(text.contains("documents:        5"), "{text}");
    assert!(text.contains("time per stage: clean"), "{text}");

    // A JSON error for a store that is not there.
    let out = veille()
        .args(["--log-format", "json", "stats", "--db"])
        .arg(dir.path().join("none.db"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let e: serde_json::Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(e["level"], "ERROR");
    assert!(e["fields"]["error"].as_str().unwrap().contains("no store"));
}

/// Two `veille ingest --feeds` workers polling the same feed into one
/// store at once: each article is fetched once and stored once.
pub fn two_feed_workers_share_the_queue(db: &str) {
    let n = 14;
    let mut routes = vec![("/robots.txt", 404, "text/plain", String::new())];
    let mut items = String::new();
    let (base, log) = {
        // Paths must live as long as the server: leaked once per test.
        let mut paths = Vec::new();
        for i in 0..n {
            let path: &'static str = Box::leak(format!("/a{i}.html").into_boxed_str());
            paths.push(path);
            routes.push((
                path,
                200,
                "text/html; charset=utf-8",
                format!("<html><head><title>Dépêche {i}</title></head><body><article><h1>Dépêche {i}</h1><p>Le conseil municipal de Lyon a voté mardi un budget de {i} millions d'euros pour la rénovation des écoles du quartier numéro {i}, après un long débat.</p><p>L'opposition a dénoncé un calendrier trop serré pour le chantier {i}.</p></article></body></html>"),
            ));
        }
        static_server(routes)
    };
    for i in 0..n {
        items.push_str(&format!(
            "<item><title>Dépêche {i}</title><link>{base}/a{i}.html</link></item>"
        ));
    }
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>{items}</channel></rss>"
    );
    let (feed_base, _) = static_server(vec![
        ("/robots.txt", 404, "text/plain", String::new()),
        ("/feed.xml", 200, "application/rss+xml", feed),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("feeds.txt");
    std::fs::write(&list, format!("{feed_base}/feed.xml\n")).unwrap();
    let worker = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_veille"))
            .args(["ingest", "--feeds"])
            .arg(&list)
            .args(["--db", db, "--delay-ms", "120", "--timeout", "5"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (worker(), worker());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    for out in [&a, &b] {
        assert!(out.status.success(), "{}", stderr(out));
    }
    let fetched = |out: &std::process::Output| -> usize {
        stdout(out)
            .lines()
            .find_map(|l| l.strip_prefix("pages fetched:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap()
    };
    assert_eq!(
        fetched(&a) + fetched(&b),
        n,
        "{}\n{}",
        stdout(&a),
        stdout(&b)
    );
    assert!(fetched(&a) > 0 && fetched(&b) > 0, "both workers fetched");
    let log = log.lock().unwrap();
    for i in 0..n {
        let p = format!("/a{i}.html");
        assert_eq!(
            log.iter().filter(|x| **x == p).count(),
            1,
            "{p} fetched once"
        );
    }
    let out = veille()
        .args(["stats", "--json", "--db", db])
        .output()
        .unwrap();
    let s: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(s["inventory"]["documents"], n as u64);
    assert_eq!(s["inventory"]["queue"]["done"], n as u64);
}

#[test]
fn two_feed_workers_share_the_queue_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    two_feed_workers_share_the_queue(db.to_str().unwrap());
}

#[test]
fn two_feed_workers_share_the_queue_on_postgres() {
    let Some(dbs) = pg::PgDbs::new("feed_workers", 1) else {
        return;
    };
    two_feed_workers_share_the_queue(&dbs.locator(0));
    println!("feed workers on postgres: each article fetched and stored once");
}
