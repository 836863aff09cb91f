package workspace

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/guard"
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
	return m, err
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
	return out, err
}

// guardIndex indexes the confidential material v may see, and what is
// public already, for the disclosure guard.
func (s *Service) guardIndex(ctx context.Context, tx parley.Tx, v parley.Viewer, talksID int64) (*guard.Index, error) {
	var src []guard.Source
	drafts, err := tx.Drafts(ctx, talksID)
	if err != nil {
		return nil, err
	}
	decisions, err := tx.Decisions(ctx, talksID)
	if err != nil {
		return nil, err
	}
	disclosed := map[int]bool{}
	for _, d := range decisions {
		if d.Kind == parley.DiscloseDraft && d.Status == parley.DecisionApproved {
			disclosed[d.Draft] = true
		}
	}
	numbers := []int{}
	for _, d := range drafts {
		numbers = append(numbers, d.Number)
	}
	if v.CanSeeWorkingDraft() {
		numbers = append(numbers, 0)
	}
	for _, n := range numbers {
		d, err := tx.Draft(ctx, talksID, n)
		if parley.ErrorCode(err) == parley.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		for _, p := range d.Points {
			src = append(src, guard.Source{ID: fmt.Sprintf("draft %d, point %s", n, p.Number), Kind: "draft", Title: p.Title,
				Text: strings.TrimSpace(p.Title + ". " + p.Text), Public: disclosed[n]})
		}
	}
	for _, d := range drafts {
		stances, err := visibleStances(ctx, tx, v, talksID, d.Number)
		if err != nil {
			return nil, err
		}
		for _, st := range stances {
			for kind, text := range map[string]string{"rationale": st.Rationale, "proposed wording": st.ProposedWording} {
				if text != "" {
					src = append(src, guard.Source{ID: fmt.Sprintf("%s's %s, draft %d", st.PartyName, kind, d.Number), Kind: kind, Text: text})
				}
			}
		}
	}
	meetings, err := tx.Meetings(ctx, talksID)
	if err != nil {
		return nil, err
	}
	for _, m := range meetings {
		if v.CanSeeMeetingNotes(&m) && m.Notes != "" {
			src = append(src, guard.Source{ID: "notes of " + m.Title, Kind: "meeting notes", Text: m.Notes})
		}
		if m.Disclosure != "" {
			src = append(src, guard.Source{ID: "agreed disclosure, " + m.Title, Kind: "disclosure", Text: m.Disclosure, Public: true})
		}
		if m.Outcome != "" {
			src = append(src, guard.Source{ID: "outcome, " + m.Title, Kind: "outcome", Text: m.Outcome, Public: true})
		}
	}
	statements, err := tx.Statements(ctx, talksID)
	if err != nil {
		return nil, err
	}
	for _, st := range statements {
		src = append(src, guard.Source{ID: fmt.Sprintf("statement %d", st.ID), Kind: "statement", Text: st.Text, Public: true})
	}
	return guard.NewIndex(src, guard.DefaultOptions()), nil
}

