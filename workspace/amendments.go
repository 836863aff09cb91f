package workspace

import (
	"context"
	"fmt"

	"github.com/parley-talks/parley"
)

// Amendments: a party (or the mediator's team) proposes a change to a
// point of the latest tabled draft; a mediator takes it into the working
// draft, in full or in part, or declines it with a reason; the party may
// withdraw it while it is proposed. The tabled draft that took it is
// recorded at tabling (recordLineage).

// The amendment actions.
var (
	proposeAmendment = action{may: parley.Viewer.CanPropose,
		refusal: "only a principal, negotiator or adviser of a negotiating party, or the mediator's team, proposes amendments", whileOpen: true}
	decideAmendment = action{may: parley.Viewer.CanDraft, refusal: "only a mediator takes or declines amendments", whileOpen: true}
)

// ProposeAmendment records the caller's party's amendment to a point of
// the latest tabled draft. An earlier draft is a conflict (it is
// superseded); a draft or point that does not exist is not found.
func (s *Service) ProposeAmendment(ctx context.Context, talksID int64, draft int, pointID int64, in parley.AmendmentInput) (*parley.Amendment, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var a *parley.Amendment
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, proposeAmendment)
		if err != nil {
			return err
		}
		p, err := s.amendablePoint(ctx, tx, talksID, draft, pointID)
		if err != nil {
			return err
		}
		if in.Language != "" {
			if err := s.checkCorrection(ctx, tx, talksID, draft, p, in.Language); err != nil {
				return err
			}
		}
		share := v.Party.ShareByDefault || v.InMediatorParty()
		if in.ShareWithMediator != nil {
			share = *in.ShareWithMediator || v.InMediatorParty()
		}
		a = &parley.Amendment{TalksID: talksID, Draft: draft, PointID: pointID, PointNumber: p.Number, PartyID: v.Party.ID,
			PartyName: v.Party.Name, Kind: in.Kind, Language: in.Language, Text: in.Text, Justification: in.Justification, ShareWithMediator: share,
			ReleasedToAll: in.ReleasedToAll, ProposedBy: v.Member.Username, ProposedAt: s.now()}
		if err := tx.CreateAmendment(ctx, a); err != nil {
			return err
		}
		details := map[string]any{"kind": a.Kind, "draft": draft, "point": pointID}
		if a.Correction() {
			details["language"] = a.Language
		}
		return s.auditAmendment(ctx, tx, a, "amendment.propose", details)
	})
	if err != nil {
		return nil, failed(err, "proposing an amendment to point %d of draft %d of talks %d", pointID, draft, talksID)
	}
	s.publishAmendment(ctx, a)
	return a, nil
}

// amendablePoint returns point pointID of tabled draft number, which must
// be the latest, as a point (not a section) amendments may target.
func (s *Service) amendablePoint(ctx context.Context, tx parley.Tx, talksID int64, number int, pointID int64) (*parley.Point, error) {
	d, err := s.tabledDraft(ctx, tx, talksID, number)
	if err != nil {
		return nil, err
	}
	drafts, err := tx.Drafts(ctx, talksID)
	if err != nil {
		return nil, err
	}
	if latest := drafts[len(drafts)-1].Number; latest != number {
		return nil, parley.Errorf(parley.ECONFLICT, "draft %d is superseded by draft %d: amend the latest draft", number, latest)
	}
	p := d.Point(pointID)
	if p == nil || p.Kind != parley.KindPoint {
		return nil, parley.NotFound("point")
	}
	return p, nil
}

// auditAmendment records a change to amendment a, seen by those who may
// see the amendment: everyone once released; else its party, and the
// mediator's team when shared with it.
func (s *Service) auditAmendment(ctx context.Context, tx parley.Tx, a *parley.Amendment, action string, details map[string]any) error {
	c := change{talks: a.TalksID, action: action, object: fmt.Sprintf("talks/%d/amendments/%d", a.TalksID, a.ID), details: details}
	switch {
	case a.ReleasedToAll:
	case a.ShareWithMediator:
		c.parties = []int64{a.PartyID}
	default:
		c.party = a.PartyID
	}
	return s.audit(ctx, tx, c)
}

// publishAmendment tells those who may see amendment a that it changed:
// the event carries only its party and how it is shared.
func (s *Service) publishAmendment(ctx context.Context, a *parley.Amendment) {
	s.publish(ctx, parley.Event{Talks: a.TalksID, Kind: "amendment", Amendment: &parley.Amendment{TalksID: a.TalksID,
		PartyID: a.PartyID, ShareWithMediator: a.ShareWithMediator, ReleasedToAll: a.ReleasedToAll}})
}

// visibleAmendment returns amendment id as v may see it (not found if it
// may not), without the reason unless v may see that.
func visibleAmendment(ctx context.Context, tx parley.Tx, v parley.Viewer, talksID, id int64) (*parley.Amendment, error) {
	a, err := tx.Amendment(ctx, talksID, id)
	if err != nil {
		return nil, err
	}
	if !v.CanSeeAmendment(a) {
		return nil, parley.NotFound("amendment")
	}
	if !v.CanSeeAmendmentReason(a) {
		a.Reason = ""
	}
	return a, nil
}

