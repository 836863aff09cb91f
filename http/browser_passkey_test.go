package http_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestBrowserPasskey: in Chromium with the DevTools virtual authenticator
// (CTAP2, internal, resident keys, user verification), the mediator
// registers a passkey on My account, signs out, signs in with the passkey
// alone (no user name) and, from that session, makes the talks require
// passkeys on their settings page. Russia, signed in with a password, is
// then refused the talks with "these talks require a passkey sign-in"
// (403) while the mediator's passkey session still reads them; the audit
// log holds the registration, the passkey sign-in and the requirement.
// The server is reached as localhost, which WebAuthn counts as a secure
// context and accepts as the relying party's ID.
func TestBrowserPasskey(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, ws, tid := newDemoServer(t)
	base = strings.Replace(base, "127.0.0.1", "localhost", 1)

	med := browser(t, exe)
	virtualAuthenticator(t, med)
	signInBrowser(t, med, base, "mediator")
	run(t, med,
		chromedp.Navigate(base+"/account"),
		chromedp.WaitVisible(chromedp.CSS("#add-passkey")),
		chromedp.SendKeys(chromedp.CSS("#passkey_name"), "virtual laptop"),
		chromedp.Click(chromedp.CSS("#add-passkey button")),
		chromedp.WaitVisible(chromedp.CSS(`#passkeys form[action$="/remove"]`)),
	)
	if html := pageHTML(t, med); !strings.Contains(html, "virtual laptop") {
		t.Fatalf("the account page after adding a passkey does not list it: %s", html)
	}
	mediator := accountID(t, ws, "mediator")
	keys, _, err := ws.ListPasskeys(workspace.WithAccount(context.Background(), mediator))
	if err != nil || len(keys) != 1 || keys[0].Name != "virtual laptop" {
		t.Fatalf("the mediator's passkeys: got %+v, %v, want the one added", keys, err)
	}

	// Signed out, the mediator signs in with the passkey alone.
	run(t, med,
		chromedp.Click(chromedp.CSS(`header form[action="/signout"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#passkey-signin")),
		chromedp.Click(chromedp.CSS("#passkey-signin button")),
		chromedp.WaitVisible(chromedp.CSS("header nav")),
	)
	if who := get(t, med, chromedp.Text(chromedp.CSS("header .who"))); !strings.Contains(who, demoName(t, "mediator")) {
		t.Fatalf("after the passkey sign-in: %q, want signed in as mediator", who)
	}

	// From the passkey session, the talks are made to require passkeys.
	settings := base + "/talks/1/settings"
	run(t, med,
		chromedp.Navigate(settings),
		chromedp.WaitVisible(chromedp.CSS("#talks-passkeys")),
		chromedp.Click(chromedp.CSS("#talks-require-passkey")),
	)
	// The page before the save is marked, so as to wait for the one after.
	get(t, med, chromedp.Evaluate[bool](`document.body.setAttribute("data-before-save", ""), true`))
	run(t, med,
		chromedp.Click(chromedp.CSS("#talks-passkeys-submit")),
		chromedp.WaitVisible(chromedp.CSS("body:not([data-before-save]) #talks-require-passkey:checked")),
	)
	on, err := ws.TalksRequirePasskey(workspace.WithSignInMethod(workspace.WithAccount(context.Background(), mediator), parley.SignedInWithPasskey), tid)
	if err != nil || !on {
		t.Fatalf("the talks after the switch: required %v, %v", on, err)
	}

	// Russia's password session is refused; the mediator's passkey
	// session is admitted.
	ru := browser(t, exe)
	signInBrowser(t, ru, base, "russia")
	run(t, ru, chromedp.Navigate(base+"/talks/1"), chromedp.WaitVisible(chromedp.CSS("h1")))
	if html := pageHTML(t, ru); !strings.Contains(html, workspace.PasskeyRefusal) {
		t.Errorf("russia's password session in talks requiring passkeys: want %q, got %s", workspace.PasskeyRefusal, html)
	}
	status := get(t, ru, chromedp.Evaluate[int](`fetch("/talks/1").then(r => r.status)`, awaitPromise))
	if status != 403 {
		t.Errorf("russia's password session: status %d, want 403", status)
	}
	run(t, med, chromedp.Navigate(base+"/talks/1"), chromedp.WaitVisible(chromedp.CSS("h1")))
	if html := pageHTML(t, med); strings.Contains(html, workspace.PasskeyRefusal) || !strings.Contains(html, "Moscow") && !strings.Contains(html, "draft") {
		t.Errorf("the mediator's passkey session was not admitted: %s", html)
	}
	closeBrowser(t, ru)
	closeBrowser(t, med)
	checkPasskeyAudit(t, ws, tid)
}

// awaitPromise makes Evaluate wait for the promise the expression returns.
var awaitPromise = chromedp.EvalAwaitPromise

// virtualAuthenticator turns on the DevTools virtual authenticator in the
// browser's tab: a platform authenticator that keeps resident keys and
// verifies its user; it returns the authenticator's ID.
func virtualAuthenticator(t *testing.T, ctx context.Context) webauthn.AuthenticatorID {
	t.Helper()
	if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
		t.Fatalf("enabling WebAuthn in DevTools: %v", err)
	}
	added, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{Options: &webauthn.VirtualAuthenticatorOptions{
		Protocol: webauthn.AuthenticatorProtocolCtap2, Transport: webauthn.AuthenticatorTransportInternal,
		HasResidentKey: true, HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true,
	}})
	if err != nil {
		t.Fatalf("adding a virtual authenticator: %v", err)
	}
	return added.AuthenticatorID
}

// checkPasskeyAudit checks that the audit log recorded the passkey's
// registration and sign-in, and the talks' requirement.
func checkPasskeyAudit(t *testing.T, ws *workspace.Service, tid int64) {
	t.Helper()
	var actions []string
	err := ws.Store.View(context.Background(), func(tx parley.Tx) error {
		for _, talks := range []int64{0, tid} {
			records, err := tx.AuditEntries(context.Background(), talks)
			if err != nil {
				return err
			}
			for _, r := range records {
				actions = append(actions, r.Record.Action)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(actions, " ")
	for _, want := range []string{"account.passkey-add", "account.passkey-sign-in", "talks.require-passkey"} {
		if !strings.Contains(got, want) {
			t.Errorf("audit log: no %s", want)
		}
	}
}
