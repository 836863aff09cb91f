package storetest

import (
	"context"
	"testing"

	"github.com/parley-talks/parley"
)

// testComments checks that a thread and its reply come back with their
// sealed quote and text opened, that resolving and reopening a thread
// keeps the latest, and that another talks' comments are not found.
func testComments(t *testing.T, s Store) {
	tid, d := talksWithDraft(t, s)
	other, _ := talksWithDraft(t, s)
	p := &parley.Party{TalksID: tid, Name: "Russia", Kind: parley.PartyParty}
	root := &parley.Comment{TalksID: tid, Draft: 1, PointID: d.Points[0].ID, Visibility: parley.VisibleToPartyMediator,
		Quote: "text", Text: "secret comment", Author: "russia", CreatedAt: now}
	reply := &parley.Comment{TalksID: tid, Draft: 1, PointID: d.Points[0].ID, Visibility: parley.VisibleToPartyMediator,
		Text: "secret reply", Author: "russia-aide", CreatedAt: now}
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.CreateParty(ctx, p); err != nil {
			return err
		}
		root.PartyID, root.ThreadParty, reply.PartyID, reply.ThreadParty = p.ID, p.ID, p.ID, p.ID
		if err := tx.CreateComment(ctx, root); err != nil {
			return err
		}
		reply.Parent = root.ID
		return tx.CreateComment(ctx, reply)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, resolved := range []bool{true, false, true} {
		if err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
			return tx.SetThreadResolved(ctx, root.ID, resolved, "mediator", now)
		}); err != nil {
			t.Fatal(err)
		}
	}
	err = view(t, s, func(ctx context.Context, tx parley.Tx) error {
		cs, err := tx.Comments(ctx, tid)
		if err != nil {
			return err
		}
		if len(cs) != 2 {
			t.Fatalf("comments: got %+v, want two", cs)
		}
		if c := cs[0]; c.ID != root.ID || c.Parent != 0 || c.Text != "secret comment" || c.Quote != "text" || !c.Resolved ||
			c.PartyName != "Russia" || c.Visibility != parley.VisibleToPartyMediator || !c.CreatedAt.Equal(now) {
			t.Errorf("the thread: got %+v, want it resolved, with its quote", c)
		}
		if c := cs[1]; c.Parent != root.ID || c.Text != "secret reply" || c.Resolved || c.Author != "russia-aide" {
			t.Errorf("the reply: got %+v", c)
		}
		if _, err := tx.Comment(ctx, other, root.ID); code(err) != parley.ENOTFOUND {
			t.Errorf("comment %d in other talks: got %v, want %s", root.ID, err, parley.ENOTFOUND)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
