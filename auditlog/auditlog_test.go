package auditlog_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"testing"
	"time"

	"github.com/parley-talks/parley/auditlog"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// record returns the i'th record of a made-up log.
func record(i int) auditlog.Record {
	r := auditlog.Record{
		Time:   t0.Add(time.Duration(i) * time.Minute),
		Actor:  fmt.Sprintf("user%d", i%5),
		Talks:  int64(1 + i%3),
		Action: "draft.table",
		Object: fmt.Sprintf("talks/%d/drafts/%d", 1+i%3, i),
		Digest: fmt.Sprintf("%x", sha256.Sum256(fmt.Appendf(nil, "draft %d", i))),
	}
	if i%2 == 1 {
		r.Action, r.Party = "stance.set", int64(1+i%4)
		r.Details = map[string]any{"points": i % 11}
	}
	return r
}

// appendN appends n records to s, checking each index and tree Append
// returns, and returns the trees of sizes 1 to n.
func appendN(tb testing.TB, s auditlog.Storage, n int) []tlog.Tree {
	tb.Helper()
	ctx := context.Background()
	start, err := s.Size(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	trees := make([]tlog.Tree, n)
	for i := range n {
		index, tree, err := auditlog.Append(ctx, s, record(int(start)+i))
		if err != nil {
			tb.Fatalf("Append record %d: %v", i, err)
		}
		if want := start + int64(i); index != want {
			tb.Fatalf("Append: got index %d, want %d", index, want)
		}
		if tree.N != index+1 {
			tb.Fatalf("Append record %d: got tree of %d records, want %d", index, tree.N, index+1)
		}
		trees[i] = tree
	}
	return trees
}

// newLog returns a MemoryStorage holding n records.
func newLog(tb testing.TB, n int) *auditlog.MemoryStorage {
	tb.Helper()
	s := new(auditlog.MemoryStorage)
	appendN(tb, s, n)
	return s
}

// newKeys returns a new checkpoint signer and verifier named name.
func newKeys(tb testing.TB, name string) (note.Signer, note.Verifier) {
	tb.Helper()
	skey, vkey, err := auditlog.NewSigner(name)
	if err != nil {
		tb.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		tb.Fatal(err)
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		tb.Fatal(err)
	}
	return signer, verifier
}

// checkpoint returns a checkpoint of the first n records of s.
func checkpoint(tb testing.TB, s auditlog.Storage, n int64, signer note.Signer) []byte {
	tb.Helper()
	tree, err := auditlog.TreeAt(context.Background(), s, n)
	if err != nil {
		tb.Fatal(err)
	}
	msg, err := auditlog.SignCheckpoint(tree, signer)
	if err != nil {
		tb.Fatal(err)
	}
	return msg
}

// treeHash computes the RFC 6962 Merkle tree hash of leaves from first
// principles, independently of tlog.
func treeHash(leaves []tlog.Hash) tlog.Hash {
	switch len(leaves) {
	case 0:
		return sha256.Sum256(nil)
	case 1:
		return leaves[0]
	}
	k := 1
	for k*2 < len(leaves) {
		k *= 2
	}
	l, r := treeHash(leaves[:k]), treeHash(leaves[k:])
	return sha256.Sum256(append(append([]byte{1}, l[:]...), r[:]...))
}

func leafHash(data []byte) tlog.Hash {
	return sha256.Sum256(append([]byte{0}, data...))
}

func TestAppendVerify(t *testing.T) {
	ctx := context.Background()
	signer, verifier := newKeys(t, "audit.parley.test")
	for _, n := range []int{0, 1, 2, 7, 100, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			s := new(auditlog.MemoryStorage)
			trees := appendN(t, s, n)

			leaves := make([]tlog.Hash, n)
			for i, data := range s.Data {
				leaves[i] = leafHash(data)
			}
			for i := 0; i <= n; i++ {
				got, err := auditlog.TreeAt(ctx, s, int64(i))
				if err != nil {
					t.Fatal(err)
				}
				want := tlog.Tree{N: int64(i), Hash: treeHash(leaves[:i])}
				if got != want {
					t.Fatalf("TreeAt(%d): got %v, want %v", i, got, want)
				}
				if i > 0 && trees[i-1] != want {
					t.Fatalf("Append record %d: got tree %v, want %v", i-1, trees[i-1], want)
				}
			}
			head, err := auditlog.Head(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			for _, bad := range []int64{-1, int64(n) + 1} {
				if _, err := auditlog.TreeAt(ctx, s, bad); err == nil {
					t.Errorf("TreeAt(%d) of %d records: got no error, want one", bad, n)
				}
			}

			var cps [][]byte
			for _, size := range []int{0, n / 3, n / 3, n / 2, n} {
				cps = append(cps, checkpoint(t, s, int64(size), signer))
			}
			for _, cps := range [][][]byte{nil, cps} {
				rep, err := auditlog.Verify(ctx, s, cps, verifier)
				if err != nil {
					t.Fatalf("Verify with %d checkpoints: %v", len(cps), err)
				}
				want := auditlog.Report{Records: int64(n), Checkpoints: len(cps), Tree: head}
				if *rep != want {
					t.Errorf("Verify with %d checkpoints: got %+v, want %+v", len(cps), *rep, want)
				}
			}
		})
	}
}

func TestAppendInvalid(t *testing.T) {
	s := newLog(t, 3)
	r := record(3)
	r.Actor = ""
	if _, _, err := auditlog.Append(context.Background(), s, r); err == nil {
		t.Fatal("Append with no actor: got no error, want one")
	}
	if got := len(s.Data); got != 3 {
		t.Errorf("after a failed Append: got %d records, want 3", got)
	}
}

func TestCheckpoint(t *testing.T) {
	signer, verifier := newKeys(t, "audit.parley.test")
	_, other := newKeys(t, "audit.parley.test")
	tree := tlog.Tree{N: 42, Hash: tlog.RecordHash([]byte("x"))}
	msg, err := auditlog.SignCheckpoint(tree, signer)
	if err != nil {
		t.Fatal(err)
	}
	got, err := auditlog.OpenCheckpoint(msg, verifier)
	if err != nil {
		t.Fatal(err)
	}
	if got != tree {
		t.Errorf("OpenCheckpoint: got %v, want %v", got, tree)
	}
	if _, err := auditlog.OpenCheckpoint(msg, other); err == nil {
		t.Error("OpenCheckpoint with another key: got no error, want one")
	}
	// A validly signed note that is more than a tree is refused.
	extra, err := note.Sign(&note.Note{Text: string(tlog.FormatTree(tree)) + "more\n"}, signer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := auditlog.OpenCheckpoint(extra, verifier); err == nil {
		t.Error("OpenCheckpoint of a tree with an extra line: got no error, want one")
	}
}

func BenchmarkAppend(b *testing.B) {
	const n = 10000
	ctx := context.Background()
	records := make([]auditlog.Record, n)
	for i := range records {
		records[i] = record(i)
	}
	for b.Loop() {
		s := new(auditlog.MemoryStorage)
		for _, r := range records {
			if _, _, err := auditlog.Append(ctx, s, r); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/append")
}

func BenchmarkVerify(b *testing.B) {
	const n = 10000
	ctx := context.Background()
	s := newLog(b, n)
	for b.Loop() {
		if _, err := auditlog.Verify(ctx, s, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
}
