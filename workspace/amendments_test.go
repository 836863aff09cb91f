package workspace_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// territory returns draft d's territory point and its sub-point.
func territory(t *testing.T, d *parley.Draft) (parley.Point, parley.Point) {
	t.Helper()
	for i, p := range d.Points {
		if p.Title == "Territory" {
			return p, d.Points[i+1]
		}
	}
	t.Fatal("no territory point")
	return parley.Point{}, parley.Point{}
}

func propose(t *testing.T, f *fixture, ctx context.Context, d *parley.Draft, point int64, in parley.AmendmentInput) *parley.Amendment {
	t.Helper()
	return must[*parley.Amendment](t)(f.ws.ProposeAmendment(ctx, f.talks, d.Number, point, in))
}

// TestAmendmentRules: bad input and who may propose. An empty replacement
// is invalid; a point that does not exist, or a section, is not found; a
// superseded draft is a conflict; an observer may not propose, an
// outsider does not find the talks; a failed proposal writes nothing.
func TestAmendmentRules(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d1 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	terr, _ := territory(t, d1)
	ok := parley.AmendmentInput{Kind: parley.AmendReplace, Text: "Territory is left to a later stage."}
	cases := []struct {
		name  string
		ctx   context.Context
		draft int
		point int64
		in    parley.AmendmentInput
		want  string
	}{
		{"an empty replacement", f.ru, 1, terr.ID, parley.AmendmentInput{Kind: parley.AmendReplace, Text: " "}, parley.EINVALID},
		{"a point that does not exist", f.ru, 1, 999999, ok, parley.ENOTFOUND},
		{"a section", f.ru, 1, d1.Points[0].ID, ok, parley.ENOTFOUND},
		{"a draft that does not exist", f.ru, 7, terr.ID, ok, parley.ENOTFOUND},
		{"an observer", f.obs, 1, terr.ID, ok, parley.EFORBIDDEN},
		{"an outsider", f.out, 1, terr.ID, ok, parley.ENOTFOUND},
	}
	for _, c := range cases {
		if _, err := ws.ProposeAmendment(c.ctx, f.talks, c.draft, c.point, c.in); code(err) != c.want {
			t.Errorf("%s: got %v, want %s", c.name, err, c.want)
		}
	}
	if as := must[[]parley.Amendment](t)(ws.ListAmendments(f.ru, f.talks, 0)); len(as) != 0 {
		t.Errorf("after failed proposals: got %+v, want none", as)
	}
	must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, unchanged(d1)))
	if _, err := ws.ProposeAmendment(f.ru, f.talks, 1, terr.ID, ok); code(err) != parley.ECONFLICT {
		t.Errorf("an amendment to superseded draft 1: got %v, want %s", err, parley.ECONFLICT)
	}
	a := must[*parley.Amendment](t)(ws.ProposeAmendment(f.ruAdviser, f.talks, 2, terr.ID, ok))
	if a.State != parley.AmendmentProposed || a.PartyID != f.russia || a.ShareWithMediator || a.PointNumber != terr.Number {
		t.Errorf("the adviser's amendment: got %+v, want Russia's, proposed, not shared (the party's default)", a)
	}
	if _, err := ws.WithdrawAmendment(f.ua, f.talks, a.ID); code(err) != parley.ENOTFOUND {
		t.Errorf("Ukraine withdrawing Russia's unreleased amendment: got %v, want %s", err, parley.ENOTFOUND)
	}
	if _, err := ws.DecideAmendment(f.mediator, f.talks, a.ID, parley.AmendmentDecision{Take: true}); code(err) != parley.ENOTFOUND {
		t.Errorf("the mediator taking an amendment not shared with it: got %v, want %s", err, parley.ENOTFOUND)
	}
	if _, err := ws.DecideAmendment(f.mediator, f.talks, a.ID, parley.AmendmentDecision{}); code(err) != parley.EINVALID {
		t.Errorf("declining without a reason: got %v, want %s", err, parley.EINVALID)
	}
	w := must[*parley.Amendment](t)(ws.WithdrawAmendment(f.ru, f.talks, a.ID))
	if w.State != parley.AmendmentWithdrawn {
		t.Errorf("withdrawn: got %s", w.State)
	}
	if _, err := ws.WithdrawAmendment(f.ru, f.talks, a.ID); code(err) != parley.ECONFLICT {
		t.Errorf("withdrawing twice: got %v, want %s", err, parley.ECONFLICT)
	}
	checkVerified(t, ws)
}

