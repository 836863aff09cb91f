package http

import (
	"net/http"
	"strconv"

	"github.com/parley-talks/parley"
)

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
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="parley-checkpoint.txt"`)
		w.Write([]byte(cp.Note))
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
