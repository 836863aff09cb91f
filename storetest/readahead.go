package storetest

import (
	"context"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
)

// testReadAhead checks that what a backend reads ahead to spare round
// trips (the talks and parties beside a member, the account beside a
// session) never hides a write of the same transaction, and that the
// digests of rows written and returned in one statement are those that
// verification recomputes.
func testReadAhead(t *testing.T, s Store) {
	tk := &parley.Talks{Title: "T", State: parley.TalksOpen, CreatedAt: now}
	var point int64
	a := &parley.Account{Username: "russia", DisplayName: "Russia", PasswordHash: "x", CreatedAt: now}
	p := &parley.Party{Name: "Russia", Kind: parley.PartyParty}
	var tid int64
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.CreateTalks(ctx, tk); err != nil {
			return err
		}
		tid, p.TalksID = tk.ID, tk.ID
		var err error
		if point, err = tx.NewPointID(ctx, tid); err != nil {
			return err
		}
		d := &parley.Draft{TalksID: tid, Number: 1, Tabled: true, Title: "Draft 1", TabledAt: now, TabledBy: "mediator",
			Points: []parley.Point{{ID: point, Kind: parley.KindPoint, Number: "1", Text: "text", Change: parley.ChangeNew}}}
		if err := tx.PutDraft(ctx, d); err != nil {
			return err
		}
		if err := tx.CreateAccount(ctx, a); err != nil {
			return err
		}
		if err := tx.CreateParty(ctx, p); err != nil {
			return err
		}
		if err := tx.CreateSession(ctx, &parley.Session{TokenHash: []byte("hash"), AccountID: a.ID, CreatedAt: now, ExpiresAt: now.AddDate(0, 0, 1)}); err != nil {
			return err
		}
		if err := tx.CreateMember(ctx, &parley.Member{TalksID: tid, PartyID: p.ID, AccountID: a.ID, Role: parley.RoleNegotiator}); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, auditlog.Record{Time: now, Actor: "operator", Talks: tid, Action: "test", Object: "test"})
	})
	if err != nil {
		t.Fatal(err)
	}
	err = update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if _, err := tx.SessionByTokenHash(ctx, []byte("hash")); err != nil {
			return err
		}
		if _, err := tx.MemberOf(ctx, tid, a.ID); err != nil {
			return err
		}
		tk, err := tx.Talks(ctx, tid)
		if err != nil {
			return err
		}
		tk.Title = "Renamed"
		if again, err := tx.Talks(ctx, tid); err != nil || again.Title != "T" {
			t.Errorf("talks read twice after changing the first copy: got %+v, %v", again, err)
		}
		if err := tx.UpdateTalks(ctx, tk); err != nil {
			return err
		}
		if got, err := tx.Talks(ctx, tid); err != nil || got.Title != "Renamed" {
			t.Errorf("talks after UpdateTalks in the same transaction: got %+v, %v", got, err)
		}
		if _, err := tx.MemberOf(ctx, tid, a.ID); err != nil {
			return err
		}
		q := &parley.Party{TalksID: tid, Name: "Ukraine", Kind: parley.PartyParty}
		if err := tx.CreateParty(ctx, q); err != nil {
			return err
		}
		if ps, err := tx.Parties(ctx, tid); err != nil || len(ps) != 2 {
			t.Errorf("parties after CreateParty in the same transaction: got %+v, %v", ps, err)
		}
		if d1, err := tx.Draft(ctx, tid, 1); err != nil || len(d1.Points) != 1 {
			t.Errorf("draft 1: got %+v, %v", d1, err)
		}
		d2 := &parley.Draft{TalksID: tid, Number: 2, Tabled: true, Title: "Draft 2", TabledAt: now, TabledBy: "mediator"}
		if err := tx.PutDraft(ctx, d2); err != nil {
			return err
		}
		if ds, err := tx.Drafts(ctx, tid); err != nil || len(ds) != 2 {
			t.Errorf("drafts after PutDraft in the same transaction: got %d, %v", len(ds), err)
		}
		if _, err := tx.Draft(ctx, tid, 1); err != nil {
			return err
		}
		if ds, err := tx.Drafts(ctx, tid); err != nil || len(ds) != 2 || ds[0].Points != nil {
			t.Errorf("drafts read with draft 1: got %+v, %v", ds, err)
		}
		a.DisplayName = "The Russian Federation"
		if err := tx.UpdateAccount(ctx, a); err != nil {
			return err
		}
		if got, err := tx.AccountByID(ctx, a.ID); err != nil || got.DisplayName != a.DisplayName {
			t.Errorf("account after UpdateAccount in the same transaction: got %+v, %v", got, err)
		}
		for _, v := range []parley.StanceValue{parley.Unsuitable, parley.Acceptable} {
			st := &parley.Stance{TalksID: tid, Draft: 1, PointID: point, PartyID: p.ID, Value: v,
				Rationale: "why", RecordedBy: "russia", RecordedAt: now}
			if err := tx.PutStance(ctx, st); err != nil {
				return err
			}
		}
		return tx.AppendAudit(ctx, auditlog.Record{Time: now, Actor: "russia", Talks: tid, Action: "test", Object: "test"})
	})
	if err != nil {
		t.Fatal(err)
	}
	err = view(t, s, func(ctx context.Context, tx parley.Tx) error {
		// The rows the stances wrote were noted as RETURNING gave them;
		// verification recomputes them as SELECT reads them.
		_, err := tx.VerifyAudit(ctx, nil, "")
		return err
	})
	if err != nil {
		t.Errorf("audit verify: %v", err)
	}
}
