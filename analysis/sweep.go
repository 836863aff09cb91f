package analysis

import (
	"math"
	"slices"
)

// nondominated returns the members of idx (distinct vectors in decreasing
// lexicographic order) that no other member dominates, in the same order.
func (mg *merger) nondominated(idx []int32) []int32 {
	k := mg.k
	switch {
	case k == 1:
		return idx[:min(1, len(idx))]
	case k == 2:
		return mg.sweep2(idx)
	case k == 3:
		return mg.sweep3(idx)
	}
	// A point is dominated iff the k-d tree over all of them holds a
	// point at least as large everywhere that differs from it.
	mg.dead = slices.Grow(mg.dead[:0], len(mg.vec)/k)[:len(mg.vec)/k]
	clear(mg.dead)
	mg.tree.build(k, mg.vec, idx)
	mg.candidateQueries(&mg.query, 0, len(idx))
	out := idx[:0]
	for _, c := range idx {
		if !mg.dead[c] {
			out = append(out, c)
		}
	}
	return out
}

// sweep2 filters two-party vectors: in lexicographic order a point
// survives iff its second utility beats every earlier one.
func (mg *merger) sweep2(idx []int32) []int32 {
	out := idx[:0]
	best := int64(math.MinInt64)
	for _, c := range idx {
		if y := mg.vec[int(c)*2+1]; y > best || len(out) == 0 {
			best = y
			out = append(out, c)
		}
	}
	return out
}

// sweep3 filters three-party vectors: in lexicographic order every earlier
// point has a first utility at least as large, so a point is dominated iff
// an earlier survivor is at least as good on the second and third
// utilities. A Fenwick tree over the ranks of the second utility answers
// "largest third utility among survivors with second utility ≥ y" in
// O(log n).
func (mg *merger) sweep3(idx []int32) []int32 {
	if len(idx) == 0 {
		return idx
	}
	ys := make([]int64, len(idx))
	for t, c := range idx {
		ys[t] = mg.vec[int(c)*3+1]
	}
	slices.Sort(ys)
	ys = slices.Compact(ys)
	// rank r = number of distinct values strictly greater, plus one: larger
	// second utilities get smaller ranks, and a prefix query covers all
	// values ≥ y.
	tree := make([]int64, len(ys)+1)
	for t := range tree {
		tree[t] = math.MinInt64
	}
	out := idx[:0]
	for _, c := range idx {
		if mg.stop() {
			return out
		}
		y, z := mg.vec[int(c)*3+1], mg.vec[int(c)*3+2]
		pos, _ := slices.BinarySearch(ys, y)
		r := len(ys) - pos
		best := int64(math.MinInt64)
		for q := r; q > 0; q -= q & -q {
			best = max(best, tree[q])
		}
		if best >= z {
			continue
		}
		out = append(out, c)
		for q := r; q < len(tree); q += q & -q {
			tree[q] = max(tree[q], z)
		}
	}
	return out
}
