#!/usr/bin/env bash
# Benchmark of the committee's dashboards on 1,000,000 cases: the chain
# dashboard's API (GET /api/v1/metrics?chain=…, signed in as the chain's
# committee member) against the very statement it runs, run alone by
# pgbench (-M prepared, one client) on the same database; and the same for
# the city-wide dashboard (admin) and the chain ranking.
#
#   bench/metrics.sh [cases] [requests]     (default 1000000 and 300)
#
# The data (bench/metrics_data.sql on top of the demo seed, about a quarter
# of an hour for a million cases on two cores) is kept in var/bench-metrics
# and reused while its migrations are the tree's; delete that directory to
# start again.  Targets: API p99 < 300 ms and API p99 <= 3 x SQL p99 for the
# chain dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-1000000}
reqs=${2:-300}
port=18152
work=var/bench-metrics
bin=build/release/honglian
pgbin=/usr/lib/postgresql/15/bin
chain=auto-parts

make -s all
mkdir -p "$work"
abs=$PWD/$work
scripts/pg.sh start "$work/pg" >/dev/null
db=$(scripts/pg.sh url "$work/pg")
export HONGLIAN_DATABASE_URL=$db

# Same migrations (by checksum) and enough cases: reuse; otherwise rebuild.
sums=$(cat sql/0*.sql | sha256sum | cut -c1-16)
if [ "$(cat "$work/stamp" 2>/dev/null)" != "$sums $n" ]; then
	echo "bench: loading $n cases (takes a while)" >&2
	scripts/pg.sh stop "$work/pg" >/dev/null
	scripts/pg.sh start "$work/pg" --fresh >/dev/null
	"$bin" migrate >/dev/null
	"$bin" seed --demo >/dev/null
	start=$(date +%s)
	psql "$db" -X -q -v n="$n" -f bench/metrics_data.sql
	echo "bench: loaded in $(($(date +%s) - start)) s" >&2
	echo "$sums $n" >"$work/stamp"
fi
# The state autovacuum keeps a live database in: pages all-visible, so that
# the covering indexes answer alone.  (The load's own VACUUM may run while
# an automatic ANALYZE of cases still holds an older snapshot, and then
# cannot mark the newest pages.)
psql "$db" -X -q -c "VACUUM (ANALYZE) cases, case_facts, rechecks, visits, events, event_registrations"
psql "$db" -X -A -t -c "SELECT 'cases ' || count(*) FROM cases" \
	-c "SELECT 'case_facts ' || count(*) FROM case_facts" \
	-c "SELECT 'rechecks ' || count(*) FROM rechecks" \
	-c "SELECT 'case_facts with indexes ' || pg_size_pretty(pg_total_relation_size('case_facts'))" \
	-c "SELECT 'all-visible pages ' || string_agg(relname || ' ' || relallvisible || '/' || relpages, ', ' ORDER BY relname) FROM pg_class WHERE relname IN ('case_facts', 'rechecks')"

# The statements, with their parameters as pgbench variables.
gcc -std=c11 -D_DEFAULT_SOURCE -Isrc -o "$work/print_sql" bench/print_metrics_sql.c \
	build/release/libhl.a $(pkg-config --libs libpq jansson libsodium xlsxwriter) -lpthread
for s in dashboard chains; do
	"$work/print_sql" "$s" | sed -e 's/\$\([1-9]\)/:p\1/g' >"$work/$s.sql"
