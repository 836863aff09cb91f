package http

import (
	"fmt"
	"net/http"
	"time"
)

// Live updates: an open page about a set of talks listens to a stream of
// server-sent events (static/app.js) and fetches itself again when told
// that something it may show has changed.

func (s *Server) registerEvents() {
	s.page("GET /talks/{talks}/events", s.events)
}

// events streams server-sent events to an open page: one "change" event
// for each change the viewer may hear of, with no content; the page then
// fetches itself again.
func (s *Server) events(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	ch, err := s.ws.Subscribe(r.Context(), id)
	if err != nil {
		return err
	}
	defer s.streamOpened()()
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{})
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 3000\n\n")
	rc.Flush()
	heartbeat := time.NewTicker(25 * time.Second)
	defer heartbeat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-s.closing:
			// The server is shutting down: a last event says so, and the
			// page reconnects (after retry) to whichever server answers.
			fmt.Fprint(w, "event: closing\ndata: shutdown\n\n")
			rc.Flush()
			return nil
		case e, ok := <-ch:
			if !ok || !s.stillSignedIn(r) {
				return nil
			}
			fmt.Fprintf(w, "event: change\ndata: %s\n\n", e.Kind)
		case <-heartbeat.C:
			if !s.stillSignedIn(r) {
				return nil
			}
			fmt.Fprint(w, ": keep-alive\n\n")
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
}

// CloseStreams ends every live-update stream, open or opened later, each
// with a last "closing" event: for a server shutting down, whose streams
// would otherwise hold their connections until its deadline. It may be
// called more than once.
func (s *Server) CloseStreams() {
	s.closeOnce.Do(func() { close(s.closing) })
}

// stillSignedIn reports whether the session a stream was opened with is
// still live, so that a stream ends, undelivered, once its session has
// been signed out (everywhere, or from another device) or has expired.
func (s *Server) stillSignedIn(r *http.Request) bool {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return false
	}
	_, err = s.ws.Authenticate(r.Context(), c.Value)
	return err == nil
}