// TestAmendmentDeskCollisionsAndLineage: Russia and Ukraine amend the
// territory point, Ukraine by deleting it, Russia also its sub-point; the
// mediator's desk shows the shared ones grouped by point with both
// collisions, and not Ukraine's unshared one. The mediator takes
// Russia's in part into the working draft (which it edits after) and
// declines Ukraine's with a reason: a taken amendment cannot be
// withdrawn; the reason is Ukraine's and the mediator's alone, though the
// amendment is released to all; tabling the working draft records that
// draft 2 took Russia's; Russia hears live that its amendment was taken.
func TestAmendmentDeskCollisionsAndLineage(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d1 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	terr, sub := territory(t, d1)
	yes := ptr(true)
	ru := propose(t, f, f.ru, d1, terr.ID, parley.AmendmentInput{Kind: parley.AmendReplace, ShareWithMediator: yes,
		Text:          "Donetsk and Luhansk recognised de facto as Russian; Zaporizhzhia and Kherson frozen on the line of contact.",
		Justification: "AMEND-Russia-private"})
	ruSub := propose(t, f, f.ru, d1, sub.ID, parley.AmendmentInput{Kind: parley.AmendReplace, ShareWithMediator: yes, Text: "Ukraine withdraws."})
	ua := propose(t, f, f.ua, d1, terr.ID, parley.AmendmentInput{Kind: parley.AmendDelete, ShareWithMediator: yes, ReleasedToAll: true,
		Justification: "No territory is ceded."})
	uaHidden := propose(t, f, f.ua, d1, d1.Points[1].ID, parley.AmendmentInput{Kind: parley.AmendReplace, Text: "AMEND-Ukraine-private"})

	desk := must[*workspace.Desk](t)(ws.AmendmentDesk(f.mediator, f.talks))
	var ids [][]int64
	for _, g := range desk.Groups {
		var group []int64
		for _, a := range g.Amendments {
			group = append(group, a.ID)
		}
		ids = append(ids, group)
	}
	if want := [][]int64{{ru.ID, ua.ID}, {ruSub.ID}}; !slices.EqualFunc(ids, want, slices.Equal) {
		t.Errorf("the desk's groups: got %v, want %v (Ukraine's unshared %d left out)", ids, want, uaHidden.ID)
	}
	if got := desk.CollidesWith; !slices.Contains(got[ru.ID], ua.ID) || !slices.Contains(got[ua.ID], ruSub.ID) || len(got[ruSub.ID]) != 1 {
		t.Errorf("collisions: got %v, want Russia's and Ukraine's on the point, Ukraine's deletion against Russia's on the sub-point", got)
	}
	for _, ctx := range []context.Context{f.ru, f.ua, f.obs} {
		if _, err := ws.AmendmentDesk(ctx, f.talks); code(err) != parley.ENOTFOUND {
			t.Errorf("a party's or observer's desk: got %v, want %s", err, parley.ENOTFOUND)
		}
	}

	events := must[<-chan parley.Event](t)(ws.Subscribe(withCancel(t, f.ru), f.talks))
	taken := must[*parley.Amendment](t)(ws.DecideAmendment(f.mediator, f.talks, ru.ID, parley.AmendmentDecision{Take: true, Extent: parley.TakenInPart}))
	if taken.State != parley.AmendmentTaken || taken.Extent != parley.TakenInPart {
		t.Errorf("taken: got %+v", taken)
	}
	if !heardKind(events, "amendment") {
		t.Error("Russia heard nothing of its amendment taken")
	}
	w := must[*parley.Draft](t)(ws.GetDraft(f.mediator, f.talks, 0))
	if p := w.Point(terr.ID); p == nil || p.Text != ru.Text {
		t.Fatalf("the working draft's territory point: got %+v, want Russia's text", p)
	}
	// Taken in part: the mediator edits the working draft after.
	in := workspace.InputOf(w)
	in.Points[1].Text = "Donetsk and Luhansk recognised de facto as Russian."
	in.Version = &w.Version
	must[*parley.Draft](t)(ws.SaveWorkingDraft(f.mediator, f.talks, in))
	if _, err := ws.WithdrawAmendment(f.ru, f.talks, ru.ID); code(err) != parley.ECONFLICT {
		t.Errorf("withdrawing a taken amendment: got %v, want %s", err, parley.ECONFLICT)
	}
	reason := "AMEND-decline-reason: the point stays, its wording is open"
	must[*parley.Amendment](t)(ws.DecideAmendment(f.mediator, f.talks, ua.ID, parley.AmendmentDecision{Reason: reason}))
	if _, err := ws.DecideAmendment(f.mediator, f.talks, ua.ID, parley.AmendmentDecision{Take: true}); code(err) != parley.ECONFLICT {
		t.Errorf("taking a declined amendment: got %v, want %s", err, parley.ECONFLICT)
	}
	reasonSeen := func(ctx context.Context) string {
		return must[*parley.Amendment](t)(ws.GetAmendment(ctx, f.talks, ua.ID)).Reason
	}
	if reasonSeen(f.ua) != reason || reasonSeen(f.mediator) != reason {
		t.Error("the declined amendment's reason: want it seen by Ukraine and the mediator")
	}
	if got := reasonSeen(f.ru) + reasonSeen(f.obs); got != "" {
		t.Errorf("the reason seen by Russia and the observer, to whom the amendment is released: got %q, want none", got)
	}
	for _, a := range must[[]parley.Amendment](t)(ws.ListAmendments(f.ru, f.talks, 1)) {
		if a.PartyID == f.ukraine && (a.Reason != "" || a.ID != ua.ID) {
			t.Errorf("Russia's list: got Ukraine's %+v, want only the released one, without its reason", a)
		}
	}

	d2 := must[*parley.Draft](t)(ws.TableWorkingDraft(f.mediator, f.talks))
	if p := d2.Point(terr.ID); p == nil || !strings.HasSuffix(p.Text, "as Russian.") {
		t.Errorf("draft 2's territory point: got %+v, want the mediator's edit of Russia's", p)
	}
	into := map[int64]int{}
	for _, a := range must[[]parley.Amendment](t)(ws.ListAmendments(f.mediator, f.talks, 1)) {
		into[a.ID] = a.IntoDraft
	}
	if into[ru.ID] != 2 || into[ua.ID] != 0 || into[ruSub.ID] != 0 {
		t.Errorf("lineage: got %v, want Russia's %d into draft 2 alone", into, ru.ID)
	}
	if _, err := ws.ProposeAmendment(f.ru, f.talks, 1, terr.ID, parley.AmendmentInput{Kind: parley.AmendDelete}); code(err) != parley.ECONFLICT {
		t.Errorf("amending draft 1 after draft 2: got %v, want %s", err, parley.ECONFLICT)
	}
	if _, err := ws.DecideAmendment(f.mediator, f.talks, ruSub.ID, parley.AmendmentDecision{Take: true}); code(err) != parley.ECONFLICT {
		t.Errorf("taking an amendment to superseded draft 1: got %v, want %s", err, parley.ECONFLICT)
	}
	checkVerified(t, ws)
}

