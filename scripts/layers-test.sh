#!/usr/bin/env bash
# Shows that scripts/layers.sh can fail: on copies of src/ with a planted
# upward include, a loop within one layer, a module the table does not know,
# and a table with a layer missing, it must exit 1 naming the problem; on
# src/ itself and on a copy with a downward include it must pass.  Part of
# `make lint`.  Ends "layers-test: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

doc=docs/DEVELOPING.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n_passed=0
n_failed=0

# fresh: a copy of src/ and of the table to plant things in.
fresh() {
	rm -rf "$tmp/src" "$tmp/doc.md"
	cp -r src "$tmp/src"
	cp "$doc" "$tmp/doc.md"
}

# check NAME WANT_RC WANT_TEXT: run the check on the copy; its exit code
# must be WANT_RC and its output must contain WANT_TEXT.
check() {
	local name=$1 want_rc=$2 want_text=$3 out rc=0

	out=$(scripts/layers.sh "$tmp/src" "$tmp/doc.md" 2>&1) || rc=$?
	if [ "$rc" = "$want_rc" ] && grep -qF -- "$want_text" <<<"$out"; then
		n_passed=$((n_passed + 1))
	else
		n_failed=$((n_failed + 1))
		echo "layers-test: FAILED $name: exit $rc (want $want_rc)," \
			"output lacks '$want_text':" >&2
		sed 's/^/    /' <<<"$out" >&2
	fi
}

fresh
check "src as it is" 0 "layers: ok"

# db (infra) reaching up to the router (http).
fresh
printf '#include "router.h"\n' >>"$tmp/src/db.c"
check "upward include" 1 "db.c:$(wc -l <"$tmp/src/db.c"): includes \"router.h\" of layer http, above db of layer infra"

# A header counts as much as a source file: auth.h (auth) naming http.h.
fresh
sed -i 's|^#include <stdint.h>$|#include <stdint.h>\n#include "http.h"|' "$tmp/src/auth.h"
check "upward include in a header" 1 "auth.h:"

# json and db are both infra; db already includes json.h.
fresh
printf '#include "db.h"\n' >>"$tmp/src/json.c"
check "loop within a layer" 1 "layers: include loop:"

fresh
printf '/* new */\n' >"$tmp/src/gadget.c"
check "module in no layer" 1 "module \"gadget\" is in no layer"

# Without its row the http layer's modules are unknown.
fresh
sed -i '/^| http |/d' "$tmp/doc.md"
check "table without the http row" 1 "module \"router\" is in no layer"

# Downward is fine: the router may use the arena.
fresh
printf '#include "mem.h"\n' >>"$tmp/src/router.c"
check "downward include" 0 "layers: ok"

echo "layers-test: $n_passed passed, $n_failed failed"
[ "$n_failed" = 0 ]
