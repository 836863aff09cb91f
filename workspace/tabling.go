package workspace

import (
	"context"
	"fmt"

	"github.com/parley-talks/parley"
)

// Tabling, safely: a request may carry a key of its client's (an API
// Idempotency-Key, a drafting form's one-time token), and the same key
// again answers the draft the first request tabled instead of tabling
// another; an input that names the working draft's version it was edited
// from is refused when the working draft has changed since, so that
// tabling from a stale page does not discard another's edit.

// MaxTablingKey is the longest tabling key accepted.
const MaxTablingKey = 200

// TableDraft tables the next draft from in. Mediators may, while the talks
// are open. Tabling discards the working draft, if any.
func (s *Service) TableDraft(ctx context.Context, talksID int64, in *parley.DraftInput) (*parley.Draft, error) {
	return s.TableDraftOnce(ctx, talksID, "", in)
}

// TableDraftOnce tables in as TableDraft does, once for each key: the
// same key again answers the draft it tabled ("" is no key).
func (s *Service) TableDraftOnce(ctx context.Context, talksID int64, key string, in *parley.DraftInput) (*parley.Draft, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	// A text edited from the working draft (it names its version) is
	// tabled from it: what the working draft took goes with it.
	return s.tableFrom(ctx, talksID, key, in.Version != nil, func(parley.Tx) (*parley.DraftInput, error) { return in, nil })
}

// TableWorkingDraft tables the working draft as the next draft.
func (s *Service) TableWorkingDraft(ctx context.Context, talksID int64) (*parley.Draft, error) {
	return s.TableWorkingDraftOnce(ctx, talksID, "")
}

// TableWorkingDraftOnce tables the working draft as TableWorkingDraft
// does, once for each key ("" is no key).
func (s *Service) TableWorkingDraftOnce(ctx context.Context, talksID int64, key string) (*parley.Draft, error) {
	return s.tableFrom(ctx, talksID, key, true, func(tx parley.Tx) (*parley.DraftInput, error) {
		w, err := tx.Draft(ctx, talksID, 0)
		if err != nil {
			return nil, err
		}
		return InputOf(w), nil
	})
}

// checkTablingKey checks a client's tabling key: printable ASCII, not too
// long ("" is no key).
func checkTablingKey(key string) error {
	if len(key) > MaxTablingKey {
		return parley.Invalid("Idempotency-Key", "the key may be at most %d characters", MaxTablingKey)
	}
	for _, r := range key {
		if r < 0x21 || r > 0x7e {
			return parley.Invalid("Idempotency-Key", "the key may hold printable ASCII characters only, without spaces")
		}
	}
	return nil
}

// tableFrom tables the draft that input returns, in the transaction that
// checks the caller may, and tells the talks' subscribers; with a key
// tabled already, it answers that draft and tables nothing. Working says
// whether the input is the working draft (as saved, or as edited from
// it): if not, the takes that lived only in the working draft, which
// tabling discards, are undone.
func (s *Service) tableFrom(ctx context.Context, talksID int64, key string, working bool,
	input func(parley.Tx) (*parley.DraftInput, error)) (*parley.Draft, error) {
	if err := checkTablingKey(key); err != nil {
		return nil, err
	}
	var d *parley.Draft
	var untaken []parley.Amendment
	var replayed bool
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		// Afresh on each attempt: the store may run fn again, and a
		// replay seen by a failed attempt may not be seen by the next.
		d, untaken, replayed = nil, nil, false
		if _, _, err := s.open(ctx, tx, talksID, draftText); err != nil {
			return err
		}
		var err error
		if d, err = tabledWith(ctx, tx, talksID, key); d != nil || err != nil {
			replayed = true
			return err
		}
		in, err := input(tx)
		if err != nil {
			return err
		}
		d, untaken, err = s.table(ctx, tx, talksID, in, key, working)
		return err
	})
	if parley.ErrorCode(err) == parley.ECONFLICT && key != "" {
		// The same request, made at the same moment, may have tabled
		// the draft first.
		if again, aerr := s.tabledWithKey(ctx, talksID, key); aerr == nil && again != nil {
			return again, nil
		}
	}
	if err != nil {
		return nil, failed(err, "tabling a draft in talks %d", talksID)
	}
	if !replayed {
		// Read once into the draft cache before anyone hears of it: the
		// stance writes and reads that follow the news at once would
		// each read it from the store.
		s.GetDraft(ctx, talksID, d.Number)
		s.publish(ctx, parley.Event{Talks: talksID, Kind: "draft"})
	}
	for i := range untaken {
		s.publishAmendment(ctx, &untaken[i])
	}
	return d, nil
}

