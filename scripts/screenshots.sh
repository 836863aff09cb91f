#!/usr/bin/env bash
# Regenerates docs/screenshots (the README's and docs/design.md's) in
# Chromium: TestScreenshots drives the demo as its members would (the
# pages, the components, dark mode, a printed draft); the set-up tests
# take the pages of a server started from empty (the setup link,
# administration, new talks, invitations, sign-off); the browser tests
# of the side-by-side languages, the amendments, the point editor and
# the witness take the rest of the pages in docs/screenshots. Commit what
# it writes. PARLEY_CHROMIUM names another browser than chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs/screenshots
PARLEY_SCREENSHOTS=1 go test -count=1 -timeout 15m \
	-run '^(TestScreenshots|TestBrowserFromEmptyServer|TestBrowserSetup|TestBrowserAdmin|TestBrowserParallel|TestBrowserAmendments|TestBrowserPointEditor|TestBrowserWitness)$' ./http
ls -l docs/screenshots
