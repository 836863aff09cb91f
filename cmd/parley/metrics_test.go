package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/workspace"
)

// metricsPattern finds the address `parley serve --metrics-addr` prints.
var metricsPattern = regexp.MustCompile(`metrics at (http://[0-9.:]+/metrics)`)

// sample is one line of the Prometheus text format: a metric's name and
// labels, and its value.
type sample struct {
	name   string
	labels map[string]string
	value  float64
}

var (
	sampleLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)`)
	labelPair  = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"`)
)

// scrape reads the metrics at url.
func scrape(tb testing.TB, url string) []sample {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		tb.Fatalf("GET %s: got %d, want 200: %s", url, resp.StatusCode, raw)
	}
	var out []sample
	for _, line := range strings.Split(string(raw), "\n") {
		m := sampleLine.FindStringSubmatch(line)
		if m == nil || strings.HasPrefix(line, "#") {
			continue
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			tb.Fatalf("metrics line %q: %v", line, err)
		}
		s := sample{name: m[1], labels: map[string]string{}, value: v}
		for _, l := range labelPair.FindAllStringSubmatch(m[2], -1) {
			s.labels[l[1]] = l[2]
		}
		out = append(out, s)
	}
	return out
}

// value is the value of the sample named name with every label of want
// (0 if there is none).
func value(samples []sample, name string, want map[string]string) float64 {
	for _, s := range samples {
		if s.name != name {
			continue
		}
		ok := true
		for k, v := range want {
			ok = ok && s.labels[k] == v
		}
		if ok {
			return s.value
		}
	}
	return 0
}

// demoConfidential returns the confidential text of the demo's latest
// draft that its members can read: every rationale and proposed wording
// of its stances.
func demoConfidential(t *testing.T, base string) []string {
	t.Helper()
	var texts []string
	for _, user := range []string{"mediator", "russia", "ukraine", "us-principal"} {
		var stances []map[string]any
		raw := signInAPI(t, base, user, demo.Password).call("GET", "/api/v1/talks/1/drafts/5/stances", nil, 200)
		if err := json.Unmarshal(raw, &stances); err != nil {
			t.Fatalf("stances as %s: %v: %s", user, err, raw)
		}
		for _, st := range stances {
			for _, k := range []string{"rationale", "proposed_wording"} {
				if s, _ := st[k].(string); len(s) > 3 {
					texts = append(texts, s)
				}
			}
		}
	}
	if len(texts) == 0 {
		t.Fatal("found no rationale in the demo to look for in the metrics")
	}
	return texts
}

// TestMetricsDemo serves the demo with --metrics-addr, uses it (a failed
// sign-in, a stance, a tabled draft), and scrapes the metrics listener:
// the parley_ metrics moved, the database pools and the Go runtime are
// there, and no label value holds a talks ID, a username or any of the
// demo's confidential text.
func TestMetricsDemo(t *testing.T) {
	t.Parallel()
	s := startServe(t, "--demo", "--db", demoDB(t, t.TempDir()), "--metrics-addr", "127.0.0.1:0")
	m := metricsPattern.FindStringSubmatch(s.printed.String())
	if m == nil {
		t.Fatalf("serve --metrics-addr printed no metrics address:\n%s", s.printed)
	}
	before := scrape(t, m[1])

	const secret = "METRICS-RATIONALE-7731"
	signIn := &api{t: t, base: s.base}
	signIn.call("POST", "/api/v1/session", map[string]string{"username": "russia", "password": "wrong"}, 401)
	// Wrong passwords on the sign-in page until it throttles: the first
	// ones count as failed, the throttled one as throttled alone.
	for i := range workspace.MaxFailuresPerAccount + 1 {
		want := http.StatusUnauthorized
		if i == workspace.MaxFailuresPerAccount {
			want = http.StatusTooManyRequests
		}
		if got := postSignInPage(t, s.base, "intruder", "wrong"); got != want {
			t.Fatalf("page sign-in %d with a wrong password: got %d, want %d", i+1, got, want)
		}
	}
	ru := signInAPI(t, s.base, "russia-envoy", demo.Password)
	point := markablePoints(t, s.base, ru.token)[0]
	ru.call("PUT", fmt.Sprintf("/api/v1/talks/1/drafts/5/points/%d/stance", point), map[string]any{"stance": "needs_discussion", "rationale": secret}, 200)
	med := signInAPI(t, s.base, "mediator", demo.Password)
	med.call("POST", "/api/v1/talks/1/drafts", map[string]any{"points": []any{map[string]string{"title": "Metrics", "text": "Counted, not read."}}}, 201)
	after := scrape(t, m[1])

	stanceRoute := "PUT /api/v1/talks/{talks}/drafts/{n}/points/{point}/stance"
	for _, c := range []struct {
		name   string
		labels map[string]string
		rise   float64
	}{
		{"parley_writes_total", map[string]string{"kind": "stance"}, 1},
		{"parley_writes_total", map[string]string{"kind": "draft"}, 1},
		{"parley_signin_refusals_total", map[string]string{"reason": "failed"}, 1 + workspace.MaxFailuresPerAccount},
		{"parley_signin_refusals_total", map[string]string{"reason": "throttled"}, 1},
		{"parley_http_requests_total", map[string]string{"route": "POST /signin", "code": "429"}, 1},
		{"parley_http_requests_total", map[string]string{"route": stanceRoute, "code": "200"}, 1},
		{"parley_http_requests_total", map[string]string{"route": "POST /api/v1/session", "code": "201"}, 2},
		{"parley_http_request_duration_seconds_count", map[string]string{"route": stanceRoute}, 1},
		{"parley_audit_records", nil, 2},
	} {
		b, a := value(before, c.name, c.labels), value(after, c.name, c.labels)
		if a-b < c.rise {
			t.Errorf("%s%v: got %v then %v, want a rise of at least %v", c.name, c.labels, b, a, c.rise)
		}
	}
	// A throttled sign-in is not counted as a failed one as well.
	failed := map[string]string{"reason": "failed"}
	if rise := value(after, "parley_signin_refusals_total", failed) - value(before, "parley_signin_refusals_total", failed); rise != 1+workspace.MaxFailuresPerAccount {
		t.Errorf("failed sign-ins rose by %v, want %d (the throttled one not among them)", rise, 1+workspace.MaxFailuresPerAccount)
	}
	for _, name := range []string{"parley_audit_unsigned_records", "parley_live_streams_open", "go_goroutines", "go_sql_open_connections", "process_cpu_seconds_total"} {
		if !hasMetric(after, name) {
			t.Errorf("the metrics have no %s", name)
		}
	}
	checkLabelHygiene(t, after, append(demoConfidential(t, s.base), secret, demo.Title, demo.Password))
}

