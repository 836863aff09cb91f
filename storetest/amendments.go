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

// testUntakeAmendment checks that a take not yet tabled is undone, the
// amendment proposed again and takeable again; and that a take gone into
// a draft, a decline, a proposed amendment and another talks' amendment
// are refused, changing nothing.
func testUntakeAmendment(t *testing.T, s Store) {
	tid, d := talksWithDraft(t, s)
	other, _ := talksWithDraft(t, s)
	p := &parley.Party{TalksID: tid, Name: "Russia", Kind: parley.PartyParty}
	as := make([]*parley.Amendment, 4) // taken, taken into draft 1, declined, proposed
	decided := now.Add(1)
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.CreateParty(ctx, p); err != nil {
			return err
		}
		for i := range as {
			as[i] = &parley.Amendment{TalksID: tid, Draft: 1, PointID: d.Points[0].ID, PointNumber: "1", PartyID: p.ID,
				Kind: parley.AmendReplace, Text: "new wording", ProposedBy: "russia", ProposedAt: now}
			if err := tx.CreateAmendment(ctx, as[i]); err != nil {
				return err
			}
			if i == 3 {
				continue
			}
			o := *as[i]
			o.State, o.Extent, o.DecidedBy, o.DecidedAt = parley.AmendmentTaken, parley.TakenInFull, "mediator", &decided
			if i == 2 {
				o.State, o.Extent, o.Reason = parley.AmendmentDeclined, "", "no"
			}
			if err := tx.SetAmendmentOutcome(ctx, &o); err != nil {
				return err
			}
		}
		return tx.PutAmendmentLineage(ctx, tid, []int64{as[1].ID}, 1)
	})
	if err != nil {
		t.Fatal(err)
	}
	untake := func(talks, id int64) error {
		return update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.UntakeAmendment(ctx, talks, id) })
	}
	if err := untake(tid, as[0].ID); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		talks int64
		id    int64
		want  string
	}{
		{"the take undone already", tid, as[0].ID, parley.ECONFLICT},
		{"a take gone into draft 1", tid, as[1].ID, parley.ECONFLICT},
		{"a decline", tid, as[2].ID, parley.ECONFLICT},
		{"a proposed amendment", tid, as[3].ID, parley.ECONFLICT},
		{"another talks' amendment", other, as[0].ID, parley.ENOTFOUND},
	} {
		if err := untake(c.talks, c.id); code(err) != c.want {
			t.Errorf("undoing the take of %s: got %v, want %s", c.name, err, c.want)
		}
	}
	err = view(t, s, func(ctx context.Context, tx parley.Tx) error {
		all, err := tx.Amendments(ctx, tid)
		if err != nil {
			return err
		}
		want := []parley.AmendmentState{parley.AmendmentProposed, parley.AmendmentTaken, parley.AmendmentDeclined, parley.AmendmentProposed}
		for i, a := range all {
			if a.State != want[i] || i == 0 && (a.DecidedAt != nil || a.Extent != "" || a.DecidedBy != "") || i == 1 && a.IntoDraft != 1 {
				t.Errorf("amendment %d after the undoing: got %+v, want %s", i, a, want[i])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	again := *as[0]
	again.State, again.Extent, again.DecidedBy, again.DecidedAt = parley.AmendmentTaken, parley.TakenInPart, "mediator", &decided
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.SetAmendmentOutcome(ctx, &again) }); err != nil {
		t.Errorf("taking amendment %d again after its take was undone: %v", as[0].ID, err)
	}
}
