package workspace

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/parley-talks/parley"
)

// Proposed wording, which a stance used to carry, is an amendment now: a
// replacement of the point's text. ConvertStanceWordings turns the
// wordings stored before into amendments, once, at start-up. A migration
// cannot: a stance's wording is sealed bound to its stance row, and rows
// written by SQL would have no audit record.

// stanceWordingsConverted is the setting that records that
// ConvertStanceWordings ran to its end (its value: when).
const stanceWordingsConverted = "stance_wordings_converted"

// ConvertStanceWordings turns the proposed wording of every current stance
// on the latest tabled draft of every talks into an amendment replacing
// the point's text: proposed by the stance's author, for its party, when
// the stance was recorded, shared as the stance is. The stance gets a new
// version without the wording (its mark, rationale, sharing and carry-over
// kept). Each conversion is one amendment.convert record, seen as the
// amendment is. Wordings on superseded drafts stay where they are, as the
// history of those drafts: an amendment to a superseded draft could only
// be declined, and the parties marked those drafts with the wording in
// view.
//
// It is the operator's routine, run by serve after the migrations; it
// needs no account. It runs once: a database it has converted (the
// setting records it) is left alone, and a run cut short is finished by
// the next, as converted stances no longer carry wording. It returns how
// many wordings it converted.
func (s *Service) ConvertStanceWordings(ctx context.Context) (int, error) {
	var done string
	var talks []parley.Talks
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		var err error
		if done, err = tx.Setting(ctx, stanceWordingsConverted); err != nil || done != "" {
			return err
		}
		talks, err = tx.AllTalks(ctx)
		return err
	})
	if err != nil || done != "" {
		return 0, failed(err, "reading the talks whose stances' wordings to convert")
	}
	n := 0
	for _, t := range talks {
		var converted []*parley.Amendment
		err := s.Store.Update(ctx, func(tx parley.Tx) error {
			var err error
			converted, err = s.convertWordings(ctx, tx, t.ID)
			return err
		})
		if err != nil {
			return n, failed(err, "converting the stances' proposed wordings of talks %d into amendments", t.ID)
		}
		for _, a := range converted {
			s.publishAmendment(ctx, a)
		}
		n += len(converted)
	}
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		return tx.PutSetting(ctx, stanceWordingsConverted, s.now().Format(time.RFC3339))
	})
	return n, failed(err, "recording that the stances' proposed wordings were converted")
}

// convertWordings converts the wordings of the current stances on the
// latest tabled draft of the talks, in the caller's transaction.
func (s *Service) convertWordings(ctx context.Context, tx parley.Tx, talksID int64) ([]*parley.Amendment, error) {
	drafts, err := tx.Drafts(ctx, talksID)
	if err != nil || len(drafts) == 0 {
		return nil, err
	}
	d, err := tx.Draft(ctx, talksID, drafts[len(drafts)-1].Number)
	if err != nil {
		return nil, err
	}
	stances, err := tx.Stances(ctx, talksID, d.Number)
	if err != nil {
		return nil, err
	}
	var out []*parley.Amendment
	for _, st := range stances {
		p := d.Point(st.PointID)
		if strings.TrimSpace(st.ProposedWording) == "" || p == nil {
			continue
		}
		a := &parley.Amendment{TalksID: talksID, Draft: d.Number, PointID: p.ID, PointNumber: p.Number, PartyID: st.PartyID,
			PartyName: st.PartyName, Kind: parley.AmendReplace, Text: st.ProposedWording, ShareWithMediator: st.ShareWithMediator,
			ReleasedToAll: st.ReleasedToAll, ProposedBy: st.RecordedBy, ProposedAt: st.RecordedAt}
		if err := tx.CreateAmendment(ctx, a); err != nil {
			return nil, err
		}
		from := st.Version
		st.ProposedWording, st.Version = "", 0
		if err := tx.PutStance(ctx, &st); err != nil {
			return nil, err
		}
		err := s.auditAmendment(ctx, tx, a, "amendment.convert", map[string]any{"kind": a.Kind, "draft": d.Number, "point": p.ID,
			"stance":       fmt.Sprintf("talks/%d/drafts/%d/points/%d/stances/%d", talksID, d.Number, p.ID, st.PartyID),
			"from_version": from, "version": st.Version})
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}
