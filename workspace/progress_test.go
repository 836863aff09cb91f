package workspace_test

import (
	"context"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
	"github.com/parley-talks/parley/gap"
	"github.com/parley-talks/parley/workspace"
)

// TestMissingMarksByViewer checks, through the service, that the gap map
// tells not marked from withheld for the mediator, each party and an
// observer, and that the verdict right after tabling says marking is
// under way rather than comparing.
func TestMissingMarksByViewer(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	pts := d.Markable()
	// Russia marks point 1 shared, point 2 kept to itself; Ukraine marks
	// nothing.
	must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, 1, pts[0].ID, parley.StanceInput{Value: parley.Acceptable, ShareWithMediator: ptr(true)}))
	must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, 1, pts[1].ID, parley.StanceInput{Value: parley.Unsuitable, ShareWithMediator: ptr(false)}))

	A, U, no, wh := "acceptable", "unsuitable", gap.Unmarked, gap.Withheld
	tests := []struct {
		name    string
		ctx     context.Context
		russia  []string
		ukraine []string
		verdict string
	}{
		{"mediator", f.mediator, []string{A, wh, no, no}, []string{no, no, no, no},
			"Draft 1: marking under way (Russia 2 of 4, Ukraine 0 of 4)"},
		{"russia", f.ru, []string{A, U, no, no}, []string{wh, wh, wh, wh},
			"Draft 1: marking under way (Russia 2 of 4)"},
		{"ukraine", f.ua, []string{wh, wh, wh, wh}, []string{no, no, no, no},
			"Draft 1: marking under way (Ukraine 0 of 4)"},
		{"observer", f.obs, []string{wh, wh, wh, wh}, []string{wh, wh, wh, wh},
			"Draft 1: no mark on it is shared with you yet."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := must[*gap.Map](t)(ws.GapMap(tt.ctx, f.talks, 1))
			for i, r := range m.Rows {
				for _, c := range r.Cells {
					want := map[int64]string{f.russia: tt.russia[i], f.ukraine: tt.ukraine[i]}[c.Party]
					if c.Stance != want {
						t.Errorf("point %s, party %d: got %q, want %q", r.Number, c.Party, c.Stance, want)
					}
				}
			}
			c := must[*gap.Convergence](t)(ws.Convergence(tt.ctx, f.talks))
			if !strings.HasPrefix(c.Verdict, tt.verdict) {
				t.Errorf("verdict: got %q, want it to start %q", c.Verdict, tt.verdict)
			}
		})
	}

	// Right after draft 2 is tabled, the mediator reads that marking is
	// under way, not that the draft is further apart.
	must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, 1, pts[2].ID, parley.StanceInput{Value: parley.Acceptable, ReleasedToAll: true}))
	for _, p := range pts {
		must[*parley.Stance](t)(ws.SetStance(f.ua, f.talks, 1, p.ID, parley.StanceInput{Value: parley.Acceptable, ReleasedToAll: true}))
	}
	// Every point amended, so that no stance carries over to draft 2.
	must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, amendedAll(d)))
	c := must[*gap.Convergence](t)(ws.Convergence(f.mediator, f.talks))
	if want := "Draft 2: marking under way (Russia 0 of 4, Ukraine 0 of 4)"; !strings.HasPrefix(c.Verdict, want) || strings.Contains(c.Verdict, "Further apart") {
		t.Errorf("verdict right after tabling: got %q, want it to start %q", c.Verdict, want)
	}
}

// TestDiffNamesTheDraftAskedFor checks that comparing with a draft that
// does not exist names that draft, and that counts are of points only.
func TestDiffNamesTheDraftAskedFor(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	in := workspace.InputOf(d)
	in.Points[0].Title = "General provisions" // a section heading amended
	in.Points[1].Text = "Donetsk and Luhansk recognised."
	must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, in))
	for _, tt := range []struct {
		from, to int
		field    string
		want     string
	}{
		{1, 50, "to", "there is no draft 50: the latest is draft 2"},
		{40, 50, "from", "there is no draft 40: the latest is draft 2"},
	} {
		_, err := ws.Diff(f.mediator, f.talks, tt.from, tt.to)
		if code(err) != parley.EINVALID || parley.ErrorField(err) != tt.field || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("diff %d..%d: got %v, want invalid %s %q", tt.from, tt.to, err, tt.field, tt.want)
		}
	}
	res := must[*diff.Result](t)(ws.Diff(f.mediator, f.talks, 1, 2))
	if res.Counts[parley.ChangeAmended] != 1 || res.Counts[parley.ChangeUnchanged] != 3 || res.Sections[parley.ChangeAmended] != 1 {
		t.Errorf("counts: got points %v, sections %v; want 1 amended and 3 unchanged points, 1 amended section", res.Counts, res.Sections)
	}
}

