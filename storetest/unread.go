package storetest

import (
	"context"
	"testing"

	"github.com/parley-talks/parley"
)

// testUnreadMessages checks UnreadMessages against the receipts: each
// account counts the messages addressed to it in these talks that it has
// not read, not those of other talks, not those it only received, and
// one fewer once it reads one.
func testUnreadMessages(t *testing.T, s Store) {
	tid, _ := talksWithDraft(t, s)
	other, _ := talksWithDraft(t, s)
	var reader, bystander parley.Account
	var first int64
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		reader, bystander = parley.Account{Username: "unread-reader"}, parley.Account{Username: "unread-bystander"}
		for _, a := range []*parley.Account{&reader, &bystander} {
			if err := tx.CreateAccount(ctx, a); err != nil {
				return err
			}
		}
		for i, talks := range []int64{tid, tid, tid, other} {
			m := &parley.Message{TalksID: talks, Sender: "unread-bystander", Envoy: "unread-bystander", Ciphertext: "sealed", SentAt: now,
				Recipients: []parley.Receipt{{Username: reader.Username, AccountID: reader.ID}}}
			if i == 2 {
				m.Recipients = []parley.Receipt{{Username: bystander.Username, AccountID: bystander.ID}}
			}
			if err := tx.CreateMessage(ctx, m); err != nil {
				return err
			}
			if i == 0 {
				first = m.ID
			}
		}
		return tx.MarkDelivered(ctx, first, reader.ID, now)
	})
	if err != nil {
		t.Fatal(err)
	}
	count := func(talks, account int64) int {
		t.Helper()
		var n int
		if err := view(t, s, func(ctx context.Context, tx parley.Tx) (err error) {
			n, err = tx.UnreadMessages(ctx, talks, account)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got := count(tid, reader.ID); got != 2 {
		t.Errorf("the reader's unread messages: got %d, want 2 (one delivered but not read)", got)
	}
	if got := count(tid, bystander.ID); got != 1 {
		t.Errorf("the bystander's unread messages: got %d, want 1", got)
	}
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.MarkRead(ctx, first, reader.ID, now) }); err != nil {
		t.Fatal(err)
	}
	if got, there := count(tid, reader.ID), count(other, reader.ID); got != 1 || there != 1 {
		t.Errorf("after reading one: got %d here and %d in the other talks, want 1 and 1", got, there)
	}
}
