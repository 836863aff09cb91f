package http

import (
	"net/http"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// Sessions: signing in and out, with a bearer token (the API) or a
// session cookie (the pages). Both are the same kind of token, stored only
// as hashes.

func (s *Server) registerSession() {
	s.publicAPI("POST /api/v1/session", s.signIn)
	s.api("DELETE /api/v1/session", s.signOut)
	s.api("DELETE /api/v1/sessions", s.signOutEverywhere)

	s.publicPage("GET /signin", s.signInPage)
	s.publicPage("POST /signin", s.signInSubmit)
	s.page("POST /signout", s.signOutSubmit)
}

type signInRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type signInResponse struct {
	Token   string          `json:"token"`
	Account *parley.Account `json:"account"`
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	var in signInRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	token, a, err := s.ws.SignIn(r.Context(), in.Username, in.Password, clientAddress(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, signInResponse{Token: token, Account: a})
	return nil
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	if err := s.ws.SignOut(r.Context(), bearerToken(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// signOutEverywhere ends every session of the caller's account.
func (s *Server) signOutEverywhere(w http.ResponseWriter, r *http.Request) error {
	if err := s.ws.SignOutEverywhere(r.Context()); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type signInData struct {
	Next, Username, Error string
}

func (s *Server) signInPage(w http.ResponseWriter, r *http.Request, p *page) error {
	p.Title, p.Data = "Sign in", signInData{Next: safeNext(r.URL.Query().Get("next"))}
	s.render(w, r, http.StatusOK, "signin", *p)
	return nil
}

// safeNext keeps a redirect target on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// signInSubmit signs the browser in and sends it where it was going; a
// wrong password or too many attempts bring the form back with the reason.
func (s *Server) signInSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	r.ParseForm()
	username, password := strings.TrimSpace(r.PostFormValue("username")), r.PostFormValue("password")
	token, _, err := s.ws.SignIn(r.Context(), username, password, clientAddress(r))
	if err != nil {
		if code := parley.ErrorCode(err); code != parley.EUNAUTHORIZED && code != parley.ETOOMANY {
			return err
		}
		p.Title = "Sign in"
		p.Data = signInData{Next: safeNext(r.PostFormValue("next")), Username: username, Error: parley.ErrorMessage(err)}
		s.render(w, r, http.StatusUnauthorized, "signin", *p)
		return nil
	}
	setSessionCookie(w, r, token, workspace.DefaultSessionTTL)
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}

func (s *Server) signOutSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.ws.SignOut(r.Context(), c.Value); err != nil {
			return err
		}
	}
	clearSessionCookie(w, r)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
	return nil
}
