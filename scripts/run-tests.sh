#!/usr/bin/env bash
# Run the tests of the sanitizer build (build/test) and end with the line
# `N passed, N failed`; exit 1 when anything failed.
#
#   scripts/run-tests.sh          unit, db, api and front-end tests
#   scripts/run-tests.sh --unit   unit tests only (no database, no server)
#
# Environment, for running part of the suite while working on one area:
#   HONGLIAN_TEST_PORT=N        the test server's port (default 18080), so two
#                               checkouts can test side by side
#   HONGLIAN_TEST_ONLY="P ..."  run only the cmocka binaries whose name
#                               (unit/test_x, db/test_y, api/test_z) matches
#                               one of the shell patterns, e.g. "db/* api/test_cases"
#   HONGLIAN_TEST_WEB=0         skip the front end's tests (npm test, e2e)
#
#   HONGLIAN_FUZZ_SECONDS=N     seconds per libFuzzer harness (default 30)
#   HONGLIAN_SOAK=1             the long versions of the slowloris, memory,
#                               kill -9 and outage tests (make soak)
#
# Order: tests/unit binaries; each libFuzzer harness of build/fuzz for
# HONGLIAN_FUZZ_SECONDS from its committed corpus, writing only under
# build/fuzz (fuzz/NAME, when built: make MODE=fuzz fuzzers; then
# fuzz/tree: git status the same after them as before); a fresh cluster in var/test-pg, migrated and
# seeded by build/test/honglian, with a second database made by `seed
# --scale` (HONGLIAN_TEST_SCALE_N cases, default 20000) for the query plan
# tests; tests/db binaries; a streaming replica of the cluster in
# var/test-pg-replica; the servers: two on the same database behind nginx
# (round robin) and a third that reads reports from the replica, all three
# connected as honglian_app; the tests/api binaries through nginx (those
# that test the server's own HTTP, connections, login throttling by client
# address or process on the first server directly; test_replica on the
# third); the
# front end's `npm test` and `npm run e2e` when assets/package.json has
# those scripts.  Servers, nginx and clusters are always stopped at the end.
#
# Ports: HONGLIAN_TEST_PORT (default 18080) the first server, +1 nginx,
# +2 the second server, +3 the replica's server.
#
# Counting: a cmocka binary's "[  PASSED  ] N test(s)." and "[  FAILED  ] N
# test(s), listed below:" lines are summed (a binary may run several groups),
# plus one per failed group setup or teardown.  A binary that exits non-zero
# without reporting a failure (crash, sanitizer report, leak, timeout) counts
# as one failure, named.  One failure each, too, for a migration or seed that
# fails, a server that does not come up, and a server that logged a sanitizer
# report or did not exit 0 on SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."

T=build/test
PGDIR=var/test-pg
REPLICA_DIR=var/test-pg-replica
CONF=conf/honglian.test.conf
PORT=${HONGLIAN_TEST_PORT:-18080}
NGINX_PORT=$((PORT + 1))
PORT_B=$((PORT + 2))
PORT_R=$((PORT + 3))
BASE_URL=http://127.0.0.1:$PORT
NGINX_URL=http://127.0.0.1:$NGINX_PORT
SCALE_N=${HONGLIAN_TEST_SCALE_N:-20000}
BIN_TIMEOUT_S=600
NPM_TIMEOUT_S=1200

# LeakSanitizer works as root here (checked: it reports leaks, also after
# the server drops root), so leaks fail the tests.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1
# The counts below are parsed from cmocka's default output.
unset CMOCKA_MESSAGE_OUTPUT

unit_only=0
case "${1:-}" in
"") ;;
--unit) unit_only=1 ;;
*)
	echo "usage: $0 [--unit]" >&2
	exit 2
	;;
esac

n_passed=0
n_failed=0
rows=()     # one summary line per binary or suite
failures=() # "what: why" for every failure
server_pid=""
declare -A node_pid=() # name -> pid of the other servers
nginx_up=0
cluster_up=0
replica_up=0
tmp=$(mktemp -d)

