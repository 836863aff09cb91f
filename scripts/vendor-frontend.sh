#!/usr/bin/env bash
# Vendors Parley's front-end packages from the npm registry into the
# embedded static files. The build never fetches anything: run this only
# to upgrade, and commit what it writes.
set -euo pipefail
cd "$(dirname "$0")/.."
HTMX_VERSION=2.0.11
AGE_VERSION=0.3.1      # age-encryption: age in JavaScript, for sealed messages
ESBUILD_VERSION=0.25   # bundles age-encryption and its noble dependencies into one classic script
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "htmx.org@$HTMX_VERSION" >/dev/null && tar xzf htmx.org-*.tgz)
cp "$tmp/package/dist/htmx.min.js" http/static/htmx.min.js
echo "htmx $HTMX_VERSION → http/static/htmx.min.js"

# age-encryption is an ES module with dependencies; the pages load one
# classic script under a strict Content-Security-Policy, so it is bundled
# into a global, window.age.
(cd "$tmp" && npm init -y >/dev/null && npm install --silent "age-encryption@$AGE_VERSION" "esbuild@$ESBUILD_VERSION" >/dev/null &&
	echo 'export * from "age-encryption"' > entry.js &&
	./node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=age --target=es2022 \
		--legal-comments=eof --outfile=age.js >/dev/null)
cp "$tmp/age.js" http/static/age.min.js
echo "age-encryption $AGE_VERSION → http/static/age.min.js"
