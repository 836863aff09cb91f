package workspace

import (
	"context"
	"fmt"
	"slices"

	"github.com/parley-talks/parley"
)

// takeIntoWorkingDraft applies amendment a, which must be to the latest
// tabled draft, to the working draft (made from that draft if there is
// none) and saves it as its next version, in the caller's transaction.
func (s *Service) takeIntoWorkingDraft(ctx context.Context, tx parley.Tx, a *parley.Amendment) error {
	drafts, err := tx.Drafts(ctx, a.TalksID)
	if err != nil {
		return err
	}
	if latest := drafts[len(drafts)-1].Number; latest != a.Draft {
		return parley.Errorf(parley.ECONFLICT, "the amendment is to draft %d, superseded by draft %d: it can only be declined", a.Draft, latest)
	}
	w, err := tx.Draft(ctx, a.TalksID, 0)
	if parley.ErrorCode(err) == parley.ENOTFOUND {
		w, err = s.tabledDraft(ctx, tx, a.TalksID, a.Draft)
	}
	if err != nil {
		return err
	}
	in := InputOf(w)
	if w.Tabled { // a new working draft: its own title, note and changes
		in.Title, in.Note = "", ""
		clearFrom(in.Points)
	}
	if !applyAmendment(&in.Points, a) {
		return parley.Errorf(parley.ECONFLICT, "the working draft no longer has point %s (%d), which the amendment changes: "+
			"take it by hand in the drafting editor", a.PointNumber, a.PointID)
	}
	if err := in.Validate(); err != nil {
		return err
	}
	d, err := s.build(ctx, tx, a.TalksID, in, 0)
	if err != nil {
		return err
	}
	if d.Version, err = tx.NextWorkingDraftVersion(ctx, a.TalksID); err != nil {
		return err
	}
	if err := tx.PutDraft(ctx, d); err != nil {
		return err
	}
	return s.audit(ctx, tx, change{talks: a.TalksID, party: mediatorPartyOf(ctx, tx, a.TalksID), action: "draft.working.save",
		object: fmt.Sprintf("talks/%d/drafts/working", a.TalksID), digest: digestOf(d.Points),
		details: map[string]any{"version": d.Version, "amendment": a.ID}})
}

// clearFrom forgets what points ps and theirs were split or merged from.
func clearFrom(ps []parley.PointInput) {
	for i := range ps {
		ps[i].From = nil
		clearFrom(ps[i].Points)
	}
}

// applyAmendment changes the points ps (a draft's input tree) as
// amendment a says, at the point with a's point identity; false if there
// is none.
func applyAmendment(ps *[]parley.PointInput, a *parley.Amendment) bool {
	for i := range *ps {
		p := &(*ps)[i]
		if p.ID != a.PointID {
			if applyAmendment(&p.Points, a) {
				return true
			}
			continue
		}
		switch a.Kind {
		case parley.AmendReplace:
			p.Text = a.Text
		case parley.AmendInsertAfter:
			*ps = slices.Insert(*ps, i+1, parley.PointInput{Kind: parley.KindPoint, Text: a.Text})
		case parley.AmendDelete:
			*ps = slices.Delete(*ps, i, i+1)
		case parley.AmendSplit:
			var parts []parley.PointInput
			for j, text := range a.Parts() {
				part := parley.PointInput{From: []int64{a.PointID}, Kind: p.Kind, Text: text}
				if j == 0 {
					part.Title, part.Points = p.Title, p.Points
				}
				parts = append(parts, part)
			}
			*ps = slices.Replace(*ps, i, i+1, parts...)
		}
		return true
	}
	return false
}

// recordLineage records, after draft number was tabled, that it took the
// amendments taken since the last tabling: one record for each proposing
// party, which its members and the mediator's team see.
func (s *Service) recordLineage(ctx context.Context, tx parley.Tx, talksID int64, number int) error {
	all, err := tx.Amendments(ctx, talksID)
	if err != nil {
		return err
	}
	byParty := map[int64][]int64{}
	var parties []int64
	for _, a := range all {
		if a.State != parley.AmendmentTaken || a.IntoDraft != 0 {
			continue
		}
		if byParty[a.PartyID] == nil {
			parties = append(parties, a.PartyID)
		}
		byParty[a.PartyID] = append(byParty[a.PartyID], a.ID)
	}
	for _, p := range parties {
		if err := tx.PutAmendmentLineage(ctx, talksID, byParty[p], number); err != nil {
			return err
		}
		err := s.audit(ctx, tx, change{talks: talksID, parties: []int64{p}, action: "amendment.lineage",
			object: fmt.Sprintf("talks/%d/drafts/%d", talksID, number), details: map[string]any{"amendments": byParty[p]}})
		if err != nil {
			return err
		}
	}
	return nil
}

