package http

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// Invitations and members: the API to invite to a party, list and revoke
// invitations, change a member's role and remove a member; and the public
// page an invitation link opens (/invite/{token}), where a signed-in
// account accepts it or a newcomer creates an account.

func (s *Server) registerInvitations() {
	s.api("POST /api/v1/talks/{talks}/invitations", s.createInvitation)
	s.api("GET /api/v1/talks/{talks}/invitations", talksGet(s.ws.ListInvitations))
	s.api("DELETE /api/v1/talks/{talks}/invitations/{invitation}", s.revokeInvitation)
	s.api("PATCH /api/v1/talks/{talks}/members/{member}", s.changeMemberRole)
	s.api("DELETE /api/v1/talks/{talks}/members/{member}", s.removeMember)

	s.publicPage("GET /invite/{token}", s.invitePage)
	s.publicPage("POST /invite/{token}/accept", s.inviteAccept)
	s.publicPage("POST /invite/{token}/account", s.inviteNewAccount)
}

// invitationLink is the address of an invitation's token on this server.
func invitationLink(r *http.Request, token string) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/invite/" + url.PathEscape(token)
}

// invitationCreated is an invitation just made, with its link: shown once.
type invitationCreated struct {
	*workspace.NewInvitation
	Link string `json:"link"`
}

func (s *Server) createInvitation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	var in workspace.InvitationInput
	if err := decode(r, &in); err != nil {
		return err
	}
	inv, err := s.ws.CreateInvitation(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, invitationCreated{inv, invitationLink(r, inv.Token)})
	return nil
}

func (s *Server) revokeInvitation(w http.ResponseWriter, r *http.Request) error {
	tid, id, err := pathIDs(r, "invitation")
	if err != nil {
		return err
	}
	if err := s.ws.RevokeInvitation(r.Context(), tid, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) changeMemberRole(w http.ResponseWriter, r *http.Request) error {
	tid, id, err := pathIDs(r, "member")
	if err != nil {
		return err
	}
	var in workspace.RoleInput
	if err := decode(r, &in); err != nil {
		return err
	}
	m, err := s.ws.ChangeMemberRole(r.Context(), tid, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) removeMember(w http.ResponseWriter, r *http.Request) error {
	tid, id, err := pathIDs(r, "member")
	if err != nil {
		return err
	}
	if err := s.ws.RemoveMember(r.Context(), tid, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// inviteData is the invitation page.
type inviteData struct {
	Token       string
	Invitation  *workspace.InvitationView
	SignIn      string // the sign-in page, coming back here
	Username    string
	DisplayName string
	Error       string
	Field       string
	MinPassword int
}

// invitePage shows what an invitation is for and how to accept it: as the
// account signed in, or with a new account, or by signing in first.
func (s *Server) invitePage(w http.ResponseWriter, r *http.Request, p *page) error {
	token := r.PathValue("token")
	info, err := s.ws.InvitationInfo(r.Context(), token)
	if err != nil {
		return invitationDead(err)
	}
	s.renderInvite(w, r, p, http.StatusOK, inviteData{Token: token, Invitation: info})
	return nil
}

func (s *Server) renderInvite(w http.ResponseWriter, r *http.Request, p *page, status int, d inviteData) {
	// The token is in the address: no other site is told it ("same-origin"
	// rather than "no-referrer", under which browsers post the form with
	// "Origin: null", which checkSignInOrigin refuses).
	w.Header().Set("Referrer-Policy", "same-origin")
	d.MinPassword = workspace.MinPasswordLength
	d.SignIn = "/signin?next=" + url.QueryEscape(safeNext("/invite/"+url.PathEscape(d.Token)))
	p.Title, p.Data = p.tr("Invitation"), d
	s.render(w, r, status, "invite", *p)
}

// inviteAccept makes the signed-in account a member and opens the talks.
func (s *Server) inviteAccept(w http.ResponseWriter, r *http.Request, p *page) error {
	token := r.PathValue("token")
	if p.Account == nil {
		redirect(w, r, "/signin?next=%s", url.QueryEscape(safeNext("/invite/"+url.PathEscape(token))))
		return nil
	}
	m, err := s.ws.AcceptInvitation(r.Context(), token)
	if err != nil {
		return invitationDead(err)
	}
	redirect(w, r, "/talks/%d", m.TalksID)
	return nil
}

// inviteNewAccount creates an account by the invitation, signs the
// browser in as it and opens the talks; a refused input brings the form
// back with the reason.
func (s *Server) inviteNewAccount(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := checkSignInOrigin(r); err != nil {
		return err
	}
	token := r.PathValue("token")
	r.ParseForm()
	in := workspace.SetupInput{Username: strings.TrimSpace(r.PostFormValue("username")), DisplayName: strings.TrimSpace(r.PostFormValue("display_name")),
		Password: r.PostFormValue("password"), Confirm: r.PostFormValue("confirm")}
	session, m, err := s.ws.AcceptInvitationNewAccount(r.Context(), token, in)
	switch parley.ErrorCode(err) {
	case "":
	case parley.EINVALID, parley.ECONFLICT:
		info, ierr := s.ws.InvitationInfo(r.Context(), token)
		if ierr != nil {
			return invitationDead(ierr)
		}
		s.renderInvite(w, r, p, statusOf[parley.ErrorCode(err)], inviteData{Token: token, Invitation: info, Username: in.Username,
			DisplayName: in.DisplayName, Error: p.message(err), Field: parley.ErrorField(err)})
		return nil
	default:
		return invitationDead(err)
	}
	setSessionCookie(w, r, session, workspace.DefaultSessionTTL)
	redirect(w, r, "/talks/%d", m.TalksID)
	return nil
}

// invitationDead says what a dead invitation link means, keeping other
// errors as they are.
func invitationDead(err error) error {
	if parley.ErrorCode(err) != parley.ENOTFOUND {
		return err
	}
	return parley.Errorf(parley.ENOTFOUND, "This invitation link does not work: it was used already, it was revoked, or it expired (a link lasts seven days). "+
		"Ask whoever invited you for a new one.")
}
