package workspace

import (
	"context"
	"errors"
	"fmt"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/gap"
)

// SetStance records the caller's party's stance on a point of a tabled
// draft. A principal, negotiator or adviser of a negotiating party may,
// while the talks are open; the earlier stance stays in the history.
func (s *Service) SetStance(ctx context.Context, talksID int64, draft int, pointID int64, in parley.StanceInput) (*parley.Stance, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var st *parley.Stance
	var read *parley.Draft
	// Stance writes run alongside each other (see parley.Store).
	err := s.Store.UpdateShared(ctx, func(tx parley.Tx) error {
		in := in     // KeepDetails changes it: each attempt starts from the caller's input
		follows := 0 // the version KeepDetails took details from
		v, _, err := s.open(ctx, tx, talksID, markStance)
		if err != nil {
			return err
		}
		party := v.Party
		if read, err = s.markableDraft(ctx, tx, talksID, draft, []int64{pointID}); err != nil {
			return err
		}
		if in.KeepDetails {
			h, err := tx.StanceHistory(ctx, talksID, draft, pointID, party.ID)
			if err != nil {
				return err
			}
			if len(h) > 0 {
				last := h[len(h)-1]
				in.Rationale, in.ReleasedToAll, follows = last.Rationale, last.ReleasedToAll, last.Version
				in.ShareWithMediator = &last.ShareWithMediator
			}
		}
		share := party.ShareByDefault
		if in.ShareWithMediator != nil {
			share = *in.ShareWithMediator
		}
		st = &parley.Stance{TalksID: talksID, Draft: draft, PointID: pointID, PartyID: party.ID, PartyName: party.Name,
			Value: in.Value, Rationale: in.Rationale, ShareWithMediator: share, ReleasedToAll: in.ReleasedToAll, RecordedBy: v.Member.Username, RecordedAt: s.now(),
			Follows: follows}
		if err := tx.PutStance(ctx, st); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, party: party.ID, action: "stance.set",
			object:  fmt.Sprintf("talks/%d/drafts/%d/points/%d/stances/%d", talksID, draft, pointID, party.ID),
			details: map[string]any{"version": st.Version}})
	})
	if err != nil {
		return nil, failed(err, "recording a stance on point %d of draft %d of talks %d", pointID, draft, talksID)
	}
	s.drafts.put(read) // read by a committed transaction: it exists
	s.publish(ctx, parley.Event{Talks: talksID, Kind: "stance", Stance: &parley.Stance{TalksID: talksID, PartyID: st.PartyID,
		ShareWithMediator: st.ShareWithMediator, ReleasedToAll: st.ReleasedToAll}})
	return st, nil
}

func (s *Service) tabledDraft(ctx context.Context, tx parley.Tx, talksID int64, number int) (*parley.Draft, error) {
	if number < 1 {
		return nil, parley.NotFound("draft")
	}
	if d := s.drafts.get(talksID, number); d != nil {
		return d, nil
	}
	return tx.Draft(ctx, talksID, number)
}

// visibleStances returns the stances on a tabled draft that v may see.
func visibleStances(ctx context.Context, tx parley.Tx, v parley.Viewer, talksID int64, draft int) ([]parley.Stance, error) {
	all, err := tx.Stances(ctx, talksID, draft)
	return visible(all, err, v, parley.Viewer.CanSeeStance)
}

// ListStances returns the stances on a tabled draft that the caller may see.
func (s *Service) ListStances(ctx context.Context, talksID int64, draft int) ([]parley.Stance, error) {
	var out []parley.Stance
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		if _, err := s.tabledDraft(ctx, tx, talksID, draft); err != nil {
			return err
		}
		out, err = visibleStances(ctx, tx, v, talksID, draft)
		return err
	})
	return out, failed(err, "listing the stances on draft %d of talks %d", draft, talksID)
}

// StanceHistory returns every version of the caller's own party's stance on
// a point, oldest first. Other parties' histories are not found.
func (s *Service) StanceHistory(ctx context.Context, talksID int64, draft int, pointID int64) ([]parley.Stance, error) {
	var out []parley.Stance
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		d, err := s.tabledDraft(ctx, tx, talksID, draft)
		if err != nil {
			return err
		}
		if d.Point(pointID) == nil {
			return parley.NotFound("point")
		}
		if !v.CanSeeHistoryOf(v.Member.PartyID) {
			return parley.NotFound("stance history")
		}
		out, err = tx.StanceHistory(ctx, talksID, draft, pointID, v.Member.PartyID)
		return err
	})
	if out == nil {
		out = []parley.Stance{}
	}
	return out, failed(err, "reading the stance history of point %d of draft %d of talks %d", pointID, draft, talksID)
}

