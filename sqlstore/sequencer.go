package sqlstore

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/parley-talks/parley/auditlog"
	"github.com/parley-talks/parley/seal"
)

// The sequenced audit log (issue 17). A write transaction that holds the
// log (see Began: every write on SQLite; on PostgreSQL one that runs alone,
// or a shared one that got the log's lock) appends its record in the
// statement that stores it if it can (see appendKnown: the log's right
// edge known, nothing queued), else it appends the queued records and then
// its own in its own transaction. A shared write that does not hold the
// log, or any with deferred sequencing (WithDeferredSequencing), commits
// its encoded record into the audit queue instead, and a sequencer round
// moves queued records into the log in batches. Either way, records go in
// oldest first, their hashes computed in memory, the records and the
// hashes each inserted in one statement, one signed checkpoint per batch,
// and the queued ones deleted from the queue in the same transaction, so
// that a record is never lost nor appended twice; and a write returns to
// its caller only once its record is in the signed log (a queued one once
// a round that began after its commit has ended).
//
// A write that read what another wrote comes after it in the log: it
// began after the other committed, so the other's record was in the log
// or in the queue, which goes first, by then.
//
// One sequencer runs at a time: rounds hold the log (Config.Sequence:
// PostgreSQL's advisory lock, whichever instance runs them; on SQLite the
// one writing connection), and within a process the writes waiting share
// rounds (sequencer). A crash between a write's commit and its round
// leaves its record queued: opening the database drains the queue, and
// verification counts queued records' row digests as the latest.

// sequenceBatch is the most records one round appends in one transaction.
const sequenceBatch = 256

// SequencerStage names a point of the write path where Config.Hook is
// called, for the crash tests.
type SequencerStage string

const (
	// StageQueued: a write's record is committed in the queue, not yet
	// sequenced.
	StageQueued SequencerStage = "queued"
	// StageBatch: a round has inserted its batch into the log, not yet
	// committed.
	StageBatch SequencerStage = "batch"
)

// WithSequencerHook makes the backend call hook at each stage of the
// write path; an error hook returns fails the write there (a round's
// transaction is rolled back), as a crash at that point would. For tests.
func WithSequencerHook(hook func(SequencerStage) error) Option {
	return func(c *Config) { c.Hook = hook }
}

// WithDeferredSequencing makes every write that cannot append its record
// in the statement that stores it (see appendKnown) queue the record and
// wait for a sequencer round, instead of sequencing the queue and its
// record in its own transaction when it holds the log: for the tests of
// the queue's crash windows.
func WithDeferredSequencing() Option {
	return func(c *Config) { c.Deferred = true }
}

// errLogMoved is a transaction holding the log finding a record already
// where it appends: it took the log's lock just after another transaction
// that appended released it, but its snapshot was taken just before that
// one committed. Update runs the write again.
var errLogMoved = errors.New("the audit log moved on as the transaction began")

// logMoved returns errLogMoved for a unique violation (a record or hash
// already stored at an index), err itself for any other error.
func (t *Tx) logMoved(err error) error {
	if t.d.IsUniqueViolation != nil && t.d.IsUniqueViolation(err) {
		return fmt.Errorf("%w: %w", errLogMoved, err)
	}
	return err
}

var queueMACKey = []byte("parley audit queue")

// queueMAC authenticates a queued record's data under the master key.
func queueMAC(master seal.Key, data []byte) []byte {
	key := hmac.New(sha256.New, master[:])
	key.Write(queueMACKey)
	m := hmac.New(sha256.New, key.Sum(nil))
	m.Write(data)
	return m.Sum(nil)
}

// queueAudit commits data, the encoded record r, into the audit queue
// with this transaction.
func (t *Tx) queueAudit(ctx context.Context, data []byte, r auditlog.Record) error {
	_, err := t.exec(ctx, `INSERT INTO audit_queue (data, mac, talks_id, party_id) VALUES (?, ?, ?, ?)`,
		data, queueMAC(t.keys.Master(), data), r.Talks, r.Party)
	if err == nil {
		t.learned.queued, t.settledKnown = true, false
	}
	return err
}

// queued is a record in the audit queue.
type queued struct {
	id           int64
	data         []byte
	talks, party int64
}

// readQueue returns at most limit queued records in id order (all if
// limit is 0), each checked against its MAC.
func (t *Tx) readQueue(ctx context.Context, limit int) ([]queued, error) {
	q := `SELECT id, data, mac, talks_id, party_id FROM audit_queue ORDER BY id`
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := t.query(ctx, q)
	return collect(rows, err, func(row scanner) (r queued, err error) {
		var mac []byte
		if err := row.Scan(&r.id, &r.data, &mac, &r.talks, &r.party); err != nil {
			return r, err
		}
		if !hmac.Equal(mac, queueMAC(t.keys.Master(), r.data)) {
			return r, fmt.Errorf("queued audit record %d is not authentic: it was not written by Parley", r.id)
		}
		return r, nil
	})
}

