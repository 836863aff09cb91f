package http_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestBrowserParallel reads the demo's draft 5 side by side in Chromium:
// as Ukraine's principal, in English and Ukrainian aligned by point, then
// with Russian too, whose two stale points are marked with how the source
// changed; a stance recorded from the Ukrainian view is the point's own,
// the one the mediator reads on the English draft page.
func TestBrowserParallel(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, ws, tid := newDemoServer(t)
	page := fmt.Sprintf("%s/talks/%d/drafts/5/parallel", base, tid)
	med := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	d5 := must(ws.GetDraft(med, tid, 5))(t)
	var territory parley.Point
	for _, p := range d5.Points {
		if p.Kind == parley.KindPoint && p.Title == "Territory" {
			territory = p
		}
	}

	ua := browser(t, exe)
	signInBrowser(t, ua, base, "ukraine")
	run(t, ua, chromedp.Navigate(page+"?lang=en&lang=uk"), chromedp.WaitVisible(chromedp.CSS(".parallel-row")))
	aligned := get(t, ua, chromedp.Evaluate[bool](`Array.from(document.querySelectorAll(".parallel-row")).every(r =>
		r.querySelectorAll(".parallel-cell").length === 2 && r.querySelector('.parallel-cell .cell-text[lang="en"]') && r.querySelector('.parallel-cell .cell-text[lang="uk"]'))`))
	if !aligned {
		t.Error("some point lacks its English or its Ukrainian text beside it")
	}
	if n := get(t, ua, chromedp.Evaluate[int](`document.querySelectorAll(".parallel-cell.status-stale").length`)); n != 0 {
		t.Errorf("%d stale texts in English and Ukrainian, want none", n)
	}
	run(t, ua, chromedp.Navigate(page+"?lang=en&lang=uk&lang=ru"), chromedp.WaitVisible(chromedp.CSS(".parallel-row")))
	if n := get(t, ua, chromedp.Evaluate[int](`document.querySelectorAll('.parallel-cell.status-stale .cell-text[lang="ru"]').length`)); n != 2 {
		t.Errorf("%d Russian texts marked stale, want 2", n)
	}
	ins := get(t, ua, chromedp.Evaluate[string](`Array.from(document.querySelectorAll(".source-diff ins")).map(e => e.textContent).join("|")`))
	if !strings.Contains(ins, "full") {
		t.Errorf("the stale ceasefire's source diff inserts %q, want the amended words", ins)
	}

	run(t, ua, chromedp.Navigate(page+"?lang=en&lang=ru&lang=uk&show=stale"), chromedp.WaitVisible(chromedp.CSS(".parallel-row")))
	get(t, ua, chromedp.Evaluate[bool](`document.querySelector(".status-counts").scrollIntoView(); true`))
	screenshot(t, ua, "parallel-stale")

	// The Ukrainian view: a stance on the territory point, shared with the
	// mediator, recorded in place.
	run(t, ua, chromedp.Navigate(page+"?lang=uk&lang=en"), chromedp.WaitVisible(chromedp.CSS(".parallel-row")),
		chromedp.WaitReady(chromedp.CSS(`body[data-live="open"]`)))
	form := fmt.Sprintf("#stance-%d form.stance-form", territory.ID)
	const rationale = "UA-PARALLEL: обговорення кордону триває"
	run(t, ua,
		chromedp.Click(chromedp.CSS(form+` input[value="needs_discussion"]`)),
		chromedp.SetValue(chromedp.CSS(form+` textarea[name="rationale"]`), rationale),
	)
	if !get(t, ua, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%q).checked`, form+` input[name="share_with_mediator"]`))) {
		run(t, ua, chromedp.Click(chromedp.CSS(form+` input[name="share_with_mediator"]`)))
	}
	run(t, ua, chromedp.Click(chromedp.CSS(form+` button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#stance-%d .saved", territory.ID))))
	if !strings.Contains(get(t, ua, chromedp.Evaluate[string](`location.href`)), "lang=uk") {
		t.Error("recording the stance left the Ukrainian view")
	}

	// The mediator reads it on the point, in English.
	m := browser(t, exe)
	signInBrowser(t, m, base, "mediator")
	run(t, m, chromedp.Navigate(fmt.Sprintf("%s/talks/%d/drafts/5", base, tid)), chromedp.WaitVisible(chromedp.CSS(".point")))
	block := get(t, m, chromedp.Text(chromedp.CSS(fmt.Sprintf("#stance-%d", territory.ID))))
	if !strings.Contains(block, "Ukraine: Needs discussion") || !strings.Contains(block, rationale) {
		t.Errorf("the mediator's English page shows, on the territory point: %q", block)
	}
}
