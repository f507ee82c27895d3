#!/usr/bin/env bash
# Install the Debian bookworm packages Honglian needs to build, test, run and
# benchmark, and only those that are missing: apt-get update runs once, and
# only when something has to be installed.  As a non-root user it prints the
# command to run instead and fails.
set -euo pipefail

pkgs=(
	# build
	gcc libc6-dev make pkg-config clang-format cppcheck
	libmicrohttpd-dev libpq-dev libcurl4-openssl-dev
	libcmark-gfm-dev libcmark-gfm-extensions-dev libjansson-dev
	libsodium-dev libinih-dev libxlsxwriter-dev zlib1g-dev libcmocka-dev
	libseccomp-dev
	# fuzzing (make test runs each harness briefly, make fuzz longer):
	# clang with libFuzzer and the sanitizer runtimes
	clang libclang-rt-14-dev
	# database (pg_trgm ships in postgresql-15 itself on bookworm)
	postgresql-15 postgresql-client-15
	# run-tests.sh, benchmarks (nginx is the static-file reference), browser tests
	curl unzip wrk nginx-light chromium fonts-wqy-microhei
)
# The front end needs node 20+; a machine that already has node (say from
# NodeSource) keeps it, since Debian's nodejs (18) would replace it.
command -v node >/dev/null 2>&1 || pkgs+=(nodejs npm)

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
if ! apt-get update -qq >"$log" 2>&1 ||
	! apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
	tail -n 30 "$log" >&2
	echo "deps: apt-get failed (output above)" >&2
	exit 1
fi
echo "deps: installed ${missing[*]}"
