package auditlog

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// verifyBatch is how many records Verify reads at a time.
const verifyBatch = 1024

// Report is what [Verify] found.
type Report struct {
	Records     int64     // records read and found to match their stored hashes
	Checkpoints int       // checkpoints found validly signed and matching the records
	Tree        tlog.Tree // the tree recomputed from all the records, if they verified
	Fault       *Fault    // the first evidence of tampering, or nil
}

// Fault is evidence that a log was tampered with: the first record or
// checkpoint found at fault, and why.
type Fault struct {
	Record     int64  // index of the record at fault, or -1
	Checkpoint int    // position in the checkpoints given to Verify of the one at fault, or -1
	Reason     string // what was found, in words
}

// Error describes the fault, naming the record or checkpoint at fault.
func (f *Fault) Error() string {
	switch {
	case f.Checkpoint >= 0 && f.Record >= 0:
		return fmt.Sprintf("auditlog: tampering: checkpoint %d, record %d: %s", f.Checkpoint, f.Record, f.Reason)
	case f.Checkpoint >= 0:
		return fmt.Sprintf("auditlog: tampering: checkpoint %d: %s", f.Checkpoint, f.Reason)
	default:
		return fmt.Sprintf("auditlog: tampering: record %d: %s", f.Record, f.Reason)
	}
}

// Verify checks the whole log in s. It re-reads every record, recomputes
// every leaf and interior hash of the tree, compares each with the stored
// hash, and compares the tree hash with the one the stored hashes give.
// It then checks that each of checkpoints, given oldest first, is validly
// signed by verifier, is no smaller than the ones before it, and vouches for
// the tree recomputed from the records at its size.
//
// Verify always returns a Report. If the log fails verification, the error
// is a *[Fault], also in Report.Fault; any other error comes from s, and
// Report says how far Verify got. Verify checks record bytes only: it does
// not [Decode] them.
func Verify(ctx context.Context, s Storage, checkpoints [][]byte, verifier note.Verifier) (*Report, error) {
	v := &verification{ctx: ctx, s: s, rep: &Report{}}
	if err := v.openCheckpoints(checkpoints, verifier); err != nil {
		return v.rep, err
	}
	size, err := s.Size(ctx)
	if err != nil {
		return v.rep, fmt.Errorf("auditlog: verify: %w", err)
	}
	if err := v.checkTrees(0); err != nil {
		return v.rep, err
	}
	for from := int64(0); from < size; from += verifyBatch {
		if err := ctx.Err(); err != nil {
			return v.rep, fmt.Errorf("auditlog: verify: %w", err)
		}
		if err := v.batch(from, min(from+verifyBatch, size), size); err != nil {
			return v.rep, err
		}
	}
	if err := v.end(size); err != nil {
		return v.rep, err
	}
	return v.rep, nil
}

// verification is the state of a [Verify] run.
type verification struct {
	ctx      context.Context
	s        Storage
	rep      *Report
	trees    []tlog.Tree // the checkpoints' trees, oldest first
	f        frontier    // the tree recomputed from the records read so far
	next     int         // the next checkpoint to compare
	lastGood int64       // the size of the last tree a checkpoint confirmed
}

// fault records the fault in the report and returns it.
func (v *verification) fault(record int64, checkpoint int, format string, args ...any) error {
	v.rep.Fault = &Fault{Record: record, Checkpoint: checkpoint, Reason: fmt.Sprintf(format, args...)}
	return v.rep.Fault
}

// openCheckpoints opens the checkpoints, checking their signatures and
// that none vouches for fewer records than the one before it.
func (v *verification) openCheckpoints(checkpoints [][]byte, verifier note.Verifier) error {
	v.trees = make([]tlog.Tree, len(checkpoints))
	for i, msg := range checkpoints {
		if verifier == nil {
			return errors.New("auditlog: verify: checkpoints but no verifier")
		}
		tree, err := OpenCheckpoint(msg, verifier)
		if err != nil {
			return v.fault(-1, i, "not a checkpoint validly signed by %s: %v", verifier.Name(), err)
		}
		if i > 0 && tree.N < v.trees[i-1].N {
			return v.fault(-1, i, "vouches for %d records, fewer than the %d of checkpoint %d before it: the log was rolled back, or the checkpoints are out of order", tree.N, v.trees[i-1].N, i-1)
		}
		v.trees[i] = tree
	}
	return nil
}

// checkTrees compares the checkpoints for the first n records with the
// tree recomputed from them.
func (v *verification) checkTrees(n int64) error {
	if v.next == len(v.trees) || v.trees[v.next].N != n {
		return nil
	}
	th, err := tlog.TreeHash(n, &v.f)
	if err != nil {
		return fmt.Errorf("auditlog: verify: %w", err)
	}
	for ; v.next < len(v.trees) && v.trees[v.next].N == n; v.next++ {
		if v.trees[v.next].Hash != th {
			return v.fault(-1, v.next, "vouches for a tree of %d records with hash %v, but the records hash to %v: the log was rewritten after it was signed; the first record changed is in [%d, %d)", n, v.trees[v.next].Hash, th, v.lastGood, n)
		}
		v.lastGood = n
		v.rep.Checkpoints++
	}
	return nil
}

