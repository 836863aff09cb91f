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
// event. The token's check is answered from the sessions the database
// keeps while its broker listens.
const maxStanceRoundTrips = 6

// TestStanceWriteRoundTrips counts the round trips of one stance write as
// a server makes it (the token's check, then SetStance with its audit
// record, then the event), once every connection has its statements
// prepared, and fails when they are more than maxStanceRoundTrips. It logs
// what each round trip carried (the first, BEGIN with the lock and the
// generation, goes on the connection below pgx's tracer, which does not
// name it).
func TestStanceWriteRoundTrips(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	var rt pgtest.RoundTrips
	db, err := postgres.OpenWith(ctx, dsn, rt.Install)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ws := workspace.New(db)
	events := postgres.NewBroker(db, nil)
	ws.Events = events
	// As serve does: while the broker listens, the database keeps the
	// sessions it read (its listener is a connection of its own, not
	// counted).
	lctx, stop := context.WithCancel(ctx)
	defer stop()
	go events.Listen(lctx)
	for deadline := time.Now().Add(10 * time.Second); !events.Listening(); {
		if time.Now().After(deadline) {
			t.Fatal("the listener did not connect within 10 s")
		}
		time.Sleep(10 * time.Millisecond) // polling a condition, with a deadline
	}
	tid, err := demo.Load(ctx, ws)
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := ws.SignIn(ctx, "russia-envoy", demo.Password, "")
	if err != nil {
		t.Fatal(err)
	}
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
