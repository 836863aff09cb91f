package workspace

import (
	"context"
	"fmt"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
)

// Stances carried over: when a draft is tabled, each party's stance on a
// point the new draft keeps unchanged (moved or not) is carried over to it
// as a new stance, with its rationale, proposed wording and sharing, and
// marked with where it came from. It is an ordinary stance in every other
// way — seen by whom its origin was seen, counted as marked, in the gap map,
// the history and the audit log — until the party confirms it (a new
// version, its own) or changes it. An amended, split or merged point
// carries nothing over; its party is shown its earlier stance instead
// (EarlierStances).

// carryOver carries the parties' stances on draft prev over to draft d,
// just tabled, in the tabling transaction: those on the points d keeps
// unchanged. Each party's carried stances are recorded in an audit record
// of their own, which only that party sees, so that nobody learns from the
// log what another party marked. The store carries them by reference,
// reading no stance's content.
func (s *Service) carryOver(ctx context.Context, tx parley.Tx, prev int, d *parley.Draft) error {
	if prev == 0 {
		return nil
	}
	old, err := s.tabledDraft(ctx, tx, d.TalksID, prev)
	if err != nil {
		return err
	}
	before := pointsByID(old)
	numbers := map[int64]string{}
	for _, p := range d.Points {
		if was := before[p.ID]; was != nil && p.Kind == parley.KindPoint && parley.Carries(p.Change) {
			numbers[p.ID] = was.Number
		}
	}
	if len(numbers) == 0 {
		return nil
	}
	parties, err := tx.Parties(ctx, d.TalksID)
	if err != nil {
		return err
	}
	for _, party := range parties {
		n, err := tx.CarryStances(ctx, d.TalksID, prev, d.Number, party.ID, numbers)
		if err != nil {
			return err
		} else if n == 0 {
			continue
		}
		err = s.audit(ctx, tx, change{talks: d.TalksID, party: party.ID, action: "stance.carry",
			object:  fmt.Sprintf("talks/%d/drafts/%d/stances/%d", d.TalksID, d.Number, party.ID),
			details: map[string]any{"from": prev, "stances": n}})
		if err != nil {
			return err
		}
	}
	return nil
}

// pointsByID indexes d's points by their IDs.
func pointsByID(d *parley.Draft) map[int64]*parley.Point {
	m := make(map[int64]*parley.Point, len(d.Points))
	for i := range d.Points {
		m[d.Points[i].ID] = &d.Points[i]
	}
	return m
}

// ConfirmStances makes the caller's party's carried-over stances on the
// latest tabled draft its own: on the given points, or on every point
// that has one if points is empty. Each becomes a new version, as it
// stood, recorded by the caller. A point named whose stance is not
// carried over is a conflict, and nothing is confirmed. Those who may mark
// may, while the talks are open.
func (s *Service) ConfirmStances(ctx context.Context, talksID int64, draft int, points []int64) ([]parley.Stance, error) {
	var out []parley.Stance
	var party int64
	var read *parley.Draft
	// Stance writes run alongside each other (see parley.Store).
	err := s.Store.UpdateShared(ctx, func(tx parley.Tx) error {
		out = []parley.Stance{} // afresh on each attempt: the store may run fn again
		v, _, err := s.open(ctx, tx, talksID, markStance)
		if err != nil {
			return err
		}
		party = v.Party.ID
		if read, err = s.markableDraft(ctx, tx, talksID, draft, points); err != nil {
			return err
		}
		todo, err := carriedToConfirm(ctx, tx, talksID, draft, party, points)
		if err != nil {
			return err
		}
		for _, st := range todo {
			st.CarriedFrom, st.RecordedBy, st.RecordedAt, st.Follows = nil, v.Member.Username, s.now(), st.Version
			if err := tx.PutStance(ctx, &st); err != nil {
				return err
			}
			out = append(out, st)
		}
		if len(out) == 0 {
			return nil
		}
		return s.audit(ctx, tx, change{talks: talksID, party: party, action: "stance.confirm",
			object:  fmt.Sprintf("talks/%d/drafts/%d/stances/%d", talksID, draft, party),
			details: map[string]any{"stances": len(out)}})
	})
	if err != nil {
		return nil, failed(err, "confirming carried-over stances on draft %d of talks %d", draft, talksID)
	}
	s.drafts.put(read) // read by a committed transaction: it exists
	if len(out) > 0 {
		share, all := false, false
		for _, st := range out {
			share, all = share || st.ShareWithMediator, all || st.ReleasedToAll
		}
		s.publish(ctx, parley.Event{Talks: talksID, Kind: "stance", Stance: &parley.Stance{TalksID: talksID, PartyID: party,
			ShareWithMediator: share, ReleasedToAll: all}})
	}
	return out, nil
}

