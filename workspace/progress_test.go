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
	must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, workspace.InputOf(d)))
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
