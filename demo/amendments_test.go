package demo_test

import (
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/workspace"
)

// TestDemoAmendments checks the scenario's amendments: Russia's and
// Ukraine's to the territory point of draft 4, which collided; Russia's
// taken in part into draft 5, whose territory point carries its deadline;
// Ukraine's declined with a reason that Ukraine and the mediator read and
// Russia does not, nor does it see Ukraine's amendment at all.
func TestDemoAmendments(t *testing.T) {
	ws, tid, as := loadDemo(t)
	byParty := func(user string) map[string]parley.Amendment {
		t.Helper()
		as, err := ws.ListAmendments(as(user), tid, 4)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]parley.Amendment{}
		for _, a := range as {
			out[a.PartyName] = a
		}
		return out
	}
	med := byParty("mediator")
	ru, ua := med["Russia"], med["Ukraine"]
	if ru.PointID != ua.PointID || ru.State != parley.AmendmentTaken || ru.Extent != parley.TakenInPart || ru.IntoDraft != 5 {
		t.Errorf("russia's amendment as the mediator sees it: got %+v, want taken in part into draft 5, on ukraine's point", ru)
	}
	if ua.State != parley.AmendmentDeclined || ua.Reason != demo.DeclinedReason || ua.IntoDraft != 0 {
		t.Errorf("ukraine's amendment as the mediator sees it: got %+v, want declined with the reason", ua)
	}
	before := ua // as it stood before the mediator declined it
	before.State = parley.AmendmentProposed
	if got := parley.Collisions(&parley.Draft{Number: 4, Points: []parley.Point{{ID: ru.PointID}}}, []parley.Amendment{ru, before}); len(got) != 1 {
		t.Errorf("collisions on draft 4's territory point: got %+v, want one", got)
	}
	if seen := byParty("russia"); len(seen) != 1 || seen["Russia"].Reason != demo.TakenInPartReason {
		t.Errorf("russia's amendments: got %+v, want its own alone, with the mediator's reason", seen)
	}
	if seen := byParty("ukraine"); len(seen) != 1 || seen["Ukraine"].Reason != demo.DeclinedReason {
		t.Errorf("ukraine's amendments: got %+v, want its own alone, with the reason it was declined", seen)
	}
	if seen := byParty("observer"); len(seen) != 0 {
		t.Errorf("the observer's amendments: got %+v, want none", seen)
	}
	d5, err := ws.GetDraft(as("observer"), tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	if p := d5.Point(ru.PointID); p == nil || p.Change != parley.ChangeAmended || !strings.HasSuffix(p.Text, "within one year.") {
		t.Errorf("draft 5's territory point: got %+v, want it amended with the deadline Russia proposed", p)
	}
}

// TestDemoComments checks the scenario's threads on the territory point
// of draft 4, as draft 5's point carries them: Russia sees its own thread
// (resolved, with the mediator's reply) and the one for all; Ukraine its
// internal one and the one for all; the mediator's team Russia's, its
// internal one and the one for all, never Ukraine's internal one.
func TestDemoComments(t *testing.T) {
	ws, tid, as := loadDemo(t)
	d5, err := ws.GetDraft(as("mediator"), tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	var terr int64
	for _, p := range d5.Points {
		if p.Title == "Territory" && p.Kind == parley.KindPoint {
			terr = p.ID
		}
	}
	threads := func(user string) (n int, texts string) {
		t.Helper()
		cs, err := ws.ListComments(as(user), tid, 5, terr)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if c.Parent == 0 {
				n++
			}
			texts += c.Text + "\n"
		}
		return n, texts
	}
	for _, c := range []struct {
		user      string
		want      int
		has, hasn string
	}{
		{"russia", 2, "Whose monitors?", "Internal: hold the line"},
		{"ukraine", 2, "Internal: hold the line", "Whose monitors?"},
		{"mediator", 3, "a deadline may be the common ground", "Internal: hold the line"},
		{"observer", 1, "For all:", "Whose monitors?"},
	} {
		n, texts := threads(c.user)
		if n != c.want || !strings.Contains(texts, c.has) || strings.Contains(texts, c.hasn) {
			t.Errorf("%s on draft 5's territory point: got %d threads:\n%s\nwant %d, with %q, without %q", c.user, n, texts, c.want, c.has, c.hasn)
		}
	}
}

