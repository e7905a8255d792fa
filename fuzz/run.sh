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
# The CoNLL parsers' seeds, written here rather than kept as files in the
# treebank formats (the project tracks no file that looks like shared gold
# data): sentences invented by the team, in UD CoNLL-U and in the CoNLL NER
# column format, with the shapes the parsers must survive (multiword token
# ranges, an empty node, comments, document markers).
write_conll_seeds() {
  cat > "$1/team-written-ud-format" <<'SEED'
# newdoc id = fr-001
# newpar
# sent_id = 1
# text = Le président est arrivé au Kremlin.
1	Le	le	DET	_	Definite=Def	2	det	_	_
2	président	président	NOUN	_	Gender=Masc	4	nsubj	_	_
3	est	être	AUX	_	_	4	aux	_	_
4	arrivé	arriver	VERB	_	_	0	root	_	_
5-6	au	_	_	_	_	_	_	_	_
5	à	à	ADP	_	_	7	case	_	_
6	le	le	DET	_	_	7	det	_	_
7	Kremlin	Kremlin	PROPN	_	_	4	obl	_	SpaceAfter=No
7.1	x	x	X	_	_	_	_	_	_
8	.	.	PUNCT	_	_	4	punct	_	_

# text = Don't.
1-2	Don't	_	_	_	_	_	_	_	SpaceAfter=No
1	Do	do	AUX	_	_	0	root	_	_
2	n't	not	PART	_	_	1	advmod	_	_
3	.	.	PUNCT	_	_	1	punct	_	_

SEED
  cat > "$1/team-written-conll-format" <<'SEED'
-DOCSTART- -X- -X- O

Vladimir NNP B-NP I-PER
Poutine NNP I-NP I-PER
à IN B-PP O
Minsk NNP B-NP I-LOC
. . O O

-DOCSTART- -X- -X- O
L' DET O O
OTAN NNP B-NP B-ORG
SEED
}
start=$(date +%s)
cargo fuzz build --sanitizer none
targets=${TARGETS:-$(cargo fuzz list)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=()
for t in $targets; do
  mkdir -p "$work/$t"
  if [ -d "corpus/$t" ]; then cp -R "corpus/$t/." "$work/$t/"; fi
  if [ "$t" = conllu ]; then write_conll_seeds "$work/$t"; fi
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
