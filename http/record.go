package http

import (
	"net/http"

	"github.com/parley-talks/parley"
)

func (s *Server) listStatements(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	ss, err := s.ws.StatementDigest(r.Context(), id)
	if err != nil {
		return err
	}
	var all []parley.Statement
	for _, p := range ss.Parties {
		all = append(all, p.Statements...)
	}
	if all == nil {
		all = []parley.Statement{}
	}
	writeJSON(w, http.StatusOK, all)
	return nil
}

type statementResponse struct {
	Statement   *parley.Statement `json:"statement"`
	Disclosures any               `json:"disclosures_acknowledged"`
}

func (s *Server) recordStatement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	var in parley.StatementInput
	if err := decode(r, &in); err != nil {
		return err
	}
	st, found, err := s.ws.RecordStatement(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, statementResponse{st, found})
	return nil
}

type checkRequest struct {
	Text string `json:"text"`
}

// checkStatement runs the disclosure guard on a draft statement.
func (s *Server) checkStatement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	var in checkRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := parley.CheckText("text", in.Text, 1, 20000); err != nil {
		return err
	}
	ds, err := s.ws.CheckStatement(r.Context(), id, in.Text)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"disclosures": ds})
	return nil
}
