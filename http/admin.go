package http

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// Administration, for administrators only: the accounts (list, create,
// disable and enable, administrator's and talks-opening rights, one-time
// password links, unlocking after failed sign-ins) and the administrative
// records of the audit log, as API and as the /admin page. Anyone else is
// answered 404 on every route, whatever it sends: adminOnly asks the
// workspace first (the workspace asks again in every operation).

func (s *Server) registerAdmin() {
	s.api("GET /api/v1/admin/accounts", s.adminOnly(s.adminListAccounts))
	s.api("POST /api/v1/admin/accounts", s.adminOnly(s.adminCreateAccount))
	s.api("PATCH /api/v1/admin/accounts/{username}", s.adminOnly(s.adminChangeAccount))
	s.api("POST /api/v1/admin/accounts/{username}/password-link", s.adminOnly(s.adminPasswordLink))
	s.api("POST /api/v1/admin/accounts/{username}/unlock", s.adminOnly(s.adminUnlock))
	s.api("GET /api/v1/admin/audit", s.adminOnly(s.adminAudit))

	s.page("GET /admin", s.adminPageOnly(s.adminPage))
	s.page("POST /admin/accounts", s.adminPageOnly(s.adminCreateSubmit))
	s.page("POST /admin/accounts/{username}", s.adminPageOnly(s.adminActionSubmit))
}

// adminOnly answers 404 to a caller who may not administer, before
// reading its request.
func (s *Server) adminOnly(h apiFunc) apiFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if !s.ws.MayAdminister(r.Context()) {
			return parley.NotFound("API route")
		}
		return h(w, r)
	}
}

// adminPageOnly is adminOnly for pages.
func (s *Server) adminPageOnly(h pageFunc) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, p *page) error {
		if !s.ws.MayAdminister(r.Context()) {
			return parley.NotFound("page")
		}
		return h(w, r, p)
	}
}

func (s *Server) adminListAccounts(w http.ResponseWriter, r *http.Request) error {
	accounts, err := s.ws.ListAccounts(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, accounts)
	return nil
}

