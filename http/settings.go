package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// Setting talks up in the browser: the "New talks" form of the home page,
// and each talks' settings page (/talks/{talks}/settings) where the
// mediator changes the details and state and adds parties, and whoever
// may add members to a party invites to it, changes roles and removes
// members.

func (s *Server) registerSettings() {
	s.page("POST /talks", s.createTalksSubmit)
	s.page("GET /talks/{talks}/settings", s.settingsPage)
	s.page("POST /talks/{talks}/settings", s.settingsSubmit)
	s.page("POST /talks/{talks}/parties", s.partySubmit)
	s.page("POST /talks/{talks}/invitations", s.invitationSubmit)
	s.page("POST /talks/{talks}/invitations/{invitation}/revoke", s.revokeSubmit)
	s.page("POST /talks/{talks}/members/{member}/role", s.roleSubmit)
	s.page("POST /talks/{talks}/members/{member}/remove", s.removeSubmit)
}

// homeData is the home page: the caller's talks and the form for new ones.
type homeData struct {
	Talks []parley.Talks
	// Waiting holds, by talks, what waits there for the viewer (nav.go).
	Waiting                           map[int64][]navSection
	Title, Description, MediatorParty string
	Error, Field                      string
}

func (s *Server) renderHome(w http.ResponseWriter, r *http.Request, p *page, status int, d homeData) error {
	ts, err := s.ws.ListTalks(r.Context())
	if err != nil {
		return err
	}
	d.Talks, d.Waiting = ts, map[int64][]navSection{}
	for _, t := range ts {
		if n := s.talksNav(r.Context(), t.ID, "", p.tr); n != nil {
			for _, sec := range n.Sections {
				if sec.Waiting != "" {
					d.Waiting[t.ID] = append(d.Waiting[t.ID], sec)
				}
			}
		}
	}
	p.Title, p.Data = p.tr("My talks"), d
	s.render(w, r, status, "home", *p)
	return nil
}

// createTalksSubmit opens talks with the caller as mediator and shows
// their settings, to add the parties and invite the members.
func (s *Server) createTalksSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	in := workspace.TalksInput{Title: r.PostFormValue("title"), Description: r.PostFormValue("description"), MediatorParty: r.PostFormValue("mediator_party")}
	t, err := s.ws.CreateTalks(r.Context(), in)
	if code := parley.ErrorCode(err); code == parley.EINVALID || code == parley.EFORBIDDEN {
		return s.renderHome(w, r, p, statusOf[code], homeData{Title: in.Title, Description: in.Description, MediatorParty: in.MediatorParty,
			Error: p.message(err), Field: parley.ErrorField(err)})
	} else if err != nil {
		return err
	}
	redirect(w, r, "/talks/%d/settings", t.ID)
	return nil
}

// settingsData is the settings page.
type settingsData struct {
	Talks       *workspace.TalksView
	Groups      []memberGroup
	Inviteable  []parley.Party // the parties the caller may invite to
	Invitations []parley.Invitation
	Names       map[int64]string
	Roles       []parley.Role
	States      []parley.TalksState
	// NewLink is the invitation link just made, shown this once.
	NewLink string
	Error   string
	// RequirePasskey: the talks admit only passkey sessions.
	RequirePasskey bool
	// RemoveRefused is the member whose removal was sent unconfirmed: its
	// form comes back open with the reason beside the box.
	RemoveRefused int64
}

// memberGroup is one party's members, with what the caller may do to them.
type memberGroup struct {
	Party   parley.Party
	Members []memberRow
}

type memberRow struct {
	parley.Member
	CanManage bool
}

// settingsPage shows the talks' settings to a member who may manage the
// talks or add members to some party.
func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request, p *page) error {
	return s.renderSettings(w, r, p, http.StatusOK, "", "")
}