cleanup() {
	stop_nginx
	stop_node b
	stop_node r
	stop_server
	if [ "$replica_up" = 1 ]; then
		replica_up=0
		scripts/pg.sh stop "$REPLICA_DIR" || true
	fi
	if [ "$cluster_up" = 1 ]; then
		cluster_up=0
		scripts/pg.sh stop "$PGDIR" || true
	fi
}
trap 'cleanup; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

heading() {
	printf '\n==== %s\n' "$*"
}

# record WHAT PASSED FAILED [WHY...]: add to the totals and the summary.
record() {
	local what=$1 p=$2 f=$3 why

	shift 3
	n_passed=$((n_passed + p))
	n_failed=$((n_failed + f))
	rows+=("$(printf '%-36s %4d passed %4d failed' "$what" "$p" "$f")")
	for why in "$@"; do
		failures+=("$what: $why")
	done
}

# fail WHAT WHY: one failure that is not a test (setup, server).
fail() {
	echo "FAILED: $1: $2" >&2
	record "$1" 0 1 "$2"
}

why_exit() {
	case "$1" in
	124) echo "timed out" ;;
	129 | 1[3-9][0-9] | 2[0-9][0-9]) echo "killed by signal $(($1 - 128)) (exit $1)" ;;
	*) echo "exit status $1" ;;
	esac
}

# run_out LOG TIMEOUT CMD...: run CMD with its output shown and kept in LOG;
# sets rc.
run_out() {
	local log=$1 limit=$2

	shift 2
	set +e
	timeout -k 10 "$limit" "$@" </dev/null 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	set -e
}

# selected WHAT: true when HONGLIAN_TEST_ONLY is unset or WHAT matches it.
selected() {
	local pat

	[ -n "${HONGLIAN_TEST_ONLY:-}" ] || return 0
	for pat in $HONGLIAN_TEST_ONLY; do
		# shellcheck disable=SC2053
		[[ $1 == $pat ]] && return 0
	done
	return 1
}

