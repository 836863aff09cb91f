package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/parley-talks/parley"
)

// testSettlement checks the improvements the mediator shares (listed
// oldest first with their baseline and package, the talks' own) and the
// option wordings (replaced as a set, read back in order, the talks' own).
func testSettlement(t *testing.T, s Store) {
	tid, d := talksWithDraft(t, s)
	other, od := talksWithDraft(t, s)
	p1, p2 := d.Points[0].ID, d.Points[1].ID
	shares := []*parley.ImprovementShare{
		{SpaceVersion: 2, Label: "Improvement 1", Baseline: map[string]string{"Border": "River"}, Package: map[string]string{"Border": "Ridge"}, SharedAt: now},
		{SpaceVersion: 2, Label: "Improvement 2", Baseline: map[string]string{"Border": "River"}, Package: map[string]string{"Border": "Hill"}, SharedAt: now},
	}
	first := []parley.OptionWording{{Issue: "Border", Option: "River", PointID: p1, Text: "The river is the border."},
		{Issue: "Border", Option: "Ridge", PointID: p1, Text: "The ridge is the border."}}
	second := []parley.OptionWording{{Issue: "Border", Option: "Ridge", PointID: p2, Text: "Along the ridge."},
		{Issue: "Aid", Option: "Some", PointID: p1, Text: "Some aid."}}
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		for _, sh := range shares {
			if err := tx.PutImprovementShare(ctx, tid, sh); err != nil {
				return err
			}
		}
		if err := tx.PutOptionWordings(ctx, other, []parley.OptionWording{{Issue: "X", Option: "Y", PointID: od.Points[0].ID, Text: "other"}}); err != nil {
			return err
		}
		if err := tx.PutOptionWordings(ctx, tid, first); err != nil {
			return err
		}
		return tx.PutOptionWordings(ctx, tid, second)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = view(t, s, func(ctx context.Context, tx parley.Tx) error {
		got, err := tx.ImprovementShares(ctx, tid)
		if err != nil {
			return err
		}
		if len(got) != 2 || got[0].ID != shares[0].ID || got[1].Package["Border"] != "Hill" || got[0].Baseline["Border"] != "River" ||
			got[0].SpaceVersion != 2 || got[0].Label != "Improvement 1" || !got[0].SharedAt.Equal(now) {
			t.Errorf("improvement shares: got %+v", got)
		}
		if o, err := tx.ImprovementShares(ctx, other); err != nil || len(o) != 0 {
			t.Errorf("the other talks' shares: got %+v, %v; want none", o, err)
		}
		ws, err := tx.OptionWordings(ctx, tid)
		if err != nil {
			return err
		}
		want := []parley.OptionWording{second[1], second[0]} // by issue, option, point
		if !slices.Equal(ws, want) {
			t.Errorf("option wordings after replacing: got %+v, want %+v", ws, want)
		}
		if o, err := tx.OptionWordings(ctx, other); err != nil || len(o) != 1 || o[0].Text != "other" {
			t.Errorf("the other talks' wordings: got %+v, %v", o, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
