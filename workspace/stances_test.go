package workspace_test

import (
	"context"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/gap"
	"github.com/parley-talks/parley/workspace"
)

func ptr[T any](v T) *T { return &v }

func TestStanceVisibility(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	sov, terr := d.Points[1].ID, d.Points[3].ID

	// Russia: territory unsuitable, shared with the mediator; sovereignty
	// needs discussion, kept to itself. Ukraine: territory unsuitable,
	// released to all.
	must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, 1, terr, parley.StanceInput{Value: parley.Unsuitable,
		Rationale: "RU-SECRET-territory", ShareWithMediator: ptr(true)}))
	must[*parley.Stance](t)(ws.SetStance(f.ruAdviser, f.talks, 1, sov, parley.StanceInput{Value: parley.NeedsDiscussion,
		Rationale: "RU-PRIVATE-sovereignty", ShareWithMediator: ptr(false)}))
	must[*parley.Stance](t)(ws.SetStance(f.ua, f.talks, 1, terr, parley.StanceInput{Value: parley.Unsuitable,
		Rationale: "UA-PUBLIC", ReleasedToAll: true}))

	type seen struct{ party, point int64 }
	visible := func(ctx context.Context) map[seen]bool {
		out := map[seen]bool{}
		for _, s := range must[[]parley.Stance](t)(ws.ListStances(ctx, f.talks, 1)) {
			out[seen{s.PartyID, s.PointID}] = true
		}
		return out
	}
	tests := []struct {
		name string
		ctx  context.Context
		want map[seen]bool
	}{
		{"russia", f.ru, map[seen]bool{{f.russia, terr}: true, {f.russia, sov}: true, {f.ukraine, terr}: true}},
		{"russia's adviser", f.ruAdviser, map[seen]bool{{f.russia, terr}: true, {f.russia, sov}: true, {f.ukraine, terr}: true}},
		{"ukraine", f.ua, map[seen]bool{{f.ukraine, terr}: true}},
		{"mediator", f.mediator, map[seen]bool{{f.russia, terr}: true, {f.ukraine, terr}: true}},
		{"observer", f.obs, map[seen]bool{{f.ukraine, terr}: true}},
	}
	for _, tt := range tests {
		got := visible(tt.ctx)
		if len(got) != len(tt.want) {
			t.Errorf("%s sees %v, want %v", tt.name, got, tt.want)
		}
		for k := range tt.want {
			if !got[k] {
				t.Errorf("%s does not see %v", tt.name, k)
			}
		}
	}
	if _, err := ws.ListStances(f.out, f.talks, 1); code(err) != parley.ENOTFOUND {
		t.Errorf("outsider: got %v, want not found", err)
	}

	// The gap map as Ukraine sees it: Russia's column is withheld, not
	// unmarked, on every point.
	m := must[*gap.Map](t)(ws.GapMap(f.ua, f.talks, 1))
	for _, r := range m.Rows {
		for _, c := range r.Cells {
			if c.Party == f.russia && c.Stance != gap.Withheld {
				t.Errorf("ukraine's gap map shows russia's %q on point %s, want withheld", c.Stance, r.Number)
			}
		}
	}
	// As the mediator sees it, territory is the main point of contention.
	m = must[*gap.Map](t)(ws.GapMap(f.mediator, f.talks, 1))
	if m.Main == nil || m.Main.ID != terr || m.Main.Score != 2*gap.WeightUnsuitable {
		t.Errorf("mediator's main point: got %+v, want territory with score %d", m.Main, 2*gap.WeightUnsuitable)
	}

	// Who may mark: the mediator and the observer may not; nobody marks a
	// section or a point of an untabled draft.
	if _, err := ws.SetStance(f.mediator, f.talks, 1, terr, parley.StanceInput{Value: parley.Acceptable}); code(err) != parley.EFORBIDDEN {
		t.Errorf("mediator marking: got %v, want forbidden", err)
	}
	if _, err := ws.SetStance(f.obs, f.talks, 1, terr, parley.StanceInput{Value: parley.Acceptable}); code(err) != parley.EFORBIDDEN {
		t.Errorf("observer marking: got %v, want forbidden", err)
	}
	if _, err := ws.SetStance(f.ru, f.talks, 1, d.Points[0].ID, parley.StanceInput{Value: parley.Acceptable}); code(err) != parley.EINVALID {
		t.Errorf("marking a section: got %v, want invalid", err)
	}
	if _, err := ws.SetStance(f.ru, f.talks, 2, terr, parley.StanceInput{Value: parley.Acceptable}); code(err) != parley.ENOTFOUND {
		t.Errorf("marking draft 2 before it exists: got %v, want not found", err)
	}
	if _, err := ws.SetStance(f.ru, f.talks, 1, terr, parley.StanceInput{Value: "maybe"}); code(err) != parley.EINVALID || parley.ErrorField(err) != "stance" {
		t.Errorf("bad stance value: got %v, want invalid stance", err)
	}

	// Changing a stance keeps its history, for the party's own eyes only.
	must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, 1, terr, parley.StanceInput{Value: parley.NeedsDiscussion, Rationale: "softer"}))
	h := must[[]parley.Stance](t)(ws.StanceHistory(f.ru, f.talks, 1, terr))
	if len(h) != 2 || h[0].Value != parley.Unsuitable || h[1].Value != parley.NeedsDiscussion || h[1].Version != 2 {
		t.Errorf("history: got %+v, want unsuitable then needs_discussion", h)
	}
	// The new version took the party's default (not shared): the mediator
	// no longer sees Russia's territory stance.
	if visible(f.mediator)[seen{f.russia, terr}] {
		t.Errorf("mediator still sees russia's territory stance after it was re-recorded without sharing")
	}
}

