package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/sqlstore"
)

// TestWritesRunAgain checks the retries of a write (Backend.write): one
// that keeps losing a race runs 12 times and ends in ECONFLICT, not an
// internal error; one that lost once runs once more and succeeds; an
// error met after the write committed never runs it again; any other
// error is returned at once.
func TestWritesRunAgain(t *testing.T) {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "parley.db"), seal.Key{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	runs := func(failures int, fail error) (int, error) {
		n := 0
		err := db.UpdateShared(ctx, func(parley.Tx) error {
			if n++; n <= failures {
				return fail
			}
			return nil
		})
		return n, err
	}
	before := db.Retries()
	if n, err := runs(100, sqlstore.ErrRaced); n != 12 || parley.ErrorCode(err) != parley.ECONFLICT {
		t.Errorf("a write that always loses: ran %d times, ended in %v; want 12 and a conflict", n, err)
	}
	if got := db.Retries() - before; got != 11 {
		t.Errorf("retries counted: %d, want 11", got)
	}
	if n, err := runs(1, sqlstore.ErrRaced); n != 2 || err != nil {
		t.Errorf("a write that lost once: ran %d times, ended in %v; want 2 and success", n, err)
	}
	if n, err := runs(1, sqlstore.Committed(sqlstore.ErrRaced)); n != 1 || err == nil {
		t.Errorf("a write that failed after its commit: ran %d times, ended in %v; want once, with its error", n, err)
	}
	invalid := parley.Invalid("x", "no")
	if n, err := runs(1, invalid); n != 1 || err != invalid {
		t.Errorf("a write refused: ran %d times, ended in %v; want once, with its error", n, err)
	}
}
