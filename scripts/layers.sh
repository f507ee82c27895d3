#!/usr/bin/env bash
# The include check of `make lint`.  Every `#include "x.h"` in src/ must point
# at a module of its own layer or a lower one, in the order of the table
# under "## Layers" in docs/DEVELOPING.md (first row lowest); the includes
# must not form a loop, not even within one layer; and every module of src/
# must have a row.  Ends "layers: ok", or exits 1 with one line per problem.
#
#   scripts/layers.sh [SRC_DIR [TABLE_FILE]]   defaults: src docs/DEVELOPING.md
#
# The table's rows are `| layer | files | one job |`: a row with an empty
# layer cell continues the layer above it; the files cell names modules in
# backquotes (`db`) or shell patterns of names (`*_api`).
set -euo pipefail
cd "$(dirname "$0")/.."

src=${1:-src}
doc=${2:-docs/DEVELOPING.md}
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT

shopt -s nullglob
files=("$src"/*.c "$src"/*.h)
if [ ${#files[@]} -eq 0 ]; then
	echo "layers: no C files in $src" >&2
	exit 1
fi

status=0
awk -v doc="$doc" -v edges="$edges" '
function trim(s) {
	gsub(/^[ \t]+|[ \t]+$/, "", s)
	return s
}
function module(path) {
	sub(/.*\//, "", path)
	sub(/\.[ch]$/, "", path)
	return path
}
# The layer index of module m, 0 when it has none.
function layer_of(m,    i) {
	if (m in exact)
		return exact[m]
	for (i = 1; i <= n_pat; i++)
		if (m ~ pat_re[i])
			return pat_layer[i]
	return 0
}
FILENAME == doc {
	if ($0 ~ /^## /) {
		in_table = $0 ~ /^## Layers/
		next
	}
	if (!in_table || $0 !~ /^\|/)
		next
	split($0, cell, "|")
	name = trim(cell[2])
	if (name == "layer" || name ~ /^:?-+:?$/)
		next
	if (name != "") {
		n_layers++
		layer_name[n_layers] = name
	}
	if (n_layers == 0)
		next
	rest = cell[3]
	while (match(rest, /`[^`]+`/)) {
		m = substr(rest, RSTART + 1, RLENGTH - 2)
		rest = substr(rest, RSTART + RLENGTH)
		if (m ~ /[*?]/) {
			re = m
			gsub(/\*/, ".*", re)
			gsub(/\?/, ".", re)
			pat_re[++n_pat] = "^" re "$"
			pat_layer[n_pat] = n_layers
		} else {
			exact[m] = n_layers
		}
	}
	next
}
FNR == 1 {
	if (n_layers == 0) {
		printf "%s: no layer table under \"## Layers\"\n", doc
		bad = 1
		exit
	}
	self = module(FILENAME)
	self_layer = layer_of(self)
	if (self_layer == 0) {
		printf "%s: module \"%s\" is in no layer of %s\n", \
		    FILENAME, self, doc
		bad = 1
	}
}
/^[ \t]*#[ \t]*include[ \t]*"/ {
	target = $0
	sub(/^[^"]*"/, "", target)
	sub(/".*/, "", target)
	to = module(target)
	if (to == self)
		next
	print self, to > edges
	to_layer = layer_of(to)
	if (self_layer == 0 || to_layer == 0)
		next
	if (to_layer > self_layer) {
		printf "%s:%d: includes \"%s\" of layer %s, above %s of " \
		    "layer %s: an include points only at its own layer or " \
		    "below (%s)\n", FILENAME, FNR, target, \
		    layer_name[to_layer], self, layer_name[self_layer], doc
		bad = 1
	}
}
END {
	exit bad
}
' "$doc" "${files[@]}" || status=1

# A loop within a layer is as bad as one across layers: tsort names it.
if ! loop=$(tsort "$edges" 2>&1 >/dev/null); then
	echo "$loop" | awk '
		/input contains a loop/ {
			if (s != "") print "layers: include loop: " s
			s = ""
			next
		}
		/^tsort: / { sub(/^tsort: /, ""); s = s (s == "" ? "" : " -> ") $0 }
		END { if (s != "") print "layers: include loop: " s }'
	status=1
fi

[ "$status" = 0 ] && echo "layers: ok"
exit "$status"
