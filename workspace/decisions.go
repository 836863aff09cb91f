package workspace

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/parley-talks/parley"
)

// askedParties returns the parties a decision put now asks: every
// negotiating party, each with a principal (parley.AskedParties).
func askedParties(ctx context.Context, tx parley.Tx, talksID int64) ([]int64, error) {
	parties, err := tx.Parties(ctx, talksID)
	if err != nil {
		return nil, err
	}
	members, err := tx.Members(ctx, talksID)
	if err != nil {
		return nil, err
	}
	return parley.AskedParties(parties, members)
}

// withdrawOpen withdraws the talks' open decisions that which selects (nil:
// every open one), closing each with its audit record.
func (s *Service) withdrawOpen(ctx context.Context, tx parley.Tx, talksID int64, which func(*parley.Decision) bool) error {
	decisions, err := tx.Decisions(ctx, talksID)
	if err != nil {
		return err
	}
	for i := range decisions {
		d := &decisions[i]
		if which != nil && !which(d) || !d.Withdraw() {
			continue
		}
		if err := s.closeDecision(ctx, tx, nil, d); err != nil {
			return err
		}
	}
	return nil
}

// ProposeDecision puts a question to every negotiating party: sign-off on
// the latest draft, disclosure of a tabled draft, or a confidentiality
// setting. Mediators may, while the talks are open and every negotiating
// party has a principal to answer (ECONFLICT naming those without one).
func (s *Service) ProposeDecision(ctx context.Context, talksID int64, in parley.DecisionInput) (*parley.Decision, error) {
	var d *parley.Decision
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, t, err := s.open(ctx, tx, talksID, putQuestion)
		if err != nil {
			return err
		}
		d = &parley.Decision{TalksID: talksID, Kind: in.Kind, ProposedBy: v.Member.Username, ProposedAt: s.now(), Status: parley.DecisionOpen}
		if err := s.frame(ctx, tx, t, d, in); err != nil {
			return err
		}
		var authentic []string
		if d.Kind == parley.SignOff { // the agreement rule: every authentic text current
			if authentic, err = s.checkAuthenticTexts(ctx, tx, talksID, d.Draft); err != nil {
				return err
			}
		}
		if d.Parties, err = askedParties(ctx, tx, talksID); err != nil {
			return err
		}
		if err := tx.CreateDecision(ctx, d); err != nil {
			return err
		}
		d.Answers = []parley.Answer{}
		return s.audit(ctx, tx, change{talks: talksID, action: "decision.propose", object: fmt.Sprintf("talks/%d/decisions/%d", talksID, d.ID),
			details: decisionDetails(d, authentic)})
	})
	if err != nil {
		return nil, failed(err, "proposing a decision in talks %d", talksID)
	}
	return d, nil
}

// frame sets what decision d asks from the input, checking that the talks
// t can ask it: a sign-off on the latest draft; a disclosure of a tabled
// draft, under confidentiality by consent; a confidentiality setting that
// is not the current one; and no other open decision of the same kind.
func (s *Service) frame(ctx context.Context, tx parley.Tx, t *parley.Talks, d *parley.Decision, in parley.DecisionInput) error {
	drafts, err := tx.Drafts(ctx, t.ID)
	if err != nil {
		return err
	}
	switch in.Kind {
	case parley.SignOff, parley.DiscloseDraft:
		if in.Draft < 1 || in.Draft > len(drafts) {
			return parley.Invalid("draft", "name a tabled draft")
		}
		if in.Kind == parley.SignOff && in.Draft != len(drafts) {
			return parley.Invalid("draft", "sign-off is on the latest draft, %d", len(drafts))
		}
		if in.Kind == parley.DiscloseDraft {
			if err := t.CheckDisclosable(); err != nil {
				return err
			}
		}
		d.Draft = in.Draft
	case parley.SetConfidentiality:
		if !in.Confidentiality.Valid() {
			return parley.Invalid("confidentiality", "confidentiality must be strict or by_consent")
		}
		if in.Confidentiality == t.Confidentiality {
			return parley.Invalid("confidentiality", "the talks are %s already", t.Confidentiality)
		}
		d.Confidentiality = in.Confidentiality
	default:
		return parley.Invalid("kind", "kind must be sign_off, disclose_draft or set_confidentiality")
	}
	existing, err := tx.Decisions(ctx, t.ID)
	if err != nil {
		return err
	}
	for _, e := range existing {
		if e.Status == parley.DecisionOpen && e.Kind == d.Kind {
			return parley.Errorf(parley.ECONFLICT, "decision %d of this kind is still open", e.ID)
		}
	}
	return nil
}

// AnswerDecision records the caller's party's yes or no. A no needs
// reasons, and closes the decision; the last yes approves it and takes its
// effect: the talks conclude in agreement on the draft, the draft is made
// public, or the confidentiality setting changes.
func (s *Service) AnswerDecision(ctx context.Context, talksID, id int64, in parley.AnswerInput) (*parley.Decision, error) {
	if in.Yes == nil {
		return nil, parley.Invalid("yes", "answer yes (true) or no (false)")
	}
	if !*in.Yes && strings.TrimSpace(in.Reasons) == "" {
		return nil, parley.Invalid("reasons", "a no comes with reasons")
	}
	if err := parley.CheckText("reasons", in.Reasons, 0, 20000); err != nil {
		return nil, err
	}
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, t, err := s.open(ctx, tx, talksID, answerDecision)
		if err != nil {
			return err
		}
		d, err := tx.Decision(ctx, talksID, id)
		if err != nil {
			return err
		}
		if err := mayAnswer(ctx, tx, v, t, d); err != nil {
			return err
		}
		party := v.Party
		a := &parley.Answer{PartyID: party.ID, PartyName: party.Name, Yes: *in.Yes, Reasons: in.Reasons, AnsweredBy: v.Member.Username, AnsweredAt: s.now()}
		if err := tx.PutAnswer(ctx, id, a); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, change{talks: talksID, action: "decision.answer", object: fmt.Sprintf("talks/%d/decisions/%d/answers/%d", talksID, id, party.ID),
			details: map[string]any{"yes": a.Yes, "party": party.Name}}); err != nil {
			return err
		}
		if d, err = tx.Decision(ctx, talksID, id); err != nil {
			return err
		}
		if d.Tally(); d.Status == parley.DecisionOpen {
			return nil
		}
		return s.closeDecision(ctx, tx, t, d)
	})
	if err != nil {
		return nil, failed(err, "answering decision %d of talks %d", id, talksID)
	}
	return s.GetDecision(ctx, talksID, id)
}