// batch verifies records [from, to) of a log of size records.
func (v *verification) batch(from, to, size int64) error {
	records, err := v.s.Records(v.ctx, from, to)
	if err != nil {
		return fmt.Errorf("auditlog: verify: records [%d, %d): %w", from, to, err)
	}
	if int64(len(records)) > to-from {
		return fmt.Errorf("auditlog: verify: storage returned %d records for [%d, %d)", len(records), from, to)
	}
	// Read the stored hashes of the whole batch at once; if some are
	// missing, read them record by record to find the first one.
	lo, hi := tlog.StoredHashIndex(0, from), tlog.StoredHashCount(to)
	stored, err := readRange(v.ctx, v.s, lo, hi)
	if err != nil && !errors.Is(err, ErrNotStored) {
		return fmt.Errorf("auditlog: verify: stored hashes of records [%d, %d): %w", from, to, err)
	}
	for i, data := range records {
		if err := v.record(from+int64(i), data, stored, lo); err != nil {
			return err
		}
	}
	if got := int64(len(records)); got < to-from {
		return v.fault(from+got, -1, "the record is missing: the log holds %d records but storage returned only %d of [%d, %d)", size, got, from, to)
	}
	return nil
}

// record verifies record n: the hashes it adds to the tree against the
// stored ones, taken from batch (the stored hashes from index lo on) or,
// if batch is nil, read from storage. It then adds the record to the
// recomputed tree and compares the checkpoints of that size.
func (v *verification) record(n int64, data []byte, batch []tlog.Hash, lo int64) error {
	hashes, err := tlog.StoredHashes(n, data, &v.f)
	if err != nil {
		return fmt.Errorf("auditlog: verify: %w", err)
	}
	first := tlog.StoredHashIndex(0, n)
	var stored []tlog.Hash
	if batch != nil {
		stored = batch[first-lo : first-lo+int64(len(hashes))]
	} else {
		stored, err = readRange(v.ctx, v.s, first, first+int64(len(hashes)))
		if errors.Is(err, ErrNotStored) {
			return v.fault(n, -1, "the record's hashes are not all stored: they were deleted, or the record was added outside the log")
		}
		if err != nil {
			return fmt.Errorf("auditlog: verify: stored hashes of record %d: %w", n, err)
		}
	}
	for level, h := range hashes {
		if h == stored[level] {
			continue
		}
		if level == 0 {
			return v.fault(n, -1, "the record does not match its stored hash: it was changed, or records were removed, inserted or reordered")
		}
		k := n >> level
		return v.fault(n, -1, "the stored hash at index %d (level %d, covering records [%d, %d)) differs from the one recomputed from those records", first+int64(level), level, k<<level, (k+1)<<level)
	}
	v.f.add(n, hashes)
	v.rep.Records = n + 1
	return v.checkTrees(n + 1)
}

// end makes the checks after the last of size records: no checkpoint
// left over, no hash stored beyond the end, and the tree hash the stored
// hashes give equal to the recomputed one, which goes in the report.
func (v *verification) end(size int64) error {
	if v.next < len(v.trees) {
		return v.fault(size, v.next, "vouches for %d records, but the log holds only %d: records from %d on were deleted", v.trees[v.next].N, size, size)
	}
	switch _, err := v.s.ReadHashes(v.ctx, []int64{tlog.StoredHashIndex(0, size)}); {
	case err == nil:
		return v.fault(size, -1, "a hash is stored for record %d, beyond the end of the log: records from %d on were deleted", size, size)
	case !errors.Is(err, ErrNotStored):
		return fmt.Errorf("auditlog: verify: %w", err)
	}
	recomputed, err := tlog.TreeHash(size, &v.f)
	if err != nil {
		return fmt.Errorf("auditlog: verify: %w", err)
	}
	th, err := tlog.TreeHash(size, hashReader(v.ctx, v.s))
	if err != nil {
		return fmt.Errorf("auditlog: verify: tree hash: %w", err)
	}
	if th != recomputed {
		// Unreachable if every stored hash matched; kept as the final word.
		return v.fault(-1, -1, "the stored hashes give tree hash %v, but the records hash to %v", th, recomputed)
	}
	v.rep.Tree = tlog.Tree{N: size, Hash: recomputed}
	return nil
}

// readRange reads the stored hashes with indexes in [lo, hi).
func readRange(ctx context.Context, s Storage, lo, hi int64) ([]tlog.Hash, error) {
	indexes := make([]int64, hi-lo)
	for i := range indexes {
		indexes[i] = lo + int64(i)
	}
	return hashReader(ctx, s).ReadHashes(indexes)
}

// frontier holds, for each level of the tree, the hash of the latest
// complete subtree of that level: all that is needed to compute the hashes
// the next record adds and the hash of the tree so far. It is a
// [tlog.HashReader] for those hashes.
type frontier struct {
	hash [64]tlog.Hash
	n    [64]int64
	ok   [64]bool
}

func (f *frontier) add(n int64, hashes []tlog.Hash) {
	for level, h := range hashes {
		f.hash[level], f.n[level], f.ok[level] = h, n>>level, true
	}
}

func (f *frontier) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		level, n := tlog.SplitStoredHashIndex(x)
		if level >= len(f.hash) || !f.ok[level] || f.n[level] != n {
			return nil, fmt.Errorf("auditlog: internal error: hash %d (level %d, %d) is not on the frontier", x, level, n)
		}
		out[i] = f.hash[level]
	}
	return out, nil
}
