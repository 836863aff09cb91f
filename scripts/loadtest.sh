#!/usr/bin/env bash
# Issue 17's load figures, side by side in one run (docs/benchmarks.md):
#
#  1. the ceilings of this machine, without Parley: pgbench's single-row
#     INSERT with synchronous commit from CLIENTS clients; `parley loadtest
#     ceiling` (INSERT + UPDATE per transaction) with pgx from CLIENTS
#     connections, the same as one pgx.Batch, and modernc SQLite in WAL with
#     one writer;
#  2. `parley loadtest` on SQLite, PostgreSQL with one instance and with
#     two: write-only, DELEGATES delegates without think time (capacity:
#     successful stance writes a second); then 1,000 delegates with 1 s of
#     think time and a fifth of their requests writes (latency);
#  3. a table of each Parley figure as a fraction of its ceiling, and the
#     latencies beside the issue's targets; for the 1,000-delegate runs,
#     how many requests took over 100 ms, begun in the delegates' arrival
#     (one think time) and after it (the summary's slow_ counts).
#
# Every run is DURATION long (default 12s): the whole script takes about
# five minutes on a loaded machine. Loopback only; every PostgreSQL run
# gets a fresh database (default server postgres://postgres@127.0.0.1:5432/postgres, override
# with PARLEY_LOAD_POSTGRES_ADMIN); commits are synchronous as the server
# is configured (PostgreSQL's default: on). Needs psql and pgbench
# (Debian: postgresql-client).
#
#   ./scripts/loadtest.sh            DURATION=15s CLIENTS=50 DELEGATES=200
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-12s}
CLIENTS=${CLIENTS:-50}
DELEGATES=${DELEGATES:-200}
ADMIN=${PARLEY_LOAD_POSTGRES_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}
BIN=${BIN:-/tmp/parley-loadtest}
go build -o "$BIN" ./cmd/parley

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
fresh() {
	local db="parley_load_$$_$RANDOM"
	psql "$ADMIN" -qc "CREATE DATABASE $db" >&2
	echo "${ADMIN%/*}/$db"
}
drop() { psql "$ADMIN" -qc "DROP DATABASE ${1##*/} WITH (FORCE)" >&2; }
field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p"; } # from a summary line
# ratio A B: A as a percentage of B.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f %%", 100 * a / b; else print "-" }'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(go version | cut -d' ' -f3), $(psql "$ADMIN" -Atc 'SHOW server_version' | cut -d' ' -f1)"
echo "start: $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(loadavg); runs of $DURATION"

