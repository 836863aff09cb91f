// Package metrics exposes Parley's server metrics in the Prometheus text
// format, through github.com/prometheus/client_golang: requests by route
// pattern and status, their latency, the writes of stances and drafts,
// sign-in failures and throttling, open live-update streams, the audit
// log's size and how far its signed checkpoint trails it, the database
// pools' use, and the Go runtime's and the process's own metrics.
//
// Every metric is registered once, in a registry of the Metrics value's
// own (never the global default one), and served by Handler on a listener
// apart from the workspace's. Label values come from fixed sets only —
// route patterns as registered ("GET /api/v1/talks/{talks}"), status
// codes, event kinds, pool names — never from a path, an ID, a username
// or anything a user typed.
//
// The domain and the service know nothing of this package: the HTTP
// server reports to it through its Observer interface, and writes are
// counted by wrapping the workspace's event broker (Broker).
package metrics

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/parley-talks/parley"
)

// namespace prefixes Parley's own metrics.
const namespace = "parley"

// signInRoutes are the route patterns that sign an account in: a 401 from
// them is a failed sign-in, a 429 a throttled one.
var signInRoutes = map[string]bool{
	"POST /api/v1/session": true,
	"POST /signin":         true,
}

// writeKinds are the event kinds counted as writes; any other kind is
// counted as "other", so that the label's values stay a fixed set.
var writeKinds = map[string]bool{"draft": true, "stance": true, "meeting": true, "statement": true, "message": true}

// Metrics holds Parley's metrics and the registry they are registered in.
// Its methods are safe for concurrent use.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	streams  prometheus.Gauge
	writes   *prometheus.CounterVec
	signIns  *prometheus.CounterVec
}

// New returns Parley's metrics, with the Go runtime's and the process's,
// in a registry of their own.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "http_requests_total",
			Help: "HTTP requests served, by route pattern and status code.",
		}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "http_request_duration_seconds",
			Help:    "How long HTTP requests took to serve, by route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
		streams: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: namespace, Name: "live_streams_open",
			Help: "Live-update streams (server-sent events) open now.",
		}),
		writes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "writes_total",
			Help: "Changes written by this instance, by kind (draft, stance, meeting, statement, message).",
		}, []string{"kind"}),
		signIns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "signin_refusals_total",
			Help: "Sign-ins refused, by reason: failed (a wrong name or password) or throttled (too many failures).",
		}, []string{"reason"}),
	}
	for _, reason := range []string{"failed", "throttled"} {
		m.signIns.WithLabelValues(reason)
	}
	for kind := range writeKinds {
		m.writes.WithLabelValues(kind)
	}
	m.reg.MustRegister(m.requests, m.latency, m.streams, m.writes, m.signIns,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus exposition formats.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Served counts a request served by the route pattern that matched it
// ("" for none) with status, which took d.
func (m *Metrics) Served(pattern string, status int, d time.Duration) {
	if pattern == "" {
		pattern = "unmatched"
	}
	m.requests.WithLabelValues(pattern, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(pattern).Observe(d.Seconds())
	if signInRoutes[pattern] {
		switch status {
		case http.StatusUnauthorized:
			m.signIns.WithLabelValues("failed").Inc()
		case http.StatusTooManyRequests:
			m.signIns.WithLabelValues("throttled").Inc()
		}
	}
}

// StreamOpened counts a live-update stream opened.
func (m *Metrics) StreamOpened() { m.streams.Inc() }

// StreamClosed counts a live-update stream closed.
func (m *Metrics) StreamClosed() { m.streams.Dec() }

// WatchPools adds the statistics of each database pool, by name
// (go_sql_… metrics with db_name set to the name).
func (m *Metrics) WatchPools(pools map[string]*sql.DB) {
	for name, db := range pools {
		m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
	}
}

// AuditSizes reads the audit log's number of records and the size of its
// latest signed checkpoint.
type AuditSizes func(ctx context.Context) (records, signed int64, err error)

// WatchAudit adds the audit log's size and how many records its latest
// checkpoint does not cover yet, read by sizes at each scrape.
func (m *Metrics) WatchAudit(sizes AuditSizes) {
	m.reg.MustRegister(&auditCollector{sizes: sizes})
}

// Broker wraps b so that every event published through it counts as a
// write of its kind.
func (m *Metrics) Broker(b parley.Broker) parley.Broker {
	return &countingBroker{Broker: b, writes: m.writes}
}

// countingBroker is a parley.Broker that counts what is published.
type countingBroker struct {
	parley.Broker
	writes *prometheus.CounterVec
}

func (c *countingBroker) Publish(e parley.Event) {
	kind := e.Kind
	if !writeKinds[kind] {
		kind = "other"
	}
	c.writes.WithLabelValues(kind).Inc()
	c.Broker.Publish(e)
}

// auditCollector reads the audit log's sizes when scraped.
type auditCollector struct {
	sizes AuditSizes
}

var (
	auditRecords = prometheus.NewDesc(namespace+"_audit_records", "Records in the tamper-evident audit log.", nil, nil)
	auditLag     = prometheus.NewDesc(namespace+"_audit_unsigned_records", "Audit records the latest signed checkpoint does not cover yet (0 when sequencing keeps up).", nil, nil)
)

// scrapeTimeout bounds how long a scrape waits on the database.
const scrapeTimeout = 5 * time.Second

func (c *auditCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- auditRecords
	ch <- auditLag
}

func (c *auditCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	records, signed, err := c.sizes(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(auditRecords, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(auditRecords, prometheus.GaugeValue, float64(records))
	ch <- prometheus.MustNewConstMetric(auditLag, prometheus.GaugeValue, float64(records-signed))
}
