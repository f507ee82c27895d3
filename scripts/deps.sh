#!/usr/bin/env bash
# Install the Debian bookworm packages Honglian needs, and only those that are
# missing: apt-get update runs once, and only when something has to be
# installed.  As a non-root user it prints the command to run instead and
# fails.
#
#   scripts/deps.sh        to build, run, test, lint and benchmark (make deps, make test)
#   scripts/deps.sh run    to build and run only (make run): no browser, no test tools
set -euo pipefail

pkgs=(
	# build
	gcc libc6-dev make pkg-config
	libmicrohttpd-dev libpq-dev libcurl4-openssl-dev
	libcmark-gfm-dev libcmark-gfm-extensions-dev libjansson-dev
	libsodium-dev libinih-dev libxlsxwriter-dev zlib1g-dev libseccomp-dev
	# reading .xlsx imports (xlsx.c)
	libzip-dev libexpat1-dev
	# database (pg_trgm ships in postgresql-15 itself on bookworm)
	postgresql-15 postgresql-client-15
)
case "${1:-all}" in
run) ;;
all)
	pkgs+=(
		# make fmt-check, make lint, the cmocka tests
		clang-format cppcheck libcmocka-dev
		# run-tests.sh, benchmarks (nginx is the static-file reference),
		# browser tests
		curl unzip wrk nginx-light chromium fonts-wqy-microhei
		# fuzzing (make test runs each harness briefly, make fuzz longer):
		# clang with libFuzzer and the sanitizer runtimes
		clang libclang-rt-14-dev
		# the meeting print view's browser test: 楷体 (for 仿宋) and 明体
		# faces its CSS names (about 38 MB installed), and the printed
		# PDF read back with pdftotext, pdfinfo and pdffonts
		fonts-arphic-ukai fonts-arphic-uming poppler-utils
		# the webhook test's https receiver with a self-signed
		# certificate (openssl req, openssl s_server)
		openssl
	)
	;;
*)
	echo "usage: $0 [run]" >&2
	exit 2
	;;
esac
# The front end needs node >= 20.19 and bookworm's nodejs is 18: Debian's
# npm fetches the node pinned in scripts/node from the npm registry
# (scripts/node.sh).  A machine that already has node and npm (say from
# NodeSource) keeps them, since Debian's nodejs would replace its node.
{ command -v node && command -v npm; } >/dev/null 2>&1 || pkgs+=(nodejs npm)

missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing Debian packages: ${missing[*]}" >&2
	echo "deps: run as root: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
	exit 1
fi

echo "deps: installing ${#missing[@]} Debian package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run_apt() {
	apt-get "$@" >>"$log" 2>&1 || {
		tail -n 30 "$log" >&2
		echo "deps: apt-get $1 failed (output above)" >&2
		exit 1
	}
}
# note STEP SECONDS: for make run's closing summary (see the Makefile).
note() {
	[ -z "${HONGLIAN_RUN_TIMES:-}" ] || echo "$1 $2" >>"$HONGLIAN_RUN_TIMES"
}

# Downloading first, then installing, tells the two times apart.
t0=$SECONDS
run_apt update -qq
run_apt install -y -qq --no-install-recommends --download-only "${missing[@]}"
t1=$SECONDS
run_apt install -y -qq --no-install-recommends "${missing[@]}"
echo "deps: installed ${missing[*]}"
echo "deps: $((t1 - t0)) s to download, $((SECONDS - t1)) s to install"
note "downloading Debian packages" $((t1 - t0))
note "installing Debian packages" $((SECONDS - t1))
