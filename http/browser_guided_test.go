package http_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Russia fills the guided preference form in a browser — ranks, swings,
// ratings on the 0–100 scale — and sees the packages its answers rank
// highest and lowest before confirming; then saves them.
func TestBrowserGuidedPreferences(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, _, _ := newDemoServer(t)
	ru := browser(t, exe)
	signInBrowser(t, ru, base, "russia")
	run(t, ru, chromedp.Navigate(base+"/talks/1/analysis"), chromedp.WaitVisible(chromedp.CSS("#to-guided")),
		chromedp.Click(chromedp.CSS("#to-guided")), chromedp.WaitVisible(chromedp.CSS("#step-swing")))
	var steps []chromedp.Action[chromedp.Void]
	for i := range 6 {
		steps = append(steps, chromedp.SetValue(chromedp.CSS(fmt.Sprintf("#r-%d", i)), fmt.Sprint(6-i)),
			chromedp.SetValue(chromedp.CSS(fmt.Sprintf("#s-%d", i)), fmt.Sprint(50+10*i)))
		for j := range 3 {
			steps = append(steps, chromedp.SetValue(chromedp.CSS(fmt.Sprintf("#o-%d-%d", i, j)), fmt.Sprint(50*j)))
		}
	}
	steps = append(steps, chromedp.SetValue(chromedp.CSS("#guided-reservation"), "25"),
		chromedp.Click(chromedp.CSS("#guided-check")), chromedp.WaitVisible(chromedp.CSS("#guided-confirm")))
	run(t, ru, steps...)
	screenshot(t, ru, "guided-preferences-russia")
	best := get(t, ru, chromedp.Text(chromedp.CSS("#guided-best")))
	worst := get(t, ru, chromedp.Text(chromedp.CSS("#guided-worst")))
	rows := get(t, ru, chromedp.Evaluate[int](`document.querySelectorAll("#guided-best tbody tr").length + document.querySelectorAll("#guided-worst tbody tr").length`))
	if rows != 10 || !strings.Contains(best, "100") || !strings.Contains(worst, "0") {
		t.Fatalf("the confirmation packages: %d rows; best %q; worst %q", rows, best, worst)
	}
	// The answers are kept for a change, and saving goes back to the analysis.
	kept := get(t, ru, chromedp.Evaluate[string](`document.querySelector("#s-5").value`))
	if kept != "100" {
		t.Errorf("the swing of the last issue after checking: got %q, want 100", kept)
	}
	run(t, ru, chromedp.Click(chromedp.CSS("#guided-save")), chromedp.WaitVisible(chromedp.CSS("#profile-form")))
	closeBrowser(t, ru)
}
