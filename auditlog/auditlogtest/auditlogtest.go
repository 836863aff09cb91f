// Package auditlogtest is a conformance suite for implementations of
// [auditlog.Storage]: every backend the audit log runs on should pass it.
package auditlogtest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/parley-talks/parley/auditlog"
	"golang.org/x/mod/sumdb/tlog"
)

// Run runs the conformance suite as subtests of t. Each call of open must
// return a new, empty Storage; open may register clean-ups on tb, such as
// rolling back the transaction the Storage works in. A subtest that checks
// that a write is refused makes no further calls after it, so a backend
// whose transaction is spoiled by a failed statement can still pass.
func Run(t *testing.T, open func(tb testing.TB) auditlog.Storage) {
	t.Run("Empty", func(t *testing.T) { testEmpty(t, open(t)) })
	t.Run("Append", func(t *testing.T) { testAppend(t, open(t), 100) })
	t.Run("AppendMany", func(t *testing.T) { testAppend(t, open(t), 1100) })
	t.Run("RecordIndexTaken", func(t *testing.T) { testRecordIndexTaken(t, open(t)) })
	t.Run("HashIndexTaken", func(t *testing.T) { testHashIndexTaken(t, open(t)) })
}

// Record returns the i'th record of a made-up log.
func Record(i int) auditlog.Record {
	r := auditlog.Record{
		Time:   time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second),
		Actor:  fmt.Sprintf("user%d", i%5),
		Talks:  int64(1 + i%3),
		Action: "draft.table",
		Object: fmt.Sprintf("talks/%d/drafts/%d", 1+i%3, i),
	}
	if i%2 == 1 {
		r.Action, r.Party = "stance.set", int64(1+i%4)
		r.Details = map[string]any{"point": i % 11}
	}
	return r
}

func testEmpty(t *testing.T, s auditlog.Storage) {
	ctx := context.Background()
	if n, err := s.Size(ctx); err != nil || n != 0 {
		t.Fatalf("Size: got %d, %v; want 0, nil", n, err)
	}
	if got, err := s.Records(ctx, 0, 0); err != nil || len(got) != 0 {
		t.Fatalf("Records(0, 0): got %d records, %v; want 0, nil", len(got), err)
	}
	if _, err := s.ReadHashes(ctx, []int64{0}); !errors.Is(err, auditlog.ErrNotStored) {
		t.Fatalf("ReadHashes([0]): got error %v, want one wrapping ErrNotStored", err)
	}
	rep, err := auditlog.Verify(ctx, s, nil, nil)
	if err != nil || rep.Records != 0 {
		t.Fatalf("Verify: got %d records, %v; want 0, nil", rep.Records, err)
	}
}

// testAppend appends n records to s and to a MemoryStorage, and checks
// that s gives back the same records, hashes and trees.
func testAppend(t *testing.T, s auditlog.Storage, n int) {
	m := appendRecords(t, s, n)
	checkRecords(t, s, m, n)
	checkHashes(t, s, m, n)
	checkTrees(t, s, m, n)
}

// appendRecords appends n records to s and to a memory log, checking that
// s gives each the same index and tree, and returns the memory log.
func appendRecords(tb testing.TB, s auditlog.Storage, n int) *auditlog.MemoryStorage {
	tb.Helper()
	ctx := context.Background()
	var m auditlog.MemoryStorage
	for i := range n {
		index, tree, err := auditlog.Append(ctx, s, Record(i))
		if err != nil {
			tb.Fatalf("Append record %d: %v", i, err)
		}
		_, want, err := auditlog.Append(ctx, &m, Record(i))
		if err != nil {
			tb.Fatal(err)
		}
		if index != int64(i) || tree != want {
			tb.Fatalf("Append record %d: got index %d, tree %v; want %d, %v", i, index, tree, i, want)
		}
	}
	if size, err := s.Size(ctx); err != nil || size != int64(n) {
		tb.Fatalf("Size: got %d, %v; want %d, nil", size, err, n)
	}
	return &m
}

