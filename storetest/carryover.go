package storetest

import (
	"context"
	"testing"

	"github.com/parley-talks/parley"
)

// testCarriedStances checks that a stance carried over (CarryStances)
// keeps where it came from, is the first version on its draft, cannot be
// carried onto a stance already there, that the next version of it (the
// party's confirmation or change) is its own, and that the history keeps
// both.
func testCarriedStances(t *testing.T, s Store) {
	tid, d := talksWithDraft(t, s)
	p := &parley.Party{TalksID: tid, Name: "Russia", Kind: parley.PartyParty}
	point := d.Points[1].ID
	origin := parley.StanceOrigin{Draft: 1, Point: point, Number: "2"}
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.CreateParty(ctx, p); err != nil {
			return err
		}
		st := &parley.Stance{TalksID: tid, Draft: 1, PointID: point, PartyID: p.ID, Value: parley.Unsuitable,
			Rationale: "secret reason", ShareWithMediator: true, RecordedBy: "russia", RecordedAt: now}
		if err := tx.PutStance(ctx, st); err != nil {
			return err
		}
		d2 := *d
		d2.Number = 2
		if err := tx.PutDraft(ctx, &d2); err != nil {
			return err
		}
		_, err := tx.CarryStances(ctx, tid, 1, 2, p.ID, map[int64]string{point: "2"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		_, err := tx.CarryStances(ctx, tid, 1, 2, p.ID, map[int64]string{point: "2"})
		return err
	}); code(err) != parley.ECONFLICT {
		t.Errorf("carrying a stance over to a point the party has marked there: got %v, want %s", err, parley.ECONFLICT)
	}
	current := func(draft int) parley.Stance {
		t.Helper()
		var out []parley.Stance
		if err := view(t, s, func(ctx context.Context, tx parley.Tx) (err error) {
			out, err = tx.Stances(ctx, tid, draft)
			return err
		}); err != nil || len(out) != 1 {
			t.Fatalf("stances on draft %d: got %+v, %v, want one", draft, out, err)
		}
		return out[0]
	}
	if got := current(2); got.CarriedFrom == nil || *got.CarriedFrom != origin || got.Rationale != "secret reason" ||
		!got.ShareWithMediator || got.Version != 1 {
		t.Errorf("the carried stance: got %+v from %+v, want the stance carried from %+v", got, got.CarriedFrom, origin)
	}
	if got := current(1); got.CarriedFrom != nil {
		t.Errorf("the stance it came from: got carried from %+v, want nil", got.CarriedFrom)
	}
	laterVersionWhereItCameFrom(t, s, tid, point, p.ID, current)
	err = update(t, s, func(ctx context.Context, tx parley.Tx) error {
		return tx.PutStance(ctx, &parley.Stance{TalksID: tid, Draft: 2, PointID: point, PartyID: p.ID, Value: parley.Unsuitable,
			Rationale: "secret reason", ShareWithMediator: true, RecordedBy: "russia", RecordedAt: now})
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := current(2); got.CarriedFrom != nil || got.Version != 2 {
		t.Errorf("the confirmed stance: got version %d carried from %+v, want version 2, its own", got.Version, got.CarriedFrom)
	}
	err = view(t, s, func(ctx context.Context, tx parley.Tx) error {
		h, err := tx.StanceHistory(ctx, tid, 2, point, p.ID)
		if len(h) != 2 || h[0].CarriedFrom == nil || h[1].CarriedFrom != nil {
			t.Errorf("history: got %+v, want the carried version, then the party's own", h)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// laterVersionWhereItCameFrom writes a later version of the stance on
// draft 1 (which the workspace never writes once draft 2 is tabled) and
// checks that draft 2 keeps the version it carried: its source is then
// not the current version there.
func laterVersionWhereItCameFrom(t *testing.T, s Store, tid, point, party int64, current func(int) parley.Stance) {
	t.Helper()
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		return tx.PutStance(ctx, &parley.Stance{TalksID: tid, Draft: 1, PointID: point, PartyID: party, Value: parley.Acceptable,
			Rationale: "a later reason", RecordedBy: "russia", RecordedAt: now})
	}); err != nil {
		t.Fatal(err)
	}
	if got := current(2); got.CarriedFrom == nil || got.Value != parley.Unsuitable || got.Rationale != "secret reason" {
		t.Errorf("the carried stance after a later version where it came from: got %+v, want the version carried", got)
	}
}
