package auditlog_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/parley-talks/parley/auditlog"
	"golang.org/x/mod/sumdb/tlog"
)

// treeAt returns the tree of the first n records of s.
func treeAt(tb testing.TB, s auditlog.Storage, n int64) tlog.Tree {
	tb.Helper()
	tree, err := auditlog.TreeAt(context.Background(), s, n)
	if err != nil {
		tb.Fatal(err)
	}
	return tree
}

// flip returns tree with one bit of its hash changed.
func flip(tree tlog.Tree) tlog.Tree {
	tree.Hash[5] ^= 0x10
	return tree
}

func TestProveRecord(t *testing.T) {
	ctx := context.Background()
	const n = 300
	s := newLog(t, n)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		size := 1 + rng.Int64N(n)
		index := rng.Int64N(size)
		p, err := auditlog.ProveRecord(ctx, s, index, size)
		if err != nil {
			t.Fatalf("ProveRecord(%d, %d): %v", index, size, err)
		}
		tree := treeAt(t, s, size)
		if err := auditlog.CheckRecord(p, tree, index, s.Data[index]); err != nil {
			t.Fatalf("CheckRecord(%d in %d): %v", index, size, err)
		}

		other := (index + 1 + rng.Int64N(n-1)) % n
		wrong := []struct {
			what  string
			tree  tlog.Tree
			index int64
			data  []byte
		}{
			{"another record's data", tree, index, s.Data[other]},
			{"changed data", tree, index, append(s.Data[index][:len(s.Data[index]):len(s.Data[index])], ' ')},
			{"another index", tree, (index + 1) % size, s.Data[index]},
			{"another tree hash", flip(tree), index, s.Data[index]},
			{"a larger tree", treeAt(t, s, min(size+1+rng.Int64N(n), n)), index, s.Data[index]},
			{"an index beyond the tree", tree, size, s.Data[index]},
		}
		for _, w := range wrong {
			if w.index == index && w.tree == tree && string(w.data) == string(s.Data[index]) {
				continue // size 1, or the larger tree is the same tree
			}
			if err := auditlog.CheckRecord(p, w.tree, w.index, w.data); err == nil {
				t.Errorf("CheckRecord of record %d in %d with %s: got no error, want one", index, size, w.what)
			}
		}
	}

	for _, bad := range [][2]int64{{0, 0}, {5, 5}, {-1, 5}, {3, n + 1}} {
		if _, err := auditlog.ProveRecord(ctx, s, bad[0], bad[1]); err == nil {
			t.Errorf("ProveRecord(%d, %d): got no error, want one", bad[0], bad[1])
		}
	}
}

func TestProveTree(t *testing.T) {
	ctx := context.Background()
	const n = 300
	s := newLog(t, n)
	forked := rewrite(t, s, 100) // the same log but for record 100 onwards
	rng := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		newSize := rng.Int64N(n + 1)
		oldSize := rng.Int64N(newSize + 1)
		p, err := auditlog.ProveTree(ctx, s, oldSize, newSize)
		if err != nil {
			t.Fatalf("ProveTree(%d, %d): %v", oldSize, newSize, err)
		}
		older, newer := treeAt(t, s, oldSize), treeAt(t, s, newSize)
		if err := auditlog.CheckTree(p, older, newer); err != nil {
			t.Fatalf("CheckTree(%d, %d): %v", oldSize, newSize, err)
		}

		wrong := []struct {
			what         string
			older, newer tlog.Tree
		}{
			{"another old hash", flip(older), newer},
			{"another new hash", older, flip(newer)},
			{"trees swapped", newer, older},
		}
		if oldSize > 0 && oldSize < newSize {
			wrong = append(wrong, struct {
				what         string
				older, newer tlog.Tree
			}{"another old size", treeAt(t, s, oldSize-1), newer})
		}
		if newSize > 100 {
			wrong = append(wrong, struct {
				what         string
				older, newer tlog.Tree
			}{"a forked new tree", older, treeAt(t, forked, newSize)})
		}
		for _, w := range wrong {
			if w.older == older && w.newer == newer {
				continue
			}
			if oldSize == 0 && w.what != "another old hash" {
				continue // every tree extends the empty tree
			}
			if err := auditlog.CheckTree(p, w.older, w.newer); err == nil {
				t.Errorf("CheckTree(%d, %d) with %s: got no error, want one", oldSize, newSize, w.what)
			}
		}
	}

	for _, bad := range [][2]int64{{5, 4}, {-1, 5}, {3, n + 1}} {
		if _, err := auditlog.ProveTree(ctx, s, bad[0], bad[1]); err == nil {
			t.Errorf("ProveTree(%d, %d): got no error, want one", bad[0], bad[1])
		}
	}
}
