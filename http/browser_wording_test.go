package http_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/parley-talks/parley/workspace"
)

// The mediator words the options of the demo's issues, picks the Nash
// package of the analysis, sees the working draft it makes compared with
// the current text, and saves it: each issue's point then reads the wording
// of the Nash option.
func TestBrowserDraftFromNash(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, ws, tid := newDemoServer(t)
	med := browser(t, exe)
	signInBrowser(t, med, base, "mediator")
	run(t, med, chromedp.Navigate(base+"/talks/1/analysis"), chromedp.WaitVisible(chromedp.CSS("#run-frontier")),
		// #to-text is on the page before the run too: wait for the run's
		// plot, or the click could land on the page being left.
		chromedp.Click(chromedp.CSS("#run-frontier button")), chromedp.WaitVisible(chromedp.CSS("#frontier-plot")),
		chromedp.Click(chromedp.CSS("#to-text")), chromedp.WaitVisible(chromedp.CSS("#wordings-form")))
	n := get(t, med, chromedp.Evaluate[int](`(() => { const f = document.querySelectorAll("#wordings-form textarea");
		f.forEach(a => { a.value = "BROWSER WORDING " + a.name }); return f.length })()`))
	if n < 6 {
		t.Fatalf("the wording form has %d fields", n)
	}
	// The form saves and comes back to this page, #text-from and all: mark
	// the page being left and wait for a page without the mark, or the
	// next step could set a field of the page being left.
	get(t, med, chromedp.Evaluate[string](`document.body.dataset.left = "yes"`))
	run(t, med, chromedp.Click(chromedp.CSS("#wordings-form button")))
	waitAcrossNavigation(t, med, `document.readyState === "complete" && document.body.dataset.left === undefined && document.getElementById("text-from") !== null`)
	run(t, med, chromedp.SetValue(chromedp.CSS("#text-from"), "nash"),
		chromedp.Click(chromedp.CSS("#text-from-analysis button")), chromedp.WaitVisible(chromedp.CSS("#text-preview ins")))
	screenshot(t, med, "draft-from-nash")
	run(t, med, chromedp.Click(chromedp.CSS("#text-save button")), chromedp.WaitVisible(chromedp.CSS("#markdown")))

	ctx := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	an, err := ws.GetAnalysis(ctx, tid)
	if err != nil {
		t.Fatal(err)
	}
	last, err := ws.LastResults(ctx, tid)
	if err != nil || last.Frontier == nil || last.Frontier.Nash == nil {
		t.Fatalf("the latest analysis: %v, %v", last, err)
	}
	working, err := ws.GetDraft(ctx, tid, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, is := range an.Space.Issues {
		j := slices.Index(is.Options, last.Frontier.Nash.Package[is.Name])
		for k, pt := range is.Points {
			if p := working.Point(pt); p == nil || p.Text != fmt.Sprintf("BROWSER WORDING w.%d.%d.%d", i, j, k) {
				t.Errorf("issue %q: point %d reads %v, want the wording of Nash's option %d", is.Name, pt, p, j)
			}
		}
	}
	closeBrowser(t, med)
}

// waitAcrossNavigation evaluates expr in the tab until it is true, for up
// to stepTimeout, through a navigation: an evaluation cut short by the
// page being left (chromedp.Poll fails then) is tried again.
func waitAcrossNavigation(t *testing.T, ctx context.Context, expr string) {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for {
		try, cancel := context.WithTimeout(ctx, time.Second)
		ok, err := chromedp.Run(try, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still not %s after %v (last error: %v)", expr, stepTimeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
