package http_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/workspace"
)

func signInPages(t *testing.T, base, user string) (*browserClient, string) {
	t.Helper()
	c := newBrowserClient(t, base)
	c.post("/signin", url.Values{"username": {user}, "password": {demo.Password}})
	_, page := c.get("/talks/1")
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s: no anti-forgery token on the talks page", user)
	}
	return c, m[1]
}

// TestDraftingDecisionsAndRecordPages drives the mediator's drafting page,
// the decisions page and the record as browsers without JavaScript would.
func TestDraftingDecisionsAndRecordPages(t *testing.T) {
	t.Parallel()
	base, ws, tid := newDemoServer(t)
	med, medCSRF := signInPages(t, base, "mediator")
	ru, ruCSRF := signInPages(t, base, "russia")
	ua, uaCSRF := signInPages(t, base, "ukraine")

	// Drafting: the mediator edits draft 5's text and tables it.
	if status, _ := ru.get("/talks/1/drafting"); status != http.StatusForbidden {
		t.Errorf("russia opening the drafting page: got %d, want 403", status)
	}
	status, page := med.get("/talks/1/drafting")
	if status != 200 {
		t.Fatalf("drafting page: got %d", status)
	}
	text := html.UnescapeString(regexp.MustCompile(`(?s)<textarea id="markdown"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)[1])
	if !strings.Contains(text, "{#") || !strings.Contains(text, "**Territory.**") {
		t.Fatalf("the drafting text lacks identity markers or titles:\n%.400s", text)
	}
	bad := url.Values{"_csrf": {medCSRF}, "markdown": {"1. ok {#abc}\n"}, "action": {"table"}}
	if status, _, body := med.post("/talks/1/drafting", bad); status != http.StatusBadRequest || !strings.Contains(body, "not a point id") {
		t.Errorf("tabling bad Markdown: got %d", status)
	}
	edited := strings.Replace(text, "about 20 percent of it", "about a fifth of it", 1)
	if loc := tableThroughPreview(t, med, url.Values{"_csrf": {medCSRF}, "markdown": {edited}}); loc != "/talks/1/drafts/6" {
		t.Fatalf("tabling from the drafting page went to %q", loc)
	}
	if _, page := ua.get("/talks/1/compare?from=5&to=6"); !strings.Contains(page, "<ins>a fifth</ins>") {
		t.Error("the compare page does not show the edit made on the drafting page")
	}

	// Decisions: sign-off on draft 6, once its Russian and Ukrainian
	// texts are current; Russia yes, Ukraine no with reasons.
	translateCurrent(t, ws, tid, 6)
	med.post("/talks/1/decisions", url.Values{"_csrf": {medCSRF}, "kind": {"sign_off"}, "draft": {"6"}})
	ru.post("/talks/1/decisions/1/answer", url.Values{"_csrf": {ruCSRF}, "answer": {"yes"}})
	ua.post("/talks/1/decisions/1/answer", url.Values{"_csrf": {uaCSRF}, "answer": {"no"}, "reasons": {"UA-REASONS: the line"}})
	_, medPage := med.get("/talks/1/decisions")
	_, ruPage := ru.get("/talks/1/decisions")
	if !strings.Contains(medPage, "Rejected") || !strings.Contains(medPage, "UA-REASONS") {
		t.Error("the mediator's decisions page does not show the rejection and Ukraine's reasons")
	}
	if strings.Contains(ruPage, "UA-REASONS") {
		t.Error("russia's decisions page shows Ukraine's reasons")
	}

	// The record, and the checkpoint to keep.
	status, page = ru.get("/talks/1/audit")
	if status != 200 || !strings.Contains(page, "Answered a decision") || !strings.Contains(page, "Download the signed checkpoint") {
		t.Errorf("the record page: got %d", status)
	}
	if status, cp := ru.get("/audit/checkpoint.txt"); status != 200 || !strings.Contains(cp, "— parley-audit") {
		t.Errorf("the checkpoint download: got %d %.80q", status, cp)
	}
}

// TestTimelineAndStatementPages checks the timeline page's visibility and
// the disclosure guard in the statement form.
func TestTimelineAndStatementPages(t *testing.T) {
	t.Parallel()
	base, ws, _ := newDemoServer(t)
	// A statement recorded without a time is stamped by the workspace's
	// clock.
	clock := time.Date(2031, 5, 6, 7, 8, 0, 0, time.UTC)
	ws.Now = func() time.Time { return clock }
	ru, ruCSRF := signInPages(t, base, "russia-aide")
	ua, _ := signInPages(t, base, "ukraine")
	med, _ := signInPages(t, base, "mediator")
	_, ruPage := ru.get("/talks/1/timeline")
	_, uaPage := ua.get("/talks/1/timeline")
	_, medPage := med.get("/talks/1/timeline")
	for _, want := range []string{"Moscow meeting", "US Secretary of State", "Presidential aide", "Illustrative notes"} {
		if !strings.Contains(ruPage, want) {
			t.Errorf("russia's timeline lacks %q", want)
		}
	}
	if strings.Contains(uaPage, "Illustrative notes") || strings.Contains(uaPage, "Canadian air traffic") {
		t.Error("ukraine's timeline shows the meeting notes or the US flight")
	}
	if !strings.Contains(medPage, "Canadian air traffic") {
		t.Error("the mediator's timeline does not show the envoy's flight")
	}
	leak := url.Values{"_csrf": {ruCSRF}, "speaker": {"Aide"}, "channel": {"briefing"},
		"text": {"Our position: the whole of the Donetsk region is ours by our constitution; a neutral zone under foreign monitors is not acceptable."}}
	status, _, body := ru.post("/talks/1/statements", leak)
	if status != http.StatusConflict || !strings.Contains(body, "<mark>") {
		t.Fatalf("a leaking statement: got %d, want 409 with the passage marked", status)
	}
	leak.Set("acknowledge", "on")
	if status, _, _ := ru.post("/talks/1/statements", leak); status != http.StatusSeeOther {
		t.Errorf("the statement acknowledged: got %d, want a redirect", status)
	}
	digest, err := ws.StatementDigest(workspace.WithAccount(context.Background(), accountID(t, ws, "russia-aide")), 1)
	if err != nil {
		t.Fatal(err)
	}
	var stamped []time.Time
	for _, p := range digest.Parties {
		for _, st := range p.Statements {
			if st.Speaker == "Aide" {
				stamped = append(stamped, st.MadeAt)
			}
		}
	}
	if len(stamped) != 1 || !stamped[0].Equal(clock) {
		t.Errorf("the statement recorded without a time: got made at %v, want once at the workspace's clock %v", stamped, clock)
	}
}

// TestAnalysisAndDownloadPages checks the analysis page for a party and
// for the mediator, and downloads from the draft page.
func TestAnalysisAndDownloadPages(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServer(t)
	ru, ruCSRF := signInPages(t, base, "russia-envoy")
	ua, _ := signInPages(t, base, "ukraine")
	med, _ := signInPages(t, base, "mediator")
	_, medPage := med.get("/talks/1/analysis")
	if !strings.Contains(medPage, `id="frontier-plot"`) || !strings.Contains(medPage, "Nash") || strings.Contains(medPage, "Your party's preferences") {
		t.Error("the mediator's analysis page lacks the plot or the solutions, or offers a profile form")
	}
	for _, want := range []string{`class="plot-legend"`, `class="tick-label"`, `>N</text>`, "N: the Nash solution", "The frontier as a table"} {
		if !strings.Contains(medPage, want) {
			t.Errorf("the mediator's frontier plot lacks %s", want)
		}
	}
	_, talksPage := med.get("/talks/1")
	for _, want := range []string{`id="convergence-chart"`, `fill="url(#conv-hatch)"`, ">100%</text>", "hatched: share unsuitable to at least one party", `text-anchor="middle">Draft</text>`} {
		if !strings.Contains(talksPage, want) {
			t.Errorf("the convergence chart lacks %s", want)
		}
	}
	_, ruPage := ru.get("/talks/1/analysis")
	_, uaPage := ua.get("/talks/1/analysis")
	// Fields name issues and options by their place: issue 0 is Territory.
	if !strings.Contains(ruPage, "Nash bargaining solution") || !strings.Contains(ruPage, `name="w.0" inputmode="decimal" size="5" value="0.35"`) {
		t.Error("russia's analysis page lacks the shared package or its own weights")
	}
	if strings.Contains(uaPage, `value="0.35"`) && strings.Contains(uaPage, `name="w.1" inputmode="decimal" size="5" value="0.2"`) {
		t.Error("ukraine's page shows russia's weights")
	}
	if strings.Contains(ruPage, "frontier-plot") {
		t.Error("a party sees the mediator's analysis")
	}
	if !strings.Contains(ruPage, `name="space_version" value="1"`) {
		t.Error("russia's profile form does not say which version of the issues it was made for")
	}
	form := url.Values{"_csrf": {ruCSRF}, "reservation": {"0.4"}, "space_version": {"1"}}
	for i := range 6 { // Territory, NATO, Armed forces, Sanctions, Security guarantees, Elections
		form.Set(fmt.Sprintf("w.%d", i), "1")
		form.Set(fmt.Sprintf("e.%d.%d", i, map[int]int{4: 2}[i]), "1") // Security guarantees: None
	}
	if status, loc, body := ru.post("/talks/1/analysis/profile", form); status != http.StatusSeeOther {
		t.Errorf("saving a profile from the form: got %d to %q: %.200s", status, loc, body)
	}
	for format, magic := range map[string]string{"docx": "PK", "pdf": "%PDF", "akn": "<?xml", "md": "# "} {
		status, body := ua.get("/talks/1/drafts/5/download?format=" + format)
		if status != 200 || !strings.HasPrefix(body, magic) {
			t.Errorf("download %s: got %d %.20q", format, status, body)
		}
	}
	if status, _ := ua.get("/talks/1/drafts/working/download?format=docx"); status != 404 {
		t.Errorf("ukraine downloading the working draft: got %d, want 404", status)
	}
}
