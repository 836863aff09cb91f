package http_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/workspace"
)

// TestBrowserSealedMessages unlocks identities in the browser: the
// addressed principal reads the demo's sealed message, the envoy who
// carries it cannot, and a message sealed in the browser reaches the
// server as ciphertext only.
func TestBrowserSealedMessages(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, ws := newServer(t)
	if _, err := demo.Load(context.Background(), ws); err != nil {
		t.Fatal(err)
	}
	messages := base + "/talks/1/messages"
	unlock := func(ctx context.Context) {
		t.Helper()
		run(t, ctx,
			chromedp.Navigate(messages), chromedp.WaitVisible(chromedp.CSS("#passphrase")),
			chromedp.SendKeys(chromedp.CSS("#passphrase"), demo.Password),
			chromedp.Click(chromedp.CSS(`#unlock button[type="submit"]`)),
		)
		wctx, cancel := context.WithTimeout(ctx, stepTimeout)
		defer cancel()
		if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(".body.opened, .body.closed"))); err != nil {
			status := get(t, ctx, chromedp.Text(chromedp.CSS("#unlock-status")))
			t.Fatalf("no message opened or refused after unlocking (status %q): %v", status, err)
		}
	}

	us := browser(t, exe)
	signInBrowser(t, us, base, "us-principal")
	unlock(us)
	if got := get(t, us, chromedp.Text(chromedp.CSS("li.message .body"))); got != demo.MessageText {
		t.Errorf("the addressed principal reads %q, want the demo's message", got)
	}
	screenshot(t, us, "messages")
	closeBrowser(t, us) // one browser fewer for a busy machine to run

	envoy := browser(t, exe)
	signInBrowser(t, envoy, base, "us-envoy")
	unlock(envoy)
	got := get(t, envoy, chromedp.Text(chromedp.CSS("li.message .body")))
	if strings.Contains(got, "territorial") || !strings.Contains(got, "not addressed to you") {
		t.Errorf("the envoy, not addressed, sees %q", got)
	}
	closeBrowser(t, envoy)

	// Russia seals a message to Ukraine's principal in the browser.
	ru := browser(t, exe)
	signInBrowser(t, ru, base, "russia")
	const secret = "BROWSER-SEALED: a ceasefire at Easter"
	run(t, ru, chromedp.Navigate(messages), chromedp.WaitVisible(chromedp.CSS("#send")),
		chromedp.Click(chromedp.CSS(`#send input[value="ukraine"]`)),
		chromedp.SetValue(chromedp.CSS("#body"), secret),
		chromedp.Click(chromedp.CSS(`#send button[type="submit"]`)),
	)
	wctx, cancel := context.WithTimeout(ru, stepTimeout)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(`li.message[data-id="2"]`))); err != nil {
		t.Fatalf("the message sealed in the browser did not arrive: %v", err)
	}
	mediatorCtx := workspace.WithAccount(context.Background(), accountID(t, ws, "ukraine"))
	m, err := ws.GetMessage(mediatorCtx, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(m.Ciphertext, "ceasefire") || !strings.HasPrefix(m.Ciphertext, "-----BEGIN AGE ENCRYPTED FILE-----") {
		t.Errorf("the server holds %.60q, want age ciphertext only", m.Ciphertext)
	}
	ua := browser(t, exe)
	signInBrowser(t, ua, base, "ukraine")
	unlock(ua)
	if got := get(t, ua, chromedp.Text(chromedp.CSS(`li.message[data-id="2"] .body`))); got != secret {
		t.Errorf("ukraine reads %q, want %q", got, secret)
	}
}
