#!/usr/bin/env bash
# The front end (Vue/Vite in assets/): install its packages when they are
# missing or older than package-lock.json, then build assets/dist.
#
#   scripts/web.sh            install if needed, then npm run build
#   scripts/web.sh bundle     the same without the type check (make run: the
#                             check changes nothing in the bundle, make test
#                             runs it)
#   scripts/web.sh install    install if needed (run-tests.sh, before npm test)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f assets/package.json ]; then
	echo "web: there is no front end yet (no assets/package.json); nothing to build"
	exit 0
fi
# note STEP SECONDS: for make run's closing summary (see the Makefile).
note() {
	[ -z "${HONGLIAN_RUN_TIMES:-}" ] || echo "$1 $2" >>"$HONGLIAN_RUN_TIMES"
}

# Vite and Vitest need node >= 20.19: the machine's, or the one pinned in
# scripts/node (see scripts/node.sh).
PATH="$(scripts/node.sh):$PATH"
export PATH
# The official node binary trusts only the root certificates built into it;
# the system's bundle also holds the machine's own (a proxy's, a company's).
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -r /etc/ssl/certs/ca-certificates.crt ]; then
	export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi
cd assets

# npm ci leaves node_modules/.package-lock.json behind: our install stamp.
if [ ! -f node_modules/.package-lock.json ] ||
	[ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "web: installing the front end's packages (npm ci)"
	t0=$SECONDS
	npm ci --no-audit --no-fund --loglevel=error
	echo "web: npm ci took $((SECONDS - t0)) s"
	note "npm ci (front end)" $((SECONDS - t0))
fi

script=build
case "${1:-}" in
"") ;;
install) exit 0 ;;
bundle) script=bundle ;;
*)
	echo "usage: $0 [bundle|install]" >&2
	exit 2
	;;
esac
echo "web: building the front end (npm run $script)"
t0=$SECONDS
npm run "$script"
echo "web: npm run $script took $((SECONDS - t0)) s"
note "building the front end" $((SECONDS - t0))
