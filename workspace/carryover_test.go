package workspace_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
	"github.com/parley-talks/parley/gap"
	"github.com/parley-talks/parley/workspace"
)

// carryFixture is talks whose draft 1 has points a … g, marked by both
// parties with every kind of sharing, and whose draft 2 keeps a and g
// unchanged, moves b, amends c, splits d in two and merges e and f.
type carryFixture struct {
	*fixture
	path                  string
	d1, d2                *parley.Draft
	a, b, c, d, e, f, g   int64 // the points' identities
	d2c, split1, split2   int64 // in draft 2: c amended, d's two parts
	merged                int64
	viewers               map[string]context.Context
	visibleOnDraft1       map[string]map[[2]int64]bool
	carriedPoints         map[int64]bool
	earlierRationales     map[int64][]string // draft 2's point -> russia's earlier rationales
	earlierChange         map[int64]parley.Change
	wantNumberOfB         string
	wantNumberOfBInDraft2 string
}

func newCarryFixture(t *testing.T) *carryFixture {
	t.Helper()
	path := filepath.Join(t.TempDir(), "parley.db")
	cf := &carryFixture{fixture: newFixtureAt(t, path), path: path}
	ws, f := cf.ws, cf.fixture
	pt := func(title, text string) parley.PointInput { return parley.PointInput{Title: title, Text: text} }
	cf.d1 = must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, &parley.DraftInput{Points: []parley.PointInput{
		{Kind: parley.KindSection, Title: "General", Points: []parley.PointInput{
			pt("Sovereignty", "Sovereignty will be confirmed."),
			pt("Non-aggression", "A non-aggression agreement."),
			pt("Territory", "Donetsk and Luhansk recognised de facto."),
			pt("Guarantees", "Reliable security guarantees."),
		}},
		pt("Economy", "Reconstruction and trade, with a fund for both."),
		pt("Prisoners", "All prisoners exchanged."),
		pt("Detainees", "Civilian detainees returned."),
	}}))
	ids := map[string]int64{}
	for _, p := range cf.d1.Points {
		ids[p.Title] = p.ID
	}
	cf.a, cf.b, cf.c, cf.g = ids["Sovereignty"], ids["Non-aggression"], ids["Territory"], ids["Guarantees"]
	cf.d, cf.e, cf.f = ids["Economy"], ids["Prisoners"], ids["Detainees"]
	cf.wantNumberOfB = cf.d1.Point(cf.b).Number

	// Russia changes its mind on a once (the latest version carries over),
	// keeps b from the mediator and marks c … f shared; Ukraine releases a
	// to all, shares b and marks nothing else.
	set := func(ctx context.Context, point int64, v parley.StanceValue, rationale string, share, release bool) {
		t.Helper()
		must[*parley.Stance](t)(ws.SetStance(ctx, f.talks, 1, point, parley.StanceInput{Value: v, Rationale: rationale,
			ShareWithMediator: ptr(share), ReleasedToAll: release}))
	}
	set(f.ru, cf.a, parley.Unsuitable, "RU-A-FIRST", true, false)
	set(f.ru, cf.a, parley.Acceptable, "RU-A", true, false)
	set(f.ruAdviser, cf.b, parley.Unsuitable, "RU-B-PRIVATE", false, false)
	set(f.ru, cf.c, parley.Unsuitable, "RU-C", true, false)
	set(f.ru, cf.d, parley.NeedsDiscussion, "RU-D", true, false)
	set(f.ru, cf.e, parley.Acceptable, "RU-E", true, false)
	set(f.ru, cf.f, parley.Unsuitable, "RU-F", true, false)
	set(f.ua, cf.a, parley.NeedsDiscussion, "UA-A-PUBLIC", false, true)
	set(f.ua, cf.b, parley.Acceptable, "UA-B", true, false)

	cf.viewers = map[string]context.Context{"russia": f.ru, "russia's adviser": f.ruAdviser, "ukraine": f.ua,
		"mediator": f.mediator, "observer": f.obs}
	cf.visibleOnDraft1 = map[string]map[[2]int64]bool{}
	for name, ctx := range cf.viewers {
		cf.visibleOnDraft1[name] = seenStances(t, ws, ctx, f.talks, 1)
	}

	cf.d2 = must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, &parley.DraftInput{Points: []parley.PointInput{
		{ID: cf.d1.Points[0].ID, Kind: parley.KindSection, Title: "General", Points: []parley.PointInput{
			{ID: cf.a, Title: "Sovereignty", Text: "Sovereignty will be confirmed."},
			{ID: cf.c, Title: "Territory", Text: "Donetsk recognised de facto; Luhansk left to talks."},
			{ID: cf.g, Title: "Guarantees", Text: "Reliable security guarantees."},
		}},
		{From: []int64{cf.d}, Title: "Reconstruction", Text: "Reconstruction, with a fund for both."},
		{From: []int64{cf.d}, Title: "Trade", Text: "Trade restored."},
		{From: []int64{cf.e, cf.f}, Title: "Prisoners and detainees", Text: "All prisoners and civilian detainees returned."},
		{ID: cf.b, Title: "Non-aggression", Text: "A non-aggression agreement."},
	}}))
	for _, p := range cf.d2.Points {
		switch p.Title {
		case "Reconstruction":
			cf.split1 = p.ID
		case "Trade":
			cf.split2 = p.ID
		case "Prisoners and detainees":
			cf.merged = p.ID
		}
	}
	cf.d2c = cf.c
	cf.wantNumberOfBInDraft2 = cf.d2.Point(cf.b).Number
	cf.carriedPoints = map[int64]bool{cf.a: true, cf.b: true}
	cf.earlierRationales = map[int64][]string{cf.c: {"RU-C"}, cf.split1: {"RU-D"}, cf.split2: {"RU-D"}, cf.merged: {"RU-E", "RU-F"}}
	cf.earlierChange = map[int64]parley.Change{cf.c: parley.ChangeAmended, cf.split1: parley.ChangeSplit,
		cf.split2: parley.ChangeSplit, cf.merged: parley.ChangeMerged}
	return cf
}

