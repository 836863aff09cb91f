package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/workspace"
)

// TestBrowserCreatesKey has a member with no key make one in the browser,
// with no command line: a passphrase that breaks the password rule or is
// mistyped is refused before anything is sent; a good one registers the
// public key and the identity sealed under it (never the identity or the
// passphrase itself); a message sealed to that key is then opened in the
// browser with the same passphrase.
func TestBrowserCreatesKey(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, ws, tid := newDemoServer(t)
	op := workspace.AsOperator(context.Background())
	if _, err := ws.CreateAccount(op, workspace.AccountInput{Username: "ukraine-2", Password: demo.Password}, true); err != nil {
		t.Fatal(err)
	}
	med := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	if _, err := ws.AddMember(med, tid, workspace.MemberInput{Username: "ukraine-2", PartyName: "Ukraine", Role: parley.RolePrincipal}); err != nil {
		t.Fatal(err)
	}
	newcomer := workspace.WithAccount(context.Background(), accountID(t, ws, "ukraine-2"))
	registered := func() *parley.AccountKey {
		k, err := ws.AccountKey(newcomer)
		if parley.ErrorCode(err) == parley.ENOTFOUND {
			return nil
		}
		if err != nil {
			t.Fatal(err)
		}
		return k
	}

	ctx := browser(t, exe)
	signInBrowser(t, ctx, base, "ukraine-2")
	messages := fmt.Sprintf("%s/talks/%d/messages", base, tid)
	run(t, ctx, chromedp.Navigate(messages), chromedp.WaitVisible(chromedp.CSS("#no-key")))
	if strings.Contains(pageHTML(t, ctx), "id=\"unlock\"") {
		t.Error("a member with no key is offered to unlock one")
	}

	passphraseRuleAgrees(t, ctx)

	try := func(pass, again, want string) {
		t.Helper()
		run(t, ctx,
			chromedp.SetValue(chromedp.CSS("#new-passphrase"), pass),
			chromedp.SetValue(chromedp.CSS("#new-passphrase-again"), again),
			chromedp.Click(chromedp.CSS(`#newkey button[type="submit"]`)),
		)
		if got := get(t, ctx, chromedp.Text(chromedp.CSS("#newkey-status"))); !strings.Contains(got, want) {
			t.Errorf("passphrase %q/%q: the form says %q, want %q", pass, again, got, want)
		}
		if registered() != nil {
			t.Fatalf("passphrase %q/%q: a key was registered", pass, again)
		}
	}
	try("password", "password", "guessers try")
	try("short", "short", "at least 8 characters")
	try("ukraine-2", "ukraine-2", "not be the user name")
	try("a good long passphrase", "a good long passphrase!", "differ")

	const passphrase = "wheat harbour ledger"
	run(t, ctx,
		chromedp.SetValue(chromedp.CSS("#new-passphrase"), passphrase),
		chromedp.SetValue(chromedp.CSS("#new-passphrase-again"), passphrase),
		chromedp.Click(chromedp.CSS(`#newkey button[type="submit"]`)),
	)
	wctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(chromedp.CSS("#unlock"))); err != nil {
		t.Fatalf("no key registered (the form says %q): %v", get(t, ctx, chromedp.Text(chromedp.CSS("#newkey-status"))), err)
	}
	k := registered()
	if k == nil || !strings.HasPrefix(k.AgeRecipient, "age1") {
		t.Fatalf("after creating a key the server holds %+v, want an age public key", k)
	}
	if !strings.HasPrefix(k.SealedIdentity, "-----BEGIN AGE ENCRYPTED FILE-----") || strings.Contains(k.SealedIdentity, "AGE-SECRET-KEY") {
		t.Fatalf("the server holds %.80q, want the identity sealed, not the identity", k.SealedIdentity)
	}

	// Russia seals a message to the new key (as any client would); the
	// newcomer's browser opens it with the passphrase.
	const text = "KEY-MADE-IN-BROWSER: we accept the monitoring mission"
	ru := workspace.WithAccount(context.Background(), accountID(t, ws, "russia"))
	keys, err := ws.MemberKeys(ru, tid)
	if err != nil {
		t.Fatal(err)
	}
	to, err := parley.SealingKeys(keys, "russia", []string{"ukraine-2"})
	if err != nil {
		t.Fatal(err)
	}
	ct, err := seal.EncryptMessage([]byte(text), to)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ws.SendMessage(ru, tid, parley.MessageInput{Recipients: []string{"ukraine-2"}, Envoy: "russia-envoy", Ciphertext: ct})
	if err != nil {
		t.Fatal(err)
	}
	run(t, ctx,
		chromedp.Navigate(messages), chromedp.WaitVisible(chromedp.CSS("#passphrase")),
		chromedp.SendKeys(chromedp.CSS("#passphrase"), passphrase),
		chromedp.Click(chromedp.CSS(`#unlock button[type="submit"]`)),
	)
	sel := fmt.Sprintf(`li.message[data-id="%d"] .body.opened`, m.ID)
	run(t, ctx, chromedp.WaitVisible(chromedp.CSS(sel)))
	if got := get(t, ctx, chromedp.Text(chromedp.CSS(sel))); got != text {
		t.Errorf("the newcomer reads %q, want %q", got, text)
	}
}

// passphraseRuleAgrees checks that the browser's copy of the password rule
// (password.js) decides as parley.ValidatePassword does, message and all.
func passphraseRuleAgrees(t *testing.T, ctx context.Context) {
	t.Helper()
	cases := []string{"", "short", "       short  ", "12345678", "hgfedcba", "aaaaaaaa", "Password", "PARLEY123",
		"ukraine-2", "UKRAINE-2", "a good passphrase", "   spaced out   ", "ключ от сейфа", "日本語のパスワード",
		"ÄÖÜäöüßx", strings.Repeat("x", 1025), strings.Repeat("é", 600), "abcdefgh", "abcdefgi"}
	in, _ := json.Marshal(cases)
	got := get(t, ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`(function () {
		var f = document.getElementById("newkey");
		var common = f.dataset.common.split("\n");
		return %s.map(function (p) { return window.parleyPasswordProblem("the passphrase", p, f.dataset.username, common); });
	})()`, in)))
	for i, p := range cases {
		want := ""
		if err := parley.ValidatePassword("the passphrase", p, "ukraine-2"); err != nil {
			want = parley.ErrorMessage(err)
		}
		if got[i] != want {
			t.Errorf("passphrase %.20q: the browser says %q, the server's rule %q", p, got[i], want)
		}
	}
}
