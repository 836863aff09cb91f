package analysis

import (
	"slices"
)

// setOrder chooses the order in which the merge adds the issues: issues
// with more options first, since a step costs the size of the frontier so
// far times the issue's options. For four or more parties, among issues
// with as many options, the ones whose options differ least come first
// (the sum over the parties of the range of their contributions), so that
// the issues that spread the frontier most come last, when fewer steps
// remain to multiply it; with two or three parties that measured sometimes
// better and sometimes worse, so they keep their own order there. The
// order changes neither the frontier nor the package shown for each point
// (see better).
func (mg *merger) setOrder(m *Model) {
	n := len(m.space.Issues)
	spread := make([]float64, n)
	for i := range n {
		for p := range m.parties {
			u := m.units[p][i]
			spread[i] += float64(slices.Max(u)-slices.Min(u)) / m.scale[p]
		}
	}
	mg.order = make([]int, n)
	for i := range mg.order {
		mg.order[i] = i
	}
	slices.SortStableFunc(mg.order, func(a, b int) int {
		na, nb := len(m.space.Issues[a].Options), len(m.space.Issues[b].Options)
		switch {
		case na != nb:
			return nb - na
		case len(m.parties) < 4:
			return 0
		case spread[a] < spread[b]:
			return -1
		case spread[a] > spread[b]:
			return 1
		}
		return 0
	})
	mg.natural = true
	for t, i := range mg.order {
		if t != i {
			mg.natural = false
		}
	}
	mg.at = make([]int, n)
	for t, i := range mg.order {
		mg.at[i] = t
	}
	mg.layers = make([]record, 0, n)
	mg.pkgA = make([]int32, n)
	mg.pkgB = make([]int32, n)
}

// better reports whether candidate a should stand for the utility vector
// it shares with candidate b at merge step t, f partial packages. Frontier
// points show the package that comes first when packages are compared
// option by option from the last issue of the space to the first: the
// merge in the issues' own order keeps the first of equal candidates (the
// smaller option at the current step, ties being settled the same way at
// earlier steps), and in any other order the comparison is made here.
func (mg *merger) better(a, b int32, f, t int) bool {
	if mg.natural {
		return a < b
	}
	mg.partial(mg.pkgA, a, f, t)
	mg.partial(mg.pkgB, b, f, t)
	for i := len(mg.order) - 1; i >= 0; i-- {
		if u := mg.at[i]; u <= t && mg.pkgA[u] != mg.pkgB[u] {
			return mg.pkgA[u] < mg.pkgB[u]
		}
	}
	return false
}

// partial writes into pkg[u], for u ≤ t, the option candidate c of merge
// step t (f partial packages) chose at step u.
func (mg *merger) partial(pkg []int32, c int32, f, t int) {
	pkg[t] = c / int32(f)
	s := c % int32(f)
	for u := t - 1; u >= 0; u-- {
		pkg[u] = mg.layers[u].opt[s]
		s = mg.layers[u].parent[s]
	}
}

// merger holds scratch space reused across merge steps.
type merger struct {
	k       int
	vec     []int64
	cnt     []count
	idx     []int32
	buf     []int32
	dead    []bool
	shift   []int64 // the options' vectors, k per option
	bounds  []int
	tree    kdTree
	query   queryWorker // nondominated's, with four or more parties
	workers []*queryWorker
	// order[t] is the issue merge step t adds, at[i] the step that adds
	// issue i, natural whether order is the identity; layers holds the
	// records of the steps done (packed when natural, since better reads
	// them only otherwise), recorded the bytes they take; pkgA and pkgB
	// are scratch space for better.
	order      []int
	at         []int
	natural    bool
	layers     []record
	rec        recorder
	recorded   int64
	pkgA, pkgB []int32
	live       []int        // the options no other option of the issue dominates
	out2       layerBuilder // step2's output
	poll       poller
}

