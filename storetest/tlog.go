package storetest

import (
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
)

type tlogHash = tlog.Hash

func treeOf(cp *parley.Checkpoint) (tlog.Tree, error) {
	v, err := note.NewVerifier(cp.Verifier)
	if err != nil {
		return tlog.Tree{}, err
	}
	return auditlog.OpenCheckpoint([]byte(cp.Note), v)
}
