package http

import (
	"context"
	"net/http"
	"time"

	"github.com/parley-talks/parley"
)

// Health checks for load balancers and process supervisors. Neither says
// anything but whether the server is up or ready: no version, no error
// text (which could name a database host), no talks data. They need no
// account, and the server limits no one's rate of asking.

// readyTimeout bounds how long a readiness check waits on the database.
const readyTimeout = 5 * time.Second

// readiness is what a store can tell of its readiness beyond answering a
// transaction: sqlstore.Backend pings every pool and checks the schema is
// the binary's.
type readiness interface {
	Ready(ctx context.Context) error
}

// healthBody is the JSON body of both checks.
type healthBody struct {
	Status string `json:"status"`
}

func (s *Server) registerHealth() {
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /readyz", s.readyz)
}

// healthz answers while the process serves: liveness.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, healthBody{Status: "ok"})
}

// readyz answers 200 when the database answers and its schema is the
// binary's, else 503 (and logs why): readiness.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := s.ready(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, healthBody{Status: "unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, healthBody{Status: "ready"})
}

// ready is nil when the store is ready to serve.
func (s *Server) ready(ctx context.Context) error {
	if s.ws == nil || s.ws.Store == nil {
		return parley.Errorf(parley.EINTERNAL, "no store")
	}
	if r, ok := s.ws.Store.(readiness); ok {
		return r.Ready(ctx)
	}
	return s.ws.Store.View(ctx, func(parley.Tx) error { return nil })
}
