package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
)

// testPointStances checks the stances read for one point (PointStances):
// every party's current version on that point and no other's; and that
// many stances carried over at once (CarryStances, by multi-row inserts
// of a few fixed sizes) are each stored, with its origin and its sealed
// rationale, and noted for the audit record as written, so that the log's
// row digests verify.
func testPointStances(t *testing.T, s Store) {
	tk, ids, parties := markedAndCarried(t, s)
	const points = carriedPoints
	err := view(t, s, func(ctx context.Context, tx parley.Tx) error {
		on, err := tx.PointStances(ctx, tk.ID, 1, ids[0])
		if err != nil {
			return err
		}
		if len(on) != 2 || on[0].PartyID != parties[0].ID || on[0].Version != 2 || on[0].Value != parley.Acceptable ||
			on[1].PartyID != parties[1].ID || on[0].Rationale != "on the first" {
			t.Errorf("the stances on point 1 of draft 1: got %+v, want both parties' second versions, by party", on)
		}
		if none, err := tx.PointStances(ctx, tk.ID, 1, ids[points]); err != nil || len(none) != 0 {
			t.Errorf("the stances on an unmarked point: got %+v, %v", none, err)
		}
		all, err := tx.Stances(ctx, tk.ID, 2)
		if err != nil {
			return err
		}
		if len(all) != points {
			t.Fatalf("carried over: %d stances on draft 2, want %d", len(all), points)
		}
		for i, st := range all {
			// The first point's is the first party's second version there.
			reason, share, value := fmt.Sprintf("reason %d", i), i%2 == 0, parley.NeedsDiscussion
			if i == 0 {
				reason, share, value = "on the first", false, parley.Acceptable
			}
			if st.PointID != ids[i] || st.Rationale != reason || st.ShareWithMediator != share || st.Value != value ||
				st.Version != 1 || st.CarriedFrom == nil || st.CarriedFrom.Point != ids[i] || st.CarriedFrom.Number != fmt.Sprint(i+1) {
				t.Fatalf("carried stance %d: got %+v from %+v", i, st, st.CarriedFrom)
			}
		}
		// Each point's alone, as Stances gave them: the first few looked
		// up one by one, the rest (carried by reference) from the whole.
		for i, id := range ids[:points] {
			on, err := tx.PointStances(ctx, tk.ID, 2, id)
			if err != nil || len(on) != 1 || on[0].CarriedFrom == nil || *on[0].CarriedFrom != *all[i].CarriedFrom ||
				on[0].Rationale != all[i].Rationale || on[0].Value != all[i].Value {
				t.Fatalf("the stances on point %d of draft 2: got %+v, %v, want %+v", i+1, on, err, all[i])
			}
		}
		_, err = tx.VerifyAudit(ctx, nil, "")
		return err
	})
	if err != nil {
		t.Errorf("reading back, or verifying the audit log's row digests: %v", err)
	}
}

// carriedPoints is how many stances markedAndCarried carries over at
// once: 256 + 64 + 16 + 2×4 + 1, every batch size.
const carriedPoints = 345

// markedAndCarried makes talks with drafts 1 and 2 of carriedPoints+1
// points and two parties, both marking point 1 of draft 1 twice, the first
// party marking the other points but the last, and the first party's
// stances carried over to the first carriedPoints points of draft 2 in
// one go; it returns the talks, the points and the parties.
func markedAndCarried(t *testing.T, s Store) (*parley.Talks, []int64, [2]*parley.Party) {
	const points = carriedPoints
	tk := &parley.Talks{Title: "T", State: parley.TalksOpen, CreatedAt: now}
	var ids []int64
	var parties [2]*parley.Party
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		ids = nil // afresh on each attempt: the store may run fn again
		if err := tx.CreateTalks(ctx, tk); err != nil {
			return err
		}
		for i, name := range []string{"Russia", "Ukraine"} {
			parties[i] = &parley.Party{TalksID: tk.ID, Name: name, Kind: parley.PartyParty}
			if err := tx.CreateParty(ctx, parties[i]); err != nil {
				return err
			}
		}
		for range points + 1 {
			id, err := tx.NewPointID(ctx, tk.ID)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		for n := 1; n <= 2; n++ {
			d := &parley.Draft{TalksID: tk.ID, Number: n, Tabled: true, Title: "D", TabledAt: now, TabledBy: "mediator"}
			for i, id := range ids {
				d.Points = append(d.Points, parley.Point{ID: id, Kind: parley.KindPoint, Number: fmt.Sprint(i + 1), Text: "text", Change: parley.ChangeNew})
			}
			if err := tx.PutDraft(ctx, d); err != nil {
				return err
			}
		}
		for _, v := range []parley.StanceValue{parley.Unsuitable, parley.Acceptable} { // Russia's second version is current
			for _, p := range parties {
				st := &parley.Stance{TalksID: tk.ID, Draft: 1, PointID: ids[0], PartyID: p.ID, Value: v, Rationale: "on the first",
					RecordedBy: "x", RecordedAt: now}
				if err := tx.PutStance(ctx, st); err != nil {
					return err
				}
			}
		}
		numbers := map[int64]string{}
		for i, id := range ids[:points] {
			numbers[id] = fmt.Sprint(i + 1)
			if i == 0 {
				continue
			}
			st := parley.Stance{TalksID: tk.ID, Draft: 1, PointID: id, PartyID: parties[0].ID, Value: parley.NeedsDiscussion,
				Rationale: fmt.Sprintf("reason %d", i), ShareWithMediator: i%2 == 0, RecordedBy: "russia", RecordedAt: now}
			if err := tx.PutStance(ctx, &st); err != nil {
				return err
			}
		}
		if n, err := tx.CarryStances(ctx, tk.ID, 1, 2, parties[0].ID, numbers); err != nil || n != points {
			if err == nil {
				err = fmt.Errorf("carried %d stances, want %d", n, points)
			}
			return err
		}
		return tx.AppendAudit(ctx, auditlog.Record{Time: now, Actor: "russia", Talks: tk.ID, Action: "test", Object: "test"})
	})
	if err != nil {
		t.Fatal(err)
	}
	return tk, ids, parties
}