// Disclosure is a passage of a statement that reproduces confidential
// material its author may see.
type Disclosure struct {
	Source  string `json:"source"`
	Kind    string `json:"kind"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Passage string `json:"passage"`
	Excerpt string `json:"excerpt"`
}

// CheckStatement runs the disclosure guard on a statement the caller is
// about to record: every passage that reproduces confidential material
// the caller may see (untabled or undisclosed drafts, rationales and
// proposed wording, meeting notes). Sealed messages are outside its reach:
// the server cannot read them.
func (s *Service) CheckStatement(ctx context.Context, talksID int64, text string) ([]Disclosure, error) {
	var out []Disclosure
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		ix, err := s.guardIndex(ctx, tx, v, talksID)
		if err != nil {
			return err
		}
		out = disclosures(ix, text)
		return nil
	})
	return out, err
}

// disclosures runs the guard; a passage found in several sources (a
// rationale repeated on every draft) is reported once, with its first.
func disclosures(ix *guard.Index, text string) []Disclosure {
	out := []Disclosure{}
	seen := map[[2]int]bool{}
	for _, m := range ix.Check(text) {
		if seen[m.StatementSpan] {
			continue
		}
		seen[m.StatementSpan] = true
		out = append(out, Disclosure{Source: m.SourceID, Kind: m.SourceKind, Start: m.StatementSpan[0], End: m.StatementSpan[1],
			Passage: text[m.StatementSpan[0]:m.StatementSpan[1]], Excerpt: m.Excerpt})
	}
	return out
}

// RecordStatement records a public statement of the caller's party. The
// disclosure guard runs first: if the statement reproduces confidential
// material and the input does not acknowledge it, nothing is recorded and
// the error is an ECONFLICT naming the passages (see CheckStatement).
func (s *Service) RecordStatement(ctx context.Context, talksID int64, in parley.StatementInput) (*parley.Statement, []Disclosure, error) {
	if err := parley.CheckText("text", in.Text, 1, 20000); err != nil {
		return nil, nil, err
	}
	for field, v := range map[string]string{"speaker": in.Speaker, "channel": in.Channel} {
		if err := parley.CheckText(field, v, 1, 300); err != nil {
			return nil, nil, err
		}
	}
	for field, v := range map[string]string{"role": in.Role, "link": in.Link} {
		if err := parley.CheckText(field, v, 0, 1000); err != nil {
			return nil, nil, err
		}
	}
	if in.MadeAt.IsZero() {
		return nil, nil, parley.Invalid("made_at", "say when the statement was made")
	}
	var st *parley.Statement
	var found []Disclosure
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, recordStatement)
		if err != nil {
			return err
		}
		party := v.Party
		ix, err := s.guardIndex(ctx, tx, v, talksID)
		if err != nil {
			return err
		}
		if found = disclosures(ix, in.Text); len(found) > 0 && !in.Acknowledge {
			return parley.Errorf(parley.ECONFLICT, "the statement reproduces %d confidential passage(s): %s; check them, or acknowledge them to record it anyway",
				len(found), found[0].Source)
		}
		st = &parley.Statement{TalksID: talksID, PartyID: party.ID, PartyName: party.Name, Speaker: in.Speaker, Role: in.Role,
			MadeAt: in.MadeAt.UTC(), Channel: in.Channel, Text: in.Text, Link: in.Link, RecordedBy: v.Member.Username}
		if err := tx.CreateStatement(ctx, st); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, action: "statement.record", object: fmt.Sprintf("talks/%d/statements/%d", talksID, st.ID),
			digest: digestOf(st.Text), details: map[string]any{"party": party.Name, "disclosures_acknowledged": len(found)}})
	})
	if err == nil {
		s.publish(ctx, parley.Event{Talks: talksID, Kind: "statement"})
	}
	return st, found, err
}

// Digest is the press digest: the statements grouped by party, oldest
// first within each.
type Digest struct {
	Parties []DigestParty `json:"parties"`
}

// DigestParty is one party's statements in the digest.
type DigestParty struct {
	Party      string             `json:"party"`
	Statements []parley.Statement `json:"statements"`
}

// StatementDigest returns the talks' press digest.
func (s *Service) StatementDigest(ctx context.Context, talksID int64) (*Digest, error) {
	d := &Digest{Parties: []DigestParty{}}
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, seeTalks); err != nil {
			return err
		}
		sts, err := tx.Statements(ctx, talksID)
		if err != nil {
			return err
		}
		for _, st := range sts {
			i := slices.IndexFunc(d.Parties, func(p DigestParty) bool { return p.Party == st.PartyName })
			if i < 0 {
				d.Parties = append(d.Parties, DigestParty{Party: st.PartyName})
				i = len(d.Parties) - 1
			}
			d.Parties[i].Statements = append(d.Parties[i].Statements, st)
		}
		return nil
	})
	return d, err
}

// LegInput is a travel leg as a delegation records it.
type LegInput struct {
	From     string    `json:"from"`
	To       string    `json:"to"`
	DepartAt time.Time `json:"depart_at"`
	ArriveAt time.Time `json:"arrive_at"`
	Stops    []string  `json:"stops"`
	Notes    string    `json:"notes"`
}

// RecordLeg records a travel leg of the caller's own delegation.
func (s *Service) RecordLeg(ctx context.Context, talksID int64, in LegInput) (*parley.Leg, error) {
	for field, v := range map[string]string{"from": in.From, "to": in.To} {
		if err := parley.CheckText(field, v, 1, 300); err != nil {
			return nil, err
		}
	}
	if err := parley.CheckText("notes", in.Notes, 0, 5000); err != nil {
		return nil, err
	}
	if len(in.Stops) > 20 {
		return nil, parley.Invalid("stops", "at most 20 stops")
	}
	for _, st := range in.Stops {
		if err := parley.CheckText("stops", st, 1, 300); err != nil {
			return nil, err
		}
	}
	if in.DepartAt.IsZero() {
		return nil, parley.Invalid("depart_at", "give the departure")
	}
	if in.ArriveAt.IsZero() || in.ArriveAt.Before(in.DepartAt) {
		return nil, parley.Invalid("arrive_at", "give an arrival no earlier than the departure")
	}
	var l *parley.Leg
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, recordLeg)
		if err != nil {
			return err
		}
		party := v.Party
		l = &parley.Leg{TalksID: talksID, PartyID: party.ID, From: in.From, To: in.To, DepartAt: in.DepartAt.UTC(),
			ArriveAt: in.ArriveAt.UTC(), Stops: in.Stops, Notes: in.Notes}
		if err := tx.CreateLeg(ctx, l); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, party: party.ID, action: "itinerary.leg", object: fmt.Sprintf("talks/%d/legs/%d", talksID, l.ID)})
	})
	return l, err
}

// ListLegs lists the travel legs the caller may see: its own party's, and
// every party's for the mediator's team.
func (s *Service) ListLegs(ctx context.Context, talksID int64) ([]parley.Leg, error) {
	out := []parley.Leg{}
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		all, err := tx.Legs(ctx, talksID)
		if err != nil {
			return err
		}
		for i := range all {
			if v.CanSeeLeg(&all[i]) {
				out = append(out, all[i])
			}
		}
		return nil
	})
	return out, err
}

// TimelineEntry is one event of the talks' timeline.
type TimelineEntry struct {
	At    time.Time `json:"at"`
	Kind  string    `json:"kind"`
	Title string    `json:"title"`
	Ref   string    `json:"ref"`
}

// Timeline lists the talks' events in time order, as far as the caller may
// see them: drafts tabled, meetings, sealed messages sent (envelopes the
// caller may see), statements, decisions, and travel legs.
func (s *Service) Timeline(ctx context.Context, talksID int64) ([]TimelineEntry, error) {
	var out []TimelineEntry
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		drafts, err := tx.Drafts(ctx, talksID)
		if err != nil {
			return err
		}
		for _, d := range drafts {
			out = append(out, TimelineEntry{d.TabledAt, "draft", fmt.Sprintf("Draft %d tabled: %s", d.Number, d.Title), fmt.Sprintf("drafts/%d", d.Number)})
		}
		meetings, err := tx.Meetings(ctx, talksID)
		if err != nil {
			return err
		}
		for _, m := range meetings {
			out = append(out, TimelineEntry{m.StartsAt, "meeting", fmt.Sprintf("%s, %s (%d min)", m.Title, m.Place, m.Minutes), fmt.Sprintf("meetings/%d", m.ID)})
		}
		msgs, err := tx.Messages(ctx, talksID)
		if err != nil {
			return err
		}
		for i := range msgs {
			if v.CanSeeMessage(&msgs[i]) {
				out = append(out, TimelineEntry{msgs[i].SentAt, "message", fmt.Sprintf("Sealed message from %s, carried by %s", msgs[i].Sender, msgs[i].Envoy), fmt.Sprintf("messages/%d", msgs[i].ID)})
			}
		}
		sts, err := tx.Statements(ctx, talksID)
		if err != nil {
			return err
		}
		for _, st := range sts {
			out = append(out, TimelineEntry{st.MadeAt, "statement", fmt.Sprintf("%s (%s): statement on %s", st.Speaker, st.PartyName, st.Channel), fmt.Sprintf("statements/%d", st.ID)})
		}
		decs, err := tx.Decisions(ctx, talksID)
		if err != nil {
			return err
		}
		for _, d := range decs {
			out = append(out, TimelineEntry{d.ProposedAt, "decision", fmt.Sprintf("Decision put: %s", d.Kind), fmt.Sprintf("decisions/%d", d.ID)})
			if !d.ClosedAt.IsZero() {
				out = append(out, TimelineEntry{d.ClosedAt, "decision", fmt.Sprintf("Decision %s: %s", d.Status, d.Kind), fmt.Sprintf("decisions/%d", d.ID)})
			}
		}
		legs, err := tx.Legs(ctx, talksID)
		if err != nil {
			return err
		}
		for i := range legs {
			if v.CanSeeLeg(&legs[i]) {
				out = append(out, TimelineEntry{legs[i].DepartAt, "travel", fmt.Sprintf("%s → %s", legs[i].From, legs[i].To), fmt.Sprintf("legs/%d", legs[i].ID)})
			}
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	if out == nil {
		out = []TimelineEntry{}
	}
	return out, err
}
