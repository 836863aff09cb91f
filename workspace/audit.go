package workspace

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
)

// change describes one change for the audit log. Party is set when the
// change is one party's confidential business: only that party's members
// see the record. Parties are set when it concerns several parties'
// confidential business (an analysis run on their profiles): their
// members and the mediator's team see it. Records never hold confidential
// content.
type change struct {
	talks   int64
	party   int64
	parties []int64
	action  string
	object  string
	digest  string
	details map[string]any
}

// audit records a change in the audit log, in the change's transaction, so
// that the change and its record commit together or not at all.
func (s *Service) audit(ctx context.Context, tx parley.Tx, c change) error {
	actor, err := s.actorName(ctx, tx)
	if err != nil {
		return err
	}
	return tx.AppendAudit(ctx, auditlog.Record{Time: s.now(), Actor: actor, Talks: c.talks, Party: c.party, Parties: c.parties,
		Action: c.action, Object: c.object, Digest: c.digest, Details: c.details})
}

// actorName is the user name of the caller, or "operator": from the
// usernames Authenticate found (a username never changes), else read.
func (s *Service) actorName(ctx context.Context, tx parley.Tx) (string, error) {
	id := AccountID(ctx)
	if id == 0 {
		return "operator", nil
	}
	if name, ok := s.usernames.Load(id); ok {
		return name.(string), nil
	}
	a, err := tx.AccountByID(ctx, id)
	if err != nil {
		return "", err
	}
	return a.Username, nil
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
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
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
	return out, cp, failed(err, "reading the audit log of talks %d", talksID)
}

// Checkpoint returns the latest signed checkpoint of the audit log, for a
// member of some talks (or the operator) to keep outside Parley.
func (s *Service) Checkpoint(ctx context.Context) (*parley.Checkpoint, error) {
	var cp *parley.Checkpoint
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if err := s.mayWitness(ctx, tx); err != nil {
			return err
		}
		var err error
		cp, err = tx.LatestCheckpoint(ctx)
		return err
	})
	return cp, failed(err, "reading the audit checkpoint")
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
	return res, failed(err, "verifying the audit log")
}

// RecordProof proves that the audit record at index, which the caller may
// see, is in the log at the latest checkpoint.
func (s *Service) RecordProof(ctx context.Context, talksID, index int64) (*parley.RecordProof, error) {
	var p *parley.RecordProof
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		cp, err := tx.LatestCheckpoint(ctx)
		if err != nil {
			return err
		}
		if index < 0 || index >= cp.Size {
			return parley.NotFound("audit record")
		}
		data, err := tx.AuditStorage().Records(ctx, index, index+1)
		if err != nil {
			return err
		}
		if len(data) != 1 {
			return parley.NotFound("audit record")
		}
		r, err := auditlog.Decode(data[0])
		if err != nil {
			return err
		}
		if !v.CanSeeAuditRecord(&r) {
			return parley.NotFound("audit record")
		}
		proof, err := auditlog.ProveRecord(ctx, tx.AuditStorage(), index, cp.Size)
		if err != nil {
			return err
		}
		p = &parley.RecordProof{Index: index, Record: data[0], Proof: hashBytes(proof), Checkpoint: cp}
		return nil
	})
	return p, failed(err, "proving audit record %d", index)
}

// TreeProof proves that the log at the latest checkpoint extends the log
// of oldSize records, as a member's kept checkpoint names it.
func (s *Service) TreeProof(ctx context.Context, oldSize int64) (*parley.TreeProof, error) {
	var p *parley.TreeProof
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if err := s.mayWitness(ctx, tx); err != nil {
			return err
		}
		cp, err := tx.LatestCheckpoint(ctx)
		if err != nil {
			return err
		}
		if oldSize < 0 || oldSize > cp.Size {
			return parley.Invalid("old", "old must be a size from 0 to %d, the log's size", cp.Size)
		}
		proof, err := auditlog.ProveTree(ctx, tx.AuditStorage(), oldSize, cp.Size)
		if err != nil {
			return err
		}
		p = &parley.TreeProof{OldSize: oldSize, Proof: hashBytes(proof), Checkpoint: cp}
		return nil
	})
	return p, failed(err, "proving the audit log extends size %d", oldSize)
}

// mayWitness lets the operator, and accounts that are members of some
// talks (who have records in the log to witness), read the log's head and
// size; any other account is answered as if there were no checkpoint, so
// that it cannot watch the server's activity grow the log.
func (s *Service) mayWitness(ctx context.Context, tx parley.Tx) error {
	if isOperator(ctx) {
		return nil
	}
	id, err := s.signedIn(ctx)
	if err != nil {
		return err
	}
	ts, err := tx.TalksOf(ctx, id)
	if err != nil {
		return err
	}
	if len(ts) == 0 {
		return parley.NotFound("checkpoint")
	}
	return nil
}

func hashBytes[H ~[]tlog.Hash](hs H) [][]byte {
	out := make([][]byte, len(hs))
	for i := range hs {
		out[i] = hs[i][:]
	}
	return out
}
