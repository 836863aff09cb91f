package storetest

import (
	"context"
	"testing"

	"github.com/parley-talks/parley"
)

// testPreferences stores an account's interface preferences, reads them
// back, replaces them, and reads "auto" (and no language) for an account
// that has set none.
func testPreferences(t *testing.T, s Store) {
	a := &parley.Account{Username: "prefs", PasswordHash: "x", CreatedAt: now}
	b := &parley.Account{Username: "noprefs", PasswordHash: "x", CreatedAt: now}
	read := func(id int64) parley.Preferences {
		t.Helper()
		var p parley.Preferences
		if err := view(t, s, func(ctx context.Context, tx parley.Tx) (err error) {
			p, err = tx.Preferences(ctx, id)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.CreateAccount(ctx, a); err != nil {
			return err
		}
		if err := tx.CreateAccount(ctx, b); err != nil {
			return err
		}
		return tx.SetPreferences(ctx, a.ID, parley.Preferences{DraftView: "compact", Language: "uk"})
	}); err != nil {
		t.Fatal(err)
	}
	if got := read(a.ID); got.DraftView != "compact" || got.Language != "uk" {
		t.Errorf("after storing compact: %+v", got)
	}
	if got := read(b.ID); got.DraftView != "auto" || got.Language != "" {
		t.Errorf("an account with no preferences: %+v, want auto", got)
	}
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		return tx.SetPreferences(ctx, a.ID, parley.Preferences{DraftView: "full"})
	}); err != nil {
		t.Fatal(err)
	}
	if got := read(a.ID); got.DraftView != "full" || got.Language != "" {
		t.Errorf("after replacing with full: %+v", got)
	}
}
