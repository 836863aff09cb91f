package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/workspace"
)

// TestCloseFoldsTheLog loads the demo, whose many first-seen queries set
// the statement cache preparing in the background, and closes at once:
// when Close returns no connection may be left open, so the write-ahead
// log is folded into the database file and the file alone (what a copy
// or a backup of it takes) holds every write. A prepare still under way
// at Close once kept a connection, and with it the log, open.
func TestCloseFoldsTheLog(t *testing.T) {
	for i := range 3 {
		path := filepath.Join(t.TempDir(), "parley.db")
		db, err := sqlite.Open(context.Background(), path, seal.Key{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Load(context.Background(), workspace.New(db)); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatalf("round %d: Close: %v", i, err)
		}
		if fi, err := os.Stat(path + "-wal"); err == nil {
			t.Fatalf("round %d: after Close a write-ahead log of %d bytes is left beside the database", i, fi.Size())
		}
	}
}
