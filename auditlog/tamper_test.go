package auditlog_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/parley-talks/parley/auditlog"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// gapStorage is a MemoryStorage whose Records leaves out one index while
// Size still counts it, as a SQL table would after a row was deleted.
type gapStorage struct {
	*auditlog.MemoryStorage
	missing int64
}

func (g gapStorage) Records(ctx context.Context, from, to int64) ([][]byte, error) {
	all, err := g.MemoryStorage.Records(ctx, from, to)
	if err != nil || g.missing < from || g.missing >= to {
		return all, err
	}
	return slices.Delete(all, int(g.missing-from), int(g.missing-from+1)), nil
}

// rewrite returns a log of the same records as s, but with record i's actor
// changed and every hash recomputed to match.
func rewrite(tb testing.TB, s *auditlog.MemoryStorage, i int) *auditlog.MemoryStorage {
	tb.Helper()
	out := new(auditlog.MemoryStorage)
	for j, data := range s.Data {
		r, err := auditlog.Decode(data)
		if err != nil {
			tb.Fatal(err)
		}
		if j == i {
			r.Actor = "mallory"
		}
		if _, _, err := auditlog.Append(context.Background(), out, r); err != nil {
			tb.Fatal(err)
		}
	}
	return out
}

// forgeSignature returns msg with one bit of its signature flipped.
func forgeSignature(tb testing.TB, msg []byte) []byte {
	tb.Helper()
	i := bytes.LastIndexByte(msg[:len(msg)-1], ' ')
	sig, err := base64.StdEncoding.DecodeString(string(msg[i+1 : len(msg)-1]))
	if err != nil {
		tb.Fatal(err)
	}
	sig[len(sig)-1] ^= 1
	return append(append(slices.Clone(msg[:i+1]), base64.StdEncoding.EncodeToString(sig)...), '\n')
}

