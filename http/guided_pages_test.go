package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The guided form: a preview saves nothing and shows the packages ranked
// highest and lowest; degenerate answers are pointed out; refused answers
// come back kept, the message beside their step; saving records the
// profile. The mediator has no such form.
func TestGuidedPreferencesPage(t *testing.T) {
	t.Parallel()
	base, _, tid := newDemoServer(t)
	ru, csrf := signInPages(t, base, "russia")
	med, _ := signInPages(t, base, "mediator")
	page := fmt.Sprintf("/talks/%d/analysis/guided", tid)
	if status, _ := med.get(page); status != http.StatusForbidden {
		t.Errorf("the mediator's GET %s: got %d, want 403", page, status)
	}
	status, body := ru.get(page)
	if status != http.StatusOK || !strings.Contains(body, `id="step-swing"`) {
		t.Fatalf("GET %s: got %d", page, status)
	}
	form := url.Values{"_csrf": {csrf}, "space_version": {"1"}, "reservation": {"30"}, "action": {"check"}}
	for i := range 6 {
		form.Set(fmt.Sprintf("r.%d", i), fmt.Sprint(i+1))
		form.Set(fmt.Sprintf("s.%d", i), fmt.Sprint(100-10*i))
		for j := range 3 {
			form.Set(fmt.Sprintf("o.%d.%d", i, j), fmt.Sprint(100-50*j))
		}
	}
	status, _, body = ru.post(page, form)
	if status != http.StatusOK || !strings.Contains(body, `id="guided-best"`) || !strings.Contains(body, `id="guided-worst"`) || !strings.Contains(body, `id="guided-save"`) {
		t.Fatalf("checking the answers: got %d without the confirmation packages", status)
	}
	if strings.Count(body[strings.Index(body, `id="guided-best"`):strings.Index(body, `id="guided-worst"`)], "<tr>") != 6 {
		t.Errorf("the highest-ranked table does not list five packages")
	}
	// One issue alone counts: pointed out.
	one := url.Values{}
	for k, v := range form {
		one[k] = v
	}
	for i := 1; i < 6; i++ {
		one.Set(fmt.Sprintf("s.%d", i), "0")
	}
	if _, _, body := ru.post(page, one); !strings.Contains(body, `id="guided-notes"`) || !strings.Contains(body, "counts: every other issue weighs 0") {
		t.Error("a single issue at 100 % is not pointed out")
	}
	// A repeated rank: refused beside step 1, the answers kept.
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("r.1", "1")
	bad.Set("s.2", "42.5")
	status, _, body = ru.post(page, bad)
	if status != http.StatusBadRequest || !strings.Contains(body, `id="rank-error"`) || !strings.Contains(body, `value="42.5"`) {
		t.Errorf("a repeated rank: got %d, the message beside the ranks %v, the answers kept %v", status, strings.Contains(body, `id="rank-error"`), strings.Contains(body, `value="42.5"`))
	}
	form.Set("action", "save")
	if status, loc, _ := ru.post(page, form); status != http.StatusSeeOther || loc != fmt.Sprintf("/talks/%d/analysis", tid) {
		t.Fatalf("saving: got %d to %q", status, loc)
	}
	// The form comes back filled from the saved profile.
	if _, body := ru.get(page); !strings.Contains(body, `name="s.1" type="number" min="0" max="100" step="any" inputmode="decimal" class="score" value="90"`) {
		t.Error("the guided form is not filled from the saved profile")
	}
}