// tabledWith returns the draft that key tabled, nil if none did.
func tabledWith(ctx context.Context, tx parley.Tx, talksID int64, key string) (*parley.Draft, error) {
	if key == "" {
		return nil, nil
	}
	n, err := tx.TablingKey(ctx, talksID, key)
	if parley.ErrorCode(err) == parley.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return tx.Draft(ctx, talksID, n)
}

// tabledWithKey is tabledWith in a transaction of its own, for a
// mediator of the talks.
func (s *Service) tabledWithKey(ctx context.Context, talksID int64, key string) (*parley.Draft, error) {
	var d *parley.Draft
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, draftText); err != nil {
			return err
		}
		var err error
		d, err = tabledWith(ctx, tx, talksID, key)
		return err
	})
	return d, err
}

// table tables in as the next draft; working says whether in is the
// working draft (see tableFrom). It returns the draft and the amendments
// whose takes it undid.
func (s *Service) table(ctx context.Context, tx parley.Tx, talksID int64, in *parley.DraftInput, key string,
	working bool) (*parley.Draft, []parley.Amendment, error) {
	if err := checkVersion(ctx, tx, talksID, in.Version); err != nil {
		return nil, nil, err
	}
	drafts, err := tx.Drafts(ctx, talksID)
	if err != nil {
		return nil, nil, err
	}
	d, err := s.build(ctx, tx, talksID, in, len(drafts)+1)
	if err != nil {
		return nil, nil, err
	}
	if err := tx.PutDraft(ctx, d); err != nil {
		return nil, nil, err
	}
	if key != "" {
		if err := tx.PutTablingKey(ctx, talksID, key, d.Number); err != nil {
			return nil, nil, err
		}
	}
	prev := 0
	if len(drafts) > 0 {
		prev = drafts[len(drafts)-1].Number
	}
	if err := carryTranslations(ctx, tx, prev, d); err != nil {
		return nil, nil, err
	}
	if err := tx.DeleteWorkingDraft(ctx, talksID); err != nil {
		return nil, nil, err
	}
	if _, err := tx.NextWorkingDraftVersion(ctx, talksID); err != nil {
		return nil, nil, err
	}
	// A sign-off on the superseded draft can no longer be answered.
	if err := s.withdrawOpen(ctx, tx, talksID, func(d *parley.Decision) bool { return d.Kind == parley.SignOff }); err != nil {
		return nil, nil, err
	}
	err = s.audit(ctx, tx, change{talks: talksID, action: "draft.table", object: fmt.Sprintf("talks/%d/drafts/%d", talksID, d.Number),
		digest: digestOf(d.Points), details: map[string]any{"points": len(d.Points), "removed": len(d.Removed)}})
	if err != nil {
		return nil, nil, err
	}
	// After the tabling's own record, which every member sees: the carried
	// stances' rows go in records of their parties' own.
	if err := s.carryOver(ctx, tx, prev, d); err != nil {
		return nil, nil, err
	}
	// Taken amendments go into the draft with the working draft; tabled
	// from another text, the draft took none of them.
	var untaken []parley.Amendment
	if !working {
		if untaken, err = s.untakeAll(ctx, tx, talksID, "draft.table"); err != nil {
			return nil, nil, err
		}
	}
	return d, untaken, s.recordLineage(ctx, tx, talksID, d.Number)
}

// checkVersion checks that the working draft is still at version base, if
// the input names one, and says what changed it if not.
func checkVersion(ctx context.Context, tx parley.Tx, talksID int64, base *int) error {
	if base == nil {
		return nil
	}
	cur, err := tx.WorkingDraftVersion(ctx, talksID)
	if err != nil || cur == *base {
		return err
	}
	w, err := tx.Draft(ctx, talksID, 0)
	switch parley.ErrorCode(err) {
	case "":
		return parley.Errorf(parley.ECONFLICT, "the working draft has changed since you opened it: %s saved version %d over version %d, "+
			"which you edited; nothing was changed. Take their edit into yours and save again", w.TabledBy, cur, *base)
	case parley.ENOTFOUND:
		return parley.Errorf(parley.ECONFLICT, "the working draft has changed since you opened it (version %d, you edited version %d): "+
			"it was tabled or discarded; nothing was changed. Start again from the latest draft", cur, *base)
	}
	return err
}

// WorkingDraftVersion returns the version of the talks' working draft (0
// until it is first saved), for an editor opened where there is none. The
// mediator's team only; others do not find it.
func (s *Service) WorkingDraftVersion(ctx context.Context, talksID int64) (int, error) {
	var v int
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		viewer, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		if !viewer.CanSeeWorkingDraft() {
			return parley.NotFound("draft")
		}
		v, err = tx.WorkingDraftVersion(ctx, talksID)
		return err
	})
	return v, failed(err, "reading the working draft's version in talks %d", talksID)
}
