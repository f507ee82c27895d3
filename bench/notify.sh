#!/usr/bin/env bash
# Benchmark of the notification worker (make bench-notify):
#
#   bench/notify.sh [seconds-per-run] [events]     (defaults 10, 10000)
#
#  - delivery: <events> notifications queued at once for one generic
#    (signed) webhook whose receiver is nginx on 127.0.0.1 answering 200;
#    the time until the outbox holds them all as delivered gives events/s
#    (median of 3 rounds);
#  - interference: GET /api/v1/chains/{code} with wrk (32 connections)
#    while nothing is delivered, and while the worker drains a queue big
#    enough to outlast the run, 3 interleaved rounds each; the ratio of the
#    medians is the endpoint's throughput while delivering over idle.
# Targets: ratio >= 0.8.  The machines are shared and noisy: only ratios
# measured in the same run count.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-10}
events=${2:-10000}
port=18112
recv_port=18113
work=var/bench-notify
bin=build/release/honglian
code=auto-parts
conns=32

for t in wrk nginx curl psql; do
	command -v "$t" >/dev/null || {
		echo "bench: $t is missing: make deps" >&2
		exit 1
	}
done
make -s all
rm -rf "$work/nginx"
mkdir -p "$work/nginx/logs"

scripts/pg.sh start "$work/pg" --fresh >/dev/null
db=$(scripts/pg.sh url "$work/pg")
export HONGLIAN_DATABASE_URL=$db
"$bin" migrate >/dev/null
"$bin" seed --demo >/dev/null
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$db" -c "$1"; }

# The receiver: nginx answers every POST with 200 and a short body,
# keep-alive on, no log.
cat >"$work/nginx/nginx.conf" <<NGX
worker_processes 1;
pid $PWD/$work/nginx/nginx.pid;
error_log $PWD/$work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	keepalive_requests 1000000;
	server {
		listen 127.0.0.1:$recv_port;
		location / { return 200 '{"ok":true}'; }
	}
}
NGX
nginx -c "$PWD/$work/nginx/nginx.conf" -p "$PWD/$work/nginx"

HONGLIAN_SERVER_PORT=$port HONGLIAN_SERVER_ACCESS_LOG=false \
	HONGLIAN_SERVER_MAX_PER_IP=0 HONGLIAN_SERVER_LOG_LEVEL=warn \
	HONGLIAN_NOTIFY_ALLOW_NETS=127.0.0.0/8 HONGLIAN_NOTIFY_POLL_MS=200 \
	"$bin" serve >"$work/server.log" 2>&1 &
srv=$!
cleanup() {
	kill "$srv" 2>/dev/null || true
	[ -f "$work/nginx/nginx.pid" ] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
	wait "$srv" 2>/dev/null || true
	scripts/pg.sh stop "$work/pg" >/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 50); do
	curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
	sleep 0.1
done

hook=$(sql "INSERT INTO webhooks (name, url, secret, event_types)
	VALUES ('bench', 'http://127.0.0.1:$recv_port/hook',
	'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '{webhook.test}')
	RETURNING id")

# Queue n notifications shaped like a case event's, tagged with the run.
enqueue() {
	sql "INSERT INTO outbox (webhook_id, event_type, payload)
		SELECT $hook, 'webhook.test', jsonb_build_object('case_id', i,
		'number', 'HL-2026-' || lpad(i::text, 6, '0'), 'status', 'assigned',
		'title', '诉求 HL-2026-' || lpad(i::text, 6, '0') || ' 已交办给演示客户经理',
		'link', '/desk/cases/' || i, 'run', '$2') FROM generate_series(1, $1) i"
}
pending() { sql "SELECT count(*) FROM outbox WHERE state <> 'delivered'"; }
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# wrk's requests per second.
wrk_rps() {
	wrk -t2 -c"$conns" -d"${secs}s" "http://127.0.0.1:$port/api/v1/chains/$code" |
		awk '/Requests\/sec/ { print $2 }'
}

# Warm up (connections, prepared statements) and give the planner the
# statistics autovacuum would have in a running system.
enqueue 1000 warm
while [ "$(pending)" -gt 0 ]; do sleep 0.5; done
sql "VACUUM ANALYZE outbox"
sql "VACUUM ANALYZE deliveries"

: >"$work/rate"
for run in 1 2 3; do
	enqueue "$events" "d$run"
	while [ "$(pending)" -gt 0 ]; do sleep 0.5; done
	# From the queueing to the last delivery, by the database's clock.
	ms=$(sql "SELECT round(extract(epoch FROM max(delivered_at) - min(created_at)) * 1000)
		FROM outbox WHERE payload ->> 'run' = 'd$run'")
	awk -v n="$events" -v ms="$ms" 'BEGIN { printf "%.0f\n", n * 1000 / ms }' >>"$work/rate"
	echo "  delivery run $run: $events events in $ms ms" >&2
done
rate=$(median <"$work/rate")
bad=$(sql "SELECT count(*) FROM deliveries WHERE http_status IS DISTINCT FROM 200")

: >"$work/idle"
: >"$work/busy"
: >"$work/during"
for run in 1 2 3; do
	wrk_rps >>"$work/idle"
	# Enough to keep the worker busy past the end of the run.
	n=$(sort -g "$work/rate" | tail -1 | awk -v s="$secs" '{ printf "%d\n", $1 * (s + 5) * 2 }')
	enqueue "$n" "i$run"
	sleep 0.5
	before=$(pending)
	wrk_rps >>"$work/busy"
	after=$(pending)
	if [ "$after" -eq 0 ]; then
		echo "bench: the queue ran dry during the run; raise the event count" >&2
	fi
	awk -v a="$before" -v b="$after" -v s="$secs" 'BEGIN { printf "%.0f\n", (a - b) / s }' >>"$work/during"
	while [ "$(pending)" -gt 0 ]; do sleep 0.2; done
	echo "  interference run $run done" >&2
done
idle=$(median <"$work/idle")
busy=$(median <"$work/busy")
during=$(median <"$work/during")

printf 'delivery: %s events to a local receiver: %s events/s (median of 3; all runs: %s); non-200 attempts: %s\n' \
	"$events" "$rate" "$(paste -sd' ' "$work/rate")" "$bad"
printf 'GET /api/v1/chains/%s, %d connections: idle %s req/s, while delivering %s req/s (%s events/s delivered meanwhile)\n' \
	"$code" "$conns" "$idle" "$busy" "$during"
awk -v a="$busy" -v b="$idle" 'BEGIN { printf "ratio while delivering / idle = %.2f (target >= 0.8)\n", a / b }'
