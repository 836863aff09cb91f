#!/usr/bin/env bash
# Vendors Parley's front-end packages from the npm registry into the
# embedded static files. The build never fetches anything: run this only
# to upgrade, and commit what it writes.
set -euo pipefail
cd "$(dirname "$0")/.."
HTMX_VERSION=2.0.11
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "htmx.org@$HTMX_VERSION" >/dev/null && tar xzf htmx.org-*.tgz)
cp "$tmp/package/dist/htmx.min.js" http/static/htmx.min.js
echo "htmx $HTMX_VERSION → http/static/htmx.min.js"
