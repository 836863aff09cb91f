package demo_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/workspace"
)

// TestDemoTranslations: the demo's draft 5 is in English (drafting),
// Russian and Ukrainian, all authentic; every point has a text in both,
// the Ukrainian all current, the Russian stale on two points (NATO and
// the ceasefire), so that a sign-off is refused naming them.
func TestDemoTranslations(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), seal.Key{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ws := workspace.New(db)
	tid, err := demo.Load(ctx, ws)
	if err != nil {
		t.Fatal(err)
	}
	med := workspace.WithAccount(ctx, 1)
	p, err := ws.ParallelText(med, tid, 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Drafting != "en" || len(p.Authentic) != 3 {
		t.Errorf("languages: drafting %s, authentic %v", p.Drafting, p.Authentic)
	}
	n := len(p.Points)
	if c := p.Counts["uk"]; c["current"] != n {
		t.Errorf("Ukrainian: %v, want all %d current", c, n)
	}
	if c := p.Counts["ru"]; c["stale"] != 2 || c["current"] != n-2 || c["missing"] != 0 {
		t.Errorf("Russian: %v, want 2 stale and the rest current", c)
	}
	_, err = ws.ProposeDecision(med, tid, parley.DecisionInput{Kind: parley.SignOff, Draft: 5})
	if parley.ErrorCode(err) != parley.ECONFLICT {
		t.Errorf("a sign-off on draft 5: %v, want conflict", err)
	} else if msg := parley.ErrorMessage(err); !strings.Contains(msg, "Russian (stale: 3, 22)") {
		t.Errorf("the refusal: %s", msg)
	}
}