// postSignInPage posts the sign-in page's form as a browser would, and
// returns the status.
func postSignInPage(t *testing.T, base, username, password string) int {
	t.Helper()
	form := url.Values{"username": {username}, "password": {password}}
	req, _ := http.NewRequest("POST", base+"/signin", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func hasMetric(samples []sample, name string) bool {
	for _, s := range samples {
		if s.name == name {
			return true
		}
	}
	return false
}

// numericSegment finds a path segment that is a number, as an ID is.
var numericSegment = regexp.MustCompile(`/[0-9]+(/|$)`)

// checkLabelHygiene fails the test for every label value that holds a
// number where a path holds an ID, a demo username, or one of texts.
func checkLabelHygiene(t *testing.T, samples []sample, texts []string) {
	t.Helper()
	var forbidden []string
	for _, a := range demo.Accounts {
		forbidden = append(forbidden, a.Username)
	}
	forbidden = append(forbidden, texts...)
	values := map[string]bool{}
	for _, s := range samples {
		for _, v := range s.labels {
			values[v] = true
		}
	}
	for v := range values {
		if numericSegment.MatchString(v) {
			t.Errorf("the label value %q holds an ID", v)
		}
		for _, f := range forbidden {
			if strings.Contains(strings.ToLower(v), strings.ToLower(f)) {
				t.Errorf("the label value %q holds %q", v, f)
			}
		}
	}
	t.Logf("%d label values checked against %d usernames and texts", len(values), len(forbidden))
}

// TestMetricsAddr refuses a metrics address other machines can reach
// unless --metrics-allow-remote says so.
func TestMetricsAddr(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		addr   string
		remote bool
		ok     bool
	}{
		{"127.0.0.1:9090", false, true},
		{"[::1]:9090", false, true},
		{"localhost:9090", false, true},
		{"", false, true},
		{":9090", false, false},
		{"0.0.0.0:9090", false, false},
		{"192.0.2.7:9090", false, false},
		{"0.0.0.0:9090", true, true},
		{"nonsense", false, false},
	} {
		o := &opsFlags{metricsAddr: tc.addr, metricsRemote: tc.remote}
		if err := o.checkMetricsAddr(); (err == nil) != tc.ok {
			t.Errorf("--metrics-addr %q (remote allowed: %v): got %v, want ok %v", tc.addr, tc.remote, err, tc.ok)
		}
	}
	db := filepath.Join(t.TempDir(), "x.db")
	if _, err := runParley(t, "", "serve", "--db", db, "--metrics-addr", "0.0.0.0:0"); err == nil || !strings.Contains(message(err), "--metrics-allow-remote") {
		t.Errorf("serve --metrics-addr 0.0.0.0:0: got %v, want a refusal naming --metrics-allow-remote", err)
	}
}
