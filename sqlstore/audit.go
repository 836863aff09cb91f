package sqlstore

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
	"github.com/parley-talks/parley/seal"
)

// Settings that hold the audit log's signing key (sealed under the master
// key), its public verifier key, and the latest signed checkpoint.
const (
	signingKeySetting = "audit_signing_key"
	verifierSetting   = "audit_verifier_key"
	checkpointSetting = "audit_checkpoint"
)

var signingKeyAAD = []byte("parley audit signing key")

// auditStorage is the audit log's storage in this transaction. talks and
// party are the record being appended's, kept beside it for filtering.
// When appending is set, the hashes it reads may come from the backend's
// memory, and those it reads and writes are kept there once the
// transaction commits (see memory); verification reads every hash from the
// database.
type auditStorage struct {
	t            *Tx
	talks, party int64
	appending    bool
}

var (
	_ auditlog.Storage      = auditStorage{}
	_ auditlog.NextAppender = auditStorage{}
)

// AuditStorage returns the audit log's storage in this transaction, for
// verification.
func (t *Tx) AuditStorage() auditlog.Storage { return auditStorage{t: t} }

func (s auditStorage) Size(ctx context.Context) (int64, error) {
	var n int64
	err := s.t.queryRow(ctx, `SELECT COALESCE(MAX(idx) + 1, 0) FROM audit_records`).Scan(&n)
	return n, err
}

// LogState returns the log's size and how many records are queued for
// it, in one query (each a subquery of its own, so that the maximum is
// read from the index's end, not by a scan). While a record is queued,
// tables hold changes the log's size does not tell (see sequencer);
// together the two name one state of what the log records (see
// workspace's gap cache), since at one size of the log the queue only
// grows — a record leaves it only into the log, which grows by as many.
// A read-only transaction may have read it as it began (Began.LogKnown).
func (s auditStorage) LogState(ctx context.Context) (size, queued int64, err error) {
	if _, err := s.t.begun(ctx); err != nil {
		return 0, 0, err
	}
	if at := s.t.logAt; at != nil {
		return at[0], at[1], nil
	}
	err = s.t.queryRow(ctx, LogStateSQL).Scan(&size, &queued)
	return size, queued, err
}

// LogStateSQL reads the audit log's size and the records queued for it
// (LogState): a dialect's Access.Begin may read it as a read-only
// transaction begins, in the statement that takes its snapshot.
const LogStateSQL = `SELECT (SELECT COALESCE(MAX(idx) + 1, 0) FROM audit_records), (SELECT count(*) FROM audit_queue)`

func (s auditStorage) AppendRecord(ctx context.Context, index int64, data []byte) error {
	_, err := s.t.exec(ctx, `INSERT INTO audit_records (idx, data, talks_id, party_id) VALUES (?, ?, ?, ?)`, index, data, s.talks, s.party)
	return err
}

// AppendNext stores a record at the next index and returns the index, in
// one statement.
func (s auditStorage) AppendNext(ctx context.Context, data []byte) (int64, error) {
	var n int64
	err := s.t.queryRow(ctx, `INSERT INTO audit_records (idx, data, talks_id, party_id)
		VALUES ((SELECT COALESCE(MAX(idx) + 1, 0) FROM audit_records), ?, ?, ?) RETURNING idx`, data, s.talks, s.party).Scan(&n)
	return n, err
}

func (s auditStorage) Records(ctx context.Context, from, to int64) ([][]byte, error) {
	rows, err := s.t.query(ctx, `SELECT idx, data FROM audit_records WHERE idx >= ? AND idx < ? ORDER BY idx`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]byte
	for want := from; rows.Next(); want++ {
		var idx int64
		var data []byte
		if err := rows.Scan(&idx, &data); err != nil {
			return nil, err
		}
		if idx != want {
			break // a gap: the records from here are missing
		}
		out = append(out, data)
	}
	return out, rows.Err()
}

func (s auditStorage) ReadHashes(ctx context.Context, indexes []int64) ([]tlog.Hash, error) {
	if len(indexes) == 0 {
		return nil, nil
	}
	found := make(map[int64]tlog.Hash, len(indexes))
	missing := indexes
	if s.appending {
		missing = s.t.knownHashes(indexes, found)
	}
	if err := s.readHashes(ctx, missing, found); err != nil {
		return nil, err
	}
	out := make([]tlog.Hash, len(indexes))
	for k, i := range indexes {
		h, ok := found[i]
		if !ok {
			return nil, fmt.Errorf("audit hash %d: %w", i, auditlog.ErrNotStored)
		}
		out[k] = h
		if s.appending {
			s.t.learnHash(i, h)
		}
	}
	return out, nil
}

