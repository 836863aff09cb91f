package workspace

import (
	"context"
	"fmt"
	"time"

	"github.com/parley-talks/parley"
)

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
	return l, failed(err, "recording a travel leg in talks %d", talksID)
}

// ListLegs lists the travel legs the caller may see: its own party's, and
// every party's for the mediator's team.
func (s *Service) ListLegs(ctx context.Context, talksID int64) ([]parley.Leg, error) {
	var out []parley.Leg
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		all, err := tx.Legs(ctx, talksID)
		out, err = visible(all, err, v, parley.Viewer.CanSeeLeg)
		return err
	})
	return out, failed(err, "listing the travel legs of talks %d", talksID)
}