// seenStances returns the (party, point) pairs of the stances ctx sees on
// draft n.
func seenStances(t *testing.T, ws *workspace.Service, ctx context.Context, talks int64, n int) map[[2]int64]bool {
	t.Helper()
	out := map[[2]int64]bool{}
	for _, s := range must[[]parley.Stance](t)(ws.ListStances(ctx, talks, n)) {
		out[[2]int64{s.PartyID, s.PointID}] = true
	}
	return out
}

// TestCarryOverLineage checks which points of a new draft take their
// stances with them: unchanged and moved ones do, with value, rationale,
// wording and sharing, marked with where they came from; amended, split
// and merged ones do not.
func TestCarryOverLineage(t *testing.T) {
	cf := newCarryFixture(t)
	want := map[int64]parley.Change{cf.a: parley.ChangeUnchanged, cf.g: parley.ChangeUnchanged, cf.b: parley.ChangeMoved,
		cf.c: parley.ChangeAmended, cf.split1: parley.ChangeSplit, cf.split2: parley.ChangeSplit, cf.merged: parley.ChangeMerged}
	for id, c := range want {
		if got := cf.d2.Point(id).Change; got != c {
			t.Fatalf("the fixture's point %d is %s in draft 2, want %s", id, got, c)
		}
	}
	mine := map[int64]parley.Stance{}
	for _, s := range must[[]parley.Stance](t)(cf.ws.ListStances(cf.ru, cf.talks, 2)) {
		if s.PartyID == cf.russia {
			mine[s.PointID] = s
		}
	}
	if len(mine) != 2 {
		t.Fatalf("russia's stances on draft 2: got %d, want 2 (on the unchanged and the moved point): %+v", len(mine), mine)
	}
	a, b := mine[cf.a], mine[cf.b]
	if a.Value != parley.Acceptable || a.Rationale != "RU-A" || !a.ShareWithMediator ||
		a.Version != 1 || a.RecordedBy != "russia" || a.CarriedFrom == nil || *a.CarriedFrom != (parley.StanceOrigin{Draft: 1, Point: cf.a, Number: "1"}) {
		t.Errorf("russia's carried stance on the unchanged point: got %+v (from %+v)", a, a.CarriedFrom)
	}
	if b.Value != parley.Unsuitable || b.Rationale != "RU-B-PRIVATE" || b.ShareWithMediator || b.ReleasedToAll ||
		b.CarriedFrom == nil || b.CarriedFrom.Draft != 1 || b.CarriedFrom.Number != cf.wantNumberOfB {
		t.Errorf("russia's carried stance on the moved point: got %+v (from %+v)", b, b.CarriedFrom)
	}
	if cf.wantNumberOfB == cf.wantNumberOfBInDraft2 {
		t.Errorf("the moved point kept its number %s; the test wants one that moved", cf.wantNumberOfB)
	}
	m := must[*workspace.MarkingState](t)(cf.ws.MarkingOf(cf.ru, cf.talks, 2))
	if m.Marked != 2 || m.Carried != 2 || m.Points != 7 {
		t.Errorf("russia's marking of draft 2: got %+v, want 2 of 7 marked, 2 carried", m)
	}
	gm := must[*gap.Map](t)(cf.ws.GapMap(cf.mediator, cf.talks, 2))
	for _, r := range gm.Rows {
		for _, c := range r.Cells {
			if c.Party == cf.russia && r.ID == cf.a && c.Stance != string(parley.Acceptable) {
				t.Errorf("the mediator's gap map of draft 2: russia on the unchanged point is %q, want acceptable", c.Stance)
			}
		}
	}
}

