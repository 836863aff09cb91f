package postgres_test

import (
	"context"
	"database/sql"
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