// GapMap returns the gap map of a tabled draft as the caller may see it.
func (s *Service) GapMap(ctx context.Context, talksID int64, draft int) (*gap.Map, error) {
	var m *gap.Map
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		m, err = s.gapMap(ctx, tx, v, talksID, draft)
		return err
	})
	return m, failed(err, "building the gap map of draft %d of talks %d", draft, talksID)
}

// gapMap returns v's gap map of draft, from the cache of maps (gapcache.go)
// while nothing has changed since it was built. Read-only transactions
// only.
func (s *Service) gapMap(ctx context.Context, tx parley.Tx, v parley.Viewer, talksID int64, draft int) (*gap.Map, error) {
	key, at, keep, err := gapKeyOf(ctx, tx, v, talksID, draft)
	if err != nil {
		return nil, err
	}
	if !keep {
		return s.buildGapMap(ctx, tx, v, talksID, draft)
	}
	if m := s.gaps.get(key, at); m != nil {
		return m, nil
	}
	// One build for the requests of one viewer at one state: after a
	// tabling, everyone reads the new draft's map at once.
	built, err, _ := s.gapBuilds.Do(fmt.Sprint(key, at), func() (any, error) {
		m, err := s.buildGapMap(ctx, tx, v, talksID, draft)
		if err == nil {
			s.gaps.put(key, at, m)
		}
		return m, err
	})
	if err != nil && ctx.Err() == nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		// The request that built it went away; this one has not.
		return s.buildGapMap(ctx, tx, v, talksID, draft)
	}
	if err != nil {
		return nil, err
	}
	return copyGap(built.(*gap.Map)), nil
}

func (s *Service) buildGapMap(ctx context.Context, tx parley.Tx, v parley.Viewer, talksID int64, draft int) (*gap.Map, error) {
	d, err := s.tabledDraft(ctx, tx, talksID, draft)
	if err != nil {
		return nil, err
	}
	parties, err := tx.Parties(ctx, talksID)
	if err != nil {
		return nil, err
	}
	all, err := tx.StanceMarks(ctx, talksID, draft, 0)
	if err != nil {
		return nil, err
	}
	stances, _ := visible(all, nil, v, parley.Viewer.CanSeeStance)
	known, err := markingKnown(ctx, tx, v, parties, all, talksID, draft)
	if err != nil {
		return nil, err
	}
	return gap.BuildKnowing(d, parties, stances, known), nil
}

// markingKnown returns, for each party whose marking v may know, which
// points of the draft it has marked (from all its current stances) and
// whether it has declared its marking finished.
func markingKnown(ctx context.Context, tx parley.Tx, v parley.Viewer, parties []parley.Party, all []parley.Stance,
	talksID int64, draft int) (map[int64]*gap.Marking, error) {
	known := map[int64]*gap.Marking{}
	for _, p := range parties {
		if p.Kind == parley.PartyParty && v.CanSeeMarkingOf(p.ID) {
			known[p.ID] = &gap.Marking{Marked: map[int64]bool{}}
		}
	}
	for _, st := range all {
		if k := known[st.PartyID]; k != nil {
			k.Marked[st.PointID] = true
		}
	}
	finished, err := tx.MarkingFinished(ctx, talksID, draft)
	if err != nil {
		return nil, err
	}
	for _, f := range finished {
		if k := known[f.PartyID]; k != nil {
			k.Finished = true
		}
	}
	return known, nil
}

// Convergence returns the standing of every tabled draft as the caller may
// see it, with a verdict on the latest.
func (s *Service) Convergence(ctx context.Context, talksID int64) (*gap.Convergence, error) {
	var c *gap.Convergence
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		drafts, err := tx.Drafts(ctx, talksID)
		if err != nil {
			return err
		}
		var maps []*gap.Map
		for _, d := range drafts {
			m, err := s.gapMap(ctx, tx, v, talksID, d.Number)
			if err != nil {
				return err
			}
			maps = append(maps, m)
		}
		c = gap.Converge(maps)
		return nil
	})
	return c, failed(err, "reading the convergence of talks %d", talksID)
}