// TestMarkingProgress checks that a party declares its marking finished
// and withdraws that, that the mediator sees per party finished or not and
// how many points are marked, and that no other party or observer does.
func TestMarkingProgress(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	pts := d.Markable()
	must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, 1, pts[0].ID, parley.StanceInput{Value: parley.Unsuitable, ShareWithMediator: ptr(false)}))
	st := must[*workspace.MarkingState](t)(ws.SetMarkingFinished(f.ruAdviser, f.talks, 1, true))
	if !st.Finished || st.Marked != 1 || st.Points != 4 {
		t.Errorf("russia's marking: got %+v, want finished, 1 of 4 marked", st)
	}
	progress := func(ctx context.Context) map[int64]gap.PartyCounts {
		out := map[int64]gap.PartyCounts{}
		for _, c := range must[*gap.Map](t)(ws.GapMap(ctx, f.talks, 1)).Counts {
			out[c.Party] = c
		}
		return out
	}
	med := progress(f.mediator)
	if c := med[f.russia]; !c.Known || !c.Finished || c.Marked != 1 || c.Withheld != 1 || c.Unmarked != 3 || c.Unsuitable != 0 {
		t.Errorf("russia as the mediator sees it: got %+v, want finished, 1 marked (withheld), 3 not marked", c)
	}
	if c := med[f.ukraine]; !c.Known || c.Finished || c.Marked != 0 || c.Unmarked != 4 {
		t.Errorf("ukraine as the mediator sees it: got %+v, want not finished, 4 not marked", c)
	}
	for name, ctx := range map[string]context.Context{"ukraine": f.ua, "observer": f.obs} {
		if c := progress(ctx)[f.russia]; c.Known || c.Finished || c.Marked != 0 || c.Unmarked != 0 {
			t.Errorf("russia's progress as %s sees it: got %+v, want nothing known", name, c)
		}
	}
	c := must[*gap.Convergence](t)(ws.Convergence(f.mediator, f.talks))
	if want := "marking under way (Russia finished, Ukraine 0 of 4)"; !strings.Contains(c.Verdict, want) {
		t.Errorf("mediator's verdict: got %q, want %q", c.Verdict, want)
	}

	// Withdrawn, Russia is 1 of 4 again; declaring twice changes nothing.
	must[*workspace.MarkingState](t)(ws.SetMarkingFinished(f.ru, f.talks, 1, true))
	st = must[*workspace.MarkingState](t)(ws.SetMarkingFinished(f.ru, f.talks, 1, false))
	if st.Finished {
		t.Errorf("after withdrawing: got %+v, want not finished", st)
	}
	if c := progress(f.mediator)[f.russia]; c.Finished {
		t.Errorf("the mediator still sees russia finished after it withdrew")
	}
	for name, ctx := range map[string]context.Context{"mediator": f.mediator, "observer": f.obs} {
		if _, err := ws.SetMarkingFinished(ctx, f.talks, 1, true); code(err) != parley.EFORBIDDEN {
			t.Errorf("%s declaring: got %v, want forbidden", name, err)
		}
	}
	if _, err := ws.SetMarkingFinished(f.out, f.talks, 1, true); code(err) != parley.ENOTFOUND {
		t.Errorf("outsider declaring: got %v, want not found", err)
	}
	must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, workspace.InputOf(d)))
	if _, err := ws.SetMarkingFinished(f.ru, f.talks, 1, true); code(err) != parley.ECONFLICT {
		t.Errorf("declaring a superseded draft: got %v, want conflict", err)
	}
	// The audit log records the declarations as Russia's business.
	entries, _, err := ws.AuditLog(f.ru, f.talks)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		if strings.HasPrefix(e.Record.Action, "marking.") {
			actions = append(actions, e.Record.Action)
		}
	}
	if got := strings.Join(actions, " "); got != "marking.finish marking.finish marking.reopen" {
		t.Errorf("russia's audit records: got %q, want finish, finish, reopen", got)
	}
	entries, _, _ = ws.AuditLog(f.ua, f.talks)
	for _, e := range entries {
		if strings.HasPrefix(e.Record.Action, "marking.") {
			t.Errorf("ukraine sees russia's %s record", e.Record.Action)
		}
	}
}