// TestCarriedStancesAreSeenAsTheirOrigins checks that every viewer —
// the party, the other party, the mediator, an observer — sees of the
// carried stances exactly what it saw of the stances they came from, and
// that the audit log tells each party only of its own carried stances.
func TestCarriedStancesAreSeenAsTheirOrigins(t *testing.T) {
	cf := newCarryFixture(t)
	for name, ctx := range cf.viewers {
		want := map[[2]int64]bool{}
		for k := range cf.visibleOnDraft1[name] {
			if cf.carriedPoints[k[1]] {
				want[k] = true
			}
		}
		got := seenStances(t, cf.ws, ctx, cf.talks, 2)
		if len(got) != len(want) {
			t.Errorf("%s sees %v on draft 2, want %v (what it saw on draft 1 of the carried points)", name, got, want)
		}
		for k := range want {
			if !got[k] {
				t.Errorf("%s does not see the carried stance %v", name, k)
			}
		}
	}
	// What the mediator may not see is withheld in its gap map, as before.
	gm := must[*gap.Map](t)(cf.ws.GapMap(cf.mediator, cf.talks, 2))
	for _, r := range gm.Rows {
		for _, c := range r.Cells {
			if r.ID == cf.b && c.Party == cf.russia && c.Stance != gap.Withheld {
				t.Errorf("the mediator's gap map shows russia's private carried stance as %q", c.Stance)
			}
		}
	}
	carryRecords := func(ctx context.Context) map[int64]any {
		entries, _ := must2(cf.ws.AuditLog(ctx, cf.talks))
		out := map[int64]any{}
		for _, e := range entries {
			if e.Record.Action == "stance.carry" {
				out[e.Record.Party] = e.Record.Details["stances"]
			}
		}
		return out
	}
	if got := carryRecords(cf.ru); len(got) != 1 || got[cf.russia] == nil {
		t.Errorf("russia's audit log: carry records %v, want its own only", got)
	}
	for _, name := range []string{"mediator", "observer"} {
		if got := carryRecords(cf.viewers[name]); len(got) != 0 {
			t.Errorf("%s's audit log shows carry records %v", name, got)
		}
	}
	// The carried rationale is sealed at rest, as every rationale is.
	for _, suffix := range []string{"", "-wal"} {
		raw, err := os.ReadFile(cf.path + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte("RU-B-PRIVATE")) {
			t.Errorf("the database file%s holds a rationale in the clear", suffix)
		}
	}
	if _, err := cf.ws.VerifyAudit(context.Background(), nil, ""); err != nil {
		t.Errorf("verifying the audit log and every row: %v", err)
	}
}

