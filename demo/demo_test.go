package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/gap"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/workspace"
)

func TestDemoScenario(t *testing.T) {
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
	signIn := func(user string) context.Context {
		_, a, err := ws.SignIn(ctx, user, demo.Password, "")
		if err != nil {
			t.Fatalf("sign in as %s: %v", user, err)
		}
		return workspace.WithAccount(ctx, a.ID)
	}
	med := signIn("mediator")

	drafts, err := ws.ListDrafts(med, tid)
	if err != nil || len(drafts) != 5 {
		t.Fatalf("got %d drafts (%v), want 5", len(drafts), err)
	}
	c, err := ws.Convergence(med, tid)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range c.Drafts {
		t.Logf("draft %d: %d of %d acceptable to all, %d unsuitable, %d unmarked; main: %s",
			s.Draft, s.AcceptableToAll, s.Points, s.UnsuitableToAny, s.Unmarked, s.Main.Label)
		if s.Main == nil || s.Main.Title != "Territory" {
			t.Errorf("draft %d: main point of contention is %+v, want Territory", s.Draft, s.Main)
		}
		if i > 0 && s.ShareAcceptable <= c.Drafts[i-1].ShareAcceptable {
			t.Errorf("draft %d: %.2f acceptable to all, not above draft %d's %.2f", s.Draft, s.ShareAcceptable, i, c.Drafts[i-1].ShareAcceptable)
		}
		if s.Points < 18 || s.Points > 24 {
			t.Errorf("draft %d has %d points, want about 20", s.Draft, s.Points)
		}
	}
	last := c.Drafts[len(c.Drafts)-1]
	if last.AcceptableToAll == last.Points {
		t.Errorf("the last draft is acceptable in full; the talks should not have reached agreement")
	}
	t.Logf("verdict: %s", c.Verdict)

	// Visibility: Russia sees none of Ukraine's stances and the other way round.
	ru, ua := signIn("russia"), signIn("ukraine")
	view, _ := ws.GetTalks(med, tid)
	party := map[string]int64{}
	for _, p := range view.Parties {
		party[p.Name] = p.ID
	}
	for n := 1; n <= 5; n++ {
		for _, tc := range []struct {
			ctx         context.Context
			who, hidden string
		}{{ru, "russia", "Ukraine"}, {ua, "ukraine", "Russia"}} {
			ss, err := ws.ListStances(tc.ctx, tid, n)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range ss {
				if s.PartyID == party[tc.hidden] {
					t.Errorf("%s sees %s's stance on point %d of draft %d", tc.who, tc.hidden, s.PointID, n)
				}
			}
		}
	}
	// The mediator misses exactly the stances the parties kept private.
	ss, _ := ws.ListStances(med, tid, 5)
	all, _ := ws.ListStances(ru, tid, 5)
	own := 0
	for _, s := range all {
		if s.PartyID == party["Russia"] {
			own++
		}
	}
	seen := 0
	for _, s := range ss {
		if s.PartyID == party["Russia"] {
			seen++
		}
	}
	if seen != own-1 {
		t.Errorf("mediator sees %d of Russia's %d stances on draft 5, want all but the one kept private", seen, own)
	}
	m, _ := ws.GapMap(ru, tid, 5)
	for _, r := range m.Rows {
		for _, cell := range r.Cells {
			if cell.Party == party["Ukraine"] && cell.Stance != gap.Withheld {
				t.Errorf("russia's gap map shows ukraine's %s on %s", cell.Stance, r.Number)
			}
		}
	}
}
