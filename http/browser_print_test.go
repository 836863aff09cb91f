package http_test

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserPrintDraft prints a draft's page (the print media emulated)
// as a party member with forms on it sees it: what prints is the draft's
// title and numbered text, without the navigation, the forms, the stances
// or the buttons.
func TestBrowserPrintDraft(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, _, _ := newDemoServer(t)
	b := browser(t, exe)
	signInBrowser(t, b, base, "russia")
	run(t, b, chromedp.Navigate(base+"/talks/1/drafts/5"), chromedp.WaitVisible(chromedp.CSS(".stance-form")))
	if _, err := chromedp.Call(b, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	printed := get(t, b, chromedp.Evaluate[string](`document.body.innerText`))
	for _, want := range []string{"Peace plan, draft 5", "1 Sovereignty", "Ukraine's sovereignty will be confirmed.", "2 Non-aggression"} {
		if !strings.Contains(printed, want) {
			t.Errorf("the printed draft lacks %q", want)
		}
	}
	for _, not := range []string{"Save stance", "Your party's stance", "Rationale", "Sign out", "Download", "Skip to content", "Confidential.", "Show"} {
		if strings.Contains(printed, not) {
			t.Errorf("the printed draft shows %q", not)
		}
	}
	if t.Failed() {
		t.Logf("printed:\n%.1500s", printed)
	}
}
