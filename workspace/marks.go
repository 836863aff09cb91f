package workspace

import (
	"context"
	"fmt"
	"slices"

	"github.com/parley-talks/parley"
)

// SetMarks records several marks of the caller's party on the latest
// tabled draft in one transaction: the form of a long draft's page, sent
// whole by a browser without JavaScript. Each mark keeps the rationale,
// wording and sharing of the party's stance on its point (or the party's
// default sharing); a mark equal to the current one is left alone, so
// that sending the whole form again records nothing twice. It returns the
// number of stances recorded. Nothing is recorded if any mark is invalid.
func (s *Service) SetMarks(ctx context.Context, talksID int64, draft int, marks map[int64]parley.StanceValue) (int, error) {
	points := make([]int64, 0, len(marks))
	for p, v := range marks {
		if !v.Valid() {
			return 0, parley.Invalid("stance", "the mark on point %d must be acceptable, needs_discussion or unsuitable", p)
		}
		points = append(points, p)
	}
	slices.Sort(points)
	var recorded []*parley.Stance
	var read *parley.Draft
	// Stance writes run alongside each other (see parley.Store).
	err := s.Store.UpdateShared(ctx, func(tx parley.Tx) error {
		recorded = nil // afresh on each attempt: the store may run fn again
		v, _, err := s.open(ctx, tx, talksID, markStance)
		if err != nil {
			return err
		}
		if read, err = s.markableDraft(ctx, tx, talksID, draft, points); err != nil {
			return err
		}
		current, err := partyStances(ctx, tx, talksID, draft, v.Party.ID)
		if err != nil {
			return err
		}
		for _, p := range points {
			st := &parley.Stance{TalksID: talksID, Draft: draft, PointID: p, PartyID: v.Party.ID, PartyName: v.Party.Name,
				Value: marks[p], ShareWithMediator: v.Party.ShareByDefault, RecordedBy: v.Member.Username, RecordedAt: s.now()}
			if last, ok := current[p]; ok {
				if last.Value == marks[p] {
					continue
				}
				st.Rationale, st.Follows = last.Rationale, last.Version
				st.ShareWithMediator, st.ReleasedToAll = last.ShareWithMediator, last.ReleasedToAll
			}
			if err := tx.PutStance(ctx, st); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, change{talks: talksID, party: v.Party.ID, action: "stance.set",
				object:  fmt.Sprintf("talks/%d/drafts/%d/points/%d/stances/%d", talksID, draft, p, v.Party.ID),
				details: map[string]any{"version": st.Version}}); err != nil {
				return err
			}
			recorded = append(recorded, st)
		}
		return nil
	})
	if err != nil {
		return 0, failed(err, "recording %d marks on draft %d of talks %d", len(marks), draft, talksID)
	}
	s.drafts.put(read) // read by a committed transaction: it exists
	for _, st := range recorded {
		s.publish(ctx, parley.Event{Talks: talksID, Kind: "stance", Stance: &parley.Stance{TalksID: talksID, PartyID: st.PartyID,
			ShareWithMediator: st.ShareWithMediator, ReleasedToAll: st.ReleasedToAll}})
	}
	return len(recorded), nil
}

// markableDraft checks that draft is the latest tabled draft and that
// every one of points is a point of it (not a heading). It returns the
// draft if it read it from the store, for the caller to keep in the cache
// once its transaction has committed (see draftCache), nil if the cache
// had it: a stance write then reads no draft.
func (s *Service) markableDraft(ctx context.Context, tx parley.Tx, talksID int64, draft int, points []int64) (read *parley.Draft, err error) {
	d := s.drafts.peek(talksID, draft)
	if d == nil {
		if d, err = s.tabledDraft(ctx, tx, talksID, draft); err != nil {
			return nil, err
		}
		read = d
	}
	drafts, err := tx.Drafts(ctx, talksID)
	if err != nil {
		return nil, err
	}
	if err := parley.CheckLatestDraft(draft, drafts[len(drafts)-1].Number); err != nil {
		return nil, err
	}
	for _, id := range points {
		p := d.Point(id)
		if p == nil {
			return nil, parley.NotFound("point")
		}
		if p.Kind != parley.KindPoint {
			return nil, parley.Invalid("point", "%q is a section heading; stances are taken on points", p.Title)
		}
	}
	return read, nil
}

// partyStances returns a party's current stances on a draft by point.
func partyStances(ctx context.Context, tx parley.Tx, talksID int64, draft int, party int64) (map[int64]parley.Stance, error) {
	all, err := tx.Stances(ctx, talksID, draft)
	if err != nil {
		return nil, err
	}
	current := map[int64]parley.Stance{}
	for _, st := range all {
		if st.PartyID == party {
			current[st.PointID] = st
		}
	}
	return current, nil
}
