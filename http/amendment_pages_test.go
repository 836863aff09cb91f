package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestAmendmentAndCommentPages drives the amendment and comment pages as
// browsers without JavaScript would: the compare page names the amendment
// draft 5 took to those who may see it; a refused proposal and a refused
// comment come back with the input kept and the message beside the field;
// a proposal taken on the desk shows on the drafting page as carried by
// the working draft; a party's own thread stays its own.
func TestAmendmentAndCommentPages(t *testing.T) {
	t.Parallel()
	base, ws, tid := newDemoServer(t)
	med, medCSRF := signInPages(t, base, "mediator")
	ru, ruCSRF := signInPages(t, base, "russia")
	ua, uaCSRF := signInPages(t, base, "ukraine")

	const lineage = `<bdi>Russia</bdi>'s amendment`
	for _, c := range []struct {
		who  string
		b    *browserClient
		sees bool
	}{{"mediator", med, true}, {"russia", ru, true}, {"ukraine", ua, false}} {
		_, page := c.b.get(fmt.Sprintf("/talks/%d/compare?from=4&to=5", tid))
		if got := strings.Contains(page, lineage) && strings.Contains(page, "taken in part into draft 5"); got != c.sees {
			t.Errorf("the compare page as %s names Russia's amendment: %v, want %v", c.who, got, c.sees)
		}
		_, page = c.b.get(fmt.Sprintf("/talks/%d/drafts/5/points/%d", tid, territoryOf(t, ws, tid)))
		if got := strings.Contains(page, lineage); got != c.sees {
			t.Errorf("the territory point's page as %s names Russia's amendment: %v, want %v", c.who, got, c.sees)
		}
	}

	d5, err := ws.GetDraft(workspace.WithAccount(context.Background(), accountID(t, ws, "mediator")), tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	var point parley.Point
	for _, p := range d5.Points {
		if p.Title == "Sovereignty" {
			point = p
		}
	}
	P := fmt.Sprintf("/talks/%d/drafts/5/points/%d", tid, point.ID)
	status, _, body := ru.post(P+"/amendments", url.Values{"_csrf": {ruCSRF}, "kind": {"replace"}, "text": {" "}, "justification": {"KEPT-JUSTIFICATION"}})
	if status != http.StatusBadRequest || !strings.Contains(body, `id="text-error"`) || !strings.Contains(body, "KEPT-JUSTIFICATION") {
		t.Errorf("an empty replacement from the form: got %d, want 400 with the message beside the text and the justification kept", status)
	}
	status, loc, _ := ru.post(P+"/amendments", url.Values{"_csrf": {ruCSRF}, "kind": {"replace"}, "text": {"Sovereignty is confirmed by all."},
		"share_with_mediator": {"on"}})
	if status != http.StatusSeeOther || loc != P+"/amendments" {
		t.Fatalf("proposing from the form: got %d to %q", status, loc)
	}
	as, err := ws.ListAmendments(workspace.WithAccount(context.Background(), accountID(t, ws, "mediator")), tid, 5)
	if err != nil || len(as) == 0 || as[len(as)-1].Text != "Sovereignty is confirmed by all." {
		t.Fatalf("amendments to draft 5: got %v, %v, want Russia's last", as, err)
	}
	proposed := as[len(as)-1] // after the demo's own
	D := fmt.Sprintf("/talks/%d/amendments/%d/decision", tid, proposed.ID)
	if status, _, body := med.post(D, url.Values{"_csrf": {medCSRF}, "decision": {"decline"}}); status != http.StatusBadRequest ||
		!strings.Contains(body, fmt.Sprintf(`id="reason%d-error"`, proposed.ID)) {
		t.Errorf("declining without a reason from the desk: got %d, want 400 with the message beside the reason", status)
	}
	if status, _, _ := med.post(D, url.Values{"_csrf": {medCSRF}, "decision": {"take"}}); status != http.StatusSeeOther {
		t.Errorf("taking from the desk: got %d", status)
	}
	if _, page := med.get(fmt.Sprintf("/talks/%d/drafting", tid)); !strings.Contains(page, "Amendments this working draft carries") ||
		!strings.Contains(page, fmt.Sprintf("amendment %d", proposed.ID)) {
		t.Error("the drafting page does not show the amendment the working draft carries")
	}

	status, _, body = ua.post(P+"/comments", url.Values{"_csrf": {uaCSRF}, "text": {"KEPT-COMMENT"}, "quote": {"not in the point"}, "visibility": {"party"}})
	if status != http.StatusBadRequest || !strings.Contains(body, `id="quote-error"`) || !strings.Contains(body, "KEPT-COMMENT") {
		t.Errorf("a quote not in the point from the form: got %d, want 400 with the message beside the quote and the comment kept", status)
	}
	if status, _, _ := ua.post(P+"/comments", url.Values{"_csrf": {uaCSRF}, "text": {"UKRAINE-OWN-THREAD"}, "visibility": {"party"}}); status != http.StatusSeeOther {
		t.Errorf("commenting from the form: got %d", status)
	}
	if _, page := ua.get(P + "/comments"); !strings.Contains(page, "UKRAINE-OWN-THREAD") {
		t.Error("ukraine's comments page does not show its thread")
	}
	for _, b := range []*browserClient{ru, med} {
		if _, page := b.get(P + "/comments"); strings.Contains(page, "UKRAINE-OWN-THREAD") {
			t.Error("another party's comments page shows ukraine's own thread")
		}
	}

	// Resolving a thread from a page names its point: through another
	// point's path it is not found and stays open.
	uaCtx := workspace.WithAccount(context.Background(), accountID(t, ws, "ukraine"))
	threads, err := ws.ListComments(uaCtx, tid, 5, point.ID)
	if err != nil || len(threads) == 0 || threads[len(threads)-1].Text != "UKRAINE-OWN-THREAD" {
		t.Fatalf("ukraine's threads on the point: %v, %v", threads, err)
	}
	thread := threads[len(threads)-1].ID
	resolve := url.Values{"_csrf": {uaCSRF}, "resolved": {"true"}}
	other := fmt.Sprintf("/talks/%d/drafts/5/points/%d/comments/%d/resolved", tid, territoryOf(t, ws, tid), thread)
	if status, _, _ := ua.post(other, resolve); status != http.StatusNotFound {
		t.Errorf("resolving a thread through another point's path: got %d, want 404", status)
	}
	if cs, _ := ws.ListComments(uaCtx, tid, 5, point.ID); cs[len(cs)-1].Resolved {
		t.Error("the thread was resolved through another point's path")
	}
	if status, _, _ := ua.post(fmt.Sprintf("%s/comments/%d/resolved", P, thread), resolve); status != http.StatusSeeOther {
		t.Errorf("resolving the thread through its own point: got %d, want 303", status)
	}
}

// territoryOf returns the identity of the demo's territory point.
func territoryOf(t *testing.T, ws *workspace.Service, tid int64) int64 {
	t.Helper()
	d, err := ws.GetDraft(workspace.WithAccount(context.Background(), accountID(t, ws, "mediator")), tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Points {
		if p.Title == "Territory" && p.Kind == parley.KindPoint {
			return p.ID
		}
	}
	t.Fatal("no territory point")
	return 0
}