# run_cmocka WHAT BINARY: run one cmocka binary and count its tests.
run_cmocka() {
	local what=$1 bin=$2 log=$tmp/out p f groups
	local -a why=()

	selected "$what" || return 0

	heading "$what"
	if [ ! -x "$bin" ]; then
		fail "$what" "not built ($bin)"
		return
	fi
	run_out "$log" "$BIN_TIMEOUT_S" "$bin"
	read -r p f groups < <(awk '
		/^\[  PASSED  \] [0-9]+ test\(s\)\.$/ { p += $4 }
		/^\[  FAILED  \] [0-9]+ test\(s\), listed below:$/ { f += $4 }
		/^\[  FAILED  \] GROUP (SETUP|TEARDOWN)$/ { f++ }
		/^\[==========\] [0-9]+ test\(s\) run\.$/ { groups++ }
		END { print p + 0, f + 0, groups + 0 }' "$log")
	mapfile -t why < <(awk '
		/^\[  (FAILED  |ERROR   )\] / && !/test\(s\)/ && !/\] --- / {
			sub(/^\[  (FAILED  |ERROR   )\] /, ""); print
		}' "$log" | sort -u)
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		why+=("$(why_exit "$rc") without a failed test")
	elif [ "$rc" -eq 0 ] && [ "$groups" -eq 0 ]; then
		f=1
		why+=("printed no cmocka summary")
	fi
	record "$what" "$p" "$f" "${why[@]}"
}

# run_suite DIR: every tests/DIR/test_*.c, by its binary under build/test.
# The API tests go through nginx to both servers, but for those that test
# one server's own HTTP (test_http) or the replica's server (test_replica).
run_suite() {
	local src name url

	for src in tests/"$1"/test_*.c; do
		[ -e "$src" ] || continue
		name=$(basename "$src" .c)
		# It stops and starts the cluster: it runs last, on its own.
		[ "$1/$name" = api/test_outage ] && continue
		case "$1/$name" in
		api/test_http | api/test_protocol | api/test_slowloris | \
			api/test_hostile | api/test_memory | api/test_sandbox | \
			api/test_login | api/test_session | api/test_credentials | \
			api/test_crash)
			url=$BASE_URL
			;;
		api/test_replica) url=http://127.0.0.1:$PORT_R ;;
		api/*) url=$NGINX_URL ;;
		*) url=$BASE_URL ;;
		esac
		HONGLIAN_TEST_BASE_URL=$url run_cmocka "$1/$name" \
		    "$T/tests/$1/$name"
	done
}

# step WHAT CMD...: a setup command that must succeed; returns its status.
step() {
	local what=$1

	shift
	heading "$what"
	run_out "$tmp/step" "$BIN_TIMEOUT_S" "$@"
	if [ "$rc" -ne 0 ]; then
		fail "$what" "$(why_exit "$rc")"
		return 1
	fi
}

# launch NAME PORT LOG [VAR=VALUE...]: honglian serve on PORT in the
# background with the test configuration, as honglian_app, its output in
# LOG; sets launched_pid, or fails when it does not answer.  nginx reaches
# the servers from 127.0.0.8, the test configuration's trusted proxy, so
# that clients connecting directly from 127.0.0.1 stay untrusted.
launch() {
	local name=$1 port=$2 log=$3 url=http://127.0.0.1:$2 i

	shift 3
	heading "server $name: $T/honglian serve on port $port (log: $log)"
	if curl -fs -o /dev/null --max-time 2 "$url/healthz"; then
		fail "server $name" "something already answers on $url"
		return 1
	fi
	env HONGLIAN_DATABASE_URL="$app_url" HONGLIAN_SERVER_PORT="$port" \
	    HONGLIAN_SERVER_PUBLIC_URL="$NGINX_URL" "$@" \
	    "$T/honglian" --config "$CONF" serve >"$log" 2>&1 &
	launched_pid=$!
	for i in $(seq 1 150); do
		if curl -fs -o /dev/null --max-time 2 "$url/healthz"; then
			echo "server $name: ready (pid $launched_pid)"
			return 0
		fi
		kill -0 "$launched_pid" 2>/dev/null || break
		sleep 0.2
	done
	fail "server $name" "no answer on $url/healthz"
	end_server "$name" "$launched_pid" "$log"
	return 1
}

start_server() {
	launch a "$PORT" "$T/server.log" || return 1
	server_pid=$launched_pid
	# For tests that look at the process (its memory, its sandbox, its
	# log) or start servers of their own like it.
	export HONGLIAN_TEST_SERVER_PID=$server_pid
	export HONGLIAN_TEST_SERVER_LOG=$PWD/$T/server.log
}

# start_node NAME PORT [VAR=VALUE...]: another server, log in
# $T/server-NAME.log.
start_node() {
	local name=$1 port=$2

	shift 2
	launch "$name" "$port" "$T/server-$name.log" "$@" || return 1
	node_pid[$name]=$launched_pid
}

stop_node() {
	local pid=${node_pid[$1]:-}

	[ -n "$pid" ] || return 0
	unset "node_pid[$1]"
	end_server "$1" "$pid" "$T/server-$1.log"
}

# nginx in front of the two servers, round robin, as an unprivileged
# process with its own configuration and files in $T/nginx.  The test
# configuration adds X-Upstream (which server answered) for test_cluster.
start_nginx() {
	local dir=$PWD/$T/nginx i
	local -a as=()

	heading "nginx on port $NGINX_PORT: servers on $PORT and $PORT_B"
	rm -rf "$dir"
	mkdir -p "$dir/logs" "$dir/tmp"
	cat >"$dir/nginx.conf" <<NGX
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 512; }
http {
	access_log $dir/logs/access.log;
	client_body_temp_path $dir/tmp/body;
	proxy_temp_path $dir/tmp/proxy;
	fastcgi_temp_path $dir/tmp/fastcgi;
	uwsgi_temp_path $dir/tmp/uwsgi;
	scgi_temp_path $dir/tmp/scgi;
	# max_fails=0: a failed request never takes a server out of the
	# rotation, so that the round robin stays what test_cluster expects.
	upstream honglian {
		server 127.0.0.1:$PORT max_fails=0;
		server 127.0.0.1:$PORT_B max_fails=0;
		keepalive 16;
	}
	server {
		listen 127.0.0.1:$NGINX_PORT;
		client_max_body_size 32m;
		location / {
			proxy_pass http://honglian;
			proxy_bind 127.0.0.8;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host \$host;
			proxy_set_header X-Forwarded-For \$remote_addr;
			proxy_set_header X-Forwarded-Proto \$scheme;
			proxy_next_upstream off;
			add_header X-Upstream \$upstream_addr always;
		}
	}
}
NGX
	if [ "$(id -u)" -eq 0 ]; then
		chown -R nobody "$dir"
		as=(runuser -u nobody --)
	fi
	if ! "${as[@]}" nginx -e "$dir/logs/error.log" -c "$dir/nginx.conf" \
	    -p "$dir" 2>"$tmp/nginx"; then
		cat "$tmp/nginx" >&2
		fail "nginx" "did not start"
		return 1
	fi
	nginx_up=1
	for i in $(seq 1 50); do
		curl -fs -o /dev/null --max-time 2 "$NGINX_URL/healthz" &&
			return 0
		sleep 0.1
	done
	fail "nginx" "no answer on $NGINX_URL/healthz"
	return 1
}

stop_nginx() {
	local dir=$T/nginx pid

	[ "$nginx_up" = 1 ] || return 0
	nginx_up=0
	pid=$(cat "$dir/nginx.pid" 2>/dev/null || true)
	[ -n "$pid" ] && kill -QUIT "$pid" 2>/dev/null || true
	echo "nginx: stopped"
}

stop_server() {
	local pid=$server_pid

	[ -n "$pid" ] || return 0
	server_pid=""
	end_server a "$pid" "$T/server.log"
}

# end_server NAME PID LOG: SIGTERM, then check how it ended and what it
# logged.
end_server() {
	local name=$1 pid=$2 log=$3 i rc=0 bad=""

	kill -TERM "$pid" 2>/dev/null || true
	for i in $(seq 1 100); do
		kill -0 "$pid" 2>/dev/null || break
		if [ "$i" -eq 100 ]; then
			bad="still running 20 s after SIGTERM"
			kill -KILL "$pid" 2>/dev/null || true
		fi
		sleep 0.2
	done
	wait "$pid" 2>/dev/null || rc=$?
	if [ -z "$bad" ] && [ "$rc" -ne 0 ]; then
		bad="$(why_exit "$rc") after SIGTERM"
	fi
	if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$log"; then
		bad="${bad:+$bad; }sanitizer report in $log"
	fi
	if [ -n "$bad" ]; then
		fail "server $name" "$bad"
		echo "---- last lines of $log:" >&2
		tail -n 40 "$log" >&2
	else
		echo "server $name: stopped cleanly"
	fi
}

has_npm_script() {
	[ -f assets/package.json ] &&
		node -e 'process.exit(require("./assets/package.json").scripts?.[process.argv[1]] ? 0 : 1)' "$1"
}

# run_npm WHAT SCRIPT: run `npm run SCRIPT` in assets/ and count its tests
# from the runner's summary: vitest's "Tests  N failed | N passed (N)", or
# node --test's "# pass N" / "# fail N" / "# cancelled N" (TAP; "ℹ pass N"
# with the spec reporter).
run_npm() {
	local what=$1 script=$2 log=$tmp/npm p f
	local -a why=()

	heading "$what (npm run $script)"
	# CI=true: no watch mode, no colours.
	if (
		cd assets
		run_out "$log" "$NPM_TIMEOUT_S" env CI=true npm run --silent "$script"
		exit "$rc"
	); then
		rc=0
	else
		rc=$?
	fi
	read -r p f < <(sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$log" | awk '
		/^ *Tests +[0-9]/ {
			vp = vf = 0
			if (match($0, /[0-9]+ passed/)) vp = substr($0, RSTART, RLENGTH) + 0
			if (match($0, /[0-9]+ failed/)) vf = substr($0, RSTART, RLENGTH) + 0
		}
		/^(#|ℹ) pass [0-9]+$/ { np = $3 }
		/^(#|ℹ) fail [0-9]+$/ { nf = $3 }
		/^(#|ℹ) cancelled [0-9]+$/ { nc = $3 }
		END { print vp + np, vf + nf + nc }')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		why+=("$(why_exit "$rc") without a failed test")
	elif [ "$f" -gt 0 ]; then
		why+=("$f failed (see the output above)")
	elif [ "$p" -eq 0 ]; then
		f=1
		why+=("no test summary in the output")
	fi
	record "$what" "$p" "$f" "${why[@]}"
}

# tree_state: what git sees changed or added in the tree (empty outside a
# git checkout).
tree_state() {
	git status --porcelain --untracked-files=all 2>/dev/null || true
}

# run_fuzz: every harness of build/fuzz, one result each (scripts/fuzz.sh),
# and one for the tree: the harnesses write only under build/, so a file
# of the checkout they added, changed or removed (the committed corpora
# above all) fails the run.
run_fuzz() {
	local f name line before after ran=0

	before=$(tree_state)
	for f in tests/fuzz/fuzz_*.c; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .c)
		name=${name#fuzz_}
		selected "fuzz/$name" || continue
		heading "fuzz/$name (${HONGLIAN_FUZZ_SECONDS:-30} s)"
		scripts/fuzz.sh "${HONGLIAN_FUZZ_SECONDS:-30}" "$name" >"$tmp/fuzz" 2>&1 || true
		cat "$tmp/fuzz"
		line=$(grep "^fuzz $name:" "$tmp/fuzz" || true)
		case "$line" in
		"fuzz $name: ok"*) record "fuzz/$name" 1 0 ;;
		*) record "fuzz/$name" 0 1 "${line:-no result}" ;;
		esac
		ran=1
	done
	[ "$ran" = 1 ] || return 0
	after=$(tree_state)
	if [ "$before" = "$after" ]; then
		record "fuzz/tree" 1 0
	else
		echo "the fuzz runs changed the tree:" >&2
		diff <(echo "$before") <(echo "$after") >&2 || true
		record "fuzz/tree" 0 1 \
		    "files of the checkout changed (git status above)"
	fi
}

mkdir -p "$T"
run_suite unit
[ "$unit_only" = 1 ] || run_fuzz

if [ "$unit_only" = 0 ]; then
	heading "database: fresh cluster in $PGDIR"
	db_ok=0
	if scripts/pg.sh start "$PGDIR" --fresh; then
		cluster_up=1
		db_url=$(scripts/pg.sh url "$PGDIR")
		# The servers connect as the role that may only read and write
		# rows; migrations, the seed and the tests' fixtures as the owner.
		app_url=$(scripts/pg.sh app-url "$PGDIR")
		export HONGLIAN_TEST_DATABASE_URL=$db_url
		export HONGLIAN_TEST_SERVER_DATABASE_URL=$app_url
		export HONGLIAN_TEST_BASE_URL=$BASE_URL
		scale_url=$(scripts/pg.sh url "$PGDIR" honglian_scale)
		export HONGLIAN_TEST_SCALE_DATABASE_URL=$scale_url
		step "migrate" env HONGLIAN_DATABASE_URL="$db_url" \
		    "$T/honglian" --config "$CONF" migrate &&
			step "seed" env HONGLIAN_DATABASE_URL="$db_url" \
			    "$T/honglian" --config "$CONF" seed --demo &&
			step "scale database ($SCALE_N cases)" sh -c '
			    scripts/pg.sh createdb "$1" honglian_scale &&
			    HONGLIAN_DATABASE_URL=$2 "$3" --config "$4" migrate &&
			    HONGLIAN_DATABASE_URL=$2 "$3" --config "$4" \
			        seed --scale "$5"' \
			    - "$PGDIR" "$scale_url" "$T/honglian" "$CONF" \
			    "$SCALE_N" &&
			db_ok=1
	else
		fail "database" "the test cluster did not start"
	fi

	if [ "$db_ok" = 1 ]; then
		run_suite db
	else
		echo "skipping the db and api tests: no database"
	fi

	# npm test needs the front end's packages; the browser tests also need
	# the built front end, which the server serves.
	web_ok=0
	e2e_ok=0
	if [ "${HONGLIAN_TEST_WEB:-1}" = 0 ]; then
		echo "skipping the front end's tests (HONGLIAN_TEST_WEB=0)"
	elif has_npm_script test || has_npm_script e2e; then
		heading "front end: install"
		# A node >= 20.19 first on PATH, for npm and the scripts it runs.
		if nodebin=$(scripts/node.sh) && export PATH="$nodebin:$PATH" &&
			scripts/web.sh install; then
			web_ok=1
		else
			fail "web install" "npm ci failed"
		fi
	fi
	if [ "$web_ok" = 1 ] && has_npm_script e2e; then
		heading "front end: build"
		if scripts/web.sh; then
			e2e_ok=1
		else
			fail "web build" "npm run build failed"
		fi
	fi

	# Reports of the third server read this replica.
	if [ "$db_ok" = 1 ]; then
		heading "replica of $PGDIR in $REPLICA_DIR"
		if scripts/pg.sh start "$REPLICA_DIR" --fresh \
		    --replica-of "$PGDIR"; then
			replica_up=1
			export HONGLIAN_TEST_REPLICA_PG_DIR=$REPLICA_DIR
			export HONGLIAN_TEST_REPLICA_LOG=$T/server-r.log
		else
			fail "replica" "the replica did not start"
		fi
	fi

	if [ "$db_ok" = 1 ] && start_server &&
		start_node b "$PORT_B" && start_nginx &&
		{ [ "$replica_up" = 0 ] || start_node r "$PORT_R" \
		    HONGLIAN_DATABASE_REPLICA_URL="$(scripts/pg.sh app-url "$REPLICA_DIR")" \
		    HONGLIAN_DATABASE_REPLICA_MAX_LAG_S=2; }; then
		export HONGLIAN_TEST_NODE_URLS="$BASE_URL http://127.0.0.1:$PORT_B"
		run_suite api
	fi

	if [ "$web_ok" = 1 ] && has_npm_script test; then
		run_npm "web/test" test
	fi
	# The browser tests (node --test with playwright-core) run against the
	# test server: they get HONGLIAN_TEST_BASE_URL and, in
	# HONGLIAN_TEST_CHROMIUM, the path of Debian's chromium.
	if [ "$e2e_ok" = 1 ]; then
		if [ -n "$server_pid" ]; then
			HONGLIAN_TEST_CHROMIUM=$(command -v chromium || true)
			export HONGLIAN_TEST_CHROMIUM
			run_npm "web/e2e" e2e
		else
			fail "web/e2e" "not run: the server is not running"
		fi
	fi
	# Last: the database goes down under the running server and comes
	# back (503 with Retry-After meanwhile, then a reconnect).
	if [ -n "$server_pid" ] && [ -e tests/api/test_outage.c ]; then
		export HONGLIAN_TEST_PG_DIR=$PGDIR
		HONGLIAN_TEST_BASE_URL=$BASE_URL run_cmocka api/test_outage \
		    "$T/tests/api/test_outage"
	fi
fi

cleanup

heading "summary"
printf '%s\n' "${rows[@]}"
if [ ${#failures[@]} -gt 0 ]; then
	echo
	echo "failures:"
	printf '  %s\n' "${failures[@]}"
fi
echo
echo "$n_passed passed, $n_failed failed"
[ "$n_failed" -eq 0 ]
