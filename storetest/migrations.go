package storetest

import (
	"context"
	"database/sql"
	"io/fs"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/parley-talks/parley/sqlstore"
)

// Opener opens the one database of a test, the same each call, with the
// clock now; it returns the store and a pool of its connections, for
// reading schema_migrations.
type Opener func(now func() time.Time) (Store, *sql.DB, error)

// RunMigrations checks a backend's migrations against embedded, the
// migrations/*.sql files it embeds: two instances opening a new database
// at once both succeed; schema_migrations then records every migration
// once, applied at the time of the clock; and a database opened again
// applies nothing.
func RunMigrations(t *testing.T, embedded fs.FS, open Opener) {
	want, err := fs.Glob(embedded, "migrations/*.sql")
	if err != nil || len(want) == 0 {
		t.Fatalf("the embedded migrations: got %v, %v", want, err)
	}
	first := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	pool := openAtOnce(t, open, 2, func() time.Time { return first })
	applied := appliedMigrations(t, pool)
	if got := slices.Sorted(maps.Keys(applied)); !slices.Equal(got, want) {
		t.Errorf("schema_migrations: got %q, want %q", got, want)
	}
	for name, at := range applied {
		if at != sqlstore.FormatTime(first) {
			t.Errorf("%s applied at %s, want %s (the clock's)", name, at, sqlstore.FormatTime(first))
		}
	}
	s, pool, err := open(func() time.Time { return first.Add(time.Hour) })
	if err != nil {
		t.Fatalf("opening the database again: %v", err)
	}
	defer s.Close()
	if again := appliedMigrations(t, pool); !maps.Equal(again, applied) {
		t.Errorf("schema_migrations after opening again: got %v, want %v (nothing applied)", again, applied)
	}
}

// openAtOnce opens n instances of the new database at the same time and
// fails unless all succeed; it returns the pool of one, open until the
// test ends.
func openAtOnce(tb testing.TB, open Opener, n int, now func() time.Time) *sql.DB {
	tb.Helper()
	type opened struct {
		s    Store
		pool *sql.DB
		err  error
	}
	done := make(chan opened, n)
	for range n {
		go func() {
			s, pool, err := open(now)
			done <- opened{s, pool, err}
		}()
	}
	var pool *sql.DB
	for range n {
		o := <-done
		if o.err != nil {
			tb.Errorf("opening a new database in %d instances at once: %v", n, o.err)
			continue
		}
		tb.Cleanup(func() { o.s.Close() })
		pool = o.pool
	}
	if pool == nil {
		tb.FailNow()
	}
	return pool
}

// appliedMigrations returns schema_migrations: when each migration was
// applied, by name.
func appliedMigrations(tb testing.TB, pool *sql.DB) map[string]string {
	tb.Helper()
	rows, err := pool.QueryContext(context.Background(), `SELECT name, applied_at FROM schema_migrations`)
	if err != nil {
		tb.Fatalf("reading schema_migrations: %v", err)
	}
	defer rows.Close()
	applied := map[string]string{}
	for rows.Next() {
		var name, at string
		if err := rows.Scan(&name, &at); err != nil {
			tb.Fatal(err)
		}
		if _, ok := applied[name]; ok {
			tb.Errorf("schema_migrations records %s twice", name)
		}
		applied[name] = at
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return applied
}
