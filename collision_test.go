package parley

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// randomDraft returns a draft of n points in a random tree (each point's
// parent an earlier point or none).
func randomDraft(r *rand.Rand, n int) *Draft {
	d := &Draft{Number: 3}
	for i := range n {
		p := Point{ID: int64(100 + i), Kind: KindPoint}
		if i > 0 && r.IntN(2) == 0 {
			p.Parent = d.Points[r.IntN(i)].ID
		}
		d.Points = append(d.Points, p)
	}
	return d
}

// collideBrute reports whether amendments a and b collide, from the rule
// as the issue states it: both active, to the draft, to points it has, and
// either to the same point or one deleting a point above the other's.
func collideBrute(d *Draft, a, b Amendment) bool {
	if a.ID == b.ID || !a.Active() || !b.Active() || a.Draft != d.Number || b.Draft != d.Number ||
		d.Point(a.PointID) == nil || d.Point(b.PointID) == nil {
		return false
	}
	if a.PointID == b.PointID {
		return true
	}
	above := func(x, y Amendment) bool { // x deletes an ancestor of y's point
		if x.Kind != AmendDelete {
			return false
		}
		for p := d.Point(y.PointID); p != nil && p.Parent != 0; p = d.Point(p.Parent) {
			if p.Parent == x.PointID {
				return true
			}
		}
		return false
	}
	return above(a, b) || above(b, a)
}

// TestCollisionsAgainstBruteForce checks Collisions, as pairs
// (CollidesWith), against the pairwise rule on random drafts and
// amendments.
func TestCollisionsAgainstBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 2025))
	kinds := []AmendmentKind{AmendReplace, AmendInsertAfter, AmendDelete, AmendSplit}
	states := []AmendmentState{AmendmentProposed, AmendmentTaken, AmendmentWithdrawn, AmendmentDeclined}
	for round := range 2000 {
		d := randomDraft(r, 1+r.IntN(8))
		var as []Amendment
		for i := range r.IntN(7) {
			a := Amendment{ID: int64(i + 1), Draft: d.Number, PointID: d.Points[r.IntN(len(d.Points))].ID,
				Kind: kinds[r.IntN(len(kinds))], State: states[r.IntN(len(states))]}
			switch r.IntN(10) {
			case 0:
				a.Draft = 2 // an older draft's
			case 1:
				a.PointID = 999 // a point the draft lacks
			}
			as = append(as, a)
		}
		cs := Collisions(d, as)
		got := CollidesWith(cs)
		for _, a := range as {
			for _, b := range as {
				want := collideBrute(d, a, b)
				if has := slices.Contains(got[a.ID], b.ID); has != want {
					t.Fatalf("round %d: amendments %+v and %+v on %+v: collide %v, want %v (collisions %+v)", round, a, b, d.Points, has, want, cs)
				}
			}
		}
		for _, c := range cs {
			if len(c.Amendments) < 2 || d.Point(c.Point) == nil {
				t.Fatalf("round %d: collision %+v names fewer than two amendments or no point of the draft", round, c)
			}
		}
	}
}

// TestCollisionsSamePointAndDeletion checks the two kinds on a small
// draft: two amendments to point 7, and the deletion of point 7 against an
// amendment to its sub-point 7.a.
func TestCollisionsSamePointAndDeletion(t *testing.T) {
	d := &Draft{Number: 4, Points: []Point{{ID: 1}, {ID: 7}, {ID: 8, Parent: 7}, {ID: 9}}}
	as := []Amendment{
		{ID: 10, Draft: 4, PointID: 7, Kind: AmendReplace, State: AmendmentProposed},
		{ID: 11, Draft: 4, PointID: 7, Kind: AmendDelete, State: AmendmentProposed},
		{ID: 12, Draft: 4, PointID: 8, Kind: AmendReplace, State: AmendmentTaken},
		{ID: 13, Draft: 4, PointID: 9, Kind: AmendReplace, State: AmendmentProposed},
		{ID: 14, Draft: 4, PointID: 9, Kind: AmendSplit, State: AmendmentWithdrawn},
	}
	got := Collisions(d, as)
	want := []Collision{
		{Kind: SamePoint, Point: 7, Amendments: []int64{10, 11}},
		{Kind: RemovesTarget, Point: 7, Amendments: []int64{11, 12}},
	}
	if !slices.EqualFunc(got, want, func(a, b Collision) bool {
		return a.Kind == b.Kind && a.Point == b.Point && slices.Equal(a.Amendments, b.Amendments)
	}) {
		t.Errorf("Collisions: got %+v, want %+v", got, want)
	}
}

// TestAmendmentInputValidate checks the refusals: an empty replacement, a
// deletion with text, a split into one part, an unknown kind.
func TestAmendmentInputValidate(t *testing.T) {
	for _, c := range []struct {
		in    AmendmentInput
		field string
	}{
		{AmendmentInput{Kind: AmendReplace, Text: "  \n"}, "text"},
		{AmendmentInput{Kind: AmendInsertAfter}, "text"},
		{AmendmentInput{Kind: AmendDelete, Text: "x"}, "text"},
		{AmendmentInput{Kind: AmendSplit, Text: "one part only"}, "text"},
		{AmendmentInput{Kind: "merge", Text: "x"}, "kind"},
		{AmendmentInput{Kind: AmendReplace, Text: "ok"}, ""},
		{AmendmentInput{Kind: AmendSplit, Text: "one\n\ntwo"}, ""},
		{AmendmentInput{Kind: AmendDelete}, ""},
	} {
		err := c.in.Validate()
		if ErrorField(err) != c.field || (c.field == "") != (err == nil) {
			t.Errorf("%+v: got %v, want an error on %q", c.in, err, c.field)
		}
	}
}
