package http_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"github.com/parley-talks/parley/workspace"
)

// TestBrowserPasskeyCounterBack (issue 13): a passkey whose signature
// counter goes back — a copy of the key used after the original moved on
// — is refused. The mediator registers a passkey in Chromium's virtual
// authenticator and signs in with it; the test then puts the same key
// back in the authenticator with its counter at 0, as a cloned
// authenticator would hold it. The next passkey sign-in is refused with
// the reason, no session starts, and the counter Parley keeps stays
// where the original left it.
func TestBrowserPasskeyCounterBack(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, ws, _ := newDemoServer(t)
	base = strings.Replace(base, "127.0.0.1", "localhost", 1)
	med := browser(t, exe)
	auth := virtualAuthenticator(t, med)
	signInBrowser(t, med, base, "mediator")
	run(t, med,
		chromedp.Navigate(base+"/account"),
		chromedp.WaitVisible(chromedp.CSS("#add-passkey")),
		chromedp.SendKeys(chromedp.CSS("#passkey_name"), "original"),
		chromedp.Click(chromedp.CSS("#add-passkey button")),
		chromedp.WaitVisible(chromedp.CSS(`#passkeys form[action$="/remove"]`)),
	)
	signOut := chromedp.Click(chromedp.CSS(`header form[action="/signout"] button`))
	run(t, med, signOut,
		chromedp.WaitVisible(chromedp.CSS("#passkey-signin")),
		chromedp.Click(chromedp.CSS("#passkey-signin button")),
		chromedp.WaitVisible(chromedp.CSS("header nav")),
	)
	mediator := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	keys, _, err := ws.ListPasskeys(mediator)
	if err != nil || len(keys) != 1 || keys[0].SignCount < 1 {
		t.Fatalf("after a passkey sign-in: %+v, %v, want one passkey with a counter above 0", keys, err)
	}
	stored := keys[0].SignCount

	// The clone: the same key and user, its counter back at 0.
	creds, err := chromedp.Call(med, webauthn.GetCredentials, webauthn.GetCredentialsParams{AuthenticatorID: auth})
	if err != nil || len(creds.Credentials) != 1 {
		t.Fatalf("the authenticator's credentials: %+v, %v", creds, err)
	}
	clone := *creds.Credentials[0]
	clone.SignCount = 0
	if _, err := chromedp.Call(med, webauthn.RemoveCredential, webauthn.RemoveCredentialParams{AuthenticatorID: auth, CredentialID: clone.CredentialID}); err != nil {
		t.Fatal(err)
	}
	// cdproto's Credential always sends generateCmtgKeyOnNextOperation,
	// which this authenticator refuses: the fields needed, alone.
	_, err = chromedp.Call(med, addCredential, addCredentialParams{AuthenticatorID: auth, Credential: map[string]any{
		"credentialId": clone.CredentialID, "isResidentCredential": clone.IsResidentCredential, "rpId": clone.RpID,
		"privateKey": clone.PrivateKey, "userHandle": clone.UserHandle, "signCount": clone.SignCount}})
	if err != nil {
		t.Fatal(err)
	}

	run(t, med, signOut,
		chromedp.WaitVisible(chromedp.CSS("#passkey-signin")),
		chromedp.Click(chromedp.CSS("#passkey-signin button")),
		chromedp.WaitVisible(chromedp.CSS("#passkey-error:not([hidden])")),
	)
	if msg := get(t, med, chromedp.Text(chromedp.CSS("#passkey-error"))); !strings.Contains(msg, "counter went back") {
		t.Errorf("the sign-in with the clone says %q, want the counter went back", msg)
	}
	if html := pageHTML(t, med); strings.Contains(html, `class="who"`) {
		t.Errorf("the clone's sign-in started a session")
	}
	keys, _, err = ws.ListPasskeys(mediator)
	if err != nil || len(keys) != 1 || keys[0].SignCount != stored {
		t.Errorf("after the refused clone: %+v, %v, want the counter still %d", keys, err, stored)
	}
}

// addCredentialParams are WebAuthn.addCredential's, with the credential's
// fields as given.
type addCredentialParams struct {
	AuthenticatorID webauthn.AuthenticatorID `json:"authenticatorId"`
	Credential      map[string]any           `json:"credential"`
}

var addCredential = cdp.Command[addCredentialParams, cdp.Empty]{Method: webauthn.CommandAddCredential}