// sequence appends to the log, oldest first, the queued records (at most
// limit, all if 0), then own if not nil, a record of this transaction's
// that was never queued; it returns how many queued records it appended.
func (t *Tx) sequence(ctx context.Context, limit int, own *queued) (int, error) {
	s := auditStorage{t: t, appending: true}
	n, settled := t.settledSize, true
	if !t.settledKnown {
		size, queued, err := s.LogState(ctx)
		if err != nil {
			return 0, err
		}
		n, settled = size, queued == 0
	}
	t.settledKnown = false
	var batch []queued
	if !settled {
		var err error
		if batch, err = t.readQueue(ctx, limit); err != nil {
			return 0, err
		}
	}
	fromQueue := len(batch)
	if own != nil {
		batch = append(batch, *own)
	}
	if len(batch) == 0 {
		return 0, nil
	}
	signer, err := t.signer(ctx)
	if err != nil {
		return 0, err
	}
	pending := map[int64]tlog.Hash{}
	hashes := overlay(ctx, s, pending)
	var indexes []int64
	var written []tlog.Hash
	for k, r := range batch {
		hs, err := tlog.StoredHashes(n+int64(k), r.data, hashes)
		if err != nil {
			return 0, err
		}
		first := tlog.StoredHashIndex(0, n+int64(k))
		for j, h := range hs {
			pending[first+int64(j)] = h
			indexes, written = append(indexes, first+int64(j)), append(written, h)
		}
	}
	size := n + int64(len(batch))
	th, err := tlog.TreeHash(size, hashes)
	if err != nil {
		return 0, err
	}
	cp, err := auditlog.SignCheckpoint(tlog.Tree{N: size, Hash: th}, signer)
	if err != nil {
		return 0, err
	}
	if err := t.storeBatch(ctx, n, batch, fromQueue, s, indexes, written, cp); err != nil {
		return 0, err
	}
	if t.hook != nil {
		if err := t.hook(StageBatch); err != nil {
			return 0, err
		}
	}
	t.learned.size, t.learned.sized = size, true
	return fromQueue, nil
}

// overlay reads the hashes in pending, not yet stored, and the others
// from s.
func overlay(ctx context.Context, s auditStorage, pending map[int64]tlog.Hash) tlog.HashReader {
	return tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		var missing []int64
		for _, i := range indexes {
			if _, ok := pending[i]; !ok {
				missing = append(missing, i)
			}
		}
		stored, err := s.ReadHashes(ctx, missing)
		if err != nil {
			return nil, err
		}
		for k, i := range indexes {
			if h, ok := pending[i]; ok {
				out[k] = h
			} else {
				out[k], stored = stored[0], stored[1:]
			}
		}
		return out, nil
	})
}

// storeBatch stores batch as records n on, their hashes and the
// checkpoint cp, and deletes the first fromQueue records of batch, which
// are queued, from the queue: a statement each.
func (t *Tx) storeBatch(ctx context.Context, n int64, batch []queued, fromQueue int, s auditStorage, indexes []int64, hashes []tlog.Hash, cp []byte) error {
	if t.d.WritableCTE {
		return t.storeBatchAtOnce(ctx, n, batch, fromQueue, indexes, hashes, cp)
	}
	args := make([]any, 0, 4*len(batch))
	ids := make([]any, fromQueue)
	for k, r := range batch {
		args = append(args, n+int64(k), r.data, r.talks, r.party)
		if k < fromQueue {
			ids[k] = r.id
		}
	}
	if _, err := t.exec(ctx, `INSERT INTO audit_records (idx, data, talks_id, party_id) VALUES `+placeholders("(?, ?, ?, ?)", len(batch)), args...); err != nil {
		return t.logMoved(err)
	}
	if err := s.WriteHashes(ctx, indexes, hashes); err != nil {
		return err
	}
	if err := t.PutSetting(ctx, checkpointSetting, string(cp)); err != nil || fromQueue == 0 {
		return err
	}
	res, err := t.exec(ctx, `DELETE FROM audit_queue WHERE id IN `+placeholders("?", fromQueue), ids...)
	if err != nil {
		return err
	}
	if d, err := res.RowsAffected(); err != nil || d != int64(fromQueue) {
		return fmt.Errorf("sequencing: deleted %d of %d queued records (%v)", d, fromQueue, err)
	}
	return nil
}

