package http_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/workspace"
)

// TestScreenshots drives the demo in Chromium as its members would and
// saves the screenshots of the README and of docs/design.md to
// docs/screenshots: whole pages, the components one by one, the dark
// colour scheme and a printed draft. What they show is the demo's data and
// what a member would type; no test's strings. It runs only with
// PARLEY_SCREENSHOTS=1: scripts/screenshots.sh.
func TestScreenshots(t *testing.T) {
	if os.Getenv("PARLEY_SCREENSHOTS") == "" {
		t.Skip("PARLEY_SCREENSHOTS=1 (scripts/screenshots.sh) regenerates docs/screenshots")
	}
	exe := findBrowser(t)
	base, ws, tid := newDemoServer(t)
	talks := base + "/talks/1"

	// Russia's principal marks the first point of draft 5.
	ru := browser(t, exe)
	signInBrowser(t, ru, base, "russia")
	run(t, ru, chromedp.Navigate(talks), chromedp.WaitVisible(chromedp.CSS("#gap")))
	screenshot(t, ru, "talks-russia")
	form := `article.point:first-of-type form.stance-form`
	run(t, ru, chromedp.Navigate(talks+"/drafts/5"), chromedp.WaitVisible(chromedp.CSS(form)),
		chromedp.Click(chromedp.CSS(form+` input[value="needs_discussion"]`)),
		chromedp.SetValue(chromedp.CSS(form+` textarea[name="rationale"]`), "Sovereignty, yes; the guarantees that come with it need a text of their own."),
		chromedp.Click(chromedp.CSS(form+` button[type="submit"]`)))
	run(t, ru, chromedp.WaitVisible(chromedp.CSS(".saved")))
	get(t, ru, chromedp.Evaluate[bool](`document.querySelector("article.point").scrollIntoView(); true`))
	screenshot(t, ru, "draft-russia")
	elementShot(t, ru, "article.point:first-of-type", "design-card-form")
	elementShot(t, ru, "header.bar", "design-header")
	elementShot(t, ru, "nav.talks-nav", "design-nav")
	setMedia(t, ru, "print", "")
	get(t, ru, chromedp.Evaluate[bool](`window.scrollTo(0, 0); true`))
	screenshot(t, ru, "design-print")
	setMedia(t, ru, "", "")
	closeBrowser(t, ru)

	// The mediator's pages.
	med := browser(t, exe)
	signInBrowser(t, med, base, "mediator")
	run(t, med, chromedp.Navigate(talks), chromedp.WaitVisible(chromedp.CSS("#gap")))
	screenshot(t, med, "talks-mediator")
	elementShot(t, med, "#gap", "design-table")
	elementShot(t, med, "#verdict", "design-verdict")
	setMedia(t, med, "", "dark")
	screenshot(t, med, "design-dark")
	setMedia(t, med, "", "")
	run(t, med, chromedp.Navigate(talks+"/drafts/5"), chromedp.WaitVisible(chromedp.CSS(".point")))
	screenshot(t, med, "draft-mediator")
	run(t, med, chromedp.Navigate(talks+"/analysis"), chromedp.WaitVisible(chromedp.CSS("#frontier-plot")))
	get(t, med, chromedp.Evaluate[bool](`document.getElementById("run-h").scrollIntoView(); true`))
	screenshot(t, med, "analysis-mediator")
	run(t, med, chromedp.Navigate(talks+"/timeline"), chromedp.WaitVisible(chromedp.CSS("#timeline")))
	screenshot(t, med, "timeline-mediator")
	run(t, med, chromedp.Navigate(talks+"/compare?from=4&to=5"), chromedp.WaitVisible(chromedp.CSS("#changes")))
	screenshot(t, med, "compare")
	closeBrowser(t, med)

	// The addressed principal reads the demo's sealed message.
	us := browser(t, exe)
	signInBrowser(t, us, base, "us-principal")
	run(t, us, chromedp.Navigate(talks+"/messages"), chromedp.WaitVisible(chromedp.CSS("#passphrase")),
		chromedp.SendKeys(chromedp.CSS("#passphrase"), demo.Password),
		chromedp.Click(chromedp.CSS(`#unlock button[type="submit"]`)))
	run(t, us, chromedp.WaitVisible(chromedp.CSS(".body.opened")))
	screenshot(t, us, "messages")
	closeBrowser(t, us)

	// Ukraine answers the mediator's sign-off "no" and forgets the
	// reasons: the form comes back with the alert beside the field.
	mctx := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	translateCurrent(t, ws, tid, 5) // a sign-off needs every authentic text current
	dec, err := ws.ProposeDecision(mctx, tid, parley.DecisionInput{Kind: parley.SignOff, Draft: 5})
	if err != nil {
		t.Fatal(err)
	}
	ua := browser(t, exe)
	signInBrowser(t, ua, base, "ukraine")
	run(t, ua, chromedp.Navigate(talks+"/decisions"), chromedp.WaitVisible(chromedp.CSS("#decisions form")),
		chromedp.Click(chromedp.CSS(`#decisions input[value="no"]`)),
		chromedp.Click(chromedp.CSS(`#decisions button[type="submit"]`)))
	run(t, ua, chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#answer-error%d", dec.ID))))
	elementShot(t, ua, "li.decision", "design-alert")
	closeBrowser(t, ua)
}

// elementShot saves a screenshot of the first element matching selector.
func elementShot(t *testing.T, ctx context.Context, selector, name string) {
	t.Helper()
	png := get(t, ctx, chromedp.Screenshot(chromedp.CSS(selector)))
	if err := os.WriteFile("../docs/screenshots/"+name+".png", png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// setMedia emulates a media type ("print") and a colour scheme ("dark");
// empty strings turn the emulation off.
func setMedia(t *testing.T, ctx context.Context, media, scheme string) {
	t.Helper()
	p := emulation.SetEmulatedMediaParams{Media: media}
	if scheme != "" {
		p.Features = []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, p); err != nil {
		t.Fatal(err)
	}
}
