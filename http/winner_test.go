package http_test

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/analysis"
	"github.com/parley-talks/parley/demo"
)

// TestAdjustedWinnerOverHTTP checks the Adjusted Winner division of the
// demo's issues: the mediator gets it (equitable, at most one split, no
// party's points) over the API and on the analysis page, and the run is
// audited; the parties' members are refused; with a third negotiating
// party it conflicts, naming the number of parties.
func TestAdjustedWinnerOverHTTP(t *testing.T) {
	t.Parallel()
	base, _, tid := newDemoServer(t)
	path := fmt.Sprintf("/api/v1/talks/%d/analysis/adjusted-winner", tid)
	med := signIn(t, base, "mediator", demo.Password)
	var d analysis.TwoPartyDivision
	raw := med.call("POST", path, nil, http.StatusOK, &d)
	if d.Parties != [2]string{"Russia", "Ukraine"} {
		t.Errorf("got parties %q, want Russia and Ukraine", d.Parties)
	}
	var space struct {
		Space parley.IssueSpace `json:"space"`
	}
	med.call("GET", fmt.Sprintf("/api/v1/talks/%d/analysis", tid), nil, http.StatusOK, &space)
	if len(d.Issues) != len(space.Space.Issues) || len(d.Issues) == 0 {
		t.Fatalf("got %d issues, want the space's %d", len(d.Issues), len(space.Space.Issues))
	}
	splits := 0
	for i, is := range d.Issues {
		if is.Issue != space.Space.Issues[i].Name {
			t.Errorf("issue %d: got %q, want %q", i, is.Issue, space.Space.Issues[i].Name)
		}
		if math.Abs(is.Share[0]+is.Share[1]-1) > 1e-9 {
			t.Errorf("issue %q: got shares %v, want them summing to 1", is.Issue, is.Share)
		}
		if is.Winner == "" {
			splits++
			if d.Split != is.Issue {
				t.Errorf("got split_issue %q, want %q", d.Split, is.Issue)
			}
		}
	}
	if splits > 1 {
		t.Errorf("got %d split issues, want at most one", splits)
	}
	if math.Abs(d.Scores[0]-d.Scores[1]) > 1e-6 || d.Scores[0] < 50-1e-6 {
		t.Errorf("got scores %v, want equal and at least 50", d.Scores)
	}
	if strings.Contains(string(raw), "points") {
		t.Errorf("got a division with the parties' points (their weights): %s", raw)
	}
	audit := string(med.call("GET", fmt.Sprintf("/api/v1/talks/%d/audit", tid), nil, http.StatusOK, nil))
	if !strings.Contains(audit, `"action":"analysis.run"`) || !strings.Contains(audit, `"kind":"adjusted_winner"`) {
		t.Errorf("got an audit log without the Adjusted Winner run")
	}

	for _, user := range []string{"russia", "russia-envoy", "ukraine"} {
		signIn(t, base, user, demo.Password).wantError("POST", path, nil, "", http.StatusForbidden, parley.EFORBIDDEN, "")
	}

	pages, csrf := signInPages(t, base, "mediator")
	_, page := pages.get(fmt.Sprintf("/talks/%d/analysis", tid))
	if !strings.Contains(page, "The Adjusted Winner division") || !strings.Contains(page, fmt.Sprintf("%.2f", d.Scores[0])) {
		t.Errorf("got a mediator's analysis page without the division and its score %.2f", d.Scores[0])
	}
	ruPages, _ := signInPages(t, base, "russia-envoy")
	if _, page := ruPages.get(fmt.Sprintf("/talks/%d/analysis", tid)); strings.Contains(page, "adjusted-winner") {
		t.Errorf("got the Adjusted Winner section on a party's analysis page")
	}

	med.call("POST", fmt.Sprintf("/api/v1/talks/%d/parties", tid), map[string]string{"name": "Belarus", "kind": "party"}, http.StatusCreated, nil)
	status, body := med.do("POST", path, nil, "")
	if want := "3 negotiating parties"; status != http.StatusConflict || !strings.Contains(string(body), want) {
		t.Errorf("with three parties: got %d %s, want 409 saying %q", status, body, want)
	}
	run := url.Values{"_csrf": {csrf}, "kind": {"adjusted_winner"}}
	if status, _, page := pages.post(fmt.Sprintf("/talks/%d/analysis/run", tid), run); status != http.StatusConflict || !strings.Contains(page, "3 negotiating parties") {
		t.Errorf("got a mediator's page with three parties (%d) without saying why there is no division", status)
	}
}
