#!/usr/bin/env bash
# `veille serve` over PostgreSQL, once: ingests the seeds into the server
# named by VEILLE_TEST_PG, serves them, and checks /api/health and
# /api/search answer with the stored documents. Run it beside a throwaway
# server:
#
#   bash tests/pg/run.sh bash tests/pg/serve-smoke.sh target/release/veille
set -euo pipefail
veille=${1:?usage: serve-smoke.sh PATH/TO/veille}
seeds=${2:-../shared/seeds}
: "${VEILLE_TEST_PG:?VEILLE_TEST_PG is not set (run through tests/pg/run.sh)}"

"$veille" ingest "$seeds" --db "$VEILLE_TEST_PG"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
"$veille" serve --db "$VEILLE_TEST_PG" --addr "127.0.0.1:$port" > "$log" 2>&1 &
server=$!
trap 'kill "$server" 2> /dev/null || true; rm -f "$log"' EXIT

get() {
  python3 - "$1" <<'PY'
import json, sys, time, urllib.request
url = sys.argv[1]
for _ in range(120):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            print(r.read().decode())
            sys.exit(0)
    except OSError:
        time.sleep(0.25)
sys.exit(f"no answer from {url}")
PY
}

health=$(get "http://127.0.0.1:$port/api/health") || { cat "$log" >&2; exit 1; }
echo "health: $health"
python3 -c 'import json, sys; h = json.loads(sys.argv[1]); assert h["status"] == "ok" and h["documents"] > 0, h' "$health"
search=$(get "http://127.0.0.1:$port/api/search?q=Poutine")
python3 -c '
import json, sys
p = json.loads(sys.argv[1])
assert p["total"] > 0 and p["hits"], p
assert any("[Poutine]" in h["snippet"] for h in p["hits"]), p["hits"]
print("search:", p["total"], "hits for Poutine")
' "$search"
echo "postgres serve: health and search answered"
