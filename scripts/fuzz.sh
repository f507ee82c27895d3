#!/usr/bin/env bash
# Run the libFuzzer harnesses of build/fuzz (make MODE=fuzz fuzzers).
#
#   scripts/fuzz.sh [--keep] SECONDS [NAME...]
#
# Each harness (every one when no NAME is given) runs SECONDS.  libFuzzer
# is given two corpus directories: a scratch one under build/fuzz/ first,
# then the committed seeds of tests/fuzz/corpus/NAME.  It writes what it
# finds (and the reduced forms of what it replaces) into the first one
# only, so the committed seeds are read and never changed: a run leaves
# the tree as it found it.
#
#   without --keep (make test)  scratch build/fuzz/run/NAME, emptied first;
#   with --keep (make fuzz)     scratch build/fuzz/corpus/NAME, kept from
#                               run to run and minimised (-merge) after each.
#
# The committed corpora stay small, hand-picked seeds: an input found by
# fuzzing joins them only by being copied there, under a name that says
# what it is.  A crash, leak or timeout leaves its input in
# build/fuzz/crashes/NAME/ and fails the harness.  One line per harness:
# "fuzz NAME: ok|FAILED, N runs in S s" (parsed by scripts/run-tests.sh);
# exit 1 when any failed.
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

if [ "$keep" = 1 ]; then
	scratch_root=build/fuzz/corpus
else
	scratch_root=build/fuzz/run
fi
status=0
for n in "${names[@]}"; do
	bin=build/fuzz/tests/fuzz/fuzz_$n
	seeds=tests/fuzz/corpus/$n
	scratch=$scratch_root/$n
	crashes=build/fuzz/crashes/$n
	log=build/fuzz/$n.log
	if [ ! -x "$bin" ]; then
		echo "fuzz $n: FAILED, not built ($bin)"
		status=1
		continue
	fi
	[ "$keep" = 1 ] || rm -rf "$scratch"
	mkdir -p "$crashes" "$scratch" "$seeds"
	# -rss_limit_mb: an input may not make a harness use more memory than
	# the server could; -timeout: nor hang it.
	rc=0
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$crashes/" \
	    "$scratch" "$seeds" >"$log" 2>&1 || rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	took=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	if [ "$rc" -ne 0 ]; then
		echo "fuzz $n: FAILED (exit $rc), ${runs:-0} runs in $secs s; inputs in $crashes, log $log"
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -n 20
		status=1
		continue
	fi
	if [ "$keep" = 1 ]; then
		# Minimised: only inputs that add coverage stay.
		rm -rf "$scratch.min"
		mkdir -p "$scratch.min"
		"$bin" -merge=1 "$scratch.min" "$scratch" >/dev/null 2>&1
		rm -rf "$scratch"
		mv "$scratch.min" "$scratch"
	fi
	echo "fuzz $n: ok, ${runs:-0} runs in $secs s (${took:-0}/s), found $(find "$scratch" -type f | wc -l) in $scratch"
done
exit "$status"