func TestConvergence(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d1 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	points := d1.Markable() // 4 points
	mark := func(draft int, ids []int64, ru, ua []parley.StanceValue) {
		for i, id := range ids {
			must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, draft, id, parley.StanceInput{Value: ru[i], ReleasedToAll: true}))
			must[*parley.Stance](t)(ws.SetStance(f.ua, f.talks, draft, id, parley.StanceInput{Value: ua[i], ReleasedToAll: true}))
		}
	}
	ids := []int64{points[0].ID, points[1].ID, points[2].ID, points[3].ID}
	A, N, U := parley.Acceptable, parley.NeedsDiscussion, parley.Unsuitable
	mark(1, ids, []parley.StanceValue{A, N, U, U}, []parley.StanceValue{A, A, U, N})
	must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, workspace.InputOf(d1)))
	mark(2, ids, []parley.StanceValue{A, A, U, A}, []parley.StanceValue{A, A, N, A})

	c := must[*gap.Convergence](t)(ws.Convergence(f.obs, f.talks))
	if len(c.Drafts) != 2 {
		t.Fatalf("got %d drafts, want 2", len(c.Drafts))
	}
	if s := c.Drafts[0]; s.AcceptableToAll != 1 || s.UnsuitableToAny != 2 || s.InDiscussion != 1 {
		t.Errorf("draft 1: got %+v, want 1 acceptable, 2 unsuitable, 1 in discussion", s)
	}
	if s := c.Drafts[1]; s.AcceptableToAll != 3 || s.UnsuitableToAny != 1 || s.ShareAcceptable != 0.75 {
		t.Errorf("draft 2: got %+v, want 3 acceptable (0.75), 1 unsuitable", s)
	}
	want := "Closer than any earlier draft: 3 of 4 points acceptable to all parties; 1 unsuitable to at least one; main point of contention: 3 Territory."
	if c.Verdict != want {
		t.Errorf("verdict: got %q, want %q", c.Verdict, want)
	}
}

// TestLiveUpdatesFollowVisibility checks who hears of a stance: its own
// party and, when shared, the mediator; never the other party, nor the
// member who made the change.
func TestLiveUpdatesFollowVisibility(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	sub := func(ctx contextOf) <-chan parley.Event {
		ch, err := ws.Subscribe(ctx, f.talks)
		if err != nil {
			t.Fatal(err)
		}
		return ch
	}
	ru, adviser, ua, med := sub(f.ru), sub(f.ruAdviser), sub(f.ua), sub(f.mediator)
	heard := func(ch <-chan parley.Event) bool {
		select {
		case <-ch:
			return true
		case <-time.After(200 * time.Millisecond):
			return false
		}
	}
	no, yes := false, true
	must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, 1, d.Points[1].ID, parley.StanceInput{Value: parley.Unsuitable, ShareWithMediator: &no}))
	if heard(ru) || !heard(adviser) || heard(ua) || heard(med) {
		t.Error("an unshared stance: want only russia's other members to hear of it")
	}
	must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, 1, d.Points[2].ID, parley.StanceInput{Value: parley.Unsuitable, ShareWithMediator: &yes}))
	if !heard(adviser) || heard(ua) || !heard(med) {
		t.Error("a shared stance: want russia's other members and the mediator to hear of it, not ukraine")
	}
	if _, err := ws.Subscribe(f.out, f.talks); code(err) != parley.ENOTFOUND {
		t.Errorf("an outsider subscribing: got %v, want not found", err)
	}
}

// TestStanceKeepDetails changes a mark alone, as the compact form of a
// long draft does: the rationale, wording and sharing of the party's
// stance stay; on a point with no stance yet, the party's default sharing
// applies.
func TestStanceKeepDetails(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	sov, terr := d.Points[1].ID, d.Points[3].ID
	must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, 1, terr, parley.StanceInput{Value: parley.Unsuitable,
		Rationale: "RU-KEPT", ShareWithMediator: ptr(false), ReleasedToAll: true}))
	got := must[*parley.Stance](t)(ws.SetStance(f.ruAdviser, f.talks, 1, terr, parley.StanceInput{Value: parley.Acceptable,
		Rationale: "ignored", ShareWithMediator: ptr(true), KeepDetails: true}))
	if got.Value != parley.Acceptable || got.Rationale != "RU-KEPT" ||
		got.ShareWithMediator || !got.ReleasedToAll || got.Version != 2 {
		t.Errorf("a mark alone gives %+v, want the new mark with the earlier rationale and sharing", got)
	}
	first := must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, 1, sov, parley.StanceInput{Value: parley.NeedsDiscussion, KeepDetails: true}))
	if first.Rationale != "" || first.ReleasedToAll {
		t.Errorf("a first mark alone gives %+v", first)
	}
}

// TestTabledDraftsKeptAsRead reads a tabled draft twice (the second time
// from the workspace's cache) and changes the first copy: the second read
// is the draft as tabled, and a stance is still taken on it.
func TestTabledDraftsKeptAsRead(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	first := must[*parley.Draft](t)(ws.GetDraft(f.ru, f.talks, d.Number))
	want := first.Points[1].Text
	first.Points[1].Text = "CHANGED BY A CALLER"
	first.Points = first.Points[:1]
	again := must[*parley.Draft](t)(ws.GetDraft(f.ua, f.talks, d.Number))
	if len(again.Points) != len(d.Points) || again.Points[1].Text != want {
		t.Errorf("the second read of draft %d has %d points, point 2 %q; want the draft as tabled", d.Number, len(again.Points), again.Points[1].Text)
	}
	must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, d.Number, d.Points[3].ID, parley.StanceInput{Value: parley.Acceptable}))
}