// TestEarlierStancesOfChangedPoints checks that a party is shown, on
// each amended, split or merged point, its stances on the points it came
// from, with the words that changed; and that nobody else is.
func TestEarlierStancesOfChangedPoints(t *testing.T) {
	cf := newCarryFixture(t)
	got := map[int64][]string{}
	for _, e := range must[[]workspace.EarlierStance](t)(cf.ws.EarlierStances(cf.ru, cf.talks, 2)) {
		if e.Stance.PartyID != cf.russia || e.Stance.Draft != 1 {
			t.Errorf("an earlier stance not russia's on draft 1: %+v", e.Stance)
		}
		if e.Change != cf.earlierChange[e.Point] {
			t.Errorf("point %d: change %s, want %s", e.Point, e.Change, cf.earlierChange[e.Point])
		}
		if e.FromNumber != cf.d1.Point(e.Stance.PointID).Number {
			t.Errorf("point %d: from number %q, want %q", e.Point, e.FromNumber, cf.d1.Point(e.Stance.PointID).Number)
		}
		changed := false
		for _, op := range e.Words {
			changed = changed || op.Kind != diff.Equal
		}
		if !changed {
			t.Errorf("point %d: the word diff %v shows no change", e.Point, e.Words)
		}
		got[e.Point] = append(got[e.Point], e.Stance.Rationale)
	}
	for p, want := range cf.earlierRationales {
		if strings.Join(got[p], ",") != strings.Join(want, ",") {
			t.Errorf("point %d: earlier stances %v, want %v", p, got[p], want)
		}
	}
	if len(got) != len(cf.earlierRationales) {
		t.Errorf("earlier stances on %d points, want %d: %v", len(got), len(cf.earlierRationales), got)
	}
	for _, name := range []string{"ukraine", "mediator", "observer"} {
		if es := must[[]workspace.EarlierStance](t)(cf.ws.EarlierStances(cf.viewers[name], cf.talks, 2)); len(es) != 0 {
			t.Errorf("%s is shown earlier stances %+v", name, es)
		}
	}
	if es := must[[]workspace.EarlierStance](t)(cf.ws.EarlierStances(cf.ru, cf.talks, 1)); len(es) != 0 {
		t.Errorf("draft 1 has earlier stances %+v", es)
	}
}

