package http

import (
	"net/http"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/markdown"
)

func decisionPath(r *http.Request) (int64, int64, error) {
	id, err := pathID(r, "talks")
	if err != nil {
		return 0, 0, err
	}
	d, err := pathID(r, "decision")
	if err != nil {
		return 0, 0, err
	}
	return id, d, nil
}

func (s *Server) getDecision(w http.ResponseWriter, r *http.Request) error {
	id, did, err := decisionPath(r)
	if err != nil {
		return err
	}
	d, err := s.ws.GetDecision(r.Context(), id, did)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) answerDecision(w http.ResponseWriter, r *http.Request) error {
	id, did, err := decisionPath(r)
	if err != nil {
		return err
	}
	var in parley.AnswerInput
	if err := decode(r, &in); err != nil {
		return err
	}
	d, err := s.ws.AnswerDecision(r.Context(), id, did, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// publicDraft serves a draft every principal party agreed to disclose, to
// anyone.
func (s *Server) publicDraft(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	n, err := draftNumber(r)
	if err != nil || n == 0 {
		return parley.NotFound("draft")
	}
	d, err := s.ws.PublicDraft(r.Context(), id, n)
	if err != nil {
		return err
	}
	if wantsMarkdown(r) {
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
		w.Write([]byte(markdown.Write(d, false)))
		return nil
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}
