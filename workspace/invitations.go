package workspace

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/parley-talks/parley"
)

// Invitations: a member who may add members to a party (a mediator, or
// the party's principal: parley.Viewer.CanAddMember) makes a one-time
// link for one party and role. Whoever opens it joins with the account it
// is signed in as, or creates an account there. The token is random, kept
// only as a hash, valid for parley.InvitationTTL and usable once; a wrong,
// used, expired or revoked one is not found.

// InvitationInput is a new invitation, to a party named by ID or by name.
type InvitationInput struct {
	Party     int64       `json:"party"`
	PartyName string      `json:"party_name"`
	Role      parley.Role `json:"role"`
	// Note says whom the invitation is for, for the inviters' list.
	Note string `json:"note"`
}

// NewInvitation is an invitation just made, with its token: shown once.
type NewInvitation struct {
	parley.Invitation
	Token string `json:"token"`
}

// InvitationView is what an invitation's link shows whoever opens it.
type InvitationView struct {
	Talks      string      `json:"talks"`
	TalksID    int64       `json:"talks_id"`
	Party      string      `json:"party"`
	Role       parley.Role `json:"role"`
	InvitedBy  string      `json:"invited_by"`
	ExpiresAt  string      `json:"expires_at"`
	AlreadyIn  bool        `json:"already_member"`
	SignedInAs string      `json:"signed_in_as,omitempty"`

	// InviterName is the display name of the account that invited, or
	// its username when it has none.
	InviterName string `json:"inviter_name"`
}

// invitationRefusal refuses a member who may invite to no party.
const invitationRefusal = "only a mediator, or a party's principal, invites members"

// findParty returns the party of parties with ID id, or, for id 0, named
// name.
func findParty(parties []parley.Party, id int64, name string) (*parley.Party, error) {
	for i := range parties {
		if parties[i].ID == id || id == 0 && parley.SamePartyName(parties[i].Name, name) {
			return &parties[i], nil
		}
	}
	return nil, parley.Invalid("party", "no such party in these talks")
}

// CreateInvitation makes an invitation to a party of the talks, for
// whoever may add members to it; its token is returned once.
func (s *Service) CreateInvitation(ctx context.Context, talksID int64, in InvitationInput) (*NewInvitation, error) {
	if err := parley.CheckText("note", in.Note, 0, 200); err != nil {
		return nil, err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, failed(err, "making an invitation token")
	}
	out := &NewInvitation{Token: base64.RawURLEncoding.EncodeToString(raw)}
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		parties, err := tx.Parties(ctx, talksID)
		if err != nil {
			return err
		}
		party, err := findParty(parties, in.Party, in.PartyName)
		if err != nil {
			return err
		}
		if !v.CanAddMember(party) {
			return parley.Errorf(parley.EFORBIDDEN, "only a mediator, or the party's principal, may invite members to %s", party.Name)
		}
		if err := parley.CheckRole(in.Role, party); err != nil {
			return err
		}
		now := s.now()
		out.Invitation = parley.Invitation{TalksID: talksID, PartyID: party.ID, Role: in.Role, TokenHash: tokenHash(out.Token),
			Note: strings.TrimSpace(in.Note), CreatedBy: v.Member.Username, CreatedAt: now, ExpiresAt: now.Add(parley.InvitationTTL)}
		if err := tx.CreateInvitation(ctx, &out.Invitation); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, action: "invitation.create", object: fmt.Sprintf("talks/%d/invitations/%d", talksID, out.ID),
			details: map[string]any{"party": party.Name, "role": string(in.Role), "expires": out.ExpiresAt}})
	})
	if err != nil {
		return nil, failed(err, "inviting to talks %d", talksID)
	}
	return out, nil
}

// ListInvitations lists the pending invitations to the parties the caller
// may add members to, oldest first.
func (s *Service) ListInvitations(ctx context.Context, talksID int64) ([]parley.Invitation, error) {
	out := []parley.Invitation{}
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, parties, err := s.openInviter(ctx, tx, talksID)
		if err != nil {
			return err
		}
		all, err := tx.Invitations(ctx, talksID)
		if err != nil {
			return err
		}
		now := s.now()
		for _, inv := range all {
			if p := partyOf(parties, inv.PartyID); p != nil && inv.Pending(now) && v.CanAddMember(p) {
				out = append(out, inv)
			}
		}
		return nil
	})
	return out, failed(err, "listing the invitations of talks %d", talksID)
}

