package http_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	parleyhttp "github.com/parley-talks/parley/http"
	"github.com/parley-talks/parley/postgres"
	"github.com/parley-talks/parley/postgres/pgtest"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/workspace"
)

// healthStore is a backend as the health checks see it, with what the
// test does to it behind their back.
type healthStore interface {
	parley.Store
	Close() error
}

// TestHealth checks /healthz and /readyz on both backends: both answer 200
// on a migrated database, many times over from loopback (no rate limit),
// with a body that says only the status; /readyz answers 503 once a newer
// binary has migrated the database, and once the database is closed,
// while /healthz still answers 200.
func TestHealth(t *testing.T) {
	for _, tc := range []struct {
		name string
		open func(tb testing.TB) (healthStore, *sql.DB, string)
	}{
		{"sqlite", func(tb testing.TB) (healthStore, *sql.DB, string) {
			path := filepath.Join(tb.TempDir(), "parley.db")
			db, err := sqlite.Open(context.Background(), path, seal.Key{})
			if err != nil {
				tb.Fatal(err)
			}
			raw, err := sql.Open("sqlite", path)
			if err != nil {
				tb.Fatal(err)
			}
			tb.Cleanup(func() { raw.Close() })
			return db, raw, path
		}},
		{"postgres", func(tb testing.TB) (healthStore, *sql.DB, string) {
			dsn := pgtest.DSN(tb)
			db, err := postgres.Open(context.Background(), dsn, seal.Key{})
			if err != nil {
				tb.Fatal(err)
			}
			return db, db.SQL(), dsn
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db, raw, where := tc.open(t)
			srv := httptest.NewServer(parleyhttp.NewServer(workspace.New(db), nil))
			t.Cleanup(func() { srv.Close(); db.Close() })
			for range 50 {
				checkHealth(t, srv.URL, "/healthz", 200, "ok", where)
				checkHealth(t, srv.URL, "/readyz", 200, "ready", where)
			}
			if _, err := raw.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES ('migrations/9999_future.sql', '2099-01-01T00:00:00Z')`); err != nil {
				t.Fatal(err)
			}
			checkHealth(t, srv.URL, "/readyz", 503, "unavailable", where)
			if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE name = 'migrations/9999_future.sql'`); err != nil {
				t.Fatal(err)
			}
			checkHealth(t, srv.URL, "/readyz", 200, "ready", where)
			db.Close()
			checkHealth(t, srv.URL, "/readyz", 503, "unavailable", where)
			checkHealth(t, srv.URL, "/healthz", 200, "ok", where)
		})
	}
}

// checkHealth gets path and fails unless it answers status with a JSON
// body holding only that status, and nothing that names where the
// database is.
func checkHealth(tb testing.TB, base, path string, status int, want, where string) {
	tb.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		tb.Fatalf("GET %s: body %q is not JSON: %v", path, raw, err)
	}
	if resp.StatusCode != status || body["status"] != want || len(body) != 1 {
		tb.Errorf("GET %s: got %d %s, want %d with only {\"status\":%q}", path, resp.StatusCode, raw, status, want)
	}
	if strings.Contains(string(raw), where) || strings.Contains(string(raw), "parley_test_") {
		tb.Errorf("GET %s: body %s names the database", path, raw)
	}
}
