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
