#!/usr/bin/env bash
# Reproduces the load figures in docs/benchmarks.md: SQLite, PostgreSQL with
# one instance and with two, at 50, 200 and 1,000 concurrent delegates.
# Loopback only; every run stops by itself. Needs a PostgreSQL server
# (default postgres://postgres@127.0.0.1:5432/postgres, override with
# PARLEY_LOAD_POSTGRES_ADMIN); each PostgreSQL run gets a fresh database.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15s}
THINK=${THINK:-1s}
ADMIN=${PARLEY_LOAD_POSTGRES_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}
go build -o /tmp/parley-load ./cmd/parley
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(go version | cut -d' ' -f3)"
for n in 50 200 1000; do
	/tmp/parley-load loadtest --delegates "$n" --duration "$DURATION" --think "$THINK"
	for inst in 1 2; do
		db="parley_load_$$_${n}_${inst}"
		psql "$ADMIN" -qc "CREATE DATABASE $db"
		/tmp/parley-load loadtest --db "${ADMIN%/*}/$db" --instances "$inst" --delegates "$n" --duration "$DURATION" --think "$THINK"
		psql "$ADMIN" -qc "DROP DATABASE $db WITH (FORCE)"
	done
done
# Capacity: no think time, so every delegate waits only for the server.
echo; echo "== stress: no think time"
/tmp/parley-load loadtest --delegates 200 --duration "$DURATION" --think 0
for inst in 1 2; do
	db="parley_load_$$_stress_${inst}"
	psql "$ADMIN" -qc "CREATE DATABASE $db"
	/tmp/parley-load loadtest --db "${ADMIN%/*}/$db" --instances "$inst" --delegates 200 --duration "$DURATION" --think 0
	psql "$ADMIN" -qc "DROP DATABASE $db WITH (FORCE)"
done
