package metrics_test

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/inproc"
	"github.com/parley-talks/parley/metrics"
)

// exposition returns what m's handler serves.
func exposition(tb testing.TB, m *metrics.Metrics) string {
	tb.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	raw, _ := io.ReadAll(rec.Body)
	return string(raw)
}

// TestMetrics feeds two Metrics values what a server would tell them and
// checks each exposes its own counts only: registries are not shared.
func TestMetrics(t *testing.T) {
	m, other := metrics.New(), metrics.New()
	m.Served("POST /api/v1/session", 401, time.Millisecond)
	m.Served("POST /signin", 429, time.Millisecond)
	m.Served("", 404, time.Millisecond)
	m.StreamOpened()
	m.StreamOpened()
	m.StreamClosed()
	b := m.Broker(&inproc.Broker{})
	b.Publish(parley.Event{Talks: 1, Kind: "stance"})
	b.Publish(parley.Event{Talks: 1, Kind: "something new"})
	got := exposition(t, m)
	for _, want := range []string{
		`parley_http_requests_total{code="401",route="POST /api/v1/session"} 1`,
		`parley_http_requests_total{code="404",route="unmatched"} 1`,
		`parley_signin_refusals_total{reason="failed"} 1`,
		`parley_signin_refusals_total{reason="throttled"} 1`,
		`parley_live_streams_open 1`,
		`parley_writes_total{kind="stance"} 1`,
		`parley_writes_total{kind="other"} 1`,
		`parley_writes_total{kind="draft"} 0`,
		`go_goroutines `,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the metrics lack %q:\n%s", want, got)
		}
	}
	if o := exposition(t, other); !strings.Contains(o, `parley_live_streams_open 0`) || strings.Contains(o, `route="POST /signin"`) {
		t.Errorf("a second Metrics value shows the first one's counts:\n%s", o)
	}
}
