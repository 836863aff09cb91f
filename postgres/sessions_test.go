package postgres_test

import (
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/inproc"
	"github.com/parley-talks/parley/postgres"
	"github.com/parley-talks/parley/workspace"
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
	heardFrom(t, a, events, tid)
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

// TestTablingKeepsSessions checks that a change of drafts or members
// renews the database's generation without emptying any instance's
// sessions: after a tabling on A, a token both instances keep is still
// answered from memory on both (its row, deleted behind the store's back,
// goes unnoticed). Before, every tabling made every delegate's next
// request read its session again, on every instance.
func TestTablingKeepsSessions(t *testing.T) {
	ctx, a, b, tid := twoInstances(t)
	token, acc, err := a.ws.SignIn(ctx, "russia-envoy", demo.Password, "")
	if err != nil {
		t.Fatal(err)
	}
	mediator := a.as(t, "mediator", "")
	// Both instances' listeners have heard the sign-ins once they hear an
	// event published after them (one connection, in commit order).
	events, stop := b.ws.Events.Subscribe(tid)
	defer stop()
	heardFrom(t, a, events, tid)
	for _, in := range []*instance{a, b} {
		if _, err := in.ws.Authenticate(ctx, token); err != nil {
			t.Fatalf("a fresh token refused: %v", err)
		}
	}
	if _, err := a.db.SQL().ExecContext(ctx, `DELETE FROM sessions WHERE account_id = $1`, acc.ID); err != nil {
		t.Fatal(err)
	}
	ds, err := a.ws.ListDrafts(mediator, tid)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := a.ws.GetDraft(mediator, tid, ds[len(ds)-1].Number)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ws.TableDraft(mediator, tid, workspace.InputOf(cur)); err != nil {
		t.Fatal(err)
	}
	<-events // the tabling's own event
	heardFrom(t, a, events, tid)
	for name, in := range map[string]*instance{"A": a, "B": b} {
		if _, err := in.ws.Authenticate(ctx, token); err != nil {
			t.Errorf("%s read the session again after a tabling: %v", name, err)
		}
	}
}

// heardFrom publishes an event on a and waits for it on events, another
// instance's subscription to talks tid: that instance's listener has then
// heard every change a committed before (one connection, in commit order).
func heardFrom(t *testing.T, a *instance, events <-chan parley.Event, tid int64) {
	t.Helper()
	a.ws.Events.Publish(parley.Event{Talks: tid, Kind: "draft"})
	select {
	case <-events:
	case <-time.After(5 * time.Second):
		t.Fatal("the other instance heard no event within 5 s")
	}
}

// TestEventsArriveInOrder: events published at once on instance A, which
// sends them in batches without the publisher waiting, reach a subscriber
// on B each once and in the order published; Flush returns once they are
// sent. Bursts stay under inproc.Buffer: a subscriber that falls further
// behind loses events, by design.
func TestEventsArriveInOrder(t *testing.T) {
	ctx, a, b, tid := twoInstances(t)
	events, stop := b.ws.Events.Subscribe(tid)
	defer stop()
	const bursts, burst = 20, inproc.Buffer - 1
	next := int64(1)
	for range bursts {
		first := next
		for range burst {
			a.ws.Events.Publish(parley.Event{Talks: tid, Kind: "ordered", Actor: next})
			next++
		}
		if err := a.ws.Events.(*postgres.Broker).Flush(ctx); err != nil {
			t.Fatal(err)
		}
		for want := first; want < next; {
			select {
			case e := <-events:
				if e.Kind != "ordered" {
					continue // the demo's own
				}
				if e.Actor != want {
					t.Fatalf("event %d heard as %d", want, e.Actor)
				}
				want++
			case <-time.After(5 * time.Second):
				t.Fatalf("the other instance heard %d of %d events within 5 s", want-1, bursts*burst)
			}
		}
	}
}

// TestEventsAroundARefusedOne: an event PostgreSQL refuses (a payload
// over NOTIFY's 8,000 bytes) is lost alone; those published with it, in
// one batch, arrive in order.
func TestEventsAroundARefusedOne(t *testing.T) {
	ctx, a, b, tid := twoInstances(t)
	events, stop := b.ws.Events.Subscribe(tid)
	defer stop()
	for i, kind := range []string{"first", strings.Repeat("x", 9000), "last"} {
		a.ws.Events.Publish(parley.Event{Talks: tid, Kind: kind, Actor: int64(i + 1)})
	}
	if err := a.ws.Events.(*postgres.Broker).Flush(ctx); err != nil {
		t.Fatal(err)
	}
	var heard []string
	for len(heard) < 2 {
		select {
		case e := <-events:
			if e.Kind == "first" || e.Kind == "last" || len(e.Kind) > 100 {
				heard = append(heard, e.Kind[:min(len(e.Kind), 5)])
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("heard %v within 5 s, want first and last", heard)
		}
	}
	if heard[0] != "first" || heard[1] != "last" {
		t.Errorf("heard %v, want [first last]", heard)
	}
}
