package http_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/workspace"
)

// TestBrowserSealedMessages unlocks identities in the browser: the
// addressed principal reads the demo's sealed message, the envoy who
// carries it cannot, a message sealed in the browser reaches the server
// as ciphertext only, its sender reads it too, and a refused send keeps
// the typed text.
func TestBrowserSealedMessages(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, ws, _ := newDemoServer(t)
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
	closeBrowser(t, us) // one browser fewer for a busy machine to run

	envoy := browser(t, exe)
	signInBrowser(t, envoy, base, "us-envoy")
	unlock(envoy)
	got := get(t, envoy, chromedp.Text(chromedp.CSS("li.message .body")))
	if strings.Contains(got, "territorial") || !strings.Contains(got, "not addressed to you") {
		t.Errorf("the envoy, not addressed, sees %q", got)
	}
	closeBrowser(t, envoy)

	// Russia seals a message to Ukraine's principal in the browser; the
	// talks are suspended meanwhile, so the first send is refused and the
	// text stays in the form, to be sent once they reopen.
	ru := browser(t, exe)
	signInBrowser(t, ru, base, "russia")
	const secret = "BROWSER-SEALED: a ceasefire at Easter"
	run(t, ru, chromedp.Navigate(messages), chromedp.WaitVisible(chromedp.CSS("#send")),
		chromedp.Click(chromedp.CSS(`#send input[value="ukraine"]`)),
		chromedp.SetValue(chromedp.CSS("#body"), secret),
	)
	med := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	setState := func(state parley.TalksState) {
		t.Helper()
		if _, err := ws.UpdateTalks(med, 1, workspace.TalksUpdate{State: &state}); err != nil {
			t.Fatal(err)
		}
	}
	setState(parley.TalksSuspended)
	run(t, ru, chromedp.Click(chromedp.CSS(`#send button[type="submit"]`)))
	if !get(t, ru, chromedp.Poll[bool](`document.getElementById("send-status").textContent.startsWith("Not sent")`)) {
		t.Fatal("no refusal shown")
	}
	if got := get(t, ru, chromedp.Value(chromedp.CSS("#body"))); got != secret {
		t.Errorf("after a refused send the form holds %q, want the typed text %q", got, secret)
	}
	if status := get(t, ru, chromedp.Text(chromedp.CSS("#send-status"))); !strings.Contains(status, "suspended") {
		t.Errorf("the refusal reads %q, want the reason (the talks are suspended)", status)
	}
	setState(parley.TalksOpen)
	run(t, ru, chromedp.Click(chromedp.CSS(`#send button[type="submit"]`)))
	wctx, cancel := context.WithTimeout(ru, stepTimeout)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS(`li.message[data-id="2"]`))); err != nil {
		t.Fatalf("the message sealed in the browser did not arrive: %v", err)
	}
	// The sender reads what it sent: the demo's message and this one.
	unlock(ru)
	get(t, ru, chromedp.Poll[bool](`Array.from(document.querySelectorAll("li.message .body")).every(b => b.classList.contains("opened") || b.classList.contains("closed"))`))
	for id, want := range map[string]string{"1": demo.MessageText, "2": secret} {
		if got := get(t, ru, chromedp.Text(chromedp.CSS(`li.message[data-id="`+id+`"] .body`))); got != want {
			t.Errorf("russia, the sender, reads message %s as %q, want %q", id, got, want)
		}
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
