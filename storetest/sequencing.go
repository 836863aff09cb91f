package storetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
	"github.com/parley-talks/parley/sqlstore"
)

// Reopener opens the one database of a test, the same each call, with
// opts; it returns the store and a pool of its connections, for writing
// into the audit queue by hand.
type Reopener func(opts ...sqlstore.Option) (Store, *sql.DB, error)

// errCrash is what the sequencer hook returns where a crash is simulated.
var errCrash = errors.New("simulated crash")

// RunSequencing checks the sequenced audit log (issue 17) across crashes,
// simulated by a hook that fails the write path at one stage (which is
// what a process killed there leaves: its transaction rolled back). With
// deferred sequencing, a write committed into the queue and never
// sequenced, and a sequencing round stopped before it committed, both
// leave the record queued; the next opening puts every such record in the
// log once, and the log and every row verify. A write that sequences its
// own record and stops before it commits leaves nothing. A queued record
// not written by Parley is refused.
func RunSequencing(t *testing.T, open Reopener) {
	for _, stage := range []sqlstore.SequencerStage{sqlstore.StageQueued, sqlstore.StageBatch} {
		t.Run("deferred, crash at "+string(stage), func(t *testing.T) { crashAtStage(t, open, stage) })
	}
	t.Run("a crash while a write sequences its own record", func(t *testing.T) { crashInline(t, open) })
	t.Run("a queued record not written by Parley", func(t *testing.T) { forgedQueue(t, open) })
}

