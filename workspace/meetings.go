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
	for field, v := range map[string]string{"title": in.Title, "place": in.Place} {
		if err := parley.CheckText(field, v, 1, 300); err != nil {
			return nil, err
		}
	}
	for field, v := range map[string]string{"outcome": in.Outcome, "disclosure": in.Disclosure, "notes": in.Notes} {
		if err := parley.CheckText(field, v, 0, 50000); err != nil {
			return nil, err
		}
	}
	if in.StartsAt.IsZero() {
		return nil, parley.Invalid("starts_at", "say when the meeting began")
	}
	if in.Minutes < 0 || in.Minutes > 7*24*60 {
		return nil, parley.Invalid("minutes", "minutes must be from 0 to a week")
	}
	if len(in.Attendees) == 0 {
		return nil, parley.Invalid("attendees", "name who attended")
	}
	var m *parley.Meeting
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, recordMeeting)
		if err != nil {
			return err
		}
		members, err := tx.Members(ctx, talksID)
		if err != nil {
			return err
		}
		m = &parley.Meeting{TalksID: talksID, Title: in.Title, Place: in.Place, StartsAt: in.StartsAt.UTC(), Minutes: in.Minutes,
			Points: in.Points, Outcome: in.Outcome, Disclosure: in.Disclosure, Notes: in.Notes, NotesReleased: in.NotesReleased,
			RecordedBy: v.Member.Username}
		for _, name := range in.Attendees {
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
		for _, p := range m.Points {
			if !known[p] {
				return parley.Invalid("points_discussed", "point %d is in no tabled draft", p)
			}
		}
		if err := tx.CreateMeeting(ctx, m); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, action: "meeting.record", object: fmt.Sprintf("talks/%d/meetings/%d", talksID, m.ID),
			details: map[string]any{"title": m.Title, "attendees": len(m.Attendees)}})
	})
	if err == nil {
		s.publish(ctx, parley.Event{Talks: talksID, Kind: "meeting"})
	}
	return m, failed(err, "recording a meeting in talks %d", talksID)
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
