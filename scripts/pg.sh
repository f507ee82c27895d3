#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for development and tests.
#
#   scripts/pg.sh start|stop|status|url|app-url DIR [--fresh]
#   scripts/pg.sh start DIR --replica-of PRIMARY_DIR
#   scripts/pg.sh createdb DIR NAME     a database NAME owned by honglian
#   scripts/pg.sh url DIR [NAME]        conninfo of database NAME (owner)
#   scripts/pg.sh app-url DIR [NAME]    the same as honglian_app
#
# DIR/data holds the cluster, DIR/postgresql.log its log.  It listens on a
# unix socket only: in DIR, or in /tmp/hl-pg-<hash> when DIR is too long for
# a socket path (107 bytes).  `start` creates the cluster when absent (C.UTF-8,
# UTF8, trust auth), starts it, waits until it accepts connections and
# creates, if missing, the role and database `honglian` (owned by the role)
# and the role `honglian_app`.  --fresh wipes DIR first and turns fsync off:
# a throw-away test cluster.  Two roles: `url` prints the libpq conninfo of
# the owner, for `honglian migrate` and `seed` (and tests' fixtures);
# `app-url` that of honglian_app, for `honglian serve`, which may only read
# and write rows (sql/0016_hardening.sql).  `start` also writes them to
# DIR/conninfo and DIR/app-conninfo, where the binary finds them when no
# [database] url is given (conf/honglian.conf: local_cluster; serve takes
# the second).  As root, PostgreSQL
# runs as the postgres user, which owns DIR.
#
# --replica-of PRIMARY_DIR makes DIR a streaming replica (hot standby) of
# the running cluster in PRIMARY_DIR, from a pg_basebackup when DIR has no
# cluster yet: read-only, on its own socket, for [database] replica_url.
set -euo pipefail

PGBIN=/usr/lib/postgresql/15/bin
PORT=5432
START_TIMEOUT_S=30

usage() {
	echo "usage: $0 start|stop|status|url|app-url|createdb DIR [--fresh|--replica-of DIR|NAME]" >&2
	exit 2
}

[ $# -ge 2 ] || usage
cmd=$1
dir=$2
fresh=0
primary=""
dbname=honglian
shift 2
while [ $# -gt 0 ]; do
	case "$1" in
	--fresh) fresh=1 ;;
	--replica-of)
		[ $# -ge 2 ] || usage
		primary=$(realpath -m -- "$2")
		shift
		;;
	-*) usage ;;
	*)
		[ "$cmd" = url ] || [ "$cmd" = app-url ] || [ "$cmd" = createdb ] || usage
		dbname=$1
		;;
	esac
	shift
done
case "$cmd" in
start | stop | status | url | app-url | createdb) ;;
*) usage ;;
esac
[[ $dbname =~ ^[a-z][a-z0-9_]*$ ]] || usage

