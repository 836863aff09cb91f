package http

import (
	"net/http"
	"time"
)

// Observer hears of what the server serves, for metrics (package metrics
// implements it). It is told only route patterns as registered ("GET
// /api/v1/talks/{talks}"), never a path, so nothing it hears names a talks,
// an account or anything a user sent.
type Observer interface {
	// Served is told of each request: the pattern of the route that
	// matched it ("" for none), the status written and how long it took.
	Served(pattern string, status int, d time.Duration)
	// StreamOpened and StreamClosed are told when a live-update stream
	// opens and closes.
	StreamOpened()
	StreamClosed()
}

// Observe makes the server tell o of what it serves. Call it before the
// server serves.
func (s *Server) Observe(o Observer) { s.obs = o }

// observe tells the observer, if any, of a request served.
func (s *Server) observe(r *http.Request, status int, d time.Duration) {
	if s.obs != nil {
		s.obs.Served(r.Pattern, status, d)
	}
}

// streamOpened tells the observer, if any, that a live-update stream
// opened, and returns what to call when it closes.
func (s *Server) streamOpened() (closed func()) {
	if s.obs == nil {
		return func() {}
	}
	s.obs.StreamOpened()
	return s.obs.StreamClosed
}
