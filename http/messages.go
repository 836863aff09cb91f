package http

import (
	"net/http"

	"github.com/parley-talks/parley"
)

func (s *Server) getAccountKey(w http.ResponseWriter, r *http.Request) error {
	k, err := s.ws.AccountKey(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, k)
	return nil
}

func (s *Server) putAccountKey(w http.ResponseWriter, r *http.Request) error {
	var in parley.AccountKey
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.ws.SetAccountKey(r.Context(), in); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	var in parley.MessageInput
	if err := decode(r, &in); err != nil {
		return err
	}
	m, err := s.ws.SendMessage(r.Context(), id, in)
	if err != nil {
		return err
	}
	m.Ciphertext = ""
	writeJSON(w, http.StatusCreated, m)
	return nil
}

// messagePath reads {talks} and {message}.
func messagePath(r *http.Request) (int64, int64, error) {
	id, err := pathID(r, "talks")
	if err != nil {
		return 0, 0, err
	}
	m, err := pathID(r, "message")
	if err != nil {
		return 0, 0, err
	}
	return id, m, nil
}

func (s *Server) getMessage(w http.ResponseWriter, r *http.Request) error {
	id, mid, err := messagePath(r)
	if err != nil {
		return err
	}
	m, err := s.ws.GetMessage(r.Context(), id, mid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) readMessage(w http.ResponseWriter, r *http.Request) error {
	id, mid, err := messagePath(r)
	if err != nil {
		return err
	}
	m, err := s.ws.MarkRead(r.Context(), id, mid)
	if err != nil {
		return err
	}
	m.Ciphertext = ""
	writeJSON(w, http.StatusOK, m)
	return nil
}
