package workspace

import (
	"context"
	"fmt"
	"slices"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
)

// ListDrafts lists the tabled drafts, without their text.
func (s *Service) ListDrafts(ctx context.Context, talksID int64) ([]parley.Draft, error) {
	var out []parley.Draft
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, _, err := s.viewer(ctx, tx, talksID); err != nil {
			return err
		}
		var err error
		out, err = tx.Drafts(ctx, talksID)
		return err
	})
	if out == nil {
		out = []parley.Draft{}
	}
	for i := range out {
		out[i].Removed = nil // the list carries no text
	}
	return out, err
}

// GetDraft returns a draft with its text. Number 0 is the mediator's
// working draft, which only the mediator party sees.
func (s *Service) GetDraft(ctx context.Context, talksID int64, number int) (*parley.Draft, error) {
	var d *parley.Draft
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.viewer(ctx, tx, talksID)
		if err != nil {
			return err
		}
		if number < 0 || number == 0 && !v.CanSeeWorkingDraft() {
			return parley.NotFound("draft")
		}
		d, err = tx.Draft(ctx, talksID, number)
		return err
	})
	return d, err
}

// TableDraft tables the next draft from in. Mediators may, while the talks
// are open. Tabling discards the working draft, if any.
func (s *Service) TableDraft(ctx context.Context, talksID int64, in *parley.DraftInput) (*parley.Draft, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var d *parley.Draft
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		if err := s.mayDraft(ctx, tx, talksID); err != nil {
			return err
		}
		var err error
		d, err = s.table(ctx, tx, talksID, in)
		return err
	})
	if err == nil {
		s.publish(ctx, parley.Event{Talks: talksID, Kind: "draft"})
	}
	return d, err
}

// SaveWorkingDraft stores in as the mediator's working draft, replacing any
// earlier one. New points get their identities now and keep them when the
// draft is tabled.
func (s *Service) SaveWorkingDraft(ctx context.Context, talksID int64, in *parley.DraftInput) (*parley.Draft, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var d *parley.Draft
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		if err := s.mayDraft(ctx, tx, talksID); err != nil {
			return err
		}
		var err error
		d, err = s.build(ctx, tx, talksID, in, 0)
		if err != nil {
			return err
		}
		if err := tx.PutDraft(ctx, d); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, party: mediatorPartyOf(ctx, tx, talksID), action: "draft.working.save",
			object: fmt.Sprintf("talks/%d/drafts/working", talksID), digest: digestOf(d.Points)})
	})
	return d, err
}

// TableWorkingDraft tables the working draft as the next draft.
func (s *Service) TableWorkingDraft(ctx context.Context, talksID int64) (*parley.Draft, error) {
	var d *parley.Draft
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		if err := s.mayDraft(ctx, tx, talksID); err != nil {
			return err
		}
		w, err := tx.Draft(ctx, talksID, 0)
		if err != nil {
			return err
		}
		d, err = s.table(ctx, tx, talksID, InputOf(w))
		return err
	})
	if err == nil {
		s.publish(ctx, parley.Event{Talks: talksID, Kind: "draft"})
	}
	return d, err
}

// DiscardWorkingDraft deletes the working draft.
func (s *Service) DiscardWorkingDraft(ctx context.Context, talksID int64) error {
	return s.Store.Update(ctx, func(tx parley.Tx) error {
		if err := s.mayDraft(ctx, tx, talksID); err != nil {
			return err
		}
		if err := tx.DeleteWorkingDraft(ctx, talksID); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, party: mediatorPartyOf(ctx, tx, talksID), action: "draft.working.discard",
			object: fmt.Sprintf("talks/%d/drafts/working", talksID)})
	})
}

func (s *Service) mayDraft(ctx context.Context, tx parley.Tx, talksID int64) error {
	v, t, err := s.viewer(ctx, tx, talksID)
	if err != nil {
		return err
	}
	if !v.CanDraft() {
		return parley.Errorf(parley.EFORBIDDEN, "only a mediator may write and table drafts")
	}
	if t.State != parley.TalksOpen {
		return parley.Errorf(parley.ECONFLICT, "the talks are %s; the text can change only while they are open", t.State)
	}
	return nil
}

