package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/parley-talks/parley/demo"
	parleyhttp "github.com/parley-talks/parley/http"
	"github.com/parley-talks/parley/postgres"
	"github.com/parley-talks/parley/workspace"
)

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := flags(e, "serve")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dbPath := fs.String("db", "", "database file (default parley.db; with --demo, a fresh temporary database)")
	withDemo := fs.Bool("demo", false, "serve the built-in demo scenario; its accounts' password is \"demo\"")
	tlsCert := fs.String("tls-cert", "", "serve HTTPS with this certificate file (PEM), with --tls-key")
	tlsKey := fs.String("tls-key", "", "the certificate's private key file (PEM)")
	keyFile := fs.String("key-file", "", "master key file (default: the database file's name + .key, created on first start; or set "+masterKeyEnv+")")
	// Production: --config, --metrics-addr, --shutdown-timeout; every
	// flag also from PARLEY_* variables and the configuration file.
	ops := registerOps(fs)
	if err := parseConfigured(fs, args, os.LookupEnv); err != nil {
		return err
	}
	if err := ops.check(); err != nil {
		return err
	}
	tlsConfig, err := loadTLS(*tlsCert, *tlsKey)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	db, path, closeDB, err := openServed(ctx, e, log, *dbPath, *keyFile, *withDemo)
	if err != nil {
		return err
	}
	defer closeDB()
	ws := servedWorkspace(ctx, db, log)
	defer flushEvents(ws) // before the database closes
	load, err := startUp(ctx, ws, log, path, *withDemo)
	if err != nil {
		return err
	}
	// The demo loads once the server listens, and the server answers
	// meanwhile: what needs no data (the sign-in page) at once, the rest
	// once the demo is in.
	ctx, stopServing := context.WithCancelCause(ctx)
	defer stopServing(nil)
	var gate *loadingStore
	if load != nil {
		gate = loadingInto(ws)
	}

	handler := parleyhttp.NewServer(ws, log)
	handler.SetPublicURL(ops.public)
	srv := &server{Handler: handler, Log: log, Timeout: ops.shutdownTimeout, OnShutdown: handler.CloseStreams}
	// Metrics, on a listener of their own, when --metrics-addr is set.
	stopMetrics, err := ops.serveMetrics(e.stdout, db, ws, handler, log)
	if err != nil {
		return err
	}
	defer stopMetrics()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	scheme := "http"
	if tlsConfig != nil {
		ln, scheme = tls.NewListener(ln, tlsConfig), "https"
	}
	fmt.Fprintf(e.stdout, "Parley is serving %s on %s://%s/\n", redact(path), scheme, ln.Addr())
	if err := printFirstSteps(ctx, e.stdout, ws, *withDemo, scheme+"://"+ln.Addr().String()); err != nil {
		ln.Close()
		return err
	}
	if gate != nil {
		gate.start(ctx, load, log, stopServing)
		defer gate.wait(context.Background())
	}
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	// A demo that failed to load stopped the server.
	if cause := context.Cause(ctx); !errors.Is(cause, context.Canceled) {
		return cause
	}
	return nil
}

// openServed opens and migrates the database serve serves: --db, or with
// --demo and no --db a fresh one in a temporary folder, which closeDB
// removes after closing the database. It returns the database's path.
func openServed(ctx context.Context, e *env, log *slog.Logger, dbPath, keyFile string, withDemo bool) (db store, path string, closeDB func(), err error) {
	path, removeDir := dbPath, func() {}
	if path == "" && withDemo {
		dir, err := os.MkdirTemp("", "parley-demo-")
		if err != nil {
			return nil, "", nil, err
		}
		path, removeDir = filepath.Join(dir, "demo.db"), func() { os.RemoveAll(dir) }
	} else if path == "" {
		path = "parley.db"
	}
	if db, err = openUnmigrated(ctx, path, keyFile, true, e.stdout); err != nil {
		removeDir()
		return nil, "", nil, err
	}
	closeDB = func() { db.Close(); removeDir() }
	// Pending migrations are applied now; on a database with data, the
	// log says first to back up (and how).
	if err := migrating(ctx, db, path, keyFile, func(advice string) { log.Warn(advice) }); err != nil {
		closeDB()
		return nil, "", nil, err
	}
	return db, path, closeDB, nil
}

