package http

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// The record of the talks: meetings, public statements (checked by the
// disclosure guard before they are recorded), travel itineraries, and the
// timeline of all of it with the drafts and messages; the timeline page
// and its statement form.

func (s *Server) registerRecord() {
	s.api("GET /api/v1/talks/{talks}/meetings", talksGet(s.ws.ListMeetings))
	s.api("POST /api/v1/talks/{talks}/meetings", talksPost(s.ws.RecordMeeting))
	s.api("GET /api/v1/talks/{talks}/statements", s.listStatements)
	s.api("POST /api/v1/talks/{talks}/statements", s.recordStatement)
	s.api("POST /api/v1/talks/{talks}/statements/check", s.checkStatement)
	s.api("GET /api/v1/talks/{talks}/statements/digest", talksGet(s.ws.StatementDigest))
	s.api("GET /api/v1/talks/{talks}/itinerary", talksGet(s.ws.ListLegs))
	s.api("POST /api/v1/talks/{talks}/itinerary", talksPost(s.ws.RecordLeg))
	s.api("GET /api/v1/talks/{talks}/timeline", talksGet(s.ws.Timeline))

	s.page("GET /talks/{talks}/timeline", s.timelinePage)
	s.page("POST /talks/{talks}/statements", s.statementSubmit)
	s.page("POST /talks/{talks}/meetings", s.meetingSubmit)
	s.page("POST /talks/{talks}/itinerary", s.legSubmit)
}

// listStatements serves the talks' public statements, in the order of the
// press digest.
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

// recordStatement records a public statement; one that reproduces
// confidential passages is refused unless it acknowledges them.
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
	// The meeting and travel forms' refused input, with the reason.
	Meeting      parley.MeetingInput
	MeetingError string
	Leg          workspace.LegInput
	LegError     string
}

// timelineData gathers what the timeline page shows.
func (s *Server) timelineData(r *http.Request, p *page, id int64) (*timelineData, error) {
	ctx := r.Context()
	t, err := s.ws.GetTalks(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &timelineData{Talks: t, Names: partyNames(t)}
	if d.Timeline, err = s.ws.Timeline(ctx, id); err != nil {
		return nil, err
	}
	for i, e := range d.Timeline {
		d.Timeline[i].Title = e.TitleIn(p.tr)
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
	d, err := s.timelineData(r, p, id)
	if err != nil {
		return err
	}
	p.Title, p.Data, p.Talks = p.tr("Timeline"), d, id
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
		Text: r.PostFormValue("text"), Link: r.PostFormValue("link"), Acknowledge: r.PostFormValue("acknowledge") == "on", MadeAt: s.ws.Time()}
	if t, err := time.Parse("2006-01-02T15:04", r.PostFormValue("made_at")); err == nil {
		in.MadeAt = t
	}
	_, _, err = s.ws.RecordStatement(r.Context(), id, in)
	if err == nil {
		redirect(w, r, "/talks/%d/timeline#statements", id)
		return nil
	}
	code := parley.ErrorCode(err)
	if code != parley.EINVALID && code != parley.ECONFLICT {
		return err
	}
	d, derr := s.timelineData(r, p, id)
	if derr != nil {
		return derr
	}
	d.Draft, d.Error = in, p.message(err)
	if code == parley.ECONFLICT {
		if d.Disclosures, err = s.ws.CheckStatement(r.Context(), id, in.Text); err != nil {
			return err
		}
	}
	p.Title, p.Data, p.Talks = p.tr("Timeline"), d, id
	s.render(w, r, statusOf[code], "timeline", *p)
	return nil
}

// formTime reads a datetime-local field, as UTC; zero if absent or
// malformed (the workspace then says it is missing).
func formTime(r *http.Request, field string) time.Time {
	t, _ := time.Parse("2006-01-02T15:04", r.PostFormValue(field))
	return t
}

// formList reads a field of items separated by commas, dropping blanks.
func formList(v string) []string {
	out := []string{}
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// recordRefused brings the timeline page back after a refused meeting or
// leg, with what set puts in it; other errors stay as they are.
func (s *Server) recordRefused(w http.ResponseWriter, r *http.Request, p *page, id int64, err error, set func(*timelineData, string)) error {
	code := parley.ErrorCode(err)
	if code != parley.EINVALID && code != parley.ECONFLICT {
		return err
	}
	d, derr := s.timelineData(r, p, id)
	if derr != nil {
		return derr
	}
	set(d, p.message(err))
	p.Title, p.Data, p.Talks = p.tr("Timeline"), d, id
	s.render(w, r, statusOf[code], "timeline", *p)
	return nil
}

// meetingSubmit records a meeting from the timeline page's form (the
// mediator's): the attendees are the members ticked.
func (s *Server) meetingSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	r.ParseForm()
	minutes, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("minutes")))
	in := parley.MeetingInput{Title: r.PostFormValue("title"), Place: r.PostFormValue("place"), StartsAt: formTime(r, "starts_at"),
		Minutes: minutes, Attendees: r.PostForm["attendees"], Outcome: r.PostFormValue("outcome"), Disclosure: r.PostFormValue("disclosure"),
		Notes: r.PostFormValue("notes"), NotesReleased: r.PostFormValue("notes_released") != ""}
	if _, err := s.ws.RecordMeeting(r.Context(), id, in); err != nil {
		return s.recordRefused(w, r, p, id, err, func(d *timelineData, msg string) { d.Meeting, d.MeetingError = in, msg })
	}
	redirect(w, r, "/talks/%d/timeline#meetings-h", id)
	return nil
}

// legSubmit records a travel leg of the caller's party from the timeline
// page's form.
func (s *Server) legSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	in := workspace.LegInput{From: r.PostFormValue("from"), To: r.PostFormValue("to"), DepartAt: formTime(r, "depart_at"),
		ArriveAt: formTime(r, "arrive_at"), Stops: formList(r.PostFormValue("stops")), Notes: r.PostFormValue("notes")}
	if _, err := s.ws.RecordLeg(r.Context(), id, in); err != nil {
		return s.recordRefused(w, r, p, id, err, func(d *timelineData, msg string) { d.Leg, d.LegError = in, msg })
	}
	redirect(w, r, "/talks/%d/timeline#travel-h", id)
	return nil
}
