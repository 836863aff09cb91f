package http_test

import (
	"bufio"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/workspace"
)

// signInAs signs a browser in with a password and returns the page's
// anti-forgery token, read from the home page.
func signInAs(t *testing.T, c *browserClient, user, password string) string {
	t.Helper()
	if status, loc, _ := c.post("/signin", url.Values{"username": {user}, "password": {password}}); status != http.StatusSeeOther {
		t.Fatalf("signing in as %s: got %d to %q", user, status, loc)
	}
	_, page := c.get("/")
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s: no anti-forgery token on the home page", user)
	}
	return m[1]
}

var (
	invitationLinkRE = regexp.MustCompile(`<code id="invitation-link">([^<]+)</code>`)
	partyOptionRE    = `<option value="(\d+)">%s</option>`
)

// makeInvitation posts the settings page's invitation form and returns
// the path of the link it shows once.
func makeInvitation(t *testing.T, c *browserClient, csrf, talks, party, role string) string {
	t.Helper()
	_, page := c.get(talks + "/settings")
	m := regexp.MustCompile(fmt.Sprintf(partyOptionRE, party)).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the invitation form offers no party %s", party)
	}
	status, _, page := c.post(talks+"/invitations", url.Values{"_csrf": {csrf}, "party": {m[1]}, "role": {role}, "note": {"for " + role}})
	link := invitationLinkRE.FindStringSubmatch(page)
	if status != http.StatusCreated || link == nil {
		t.Fatalf("making an invitation: got %d and no link in id=invitation-link", status)
	}
	u, err := url.Parse(html.UnescapeString(link[1]))
	if err != nil || !strings.HasPrefix(u.Path, "/invite/") {
		t.Fatalf("the invitation link %q is not a link to /invite/", link[1])
	}
	return u.Path
}

