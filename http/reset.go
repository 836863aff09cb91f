package http

import (
	"net/http"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// Password links: the one-time link an administrator hands over (for a
// new account or a reset) opens a page where its holder sets the
// account's password. A wrong, used or expired token answers 404.

func (s *Server) registerReset() {
	s.publicPage("GET /reset/{token}", s.resetPage)
	s.publicPage("POST /reset/{token}", s.resetSubmit)
}

type resetData struct {
	Token, Username string
	Error, Field    string
	MinPassword     int
}

// resetPage shows the form that sets the password.
func (s *Server) resetPage(w http.ResponseWriter, r *http.Request, p *page) error {
	token := r.PathValue("token")
	a, err := s.ws.CheckPasswordLink(r.Context(), token)
	if err != nil {
		return linkDead(err)
	}
	s.renderReset(w, r, p, http.StatusOK, resetData{Token: token, Username: a.Username})
	return nil
}

// resetSubmit sets the password, which ends every session of the account,
// then signs the browser in with it and sends it home; a refused password
// brings the form back with the reason.
func (s *Server) resetSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	token := r.PathValue("token")
	r.ParseForm()
	in := workspace.PasswordReset{Password: r.PostFormValue("password"), Confirm: r.PostFormValue("confirm")}
	a, err := s.ws.UsePasswordLink(r.Context(), token, in)
	switch code := parley.ErrorCode(err); code {
	case "":
	case parley.EINVALID, parley.ETOOMANY:
		d := resetData{Token: token, Error: p.message(err), Field: parley.ErrorField(err)}
		if acc, err := s.ws.CheckPasswordLink(r.Context(), token); err == nil {
			d.Username = acc.Username
		}
		s.renderReset(w, r, p, statusOf[code], d)
		return nil
	default:
		return linkDead(err)
	}
	s.signInWith(w, r, a.Username, in.Password)
	return nil
}

func (s *Server) renderReset(w http.ResponseWriter, r *http.Request, p *page, status int, d resetData) {
	// The token is in the address: no other site is told it.
	w.Header().Set("Referrer-Policy", "no-referrer")
	d.MinPassword = workspace.MinPasswordLength
	p.Title, p.Data = p.tr("Set your password"), d
	s.render(w, r, status, "reset", *p)
}

// linkDead says what a dead password link means, keeping other errors as
// they are.
func linkDead(err error) error {
	if parley.ErrorCode(err) != parley.ENOTFOUND {
		return err
	}
	return parley.Errorf(parley.ENOTFOUND, "This link does not work: it was used already, it expired (a link lasts %d hours), "+
		"or a newer one replaced it. Ask an administrator for a new one.", int(workspace.PasswordLinkTTL.Hours()))
}