// cmpVec orders vectors by decreasing lexicographic order.
func cmpVec(a, b []int64) int {
	for t := range a {
		if a[t] != b[t] {
			if a[t] > b[t] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// step adds the issue of merge step t to the partial packages in cur and
// returns the non-dominated ones, in decreasing lexicographic order,
// duplicates merged.
func (mg *merger) step(m *Model, cur *layer, t int) layer {
	switch {
	case mg.k == 2 && len(m.space.Issues[mg.order[t]].Options) <= maxStep2Options:
		return mg.step2(m, cur, t)
	case mg.k >= 4:
		return mg.stepTree(m, cur, t)
	}
	return mg.stepSort(m, cur, t)
}

// maxStep2Options bounds the options of an issue step2 merges: it looks
// at every option's next candidate for each one it takes, which costs more
// than sorting with many options (an issue of a million options took
// hours).
const maxStep2Options = 16

// stepSort is step for one or three parties (and two, in the tests):
// write out every candidate, sort them, merge duplicates and filter.
func (mg *merger) stepSort(m *Model, cur *layer, t int) layer {
	i := mg.order[t]
	f := len(cur.cnt)
	nopt := len(m.space.Issues[i].Options)
	total := f * nopt
	mg.candidates(m, cur, i)
	mg.cnt = slices.Grow(mg.cnt[:0], total)[:total]
	mg.idx = slices.Grow(mg.idx[:0], total)[:total]
	for c := range total {
		mg.idx[c] = int32(c)
	}
	// Each option's run is sorted already (a shift keeps the order): merge
	// the runs pairwise, earlier runs first on ties.
	mg.mergeRuns(f)
	if mg.stopped() {
		return layer{}
	}
	uniq := mg.dedup(mg.idx, f, t, cur.cnt)
	keep := mg.nondominated(uniq)
	if mg.stopped() {
		return layer{}
	}
	return mg.output(keep, f)
}

// dedup merges the runs of equal vectors in idx (sorted candidates of step
// t, f partial packages whose counts are in cnt) into one candidate each,
// the better one (see better), and sets its count in mg.cnt to the sum of
// theirs. It returns the candidates kept, in idx's memory.
func (mg *merger) dedup(idx []int32, f, t int, cnt []count) []int32 {
	uniq := idx[:0]
	for _, c := range idx {
		if mg.stop() {
			return uniq
		}
		own := cnt[int(c)%f]
		if len(uniq) > 0 {
			last := uniq[len(uniq)-1]
			if cmpVec(mg.v(last), mg.v(c)) == 0 {
				sum := mg.cnt[last].add(own)
				if mg.better(c, last, f, t) {
					uniq[len(uniq)-1] = c
					last = c
				}
				mg.cnt[last] = sum
				continue
			}
		}
		mg.cnt[c] = own
		uniq = append(uniq, c)
	}
	return uniq
}

// candidates fills mg.vec with the candidates of issue i: candidate
// c = j*f + s extends partial package s of cur with option j.
func (mg *merger) candidates(m *Model, cur *layer, i int) {
	k := mg.k
	f := len(cur.cnt)
	nopt := len(m.space.Issues[i].Options)
	total := f * nopt
	mg.vec = slices.Grow(mg.vec[:0], total*k)[:total*k]
	mg.shift = slices.Grow(mg.shift[:0], nopt*k)[:nopt*k]
	for j := range nopt {
		o := mg.shift[j*k : (j+1)*k]
		for p := range k {
			o[p] = m.units[p][i][j]
		}
		if mg.stopAfter(f) {
			continue // the step's result is dropped: see stepSort
		}
		dst := mg.vec[j*f*k : (j+1)*f*k]
		for t, x := range cur.vec {
			dst[t] = x + o[t%k]
		}
	}
}

// output builds the next layer from keep, candidate indices in decreasing
// lexicographic order whose counts mg.cnt holds.
func (mg *merger) output(keep []int32, f int) layer {
	k := mg.k
	out := newLayer(len(keep), k)
	for t, c := range keep {
		out.vec = append(out.vec, mg.v(c)...)
		out.cnt[t] = mg.cnt[c]
		out.parent[t] = c % int32(f)
		out.opt[t] = c / int32(f)
	}
	return out
}

// mergeBounded sorts mg.idx, made of sorted runs mg.idx[bounds[r]:
// bounds[r+1]], by merging adjacent runs, earlier runs first on ties.
func (mg *merger) mergeBounded() {
	n := len(mg.idx)
	mg.buf = slices.Grow(mg.buf[:0], n)[:n]
	src, dst := mg.idx, mg.buf
	b := mg.bounds
	for len(b) > 2 {
		nb := b[:1]
		for r := 0; r+1 < len(b); r += 2 {
			lo := b[r]
			if r+2 >= len(b) {
				copy(dst[lo:b[r+1]], src[lo:b[r+1]])
				nb = append(nb, b[r+1])
				continue
			}
			hi := b[r+2]
			if mg.stopAfter(hi - lo) {
				return
			}
			mg.mergeTwo(dst, src, lo, b[r+1], hi)
			nb = append(nb, hi)
		}
		b = nb
		src, dst = dst, src
	}
	if n > 0 && &src[0] != &mg.idx[0] {
		copy(mg.idx, src)
	}
}

// mergeTwo merges the sorted runs src[lo:mid] and src[mid:hi] into
// dst[lo:hi], the first run's candidates first on ties.
func (mg *merger) mergeTwo(dst, src []int32, lo, mid, hi int) {
	a, c, o := lo, mid, lo
	for a < mid && c < hi {
		if cmpVec(mg.v(src[c]), mg.v(src[a])) < 0 {
			dst[o] = src[c]
			c++
		} else {
			dst[o] = src[a]
			a++
		}
		o++
	}
	o += copy(dst[o:], src[a:mid])
	copy(dst[o:], src[c:hi])
}

// v returns the vector of candidate c.
func (mg *merger) v(c int32) []int64 {
	k := int32(mg.k)
	return mg.vec[c*k : (c+1)*k : (c+1)*k]
}

// mergeRuns sorts mg.idx, made of sorted runs of length run, bottom-up.
func (mg *merger) mergeRuns(run int) {
	n := len(mg.idx)
	if run <= 0 || run >= n {
		return
	}
	mg.buf = slices.Grow(mg.buf[:0], n)[:n]
	src, dst := mg.idx, mg.buf
	for w := run; w < n; w *= 2 {
		for lo := 0; lo < n; lo += 2 * w {
			if mg.stopAfter(min(2*w, n-lo)) {
				return
			}
			mg.mergeTwo(dst, src, lo, min(lo+w, n), min(lo+2*w, n))
		}
		src, dst = dst, src
	}
	if &src[0] != &mg.idx[0] {
		copy(mg.idx, src)
	}
}
