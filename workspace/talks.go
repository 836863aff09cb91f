package workspace

import (
	"context"
	"fmt"
	"strings"

	"github.com/parley-talks/parley"
)

// TalksInput opens new talks. The caller becomes a mediator member of the
// mediator party, named MediatorParty ("Mediator" if empty).
type TalksInput struct {
	Title         string `json:"title"`
	Description   string `json:"description"`
	MediatorParty string `json:"mediator_party"`
}

// TalksView is talks as one member sees them.
type TalksView struct {
	parley.Talks
	Parties []parley.Party  `json:"parties"`
	Members []parley.Member `json:"members"`
	// You is the caller's own membership.
	You *parley.Member `json:"you"`
	// Can lists what the caller may do here.
	Can Permissions `json:"can"`
	// InviteTo and ManageMembers say, for pages, which parties (by ID)
	// the caller may invite to and which members (by ID) it may change or
	// remove.
	InviteTo      map[int64]bool `json:"-"`
	ManageMembers map[int64]bool `json:"-"`
}

// Permissions says what a member may do in the talks, for clients to show
// the right controls; the workspace checks again on every request.
type Permissions struct {
	Manage      bool  `json:"manage"`
	Draft       bool  `json:"draft"`
	Mark        bool  `json:"mark"`
	SeeWorking  bool  `json:"see_working_draft"`
	AddMembers  bool  `json:"add_members"`
	MarkAsParty int64 `json:"mark_as_party,omitempty"`
	// SpeakForParty: the caller records its party's statements and
	// travel (for pages; not in the API's answer).
	SpeakForParty bool `json:"-"`
}

// ListTalks lists the talks the caller is a member of.
func (s *Service) ListTalks(ctx context.Context) ([]parley.Talks, error) {
	id, err := s.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	var out []parley.Talks
	err = s.Store.View(ctx, func(tx parley.Tx) error {
		out, err = tx.TalksOf(ctx, id)
		return err
	})
	if out == nil {
		out = []parley.Talks{}
	}
	return out, failed(err, "listing the talks of account %d", id)
}

// CreateTalks opens talks with the caller as mediator. An account without
// the right to open talks (parley.CanCreateTalks) is refused with
// EFORBIDDEN: it knows of itself that it may not.
func (s *Service) CreateTalks(ctx context.Context, in TalksInput) (*TalksView, error) {
	accountID, err := s.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	t := &parley.Talks{Title: strings.TrimSpace(in.Title), Description: in.Description, State: parley.TalksOpen, CreatedAt: s.now()}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	med := &parley.Party{Name: strings.TrimSpace(in.MediatorParty), Kind: parley.PartyMediator}
	if med.Name == "" {
		med.Name = "Mediator"
	}
	if err := med.Validate(); err != nil {
		return nil, parley.Invalid("mediator_party", "the mediator party's name: %s", parley.ErrorMessage(err))
	}
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		a, err := tx.AccountByID(ctx, accountID)
		if err != nil {
			return err
		}
		if !parley.CanCreateTalks(a) {
			return parley.Errorf(parley.EFORBIDDEN, "your account may not open talks; an administrator gives that right")
		}
		if err := tx.CreateTalks(ctx, t); err != nil {
			return err
		}
		med.TalksID = t.ID
		if err := tx.CreateParty(ctx, med); err != nil {
			return err
		}
		if err := tx.CreateMember(ctx, &parley.Member{TalksID: t.ID, PartyID: med.ID, AccountID: a.ID, Username: a.Username, DisplayName: a.DisplayName, Role: parley.RoleMediator}); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: t.ID, action: "talks.create", object: fmt.Sprintf("talks/%d", t.ID),
			details: map[string]any{"title": t.Title, "mediator_party": med.Name}})
	})
	if err != nil {
		return nil, failed(err, "creating talks")
	}
	return s.GetTalks(ctx, t.ID)
}

// GetTalks returns the talks with their parties and members.
func (s *Service) GetTalks(ctx context.Context, talksID int64) (*TalksView, error) {
	var view *TalksView
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, t, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		view = &TalksView{Talks: *t, You: v.Member}
		if view.Parties, err = tx.Parties(ctx, talksID); err != nil {
			return err
		}
		if view.Members, err = tx.Members(ctx, talksID); err != nil {
			return err
		}
		view.Can = permissions(v, view.Parties)
		view.InviteTo, view.ManageMembers = map[int64]bool{}, map[int64]bool{}
		for i := range view.Parties {
			p := &view.Parties[i]
			view.InviteTo[p.ID] = v.CanAddMember(p)
			for j := range view.Members {
				if m := &view.Members[j]; m.PartyID == p.ID {
					view.ManageMembers[m.ID] = v.CanManageMember(p, m)
				}
			}
		}
		return nil
	})
	return view, failed(err, "reading talks %d", talksID)
}

func permissions(v parley.Viewer, parties []parley.Party) Permissions {
	p := Permissions{Manage: v.CanManageTalks(), Draft: v.CanDraft(), SeeWorking: v.CanSeeWorkingDraft(), SpeakForParty: v.CanSpeakForParty()}
	for i := range parties {
		if v.CanAddMember(&parties[i]) {
			p.AddMembers = true
		}
		if v.CanMarkFor(&parties[i]) {
			p.Mark, p.MarkAsParty = true, parties[i].ID
		}
	}
	return p
}

// TalksUpdate changes talks; nil fields stay as they are.
type TalksUpdate struct {
	Title       *string            `json:"title"`
	Description *string            `json:"description"`
	State       *parley.TalksState `json:"state"`
}

