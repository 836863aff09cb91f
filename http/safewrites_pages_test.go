package http_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestDraftingFormWritesSafely drives the drafting page as two tabs of
// the mediator without JavaScript: the second tab's save, made from the
// version both opened, is refused with the first tab's edit shown and its
// own text kept; the drafting form posted twice tables one draft.
func TestDraftingFormWritesSafely(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServer(t)
	med, csrf := signInPages(t, base, "mediator")
	textRE := regexp.MustCompile(`(?s)<textarea id="markdown"[^>]*>(.*?)</textarea>`)
	field := func(page, name string) string {
		m := regexp.MustCompile(`name="` + name + `" value="([^"]*)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("the drafting page has no %s field", name)
		}
		return m[1]
	}
	open := func() url.Values {
		_, page := med.get("/talks/1/drafting")
		return url.Values{"_csrf": {csrf}, "markdown": {html.UnescapeString(textRE.FindStringSubmatch(page)[1])},
			"version": {field(page, "version")}, "table_token": {field(page, "table_token")}}
	}
	tab1, tab2 := open(), open()
	if tab1.Get("table_token") == tab2.Get("table_token") {
		t.Errorf("two openings of the drafting page share a tabling token")
	}
	tab1.Set("markdown", strings.Replace(tab1.Get("markdown"), "about 20 percent of it", "FIRST TAB EDIT", 1))
	tab1.Set("action", "save")
	if status, loc, _ := med.post("/talks/1/drafting", tab1); status != http.StatusSeeOther || loc != "/talks/1/drafting" {
		t.Fatalf("the first tab's save: got %d to %q", status, loc)
	}
	tab2.Set("markdown", strings.Replace(tab2.Get("markdown"), "about 20 percent of it", "SECOND TAB EDIT", 1))
	tab2.Set("action", "save")
	status, _, page := med.post("/talks/1/drafting", tab2)
	if status != http.StatusConflict {
		t.Fatalf("the second tab's save from the same version: got %d, want 409", status)
	}
	other := regexp.MustCompile(`(?s)<details class="other-edit" id="other-edit" open>(.*?)</details>`).FindStringSubmatch(page)
	if other == nil || !strings.Contains(other[1], "FIRST TAB EDIT") || !strings.Contains(page, "changed since you opened it") {
		t.Fatalf("the refused save does not show the first tab's edit")
	}
	if !strings.Contains(other[1], "saved by "+demoName(t, "mediator")) {
		t.Errorf("the other edit does not name the demo's mediator who saved it")
	}
	if text := html.UnescapeString(textRE.FindStringSubmatch(page)[1]); !strings.Contains(text, "SECOND TAB EDIT") {
		t.Errorf("the refused save lost the second tab's text")
	}
	if _, page := med.get("/talks/1/drafting"); !strings.Contains(page, "FIRST TAB EDIT") || strings.Contains(page, "SECOND TAB EDIT") {
		t.Errorf("the working draft after the refused save is not the first tab's")
	}
	// Saving again from the page the conflict gave, which names the
	// version now, goes through.
	tab2.Set("version", field(page, "version"))
	if status, _, _ := med.post("/talks/1/drafting", tab2); status != http.StatusSeeOther {
		t.Errorf("saving again after taking in the other edit: got %d, want 303", status)
	}

	// The drafting form's confirmation posted twice (a double click)
	// tables one draft.
	form := open()
	form.Set("action", "preview")
	_, _, preview := med.post("/talks/1/drafting", form)
	_, first, _ := med.post("/talks/1/drafting/table", confirmForm(t, preview))
	_, second, _ := med.post("/talks/1/drafting/table", confirmForm(t, preview))
	if first != "/talks/1/drafts/6" || second != first {
		t.Errorf("tabling twice with one form: went to %q and %q, want draft 6 both times", first, second)
	}
	if status, _ := med.get("/talks/1/drafts/7"); status != http.StatusNotFound {
		t.Errorf("after a double submit, draft 7 answers %d, want 404", status)
	}
}