done
chmod o+r "$work"/*.sql
chmod o+x "$work" var 2>/dev/null || true

# The periods the server computes for ?from&to absent: the 30 days to
# today, the 30 before, and the weeks (Monday..Sunday) of the last 12.
today=$(TZ=Asia/Shanghai date +%F)
d() { date -d "$1 $2 days" +%F; }
from=$(d "$today" -29)
pfrom=$(d "$from" -30)
pto=$(d "$from" -1)
first=$(d "$today" -77)
first=$(d "$first" -$(($(date -d "$first" +%u) - 1)))
froms="$from,$pfrom"
tos="$today,$pto"
w=$first
while [[ $w < $today || $w == "$today" ]]; do
	e=$(d "$w" 6)
	[[ $e > $today ]] && e=$today
	froms="$froms,$w"
	tos="$tos,$e"
	w=$(d "$w" 7)
done
labels='{"policy":"政策","financing":"融资","legal":"法律","technology":"技术","talent":"人才","approvals":"审批","other":"其他"}'
uid() { psql "$db" -X -A -t -c "SELECT id FROM users WHERE login = '$1'"; }

# pgbench: one client, prepared, its per-statement latencies logged.  The
# parameters the API leaves NULL (category, commissioner, responder; the
# chain city-wide) are NULL in the text, as pgbench variables cannot be.
sql_run() { # name role uid chain weekly(0|1)
	local name=$1 f=$froms t=$tos nulls='s/:p[456]/NULL/g'
	[ "$5" = 1 ] || { f="$from,$pfrom"; t="$today,$pto"; }
	[ -n "$4" ] || nulls='s/:p[3456]/NULL/g'
	sed -e "$nulls" "$work/$name.sql" >"$work/run.sql"
	chmod o+r "$work/run.sql"
	rm -f "$work"/pgb.*
	(cd / && runuser -u postgres -- "$pgbin/pgbench" -n -M prepared -c1 -j1 \
		-t "$reqs" -f "$abs/run.sql" -D p1="$2" -D p2="$3" \
		${4:+-D p3="$4"} -D p7="{$f}" -D p8="{$t}" -D p9="$labels" \
		-l --log-prefix="$abs/pgb" "$db" >/dev/null)
	cat "$work"/pgb.* | awk '{ print $3 / 1000 }'
}

# The API: wrk, one connection kept alive, one request at a time, for as
# long as pgbench took for the same number of statements (at least 10 s);
# its latency distribution.
HONGLIAN_SERVER_PORT=$port HONGLIAN_SERVER_ACCESS_LOG=false \
	HONGLIAN_SERVER_LOG_LEVEL=warn HONGLIAN_CASES_JOBS_INTERVAL_S=3600 \
	"$bin" serve >"$work/server.log" 2>&1 &
srv=$!
trap 'kill $srv 2>/dev/null || true; wait $srv 2>/dev/null || true' EXIT
for _ in $(seq 100); do
	curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
	sleep 0.1
done
api_run() { # login url seconds
	local jar=$work/cookies cookie
	curl -fs -c "$jar" -H 'Content-Type: application/json' \
		-d "{\"login\":\"$1\",\"password\":\"Demo@2026!\"}" \
		"http://127.0.0.1:$port/api/v1/session" >/dev/null
	cookie=$(awk '$6 == "hl_session" { print $7 }' "$jar")
	curl -fs -o /dev/null -H "Cookie: hl_session=$cookie" \
		"http://127.0.0.1:$port$2"
	wrk -t1 -c1 -d"${3}s" --latency -H "Cookie: hl_session=$cookie" \
		"http://127.0.0.1:$port$2" | awk '
		function ms(v, u) { u = v; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u);
			return u == "us" ? v / 1000 : u == "s" ? v * 1000 : v }
		/^ +Latency +[0-9]/ { mean = ms($2) }
		/^ +50%/ { p50 = ms($2) }
		/^ +99%/ { p99 = ms($2) }
		/requests in/ { n = $1 }
		/Non-2xx/ { bad = $NF }
		END { printf "%8.1f %8.1f %8.1f  (%d requests, %d not 2xx)", mean, p50, p99, n, bad }'
}

stats() { sort -g | awk '{ a[NR] = $1; s += $1 } END {
	printf "%8.1f %8.1f %8.1f", s / NR, a[int(NR * 0.5 + 0.5)], a[int(NR * 0.99 + 0.5)] }'; }

printf '%-34s %8s %8s %8s\n' "ms, one client" mean p50 p99
report() { # label api-line sql-times
	local s
	s=$(stats <"$3")
	printf '%-34s %s\n' "$1 API (wrk)" "$2"
	printf '%-34s %s  (%d statements)\n' "$1 SQL (pgbench)" "$s" "$(wc -l <"$3")"
	awk -v a="$2" -v s="$s" -v l="$1" 'BEGIN { split(a, x, " "); split(s, y, " ");
		printf "%-34s p50 %.2f x, p99 %.2f x\n", l " API / SQL", x[2] / y[2], x[3] / y[3] }'
}
secs_of() { awk '{ s += $1 } END { t = s / 1000; print (t < 10 ? 10 : int(t + 1)) }' "$1"; }

com=$(uid committee-demo)
adm=$(uid admin-demo)
sql_run dashboard committee "$com" "$chain" 1 >"$work/s.chain"
a=$(api_run committee-demo "/api/v1/metrics?chain=$chain" "$(secs_of "$work/s.chain")")
report "chain dashboard" "$a" "$work/s.chain"
chain_p99=$(awk '{ print $3 }' <<<"$a")
sql_run dashboard admin "$adm" "" 1 >"$work/s.city"
a=$(api_run admin-demo "/api/v1/metrics" "$(secs_of "$work/s.city")")
report "city-wide dashboard" "$a" "$work/s.city"
sql_run chains committee "$com" "" 0 >"$work/s.rank"
a=$(api_run committee-demo "/api/v1/metrics/chains" "$(secs_of "$work/s.rank")")
report "chain ranking" "$a" "$work/s.rank"
awk -v p="$chain_p99" 'BEGIN { printf "target: chain dashboard API p99 < 300 ms: %.1f ms (%s)\n", p, p < 300 ? "met" : "NOT met" }'
