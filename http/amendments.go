package http

import (
	"net/http"
	"strconv"

	"github.com/parley-talks/parley"
)

// Amendments: a party's proposals to change a point of the latest tabled
// draft, their withdrawal, a mediator's decision on each (taken into the
// working draft, in full or in part, or declined with a reason), and the
// mediator's amendment desk; the pages are in amendment_pages.go.

func (s *Server) registerAmendments() {
	s.api("GET /api/v1/talks/{talks}/amendments", s.listAmendments)
	s.api("GET /api/v1/talks/{talks}/amendments/desk", s.amendmentDesk)
	s.api("GET /api/v1/talks/{talks}/amendments/{amendment}", s.getAmendment)
	s.api("POST /api/v1/talks/{talks}/drafts/{n}/points/{point}/amendments", s.proposeAmendment)
	s.api("POST /api/v1/talks/{talks}/amendments/{amendment}/withdraw", s.withdrawAmendment)
	s.api("POST /api/v1/talks/{talks}/amendments/{amendment}/decision", s.decideAmendment)
	s.api("GET /api/v1/talks/{talks}/drafts/{n}/amendments/export", s.exportAmendments)

	s.page("GET /talks/{talks}/amendments", s.amendmentsPage)
	s.page("GET /talks/{talks}/amendments/desk", s.deskPage)
	s.page("GET /talks/{talks}/drafts/{n}/points/{point}/amendments", s.pointAmendmentsPage)
	s.page("POST /talks/{talks}/drafts/{n}/points/{point}/amendments", s.proposeSubmit)
	s.page("POST /talks/{talks}/amendments/{amendment}/withdraw", s.withdrawSubmit)
	s.page("POST /talks/{talks}/amendments/{amendment}/decision", s.decisionSubmit)
	s.page("GET /talks/{talks}/drafts/{n}/amendments/download", s.downloadAmendments)
}

// draftQuery reads the optional ?draft= of the amendments' list (0: every
// draft).
func draftQuery(r *http.Request) (int, error) {
	v := r.URL.Query().Get("draft")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, parley.Invalid("draft", "draft must be the number of a tabled draft")
	}
	return n, nil
}

func (s *Server) listAmendments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	n, err := draftQuery(r)
	if err != nil {
		return err
	}
	as, err := s.ws.ListAmendments(r.Context(), id, n)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, as)
	return nil
}

func (s *Server) getAmendment(w http.ResponseWriter, r *http.Request) error {
	id, aid, err := pathIDs(r, "amendment")
	if err != nil {
		return err
	}
	a, err := s.ws.GetAmendment(r.Context(), id, aid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) proposeAmendment(w http.ResponseWriter, r *http.Request) error {
	id, n, point, err := pointPath(r)
	if err != nil {
		return err
	}
	var in parley.AmendmentInput
	if err := decode(r, &in); err != nil {
		return err
	}
	a, err := s.ws.ProposeAmendment(r.Context(), id, n, point, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) withdrawAmendment(w http.ResponseWriter, r *http.Request) error {
	id, aid, err := pathIDs(r, "amendment")
	if err != nil {
		return err
	}
	a, err := s.ws.WithdrawAmendment(r.Context(), id, aid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) decideAmendment(w http.ResponseWriter, r *http.Request) error {
	id, aid, err := pathIDs(r, "amendment")
	if err != nil {
		return err
	}
	var d parley.AmendmentDecision
	if err := decode(r, &d); err != nil {
		return err
	}
	a, err := s.ws.DecideAmendment(r.Context(), id, aid, d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) amendmentDesk(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	desk, err := s.ws.AmendmentDesk(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, desk)
	return nil
}

// exportAmendments serves the amendments to a tabled draft as a file:
// ?format=akn (Akoma Ntoso amendmentList) or md.
func (s *Server) exportAmendments(w http.ResponseWriter, r *http.Request) error {
	id, n, err := tabledDraftPath(r)
	if err != nil {
		return err
	}
	e, err := s.ws.ExportAmendments(r.Context(), id, n, r.URL.Query().Get("format"))
	if err != nil {
		return err
	}
	writeFile(w, e)
	return nil
}

// downloadAmendments is exportAmendments for a signed-in browser.
func (s *Server) downloadAmendments(w http.ResponseWriter, r *http.Request, p *page) error {
	return s.exportAmendments(w, r)
}
