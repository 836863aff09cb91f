package http_test

import (
	"fmt"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
	"github.com/parley-talks/parley/demo"
)

func toHashes(bs [][]byte) []tlog.Hash {
	out := make([]tlog.Hash, len(bs))
	for i, b := range bs {
		copy(out[i][:], b)
	}
	return out
}

// TestAuditProofs plays a member who keeps a checkpoint and later asks
// for proof that the log only grew, and that a record is in it.
func TestAuditProofs(t *testing.T) {
	t.Parallel()
	base, _, tid := newDemoServer(t)
	ru := signIn(t, base, "russia-envoy", demo.Password)
	ua := signIn(t, base, "ukraine", demo.Password)

	var kept parley.Checkpoint
	ru.call("GET", "/api/v1/audit/checkpoint", nil, 200, &kept)
	verifier, err := note.NewVerifier(kept.Verifier)
	if err != nil {
		t.Fatal(err)
	}
	oldTree, err := auditlog.OpenCheckpoint([]byte(kept.Note), verifier)
	if err != nil {
		t.Fatalf("the served checkpoint does not open with its key: %v", err)
	}

	// The talks go on.
	var d5 parley.Draft
	ru.call("GET", fmt.Sprintf("/api/v1/talks/%d/drafts/5", tid), nil, 200, &d5)
	ru.call("PUT", fmt.Sprintf("/api/v1/talks/%d/drafts/5/points/%d/stance", tid, d5.Markable()[0].ID),
		map[string]any{"stance": "needs_discussion", "rationale": "on reflection"}, 200, nil)

	var tp parley.TreeProof
	ru.call("GET", fmt.Sprintf("/api/v1/audit/consistency?old=%d", oldTree.N), nil, 200, &tp)
	newTree, err := auditlog.OpenCheckpoint([]byte(tp.Checkpoint.Note), verifier)
	if err != nil {
		t.Fatal(err)
	}
	if newTree.N <= oldTree.N {
		t.Fatalf("the log did not grow: %d → %d", oldTree.N, newTree.N)
	}
	if err := auditlog.CheckTree(toHashes(tp.Proof), oldTree, newTree); err != nil {
		t.Errorf("consistency proof %d → %d does not check: %v", oldTree.N, newTree.N, err)
	}
	// A proof against a forked history fails.
	forked := oldTree
	forked.Hash[0] ^= 1
	if err := auditlog.CheckTree(toHashes(tp.Proof), forked, newTree); err == nil {
		t.Error("a consistency proof checked against a forked tree")
	}

	// Inclusion: Russia proves its own record; Ukraine's is not found.
	type listing struct {
		Entries []parley.AuditEntry `json:"entries"`
	}
	var mine, theirs listing
	ru.call("GET", fmt.Sprintf("/api/v1/talks/%d/audit", tid), nil, 200, &mine)
	ua.call("GET", fmt.Sprintf("/api/v1/talks/%d/audit", tid), nil, 200, &theirs)
	last := mine.Entries[len(mine.Entries)-1]
	if last.Record.Action != "stance.set" || last.Record.Actor != "russia-envoy" {
		t.Fatalf("russia's latest record: got %+v", last.Record)
	}
	var rp parley.RecordProof
	ru.call("GET", fmt.Sprintf("/api/v1/talks/%d/audit/%d/proof", tid, last.Index), nil, 200, &rp)
	tree, _ := auditlog.OpenCheckpoint([]byte(rp.Checkpoint.Note), verifier)
	if err := auditlog.CheckRecord(toHashes(rp.Proof), tree, rp.Index, rp.Record); err != nil {
		t.Errorf("inclusion proof of record %d does not check: %v", rp.Index, err)
	}
	got, _ := auditlog.Decode(rp.Record)
	if got.Object != last.Record.Object {
		t.Errorf("the proven record is %+v, want %+v", got, last.Record)
	}
	var ukraines int64 = -1
	for _, e := range theirs.Entries {
		if e.Record.Party != 0 && e.Record.Action == "stance.set" {
			ukraines = e.Index
		}
	}
	if ukraines < 0 {
		t.Fatal("ukraine sees no record of its own stances")
	}
	ru.wantError("GET", fmt.Sprintf("/api/v1/talks/%d/audit/%d/proof", tid, ukraines), nil, "", 404, parley.ENOTFOUND, "")
	for _, e := range mine.Entries {
		if e.Index == ukraines {
			t.Errorf("russia's audit listing holds ukraine's record %d", e.Index)
		}
	}
	ru.wantError("GET", "/api/v1/audit/consistency?old=999999", nil, "", 400, parley.EINVALID, "old")
}
