package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/parley-talks/parley"
)

// pausingStore pauses the first PutStance of its shared writes until
// release is closed, having closed paused.
type pausingStore struct {
	parley.Store
	once            *sync.Once
	paused, release chan struct{}
}

type pausingTx struct {
	parley.Tx
	s pausingStore
}

func (t pausingTx) PutStance(ctx context.Context, st *parley.Stance) error {
	t.s.once.Do(func() { close(t.s.paused); <-t.s.release })
	return t.Tx.PutStance(ctx, st)
}

func (s pausingStore) UpdateShared(ctx context.Context, fn func(parley.Tx) error) error {
	return s.Store.UpdateShared(ctx, func(tx parley.Tx) error { return fn(pausingTx{tx, s}) })
}

// TestMarksKeepAConcurrentStance checks that stance writes running
// alongside each other lose no update (found in review): SetMarks on A
// reads Russia's stance (rationale "old", shared with the mediator and
// released to all) and copies its details into the new version; before
// it stores it, a stance set on B commits a new rationale shared with
// nobody. The mark must then follow B's version, as it would had the two
// run one after the other — not bring back the details B replaced.
func TestMarksKeepAConcurrentStance(t *testing.T) {
	ctx, a, b, tid := twoInstances(t)
	ruA, ruB := a.as(t, "russia", ""), b.as(t, "russia-envoy", "")
	ds, err := a.ws.ListDrafts(ruA, tid)
	if err != nil {
		t.Fatal(err)
	}
	n := ds[len(ds)-1].Number
	d, err := a.ws.GetDraft(ruA, tid, n)
	if err != nil {
		t.Fatal(err)
	}
	p := d.Markable()[0].ID
	yes, no := true, false
	first, err := a.ws.SetStance(ruA, tid, n, p, parley.StanceInput{Value: parley.Acceptable, Rationale: "old", ShareWithMediator: &yes, ReleasedToAll: true})
	if err != nil {
		t.Fatal(err)
	}
	ps := pausingStore{Store: a.ws.Store, once: &sync.Once{}, paused: make(chan struct{}), release: make(chan struct{})}
	a.ws.Store = ps
	marksDone := make(chan error, 1)
	go func() {
		_, err := a.ws.SetMarks(ruA, tid, n, map[int64]parley.StanceValue{p: parley.Unsuitable})
		marksDone <- err
	}()
	<-ps.paused
	stanceDone := make(chan error, 1)
	go func() {
		_, err := b.ws.SetStance(ruB, tid, n, p, parley.StanceInput{Value: parley.Acceptable, Rationale: "new, private", ShareWithMediator: &no})
		stanceDone <- err
	}()
	// B's stance commits while A's mark waits (its write returns only once
	// A's, which holds the audit log, has ended).
	for deadline := time.Now().Add(10 * time.Second); ; {
		var private bool
		a.db.SQL().QueryRowContext(ctx, `SELECT NOT share_with_mediator FROM stances
			WHERE talks_id = $1 AND draft_number = $2 AND point_id = $3 AND party_id = $4 AND current`, tid, n, p, first.PartyID).Scan(&private)
		if private {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("B's stance did not commit within 10 s")
		}
		time.Sleep(10 * time.Millisecond) // polling a condition, with a deadline
	}
	close(ps.release)
	if err := <-marksDone; err != nil {
		t.Fatalf("SetMarks on A: %v", err)
	}
	if err := <-stanceDone; err != nil {
		t.Fatalf("SetStance on B: %v", err)
	}
	h, err := a.ws.StanceHistory(ruA, tid, n, p)
	if err != nil {
		t.Fatal(err)
	}
	last := h[len(h)-1]
	if last.Value != parley.Unsuitable || last.Rationale != "new, private" || last.ShareWithMediator || last.ReleasedToAll {
		t.Errorf("the current stance is %s, %q, shared %v, released %v; want unsuitable with B's details: %q, shared with nobody",
			last.Value, last.Rationale, last.ShareWithMediator, last.ReleasedToAll, "new, private")
	}
}
