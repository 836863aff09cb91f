package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/sqlstore"
	"github.com/parley-talks/parley/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) storetest.Store {
		db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "parley.db"), seal.Key{})
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { db.Close() })
		return db
	})
}

func TestMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	storetest.RunMigrations(t, sqlite.Migrations, func(now func() time.Time) (storetest.Store, *sql.DB, error) {
		db, err := sqlite.Open(context.Background(), path, seal.Key{}, sqlstore.WithClock(now))
		if err != nil {
			return nil, nil, err
		}
		return db, db.SQL(), nil
	})
}

func TestSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	storetest.RunSchema(t, func(opts ...sqlstore.Option) (storetest.Schema, *sql.DB, error) {
		db, err := sqlite.Open(context.Background(), path, seal.Key{}, opts...)
		if err != nil {
			return nil, nil, err
		}
		return db, db.Writer(), nil
	})
}

func TestSequencing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	storetest.RunSequencing(t, func(opts ...sqlstore.Option) (storetest.Store, *sql.DB, error) {
		db, err := sqlite.Open(context.Background(), path, seal.Key{}, opts...)
		if err != nil {
			return nil, nil, err
		}
		return db, db.Writer(), nil
	})
}
