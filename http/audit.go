package http

import (
	"net/http"
	"strconv"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// The audit log: the records about the talks that the caller may see,
// the latest signed checkpoint, and proofs that a record is in the log
// and that the log only grew; the record page and the checkpoint file.

func (s *Server) registerAudit() {
	s.api("GET /api/v1/talks/{talks}/audit", s.auditLog)
	s.api("GET /api/v1/talks/{talks}/audit/{index}/proof", s.recordProof)
	s.api("GET /api/v1/audit/checkpoint", s.checkpoint)
	s.api("GET /api/v1/audit/consistency", s.treeProof)

	s.page("GET /talks/{talks}/audit", s.auditPage)
	s.page("GET /audit/checkpoint.txt", s.checkpointFile)
	// The browser's witness (static/witness.js) asks for the proof with
	// the session cookie.
	s.page("GET /audit/consistency", asPage(s.treeProof))
}

type auditResponse struct {
	Entries    []parley.AuditEntry `json:"entries"`
	Checkpoint *parley.Checkpoint  `json:"checkpoint"`
}

// auditLog serves the audit records about the talks that the caller may
// see, with the latest signed checkpoint.
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	entries, cp, err := s.ws.AuditLog(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, auditResponse{Entries: entries, Checkpoint: cp})
	return nil
}

// checkpoint serves the latest signed checkpoint; ?format=note serves the
// signed note alone, as a file to keep.
func (s *Server) checkpoint(w http.ResponseWriter, r *http.Request) error {
	cp, err := s.ws.Checkpoint(r.Context())
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "note" {
		writeCheckpointNote(w, cp)
		return nil
	}
	writeJSON(w, http.StatusOK, cp)
	return nil
}

// recordProof proves that an audit record the caller may see is in the log.
func (s *Server) recordProof(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	index, err := strconv.ParseInt(r.PathValue("index"), 10, 64)
	if err != nil || index < 0 {
		return parley.NotFound("audit record")
	}
	p, err := s.ws.RecordProof(r.Context(), id, index)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// treeProof proves that the log only grew since a size the caller kept.
func (s *Server) treeProof(w http.ResponseWriter, r *http.Request) error {
	old, err := queryInt(r, "old")
	if err != nil {
		return err
	}
	p, err := s.ws.TreeProof(r.Context(), int64(old))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// writeCheckpointNote serves a checkpoint's signed note as a file to keep.
func writeCheckpointNote(w http.ResponseWriter, cp *parley.Checkpoint) {
	w.Header().Set("Content-Disposition", `attachment; filename="parley-checkpoint.txt"`)
	writeText(w, "text/plain; charset=utf-8", cp.Note)
}

type auditData struct {
	Talks      *workspace.TalksView
	Entries    []parley.AuditEntry
	Checkpoint *parley.Checkpoint
}

// auditPage shows the audit records the viewer may see, newest first,
// with the latest checkpoint.
func (s *Server) auditPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, t, err := s.talksOf(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := auditData{Talks: t}
	if d.Entries, d.Checkpoint, err = s.ws.AuditLog(ctx, id); err != nil {
		return err
	}
	// Newest first.
	for i, j := 0, len(d.Entries)-1; i < j; i, j = i+1, j-1 {
		d.Entries[i], d.Entries[j] = d.Entries[j], d.Entries[i]
	}
	p.Title, p.Data, p.Talks = p.tr("The record"), d, id
	s.render(w, r, http.StatusOK, "audit", *p)
	return nil
}

// checkpointFile downloads the latest signed checkpoint, to keep.
func (s *Server) checkpointFile(w http.ResponseWriter, r *http.Request, p *page) error {
	cp, err := s.ws.Checkpoint(r.Context())
	if err != nil {
		return err
	}
	writeCheckpointNote(w, cp)
	return nil
}