// untakeAll undoes the takes that live only in the working draft, which
// is going (discarded, or not what is tabled; because names the action):
// each amendment taken and not yet tabled is proposed again, in a record
// its party and the mediator's team see. It returns them, for their
// parties to be told once the transaction commits.
func (s *Service) untakeAll(ctx context.Context, tx parley.Tx, talksID int64, because string) ([]parley.Amendment, error) {
	all, err := tx.Amendments(ctx, talksID)
	if err != nil {
		return nil, err
	}
	var out []parley.Amendment
	for _, a := range all {
		if a.State != parley.AmendmentTaken || a.IntoDraft != 0 {
			continue
		}
		if err := tx.UntakeAmendment(ctx, talksID, a.ID); err != nil {
			return nil, err
		}
		err := s.audit(ctx, tx, change{talks: talksID, parties: []int64{a.PartyID}, action: "amendment.untake",
			object: fmt.Sprintf("talks/%d/amendments/%d", talksID, a.ID), details: map[string]any{"because": because}})
		if err != nil {
			return nil, err
		}
		a.State, a.Extent, a.Reason, a.DecidedBy, a.DecidedAt = parley.AmendmentProposed, "", "", "", nil
		out = append(out, a)
	}
	return out, nil
}

// Desk is the mediator's amendment desk for the latest tabled draft: the
// amendments to it the caller may see, grouped by point in the draft's
// order, and where they collide; and, as history, the amendments to the
// earlier drafts, with their outcomes.
type Desk struct {
	Draft *parley.Draft `json:"-"`
	// Number is the draft's number (0 before the first is tabled).
	Number     int                `json:"draft"`
	Groups     []DeskGroup        `json:"groups"`
	Collisions []parley.Collision `json:"collisions"`
	// CollidesWith lists, for each amendment that collides, the others.
	CollidesWith map[int64][]int64 `json:"-"`
	// Earlier are the amendments to superseded drafts the caller may see,
	// the latest draft's first, then by ID.
	Earlier []parley.Amendment `json:"earlier"`
	// Corrected is, for each correction to the draft, the current text of
	// its point in its language, which the correction would replace: by
	// amendment ID.
	Corrected map[int64]string `json:"corrected"`
}

// DeskGroup is a point of the draft with the amendments to it.
type DeskGroup struct {
	Point      parley.Point       `json:"point"`
	Amendments []parley.Amendment `json:"amendments"`
}

// AmendmentDesk returns the amendment desk of the latest tabled draft.
// The mediator's team only; others do not find it.
func (s *Service) AmendmentDesk(ctx context.Context, talksID int64) (*Desk, error) {
	var desk *Desk
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		if !v.InMediatorParty() {
			return parley.NotFound("amendment desk")
		}
		drafts, err := tx.Drafts(ctx, talksID)
		if err != nil || len(drafts) == 0 {
			desk = &Desk{Groups: []DeskGroup{}, Collisions: []parley.Collision{}, Earlier: []parley.Amendment{}, Corrected: map[int64]string{}}
			return err
		}
		d, err := s.tabledDraft(ctx, tx, talksID, drafts[len(drafts)-1].Number)
		if err != nil {
			return err
		}
		as, err := visibleAmendments(ctx, tx, v, talksID, 0)
		if err != nil {
			return err
		}
		desk = deskOf(d, as)
		l, err := tx.TalksLanguages(ctx, talksID)
		if err != nil {
			return err
		}
		_, _, ts, err := s.translationsOf(ctx, tx, talksID, d.Number, l)
		desk.Corrected = correctedTexts(d, ts, as)
		return err
	})
	return desk, failed(err, "reading the amendment desk of talks %d", talksID)
}

// deskOf groups the amendments as to draft d by point, in d's order, and
// sets those to earlier drafts apart.
func deskOf(d *parley.Draft, as []parley.Amendment) *Desk {
	desk := &Desk{Draft: d, Number: d.Number, Groups: []DeskGroup{}, Collisions: parley.Collisions(d, as), Earlier: []parley.Amendment{}}
	for _, a := range as {
		if a.Draft < d.Number {
			desk.Earlier = append(desk.Earlier, a)
		}
	}
	slices.SortStableFunc(desk.Earlier, func(a, b parley.Amendment) int { return b.Draft - a.Draft })
	if desk.Collisions == nil {
		desk.Collisions = []parley.Collision{}
	}
	desk.CollidesWith = parley.CollidesWith(desk.Collisions)
	for _, p := range d.Points {
		g := DeskGroup{Point: p}
		for _, a := range as {
			if a.PointID == p.ID && a.Draft == d.Number {
				g.Amendments = append(g.Amendments, a)
			}
		}
		if len(g.Amendments) > 0 {
			desk.Groups = append(desk.Groups, g)
		}
	}
	return desk
}

// AmendmentLineage returns the amendments the caller may see that went
// into the tabled drafts after draft from up to draft to (to ≥ 1), or,
// with to 0, those taken into the working draft and not yet tabled; by
// the identity of the point each amended. Corrections are left out: they
// changed a translation of their own draft, not the source.
func (s *Service) AmendmentLineage(ctx context.Context, talksID int64, from, to int) (map[int64][]parley.Amendment, error) {
	as, err := s.ListAmendments(ctx, talksID, 0)
	if err != nil {
		return nil, err
	}
	out := map[int64][]parley.Amendment{}
	for _, a := range as {
		if a.State != parley.AmendmentTaken || a.Correction() {
			continue
		}
		if to == 0 && a.IntoDraft == 0 || to > 0 && a.IntoDraft > from && a.IntoDraft <= to {
			out[a.PointID] = append(out[a.PointID], a)
		}
	}
	return out, nil
}
