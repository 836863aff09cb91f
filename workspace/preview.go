package workspace

import (
	"context"
	"slices"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
)

// TablingPreview is what tabling a text would do, shown to the mediator
// before it tables: the draft as it would be tabled and how it differs
// from the latest tabled draft.
type TablingPreview struct {
	// Draft is the text as it would be tabled, numbered as the parties
	// would see it; its new points have stand-in (negative) identities.
	Draft *parley.Draft
	// Previous is the number of the latest tabled draft (0 before the
	// first); Diff compares the text with it (nil before the first).
	Previous int
	Diff     *diff.Result
	// Version is the working draft's version the preview was made at:
	// tabling at another version is a conflict.
	Version int
	// MostReplaced says that most points would become new or removed: the
	// parties' marks would not carry over to them, which is what a text
	// pasted without its markers does.
	MostReplaced bool
}

// Points counts the points (not section headings) the text would have.
func (p *TablingPreview) Points() int { return len(p.Draft.Markable()) }

// PreviewTabling shows what tabling in would do, without writing
// anything; in nil previews the working draft as saved. The mediator's
// team only, as tabling is; an input that names a working draft version
// other than the current one is a conflict, as tabling it would be.
func (s *Service) PreviewTabling(ctx context.Context, talksID int64, in *parley.DraftInput) (*TablingPreview, error) {
	if in != nil {
		if err := in.Validate(); err != nil {
			return nil, err
		}
	}
	var pv *TablingPreview
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, draftText); err != nil {
			return err
		}
		var err error
		pv, err = s.preview(ctx, tx, talksID, in)
		return err
	})
	return pv, failed(err, "previewing the tabling of a draft in talks %d", talksID)
}

// preview builds the preview of in (the working draft if nil) in tx.
func (s *Service) preview(ctx context.Context, tx parley.Tx, talksID int64, in *parley.DraftInput) (*TablingPreview, error) {
	pv := &TablingPreview{}
	var err error
	if pv.Version, err = tx.WorkingDraftVersion(ctx, talksID); err != nil {
		return nil, err
	}
	if in == nil {
		w, err := tx.Draft(ctx, talksID, 0)
		if err != nil {
			return nil, err
		}
		in = InputOf(w)
		in.Version = &pv.Version
	}
	if err := checkVersion(ctx, tx, talksID, in.Version); err != nil {
		return nil, err
	}
	drafts, err := tx.Drafts(ctx, talksID)
	if err != nil {
		return nil, err
	}
	b := &draftBuilder{ctx: ctx, tx: tx, preview: true}
	if pv.Draft, err = s.buildWith(b, talksID, in, len(drafts)+1); err != nil {
		return nil, err
	}
	if b.prev != nil {
		pv.Previous = b.prev.Number
		pv.Diff = diff.Compare([]*parley.Draft{b.prev, pv.Draft})
		pv.MostReplaced = mostReplaced(pv.Diff.Counts)
	}
	return pv, nil
}

// mostReplaced reports whether more than half of the points compared are
// new or removed.
func mostReplaced(counts map[parley.Change]int) bool {
	all := 0
	for _, n := range counts {
		all += n
	}
	return 2*(counts[parley.ChangeNew]+counts[parley.ChangeRemoved]) > all
}

// WordChanges counts the words the text's amended points insert and
// delete, against the latest tabled draft.
func (p *TablingPreview) WordChanges() (inserted, deleted int) {
	if p.Diff == nil {
		return 0, 0
	}
	for _, c := range p.Diff.Changes {
		for _, op := range append(slices.Clone(c.TitleWords), c.Words...) {
			n := len(strings.Fields(op.Text))
			switch op.Kind {
			case diff.Insert:
				inserted += n
			case diff.Delete:
				deleted += n
			}
		}
	}
	return inserted, deleted
}

// TableWorkingDraftAt tables the working draft as TableWorkingDraftOnce
// does, if it is still at version: the draft the mediator previewed, and
// not one saved since.
func (s *Service) TableWorkingDraftAt(ctx context.Context, talksID int64, key string, version int) (*parley.Draft, error) {
	return s.tableFrom(ctx, talksID, key, true, func(tx parley.Tx) (*parley.DraftInput, error) {
		if err := checkVersion(ctx, tx, talksID, &version); err != nil {
			return nil, err
		}
		w, err := tx.Draft(ctx, talksID, 0)
		if err != nil {
			return nil, err
		}
		in := InputOf(w)
		in.Version = &version
		return in, nil
	})
}
