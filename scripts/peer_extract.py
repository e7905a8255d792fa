#!/usr/bin/env python3
"""The peers of `veille eval extract`, on exactly the pages veille reads.

Usage: peer_extract.py PAGES.json OUT.jsonl
PAGES.json: [{"file": NAME, "path": PAGE(.gz), "url": URL or null}, ...]
(veille writes it for the split it scores; "url" is null unless --with-url).

For each page, one JSON line: file, text (trafilatura.extract, the timed
run), title, author, date (trafilatura.bare_extraction with metadata; the date
comes from htmldate inside it), htmldate (htmldate.find_date with
original_date=True and its default extensive search). The URL is passed only
where PAGES.json gives one. Prints pages=N seconds=S pages_per_s=P for the
timed trafilatura.extract run alone.
"""
import gzip, json, sys, time

import trafilatura
from htmldate import find_date

pages = json.load(open(sys.argv[1], encoding="utf-8"))
html = {}
for p in pages:
    path = p["path"]
    raw = (gzip.open if path.endswith(".gz") else open)(path, "rb").read()
    html[p["file"]] = raw.decode("utf-8", errors="replace")

t0 = time.perf_counter()
texts = {p["file"]: trafilatura.extract(html[p["file"]]) or "" for p in pages}
seconds = time.perf_counter() - t0

with open(sys.argv[2], "w", encoding="utf-8") as out:
    for p in pages:
        h, url = html[p["file"]], p.get("url")
        doc = trafilatura.bare_extraction(h, url=url, with_metadata=True)
        meta = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
        try:
            hd = find_date(h, url=url, original_date=True)
        except Exception:  # htmldate gives up on some broken pages
            hd = None
        out.write(json.dumps({
            "file": p["file"],
            "text": texts[p["file"]],
            "title": meta.get("title"),
            "author": meta.get("author"),
            "date": meta.get("date"),
            "htmldate": hd,
        }, ensure_ascii=False) + "\n")

print(f"pages={len(pages)} seconds={seconds:.2f} pages_per_s={len(pages)/seconds:.1f}")
