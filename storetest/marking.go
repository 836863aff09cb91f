package storetest

import (
	"context"
	"testing"

	"github.com/parley-talks/parley"
)

// testMarkingFinished checks a party's declaration that it has finished
// marking a draft: recorded once however often it is declared, withdrawn,
// and each draft's apart.
func testMarkingFinished(t *testing.T, s Store) {
	tid, _ := talksWithDraft(t, s)
	p := &parley.Party{TalksID: tid, Name: "Russia", Kind: parley.PartyParty}
	finished := func() []parley.MarkingFinished {
		t.Helper()
		var out []parley.MarkingFinished
		if err := view(t, s, func(ctx context.Context, tx parley.Tx) (err error) {
			out, err = tx.MarkingFinished(ctx, tid, 1)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.CreateParty(ctx, p); err != nil {
			return err
		}
		for range 2 {
			if err := tx.PutMarkingFinished(ctx, &parley.MarkingFinished{TalksID: tid, Draft: 1, PartyID: p.ID, DeclaredBy: "russia", DeclaredAt: now}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := finished(); len(got) != 1 || got[0].PartyID != p.ID || got[0].DeclaredBy != "russia" || !got[0].DeclaredAt.Equal(now) {
		t.Errorf("after declaring twice: got %+v, want one declaration by russia at %v", got, now)
	}
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		return tx.DeleteMarkingFinished(ctx, tid, 1, p.ID)
	}); err != nil {
		t.Fatal(err)
	}
	if got := finished(); len(got) != 0 {
		t.Errorf("after withdrawing: got %+v, want none", got)
	}
}
