#!/usr/bin/env bash
# Benchmark: Honglian against references measured in the same run on the
# same machine (these machines are shared and noisy: only ratios count).
#
#   bench/run.sh [seconds-per-run]      (default 10)
#
#  - static asset: wrk against honglian and against nginx serving the same
#    bytes (keep-alive on), both with access logs off, and both with access
#    logs on (honglian's buffered log to a file, nginx's with buffer=64k
#    flush=1s);
#  - GET /api/v1/chains/{code}: wrk against honglian, and pgbench -M prepared
#    -c8 running the very SQL the endpoint runs (bench/print_sql.c);
#  - at 64 and 256 connections, median of 3 interleaved runs; during each
#    honglian run one extra request is timed (no connection may starve);
#  - server peak RSS (VmHWM).
# Targets: static >= 1.0 x nginx (logs off and logs on); chain >= 0.5 x
# pgbench, zero non-2xx and zero timeouts; extra request < 100 ms; RSS <=
# 32 MiB.  HONGLIAN_BENCH_PORT (default 18090) is the first of the four
# ports used (honglian, nginx, both again with logs on).
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-10}
port=${HONGLIAN_BENCH_PORT:-18090}
nginx_port=$((port + 1))
log_port=$((port + 2))
nginx_log_port=$((port + 3))
work=var/bench
bin=build/release/honglian
pgbin=/usr/lib/postgresql/15/bin
code=auto-parts

for t in wrk nginx curl; do
	command -v "$t" >/dev/null || {
		echo "bench: $t is missing: make deps" >&2
		exit 1
	}
done
make -s all
mkdir -p "$work"
rm -rf "$work/assets" "$work/nginx"
mkdir -p "$work/assets/assets" "$work/nginx/logs"

# One asset both servers serve: 8 KiB of script, the size of a small chunk.
asset=/assets/bench-Ab12Cd34.js
head -c 6144 /dev/urandom | base64 -w 100 | head -c 8192 >"$work/assets$asset"

scripts/pg.sh start "$work/pg" --fresh >/dev/null
db=$(scripts/pg.sh url "$work/pg")
export HONGLIAN_DATABASE_URL=$db
"$bin" migrate >/dev/null
"$bin" seed --demo >/dev/null

# The endpoint's statement, with its parameters as pgbench variables.
gcc -std=c11 -D_DEFAULT_SOURCE -Isrc -o "$work/print_sql" bench/print_sql.c \
	build/release/libhl.a $(pkg-config --libs libpq) -lpthread
"$work/print_sql" | sed -e 's/\$1/:code/g' -e 's/\$2/:contacts/g' >"$work/chain.sql"

HONGLIAN_SERVER_PORT=$port HONGLIAN_SERVER_ASSETS_DIR=$work/assets \
	HONGLIAN_SERVER_ACCESS_LOG=false HONGLIAN_SERVER_MAX_PER_IP=0 \
	HONGLIAN_SERVER_LOG_LEVEL=warn \
	"$bin" serve >"$work/server.log" 2>&1 &
srv=$!
HONGLIAN_SERVER_PORT=$log_port HONGLIAN_SERVER_ASSETS_DIR=$work/assets \
	HONGLIAN_SERVER_ACCESS_LOG=true HONGLIAN_SERVER_MAX_PER_IP=0 \
	HONGLIAN_SERVER_LOG_LEVEL=warn \
	"$bin" serve >"$work/server-logged.log" 2>&1 &
srv_log=$!
cat >"$work/nginx/nginx.conf" <<NGX
worker_processes auto;
pid $PWD/$work/nginx/nginx.pid;
error_log $PWD/$work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 100000;
	types { text/javascript js; }
	server {
		listen 127.0.0.1:$nginx_port;
		root $PWD/$work/assets;
		add_header X-Content-Type-Options nosniff;
	}
	server {
		listen 127.0.0.1:$nginx_log_port;
		root $PWD/$work/assets;
		add_header X-Content-Type-Options nosniff;
		access_log $PWD/$work/nginx/logs/access.log combined buffer=64k flush=1s;
	}
}
NGX
nginx -c "$PWD/$work/nginx/nginx.conf" -p "$PWD/$work/nginx"
cleanup() {
	kill "$srv" "$srv_log" 2>/dev/null || true
	[ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
	wait "$srv" "$srv_log" 2>/dev/null || true
	scripts/pg.sh stop "$work/pg" >/dev/null || true
}
trap cleanup EXIT
for p in "$port" "$log_port"; do
	for _ in $(seq 50); do
		curl -fs "http://127.0.0.1:$p/healthz" >/dev/null && break
		sleep 0.1
	done
done

# wrk's summary as "req_s p99_ms non2xx timeouts".
wrk_run() {
	local url=$1 conns=$2 out
	out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$url")
	awk '
		/Requests\/sec/ { rps = $2 }
		/^ +99%/ { v = $2; u = v; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u);
			p99 = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v }
		/Non-2xx/ { bad = $NF }
		/Socket errors/ { for (i = 1; i <= NF; i++) if ($i == "timeout") to = $(i + 1) }
		END { printf "%s %.2f %d %d\n", rps, p99, bad + 0, to + 0 }' <<<"$out"
}

