package sqlstore

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"

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
type auditStorage struct {
	t            *Tx
	talks, party int64
}

var _ auditlog.Storage = auditStorage{}

// AuditStorage returns the audit log's storage in this transaction, for
// verification.
func (t *Tx) AuditStorage() auditlog.Storage { return auditStorage{t: t} }

func (s auditStorage) Size(ctx context.Context) (int64, error) {
	var n int64
	err := s.t.queryRow(ctx, `SELECT COALESCE(MAX(idx) + 1, 0) FROM audit_records`).Scan(&n)
	return n, err
}

func (s auditStorage) AppendRecord(ctx context.Context, index int64, data []byte) error {
	_, err := s.t.exec(ctx, `INSERT INTO audit_records (idx, data, talks_id, party_id) VALUES (?, ?, ?, ?)`, index, data, s.talks, s.party)
	return err
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
	lo, hi := indexes[0], indexes[0]
	for _, i := range indexes {
		lo, hi = min(lo, i), max(hi, i)
	}
	found := make(map[int64]tlog.Hash, len(indexes))
	if hi-lo < int64(4*len(indexes)+64) {
		rows, err := s.t.query(ctx, `SELECT idx, hash FROM audit_hashes WHERE idx >= ? AND idx <= ?`, lo, hi)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var idx int64
			var h []byte
			if err := rows.Scan(&idx, &h); err != nil {
				return nil, err
			}
			if len(h) == len(tlog.Hash{}) {
				found[idx] = tlog.Hash(h)
			}
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	} else {
		for _, i := range indexes {
			var h []byte
			err := s.t.queryRow(ctx, `SELECT hash FROM audit_hashes WHERE idx = ?`, i).Scan(&h)
			if err == nil && len(h) == len(tlog.Hash{}) {
				found[i] = tlog.Hash(h)
			}
		}
	}
	out := make([]tlog.Hash, len(indexes))
	for k, i := range indexes {
		h, ok := found[i]
		if !ok {
			return nil, fmt.Errorf("audit hash %d: %w", i, auditlog.ErrNotStored)
		}
		out[k] = h
	}
	return out, nil
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
	}
	_, err := s.t.exec(ctx, `INSERT INTO audit_hashes (idx, hash) VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?), ", len(indexes)), ", "), args...)
	return err
}

// signer returns the audit log's signer, making the key on first use.
func (t *Tx) signer(ctx context.Context) (note.Signer, error) {
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
	if s, ok := signers.Load(v); ok {
		return s.(note.Signer), nil
	}
	sealed, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		return nil, err
	}
	skey, err := seal.Open(t.keys.Master(), sealed, signingKeyAAD)
	if err != nil {
		return nil, fmt.Errorf("the audit signing key: %w", err)
	}
	s, err := note.NewSigner(string(skey))
	if err != nil {
		return nil, err
	}
	signers.Store(v, s)
	return s, nil
}

// signers caches the audit signers opened, by their sealed form: a key
// sealed under another master key is another entry.
var signers sync.Map

// VerifierKey returns the audit log's public verifier key ("" before the
// first record).
func (t *Tx) VerifierKey(ctx context.Context) (string, error) {
	return t.Setting(ctx, verifierSetting)
}

// AppendAudit implements parley.Tx.
func (t *Tx) AppendAudit(ctx context.Context, r auditlog.Record) (err error) {
	defer func() { err = failed(err, "appending %s to the audit log", r.Action) }()
	signer, err := t.signer(ctx)
	if err != nil {
		return err
	}
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
	_, tree, err := auditlog.Append(ctx, auditStorage{t: t, talks: r.Talks, party: r.Party}, r)
	if err != nil {
		return err
	}
	cp, err := auditlog.SignCheckpoint(tree, signer)
	if err != nil {
		return err
	}
	return t.PutSetting(ctx, checkpointSetting, string(cp))
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

// recordedRows reads the latest digest every record gives each row.
func (t *Tx) recordedRows(ctx context.Context, n int64) (map[string]string, error) {
	out := map[string]string{}
	const batch = 1000
	for lo := int64(0); lo < n; lo += batch {
		data, err := auditStorage{t: t}.Records(ctx, lo, min(lo+batch, n))
		if err != nil {
			return nil, err
		}
		for i, d := range data {
			r, err := auditlog.Decode(d)
			if err != nil {
				return nil, fmt.Errorf("audit record %d: %w", lo+int64(i), err)
			}
			rows, _ := r.Details["rows"].(map[string]any)
			for k, v := range rows {
				if s, ok := v.(string); ok {
					out[k] = s
				}
			}
		}
	}
	return out, nil
}
