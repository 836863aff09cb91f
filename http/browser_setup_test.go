package http_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSetup opens the setup link in Chromium, creates the first
// administrator, and lands signed in; the link then shows a dead page.
func TestBrowserSetup(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, ws := newServer(t)
	token, err := ws.BeginSetup(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b := browser(t, exe)
	run(t, b, chromedp.Navigate(base+"/setup/"+token), chromedp.WaitVisible(chromedp.CSS("#setup")))
	screenshot(t, b, "setup")
	run(t, b,
		chromedp.SendKeys(chromedp.CSS("#username"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), "a long passphrase"),
		chromedp.SendKeys(chromedp.CSS("#confirm"), "a long passphrase"),
		chromedp.Submit(chromedp.CSS("#confirm")),
		chromedp.WaitVisible(chromedp.CSS("header nav")),
	)
	if html := pageHTML(t, b); !strings.Contains(html, `Signed in as <strong dir="auto">admin</strong>`) || strings.Contains(html, `id="setup"`) {
		t.Errorf("after setup: want the administrator signed in, got no account or the form again")
	}
	run(t, b, chromedp.Navigate(base+"/setup/"+token), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if h1 := get(t, b, chromedp.Text(chromedp.CSS("main h1"))); h1 != "Not found" {
		t.Errorf("the used link shows %q, want Not found", h1)
	}
}