// TestTalksSetUpInTheBrowser sets talks up from the pages alone, over
// real HTTP with cookies: the home page's form opens them, the settings
// page adds parties and makes invitation links, a newcomer creates an
// account through one and an existing account signs in and accepts
// another; roles change and a removed member loses the talks at once.
func TestTalksSetUpInTheBrowser(t *testing.T) {
	t.Parallel()
	base, ws := newServer(t)
	account(t, ws, "chair")
	account(t, ws, "guest")
	chair := newBrowserClient(t, base)
	csrf := signInAs(t, chair, "chair", "password-chair")
	if _, page := chair.get("/"); !strings.Contains(page, `id="new-talks"`) {
		t.Fatal("the home page has no New talks form")
	}
	if status, _, page := chair.post("/talks", url.Values{"_csrf": {csrf}, "title": {"  "}}); status != http.StatusBadRequest || !strings.Contains(page, `id="new-talks-error"`) {
		t.Errorf("new talks without a title: got %d, want 400 with the form's error", status)
	}
	status, loc, _ := chair.post("/talks", url.Values{"_csrf": {csrf}, "title": {"Geneva talks"}, "description": {"Round one."}, "mediator_party": {"Chair"}})
	if status != http.StatusSeeOther || !strings.HasSuffix(loc, "/settings") {
		t.Fatalf("opening talks from the home page: got %d to %q, want their settings", status, loc)
	}
	talks := strings.TrimSuffix(loc, "/settings")
	for _, p := range []url.Values{{"name": {"North"}, "kind": {"party"}, "share_by_default": {"1"}}, {"name": {"South"}, "kind": {"party"}}} {
		p.Set("_csrf", csrf)
		if status, _, _ := chair.post(talks+"/parties", p); status != http.StatusSeeOther {
			t.Errorf("adding party %s: got %d", p.Get("name"), status)
		}
	}
	if status, _, page := chair.post(talks+"/parties", url.Values{"_csrf": {csrf}, "name": {"north"}}); status != http.StatusConflict || !strings.Contains(page, `id="settings-error"`) {
		t.Errorf("a second party named north: got %d, want 409 with the reason", status)
	}
	chair.post(talks+"/settings", url.Values{"_csrf": {csrf}, "title": {"Geneva talks"}, "description": {"Round two."}, "state": {"open"}})
	if _, page := chair.get(talks + "/settings"); !strings.Contains(page, "Round two.") || !strings.Contains(page, "shares with the mediator by default") {
		t.Error("the settings page does not show the new description and North's sharing default")
	}

	// A newcomer creates an account through the link.
	link := makeInvitation(t, chair, csrf, talks, "North", "principal")
	newcomer := newBrowserClient(t, base)
	if status, page := newcomer.get(link); status != 200 || !strings.Contains(page, "Geneva talks") || !strings.Contains(page, `id="invite-account"`) {
		t.Fatalf("the invitation page for a newcomer: got %d, want the talks and the new account form", status)
	}
	form := url.Values{"username": {"newcomer"}, "display_name": {"New Comer"}, "password": {"a long enough passphrase"}, "confirm": {"another one entirely"}}
	if status, _, page := newcomer.post(link+"/account", form); status != http.StatusBadRequest || !strings.Contains(page, `id="invite-error"`) {
		t.Errorf("passwords that differ: got %d, want 400 with the reason", status)
	}
	form.Set("confirm", form.Get("password"))
	if status, loc, _ := newcomer.post(link+"/account", form); status != http.StatusSeeOther || loc != talks {
		t.Fatalf("creating an account by invitation: got %d to %q, want the talks", status, loc)
	}
	if status, page := newcomer.get(talks); status != 200 || !strings.Contains(page, "Geneva talks") {
		t.Errorf("the newcomer opening the talks: got %d", status)
	}
	if status, _ := newBrowserClient(t, base).get(link); status != http.StatusNotFound {
		t.Errorf("the used link: got %d, want 404", status)
	}

	// An existing account signs in from the link's page and comes back.
	link = makeInvitation(t, chair, csrf, talks, "South", "negotiator")
	guest := newBrowserClient(t, base)
	_, page := guest.get(link)
	signin := regexp.MustCompile(`href="(/signin\?next=[^"]+)" id="invite-signin"`).FindStringSubmatch(page)
	if signin == nil {
		t.Fatal("the invitation page offers no sign-in link")
	}
	next, _ := url.Parse(html.UnescapeString(signin[1]))
	status, loc, _ = guest.post("/signin", url.Values{"username": {"guest"}, "password": {"password-guest"}, "next": {next.Query().Get("next")}})
	if status != http.StatusSeeOther || loc != link {
		t.Fatalf("signing in from the invitation: got %d to %q, want back to %q", status, loc, link)
	}
	_, page = guest.get(link)
	guestCSRF := csrfRE.FindStringSubmatch(page)
	if guestCSRF == nil || !strings.Contains(page, "Accept as guest") {
		t.Fatal("the invitation page for a signed-in account offers no acceptance")
	}
	if status, loc, _ := guest.post(link+"/accept", url.Values{"_csrf": {guestCSRF[1]}}); status != http.StatusSeeOther || loc != talks {
		t.Fatalf("accepting: got %d to %q", status, loc)
	}
	if status, _ := guest.get(talks + "/settings"); status != http.StatusForbidden {
		t.Errorf("a negotiator opening the settings: got %d, want 403", status)
	}
	checkMembersInPages(t, ws, chair, csrf, talks, guest)
}

