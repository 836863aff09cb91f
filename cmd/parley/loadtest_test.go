package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parley-talks/parley/postgres/pgtest"
)

// answers is a stand-in for Parley's API that answers in a fixed cycle and
// counts what it answered, by kind of request: the truth a load test's
// counts are checked against.
type answers struct {
	mu   sync.Mutex
	seen map[string]int            // requests, by kind
	by   map[string]map[string]int // by kind, then "ok", "409" or "failed"
}

// ServeHTTP answers a stance write 200, 200, 409, 500 and then cuts the
// connection without an answer, in turn; a draft read 200 four times in
// five and 503 the fifth; a gap map read 200, with a body said to be
// gzip-compressed that is not (the load test must not unpack answers).
func (a *answers) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	kind := "draft read"
	switch {
	case r.Method == "PUT" && strings.HasSuffix(r.URL.Path, "/stance"):
		kind = "stance write"
	case strings.HasSuffix(r.URL.Path, "/gap"):
		kind = "gap map read"
	}
	a.mu.Lock()
	n := a.seen[kind]
	a.seen[kind]++
	status, outcome := http.StatusOK, "ok"
	switch {
	case kind == "stance write" && n%5 == 2:
		status, outcome = http.StatusConflict, "409"
	case kind == "stance write" && n%5 == 3:
		status, outcome = http.StatusInternalServerError, "failed"
	case kind == "stance write" && n%5 == 4:
		status, outcome = 0, "failed"
	case kind == "draft read" && n%5 == 4:
		status, outcome = http.StatusServiceUnavailable, "failed"
	}
	a.by[kind][outcome]++
	a.mu.Unlock()
	if status == 0 {
		// No answer at all: the client sees a broken connection.
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	if kind == "gap map read" {
		// Labelled gzip but not gzip: a client that unpacked it would
		// fail to read it.
		w.Header().Set("Content-Encoding", "gzip")
	}
	w.WriteHeader(status)
	fmt.Fprint(w, "{}")
}

// TestLoadtestCountsWhatTheServerAnswered runs the delegates' load against
// a server whose answers are known, and checks that the report counts
// each kind's successes, conflicts and errors as the server gave them,
// and gives as capacity the successes per second alone; and that the
// timeline lists every request with its outcome, within the load's time.
func TestLoadtestCountsWhatTheServerAnswered(t *testing.T) {
	t.Parallel()
	a := &answers{seen: map[string]int{}, by: map[string]map[string]int{}}
	for _, k := range []string{"stance write", "gap map read", "draft read"} {
		a.by[k] = map[string]int{}
	}
	srv := httptest.NewServer(a)
	defer srv.Close()
	lt := &loadTest{
		cfg: loadConfig{delegates: 4, duration: 500 * time.Millisecond, writeShare: 0.5,
			timeline: filepath.Join(t.TempDir(), "timeline.csv")},
		client: srv.Client(), talks: 1, points: []int64{1, 2, 3}, bases: []string{srv.URL},
		lat: map[string][]time.Duration{}, arrived: map[string][]time.Duration{}, conflicts: map[string]int{}, errs: map[string]int{},
	}
	lt.latest.Store(1)
	for range lt.cfg.delegates {
		lt.delegates = append(lt.delegates, delegate{srv.URL, "token", 0})
	}
	lt.run(context.Background())
	var out bytes.Buffer
	lt.report(&env{stdout: &out})
	report := out.String()

	if a.by["stance write"]["409"] == 0 || a.by["stance write"]["failed"] < 2 || a.by["draft read"]["failed"] == 0 {
		t.Fatalf("the load was too short to meet every answer: %v\n%s", a.by, report)
	}
	for kind, got := range a.by {
		row := regexp.MustCompile(`(?m)^` + kind + ` +(\d+) +(\d+) +\S+ +\S+ +(\d+) +(\d+)$`).FindStringSubmatch(report)
		if row == nil {
			t.Fatalf("no row for %s in the report:\n%s", kind, report)
		}
		perSec := int(math.Round(float64(got["ok"]) / lt.elapsed.Seconds()))
		want := []int{got["ok"], perSec, got["409"], got["failed"]}
		for i, w := range want {
			if n, _ := strconv.Atoi(row[i+1]); n != w {
				t.Errorf("%s, column %d of %q: got %d, want %d (the server answered %v)", kind, i+1, row[0], n, w, got)
			}
		}
	}
	if lt.elapsed < lt.cfg.duration {
		t.Errorf("the load took %s, less than its %s", lt.elapsed, lt.cfg.duration)
	}
	checkTimeline(t, lt, a.by)
	wantSummary := fmt.Sprintf("summary writes_per_s=%.1f ", float64(a.by["stance write"]["ok"])/lt.elapsed.Seconds())
	wantTail := fmt.Sprintf(" conflicts=%d errors=%d ", a.by["stance write"]["409"],
		a.by["stance write"]["failed"]+a.by["draft read"]["failed"])
	if !strings.Contains(report, wantSummary) || !strings.Contains(report, wantTail) {
		t.Errorf("report\n%s\nwant a line %q…%q", report, wantSummary, wantTail)
	}
}

