package workspace_test

import (
	"context"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// auditActions counts the audit records of action that the viewer ctx
// sees in the talks.
func auditActions(t *testing.T, f *fixture, ctx context.Context, action string) int {
	t.Helper()
	entries, _ := must2(f.ws.AuditLog(ctx, f.talks))
	n := 0
	for _, e := range entries {
		if e.Record.Action == action {
			n++
		}
	}
	return n
}

// TestDiscardUndoesTakes: the mediator takes Russia's amendment into the
// working draft, then discards the working draft: the amendment is
// proposed again (audited, seen by Russia, not by Ukraine; Russia told
// live) and may be taken again; tabling the working draft that takes it
// the second time records it as taken into draft 2. A declined amendment
// stays declined.
func TestDiscardUndoesTakes(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d1 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	terr, sub := territory(t, d1)
	yes := ptr(true)
	ru := propose(t, f, f.ru, d1, terr.ID, parley.AmendmentInput{Kind: parley.AmendReplace, Text: "Frozen on the line of contact.", ShareWithMediator: yes})
	ua := propose(t, f, f.ua, d1, sub.ID, parley.AmendmentInput{Kind: parley.AmendDelete, ShareWithMediator: yes})
	must[*parley.Amendment](t)(ws.DecideAmendment(f.mediator, f.talks, ru.ID, parley.AmendmentDecision{Take: true}))
	must[*parley.Amendment](t)(ws.DecideAmendment(f.mediator, f.talks, ua.ID, parley.AmendmentDecision{Reason: "the sub-point stays"}))

	events := must[<-chan parley.Event](t)(ws.Subscribe(withCancel(t, f.ru), f.talks))
	if err := ws.DiscardWorkingDraft(f.mediator, f.talks); err != nil {
		t.Fatal(err)
	}
	if !heardKind(events, "amendment") {
		t.Error("Russia heard nothing of its amendment's take undone")
	}
	got := must[*parley.Amendment](t)(ws.GetAmendment(f.ru, f.talks, ru.ID))
	if got.State != parley.AmendmentProposed || got.Extent != "" || got.DecidedAt != nil || got.IntoDraft != 0 {
		t.Errorf("Russia's amendment after the discard: got %+v, want proposed again", got)
	}
	if got := must[*parley.Amendment](t)(ws.GetAmendment(f.ua, f.talks, ua.ID)); got.State != parley.AmendmentDeclined {
		t.Errorf("Ukraine's declined amendment after the discard: got %s, want declined", got.State)
	}
	for _, c := range []struct {
		who  string
		ctx  context.Context
		want int
	}{{"Russia", f.ru, 1}, {"the mediator", f.mediator, 1}, {"Ukraine", f.ua, 0}, {"the observer", f.obs, 0}} {
		if n := auditActions(t, f, c.ctx, "amendment.untake"); n != c.want {
			t.Errorf("records of the take undone seen by %s: got %d, want %d", c.who, n, c.want)
		}
	}
	must[*parley.Amendment](t)(ws.DecideAmendment(f.mediator, f.talks, ru.ID, parley.AmendmentDecision{Take: true, Extent: parley.TakenInPart}))
	d2 := must[*parley.Draft](t)(ws.TableWorkingDraft(f.mediator, f.talks))
	if got := must[*parley.Amendment](t)(ws.GetAmendment(f.ru, f.talks, ru.ID)); got.IntoDraft != d2.Number || got.State != parley.AmendmentTaken {
		t.Errorf("Russia's amendment taken again and tabled: got %+v, want taken into draft %d", got, d2.Number)
	}
	checkVerified(t, ws)
}

// TestDirectTablingRecordsNoTakes: the mediator takes Russia's amendment
// into the working draft, then tables draft 2 directly from another text
// (the API's direct route, naming no working-draft version): draft 2 took
// nothing, the amendment is proposed again (to draft 1, now superseded)
// and a later tabling of a working draft does not claim it. A text edited
// from the working draft (naming its version) is the working draft: its
// takes are recorded.
func TestDirectTablingRecordsNoTakes(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d1 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	terr, _ := territory(t, d1)
	yes := ptr(true)
	ru := propose(t, f, f.ru, d1, terr.ID, parley.AmendmentInput{Kind: parley.AmendReplace, Text: "Frozen on the line of contact.", ShareWithMediator: yes})
	must[*parley.Amendment](t)(ws.DecideAmendment(f.mediator, f.talks, ru.ID, parley.AmendmentDecision{Take: true}))
	d2 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, unchanged(d1)))
	if p := d2.Point(terr.ID); p == nil || p.Text != terr.Text {
		t.Fatalf("draft 2's territory point: got %+v, want draft 1's text", p)
	}
	lineage := must[map[int64][]parley.Amendment](t)(ws.AmendmentLineage(f.mediator, f.talks, 1, 2))
	if len(lineage) != 0 {
		t.Errorf("draft 2's lineage: got %+v, want none (it was tabled from another text)", lineage)
	}
	got := must[*parley.Amendment](t)(ws.GetAmendment(f.ru, f.talks, ru.ID))
	if got.State != parley.AmendmentProposed || got.IntoDraft != 0 {
		t.Errorf("Russia's amendment after direct tabling: got %+v, want proposed again, into no draft", got)
	}
	if n := auditActions(t, f, f.ru, "amendment.untake"); n != 1 {
		t.Errorf("records of the take undone seen by Russia: got %d, want 1", n)
	}
	// The desk of draft 2 shows it among the earlier drafts' amendments.
	desk := must[*workspace.Desk](t)(ws.AmendmentDesk(f.mediator, f.talks))
	if desk.Number != 2 || len(desk.Groups) != 0 || len(desk.Earlier) != 1 || desk.Earlier[0].ID != ru.ID || desk.Earlier[0].State != parley.AmendmentProposed {
		t.Errorf("the desk of draft 2: got groups %+v and earlier %+v, want none and Russia's amendment to draft 1, proposed", desk.Groups, desk.Earlier)
	}

	// A later working draft, tabled, claims nothing of draft 1's.
	ru2 := propose(t, f, f.ru, d2, terr.ID, parley.AmendmentInput{Kind: parley.AmendDelete, ShareWithMediator: yes})
	must[*parley.Amendment](t)(ws.DecideAmendment(f.mediator, f.talks, ru2.ID, parley.AmendmentDecision{Take: true}))
	w := must[*parley.Draft](t)(ws.GetDraft(f.mediator, f.talks, 0))
	in := workspace.InputOf(w)
	in.Version = &w.Version // edited from the working draft: it is tabled from it
	d3 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, in))
	into := map[int64]int{}
	for _, a := range must[[]parley.Amendment](t)(ws.ListAmendments(f.mediator, f.talks, 0)) {
		into[a.ID] = a.IntoDraft
	}
	if into[ru.ID] != 0 || into[ru2.ID] != d3.Number {
		t.Errorf("lineage after draft 3: got %v, want %d into none and %d into draft %d", into, ru.ID, ru2.ID, d3.Number)
	}
	checkVerified(t, ws)
}
