#!/usr/bin/env bash
# Fuzzes every target for SECONDS each (default 60) on the stable toolchain:
# builds them all once (release, no sanitizer), then runs each in turn on a
# temporary copy of its seeds (fuzz/corpus/TARGET), so the tree stays clean.
# Fails when a target crashes, hangs (10 s on one input) or runs out of
# memory; the input that did it is kept in fuzz/artifacts/TARGET/.
#   fuzz/run.sh [SECONDS]        every target
#   TARGETS="warc feed" fuzz/run.sh 20
set -euo pipefail
cd "$(dirname "$0")"
# The fuzz crate builds in fuzz/target, whatever the caller's target dir.
unset CARGO_TARGET_DIR
seconds=${1:-60}
if ! cargo fuzz --version > /dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
start=$(date +%s)
cargo fuzz build --sanitizer none
targets=${TARGETS:-$(cargo fuzz list)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=()
for t in $targets; do
  mkdir -p "$work/$t"
  if [ -d "corpus/$t" ]; then cp -R "corpus/$t/." "$work/$t/"; fi
  log="$work/$t.log"
  if cargo fuzz run "$t" --sanitizer none "$work/$t" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    > "$log" 2>&1; then
    status=ok
  else
    status=FAILED
    failed+=("$t")
    tail -n 40 "$log"
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  printf '%-16s %-6s %10s runs in %ss\n' "$t" "$status" "${runs:-?}" "$seconds"
done
echo "fuzzing took $(($(date +%s) - start)) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "crashed: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