// checkTimeline checks the load's timeline file against what the server
// answered (by kind, then ok, 409 or failed): one line for each request,
// with its outcome, begun and ended within the load's time.
func checkTimeline(t *testing.T, lt *loadTest, answered map[string]map[string]int) {
	t.Helper()
	f, err := os.Create(lt.cfg.timeline)
	if err != nil {
		t.Fatal(err)
	}
	if err := lt.writeTimeline(f); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(lt.cfg.timeline)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil || len(rows) == 0 || strings.Join(rows[0], ",") != "start_ms,took_ms,kind,instance,outcome" {
		t.Fatalf("timeline %q: %v", raw, err)
	}
	got := map[string]map[string]int{}
	end := float64(lt.elapsed) / float64(time.Millisecond)
	for _, r := range rows[1:] {
		start, err1 := strconv.ParseFloat(r[0], 64)
		took, err2 := strconv.ParseFloat(r[1], 64)
		if err1 != nil || err2 != nil || start < 0 || took < 0 || start+took > end+1 || r[3] != "0" {
			t.Errorf("timeline line %v: want a start and a latency within the load's %.0f ms, on instance 0", r, end)
		}
		if got[r[2]] == nil {
			got[r[2]] = map[string]int{}
		}
		got[r[2]][map[string]string{"ok": "ok", "conflict": "409", "error": "failed"}[r[4]]]++
	}
	if !reflect.DeepEqual(got, answered) {
		t.Errorf("the timeline counts %v, the server answered %v", got, answered)
	}
}

// TestLoadtestTwoInstancesOnPostgres runs the load test itself on
// PostgreSQL with two instances: both answer, the writes succeed, nothing
// fails, and the timeline lists the requests; a timeline that cannot be
// written is refused before the load.
func TestLoadtestTwoInstancesOnPostgres(t *testing.T) {
	t.Parallel()
	dsn := pgtest.DSN(t)
	timeline := filepath.Join(t.TempDir(), "timeline.csv")
	out := mustParley(t, "", "loadtest", "--db", dsn, "--instances", "2", "--delegates", "4", "--duration", "2s", "--think", "0", "--write-share", "0.5",
		"--timeline", timeline)
	if !strings.Contains(out, "PostgreSQL, 2 instance(s), 4 delegates") {
		t.Errorf("report\n%s\nwant it to name PostgreSQL with 2 instances", out)
	}
	by := regexp.MustCompile(`successes by instance: \[(\d+) (\d+)\]`).FindStringSubmatch(out)
	if by == nil || by[1] == "0" || by[2] == "0" {
		t.Errorf("report\n%s\nwant successes on both instances", out)
	}
	sum := regexp.MustCompile(`summary writes_per_s=([0-9.]+) .* errors=(\d+)`).FindStringSubmatch(out)
	if sum == nil || sum[1] == "0.0" || sum[2] != "0" {
		t.Errorf("report\n%s\nwant successful writes and no errors", out)
	}
	raw, err := os.ReadFile(timeline)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(lines) < 2 || lines[0] != "start_ms,took_ms,kind,instance,outcome" || !strings.Contains(string(raw), ",stance write,1,ok\n") {
		t.Errorf("timeline %q…: want a header and requests, stance writes to instance 1 among them", lines[:min(3, len(lines))])
	}
	if _, err := runParley(t, "", "loadtest", "--db", dsn, "--duration", "1s", "--timeline", filepath.Join(t.TempDir(), "no", "such", "folder.csv")); err == nil ||
		!strings.Contains(message(err), "creating the timeline") {
		t.Errorf("a timeline that cannot be written: got %v, want it refused before the load", err)
	}
}

// TestLoadtestCeiling runs each ceiling briefly: each commits
// transactions and says how many a second, and PostgreSQL's modes ask
// for a PostgreSQL database.
func TestLoadtestCeiling(t *testing.T) {
	t.Parallel()
	dsn := pgtest.DSN(t)
	for _, mode := range []string{"sqlite", "pgx", "pgx-batch"} {
		out := mustParley(t, "", "loadtest", "ceiling", "--mode", mode, "--db", dsn, "--clients", "4", "--duration", "1s")
		m := regexp.MustCompile(`^ceiling ` + mode + `: (\d+) tx/s \((\d+) transactions in 1s\)\n$`).FindStringSubmatch(out)
		if m == nil || m[1] == "0" || m[1] != m[2] {
			t.Errorf("ceiling %s printed %q, want its transactions a second", mode, out)
		}
	}
	if _, err := runParley(t, "", "loadtest", "ceiling", "--mode", "pgx"); err == nil || !strings.Contains(message(err), "needs --db postgres://") {
		t.Errorf("ceiling pgx without a database: got %v", err)
	}
}

// TestLoadtestLeavesTheArrivalOut: the summary's arrived_ percentiles
// count only the requests begun once the delegates have arrived (one think
// time after the start); the others count everything; the slow counts
// take requests of every outcome over 100 ms, in the arrival and after.
func TestLoadtestLeavesTheArrivalOut(t *testing.T) {
	lt := &loadTest{cfg: loadConfig{think: time.Second}, bases: []string{"a"}, elapsed: time.Second,
		lat: map[string][]time.Duration{}, arrived: map[string][]time.Duration{}, conflicts: map[string]int{}, errs: map[string]int{}}
	lt.started = time.Now().Add(-1500 * time.Millisecond)
	lt.record("stance write", 0, 800*time.Millisecond, succeeded)   // begun 0.7 s in: arriving
	lt.record("stance write", 0, 100*time.Millisecond, succeeded)   // begun 1.4 s in
	lt.record("gap map read", 0, 900*time.Millisecond, succeeded)   // begun 0.6 s in
	lt.record("draft read", 0, 150*time.Millisecond, failedRequest) // begun 1.35 s in
	var out bytes.Buffer
	lt.report(&env{stdout: &out})
	for _, want := range []string{" write_p99_ms=800.0 ", " read_p99_ms=900.0 ", " arrived_write_p99_ms=100.0 ", " arrived_read_p99_ms=- ",
		" slow_in_arrival=2 begun_in_arrival=2 slow_after=1 begun_after=2\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report\n%s\nwant %q in its summary", out.String(), want)
		}
	}
}