// TestTakeEachKind: each kind of amendment, taken, changes the working
// draft as it says: a replacement, a point inserted after, a deletion,
// a split into two points made from the one.
func TestTakeEachKind(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d1 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	sov, non := d1.Points[1], d1.Points[2]
	terr, sub := territory(t, d1)
	yes := ptr(true)
	for _, c := range []struct {
		point int64
		in    parley.AmendmentInput
	}{
		{sov.ID, parley.AmendmentInput{Kind: parley.AmendReplace, Text: "Sovereignty confirmed."}},
		{sov.ID, parley.AmendmentInput{Kind: parley.AmendInsertAfter, Text: "A new point."}},
		{non.ID, parley.AmendmentInput{Kind: parley.AmendSplit, Text: "First half.\n\nSecond half."}},
		{sub.ID, parley.AmendmentInput{Kind: parley.AmendDelete}},
	} {
		c.in.ShareWithMediator = yes
		a := propose(t, f, f.ru, d1, c.point, c.in)
		must[*parley.Amendment](t)(ws.DecideAmendment(f.mediator, f.talks, a.ID, parley.AmendmentDecision{Take: true}))
	}
	w := must[*parley.Draft](t)(ws.GetDraft(f.mediator, f.talks, 0))
	var texts []string
	for _, p := range w.Markable() {
		texts = append(texts, p.Text)
	}
	want := []string{"Sovereignty confirmed.", "A new point.", "First half.", "Second half.", terr.Text}
	if !slices.Equal(texts, want) {
		t.Errorf("the working draft's points: got %q, want %q", texts, want)
	}
	d2 := must[*parley.Draft](t)(ws.TableWorkingDraft(f.mediator, f.talks))
	var split int
	for _, p := range d2.Points {
		if p.Change == parley.ChangeSplit && slices.Equal(p.From, []int64{non.ID}) {
			split++
		}
	}
	if split != 2 || d2.Point(sub.ID) != nil {
		t.Errorf("draft 2: got %d points split from point %d and sub-point %v, want 2 and none", split, non.ID, d2.Point(sub.ID))
	}
	checkVerified(t, ws)
}

