package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestChangePasswordOverAPI: a wrong current password is refused and
// counted as a failed sign-in; a weak new one is refused naming the
// field; a change ends every other session (API tokens and browser
// cookies) but the caller's, and only the new password signs in.
func TestChangePasswordOverAPI(t *testing.T) {
	t.Parallel()
	base, ws := newServer(t)
	account(t, ws, "russia")
	account(t, ws, "ukraine")
	const path = "/api/v1/account/password"

	// Wrong current passwords count like failed sign-ins: past the
	// limit, even the right password no longer signs in from here.
	ru := signIn(t, base, "russia", "password-russia")
	wrong := map[string]string{"current_password": "not-the-password", "new_password": "a new long password"}
	for range workspace.MaxFailuresPerAccount {
		ru.wantError("PUT", path, wrong, "", http.StatusBadRequest, parley.EINVALID, "current_password")
	}
	anon := &client{tb: t, base: base}
	if status, raw := anon.do("POST", "/api/v1/session", map[string]string{"username": "russia", "password": "password-russia"}, ""); status != http.StatusTooManyRequests {
		t.Errorf("sign-in after %d wrong current passwords: got %d (%s), want 429", workspace.MaxFailuresPerAccount, status, raw)
	}
	ru.wantError("PUT", path, wrong, "", http.StatusTooManyRequests, parley.ETOOMANY, "")

	ua := signIn(t, base, "ukraine", "password-ukraine")
	other := signIn(t, base, "ukraine", "password-ukraine")
	browser := newBrowserClient(t, base)
	if status, loc, _ := browser.post("/signin", url.Values{"username": {"ukraine"}, "password": {"password-ukraine"}}); status != http.StatusSeeOther || loc != "/" {
		t.Fatalf("signing the browser in: got %d to %q, want 303 to /", status, loc)
	}
	for _, tc := range []struct {
		name  string
		body  map[string]string
		field string
	}{
		{"too short", map[string]string{"current_password": "password-ukraine", "new_password": "short"}, "new_password"},
		{"commonly guessed", map[string]string{"current_password": "password-ukraine", "new_password": "password123"}, "new_password"},
		{"no new password", map[string]string{"current_password": "password-ukraine"}, "new_password"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ua.tb = t
			ua.wantError("PUT", path, tc.body, "", http.StatusBadRequest, parley.EINVALID, tc.field)
		})
	}
	ua.tb = t
	ua.call("GET", "/api/v1/account", nil, http.StatusOK, nil) // the refusals changed nothing
	other.call("GET", "/api/v1/account", nil, http.StatusOK, nil)

	ua.call("PUT", path, map[string]string{"current_password": "password-ukraine", "new_password": "a new long password"}, http.StatusNoContent, nil)
	ua.call("GET", "/api/v1/account", nil, http.StatusOK, nil)
	var sessions []workspace.SessionInfo
	if raw := ua.call("GET", "/api/v1/account/sessions", nil, http.StatusOK, &sessions); len(sessions) != 1 || !sessions[0].Current || strings.Contains(string(raw), ua.token) {
		t.Errorf("GET /api/v1/account/sessions after the change: got %s, want the caller's session alone, without its token", raw)
	}
	other.wantError("GET", "/api/v1/account", nil, "", http.StatusUnauthorized, parley.EUNAUTHORIZED, "")
	if status, _ := browser.get("/account"); status != http.StatusSeeOther {
		t.Errorf("the browser's page after the change: got %d, want 303 to sign-in", status)
	}
	anon.wantError("POST", "/api/v1/session", map[string]string{"username": "ukraine", "password": "password-ukraine"}, "", http.StatusUnauthorized, parley.EUNAUTHORIZED, "")
	signIn(t, base, "ukraine", "a new long password")
}

