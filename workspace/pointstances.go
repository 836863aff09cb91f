package workspace

import (
	"context"

	"github.com/parley-talks/parley"
)

// PointStances is what the caller may see of the stances on one point of
// a tabled draft: the stances on it, and its party's own stances on the
// points of the previous draft it was amended, split or merged from.
type PointStances struct {
	Stances []parley.Stance
	Earlier []EarlierStance
}

// StancesOnPoint returns the stances on one point of a tabled draft as
// ListStances and EarlierStances would give them for that point, reading
// only that point's (and its origins') stances: what saving one mark
// answers with, at the cost of one point rather than of the whole draft.
func (s *Service) StancesOnPoint(ctx context.Context, talksID int64, draft int, pointID int64) (*PointStances, error) {
	out := &PointStances{Earlier: []EarlierStance{}}
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		d, err := s.tabledDraft(ctx, tx, talksID, draft)
		if err != nil {
			return err
		}
		pt := d.Point(pointID)
		if pt == nil || pt.Kind != parley.KindPoint {
			return parley.NotFound("point")
		}
		all, err := tx.PointStances(ctx, talksID, draft, pointID)
		if out.Stances, err = visible(all, err, v, parley.Viewer.CanSeeStance); err != nil {
			return err
		}
		if draft == 1 || pt.Change == parley.ChangeNew || parley.Carries(pt.Change) || !v.SeesAllStancesOf(v.Member.PartyID) {
			return nil
		}
		out.Earlier, err = s.earlierOn(ctx, tx, v, d, *pt)
		return err
	})
	return out, failed(err, "reading the stances on point %d of draft %d of talks %d", pointID, draft, talksID)
}

// earlierOn returns v's party's stances on the points of the draft before
// d that point pt of d came from.
func (s *Service) earlierOn(ctx context.Context, tx parley.Tx, v parley.Viewer, d *parley.Draft, pt parley.Point) ([]EarlierStance, error) {
	old, err := s.tabledDraft(ctx, tx, d.TalksID, d.Number-1)
	if err != nil {
		return nil, err
	}
	from := pt.From
	if len(from) == 0 {
		from = []int64{pt.ID}
	}
	mine := map[int64]parley.Stance{}
	for _, id := range from {
		ss, err := tx.PointStances(ctx, d.TalksID, d.Number-1, id)
		if err != nil {
			return nil, err
		}
		for _, st := range ss {
			if st.PartyID == v.Member.PartyID {
				mine[id] = st
			}
		}
	}
	one := *d
	one.Points = []parley.Point{pt}
	return earlier(&one, old, mine), nil
}
