package storetest

import (
	"context"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
)

// BenchAuditedWrite measures one stance write with its audit record on s,
// a fresh store, one after the other: the write path without HTTP.
func BenchAuditedWrite(b *testing.B, s parley.Store) {
	ctx := context.Background()
	tk := &parley.Talks{Title: "T", State: parley.TalksOpen, CreatedAt: now}
	p := &parley.Party{Name: "Russia", Kind: parley.PartyParty}
	var point int64
	err := s.Update(ctx, func(tx parley.Tx) error {
		if err := tx.CreateTalks(ctx, tk); err != nil {
			return err
		}
		var err error
		if point, err = tx.NewPointID(ctx, tk.ID); err != nil {
			return err
		}
		d := &parley.Draft{TalksID: tk.ID, Number: 1, Tabled: true, Title: "Draft 1", TabledAt: now, TabledBy: "mediator",
			Points: []parley.Point{{ID: point, Kind: parley.KindPoint, Number: "1", Text: "text", Change: parley.ChangeNew}}}
		if err := tx.PutDraft(ctx, d); err != nil {
			return err
		}
		p.TalksID = tk.ID
		if err := tx.CreateParty(ctx, p); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, auditlog.Record{Time: now, Actor: "test", Talks: tk.ID, Action: "talks.create", Object: "talks"})
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		err := s.Update(ctx, func(tx parley.Tx) error {
			st := &parley.Stance{TalksID: tk.ID, Draft: 1, PointID: point, PartyID: p.ID, Value: parley.Acceptable,
				Rationale: "r", RecordedBy: "russia", RecordedAt: now}
			if err := tx.PutStance(ctx, st); err != nil {
				return err
			}
			return tx.AppendAudit(ctx, auditlog.Record{Time: now, Actor: "russia", Talks: tk.ID, Action: "stance.set", Object: "stance"})
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
