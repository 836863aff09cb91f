package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
)

// The mediator words every option of the demo's issues, previews the
// working draft of the Nash package — a comparison, nothing saved — and
// saves it; the working draft's linked points then read the wording of the
// Nash package's options. A party may not see the page.
func TestDraftFromNashPage(t *testing.T) {
	t.Parallel()
	base, _, tid := newDemoServer(t)
	pages, csrf := signInPages(t, base, "mediator")
	ru, _ := signInPages(t, base, "russia-envoy")
	page := fmt.Sprintf("/talks/%d/analysis/text", tid)
	if status, _ := ru.get(page); status != http.StatusNotFound {
		t.Errorf("russia's GET %s: got %d, want 404", page, status)
	}
	// The Nash package must be the latest run's: run it.
	if status, _, _ := pages.post(fmt.Sprintf("/talks/%d/analysis/run", tid), url.Values{"_csrf": {csrf}, "kind": {"frontier"}}); status != http.StatusSeeOther {
		t.Fatalf("running the analysis: got %d", status)
	}
	status, body := pages.get(page)
	if status != http.StatusOK || !strings.Contains(body, `id="wordings-form"`) || !strings.Contains(body, `value="nash"`) {
		t.Fatalf("GET %s: got %d without the forms: %.500s", page, status, body)
	}
	// The demo links each issue to one point; unlinking the first issue's
	// and linking it again keeps the issue space's version.
	if !strings.Contains(body, `id="links-form"`) || strings.Count(body, `name="l.0"`) < 2 {
		t.Fatal("the text page has no form linking the issues to points")
	}
	links := url.Values{"_csrf": {csrf}}
	for _, m := range regexp.MustCompile(`name="(l\.\d+)" value="(\d+)" checked`).FindAllStringSubmatch(body, -1) {
		links.Add(m[1], m[2])
	}
	if len(links) != 7 {
		t.Fatalf("linked points: got %v, want one for each of the 6 issues", links)
	}
	if status, loc, _ := pages.post(fmt.Sprintf("/talks/%d/analysis/links", tid), links); status != http.StatusSeeOther || loc != page {
		t.Fatalf("saving the links: got %d to %q", status, loc)
	}
	bad, _ := url.ParseQuery(links.Encode())
	bad.Set("l.0", "999999")
	if status, _, _ := pages.post(fmt.Sprintf("/talks/%d/analysis/links", tid), bad); status != http.StatusBadRequest {
		t.Errorf("linking a point not in the text: got %d, want 400", status)
	}
	// Word every option of every linked point "WORDING i.j".
	form := url.Values{"_csrf": {csrf}}
	for _, m := range regexp.MustCompile(`name="(w\.\d+\.\d+\.\d+)"`).FindAllStringSubmatch(body, -1) {
		form.Set(m[1], "WORDING "+strings.TrimPrefix(m[1], "w."))
	}
	if len(form) < 7 {
		t.Fatalf("the wording form has %d fields", len(form)-1)
	}
	if status, loc, _ := pages.post(fmt.Sprintf("/talks/%d/analysis/wordings", tid), form); status != http.StatusSeeOther || loc != page {
		t.Fatalf("saving the wording: got %d to %q", status, loc)
	}
	status, _, body = pages.post(page, url.Values{"_csrf": {csrf}, "from": {"nash"}})
	if status != http.StatusOK || !strings.Contains(body, `id="text-preview"`) || !strings.Contains(body, "<ins>") || !strings.Contains(body, "<del>") {
		t.Fatalf("previewing the Nash package: got %d: %.3000s", status, body)
	}
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(body)
	if version == nil {
		t.Fatal("the preview has no form to save it")
	}
	save := url.Values{"_csrf": {csrf}, "save": {"1"}, "version": {version[1]}}
	for _, m := range regexp.MustCompile(`name="(p\.\d+)" value="(\d+)">`).FindAllStringSubmatch(body[strings.Index(body, `id="text-save"`):], -1) {
		save.Set(m[1], m[2])
	}
	if status, loc, _ := pages.post(page, save); status != http.StatusSeeOther || loc != fmt.Sprintf("/talks/%d/drafting", tid) {
		t.Fatalf("saving the draft: got %d to %q", status, loc)
	}
	// Each issue's linked point reads the wording of the Nash option.
	med := signIn(t, base, "mediator", demo.Password)
	var an struct {
		Space parley.IssueSpace `json:"space"`
	}
	med.call("GET", fmt.Sprintf("/api/v1/talks/%d/analysis", tid), nil, http.StatusOK, &an)
	var res struct {
		Nash struct{ Package map[string]string } `json:"nash"`
	}
	med.call("POST", fmt.Sprintf("/api/v1/talks/%d/analysis/run", tid), nil, http.StatusOK, &res)
	var working parley.Draft
	med.call("GET", fmt.Sprintf("/api/v1/talks/%d/drafts/working", tid), nil, http.StatusOK, &working)
	for i, is := range an.Space.Issues {
		j := slices.Index(is.Options, res.Nash.Package[is.Name])
		for k, pt := range is.Points {
			if p := working.Point(pt); p == nil || p.Text != fmt.Sprintf("WORDING %d.%d.%d", i, j, k) {
				t.Errorf("issue %q, Nash option %d: point %d reads %v", is.Name, j, pt, p)
			}
		}
	}
	// Saving the same preview again: the working draft has changed.
	if status, _, _ := pages.post(page, save); status != http.StatusConflict {
		t.Errorf("saving a stale preview: got %d, want 409", status)
	}
	// Once tabled, the text reads the Nash package: the analysis page
	// offers it as the baseline to improve on.
	med.call("POST", fmt.Sprintf("/api/v1/talks/%d/drafts/working/table", tid), nil, http.StatusCreated, nil)
	if _, body := pages.get(fmt.Sprintf("/talks/%d/analysis", tid)); !strings.Contains(body, `id="baseline-from"`) {
		t.Error("the improvements form does not offer the package the tabled text reads")
	} else {
		for i, is := range an.Space.Issues {
			j := slices.Index(is.Options, res.Nash.Package[is.Name])
			if !strings.Contains(body, fmt.Sprintf(`<option value="%d" selected>`, j)) {
				t.Errorf("issue %d: the baseline does not select Nash's option %d", i, j)
			}
		}
	}
}