// knownHashes puts into found the hashes of indexes that the transaction
// or the backend's memory knows, and returns the others.
func (t *Tx) knownHashes(indexes []int64, found map[int64]tlog.Hash) (missing []int64) {
	for _, i := range indexes {
		if h, ok := t.learned.hashes[i]; ok {
			found[i] = h
		} else if h, ok := t.mem.hash(i); ok {
			found[i] = h
		} else {
			missing = append(missing, i)
		}
	}
	return missing
}

func (t *Tx) learnHash(i int64, h tlog.Hash) {
	if t.learned.hashes == nil {
		t.learned.hashes = map[int64]tlog.Hash{}
	}
	t.learned.hashes[i] = h
}

// readHashes reads the stored hashes of indexes into found, leaving out
// those not stored.
func (s auditStorage) readHashes(ctx context.Context, indexes []int64, found map[int64]tlog.Hash) error {
	if len(indexes) == 0 {
		return nil
	}
	lo, hi := indexes[0], indexes[0]
	for _, i := range indexes {
		lo, hi = min(lo, i), max(hi, i)
	}
	// A narrow range is read whole; hashes far apart (a large tree's right
	// edge) by their indexes, still in one statement.
	q, args := `SELECT idx, hash FROM audit_hashes WHERE idx >= ? AND idx <= ?`, []any{lo, hi}
	if hi-lo >= int64(4*len(indexes)+64) {
		args = make([]any, len(indexes))
		for k, i := range indexes {
			args[k] = i
		}
		q = `SELECT idx, hash FROM audit_hashes WHERE idx IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(indexes)), ", ") + `)`
	}
	rows, err := s.t.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var idx int64
		var h []byte
		if err := rows.Scan(&idx, &h); err != nil {
			return err
		}
		if len(h) == len(tlog.Hash{}) {
			found[idx] = tlog.Hash(h)
		}
	}
	return rows.Err()
}

// WriteHashes stores an append's new hashes in one statement: a round trip
// less per hash, which counts on a server.
func (s auditStorage) WriteHashes(ctx context.Context, indexes []int64, hashes []tlog.Hash) error {
	if len(indexes) == 0 {
		return nil
	}
	args := make([]any, 0, 2*len(indexes))
	for k, i := range indexes {
		args = append(args, i, hashes[k][:])
		if s.appending {
			s.t.learnHash(i, hashes[k])
		}
	}
	_, err := s.t.exec(ctx, `INSERT INTO audit_hashes (idx, hash) VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?), ", len(indexes)), ", "), args...)
	return err
}

// signer returns the audit log's signer, making the key on first use. The
// backend keeps it once the transaction commits: the key never changes
// (rotating the master key re-seals it).
func (t *Tx) signer(ctx context.Context) (s note.Signer, err error) {
	if t.learned.signer != nil {
		return t.learned.signer, nil
	}
	if t.mem != nil {
		if s := t.mem.signer.Load(); s != nil {
			return *s, nil
		}
	}
	defer func() { t.learned.signer = s }()
	v, err := t.Setting(ctx, signingKeySetting)
	if err != nil {
		return nil, err
	}
	if v == "" {
		skey, vkey, err := auditlog.NewSigner("parley-audit")
		if err != nil {
			return nil, err
		}
		sealed := seal.Seal(t.keys.Master(), []byte(skey), signingKeyAAD)
		if err := t.PutSetting(ctx, signingKeySetting, base64.StdEncoding.EncodeToString(sealed)); err != nil {
			return nil, err
		}
		if err := t.PutSetting(ctx, verifierSetting, vkey); err != nil {
			return nil, err
		}
		return note.NewSigner(skey)
	}
	sealed, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		return nil, err
	}
	skey, err := seal.Open(t.keys.Master(), sealed, signingKeyAAD)
	if err != nil {
		return nil, fmt.Errorf("the audit signing key: %w", err)
	}
	return note.NewSigner(string(skey))
}

// VerifierKey returns the audit log's public verifier key ("" before the
// first record).
func (t *Tx) VerifierKey(ctx context.Context) (string, error) {
	return t.Setting(ctx, verifierSetting)
}

