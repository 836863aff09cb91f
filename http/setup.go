package http

import (
	"net/http"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// First start: the one-time setup link that `parley serve` prints for an
// empty database opens a page creating the first administrator. Any other
// token, a used or expired one, and every token once the database has an
// account, answer 404.

func (s *Server) registerSetup() {
	s.publicPage("GET /setup/{token}", s.setupPage)
	s.publicPage("POST /setup/{token}", s.setupSubmit)
}

type setupData struct {
	Token, Username, DisplayName string
	Error, Field                 string
	MinPassword                  int
}

// setupPage shows the form that creates the first administrator.
func (s *Server) setupPage(w http.ResponseWriter, r *http.Request, p *page) error {
	token := r.PathValue("token")
	if err := s.ws.CheckSetup(r.Context(), token); err != nil {
		return setupDead(err)
	}
	s.renderSetup(w, r, p, http.StatusOK, setupData{Token: token})
	return nil
}

// setupSubmit creates the first administrator, signs the browser in as it
// and sends it home; a refused input brings the form back with the reason.
func (s *Server) setupSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	token := r.PathValue("token")
	r.ParseForm()
	in := workspace.SetupInput{Username: strings.TrimSpace(r.PostFormValue("username")), DisplayName: strings.TrimSpace(r.PostFormValue("display_name")),
		Password: r.PostFormValue("password"), Confirm: r.PostFormValue("confirm")}
	a, err := s.ws.CompleteSetup(r.Context(), token, in)
	switch parley.ErrorCode(err) {
	case "":
	case parley.EINVALID, parley.ECONFLICT:
		s.renderSetup(w, r, p, statusOf[parley.ErrorCode(err)], setupData{Token: token, Username: in.Username, DisplayName: in.DisplayName,
			Error: p.message(err), Field: parley.ErrorField(err)})
		return nil
	default:
		return setupDead(err)
	}
	s.signInWith(w, r, a.Username, in.Password)
	return nil
}

func (s *Server) renderSetup(w http.ResponseWriter, r *http.Request, p *page, status int, d setupData) {
	// The token is in the address: no other site is told it.
	w.Header().Set("Referrer-Policy", "no-referrer")
	d.MinPassword = workspace.MinPasswordLength
	p.Title, p.Data = p.tr("Set up Parley"), d
	s.render(w, r, status, "setup", *p)
}

// setupDead says what a dead setup link means, keeping other errors as
// they are.
func setupDead(err error) error {
	if parley.ErrorCode(err) != parley.ENOTFOUND {
		return err
	}
	return parley.Errorf(parley.ENOTFOUND, "This setup link does not work: it was used already, it expired (a link lasts an hour), or Parley is set up. "+
		"An administrator signs in; on a database with no account yet, restart parley serve for a new link.")
}
