package workspace

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/parley-talks/parley"
)

// The structured drafting editor: one edit at a time to one point of the
// working draft — its text, a point added after it, deleting it, moving
// it among its siblings, indenting or outdenting it, splitting it in two
// or merging it with the next — each saved as the working draft's next
// version. Splits and merges name the points of the latest tabled draft
// they come from, so the comparison shows them as split and merged.

// The edits of one point.
const (
	EditText    = "edit"    // set the point's title and text
	EditAdd     = "add"     // add a point (or section) after it, with its sub-points
	EditDelete  = "delete"  // delete it, with its sub-points
	EditUp      = "up"      // move it before its previous sibling
	EditDown    = "down"    // move it after its next sibling
	EditIndent  = "indent"  // make it the last sub-point of its previous sibling
	EditOutdent = "outdent" // raise it one level; the siblings after it become its sub-points
	EditSplit   = "split"   // split its text in two at the first empty line
	EditMerge   = "merge"   // merge it with its next sibling
	EditTitle   = "title"   // set the draft's title (Title; no point)
)

// PointEdit is one edit of the working draft's point Point. Title and
// Text are the point's new title and text (EditText, EditSplit) or the
// new point's (EditAdd, of kind Kind); Point 0 with EditAdd adds at the
// start.
type PointEdit struct {
	Op          string
	Point       int64
	Kind        parley.PointKind
	Title, Text string
}

// EditWorkingDraft applies one edit to the working draft — or, when there
// is none, to the latest tabled draft's text, which it starts — and saves
// the result as the working draft's next version, if the working draft is
// still at version.
func (s *Service) EditWorkingDraft(ctx context.Context, talksID int64, version int, e PointEdit) (*parley.Draft, error) {
	var d *parley.Draft
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, draftText); err != nil {
			return err
		}
		if err := checkVersion(ctx, tx, talksID, &version); err != nil {
			return err
		}
		in, prev, err := editBase(ctx, tx, talksID)
		if err != nil {
			return err
		}
		if e.Op == EditTitle {
			in.Title = e.Title
		} else {
			flat := flatten(in.Points, 0)
			if flat, err = flat.apply(e, prev); err != nil {
				return err
			}
			in.Points = flat.tree()
		}
		if err := in.Validate(); err != nil {
			return err
		}
		d, err = s.saveWorking(ctx, tx, talksID, in)
		return err
	})
	return d, failed(err, "editing point %d of the working draft of talks %d", e.Point, talksID)
}

// editBase returns the text an edit applies to — the working draft, or
// the latest tabled draft untitled — and the identities of the latest
// tabled draft's points.
func editBase(ctx context.Context, tx parley.Tx, talksID int64) (*parley.DraftInput, map[int64]bool, error) {
	prev := map[int64]bool{}
	drafts, err := tx.Drafts(ctx, talksID)
	if err != nil {
		return nil, nil, err
	}
	var latest *parley.Draft
	if len(drafts) > 0 {
		if latest, err = tx.Draft(ctx, talksID, drafts[len(drafts)-1].Number); err != nil {
			return nil, nil, err
		}
		for _, p := range latest.Points {
			prev[p.ID] = true
		}
	}
	w, err := tx.Draft(ctx, talksID, 0)
	switch {
	case err == nil:
		return InputOf(w), prev, nil
	case parley.ErrorCode(err) != parley.ENOTFOUND:
		return nil, nil, err
	case latest == nil:
		return &parley.DraftInput{}, prev, nil
	}
	in := InputOf(latest)
	in.Title = ""
	return in, prev, nil
}

// flatPoint is a point of a draft input without its sub-points, at its
// depth in the tree.
type flatPoint struct {
	parley.PointInput
	depth int
}

// flatDraft is a draft input's points in reading order, each with its
// depth: edits move, indent and outdent points by changing the order and
// the depths, and tree turns it back into a tree.
type flatDraft []flatPoint

// flatten lists ps and their sub-points in reading order, from depth.
func flatten(ps []parley.PointInput, depth int) flatDraft {
	var out flatDraft
	for _, p := range ps {
		sub := p.Points
		p.Points = nil
		out = append(out, flatPoint{p, depth})
		out = append(out, flatten(sub, depth+1)...)
	}
	return out
}

// tree turns f back into a tree: each point holds the points after it
// that are deeper, up to the next that is not. f's depths start at 0 and
// rise by at most one from one point to the next.
func (f flatDraft) tree() []parley.PointInput {
	var build func(i, depth int) ([]parley.PointInput, int)
	build = func(i, depth int) ([]parley.PointInput, int) {
		var out []parley.PointInput
		for i < len(f) && f[i].depth >= depth {
			p := f[i].PointInput
			p.Points, i = build(i+1, depth+1)
			out = append(out, p)
		}
		return out, i
	}
	ps, _ := build(0, 0)
	return ps
}

// end returns the index after point i's sub-points.
func (f flatDraft) end(i int) int {
	j := i + 1
	for j < len(f) && f[j].depth > f[i].depth {
		j++
	}
	return j
}

// previous returns the index of point i's previous sibling, or -1.
func (f flatDraft) previous(i int) int {
	for j := i - 1; j >= 0 && f[j].depth >= f[i].depth; j-- {
		if f[j].depth == f[i].depth {
			return j
		}
	}
	return -1
}

// next returns the index of point i's next sibling, or -1.
func (f flatDraft) next(i int) int {
	if j := f.end(i); j < len(f) && f[j].depth == f[i].depth {
		return j
	}
	return -1
}

// find returns the index of the point with the given identity.
func (f flatDraft) find(id int64) (int, error) {
	for i, p := range f {
		if p.ID == id {
			return i, nil
		}
	}
	return 0, parley.Invalid("point", "point %d is not in the working draft", id)
}

