package http

import (
	"net/http"
	"strconv"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

func (s *Server) recordPageRoutes() {
	s.mux.Handle("GET /talks/{talks}/timeline", s.pageHandler(false, s.timelinePage))
	s.mux.Handle("POST /talks/{talks}/statements", s.pageHandler(false, s.statementSubmit))
}

type timelineData struct {
	Talks       *workspace.TalksView
	Timeline    []workspace.TimelineEntry
	Meetings    []parley.Meeting
	Digest      *workspace.Digest
	Legs        []parley.Leg
	Names       map[int64]string
	Draft       parley.StatementInput
	Disclosures []workspace.Disclosure
	Error       string
}

func (s *Server) timelineData(r *http.Request, id int64) (*timelineData, error) {
	ctx := r.Context()
	d := &timelineData{Names: map[int64]string{}}
	var err error
	if d.Talks, err = s.ws.GetTalks(ctx, id); err != nil {
		return nil, err
	}
	for _, p := range d.Talks.Parties {
		d.Names[p.ID] = p.Name
	}
	if d.Timeline, err = s.ws.Timeline(ctx, id); err != nil {
		return nil, err
	}
	if d.Meetings, err = s.ws.ListMeetings(ctx, id); err != nil {
		return nil, err
	}
	if d.Digest, err = s.ws.StatementDigest(ctx, id); err != nil {
		return nil, err
	}
	if d.Legs, err = s.ws.ListLegs(ctx, id); err != nil {
		return nil, err
	}
	return d, nil
}

// timelinePage shows the talks in time order, the meetings, the press
// digest, the itineraries the viewer may see, and a form to record a
// statement through the disclosure guard.
func (s *Server) timelinePage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	d, err := s.timelineData(r, id)
	if err != nil {
		return err
	}
	p.Title, p.Data, p.Talks = "Timeline", d, id
	s.render(w, r, http.StatusOK, "timeline", *p)
	return nil
}

// statementSubmit records a statement; when the guard finds confidential
// passages, the page comes back with them highlighted and an acknowledge
// switch.
func (s *Server) statementSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	in := parley.StatementInput{Speaker: r.PostFormValue("speaker"), Role: r.PostFormValue("role"), Channel: r.PostFormValue("channel"),
		Text: r.PostFormValue("text"), Link: r.PostFormValue("link"), Acknowledge: r.PostFormValue("acknowledge") == "on", MadeAt: time.Now()}
	if t, err := time.Parse("2006-01-02T15:04", r.PostFormValue("made_at")); err == nil {
		in.MadeAt = t
	}
	_, _, err = s.ws.RecordStatement(r.Context(), id, in)
	if err == nil {
		http.Redirect(w, r, "/talks/"+strconv.FormatInt(id, 10)+"/timeline#statements", http.StatusSeeOther)
		return nil
	}
	code := parley.ErrorCode(err)
	if code != parley.EINVALID && code != parley.ECONFLICT {
		return err
	}
	d, derr := s.timelineData(r, id)
	if derr != nil {
		return derr
	}
	d.Draft, d.Error = in, parley.ErrorMessage(err)
	if code == parley.ECONFLICT {
		if d.Disclosures, err = s.ws.CheckStatement(r.Context(), id, in.Text); err != nil {
			return err
		}
	}
	p.Title, p.Data, p.Talks = "Timeline", d, id
	s.render(w, r, statusOf[code], "timeline", *p)
	return nil
}
