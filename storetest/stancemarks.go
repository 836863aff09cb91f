package storetest

import (
	"context"
	"testing"

	"github.com/parley-talks/parley"
)

// testStanceMarks checks the marks read for counting and the gap map
// (StanceMarks): the same current stances as Stances, in the same order,
// with their origins, values and sharing, and without their sealed
// fields; and one party's alone when it is named.
func testStanceMarks(t *testing.T, s Store) {
	tk, ids, parties := markedAndCarried(t, s)
	err := view(t, s, func(ctx context.Context, tx parley.Tx) error {
		for _, draft := range []int{1, 2} {
			full, err := tx.Stances(ctx, tk.ID, draft)
			if err != nil {
				return err
			}
			marks, err := tx.StanceMarks(ctx, tk.ID, draft, 0)
			if err != nil {
				return err
			}
			if len(marks) != len(full) || len(full) == 0 {
				t.Fatalf("draft %d: %d marks, %d stances", draft, len(marks), len(full))
			}
			for i, m := range marks {
				f := full[i]
				if m.Rationale != "" || m.ProposedWording != "" {
					t.Errorf("draft %d, mark %d: the sealed fields were read: %+v", draft, i, m)
				}
				if (m.CarriedFrom == nil) != (f.CarriedFrom == nil) || (m.CarriedFrom != nil && *m.CarriedFrom != *f.CarriedFrom) {
					t.Errorf("draft %d, mark %d: origin %+v, the stance's %+v", draft, i, m.CarriedFrom, f.CarriedFrom)
				}
				m.Rationale, m.ProposedWording, m.CarriedFrom = f.Rationale, f.ProposedWording, f.CarriedFrom
				if m != f {
					t.Errorf("draft %d, mark %d: got %+v, the stance is %+v", draft, i, m, f)
				}
			}
		}
		first, err := tx.StanceMarks(ctx, tk.ID, 1, 0)
		if err != nil {
			return err
		}
		if first[0].PointID != ids[0] || first[0].PartyID != parties[0].ID || first[0].Version != 2 || first[0].Value != parley.Acceptable {
			t.Errorf("the first mark on draft 1: got %+v, want the first party's second version on the first point", first[0])
		}
		// One party's marks: those of all the parties' that are its, in order.
		for _, p := range parties {
			for _, draft := range []int{1, 2} {
				all, err := tx.StanceMarks(ctx, tk.ID, draft, 0)
				if err != nil {
					return err
				}
				var want []parley.Stance
				for _, m := range all {
					if m.PartyID == p.ID {
						want = append(want, m)
					}
				}
				got, err := tx.StanceMarks(ctx, tk.ID, draft, p.ID)
				if err != nil {
					return err
				}
				if len(got) != len(want) || (draft == 1 && len(got) == 0) {
					t.Fatalf("party %d's marks on draft %d: got %d, want %d", p.ID, draft, len(got), len(want))
				}
				for i := range got {
					if got[i].PointID != want[i].PointID || got[i].PartyID != p.ID || got[i].Version != want[i].Version {
						t.Errorf("party %d's mark %d on draft %d: got %+v, want %+v", p.ID, i, draft, got[i], want[i])
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}
