package http_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestBrowserFormErrors: a form the server refuses comes back with what
// was typed and the reason beside the field, with JavaScript (the stance
// form through htmx, in place) and without it (a page of its own), and no
// error page: Ukraine's principal sends a stance whose rationale is over
// the limit, answers the mediator's sign-off "no" without reasons, and
// enters preferences with a value of no agreement out of range.
// The refused forms pass axe-core too.
func TestBrowserFormErrors(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, ws, tid := newDemoServer(t)
	med := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	translateCurrent(t, ws, tid, 5) // a sign-off needs every authentic text current
	dec, err := ws.ProposeDecision(med, tid, parley.DecisionInput{Kind: parley.SignOff, Draft: 5})
	if err != nil {
		t.Fatal(err)
	}
	ua := workspace.WithAccount(context.Background(), accountID(t, ws, "ukraine"))
	before, err := ws.ListStances(ua, tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	profileBefore, err := ws.GetAnalysis(ua, tid)
	if err != nil {
		t.Fatal(err)
	}
	a := newAxeAudit(t)
	long := strings.Repeat("The ceasefire line follows the line of contact. ", 420) // over 20,000 characters
	for _, js := range []bool{true, false} {
		b := a.browser(t, exe)
		if !js {
			// The pages' scripts are not loaded: a browser without
			// JavaScript (the test's own scripts, through DevTools, still
			// run).
			if _, err := chromedp.Call(b, network.SetBlockedURLs, network.SetBlockedURLsParams{
				URLPatterns: []*network.BlockPattern{{URLPattern: "*://*:*/static/*.js", Block: true}}}); err != nil {
				t.Fatal(err)
			}
		}
		signInBrowser(t, b, base, "ukraine")
		what := map[bool]string{true: "with JavaScript", false: "without JavaScript"}[js]

		// The stance: the long rationale stays in its box, the reason
		// beside it.
		form := `article.point:first-of-type form.stance-form`
		run(t, b, chromedp.Navigate(base+"/talks/1/drafts/5"), chromedp.WaitVisible(chromedp.CSS(form)),
			chromedp.Click(chromedp.CSS(form+` input[value="needs_discussion"]`)),
			chromedp.SetValue(chromedp.CSS(form+` textarea[name="rationale"]`), long),
			chromedp.Click(chromedp.CSS(form+` button[type="submit"]`)))
		run(t, b, chromedp.WaitVisible(chromedp.CSS(`form.stance-form textarea[name="rationale"][aria-invalid="true"]`)))
		got := get(t, b, chromedp.Evaluate[[]string](`(f => [f.querySelector('textarea[name="rationale"]').value,
			(f.querySelector('textarea[name="rationale"]').nextElementSibling || {}).textContent || "",
			f.querySelector('input[value="needs_discussion"]').checked ? "kept" : "lost", document.title])(document.querySelector("form.stance-form"))`))
		if got[0] != long || !strings.Contains(got[1], "rationale") || got[2] != "kept" || strings.HasPrefix(got[3], "Please check") {
			t.Errorf("%s, a refused stance shows rationale of %d characters (want the %d typed), beside it %q, the choice %s, title %q",
				what, len(got[0]), len(long), got[1], got[2], got[3])
		}
		// With JavaScript, htmx put the form in place; without, the form
		// came back as a page of its own.
		if loc, htmx := get(t, b, chromedp.Location()), get(t, b, chromedp.Evaluate[bool](`typeof htmx !== "undefined"`)); htmx != js ||
			js && !strings.HasSuffix(loc, "/drafts/5") || !js && !strings.HasSuffix(loc, "/stance") {
			t.Errorf("%s, the refused stance is at %s (htmx loaded: %v)", what, loc, htmx)
		}
		a.run(t, b, "the refused stance "+what)

		// The answer: "no" stays chosen, the reason is beside the reasons.
		answer := fmt.Sprintf(`form[action$="/decisions/%d/answer"]`, dec.ID)
		run(t, b, chromedp.Navigate(base+"/talks/1/decisions"), chromedp.WaitVisible(chromedp.CSS(answer)),
			chromedp.Click(chromedp.CSS(answer+` input[value="no"]`)),
			chromedp.Click(chromedp.CSS(answer+` button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(answer+` textarea[name="reasons"][aria-invalid="true"]`)))
		msg := get(t, b, chromedp.Text(chromedp.CSS(answer+` textarea[name="reasons"] + .error`)))
		no := get(t, b, chromedp.Evaluate[bool](`document.querySelector('`+answer+` input[value="no"]').checked`))
		if !strings.Contains(msg, "reasons") || !no {
			t.Errorf("%s, a no without reasons shows %q beside the reasons and the no %v, want the reason and the no kept", what, msg, no)
		}
		a.run(t, b, "the refused answer "+what)

		// The party's preferences: a value of no agreement out of range;
		// what was typed in every field stays.
		run(t, b, chromedp.Navigate(base+"/talks/1/analysis"), chromedp.WaitVisible(chromedp.CSS("#profile-form")),
			chromedp.SetValue(chromedp.CSS(`#profile-form input[name="w.0"]`), "0.7"),
			chromedp.SetValue(chromedp.CSS("#reservation"), "1.5"),
			chromedp.Submit(chromedp.CSS("#reservation")))
		run(t, b, chromedp.WaitVisible(chromedp.CSS(`#reservation[aria-invalid="true"]`)))
		kept := get(t, b, chromedp.Evaluate[[]string](`[document.querySelector('#profile-form input[name="w.0"]').value,
			document.getElementById("reservation").value, document.querySelector("#reservation + .error").textContent]`))
		if kept[0] != "0.7" || kept[1] != "1.5" || !strings.Contains(kept[2], "reservation") {
			t.Errorf("%s, refused preferences show weight %q and reservation %q (want 0.7 and 1.5 as typed), beside it %q", what, kept[0], kept[1], kept[2])
		}
		a.run(t, b, "the refused preferences "+what)
		closeBrowser(t, b)
	}
	after, err := ws.ListStances(ua, tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ws.GetDecision(ua, tid, dec.ID)
	if err != nil {
		t.Fatal(err)
	}
	profileAfter, err := ws.GetAnalysis(ua, tid)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) || len(d.Answers) != 0 || profileAfter.MyProfile.Reservation != profileBefore.MyProfile.Reservation {
		t.Errorf("the refused forms changed something: %d stances (%d before), answers %+v, reservation %v (%v before)",
			len(after), len(before), d.Answers, profileAfter.MyProfile.Reservation, profileBefore.MyProfile.Reservation)
	}
}
