package http_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley/demo"
)

// auditCount is the number of audit records of talks tid that c sees.
func auditCount(t *testing.T, c *client, tid int64) int {
	t.Helper()
	var log struct {
		Entries []json.RawMessage `json:"entries"`
	}
	c.call("GET", fmt.Sprintf("/api/v1/talks/%d/audit", tid), nil, http.StatusOK, &log)
	return len(log.Entries)
}

// TestAnalysisPageRunsNothing is issue 13's finding that the mediator's
// analysis page ran the analysis and Adjusted Winner on every view, each
// view writing the audit log. Now a view runs nothing and writes nothing;
// the mediator runs an analysis by an explicit POST, once, recorded once,
// and the page then shows that run's kept result; the parties whose
// profiles it used see that it ran, not what it gave.
func TestAnalysisPageRunsNothing(t *testing.T) {
	t.Parallel()
	base, _, tid := newDemoServer(t)
	med := signIn(t, base, "mediator", demo.Password)
	pages, csrf := signInPages(t, base, "mediator")
	ru, _ := signInPages(t, base, "russia-envoy")
	page := fmt.Sprintf("/talks/%d/analysis", tid)

	before := auditCount(t, med, tid)
	for range 3 {
		if status, _ := pages.get(page); status != http.StatusOK {
			t.Fatalf("GET %s: got %d", page, status)
		}
	}
	if after := auditCount(t, med, tid); after != before {
		t.Errorf("three views of the analysis page: got %d audit records, want the %d before", after, before)
	}

	status, loc, body := pages.post(page+"/run", url.Values{"_csrf": {csrf}, "kind": {"adjusted_winner"}})
	if status != http.StatusSeeOther || loc != page {
		t.Fatalf("POST %s/run: got %d to %q: %.300s", page, status, loc, body)
	}
	if after := auditCount(t, med, tid); after != before+1 {
		t.Errorf("one run: got %d audit records, want %d", after, before+1)
	}
	_, medPage := pages.get(page)
	if !strings.Contains(medPage, "The Adjusted Winner division") || !strings.Contains(medPage, "Last divided") {
		t.Error("the mediator's page after a run lacks the kept division")
	}
	if after := auditCount(t, med, tid); after != before+1 {
		t.Errorf("viewing the result: got %d audit records, want %d", after, before+1)
	}
	if status, _, _ := pages.post(page+"/run", url.Values{"_csrf": {csrf}, "kind": {"everything"}}); status != http.StatusBadRequest {
		t.Errorf("POST %s/run of an unknown kind: got %d, want 400", page, status)
	}
	if status, _, _ := ru.post(page+"/run", url.Values{"_csrf": {csrf}, "kind": {"frontier"}}); status == http.StatusSeeOther || status == http.StatusOK {
		t.Errorf("a party running the analysis from the page: got %d, want a refusal", status)
	}

	_, ruPage := ru.get(page)
	if !strings.Contains(ruPage, "Analyses run with your party's preferences") || !strings.Contains(ruPage, "Adjusted Winner</td>") {
		t.Error("russia's page does not list the run that used its preferences")
	}
	if strings.Contains(ruPage, "The Adjusted Winner division") || strings.Contains(ruPage, "run-winner") {
		t.Error("russia's page shows the division or the mediator's buttons")
	}
}

