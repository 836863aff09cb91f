package http

import (
	"net/http"

	"github.com/parley-talks/parley"
)

// Marking progress: a party declares that it has finished marking the
// latest draft, or withdraws that; the draft page's control does the
// same.

func (s *Server) registerMarking() {
	s.api("GET /api/v1/talks/{talks}/drafts/{n}/marking", s.getMarking)
	s.api("PUT /api/v1/talks/{talks}/drafts/{n}/marking", s.putMarking)

	s.page("POST /talks/{talks}/drafts/{n}/marking", s.markingSubmit)
}

// markingInput is the body of PUT .../marking.
type markingInput struct {
	Finished *bool `json:"finished"`
}

func (s *Server) getMarking(w http.ResponseWriter, r *http.Request) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	st, err := s.ws.MarkingOf(r.Context(), id, n)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

func (s *Server) putMarking(w http.ResponseWriter, r *http.Request) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	var in markingInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Finished == nil {
		return parley.Invalid("finished", "finished must be true or false")
	}
	st, err := s.ws.SetMarkingFinished(r.Context(), id, n, *in.Finished)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

// markingSubmit declares (finished=true) or withdraws (finished=false)
// from the draft page, and comes back to it.
func (s *Server) markingSubmit(w http.ResponseWriter, r *http.Request, _ *page) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	var finished bool
	switch r.PostFormValue("finished") {
	case "true":
		finished = true
	case "false":
	default:
		return parley.Invalid("finished", "finished must be true or false")
	}
	if _, err := s.ws.SetMarkingFinished(r.Context(), id, n, finished); err != nil {
		return err
	}
	redirect(w, r, "/talks/%d/drafts/%d#marking", id, n)
	return nil
}
