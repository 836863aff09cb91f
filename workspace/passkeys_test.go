package workspace_test

import (
	"context"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestPasskeyRequirements: talks that require passkeys refuse a member
// whose session was made with a password (403, with the reason) and admit
// one made with a passkey; only a passkey session turns the requirement
// on; an account that requires a passkey and has one refuses its
// password, with a clear message; requiring one without a passkey is
// refused; the ceremonies refuse answers to nothing begun; every change
// is audited.
func TestPasskeyRequirements(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	passkey := func(ctx context.Context) context.Context {
		return workspace.WithSignInMethod(ctx, parley.SignedInWithPasskey)
	}
	if err := ws.SetTalksRequirePasskey(f.mediator, f.talks, true); code(err) != parley.EINVALID {
		t.Errorf("requiring passkeys from a password session: got %v, want invalid", err)
	}
	if err := ws.SetTalksRequirePasskey(passkey(f.ru), f.talks, true); code(err) != parley.EFORBIDDEN {
		t.Errorf("a party requiring passkeys: got %v, want forbidden", err)
	}
	if err := ws.SetTalksRequirePasskey(passkey(f.mediator), f.talks, true); err != nil {
		t.Fatal(err)
	}
	_, err := ws.TalksRequirePasskey(f.ru, f.talks)
	if code(err) != parley.EFORBIDDEN || !strings.Contains(err.Error(), workspace.PasskeyRefusal) {
		t.Errorf("a password session in talks requiring passkeys: got %v, want forbidden: %s", err, workspace.PasskeyRefusal)
	}
	if on, err := ws.TalksRequirePasskey(passkey(f.ru), f.talks); err != nil || !on {
		t.Errorf("a passkey session: got %v, %v, want admitted and required", on, err)
	}
	if _, err := ws.TalksRequirePasskey(passkey(f.out), f.talks); code(err) != parley.ENOTFOUND {
		t.Errorf("an outsider with a passkey: got %v, want not found", err)
	}

	bg := context.Background()
	if err := ws.SetRequirePasskey(f.ua, true); code(err) != parley.EINVALID {
		t.Errorf("requiring a passkey without one: got %v, want invalid", err)
	}
	_, a, err := ws.SignIn(bg, "ukraine", "password-ukraine", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	err = ws.Store.Update(bg, func(tx parley.Tx) error {
		return tx.CreatePasskey(bg, &parley.Passkey{AccountID: a.ID, CredentialID: []byte("c"), PublicKey: []byte("p"), Credential: []byte("{}"), Name: "key", CreatedAt: ws.Time()})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.SetRequirePasskey(f.ua, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ws.SignIn(bg, "ukraine", "password-ukraine", "10.0.0.1"); code(err) != parley.EFORBIDDEN || !strings.Contains(err.Error(), "passkey only") {
		t.Errorf("a password sign-in of an account that requires a passkey: got %v, want forbidden, passkey only", err)
	}
	if _, _, err := ws.SignIn(bg, "russia", "password-russia", "10.0.0.1"); err != nil {
		t.Errorf("another account's password sign-in: %v", err)
	}
	rp := workspace.PasskeyRP{ID: "localhost", Origin: "http://localhost:8080"}
	if _, err := ws.FinishPasskeyRegistration(f.ua, rp, "key", []byte(`{}`)); code(err) != parley.EINVALID {
		t.Errorf("finishing a registration never begun: got %v, want invalid", err)
	}
	if _, _, err := ws.FinishPasskeySignIn(bg, rp, "nothing", []byte(`{}`)); code(err) != parley.EUNAUTHORIZED {
		t.Errorf("finishing a sign-in never begun: got %v, want unauthorized", err)
	}
	id, opts, err := ws.BeginPasskeySignIn(bg, rp)
	if err != nil || !strings.Contains(string(opts), `"challenge"`) {
		t.Fatalf("BeginPasskeySignIn: %s, %v", opts, err)
	}
	if _, _, err := ws.FinishPasskeySignIn(bg, rp, id, []byte(`{"id":"x"}`)); code(err) != parley.EINVALID {
		t.Errorf("a malformed answer: got %v, want invalid", err)
	}
	if _, _, err := ws.FinishPasskeySignIn(bg, rp, id, []byte(`{}`)); code(err) != parley.EUNAUTHORIZED {
		t.Errorf("a ceremony used twice: got %v, want unauthorized", err)
	}
	var actions []string
	err = ws.Store.View(bg, func(tx parley.Tx) error {
		for _, talks := range []int64{0, f.talks} {
			records, err := tx.AuditEntries(bg, talks)
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
	for _, want := range []string{"talks.require-passkey", "account.require-passkey"} {
		if !strings.Contains(got, want) {
			t.Errorf("audit log: no %s in %s", want, got)
		}
	}
}
