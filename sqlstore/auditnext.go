package sqlstore

import (
	"context"
	"errors"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/parley-talks/parley/auditlog"
)

// appendKnown appends r to the audit log in one statement when the
// transaction or the backend knows the log's size and the hashes at its
// right edge from the last append (see memory): the new hashes, the tree
// head and the signed checkpoint are computed here, and the statement
// stores the record, its hashes and the checkpoint only if the log still
// has the size known — it returns the size it found, so that a log another
// instance appended to is caught in the same round trip. It reports
// whether it appended; if not (nothing known, a hash not kept, the log
// moved, records queued before it), nothing was written and the caller
// queues the record for the sequencer (see sequencer).
// It needs a dialect with data-modifying WITH clauses (PostgreSQL).
func (t *Tx) appendKnown(ctx context.Context, r auditlog.Record, signer note.Signer) (bool, error) {
	n, ok := t.lastEdge()
	if !ok || !t.d.WritableCTE {
		return false, nil
	}
	data, err := auditlog.Encode(r)
	if err != nil {
		return false, err
	}
	// Hashes are read from what is known, and the new ones from pending
	// until the statement stored them; every one read is kept for the
	// next append once the transaction commits.
	pending := map[int64]tlog.Hash{}
	known := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for k, i := range indexes {
			h, ok := pending[i]
			if !ok {
				found := map[int64]tlog.Hash{}
				if len(t.knownHashes([]int64{i}, found)) > 0 {
					return nil, auditlog.ErrNotStored
				}
				h = found[i]
				t.learnHash(i, h)
			}
			out[k] = h
		}
		return out, nil
	})
	hashes, err := tlog.StoredHashes(n, data, known)
	if errors.Is(err, auditlog.ErrNotStored) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	first := tlog.StoredHashIndex(0, n)
	for k, h := range hashes {
		pending[first+int64(k)] = h
	}
	th, err := tlog.TreeHash(n+1, known)
	if errors.Is(err, auditlog.ErrNotStored) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	cp, err := auditlog.SignCheckpoint(tlog.Tree{N: n + 1, Hash: th}, signer)
	if err != nil {
		return false, err
	}
	if ok, err := t.storeKnown(ctx, n, data, r, first, hashes, cp); !ok || err != nil {
		return false, err
	}
	for i, h := range pending {
		t.learnHash(i, h)
	}
	t.learned.size, t.learned.sized = n+1, true
	return true, nil
}

// storeKnown stores record n, its hashes from storage index first on, and
// the checkpoint cp, in one statement, if the log holds n records and
// nothing is queued (a queued record goes first); it
// reports whether it did. On another size it wrote nothing, and the
// backend forgets the edge it kept.
func (t *Tx) storeKnown(ctx context.Context, n int64, data []byte, r auditlog.Record, first int64, hashes []tlog.Hash, cp []byte) (bool, error) {
	args := []any{n, data, r.Talks, r.Party, n}
	values := make([]string, len(hashes))
	for k, h := range hashes {
		values[k] = "(CAST(? AS BIGINT), CAST(? AS BYTEA))"
		args = append(args, first+int64(k), h[:])
	}
	args = append(args, checkpointSetting, string(cp))
	var size int64
	err := t.queryRow(ctx, `WITH size AS (SELECT CASE WHEN EXISTS (SELECT 1 FROM audit_queue) THEN -1
			ELSE (SELECT COALESCE(MAX(idx) + 1, 0) FROM audit_records) END AS n),
		rec AS (INSERT INTO audit_records (idx, data, talks_id, party_id)
			SELECT ?, ?, ?, ? FROM size WHERE size.n = ? RETURNING idx),
		hs AS (INSERT INTO audit_hashes (idx, hash)
			SELECT v.i, v.h FROM (VALUES `+strings.Join(values, ", ")+`) AS v(i, h) WHERE EXISTS (SELECT 1 FROM rec)),
		cp AS (INSERT INTO settings (key, value) SELECT ?, ? FROM rec
			ON CONFLICT (key) DO UPDATE SET value = excluded.value)
		SELECT n FROM size`, args...).Scan(&size)
	if err != nil {
		return false, t.logMoved(err)
	}
	if size != n {
		// -1: records are queued, which go first; the edge still holds.
		// Else the log moved (another instance appended): its size is
		// known, under the write lock, for sequencing the record.
		if size >= 0 {
			t.settledSize, t.settledKnown = size, true
			if t.mem != nil {
				t.mem.edge.Store(nil)
			}
		}
		return false, nil
	}
	return true, nil
}