func TestVerifyTampering(t *testing.T) {
	ctx := context.Background()
	signer, verifier := newKeys(t, "audit.parley.test")
	otherSigner, _ := newKeys(t, "audit.parley.test")
	strangerSigner, _ := newKeys(t, "audit.stranger.test")

	const n = 20
	type tamperFunc func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte)
	tests := []struct {
		name   string
		sizes  []int64 // of checkpoints signed before tampering
		tamper tamperFunc
		want   auditlog.Fault // Reason is a substring of the reason wanted
	}{
		{
			name: "record changed",
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				s.Data[7] = bytes.Replace(s.Data[7], []byte(`"actor":"user2"`), []byte(`"actor":"user3"`), 1)
				return s, cps
			},
			want: auditlog.Fault{Record: 7, Checkpoint: -1, Reason: "does not match its stored hash"},
		},
		{
			name: "first record changed",
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				s.Data[0][len(s.Data[0])-2] ^= 1
				return s, cps
			},
			want: auditlog.Fault{Record: 0, Checkpoint: -1, Reason: "does not match its stored hash"},
		},
		{
			name: "last record changed",
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				s.Data[n-1] = append(s.Data[n-1], ' ')
				return s, cps
			},
			want: auditlog.Fault{Record: n - 1, Checkpoint: -1, Reason: "does not match its stored hash"},
		},
		{
			name: "record deleted, later ones renumbered",
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				s.Data = slices.Delete(s.Data, 5, 6)
				return s, cps
			},
			want: auditlog.Fault{Record: 5, Checkpoint: -1, Reason: "does not match its stored hash"},
		},
		{
			name: "record deleted, leaving a gap",
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				return gapStorage{s, 5}, cps
			},
			want: auditlog.Fault{Record: 5, Checkpoint: -1, Reason: "does not match its stored hash"},
		},
		{
			name: "last record deleted, leaving a gap",
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				return gapStorage{s, n - 1}, cps
			},
			want: auditlog.Fault{Record: n - 1, Checkpoint: -1, Reason: "missing"},
		},
		{
			name:  "last records deleted with their hashes, after a checkpoint",
			sizes: []int64{10, n},
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				s.Data = s.Data[:17]
				s.Hashes = s.Hashes[:tlog.StoredHashCount(17)]
				return s, cps
			},
			want: auditlog.Fault{Record: 17, Checkpoint: 1, Reason: "deleted"},
		},
		{
			name: "last records deleted, hashes left behind",
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				s.Data = s.Data[:17]
				return s, cps
			},
			want: auditlog.Fault{Record: 17, Checkpoint: -1, Reason: "deleted"},
		},
		{
			name: "record inserted",
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				s.Data = slices.Insert(s.Data, 8, s.Data[3])
				return s, cps
			},
			want: auditlog.Fault{Record: 8, Checkpoint: -1, Reason: "does not match its stored hash"},
		},
		{
			name: "two records swapped",
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				s.Data[3], s.Data[4] = s.Data[4], s.Data[3]
				return s, cps
			},
			want: auditlog.Fault{Record: 3, Checkpoint: -1, Reason: "does not match its stored hash"},
		},
		{
			name: "stored record hash changed",
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				s.Hashes[tlog.StoredHashIndex(0, 9)][0] ^= 1
				return s, cps
			},
			want: auditlog.Fault{Record: 9, Checkpoint: -1, Reason: "does not match its stored hash"},
		},
		{
			name: "stored interior hash changed",
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				s.Hashes[tlog.StoredHashIndex(2, 1)][31] ^= 1 // records [4, 8)
				return s, cps
			},
			want: auditlog.Fault{Record: 7, Checkpoint: -1, Reason: "level 2, covering records [4, 8)"},
		},
		{
			name: "stored hashes lost",
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				s.Hashes = s.Hashes[:tlog.StoredHashCount(12)]
				return s, cps
			},
			want: auditlog.Fault{Record: 12, Checkpoint: -1, Reason: "not all stored"},
		},
		{
			name:  "checkpoint signature forged",
			sizes: []int64{5, 10},
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				cps[1] = forgeSignature(tb, cps[1])
				return s, cps
			},
			want: auditlog.Fault{Record: -1, Checkpoint: 1, Reason: "invalid signature"},
		},
		{
			name:  "checkpoint text altered under a valid signature",
			sizes: []int64{10},
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				cps[0] = bytes.Replace(cps[0], []byte("\n10\n"), []byte("\n11\n"), 1)
				return s, cps
			},
			want: auditlog.Fault{Record: -1, Checkpoint: 0, Reason: "invalid signature"},
		},
		{
			name: "checkpoint signed by another key of the same name",
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				return s, [][]byte{checkpoint(tb, s, n, otherSigner)}
			},
			want: auditlog.Fault{Record: -1, Checkpoint: 0, Reason: "no verifiable signatures"},
		},
		{
			name:  "checkpoint signed by a stranger",
			sizes: []int64{4},
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				return s, append(cps, checkpoint(tb, s, n, strangerSigner))
			},
			want: auditlog.Fault{Record: -1, Checkpoint: 1, Reason: "no verifiable signatures"},
		},
		{
			name:  "history rewritten after a checkpoint",
			sizes: []int64{5, 15, n},
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				return rewrite(tb, s, 10), cps
			},
			want: auditlog.Fault{Record: -1, Checkpoint: 1, Reason: "first record changed is in [5, 15)"},
		},
		{
			name:  "history rewritten and re-signed",
			sizes: []int64{15},
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				forged := rewrite(tb, s, 0)
				return forged, append(cps, checkpoint(tb, forged, n, signer))
			},
			want: auditlog.Fault{Record: -1, Checkpoint: 0, Reason: "rewritten"},
		},
		{
			name:  "checkpoints rolled back",
			sizes: []int64{15, 10},
			tamper: func(tb testing.TB, s *auditlog.MemoryStorage, cps [][]byte) (auditlog.Storage, [][]byte) {
				return s, cps
			},
			want: auditlog.Fault{Record: -1, Checkpoint: 1, Reason: "rolled back"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newLog(t, n)
			var cps [][]byte
			for _, size := range tt.sizes {
				cps = append(cps, checkpoint(t, s, size, signer))
			}
			if !slices.IsSorted(tt.sizes) {
				// The test wants the checkpoints as given; leave them be.
			} else if _, err := auditlog.Verify(ctx, s, cps, verifier); err != nil {
				t.Fatalf("Verify before tampering: %v", err)
			}

			ts, cps := tt.tamper(t, s, cps)
			rep, err := auditlog.Verify(ctx, ts, cps, verifier)
			if err == nil {
				t.Fatalf("Verify after tampering: got no error, want one; report %+v", *rep)
			}
			t.Log(err)
			if rep == nil {
				t.Fatal("Verify: got nil report")
			}
			var fault *auditlog.Fault
			if !errors.As(err, &fault) {
				t.Fatalf("Verify: got error %v, want a *Fault", err)
			}
			if rep.Fault != fault {
				t.Errorf("Verify: report has fault %v, want %v", rep.Fault, fault)
			}
			if fault.Record != tt.want.Record || fault.Checkpoint != tt.want.Checkpoint {
				t.Errorf("Verify: got fault at record %d, checkpoint %d; want record %d, checkpoint %d",
					fault.Record, fault.Checkpoint, tt.want.Record, tt.want.Checkpoint)
			}
			if !strings.Contains(fault.Reason, tt.want.Reason) {
				t.Errorf("Verify: got reason %q, want it to contain %q", fault.Reason, tt.want.Reason)
			}
			if fault.Record >= 0 && rep.Records != fault.Record {
				t.Errorf("Verify: got %d records checked, want %d (those before the fault)", rep.Records, fault.Record)
			}
		})
	}
}

func TestVerifyNoVerifier(t *testing.T) {
	signer, _ := newKeys(t, "audit.parley.test")
	s := newLog(t, 3)
	var v note.Verifier
	_, err := auditlog.Verify(context.Background(), s, [][]byte{checkpoint(t, s, 3, signer)}, v)
	var fault *auditlog.Fault
	if err == nil || errors.As(err, &fault) {
		t.Errorf("Verify with checkpoints and no verifier: got %v, want a usage error", err)
	}
}

// failingStorage is a MemoryStorage whose reads fail.
type failingStorage struct {
	*auditlog.MemoryStorage
	records, hashes bool
}

var errDiskOnFire = errors.New("disk on fire")

func (f failingStorage) Records(ctx context.Context, from, to int64) ([][]byte, error) {
	if f.records {
		return nil, errDiskOnFire
	}
	return f.MemoryStorage.Records(ctx, from, to)
}

func (f failingStorage) ReadHashes(ctx context.Context, indexes []int64) ([]tlog.Hash, error) {
	if f.hashes {
		return nil, errDiskOnFire
	}
	return f.MemoryStorage.ReadHashes(ctx, indexes)
}

func TestVerifyStorageError(t *testing.T) {
	s := newLog(t, 5)
	for _, fs := range []failingStorage{{s, true, false}, {s, false, true}} {
		rep, err := auditlog.Verify(context.Background(), fs, nil, nil)
		if !errors.Is(err, errDiskOnFire) {
			t.Errorf("Verify with failing reads (records %v, hashes %v): got %v, want %v", fs.records, fs.hashes, err, errDiskOnFire)
		}
		if rep == nil || rep.Fault != nil {
			t.Errorf("Verify with failing reads: got report %+v, want one without a fault", rep)
		}
	}
}
