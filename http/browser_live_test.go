package http_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestBrowserLiveUpdateKeepsInput types a rationale on Russia's draft page
// and leaves it unsaved (the field loses focus); a colleague then marks
// another point, which reaches the page as a live update. The page keeps
// the typed text and says that changes arrived; "Show them" takes the
// change in and puts the typed text back.
func TestBrowserLiveUpdateKeepsInput(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, ws, tid := newDemoServer(t)
	const typed = "UNSAVED-RATIONALE: the line of contact must be verified first"

	ru := browser(t, exe)
	signInBrowser(t, ru, base, "russia")
	run(t, ru, chromedp.Navigate(base+"/talks/1/drafts/5"), chromedp.WaitVisible(chromedp.CSS(".stance-form")),
		chromedp.WaitReady(chromedp.CSS(`body[data-live="open"]`)))
	first := `article.point:first-of-type form.stance-form textarea[name="rationale"]`
	run(t, ru,
		chromedp.SetValue(chromedp.CSS(first), typed),
		chromedp.Click(chromedp.CSS("h1")), // the field loses focus, unsaved
	)

	envoy := workspace.WithAccount(context.Background(), accountID(t, ws, "russia-envoy"))
	d5, err := ws.GetDraft(envoy, tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	var last parley.Point
	for _, p := range d5.Points {
		if p.Kind == parley.KindPoint {
			last = p
		}
	}
	const colleague = "COLLEAGUE-RATIONALE recorded meanwhile"
	if _, err := ws.SetStance(envoy, tid, 5, last.ID, parley.StanceInput{Value: parley.NeedsDiscussion, Rationale: colleague}); err != nil {
		t.Fatal(err)
	}

	run(t, ru, chromedp.WaitVisible(chromedp.CSS("#live-show")))
	if got := get(t, ru, chromedp.Value(chromedp.CSS(first))); got != typed {
		t.Errorf("after a live update the unsaved rationale reads %q, want %q", got, typed)
	}
	if strings.Contains(pageHTML(t, ru), colleague) {
		t.Error("the page took the change in over unsaved input without being asked")
	}
	run(t, ru, chromedp.Click(chromedp.CSS("#live-show")))
	get(t, ru, chromedp.Poll[bool](`document.getElementById("main").innerHTML.includes("`+colleague+`")`))
	if got := get(t, ru, chromedp.Value(chromedp.CSS(first))); got != typed {
		t.Errorf("after taking the change in, the unsaved rationale reads %q, want %q", got, typed)
	}
}
