#!/usr/bin/env bash
# Run the libFuzzer harnesses of build/fuzz (make MODE=fuzz fuzzers).
#
#   scripts/fuzz.sh [--keep] SECONDS [NAME...]
#
# Each harness (every one when no NAME is given) runs SECONDS from its
# corpus in tests/fuzz/corpus/NAME.  Without --keep it works on a copy,
# so that a test run changes nothing in the tree; with --keep (make fuzz)
# what it finds is merged back into the corpus, minimised.  A crash, leak
# or timeout leaves its input in build/fuzz/crashes/NAME/ and fails the
# harness.  One line per harness: "fuzz NAME: ok|FAILED, N runs in S s"
# (parsed by scripts/run-tests.sh); exit 1 when any failed.
set -euo pipefail
cd "$(dirname "$0")/.."

keep=0
if [ "${1:-}" = --keep ]; then
	keep=1
	shift
fi
[ $# -ge 1 ] || {
	echo "usage: $0 [--keep] SECONDS [NAME...]" >&2
	exit 2
}
secs=$1
shift
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in tests/fuzz/fuzz_*.c; do
		n=$(basename "$f" .c)
		names+=("${n#fuzz_}")
	done
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for n in "${names[@]}"; do
	bin=build/fuzz/tests/fuzz/fuzz_$n
	seeds=tests/fuzz/corpus/$n
	crashes=build/fuzz/crashes/$n
	if [ ! -x "$bin" ]; then
		echo "fuzz $n: FAILED, not built ($bin)"
		status=1
		continue
	fi
	mkdir -p "$crashes" "$tmp/$n"
	cp -r "$seeds"/. "$tmp/$n"/ 2>/dev/null || true
	log=$tmp/$n.log
	# -rss_limit_mb: an input may not make a harness use more memory than
	# the server could; -timeout: nor hang it.
	rc=0
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$crashes/" \
	    "$tmp/$n" >"$log" 2>&1 || rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	took=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	if [ "$rc" -ne 0 ]; then
		echo "fuzz $n: FAILED (exit $rc), ${runs:-0} runs in $secs s; inputs in $crashes"
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -n 20
		status=1
		continue
	fi
	if [ "$keep" = 1 ]; then
		mkdir -p "$tmp/$n.min"
		"$bin" -merge=1 "$tmp/$n.min" "$seeds" "$tmp/$n" >/dev/null 2>&1
		rm -rf "$seeds"
		mkdir -p "$seeds"
		cp "$tmp/$n.min"/* "$seeds"/
	fi
	echo "fuzz $n: ok, ${runs:-0} runs in $secs s (${took:-0}/s), corpus $(ls "$tmp/$n" | wc -l)"
done
exit "$status"
