package workspace

import (
	"context"
	"fmt"
	"slices"

	"github.com/parley-talks/parley"
)

// Members removed and roles changed: a mediator any member, a principal
// the non-principal members of its own party (parley.Viewer.
// CanManageMember). The talks keep at least one mediator. A removed
// member's access ends at once: every operation reads the caller's
// membership afresh, and its live-update streams end (Subscribe). A
// negotiating party left without a principal cannot answer: the open
// decisions that ask it are withdrawn.

// RoleInput changes a member's role.
type RoleInput struct {
	Role parley.Role `json:"role"`
}

// memberChange is a member about to be changed, with its party and the
// talks' members as they are.
type memberChange struct {
	m       *parley.Member
	party   *parley.Party
	members []parley.Member
}

// openMember opens the talks for a change to member memberID by the
// caller: ENOTFOUND if there is no such member, EFORBIDDEN if the caller
// may not change it.
func (s *Service) openMember(ctx context.Context, tx parley.Tx, talksID, memberID int64) (*memberChange, error) {
	v, _, err := s.open(ctx, tx, talksID, seeTalks)
	if err != nil {
		return nil, err
	}
	c := &memberChange{}
	if c.members, err = tx.Members(ctx, talksID); err != nil {
		return nil, err
	}
	i := slices.IndexFunc(c.members, func(m parley.Member) bool { return m.ID == memberID })
	if i < 0 {
		return nil, parley.NotFound("member")
	}
	c.m = &c.members[i]
	parties, err := tx.Parties(ctx, talksID)
	if err != nil {
		return nil, err
	}
	if c.party = partyOf(parties, c.m.PartyID); c.party == nil {
		return nil, parley.NotFound("member")
	}
	if !v.CanManageMember(c.party, c.m) {
		return nil, parley.Errorf(parley.EFORBIDDEN, "only a mediator, or the principal of the party for its other members, changes or removes members")
	}
	return c, nil
}

// count counts the members but c.m with role r, in party (0: any).
func (c *memberChange) count(r parley.Role, party int64) int {
	n := 0
	for _, m := range c.members {
		if m.ID != c.m.ID && m.Role == r && (party == 0 || m.PartyID == party) {
			n++
		}
	}
	return n
}

// keepsMediator refuses to take away the talks' last mediator.
func (c *memberChange) keepsMediator() error {
	if c.m.Role == parley.RoleMediator && c.count(parley.RoleMediator, 0) == 0 {
		return parley.Errorf(parley.ECONFLICT, "%s is the talks' last mediator: make another member mediator first", c.m.Username)
	}
	return nil
}

// withdrawIfNoPrincipal withdraws the open decisions that ask c's party
// when c.m was its last principal; it reports whether any was withdrawn.
func (s *Service) withdrawIfNoPrincipal(ctx context.Context, tx parley.Tx, c *memberChange) (bool, error) {
	if c.party.Kind != parley.PartyParty || c.m.Role != parley.RolePrincipal || c.count(parley.RolePrincipal, c.party.ID) > 0 {
		return false, nil
	}
	withdrawn := false
	err := s.withdrawOpen(ctx, tx, c.m.TalksID, func(d *parley.Decision) bool {
		asks := slices.Contains(d.Parties, c.party.ID)
		withdrawn = withdrawn || asks && d.Status == parley.DecisionOpen
		return asks
	})
	return withdrawn, err
}

// RemoveMember removes a member from the talks.
func (s *Service) RemoveMember(ctx context.Context, talksID, memberID int64) error {
	withdrawn := false
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		c, err := s.openMember(ctx, tx, talksID, memberID)
		if err != nil {
			return err
		}
		if err := c.keepsMediator(); err != nil {
			return err
		}
		if err := tx.DeleteMember(ctx, talksID, memberID); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, change{talks: talksID, action: "member.remove", object: fmt.Sprintf("talks/%d/members/%d", talksID, memberID),
			details: map[string]any{"username": c.m.Username, "party": c.party.Name, "role": string(c.m.Role)}}); err != nil {
			return err
		}
		withdrawn, err = s.withdrawIfNoPrincipal(ctx, tx, c)
		return err
	})
	if err != nil {
		return failed(err, "removing member %d of talks %d", memberID, talksID)
	}
	s.membersChanged(ctx, talksID, withdrawn)
	return nil
}

// ChangeMemberRole gives a member another role in its party.
func (s *Service) ChangeMemberRole(ctx context.Context, talksID, memberID int64, in RoleInput) (*parley.Member, error) {
	var out parley.Member
	var withdrawn bool
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		withdrawn = false // afresh on each attempt: a retry may return before setting it
		c, err := s.openMember(ctx, tx, talksID, memberID)
		if err != nil {
			return err
		}
		if err := parley.CheckRole(in.Role, c.party); err != nil {
			return err
		}
		out = *c.m
		if in.Role == c.m.Role {
			return nil
		}
		if err := c.keepsMediator(); err != nil {
			return err
		}
		out.Role = in.Role
		if err := tx.UpdateMemberRole(ctx, &out); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, change{talks: talksID, action: "member.role", object: fmt.Sprintf("talks/%d/members/%d", talksID, memberID),
			details: map[string]any{"username": c.m.Username, "party": c.party.Name, "from": string(c.m.Role), "role": string(in.Role)}}); err != nil {
			return err
		}
		withdrawn, err = s.withdrawIfNoPrincipal(ctx, tx, c)
		return err
	})
	if err != nil {
		return nil, failed(err, "changing the role of member %d of talks %d", memberID, talksID)
	}
	s.membersChanged(ctx, talksID, withdrawn)
	return &out, nil
}

// membersChanged tells the talks' subscribers that the members changed
// (a removed member's streams end on it), and that decisions did.
func (s *Service) membersChanged(ctx context.Context, talksID int64, withdrawn bool) {
	s.publish(ctx, parley.Event{Talks: talksID, Kind: "member"})
	if withdrawn {
		s.publish(ctx, parley.Event{Talks: talksID, Kind: "decision"})
	}
}
