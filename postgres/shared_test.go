package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
)

// TestSharedWritesRunAlongside checks the order PostgreSQL's writes keep
// (issue 17): a shared write (UpdateShared) runs while another is still
// open (the first appends its record to the log, the second queues its
// own); a write that runs alone (Update) waits until the first has ended.
// It fails if shared writes are serialised, or if Update does not exclude
// them.
func TestSharedWritesRunAlongside(t *testing.T) {
	db := open(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	record := func(tx parley.Tx, action string) error {
		return tx.AppendAudit(ctx, auditlog.Record{Time: time.Now(), Actor: "test", Action: action, Object: "x"})
	}
	// The first shared write stays open until release is closed.
	firstOpen, release := make(chan struct{}), make(chan struct{})
	firstDone := make(chan error, 1)
	go func() {
		firstDone <- db.UpdateShared(ctx, func(tx parley.Tx) error {
			if err := record(tx, "test.first"); err != nil {
				return err
			}
			close(firstOpen)
			<-release
			return nil
		})
	}()
	<-firstOpen
	// A second shared write commits while the first is open: the first
	// holds the log, so the second queues its record, and returns once a
	// round has put it in the log, after the first.
	secondDone := make(chan error, 1)
	go func() {
		secondDone <- db.UpdateShared(ctx, func(tx parley.Tx) error { return record(tx, "test.second") })
	}()
	for deadline := time.Now().Add(10 * time.Second); ; {
		var queued int
		if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM audit_queue`).Scan(&queued); err != nil {
			t.Fatal(err)
		}
		if queued == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a shared write did not commit while another shared write was open")
		}
		time.Sleep(10 * time.Millisecond) // polling a condition, with a deadline
	}
	// A write that runs alone waits for the first.
	aloneDone := make(chan error, 1)
	go func() { aloneDone <- db.Update(ctx, func(tx parley.Tx) error { return record(tx, "test.alone") }) }()
	select {
	case err := <-aloneDone:
		t.Fatalf("a write that runs alone ended while a shared write was open: %v", err)
	case <-time.After(500 * time.Millisecond): // a bound on a wait that must not end
	}
	close(release)
	for name, done := range map[string]chan error{"first shared write": firstDone, "second shared write": secondDone, "write alone": aloneDone} {
		if err := <-done; err != nil {
			t.Fatalf("the %s: %v", name, err)
		}
	}
	// All three records are in the signed log, once each, the lone
	// write's last.
	err := db.View(ctx, func(tx parley.Tx) error {
		if _, err := tx.VerifyAudit(ctx, nil, ""); err != nil {
			t.Errorf("the log does not verify: %v", err)
		}
		es, err := tx.AuditEntries(ctx, 0)
		if err != nil {
			return err
		}
		var got []string
		for _, e := range es {
			if strings.HasPrefix(e.Record.Action, "test.") {
				got = append(got, e.Record.Action)
			}
		}
		if want := "test.first test.second test.alone"; strings.Join(got, " ") != want {
			t.Errorf("log order %q, want %q", got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestWarmUpOpensEveryConnection checks that WarmUp leaves the readers'
// pool holding every connection it may open, idle and ready: the pools
// keep as many idle as they may open.
func TestWarmUpOpensEveryConnection(t *testing.T) {
	db := open(t)
	if err := db.WarmUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := db.SQL().Stats()
	if st.OpenConnections != st.MaxOpenConnections || st.Idle != st.MaxOpenConnections {
		t.Errorf("after WarmUp the readers' pool holds %d connections, %d idle; want all %d, idle",
			st.OpenConnections, st.Idle, st.MaxOpenConnections)
	}
	// Each ran the warm-up statement as it opened: the last statement of
	// every server process but the one asking.
	var warmed int
	err := db.SQL().QueryRow(`SELECT count(*) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE '%FROM sessions WHERE token_hash%'`).Scan(&warmed)
	if err != nil {
		t.Fatal(err)
	}
	if warmed < st.MaxOpenConnections-1 {
		t.Errorf("after WarmUp %d server processes last ran the warm-up statement; want at least the readers' %d but one", warmed, st.MaxOpenConnections)
	}
}
