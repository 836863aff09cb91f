package storetest

import (
	"context"
	"testing"

	"github.com/parley-talks/parley"
)

// testAmendments checks that an amendment comes back as proposed, its
// sealed text, justification and reason opened; that its outcome is
// recorded once (a second is ECONFLICT and changes nothing); that the
// draft a taken amendment went into is kept; and that another talks'
// amendments are not found.
func testAmendments(t *testing.T, s Store) {
	tid, d := talksWithDraft(t, s)
	other, _ := talksWithDraft(t, s)
	p := &parley.Party{TalksID: tid, Name: "Ukraine", Kind: parley.PartyParty}
	a := &parley.Amendment{TalksID: tid, Draft: 1, PointID: d.Points[2].ID, PointNumber: "3", Kind: parley.AmendReplace,
		Text: "secret wording", Justification: "secret reasons", ShareWithMediator: true, ProposedBy: "ukraine", ProposedAt: now}
	b := &parley.Amendment{TalksID: tid, Draft: 1, PointID: d.Points[2].ID, PointNumber: "3", Kind: parley.AmendDelete,
		ProposedBy: "ukraine", ProposedAt: now}
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.CreateParty(ctx, p); err != nil {
			return err
		}
		a.PartyID, b.PartyID = p.ID, p.ID
		if err := tx.CreateAmendment(ctx, a); err != nil {
			return err
		}
		return tx.CreateAmendment(ctx, b)
	})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || b.ID == a.ID {
		t.Fatalf("amendment ids: got %d and %d", a.ID, b.ID)
	}
	decided := now.Add(1)
	taken := *a
	taken.State, taken.Extent, taken.Reason, taken.DecidedBy, taken.DecidedAt = parley.AmendmentTaken, parley.TakenInPart, "the second half", "mediator", &decided
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.SetAmendmentOutcome(ctx, &taken) }); err != nil {
		t.Fatal(err)
	}
	withdrawn := *a
	withdrawn.State, withdrawn.DecidedBy, withdrawn.DecidedAt = parley.AmendmentWithdrawn, "ukraine", &decided
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.SetAmendmentOutcome(ctx, &withdrawn) }); code(err) != parley.ECONFLICT {
		t.Errorf("a second outcome of amendment %d: got %v, want %s", a.ID, err, parley.ECONFLICT)
	}
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		return tx.PutAmendmentLineage(ctx, tid, []int64{a.ID}, 1)
	}); err != nil {
		t.Fatal(err)
	}
	err = view(t, s, func(ctx context.Context, tx parley.Tx) error {
		all, err := tx.Amendments(ctx, tid)
		if err != nil {
			return err
		}
		if len(all) != 2 {
			t.Fatalf("amendments: got %+v, want two", all)
		}
		got, second := all[0], all[1]
		if got.ID != a.ID || got.Text != "secret wording" || got.Justification != "secret reasons" || got.PartyName != "Ukraine" ||
			got.State != parley.AmendmentTaken || got.Extent != parley.TakenInPart || got.Reason != "the second half" ||
			got.IntoDraft != 1 || got.DecidedBy != "mediator" || got.DecidedAt == nil || !got.DecidedAt.Equal(decided) ||
			!got.ShareWithMediator || got.PointNumber != "3" || !got.ProposedAt.Equal(now) {
			t.Errorf("the taken amendment: got %+v", got)
		}
		if second.State != parley.AmendmentProposed || second.Kind != parley.AmendDelete || second.Text != "" || second.DecidedAt != nil || second.IntoDraft != 0 {
			t.Errorf("the proposed amendment: got %+v", second)
		}
		if one, err := tx.Amendment(ctx, tid, b.ID); err != nil || one.ID != b.ID {
			t.Errorf("amendment %d: got %+v, %v", b.ID, one, err)
		}
		if _, err := tx.Amendment(ctx, other, a.ID); code(err) != parley.ENOTFOUND {
			t.Errorf("amendment %d of other talks: got %v, want %s", a.ID, err, parley.ENOTFOUND)
		}
		none, err := tx.Amendments(ctx, other)
		if err != nil || len(none) != 0 {
			t.Errorf("the other talks' amendments: got %+v, %v, want none", none, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
