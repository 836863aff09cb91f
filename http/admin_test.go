package http_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-talks/parley/demo"
	parleyhttp "github.com/parley-talks/parley/http"
	"github.com/parley-talks/parley/workspace"
)

// adminServer is the demo with an administrator, "boss", signed in to the
// pages; it returns the browser and its anti-forgery token.
func adminServer(t *testing.T) (string, *workspace.Service, *browserClient, string) {
	t.Helper()
	base, ws, _ := newDemoServer(t)
	in := workspace.AccountInput{Username: "boss", Password: "password-boss", Admin: true}
	if _, err := ws.CreateAccount(workspace.AsOperator(context.Background()), in, false); err != nil {
		t.Fatal(err)
	}
	b, csrf := pagesAs(t, base, "boss", "password-boss")
	return base, ws, b, csrf
}

// pagesAs signs a browser in and returns it with its anti-forgery token.
func pagesAs(t *testing.T, base, user, password string) (*browserClient, string) {
	t.Helper()
	b := newBrowserClient(t, base)
	if status, _, _ := b.post("/signin", url.Values{"username": {user}, "password": {password}}); status != http.StatusSeeOther {
		t.Fatalf("signing %s in to the pages: got %d", user, status)
	}
	_, page := b.get("/account")
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s: no anti-forgery token on the account page", user)
	}
	return b, m[1]
}

// adminAction posts one action of an account's row on /admin.
func adminAction(t *testing.T, b *browserClient, csrf, user, action string) (int, string) {
	t.Helper()
	status, _, body := b.post("/admin/accounts/"+user, url.Values{"_csrf": {csrf}, "action": {action}})
	return status, body
}

var linkRE = regexp.MustCompile(`id="link-url" readonly value="[^"]*(/reset/[^"]+)"`)

// issueLink issues a password link for user from /admin and returns its
// path.
func issueLink(t *testing.T, b *browserClient, csrf, user string) string {
	t.Helper()
	status, body := adminAction(t, b, csrf, user, "reset-link")
	m := linkRE.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		t.Fatalf("issuing a password link for %s: got %d and no link\n%s", user, status, body)
	}
	return html.UnescapeString(m[1])
}

// TestAdministrationIsNotFoundForOthers: every /admin page and every
// /api/v1/admin route answers 404 to a member who is not an
// administrator, even with a valid anti-forgery token and body; only an
// administrator's layout links to /admin.
func TestAdministrationIsNotFoundForOthers(t *testing.T) {
	t.Parallel()
	base, _, boss, _ := adminServer(t)
	ru, ruCSRF := signInPages(t, base, "russia")
	for _, p := range []struct{ method, path string }{
		{"GET", "/admin"}, {"POST", "/admin/accounts"}, {"POST", "/admin/accounts/ukraine"}, {"POST", "/admin/accounts/nobody"},
	} {
		var status int
		if p.method == "GET" {
			status, _ = ru.get(p.path)
		} else {
			status, _, _ = ru.post(p.path, url.Values{"_csrf": {ruCSRF}, "action": {"disable"}, "username": {"intruder"}})
		}
		if status != http.StatusNotFound {
			t.Errorf("%s %s as russia: got %d, want 404", p.method, p.path, status)
		}
	}
	api := signIn(t, base, "russia", demo.Password)
	n := 0
	for _, route := range parleyhttp.NewServer(nil, nil).Routes() {
		method, pattern, _ := strings.Cut(route, " ")
		if !strings.HasPrefix(pattern, "/api/v1/admin/") {
			continue
		}
		n++
		path := strings.ReplaceAll(pattern, "{username}", "ukraine")
		if status, raw := api.do(method, path, map[string]any{"disabled": true, "username": "intruder"}, ""); status != http.StatusNotFound {
			t.Errorf("%s as russia: got %d %s, want 404", route, status, raw)
		}
	}
	if n < 5 {
		t.Errorf("checked %d /api/v1/admin routes, want every one", n)
	}
	if _, page := ru.get("/account"); strings.Contains(page, `href="/admin"`) {
		t.Errorf("russia's pages link to /admin; want the link for administrators only")
	}
	if status, page := boss.get("/admin"); status != http.StatusOK || !strings.Contains(page, `href="/admin"`) || !strings.Contains(page, `id="account-russia"`) {
		t.Errorf("GET /admin as the administrator: got %d, want the accounts and the link to /admin", status)
	}
}

