package http

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// Passkeys (WebAuthn): the browser's ceremonies as page routes that answer
// JSON to static/passkeys.js. Registering and removing passkeys, and the
// requirements, take the session cookie and the anti-forgery token, as
// every page form does; signing in with a passkey is public and, as the
// password form, must come from this site's own pages (Origin).
//
// The relying party is the server's public URL when the operator set one
// (SetPublicURL, parley serve --public-url): its ID is the URL's host
// name, its origin the URL's scheme, host and port, whatever Host header
// a request came with. Without one it is the host the browser reached;
// behind a reverse proxy the proxy must then pass the original Host (and
// X-Forwarded-Proto: https). A passkey registered under one host name
// works only under that one.

func (s *Server) registerPasskeys() {
	s.page("POST /account/passkeys/begin", s.passkeyRegisterBegin)
	s.page("POST /account/passkeys/finish", s.passkeyRegisterFinish)
	s.page("POST /account/passkeys/{passkey}/remove", s.passkeyRemoveSubmit)
	s.page("POST /account/passkeys/require", s.passkeyRequireSubmit)
	s.publicPage("POST /signin/passkey/begin", s.passkeySignInBegin)
	s.publicPage("POST /signin/passkey/finish", s.passkeySignInFinish)
	s.page("POST /talks/{talks}/settings/passkeys", s.talksPasskeySubmit)
}

// MaxPasskeyAnswer bounds the browser's answer to a ceremony.
const maxPasskeyAnswer = 64 << 10

// PublicURL parses the server's public URL as members reach it: http or
// https, a host and an optional port, nothing after.
func PublicURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || strings.Trim(u.Path, "/") != "" ||
		u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, parley.Invalid("public-url", "the public URL %q must be http:// or https:// and a host, with an optional port and nothing after", raw)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

// SetPublicURL makes u (from PublicURL) the WebAuthn relying party of
// every passkey ceremony; nil leaves it to each request's host.
func (s *Server) SetPublicURL(u *url.URL) { s.publicURL = u }

// relyingParty is the WebAuthn relying party: the public URL's, or that
// of the host r reached.
func (s *Server) relyingParty(r *http.Request) workspace.PasskeyRP {
	if u := s.publicURL; u != nil {
		return workspace.PasskeyRP{ID: u.Hostname(), Origin: u.Scheme + "://" + u.Host, Name: "Parley"}
	}
	host := r.Host
	name, _, err := net.SplitHostPort(host)
	if err != nil {
		name = host
	}
	scheme := "http"
	if overHTTPS(r) {
		scheme = "https"
	}
	return workspace.PasskeyRP{ID: name, Origin: scheme + "://" + host, Name: "Parley"}
}

// passkeyJSON answers a ceremony's step: v as JSON, or err as the API's
// JSON error.
func (s *Server) passkeyJSON(w http.ResponseWriter, r *http.Request, status int, v any, err error) error {
	if err != nil {
		s.writeError(w, r, err)
		return nil
	}
	writeJSON(w, status, v)
	return nil
}

func (s *Server) passkeyRegisterBegin(w http.ResponseWriter, r *http.Request, p *page) error {
	opts, err := s.ws.BeginPasskeyRegistration(r.Context(), s.relyingParty(r))
	return s.passkeyJSON(w, r, http.StatusOK, json.RawMessage(opts), err)
}

// passkeyRegisterFinish takes the browser's answer as the body, the
// passkey's name in the query.
func (s *Server) passkeyRegisterFinish(w http.ResponseWriter, r *http.Request, p *page) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxPasskeyAnswer))
	if err != nil {
		return s.passkeyJSON(w, r, 0, nil, parley.Errorf(parley.EINVALID, "reading the answer: %v", err))
	}
	pk, err := s.ws.FinishPasskeyRegistration(r.Context(), s.relyingParty(r), r.URL.Query().Get("name"), body)
	return s.passkeyJSON(w, r, http.StatusCreated, pk, err)
}

func (s *Server) passkeyRemoveSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := strconv.ParseInt(r.PathValue("passkey"), 10, 64)
	if err != nil {
		return parley.NotFound("passkey")
	}
	if err := s.ws.DeletePasskey(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/account?done=passkey-removed", http.StatusSeeOther)
	return nil
}

func (s *Server) passkeyRequireSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	r.ParseForm()
	if err := s.ws.SetRequirePasskey(r.Context(), r.PostFormValue("required") == "on"); err != nil {
		return err
	}
	http.Redirect(w, r, "/account?done=passkey-required", http.StatusSeeOther)
	return nil
}

type passkeyBegin struct {
	Ceremony string          `json:"ceremony"`
	Options  json.RawMessage `json:"options"`
}

func (s *Server) passkeySignInBegin(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := checkSignInOrigin(r); err != nil {
		return s.passkeyJSON(w, r, 0, nil, err)
	}
	id, opts, err := s.ws.BeginPasskeySignIn(r.Context(), s.relyingParty(r))
	return s.passkeyJSON(w, r, http.StatusOK, passkeyBegin{Ceremony: id, Options: opts}, err)
}

// passkeySignInFinish takes the browser's answer as the body, the
// ceremony and where to go next in the query; it sets the session cookie.
func (s *Server) passkeySignInFinish(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := checkSignInOrigin(r); err != nil {
		return s.passkeyJSON(w, r, 0, nil, err)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxPasskeyAnswer))
	if err != nil {
		return s.passkeyJSON(w, r, 0, nil, parley.Errorf(parley.EINVALID, "reading the answer: %v", err))
	}
	q := r.URL.Query()
	token, _, err := s.ws.FinishPasskeySignIn(r.Context(), s.relyingParty(r), q.Get("ceremony"), body)
	if err != nil {
		return s.passkeyJSON(w, r, 0, nil, err)
	}
	setSessionCookie(w, r, token, workspace.DefaultSessionTTL)
	return s.passkeyJSON(w, r, http.StatusOK, map[string]string{"next": safeNext(q.Get("next"))}, nil)
}

func (s *Server) talksPasskeySubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := strconv.ParseInt(r.PathValue("talks"), 10, 64)
	if err != nil {
		return parley.NotFound("talks")
	}
	r.ParseForm()
	if err := s.ws.SetTalksRequirePasskey(r.Context(), id, r.PostFormValue("required") == "on"); err != nil {
		return err
	}
	http.Redirect(w, r, "/talks/"+strconv.FormatInt(id, 10)+"/settings", http.StatusSeeOther)
	return nil
}
