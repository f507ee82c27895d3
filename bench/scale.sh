#!/usr/bin/env bash
# Benchmark at scale: Honglian on 10 000 and on N cases (default
# 1 000 000) made by `honglian seed --scale`, in a durable private
# cluster in var/bench-scale (kept between runs: generating a million
# cases takes minutes; the time is printed when it happens).
#
#   bench/scale.sh [N]
#
# Environment: HONGLIAN_BENCH_SECS (seconds per latency run, default 2),
# HONGLIAN_BENCH_ROUNDS (latency runs per endpoint and size, default 2),
# HONGLIAN_BENCH_WRITE_SECS (per write run, default 10).
#
# Prints:
#  1. generator time per size;
#  2. p50 and p99 latency per endpoint and filter for each role's scope
#     (the heaviest user of each role: the most cases in scope) at 10 000
#     and at N cases, both servers up at once and measured in turn, and
#     the p99 ratio (target <= 1.5 for lists and exports; exports show time
#     to first byte; "report" rows are dashboards that grow with their
#     scope by nature);
#  3. an export of 100 000+ rows, CSV and .xlsx: first byte, total, and the
#     server's resident memory before and at most during (memory flat);
#  4. the case write path (create, accept, note: case, timeline, outbox,
#     audit) over HTTP against pgbench running the same statements
#     (bench/write_sql.c), ratio target >= 0.6; then 64 concurrent writers
#     and a check that case numbers stayed gap-free and unique;
#  5. requests per second through nginx with one and with two servers.
# Machines here are shared and noisy: ratios and medians, not absolutes.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-1000000}
SMALL=10000
secs=${HONGLIAN_BENCH_SECS:-2}
wsecs=${HONGLIAN_BENCH_WRITE_SECS:-10}
port=18166
port2=18167
nginx_port=18168
work=var/bench-scale
bin=build/release/honglian
pgbin=/usr/lib/postgresql/15/bin
pids=()

for t in wrk nginx curl psql; do
	command -v "$t" >/dev/null || {
		echo "bench: $t is missing: make deps" >&2
		exit 1
	}
done
make -s all
mkdir -p "$work"
chmod o+x "$work" var 2>/dev/null || true

cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${pids[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	if [ -f "$work/nginx/nginx.pid" ]; then
		kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
	fi
	scripts/pg.sh stop "$work/pg" >/dev/null || true
}
trap cleanup EXIT

# ---- the cluster and the two databases ----

scripts/pg.sh start "$work/pg" >/dev/null
sock=$(scripts/pg.sh url "$work/pg" | sed 's/.*host=\([^ ]*\).*/\1/')
admin_sql() {
	(cd / && runuser -u postgres -- "$pgbin/psql" -X -q -At -h "$sock" \
	    -U postgres -d postgres "$@")
}
# Production would give PostgreSQL more than the development default.
if [ "$(admin_sql -c 'SHOW shared_buffers')" != 1GB ]; then
	admin_sql -c "ALTER SYSTEM SET shared_buffers = '1GB'"
	admin_sql -c "ALTER SYSTEM SET effective_cache_size = '8GB'"
	scripts/pg.sh stop "$work/pg" >/dev/null
	scripts/pg.sh start "$work/pg" >/dev/null
fi

url_of() { scripts/pg.sh url "$work/pg" "$1"; }

# ensure_db NAME N: a database with N generated cases (made once).
ensure_db() {
	local name=$1 n=$2 url
	url=$(url_of "$name")
	scripts/pg.sh createdb "$work/pg" "$name" >/dev/null
	if ! HONGLIAN_DATABASE_URL=$url "$bin" migrate >/dev/null 2>&1; then
		echo "bench: $name has other migrations: made again" >&2
		admin_sql -c "DROP DATABASE $name"
		scripts/pg.sh createdb "$work/pg" "$name" >/dev/null
		HONGLIAN_DATABASE_URL=$url "$bin" migrate >/dev/null
	fi
	if [ -z "$(psql "$url" -X -At -c \
	    "SELECT 1 FROM users WHERE login = 'scale-admin-1'")" ]; then
		echo "bench: generating $n cases in $name" >&2
		HONGLIAN_DATABASE_URL=$url "$bin" seed --scale "$n" |
			tee "$work/seed-$name.log" | grep '^seed: ' >&2
	fi
}
db_small=scale_$SMALL
db_big=scale_$N
ensure_db "$db_small" "$SMALL"
ensure_db "$db_big" "$N"

echo
echo "== generator"
for d in "$db_small" "$db_big"; do
	if [ -f "$work/seed-$d.log" ]; then
		grep -h 'generated in\|in all' "$work/seed-$d.log"
	fi
done

# ---- servers ----

# serve DB PORT: a release server, access log off (it is measured in
# bench/run.sh); sets srv.
serve() {
	local i
	HONGLIAN_DATABASE_URL=$(url_of "$1") HONGLIAN_SERVER_PORT=$2 \
	    HONGLIAN_SERVER_ACCESS_LOG=false HONGLIAN_SERVER_MAX_PER_IP=0 \
	    HONGLIAN_SERVER_LOG_LEVEL=warn HONGLIAN_SERVER_TRUSTED_PROXIES=127.0.0.1 \
	    "$bin" serve >>"$work/server-$2.log" 2>&1 &
	srv=$!
	pids+=("$srv")
	for i in $(seq 100); do
		curl -fs -o /dev/null "http://127.0.0.1:$2/healthz" && return 0
		sleep 0.1
	done
	echo "bench: the server on $2 did not start" >&2
	exit 1
}

stop_serve() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# login PORT LOGIN: the session cookie's value.
login() {
	curl -fs -c - -H 'Content-Type: application/json' \
	    -d "{\"login\":\"$2\",\"password\":\"Demo@2026!\"}" \
	    "http://127.0.0.1:$1/api/v1/session" |
		awk '$6 == "hl_session" { print $7 }'
}

# The heaviest user of each role, and what the filters refer to, as the
# plan tests choose them (tests/db/test_plans.c), for database TAG: V[TAG:X].
declare -A V
q1() { psql "$1" -X -At -c "$2"; }
pick() {
	local t=$1 u=$2
	V[$t:CHAIN]=$(q1 "$u" "SELECT ch.code FROM cases c JOIN chains ch ON ch.id = c.chain_id GROUP BY ch.code ORDER BY count(*) DESC LIMIT 1")
	V[$t:ENT]=$(q1 "$u" "SELECT enterprise_id FROM cases GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
	V[$t:RESP]=$(q1 "$u" "SELECT assignee_user_id FROM cases c JOIN users u ON u.id = c.assignee_user_id WHERE u.role = 'responder' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
	V[$t:COMM]=$(q1 "$u" "SELECT min(commissioner_id) FROM assignments WHERE enterprise_id = ${V[$t:ENT]}")
	V[$t:FROM]=$(q1 "$u" "SELECT hl_today() - 90")
	V[$t:TO]=$(q1 "$u" "SELECT hl_today() - 60")
	V[$t:admin]=scale-admin-1
	V[$t:enterprise]=$(q1 "$u" "SELECT login FROM users WHERE role = 'enterprise' AND enterprise_id = ${V[$t:ENT]} ORDER BY id LIMIT 1")
	V[$t:commissioner]=$(q1 "$u" "SELECT u.login FROM assignments a JOIN cases c ON c.enterprise_id = a.enterprise_id JOIN users u ON u.id = a.commissioner_id GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
	V[$t:responder]=$(q1 "$u" "SELECT login FROM users WHERE id = ${V[$t:RESP]}")
	V[$t:committee]=$(q1 "$u" "SELECT u.login FROM user_chains uc JOIN users u ON u.id = uc.user_id JOIN cases c ON c.chain_id = uc.chain_id WHERE u.role = 'committee' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
}

ROLES="admin enterprise commissioner responder committee"

# The endpoints: "kind|name|path"; kind list (p99 of the request),
# export (p99 of the first byte) or report.  @CHAIN@ etc. are filled in.
ENDPOINTS=(
	"list|cases|/api/v1/cases"
	"list|cases status|/api/v1/cases?status=in_progress"
	"list|cases open|/api/v1/cases?status=submitted,accepted,assigned,in_progress"
	"list|cases chain|/api/v1/cases?chain=@CHAIN@"
	"list|cases category|/api/v1/cases?category=legal"
	"list|cases assignee|/api/v1/cases?assignee=@RESP@"
	"list|cases enterprise|/api/v1/cases?enterprise=@ENT@"
	"list|cases overdue|/api/v1/cases?overdue=true"
	"list|cases escalated|/api/v1/cases?escalated=true"
	"list|cases from-to|/api/v1/cases?from=@FROM@&to=@TO@"
	"list|cases q (4 chars)|/api/v1/cases?q=%E6%B5%81%E5%8A%A8%E8%B5%84%E9%87%91"
	"list|cases q (number)|/api/v1/cases?q=HL-2026-0001"
	"list|cases due_at|/api/v1/cases?sort=due_at"
	"list|case detail|@MYCASE@"
	"list|visits|/api/v1/visits"
	"list|visits enterprise|/api/v1/visits?enterprise=@ENT@"
	"list|visits chain|/api/v1/visits?chain=@CHAIN@"
	"list|visits commissioner|/api/v1/visits?commissioner=@COMM@"
	"list|visits level|/api/v1/visits?level=talent"
	"list|visits from-to|/api/v1/visits?from=@FROM@&to=@TO@"
	"list|enterprises|/api/v1/enterprises"
	"list|enterprises chain|/api/v1/enterprises?chain=@CHAIN@"
	"list|enterprises district|/api/v1/enterprises?district=%E5%8D%9A%E5%B1%B1%E5%8C%BA"
	"list|enterprises tag|/api/v1/enterprises?tag=%E4%B8%93%E7%B2%BE%E7%89%B9%E6%96%B0"
	"list|enterprises key|/api/v1/enterprises?key=true"
	"list|enterprises q|/api/v1/enterprises?q=%E9%91%AB%E6%B3%B0"
	"list|users (admin)|/api/v1/users"
	"list|audit (admin)|/api/v1/audit"
	"export|cases.csv status|/api/v1/cases.csv?status=in_progress"
	"export|cases.csv chain|/api/v1/cases.csv?chain=@CHAIN@&from=@FROM@&to=@TO@"
	"export|visits.csv from-to|/api/v1/visits.csv?from=@FROM@&to=@TO@"
	"report|stats|/api/v1/stats/cases"
	"report|escalations board|/api/v1/chains/@CHAIN@/escalations"
	"report|coverage commissioner|/api/v1/coverage?commissioner=@COMM@"
	"report|workload|/api/v1/workload"
)

# fill TAG PATH
fill() {
	local t=$1 p=$2 k
	for k in CHAIN ENT RESP COMM FROM TO MYCASE; do
		p=${p//@$k@/${V[$t:$k]}}
	done
	printf '%s' "$p"
}

# lat KIND PORT COOKIE PATH: "p50 p99" in ms (an export: of the first
# byte of 5 downloads), "- -" unless 200.
lat() {
	local url=http://127.0.0.1:$2$4 st out
	st=$(curl -s -o /dev/null -w '%{http_code}' -b "hl_session=$3" "$url")
	if [ "$st" != 200 ]; then
		echo "-($st) -($st)"
		return
	fi
	if [ "$1" = export ]; then
		for i in 1 2 3 4 5; do
			curl -s -o /dev/null -w '%{time_starttransfer}\n' \
			    -b "hl_session=$3" "$url"
		done | sort -g | awk '{ a[NR] = $1 * 1000 }
			END { printf "%.1f %.1f\n", a[3], a[5] }'
		return
	fi
	out=$(wrk -t1 -c2 -d"${secs}s" --timeout 30s --latency \
	    -H "Cookie: hl_session=$3" "$url")
	awk 'function ms(v,  u) { u = v; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u);
		return (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : (u == "m") ? v * 60000 : v }
		/^ +50%/ { a = ms($2) } /^ +99%/ { b = ms($2) }
		END { printf "%.1f %.1f\n", a, b }' <<<"$out"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo
echo "== latency per endpoint and role (the two sizes served at once, measured in turn)" >&2
serve "$db_small" "$port"
srv_small=$srv
serve "$db_big" "$port2"
srv_big=$srv
pick small "$(url_of "$db_small")"
pick big "$(url_of "$db_big")"
rounds=${HONGLIAN_BENCH_ROUNDS:-2}
: >"$work/lat"
for role in $ROLES; do
	declare -A ck=()
	for t in small big; do
		[ "$t" = small ] && p=$port || p=$port2
		ck[$t]=$(login "$p" "${V[$t:$role]}")
		V[$t:MYCASE]=/api/v1/cases/$(curl -fs -b "hl_session=${ck[$t]}" \
		    "http://127.0.0.1:$p/api/v1/cases?limit=1" |
			sed -n 's/^{"items":\[{"id" *: *\([0-9]*\).*/\1/p')
	done
	echo "  $role: ${V[small:$role]} / ${V[big:$role]}" >&2
	for e in "${ENDPOINTS[@]}"; do
		IFS='|' read -r kind name path <<<"$e"
		: >"$work/l.small"
		: >"$work/l.big"
		for r in $(seq "$rounds"); do
			lat "$kind" "$port" "${ck[small]}" "$(fill small "$path")" >>"$work/l.small"
			lat "$kind" "$port2" "${ck[big]}" "$(fill big "$path")" >>"$work/l.big"
		done
		printf '%s|%s|%s|%s|%s|%s|%s\n' "$kind" "$name" "$role" \
		    "$(cut -d' ' -f1 "$work/l.small" | median)" \
		    "$(cut -d' ' -f2 "$work/l.small" | median)" \
		    "$(cut -d' ' -f1 "$work/l.big" | median)" \
		    "$(cut -d' ' -f2 "$work/l.big" | median)" >>"$work/lat"
	done
done
stop_serve "$srv_small"
stop_serve "$srv_big"

echo
echo "== latency (ms) per endpoint and role: $SMALL vs $N cases"
echo "   p50 and p99 of wrk -c2 runs (median of $rounds rounds); exports: first byte"
echo "   (median and slowest of 5); ratio = p99@$N / p99@$SMALL, target <= 1.5 for lists and exports"
printf '%-7s %-24s %-13s %9s %9s %9s %9s %6s\n' kind endpoint role \
    "p50@10k" "p99@10k" "p50@big" "p99@big" ratio
awk -F'|' '
	{
		r = "-"
		if ($5 ~ /^[0-9.]+$/ && $7 ~ /^[0-9.]+$/ && $5 > 0) {
			r = sprintf("%.2f", $7 / $5)
			if ($1 != "report") { n++; if ($7 / $5 <= 1.5) ok++ }
		}
		printf "%-7s %-24s %-13s %9s %9s %9s %9s %6s\n", $1, $2, $3, $4, $5, $6, $7, r
	}
	END { printf "lists and exports with p99 within 1.5x: %d of %d\n", ok, n }' "$work/lat"

# ---- a large export, streamed ----

echo
echo "== export of 100 000+ rows at $N cases (admin)"
serve "$db_big" "$port"
cookie=$(login "$port" scale-admin-1)
# The smallest category with 100 000 rows or more (else the largest).
cat=$(q1 "$(url_of "$db_big")" "SELECT category FROM cases GROUP BY 1 ORDER BY count(*) < 100000, CASE WHEN count(*) >= 100000 THEN count(*) END, count(*) DESC LIMIT 1")
rows=$(q1 "$(url_of "$db_big")" "SELECT count(*) FROM cases WHERE category = '$cat'")
rss() { awk '/VmRSS/ { print $2 }' "/proc/$srv/status"; }
for fmt in csv xlsx; do
	before=$(rss)
	: >"$work/rss"
	( while kill -0 "$srv" 2>/dev/null; do rss >>"$work/rss"; sleep 0.05; done ) &
	sampler=$!
	out=$(curl -s -o "$work/export.$fmt" -b "hl_session=$cookie" \
	    -w '%{http_code} %{time_starttransfer} %{time_total} %{size_download}' \
	    "http://127.0.0.1:$port/api/v1/cases.$fmt?category=$cat")
	kill "$sampler" 2>/dev/null || true
	wait "$sampler" 2>/dev/null || true
	peak=$(sort -n "$work/rss" | tail -1)
	lines=-
	[ "$fmt" = csv ] && lines=$(($(wc -l <"$work/export.csv") - 1))
	read -r code first total size <<<"$out"
	awk -v f="$fmt" -v c="$code" -v a="$first" -v t="$total" -v s="$size" \
	    -v n="$rows" -v l="$lines" -v b="$before" -v p="$peak" 'BEGIN {
		printf "cases.%s (%d matching rows): status %s, first byte %.2f s, total %.2f s, %.1f MB, rows in file %s, server RSS %.1f -> peak %.1f MiB\n",
		    f, n, c, a, t, s / 1e6, l, b / 1024, p / 1024 }'
done
rm -f "$work/export.csv" "$work/export.xlsx"

# ---- the write path ----

echo
echo "== write path at $N cases: HTTP against pgbench, same statements"
url_big=$(url_of "$db_big")
# An outbox row per event, as with a subscribed webhook in production.
psql "$url_big" -X -q -c "INSERT INTO webhooks (name, url, format)
    SELECT 'bench outbox', 'http://127.0.0.1:9/', 'generic'
    WHERE NOT EXISTS (SELECT 1 FROM webhooks WHERE name = 'bench outbox')"
csrf=$(curl -fs -c "$work/cj" -H 'Content-Type: application/json' \
    -d '{"login":"scale-admin-1","password":"Demo@2026!"}' \
    "http://127.0.0.1:$port/api/v1/session" | sed -n 's/.*"csrf_token" *: *"\([^"]*\)".*/\1/p')
admin_id=$(q1 "$url_big" "SELECT id FROM users WHERE login = 'scale-admin-1'")
token=$(curl -fs -b "$work/cj" -H "X-CSRF-Token: $csrf" \
    -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench writes $$\",\"user_id\":$admin_id}" \
    "http://127.0.0.1:$port/api/v1/tokens" | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
went=$(q1 "$url_big" "SELECT id FROM enterprises WHERE demo ORDER BY id DESC LIMIT 1")
gcc -std=c11 -D_DEFAULT_SOURCE -Isrc -o "$work/write_sql" bench/write_sql.c \
    build/release/libhl.a $(pkg-config --cflags --libs libpq libmicrohttpd \
    jansson libsodium inih xlsxwriter libcurl) -lcmark-gfm \
    -lcmark-gfm-extensions -lpthread
HONGLIAN_DATABASE_URL=$url_big "$work/write_sql" scale-admin-1 "$went" \
    >"$work/write.sql"
chmod o+r "$work/write.sql"
cat >"$work/write.lua" <<LUA
-- create, then accept, then a note: a case's ids go round through a queue
local queue = {}
local head, tail = 1, 0
local h = { ["Content-Type"] = "application/json",
	["Authorization"] = "Bearer $token" }
local create = '{"category":"financing","title":"设备更新贷款需求",' ..
	'"description":"企业计划更新生产设备，需要中长期贷款支持。（基准测试）",' ..
	'"channel":"phone","enterprise_id":$went}'
request = function()
	if head <= tail then
		local job = queue[head]
		queue[head] = nil
		head = head + 1
		if job.accept then
			return wrk.format("POST", "/api/v1/cases/" .. job.id ..
				"/transitions", h, '{"action":"accept"}')
		end
		return wrk.format("POST", "/api/v1/cases/" .. job.id .. "/notes", h,
			'{"body":"已联系主办银行，约定下周上门对接。","internal":false}')
	end
	return wrk.format("POST", "/api/v1/cases", h, create)
end
response = function(status, headers, body)
	local id = body:match('^{"id" *: *(%d+)')
	local st = body:match('"status" *: *"(%a+)"')
	if id == nil or st == nil then return end
	if st == "submitted" then
		tail = tail + 1; queue[tail] = { id = id, accept = true }
	elseif st == "accepted" then
		tail = tail + 1; queue[tail] = { id = id, accept = false }
	end
end
LUA
wrk_rps() {
	local out
	out=$(wrk -t2 -c"$1" -d"${2}s" --timeout 30s -s "$work/write.lua" \
	    "http://127.0.0.1:$port")
	awk '/Requests\/sec/ { r = $2 } /Non-2xx/ { b = $NF }
		END { printf "%s %d\n", r, b + 0 }' <<<"$out"
}
pgbench_tps() {
	local script=$PWD/$work/write.sql
	(cd / && runuser -u postgres -- "$pgbin/pgbench" -n -M prepared -c "$1" \
	    -j 2 -T "$2" -f "$script" "$url_big" 2>&1) |
		awk '/^tps/ { print $3 }'
}
: >"$work/w.http"
: >"$work/w.pg"
# As many database sessions on both sides: the server works with its 4
# worker threads, each on its own connection (16 HTTP connections keep all
# four busy: a connection stays on one thread); pgbench with 4 clients.
for run in 1 2 3; do
	wrk_rps 16 "$wsecs" >>"$work/w.http"
	pgbench_tps 4 "$wsecs" >>"$work/w.pg"
done
rps=$(cut -d' ' -f1 "$work/w.http" | median)
bad=$(awk '{ s += $2 } END { print s + 0 }' "$work/w.http")
tps=$(median <"$work/w.pg")
awk -v r="$rps" -v t="$tps" -v b="$bad" 'BEGIN {
	printf "HTTP (create, accept, note; 16 connections to 4 worker threads, bearer token): %.1f requests/s, non-2xx %d\n", r, b
	printf "pgbench (the same statements, 3 transactions a script, 4 clients): %.1f scripts/s = %.1f transactions/s\n", t, 3 * t
	printf "write path ratio HTTP / pgbench = %.2f (target >= 0.6)\n", r / (3 * t) }'

year=$(q1 "$url_big" "SELECT extract(year FROM hl_today())::int")
out=$(wrk_rps 64 5)
echo "64 concurrent writers: $(cut -d' ' -f1 <<<"$out") requests/s, non-2xx $(cut -d' ' -f2 <<<"$out")"
q1 "$url_big" "SELECT format('case numbers of %s: %s cases, highest %s, gaps %s, duplicates %s',
    $year, count(*), max(seq), max(seq) - count(*), count(*) - count(DISTINCT seq))
    FROM cases WHERE year = $year"
stop_serve "$srv"

# ---- one and two servers behind nginx ----

echo
echo "== through nginx at $N cases: one server, then two (wrk -t2 -c64)"
mkdir -p "$work/nginx/logs" "$work/nginx/tmp"
nginx_conf() {
	{
		echo "worker_processes 1;"
		echo "pid $PWD/$work/nginx/nginx.pid;"
		echo "error_log $PWD/$work/nginx/logs/error.log warn;"
		echo "events { worker_connections 4096; }"
		echo "http {"
		echo "  access_log off;"
		echo "  client_body_temp_path $PWD/$work/nginx/tmp/body;"
		echo "  proxy_temp_path $PWD/$work/nginx/tmp/proxy;"
		echo "  upstream honglian {"
		for p in "$@"; do echo "    server 127.0.0.1:$p;"; done
		echo "    keepalive 64;"
		echo "  }"
		echo "  server {"
		echo "    listen 127.0.0.1:$nginx_port;"
		echo "    location / {"
		echo "      proxy_pass http://honglian;"
		echo "      proxy_http_version 1.1;"
		echo "      proxy_set_header Connection \"\";"
		echo "      proxy_set_header X-Forwarded-For \$remote_addr;"
		echo "    }"
		echo "  }"
		echo "}"
	} >"$work/nginx/nginx.conf"
}
serve "$db_big" "$port"
serve "$db_big" "$port2"
cookie=$(login "$port" "${V[big:commissioner]}")
nginx_rps() {
	local out
	out=$(wrk -t2 -c64 -d5s --timeout 30s -H "Cookie: hl_session=$cookie" \
	    "http://127.0.0.1:$nginx_port$1")
	awk '/Requests\/sec/ { print $2 }' <<<"$out"
}
for what in "/api/v1/cases?status=in_progress" "/api/v1/chains/auto-parts"; do
	: >"$work/n1"
	: >"$work/n2"
	for run in 1 2 3; do
		for n in 1 2; do
			if [ "$n" = 1 ]; then nginx_conf "$port"; else nginx_conf "$port" "$port2"; fi
			if [ -f "$work/nginx/nginx.pid" ] && kill -0 "$(cat "$work/nginx/nginx.pid")" 2>/dev/null; then
				kill "$(cat "$work/nginx/nginx.pid")"
				sleep 0.5
			fi
			nginx -c "$PWD/$work/nginx/nginx.conf" -p "$PWD/$work/nginx" 2>/dev/null
			sleep 0.3
			nginx_rps "$what" >>"$work/n$n"
		done
	done
	awk -v a="$(median <"$work/n1")" -v b="$(median <"$work/n2")" -v w="$what" 'BEGIN {
		printf "GET %s (heaviest commissioner): one server %.0f req/s, two servers %.0f req/s (%.2fx)\n", w, a, b, b / a }'
done
kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
rm -f "$work/nginx/nginx.pid"