// TestAccountPage drives /account as a browser without JavaScript: the
// forms need the anti-forgery token and this site's Origin, refusals come
// back beside their field with the input kept, and the sessions are
// listed without their tokens.
func TestAccountPage(t *testing.T) {
	t.Parallel()
	base, ws := newServer(t)
	account(t, ws, "poland")
	anon := newBrowserClient(t, base)
	if status, loc, _ := anon.post("/account/password", url.Values{"current_password": {"password-poland"}, "new_password": {"a new long password"},
		"confirm": {"a new long password"}}); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin?") {
		t.Errorf("POST /account/password signed out: got %d to %q, want 303 to sign-in", status, loc)
	}
	api := signIn(t, base, "poland", "password-poland")
	b := newBrowserClient(t, base)
	b.post("/signin", url.Values{"username": {"poland"}, "password": {"password-poland"}})
	status, body := b.get("/account")
	m := csrfRE.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		t.Fatalf("GET /account: got %d, want 200 with an anti-forgery token: %s", status, body)
	}
	csrf := m[1]
	if !strings.Contains(body, `href="/account"`) || strings.Count(body, "<tr><td>") != 2 || !strings.Contains(body, "This browser") {
		t.Errorf("GET /account: got no header link, not 2 sessions or no current one: %s", body)
	}
	if strings.Contains(body, api.token) {
		t.Errorf("GET /account shows a session token")
	}

	good := url.Values{"_csrf": {csrf}, "current_password": {"password-poland"}, "new_password": {"a new long password"}, "confirm": {"a new long password"}}
	with := func(kv ...string) url.Values {
		f := url.Values{}
		for key, vs := range good {
			f[key] = vs
		}
		for i := 0; i+1 < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	for _, tc := range []struct {
		name, path string
		form       url.Values
		want       int
		has        []string
	}{
		{"no anti-forgery token", "/account/password", with("_csrf", ""), http.StatusForbidden, nil},
		{"a wrong current password", "/account/password", with("current_password", "nope-nope-nope"), http.StatusBadRequest, []string{`id="current_password-error"`}},
		{"a weak new password", "/account/password", with("new_password", "12345678", "confirm", "12345678"), http.StatusBadRequest, []string{`id="new_password-error"`}},
		{"a repetition that differs", "/account/password", with("confirm", "another long password"), http.StatusBadRequest, []string{`id="confirm-error"`}},
		{"an empty display name", "/account/name", url.Values{"_csrf": {csrf}, "display_name": {" "}}, http.StatusBadRequest, []string{`id="display_name-error"`}},
		{"a display name too long", "/account/name", url.Values{"_csrf": {csrf}, "display_name": {strings.Repeat("Ł", 201)}}, http.StatusBadRequest,
			[]string{`id="display_name-error"`, `value="` + strings.Repeat("Ł", 201) + `"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := b.post(tc.path, tc.form)
			if status != tc.want {
				t.Errorf("POST %s: got %d, want %d: %s", tc.path, status, tc.want, body)
			}
			for _, s := range tc.has {
				if !strings.Contains(body, s) {
					t.Errorf("POST %s: got a page without %s", tc.path, s)
				}
			}
			if strings.Contains(body, "password-poland") || strings.Contains(body, "a new long password") {
				t.Errorf("POST %s: the page shows a password typed", tc.path)
			}
		})
	}
	// From another site, even with the token.
	req, _ := http.NewRequest("POST", base+"/account/password", strings.NewReader(good.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	for _, c := range b.c.Jar.Cookies(req.URL) {
		req.AddCookie(c)
	}
	if resp, err := noRedirect.Do(req); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("POST /account/password from another site: got %v %v, want 403", resp.StatusCode, err)
	}
	api.call("GET", "/api/v1/account", nil, http.StatusOK, nil) // nothing refused changed anything

	if status, loc, _ := b.post("/account/name", url.Values{"_csrf": {csrf}, "display_name": {"Poland's delegation"}}); status != http.StatusSeeOther || loc != "/account?done=name" {
		t.Errorf("changing the display name: got %d to %q, want 303 to /account?done=name", status, loc)
	}
	if status, loc, _ := b.post("/account/password", good); status != http.StatusSeeOther || loc != "/account?done=password" {
		t.Fatalf("changing the password: got %d to %q, want 303 to /account?done=password", status, loc)
	}
	status, body = b.get("/account?done=password")
	if status != http.StatusOK || !strings.Contains(body, "Poland&#39;s delegation") || !strings.Contains(body, `id="account-flash"`) || strings.Count(body, "<tr><td>") != 1 {
		t.Errorf("GET /account after the changes: got %d, want the new name, the notice and one session: %s", status, body)
	}
	api.wantError("GET", "/api/v1/account", nil, "", http.StatusUnauthorized, parley.EUNAUTHORIZED, "")

	if status, loc, _ := b.post("/account/sessions/end", url.Values{"_csrf": {csrf}}); status != http.StatusSeeOther || loc != "/signin" {
		t.Errorf("signing out everywhere: got %d to %q, want 303 to /signin", status, loc)
	}
	if status, _ := b.get("/account"); status != http.StatusSeeOther {
		t.Errorf("GET /account after signing out everywhere: got %d, want 303 to sign-in", status)
	}
}
