package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The mediator lists the improvements on a baseline from the analysis
// page and shares the first; Russia's page then shows the shared
// improvement with Russia's own gain and no one else's.
func TestImprovementsPage(t *testing.T) {
	t.Parallel()
	base, _, tid := newDemoServer(t)
	pages, csrf := signInPages(t, base, "mediator")
	ru, _ := signInPages(t, base, "russia-envoy")
	page := fmt.Sprintf("/talks/%d/analysis", tid)
	_, body := pages.get(page)
	if !strings.Contains(body, `id="improve-form"`) {
		t.Fatal("the mediator's analysis page has no form to improve on a package")
	}
	form := url.Values{"_csrf": {csrf}}
	for i := range 6 {
		form.Set(fmt.Sprintf("b.%d", i), "1")
	}
	status, loc, body := pages.post(page+"/improve", form)
	if status != http.StatusSeeOther || loc != page+"#improve" {
		t.Fatalf("POST %s/improve: got %d to %q: %.300s", page, status, loc, body)
	}
	_, body = pages.get(page)
	if !strings.Contains(body, "Improvements on the baseline, best first") || !strings.Contains(body, `name="share" value="0"`) {
		t.Fatalf("the mediator's page lacks the improvements: %.2000s", body[strings.Index(body, `id="improve"`):])
	}
	form.Set("epsilon", "0.05")
	status, loc, _ = pages.post(page+"/improve", form)
	if _, body := pages.get(page); status != http.StatusSeeOther || !strings.Contains(body, `name="epsilon" inputmode="decimal" value="0.05"`) {
		t.Errorf("improving with ε 0.05: got %d; the form keeps ε %v", status, strings.Contains(body, `value="0.05"`))
	}
	form.Set("epsilon", "lots")
	if status, _, body := pages.post(page+"/improve", form); status != http.StatusBadRequest || !strings.Contains(body, `id="improve-note"`) || !strings.Contains(body, `value="lots"`) {
		t.Errorf("an ε that is not a number: got %d, shown beside the form and kept: %v", status, strings.Contains(body, `value="lots"`))
	}
	form.Set("epsilon", "")
	form.Set("b.0", "99")
	if status, _, _ := pages.post(page+"/improve", form); status != http.StatusBadRequest {
		t.Errorf("a baseline with no such option: got %d, want 400", status)
	}
	status, loc, _ = pages.post(page+"/improvements/share", url.Values{"_csrf": {csrf}, "share": {"0"}, "label": {"Better for both"}})
	if status != http.StatusSeeOther {
		t.Fatalf("sharing from the page: got %d to %q", status, loc)
	}
	_, ruPage := ru.get(page)
	if !strings.Contains(ruPage, "Better for both") || !strings.Contains(ruPage, "Your party's gain: <strong>&#43;") {
		t.Errorf("russia's page lacks the shared improvement with its gain: %s", ruPage)
	}
	if strings.Contains(ruPage, `id="improve-form"`) || strings.Contains(ruPage, "Gain of") {
		t.Error("russia's page shows the mediator's form or every party's gains")
	}
}
