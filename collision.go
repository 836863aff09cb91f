package parley

import "slices"

// CollisionKind says why amendments collide.
type CollisionKind string

// The kinds of collisions.
const (
	// SamePoint: two or more amendments to one point.
	SamePoint CollisionKind = "same_point"
	// RemovesTarget: one amendment deletes a point another amends a
	// sub-point of.
	RemovesTarget CollisionKind = "removes_target"
)

// Collision is a set of active amendments to a draft that cannot all be
// taken as they stand. Point is the point they meet at: the point they
// all amend, or the point one of them deletes.
type Collision struct {
	Kind       CollisionKind `json:"kind"`
	Point      int64         `json:"point"`
	Amendments []int64       `json:"amendments"`
}

// Collisions returns the collisions among the active amendments of as to
// draft d, ordered by the points' order in d: for each point with two or
// more amendments to the same text (the source, or one language's), one
// SamePoint collision naming them all (in as's order); for each deletion
// of a point with amendments to its sub-points' source, one RemovesTarget
// collision naming the deletion first, then those. Amendments to points d
// lacks, and inactive ones, are left out; corrections to different
// languages' texts, or to a language's text and the source, do not
// collide (a correction changes its draft's translation, an amendment the
// next draft).
func Collisions(d *Draft, as []Amendment) []Collision {
	type text struct {
		point int64
		lang  string
	}
	byText := map[text][]int64{}
	var langs []string
	for _, a := range as {
		if a.Active() && a.Draft == d.Number && d.Point(a.PointID) != nil {
			byText[text{a.PointID, a.Language}] = append(byText[text{a.PointID, a.Language}], a.ID)
			if !slices.Contains(langs, a.Language) {
				langs = append(langs, a.Language)
			}
		}
	}
	parent := make(map[int64]int64, len(d.Points))
	for _, p := range d.Points {
		parent[p.ID] = p.Parent
	}
	var out []Collision
	for _, p := range d.Points {
		for _, lang := range langs {
			if ids := byText[text{p.ID, lang}]; len(ids) > 1 {
				out = append(out, Collision{Kind: SamePoint, Point: p.ID, Amendments: ids})
			}
		}
		for _, a := range as {
			if !a.Active() || a.Kind != AmendDelete || a.PointID != p.ID || a.Draft != d.Number {
				continue
			}
			var under []int64
			for _, b := range as {
				if b.Active() && !b.Correction() && b.Draft == d.Number && b.PointID != p.ID && descends(parent, b.PointID, p.ID) {
					under = append(under, b.ID)
				}
			}
			if len(under) > 0 {
				out = append(out, Collision{Kind: RemovesTarget, Point: p.ID, Amendments: slices.Concat([]int64{a.ID}, under)})
			}
		}
	}
	return out
}

// descends reports whether point id stands under point ancestor, given
// each point's parent.
func descends(parent map[int64]int64, id, ancestor int64) bool {
	for seen := 0; id != 0 && seen <= len(parent); seen++ {
		id = parent[id]
		if id == ancestor {
			return true
		}
	}
	return false
}

// CollidesWith returns, for each amendment named in cs, the other
// amendments it collides with.
func CollidesWith(cs []Collision) map[int64][]int64 {
	out := map[int64][]int64{}
	add := func(a, b int64) {
		if a != b && !slices.Contains(out[a], b) {
			out[a] = append(out[a], b)
		}
	}
	for _, c := range cs {
		if c.Kind == SamePoint {
			for _, a := range c.Amendments {
				for _, b := range c.Amendments {
					add(a, b)
				}
			}
			continue
		}
		for _, b := range c.Amendments[1:] {
			add(c.Amendments[0], b)
			add(b, c.Amendments[0])
		}
	}
	return out
}
