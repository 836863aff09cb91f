package http_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestDecisionRulesOverHTTP checks issue 11's rules through the API and
// the pages: a sign-off cannot be put while a negotiating party has no
// principal (409 naming it), a party added withdraws the open decisions,
// and party names are unique regardless of case and surrounding space.
func TestDecisionRulesOverHTTP(t *testing.T) {
	t.Parallel()
	base, ws := newServer(t)
	op := workspace.AsOperator(context.Background())
	for _, u := range []string{"mediator", "egypt", "ethiopia", "ethiopia-principal"} {
		if _, err := ws.CreateAccount(op, workspace.AccountInput{Username: u, Password: "pw-" + u + "-long"}, false); err != nil {
			t.Fatal(err)
		}
	}
	med, eg := signIn(t, base, "mediator", "pw-mediator-long"), signIn(t, base, "egypt", "pw-egypt-long")
	var talks struct{ ID int64 }
	med.call("POST", "/api/v1/talks", map[string]string{"title": "Nile talks"}, 201, &talks)
	tp := fmt.Sprintf("/api/v1/talks/%d", talks.ID)
	var egypt, ethiopia parley.Party
	med.call("POST", tp+"/parties", map[string]any{"name": "Egypt"}, 201, &egypt)
	med.call("POST", tp+"/parties", map[string]any{"name": "Ethiopia"}, 201, &ethiopia)
	for _, name := range []string{"egypt", " EGYPT ", "ethiopia"} {
		med.wantError("POST", tp+"/parties", map[string]any{"name": name}, "", 409, parley.ECONFLICT, "")
	}
	var m parley.Member
	med.call("POST", tp+"/members", map[string]any{"username": "egypt", "party_name": "egypt", "role": "principal"}, 201, &m)
	if m.PartyID != egypt.ID {
		t.Errorf("member added by party name egypt: got party %d, want Egypt (%d)", m.PartyID, egypt.ID)
	}
	med.call("POST", tp+"/members", map[string]any{"username": "ethiopia", "party_name": "Ethiopia", "role": "negotiator"}, 201, nil)
	med.call("POST", tp+"/drafts", map[string]any{"points": []any{map[string]string{"text": "The dam fills over seven years."}}}, 201, nil)

	// The regression: without Ethiopia's principal, no sign-off.
	signOff := map[string]any{"kind": "sign_off", "draft": 1}
	status, raw := med.do("POST", tp+"/decisions", signOff, "")
	if status != http.StatusConflict || !strings.Contains(string(raw), "Ethiopia") {
		t.Fatalf("sign-off without Ethiopia's principal: got %d %s, want 409 naming Ethiopia", status, raw)
	}
	var view struct{ State parley.TalksState }
	eg.call("GET", tp, nil, 200, &view)
	if view.State != parley.TalksOpen {
		t.Fatalf("talks: got %s, want open", view.State)
	}

	// The decisions page says the same.
	page := newBrowserClient(t, base)
	if status, loc, _ := page.post("/signin", url.Values{"username": {"mediator"}, "password": {"pw-mediator-long"}}); status != http.StatusSeeOther {
		t.Fatalf("sign-in on the page: got %d to %q", status, loc)
	}
	_, body := page.get(fmt.Sprintf("/talks/%d/decisions", talks.ID))
	token := csrfRE.FindStringSubmatch(body)
	if token == nil {
		t.Fatal("the decisions page has no anti-forgery token")
	}
	status, _, body = page.post(fmt.Sprintf("/talks/%d/decisions", talks.ID), url.Values{"_csrf": {token[1]}, "kind": {"sign_off"}, "draft": {"1"}})
	if status != http.StatusConflict || !strings.Contains(html.UnescapeString(body), "Ethiopia") {
		t.Errorf("sign-off from the page without Ethiopia's principal: got %d, want 409 naming Ethiopia", status)
	}

	// With a principal for Ethiopia the sign-off is put; a party added
	// then withdraws it.
	med.call("POST", tp+"/members", map[string]any{"username": "ethiopia-principal", "party": ethiopia.ID, "role": "principal"}, 201, nil)
	var d parley.Decision
	med.call("POST", tp+"/decisions", signOff, 201, &d)
	eg.call("PUT", fmt.Sprintf("%s/decisions/%d/answer", tp, d.ID), map[string]any{"yes": true}, 200, nil)
	med.call("POST", tp+"/parties", map[string]any{"name": "Sudan"}, 201, nil)
	med.call("GET", fmt.Sprintf("%s/decisions/%d", tp, d.ID), nil, 200, &d)
	if d.Status != parley.DecisionWithdrawn {
		t.Errorf("the sign-off after Sudan joined: got %s, want withdrawn", d.Status)
	}
	etp := signIn(t, base, "ethiopia-principal", "pw-ethiopia-principal-long")
	etp.wantError("PUT", fmt.Sprintf("%s/decisions/%d/answer", tp, d.ID), map[string]any{"yes": true}, "", 409, parley.ECONFLICT, "")
	med.wantError("POST", tp+"/decisions", signOff, "", 409, parley.ECONFLICT, "")
	eg.call("GET", tp, nil, 200, &view)
	if view.State != parley.TalksOpen {
		t.Errorf("talks after the withdrawal: got %s, want open", view.State)
	}
}

