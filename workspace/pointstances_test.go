package workspace_test

import (
	"reflect"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestStancesOnPointMatchTheDraft checks the one-point read that saving a
// mark answers with against the whole-draft reads it replaces: for every
// viewer and every point of both drafts of the carry-over fixture (points
// kept, moved, amended, split and merged), StancesOnPoint gives the
// stances ListStances gives on that point and the earlier stances
// EarlierStances gives for it, no more and no fewer.
func TestStancesOnPointMatchTheDraft(t *testing.T) {
	cf := newCarryFixture(t)
	for name, ctx := range cf.viewers {
		for _, d := range []*parley.Draft{cf.d1, cf.d2} {
			all := must[[]parley.Stance](t)(cf.ws.ListStances(ctx, cf.talks, d.Number))
			earlier := must[[]workspace.EarlierStance](t)(cf.ws.EarlierStances(ctx, cf.talks, d.Number))
			for _, p := range d.Markable() {
				want := &workspace.PointStances{Stances: []parley.Stance{}, Earlier: []workspace.EarlierStance{}}
				for _, st := range all {
					if st.PointID == p.ID {
						want.Stances = append(want.Stances, st)
					}
				}
				for _, e := range earlier {
					if e.Point == p.ID {
						want.Earlier = append(want.Earlier, e)
					}
				}
				got, err := cf.ws.StancesOnPoint(ctx, cf.talks, d.Number, p.ID)
				if err != nil {
					t.Fatalf("%s, point %s of draft %d: %v", name, p.Number, d.Number, err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s, point %s of draft %d:\n got %+v\nwant %+v", name, p.Number, d.Number, got, want)
				}
			}
		}
		if _, err := cf.ws.StancesOnPoint(ctx, cf.talks, 2, cf.d2.Points[0].ID); parley.ErrorCode(err) != parley.ENOTFOUND {
			t.Errorf("%s, the stances on a section heading: got %v, want not found", name, err)
		}
	}
}