// checkMembersInPages changes a role and removes a member from the
// settings page, and revokes an invitation.
func checkMembersInPages(t *testing.T, ws *workspace.Service, chair *browserClient, csrf, talks string, guest *browserClient) {
	t.Helper()
	var tid int64
	fmt.Sscanf(talks, "/talks/%d", &tid)
	ids := map[string]int64{}
	ws.Store.View(context.Background(), func(tx parley.Tx) error {
		ms, err := tx.Members(context.Background(), tid)
		for _, m := range ms {
			ids[m.Username] = m.ID
		}
		return err
	})
	if status, _, _ := chair.post(fmt.Sprintf("%s/members/%d/role", talks, ids["newcomer"]), url.Values{"_csrf": {csrf}, "role": {"adviser"}}); status != http.StatusSeeOther {
		t.Errorf("changing a role: got %d", status)
	}
	if _, page := chair.get(talks + "/settings"); !regexp.MustCompile(`<strong dir="auto">New Comer</strong> <small>\(newcomer\)</small> <span class="tag">Adviser</span>`).MatchString(page) {
		t.Error("the settings page does not show newcomer as adviser")
	}
	if status, _, page := chair.post(fmt.Sprintf("%s/members/%d/remove", talks, ids["chair"]), url.Values{"_csrf": {csrf}, "confirm": {"yes"}}); status != http.StatusConflict || !strings.Contains(page, "last mediator") {
		t.Errorf("removing the last mediator: got %d, want 409 saying why", status)
	}
	status, _, page := chair.post(fmt.Sprintf("%s/members/%d/remove", talks, ids["guest"]), url.Values{"_csrf": {csrf}})
	if status != http.StatusBadRequest || !strings.Contains(page, fmt.Sprintf(`id="remove-error-%d"`, ids["guest"])) {
		t.Errorf("removing guest without confirming: got %d, want 400 with the reason beside its box", status)
	}
	if s, _ := guest.get(talks); s != http.StatusOK {
		t.Errorf("guest after an unconfirmed removal: got %d, want still a member (200)", s)
	}
	if status, _, _ := chair.post(fmt.Sprintf("%s/members/%d/remove", talks, ids["guest"]), url.Values{"_csrf": {csrf}, "confirm": {"yes"}}); status != http.StatusSeeOther {
		t.Errorf("removing guest: got %d", status)
	}
	if status, _ := guest.get(talks); status != http.StatusNotFound {
		t.Errorf("the removed guest opening the talks: got %d, want 404", status)
	}
	link := makeInvitation(t, chair, csrf, talks, "South", "adviser")
	_, page = chair.get(talks + "/settings")
	m := regexp.MustCompile(`action="(` + talks + `/invitations/\d+/revoke)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the settings page lists no pending invitation to revoke")
	}
	if status, _, _ := chair.post(m[1], url.Values{"_csrf": {csrf}}); status != http.StatusSeeOther {
		t.Errorf("revoking: got %d", status)
	}
	if status, _ := newBrowserClient(t, chair.base).get(link); status != http.StatusNotFound {
		t.Errorf("the revoked link: got %d, want 404", status)
	}
}

// TestInvitationPagesRefuse: a bad token is not found, a form posted
// from elsewhere is refused, and the sign-in link keeps next on this site.
func TestInvitationPagesRefuse(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServer(t)
	anon := newBrowserClient(t, base)
	for _, path := range []string{"/invite/nonsense", "/invite/" + strings.Repeat("x", 300)} {
		if status, _ := anon.get(path); status != http.StatusNotFound {
			t.Errorf("GET %.30s: got %d, want 404", path, status)
		}
	}
	if status, _, _ := anon.post("/invite/nonsense/account", url.Values{"username": {"x"}}); status != http.StatusNotFound {
		t.Errorf("a new account by a bad token: got %d, want 404", status)
	}
	if status, loc, _ := anon.post("/invite/nonsense/accept", nil); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin?next=") {
		t.Errorf("accepting signed out: got %d to %q, want the sign-in page", status, loc)
	}
	req, _ := http.NewRequest("POST", base+"/invite/nonsense/account", strings.NewReader("username=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("a new account posted from another site: got %v, %v, want 403", resp, err)
	}
}

// TestRecordFormsInPages: the mediator records a meeting and defines the
// issues from the pages; a delegation records a leg; bad input comes
// back with the reason.
func TestRecordFormsInPages(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServer(t)
	med, medCSRF := signInPages(t, base, "mediator")
	ru, ruCSRF := signInPages(t, base, "russia")
	if _, page := ru.get("/talks/1/timeline"); strings.Contains(page, `id="meeting-form"`) || !strings.Contains(page, `id="leg-form"`) {
		t.Error("russia's timeline: want the leg form and no meeting form")
	}
	meeting := url.Values{"_csrf": {medCSRF}, "title": {"FORM-MEETING"}, "place": {"Geneva"}, "starts_at": {"2025-12-10T09:00"}, "minutes": {"90"},
		"attendees": {"mediator", "russia"}, "notes": {"FORM-NOTES"}}
	if status, _, _ := med.post("/talks/1/meetings", meeting); status != http.StatusSeeOther {
		t.Errorf("recording a meeting from the page: got %d", status)
	}
	if _, page := ru.get("/talks/1/timeline"); !strings.Contains(page, "FORM-MEETING") || !strings.Contains(page, "FORM-NOTES") {
		t.Error("russia's timeline does not show the meeting it attended, with its notes")
	}
	meeting.Set("attendees", "nobody-here")
	if status, _, page := med.post("/talks/1/meetings", meeting); status != http.StatusBadRequest || !strings.Contains(page, `id="meeting-error"`) {
		t.Errorf("a meeting with a stranger: got %d, want 400 with the reason", status)
	}
	leg := url.Values{"_csrf": {ruCSRF}, "from": {"Moscow"}, "to": {"FORM-DESTINATION"}, "depart_at": {"2025-12-10T06:00"}, "arrive_at": {"2025-12-10T09:00"}, "stops": {"Minsk, "}}
	if status, _, _ := ru.post("/talks/1/itinerary", leg); status != http.StatusSeeOther {
		t.Errorf("recording a leg from the page: got %d", status)
	}
	leg.Set("arrive_at", "2025-12-09T09:00")
	if status, _, page := ru.post("/talks/1/itinerary", leg); status != http.StatusBadRequest || !strings.Contains(page, `id="leg-error"`) {
		t.Errorf("a leg arriving before it departs: got %d, want 400 with the reason", status)
	}
	if _, page := med.get("/talks/1/timeline"); !strings.Contains(page, "FORM-DESTINATION") {
		t.Error("the mediator's timeline does not show Russia's new leg")
	}
	if _, page := ru.get("/talks/1/analysis"); strings.Contains(page, `id="space-form"`) {
		t.Error("russia's analysis page offers the issue form")
	}
	if status, _, _ := ru.post("/talks/1/analysis/space", url.Values{"_csrf": {ruCSRF}, "issues": {"A: x, y"}}); status != http.StatusForbidden {
		t.Errorf("russia posting issues: got %d, want 403", status)
	}
	if status, _, page := med.post("/talks/1/analysis/space", url.Values{"_csrf": {medCSRF}, "issues": {"Territory: a, b\nno colon here"}}); status != http.StatusBadRequest ||
		!strings.Contains(page, "line 2") || !strings.Contains(page, "no colon here") {
		t.Errorf("issues with a bad line: got %d, want 400 naming line 2 and keeping the text", status)
	}
	if status, _, _ := med.post("/talks/1/analysis/space", url.Values{"_csrf": {medCSRF}, "issues": {"FORM-ISSUE: lifted, eased\nBorders: river, ridge"}}); status != http.StatusSeeOther {
		t.Errorf("defining the issues from the page: got %d", status)
	}
	if _, page := ru.get("/talks/1/analysis"); !strings.Contains(page, "FORM-ISSUE") {
		t.Error("russia's analysis page does not show the new issues")
	}
}

// TestRemovedMemberStreamCloses: a member's open stream of live updates
// ends, delivering nothing more, when the member is removed.
func TestRemovedMemberStreamCloses(t *testing.T) {
	t.Parallel()
	base, ws, tid := newDemoServer(t)
	obs := signIn(t, base, "observer", demo.Password)
	med := signIn(t, base, "mediator", demo.Password)
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/talks/%d/events", base, tid), nil)
	req.AddCookie(&http.Cookie{Name: "parley_session", Value: obs.token})
	resp, err := (&http.Client{Timeout: 20 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	if !lines.Scan() || !strings.HasPrefix(lines.Text(), "retry:") {
		t.Fatalf("the stream opened with %q, want retry:", lines.Text())
	}
	var members []parley.Member
	med.call("GET", fmt.Sprintf("/api/v1/talks/%d/members", tid), nil, http.StatusOK, &members)
	var id int64
	for _, m := range members {
		if m.Username == "observer" {
			id = m.ID
		}
	}
	med.call("DELETE", fmt.Sprintf("/api/v1/talks/%d/members/%d", tid, id), nil, http.StatusNoContent, nil)
	ws.Events.Publish(parley.Event{Talks: tid, Kind: "draft"})
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), "event:") {
			t.Errorf("after the member's removal the stream delivered %q, want it ended", lines.Text())
		}
	}
	if err := lines.Err(); err != nil {
		t.Errorf("the stream did not end after the member's removal: %v", err)
	}
	obs.call("GET", fmt.Sprintf("/api/v1/talks/%d", tid), nil, http.StatusNotFound, nil)
}
