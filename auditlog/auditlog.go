// Package auditlog is Parley's tamper-evident record of changes: an
// append-only log of [Record] values whose integrity a Merkle tree vouches
// for, so that no party can later claim the record was altered.
//
// The log follows the formats of Go's checksum database (sum.golang.org):
// records are the leaves of an RFC 6962 Merkle tree kept as in
// [golang.org/x/mod/sumdb/tlog], whose stored hashes are addressed by
// [tlog.StoredHashIndex]; a checkpoint is a tree head formatted by
// [tlog.FormatTree] and signed as a note by [golang.org/x/mod/sumdb/note].
// Anyone holding a checkpoint can check that a record belongs to the log
// ([CheckRecord]) and that a later tree extends it ([CheckTree]), and
// [Verify] re-derives the whole tree from the records and matches it against
// the stored hashes and the checkpoints.
//
// The package is pure: it keeps nothing itself and does no I/O. The caller
// supplies a [Storage], normally backed by the same database transaction as
// the change being recorded, so that a change and its record commit together.
//
// Tamper evidence rests on checkpoints kept where whoever controls the
// database cannot rewrite them: with the records, the stored hashes and the
// signing key all in one place, history can be rewritten and re-signed.
package auditlog

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"
)

// Storage is what the log needs from its backend. Each call of this package
// makes its calls within one transaction of the caller's; Storage need not
// be safe for concurrent use, and appends must be serialized (see [Append]).
type Storage interface {
	// Size returns the number of records stored.
	Size(ctx context.Context) (int64, error)

	// AppendRecord stores the record data at index, which is the Size
	// before the call.
	AppendRecord(ctx context.Context, index int64, data []byte) error

	// Records returns the data of the records with indexes in [from, to),
	// in index order. A result shorter than to-from means records are
	// missing, which [Verify] reports as tampering.
	Records(ctx context.Context, from, to int64) ([][]byte, error)

	// ReadHashes returns the stored hashes with the given storage indexes
	// (see [tlog.StoredHashIndex]), in the order of indexes. If any of them
	// is not stored, it returns an error that wraps [ErrNotStored].
	ReadHashes(ctx context.Context, indexes []int64) ([]tlog.Hash, error)

	// WriteHashes stores hashes[i] at storage index indexes[i]. Stored
	// hashes are never overwritten.
	WriteHashes(ctx context.Context, indexes []int64, hashes []tlog.Hash) error
}

// NextAppender is a Storage that can store a record at the next index
// itself and say which index that was, in one step: [Append] then calls
// AppendNext instead of Size and AppendRecord, a round trip less on a
// database server. The index must be the Size before the call.
type NextAppender interface {
	AppendNext(ctx context.Context, data []byte) (index int64, err error)
}

// ErrNotStored is the error, possibly wrapped, that [Storage.ReadHashes]
// returns for a hash that is not stored.
var ErrNotStored = errors.New("hash not stored")

// hashReader adapts s to a [tlog.HashReader], checking the length of what
// s returns and sparing it calls for no hashes.
func hashReader(ctx context.Context, s Storage) tlog.HashReader {
	return tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		if len(indexes) == 0 {
			return nil, nil
		}
		hashes, err := s.ReadHashes(ctx, indexes)
		if err != nil {
			return nil, err
		}
		if len(hashes) != len(indexes) {
			return nil, fmt.Errorf("auditlog: storage returned %d hashes for %d indexes", len(hashes), len(indexes))
		}
		return hashes, nil
	})
}

// Append encodes r, stores it as the next record with the hashes it adds to
// the tree, and returns its index and the tree that now ends with it.
//
// Append calls, in order: s.Size, which gives the new index n, and
// s.AppendRecord(n) (or, if s is a [NextAppender], s.AppendNext, which
// gives n); s.ReadHashes for the at most log₂ n earlier hashes the new
// subtree hashes need; s.WriteHashes for the 1 + t hashes
// record n adds, where t is the number of trailing 1 bits of n, at
// consecutive ascending storage indexes from [tlog.StoredHashIndex](0, n);
// and s.ReadHashes for the at most 1 + log₂ n hashes of the new tree's head.
// After record n is stored, the stored hashes are exactly those with storage
// indexes in [0, [tlog.StoredHashCount](n+1)).
//
// Since Append writes at the index Size gives, appends must be serialized:
// the backend should make record and hash indexes unique keys, so that of
// two transactions appending at the same index only one commits.
func Append(ctx context.Context, s Storage, r Record) (index int64, tree tlog.Tree, err error) {
	data, err := Encode(r)
	if err != nil {
		return 0, tlog.Tree{}, err
	}
	n, err := appendRecord(ctx, s, data)
	if err != nil {
		return 0, tlog.Tree{}, fmt.Errorf("auditlog: append: %w", err)
	}
	hashes, err := tlog.StoredHashes(n, data, hashReader(ctx, s))
	if err != nil {
		return 0, tlog.Tree{}, fmt.Errorf("auditlog: append: %w", err)
	}
	indexes := make([]int64, len(hashes))
	first := tlog.StoredHashIndex(0, n)
	for i := range indexes {
		indexes[i] = first + int64(i)
	}
	if err := s.WriteHashes(ctx, indexes, hashes); err != nil {
		return 0, tlog.Tree{}, fmt.Errorf("auditlog: append: %w", err)
	}
	th, err := tlog.TreeHash(n+1, hashReader(ctx, s))
	if err != nil {
		return 0, tlog.Tree{}, fmt.Errorf("auditlog: append: %w", err)
	}
	return n, tlog.Tree{N: n + 1, Hash: th}, nil
}

