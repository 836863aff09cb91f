package sqlstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/sqlstore"
)

// TestStancesCarriedBothWays checks that a database whose stances were
// carried over by copy (before carried_stances) reads and verifies as it
// did, and that stances carried over by reference from such copies, and
// from a party's own later version, read as the stances they stand for:
// value, sealed rationale, sharing and origin; that a party's own version
// over a stance carried by reference is version 2, after it in the
// history; and that changing the reference by hand fails verification.
func TestStancesCarriedBothWays(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "parley.db")
	db, err := sqlite.Open(ctx, path, seal.Key{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { db.Close() }()
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	var tid, a, b int64
	var ids []int64
	update := func(f func(tx parley.Tx) error) {
		t.Helper()
		err := db.Update(ctx, func(tx parley.Tx) error {
			if err := f(tx); err != nil {
				return err
			}
			return tx.AppendAudit(ctx, auditlog.Record{Time: now, Actor: "test", Talks: tid, Action: "test", Object: "test"})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	stance := func(draft int, point, party int64, v parley.StanceValue, why string) parley.Stance {
		return parley.Stance{TalksID: tid, Draft: draft, PointID: point, PartyID: party, Value: v, Rationale: why,
			ShareWithMediator: why != "", RecordedBy: "x", RecordedAt: now}
	}
	// Talks with three drafts of three points, parties A and B; A marks
	// every point of draft 1, B the first.
	update(func(tx parley.Tx) error {
		tk := &parley.Talks{Title: "T", State: parley.TalksOpen, CreatedAt: now}
		if err := tx.CreateTalks(ctx, tk); err != nil {
			return err
		}
		tid = tk.ID
		for _, p := range []*int64{&a, &b} {
			party := &parley.Party{TalksID: tid, Name: map[*int64]string{&a: "A", &b: "B"}[p], Kind: parley.PartyParty}
			if err := tx.CreateParty(ctx, party); err != nil {
				return err
			}
			*p = party.ID
		}
		for range 3 {
			id, err := tx.NewPointID(ctx, tid)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		for n := 1; n <= 3; n++ {
			d := &parley.Draft{TalksID: tid, Number: n, Tabled: true, Title: "D", TabledAt: now, TabledBy: "m"}
			for i, id := range ids {
				d.Points = append(d.Points, parley.Point{ID: id, Kind: parley.KindPoint, Number: string(rune('1' + i)), Text: "t", Change: parley.ChangeUnchanged})
			}
			if err := tx.PutDraft(ctx, d); err != nil {
				return err
			}
		}
		for i, id := range ids {
			st := stance(1, id, a, parley.Unsuitable, "why "+string(rune('1'+i)))
			if err := tx.PutStance(ctx, &st); err != nil {
				return err
			}
		}
		st := stance(1, ids[0], b, parley.Acceptable, "")
		return tx.PutStance(ctx, &st)
	})
	// Carried over to draft 2 by copy, as before; A then changes point 2.
	origin := func(draft int, i int) *parley.StanceOrigin {
		return &parley.StanceOrigin{Draft: draft, Point: ids[i], Number: string(rune('1' + i))}
	}
	update(func(tx parley.Tx) error {
		var copies []parley.Stance
		for i, id := range ids {
			st := stance(2, id, a, parley.Unsuitable, "why "+string(rune('1'+i)))
			st.CarriedFrom = origin(1, i)
			copies = append(copies, st)
		}
		if err := tx.(*sqlstore.Tx).CarryStancesCopied(ctx, copies); err != nil {
			return err
		}
		own := stance(2, ids[1], a, parley.NeedsDiscussion, "changed")
		return tx.PutStance(ctx, &own)
	})
	// Carried over to draft 3 by reference: A's from draft 2, B's from 1.
	update(func(tx parley.Tx) error {
		numbers := map[int64]string{ids[0]: "1", ids[1]: "2", ids[2]: "3"}
		if n, err := tx.CarryStances(ctx, tid, 2, 3, a, numbers); err != nil || n != 3 {
			t.Errorf("carrying A's stances: %d carried, %v", n, err)
		}
		_, err := tx.CarryStances(ctx, tid, 1, 3, b, numbers)
		return err
	})
	want := func(tx parley.Tx, draft int, wants []parley.Stance) {
		t.Helper()
		got, err := tx.Stances(ctx, tid, draft)
		if err != nil || len(got) != len(wants) {
			t.Fatalf("draft %d: got %+v, %v, want %d stances", draft, got, err, len(wants))
		}
		for i, w := range wants {
			g := got[i]
			if g.PointID != w.PointID || g.PartyID != w.PartyID || g.Value != w.Value || g.Rationale != w.Rationale ||
				g.ShareWithMediator != w.ShareWithMediator || g.Version != w.Version || g.Draft != draft ||
				(g.CarriedFrom == nil) != (w.CarriedFrom == nil) || (g.CarriedFrom != nil && *g.CarriedFrom != *w.CarriedFrom) {
				t.Errorf("draft %d, stance %d: got %+v from %+v, want %+v from %+v", draft, i, g, g.CarriedFrom, w, w.CarriedFrom)
			}
		}
	}
	carriedAs := func(st parley.Stance, version int, from *parley.StanceOrigin) parley.Stance {
		st.Version, st.CarriedFrom = version, from
		return st
	}
	err = db.View(ctx, func(tx parley.Tx) error {
		want(tx, 2, []parley.Stance{
			carriedAs(stance(2, ids[0], a, parley.Unsuitable, "why 1"), 1, origin(1, 0)),
			carriedAs(stance(2, ids[1], a, parley.NeedsDiscussion, "changed"), 2, nil),
			carriedAs(stance(2, ids[2], a, parley.Unsuitable, "why 3"), 1, origin(1, 2)),
		})
		want(tx, 3, []parley.Stance{
			carriedAs(stance(3, ids[0], a, parley.Unsuitable, "why 1"), 1, origin(1, 0)),
			carriedAs(stance(3, ids[0], b, parley.Acceptable, ""), 1, origin(1, 0)),
			carriedAs(stance(3, ids[1], a, parley.NeedsDiscussion, "changed"), 1, origin(2, 1)),
			carriedAs(stance(3, ids[2], a, parley.Unsuitable, "why 3"), 1, origin(1, 2)),
		})
		_, err := tx.VerifyAudit(ctx, nil, "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// A confirms its stance on point 1 of draft 3: version 2, its own.
	update(func(tx parley.Tx) error {
		own := stance(3, ids[0], a, parley.Unsuitable, "why 1")
		return tx.PutStance(ctx, &own)
	})
	err = db.View(ctx, func(tx parley.Tx) error {
		h, err := tx.StanceHistory(ctx, tid, 3, ids[0], a)
		if err != nil || len(h) != 2 || h[0].Version != 1 || h[0].CarriedFrom == nil || h[1].Version != 2 || h[1].CarriedFrom != nil ||
			h[0].Rationale != "why 1" {
			t.Errorf("history of A's stance on point 1 of draft 3: got %+v, %v", h, err)
		}
		on, err := tx.PointStances(ctx, tid, 3, ids[0])
		if err != nil || len(on) != 2 || on[0].PartyID != a || on[0].Version != 2 || on[1].PartyID != b || on[1].CarriedFrom == nil {
			t.Errorf("the stances on point 1 of draft 3: got %+v, %v", on, err)
		}
		marks, err := tx.StanceMarks(ctx, tid, 3, b)
		if err != nil || len(marks) != 1 || marks[0].Value != parley.Acceptable || marks[0].CarriedFrom == nil {
			t.Errorf("B's marks on draft 3: got %+v, %v", marks, err)
		}
		_, err = tx.VerifyAudit(ctx, nil, "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Pointing a carried stance at another version, by hand, is found.
	db.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := raw.Exec(`UPDATE carried_stances SET stances = replace(stances, ' 1 1 ', ' 1 2 ') WHERE party_id = ?`, b); err != nil {
		t.Fatal(err)
	} else if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("changed %d rows by hand, want 1", n)
	}
	raw.Close()
	if db, err = sqlite.Open(ctx, path, seal.Key{}); err != nil {
		t.Fatal(err)
	}
	err = db.View(ctx, func(tx parley.Tx) error {
		_, err := tx.VerifyAudit(ctx, nil, "")
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "row carried_stances/") {
		t.Errorf("verifying after a carried stance was changed by hand: got %v, want a fault in carried_stances", err)
	}
}
