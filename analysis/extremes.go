package analysis

import (
	"slices"
)

// Ranked is a package with one party's utility of it.
type Ranked struct {
	// Package holds one option index per issue.
	Package []int
	// Utility is the party's utility of the package.
	Utility float64
}

// Extremes returns the k packages party p ranks highest, best first, and
// the k it ranks lowest, worst first (fewer when the space has fewer
// packages), so that a party can check that its profile says what it
// means. Among packages of equal utility the ones kept are chosen in a
// fixed order. It merges issue by issue, keeping the k best (or worst)
// partial packages: a package among the k best has a prefix among the k
// best prefixes, since k better prefixes completed alike would beat it.
// It costs O(k·m·log(k·m)) per issue of m options.
func (m *Model) Extremes(p, k int) (best, worst []Ranked) {
	if k <= 0 {
		return []Ranked{}, []Ranked{}
	}
	return m.extreme(p, k, 1), m.extreme(p, k, -1)
}

// extreme keeps the k partial packages with the largest sign·units.
func (m *Model) extreme(p, k int, sign int64) []Ranked {
	type node struct {
		units  int64
		parent int32
		opt    int32
	}
	layers := [][]node{{{parent: -1, opt: -1}}}
	for i := range m.space.Issues {
		cur := layers[len(layers)-1]
		next := make([]node, 0, len(cur)*len(m.units[p][i]))
		for c, n := range cur {
			for j, u := range m.units[p][i] {
				next = append(next, node{units: n.units + u, parent: int32(c), opt: int32(j)})
			}
		}
		slices.SortStableFunc(next, func(a, b node) int {
			switch {
			case sign*a.units > sign*b.units:
				return -1
			case sign*a.units < sign*b.units:
				return 1
			}
			return 0
		})
		layers = append(layers, next[:min(k, len(next))])
	}
	last := layers[len(layers)-1]
	out := make([]Ranked, len(last))
	for x, n := range last {
		pkg := make([]int, len(m.space.Issues))
		f := int32(x)
		for t := len(layers) - 1; t >= 1; t-- {
			pkg[t-1] = int(layers[t][f].opt)
			f = layers[t][f].parent
		}
		out[x] = Ranked{Package: pkg, Utility: m.toUtility(p, n.units)}
	}
	return out
}