// AppendAudit implements parley.Tx. The record goes into the log in the
// statement that stores it when the backend knows the log's right edge
// and nothing is queued (appendKnown); else the transaction appends the
// queued records and its own (sequence), or, with deferred sequencing,
// queues its record and returns once a sequencer round has put it in the
// log (see sequencer).
func (t *Tx) AppendAudit(ctx context.Context, r auditlog.Record) (err error) {
	defer func() { err = failed(err, "appending %s to the audit log", r.Action) }()
	if rows := t.takeWritten(); len(rows) > 0 {
		details := map[string]any{}
		for k, v := range r.Details {
			details[k] = v
		}
		digests := map[string]any{}
		for k, v := range rows {
			digests[k] = v
		}
		details["rows"] = digests
		r.Details = details
	}
	// Whether the transaction holds the log is known once it has begun.
	if _, err := t.begun(ctx); err != nil {
		return err
	}
	if t.holdsLog {
		signer, err := t.signer(ctx)
		if err != nil {
			return err
		}
		if done, err := t.appendKnown(ctx, r, signer); done || err != nil {
			return err
		}
	}
	data, err := auditlog.Encode(r)
	if err != nil {
		return err
	}
	if t.deferred || !t.holdsLog {
		return t.queueAudit(ctx, data, r)
	}
	// The write holds the log's lock: it sequences what is queued, then
	// its own record.
	_, err = t.sequence(ctx, 0, &queued{data: data, talks: r.Talks, party: r.Party})
	return err
}

// AuditEntries implements parley.Tx.
func (t *Tx) AuditEntries(ctx context.Context, talksID int64) ([]parley.AuditEntry, error) {
	rows, err := t.query(ctx, `SELECT idx, data FROM audit_records WHERE talks_id = ? ORDER BY idx`, talksID)
	return collect(rows, err, func(row scanner) (e parley.AuditEntry, err error) {
		var data []byte
		if err := row.Scan(&e.Index, &data); err != nil {
			return e, err
		}
		if e.Record, err = auditlog.Decode(data); err != nil {
			return e, fmt.Errorf("audit record %d: %w", e.Index, err)
		}
		return e, nil
	})
}

// LatestCheckpoint implements parley.Tx.
func (t *Tx) LatestCheckpoint(ctx context.Context) (*parley.Checkpoint, error) {
	cp, err := t.Setting(ctx, checkpointSetting)
	if err != nil {
		return nil, err
	}
	if cp == "" {
		return nil, parley.NotFound("checkpoint")
	}
	vkey, err := t.VerifierKey(ctx)
	if err != nil {
		return nil, err
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, err
	}
	tree, err := auditlog.OpenCheckpoint([]byte(cp), v)
	if err != nil {
		return nil, fmt.Errorf("the stored checkpoint: %w", err)
	}
	return &parley.Checkpoint{Size: tree.N, Hash: tree.Hash.String(), Note: cp, Verifier: vkey}, nil
}

// VerifyAudit implements parley.Tx. With verifierKey "" it trusts the
// verifier key stored in the database, which proves only that the
// database agrees with itself.
func (t *Tx) VerifyAudit(ctx context.Context, checkpoints [][]byte, verifierKey string) (*parley.AuditVerification, error) {
	if verifierKey == "" {
		var err error
		if verifierKey, err = t.VerifierKey(ctx); err != nil {
			return nil, err
		}
	}
	var v note.Verifier
	all := append([][]byte{}, checkpoints...)
	if verifierKey != "" {
		var err error
		if v, err = note.NewVerifier(strings.TrimSpace(verifierKey)); err != nil {
			return nil, fmt.Errorf("the verifier key: %w", err)
		}
		latest, err := t.Setting(ctx, checkpointSetting)
		if err != nil {
			return nil, err
		}
		if latest != "" {
			all = append(all, []byte(latest))
		}
	}
	rep, err := auditlog.Verify(ctx, auditStorage{t: t}, all, v)
	if err != nil {
		return nil, err
	}
	res := &parley.AuditVerification{Records: rep.Records, Checkpoints: rep.Checkpoints}
	recorded, err := t.recordedRows(ctx, rep.Records)
	if err != nil {
		return nil, err
	}
	res.Rows, err = t.verifyRows(ctx, recorded)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// recordedRows reads the latest digest every record gives each row: the
// log's, then those of the records committed into the queue and not yet
// sequenced, which come after them.
func (t *Tx) recordedRows(ctx context.Context, n int64) (map[string]string, error) {
	out := map[string]string{}
	const batch = 1000
	for lo := int64(0); lo < n; lo += batch {
		data, err := auditStorage{t: t}.Records(ctx, lo, min(lo+batch, n))
		if err != nil {
			return nil, err
		}
		for i, d := range data {
			if err := rowDigests(d, out); err != nil {
				return nil, fmt.Errorf("audit record %d: %w", lo+int64(i), err)
			}
		}
	}
	queue, err := t.readQueue(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, q := range queue {
		if err := rowDigests(q.data, out); err != nil {
			return nil, fmt.Errorf("queued audit record %d: %w", q.id, err)
		}
	}
	return out, nil
}

// rowDigests puts the row digests of the record data into out.
func rowDigests(data []byte, out map[string]string) error {
	r, err := auditlog.Decode(data)
	if err != nil {
		return err
	}
	rows, _ := r.Details["rows"].(map[string]any)
	for k, v := range rows {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return nil
}
