package http_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/workspace"
)

// TestHonestProgressPages checks the demo's talks page as the mediator, a
// party and an observer read it: marks withheld are never called not
// marked, and a view from some parties' marks says on whose.
func TestHonestProgressPages(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServer(t)
	verdictRE := regexp.MustCompile(`(?s)<p class="verdict" id="verdict" role="status">(.*?)</p>`)
	mainRE := regexp.MustCompile(`(?s)<p class="main-point" id="main-point">(.*?)</p>`)
	tests := []struct {
		user              string
		verdict, notInIt  []string
		main, mainNotInIt string
	}{
		{"mediator", []string{"on 2 some party's mark is not shared with you", "This rests on the marks shared with you"},
			[]string{"not yet marked"}, "(on the marks shared with you: those of Russia's shared with you, those of Ukraine's shared with you)", ""},
		{"russia", []string{"not compared: you see none of Ukraine's marks", "This rests on Russia's marks alone."},
			[]string{"not yet marked", "As close as", "Further apart"}, "(on Russia's marks alone)", ""},
		{"observer", []string{"Draft 5: no mark on it is shared with you yet."}, []string{"not yet marked", "As close as"}, "", ""},
	}
	for _, tt := range tests {
		c, _ := signInPages(t, base, tt.user)
		_, page := c.get("/talks/1")
		m := verdictRE.FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("%s: no verdict on the talks page", tt.user)
		}
		verdict := html.UnescapeString(m[1])
		for _, w := range tt.verdict {
			if !strings.Contains(verdict, w) {
				t.Errorf("%s's verdict: got %q, want it to contain %q", tt.user, verdict, w)
			}
		}
		for _, n := range tt.notInIt {
			if strings.Contains(verdict, n) {
				t.Errorf("%s's verdict: got %q, want no %q", tt.user, verdict, n)
			}
		}
		main := ""
		if m := mainRE.FindStringSubmatch(page); m != nil {
			main = html.UnescapeString(m[1])
		}
		if !strings.Contains(main, tt.main) {
			t.Errorf("%s's main point: got %q, want it to contain %q", tt.user, main, tt.main)
		}
		if tt.user == "mediator" && !strings.Contains(page, `<td class="cell withheld">Withheld from you</td>`) {
			t.Errorf("mediator's gap map shows no withheld cell")
		}
	}
}

// TestCompareCountsPoints checks that the compare page counts points,
// and section headings apart.
func TestCompareCountsPoints(t *testing.T) {
	t.Parallel()
	base, ws, _ := newDemoServer(t)
	ctx := context.Background()
	_, a, err := ws.SignIn(ctx, "mediator", demo.Password, "test")
	if err != nil {
		t.Fatal(err)
	}
	med := workspace.WithAccount(ctx, a.ID)
	d, err := ws.GetDraft(med, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := signInPages(t, base, "mediator")
	_, page := c.get("/talks/1/compare?from=1&to=2")
	m := regexp.MustCompile(`(?s)<p class="lead" id="counts">Points:(.*?)(<span id="section-counts">|</p>)`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no point counts on the compare page")
	}
	counted := 0
	for _, n := range regexp.MustCompile(`>(\d+) (\w+)<`).FindAllStringSubmatch(m[1], -1) {
		if n[2] != string(parley.ChangeRemoved) {
			var k int
			for _, ch := range n[1] {
				k = 10*k + int(ch-'0')
			}
			counted += k
		}
	}
	if want := len(d.Markable()); counted != want {
		t.Errorf("the compare page counts %d points of draft 2 (removed aside), want %d (its points, headings aside)", counted, want)
	}
}

// TestMarkingProgressPages declares Russia's marking of draft 5 finished
// from the draft page and through the API, and checks what the mediator's
// talks page and Ukraine's then show.
func TestMarkingProgressPages(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServer(t)
	ru, ruCSRF := signInPages(t, base, "russia-envoy")
	_, page := ru.get("/talks/1/drafts/5")
	if !strings.Contains(page, `id="marking"`) || !strings.Contains(page, "We have finished marking this draft") {
		t.Fatalf("russia's draft page has no control to declare its marking finished")
	}
	status, loc, _ := ru.post("/talks/1/drafts/5/marking", url.Values{"_csrf": {ruCSRF}, "finished": {"true"}})
	if status != http.StatusSeeOther || loc != "/talks/1/drafts/5#marking" {
		t.Fatalf("declaring from the page: got %d to %q", status, loc)
	}
	if _, page = ru.get("/talks/1/drafts/5"); !strings.Contains(page, "Withdraw “finished marking”") {
		t.Errorf("after declaring, russia's draft page offers no withdrawal")
	}
	if status, _, _ := ru.post("/talks/1/drafts/5/marking", url.Values{"_csrf": {ruCSRF}, "finished": {"maybe"}}); status != http.StatusBadRequest {
		t.Errorf("declaring %q: got %d, want 400", "maybe", status)
	}

	progressRE := regexp.MustCompile(`<td class="progress">([^<]*)</td>`)
	med, _ := signInPages(t, base, "mediator")
	_, page = med.get("/talks/1")
	got := progressRE.FindAllStringSubmatch(page, -1)
	if len(got) != 2 || !strings.HasPrefix(got[0][1], "finished (") || !strings.HasPrefix(got[1][1], "finished (") {
		t.Errorf("the mediator's marking row: got %v, want Russia finished now, Ukraine finished in the demo", got)
	}
	ua, _ := signInPages(t, base, "ukraine")
	_, page = ua.get("/talks/1")
	if got := progressRE.FindAllStringSubmatch(page, -1); len(got) != 2 || got[0][1] != "not known to you" {
		t.Errorf("ukraine's marking row: got %v, want Russia's not known", got)
	}

	// Through the API, Russia's principal withdraws it; the observer may not.
	c := signIn(t, base, "russia", demo.Password)
	var st workspace.MarkingState
	c.call("PUT", "/api/v1/talks/1/drafts/5/marking", map[string]any{"finished": false}, http.StatusOK, &st)
	if st.Finished || st.Draft != 5 || st.Marked == 0 {
		t.Errorf("after withdrawing through the API: got %+v", st)
	}
	c.wantError("PUT", "/api/v1/talks/1/drafts/5/marking", map[string]any{}, "", http.StatusBadRequest, "invalid", "finished")
	obs := signIn(t, base, "observer", demo.Password)
	obs.wantError("PUT", "/api/v1/talks/1/drafts/5/marking", map[string]any{"finished": true}, "", http.StatusForbidden, "forbidden", "")
}
