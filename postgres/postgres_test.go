package postgres_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley/auditlog"
	"github.com/parley-talks/parley/auditlog/auditlogtest"
	"github.com/parley-talks/parley/postgres"
	"github.com/parley-talks/parley/postgres/pgtest"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlstore"
	"github.com/parley-talks/parley/storetest"
)

func open(tb testing.TB) *postgres.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), pgtest.DSN(tb), seal.Key{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(tb testing.TB) storetest.Store { return open(tb) })
}

func TestAuditStorage(t *testing.T) {
	t.Parallel()
	auditlogtest.Run(t, func(tb testing.TB) auditlog.Storage {
		db := open(tb)
		s, done, err := db.AuditStorageForTest(context.Background())
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(done)
		return s
	})
}

func TestMigrations(t *testing.T) {
	t.Parallel()
	dsn := pgtest.DSN(t)
	storetest.RunMigrations(t, postgres.Migrations, func(now func() time.Time) (storetest.Store, *sql.DB, error) {
		db, err := postgres.Open(context.Background(), dsn, seal.Key{}, sqlstore.WithClock(now))
		if err != nil {
			return nil, nil, err
		}
		return db, db.SQL(), nil
	})
}

func TestSchema(t *testing.T) {
	t.Parallel()
	dsn := pgtest.DSN(t)
	storetest.RunSchema(t, func(opts ...sqlstore.Option) (storetest.Schema, *sql.DB, error) {
		db, err := postgres.Open(context.Background(), dsn, seal.Key{}, opts...)
		if err != nil {
			return nil, nil, err
		}
		return db, db.SQL(), nil
	})
}

func TestSequencing(t *testing.T) {
	t.Parallel()
	dsn := pgtest.DSN(t)
	storetest.RunSequencing(t, func(opts ...sqlstore.Option) (storetest.Store, *sql.DB, error) {
		db, err := postgres.Open(context.Background(), dsn, seal.Key{}, opts...)
		if err != nil {
			return nil, nil, err
		}
		return db, db.SQL(), nil
	})
}

// TestGenericPlans: Parley's connections plan each prepared statement
// once, generically, unless the DSN sets plan_cache_mode itself, as a
// parameter or in its options.
func TestGenericPlans(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	for _, c := range []struct{ dsn, want string }{
		{dsn, "force_generic_plan"},
		{dsn + sep + "plan_cache_mode=auto", "auto"},
		{dsn + sep + "options=-c%20plan_cache_mode%3Dforce_custom_plan", "force_custom_plan"},
	} {
		db, err := postgres.Open(ctx, c.dsn, seal.Key{})
		if err != nil {
			t.Fatal(err)
		}
		var got string
		err = db.SQL().QueryRowContext(ctx, "SHOW plan_cache_mode").Scan(&got)
		db.Close()
		if err != nil || got != c.want {
			t.Errorf("%s: plan_cache_mode %q (%v), want %q", c.dsn, got, err, c.want)
		}
	}
}
