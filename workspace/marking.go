package workspace

import (
	"context"
	"fmt"

	"github.com/parley-talks/parley"
)

// MarkingState is a party's marking of a tabled draft: whether it has
// declared it finished and how many of the draft's points it has marked,
// a stance carried over from an earlier draft counting as a mark.
type MarkingState struct {
	Draft    int   `json:"draft"`
	Party    int64 `json:"party"`
	Finished bool  `json:"finished"`
	Marked   int   `json:"marked"`
	Points   int   `json:"points"`
	// Carried counts the marked points whose stance was carried over from
	// an earlier draft and is not yet confirmed.
	Carried int `json:"carried"`
}

// SetMarkingFinished declares that the caller's party has finished
// marking the latest tabled draft (finished true) or withdraws that
// declaration. Those who may mark for the party may, while the talks are
// open; the mediator's team then sees the party finished. Declaring again,
// or withdrawing what was not declared, changes nothing.
func (s *Service) SetMarkingFinished(ctx context.Context, talksID int64, draft int, finished bool) (*MarkingState, error) {
	var st *MarkingState
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, markStance)
		if err != nil {
			return err
		}
		if err := s.latestDraft(ctx, tx, talksID, draft); err != nil {
			return err
		}
		action := "marking.finish"
		if finished {
			err = tx.PutMarkingFinished(ctx, &parley.MarkingFinished{TalksID: talksID, Draft: draft, PartyID: v.Party.ID,
				DeclaredBy: v.Member.Username, DeclaredAt: s.now()})
		} else {
			action = "marking.reopen"
			err = tx.DeleteMarkingFinished(ctx, talksID, draft, v.Party.ID)
		}
		if err != nil {
			return err
		}
		if st, err = s.markingState(ctx, tx, talksID, draft, v.Party.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, party: v.Party.ID, action: action,
			object: fmt.Sprintf("talks/%d/drafts/%d/marking/%d", talksID, draft, v.Party.ID)})
	})
	if err != nil {
		return nil, failed(err, "declaring the marking of draft %d of talks %d finished (%v)", draft, talksID, finished)
	}
	// Heard by those who may see the party's marking: its own members and
	// the mediator's team, as a stance shared with the mediator would be.
	s.publish(ctx, parley.Event{Talks: talksID, Kind: "stance", Stance: &parley.Stance{TalksID: talksID, PartyID: st.Party,
		ShareWithMediator: true}})
	return st, nil
}

// MarkingOf returns the caller's party's marking of a tabled draft.
func (s *Service) MarkingOf(ctx context.Context, talksID int64, draft int) (*MarkingState, error) {
	var st *MarkingState
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, markStance)
		if err != nil {
			return err
		}
		if _, err := s.tabledDraft(ctx, tx, talksID, draft); err != nil {
			return err
		}
		st, err = s.markingState(ctx, tx, talksID, draft, v.Party.ID)
		return err
	})
	return st, failed(err, "reading the marking of draft %d of talks %d", draft, talksID)
}

// latestDraft checks that draft number is tabled and the latest.
func (s *Service) latestDraft(ctx context.Context, tx parley.Tx, talksID int64, number int) error {
	if _, err := s.tabledDraft(ctx, tx, talksID, number); err != nil {
		return err
	}
	drafts, err := tx.Drafts(ctx, talksID)
	if err != nil {
		return err
	}
	return parley.CheckLatestDraft(number, drafts[len(drafts)-1].Number)
}

// markingState counts party's marks on a draft and reads its declaration.
func (s *Service) markingState(ctx context.Context, tx parley.Tx, talksID int64, draft int, party int64) (*MarkingState, error) {
	d, err := s.tabledDraft(ctx, tx, talksID, draft)
	if err != nil {
		return nil, err
	}
	st := &MarkingState{Draft: draft, Party: party, Points: len(d.Markable())}
	stances, err := tx.StanceMarks(ctx, talksID, draft, party)
	if err != nil {
		return nil, err
	}
	for _, x := range stances {
		if x.PartyID == party {
			st.Marked++
			if x.CarriedFrom != nil {
				st.Carried++
			}
		}
	}
	fs, err := tx.MarkingFinished(ctx, talksID, draft)
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		st.Finished = st.Finished || f.PartyID == party
	}
	return st, nil
}
