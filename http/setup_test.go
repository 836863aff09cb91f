package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestSetupOverHTTP walks the first start over HTTP: the setup link's page
// on an empty database, a wrong token, a refused password, the
// administrator created and signed in, then the link dead; and a link
// that expired.
func TestSetupOverHTTP(t *testing.T) {
	t.Parallel()
	base, ws := newServer(t)
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	ws.Now = func() time.Time { return now }
	ctx := context.Background()
	token, err := ws.BeginSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowserClient(t, base)
	link := "/setup/" + token
	for _, path := range []string{"/setup/" + strings.Repeat("A", len(token)), "/setup/" + token[:len(token)-1]} {
		if status, _ := b.get(path); status != http.StatusNotFound {
			t.Errorf("GET %s: got %d, want 404", path, status)
		}
	}
	status, page := b.get(link)
	if status != http.StatusOK || !strings.Contains(page, `<form method="post" action="`+link+`"`) || !strings.Contains(page, `name="confirm"`) {
		t.Fatalf("GET the setup link: got %d, want the form creating the administrator:\n%s", status, page)
	}
	form := func(password, confirm string) url.Values {
		return url.Values{"username": {"admin"}, "display_name": {"The Administrator"}, "password": {password}, "confirm": {confirm}}
	}
	for _, tt := range []struct{ name, password, confirm, want string }{
		{"a short password", "short", "short", "at least 8"},
		{"an unconfirmed password", "a long passphrase", "a long passphrase?", "the two passwords differ"},
	} {
		status, _, body := b.post(link, form(tt.password, tt.confirm))
		if status != http.StatusBadRequest || !strings.Contains(body, tt.want) || !strings.Contains(body, `value="admin"`) {
			t.Errorf("%s: got %d, want 400 with %q and the form kept", tt.name, status, tt.want)
		}
	}
	if status, _, _ := b.post("/setup/wrong-token", form("a long passphrase", "a long passphrase")); status != http.StatusNotFound {
		t.Errorf("POST to a wrong token: got %d, want 404", status)
	}
	status, loc, _ := b.post(link, form("a long passphrase", "a long passphrase"))
	if status != http.StatusSeeOther || loc != "/" {
		t.Fatalf("creating the administrator: got %d to %q, want 303 to /", status, loc)
	}
	if status, page := b.get("/"); status != http.StatusOK || !strings.Contains(page, "The Administrator") && !strings.Contains(page, "admin") {
		t.Errorf("home after setup: got %d, want the administrator signed in", status)
	}
	anon := newBrowserClient(t, base)
	if status, _ := anon.get(link); status != http.StatusNotFound {
		t.Errorf("GET the used link: got %d, want 404", status)
	}
	if status, _, _ := anon.post(link, url.Values{"username": {"intruder"}, "password": {"a long passphrase"}, "confirm": {"a long passphrase"}}); status != http.StatusNotFound {
		t.Errorf("POST to the used link: got %d, want 404", status)
	}
	if status, _, _ := anon.post("/signin", url.Values{"username": {"intruder"}, "password": {"a long passphrase"}}); status != http.StatusUnauthorized {
		t.Errorf("signing in as the intruder: got %d, want 401", status)
	}
	signIn(t, base, "admin", "a long passphrase")

	// On another empty database, a link an hour old is dead.
	base2, ws2 := newServer(t)
	ws2.Now = func() time.Time { return now }
	token2, err := ws2.BeginSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour)
	b2 := newBrowserClient(t, base2)
	if status, page := b2.get("/setup/" + token2); status != http.StatusNotFound || !strings.Contains(page, "expired") {
		t.Errorf("GET a link an hour old: got %d, want 404 saying why", status)
	}
}
