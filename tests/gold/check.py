#!/usr/bin/env python3
"""Checks veille's hand-annotated French gold (events, quotes, places, stories)
against ../shared/notes/annotation-guidelines.md: every string field is an
exact substring of its WiNER file, event spans lie inside their sentence,
labels come from the closed lists. Usage:
  python3 tests/gold/check.py [--winer ../shared/data/winer-fr] FILE.jsonl...
Exit status 1 and one line per problem when anything is wrong."""
import json, os, sys

TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
MODALITIES = {"asserted", "negated", "future", "hypothetical", "reported"}
SECTORS = {"GOV", "POL", "JUD", "COP", "MIL", "CVL", "IGO", "REB", "BUS", "MED", "NGO", None}
KINDS = {"direct", "indirect"}
PRECISIONS = {"country", "admin", "city", "site", "region"}

def main(argv):
    winer = "../shared/data/winer-fr"
    files = []
    i = 0
    while i < len(argv):
        if argv[i] == "--winer":
            winer = argv[i + 1]; i += 2
        else:
            files.append(argv[i]); i += 1
    problems = []
    texts = {}
    def text_of(name):
        if name not in texts:
            year = os.path.basename(name)[:4]
            path = os.path.join(winer, year, name)
            try:
                texts[name] = open(path, encoding="utf-8").read()
            except OSError as e:
                texts[name] = None
                problems.append(f"{name}: cannot read {path}: {e}")
        return texts[name]
    counts = {}
    seen, labels = set(), {}
    for f in files:
        base = os.path.basename(f)
        kind = ("events" if "event" in base else "places" if "place" in base
                else "stories" if "stor" in base else "quotes")
        for n, line in enumerate(open(f, encoding="utf-8"), 1):
            if not line.strip():
                continue
            where = f"{f}:{n}"
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                problems.append(f"{where}: invalid JSON: {e}"); continue
            t = text_of(r.get("file", ""))
            if t is None:
                continue
            counts[kind] = counts.get(kind, 0) + 1
            def sub(field, value, inside):
                if value is not None and value not in inside:
                    problems.append(f"{where}: {field} {value!r} is not in {'the sentence' if inside is not t else r['file']}")
            if kind == "stories":
                if not isinstance(r.get("story"), str) or not r["story"]:
                    problems.append(f"{where}: no story id")
                if not isinstance(r.get("label"), str) or not r["label"]:
                    problems.append(f"{where}: no label")
                if r["file"] in seen:
                    problems.append(f"{where}: {r['file']} listed twice")
                seen.add(r["file"])
                label = labels.setdefault(r.get("story"), r.get("label"))
                if label != r.get("label"):
                    problems.append(f"{where}: story {r.get('story')!r} has two labels")
                continue
            if kind == "events":
                s = r.get("sentence", "")
                if s not in t:
                    problems.append(f"{where}: sentence not in {r['file']}")
                sub("trigger", r.get("trigger"), s)
                if not r.get("trigger"):
                    problems.append(f"{where}: no trigger")
                if r.get("type") not in TYPES:
                    problems.append(f"{where}: type {r.get('type')!r} is not a PLOVER type")
                if r.get("modality") not in MODALITIES:
                    problems.append(f"{where}: modality {r.get('modality')!r}")
                for a in ("source", "target"):
                    v = r.get(a)
                    if v is None:
                        continue
                    if not isinstance(v, dict) or set(v) - {"text", "code", "sector"}:
                        problems.append(f"{where}: {a} must be null or {{text, code, sector}}"); continue
                    sub(a, v.get("text"), s)
                    if v.get("sector") not in SECTORS:
                        problems.append(f"{where}: {a} sector {v.get('sector')!r}")
                sub("location", r.get("location"), s)
                sub("date_text", r.get("date_text"), s)
            elif kind == "places":
                s = r.get("sentence", "")
                if s not in t:
                    problems.append(f"{where}: sentence not in {r['file']}")
                if not r.get("text"):
                    problems.append(f"{where}: no text")
                sub("text", r.get("text"), s)
                if r.get("precision") not in PRECISIONS:
                    problems.append(f"{where}: precision {r.get('precision')!r}")
                lat, lon = r.get("lat"), r.get("lon")
                if not isinstance(lat, (int, float)) or not -90 <= lat <= 90:
                    problems.append(f"{where}: lat {lat!r}")
                if not isinstance(lon, (int, float)) or not -180 <= lon <= 180:
                    problems.append(f"{where}: lon {lon!r}")
                c = r.get("country")
                if c is not None and not (isinstance(c, str) and len(c) == 3 and c.isupper()):
                    problems.append(f"{where}: country {c!r}")
            else:
                sub("text", r.get("text"), t)
                if not r.get("text"):
                    problems.append(f"{where}: no text")
                if r.get("kind") not in KINDS:
                    problems.append(f"{where}: kind {r.get('kind')!r}")
                sub("cue", r.get("cue"), t)
                sub("speaker", r.get("speaker"), t)
    for p in problems:
        print(p)
    print(f"{counts} records in {len(texts)} files; {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