// UpdateTalks changes the talks' title, description or state. Mediators may.
func (s *Service) UpdateTalks(ctx context.Context, talksID int64, in TalksUpdate) (*TalksView, error) {
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		_, t, err := s.open(ctx, tx, talksID, manageTalks)
		if err != nil {
			return err
		}
		if in.Title != nil {
			t.Title = strings.TrimSpace(*in.Title)
		}
		if in.Description != nil {
			t.Description = *in.Description
		}
		if in.State != nil {
			if err := t.CheckMove(*in.State); err != nil {
				return err
			}
			t.State = *in.State
		}
		if err := t.Validate(); err != nil {
			return err
		}
		if err := tx.UpdateTalks(ctx, t); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: t.ID, action: "talks.update", object: fmt.Sprintf("talks/%d", t.ID),
			details: map[string]any{"title": t.Title, "state": string(t.State)}})
	})
	if err != nil {
		return nil, failed(err, "updating talks %d", talksID)
	}
	return s.GetTalks(ctx, talksID)
}

// PartyInput adds a party.
type PartyInput struct {
	Name           string           `json:"name"`
	Kind           parley.PartyKind `json:"kind"`
	ShareByDefault bool             `json:"share_with_mediator_by_default"`
}

// AddParty adds a party to the talks. Mediators may. Party names are unique
// in the talks regardless of case and surrounding space (ECONFLICT); a
// negotiating party added withdraws the open decisions, which did not ask it.
func (s *Service) AddParty(ctx context.Context, talksID int64, in PartyInput) (*parley.Party, error) {
	p := &parley.Party{TalksID: talksID, Name: strings.TrimSpace(in.Name), Kind: in.Kind, ShareByDefault: in.ShareByDefault}
	if p.Kind == "" {
		p.Kind = parley.PartyParty
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, addParty); err != nil {
			return err
		}
		if p.Kind == parley.PartyMediator {
			return parley.Invalid("kind", "the talks have their mediator party already")
		}
		parties, err := tx.Parties(ctx, talksID)
		if err != nil {
			return err
		}
		if err := parley.CheckPartyName(parties, p.Name); err != nil {
			return err
		}
		if err := tx.CreateParty(ctx, p); err != nil {
			return err
		}
		// The open decisions did not ask the new party: they are withdrawn.
		if p.Kind == parley.PartyParty {
			if err := s.withdrawOpen(ctx, tx, talksID, nil); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, change{talks: talksID, action: "party.add", object: fmt.Sprintf("talks/%d/parties/%d", talksID, p.ID),
			details: map[string]any{"name": p.Name, "kind": string(p.Kind)}})
	})
	if err != nil {
		return nil, failed(err, "adding a party to talks %d", talksID)
	}
	return p, nil
}

// ListParties lists the talks' parties.
func (s *Service) ListParties(ctx context.Context, talksID int64) ([]parley.Party, error) {
	view, err := s.GetTalks(ctx, talksID)
	if err != nil {
		return nil, err
	}
	return view.Parties, nil
}

// MemberInput adds an existing account to a party, named by ID or by name.
type MemberInput struct {
	Username  string      `json:"username"`
	Party     int64       `json:"party"`
	PartyName string      `json:"party_name"`
	Role      parley.Role `json:"role"`
}

// AddMember adds an account to a party of the talks: a mediator to any
// party, a principal to its own.
func (s *Service) AddMember(ctx context.Context, talksID int64, in MemberInput) (*parley.Member, error) {
	if err := parley.ValidateUsername(in.Username); err != nil {
		return nil, err
	}
	if !in.Role.Valid() {
		return nil, parley.Invalid("role", "role must be principal, negotiator, adviser, observer or mediator")
	}
	var m *parley.Member
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		parties, err := tx.Parties(ctx, talksID)
		if err != nil {
			return err
		}
		var party *parley.Party
		for i := range parties {
			if parties[i].ID == in.Party || in.Party == 0 && parley.SamePartyName(parties[i].Name, in.PartyName) {
				party = &parties[i]
				break
			}
		}
		if party == nil {
			return parley.Invalid("party", "no such party in these talks")
		}
		if !v.CanAddMember(party) {
			return parley.Errorf(parley.EFORBIDDEN, "only a mediator, or the party's principal, may add members to %s", party.Name)
		}
		if in.Role == parley.RoleMediator && party.Kind != parley.PartyMediator {
			return parley.Invalid("role", "the mediator role belongs to the mediator party")
		}
		a, err := tx.AccountByUsername(ctx, in.Username)
		if parley.ErrorCode(err) == parley.ENOTFOUND {
			return parley.Invalid("username", "no account named %q", in.Username)
		} else if err != nil {
			return err
		}
		m = &parley.Member{TalksID: talksID, PartyID: party.ID, AccountID: a.ID, Username: a.Username, DisplayName: a.DisplayName, Role: in.Role}
		if err := tx.CreateMember(ctx, m); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, action: "member.add", object: fmt.Sprintf("talks/%d/members/%d", talksID, m.ID),
			details: map[string]any{"username": m.Username, "party": party.Name, "role": string(m.Role)}})
	})
	if err != nil {
		return nil, failed(err, "adding a member to talks %d", talksID)
	}
	return m, nil
}

// ListMembers lists the talks' members.
func (s *Service) ListMembers(ctx context.Context, talksID int64) ([]parley.Member, error) {
	view, err := s.GetTalks(ctx, talksID)
	if err != nil {
		return nil, err
	}
	return view.Members, nil
}