// TestPasswordLinkWorksOnceAndEndsSessions: a reset link from /admin sets
// the password once; every earlier session of the account then ends, the
// old password no longer signs in, and the link answers 404.
func TestPasswordLinkWorksOnceAndEndsSessions(t *testing.T) {
	t.Parallel()
	base, _, boss, csrf := adminServer(t)
	old := signIn(t, base, "ukraine", demo.Password)
	oldPages, _ := signInPages(t, base, "ukraine")
	link := issueLink(t, boss, csrf, "ukraine")
	if status, _ := old.do("GET", "/api/v1/account", nil, ""); status != http.StatusOK {
		t.Errorf("the old session before the link is used: got %d, want 200 (a link alone changes nothing)", status)
	}
	holder := newBrowserClient(t, base)
	if status, page := holder.get(link); status != http.StatusOK || !strings.Contains(page, "ukraine") {
		t.Fatalf("GET %s: got %d, want the form for ukraine", link, status)
	}
	if status, _, _ := holder.post(link, url.Values{"password": {"password"}, "confirm": {"password"}}); status != http.StatusBadRequest {
		t.Errorf("a common password through the link: got %d, want 400", status)
	}
	if status, _, _ := holder.post(link, url.Values{"password": {"quiet harbour lantern"}, "confirm": {"quiet harbour lantern"}}); status != http.StatusSeeOther {
		t.Fatalf("setting the password through the link: got %d, want 303", status)
	}
	if status, _ := holder.get("/account"); status != http.StatusOK {
		t.Errorf("the holder after setting the password: got %d on /account, want 200 (signed in)", status)
	}
	if status, _ := old.do("GET", "/api/v1/account", nil, ""); status != http.StatusUnauthorized {
		t.Errorf("an old API session after the reset: got %d, want 401", status)
	}
	if status, _ := oldPages.get("/account"); status != http.StatusSeeOther {
		t.Errorf("an old browser session after the reset: got %d, want 303 to the sign-in page", status)
	}
	again := newBrowserClient(t, base)
	for _, m := range []string{"GET", "POST"} {
		var status int
		if m == "GET" {
			status, _ = again.get(link)
		} else {
			status, _, _ = again.post(link, url.Values{"password": {"another fine phrase"}, "confirm": {"another fine phrase"}})
		}
		if status != http.StatusNotFound {
			t.Errorf("%s %s a second time: got %d, want 404", m, link, status)
		}
	}
	anon := &client{tb: t, base: base}
	if status, _ := anon.do("POST", "/api/v1/session", map[string]string{"username": "ukraine", "password": demo.Password}, ""); status != http.StatusUnauthorized {
		t.Errorf("signing in with the old password: got %d, want 401", status)
	}
	signIn(t, base, "ukraine", "quiet harbour lantern")
	if status, _ := holder.get("/reset/not-a-token"); status != http.StatusNotFound {
		t.Errorf("GET /reset/not-a-token: got %d, want 404", status)
	}
}

// TestNewAccountWithLink: an account created on /admin without a password
// gets a link that sets it; the new account may open talks only if the
// box was ticked.
func TestNewAccountWithLink(t *testing.T) {
	t.Parallel()
	base, _, boss, csrf := adminServer(t)
	status, _, body := boss.post("/admin/accounts", url.Values{"_csrf": {csrf}, "username": {"envoy"}, "display_name": {"Special Envoy"}})
	m := linkRE.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		t.Fatalf("creating an account without a password: got %d and no link\n%s", status, body)
	}
	holder := newBrowserClient(t, base)
	if status, _, _ := holder.post(html.UnescapeString(m[1]), url.Values{"password": {"envoy of long words"}, "confirm": {"envoy of long words"}}); status != http.StatusSeeOther {
		t.Fatalf("setting the new account's password: got %d, want 303", status)
	}
	envoy := signIn(t, base, "envoy", "envoy of long words")
	if status, raw := envoy.do("POST", "/api/v1/talks", map[string]string{"title": "Envoy's talks"}, ""); status != http.StatusForbidden {
		t.Errorf("opening talks without the right: got %d %s, want 403", status, raw)
	}
	if status, _ := adminAction(t, boss, csrf, "envoy", "grant-talks"); status != http.StatusSeeOther {
		t.Fatalf("giving the right to open talks: got %d", status)
	}
	if status, raw := envoy.do("POST", "/api/v1/talks", map[string]string{"title": "Envoy's talks"}, ""); status != http.StatusCreated {
		t.Errorf("opening talks with the right: got %d %s, want 201", status, raw)
	}
	status, _, body = boss.post("/admin/accounts", url.Values{"_csrf": {csrf}, "username": {"envoy"}})
	if status != http.StatusConflict || !strings.Contains(body, `id="create-error"`) {
		t.Errorf("creating a taken user name: got %d, want 409 with the reason on the form", status)
	}
}

