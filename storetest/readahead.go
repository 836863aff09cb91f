package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
)

// testReadAhead checks that what a backend reads ahead to spare round
// trips (the talks and parties beside a member, the drafts beside a
// draft, the account beside a session) never hides a write of the same
// transaction, and that the digests of rows written and returned in one
// statement are those that verification recomputes.
func testReadAhead(t *testing.T, s Store) {
	f := readAheadTalks(t, s)
	readAheadStanding(t, s, f)
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if _, err := tx.SessionByTokenHash(ctx, []byte("hash")); err != nil {
			return err
		}
		if err := readAheadTalksAndParties(ctx, t, tx, f); err != nil {
			return err
		}
		if err := readAheadDrafts(ctx, t, tx, f); err != nil {
			return err
		}
		f.account.DisplayName = "The Russian Federation"
		if err := tx.UpdateAccount(ctx, f.account); err != nil {
			return err
		}
		if got, err := tx.AccountByID(ctx, f.account.ID); err != nil || got.DisplayName != f.account.DisplayName {
			t.Errorf("account after UpdateAccount in the same transaction: got %+v, %v", got, err)
		}
		for _, v := range []parley.StanceValue{parley.Unsuitable, parley.Acceptable} {
			st := &parley.Stance{TalksID: f.talks, Draft: 1, PointID: f.point, PartyID: f.party.ID, Value: v,
				Rationale: "why", RecordedBy: "russia", RecordedAt: now}
			if err := tx.PutStance(ctx, st); err != nil {
				return err
			}
		}
		// Carried over to draft 2: the party's row of stances carried
		// over, as its insert returns it.
		if _, err := tx.CarryStances(ctx, f.talks, 1, 2, f.party.ID, map[int64]string{f.point: "1"}); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, auditlog.Record{Time: now, Actor: "russia", Talks: f.talks, Action: "test", Object: "test"})
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

// readAhead is the talks testReadAhead works in.
type readAhead struct {
	talks, point int64
	account      *parley.Account
	party        *parley.Party
}

// readAheadTalks makes talks with a tabled draft of one point, a party, an
// account that is its member with a session, all under an audit record.
func readAheadTalks(t *testing.T, s Store) readAhead {
	t.Helper()
	tk := &parley.Talks{Title: "T", State: parley.TalksOpen, CreatedAt: now}
	f := readAhead{account: &parley.Account{Username: "russia", DisplayName: "Russia", PasswordHash: "x", CreatedAt: now},
		party: &parley.Party{Name: "Russia", Kind: parley.PartyParty}}
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.CreateTalks(ctx, tk); err != nil {
			return err
		}
		f.talks, f.party.TalksID = tk.ID, tk.ID
		var err error
		if f.point, err = tx.NewPointID(ctx, tk.ID); err != nil {
			return err
		}
		d := &parley.Draft{TalksID: tk.ID, Number: 1, Tabled: true, Title: "Draft 1", TabledAt: now, TabledBy: "mediator",
			Points: []parley.Point{{ID: f.point, Kind: parley.KindPoint, Number: "1", Text: "text", Change: parley.ChangeNew}}}
		if err := tx.PutDraft(ctx, d); err != nil {
			return err
		}
		if err := tx.CreateAccount(ctx, f.account); err != nil {
			return err
		}
		if err := tx.CreateParty(ctx, f.party); err != nil {
			return err
		}
		if err := tx.CreateSession(ctx, &parley.Session{TokenHash: []byte("hash"), AccountID: f.account.ID, CreatedAt: now, ExpiresAt: now.AddDate(0, 0, 1)}); err != nil {
			return err
		}
		m := &parley.Member{TalksID: tk.ID, PartyID: f.party.ID, AccountID: f.account.ID, Role: parley.RoleNegotiator}
		if err := tx.CreateMember(ctx, m); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, auditlog.Record{Time: now, Actor: "operator", Talks: tk.ID, Action: "test", Object: "test"})
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// readAheadTalksAndParties: the talks and parties MemberOf read give way
// to those UpdateTalks and CreateParty write, and a caller's copy changed
// changes nothing.
func readAheadTalksAndParties(ctx context.Context, t *testing.T, tx parley.Tx, f readAhead) error {
	if _, err := tx.MemberOf(ctx, f.talks, f.account.ID); err != nil {
		return err
	}
	tk, err := tx.Talks(ctx, f.talks)
	if err != nil {
		return err
	}
	tk.Title = "Renamed"
	if again, err := tx.Talks(ctx, f.talks); err != nil || again.Title != "T" {
		t.Errorf("talks read twice after changing the first copy: got %+v, %v", again, err)
	}
	if err := tx.UpdateTalks(ctx, tk); err != nil {
		return err
	}
	if got, err := tx.Talks(ctx, f.talks); err != nil || got.Title != "Renamed" {
		t.Errorf("talks after UpdateTalks in the same transaction: got %+v, %v", got, err)
	}
	if _, err := tx.MemberOf(ctx, f.talks, f.account.ID); err != nil {
		return err
	}
	q := &parley.Party{TalksID: f.talks, Name: "Ukraine", Kind: parley.PartyParty}
	if err := tx.CreateParty(ctx, q); err != nil {
		return err
	}
	if ps, err := tx.Parties(ctx, f.talks); err != nil || len(ps) != 2 {
		t.Errorf("parties after CreateParty in the same transaction: got %+v, %v", ps, err)
	}
	return nil
}

