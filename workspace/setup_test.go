package workspace_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestFirstStartSetup walks the first start: a setup link on the empty
// database, refused for a wrong token, a weak or unconfirmed password;
// used once to create the administrator, dead after that, and no second
// setup. A second link replaces the first; a link dies after an hour.
func TestFirstStartSetup(t *testing.T) {
	ws := newService(t)
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	ws.Now = func() time.Time { return now }
	ctx := context.Background()

	stale := must[string](t)(ws.BeginSetup(ctx))
	token := must[string](t)(ws.BeginSetup(ctx))
	if token == stale || len(token) < 40 {
		t.Fatalf("setup tokens %q then %q: want two different random tokens", stale, token)
	}
	var stored string
	ws.Store.View(ctx, func(tx parley.Tx) (err error) { stored, err = tx.Setting(ctx, "setup_link"); return err })
	if stored == "" || strings.Contains(stored, token) {
		t.Errorf("stored setup link %q: want a hash of the token, never the token", stored)
	}
	good := workspace.SetupInput{Username: "admin", Password: "a long passphrase", Confirm: "a long passphrase"}
	tests := []struct {
		name  string
		token string
		in    workspace.SetupInput
		code  string
		field string
	}{
		{"the replaced link", stale, good, parley.ENOTFOUND, ""},
		{"a wrong token", token + "x", good, parley.ENOTFOUND, ""},
		{"no token", "", good, parley.ENOTFOUND, ""},
		{"a short password", token, workspace.SetupInput{Username: "admin", Password: "short", Confirm: "short"}, parley.EINVALID, "password"},
		{"an unconfirmed password", token, workspace.SetupInput{Username: "admin", Password: "a long passphrase", Confirm: "a long passphrase!"}, parley.EINVALID, "confirm"},
		{"a bad user name", token, workspace.SetupInput{Username: "Admin Person", Password: "a long passphrase", Confirm: "a long passphrase"}, parley.EINVALID, "username"},
	}
	for _, tt := range tests {
		_, err := ws.CompleteSetup(ctx, tt.token, tt.in)
		if code(err) != tt.code || parley.ErrorField(err) != tt.field {
			t.Errorf("%s: got %v (field %q), want %s %q", tt.name, err, parley.ErrorField(err), tt.code, tt.field)
		}
	}
	now = now.Add(workspace.SetupLinkTTL - time.Second)
	if err := ws.CheckSetup(ctx, token); err != nil {
		t.Fatalf("the link a second before it expires: %v", err)
	}
	a := must[*parley.Account](t)(ws.CompleteSetup(ctx, token, good))
	if !a.Admin || a.Username != "admin" {
		t.Errorf("first account: got %+v, want the administrator admin", a)
	}
	if _, _, err := ws.SignIn(ctx, "admin", good.Password, ""); err != nil {
		t.Errorf("signing in as the new administrator: %v", err)
	}
	if _, err := ws.CompleteSetup(ctx, token, workspace.SetupInput{Username: "second", Password: "another passphrase", Confirm: "another passphrase"}); code(err) != parley.ENOTFOUND {
		t.Errorf("the link used again: got %v, want not found", err)
	}
	if _, err := ws.BeginSetup(ctx); code(err) != parley.ECONFLICT {
		t.Errorf("a second setup: got %v, want conflict", err)
	}

	// A link unused for an hour is dead.
	ws2 := newService(t)
	ws2.Now = func() time.Time { return now }
	token = must[string](t)(ws2.BeginSetup(ctx))
	now = now.Add(workspace.SetupLinkTTL)
	if _, err := ws2.CompleteSetup(ctx, token, good); code(err) != parley.ENOTFOUND {
		t.Errorf("a link an hour old: got %v, want not found", err)
	}
	// Both steps are in the audit log.
	var actions []string
	ws.Store.View(ctx, func(tx parley.Tx) error {
		entries, err := tx.AuditEntries(ctx, 0)
		for _, e := range entries {
			actions = append(actions, e.Record.Actor+" "+e.Record.Action)
		}
		return err
	})
	if got := strings.Join(actions, ", "); !strings.Contains(got, "operator setup.link") || !strings.Contains(got, "admin setup.complete") {
		t.Errorf("audit log: got %s, want the setup link and its use", got)
	}
}
