package workspace

import (
	"context"
	"slices"

	"github.com/parley-talks/parley"
)

// Waiting is what waits for the caller in some talks: the points of the
// latest draft its party has still to mark (0 once the party declared it
// finished, or when the caller may not mark), the sealed messages
// addressed to it that it has not read, and the open decisions that ask
// its party, whose principal it is, and that the party has not answered.
type Waiting struct {
	ToMark   int `json:"to_mark"`
	Unread   int `json:"unread"`
	ToAnswer int `json:"to_answer"`
}

// Waiting counts what waits for the caller in the talks, in one read:
// every member may ask, each about itself.
func (s *Service) Waiting(ctx context.Context, talksID int64) (*Waiting, error) {
	w := &Waiting{}
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		if w.Unread, err = tx.UnreadMessages(ctx, talksID, v.AccountID); err != nil {
			return err
		}
		if v.CanMark() {
			if w.ToMark, err = s.toMark(ctx, tx, talksID, v.Party.ID); err != nil {
				return err
			}
		}
		if v.Member.Role == parley.RolePrincipal {
			w.ToAnswer, err = toAnswer(ctx, tx, talksID, v.Party.ID)
		}
		return err
	})
	return w, failed(err, "counting what waits in talks %d", talksID)
}

// toMark counts the points of the latest tabled draft that party has
// still to mark, 0 if it declared its marking finished.
func (s *Service) toMark(ctx context.Context, tx parley.Tx, talksID, party int64) (int, error) {
	drafts, err := tx.Drafts(ctx, talksID)
	if err != nil || len(drafts) == 0 {
		return 0, err
	}
	m, err := s.markingState(ctx, tx, talksID, drafts[len(drafts)-1].Number, party)
	if err != nil || m.Finished {
		return 0, err
	}
	return max(0, m.Points-m.Marked), nil
}

// toAnswer counts the open decisions that ask party and it has not
// answered.
func toAnswer(ctx context.Context, tx parley.Tx, talksID, party int64) (int, error) {
	ds, err := tx.Decisions(ctx, talksID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range ds {
		answered := slices.ContainsFunc(d.Answers, func(a parley.Answer) bool { return a.PartyID == party })
		if d.Status == parley.DecisionOpen && slices.Contains(d.Parties, party) && !answered {
			n++
		}
	}
	return n, nil
}
