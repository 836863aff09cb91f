package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/storetest"
)

// BenchmarkAuditedWrite: see storetest.BenchAuditedWrite.
func BenchmarkAuditedWrite(b *testing.B) {
	db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "parley.db"), seal.Key{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	storetest.BenchAuditedWrite(b, db)
}
