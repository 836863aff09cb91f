package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runParley runs the command line and returns its output and error.
func runParley(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), err
}

func mustParley(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	out, err := runParley(t, stdin, args...)
	if err != nil {
		t.Fatalf("parley %s: %v", strings.Join(args, " "), err)
	}
	return out
}

func TestScriptedTalks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "talks.db")
	mustParley(t, "mediator-password\n", "account", "add", "--db", db, "--username", "mediator")
	mustParley(t, "russia-password\n", "account", "add", "--db", db, "--username", "russia")
	mustParley(t, "ukraine-password\n", "account", "add", "--db", db, "--username", "ukraine")
	if _, err := runParley(t, "short\n", "account", "add", "--db", db, "--username", "weak"); err == nil || !strings.Contains(message(err), "at least 8") {
		t.Errorf("weak password: got %v, want a length error", err)
	}

	out := mustParley(t, "", "talks", "create", "--db", db, "--as", "mediator", "--title", "Geneva round")
	if !strings.Contains(out, "Talks 1 \"Geneva round\" opened") {
		t.Fatalf("talks create: got %q", out)
	}
	common := []string{"--db", db, "--talks", "1"}
	as := func(user string, args ...string) []string {
		return append(append(args, common...), "--as", user)
	}
	mustParley(t, "", as("mediator", "party", "add", "--name", "Russia", "--share-by-default")...)
	mustParley(t, "", as("mediator", "party", "add", "--name", "Ukraine")...)
	mustParley(t, "", as("mediator", "member", "add", "--username", "russia", "--party", "Russia", "--role", "principal")...)
	mustParley(t, "", as("mediator", "member", "add", "--username", "ukraine", "--party", "Ukraine", "--role", "principal")...)

	plan := filepath.Join(dir, "plan.md")
	os.WriteFile(plan, []byte("# Plan\n\n1. **Ceasefire.** A ceasefire on signing.\n2. **Territory.** The line is frozen.\n"), 0o600)
	out = mustParley(t, "", as("mediator", "draft", "table", "--file", plan)...)
	if !strings.Contains(out, "Draft 1 tabled: 2 points") {
		t.Errorf("draft table: got %q", out)
	}
	if _, err := runParley(t, "", as("russia", "draft", "table", "--file", plan)...); err == nil || !strings.Contains(message(err), "only a mediator") {
		t.Errorf("russia tabling: got %v, want refusal", err)
	}
	// Export with markers, amend, table again: identities carry on.
	md := mustParley(t, "", as("mediator", "draft", "export", "--draft", "1")...)
	md = strings.Replace(md, "The line is frozen.", "The line is frozen under monitoring.", 1)
	os.WriteFile(plan, []byte(md), 0o600)
	out = mustParley(t, "", as("mediator", "draft", "table", "--file", plan)...)
	if !strings.Contains(out, "Draft 2 tabled") || !strings.Contains(out, "1 amended") {
		t.Errorf("draft 2: got %q", out)
	}
	out = mustParley(t, "", as("ukraine", "diff", "--from", "1", "--to", "2")...)
	if !strings.Contains(out, "The line is frozen{+ under monitoring+}.") {
		t.Errorf("diff: got %q", out)
	}

	mustParley(t, "", as("russia", "stance", "set", "--draft", "2", "--point", "2", "--stance", "unsuitable", "--rationale", "RU-ONLY", "--share", "no")...)
	mustParley(t, "", as("ukraine", "stance", "set", "--draft", "2", "--point", "2", "--stance", "needs_discussion", "--share", "yes")...)
	mustParley(t, "", as("russia", "stance", "set", "--draft", "2", "--point", "1", "--stance", "acceptable")...)
	mustParley(t, "", as("ukraine", "stance", "set", "--draft", "2", "--point", "1", "--stance", "acceptable", "--release-to-all")...)
	if _, err := runParley(t, "", as("russia", "stance", "set", "--draft", "2", "--point", "1", "--stance", "fine")...); err == nil || !strings.Contains(message(err), "stance must be") {
		t.Errorf("bad stance: got %v", err)
	}

	gap := mustParley(t, "", as("mediator", "gap")...)
	if !strings.Contains(gap, "Main point of contention: 2 Territory") || strings.Contains(gap, "UNSUITABLE") {
		t.Errorf("mediator's gap map: got\n%s\nwant territory as the main point, Russia's unsuitable withheld", gap)
	}
	gapRU := mustParley(t, "", as("russia", "gap", "--json")...)
	if !strings.Contains(gapRU, `"withheld"`) || strings.Contains(gapRU, `"stance": "needs_discussion"`) {
		t.Errorf("russia's gap map shows ukraine's unshared stance:\n%s", gapRU)
	}
	conv := mustParley(t, "", as("mediator", "convergence")...)
	if !strings.Contains(conv, "1 of 2 points acceptable to all parties") {
		t.Errorf("convergence: got\n%s", conv)
	}
	// Draft 3 keeps both points: the stances carry over, and russia
	// confirms its own.
	os.WriteFile(plan, []byte(mustParley(t, "", as("mediator", "draft", "export", "--draft", "2")...)), 0o600)
	mustParley(t, "", as("mediator", "draft", "table", "--file", plan)...)
	if out := mustParley(t, "", as("russia", "stance", "confirm", "--draft", "3")...); !strings.Contains(out, "Confirmed 2 carried-over stance(s) on draft 3") {
		t.Errorf("stance confirm: got %q", out)
	}
	if _, err := runParley(t, "", as("russia", "stance", "confirm", "--draft", "3", "--point", "1")...); err == nil || !strings.Contains(message(err), "not carried over") {
		t.Errorf("confirming again: got %v, want a conflict", err)
	}

	// Bad command lines say what is wrong.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"gap", "--db", db, "--talks", "1"}, "--as USER is required"},
		{[]string{"gap", "--db", db, "--as", "nobody", "--talks", "1"}, `no account named "nobody"`},
		{[]string{"gap", "--db", filepath.Join(dir, "missing.db"), "--as", "mediator", "--talks", "1"}, "no database at"},
		{[]string{"gap", "--db", db, "--as", "mediator"}, "--talks ID is required"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"draft", "burn"}, `unknown subcommand "burn"`},
		{[]string{"gap", "--db", db, "--as", "mediator", "--talks", "7"}, "talks not found"},
	} {
		_, err := runParley(t, "", tc.args...)
		if err == nil || !strings.Contains(message(err), tc.want) {
			t.Errorf("parley %s: got %v, want %q", strings.Join(tc.args, " "), err, tc.want)
		}
	}
}

// TestLoadtestCountsOutcomesApart: a 409 is no write done, and the load
// test counts it apart from successes and from errors.
func TestLoadtestCountsOutcomesApart(t *testing.T) {
	for _, c := range []struct {
		status int
		err    error
		want   outcome
	}{
		{200, nil, succeeded},
		{409, nil, conflicted},
		{500, nil, failedRequest},
		{0, errors.New("connection refused"), failedRequest},
		{201, nil, failedRequest},
	} {
		if got := outcomeOf(c.status, c.err, 200); got != c.want {
			t.Errorf("status %d, error %v: got outcome %d, want %d", c.status, c.err, got, c.want)
		}
	}
}
