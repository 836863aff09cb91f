package storetest

import (
	"context"
	"testing"

	"github.com/parley-talks/parley"
)

// testWorkingDraftVersions checks the working draft's version: 0 before
// any change, one more at each, each talks' apart.
func testWorkingDraftVersions(t *testing.T, s Store) {
	tid, _ := talksWithDraft(t, s)
	other, _ := talksWithDraft(t, s)
	version := func(talks int64) int {
		t.Helper()
		var v int
		if err := view(t, s, func(ctx context.Context, tx parley.Tx) (err error) {
			v, err = tx.WorkingDraftVersion(ctx, talks)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := version(tid); v != 0 {
		t.Errorf("version before any change: got %d, want 0", v)
	}
	for want := 1; want <= 3; want++ {
		var got int
		if err := update(t, s, func(ctx context.Context, tx parley.Tx) (err error) {
			got, err = tx.NextWorkingDraftVersion(ctx, tid)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if got != want || version(tid) != want {
			t.Errorf("change %d: got version %d (read back %d), want %d", want, got, version(tid), want)
		}
	}
	if v := version(other); v != 0 {
		t.Errorf("the other talks' version: got %d, want 0", v)
	}
}

// testTablingKeys checks the keys of tabling requests: recorded once per
// talks, found again, and a key used twice is a conflict.
func testTablingKeys(t *testing.T, s Store) {
	tid, _ := talksWithDraft(t, s)
	other, _ := talksWithDraft(t, s)
	lookup := func(talks int64, key string) (int, error) {
		var n int
		err := view(t, s, func(ctx context.Context, tx parley.Tx) (err error) {
			n, err = tx.TablingKey(ctx, talks, key)
			return err
		})
		return n, err
	}
	if _, err := lookup(tid, "k"); code(err) != parley.ENOTFOUND {
		t.Errorf("a key never used: got %v, want %s", err, parley.ENOTFOUND)
	}
	put := func(talks int64, key string) error {
		return update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.PutTablingKey(ctx, talks, key, 1) })
	}
	if err := put(tid, "k"); err != nil {
		t.Fatal(err)
	}
	if n, err := lookup(tid, "k"); err != nil || n != 1 {
		t.Errorf("the key read back: got %d, %v, want draft 1", n, err)
	}
	if err := put(tid, "k"); code(err) != parley.ECONFLICT {
		t.Errorf("the key used again: got %v, want %s", err, parley.ECONFLICT)
	}
	if _, err := lookup(other, "k"); code(err) != parley.ENOTFOUND {
		t.Errorf("the key in other talks: got %v, want %s", err, parley.ENOTFOUND)
	}
	if err := put(other, "k"); err != nil {
		t.Errorf("the same key in other talks: got %v, want it recorded", err)
	}
}