// carriedToConfirm returns party's carried-over stances on draft: those
// on points, each of which must have one, or all of them if points is
// empty.
func carriedToConfirm(ctx context.Context, tx parley.Tx, talksID int64, draft int, party int64, points []int64) ([]parley.Stance, error) {
	all, err := tx.Stances(ctx, talksID, draft)
	if err != nil {
		return nil, err
	}
	carried := map[int64]parley.Stance{}
	var order []int64
	for _, st := range all {
		if st.PartyID == party && st.CarriedFrom != nil {
			carried[st.PointID] = st
			order = append(order, st.PointID)
		}
	}
	if len(points) == 0 {
		points = order
	}
	var out []parley.Stance
	seen := map[int64]bool{}
	for _, p := range points {
		st, ok := carried[p]
		if !ok {
			return nil, parley.Errorf(parley.ECONFLICT, "your party's stance on point %d is not carried over from an earlier draft: there is nothing to confirm", p)
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, st)
		}
	}
	return out, nil
}

// EarlierStance is the caller's party's stance on a point of the previous
// draft that the draft amended, split or merged into one of its points:
// "changed since you marked it", with the words that changed.
type EarlierStance struct {
	// Point is the point of this draft; Change how it came from the
	// earlier point (amended, split or merged).
	Point  int64         `json:"point"`
	Change parley.Change `json:"change"`
	// FromNumber is the earlier point's number in the previous draft;
	// Stance the party's stance on it there.
	FromNumber string        `json:"from_number"`
	Stance     parley.Stance `json:"stance"`
	// Words turn the earlier point's text into this one's.
	Words []diff.Op `json:"words"`
}

// EarlierStances returns, for each point of a tabled draft that amends,
// splits or merges points of the draft before it, the caller's party's
// stances on those earlier points, in the order of the draft's points.
// Only the party's own stances are read: a member of a party that marks
// nothing (the mediator's team, an observer) gets none.
func (s *Service) EarlierStances(ctx context.Context, talksID int64, draft int) ([]EarlierStance, error) {
	out := []EarlierStance{}
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		d, err := s.tabledDraft(ctx, tx, talksID, draft)
		if err != nil || draft == 1 || !v.SeesAllStancesOf(v.Member.PartyID) {
			return err
		}
		old, err := s.tabledDraft(ctx, tx, talksID, draft-1)
		if err != nil {
			return err
		}
		mine, err := partyStancesOn(ctx, tx, talksID, draft-1, v.Member.PartyID, earlierPoints(d))
		if err != nil {
			return err
		}
		out = earlier(d, old, mine)
		return nil
	})
	return out, failed(err, "reading the earlier stances on draft %d of talks %d", draft, talksID)
}

// earlierPoints returns the points of the draft before d that d amended,
// split or merged into its points.
func earlierPoints(d *parley.Draft) []int64 {
	var out []int64
	for _, p := range d.Points {
		if p.Kind != parley.KindPoint || p.Change == parley.ChangeNew || parley.Carries(p.Change) {
			continue
		}
		if len(p.From) == 0 {
			out = append(out, p.ID)
		}
		out = append(out, p.From...)
	}
	return out
}

// fewPoints is how many points partyStancesOn reads one by one, rather
// than reading every stance on the draft.
const fewPoints = 64

// partyStancesOn returns party's current stances on the given points of
// a tabled draft, by point: nothing is read for no points, and a few
// points' stances are read point by point rather than every party's on
// every point (a 2,000-point draft's party page read all 10,000 to show
// the few its party marked on the points the next draft changed).
func partyStancesOn(ctx context.Context, tx parley.Tx, talksID int64, draft int, party int64, points []int64) (map[int64]parley.Stance, error) {
	mine := map[int64]parley.Stance{}
	keep := func(stances []parley.Stance, err error) error {
		for _, st := range stances {
			if st.PartyID == party {
				mine[st.PointID] = st
			}
		}
		return err
	}
	if len(points) > fewPoints {
		return mine, keep(tx.Stances(ctx, talksID, draft))
	}
	for _, id := range points {
		if _, done := mine[id]; done {
			continue
		}
		if err := keep(tx.PointStances(ctx, talksID, draft, id)); err != nil {
			return nil, err
		}
	}
	return mine, nil
}

// earlier pairs the changed points of d with the stances in mine on the
// points of old they came from.
func earlier(d, old *parley.Draft, mine map[int64]parley.Stance) []EarlierStance {
	out := []EarlierStance{}
	for _, p := range d.Points {
		if p.Kind != parley.KindPoint || p.Change == parley.ChangeNew || parley.Carries(p.Change) {
			continue
		}
		from := p.From
		if len(from) == 0 {
			from = []int64{p.ID}
		}
		for _, id := range from {
			st, ok := mine[id]
			was := old.Point(id)
			if !ok || was == nil {
				continue
			}
			words := diff.Words(was.Text, p.Text)
			if words == nil {
				words = []diff.Op{}
			}
			out = append(out, EarlierStance{Point: p.ID, Change: p.Change, FromNumber: was.Number, Stance: st, Words: words})
		}
	}
	return out
}
