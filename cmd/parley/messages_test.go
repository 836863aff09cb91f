package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestMessageSenderReads seals a message on the command line and opens it
// with the sender's own identity: every message is sealed to its sender
// too. A recipient with no key yet is named in the refusal.
func TestMessageSenderReads(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "talks.db")
	for _, u := range []string{"mediator", "russia", "ukraine", "envoy", "belarus"} {
		mustParley(t, u+"-password\n", "account", "add", "--db", db, "--username", u)
	}
	mustParley(t, "", "talks", "create", "--db", db, "--as", "mediator", "--title", "Geneva round")
	as := func(user string, args ...string) []string {
		return append(args, "--db", db, "--talks", "1", "--as", user)
	}
	mustParley(t, "", as("mediator", "party", "add", "--name", "Russia")...)
	mustParley(t, "", as("mediator", "party", "add", "--name", "Ukraine")...)
	mustParley(t, "", as("mediator", "party", "add", "--name", "Belarus")...)
	mustParley(t, "", as("mediator", "member", "add", "--username", "russia", "--party", "Russia", "--role", "principal")...)
	mustParley(t, "", as("mediator", "member", "add", "--username", "ukraine", "--party", "Ukraine", "--role", "principal")...)
	mustParley(t, "", as("mediator", "member", "add", "--username", "belarus", "--party", "Belarus", "--role", "principal")...)
	mustParley(t, "", as("mediator", "member", "add", "--username", "envoy", "--party", "Mediator", "--role", "negotiator")...)
	ids := map[string]string{}
	for _, u := range []string{"russia", "ukraine", "envoy"} {
		ids[u] = filepath.Join(dir, u+".age")
		mustParley(t, "", "identity", "new", "--out", ids[u])
		mustParley(t, "", "identity", "register", "--db", db, "--as", u, "--identity", ids[u])
	}
	const body = "CLI-SEALED: a ceasefire at Easter"
	out := mustParley(t, body, as("russia", "message", "send", "--to", "ukraine", "--envoy", "envoy")...)
	if !strings.Contains(out, "Message 1 sealed for ukraine") {
		t.Fatalf("message send: got %q", out)
	}
	for _, tt := range []struct {
		user  string
		opens bool
	}{{"russia", true}, {"ukraine", true}, {"envoy", false}} {
		out, err := runParley(t, "", as(tt.user, "message", "read", "--id", "1", "--identity", ids[tt.user])...)
		if opens := err == nil && strings.Contains(out, body); opens != tt.opens {
			t.Errorf("%s reads message 1: got %v (%q, %v), want %v", tt.user, opens, out, err, tt.opens)
		}
	}
	if _, err := runParley(t, body, as("russia", "message", "send", "--to", "belarus", "--envoy", "envoy")...); err == nil || !strings.Contains(message(err), "belarus has no key yet") {
		t.Errorf("sealing to belarus, who has no key: got %v, want a refusal naming belarus", err)
	}
}