// TestSpaceChangeTellsTheParties: when the mediator redefines the issues,
// a party's open analysis page hears of it, its page and the API say its
// preferences are outdated, and the form made for the old issues is
// refused.
func TestSpaceChangeTellsTheParties(t *testing.T) {
	t.Parallel()
	base, _, tid := newDemoServer(t)
	med := signIn(t, base, "mediator", demo.Password)
	ru := signIn(t, base, "russia", demo.Password)
	ruPages, csrf := signInPages(t, base, "russia-envoy")
	page := fmt.Sprintf("/talks/%d/analysis", tid)
	_, old := ruPages.get(page)
	if strings.Contains(old, "re-enter your preferences") {
		t.Fatal("russia is told to re-enter its preferences before the space changed")
	}

	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/talks/%d/events", base, tid), nil)
	req.AddCookie(&http.Cookie{Name: "parley_session", Value: ru.token})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	if !lines.Scan() || !strings.HasPrefix(lines.Text(), "retry:") {
		t.Fatalf("the stream opened with %q, want retry:", lines.Text())
	}

	med.call("PUT", fmt.Sprintf("/api/v1/talks/%d/analysis/space", tid), map[string]any{"issues": []any{
		map[string]any{"name": "Territory", "options": []any{"Ukraine withdraws from Donetsk", "Line frozen under monitoring"}}}}, http.StatusOK, nil)
	heard := make(chan string, 1)
	go func() {
		for lines.Scan() {
			if strings.HasPrefix(lines.Text(), "data:") {
				heard <- lines.Text()
				return
			}
		}
	}()
	select {
	case got := <-heard:
		if got != "data: analysis" {
			t.Errorf("russia's stream: got %q, want data: analysis", got)
		}
	case <-time.After(10 * time.Second):
		t.Error("russia's stream did not hear that the issues changed")
	}

	var view struct {
		Outdated bool   `json:"my_profile_outdated"`
		Notice   string `json:"notice"`
	}
	ru.call("GET", fmt.Sprintf("/api/v1/talks/%d/analysis", tid), nil, http.StatusOK, &view)
	if !view.Outdated || view.Notice != "the issue space changed; re-enter your preferences" {
		t.Errorf("the API after the space changed: got %+v, want russia told to re-enter", view)
	}
	_, now := ruPages.get(page)
	if !strings.Contains(now, "The issue space changed; re-enter your preferences.") {
		t.Error("russia's analysis page does not tell it to re-enter its preferences")
	}
	// The form made for version 1 names issues by their places then.
	status, _, body := ruPages.post(page+"/profile", url.Values{"_csrf": {csrf}, "space_version": {"1"}, "reservation": {"0"},
		"w.0": {"1"}, "e.0.0": {"1"}})
	if status != http.StatusConflict || !strings.Contains(body, "re-enter your preferences") {
		t.Errorf("a form made for the old issues: got %d, want 409 saying to re-enter: %.300s", status, body)
	}
	// It comes back on the analysis page, not an error page: the reason
	// says the issues changed, and the form is fresh, for the new version.
	if !regexp.MustCompile(`id="profile-error">The issues changed while you filled the form in: it was made for version 1 of the issue space, which is now at version \d+\.`).MatchString(body) {
		t.Errorf("a form made for the old issues: no reason beside the form saying the issues changed: %.300s", body)
	}
	v := regexp.MustCompile(`name="space_version" value="(\d+)"`).FindStringSubmatch(body)
	if v == nil || v[1] == "1" || !strings.Contains(body, `id="profile-form"`) {
		t.Errorf("a form made for the old issues: no fresh profile form for the new version (%v)", v)
	}
	// The guided form made for version 1 comes back the same way.
	status, _, body = ruPages.post(page+"/guided", url.Values{"_csrf": {csrf}, "space_version": {"1"}, "action": {"save"},
		"r.0": {"1"}, "s.0": {"100"}, "o.0.0": {"100"}, "o.0.1": {"0"}, "reservation": {"0"}})
	if status != http.StatusConflict || !strings.Contains(body, `id="guided-error">The issues changed while you filled the form in`) ||
		strings.Contains(body, `class="score" value="100"`) || strings.Contains(body, `aria-describedby="scale-legend" value="100"`) {
		t.Errorf("a guided form made for the old issues: got %d, want 409 with a fresh form saying the issues changed", status)
	}
}

