package postgres_test

import (
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
)

// TestSessionCacheAcrossInstances checks the sessions an instance keeps
// while its broker listens: a token checked on B is answered from B's
// memory (a row deleted behind the store's back goes unnoticed — which
// shows the cache is used), and signing out on A ends the session on A at
// once and on B as soon as B hears A's announcement.
func TestSessionCacheAcrossInstances(t *testing.T) {
	ctx, a, b, tid := twoInstances(t)
	token, acc, err := a.ws.SignIn(ctx, "russia-envoy", demo.Password, "")
	if err != nil {
		t.Fatal(err)
	}
	// B's listener has heard every change committed so far once it hears
	// an event published after them (one connection, in commit order).
	events, stop := b.ws.Events.Subscribe(tid)
	defer stop()
	a.ws.Events.Publish(parley.Event{Talks: tid, Kind: "draft"})
	select {
	case <-events:
	case <-time.After(5 * time.Second):
		t.Fatal("B heard no event within 5 s")
	}
	if _, err := b.ws.Authenticate(ctx, token); err != nil {
		t.Fatalf("B refused a fresh token: %v", err)
	}
	if _, err := b.db.SQL().ExecContext(ctx, `DELETE FROM sessions WHERE account_id = $1`, acc.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := b.ws.Authenticate(ctx, token); err != nil {
		t.Fatalf("B did not answer from the sessions it keeps: %v", err)
	}
	if err := a.ws.SignOut(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ws.Authenticate(ctx, token); err == nil {
		t.Fatal("A still accepts a token signed out on A")
	}
	for deadline := time.Now().Add(5 * time.Second); ; {
		if _, err := b.ws.Authenticate(ctx, token); err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("B still accepts a token signed out on A 5 s later")
		}
		time.Sleep(5 * time.Millisecond) // polling a condition, with a deadline
	}
}