// mayAnswer checks that v's party may answer decision d in talks t now:
// the decision asks the party and is open; a disclosure still meets the
// talks' confidentiality; a sign-off is still on the latest draft.
func mayAnswer(ctx context.Context, tx parley.Tx, v parley.Viewer, t *parley.Talks, d *parley.Decision) error {
	if !slices.Contains(d.Parties, v.Party.ID) {
		return parley.Errorf(parley.EFORBIDDEN, answerRefusal)
	}
	if err := d.CheckOpen(); err != nil {
		return err
	}
	switch d.Kind {
	case parley.DiscloseDraft:
		return t.CheckDisclosable()
	case parley.SignOff:
		drafts, err := tx.Drafts(ctx, t.ID)
		if err != nil {
			return err
		}
		return parley.CheckLatestDraft(d.Draft, len(drafts))
	}
	return nil
}

// closeDecision records that decision d, no longer open, closed now and,
// when it was approved, takes its effect on talks t (nil: none to take).
func (s *Service) closeDecision(ctx context.Context, tx parley.Tx, t *parley.Talks, d *parley.Decision) error {
	d.ClosedAt = s.now()
	if err := tx.CloseDecision(ctx, d); err != nil {
		return err
	}
	if t != nil && t.Apply(d) {
		if err := tx.UpdateTalks(ctx, t); err != nil {
			return err
		}
	}
	var authentic []string
	if d.Kind == parley.SignOff {
		l, err := tx.TalksLanguages(ctx, d.TalksID)
		if err != nil {
			return err
		}
		authentic = l.Authentic()
	}
	return s.audit(ctx, tx, change{talks: d.TalksID, action: "decision.close", object: fmt.Sprintf("talks/%d/decisions/%d", d.TalksID, d.ID),
		details: decisionDetails(d, authentic)})
}

// ListDecisions lists the talks' decisions, with the reasons the caller may
// see.
func (s *Service) ListDecisions(ctx context.Context, talksID int64) ([]parley.Decision, error) {
	out := []parley.Decision{}
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		ds, err := tx.Decisions(ctx, talksID)
		if err != nil {
			return err
		}
		for i := range ds {
			out = append(out, withVisibleReasons(v, ds[i]))
		}
		return nil
	})
	return out, failed(err, "listing the decisions of talks %d", talksID)
}

// GetDecision returns one decision, with the reasons the caller may see.
func (s *Service) GetDecision(ctx context.Context, talksID, id int64) (*parley.Decision, error) {
	var d parley.Decision
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		got, err := tx.Decision(ctx, talksID, id)
		if err != nil {
			return err
		}
		d = withVisibleReasons(v, *got)
		return nil
	})
	return &d, failed(err, "reading decision %d of talks %d", id, talksID)
}

func withVisibleReasons(v parley.Viewer, d parley.Decision) parley.Decision {
	for i := range d.Answers {
		if !v.CanSeeReasons(&d.Answers[i]) {
			d.Answers[i].Reasons = ""
		}
	}
	return d
}

// PublicDraft returns a draft that every principal party agreed to make
// public; anyone may read it, signed in or not. Any other draft, and any
// talks, are not found.
func (s *Service) PublicDraft(ctx context.Context, talksID int64, number int) (*parley.Draft, error) {
	var d *parley.Draft
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		t, err := tx.Talks(ctx, talksID)
		if err != nil {
			return err
		}
		if t.Confidentiality != parley.ByConsent {
			return parley.NotFound("draft")
		}
		ds, err := tx.Decisions(ctx, talksID)
		if err != nil {
			return err
		}
		for _, dec := range ds {
			if dec.Kind == parley.DiscloseDraft && dec.Status == parley.DecisionApproved && dec.Draft == number {
				d, err = tx.Draft(ctx, talksID, number)
				if err != nil {
					return err
				}
				d.Removed, d.TabledBy = nil, ""
				return nil
			}
		}
		return parley.NotFound("draft")
	})
	if parley.ErrorCode(err) == parley.ENOTFOUND {
		// One answer, whether the talks exist or not.
		err = parley.NotFound("draft")
	}
	return d, failed(err, "reading public draft %d of talks %d", number, talksID)
}

// decisionDetails are what the audit records of decision d say of it: a
// sign-off's name the authentic languages of the text signed, authentic.
func decisionDetails(d *parley.Decision, authentic []string) map[string]any {
	m := map[string]any{"kind": string(d.Kind), "draft": d.Draft}
	if d.Status != parley.DecisionOpen {
		m["status"] = string(d.Status)
	} else {
		m["confidentiality"] = string(d.Confidentiality)
	}
	if d.Kind == parley.SignOff {
		m["authentic_languages"] = authentic
	}
	return m
}
