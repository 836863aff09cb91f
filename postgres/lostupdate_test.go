package postgres_test

import (
	"context"
	"fmt"
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

// TestStanceWritesOnTwoInstances has Russia's two delegates set their
// party's stance on one point 30 times at once, half on each instance, as
// the workspace does (each write its own shared write): every write
// succeeds, the history holds each once with no version missing or
// doubled, one current, and the audit log verifies with every row.
func TestStanceWritesOnTwoInstances(t *testing.T) {
	ctx, a, b, tid := twoInstances(t)
	ru := map[*instance]context.Context{a: a.as(t, "russia", ""), b: b.as(t, "russia-envoy", "")}
	ds, err := a.ws.ListDrafts(ru[a], tid)
	if err != nil {
		t.Fatal(err)
	}
	n := ds[len(ds)-1].Number
	d, err := a.ws.GetDraft(ru[a], tid, n)
	if err != nil {
		t.Fatal(err)
	}
	p := d.Markable()[0].ID
	before, err := a.ws.StanceHistory(ru[a], tid, n, p)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 30 {
		in := []*instance{a, b}[i%2]
		wg.Go(func() {
			rationale := fmt.Sprintf("причина %d", i)
			if _, err := in.ws.SetStance(ru[in], tid, n, p, parley.StanceInput{Value: parley.Unsuitable, Rationale: rationale}); err != nil {
				t.Errorf("write %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	h, err := a.ws.StanceHistory(ru[a], tid, n, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != len(before)+30 {
		t.Fatalf("history: %d versions, want %d before and 30 more", len(h), len(before))
	}
	seen := map[string]bool{}
	for i, s := range h {
		if s.Version != h[0].Version+i {
			t.Errorf("version %d at %d of the history, want %d", s.Version, i, h[0].Version+i)
		}
		if i >= len(before) {
			seen[s.Rationale] = true
		}
	}
	if len(seen) != 30 {
		t.Errorf("%d writes' rationales in the history, want 30 distinct", len(seen))
	}
	if _, err := a.ws.VerifyAudit(ctx, nil, ""); err != nil {
		t.Errorf("the audit log: %v", err)
	}
}
