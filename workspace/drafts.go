package workspace

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
)

// ListDrafts lists the tabled drafts, without their text.
func (s *Service) ListDrafts(ctx context.Context, talksID int64) ([]parley.Draft, error) {
	var out []parley.Draft
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, seeTalks); err != nil {
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
	return out, failed(err, "listing the drafts of talks %d", talksID)
}

// GetDraft returns a draft with its text. Number 0 is the mediator's
// working draft, which only the mediator party sees.
func (s *Service) GetDraft(ctx context.Context, talksID int64, number int) (*parley.Draft, error) {
	var d *parley.Draft
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		if number < 0 || number == 0 && !v.CanSeeWorkingDraft() {
			return parley.NotFound("draft")
		}
		if d = s.drafts.get(talksID, number); d != nil {
			return nil
		}
		if d, err = tx.Draft(ctx, talksID, number); err != nil || number > 0 {
			return err
		}
		d.Version, err = tx.WorkingDraftVersion(ctx, talksID)
		return err
	})
	if err == nil {
		s.drafts.put(d) // read by a committed transaction: it exists
	}
	return d, failed(err, "reading draft %d of talks %d", number, talksID)
}

// SaveWorkingDraft stores in as the mediator's working draft, replacing any
// earlier one, as its next version. New points get their identities now
// and keep them when the draft is tabled. An input that names the version
// it was edited from, when the working draft has changed since, is a
// conflict: nothing is saved.
func (s *Service) SaveWorkingDraft(ctx context.Context, talksID int64, in *parley.DraftInput) (*parley.Draft, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var d *parley.Draft
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, draftText); err != nil {
			return err
		}
		if err := checkVersion(ctx, tx, talksID, in.Version); err != nil {
			return err
		}
		var err error
		d, err = s.saveWorking(ctx, tx, talksID, in)
		return err
	})
	return d, failed(err, "saving the working draft of talks %d", talksID)
}

// saveWorking builds in and stores it as the working draft's next
// version, with its audit record.
func (s *Service) saveWorking(ctx context.Context, tx parley.Tx, talksID int64, in *parley.DraftInput) (*parley.Draft, error) {
	d, err := s.build(ctx, tx, talksID, in, 0)
	if err != nil {
		return nil, err
	}
	if d.Version, err = tx.NextWorkingDraftVersion(ctx, talksID); err != nil {
		return nil, err
	}
	if err := tx.PutDraft(ctx, d); err != nil {
		return nil, err
	}
	return d, s.audit(ctx, tx, change{talks: talksID, party: mediatorPartyOf(ctx, tx, talksID), action: "draft.working.save",
		object: fmt.Sprintf("talks/%d/drafts/working", talksID), digest: digestOf(d.Points), details: map[string]any{"version": d.Version}})
}

// DiscardWorkingDraft deletes the working draft. The amendments it took
// are proposed again, and their parties told.
func (s *Service) DiscardWorkingDraft(ctx context.Context, talksID int64) error {
	var untaken []parley.Amendment
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, draftText); err != nil {
			return err
		}
		if err := tx.DeleteWorkingDraft(ctx, talksID); err != nil {
			return err
		}
		if _, err := tx.NextWorkingDraftVersion(ctx, talksID); err != nil {
			return err
		}
		err := s.audit(ctx, tx, change{talks: talksID, party: mediatorPartyOf(ctx, tx, talksID), action: "draft.working.discard",
			object: fmt.Sprintf("talks/%d/drafts/working", talksID)})
		if err != nil {
			return err
		}
		untaken, err = s.untakeAll(ctx, tx, talksID, "draft.working.discard")
		return err
	})
	if err != nil {
		return failed(err, "discarding the working draft of talks %d", talksID)
	}
	for i := range untaken {
		s.publishAmendment(ctx, &untaken[i])
	}
	return nil
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
	return s.buildWith(&draftBuilder{ctx: ctx, tx: tx}, talksID, in, number)
}

// buildWith is build with the builder b, which may be one for a preview.
func (s *Service) buildWith(b *draftBuilder, talksID int64, in *parley.DraftInput, number int) (*parley.Draft, error) {
	ctx, tx := b.ctx, b.tx
	a, err := tx.AccountByID(ctx, AccountID(ctx))
	if err != nil {
		return nil, err
	}
	if err := b.readIdentities(talksID); err != nil {
		return nil, err
	}
	b.d = &parley.Draft{TalksID: talksID, Number: number, Tabled: number > 0, Title: in.Title, Note: in.Note, TabledBy: a.Username}
	if b.d.Tabled {
		b.d.TabledAt = s.now()
	}
	if isDefaultTitle(b.d.Title) {
		// Another draft's default title ("# Draft 5" at the head of the
		// Markdown of draft 5) is no title of this draft's own.
		b.d.Title = ""
	}
	if b.d.Title == "" && b.d.Tabled {
		// An untitled working draft stays untitled, so that tabling it
		// gives the tabled draft its own default title, not the working
		// draft's name.
		b.d.Title = defaultTitle(number)
	}
	if err := b.addPoints(in.Points, 0, 0, "points"); err != nil {
		return nil, err
	}
	for i, n := range parley.Numbering(b.d.Points) {
		b.d.Points[i].Number = n
	}
	s.recordChanges(b.prev, b.d)
	return b.d, nil
}

// defaultTitle is the title of a tabled draft its mediator left
// untitled.
func defaultTitle(number int) string {
	return fmt.Sprintf("Draft %d", number)
}