// WithdrawAmendment withdraws one of the caller's party's amendments
// while it is proposed; one taken or declined cannot be withdrawn.
func (s *Service) WithdrawAmendment(ctx context.Context, talksID, id int64) (*parley.Amendment, error) {
	var a *parley.Amendment
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, proposeAmendment)
		if err != nil {
			return err
		}
		if a, err = visibleAmendment(ctx, tx, v, talksID, id); err != nil {
			return err
		}
		if !v.CanWithdrawAmendment(a) {
			return parley.Errorf(parley.EFORBIDDEN, "only its party withdraws an amendment")
		}
		if a.State != parley.AmendmentProposed {
			return parley.Errorf(parley.ECONFLICT, "the amendment is %s: only a proposed amendment can be withdrawn", a.State)
		}
		at := s.now()
		a.State, a.DecidedBy, a.DecidedAt = parley.AmendmentWithdrawn, v.Member.Username, &at
		if err := tx.SetAmendmentOutcome(ctx, a); err != nil {
			return err
		}
		return s.auditAmendment(ctx, tx, a, "amendment.withdraw", nil)
	})
	if err != nil {
		return nil, failed(err, "withdrawing amendment %d of talks %d", id, talksID)
	}
	s.publishAmendment(ctx, a)
	return a, nil
}

// DecideAmendment takes a proposed amendment into the working draft (made
// from the latest tabled draft if there is none; the mediator edits it
// after, the more so when taken in part) or declines it with a reason the
// proposing party sees. A correction taken becomes the next version of
// its language's text on its draft (takeCorrection). A mediator may, of
// the amendments it may see.
func (s *Service) DecideAmendment(ctx context.Context, talksID, id int64, d parley.AmendmentDecision) (*parley.Amendment, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	var a *parley.Amendment
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, decideAmendment)
		if err != nil {
			return err
		}
		if a, err = visibleAmendment(ctx, tx, v, talksID, id); err != nil {
			return err
		}
		if a.State != parley.AmendmentProposed {
			return parley.Errorf(parley.ECONFLICT, "the amendment is %s already", a.State)
		}
		at := s.now()
		a.State, a.Extent, a.Reason, a.DecidedBy, a.DecidedAt = parley.AmendmentDeclined, "", d.Reason, v.Member.Username, &at
		action := "amendment.decline"
		if d.Take {
			a.State, a.Extent, action = parley.AmendmentTaken, d.Extent, "amendment.take"
			take := s.takeIntoWorkingDraft
			if a.Correction() {
				take = func(ctx context.Context, tx parley.Tx, a *parley.Amendment) error {
					return s.takeCorrection(ctx, tx, v, a)
				}
			}
			if err := take(ctx, tx, a); err != nil {
				return err
			}
		}
		if err := tx.SetAmendmentOutcome(ctx, a); err != nil {
			return err
		}
		if a.State == parley.AmendmentTaken && a.Correction() {
			if err := s.recordCorrectionTaken(ctx, tx, a); err != nil {
				return err
			}
		}
		// The outcome is the proposer's and the mediator's business, even
		// of an amendment released to all: the reason is theirs alone.
		return s.audit(ctx, tx, change{talks: talksID, parties: []int64{a.PartyID}, action: action,
			object: fmt.Sprintf("talks/%d/amendments/%d", talksID, a.ID), details: map[string]any{"extent": a.Extent}})
	})
	if err != nil {
		return nil, failed(err, "deciding on amendment %d of talks %d", id, talksID)
	}
	s.publishAmendment(ctx, a)
	return a, nil
}

// ListAmendments returns the amendments the caller may see, oldest first,
// to tabled draft number (0: to every draft), each without the reason
// unless the caller may see it.
func (s *Service) ListAmendments(ctx context.Context, talksID int64, number int) ([]parley.Amendment, error) {
	var out []parley.Amendment
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		if number != 0 {
			if _, err := s.tabledDraft(ctx, tx, talksID, number); err != nil {
				return err
			}
		}
		out, err = visibleAmendments(ctx, tx, v, talksID, number)
		return err
	})
	return out, failed(err, "listing the amendments of talks %d", talksID)
}

// visibleAmendments returns the amendments to draft number (0: every
// draft) that v may see, reasons kept only where v may see them.
func visibleAmendments(ctx context.Context, tx parley.Tx, v parley.Viewer, talksID int64, number int) ([]parley.Amendment, error) {
	all, err := tx.Amendments(ctx, talksID)
	out, err := visible(all, err, v, func(v parley.Viewer, a *parley.Amendment) bool {
		return (number == 0 || a.Draft == number) && v.CanSeeAmendment(a)
	})
	for i := range out {
		if !v.CanSeeAmendmentReason(&out[i]) {
			out[i].Reason = ""
		}
	}
	return out, err
}

// GetAmendment returns one amendment as the caller may see it.
func (s *Service) GetAmendment(ctx context.Context, talksID, id int64) (*parley.Amendment, error) {
	var a *parley.Amendment
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		a, err = visibleAmendment(ctx, tx, v, talksID, id)
		return err
	})
	return a, failed(err, "reading amendment %d of talks %d", id, talksID)
}
