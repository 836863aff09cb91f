package auditlog

import (
	"crypto/rand"
	"fmt"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// NewSigner generates a new checkpoint signing key pair under name, as
// [note.GenerateKey] does, with randomness from crypto/rand. The signer
// key skey is secret: keep it out of the database the log lives in. The
// verifier key vkey is public: give it to everyone who holds checkpoints.
// Use them with [note.NewSigner] and [note.NewVerifier].
func NewSigner(name string) (skey, vkey string, err error) {
	skey, vkey, err = note.GenerateKey(rand.Reader, name)
	if err != nil {
		return "", "", fmt.Errorf("auditlog: new signer: %w", err)
	}
	return skey, vkey, nil
}

// SignCheckpoint returns a checkpoint of tree: a note whose text is
// [tlog.FormatTree] of tree, signed by signer.
func SignCheckpoint(tree tlog.Tree, signer note.Signer) ([]byte, error) {
	if tree.N < 0 {
		return nil, fmt.Errorf("auditlog: sign checkpoint: tree size %d", tree.N)
	}
	msg, err := note.Sign(&note.Note{Text: string(tlog.FormatTree(tree))}, signer)
	if err != nil {
		return nil, fmt.Errorf("auditlog: sign checkpoint: %w", err)
	}
	return msg, nil
}

// OpenCheckpoint checks that msg is a checkpoint signed by verifier and
// returns the tree it vouches for. Other signatures on msg are ignored; its
// text must be exactly what [SignCheckpoint] writes.
func OpenCheckpoint(msg []byte, verifier note.Verifier) (tlog.Tree, error) {
	if verifier == nil {
		return tlog.Tree{}, fmt.Errorf("auditlog: open checkpoint: no verifier")
	}
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("auditlog: open checkpoint: %w", err)
	}
	tree, err := tlog.ParseTree([]byte(n.Text))
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("auditlog: open checkpoint: %w", err)
	}
	if n.Text != string(tlog.FormatTree(tree)) {
		return tlog.Tree{}, fmt.Errorf("auditlog: open checkpoint: text is not a bare tree")
	}
	return tree, nil
}
