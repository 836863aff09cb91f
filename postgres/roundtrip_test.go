package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/postgres"
	"github.com/parley-talks/parley/postgres/pgtest"
	"github.com/parley-talks/parley/workspace"
)

// maxStanceRoundTrips is the most round trips one stance write may take on
// PostgreSQL, counted on the wire: the sign-in check, the write's
// transaction and its audit record, and the event it publishes. It was
// 28 before issue 17, 14 after its first increment; the target is
// 6, reached: the write's BEGIN, advisory lock and the database's
// generation in one message; the member and the list of drafts from what
// the instance keeps of that generation; the stance's update and insert;
// its audit record, hashes and checkpoint in one statement; COMMIT; the
// event (which the write's answer no longer waits for, and which shares
// its round trip with others' under load: Broker.Publish). The token's
// check is answered from the sessions the database keeps while its broker
// listens.
const maxStanceRoundTrips = 6

// TestStanceWriteRoundTrips counts the round trips of one stance write as
// a server makes it (the token's check, then SetStance with its audit
// record, then the event), once every connection has its statements
// prepared, and fails when they are more than maxStanceRoundTrips. It logs
// what each round trip carried (the first, BEGIN with the lock and the
// generation, goes on the connection below pgx's tracer, which does not
// name it).
func TestStanceWriteRoundTrips(t *testing.T) {
	ctx := context.Background()
	ws, rt, tid, token := roundTripWorkspace(t)
	write := func(value parley.StanceValue) {
		a, err := ws.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		as := workspace.WithAccount(ctx, a.ID)
		d, err := ws.GetDraft(as, tid, 5)
		if err != nil {
			t.Fatal(err)
		}
		rt.Reset()
		a, err = ws.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ws.SetStance(workspace.WithAccount(ctx, a.ID), tid, 5, d.Markable()[0].ID, parley.StanceInput{Value: value, Rationale: "counted"}); err != nil {
			t.Fatal(err)
		}
		// The write does not wait for its event; the count does.
		if err := ws.Events.(*postgres.Broker).Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// Warm every connection of the pool up: the first use of a query on a
	// connection prepares it, a round trip more.
	values := []parley.StanceValue{parley.Acceptable, parley.NeedsDiscussion, parley.Unsuitable}
	for i := range 6 {
		write(values[i%3])
	}
	write(parley.Acceptable)
	n, log := rt.Count()
	t.Logf("one stance write (sign-in check + SetStance + event): %d round trips\n%s", n, strings.Join(log, "\n"))
	if n > maxStanceRoundTrips {
		t.Errorf("one stance write took %d round trips on PostgreSQL, more than %d", n, maxStanceRoundTrips)
	}
}

// Reads take fewer: a read's BEGIN learns the generation and the audit
// log's state with its snapshot (the member, the list of drafts and who
// finished marking from what the instance keeps of that generation, the
// tabled draft and its carried stances from memory) and it ends with
// ROLLBACK; a gap map built again after a stance reads the draft's
// stances in between. Before 3 December 2026 a draft read took 3, a gap
// map read 4 and one built again 7 + one per party.
const (
	maxDraftReadRoundTrips = 2
	maxGapReadRoundTrips   = 2
	maxGapBuildRoundTrips  = 3
)

// TestReadRoundTrips counts the round trips of a draft read and of a gap
// map read as a server makes them (the token's check, then the read), once
// the instance has read each before, and fails when they are more than
// maxDraftReadRoundTrips and maxGapReadRoundTrips.
func TestReadRoundTrips(t *testing.T) {
	ctx := context.Background()
	ws, rt, tid, token := roundTripWorkspace(t)
	read := func(what string, max int, fn func(ctx context.Context) error) {
		for range 4 { // every connection of the pool prepares its statements
			a, err := ws.Authenticate(ctx, token)
			if err != nil {
				t.Fatal(err)
			}
			if err := fn(workspace.WithAccount(ctx, a.ID)); err != nil {
				t.Fatal(err)
			}
		}
		rt.Reset()
		a, err := ws.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		if err := fn(workspace.WithAccount(ctx, a.ID)); err != nil {
			t.Fatal(err)
		}
		n, log := rt.Count()
		t.Logf("one %s (sign-in check + read): %d round trips\n%s", what, n, strings.Join(log, "\n"))
		if n > max {
			t.Errorf("one %s took %d round trips on PostgreSQL, more than %d", what, n, max)
		}
	}
	read("draft read", maxDraftReadRoundTrips, func(ctx context.Context) error {
		_, err := ws.GetDraft(ctx, tid, 5)
		return err
	})
	read("gap map read", maxGapReadRoundTrips, func(ctx context.Context) error {
		_, err := ws.GapMap(ctx, tid, 5)
		return err
	})
	value := 0
	read("gap map read after a stance", maxGapBuildRoundTrips, func(ctx context.Context) error {
		value++
		d, err := ws.GetDraft(ctx, tid, 5)
		if err != nil {
			return err
		}
		v := []parley.StanceValue{parley.Acceptable, parley.Unsuitable}[value%2]
		if _, err := ws.SetStance(ctx, tid, 5, d.Markable()[0].ID, parley.StanceInput{Value: v}); err != nil {
			return err
		}
		if err := ws.Events.(*postgres.Broker).Flush(ctx); err != nil {
			return err
		}
		rt.Reset()
		_, err = ws.GapMap(ctx, tid, 5)
		return err
	})
}

// roundTripWorkspace opens a workspace on a fresh PostgreSQL database with
// the demo loaded, its round trips counted by rt, the way serve runs it,
// and signs the Russian envoy in.
func roundTripWorkspace(t *testing.T) (ws *workspace.Service, rt *pgtest.RoundTrips, talksID int64, token string) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	rt = &pgtest.RoundTrips{}
	db, err := postgres.OpenWith(ctx, dsn, rt.Install)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ws = workspace.New(db)
	events := postgres.NewBroker(db, nil)
	ws.Events = events
	// As serve does: while the broker listens, the database keeps the
	// sessions it read (its listener is a connection of its own, not
	// counted).
	lctx, stop := context.WithCancel(ctx)
	t.Cleanup(stop)
	go events.Listen(lctx)
	for deadline := time.Now().Add(10 * time.Second); !events.Listening(); {
		if time.Now().After(deadline) {
			t.Fatal("the listener did not connect within 10 s")
		}
		time.Sleep(10 * time.Millisecond) // polling a condition, with a deadline
	}
	if talksID, err = demo.Load(ctx, ws); err != nil {
		t.Fatal(err)
	}
	if token, _, err = ws.SignIn(ctx, "russia-envoy", demo.Password, ""); err != nil {
		t.Fatal(err)
	}
	return ws, rt, talksID, token
}
