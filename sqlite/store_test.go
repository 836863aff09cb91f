package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
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
