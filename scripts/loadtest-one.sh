#!/usr/bin/env bash
# A stance write's own latency, side by side (issue 17): one delegate,
# write-only, no think time, on PostgreSQL (a fresh database each run) and
# on SQLite, for each binary given, alternating, ROUNDS times. It measures
# what the round trips set, where the capacity runs of loadtest-writes.sh
# measure the CPU a loaded machine leaves.
#
#   ./scripts/loadtest-one.sh BINARY…
set -euo pipefail
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
ADMIN=${PARLEY_LOAD_POSTGRES_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
	for bin in "$@"; do
		db="parley_one_$$_$RANDOM"
		psql "$ADMIN" -qc "CREATE DATABASE $db"
		echo "== round $round $bin PostgreSQL"
		"$bin" loadtest --db "${ADMIN%/*}/$db" --delegates 1 --duration "$DURATION" --think 0 --write-share 1 | grep -E "operation|stance write"
		psql "$ADMIN" -qc "DROP DATABASE $db WITH (FORCE)"
		echo "== round $round $bin SQLite"
		"$bin" loadtest --delegates 1 --duration "$DURATION" --think 0 --write-share 1 | grep -E "operation|stance write"
	done
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
