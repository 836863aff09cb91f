package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestWeakPasswordsRefused is finding 10 of issue 13: `parley account
// add` took passwords of eight spaces, "password" and "12345678", and
// `parley identity register --passphrase-stdin` the passphrase "a". The
// command line now holds them to the one rule the API and the pages use
// (parley.ValidatePassword).
func TestWeakPasswordsRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "parley.db")
	for _, pw := range []string{"        ", "password", "12345678"} {
		_, err := runParley(t, pw+"\n", "account", "add", "--db", db, "--username", "russia")
		if err == nil || !strings.Contains(message(err), "password") {
			t.Errorf("account add with password %q: got %v, want a refusal naming the password", pw, err)
		}
	}
	mustParley(t, "a sound password\n", "account", "add", "--db", db, "--username", "russia")
	id := filepath.Join(dir, "russia.age")
	mustParley(t, "", "identity", "new", "--out", id)
	_, err := runParley(t, "a\n", "identity", "register", "--db", db, "--as", "russia", "--identity", id, "--passphrase-stdin")
	if err == nil || !strings.Contains(message(err), "passphrase") {
		t.Errorf("identity register with passphrase \"a\": got %v, want a refusal naming the passphrase", err)
	}
	mustParley(t, "a sound passphrase\n", "identity", "register", "--db", db, "--as", "russia", "--identity", id, "--passphrase-stdin")
}

// TestResetLinkCommand: `parley account reset-link USER` issues, as the
// operator, a one-time link that sets the account's password, and refuses
// an account that does not exist.
func TestResetLinkCommand(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "parley.db")
	mustParley(t, "a sound password\n", "account", "add", "--db", db, "--username", "russia", "--admin")
	out := mustParley(t, "", "account", "reset-link", "russia", "--db", db, "--base", "https://parley.example.org/")
	if !strings.Contains(out, "https://parley.example.org/reset/") {
		t.Errorf("account reset-link: got %q, want the whole link", out)
	}
	out = mustParley(t, "", "account", "reset-link", "--db", db, "russia")
	if !strings.Contains(out, "  /reset/") {
		t.Errorf("account reset-link without --base: got %q, want the link's path", out)
	}
	if _, err := runParley(t, "", "account", "reset-link", "--db", db, "nobody"); err == nil {
		t.Errorf("account reset-link for an account that does not exist: got no error")
	}
	if _, err := runParley(t, "", "account", "reset-link", "--db", db); err == nil {
		t.Errorf("account reset-link without a user: got no error")
	}
}