// TestDemoWordingsAreAmendments: the wording the parties propose on draft
// 5 are amendments replacing the points' text, shared as their stances
// are: Russia's and Ukraine's to the territory point, shared with the
// mediator (where they collide), and Ukraine's to the elections point,
// which Ukraine keeps from the mediator as it keeps its stance there. No
// stance of the demo carries wording.
func TestDemoWordingsAreAmendments(t *testing.T) {
	ws, tid, as := loadDemo(t)
	seen := func(user string) map[string]parley.Amendment {
		t.Helper()
		list, err := ws.ListAmendments(as(user), tid, 5)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]parley.Amendment{}
		for _, a := range list {
			if !a.Correction() { // the Ukrainian ceasefire's: TestDemoCorrection
				out[a.PartyName+" "+a.PointNumber] = a
			}
		}
		return out
	}
	med, ua := seen("mediator"), seen("ukraine")
	if len(med) != 2 || len(ua) != 2 || len(seen("russia")) != 1 || len(seen("observer")) != 0 {
		t.Fatalf("draft 5's amendments: the mediator sees %v, Ukraine %v, want Russia's and Ukraine's on territory, and Ukraine's on elections (its own)", med, ua)
	}
	for _, a := range ua {
		want := strings.HasPrefix(a.Text, "Both sides withdraw") // territory, shared; elections, kept
		if a.Kind != parley.AmendReplace || a.State != parley.AmendmentProposed || a.ShareWithMediator != want || a.ReleasedToAll {
			t.Errorf("ukraine's amendment %+v: want a proposed replacement, shared with the mediator %v", a, want)
		}
	}
	for _, n := range []int{1, 2, 3, 4, 5} {
		stances, err := ws.ListStances(as("mediator"), tid, n)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range stances {
			if st.ProposedWording != "" {
				t.Errorf("%s's stance on point %d of draft %d: got wording %q, want none", st.PartyName, st.PointID, n, st.ProposedWording)
			}
		}
	}
}

// TestDemoCorrection checks the scenario's correction: Ukraine's
// principal's to the Ukrainian text of draft 5's ceasefire, proposed and
// shared with the mediator, shown on the desk against that text; Russia
// does not see it.
func TestDemoCorrection(t *testing.T) {
	ws, tid, as := loadDemo(t)
	var corrections []parley.Amendment
	for _, a := range must[[]parley.Amendment](t)(ws.ListAmendments(as("mediator"), tid, 5)) {
		if a.Correction() {
			corrections = append(corrections, a)
		}
	}
	if len(corrections) != 1 {
		t.Fatalf("the corrections to draft 5: got %+v, want Ukraine's one", corrections)
	}
	c := corrections[0]
	if c.PartyName != "Ukraine" || c.Language != "uk" || c.State != parley.AmendmentProposed || c.Text != demo.CeasefireCorrection.Text {
		t.Errorf("the correction: got %+v", c)
	}
	desk := must[*workspace.Desk](t)(ws.AmendmentDesk(as("mediator"), tid))
	if was := desk.Corrected[c.ID]; was == "" || was == c.Text || !strings.Contains(was, "відходять") {
		t.Errorf("the desk's Ukrainian text for the correction: got %q, want the text it corrects", was)
	}
	for _, a := range must[[]parley.Amendment](t)(ws.ListAmendments(as("russia"), tid, 5)) {
		if a.ID == c.ID {
			t.Error("Russia sees Ukraine's correction")
		}
	}
}

// must returns v, failing the test on err.
func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
