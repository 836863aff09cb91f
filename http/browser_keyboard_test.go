package http_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestBrowserKeyboardOnly: Russia's principal works the demo's talks with
// the keyboard alone — Tab, Shift+Tab, Space, Enter, the arrow keys and
// typing, never the mouse nor a script that clicks or fills a field. The
// first Tab reaches the skip link, which takes the focus to the content;
// it marks point 1 of draft 5 unsuitable with a rationale, sends a sealed
// message to Ukraine's principal, and answers the sign-off the mediator
// put. The page is only read (where the focus is, what is checked) to
// know which key to press next.
func TestBrowserKeyboardOnly(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, ws, tid := newDemoServer(t)
	med := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	translateCurrent(t, ws, tid, 5) // a sign-off needs every authentic text current
	dec, err := ws.ProposeDecision(med, tid, parley.DecisionInput{Kind: parley.SignOff, Draft: 5})
	if err != nil {
		t.Fatal(err)
	}
	ru := browser(t, exe)
	signInBrowser(t, ru, base, "russia")
	ruView := workspace.WithAccount(context.Background(), accountID(t, ws, "russia"))

	// The skip link comes first and moves the focus past the navigation.
	run(t, ru, chromedp.Navigate(base+"/talks/1/drafts/5"), chromedp.WaitVisible(chromedp.CSS(".stance-form")))
	press(t, ru, kb.Tab)
	if !focused(t, ru, "a.skip") {
		t.Fatalf("the first Tab focuses %s, want the skip link", focusDesc(t, ru))
	}
	press(t, ru, kb.Enter)
	press(t, ru, kb.Tab)
	if get(t, ru, chromedp.Evaluate[bool](`!!document.activeElement.closest("header, .talks-nav")`)) {
		t.Errorf("after the skip link, Tab focuses %s in the navigation, want the content", focusDesc(t, ru))
	}

	// A stance: the radio group, Space and the arrow keys; the rationale
	// typed after the earlier one; "share with the mediator" turned off with Space; Enter on
	// the save button.
	form := `article.point:first-of-type form.stance-form`
	tabTo(t, ru, form+` input[name="stance"]`)
	press(t, ru, " ")
	for i := 0; i < 3 && !get(t, ru, chromedp.Evaluate[bool](`document.querySelector('`+form+` input[value="unsuitable"]').checked`)); i++ {
		press(t, ru, kb.ArrowRight)
	}
	const rationale = " The line of contact must be the starting point."
	tabTo(t, ru, form+` textarea[name="rationale"]`)
	press(t, ru, kb.End) // after the rationale the party gave before
	press(t, ru, rationale)
	tabTo(t, ru, form+` input[name="share_with_mediator"]`)
	if get(t, ru, chromedp.Evaluate[bool](`document.activeElement.checked`)) {
		press(t, ru, " ")
	}
	tabTo(t, ru, form+` button[type="submit"]`)
	press(t, ru, kb.Enter)
	run(t, ru, chromedp.WaitVisible(chromedp.CSS(form+` .saved`)))
	stances, err := ws.ListStances(ruView, tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range stances {
		if strings.HasSuffix(s.Rationale, rationale) {
			found = s.Value == parley.Unsuitable && !s.ShareWithMediator
		}
	}
	if !found {
		t.Errorf("no unsuitable stance, unshared, with the typed rationale among Russia's: %+v", stances)
	}

	// A sealed message: the recipient's box with Space, the text typed,
	// Enter on "Seal and send".
	run(t, ru, chromedp.Navigate(base+"/talks/1/messages"), chromedp.WaitVisible(chromedp.CSS("#send")))
	tabTo(t, ru, `#send input[value="ukraine"]`)
	press(t, ru, " ")
	const text = "We can meet in Geneva on Tuesday."
	tabTo(t, ru, "#body")
	press(t, ru, text)
	tabTo(t, ru, `#send button[type="submit"]`)
	press(t, ru, kb.Enter)
	wctx, cancel := context.WithTimeout(ru, stepTimeout)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(`li.message[data-id="2"]`))); err != nil {
		t.Fatalf("the message sent with the keyboard did not arrive: %v (status %q)", err, get(t, ru, chromedp.Text(chromedp.CSS("#send-status"))))
	}

	// The sign-off: Yes with Space, Enter on "Answer".
	run(t, ru, chromedp.Navigate(base+"/talks/1/decisions"), chromedp.WaitVisible(chromedp.CSS("#decisions form")))
	answer := fmt.Sprintf(`form[action$="/decisions/%d/answer"]`, dec.ID)
	tabTo(t, ru, answer+` input[value="yes"]`)
	press(t, ru, " ")
	tabTo(t, ru, answer+` button[type="submit"]`)
	press(t, ru, kb.Enter)
	// The answer goes in with a full page load: wait for the record.
	deadline := time.Now().Add(stepTimeout)
	for !answeredYes(t, ws, ruView, tid, dec.ID) {
		if time.Now().After(deadline) {
			t.Fatal("Russia's yes to the sign-off, answered with the keyboard, is not recorded")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// answeredYes reports whether Russia's principal has answered yes to the
// decision.
func answeredYes(t *testing.T, ws *workspace.Service, ru context.Context, tid, decision int64) bool {
	t.Helper()
	got, err := ws.ListDecisions(ru, tid)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range got {
		for _, a := range d.Answers {
			if d.ID == decision && a.Yes && a.AnsweredBy == "russia" {
				return true
			}
		}
	}
	return false
}

// press sends key presses (or typed text) to the focused element.
func press(t *testing.T, ctx context.Context, keys string) {
	t.Helper()
	run(t, ctx, chromedp.KeyEvent(keys))
}

// focused reports whether the focused element matches the selector.
func focused(t *testing.T, ctx context.Context, selector string) bool {
	t.Helper()
	return get(t, ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.activeElement && document.activeElement.matches(%q)`, selector)))
}

// focusDesc describes the focused element, for failures.
func focusDesc(t *testing.T, ctx context.Context) string {
	t.Helper()
	return get(t, ctx, chromedp.Evaluate[string](`(e => e ? e.outerHTML.slice(0, 120) : "nothing")(document.activeElement)`))
}

// tabTo presses Tab until the focus is on an element matching selector;
// at most 300 times.
func tabTo(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	for i := 0; i < 300; i++ {
		if focused(t, ctx, selector) {
			return
		}
		press(t, ctx, kb.Tab)
	}
	t.Fatalf("300 Tabs did not reach %s; the focus is on %s", selector, strings.TrimSpace(focusDesc(t, ctx)))
}