// openInviter opens the talks for a member who may invite to some party.
func (s *Service) openInviter(ctx context.Context, tx parley.Tx, talksID int64) (parley.Viewer, []parley.Party, error) {
	v, _, err := s.open(ctx, tx, talksID, seeTalks)
	if err != nil {
		return v, nil, err
	}
	parties, err := tx.Parties(ctx, talksID)
	if err != nil {
		return v, nil, err
	}
	for i := range parties {
		if v.CanAddMember(&parties[i]) {
			return v, parties, nil
		}
	}
	return v, nil, parley.Errorf(parley.EFORBIDDEN, invitationRefusal)
}

func partyOf(parties []parley.Party, id int64) *parley.Party {
	for i := range parties {
		if parties[i].ID == id {
			return &parties[i]
		}
	}
	return nil
}

// RevokeInvitation makes a pending invitation dead, for whoever may
// invite to its party.
func (s *Service) RevokeInvitation(ctx context.Context, talksID, id int64) error {
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, parties, err := s.openInviter(ctx, tx, talksID)
		if err != nil {
			return err
		}
		inv, err := tx.Invitation(ctx, talksID, id)
		if err != nil {
			return err
		}
		p := partyOf(parties, inv.PartyID)
		if p == nil || !v.CanAddMember(p) {
			return parley.Errorf(parley.EFORBIDDEN, "only a mediator, or the party's principal, revokes its invitations")
		}
		if !inv.Pending(s.now()) {
			return parley.NotFound("invitation")
		}
		if err := tx.RevokeInvitation(ctx, id, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, action: "invitation.revoke", object: fmt.Sprintf("talks/%d/invitations/%d", talksID, id),
			details: map[string]any{"party": p.Name, "role": string(inv.Role)}})
	})
	return failed(err, "revoking invitation %d of talks %d", id, talksID)
}

// pendingInvitation returns the pending invitation of token, checked in
// constant time against its stored hash, and its party; ENOTFOUND for a
// wrong, used, expired or revoked token alike.
func (s *Service) pendingInvitation(ctx context.Context, tx parley.Tx, token string) (*parley.Invitation, *parley.Party, error) {
	dead := parley.NotFound("invitation")
	if token == "" || len(token) > 200 {
		return nil, nil, dead
	}
	hash := tokenHash(token)
	inv, err := tx.InvitationByTokenHash(ctx, hash)
	if parley.ErrorCode(err) == parley.ENOTFOUND {
		return nil, nil, dead
	} else if err != nil {
		return nil, nil, err
	}
	if subtle.ConstantTimeCompare(inv.TokenHash, hash) != 1 || !inv.Pending(s.now()) {
		return nil, nil, dead
	}
	parties, err := tx.Parties(ctx, inv.TalksID)
	if err != nil {
		return nil, nil, err
	}
	p := partyOf(parties, inv.PartyID)
	if p == nil {
		return nil, nil, dead
	}
	return inv, p, nil
}

// InvitationInfo tells whoever holds a pending invitation's token what it
// is for: the talks' title, the party and the role. Anyone may ask; with
// a signed-in account it also says whether that account is a member of
// those talks already.
func (s *Service) InvitationInfo(ctx context.Context, token string) (*InvitationView, error) {
	var out *InvitationView
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		inv, p, err := s.pendingInvitation(ctx, tx, token)
		if err != nil {
			return err
		}
		t, err := tx.Talks(ctx, inv.TalksID)
		if err != nil {
			return err
		}
		out = &InvitationView{Talks: t.Title, TalksID: t.ID, Party: p.Name, Role: inv.Role, InvitedBy: inv.CreatedBy,
			ExpiresAt: inv.ExpiresAt.Format("2 Jan 2006 15:04 MST"), InviterName: inv.CreatedBy}
		if a, err := tx.AccountByUsername(ctx, inv.CreatedBy); err == nil && a.DisplayName != "" {
			out.InviterName = a.DisplayName
		}
		if id := AccountID(ctx); id != 0 {
			a, err := tx.AccountByID(ctx, id)
			if err != nil {
				return err
			}
			out.SignedInAs = a.Username
			_, err = tx.MemberOf(ctx, inv.TalksID, id)
			out.AlreadyIn = err == nil
		}
		return nil
	})
	return out, failed(err, "reading an invitation")
}

