#!/usr/bin/env bash
# Browser tests of `veille serve`'s pages, in headless Chromium (Debian's
# `chromium`, driven by playwright-core from npm).
#
#   bash tests/browser/run.sh                 # builds veille (release) if VEILLE_BIN is unset
#   VEILLE_BIN=target/debug/veille bash tests/browser/run.sh
#   SCREENSHOTS=docs/screenshots bash tests/browser/run.sh   # also refresh the README's screenshots
#
# Ingests ../shared/seeds and tests/fixtures/serve-ui into a temporary
# store, serves it on a free loopback port with a token (and an empty store
# on another), then tests/browser/test.mjs loads each page, clicks, filters
# and checks what is shown; a failing check saves a screenshot under
# tests/browser/failures/. Both servers are stopped on exit, whatever
# happens.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
seeds=${SEEDS:-$root/../shared/seeds}

if [ -z "${VEILLE_BIN:-}" ]; then
  cargo build --release -p veille-cli
  VEILLE_BIN=${CARGO_TARGET_DIR:-$root/target}/release/veille
fi
bin=$(cd "$(dirname "$VEILLE_BIN")" && pwd)/$(basename "$VEILLE_BIN")
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ]; then
  echo "browser tests: chromium not found (apt-get install -y chromium)" >&2
  exit 1
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm install --no-audit --no-fund)
fi

tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    # Give it a few seconds to stop, then force it.
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.3
    done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The store: the seeds and the fixtures.
"$bin" ingest "$seeds" "$root/tests/fixtures/serve-ui/articles.jsonl" --db "$tmp/store.db"
"$bin" export documents --db "$tmp/store.db" > "$tmp/documents.jsonl"

token="browser-$RANDOM$RANDOM"
start_server() { # db port log
  "$bin" serve --db "$1" --addr "127.0.0.1:$2" --token "$token" > "$3" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do
    if curl -fsS --max-time 2 "http://127.0.0.1:$2/api/health" > /dev/null 2>&1; then
      return 0
    fi
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then
      echo "browser tests: the server stopped:" >&2
      cat "$3" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "browser tests: the server did not answer within 30 s" >&2
  cat "$3" >&2
  return 1
}
port=$(free_port)
start_server "$tmp/store.db" "$port" "$tmp/serve.log"
empty_port=$(free_port)
start_server "$tmp/empty.db" "$empty_port" "$tmp/serve-empty.log"

status=0
BASE="http://127.0.0.1:$port" EMPTY_BASE="http://127.0.0.1:$empty_port" TOKEN="$token" \
  DOCUMENTS="$tmp/documents.jsonl" PASTED="$root/tests/fixtures/serve-ui/pasted.txt" \
  UPLOAD="$root/tests/fixtures/serve-ui/upload.txt" \
  CHROMIUM="$chromium" FAILURES="$here/failures" SCREENSHOTS="${SCREENSHOTS:-}" \
  timeout 600 node "$here/test.mjs" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- server log (last 40 lines) ---" >&2
  tail -n 40 "$tmp/serve.log" >&2 || true
fi
exit "$status"
