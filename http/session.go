package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
	p.Title, p.Data = p.tr("Sign in"), signInData{Next: safeNext(r.URL.Query().Get("next"))}
	renderSignIn(w, r, s, http.StatusOK, p)
	return nil
}

// safeNext keeps a redirect target on this site: an absolute path (and
// query) in valid UTF-8 with no control or space characters (which
// browsers drop: "/<TAB>/evil.example" is "//evil.example"), no backslash
// (which browsers read as a slash) and no "//"; anything else is "/".
func safeNext(next string) string {
	bad := func(r rune) bool { return r == '\\' || unicode.IsControl(r) || unicode.IsSpace(r) }
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(next, "/") ||
		strings.Contains(next, "//") || !utf8.ValidString(next) || strings.IndexFunc(next, bad) >= 0 {
		return "/"
	}
	return next
}

// renderSignIn renders the sign-in form, whose page sends the referrer
// to this site alone ("same-origin" rather than every other page's
// "no-referrer", under which browsers post forms with "Origin: null"), so
// that its post carries the Origin checkSignInOrigin asks for.
func renderSignIn(w http.ResponseWriter, r *http.Request, s *Server, status int, p *page) {
	w.Header().Set("Referrer-Policy", "same-origin")
	s.render(w, r, status, "signin", *p)
}

// checkSignInOrigin refuses a sign-in form that was not posted from this
// site's own pages, which browsers say in Origin: one from another site,
// a sandboxed frame or a redirect ("null") or with no Origin could sign
// the browser in to an account of the attacker's (login forgery).
func checkSignInOrigin(r *http.Request) error {
	if u, err := url.Parse(r.Header.Get("Origin")); err != nil || u.Host == "" || u.Host != r.Host {
		return parley.Errorf(parley.EFORBIDDEN, "sign in from Parley's own sign-in page")
	}
	return nil
}

// signInSubmit signs the browser in and sends it where it was going; a
// wrong password or too many attempts bring the form back with the reason.
func (s *Server) signInSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := checkSignInOrigin(r); err != nil {
		return err
	}
	r.ParseForm()
	username, password := strings.TrimSpace(r.PostFormValue("username")), r.PostFormValue("password")
	token, _, err := s.ws.SignIn(r.Context(), username, password, clientAddress(r))
	if err != nil {
		code := parley.ErrorCode(err)
		if code != parley.EUNAUTHORIZED && code != parley.ETOOMANY && code != parley.EFORBIDDEN {
			return err
		}
		// A throttled sign-in answers 429 with Retry-After, as the API
		// does (and the metrics count it as throttling, not a failure);
		// an account that signs in with a passkey only, 403.
		status := http.StatusUnauthorized
		if code == parley.EFORBIDDEN {
			status = http.StatusForbidden
		}
		if code == parley.ETOOMANY {
			status = http.StatusTooManyRequests
			w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(err)))
		}
		p.Title = p.tr("Sign in")
		p.Data = signInData{Next: safeNext(r.PostFormValue("next")), Username: username, Error: p.message(err)}
		renderSignIn(w, r, s, status, p)
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

// signInWith signs the browser in with the password just set (on the
// setup or password-link page) and sends it home; should that fail, to
// the sign-in page.
func (s *Server) signInWith(w http.ResponseWriter, r *http.Request, username, password string) {
	session, _, err := s.ws.SignIn(r.Context(), username, password, clientAddress(r))
	if err != nil {
		redirect(w, r, "/signin")
		return
	}
	setSessionCookie(w, r, session, workspace.DefaultSessionTTL)
	redirect(w, r, "/")
}