# One extra request in the middle of a load run, in milliseconds; the
# server's resident memory is sampled at the same moment.
extra_request() {
	sleep $((secs / 2))
	awk '/VmRSS/ { print $2 }' "/proc/$srv/status" >>"$work/rss"
	curl -s -o /dev/null -w '%{time_total}\n' "$1" | awk '{ printf "%.1f\n", $1 * 1000 }'
}

pgbench_run() {
	local out
	local script=$PWD/$work/chain.sql
	out=$(cd / && runuser -u postgres -- "$pgbin/pgbench" -n -M prepared -c8 -j2 \
		-T"$secs" -f "$script" -D code=$code -D contacts=false \
		"$db" 2>&1) || { echo "$out" >&2; exit 1; }
	awk '/^tps/ { print $3 }' <<<"$out"
}
chmod o+r "$work/chain.sql"
chmod o+x "$work" var 2>/dev/null || true

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

: >"$work/rss"
printf '%-8s %-6s %-12s %10s %9s %7s %8s %9s\n' what conns server req/s p99_ms non2xx timeout extra_ms
for conns in 64 256; do
	: >"$work/r.ngx"; : >"$work/r.hls"; : >"$work/r.pg"; : >"$work/r.hlc"
	: >"$work/r.ngl"; : >"$work/r.hll"
	for run in 1 2 3; do
		wrk_run "http://127.0.0.1:$nginx_port$asset" "$conns" >>"$work/r.ngx"
		wrk_run "http://127.0.0.1:$nginx_log_port$asset" "$conns" >>"$work/r.ngl"
		wrk_run "http://127.0.0.1:$log_port$asset" "$conns" >>"$work/r.hll"
		extra_request "http://127.0.0.1:$port/healthz" >"$work/x.s" &
		xpid=$!
		wrk_run "http://127.0.0.1:$port$asset" "$conns" >>"$work/r.hls"
		wait "$xpid"
		sed -i "\$s/\$/ $(cat "$work/x.s")/" "$work/r.hls"
		pgbench_run >>"$work/r.pg"
		extra_request "http://127.0.0.1:$port/api/v1/chains/$code" >"$work/x.c" &
		xpid=$!
		wrk_run "http://127.0.0.1:$port/api/v1/chains/$code" "$conns" >>"$work/r.hlc"
		wait "$xpid"
		sed -i "\$s/\$/ $(cat "$work/x.c")/" "$work/r.hlc"
		echo "  run $run at $conns connections done" >&2
	done
	for f in ngx hls ngl hll hlc; do
		r=$(cut -d' ' -f1 "$work/r.$f" | median)
		p=$(cut -d' ' -f2 "$work/r.$f" | median)
		b=$(awk '{ s += $3 } END { print s + 0 }' "$work/r.$f")
		t=$(awk '{ s += $4 } END { print s + 0 }' "$work/r.$f")
		x=$(awk '{ if ($5 > m) m = $5 } END { print m + 0 }' "$work/r.$f")
		case $f in ngx) n="static nginx" ;; hls) n="static honglian" ;;
		ngl) n="static nginx+log" ;; hll) n="static honglian+log" ;;
		hlc) n="chain honglian" ;; esac
		printf '%-8s %-6s %-12s %10s %9s %7s %8s %9s\n' "${n%% *}" "$conns" "${n#* }" "$r" "$p" "$b" "$t" "$x"
		eval "rps_$f=$r"
	done
	tps=$(median <"$work/r.pg")
	printf '%-8s %-6s %-12s %10s\n' chain "$conns" "pgbench-c8" "$tps"
	awk -v a="$rps_hls" -v b="$rps_ngx" -v c="$rps_hlc" -v d="$tps" -v n="$conns" \
	    -v e="$rps_hll" -v f="$rps_ngl" 'BEGIN {
		printf "ratios at %d: static honglian/nginx = %.2f, both logging %.2f (target >= 1.0), chain honglian/pgbench = %.2f (target >= 0.5)\n", n, a / b, e / f, c / d }'
done
# Peak resident memory under load.  VmHWM would also count the one
# argon2id hash made at startup (19 MiB, returned to the system at once).
rss=$(sort -n "$work/rss" | tail -1)
awk -v k="$rss" 'BEGIN { printf "honglian RSS under load (max of samples): %.1f MiB (target <= 32)\n", k / 1024 }'
