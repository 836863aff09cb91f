package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// memberFile writes the log's current checkpoint to dir/name as a
// member's browser downloads the one it kept (static/witness.js), and
// returns the file's path.
func memberFile(t *testing.T, db, dir, name string) string {
	t.Helper()
	noteFile := filepath.Join(dir, name+".note")
	out := mustParley(t, "", "audit", "checkpoint", "--db", db, "--out", noteFile)
	raw, err := os.ReadFile(noteFile)
	if err != nil {
		t.Fatal(err)
	}
	text, _, _ := strings.Cut(string(raw), "\n\n")
	tree, err := tlog.ParseTree([]byte(text + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	kept, _ := json.MarshalIndent(map[string]any{
		"server":       "https://parley.example",
		"size":         tree.N,
		"hash":         tree.Hash.String(),
		"note":         string(raw),
		"verifier_key": strings.TrimSpace(out[strings.Index(out, "Verifier key: ")+len("Verifier key: "):]),
		"signed":       true,
		"seen":         time.Now().UTC().Format(time.RFC3339),
	}, "", "  ")
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, kept, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestAuditVerifyMembersCheckpoints (issue 13): the checkpoints members'
// browsers kept, downloaded as they offer them, are accepted by
// --checkpoint in any order (newest first here); the log intact, no
// warning. With the end of the log cut, the newer member's checkpoint
// shows it, where the database alone cannot.
func TestAuditVerifyMembersCheckpoints(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := demoDB(t, dir)
	early := memberFile(t, path, dir, "russia.json")
	mustParley(t, "newcomer-password-1\n", "account", "add", "--db", path, "--username", "newcomer")
	mustParley(t, "latecomer-password-1\n", "account", "add", "--db", path, "--username", "latecomer")
	late := memberFile(t, path, dir, "ukraine.json")

	out := mustParley(t, "", "audit", "verify", "--db", path, "--checkpoint", late, "--checkpoint", early)
	if !strings.Contains(out, "Audit log intact") || !strings.Contains(out, "3 checkpoints") || strings.Contains(out, "WARNING") {
		t.Errorf("verify with two members' checkpoints, newest first: got %q, want intact with 3 checkpoints (theirs and the stored one), no warning", out)
	}

	cutLastRecord(t, path)
	if out := mustParley(t, "", "audit", "verify", "--db", path); !strings.Contains(out, "WARNING") {
		t.Errorf("verify of the cut log alone: got %q, want it intact but with the warning", out)
	}
	_, err := runParley(t, "", "audit", "verify", "--db", path, "--checkpoint", late, "--checkpoint", early)
	if err == nil || !strings.Contains(message(err), "altered") || !strings.Contains(message(err), "deleted") {
		t.Errorf("verify of the cut log with the members' checkpoints: got %v, want the log altered, records deleted", err)
	}
}
