package storetest

import (
	"bytes"
	"context"
	"testing"

	"github.com/parley-talks/parley"
)

// testInvitations checks invitations — stored with their token's hash,
// found by it, each closed once (accepted or revoked) — and members'
// roles changed and members removed.
func testInvitations(t *testing.T, s Store) {
	tid, _ := talksWithDraft(t, s)
	p := &parley.Party{TalksID: tid, Name: "Russia", Kind: parley.PartyParty}
	a := &parley.Account{Username: "russia", DisplayName: "Russia", PasswordHash: "x", CreatedAt: now}
	inv := &parley.Invitation{TalksID: tid, Role: parley.RolePrincipal, TokenHash: []byte("hash-one"), Note: "for Ms R",
		CreatedBy: "mediator", CreatedAt: now, ExpiresAt: now.Add(parley.InvitationTTL)}
	second := &parley.Invitation{TalksID: tid, Role: parley.RoleObserver, TokenHash: []byte("hash-two"), CreatedBy: "mediator", CreatedAt: now, ExpiresAt: now}
	m := &parley.Member{TalksID: tid, Role: parley.RoleAdviser, Username: "russia"}
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.CreateParty(ctx, p); err != nil {
			return err
		}
		if err := tx.CreateAccount(ctx, a); err != nil {
			return err
		}
		inv.PartyID, second.PartyID, m.PartyID, m.AccountID = p.ID, p.ID, p.ID, a.ID
		if err := tx.CreateInvitation(ctx, inv); err != nil {
			return err
		}
		if err := tx.CreateInvitation(ctx, second); err != nil {
			return err
		}
		return tx.CreateMember(ctx, m)
	})
	if err != nil {
		t.Fatal(err)
	}
	dup := &parley.Invitation{TalksID: tid, PartyID: p.ID, Role: parley.RoleObserver, TokenHash: []byte("hash-one"), CreatedBy: "x", CreatedAt: now, ExpiresAt: now}
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.CreateInvitation(ctx, dup) }); code(err) != parley.ECONFLICT {
		t.Errorf("a second invitation with the same token hash: got %v, want %s", err, parley.ECONFLICT)
	}
	checkInvitations(t, s, tid, p, inv, second)
	later := now.Add(1000)
	for i, want := range []string{"", parley.ENOTFOUND} {
		err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.AcceptInvitation(ctx, inv.ID, a.ID, later) })
		if code(err) != want {
			t.Errorf("AcceptInvitation, time %d: got %v, want %q", i+1, err, want)
		}
	}
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.RevokeInvitation(ctx, inv.ID, later) }); code(err) != parley.ENOTFOUND {
		t.Errorf("RevokeInvitation of an accepted one: got %v, want %s", err, parley.ENOTFOUND)
	}
	for i, want := range []string{"", parley.ENOTFOUND} {
		err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.RevokeInvitation(ctx, second.ID, later) })
		if code(err) != want {
			t.Errorf("RevokeInvitation, time %d: got %v, want %q", i+1, err, want)
		}
	}
	err = view(t, s, func(ctx context.Context, tx parley.Tx) error {
		got, err := tx.Invitation(ctx, tid, inv.ID)
		if err != nil {
			return err
		}
		if got.AcceptedBy != a.ID || got.AcceptedAt == nil || !got.AcceptedAt.Equal(later) || got.RevokedAt != nil || got.Pending(now) {
			t.Errorf("an accepted invitation: got %+v, want accepted by %d at %v", got, a.ID, later)
		}
		if got, err = tx.Invitation(ctx, tid, second.ID); err != nil {
			return err
		}
		if got.RevokedAt == nil || !got.RevokedAt.Equal(later) || got.AcceptedAt != nil {
			t.Errorf("a revoked invitation: got %+v, want revoked at %v", got, later)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	testMemberChanges(t, s, tid, m)
}

// checkInvitations checks that the two invitations made are found by
// token hash and by ID, and listed, as they were made.
func checkInvitations(t *testing.T, s Store, tid int64, p *parley.Party, inv, second *parley.Invitation) {
	err := view(t, s, func(ctx context.Context, tx parley.Tx) error {
		got, err := tx.InvitationByTokenHash(ctx, []byte("hash-one"))
		if err != nil {
			return err
		}
		if got.ID != inv.ID || got.PartyID != p.ID || got.Role != parley.RolePrincipal || !bytes.Equal(got.TokenHash, []byte("hash-one")) ||
			got.Note != "for Ms R" || got.CreatedBy != "mediator" || !got.CreatedAt.Equal(now) || !got.ExpiresAt.Equal(inv.ExpiresAt) ||
			got.AcceptedAt != nil || got.RevokedAt != nil || !got.Pending(now) {
			t.Errorf("InvitationByTokenHash: got %+v, want %+v, pending", got, inv)
		}
		if _, err := tx.InvitationByTokenHash(ctx, []byte("hash-none")); code(err) != parley.ENOTFOUND {
			t.Errorf("InvitationByTokenHash of an unknown hash: got %v, want %s", err, parley.ENOTFOUND)
		}
		if _, err := tx.Invitation(ctx, tid+1, inv.ID); code(err) != parley.ENOTFOUND {
			t.Errorf("Invitation in other talks: got %v, want %s", err, parley.ENOTFOUND)
		}
		all, err := tx.Invitations(ctx, tid)
		if err != nil || len(all) != 2 || all[0].ID != inv.ID || all[1].ID != second.ID {
			t.Errorf("Invitations: got %+v, %v, want both, oldest first", all, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testMemberChanges changes member m's role, then removes it.
func testMemberChanges(t *testing.T, s Store, tid int64, m *parley.Member) {
	m.Role = parley.RolePrincipal
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.UpdateMemberRole(ctx, m) }); err != nil {
		t.Fatal(err)
	}
	err := view(t, s, func(ctx context.Context, tx parley.Tx) error {
		got, err := tx.MemberOf(ctx, tid, m.AccountID)
		if err == nil && got.Role != parley.RolePrincipal {
			t.Errorf("after UpdateMemberRole: got role %s, want principal", got.Role)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.DeleteMember(ctx, tid+1, m.ID) }); code(err) != parley.ENOTFOUND {
		t.Errorf("DeleteMember in other talks: got %v, want %s", err, parley.ENOTFOUND)
	}
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.DeleteMember(ctx, tid, m.ID) }); err != nil {
		t.Fatal(err)
	}
	err = view(t, s, func(ctx context.Context, tx parley.Tx) error {
		if _, err := tx.MemberOf(ctx, tid, m.AccountID); code(err) != parley.ENOTFOUND {
			t.Errorf("MemberOf after DeleteMember: got %v, want %s", err, parley.ENOTFOUND)
		}
		ts, err := tx.TalksOf(ctx, m.AccountID)
		if err == nil && len(ts) != 0 {
			t.Errorf("TalksOf after DeleteMember: got %+v, want none", ts)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	m.Role = parley.RoleObserver
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.UpdateMemberRole(ctx, m) }); code(err) != parley.ENOTFOUND {
		t.Errorf("UpdateMemberRole of a removed member: got %v, want %s", err, parley.ENOTFOUND)
	}
}
