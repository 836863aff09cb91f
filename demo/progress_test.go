package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/workspace"
)

// loadDemo loads the demo into a fresh database and returns the service,
// the talks and a way to act as a demo account.
func loadDemo(tb testing.TB) (*workspace.Service, int64, func(string) context.Context) {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "demo.db"), seal.Key{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	ws := workspace.New(db)
	tid, err := demo.Load(ctx, ws)
	if err != nil {
		tb.Fatal(err)
	}
	return ws, tid, func(user string) context.Context {
		_, a, err := ws.SignIn(ctx, user, demo.Password, "")
		if err != nil {
			tb.Fatalf("sign in as %s: %v", user, err)
		}
		return workspace.WithAccount(ctx, a.ID)
	}
}

// TestDemoShowsMarkingProgress checks that the mediator sees, on the
// demo's last draft, Ukraine finished and Russia with every point marked
// but not declared finished.
func TestDemoShowsMarkingProgress(t *testing.T) {
	ws, tid, as := loadDemo(t)
	m, err := ws.GapMap(as("mediator"), tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range m.Counts {
		want := c.Name == "Ukraine"
		if !c.Known || c.Finished != want || c.Marked != len(m.Rows) || c.Unmarked != 0 {
			t.Errorf("%s's marking of draft 5 as the mediator sees it: got %+v, want known, finished %v, all %d marked", c.Name, c, want, len(m.Rows))
		}
	}
}