// apply returns f with the edit e made; prev holds the identities of the
// latest tabled draft's points, which splits and merges name.
func (f flatDraft) apply(e PointEdit, prev map[int64]bool) (flatDraft, error) {
	if e.Op == EditAdd && e.Point == 0 {
		return slices.Insert(f, 0, flatPoint{parley.PointInput{Kind: e.Kind, Title: e.Title, Text: e.Text}, 0}), nil
	}
	i, err := f.find(e.Point)
	if err != nil {
		return nil, err
	}
	switch e.Op {
	case EditText:
		f[i].Title, f[i].Text = e.Title, e.Text
		return f, nil
	case EditAdd:
		return slices.Insert(f, f.end(i), flatPoint{parley.PointInput{Kind: e.Kind, Title: e.Title, Text: e.Text}, f[i].depth}), nil
	case EditDelete:
		if len(f) == f.end(i)-i {
			return nil, parley.Invalid("point", "a draft needs at least one point; this is its last")
		}
		return slices.Delete(f, i, f.end(i)), nil
	case EditUp, EditDown:
		return f.move(i, e.Op == EditUp)
	case EditIndent, EditOutdent:
		return f.indent(i, e.Op == EditIndent)
	case EditSplit:
		return f.split(i, e, prev)
	case EditMerge:
		return f.merge(i, prev)
	}
	return nil, parley.Invalid("op", "%q is not an edit; the edits are edit, add, delete, up, down, indent, outdent, split, merge and title", e.Op)
}

// move swaps point i, with its sub-points, with its previous sibling (up)
// or its next (down).
func (f flatDraft) move(i int, up bool) (flatDraft, error) {
	a, b := f.previous(i), i // a comes before b; both move whole
	if !up {
		a, b = i, f.next(i)
	}
	if a < 0 || b < 0 {
		where := map[bool]string{true: "first", false: "last"}[up]
		return nil, parley.Invalid("point", "point %s is the %s at its level and cannot move %s", f.label(i), where, map[bool]string{true: "up", false: "down"}[up])
	}
	out := slices.Clone(f[:a])
	out = append(out, f[b:f.end(b)]...)
	out = append(out, f[a:b]...)
	return append(out, f[f.end(b):]...), nil
}

// indent moves point i, with its sub-points, one level in (under its
// previous sibling) or out.
func (f flatDraft) indent(i int, in bool) (flatDraft, error) {
	step := 1
	switch {
	case in && f.previous(i) < 0:
		return nil, parley.Invalid("point", "point %s has no point before it at its level to go under", f.label(i))
	case !in && f[i].depth == 0:
		return nil, parley.Invalid("point", "point %s is at the top level already", f.label(i))
	case !in:
		step = -1
	}
	for j, end := i, f.end(i); j < end; j++ {
		f[j].depth += step
	}
	return f, nil
}

// split splits point i in two at the first empty line of e.Text: the
// first part keeps its sub-points. A point of the latest tabled draft
// becomes two points made from it; a point made since keeps its identity
// in the first part, and the second comes from what it came from.
func (f flatDraft) split(i int, e PointEdit, prev map[int64]bool) (flatDraft, error) {
	text := strings.ReplaceAll(e.Text, "\r\n", "\n")
	first, second, ok := strings.Cut(text, "\n\n")
	first, second = strings.TrimSpace(first), strings.TrimSpace(second)
	if !ok || first == "" || second == "" {
		return nil, parley.Invalid("text", "put an empty line in the text of point %s where it is to split", f.label(i))
	}
	one, two := f[i].PointInput, parley.PointInput{Kind: f[i].Kind, From: slices.Clone(f[i].From)}
	one.Title, one.Text, two.Text = e.Title, first, second
	if prev[one.ID] {
		one.From, two.From = []int64{one.ID}, []int64{one.ID}
		one.ID = 0
	}
	f[i].PointInput = one
	return slices.Insert(f, f.end(i), flatPoint{two, f[i].depth}), nil
}

// merge merges point i with its next sibling: one point with both texts,
// and both's sub-points, made from the points of the latest tabled draft
// both come from (or carrying on the one point they come from).
func (f flatDraft) merge(i int, prev map[int64]bool) (flatDraft, error) {
	j := f.next(i)
	if j < 0 {
		return nil, parley.Invalid("point", "point %s has no next point at its level to merge with", f.label(i))
	}
	a, b := f[i].PointInput, f[j].PointInput
	if a.Kind != b.Kind {
		return nil, parley.Invalid("point", "a section and a point cannot merge")
	}
	var from []int64
	for _, p := range []parley.PointInput{a, b} {
		if prev[p.ID] {
			from = append(from, p.ID)
		} else {
			from = append(from, p.From...)
		}
	}
	slices.Sort(from)
	from = slices.Compact(from)
	m := parley.PointInput{ID: a.ID, Kind: a.Kind, Title: a.Title, Text: strings.TrimSpace(a.Text + " " + b.Text)}
	if m.Title == "" {
		m.Title = b.Title
	}
	switch {
	case len(from) == 1 && prev[from[0]]:
		m.ID = from[0] // the one tabled point both come from, amended
	case len(from) > 0:
		m.From = from
		if prev[m.ID] {
			m.ID = 0
		}
	}
	f[i].PointInput = m
	return slices.Delete(f, j, j+1), nil
}

// label names point i in messages: its title or first words.
func (f flatDraft) label(i int) string {
	p := parley.Point{Title: f[i].Title, Text: f[i].Text}
	return fmt.Sprintf("%q", p.Label())
}
