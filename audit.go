package parley

import "github.com/parley-talks/parley/auditlog"

// AuditEntry is one record of the tamper-evident audit log with its index
// in the log.
type AuditEntry struct {
	Index  int64           `json:"index"`
	Record auditlog.Record `json:"record"`
}

// RecordProof proves that a record is in the log at a checkpoint: the
// record's exact bytes (the leaf) and the hashes that lead from it to the
// checkpoint's tree hash (golang.org/x/mod/sumdb/tlog.RecordProof).
type RecordProof struct {
	Index      int64       `json:"index"`
	Record     []byte      `json:"record"`
	Proof      [][]byte    `json:"proof"`
	Checkpoint *Checkpoint `json:"checkpoint"`
}

// TreeProof proves that the log at a checkpoint extends the log at an
// earlier size: it only grew (tlog.TreeProof).
type TreeProof struct {
	OldSize    int64       `json:"old_size"`
	Proof      [][]byte    `json:"proof"`
	Checkpoint *Checkpoint `json:"checkpoint"`
}

// AuditVerification is what verifying the audit log checked: the records
// against the Merkle tree, the checkpoints against the records, and every
// stored row against the digest its latest record gives it.
type AuditVerification struct {
	Records     int64 `json:"records"`
	Checkpoints int   `json:"checkpoints"`
	Rows        int   `json:"rows"`
}

// Checkpoint is a signed head of the audit log: a note (golang.org/x/mod/
// sumdb/note) over the tree's size and hash, with the public key that
// verifies it. Parties keep checkpoints outside Parley; a later checkpoint
// that does not extend an earlier one, or records that do not hash to it,
// show that the record was altered.
type Checkpoint struct {
	Size     int64  `json:"size"`
	Hash     string `json:"hash"`
	Note     string `json:"note"`
	Verifier string `json:"verifier_key"`
}