// TestConfirmCarriedStances checks that confirming makes a carried stance
// the party's own (a new version, as it stood), that only carried
// stances can be confirmed, by those who may mark, and that a stance
// carried over twice names the draft it was last marked on.
func TestConfirmCarriedStances(t *testing.T) {
	cf := newCarryFixture(t)
	ws := cf.ws
	got := must[[]parley.Stance](t)(ws.ConfirmStances(cf.ruAdviser, cf.talks, 2, []int64{cf.a}))
	if len(got) != 1 || got[0].CarriedFrom != nil || got[0].Version != 2 || got[0].RecordedBy != "russia-adviser" ||
		got[0].Rationale != "RU-A" || !got[0].ShareWithMediator {
		t.Fatalf("confirming russia's stance on a: got %+v", got)
	}
	h := must[[]parley.Stance](t)(ws.StanceHistory(cf.ru, cf.talks, 2, cf.a))
	if len(h) != 2 || h[0].CarriedFrom == nil || h[1].CarriedFrom != nil {
		t.Errorf("the history of russia's stance on a in draft 2: got %+v, want the carried version, then the confirmed", h)
	}
	if m := must[*workspace.MarkingState](t)(ws.MarkingOf(cf.ru, cf.talks, 2)); m.Marked != 2 || m.Carried != 1 {
		t.Errorf("russia's marking after confirming one: got %+v, want 2 marked, 1 carried", m)
	}
	for _, p := range []int64{cf.a, cf.c, cf.g} {
		if _, err := ws.ConfirmStances(cf.ru, cf.talks, 2, []int64{p}); code(err) != parley.ECONFLICT {
			t.Errorf("confirming russia's stance on %d, not carried: got %v, want %s", p, err, parley.ECONFLICT)
		}
	}
	if _, err := ws.ConfirmStances(cf.ru, cf.talks, 1, []int64{cf.a}); code(err) != parley.ECONFLICT {
		t.Errorf("confirming on a superseded draft: got %v, want %s", err, parley.ECONFLICT)
	}
	for name, ctx := range map[string]context.Context{"mediator": cf.mediator, "observer": cf.obs} {
		if _, err := ws.ConfirmStances(ctx, cf.talks, 2, nil); code(err) != parley.EFORBIDDEN {
			t.Errorf("%s confirming: got %v, want %s", name, err, parley.EFORBIDDEN)
		}
	}
	all := must[[]parley.Stance](t)(ws.ConfirmStances(cf.ua, cf.talks, 2, nil))
	if len(all) != 2 {
		t.Errorf("ukraine confirming all: got %d stances, want 2", len(all))
	}
	if again := must[[]parley.Stance](t)(ws.ConfirmStances(cf.ua, cf.talks, 2, nil)); len(again) != 0 {
		t.Errorf("confirming all again: got %d, want none", len(again))
	}
	// Changing a carried stance also makes it the party's own.
	must[*parley.Stance](t)(ws.SetStance(cf.ru, cf.talks, 2, cf.b, parley.StanceInput{Value: parley.NeedsDiscussion, ShareWithMediator: ptr(false)}))
	if m := must[*workspace.MarkingState](t)(ws.MarkingOf(cf.ru, cf.talks, 2)); m.Carried != 0 {
		t.Errorf("russia's marking after changing the other: got %+v, want none carried", m)
	}

	// Draft 3 keeps every point: russia's stances come from draft 2, where
	// it confirmed or changed them; ukraine's from draft 2 too.
	must[*parley.Draft](t)(ws.TableDraft(cf.mediator, cf.talks, unchanged(cf.d2)))
	ss := must[[]parley.Stance](t)(ws.ListStances(cf.ru, cf.talks, 3))
	for _, s := range ss {
		if s.CarriedFrom == nil || s.CarriedFrom.Draft != 2 {
			t.Errorf("a stance on draft 3: got %+v from %+v, want carried from draft 2", s, s.CarriedFrom)
		}
	}
	// Draft 4, tabled again unchanged, names draft 2 still: the party has
	// not marked since.
	must[*parley.Draft](t)(ws.TableDraft(cf.mediator, cf.talks, unchanged(cf.d2)))
	for _, s := range must[[]parley.Stance](t)(ws.ListStances(cf.ru, cf.talks, 4)) {
		if s.CarriedFrom == nil || s.CarriedFrom.Draft != 2 {
			t.Errorf("a stance on draft 4: got from %+v, want draft 2", s.CarriedFrom)
		}
	}
	if len(ss) != 3 {
		t.Errorf("russia sees %d stances on draft 3, want 3 (its own two, ukraine's released one)", len(ss))
	}
}

// unchanged is the input of a draft that keeps every point of d as it is.
func unchanged(d *parley.Draft) *parley.DraftInput {
	in := workspace.InputOf(d)
	var clear func([]parley.PointInput)
	clear = func(ps []parley.PointInput) {
		for i := range ps {
			ps[i].From = nil
			clear(ps[i].Points)
		}
	}
	clear(in.Points)
	in.Title = ""
	return in
}

// amendedAll is the input of a draft that amends every point of d.
func amendedAll(d *parley.Draft) *parley.DraftInput {
	in := unchanged(d)
	var amend func([]parley.PointInput)
	amend = func(ps []parley.PointInput) {
		for i := range ps {
			if ps[i].Kind != parley.KindSection {
				ps[i].Text += " (revised)"
			}
			amend(ps[i].Points)
		}
	}
	amend(in.Points)
	return in
}