// readAheadDrafts: the drafts Draft read give way to those PutDraft writes.
func readAheadDrafts(ctx context.Context, t *testing.T, tx parley.Tx, f readAhead) error {
	if d1, err := tx.Draft(ctx, f.talks, 1); err != nil || len(d1.Points) != 1 {
		t.Errorf("draft 1: got %+v, %v", d1, err)
	}
	d2 := &parley.Draft{TalksID: f.talks, Number: 2, Tabled: true, Title: "Draft 2", TabledAt: now, TabledBy: "mediator",
		Points: []parley.Point{{ID: f.point, Kind: parley.KindPoint, Number: "1", Text: "text", Change: parley.ChangeUnchanged}}}
	if err := tx.PutDraft(ctx, d2); err != nil {
		return err
	}
	if ds, err := tx.Drafts(ctx, f.talks); err != nil || len(ds) != 2 {
		t.Errorf("drafts after PutDraft in the same transaction: got %d, %v", len(ds), err)
	}
	if _, err := tx.Draft(ctx, f.talks, 1); err != nil {
		return err
	}
	if ds, err := tx.Drafts(ctx, f.talks); err != nil || len(ds) != 2 || ds[0].Points != nil {
		t.Errorf("drafts read with draft 1: got %+v, %v", ds, err)
	}
	return nil
}

// readAheadStanding: the account read beside a session has its standing,
// as AccountByID reads it: a disabled account never looks enabled.
func readAheadStanding(t *testing.T, s Store, f readAhead) {
	t.Helper()
	standing := func(disabled *time.Time, mayCreate bool) {
		t.Helper()
		a := *f.account
		a.DisabledAt, a.MayCreateTalks = disabled, mayCreate
		if err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
			if err := tx.UpdateAccount(ctx, &a); err != nil {
				return err
			}
			return tx.AppendAudit(ctx, auditlog.Record{Time: now, Actor: "operator", Action: "test", Object: "test"})
		}); err != nil {
			t.Fatal(err)
		}
	}
	at := now.Add(time.Hour)
	standing(&at, false)
	err := view(t, s, func(ctx context.Context, tx parley.Tx) error {
		if _, err := tx.SessionByTokenHash(ctx, []byte("hash")); err != nil {
			return err
		}
		a, err := tx.AccountByID(ctx, f.account.ID)
		if err != nil {
			return err
		}
		if !a.Disabled() || !a.DisabledAt.Equal(at) || a.MayCreateTalks {
			t.Errorf("a disabled account read beside its session: got disabled at %v, may create talks %v", a.DisabledAt, a.MayCreateTalks)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	standing(nil, true)
}
