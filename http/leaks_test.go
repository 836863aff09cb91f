package http_test

import (
	"net/http"
	"testing"

	"github.com/parley-talks/parley/demo"
)

// TestNoExistenceOrActivityLeaks is finding 9 of issue 13: the public
// draft route answered "talks not found" for talks that do not exist and
// "draft not found" for talks that do, and the audit log's checkpoint (its
// size grows with every change in any talks) was given to an account in
// no talks. Now the public route answers alike, and the checkpoint and
// consistency proofs are for members of some talks.
func TestNoExistenceOrActivityLeaks(t *testing.T) {
	base, ws, _ := newDemoServer(t)
	anon := &client{tb: t, base: base}
	_, exists := anon.do("GET", "/api/v1/public/talks/1/drafts/1", nil, "")
	status, missing := anon.do("GET", "/api/v1/public/talks/999/drafts/1", nil, "")
	if status != http.StatusNotFound || string(exists) != string(missing) {
		t.Errorf("public draft of talks that exist and of talks that do not: got %s and %d %s, want the same 404", exists, status, missing)
	}

	account(t, ws, "loner")
	loner := signIn(t, base, "loner", "password-loner")
	member := signIn(t, base, "russia", demo.Password)
	for _, path := range []string{"/api/v1/audit/checkpoint", "/api/v1/audit/consistency?old=1"} {
		if status, raw := loner.do("GET", path, nil, ""); status != http.StatusNotFound {
			t.Errorf("%s for an account in no talks: got %d %s, want 404", path, status, raw)
		}
		if status, raw := member.do("GET", path, nil, ""); status != http.StatusOK {
			t.Errorf("%s for a member: got %d %s, want 200", path, status, raw)
		}
	}
}
