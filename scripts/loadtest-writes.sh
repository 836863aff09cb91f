#!/usr/bin/env bash
# Measures write capacity side by side (issue 17): `parley loadtest` on
# SQLite and on PostgreSQL (one instance, or each count in PG_INSTANCES,
# e.g. PG_INSTANCES="1 2"), write-only and mixed, both
# without think time, for each binary given, in alternating order; then
# the ceilings of the same machine in the same run: pgbench's single-row
# INSERT with synchronous commit, 50 clients.
#
#   ./scripts/loadtest-writes.sh [BINARY…]   (default: this checkout, built)
#
# Needs a PostgreSQL server (PARLEY_LOAD_POSTGRES_ADMIN, default
# postgres://postgres@127.0.0.1:5432/postgres) and pgbench for the ceiling.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15s}
DELEGATES=${DELEGATES:-200}
ROUNDS=${ROUNDS:-1}
PG_INSTANCES=${PG_INSTANCES:-1}
ADMIN=${PARLEY_LOAD_POSTGRES_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}
bins=("$@")
if [ ${#bins[@]} -eq 0 ]; then
	go build -o /tmp/parley-load ./cmd/parley
	bins=(/tmp/parley-load)
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(go version | cut -d' ' -f3), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
	for share in 1 0.2; do
		for bin in "${bins[@]}"; do
			echo; echo "== round $round, $bin, write share $share"
			"$bin" loadtest --delegates "$DELEGATES" --duration "$DURATION" --think 0 --write-share "$share" | sed -n '/instance(s)/,$p'
			for n in $PG_INSTANCES; do
				db="parley_writes_$$_$RANDOM"
				psql "$ADMIN" -qc "CREATE DATABASE $db"
				"$bin" loadtest --db "${ADMIN%/*}/$db" --instances "$n" --delegates "$DELEGATES" --duration "$DURATION" --think 0 --write-share "$share" | sed -n '/instance(s)/,$p'
				psql "$ADMIN" -qc "DROP DATABASE $db WITH (FORCE)"
			done
		done
	done
done
if command -v pgbench >/dev/null; then
	echo; echo "== ceiling: pgbench, single-row INSERT, synchronous commit, 50 clients, ${DURATION}"
	db="parley_pgbench_$$"
	psql "$ADMIN" -qc "CREATE DATABASE $db"
	psql "${ADMIN%/*}/$db" -qc "CREATE TABLE t (id bigserial PRIMARY KEY, v text NOT NULL)"
	echo "INSERT INTO t (v) VALUES ('stance');" >/tmp/parley-pgbench.sql
	pgbench -n -c 50 -j 2 -T "${DURATION%s}" -f /tmp/parley-pgbench.sql "${ADMIN%/*}/$db" | grep -E 'tps|latency average'
	psql "$ADMIN" -qc "DROP DATABASE $db WITH (FORCE)"
fi