echo; echo "== ceilings"
db=$(fresh)
psql "$db" -qc "CREATE TABLE t (id bigserial PRIMARY KEY, v text NOT NULL)"
echo "INSERT INTO t (v) VALUES ('stance');" >/tmp/parley-pgbench.sql
# pgbench's -T counts from before its connections, which take seconds on a
# loaded machine (TLS, as Parley's): 10 s more, and its rate leaves them out.
pgbench_tps=$(pgbench -n -c "$CLIENTS" -j 2 -T "$((${DURATION%s} + 10))" -f /tmp/parley-pgbench.sql "$db" 2>/dev/null |
	sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
echo "ceiling pgbench: ${pgbench_tps%.*} tx/s (single-row INSERT, $CLIENTS clients)"
declare -A ceiling
for mode in pgx pgx-batch sqlite; do
	out=$("$BIN" loadtest ceiling --mode "$mode" --db "$db" --clients "$CLIENTS" --duration "$DURATION")
	echo "$out"
	ceiling[$mode]=$(echo "$out" | sed -n 's/.*: \([0-9]*\) tx\/s.*/\1/p')
done
drop "$db"

# parley NAME ARGS…: runs parley loadtest with ARGS (on a fresh PostgreSQL
# database when ARGS hold --db pg), prints its report and keeps its summary.
declare -A summary loads
parley() {
	local name=$1 db="" args=()
	shift
	for a in "$@"; do
		if [ "$a" = pg ]; then db=$(fresh) && a=$db; fi
		args+=("$a")
	done
	loads[$name]=$(loadavg)
	echo; echo "== $name (load average ${loads[$name]})"
	local out
	out=$("$BIN" loadtest "${args[@]}" --duration "$DURATION")
	echo "$out" | sed -n '/instance(s)/,$p'
	summary[$name]=$(echo "$out" | grep '^summary ')
	if [ -n "$db" ]; then drop "$db"; fi
}
w=(--delegates "$DELEGATES" --think 0 --write-share 1)
m=(--delegates 1000 --think 1s --write-share 0.2)
parley "SQLite, write-only" "${w[@]}"
parley "PostgreSQL 1, write-only" --db pg "${w[@]}"
parley "PostgreSQL 2, write-only" --db pg --instances 2 "${w[@]}"
parley "SQLite, 1,000 delegates" "${m[@]}"
parley "PostgreSQL 1, 1,000 delegates" --db pg "${m[@]}"
parley "PostgreSQL 2, 1,000 delegates" --db pg --instances 2 "${m[@]}"

echo; echo "== side by side (end: $(date -u '+%H:%M UTC'), load average $(loadavg))"
echo "ceilings, tx/s: pgbench ${pgbench_tps%.*}, pgx ${ceiling[pgx]}, pgx batch ${ceiling[pgx-batch]}, SQLite ${ceiling[sqlite]}"
printf '%-32s %9s %9s %11s %11s %9s %9s %13s %6s  %s\n' run "writes/s" "of pgx" "of pgbench" "of ceiling" "write p99" "read p99" "after arrival" errors "load at start"
for name in "SQLite, write-only" "PostgreSQL 1, write-only" "PostgreSQL 2, write-only" \
	"SQLite, 1,000 delegates" "PostgreSQL 1, 1,000 delegates" "PostgreSQL 2, 1,000 delegates"; do
	s=${summary[$name]}
	wps=$(echo "$s" | field writes_per_s)
	if [[ $name == SQLite* ]]; then
		of_pgx="" of_bench="" of_own=$(ratio "$wps" "${ceiling[sqlite]}")
	else
		of_pgx=$(ratio "$wps" "${ceiling[pgx]}") of_bench=$(ratio "$wps" "$pgbench_tps") of_own=$(ratio "$wps" "${ceiling[pgx-batch]}")
	fi
	printf '%-32s %9s %9s %11s %11s %9s %9s %13s %6s  %s\n' "$name" "$wps" "$of_pgx" "$of_bench" "$of_own" \
		"$(echo "$s" | field write_p99_ms) ms" "$(echo "$s" | field read_p99_ms) ms" \
		"$(echo "$s" | field arrived_write_p99_ms) / $(echo "$s" | field arrived_read_p99_ms)" "$(echo "$s" | field errors)" "${loads[$name]}"
done
echo "(\"of ceiling\": SQLite against SQLite's ceiling, PostgreSQL against pgx as one batch; \"after arrival\":"
echo " write / read p99 in ms of the requests begun once every delegate has made its first, one think time in;"
echo " targets: PostgreSQL 1 ≥ 1,000 writes/s, 2 ≥ 1, SQLite ≥ 2,000/s; 1,000 delegates: write p99 < 100 ms, read p99 < 50 ms)"
echo
echo "requests over 100 ms in the 1,000-delegate runs, begun in the delegates' arrival / after it (of all begun then):"
for name in "SQLite, 1,000 delegates" "PostgreSQL 1, 1,000 delegates" "PostgreSQL 2, 1,000 delegates"; do
	s=${summary[$name]}
	printf '  %-32s %5s of %5s / %5s of %5s\n' "$name" "$(echo "$s" | field slow_in_arrival)" "$(echo "$s" | field begun_in_arrival)" \
		"$(echo "$s" | field slow_after)" "$(echo "$s" | field begun_after)"
done
