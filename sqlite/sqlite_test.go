package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/parley-talks/parley/auditlog"
	"github.com/parley-talks/parley/auditlog/auditlogtest"
	"github.com/parley-talks/parley/seal"
)

// TestAuditStorage runs the audit log's storage suite on SQLite, each case
// in a transaction of its own.
func TestAuditStorage(t *testing.T) {
	auditlogtest.Run(t, func(tb testing.TB) auditlog.Storage {
		db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "audit.db"), seal.Key{})
		if err != nil {
			tb.Fatal(err)
		}
		s, done, err := db.AuditStorageForTest(context.Background())
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { done(); db.Close() })
		return s
	})
}