func (s *Service) table(ctx context.Context, tx parley.Tx, talksID int64, in *parley.DraftInput) (*parley.Draft, error) {
	drafts, err := tx.Drafts(ctx, talksID)
	if err != nil {
		return nil, err
	}
	d, err := s.build(ctx, tx, talksID, in, len(drafts)+1)
	if err != nil {
		return nil, err
	}
	if err := tx.PutDraft(ctx, d); err != nil {
		return nil, err
	}
	if err := tx.DeleteWorkingDraft(ctx, talksID); err != nil {
		return nil, err
	}
	// A sign-off on the superseded draft can no longer be answered.
	decisions, err := tx.Decisions(ctx, talksID)
	if err != nil {
		return nil, err
	}
	for _, dec := range decisions {
		if dec.Kind == parley.SignOff && dec.Status == parley.DecisionOpen {
			dec.Status, dec.ClosedAt = parley.DecisionWithdrawn, s.now()
			if err := tx.CloseDecision(ctx, &dec); err != nil {
				return nil, err
			}
			if err := s.audit(ctx, tx, change{talks: talksID, action: "decision.close", object: fmt.Sprintf("talks/%d/decisions/%d", talksID, dec.ID),
				details: map[string]any{"status": string(dec.Status), "kind": string(dec.Kind), "draft": dec.Draft}}); err != nil {
				return nil, err
			}
		}
	}
	return d, s.audit(ctx, tx, change{talks: talksID, action: "draft.table", object: fmt.Sprintf("talks/%d/drafts/%d", talksID, d.Number),
		digest: digestOf(d.Points), details: map[string]any{"points": len(d.Points), "removed": len(d.Removed)}})
}

// mediatorPartyOf returns the ID of the talks' mediator party (0 if none).
func mediatorPartyOf(ctx context.Context, tx parley.Tx, talksID int64) int64 {
	parties, err := tx.Parties(ctx, talksID)
	if err != nil {
		return 0
	}
	for _, p := range parties {
		if p.Kind == parley.PartyMediator {
			return p.ID
		}
	}
	return 0
}