// checkRecords checks that s returns the records of m for ranges of its
// n records: empty, whole, inside and at the ends.
func checkRecords(tb testing.TB, s auditlog.Storage, m *auditlog.MemoryStorage, n int) {
	tb.Helper()
	ctx := context.Background()
	for _, r := range [][2]int64{{0, 0}, {0, 1}, {0, int64(n)}, {3, 17}, {int64(n) - 1, int64(n)}, {int64(n), int64(n)}} {
		got, err := s.Records(ctx, r[0], r[1])
		if err != nil {
			tb.Fatalf("Records(%d, %d): %v", r[0], r[1], err)
		}
		want := m.Data[r[0]:r[1]]
		if len(got) != len(want) {
			tb.Fatalf("Records(%d, %d): got %d records, want %d", r[0], r[1], len(got), len(want))
		}
		for i := range got {
			if string(got[i]) != string(want[i]) {
				tb.Fatalf("Records(%d, %d)[%d]: got %s, want %s", r[0], r[1], i, got[i], want[i])
			}
		}
	}
}

// checkHashes checks that s stores the hashes of m for its n records,
// returns them in any order and with repeats, and reports the hashes
// beyond them as not stored.
func checkHashes(tb testing.TB, s auditlog.Storage, m *auditlog.MemoryStorage, n int) {
	tb.Helper()
	ctx := context.Background()
	count := tlog.StoredHashCount(int64(n))
	if count != int64(len(m.Hashes)) {
		tb.Fatalf("stored hash count: got %d, want %d", len(m.Hashes), count)
	}
	all := make([]int64, count)
	for i := range all {
		all[i] = int64(i)
	}
	for _, indexes := range [][]int64{all, {count - 1, 0, 5, 5, 2}} {
		got, err := s.ReadHashes(ctx, indexes)
		if err != nil {
			tb.Fatalf("ReadHashes(%d indexes): %v", len(indexes), err)
		}
		if len(got) != len(indexes) {
			tb.Fatalf("ReadHashes(%d indexes): got %d hashes", len(indexes), len(got))
		}
		for i, x := range indexes {
			if got[i] != m.Hashes[x] {
				tb.Fatalf("ReadHashes: hash %d: got %v, want %v", x, got[i], m.Hashes[x])
			}
		}
	}
	for _, indexes := range [][]int64{{count}, {0, count, 1}} {
		if _, err := s.ReadHashes(ctx, indexes); !errors.Is(err, auditlog.ErrNotStored) {
			tb.Fatalf("ReadHashes(%v) of %d hashes: got error %v, want one wrapping ErrNotStored", indexes, count, err)
		}
	}
}

// checkTrees checks that s, holding the n records of m, verifies to the
// same tree as m and gives the same trees at earlier sizes.
func checkTrees(tb testing.TB, s auditlog.Storage, m *auditlog.MemoryStorage, n int) {
	tb.Helper()
	ctx := context.Background()
	rep, err := auditlog.Verify(ctx, s, nil, nil)
	if err != nil {
		tb.Fatalf("Verify: %v", err)
	}
	head, err := auditlog.Head(ctx, m)
	if err != nil {
		tb.Fatal(err)
	}
	if rep.Records != int64(n) || rep.Tree != head {
		tb.Fatalf("Verify: got %d records, tree %v; want %d, %v", rep.Records, rep.Tree, n, head)
	}
	for _, size := range []int64{0, 1, int64(n) / 2, int64(n)} {
		got, err := auditlog.TreeAt(ctx, s, size)
		if err != nil {
			tb.Fatal(err)
		}
		want, err := auditlog.TreeAt(ctx, m, size)
		if err != nil {
			tb.Fatal(err)
		}
		if got != want {
			tb.Fatalf("TreeAt(%d): got %v, want %v", size, got, want)
		}
	}
}

func testRecordIndexTaken(t *testing.T, s auditlog.Storage) {
	ctx := context.Background()
	for i := range 3 {
		if _, _, err := auditlog.Append(ctx, s, Record(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AppendRecord(ctx, 1, []byte(`{}`)); err == nil {
		t.Fatal("AppendRecord at a taken index: got no error, want one")
	}
}

func testHashIndexTaken(t *testing.T, s auditlog.Storage) {
	ctx := context.Background()
	for i := range 3 {
		if _, _, err := auditlog.Append(ctx, s, Record(i)); err != nil {
			t.Fatal(err)
		}
	}
	indexes := []int64{tlog.StoredHashIndex(0, 1)}
	if err := s.WriteHashes(ctx, indexes, []tlog.Hash{{1}}); err == nil {
		t.Fatal("WriteHashes at a taken index: got no error, want one")
	}
}
