package http_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/workspace"
)

// TestBrowserAdmin: in Chromium, an administrator follows the header's
// link to /admin, creates an account without a password and gets its
// one-time link; the new member opens the link in another browser, sets
// the password and lands signed in.
func TestBrowserAdmin(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, ws, _ := newDemoServer(t)
	in := workspace.AccountInput{Username: "admin", DisplayName: "The Administrator", Password: demo.Password, Admin: true}
	if _, err := ws.CreateAccount(workspace.AsOperator(context.Background()), in, true); err != nil {
		t.Fatal(err)
	}
	ru := browser(t, exe)
	signInBrowser(t, ru, base, "russia")
	if strings.Contains(pageHTML(t, ru), `href="/admin"`) {
		t.Errorf("russia's header links to /admin")
	}
	b := browser(t, exe)
	signInBrowser(t, b, base, "admin")
	run(t, b, chromedp.Click(chromedp.CSS(`header a[href="/admin"]`)), chromedp.WaitVisible(chromedp.CSS("#accounts")))
	run(t, b,
		chromedp.SendKeys(chromedp.CSS("#username"), "envoy"),
		chromedp.SendKeys(chromedp.CSS("#display_name"), "Special Envoy"),
		chromedp.Submit(chromedp.CSS("#display_name")),
		chromedp.WaitVisible(chromedp.CSS("#password-link")),
	)
	screenshot(t, b, "admin")
	link := get(t, b, chromedp.Evaluate[string](`document.querySelector('#link-url').value`))
	if !strings.HasPrefix(link, base+"/reset/") {
		t.Fatalf("the link shown: got %q, want %s/reset/…", link, base)
	}
	holder := browser(t, exe)
	run(t, holder, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("#reset")))
	run(t, holder,
		chromedp.SendKeys(chromedp.CSS("#password"), "an envoy's long phrase"),
		chromedp.SendKeys(chromedp.CSS("#confirm"), "an envoy's long phrase"),
		chromedp.Submit(chromedp.CSS("#confirm")),
		chromedp.WaitVisible(chromedp.CSS("header nav")),
	)
	if html := pageHTML(t, holder); !strings.Contains(html, `Signed in as <strong dir="auto">Special Envoy</strong>`) {
		t.Errorf("after setting the password through the link: want envoy signed in")
	}
}