// TestDisabledAccount: disabling ends the account's live session at once
// and refuses sign-in as a wrong password is; enabling lets it in again.
// The administrative records name the administrator by display name.
// An administrator cannot disable itself.
func TestDisabledAccount(t *testing.T) {
	t.Parallel()
	base, ws, boss, csrf := adminServer(t)
	if _, err := ws.SetDisplayName(workspace.WithAccount(context.Background(), accountID(t, ws, "boss")), "Head of IT"); err != nil {
		t.Fatal(err)
	}
	live := signIn(t, base, "russia", demo.Password)
	if status, _ := adminAction(t, boss, csrf, "russia", "disable"); status != http.StatusSeeOther {
		t.Fatalf("disabling russia: got %d, want 303", status)
	}
	if status, _ := live.do("GET", "/api/v1/account", nil, ""); status != http.StatusUnauthorized {
		t.Errorf("russia's live session after it was disabled: got %d, want 401", status)
	}
	anon := &client{tb: t, base: base}
	_, right := anon.do("POST", "/api/v1/session", map[string]string{"username": "russia", "password": demo.Password}, "")
	status, wrong := anon.do("POST", "/api/v1/session", map[string]string{"username": "ukraine", "password": "not the password"}, "")
	if status != http.StatusUnauthorized || string(right) != string(wrong) {
		t.Errorf("signing in to a disabled account: got %s, want the wrong password's answer %s", right, wrong)
	}
	if status, _ := adminAction(t, boss, csrf, "boss", "disable"); status != http.StatusConflict {
		t.Errorf("the administrator disabling itself: got %d, want 409", status)
	}
	if status, _ := adminAction(t, boss, csrf, "russia", "enable"); status != http.StatusSeeOther {
		t.Fatalf("enabling russia: got %d, want 303", status)
	}
	signIn(t, base, "russia", demo.Password)
	_, page := boss.get("/admin")
	for _, want := range []string{"Disabled an account", "Enabled an account", "<bdi>russia</bdi>", "<td><bdi>Head of IT</bdi></td>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the administrative records on /admin: got no %q", want)
		}
	}
}

// TestUnlockClearsThrottling: past the failures an address may make on an
// account, even the right password is refused (429); once the
// administrator unlocks the account, it signs in.
func TestUnlockClearsThrottling(t *testing.T) {
	t.Parallel()
	base, _, boss, csrf := adminServer(t)
	anon := &client{tb: t, base: base}
	right := map[string]string{"username": "ukraine", "password": demo.Password}
	for range workspace.MaxFailuresPerAccount {
		anon.do("POST", "/api/v1/session", map[string]string{"username": "ukraine", "password": "wrong guess"}, "")
	}
	if status, _ := anon.do("POST", "/api/v1/session", right, ""); status != http.StatusTooManyRequests {
		t.Fatalf("the right password after %d failures: got %d, want 429", workspace.MaxFailuresPerAccount, status)
	}
	if _, page := boss.get("/admin"); !regexp.MustCompile(`id="account-ukraine"(?s:.*?)locked out`).MatchString(page) {
		t.Errorf("/admin: ukraine is not shown locked out")
	}
	if status, _ := adminAction(t, boss, csrf, "ukraine", "unlock"); status != http.StatusSeeOther {
		t.Fatalf("unlocking ukraine: got %d, want 303", status)
	}
	if status, raw := anon.do("POST", "/api/v1/session", right, ""); status != http.StatusCreated {
		t.Errorf("the right password after the unlock: got %d %s, want 201", status, raw)
	}
	if _, page := boss.get("/admin"); !strings.Contains(page, "Unlocked an account after failed sign-ins") {
		t.Errorf("/admin: got no record of the unlock")
	}
}
