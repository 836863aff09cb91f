package parley

import (
	"strconv"
	"strings"
	"time"
)

// PointKind distinguishes headings from the points parties mark.
type PointKind string

// The kinds of nodes in a draft's tree.
const (
	KindSection PointKind = "section" // a heading grouping points
	KindPoint   PointKind = "point"   // an article, paragraph or sub-point
)

// Change says how a point of a draft differs from the previous tabled draft.
type Change string

// The kinds of change. A point that is both moved and amended is reported
// as amended with Moved set.
const (
	ChangeNew       Change = "new"
	ChangeUnchanged Change = "unchanged"
	ChangeAmended   Change = "amended"
	ChangeMoved     Change = "moved"
	ChangeSplit     Change = "split"  // one of several points made from one
	ChangeMerged    Change = "merged" // one point made from several
	ChangeRemoved   Change = "removed"
)

// Point is one node of a draft: a section heading or a point. ID is the
// point's stable identity across drafts: point 12 of draft 1 and point 9 of
// draft 3 have the same ID when the second is the first amended or moved.
type Point struct {
	ID     int64     `json:"id"`
	Kind   PointKind `json:"kind"`
	Number string    `json:"number"` // as shown, e.g. "7" or "3.b"; "" for sections
	Title  string    `json:"title,omitempty"`
	Text   string    `json:"text"`
	Depth  int       `json:"depth"`
	Parent int64     `json:"parent,omitempty"`
	// From lists the points of the previous tabled draft that this point was
	// split or merged from; it is empty for points that keep their identity.
	From []int64 `json:"from,omitempty"`
	// Change, Moved and Amended compare the point with the previous tabled
	// draft.
	Change  Change `json:"change"`
	Moved   bool   `json:"moved,omitempty"`
	Amended bool   `json:"amended,omitempty"`
}

// Label is the point's number and title, or its number and first words,
// as a person would name it: "7 Territory".
func (p *Point) Label() string {
	name := p.Title
	if name == "" {
		words := strings.Fields(p.Text)
		if len(words) > 6 {
			words = append(words[:6:6], "…")
		}
		name = strings.Join(words, " ")
	}
	if p.Number == "" {
		return name
	}
	return p.Number + " " + name
}

// RemovedPoint is a point of the previous tabled draft that a draft no
// longer has under its identity. Into lists the points it was split or
// merged into, if any.
type RemovedPoint struct {
	ID     int64   `json:"id"`
	Number string  `json:"number"`
	Title  string  `json:"title,omitempty"`
	Text   string  `json:"text"`
	Into   []int64 `json:"into,omitempty"`
}

// Draft is one version of the negotiating text. Tabled drafts are numbered
// from 1 and immutable; the mediator's one working draft has Number 0 and
// is visible to mediator members only.
type Draft struct {
	TalksID  int64          `json:"talks"`
	Number   int            `json:"number"`
	Tabled   bool           `json:"tabled"`
	Title    string         `json:"title"`
	Note     string         `json:"note,omitempty"`
	TabledAt time.Time      `json:"tabled_at,omitzero"`
	TabledBy string         `json:"tabled_by,omitempty"`
	Points   []Point        `json:"points,omitempty"`
	Removed  []RemovedPoint `json:"removed,omitempty"`
	// Version is the working draft's version (see DraftInput.Version);
	// tabled drafts have none.
	Version int `json:"version,omitempty"`
}

// Point returns the node with the given identity, or nil.
func (d *Draft) Point(id int64) *Point {
	for i := range d.Points {
		if d.Points[i].ID == id {
			return &d.Points[i]
		}
	}
	return nil
}

// Markable returns the draft's points of kind KindPoint, in order.
func (d *Draft) Markable() []Point {
	var ps []Point
	for _, p := range d.Points {
		if p.Kind == KindPoint {
			ps = append(ps, p)
		}
	}
	return ps
}

// DraftInput is a draft as the mediator writes it: a tree of sections and
// points. A point that carries on a point of the previous tabled draft
// names it in ID; a point split or merged from earlier points names them in
// From (and in ID the identity the working draft gave it, if any); a point
// with neither is new.
type DraftInput struct {
	Title  string       `json:"title"`
	Note   string       `json:"note,omitempty"`
	Points []PointInput `json:"points"`
	// Version, if set, is the version of the working draft the text was
	// edited from (0 if there was none): saving or tabling it after the
	// working draft has changed since is a conflict, not an overwrite.
	Version *int `json:"version,omitempty"`
}

// PointInput is one node of a DraftInput.
type PointInput struct {
	ID     int64        `json:"id,omitempty"`
	From   []int64      `json:"from,omitempty"`
	Kind   PointKind    `json:"kind,omitempty"` // default KindPoint
	Title  string       `json:"title,omitempty"`
	Text   string       `json:"text"`
	Points []PointInput `json:"points,omitempty"`
}

// Limits on the size of a draft.
const (
	MaxPoints     = 5000
	MaxDepth      = 6
	MaxPointText  = 20000
	MaxPointTitle = 200
)