// TestProfileFormIssueNamesWithColons is issue 13's finding that the
// profile form named its fields "e:ISSUE:OPTION", so that issue "A:B"
// with option "C" and issue "A" with option "B:C" were the same field.
// Fields now name issues and options by their places.
func TestProfileFormIssueNamesWithColons(t *testing.T) {
	t.Parallel()
	base, _, tid := newDemoServer(t)
	med := signIn(t, base, "mediator", demo.Password)
	ru := signIn(t, base, "russia", demo.Password)
	ruPages, csrf := signInPages(t, base, "russia-envoy")
	med.call("PUT", fmt.Sprintf("/api/v1/talks/%d/analysis/space", tid), map[string]any{"issues": []any{
		map[string]any{"name": "A:B", "options": []any{"C", "D"}},
		map[string]any{"name": "A", "options": []any{"B:C", "E"}}}}, http.StatusOK, nil)
	page := fmt.Sprintf("/talks/%d/analysis", tid)
	_, form := ruPages.get(page)
	for _, field := range []string{`name="w.0"`, `name="w.1"`, `name="e.0.0"`, `name="e.1.0"`, `name="space_version" value="2"`} {
		if !strings.Contains(form, field) {
			t.Errorf("the profile form lacks %s", field)
		}
	}
	status, loc, body := ruPages.post(page+"/profile", url.Values{"_csrf": {csrf}, "space_version": {"2"}, "reservation": {"0.1"},
		"w.0": {"0.25"}, "w.1": {"0.75"}, "e.0.0": {"1"}, "e.0.1": {"0"}, "e.1.0": {"0.5"}, "e.1.1": {"1"}})
	if status != http.StatusSeeOther {
		t.Fatalf("saving the form: got %d to %q: %.300s", status, loc, body)
	}
	var view struct {
		MyProfile struct {
			Weights     map[string]float64            `json:"weights"`
			Evaluations map[string]map[string]float64 `json:"evaluations"`
		} `json:"my_profile"`
	}
	ru.call("GET", fmt.Sprintf("/api/v1/talks/%d/analysis", tid), nil, http.StatusOK, &view)
	p := view.MyProfile
	if p.Weights["A:B"] != 0.25 || p.Weights["A"] != 0.75 || p.Evaluations["A:B"]["C"] != 1 || p.Evaluations["A"]["B:C"] != 0.5 ||
		p.Evaluations["A"]["E"] != 1 || len(p.Evaluations["A:B"]) != 2 {
		t.Errorf("the profile saved from the form: got %+v, want A:B's C 1 and A's B:C 0.5 apart", p)
	}
}

// TestWalkAwayLineShared: a party that ticks "show this value to the
// mediator" on its profile form gets its walk-away line on the mediator's
// plot; the other party, which did not, gets none, and its value appears
// nowhere on the mediator's page.
func TestWalkAwayLineShared(t *testing.T) {
	t.Parallel()
	base, _, tid := newDemoServer(t)
	med, medCSRF := signInPages(t, base, "mediator")
	ru, ruCSRF := signInPages(t, base, "russia-envoy")
	page := fmt.Sprintf("/talks/%d/analysis", tid)
	_, body := ru.get(page)
	form := regexp.MustCompile(`(?s)<form[^>]*id="profile-form".*?</form>`).FindString(body)
	if form == "" || strings.Contains(form, `id="share-reservation" checked`) {
		t.Fatalf("russia's profile form: missing, or sharing before it was asked to")
	}
	values := url.Values{}
	for _, m := range regexp.MustCompile(`name="([^"]+)"[^>]*?value="([^"]*)"`).FindAllStringSubmatch(form, -1) {
		values.Set(m[1], html.UnescapeString(m[2]))
	}
	values.Del("share_reservation") // a checkbox not ticked is not sent
	values.Set("_csrf", ruCSRF)
	values.Set("reservation", "0.3")
	if status, _, body := ru.post(page+"/profile", values); status != http.StatusSeeOther {
		t.Fatalf("saving russia's profile with its value shared: got %d: %.300s", status, body)
	}
	if status, _, body := med.post(page+"/run", url.Values{"_csrf": {medCSRF}, "kind": {"frontier"}}); status != http.StatusSeeOther {
		t.Fatalf("running the analysis: got %d: %.300s", status, body)
	}
	_, medPage := med.get(page)
	if n := strings.Count(medPage, `class="walk-away-line"`); n != 0 {
		t.Errorf("the mediator's plot before russia shared: got %d walk-away lines, want 0", n)
	}
	values.Set("share_reservation", "yes")
	if status, _, body := ru.post(page+"/profile", values); status != http.StatusSeeOther {
		t.Fatalf("saving russia's profile with its value shared: got %d: %.300s", status, body)
	}
	if _, body := ru.get(page); !strings.Contains(body, `id="share-reservation" checked`) {
		t.Error("russia's form does not show its value as shared")
	}
	med.post(page+"/run", url.Values{"_csrf": {medCSRF}, "kind": {"frontier"}})
	_, medPage = med.get(page)
	if !strings.Contains(medPage, "Russia walks away") || !strings.Contains(medPage, "Russia</bdi>'s walk-away value, 0.300") {
		t.Errorf("the mediator's plot lacks Russia's walk-away line at 0.300")
	}
	if strings.Contains(medPage, "Ukraine walks away") || !strings.Contains(medPage, "No walk-away line for <bdi>Ukraine</bdi>") {
		t.Error("the mediator's plot shows a line for Ukraine, which did not share its value, or does not say it has none")
	}
}
