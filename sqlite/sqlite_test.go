package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/parley-talks/parley/auditlog"
	"github.com/parley-talks/parley/auditlog/auditlogtest"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlstore"
)

// TestAuditStorage runs the audit log's storage suite on SQLite, each case
// in a transaction of its own.
func TestAuditStorage(t *testing.T) {
	auditlogtest.Run(t, func(tb testing.TB) auditlog.Storage {
		db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "audit.db"), seal.Key{})
		if err != nil {
			tb.Fatal(err)
		}
		tx, err := db.writer.BeginTx(context.Background(), nil)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { tx.Rollback(); db.Close() })
		return sqlstore.NewTx(tx, dialect, db.keys, nil).AuditStorage()
	})
}