// withCancel returns ctx ending when the test does.
func withCancel(t *testing.T, ctx context.Context) context.Context {
	ctx, cancel := context.WithCancel(ctx)
	t.Cleanup(cancel)
	return ctx
}

// TestAmendmentAndCommentEventsHeardBySeers: live updates of amendments
// and comment threads reach only those who may see them. Ukraine and the
// mediator subscribe; Russia proposes an amendment and opens a thread kept
// to itself, then releases an amendment to all: the first event each
// hears is the released one.
func TestAmendmentAndCommentEventsHeardBySeers(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d1 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	terr, _ := territory(t, d1)
	no := ptr(false)
	ua := must[<-chan parley.Event](t)(ws.Subscribe(withCancel(t, f.ua), f.talks))
	med := must[<-chan parley.Event](t)(ws.Subscribe(withCancel(t, f.mediator), f.talks))
	propose(t, f, f.ru, d1, terr.ID, parley.AmendmentInput{Kind: parley.AmendDelete, ShareWithMediator: no})
	must[*parley.Comment](t)(ws.AddComment(f.ru, f.talks, 1, terr.ID, parley.CommentInput{Text: "ours", Visibility: parley.VisibleToParty}))
	propose(t, f, f.ru, d1, terr.ID, parley.AmendmentInput{Kind: parley.AmendDelete, ShareWithMediator: no, ReleasedToAll: true})
	for name, ch := range map[string]<-chan parley.Event{"ukraine": ua, "the mediator": med} {
		e := <-ch
		if e.Kind != "amendment" || e.Amendment == nil || !e.Amendment.ReleasedToAll {
			t.Errorf("%s heard first %+v, want the released amendment", name, e)
		}
	}
}
