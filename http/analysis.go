package http

import (
	"net/http"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

func (s *Server) putIssueSpace(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	var in parley.IssueSpace
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.ws.SetIssueSpace(r.Context(), id, &in); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, in)
	return nil
}

func (s *Server) putProfile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	var in workspace.ProfileInput
	if err := decode(r, &in); err != nil {
		return err
	}
	p, err := s.ws.SetProfile(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

type runRequest struct {
	Epsilon float64 `json:"epsilon"`
}

func (s *Server) runAnalysis(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	var in runRequest
	if r.ContentLength != 0 {
		if err := decode(r, &in); err != nil {
			return err
		}
	}
	res, err := s.ws.RunAnalysis(r.Context(), id, in.Epsilon)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

type shareRequest struct {
	Label   string            `json:"label"`
	Package map[string]string `json:"package"`
}

func (s *Server) sharePackage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	var in shareRequest
	if err := decode(r, &in); err != nil {
		return err
	}
	sp, err := s.ws.SharePackage(r.Context(), id, in.Label, in.Package)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, sp)
	return nil
}