// renderSettings shows the settings page; with, if given, adds to what
// the page shows.
func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, p *page, status int, newLink, message string, with ...func(*settingsData)) error {
	id, t, err := s.talksOf(r)
	if err != nil {
		return err
	}
	if !t.Can.Manage && !t.Can.AddMembers {
		return parley.Errorf(parley.EFORBIDDEN, "only a mediator, or a party's principal, sets the talks up")
	}
	d := settingsData{Talks: t, Names: partyNames(t), NewLink: newLink, Error: message,
		Roles:  []parley.Role{parley.RolePrincipal, parley.RoleNegotiator, parley.RoleAdviser, parley.RoleObserver, parley.RoleMediator},
		States: []parley.TalksState{parley.TalksOpen, parley.TalksSuspended, parley.TalksConcluded}}
	for _, party := range t.Parties {
		if t.InviteTo[party.ID] {
			d.Inviteable = append(d.Inviteable, party)
		}
		g := memberGroup{Party: party}
		for _, m := range t.Members {
			if m.PartyID == party.ID {
				g.Members = append(g.Members, memberRow{Member: m, CanManage: t.ManageMembers[m.ID]})
			}
		}
		d.Groups = append(d.Groups, g)
	}
	for _, f := range with {
		f(&d)
	}
	if d.Invitations, err = s.ws.ListInvitations(r.Context(), id); err != nil {
		return err
	}
	if d.RequirePasskey, err = s.ws.TalksRequirePasskey(r.Context(), id); err != nil {
		return err
	}
	p.Title, p.Data, p.Talks = p.tr("Settings"), d, id
	s.render(w, r, status, "settings", *p)
	return nil
}

// settingsResult ends a settings form: back to the page, or, for a
// refusal the user can act on, the page again with the reason.
func (s *Server) settingsResult(w http.ResponseWriter, r *http.Request, p *page, err error) error {
	switch code := parley.ErrorCode(err); code {
	case "":
		id, _ := pathID(r, "talks")
		redirect(w, r, "/talks/%d/settings", id)
		return nil
	case parley.EINVALID, parley.ECONFLICT, parley.EFORBIDDEN:
		return s.renderSettings(w, r, p, statusOf[code], "", p.message(err))
	}
	return err
}

func (s *Server) settingsSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	title, desc, state := r.PostFormValue("title"), r.PostFormValue("description"), parley.TalksState(r.PostFormValue("state"))
	in := workspace.TalksUpdate{Title: &title, Description: &desc}
	if state != "" {
		in.State = &state
	}
	_, err = s.ws.UpdateTalks(r.Context(), id, in)
	return s.settingsResult(w, r, p, err)
}

func (s *Server) partySubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	in := workspace.PartyInput{Name: r.PostFormValue("name"), Kind: parley.PartyKind(r.PostFormValue("kind")),
		ShareByDefault: r.PostFormValue("share_by_default") != ""}
	_, err = s.ws.AddParty(r.Context(), id, in)
	return s.settingsResult(w, r, p, err)
}

// invitationSubmit makes an invitation and shows the settings page with
// its link, this once: the page is the answer to the post, not a
// redirect, so the link is in no address and no history.
func (s *Server) invitationSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	party, _ := strconv.ParseInt(r.PostFormValue("party"), 10, 64)
	in := workspace.InvitationInput{Party: party, Role: parley.Role(r.PostFormValue("role")), Note: strings.TrimSpace(r.PostFormValue("note"))}
	if party <= 0 {
		return s.settingsResult(w, r, p, parley.Invalid("party", "choose a party"))
	}
	inv, err := s.ws.CreateInvitation(r.Context(), id, in)
	if err != nil {
		return s.settingsResult(w, r, p, err)
	}
	return s.renderSettings(w, r, p, http.StatusCreated, invitationLink(r, inv.Token), "")
}

func (s *Server) revokeSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, iid, err := pathIDs(r, "invitation")
	if err != nil {
		return err
	}
	return s.settingsResult(w, r, p, s.ws.RevokeInvitation(r.Context(), id, iid))
}

func (s *Server) roleSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, mid, err := pathIDs(r, "member")
	if err != nil {
		return err
	}
	_, err = s.ws.ChangeMemberRole(r.Context(), id, mid, workspace.RoleInput{Role: parley.Role(r.PostFormValue("role"))})
	return s.settingsResult(w, r, p, err)
}

// removeSubmit removes a member once the remover ticked the box that
// confirms it (sent without, the form comes back asking for it); one who
// removed itself has nothing more to see here and goes home.
func (s *Server) removeSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, mid, err := pathIDs(r, "member")
	if err != nil {
		return err
	}
	if r.PostFormValue("confirm") != "yes" {
		return s.renderSettings(w, r, p, http.StatusBadRequest, "", "", func(d *settingsData) { d.RemoveRefused = mid })
	}
	if err := s.ws.RemoveMember(r.Context(), id, mid); err != nil {
		return s.settingsResult(w, r, p, err)
	}
	if _, err := s.ws.GetTalks(r.Context(), id); parley.ErrorCode(err) == parley.ENOTFOUND {
		redirect(w, r, "/")
		return nil
	}
	return s.settingsResult(w, r, p, nil)
}
