package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/workspace"
)

// TestNoCachesOnSQLite: the session cache and the write cache are
// PostgreSQL's alone. On SQLite, a session and a member deleted behind the
// store's back, right after the store read them, are gone for its next
// read and its next write.
func TestNoCachesOnSQLite(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"), seal.Key{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ws := workspace.New(db)
	tid, err := demo.Load(ctx, ws)
	if err != nil {
		t.Fatal(err)
	}
	token, acc, err := ws.SignIn(ctx, "russia-aide", demo.Password, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Authenticate(ctx, token); err != nil {
		t.Fatal(err)
	}
	var memberID int64
	for range 2 {
		err = db.Update(ctx, func(tx parley.Tx) error {
			m, err := tx.MemberOf(ctx, tid, acc.ID)
			if err == nil {
				memberID = m.ID
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Writer().ExecContext(ctx, `DELETE FROM sessions WHERE account_id = ?`, acc.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Writer().ExecContext(ctx, `DELETE FROM members WHERE id = ?`, memberID); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Authenticate(ctx, token); err == nil {
		t.Error("a session deleted behind the store's back still authenticates on SQLite")
	}
	err = db.Update(ctx, func(tx parley.Tx) error {
		_, err := tx.MemberOf(ctx, tid, acc.ID)
		return err
	})
	if parley.ErrorCode(err) != parley.ENOTFOUND {
		t.Errorf("a member deleted behind the store's back, next write: got %v, want not found", err)
	}
}