dir=$(realpath -m -- "$dir")
data=$dir/data
log=$dir/postgresql.log
# The socket file is <socket dir>/.s.PGSQL.5432 and must fit sun_path; odd
# characters would also need quoting in unix_socket_directories.
socket_dir() {
	local d=$1
	if [ $((${#d} + 14)) -gt 107 ] || [[ $d =~ [^A-Za-z0-9._/+@:-] ]]; then
		d=/tmp/hl-pg-$(printf '%s' "$1" | cksum | cut -d ' ' -f 1)
	fi
	printf '%s' "$d"
}
sock=$(socket_dir "$dir")

as_root=0
[ "$(id -u)" -eq 0 ] && as_root=1

# Run a PostgreSQL program as the cluster's owner.  From /, because the
# postgres user may not be able to read the caller's working directory.
pg() {
	if [ "$as_root" = 1 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

running() {
	[ -f "$data/PG_VERSION" ] && pg "$PGBIN/pg_ctl" status -D "$data" >/dev/null 2>&1
}

psql_admin() {
	pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$PORT" \
	    -U postgres -d postgres -At "$@"
}

# As root, the postgres user must be able to reach DIR: grant search (o+x)
# on each directory above it that it cannot enter, from the top down.
grant_traverse() {
	local path=$1 d="" part
	local -a parts

	IFS=/ read -r -a parts <<<"${path#/}"
	for part in "${parts[@]}"; do
		d=$d/$part
		[ -d "$d" ] || break
		if ! (cd / && runuser -u postgres -- test -x "$d"); then
			echo "pg.sh: chmod o+x $d (the postgres user must reach $path)"
			chmod o+x "$d"
		fi
	done
}

stop() {
	if running; then
		pg "$PGBIN/pg_ctl" stop -D "$data" -m "${1:-fast}" -w -t 60 >/dev/null
		echo "pg.sh: stopped the cluster in $dir"
	fi
}

setup_dirs() {
	mkdir -p "$dir" "$sock"
	if [ "$as_root" = 1 ]; then
		id postgres >/dev/null 2>&1 || {
			echo "pg.sh: there is no postgres user (is postgresql-15 installed? make deps)" >&2
			exit 1
		}
		chown postgres:postgres "$dir" "$sock"
		grant_traverse "$(dirname "$dir")"
	fi
	# The server drops root to an unprivileged user, which connects through
	# the socket in here.
	chmod 0755 "$dir" "$sock"
}

init_cluster() {
	echo "pg.sh: creating a PostgreSQL 15 cluster in $data"
	pg "$PGBIN/initdb" -D "$data" -U postgres -A trust -E UTF8 \
	    --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		exit 1
	}
	{
		echo
		echo "# scripts/pg.sh: a private development cluster"
		echo "listen_addresses = ''"
		echo "port = $PORT"
		echo "shared_buffers = 128MB"
		echo "max_connections = 200"
		if [ "$fresh" = 1 ]; then
			echo "# a throw-away test cluster: durability is not needed"
			echo "fsync = off"
			echo "synchronous_commit = off"
			echo "full_page_writes = off"
		fi
	} >>"$data/postgresql.conf"
}

create_db() {
	local name=${1:-honglian}
	# A replica has what its primary has, and cannot write.
	[ -f "$data/standby.signal" ] && return 0
	if [ -z "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'honglian'")" ]; then
		psql_admin -c "CREATE ROLE honglian LOGIN"
	fi
	if [ -z "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'honglian_app'")" ]; then
		psql_admin -c "CREATE ROLE honglian_app LOGIN"
	fi
	if [ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]; then
		psql_admin -c "CREATE DATABASE $name OWNER honglian ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
		echo "pg.sh: created database $name (owner honglian)"
	fi
}

conninfo() {
	echo "host=$sock dbname=$dbname user=honglian"
}

app_conninfo() {
	echo "host=$sock dbname=$dbname user=honglian_app"
}

# A hot standby of the cluster in $primary, copied with pg_basebackup
# (its postgresql.conf included; -R writes standby.signal and the
# connection to the primary's socket).
init_replica() {
	local psock
	psock=$(socket_dir "$primary")
	echo "pg.sh: copying the cluster in $primary into $data (replica)"
	pg "$PGBIN/pg_basebackup" -D "$data" -h "$psock" -p "$PORT" -U postgres \
	    -X stream -R -c fast >"$dir/basebackup.log" 2>&1 || {
		cat "$dir/basebackup.log" >&2
		exit 1
	}
	{
		echo
		echo "# scripts/pg.sh: a replica of $primary"
		echo "hot_standby = on"
		echo "hot_standby_feedback = on"
	} >>"$data/postgresql.conf"
}

start() {
	local waited=0

	if [ "$fresh" = 1 ]; then
		stop immediate
		rm -rf "$dir"
		[ "$sock" = "$dir" ] || rm -rf "$sock"
	fi
	setup_dirs
	if [ ! -f "$data/PG_VERSION" ]; then
		if [ -n "$primary" ]; then
			init_replica
		else
			init_cluster
		fi
	fi
	if ! running &&
		! pg "$PGBIN/pg_ctl" start -D "$data" -l "$log" -w \
		    -t "$START_TIMEOUT_S" -o "-k '$sock'" >/dev/null; then
		echo "pg.sh: the cluster in $dir did not start; $log says:" >&2
		tail -n 20 "$log" >&2 || true
		exit 1
	fi
	until pg "$PGBIN/pg_isready" -q -h "$sock" -p "$PORT" -t 1; do
		waited=$((waited + 1))
		if [ "$waited" -ge "$START_TIMEOUT_S" ]; then
			echo "pg.sh: the cluster in $dir does not answer on $sock; $log says:" >&2
			tail -n 20 "$log" >&2 || true
			exit 1
		fi
		sleep 1
	done
	create_db
	conninfo >"$dir/conninfo"
	app_conninfo >"$dir/app-conninfo"
	chmod 0644 "$dir/conninfo" "$dir/app-conninfo"
	echo "pg.sh: PostgreSQL ready on $sock"
}

case "$cmd" in
start) start ;;
stop)
	stop fast
	;;
status)
	if running; then
		echo "pg.sh: running in $dir, socket in $sock"
	else
		echo "pg.sh: not running ($dir)"
		exit 3
	fi
	;;
url) conninfo ;;
app-url) app_conninfo ;;
createdb)
	running || {
		echo "pg.sh: the cluster in $dir is not running" >&2
		exit 1
	}
	create_db "$dbname"
	;;
esac