// Validate checks the draft's shape and text. It does not check that the IDs
// and From references exist; the workspace does, against the previous draft.
func (in *DraftInput) Validate() error {
	if err := CheckText("title", in.Title, 0, 200); err != nil {
		return err
	}
	if err := CheckText("note", in.Note, 0, 20000); err != nil {
		return err
	}
	if in.Version != nil && *in.Version < 0 {
		return Invalid("version", "version must not be negative")
	}
	if len(in.Points) == 0 {
		return Invalid("points", "a draft needs at least one point")
	}
	v := pointValidation{seen: map[int64]bool{}}
	if err := v.walk(in.Points, "points", 0, false); err != nil {
		return err
	}
	return v.checkCarriedNotSplit(in.Points)
}

// pointValidation is the state of Validate's walk over the points: the
// ids seen and the number of points so far.
type pointValidation struct {
	seen  map[int64]bool
	count int
}

// walk checks the points ps, at the given depth and path (their field
// name in errors), and their sub-points; underPoint says whether they
// stand inside a point. It sets a missing kind to point.
func (v *pointValidation) walk(ps []PointInput, path string, depth int, underPoint bool) error {
	if depth >= MaxDepth {
		return Invalid(path, "points nest deeper than %d levels", MaxDepth)
	}
	for i := range ps {
		p := &ps[i]
		field := path + "[" + strconv.Itoa(i) + "]"
		v.count++
		if v.count > MaxPoints {
			return Invalid("points", "a draft may hold at most %d points", MaxPoints)
		}
		if err := v.point(p, field, underPoint); err != nil {
			return err
		}
		if err := v.walk(p.Points, field+".points", depth+1, underPoint || p.Kind == KindPoint); err != nil {
			return err
		}
	}
	return nil
}

// point checks one point, named field in errors, without its sub-points.
func (v *pointValidation) point(p *PointInput, field string, underPoint bool) error {
	if p.Kind == "" {
		p.Kind = KindPoint
	}
	switch p.Kind {
	case KindPoint:
		if err := CheckText(field+".text", p.Text, 1, MaxPointText); err != nil {
			return err
		}
	case KindSection:
		if underPoint {
			return Invalid(field+".kind", "a section cannot stand inside a point")
		}
		if err := CheckText(field+".text", p.Text, 0, MaxPointText); err != nil {
			return err
		}
		if strings.TrimSpace(p.Title) == "" && strings.TrimSpace(p.Text) == "" {
			return Invalid(field+".title", "a section needs a title")
		}
	default:
		return Invalid(field+".kind", "kind must be point or section")
	}
	if err := CheckText(field+".title", p.Title, 0, MaxPointTitle); err != nil {
		return err
	}
	if strings.ContainsAny(p.Title, "\r\n") {
		return Invalid(field+".title", "a title is one line")
	}
	if p.ID < 0 {
		return Invalid(field+".id", "id must be positive")
	}
	if p.ID != 0 {
		if v.seen[p.ID] {
			return Invalid(field+".id", "point %d appears twice", p.ID)
		}
		v.seen[p.ID] = true
	}
	for _, f := range p.From {
		if f <= 0 {
			return Invalid(field+".from", "from must list positive point ids")
		}
	}
	return nil
}

// checkCarriedNotSplit checks that no point carried on by id is also the
// source of a split or merge.
func (v *pointValidation) checkCarriedNotSplit(ps []PointInput) error {
	for _, p := range ps {
		for _, f := range p.From {
			if v.seen[f] {
				return Invalid("points", "point %d is carried on and also split or merged", f)
			}
		}
		if err := v.checkCarriedNotSplit(p.Points); err != nil {
			return err
		}
	}
	return nil
}

// Numbering returns the number shown for each node of a flattened draft:
// points count 1, 2, 3 … through the whole text, whatever section they
// stand in; their sub-points a, b, c (shown "3.b"); the next level i, ii,
// iii ("3.b.ii"); deeper levels 1, 2, 3 again. Sections have no number.
func Numbering(points []Point) []string {
	out := make([]string, len(points))
	byID := make(map[int64]int, len(points))
	children := map[int64]int{} // parent id -> points numbered so far
	top := 0
	for i, p := range points {
		byID[p.ID] = i
		if p.Kind != KindPoint {
			continue
		}
		parent, ok := byID[p.Parent]
		if p.Parent == 0 || !ok || points[parent].Kind != KindPoint {
			top++
			out[i] = strconv.Itoa(top)
			continue
		}
		children[p.Parent]++
		n := children[p.Parent]
		level := strings.Count(out[parent], ".") + 1
		var s string
		switch level % 3 {
		case 1:
			s = letters(n)
		case 2:
			s = roman(n)
		default:
			s = strconv.Itoa(n)
		}
		out[i] = out[parent] + "." + s
	}
	return out
}

func letters(n int) string {
	var b []byte
	for n > 0 {
		n--
		b = append([]byte{byte('a' + n%26)}, b...)
		n /= 26
	}
	return string(b)
}

func roman(n int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}
