package http

import (
	"net/http"

	"github.com/parley-talks/parley/workspace"
)

// Accounts: the caller's own, and new ones (for administrators). An
// account's key for sealed messages is in messages.go.

func (s *Server) registerAccounts() {
	s.api("GET /api/v1/account", s.getAccount)
	s.api("POST /api/v1/accounts", s.createAccount)
}

func (s *Server) getAccount(w http.ResponseWriter, r *http.Request) error {
	a, err := s.ws.Account(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) createAccount(w http.ResponseWriter, r *http.Request) error {
	var in workspace.AccountInput
	if err := decode(r, &in); err != nil {
		return err
	}
	a, err := s.ws.CreateAccount(r.Context(), in, false)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}
