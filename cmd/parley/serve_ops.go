package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/parley-talks/parley"
	parleyhttp "github.com/parley-talks/parley/http"
	"github.com/parley-talks/parley/metrics"
	"github.com/parley-talks/parley/workspace"
)

// opsFlags are the flags of `parley serve` for running it in production:
// the configuration file, the metrics listener and the shutdown deadline.
type opsFlags struct {
	config          string
	metricsAddr     string
	metricsRemote   bool
	shutdownTimeout time.Duration
	publicURL       string
	public          *url.URL // publicURL parsed (check)
}

// registerOps adds the production flags to serve's flag set.
func registerOps(fs *flag.FlagSet) *opsFlags {
	o := &opsFlags{}
	fs.StringVar(&o.config, configFlag, "", "read settings from this file (key = value lines, keys as these flags' names); flags and PARLEY_* variables win over it")
	fs.StringVar(&o.metricsAddr, "metrics-addr", "", "serve Prometheus metrics at /metrics on this address (off by default; a loopback address unless --metrics-allow-remote)")
	fs.BoolVar(&o.metricsRemote, "metrics-allow-remote", false, "let --metrics-addr listen on an address other machines can reach")
	fs.DurationVar(&o.shutdownTimeout, "shutdown-timeout", 10*time.Second, "on SIGTERM or SIGINT, how long requests in flight have to finish")
	fs.StringVar(&o.publicURL, "public-url", "", "the URL members reach the server at, https://host[:port]: passkeys are bound to its host name (default: the host each request names)")
	return o
}

// check checks the production flags: the metrics address and the public
// URL, which it parses.
func (o *opsFlags) check() error {
	if o.publicURL != "" {
		u, err := parleyhttp.PublicURL(o.publicURL)
		if err != nil {
			return usageError("--public-url: " + parley.ErrorMessage(err))
		}
		o.public = u
	}
	return o.checkMetricsAddr()
}

// checkMetricsAddr refuses a metrics address other machines could reach
// unless the operator allowed it: the metrics need no sign-in.
func (o *opsFlags) checkMetricsAddr() error {
	if o.metricsAddr == "" || o.metricsRemote {
		return nil
	}
	host, _, err := net.SplitHostPort(o.metricsAddr)
	if err != nil {
		return usageError(fmt.Sprintf("--metrics-addr %q: %v", o.metricsAddr, err))
	}
	if ip := net.ParseIP(host); host == "localhost" || ip != nil && ip.IsLoopback() {
		return nil
	}
	return usageError(fmt.Sprintf("--metrics-addr %q is not a loopback address: anyone who reaches it reads the metrics without signing in; use 127.0.0.1 or ::1, or add --metrics-allow-remote", o.metricsAddr))
}

// serveMetrics, when --metrics-addr is set, counts what srv serves and ws
// writes, watches db, and serves the metrics on their own listener, whose
// address it prints on w, until stop is called.
func (o *opsFlags) serveMetrics(w io.Writer, db store, ws *workspace.Service, srv *parleyhttp.Server, log *slog.Logger) (stop func(), err error) {
	if o.metricsAddr == "" {
		return func() {}, nil
	}
	if err := o.checkMetricsAddr(); err != nil {
		return nil, err
	}
	m := metrics.New()
	srv.Observe(m)
	ws.Events = m.Broker(ws.Events)
	if p, ok := db.(interface{ Pools() map[string]*sql.DB }); ok {
		m.WatchPools(p.Pools())
	}
	m.WatchAudit(auditSizes(db))
	ln, err := net.Listen("tcp", o.metricsAddr)
	if err != nil {
		return nil, fmt.Errorf("listening for metrics: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			log.Error("serving metrics", "err", err)
		}
	}()
	fmt.Fprintf(w, "Prometheus metrics at http://%s/metrics\n", ln.Addr())
	return func() { hs.Close(); <-done }, nil
}

// auditSizes reads the audit log's size and its latest checkpoint's.
func auditSizes(db parley.Store) metrics.AuditSizes {
	return func(ctx context.Context) (records, signed int64, err error) {
		err = db.View(ctx, func(tx parley.Tx) error {
			if records, err = tx.AuditStorage().Size(ctx); err != nil {
				return err
			}
			cp, err := tx.LatestCheckpoint(ctx)
			if parley.ErrorCode(err) == parley.ENOTFOUND {
				signed = 0
				return nil
			} else if err != nil {
				return err
			}
			signed = cp.Size
			return nil
		})
		return records, signed, err
	}
}