// build turns an input into draft number (0 for the working draft): it
// checks the identities it names against the previous tabled draft, gives
// new points new identities, numbers the points and records how each
// differs from the previous tabled draft.
func (s *Service) build(ctx context.Context, tx parley.Tx, talksID int64, in *parley.DraftInput, number int) (*parley.Draft, error) {
	a, err := tx.AccountByID(ctx, AccountID(ctx))
	if err != nil {
		return nil, err
	}
	drafts, err := tx.Drafts(ctx, talksID)
	if err != nil {
		return nil, err
	}
	var prev *parley.Draft
	prevIDs := map[int64]bool{}
	if len(drafts) > 0 {
		if prev, err = tx.Draft(ctx, talksID, drafts[len(drafts)-1].Number); err != nil {
			return nil, err
		}
		for _, p := range prev.Points {
			prevIDs[p.ID] = true
		}
	}
	// Points first made in the working draft keep the identity given there.
	workingIDs := map[int64]bool{}
	if w, err := tx.Draft(ctx, talksID, 0); err == nil {
		for _, p := range w.Points {
			if !prevIDs[p.ID] {
				workingIDs[p.ID] = true
			}
		}
	} else if parley.ErrorCode(err) != parley.ENOTFOUND {
		return nil, err
	}

	d := &parley.Draft{TalksID: talksID, Number: number, Tabled: number > 0, Title: in.Title, Note: in.Note, TabledBy: a.Username}
	if d.Tabled {
		d.TabledAt = s.now()
	}
	if d.Title == "" {
		d.Title = fmt.Sprintf("Draft %d", number)
		if number == 0 {
			d.Title = "Working draft"
		}
	}
	var walk func(ps []parley.PointInput, parent int64, depth int, path string) error
	walk = func(ps []parley.PointInput, parent int64, depth int, path string) error {
		for i, p := range ps {
			field := fmt.Sprintf("%s[%d]", path, i)
			id := p.ID
			switch {
			case id != 0 && !prevIDs[id] && !workingIDs[id]:
				if prev == nil {
					return parley.Invalid(field+".id", "point %d does not exist: no draft has been tabled yet", id)
				}
				return parley.Invalid(field+".id", "point %d is not in draft %d, the latest", id, prev.Number)
			case id == 0:
				if id, err = tx.NewPointID(ctx, talksID); err != nil {
					return err
				}
			}
			if prevIDs[id] && len(p.From) > 0 {
				return parley.Invalid(field+".from", "point %d carries on from the latest draft; it cannot also be made from others", id)
			}
			for _, f := range p.From {
				if !prevIDs[f] {
					return parley.Invalid(field+".from", "point %d is not in the latest tabled draft", f)
				}
			}
			from := slices.Clone(p.From)
			slices.Sort(from)
			d.Points = append(d.Points, parley.Point{ID: id, Kind: p.Kind, Title: p.Title, Text: p.Text,
				Depth: depth, Parent: parent, From: slices.Compact(from)})
			if err := walk(p.Points, id, depth+1, field+".points"); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(in.Points, 0, 0, "points"); err != nil {
		return nil, err
	}
	for i, n := range parley.Numbering(d.Points) {
		d.Points[i].Number = n
	}
	s.recordChanges(prev, d)
	return d, nil
}

// recordChanges sets each point's Change against the previous tabled draft
// and lists the points the draft no longer has.
func (s *Service) recordChanges(prev, d *parley.Draft) {
	if prev == nil {
		for i := range d.Points {
			d.Points[i].Change = parley.ChangeNew
		}
		return
	}
	res := diff.Compare([]*parley.Draft{prev, d})
	byID := map[int64]diff.PointChange{}
	for _, c := range res.Changes {
		if c.Change != parley.ChangeRemoved {
			byID[c.ID] = c
		}
	}
	into := map[int64][]int64{}
	for i := range d.Points {
		p := &d.Points[i]
		c := byID[p.ID]
		p.Change, p.Moved, p.Amended = c.Change, c.Moved, c.Amended
		for _, f := range p.From {
			into[f] = append(into[f], p.ID)
		}
	}
	for _, p := range prev.Points {
		if d.Point(p.ID) == nil {
			d.Removed = append(d.Removed, parley.RemovedPoint{ID: p.ID, Number: p.Number, Title: p.Title, Text: p.Text, Into: into[p.ID]})
		}
	}
}

// InputOf returns the input that would build draft d again, identities
// included.
func InputOf(d *parley.Draft) *parley.DraftInput {
	in := &parley.DraftInput{Title: d.Title, Note: d.Note}
	nodes := map[int64]*parley.PointInput{}
	var order []int64
	children := map[int64][]int64{}
	for _, p := range d.Points {
		nodes[p.ID] = &parley.PointInput{ID: p.ID, From: p.From, Kind: p.Kind, Title: p.Title, Text: p.Text}
		if p.Parent == 0 {
			order = append(order, p.ID)
		} else {
			children[p.Parent] = append(children[p.Parent], p.ID)
		}
	}
	var build func(ids []int64) []parley.PointInput
	build = func(ids []int64) []parley.PointInput {
		var out []parley.PointInput
		for _, id := range ids {
			n := *nodes[id]
			n.Points = build(children[id])
			out = append(out, n)
		}
		return out
	}
	in.Points = build(order)
	return in
}

// Diff compares two tabled drafts, following points through the drafts
// between them.
func (s *Service) Diff(ctx context.Context, talksID int64, from, to int) (*diff.Result, error) {
	if from < 1 {
		return nil, parley.Invalid("from", "from must be the number of a tabled draft")
	}
	if to < 1 {
		return nil, parley.Invalid("to", "to must be the number of a tabled draft")
	}
	if from > to {
		return nil, parley.Invalid("from", "from must not come after to")
	}
	var res *diff.Result
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, _, err := s.viewer(ctx, tx, talksID); err != nil {
			return err
		}
		var chain []*parley.Draft
		for n := from; n <= to; n++ {
			d, err := tx.Draft(ctx, talksID, n)
			if parley.ErrorCode(err) == parley.ENOTFOUND {
				field := "to"
				if n == from {
					field = "from"
				}
				return parley.Invalid(field, "there is no draft %d", n)
			} else if err != nil {
				return err
			}
			chain = append(chain, d)
		}
		res = diff.Compare(chain)
		return nil
	})
	return res, err
}