// crashInline makes a write fail as it sequences its own record, and
// checks that neither its change nor its record is there.
func crashInline(t *testing.T, open Reopener) {
	s, _, err := open()
	if err != nil {
		t.Fatal(err)
	}
	tid, _ := recordedTalks(t, s)
	s.Close()
	s, _, err = open(sqlstore.WithSequencerHook(func(at sqlstore.SequencerStage) error {
		if at == sqlstore.StageBatch {
			return errCrash
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	if err := recordedWrite(t, s, tid, "test.inline", 0); !errors.Is(err, errCrash) {
		t.Errorf("a write that crashed sequencing its record: got %v, want the crash", err)
	}
	s.Close()
	s, _, err = open()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := view(t, s, func(ctx context.Context, tx parley.Tx) error {
		ps, err := tx.Parties(ctx, tid)
		if err != nil || len(ps) != 0 {
			t.Errorf("parties after the write that crashed: %+v, %v; want none", ps, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := recordedWrite(t, s, tid, "test.inline", 0); err != nil {
		t.Fatal(err)
	}
	checkSequenced(t, s, tid, "test.inline", 1)
}

// crashAtStage makes three writes fail at stage, then checks after
// reopening that each is in the log exactly once, that the log verifies
// and that a write then returns with its record in the signed log.
func crashAtStage(t *testing.T, open Reopener, stage sqlstore.SequencerStage) {
	s, _, err := open()
	if err != nil {
		t.Fatal(err)
	}
	tid, _ := recordedTalks(t, s)
	s.Close()
	s, _, err = open(sqlstore.WithDeferredSequencing(), sqlstore.WithSequencerHook(func(at sqlstore.SequencerStage) error {
		if at == stage {
			return errCrash
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	action := "test.crash-" + string(stage)
	for i := range 3 {
		if err := recordedWrite(t, s, tid, action, i); !errors.Is(err, errCrash) {
			t.Errorf("write %d with a crash at %s: got %v, want the crash", i, stage, err)
		}
	}
	s.Close()
	s, _, err = open()
	if err != nil {
		t.Fatalf("reopening after a crash at %s: %v", stage, err)
	}
	defer s.Close()
	if err := recordedWrite(t, s, tid, action, 3); err != nil {
		t.Fatalf("a write after the crash: %v", err)
	}
	checkSequenced(t, s, tid, action, 4)
}

// recordedWrite creates a party of talks tid named after i, with an audit
// record of action naming it.
func recordedWrite(t *testing.T, s Store, tid int64, action string, i int) error {
	return update(t, s, func(ctx context.Context, tx parley.Tx) error {
		p := &parley.Party{TalksID: tid, Name: fmt.Sprintf("%s %d", action, i), Kind: parley.PartyParty}
		if err := tx.CreateParty(ctx, p); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, auditlog.Record{Time: now, Actor: "test", Talks: tid, Action: action,
			Object: fmt.Sprintf("parties/%d", p.ID), Details: map[string]any{"i": i}})
	})
}

// checkSequenced checks that the log holds n records of action, each
// once, in the order written; that nothing is queued; that the latest
// checkpoint covers the whole log; and that the log and every row verify.
func checkSequenced(t *testing.T, s Store, tid int64, action string, n int) {
	t.Helper()
	err := view(t, s, func(ctx context.Context, tx parley.Tx) error {
		entries, err := tx.AuditEntries(ctx, tid)
		if err != nil {
			return err
		}
		var seen []string
		var last int64
		for _, e := range entries {
			if e.Record.Action == action {
				seen = append(seen, fmt.Sprint(e.Record.Details["i"]))
			}
			last = e.Index
		}
		if fmt.Sprint(seen) != fmt.Sprint(countTo(n)) {
			t.Errorf("the log's records of %s: got %v, want %v, each once", action, seen, countTo(n))
		}
		size, queued, err := tx.AuditStorage().(interface {
			LogState(context.Context) (int64, int64, error)
		}).LogState(ctx)
		if err != nil || queued != 0 || size != last+1 {
			t.Errorf("the log: %d records, %d queued (%v); want %d and nothing queued", size, queued, err, last+1)
		}
		cp, err := tx.LatestCheckpoint(ctx)
		if err != nil || cp.Size != size {
			t.Errorf("the latest checkpoint: %+v, %v; want one of %d records", cp, err, size)
		}
		rep, err := tx.VerifyAudit(ctx, nil, "")
		if err != nil || rep.Records != size {
			t.Errorf("verifying: %+v, %v; want %d records intact", rep, err, size)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func countTo(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprint(i)
	}
	return out
}

// recordedTalks is talksWithDraft with the audit record that makes its
// rows verify.
func recordedTalks(t *testing.T, s Store) (int64, *parley.Draft) {
	t.Helper()
	tk := &parley.Talks{Title: "T", State: parley.TalksOpen, CreatedAt: now}
	d := &parley.Draft{Number: 1, Tabled: true, Title: "Draft 1", TabledAt: now, TabledBy: "mediator"}
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.CreateTalks(ctx, tk); err != nil {
			return err
		}
		d.TalksID, d.Points = tk.ID, nil // afresh on each attempt: the store may run fn again
		for i := range 3 {
			id, err := tx.NewPointID(ctx, tk.ID)
			if err != nil {
				return err
			}
			d.Points = append(d.Points, parley.Point{ID: id, Kind: parley.KindPoint, Number: fmt.Sprint(i + 1), Text: "text", Change: parley.ChangeNew})
		}
		if err := tx.PutDraft(ctx, d); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, auditlog.Record{Time: now, Actor: "test", Talks: tk.ID, Action: "test.talks", Object: "talks"})
	})
	if err != nil {
		t.Fatal(err)
	}
	return tk.ID, d
}

// forgedQueue checks that a record put into the audit queue by hand is
// never signed: the write queued behind it (deferred) fails to sequence,
// and once the forged record is gone the write's record goes into the
// log.
func forgedQueue(t *testing.T, open Reopener) {
	s, pool, err := open(sqlstore.WithDeferredSequencing())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tid, _ := recordedTalks(t, s)
	ctx := context.Background()
	if _, err := pool.ExecContext(ctx, `INSERT INTO audit_queue (data, mac, talks_id, party_id) VALUES ('{"action":"forged"}', 'mac', 0, 0)`); err != nil {
		t.Fatal(err)
	}
	err = recordedWrite(t, s, tid, "test.behind-forged", 0)
	if err == nil || !strings.Contains(err.Error(), "not authentic") {
		t.Errorf("a write queued behind a forged record: got %v, want the forged record refused", err)
	}
	if err := view(t, s, func(ctx context.Context, tx parley.Tx) error {
		_, err := tx.VerifyAudit(ctx, nil, "")
		if err == nil || !strings.Contains(err.Error(), "not authentic") {
			t.Errorf("verifying with a forged record queued: got %v, want it refused", err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.ExecContext(ctx, `DELETE FROM audit_queue WHERE talks_id = 0`); err != nil {
		t.Fatal(err)
	}
	if err := recordedWrite(t, s, tid, "test.behind-forged", 1); err != nil {
		t.Fatalf("a write once the forged record is gone: %v", err)
	}
	checkSequenced(t, s, tid, "test.behind-forged", 2)
}

// testConcurrentWrites has writers set one party's stance on one point
// at once, in shared writes (parley.Store.UpdateShared), while the next
// draft is tabled: a write refuses (ECONFLICT) to
// set a stance on a draft no longer current. Every write that succeeded
// is a version of the stance, the versions have no gap, the log holds
// each once in version order, and none after the tabling's record.
func testConcurrentWrites(t *testing.T, s Store) {
	tid, d := recordedTalks(t, s)
	p := &parley.Party{TalksID: tid, Name: "Russia", Kind: parley.PartyParty}
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.CreateParty(ctx, p); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, auditlog.Record{Time: now, Actor: "test", Talks: tid, Action: "party.create", Object: "party"})
	}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	won := map[int]string{} // version → rationale
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 6 {
				r := fmt.Sprintf("w%d-%d", w, i)
				v, err := stanceIfCurrent(t, s, tid, d.Points[0].ID, p.ID, r)
				if err != nil && code(err) != parley.ECONFLICT {
					t.Errorf("stance %s: %v", r, err)
				}
				if err == nil {
					mu.Lock()
					won[v] = r
					mu.Unlock()
				}
			}
		})
	}
	wg.Go(func() {
		if err := tableNext(t, s, tid, d); err != nil {
			t.Errorf("tabling draft 2: %v", err)
		}
	})
	wg.Wait()
	checkConcurrent(t, s, tid, d.Points[0].ID, p.ID, won)
}

// stanceIfCurrent sets the stance unless draft 1 is no longer the latest,
// with its record, and returns its version.
func stanceIfCurrent(t *testing.T, s Store, tid, point, party int64, rationale string) (int, error) {
	st := &parley.Stance{TalksID: tid, Draft: 1, PointID: point, PartyID: party, Value: parley.Acceptable,
		Rationale: rationale, RecordedBy: "russia", RecordedAt: now}
	ctx := context.Background()
	// A shared write, as the workspace writes stances: on PostgreSQL they
	// run alongside each other, and the tabling excludes them.
	err := s.UpdateShared(ctx, func(tx parley.Tx) error {
		ds, err := tx.Drafts(ctx, tid)
		if err != nil {
			return err
		}
		for _, d := range ds {
			if d.Tabled && d.Number > 1 {
				return parley.Errorf(parley.ECONFLICT, "draft 1 is no longer current")
			}
		}
		if err := tx.PutStance(ctx, st); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, auditlog.Record{Time: now, Actor: "russia", Talks: tid, Action: "stance.set",
			Object: "stance", Details: map[string]any{"version": st.Version, "rationale": rationale}})
	})
	return st.Version, err
}

// tableNext tables draft 2 after d, with its record.
func tableNext(t *testing.T, s Store, tid int64, d *parley.Draft) error {
	next := &parley.Draft{TalksID: tid, Number: 2, Tabled: true, Title: "Draft 2", TabledAt: now, TabledBy: "mediator", Points: d.Points}
	return update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.PutDraft(ctx, next); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, auditlog.Record{Time: now, Actor: "mediator", Talks: tid, Action: "draft.table", Object: "drafts/2"})
	})
}

// checkConcurrent checks the stance's history and the log against won,
// the versions the writers were told they wrote.
func checkConcurrent(t *testing.T, s Store, tid, point, party int64, won map[int]string) {
	t.Helper()
	err := view(t, s, func(ctx context.Context, tx parley.Tx) error {
		h, err := tx.StanceHistory(ctx, tid, 1, point, party)
		if err != nil {
			return err
		}
		if len(h) != len(won) {
			t.Errorf("history: %d versions, want the %d writes that succeeded", len(h), len(won))
		}
		for i, st := range h {
			if st.Version != i+1 || won[st.Version] != st.Rationale {
				t.Errorf("version %d: got %d %q, want %q", i+1, st.Version, st.Rationale, won[i+1])
			}
		}
		entries, err := tx.AuditEntries(ctx, tid)
		if err != nil {
			return err
		}
		var order []string
		tabled := false
		for _, e := range entries {
			switch e.Record.Action {
			case "draft.table":
				tabled = true
			case "stance.set":
				if tabled {
					t.Errorf("a stance on draft 1 recorded after draft 2 was tabled: %v", e.Record.Details)
				}
				order = append(order, fmt.Sprint(e.Record.Details["version"], " ", e.Record.Details["rationale"]))
			}
		}
		var want []string
		for v := 1; v <= len(won); v++ {
			want = append(want, fmt.Sprint(v, " ", won[v]))
		}
		if !tabled || strings.Join(order, ", ") != strings.Join(want, ", ") {
			t.Errorf("the log: stances %v, tabled %t; want %v, then the tabling", order, tabled, want)
		}
		_, err = tx.VerifyAudit(ctx, nil, "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
