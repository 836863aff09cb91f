#!/usr/bin/env bash
# Two builds of parley compared on the same load, in alternating runs, so
# that a noisy machine's drift falls on both alike (docs/benchmarks.md
# decides on such pairs): A B A B … for PAIRS pairs, each run on a fresh
# PostgreSQL database (default server postgres://postgres@127.0.0.1:5432/postgres,
# override with PARLEY_LOAD_POSTGRES_ADMIN). Prints each run's figures and,
# for each build, their medians: write and read p99 (whole run, and after
# the delegates' arrival), requests over 100 ms begun in the arrival and
# after it, writes run again for a lost race, and successful writes/s.
#
#   A=/tmp/parley-main B=/tmp/parley-new PAIRS=4 ./scripts/loadtest-pairs.sh \
#       --instances 2 --delegates 1000 --think 1s --write-share 0.2 --duration 12s
#
# Build each with `go build -o FILE ./cmd/parley` at the commit to compare.
# Needs psql (Debian: postgresql-client).
set -euo pipefail
: "${A:?set A to the first build}" "${B:?set B to the second build}"
PAIRS=${PAIRS:-4}
ADMIN=${PARLEY_LOAD_POSTGRES_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}
declare -A rows
columns="write_p99 read_p99 after_write after_read slow_arrival slow_after retries writes/s"
echo "run  $columns"
for i in $(seq 1 "$PAIRS"); do
	for build in A B; do
		db="parley_pairs_$$_$RANDOM"
		psql "$ADMIN" -qc "CREATE DATABASE $db"
		summary=$("${!build}" loadtest --db "${ADMIN%/*}/$db" "$@" | grep '^summary ')
		psql "$ADMIN" -qc "DROP DATABASE $db WITH (FORCE)"
		field() { echo "$summary" | sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
		row="$(field write_p99_ms) $(field read_p99_ms) $(field arrived_write_p99_ms) $(field arrived_read_p99_ms) $(field slow_in_arrival) $(field slow_after) $(field retries) $(field writes_per_s)"
		echo "$build    $row"
		rows[$build]+="$row"$'\n'
	done
done
for build in A B; do
	printf 'median %s: ' "$build"
	printf '%s' "${rows[$build]}" | awk '
		{ for (i = 1; i <= NF; i++) v[i, NR] = $i; n = NR; f = NF }
		END {
			for (i = 1; i <= f; i++) {
				for (j = 1; j <= n; j++) col[j] = (v[i, j] == "-" ? 1e18 : v[i, j] + 0)
				# insertion sort of column i
				for (j = 2; j <= n; j++) { x = col[j]; k = j - 1; while (k >= 1 && col[k] > x) { col[k + 1] = col[k]; k-- }; col[k + 1] = x }
				m = (n % 2) ? col[(n + 1) / 2] : (col[n / 2] + col[n / 2 + 1]) / 2
				printf "%s%s", (m >= 1e18 ? "-" : sprintf("%.1f", m)), (i < f ? " " : "\n")
			}
		}'
done
