package main

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file holds what the load test reports: the table, the summary line
// for scripts, the percentiles, and the timeline file.

// report prints each kind of request's successes and their rate over the
// time the load took (the capacity: a 409 or an error is no work done), the median and 99th
// percentile latency of the successes, and the conflicts and errors
// apart.
func (lt *loadTest) report(e *env) {
	backend := "SQLite"
	if isPostgres(lt.cfg.db) {
		backend = "PostgreSQL"
	}
	fmt.Fprintf(e.stdout, "\n%s, %d instance(s), %d delegates, think time %s, %s (%s until the last answer):\n",
		backend, len(lt.bases), lt.cfg.delegates, lt.cfg.think, lt.cfg.duration, lt.elapsed.Round(time.Millisecond))
	fmt.Fprintf(e.stdout, "%-14s %9s %9s %9s %9s %9s %7s\n", "operation", "succeeded", "per sec", "p50", "p99", "conflicts", "errors")
	for _, kind := range []string{"gap map read", "draft read", "stance write", "table draft"} {
		l := lt.lat[kind]
		slices.Sort(l)
		fmt.Fprintf(e.stdout, "%-14s %9d %9.0f %9s %9s %9d %7d\n", kind, len(l), float64(len(l))/lt.elapsed.Seconds(),
			pct(l, 0.50), pct(l, 0.99), lt.conflicts[kind], lt.errs[kind])
	}
	fmt.Fprintf(e.stdout, "successes by instance: %v\n", lt.served)
	if w, r := lt.arrived["stance write"], lt.readLatencies(lt.arrived); len(w)+len(r) > 0 {
		slices.Sort(w)
		fmt.Fprintf(e.stdout, "p99 of the requests begun after the delegates' arrival (%s): writes %s, reads %s\n",
			lt.arrival(), pct(w, 0.99), pct(r, 0.99))
	}
	lt.summary(e)
}

// arrival is how long the delegates take to arrive: each makes its first
// request within one think time of the start (at least a second), on
// caches and connections that have served nothing yet. The report gives
// the 99th percentiles of the whole load and of what came after.
func (lt *loadTest) arrival() time.Duration { return max(lt.cfg.think, time.Second) }

// summary prints the report's figures on one line of key=value pairs, for
// scripts (scripts/loadtest.sh): successful stance writes per second, the
// 99th percentile of the writes and of the reads (both kinds together),
// the same of the requests begun after the delegates' arrival, the
// writes the stores ran again for losing a race (sqlstore's Retries),
// every kind's conflicts and errors added up, and how many requests of
// every kind and outcome were begun in the arrival and after it, and of
// them took over slowRequest.
func (lt *loadTest) summary(e *env) {
	reads, arrivedReads := lt.readLatencies(lt.lat), lt.readLatencies(lt.arrived)
	arrivedWrites := slices.Sorted(slices.Values(lt.arrived["stance write"]))
	conflicts, errs := 0, 0
	for _, n := range lt.conflicts {
		conflicts += n
	}
	for _, n := range lt.errs {
		errs += n
	}
	writes := lt.lat["stance write"]
	var retries int64
	for _, s := range lt.stores {
		if r, ok := s.(interface{ Retries() int64 }); ok {
			retries += r.Retries()
		}
	}
	fmt.Fprintf(e.stdout, "summary writes_per_s=%.1f write_p99_ms=%s read_p99_ms=%s arrived_write_p99_ms=%s arrived_read_p99_ms=%s retries=%d conflicts=%d errors=%d"+
		" slow_in_arrival=%d begun_in_arrival=%d slow_after=%d begun_after=%d\n",
		float64(len(writes))/lt.elapsed.Seconds(), pctMillis(writes, 0.99), pctMillis(reads, 0.99),
		pctMillis(arrivedWrites, 0.99), pctMillis(arrivedReads, 0.99), retries, conflicts, errs,
		lt.slow[0], lt.begun[0], lt.slow[1], lt.begun[1])
}

// readLatencies returns the latencies of both kinds of read in lat,
// sorted.
func (lt *loadTest) readLatencies(lat map[string][]time.Duration) []time.Duration {
	var reads []time.Duration
	for kind, l := range lat {
		if strings.HasSuffix(kind, " read") {
			reads = append(reads, l...)
		}
	}
	slices.Sort(reads)
	return reads
}

// pct returns the q-quantile of the sorted latencies l, for a report.
func pct(l []time.Duration, q float64) string {
	d, ok := quantile(l, q)
	if !ok {
		return "-"
	}
	return d.Round(100 * time.Microsecond).String()
}

// pctMillis is the q-quantile of the sorted latencies l in milliseconds,
// or "-" if there are none.
func pctMillis(l []time.Duration, q float64) string {
	d, ok := quantile(l, q)
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond))
}

// quantile returns the q-quantile of the sorted latencies l, and false if
// there are none.
func quantile(l []time.Duration, q float64) (time.Duration, bool) {
	if len(l) == 0 {
		return 0, false
	}
	return l[min(len(l)-1, int(q*float64(len(l))))], true
}

// createTimeline creates the --timeline file (nil if none is asked for)
// before anything else, so that a path that cannot be written fails at
// once, not after the load has run.
func (lt *loadTest) createTimeline() (*os.File, error) {
	if lt.cfg.timeline == "" {
		return nil, nil
	}
	f, err := os.Create(lt.cfg.timeline)
	if err != nil {
		return nil, fmt.Errorf("creating the timeline: %w", err)
	}
	return f, nil
}

// writeTimeline writes every request the load made to the timeline file
// f (none if nil) and closes it: CSV in the order the requests ended, the
// start and the latency in milliseconds, the start counted from the
// load's start, the kind of request, the instance (from 0) and the
// outcome (ok, conflict or error). It shows when the slow requests came:
// at the delegates' arrival, after a tabling, or spread evenly.
func (lt *loadTest) writeTimeline(f *os.File) error {
	if f == nil {
		return nil
	}
	w := csv.NewWriter(f)
	w.Write([]string{"start_ms", "took_ms", "kind", "instance", "outcome"})
	ms := func(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 1, 64) }
	for _, t := range lt.timeline {
		w.Write([]string{ms(t.start), ms(t.took), t.kind, strconv.Itoa(t.instance), t.outcome.String()})
	}
	w.Flush()
	err := cmp.Or(w.Error(), f.Close())
	if err != nil {
		return fmt.Errorf("writing the timeline: %w", err)
	}
	return nil
}
