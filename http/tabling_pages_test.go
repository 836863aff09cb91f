package http_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// confirmForm reads the confirmation form of a tabling preview page: its
// hidden fields, with the box ticked.
func confirmForm(t *testing.T, page string) url.Values {
	t.Helper()
	m := regexp.MustCompile(`(?s)<form method="post" action="[^"]*/drafting/table"[^>]*>(.*?)</form>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the page has no confirmation form:\n%.600s", page)
	}
	form := url.Values{"confirm": {"yes"}}
	for _, f := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(m[1], -1) {
		form.Set(f[1], html.UnescapeString(f[2]))
	}
	return form
}

// tableThroughPreview posts the drafting form of talks 1 as a preview,
// then confirms it, and returns where the confirmation went.
func tableThroughPreview(t *testing.T, c *browserClient, form url.Values) string {
	t.Helper()
	form.Set("action", "preview")
	status, _, page := c.post("/talks/1/drafting", form)
	if status != http.StatusOK {
		t.Fatalf("previewing the tabling: got %d", status)
	}
	status, loc, _ := c.post("/talks/1/drafting/table", confirmForm(t, page))
	if status != http.StatusSeeOther {
		t.Fatalf("confirming the tabling: got %d", status)
	}
	return loc
}

// TestTablingPreviewPages drives tabling from the drafting page without
// JavaScript: the preview counts the changes and shows the words, tables
// nothing, and needs its box ticked; confirmed, it tables the text it
// showed, once for a form posted twice. A text pasted without its markers
// is previewed with the warning that most points would be new or removed;
// the working draft as saved has a preview of its own.
func TestTablingPreviewPages(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServer(t)
	med, csrf := signInPages(t, base, "mediator")
	ru, _ := signInPages(t, base, "russia")
	_, page := med.get("/talks/1/drafting")
	text := html.UnescapeString(regexp.MustCompile(`(?s)<textarea id="markdown"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)[1])
	version := regexp.MustCompile(`name="version" value="([^"]*)"`).FindStringSubmatch(page)[1]
	token := regexp.MustCompile(`name="table_token" value="([^"]*)"`).FindStringSubmatch(page)[1]
	edited := strings.Replace(text, "about 20 percent of it", "about a fifth of it", 1)
	form := url.Values{"_csrf": {csrf}, "markdown": {edited}, "version": {version}, "table_token": {token}, "action": {"preview"}}

	status, _, preview := med.post("/talks/1/drafting", form)
	if status != http.StatusOK || !strings.Contains(preview, "Before tabling draft 6") {
		t.Fatalf("the preview: got %d", status)
	}
	count := func(page, change string) string {
		m := regexp.MustCompile(`data-change="` + change + `">(\d+) `).FindStringSubmatch(page)
		if m == nil {
			return "none"
		}
		return m[1]
	}
	if count(preview, "amended") != "1" || count(preview, "new") != "0" || count(preview, "removed") != "0" || count(preview, "unchanged") == "0" {
		t.Errorf("the preview's counts: amended %s, new %s, removed %s, unchanged %s", count(preview, "amended"),
			count(preview, "new"), count(preview, "removed"), count(preview, "unchanged"))
	}
	if !strings.Contains(preview, "<ins>a fifth</ins>") || !strings.Contains(preview, "2 words inserted") {
		t.Errorf("the preview does not show the words changed")
	}
	if strings.Contains(preview, `id="most-replaced"`) {
		t.Errorf("an amendment of one point warns that most points are replaced")
	}
	if status, _ := ru.get("/talks/1/drafts/6"); status != http.StatusNotFound {
		t.Fatalf("after the preview alone, draft 6 answers %d, want 404", status)
	}

	// Without the box ticked, nothing is tabled and the preview says why.
	unticked := confirmForm(t, preview)
	unticked.Del("confirm")
	if status, _, page := med.post("/talks/1/drafting/table", unticked); status != http.StatusBadRequest || !strings.Contains(page, `id="confirm-error"`) {
		t.Errorf("confirming without the box: got %d", status)
	}
	if status, _ := ru.get("/talks/1/drafts/6"); status != http.StatusNotFound {
		t.Fatalf("after an unticked confirmation, draft 6 answers %d, want 404", status)
	}
	// Back to the text keeps it, unsaved.
	back := confirmForm(t, preview)
	back.Set("action", "edit")
	if status, _, page := med.post("/talks/1/drafting", back); status != http.StatusOK || !strings.Contains(html.UnescapeString(page), "about a fifth of it") {
		t.Errorf("back to the text from the preview: got %d", status)
	}

	// Confirmed, twice: one draft 6, with the text previewed.
	confirmed := confirmForm(t, preview)
	_, first, _ := med.post("/talks/1/drafting/table", confirmed)
	_, second, _ := med.post("/talks/1/drafting/table", confirmed)
	if first != "/talks/1/drafts/6" || second != first {
		t.Errorf("confirming twice: went to %q and %q, want draft 6 both times", first, second)
	}
	if _, page := ru.get("/talks/1/compare?from=5&to=6"); !strings.Contains(page, "<ins>a fifth</ins>") {
		t.Error("the tabled draft 6 lacks the text previewed")
	}
	if status, _ := ru.get("/talks/1/drafts/7"); status != http.StatusNotFound {
		t.Errorf("after a double confirmation, draft 7 answers %d", status)
	}

	// Pasted without markers: most points new or removed, with a warning.
	bare := regexp.MustCompile(` ?\{[#][^}]*\}`).ReplaceAllString(edited, "")
	_, _, preview = med.post("/talks/1/drafting", url.Values{"_csrf": {csrf}, "markdown": {bare}, "action": {"preview"}})
	if !strings.Contains(preview, `id="most-replaced"`) || count(preview, "unchanged") != "0" {
		t.Errorf("a text without markers: warning shown %v, unchanged %s", strings.Contains(preview, `id="most-replaced"`), count(preview, "unchanged"))
	}

	// The working draft as saved: saved, previewed, tabled at its version.
	med.post("/talks/1/drafting", url.Values{"_csrf": {csrf}, "markdown": {strings.Replace(edited, "a fifth", "one fifth", 1)}, "action": {"save"}})
	status, preview = med.get("/talks/1/drafting/preview")
	if status != http.StatusOK || !strings.Contains(preview, "Before tabling draft 7") || strings.Contains(preview, `name="markdown"`) {
		t.Fatalf("the working draft's preview: got %d", status)
	}
	if status, _ := ru.get("/talks/1/drafting/preview"); status != http.StatusForbidden && status != http.StatusNotFound {
		t.Errorf("a party opening the tabling preview: got %d", status)
	}
	if _, loc, _ := med.post("/talks/1/drafting/table", confirmForm(t, preview)); loc != "/talks/1/drafts/7" {
		t.Errorf("confirming the working draft's preview went to %q", loc)
	}
}
