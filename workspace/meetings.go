package workspace

import (
	"context"
	"fmt"
	"slices"

	"github.com/parley-talks/parley"
)

// RecordMeeting records a meeting. Mediators may. The parties present are
// those of the attendees; the notes are theirs unless released.
func (s *Service) RecordMeeting(ctx context.Context, talksID int64, in parley.MeetingInput) (*parley.Meeting, error) {
	if err := checkMeeting(in); err != nil {
		return nil, err
	}
	var m *parley.Meeting
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, recordMeeting)
		if err != nil {
			return err
		}
		m = &parley.Meeting{TalksID: talksID, Title: in.Title, Place: in.Place, StartsAt: in.StartsAt.UTC(), Minutes: in.Minutes,
			Points: in.Points, Outcome: in.Outcome, Disclosure: in.Disclosure, Notes: in.Notes, NotesReleased: in.NotesReleased,
			RecordedBy: v.Member.Username}
		if err := attend(ctx, tx, m, in.Attendees); err != nil {
			return err
		}
		if err := checkPointsDiscussed(ctx, tx, talksID, m.Points); err != nil {
			return err
		}
		if err := tx.CreateMeeting(ctx, m); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, action: "meeting.record", object: fmt.Sprintf("talks/%d/meetings/%d", talksID, m.ID),
			details: map[string]any{"title": m.Title, "attendees": len(m.Attendees)}})
	})
	if err != nil {
		return nil, failed(err, "recording a meeting in talks %d", talksID)
	}
	s.publish(ctx, parley.Event{Talks: talksID, Kind: "meeting"})
	return m, nil
}

// checkMeeting checks a meeting's own fields.
func checkMeeting(in parley.MeetingInput) error {
	for field, v := range map[string]string{"title": in.Title, "place": in.Place} {
		if err := parley.CheckText(field, v, 1, 300); err != nil {
			return err
		}
	}
	for field, v := range map[string]string{"outcome": in.Outcome, "disclosure": in.Disclosure, "notes": in.Notes} {
		if err := parley.CheckText(field, v, 0, 50000); err != nil {
			return err
		}
	}
	if in.StartsAt.IsZero() {
		return parley.Invalid("starts_at", "say when the meeting began")
	}
	if in.Minutes < 0 || in.Minutes > 7*24*60 {
		return parley.Invalid("minutes", "minutes must be from 0 to a week")
	}
	if len(in.Attendees) == 0 {
		return parley.Invalid("attendees", "name who attended")
	}
	return nil
}

// attend adds the named attendees, each a member of the talks named once,
// to meeting m, and their parties to the parties present.
func attend(ctx context.Context, tx parley.Tx, m *parley.Meeting, names []string) error {
	members, err := tx.Members(ctx, m.TalksID)
	if err != nil {
		return err
	}
	for _, name := range names {
		i := slices.IndexFunc(members, func(mm parley.Member) bool { return mm.Username == name })
		if i < 0 {
			return parley.Invalid("attendees", "%q is not a member of these talks", name)
		}
		if slices.Contains(m.Attendees, name) {
			return parley.Invalid("attendees", "%q is named twice", name)
		}
		m.Attendees = append(m.Attendees, name)
		if !slices.Contains(m.Parties, members[i].PartyID) {
			m.Parties = append(m.Parties, members[i].PartyID)
		}
	}
	return nil
}

// checkPointsDiscussed checks that each point a meeting discussed is in
// some tabled draft of the talks.
func checkPointsDiscussed(ctx context.Context, tx parley.Tx, talksID int64, points []int64) error {
	drafts, err := tx.Drafts(ctx, talksID)
	if err != nil {
		return err
	}
	known := map[int64]bool{}
	for _, d := range drafts {
		full, err := tx.Draft(ctx, talksID, d.Number)
		if err != nil {
			return err
		}
		for _, p := range full.Points {
			known[p.ID] = true
		}
	}
	for _, p := range points {
		if !known[p] {
			return parley.Invalid("points_discussed", "point %d is in no tabled draft", p)
		}
	}
	return nil
}

// ListMeetings lists the talks' meetings, with the notes the caller may
// read.
func (s *Service) ListMeetings(ctx context.Context, talksID int64) ([]parley.Meeting, error) {
	var out []parley.Meeting
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		if out, err = tx.Meetings(ctx, talksID); err != nil {
			return err
		}
		for i := range out {
			if !v.CanSeeMeetingNotes(&out[i]) {
				out[i].Notes = ""
			}
		}
		return nil
	})
	return out, failed(err, "listing the meetings of talks %d", talksID)
}
