package workspace

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
)

// change describes one change for the audit log. Party is set when the
// change is one party's confidential business: only that party's members
// see the record. Records never hold confidential content.
type change struct {
	talks   int64
	party   int64
	action  string
	object  string
	digest  string
	details map[string]any
}

// audit records a change in the audit log, in the change's transaction, so
// that the change and its record commit together or not at all.
func (s *Service) audit(ctx context.Context, tx parley.Tx, c change) error {
	actor := "operator"
	if id := AccountID(ctx); id != 0 {
		a, err := tx.AccountByID(ctx, id)
		if err != nil {
			return err
		}
		actor = a.Username
	}
	return tx.AppendAudit(ctx, auditlog.Record{Time: s.now(), Actor: actor, Talks: c.talks, Party: c.party,
		Action: c.action, Object: c.object, Digest: c.digest, Details: c.details})
}

// digestOf is the hex SHA-256 of v's JSON, for content every reader of the
// record may see anyway (a tabled draft's text).
func digestOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // drafts are plain data
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// AuditLog returns the audit records about the talks that the caller may
// see, oldest first, with the latest signed checkpoint of the whole log.
func (s *Service) AuditLog(ctx context.Context, talksID int64) ([]parley.AuditEntry, *parley.Checkpoint, error) {
	out := []parley.AuditEntry{}
	var cp *parley.Checkpoint
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.viewer(ctx, tx, talksID)
		if err != nil {
			return err
		}
		all, err := tx.AuditEntries(ctx, talksID)
		if err != nil {
			return err
		}
		for _, e := range all {
			if v.CanSeeAuditRecord(&e.Record) {
				out = append(out, e)
			}
		}
		cp, err = tx.LatestCheckpoint(ctx)
		return err
	})
	return out, cp, err
}

// Checkpoint returns the latest signed checkpoint of the audit log, for a
// signed-in member to keep outside Parley.
func (s *Service) Checkpoint(ctx context.Context) (*parley.Checkpoint, error) {
	if _, err := s.signedIn(ctx); err != nil && !isOperator(ctx) {
		return nil, err
	}
	var cp *parley.Checkpoint
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		var err error
		cp, err = tx.LatestCheckpoint(ctx)
		return err
	})
	return cp, err
}

// VerifyAudit checks the audit log and every stored row against it (see
// parley.Tx.VerifyAudit). It is the operator's check: it needs no account.
func (s *Service) VerifyAudit(ctx context.Context, checkpoints [][]byte, verifierKey string) (*parley.AuditVerification, error) {
	var res *parley.AuditVerification
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		var err error
		res, err = tx.VerifyAudit(ctx, checkpoints, verifierKey)
		return err
	})
	return res, err
}
