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

// TestCorrectionPages: on the side-by-side page of draft 5 Ukraine's
// principal is offered a correction to each Russian and Ukrainian text,
// not to the English source; Russia's aide, who translates into Russian,
// none to the Russian text. A refused correction (no text; a superseded
// draft) comes back in its cell with the reason and the input kept; a
// good one lands on the point's amendments, labelled with its language,
// which Russia does not see; the mediator's desk shows it against the
// Ukrainian text, and once taken the side-by-side page names it as the
// origin of the Ukrainian text.
func TestCorrectionPages(t *testing.T) {
	t.Parallel()
	base, ws, tid := newDemoServer(t)
	medCtx := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	var ter parley.Point
	for _, p := range must(ws.GetDraft(medCtx, tid, 5))(t).Points {
		if p.Kind == parley.KindPoint && p.Title == "Territory" {
			ter = p
		}
	}
	ua, uaCSRF := signInPages(t, base, "ukraine")
	aide, _ := signInPages(t, base, "russia-aide")
	page := fmt.Sprintf("/talks/%d/drafts/5/parallel?lang=en&lang=ru&lang=uk", tid)
	action := func(lang string) string {
		return fmt.Sprintf(`action="/talks/%d/drafts/5/points/%d/translations/%s/correction"`, tid, ter.ID, lang)
	}
	if _, html := ua.get(page); !strings.Contains(html, action("uk")) || !strings.Contains(html, action("ru")) || strings.Contains(html, action("en")) {
		t.Error("Ukraine's principal is not offered corrections to the Ukrainian and Russian texts alone")
	}
	if _, html := aide.get(page); strings.Contains(html, action("ru")) || !strings.Contains(html, action("uk")) {
		t.Error("Russia's aide, a translator into Russian, is offered a correction to the Russian text, or none to the Ukrainian")
	}

	post := fmt.Sprintf("/talks/%d/drafts/5/points/%d/translations/uk/correction", tid, ter.ID)
	form := url.Values{"_csrf": {uaCSRF}, "text": {" "}, "justification": {"UA-WHY-kept"}, "share_with_mediator": {"on"}, "back": {"lang=en&lang=uk"}}
	status, _, body := ua.post(post, form)
	if status != http.StatusBadRequest || !strings.Contains(body, fmt.Sprintf(`id="cerr-%d-uk"`, ter.ID)) || !strings.Contains(body, "UA-WHY-kept") ||
		!strings.Contains(body, `<details class="correct" open>`) {
		t.Errorf("an empty correction: %d, want 400 with the reason in its open cell and the justification kept", status)
	}
	form.Set("text", "UA-CORRECTED-TEXT")
	status, _, body = ua.post(strings.Replace(post, "/drafts/5/", "/drafts/4/", 1), form)
	if status != http.StatusConflict || !strings.Contains(body, `<p class="notice error" role="alert">`) {
		t.Errorf("a correction to superseded draft 4: %d, want 409 with the reason in its cell", status)
	}
	status, loc, _ := ua.post(post, form)
	prefix := fmt.Sprintf("/talks/%d/drafts/5/points/%d/amendments#a", tid, ter.ID)
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("a correction: %d to %q, want the point's amendments", status, loc)
	}
	id := strings.TrimPrefix(loc, prefix)
	if _, html := ua.get(strings.TrimSuffix(loc, "#a"+id)); !strings.Contains(html, `<span class="tag lang" data-lang="uk">`) || !strings.Contains(html, "UA-CORRECTED-TEXT") {
		t.Error("the point's amendments do not show Ukraine its correction, labelled with its language")
	}
	ru, _ := signInPages(t, base, "russia")
	if _, html := ru.get(strings.TrimSuffix(loc, "#a"+id)); strings.Contains(html, "UA-CORRECTED-TEXT") {
		t.Error("Russia sees Ukraine's correction")
	}

	med, medCSRF := signInPages(t, base, "mediator")
	_, desk := med.get(fmt.Sprintf("/talks/%d/amendments/desk", tid))
	if !strings.Contains(desk, "correction "+id+" to the text in Ukrainian") || !strings.Contains(desk, `<p class="words" dir="auto" lang="uk">`) {
		t.Error("the desk does not head the correction with its language, or shows it against another text")
	}
	if status, _, _ := med.post(fmt.Sprintf("/talks/%d/amendments/%s/decision", tid, id), url.Values{"_csrf": {medCSRF}, "decision": {"take"}}); status != http.StatusSeeOther {
		t.Fatalf("taking the correction: %d", status)
	}
	if _, html := ua.get(page); !strings.Contains(html, "UA-CORRECTED-TEXT") || !strings.Contains(html, `class="tag correction-from"`) {
		t.Error("the side-by-side page does not show the correction taken as the Ukrainian text, from Ukraine's correction")
	}
	if _, html := ru.get(page); !strings.Contains(html, "UA-CORRECTED-TEXT") || strings.Contains(html, `class="tag correction-from"`) {
		t.Error("Russia does not read the corrected Ukrainian text, or reads where it came from")
	}
}
