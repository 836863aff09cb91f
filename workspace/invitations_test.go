package workspace_test

import (
	"context"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

func invite(t *testing.T, f *fixture, ctx context.Context, party int64, role parley.Role) *workspace.NewInvitation {
	t.Helper()
	return must[*workspace.NewInvitation](t)(f.ws.CreateInvitation(ctx, f.talks, workspace.InvitationInput{Party: party, Role: role, Note: "for someone"}))
}

// TestInvitationAcceptedByExistingAccount: a mediator invites to a party;
// the link shows what it is for, and an account signed in accepts it,
// becoming a member with the role; the link is then dead.
func TestInvitationAcceptedByExistingAccount(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	inv := invite(t, f, f.mediator, f.ukraine, parley.RoleNegotiator)
	if len(inv.Token) < 40 || inv.ExpiresAt.Sub(inv.CreatedAt) != parley.InvitationTTL {
		t.Errorf("new invitation: got token %q expiring %v after its making, want a long token and %v", inv.Token, inv.ExpiresAt.Sub(inv.CreatedAt), parley.InvitationTTL)
	}
	info := must[*workspace.InvitationView](t)(ws.InvitationInfo(context.Background(), inv.Token))
	if info.Talks != "Moscow talks" || info.Party != "Ukraine" || info.Role != parley.RoleNegotiator || info.SignedInAs != "" {
		t.Errorf("InvitationInfo for anyone: got %+v, want the talks' title, Ukraine, negotiator", info)
	}
	if info := must[*workspace.InvitationView](t)(ws.InvitationInfo(f.ua, inv.Token)); !info.AlreadyIn || info.SignedInAs != "ukraine" {
		t.Errorf("InvitationInfo for a member: got %+v, want already a member", info)
	}
	if _, err := ws.AcceptInvitation(f.ua, inv.Token); code(err) != parley.ECONFLICT {
		t.Errorf("accepting as a member of the talks already: got %v, want conflict", err)
	}
	if pending := must[[]parley.Invitation](t)(ws.ListInvitations(f.mediator, f.talks)); len(pending) != 1 || pending[0].ID != inv.ID || pending[0].Note != "for someone" {
		t.Errorf("pending invitations: got %+v, want the one made", pending)
	}
	m := must[*parley.Member](t)(ws.AcceptInvitation(f.out, inv.Token))
	if m.PartyID != f.ukraine || m.Role != parley.RoleNegotiator || m.Username != "outsider" {
		t.Errorf("accepted: got %+v, want outsider as Ukraine's negotiator", m)
	}
	if view := must[*workspace.TalksView](t)(ws.GetTalks(f.out, f.talks)); view.You == nil || view.You.ID != m.ID {
		t.Errorf("the new member reading the talks: got %+v, want its membership", view.You)
	}
	late := account(t, ws, "late")
	if _, err := ws.AcceptInvitation(late, inv.Token); code(err) != parley.ENOTFOUND {
		t.Errorf("the link used a second time: got %v, want not found", err)
	}
	if _, err := ws.InvitationInfo(late, inv.Token); code(err) != parley.ENOTFOUND {
		t.Errorf("InvitationInfo of a used link: got %v, want not found", err)
	}
	if pending := must[[]parley.Invitation](t)(ws.ListInvitations(f.mediator, f.talks)); len(pending) != 0 {
		t.Errorf("pending invitations after acceptance: got %+v, want none", pending)
	}
	entries, _ := must2(ws.AuditLog(f.mediator, f.talks))
	if !hasAction(entries, "invitation.create") || !hasAction(entries, "invitation.accept") {
		t.Errorf("audit log: want invitation.create and invitation.accept records")
	}
}

func hasAction(entries []parley.AuditEntry, action string) bool {
	for _, e := range entries {
		if e.Record.Action == action {
			return true
		}
	}
	return false
}

// TestInvitationNewAccount: the link creates an account, its membership
// and a session at once; bad input changes nothing and keeps the link.
func TestInvitationNewAccount(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	inv := invite(t, f, f.ru, f.russia, parley.RoleAdviser) // a principal, to its own party
	anon := context.Background()
	in := workspace.SetupInput{Username: "newcomer", DisplayName: "New Comer", Password: "a long enough passphrase", Confirm: "a long enough passphrase"}
	bad := in
	bad.Confirm = "something else entirely"
	if _, _, err := ws.AcceptInvitationNewAccount(anon, inv.Token, bad); code(err) != parley.EINVALID {
		t.Errorf("passwords that differ: got %v, want invalid", err)
	}
	bad = in
	bad.Username = "russia"
	if _, _, err := ws.AcceptInvitationNewAccount(anon, inv.Token, bad); code(err) != parley.ECONFLICT {
		t.Errorf("a user name taken: got %v, want conflict", err)
	}
	session, m, err := ws.AcceptInvitationNewAccount(anon, inv.Token, in)
	if err != nil {
		t.Fatal(err)
	}
	a, err := ws.Authenticate(anon, session)
	if err != nil || a.Username != "newcomer" || a.DisplayName != "New Comer" || m.AccountID != a.ID || m.Role != parley.RoleAdviser || m.PartyID != f.russia {
		t.Fatalf("after accepting with a new account: got %+v, %+v, %v, want newcomer signed in as Russia's adviser", a, m, err)
	}
	if _, _, err := ws.AcceptInvitationNewAccount(anon, inv.Token, workspace.SetupInput{Username: "another", Password: in.Password, Confirm: in.Password}); code(err) != parley.ENOTFOUND {
		t.Errorf("the link used again for another account: got %v, want not found", err)
	}
}

// TestInvitationDeadLinks: a wrong, revoked or expired token is not found;
// a member who may not add to a party may not invite to it either.
func TestInvitationDeadLinks(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	clock := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	ws.Now = func() time.Time { return clock }
	for _, token := range []string{"", "nonsense", string(make([]byte, 300))} {
		if _, err := ws.InvitationInfo(f.out, token); code(err) != parley.ENOTFOUND {
			t.Errorf("InvitationInfo(%.10q): got %v, want not found", token, err)
		}
	}
	revoked := invite(t, f, f.mediator, f.observer, parley.RoleObserver)
	if err := ws.RevokeInvitation(f.ru, f.talks, revoked.ID); code(err) != parley.EFORBIDDEN {
		t.Errorf("Russia's principal revoking an invitation to the observers: got %v, want forbidden", err)
	}
	if err := ws.RevokeInvitation(f.mediator, f.talks, revoked.ID); err != nil {
		t.Fatal(err)
	}
	if err := ws.RevokeInvitation(f.mediator, f.talks, revoked.ID); code(err) != parley.ENOTFOUND {
		t.Errorf("revoking twice: got %v, want not found", err)
	}
	if _, err := ws.AcceptInvitation(f.out, revoked.Token); code(err) != parley.ENOTFOUND {
		t.Errorf("accepting a revoked invitation: got %v, want not found", err)
	}
	expiring := invite(t, f, f.mediator, f.observer, parley.RoleObserver)
	clock = clock.Add(parley.InvitationTTL)
	if _, err := ws.AcceptInvitation(f.out, expiring.Token); code(err) != parley.ENOTFOUND {
		t.Errorf("accepting an expired invitation: got %v, want not found", err)
	}
	if err := ws.RevokeInvitation(f.mediator, f.talks, expiring.ID); code(err) != parley.ENOTFOUND {
		t.Errorf("revoking an expired invitation: got %v, want not found", err)
	}
	for _, c := range []struct {
		who   context.Context
		name  string
		party int64
		role  parley.Role
		want  string
	}{
		{f.ru, "Russia's principal", f.ukraine, parley.RoleAdviser, parley.EFORBIDDEN},
		{f.ruAdviser, "Russia's adviser", f.russia, parley.RoleAdviser, parley.EFORBIDDEN},
		{f.obs, "an observer", f.observer, parley.RoleObserver, parley.EFORBIDDEN},
		{f.out, "an outsider", f.russia, parley.RoleAdviser, parley.ENOTFOUND},
		{f.mediator, "the mediator", f.russia, parley.RoleMediator, parley.EINVALID},
		{f.mediator, "the mediator", f.russia, "king", parley.EINVALID},
	} {
		if _, err := ws.CreateInvitation(c.who, f.talks, workspace.InvitationInput{Party: c.party, Role: c.role}); code(err) != c.want {
			t.Errorf("%s inviting a %s: got %v, want %s", c.name, c.role, err, c.want)
		}
	}
	if _, err := ws.ListInvitations(f.ruAdviser, f.talks); code(err) != parley.EFORBIDDEN {
		t.Errorf("Russia's adviser listing invitations: got %v, want forbidden", err)
	}
	ruOwn := invite(t, f, f.ru, f.russia, parley.RoleAdviser)
	medOwn := invite(t, f, f.mediator, f.ukraine, parley.RoleAdviser)
	if got := must[[]parley.Invitation](t)(ws.ListInvitations(f.ru, f.talks)); len(got) != 1 || got[0].ID != ruOwn.ID {
		t.Errorf("Russia's principal's list: got %+v, want only Russia's invitation", got)
	}
	if got := must[[]parley.Invitation](t)(ws.ListInvitations(f.mediator, f.talks)); len(got) != 2 || got[1].ID != medOwn.ID {
		t.Errorf("the mediator's list: got %+v, want both pending ones", got)
	}
}
