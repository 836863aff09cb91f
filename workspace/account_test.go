package workspace_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestOwnAccount: the sessions an account sees of itself, a password
// change that keeps the caller's session and ends the others, a display
// name change, and audit records that hold neither password.
func TestOwnAccount(t *testing.T) {
	ws := newService(t)
	account(t, ws, "russia")
	bg := context.Background()
	mine, a, err := ws.SignIn(bg, "russia", "password-russia", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	other, _, _ := ws.SignIn(bg, "russia", "password-russia", "10.0.0.2")
	ctx := workspace.WithAccount(bg, a.ID)

	sessions := must[[]workspace.SessionInfo](t)(ws.Sessions(ctx, mine))
	if len(sessions) != 2 || !sessions[0].Current || sessions[1].Current {
		t.Errorf("Sessions: got %+v, want two, the first one current", sessions)
	}
	ws.Now = func() time.Time { return time.Now().Add(workspace.DefaultSessionTTL + time.Hour) }
	if got := must[[]workspace.SessionInfo](t)(ws.Sessions(ctx, mine)); len(got) != 0 {
		t.Errorf("Sessions once expired: got %+v, want none", got)
	}
	ws.Now = nil

	if _, err := ws.SetDisplayName(ctx, "Russia\x00"); code(err) != parley.EINVALID || parley.ErrorField(err) != "display_name" {
		t.Errorf("a display name with a control character: got %v, want invalid display_name", err)
	}
	if got := must[*parley.Account](t)(ws.SetDisplayName(ctx, "The Russian delegation")); got.DisplayName != "The Russian delegation" {
		t.Errorf("SetDisplayName: got %q", got.DisplayName)
	}
	if err := ws.ChangePassword(bg, mine, workspace.PasswordChange{Current: "password-russia", New: "a new long password"}, ""); code(err) != parley.EUNAUTHORIZED {
		t.Errorf("a change with no account: got %v, want unauthorized", err)
	}
	if err := ws.ChangePassword(ctx, mine, workspace.PasswordChange{Current: "password-russia", New: "a new long password"}, "10.0.0.1"); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.Authenticate(bg, mine); err != nil {
		t.Errorf("the changing session after the change: got %v, want it kept", err)
	}
	if _, err := ws.Authenticate(bg, other); code(err) != parley.EUNAUTHORIZED {
		t.Errorf("another session after the change: got %v, want unauthorized", err)
	}

	var records []parley.AuditEntry
	err = ws.Store.View(bg, func(tx parley.Tx) error {
		records, err = tx.AuditEntries(bg, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]bool{}
	for _, e := range records {
		actions[e.Record.Action] = true
		raw, _ := json.Marshal(e.Record)
		if strings.Contains(string(raw), "password-russia") || strings.Contains(string(raw), "a new long password") {
			t.Errorf("audit record %s holds a password: %s", e.Record.Action, raw)
		}
	}
	for _, want := range []string{"account.password-change", "account.display-name"} {
		if !actions[want] {
			t.Errorf("audit log: got actions %v, want %s", actions, want)
		}
	}
}

// TestAccountFromHash: an account made from a password's hash signs in
// with that password; a hash with a password, or a hash that is not
// argon2id, is refused; and no request can give a hash.
func TestAccountFromHash(t *testing.T) {
	ws := newService(t)
	op := workspace.AsOperator(context.Background())
	hash, err := workspace.HashPassword("a shared demo password")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"first", "second"} {
		if _, err := ws.CreateAccount(op, workspace.AccountInput{Username: name, PasswordHash: hash}, false); err != nil {
			t.Fatal(err)
		}
		if _, _, err := ws.SignIn(context.Background(), name, "a shared demo password", ""); err != nil {
			t.Errorf("%s signing in with the hashed password: %v", name, err)
		}
	}
	for _, in := range []workspace.AccountInput{
		{Username: "both", Password: "a shared demo password", PasswordHash: hash},
		{Username: "plain", PasswordHash: "a shared demo password"},
	} {
		if _, err := ws.CreateAccount(op, in, true); code(err) != parley.EINVALID {
			t.Errorf("%s: got %v, want invalid", in.Username, err)
		}
	}
	var in workspace.AccountInput
	if err := json.Unmarshal([]byte(`{"username":"x","PasswordHash":"`+hash+`","password_hash":"`+hash+`"}`), &in); err != nil || in.PasswordHash != "" {
		t.Errorf("a request's JSON set the hash: %q, %v", in.PasswordHash, err)
	}
}