// storeBatchAtOnce is storeBatch in one statement, for a dialect with
// data-modifying WITH clauses (PostgreSQL): a round holds the log's lock
// for one round trip of storing instead of four.
func (t *Tx) storeBatchAtOnce(ctx context.Context, n int64, batch []queued, fromQueue int, indexes []int64, hashes []tlog.Hash, cp []byte) error {
	args := make([]any, 0, 4*len(batch)+2*len(indexes)+2+fromQueue)
	for k, r := range batch {
		args = append(args, n+int64(k), r.data, r.talks, r.party)
	}
	for k, i := range indexes {
		args = append(args, i, hashes[k][:])
		t.learnHash(i, hashes[k])
	}
	args = append(args, checkpointSetting, string(cp))
	q := `WITH rec AS (INSERT INTO audit_records (idx, data, talks_id, party_id) VALUES ` + placeholders("(?, ?, ?, ?)", len(batch)) + `),
		hs AS (INSERT INTO audit_hashes (idx, hash) VALUES ` + placeholders("(?, ?)", len(indexes)) + `),
		cp AS (INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value)`
	if fromQueue == 0 {
		_, err := t.exec(ctx, q+` SELECT 1`, args...)
		return t.logMoved(err)
	}
	for _, r := range batch[:fromQueue] {
		args = append(args, r.id)
	}
	var deleted int
	err := t.queryRow(ctx, q+`, del AS (DELETE FROM audit_queue WHERE id IN `+placeholders("?", fromQueue)+` RETURNING 1)
		SELECT count(*) FROM del`, args...).Scan(&deleted)
	if err != nil {
		return t.logMoved(err)
	}
	if deleted != fromQueue {
		return fmt.Errorf("sequencing: deleted %d of %d queued records", deleted, fromQueue)
	}
	return nil
}

// placeholders returns n copies of one, comma-separated; with one "?",
// in brackets, for IN.
func placeholders(one string, n int) string {
	s := strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
	if one == "?" {
		return "(" + s + ")"
	}
	return s
}

// sequencer shares sequencing rounds between a process's writes: a write
// that committed a queued record waits for a round that began after its
// commit, running one itself if none is running.
type sequencer struct {
	mu      sync.Mutex
	current *round // running, nil if none
	begun   uint64 // rounds begun
}

// round is one drain of the queue.
type round struct {
	n    uint64
	done chan struct{} // closed when the round has ended
	err  error         // how it ended, once done is closed
}

// sequenceAttempts is how many rounds a write waits for before it gives
// up (its record stays queued, for the next round or the next start).
const sequenceAttempts = 3

// sequenced returns once every record committed before the call is in
// the signed log.
func (b *Backend) sequenced(ctx context.Context) error {
	s := &b.seq
	s.mu.Lock()
	need, failures := s.begun+1, 0
	for {
		r := s.current
		if r == nil {
			s.begun++
			r = &round{n: s.begun, done: make(chan struct{})}
			s.current = r
			s.mu.Unlock()
			// The round is every waiting write's: not ended by this one's
			// context.
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
			r.err = b.drain(rctx)
			cancel()
			s.mu.Lock()
			s.current = nil
			close(r.done)
		} else {
			s.mu.Unlock()
			select {
			case <-r.done:
			case <-ctx.Done():
				return ctx.Err()
			}
			s.mu.Lock()
		}
		if r.n < need {
			continue
		}
		if r.err == nil {
			s.mu.Unlock()
			return nil
		}
		if failures++; failures == sequenceAttempts {
			s.mu.Unlock()
			return fmt.Errorf("sequencing the audit log: %w", r.err)
		}
		need = s.begun + 1
	}
}

// drain appends every queued record to the log, a batch per transaction.
func (b *Backend) drain(ctx context.Context) error {
	for {
		var n int
		a := b.cfg.Sequence
		if a.DB == nil {
			a = b.cfg.Write
		}
		err := b.run(ctx, a, true, func(tx *Tx) error {
			var err error
			n, err = tx.sequence(ctx, sequenceBatch, nil)
			return err
		})
		if err != nil {
			return err
		}
		if n < sequenceBatch {
			return nil
		}
	}
}

// Drain appends every record committed into the audit queue to the log:
// what a crash between a write's commit and its sequencing left there.
// Open drains already; `parley audit verify` drains before it verifies.
func (b *Backend) Drain(ctx context.Context) error {
	if err := b.drain(ctx); err != nil {
		return fmt.Errorf("sequencing the audit queue: %w", err)
	}
	return nil
}