// servedWorkspace is the workspace on db; on PostgreSQL, which several
// instances may share, live updates travel through the database, and the
// connection pools open their connections in the background.
func servedWorkspace(ctx context.Context, db store, log *slog.Logger) *workspace.Service {
	ws := workspace.New(db)
	if pg, ok := db.(*postgres.DB); ok {
		events := postgres.NewBroker(pg, log)
		go events.Listen(ctx)
		ws.Events = events
		go func() {
			if err := pg.WarmUp(ctx); err != nil {
				log.Warn("warming the connection pools up", "err", err)
			}
		}()
	}
	return ws
}

// flushEvents sends what live updates are left to the other instances,
// waiting at most 5 s: PostgreSQL's broker sends them in the background.
func flushEvents(ws *workspace.Service) {
	if events, ok := ws.Events.(*postgres.Broker); ok {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		events.Flush(ctx)
	}
}

// startUp does, after the migrations, the work on the data that they
// cannot do: the stances' proposed wordings become amendments (once,
// audited: see workspace.Service.ConvertStanceWordings). Then it checks
// the demo (checkDemo), and returns what loads it when it is to be
// loaded, else nil.
func startUp(ctx context.Context, ws *workspace.Service, log *slog.Logger, path string, withDemo bool) (load func(context.Context) error, err error) {
	n, err := ws.ConvertStanceWordings(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		log.Info("converted the proposed wordings of stances into amendments", "amendments", n)
	}
	return checkDemo(ctx, ws, path, withDemo)
}

// checkDemo returns, when serving with --demo a database that does not
// hold the demo yet, what loads the demo into it; and refuses to serve a
// database holding the demo, whose accounts share a known password,
// without --demo.
func checkDemo(ctx context.Context, ws *workspace.Service, path string, withDemo bool) (load func(context.Context) error, err error) {
	isDemo, err := demo.IsDemo(ctx, ws.Store)
	if err != nil {
		return nil, err
	}
	switch {
	case withDemo && !isDemo:
		// A workspace of its own: the serving one's caches start empty.
		loader := workspace.New(ws.Store)
		return func(ctx context.Context) error {
			if _, err := demo.Load(ctx, loader); err != nil {
				return fmt.Errorf("loading the demo into %s: %w", redact(path), err)
			}
			return nil
		}, nil
	case !withDemo && isDemo:
		return nil, usageError(fmt.Sprintf("%s holds the demo, whose accounts share a known password; serve it with --demo", redact(path)))
	}
	return nil, nil
}

// loadTLS loads the certificate and key of --tls-cert and --tls-key, if
// given; both or neither must be.
func loadTLS(certFile, keyFile string) (*tls.Config, error) {
	if (certFile == "") != (keyFile == "") {
		return nil, usageError("--tls-cert and --tls-key go together")
	}
	if certFile == "" {
		return nil, nil
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, usageError(fmt.Sprintf("loading the TLS certificate: %v", err))
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

// server runs an HTTP handler on a listener until its context ends, then
// shuts down gracefully.
type server struct {
	Handler http.Handler
	Log     *slog.Logger
	// Timeout is how long requests in flight have to finish once ctx
	// ends; 10 seconds if zero.
	Timeout time.Duration
	// OnShutdown, if not nil, is called when shutting down begins: it
	// ends the live-update streams, which would otherwise hold their
	// connections open until the deadline.
	OnShutdown func()
}

// Serve serves on ln until ctx is done.
func (s *server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn),
	}
	if s.OnShutdown != nil {
		hs.RegisterOnShutdown(s.OnShutdown)
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	// Shutdown stops accepting at once, then waits for the requests in
	// flight until the deadline; the caller closes the database after.
	s.Log.Info("shutting down", "deadline", timeout)
	shutdown, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