// isDefaultTitle reports whether title is a draft's default title,
// "Draft N", which the Markdown of an untitled draft starts with.
func isDefaultTitle(title string) bool {
	n, ok := strings.CutPrefix(strings.TrimSpace(title), "Draft ")
	if !ok {
		return false
	}
	_, err := strconv.Atoi(n)
	return err == nil
}

// draftBuilder adds an input's points to a draft, checking the identities
// they name against those the talks' points already have.
type draftBuilder struct {
	ctx  context.Context
	tx   parley.Tx
	d    *parley.Draft
	prev *parley.Draft // the latest tabled draft; nil before the first
	// prevIDs are the points of prev; workingIDs those first made in the
	// working draft, which keep the identity given there.
	prevIDs, workingIDs map[int64]bool
	// preview builds a draft that will not be stored: new points get
	// negative stand-in identities (lastStandIn the latest) instead of
	// allocated ones, so the build writes nothing.
	preview     bool
	lastStandIn int64
}

// readIdentities reads the latest tabled draft and the working draft of
// the talks, for the identities a new draft may name.
func (b *draftBuilder) readIdentities(talksID int64) error {
	b.prevIDs, b.workingIDs = map[int64]bool{}, map[int64]bool{}
	drafts, err := b.tx.Drafts(b.ctx, talksID)
	if err != nil {
		return err
	}
	if len(drafts) > 0 {
		if b.prev, err = b.tx.Draft(b.ctx, talksID, drafts[len(drafts)-1].Number); err != nil {
			return err
		}
		for _, p := range b.prev.Points {
			b.prevIDs[p.ID] = true
		}
	}
	w, err := b.tx.Draft(b.ctx, talksID, 0)
	if parley.ErrorCode(err) == parley.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	for _, p := range w.Points {
		if !b.prevIDs[p.ID] {
			b.workingIDs[p.ID] = true
		}
	}
	return nil
}

// addPoints appends ps and their sub-points, depth first, under parent;
// path names ps in the input, for errors.
func (b *draftBuilder) addPoints(ps []parley.PointInput, parent int64, depth int, path string) error {
	for i, p := range ps {
		field := fmt.Sprintf("%s[%d]", path, i)
		id, err := b.identity(p, field)
		if err != nil {
			return err
		}
		from := slices.Clone(p.From)
		slices.Sort(from)
		b.d.Points = append(b.d.Points, parley.Point{ID: id, Kind: p.Kind, Title: p.Title, Text: p.Text,
			Depth: depth, Parent: parent, From: slices.Compact(from)})
		if err := b.addPoints(p.Points, id, depth+1, field+".points"); err != nil {
			return err
		}
	}
	return nil
}

// identity returns the identity of input point p: the one it names, which
// must be a point of the latest tabled or the working draft, or a new one.
// A point carried on from the latest draft cannot also be made from
// others; the points it is made from must be in the latest draft.
func (b *draftBuilder) identity(p parley.PointInput, field string) (int64, error) {
	id := p.ID
	switch {
	case id != 0 && !b.prevIDs[id] && !b.workingIDs[id]:
		if b.prev == nil {
			return 0, parley.Invalid(field+".id", "point %d does not exist: no draft has been tabled yet", id)
		}
		return 0, parley.Invalid(field+".id", "point %d is not in draft %d, the latest", id, b.prev.Number)
	case id == 0 && b.preview:
		b.lastStandIn--
		id = b.lastStandIn
	case id == 0:
		var err error
		if id, err = b.tx.NewPointID(b.ctx, b.d.TalksID); err != nil {
			return 0, err
		}
	}
	if b.prevIDs[id] && len(p.From) > 0 {
		return 0, parley.Invalid(field+".from", "point %d carries on from the latest draft; it cannot also be made from others", id)
	}
	for _, f := range p.From {
		if !b.prevIDs[f] {
			return 0, parley.Invalid(field+".from", "point %d is not in the latest tabled draft", f)
		}
	}
	return id, nil
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
		if _, _, err := s.open(ctx, tx, talksID, seeTalks); err != nil {
			return err
		}
		chain, err := draftChain(ctx, tx, talksID, from, to)
		if err != nil {
			return err
		}
		res = diff.Compare(chain)
		return nil
	})
	return res, failed(err, "comparing drafts %d and %d of talks %d", from, to, talksID)
}

// draftChain reads tabled drafts from to to, in order. A draft asked for
// that does not exist is named in the error, with the latest there is.
func draftChain(ctx context.Context, tx parley.Tx, talksID int64, from, to int) ([]*parley.Draft, error) {
	drafts, err := tx.Drafts(ctx, talksID)
	if err != nil {
		return nil, err
	}
	latest := 0
	if len(drafts) > 0 {
		latest = drafts[len(drafts)-1].Number
	}
	for _, a := range []struct {
		field string
		n     int
	}{{"from", from}, {"to", to}} {
		switch {
		case a.n > latest && latest == 0:
			return nil, parley.Invalid(a.field, "there is no draft %d: no draft has been tabled yet", a.n)
		case a.n > latest:
			return nil, parley.Invalid(a.field, "there is no draft %d: the latest is draft %d", a.n, latest)
		}
	}
	var chain []*parley.Draft
	for n := from; n <= to; n++ {
		d, err := tx.Draft(ctx, talksID, n)
		if err != nil {
			return nil, fmt.Errorf("reading draft %d: %w", n, err)
		}
		chain = append(chain, d)
	}
	return chain, nil
}