// TestLastPrincipalGoneOverHTTP checks issue 11's third rule through the
// API and the settings page: removing a negotiating party's last
// principal, or changing its role, withdraws the open sign-off; removing
// one of two principals keeps it open.
func TestLastPrincipalGoneOverHTTP(t *testing.T) {
	t.Parallel()
	base, ws := newServer(t)
	op := workspace.AsOperator(context.Background())
	users := []string{"mediator", "egypt", "ethiopia-1", "ethiopia-2", "ethiopia-3"}
	for _, u := range users {
		if _, err := ws.CreateAccount(op, workspace.AccountInput{Username: u, Password: "pw-" + u + "-long"}, false); err != nil {
			t.Fatal(err)
		}
	}
	med := signIn(t, base, "mediator", "pw-mediator-long")
	var talks struct{ ID int64 }
	med.call("POST", "/api/v1/talks", map[string]string{"title": "Nile talks"}, 201, &talks)
	tp := fmt.Sprintf("/api/v1/talks/%d", talks.ID)
	med.call("POST", tp+"/parties", map[string]any{"name": "Egypt"}, 201, nil)
	med.call("POST", tp+"/parties", map[string]any{"name": "Ethiopia"}, 201, nil)
	med.call("POST", tp+"/members", map[string]any{"username": "egypt", "party_name": "Egypt", "role": "principal"}, 201, nil)
	ids := map[string]int64{}
	for _, u := range users[2:] {
		var m parley.Member
		med.call("POST", tp+"/members", map[string]any{"username": u, "party_name": "Ethiopia", "role": "principal"}, 201, &m)
		ids[u] = m.ID
	}
	med.call("POST", tp+"/drafts", map[string]any{"points": []any{map[string]string{"text": "The dam fills over seven years."}}}, 201, nil)
	propose := func() int64 {
		var d parley.Decision
		med.call("POST", tp+"/decisions", map[string]any{"kind": "sign_off", "draft": 1}, 201, &d)
		return d.ID
	}
	status := func(id int64) parley.DecisionStatus {
		var d parley.Decision
		med.call("GET", fmt.Sprintf("%s/decisions/%d", tp, id), nil, 200, &d)
		return d.Status
	}

	// Over the API: Ethiopia has three principals. One removed and one
	// demoted leave the third, and the sign-off stays open; the third
	// removed withdraws it.
	d := propose()
	med.call("DELETE", fmt.Sprintf("%s/members/%d", tp, ids["ethiopia-1"]), nil, http.StatusNoContent, nil)
	med.call("PATCH", fmt.Sprintf("%s/members/%d", tp, ids["ethiopia-2"]), map[string]any{"role": "negotiator"}, 200, nil)
	if got := status(d); got != parley.DecisionOpen {
		t.Fatalf("with Ethiopia's third principal left: got %s, want open", got)
	}
	med.call("DELETE", fmt.Sprintf("%s/members/%d", tp, ids["ethiopia-3"]), nil, http.StatusNoContent, nil)
	if got := status(d); got != parley.DecisionWithdrawn {
		t.Fatalf("after Ethiopia's last principal was removed over the API: got %s, want withdrawn", got)
	}

	// On the settings page: ethiopia-2 made principal again, a new
	// sign-off, then its role changed on the page withdraws it.
	med.call("PATCH", fmt.Sprintf("%s/members/%d", tp, ids["ethiopia-2"]), map[string]any{"role": "principal"}, 200, nil)
	d = propose()
	page := newBrowserClient(t, base)
	csrf := signInAs(t, page, "mediator", "pw-mediator-long")
	settings := fmt.Sprintf("/talks/%d/members/%d", talks.ID, ids["ethiopia-2"])
	if st, _, body := page.post(settings+"/role", url.Values{"_csrf": {csrf}, "role": {"negotiator"}}); st != http.StatusSeeOther {
		t.Fatalf("role change on the settings page: got %d: %.300s", st, body)
	}
	if got := status(d); got != parley.DecisionWithdrawn {
		t.Fatalf("after Ethiopia's last principal's role changed on the page: got %s, want withdrawn", got)
	}

	// And removed on the page: egypt is Egypt's only principal.
	med.call("PATCH", fmt.Sprintf("%s/members/%d", tp, ids["ethiopia-2"]), map[string]any{"role": "principal"}, 200, nil)
	d = propose()
	var members []parley.Member
	med.call("GET", tp+"/members", nil, 200, &members)
	var egypt int64
	for _, m := range members {
		if m.Username == "egypt" {
			egypt = m.ID
		}
	}
	if st, _, body := page.post(fmt.Sprintf("/talks/%d/members/%d/remove", talks.ID, egypt), url.Values{"_csrf": {csrf}, "confirm": {"yes"}}); st != http.StatusSeeOther {
		t.Fatalf("removing Egypt's principal on the settings page: got %d: %.300s", st, body)
	}
	if got := status(d); got != parley.DecisionWithdrawn {
		t.Errorf("after Egypt's last principal was removed on the page: got %s, want withdrawn", got)
	}
}