// appendRecord stores data as the next record of s and returns its index:
// in one step if s is a [NextAppender], else at the index s.Size gives.
func appendRecord(ctx context.Context, s Storage, data []byte) (int64, error) {
	if a, ok := s.(NextAppender); ok {
		n, err := a.AppendNext(ctx, data)
		if err == nil && n < 0 {
			err = fmt.Errorf("storage appended at index %d", n)
		}
		return n, err
	}
	n, err := s.Size(ctx)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, fmt.Errorf("storage size %d", n)
	}
	return n, s.AppendRecord(ctx, n, data)
}

// Head returns the tree of all the records in s.
func Head(ctx context.Context, s Storage) (tlog.Tree, error) {
	n, err := s.Size(ctx)
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("auditlog: head: %w", err)
	}
	return treeAt(ctx, s, n)
}

// TreeAt returns the tree of the first n records in s, computed from the
// stored hashes. It is an error for n to exceed the number of records.
func TreeAt(ctx context.Context, s Storage, n int64) (tlog.Tree, error) {
	if err := checkSize(ctx, s, n); err != nil {
		return tlog.Tree{}, err
	}
	return treeAt(ctx, s, n)
}

func treeAt(ctx context.Context, s Storage, n int64) (tlog.Tree, error) {
	th, err := tlog.TreeHash(n, hashReader(ctx, s))
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("auditlog: tree of %d records: %w", n, err)
	}
	return tlog.Tree{N: n, Hash: th}, nil
}

// checkSize reports an error unless 0 <= n <= Size.
func checkSize(ctx context.Context, s Storage, n int64) error {
	size, err := s.Size(ctx)
	if err != nil {
		return fmt.Errorf("auditlog: %w", err)
	}
	if n < 0 || n > size {
		return fmt.Errorf("auditlog: tree size %d out of range: the log holds %d records", n, size)
	}
	return nil
}

// ProveRecord returns the proof that the record at index belongs to the tree
// of the first treeSize records. Check it with [CheckRecord].
func ProveRecord(ctx context.Context, s Storage, index, treeSize int64) (tlog.RecordProof, error) {
	if err := checkSize(ctx, s, treeSize); err != nil {
		return nil, err
	}
	if index < 0 || index >= treeSize {
		return nil, fmt.Errorf("auditlog: record %d is not in a tree of %d records", index, treeSize)
	}
	p, err := tlog.ProveRecord(treeSize, index, hashReader(ctx, s))
	if err != nil {
		return nil, fmt.Errorf("auditlog: prove record %d in tree of %d: %w", index, treeSize, err)
	}
	return p, nil
}

// CheckRecord reports whether p proves that data is the record at index in
// tree, which the caller typically holds as a signed checkpoint.
func CheckRecord(p tlog.RecordProof, tree tlog.Tree, index int64, data []byte) error {
	if index < 0 || index >= tree.N {
		return fmt.Errorf("auditlog: record %d is not in a tree of %d records", index, tree.N)
	}
	if err := tlog.CheckRecord(p, tree.N, tree.Hash, index, tlog.RecordHash(data)); err != nil {
		return fmt.Errorf("auditlog: record %d in tree of %d: %w", index, tree.N, err)
	}
	return nil
}

// ProveTree returns the proof that the tree of the first newSize records
// extends the tree of the first oldSize records, that is, that the log only
// grew between them. Check it with [CheckTree].
func ProveTree(ctx context.Context, s Storage, oldSize, newSize int64) (tlog.TreeProof, error) {
	if err := checkSize(ctx, s, newSize); err != nil {
		return nil, err
	}
	if oldSize < 0 || oldSize > newSize {
		return nil, fmt.Errorf("auditlog: a tree of %d records cannot extend one of %d", newSize, oldSize)
	}
	if oldSize == 0 {
		return tlog.TreeProof{}, nil
	}
	p, err := tlog.ProveTree(newSize, oldSize, hashReader(ctx, s))
	if err != nil {
		return nil, fmt.Errorf("auditlog: prove tree of %d extends tree of %d: %w", newSize, oldSize, err)
	}
	return p, nil
}

// CheckTree reports whether p proves that newer extends older, where both
// are typically held as signed checkpoints.
func CheckTree(p tlog.TreeProof, older, newer tlog.Tree) error {
	if older.N < 0 || older.N > newer.N {
		return fmt.Errorf("auditlog: a tree of %d records cannot extend one of %d", newer.N, older.N)
	}
	if older.N == 0 {
		empty, _ := tlog.TreeHash(0, nil)
		if len(p) != 0 || older.Hash != empty {
			return fmt.Errorf("auditlog: tree of %d extends empty tree: invalid proof", newer.N)
		}
		return nil
	}
	if err := tlog.CheckTree(p, newer.N, newer.Hash, older.N, older.Hash); err != nil {
		return fmt.Errorf("auditlog: tree of %d extends tree of %d: %w", newer.N, older.N, err)
	}
	return nil
}