func (s *Server) adminCreateAccount(w http.ResponseWriter, r *http.Request) error {
	var in workspace.AccountInput
	if err := decode(r, &in); err != nil {
		return err
	}
	out, err := s.ws.AdminCreateAccount(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) adminChangeAccount(w http.ResponseWriter, r *http.Request) error {
	var in workspace.AccountChange
	if err := decode(r, &in); err != nil {
		return err
	}
	a, err := s.ws.ChangeAccount(r.Context(), r.PathValue("username"), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) adminPasswordLink(w http.ResponseWriter, r *http.Request) error {
	link, err := s.ws.IssuePasswordLink(r.Context(), r.PathValue("username"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, link)
	return nil
}

func (s *Server) adminUnlock(w http.ResponseWriter, r *http.Request) error {
	if err := s.ws.UnlockAccount(r.Context(), r.PathValue("username")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request) error {
	entries, err := s.ws.AdminLog(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, entries)
	return nil
}

// Name is the display name of the account with the username, or the
// username when it has none (or is no account's, as the operator).
func (d adminData) Name(username string) string {
	for _, a := range d.Accounts {
		if a.Username == username && a.DisplayName != "" {
			return a.DisplayName
		}
	}
	return username
}

// adminData is what the administration page shows.
type adminData struct {
	Accounts []workspace.AccountSummary
	Log      []parley.AuditEntry
	// Link is a password link just issued, shown this once, with its
	// whole address (LinkURL) to hand over.
	Link    *workspace.IssuedLink
	LinkURL string
	// The create form's values (FormTalks its check box) and its refusal.
	Form         workspace.AccountInput
	FormTalks    bool
	Error, Field string
	MinPassword  int
}

// adminDone says what an action did, by the done parameter it redirects
// with.
var adminDone = map[string]string{
	"disable": "%s is disabled; its sessions have ended.", "enable": "%s is enabled again.",
	"grant-admin": "%s is an administrator.", "revoke-admin": "%s is no longer an administrator.",
	"grant-talks": "%s may open talks.", "revoke-talks": "%s may no longer open talks.",
	"unlock": "%s may try to sign in again: its failed sign-ins are forgotten.",
}

// adminPage shows the accounts with a form for each action, the form that
// creates one, and the administrative records.
func (s *Server) adminPage(w http.ResponseWriter, r *http.Request, p *page) error {
	q := r.URL.Query()
	if msg, ok := adminDone[q.Get("done")]; ok && parley.ValidateUsername(q.Get("account")) == nil {
		p.Flash = p.tr(msg, q.Get("account"))
	}
	return s.renderAdmin(w, r, p, http.StatusOK, adminData{})
}

// renderAdmin renders the administration page with d, adding the accounts
// and the records.
func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, p *page, status int, d adminData) error {
	var err error
	if d.Accounts, err = s.ws.ListAccounts(r.Context()); err != nil {
		return err
	}
	if d.Log, err = s.ws.AdminLog(r.Context()); err != nil {
		return err
	}
	if d.Link != nil {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		d.LinkURL = (&url.URL{Scheme: scheme, Host: r.Host, Path: d.Link.Path}).String()
	}
	d.FormTalks = d.Form.Username == "" || d.Form.MayCreateTalks != nil && *d.Form.MayCreateTalks
	d.MinPassword = workspace.MinPasswordLength
	p.Title, p.Data = p.tr("Administration"), d
	s.render(w, r, status, "admin", *p)
	return nil
}

// adminCreateSubmit creates an account from the page's form: with a
// password, or (the field left empty) with a link that sets it, shown
// once on the page that answers.
func (s *Server) adminCreateSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	r.ParseForm()
	talks := r.PostFormValue("may_create_talks") != ""
	in := workspace.AccountInput{Username: strings.TrimSpace(r.PostFormValue("username")), DisplayName: strings.TrimSpace(r.PostFormValue("display_name")),
		Password: r.PostFormValue("password"), Admin: r.PostFormValue("admin") != "", MayCreateTalks: &talks}
	out, err := s.ws.AdminCreateAccount(r.Context(), in)
	if code := parley.ErrorCode(err); code == parley.EINVALID || code == parley.ECONFLICT {
		in.Password = ""
		return s.renderAdmin(w, r, p, statusOf[code], adminData{Form: in, Error: p.message(err), Field: parley.ErrorField(err)})
	} else if err != nil {
		return err
	}
	if out.Link == nil {
		p.Flash = p.tr("%s is created, with the password you gave.", out.Account.Username)
	} else {
		p.Flash = p.tr("%s is created. Hand over the link below: with it, they set their password.", out.Account.Username)
	}
	return s.renderAdmin(w, r, p, http.StatusOK, adminData{Link: out.Link})
}

// adminActionSubmit takes one action on an account from its row's form.
func (s *Server) adminActionSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	r.ParseForm()
	username, action := r.PathValue("username"), r.PostFormValue("action")
	yes, no := true, false
	changes := map[string]workspace.AccountChange{
		"disable": {Disabled: &yes}, "enable": {Disabled: &no},
		"grant-admin": {Admin: &yes}, "revoke-admin": {Admin: &no},
		"grant-talks": {MayCreateTalks: &yes}, "revoke-talks": {MayCreateTalks: &no},
	}
	var err error
	switch c, ok := changes[action]; {
	case ok:
		_, err = s.ws.ChangeAccount(r.Context(), username, c)
	case action == "unlock":
		err = s.ws.UnlockAccount(r.Context(), username)
	case action == "reset-link":
		link, err := s.ws.IssuePasswordLink(r.Context(), username)
		if err != nil {
			return err
		}
		p.Flash = p.tr("A new password link for %s: hand it over. Their password stays until the link is used.", username)
		return s.renderAdmin(w, r, p, http.StatusOK, adminData{Link: link})
	default:
		return parley.Invalid("action", "unknown action %q", action)
	}
	if err != nil {
		return err
	}
	redirect(w, r, "/admin?done=%s&account=%s", url.QueryEscape(action), url.QueryEscape(username))
	return nil
}