// join makes account a a member by invitation inv to party p, closing
// the invitation, in tx; ECONFLICT if a is a member of those talks.
func (s *Service) join(ctx context.Context, tx parley.Tx, inv *parley.Invitation, p *parley.Party, a *parley.Account) (*parley.Member, error) {
	if _, err := tx.MemberOf(ctx, inv.TalksID, a.ID); err == nil {
		return nil, parley.Errorf(parley.ECONFLICT, "you are a member of these talks already")
	} else if parley.ErrorCode(err) != parley.ENOTFOUND {
		return nil, err
	}
	if err := tx.AcceptInvitation(ctx, inv.ID, a.ID, s.now()); err != nil {
		return nil, err
	}
	m := &parley.Member{TalksID: inv.TalksID, PartyID: p.ID, AccountID: a.ID, Username: a.Username, DisplayName: a.DisplayName, Role: inv.Role}
	if err := tx.CreateMember(ctx, m); err != nil {
		return nil, err
	}
	err := s.audit(WithAccount(ctx, a.ID), tx, change{talks: inv.TalksID, action: "invitation.accept",
		object:  fmt.Sprintf("talks/%d/members/%d", inv.TalksID, m.ID),
		details: map[string]any{"invitation": inv.ID, "username": a.Username, "party": p.Name, "role": string(m.Role)}})
	return m, err
}

// AcceptInvitation makes the signed-in account a member by the invitation
// of token; ECONFLICT if it is a member of those talks already.
func (s *Service) AcceptInvitation(ctx context.Context, token string) (*parley.Member, error) {
	id, err := s.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	var m *parley.Member
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		inv, p, err := s.pendingInvitation(ctx, tx, token)
		if err != nil {
			return err
		}
		a, err := tx.AccountByID(ctx, id)
		if err != nil {
			return err
		}
		m, err = s.join(ctx, tx, inv, p, a)
		return err
	})
	if err != nil {
		return nil, failed(err, "accepting an invitation")
	}
	s.publish(ctx, parley.Event{Talks: m.TalksID, Kind: "member"})
	return m, nil
}

// AcceptInvitationNewAccount creates an account (the rules of
// CreateAccount; Confirm repeats the password) and makes it a member by
// the invitation of token, in one transaction, and signs it in: it
// returns the new session's token.
func (s *Service) AcceptInvitationNewAccount(ctx context.Context, token string, in SetupInput) (string, *parley.Member, error) {
	if err := s.Store.View(ctx, func(tx parley.Tx) error {
		_, _, err := s.pendingInvitation(ctx, tx, token)
		return err
	}); err != nil {
		return "", nil, failed(err, "reading an invitation")
	}
	if in.Confirm != in.Password {
		return "", nil, parley.Invalid("confirm", "the two passwords differ")
	}
	var a *parley.Account
	var err error
	if herr := withHashSlot(ctx, func() {
		a, err = s.newAccount(AccountInput{Username: in.Username, DisplayName: in.DisplayName, Password: in.Password}, false)
	}); herr != nil {
		return "", nil, herr
	}
	if err != nil {
		return "", nil, err
	}
	session, hash := newSessionToken()
	var m *parley.Member
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		inv, p, err := s.pendingInvitation(ctx, tx, token)
		if err != nil {
			return err
		}
		if err := tx.CreateAccount(ctx, a); err != nil {
			return err
		}
		if err := s.audit(WithAccount(ctx, a.ID), tx, change{action: "account.create", object: "accounts/" + a.Username,
			details: map[string]any{"invitation": inv.ID}}); err != nil {
			return err
		}
		if m, err = s.join(ctx, tx, inv, p, a); err != nil {
			return err
		}
		now := s.now()
		return tx.CreateSession(ctx, &parley.Session{TokenHash: hash, AccountID: a.ID, CreatedAt: now, ExpiresAt: now.Add(s.sessionTTL())})
	})
	if err != nil {
		return "", nil, failed(err, "accepting an invitation with a new account")
	}
	s.publish(WithAccount(ctx, a.ID), parley.Event{Talks: m.TalksID, Kind: "member"})
	return session, m, nil
}
