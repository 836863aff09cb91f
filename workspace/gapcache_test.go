package workspace_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/gap"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/sqlstore"
	"github.com/parley-talks/parley/workspace"
)

// TestGapMapsKeptApart checks the cache of gap maps: read in turn, again
// and again, by the mediator, each party and an observer, each viewer's
// map is its own (what another may see never reaches it); a change of a
// stance or of its sharing shows at once in the next map of everyone it
// concerns; and a map a caller changes does not change the next caller's.
func TestGapMapsKeptApart(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	pts := d.Markable()
	must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, 1, pts[0].ID, parley.StanceInput{Value: parley.Acceptable, ShareWithMediator: ptr(true)}))
	must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, 1, pts[1].ID, parley.StanceInput{Value: parley.Unsuitable, ShareWithMediator: ptr(false)}))

	A, U, no, wh := "acceptable", "unsuitable", gap.Unmarked, gap.Withheld
	type view struct {
		name            string
		ctx             context.Context
		russia, ukraine []string
	}
	check := func(views []view) {
		t.Helper()
		for round := range 3 {
			for _, v := range views {
				m := must[*gap.Map](t)(ws.GapMap(v.ctx, f.talks, 1))
				for i, r := range m.Rows {
					for _, c := range r.Cells {
						want := map[int64]string{f.russia: v.russia[i], f.ukraine: v.ukraine[i]}[c.Party]
						if c.Stance != want {
							t.Errorf("round %d, %s, point %s, party %d: got %q, want %q", round, v.name, r.Number, c.Party, c.Stance, want)
						}
					}
				}
				// Changing the map read changes nobody else's.
				for i := range m.Rows {
					for j := range m.Rows[i].Cells {
						m.Rows[i].Cells[j].Stance = "changed by a caller"
					}
				}
			}
		}
	}
	check([]view{
		{"mediator", f.mediator, []string{A, wh, no, no}, []string{no, no, no, no}},
		{"russia", f.ru, []string{A, U, no, no}, []string{wh, wh, wh, wh}},
		{"ukraine", f.ua, []string{wh, wh, wh, wh}, []string{no, no, no, no}},
		{"observer", f.obs, []string{wh, wh, wh, wh}, []string{wh, wh, wh, wh}},
	})
	// Russia shares its second mark with the mediator and changes its first;
	// Ukraine marks its first point and releases it to all.
	must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, 1, pts[1].ID, parley.StanceInput{Value: parley.Unsuitable, ShareWithMediator: ptr(true)}))
	must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, 1, pts[0].ID, parley.StanceInput{Value: parley.NeedsDiscussion, ShareWithMediator: ptr(true)}))
	must[*parley.Stance](t)(ws.SetStance(f.ua, f.talks, 1, pts[0].ID, parley.StanceInput{Value: parley.Unsuitable, ReleasedToAll: true}))
	N := "needs_discussion"
	check([]view{
		{"mediator", f.mediator, []string{N, U, no, no}, []string{U, no, no, no}},
		{"russia", f.ru, []string{N, U, no, no}, []string{U, wh, wh, wh}},
		{"ukraine", f.ua, []string{wh, wh, wh, wh}, []string{U, no, no, no}},
		{"observer", f.obs, []string{wh, wh, wh, wh}, []string{U, wh, wh, wh}},
	})
}

// TestGapMapSeesQueuedRecords checks the cache of gap maps while stance
// writes' records are queued for the audit log (committed with their
// change, not yet in the log: sqlstore's sequenced log, simulated here by
// a sequencer that stops after each commit): the log's size does not
// change, and each queued change still shows at once in the next map,
// read twice.
func TestGapMapSeesQueuedRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "parley.db")
	f := newFixtureAt(t, path)
	pts := must[*parley.Draft](t)(f.ws.TableDraft(f.mediator, f.talks, draft1())).Markable()
	var stop atomic.Bool
	db, err := sqlite.Open(context.Background(), path, seal.Key{}, sqlstore.WithDeferredSequencing(),
		sqlstore.WithSequencerHook(func(s sqlstore.SequencerStage) error {
			if s == sqlstore.StageQueued && stop.Load() {
				return errors.New("the sequencer stops here")
			}
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ws := workspace.New(db)
	queue := func(point int64, value parley.StanceValue) {
		t.Helper()
		stop.Store(true)
		defer stop.Store(false)
		if _, err := ws.SetStance(f.ru, f.talks, 1, point, parley.StanceInput{Value: value, ShareWithMediator: ptr(true)}); err == nil {
			t.Fatal("the write returned though its record was never sequenced")
		}
	}
	mediatorSees := func(want ...string) {
		t.Helper()
		for range 2 {
			m := must[*gap.Map](t)(ws.GapMap(f.mediator, f.talks, 1))
			for i, w := range want {
				for _, c := range m.Rows[i].Cells {
					if c.Party == f.russia && c.Stance != w {
						t.Errorf("point %s: the mediator sees %q, want %q", m.Rows[i].Number, c.Stance, w)
					}
				}
			}
		}
	}
	mediatorSees(gap.Unmarked, gap.Unmarked)
	queue(pts[0].ID, parley.Acceptable)
	mediatorSees("acceptable", gap.Unmarked)
	queue(pts[1].ID, parley.Unsuitable)
	mediatorSees("acceptable", "unsuitable")
}
