#!/usr/bin/env bash
# The front end (Vue/Vite in assets/): install its packages when they are
# missing or older than package-lock.json, then build assets/dist.
#
#   scripts/web.sh            install if needed, then npm run build
#   scripts/web.sh install    install if needed (run-tests.sh, before npm test)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f assets/package.json ]; then
	echo "web: there is no front end yet (no assets/package.json); nothing to build"
	exit 0
fi
cd assets

# npm ci leaves node_modules/.package-lock.json behind: our install stamp.
if [ ! -f node_modules/.package-lock.json ] ||
	[ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "web: installing the front end's packages (npm ci)"
	npm ci --no-audit --no-fund --loglevel=error
fi

[ "${1:-}" = install ] && exit 0
echo "web: building the front end (npm run build)"
npm run build
