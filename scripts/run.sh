#!/usr/bin/env bash
# `make run`: start the private database in var/pg, apply the migrations,
# load the demo data (which prints the demo logins) and run the server in the
# foreground until Ctrl-C, in development mode.  Migrations and the seed run
# as the database's owner, the server as honglian_app (rows only).  The
# database keeps running: `make db-stop`.  With HONGLIAN_DATABASE_URL
# already set, that database (and role) is used for everything instead.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=build/release/honglian
[ -x "$bin" ] || {
	echo "run: $bin is missing: make all" >&2
	exit 1
}

export HONGLIAN_SERVER_ENVIRONMENT=${HONGLIAN_SERVER_ENVIRONMENT:-development}
serve_url=${HONGLIAN_DATABASE_URL:-}
if [ -z "${HONGLIAN_DATABASE_URL:-}" ]; then
	scripts/pg.sh start var/pg
	HONGLIAN_DATABASE_URL=$(scripts/pg.sh url var/pg)
	serve_url=$(scripts/pg.sh app-url var/pg)
	export HONGLIAN_DATABASE_URL
fi

"$bin" migrate
"$bin" seed --demo
HONGLIAN_DATABASE_URL=$serve_url

url="http://127.0.0.1:${HONGLIAN_SERVER_PORT:-8080}"
echo
# How long `make run` took, downloads apart (the scripts' notes).
if [ -n "${HONGLIAN_RUN_STARTED:-}" ] && [ -f "${HONGLIAN_RUN_TIMES:-}" ]; then
	awk -v all=$(($(date +%s) - HONGLIAN_RUN_STARTED)) '
		{ s = $NF; $NF = ""; sub(/ $/, ""); steps = steps sep $0 " " s " s"
		  sep = ", "; used += s }
		END { printf "run: ready %d s after make run started: %s, the rest " \
		    "(server build, database, demo data) %d s\n", all, steps, all - used }
	' "$HONGLIAN_RUN_TIMES"
fi
echo "Honglian 已启动: $url  (Ctrl-C 停止 / stops; make db-stop stops the database)"
exec "$bin" serve