// TestCarriedMarksKeptStayTrue: the marks of carried stances a backend
// keeps in memory (sqlstore's carriedMarks) give every viewer the gap map,
// and Russia its marking, that a backend keeping nothing gives — before
// and after Russia replaces a carried stance with one of its own.
func TestCarriedMarksKeptStayTrue(t *testing.T) {
	cf := newCarryFixture(t)
	compare := func(when string) {
		t.Helper()
		fresh := newServiceAt(t, cf.path)
		for name, ctx := range cf.viewers {
			kept := must[*gap.Map](t)(cf.ws.GapMap(ctx, cf.talks, 2))
			want := must[*gap.Map](t)(fresh.GapMap(ctx, cf.talks, 2))
			if !reflect.DeepEqual(kept, want) {
				t.Errorf("%s: %s's gap map of draft 2 from kept marks:\n%+v\nwant, read afresh:\n%+v", when, name, kept, want)
			}
		}
		kept := must[*workspace.MarkingState](t)(cf.ws.MarkingOf(cf.ru, cf.talks, 2))
		want := must[*workspace.MarkingState](t)(fresh.MarkingOf(cf.ru, cf.talks, 2))
		if !reflect.DeepEqual(kept, want) {
			t.Errorf("%s: russia's marking of draft 2 from kept marks: %+v, want %+v", when, kept, want)
		}
		for _, party := range []int64{0, cf.russia} {
			keptMarks, wantMarks := storedMarks(t, cf.ws, cf.talks, 2, party)
			if !reflect.DeepEqual(keptMarks, wantMarks) {
				t.Errorf("%s: the marks of party %d on draft 2 from kept marks:\n%+v\nwant, as the stances read:\n%+v", when, party, keptMarks, wantMarks)
			}
		}
	}
	compare("before russia's own stance")
	var carried *parley.Stance
	for _, s := range must[[]parley.Stance](t)(cf.ws.ListStances(cf.ru, cf.talks, 2)) {
		if s.CarriedFrom != nil && s.Value != parley.Unsuitable {
			carried = &s
			break
		}
	}
	if carried == nil {
		t.Fatal("russia has no carried stance on draft 2 that is not unsuitable")
	}
	must[*parley.Stance](t)(cf.ws.SetStance(cf.ru, cf.talks, 2, carried.PointID, parley.StanceInput{Value: parley.Unsuitable}))
	compare("after russia's own stance")
	gm := must[*gap.Map](t)(cf.ws.GapMap(cf.ru, cf.talks, 2))
	for _, r := range gm.Rows {
		for _, c := range r.Cells {
			if r.ID == carried.PointID && c.Party == cf.russia && c.Stance != string(parley.Unsuitable) {
				t.Errorf("russia's gap map shows its own stance on point %d as %q, want unsuitable", r.ID, c.Stance)
			}
		}
	}
}

// storedMarks returns the marks of party (every party's for 0) on draft
// of talks talksID as ws's store reads them, and as its stances with their
// rationales (read without kept marks) have them.
func storedMarks(t *testing.T, ws *workspace.Service, talksID int64, draft int, party int64) (marks, want []parley.Stance) {
	t.Helper()
	ctx := context.Background()
	err := ws.Store.View(ctx, func(tx parley.Tx) error {
		var err error
		if marks, err = tx.StanceMarks(ctx, talksID, draft, party); err != nil {
			return err
		}
		all, err := tx.Stances(ctx, talksID, draft)
		for _, s := range all {
			if party == 0 || s.PartyID == party {
				s.Rationale, s.ProposedWording = "", ""
				want = append(want, s)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return marks, want
}

// TestCarriedMarksOfAnOlderSnapshotAreNotKept: a read whose snapshot
// predates a draft's tabling sees none of its carried stances; what it
// resolves is not kept, and the next read of the draft has them all.
func TestCarriedMarksOfAnOlderSnapshotAreNotKept(t *testing.T) {
	cf := newCarryFixture(t)
	ctx := context.Background()
	// Draft 3 is draft 2 again, every point carried on.
	in := workspace.InputOf(must[*parley.Draft](t)(cf.ws.GetDraft(cf.mediator, cf.talks, 2)))
	var unlink func(ps []parley.PointInput)
	unlink = func(ps []parley.PointInput) {
		for i := range ps {
			ps[i].From = nil
			unlink(ps[i].Points)
		}
	}
	unlink(in.Points)
	err := cf.ws.Store.View(ctx, func(tx parley.Tx) error {
		if _, err := tx.Drafts(ctx, cf.talks); err != nil { // the snapshot is taken
			return err
		}
		must[*parley.Draft](t)(cf.ws.TableDraft(cf.mediator, cf.talks, in))
		_, err := tx.StanceMarks(ctx, cf.talks, 3, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	marks, want := storedMarks(t, cf.ws, cf.talks, 3, 0)
	if len(want) == 0 || !reflect.DeepEqual(marks, want) {
		t.Errorf("draft 3's marks after a read of an older snapshot: %d, want the %d stances carried to it", len(marks), len(want))
	}
}
