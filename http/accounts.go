package http

import (
	"net/http"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// Accounts: the caller's own ("my account": its password, display name
// and sessions, as API and page), and new ones (for administrators). An
// account's key for sealed messages is in messages.go.

func (s *Server) registerAccounts() {
	s.api("GET /api/v1/account", s.getAccount)
	s.api("POST /api/v1/accounts", s.createAccount)
	s.api("PUT /api/v1/account/password", s.changePassword)
	s.api("GET /api/v1/account/sessions", s.listOwnSessions)

	s.page("GET /account", s.accountPage)
	s.page("POST /account/password", s.changePasswordSubmit)
	s.page("POST /account/name", s.displayNameSubmit)
	s.page("POST /account/preferences", s.preferencesSubmit)
	s.page("POST /account/sessions/end", s.signOutEverywhereSubmit)
}

func (s *Server) getAccount(w http.ResponseWriter, r *http.Request) error {
	a, err := s.ws.Account(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request) error {
	var in workspace.AccountInput
	if err := decode(r, &in); err != nil {
		return err
	}
	a, err := s.ws.CreateAccount(r.Context(), in, false)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

// changePassword changes the caller's password; every other session of
// the account ends, the caller's token keeps working.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	var in workspace.PasswordChange
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.ws.ChangePassword(r.Context(), bearerToken(r), in, clientAddress(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// listOwnSessions lists the caller's sessions, never their tokens.
func (s *Server) listOwnSessions(w http.ResponseWriter, r *http.Request) error {
	sessions, err := s.ws.Sessions(r.Context(), bearerToken(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sessions)
	return nil
}

// accountData is what the account page shows: never a password, never a
// session's token.
type accountData struct {
	DisplayName string
	Preferences parley.Preferences
	Sessions    []workspace.SessionInfo
	Error       string
	Field       string
	MinPassword int
	// Passkeys are the account's passkeys; RequirePasskey whether it
	// refuses its password once it has one.
	Passkeys       []parley.Passkey
	RequirePasskey bool
}

// sessionToken is the browser's session token, from its cookie.
func sessionToken(r *http.Request) string {
	if c, err := r.Cookie(sessionCookie); err == nil {
		return c.Value
	}
	return ""
}

// accountPage shows the caller's account: display name, password change
// and sessions.
func (s *Server) accountPage(w http.ResponseWriter, r *http.Request, p *page) error {
	switch r.URL.Query().Get("done") {
	case "password":
		p.Flash = p.tr("Your password is changed. Every other session of your account has ended.")
	case "name":
		p.Flash = p.tr("Your display name is changed.")
	case "preferences":
		p.Flash = p.tr("Your preferences are saved.")
	case "passkey-removed":
		p.Flash = p.tr("The passkey is removed.")
	case "passkey-required":
		p.Flash = p.tr("Your passkey setting is saved.")
	}
	return s.renderAccount(w, r, p, http.StatusOK, accountData{DisplayName: p.Account.DisplayName})
}

// renderAccount renders the account page with d, adding the sessions.
func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, p *page, status int, d accountData) error {
	sessions, err := s.ws.Sessions(r.Context(), sessionToken(r))
	if err != nil {
		return err
	}
	if d.Preferences, err = s.ws.Preferences(r.Context()); err != nil {
		return err
	}
	if d.Passkeys, d.RequirePasskey, err = s.ws.ListPasskeys(r.Context()); err != nil {
		return err
	}
	d.Sessions, d.MinPassword = sessions, workspace.MinPasswordLength
	p.Title, p.Data = p.tr("My account"), d
	s.render(w, r, status, "account", *p)
	return nil
}

// formRefusal brings the account form back with the reason beside its
// field when err is one the user can act on (a refused input, too many
// attempts); it returns other errors as they are.
func (s *Server) formRefusal(w http.ResponseWriter, r *http.Request, p *page, d accountData, err error) error {
	code := parley.ErrorCode(err)
	if code != parley.EINVALID && code != parley.ETOOMANY {
		return err
	}
	d.Error, d.Field = p.message(err), parley.ErrorField(err)
	if code == parley.ETOOMANY {
		d.Field = "current_password"
	}
	return s.renderAccount(w, r, p, statusOf[code], d)
}

// changePasswordSubmit changes the password from the page's form: the
// current one, the new one twice.
func (s *Server) changePasswordSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	r.ParseForm()
	in := workspace.PasswordChange{Current: r.PostFormValue("current_password"), New: r.PostFormValue("new_password")}
	d := accountData{DisplayName: p.Account.DisplayName}
	if in.New != r.PostFormValue("confirm") {
		return s.formRefusal(w, r, p, d, parley.Invalid("confirm", "the new password and its repetition differ"))
	}
	if err := s.ws.ChangePassword(r.Context(), sessionToken(r), in, clientAddress(r)); err != nil {
		return s.formRefusal(w, r, p, d, err)
	}
	redirect(w, r, "/account?done=password")
	return nil
}

// displayNameSubmit changes the display name from the page's form.
func (s *Server) displayNameSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	r.ParseForm()
	name := strings.TrimSpace(r.PostFormValue("display_name"))
	if _, err := s.ws.SetDisplayName(r.Context(), name); err != nil {
		return s.formRefusal(w, r, p, accountData{DisplayName: name}, err)
	}
	redirect(w, r, "/account?done=name")
	return nil
}

// signOutEverywhereSubmit ends every session of the account, this
// browser's too, and sends it to the sign-in page.
func (s *Server) signOutEverywhereSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	if err := s.ws.SignOutEverywhere(r.Context()); err != nil {
		return err
	}
	clearSessionCookie(w, r)
	redirect(w, r, "/signin")
	return nil
}

// preferencesSubmit stores the account's interface preferences.
func (s *Server) preferencesSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	err := s.ws.SetPreferences(r.Context(), parley.Preferences{DraftView: r.PostFormValue("draft_view"), Language: r.PostFormValue("language")})
	if err != nil {
		return s.formRefusal(w, r, p, accountData{DisplayName: p.Account.DisplayName}, err)
	}
	redirect(w, r, "/account?done=preferences")
	return nil
}
