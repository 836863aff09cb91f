package analysis

import (
	"context"
	"math"
	"math/big"
	"math/bits"
	"runtime"
	"slices"
	"sync"
)

// Point is one point of a Pareto frontier: a distinct utility vector, one
// package that reaches it and the number of packages that do.
type Point struct {
	// Utility holds each party's utility, in profile order.
	Utility []float64
	// Package holds one option index per issue.
	Package []int
	// Count is the number of packages whose utility vector is exactly
	// Utility. In ε mode it counts only the packages the pruning kept.
	Count *big.Int

	units []int64
}

// count is a package count: a uint64 until it overflows, then a big.Int.
type count struct {
	n uint64
	b *big.Int
}

func (c count) add(d count) count {
	if c.b == nil && d.b == nil {
		s, carry := bits.Add64(c.n, d.n, 0)
		if carry == 0 {
			return count{n: s}
		}
	}
	return count{b: new(big.Int).Add(c.big(), d.big())}
}

func (c count) big() *big.Int {
	if c.b != nil {
		return new(big.Int).Set(c.b)
	}
	return new(big.Int).SetUint64(c.n)
}

// layer is the set of non-dominated partial packages after some issues:
// point t has vector vec[t*k:(t+1)*k], package count cnt[t] and was reached
// from point parent[t] of the previous layer with option opt[t].
type layer struct {
	vec    []int64
	cnt    []count
	parent []int32
	opt    []int32
}

// Frontier returns the exact Pareto frontier: one point per distinct
// non-dominated utility vector, sorted by utility in decreasing
// lexicographic order (the first party's utility first). It returns ctx's
// error if ctx is done before it finishes; the frontier can be exponentially
// large.
func (m *Model) Frontier(ctx context.Context) ([]Point, error) {
	return m.frontier(ctx, 0)
}

// EpsilonFrontier returns an additive ε-Pareto set: mutually non-dominated
// packages such that for every package u there is a returned point p with
// p_i ≥ u_i − ε for every party i. A returned point need not be on the exact
// frontier, but nothing beats it by more than ε for every party.
//
// It prunes during the merge, at three merge steps spread evenly and
// ending with the last one: each pruning lays a grid of side δ = ε/3 over the
// utilities and keeps one partial package per occupied box, dropping boxes
// that another occupied box weakly dominates, so every dropped partial
// package q has a kept p with p_i > q_i − δ. Adding the same options to p
// and q keeps that gap, so the errors add up to at most 3δ = ε. Counts then
// cover only the kept packages. ε must be positive and finite.
func (m *Model) EpsilonFrontier(ctx context.Context, eps float64) ([]Point, error) {
	if !(eps > 0) || math.IsInf(eps, 0) {
		return nil, invalidf("epsilon %v is not a positive number", eps)
	}
	return m.frontier(ctx, eps)
}

func (m *Model) frontier(ctx context.Context, eps float64) ([]Point, error) {
	k := len(m.parties)
	n := len(m.space.Issues)
	cur := layer{
		vec:    make([]int64, k),
		cnt:    []count{{n: 1}},
		parent: []int32{-1},
		opt:    []int32{-1},
	}
	// In ε mode prune after every `every`-th issue counting back from the
	// last, spending ε evenly over those steps.
	every := max(1, (n+pruneSteps-1)/pruneSteps)
	delta := 0.0
	if n > 0 {
		delta = eps / float64((n+every-1)/every)
	}
	var mg merger
	mg.k = k
	mg.setOrder(m)
	for t := range n {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		next := mg.step(m, &cur, t)
		if eps > 0 && (n-1-t)%every == 0 {
			next = m.prune(next, delta)
		}
		mg.layers = append(mg.layers, layer{parent: next.parent, opt: next.opt})
		cur = next
	}
	pts := make([]Point, len(cur.cnt))
	for x := range pts {
		v := cur.vec[x*k : (x+1)*k : (x+1)*k]
		u := make([]float64, k)
		for p := range u {
			u[p] = m.toUtility(p, v[p])
		}
		pkg := make([]int, n)
		f := int32(x)
		for t := n - 1; t >= 0; t-- {
			pkg[mg.order[t]] = int(mg.layers[t].opt[f])
			f = mg.layers[t].parent[f]
		}
		pts[x] = Point{Utility: u, Package: pkg, Count: cur.cnt[x].big(), units: v}
	}
	return pts, nil
}

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
	mg.layers = make([]layer, 0, n)
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

// pruneSteps is the number of merge steps that prune in ε mode. Pruning at
// every step would split ε into slivers too thin to prune anything; three
// steps measured fastest on four parties, 28 issues × 4 options, and other
// splits (two to seven steps, uneven shares) were measured again with the
// k-d tree filter: none filtered more than 1.3 times fewer candidates.
const pruneSteps = 3

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
	q       kdQuery
	workers []*queryWorker
	// order[t] is the issue merge step t adds, at[i] the step that adds
	// issue i, natural whether order is the identity; layers holds the
	// steps done, pkgA and pkgB are scratch space for better.
	order      []int
	at         []int
	natural    bool
	layers     []layer
	pkgA, pkgB []int32
	live       []int // the options no other option of the issue dominates
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
	if mg.k >= 4 {
		return mg.stepTree(m, cur, t)
	}
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
	uniq := mg.dedup(mg.idx, f, t, cur.cnt)
	keep := mg.nondominated(uniq)
	return mg.output(keep, f)
}

// dedup merges the runs of equal vectors in idx (sorted candidates of step
// t, f partial packages whose counts are in cnt) into one candidate each,
// the better one (see better), and sets its count in mg.cnt to the sum of
// theirs. It returns the candidates kept, in idx's memory.
func (mg *merger) dedup(idx []int32, f, t int, cnt []count) []int32 {
	uniq := idx[:0]
	for _, c := range idx {
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
	out := layer{
		vec:    make([]int64, 0, len(keep)*k),
		cnt:    make([]count, len(keep)),
		parent: make([]int32, len(keep)),
		opt:    make([]int32, len(keep)),
	}
	for t, c := range keep {
		out.vec = append(out.vec, mg.v(c)...)
		out.cnt[t] = mg.cnt[c]
		out.parent[t] = c % int32(f)
		out.opt[t] = c / int32(f)
	}
	return out
}

// shiftOptions is the largest option count for which stepTree queries a
// tree over the partial packages once per other option rather than a tree
// over all candidates.
const shiftOptions = 8

// stepTree is step for four or more parties. Candidate s+o_j (partial
// package s, option j) is dominated iff some candidate s'+o_j' is at least
// as large everywhere and differs; j' ≠ j since cur is an antichain. With
// few options it asks a k-d tree over cur, once per other option j',
// whether some s' ≥ s+o_j−o_j' differs from it; with many it asks a tree
// over all candidates. Survivors keep their runs' order (one run per
// option, each sorted), so merging the runs sorts them.
func (mg *merger) stepTree(m *Model, cur *layer, t int) layer {
	k := mg.k
	i := mg.order[t]
	f := len(cur.cnt)
	nopt := len(m.space.Issues[i].Options)
	total := f * nopt
	mg.candidates(m, cur, i)
	mg.dead = slices.Grow(mg.dead[:0], total)[:total]
	clear(mg.dead)
	// An option dominated by another of the same issue kills its whole
	// run, and its candidates are never needed to dominate others.
	mg.live = mg.live[:0]
	for j := range nopt {
		if mg.optionDominated(j, nopt) {
			for s := range f {
				mg.dead[j*f+s] = true
			}
		} else {
			mg.live = append(mg.live, j)
		}
	}
	tr := &mg.tree
	shift := nopt <= shiftOptions
	n := f // queries per live option
	if shift {
		mg.idx = slices.Grow(mg.idx[:0], f)[:f]
		for s := range mg.idx {
			mg.idx[s] = int32(s)
		}
		tr.build(k, cur.vec, mg.idx)
	} else {
		mg.idx = mg.idx[:0]
		for _, j := range mg.live {
			for s := range f {
				mg.idx = append(mg.idx, int32(j*f+s))
			}
		}
		tr.build(k, mg.vec, mg.idx)
		n = len(mg.idx)
	}
	// The queries only read the tree and each marks its own candidate, so
	// big steps split the slots, which the tree keeps in spatial order,
	// between goroutines.
	queries := n
	if shift {
		queries *= len(mg.live)
	}
	workers := 1
	if queries >= parallelQueries {
		workers = min(runtime.GOMAXPROCS(0), maxWorkers)
	}
	for len(mg.workers) < workers {
		mg.workers = append(mg.workers, &queryWorker{})
	}
	var wg sync.WaitGroup
	for x := range workers {
		lo, hi := n*x/workers, n*(x+1)/workers
		wk := mg.workers[x]
		run := func() {
			if shift {
				mg.shiftQueries(wk, f, lo, hi)
			} else {
				mg.candidateQueries(wk, lo, hi)
			}
		}
		if x == workers-1 {
			run()
			continue
		}
		wg.Go(run)
	}
	wg.Wait()
	// Survivors, run by run, each run in lexicographic order.
	mg.idx = mg.idx[:0]
	mg.bounds = append(mg.bounds[:0], 0)
	for j := range nopt {
		for s := range f {
			if c := j*f + s; !mg.dead[c] {
				mg.idx = append(mg.idx, int32(c))
			}
		}
		mg.bounds = append(mg.bounds, len(mg.idx))
	}
	mg.mergeBounded()
	mg.cnt = slices.Grow(mg.cnt[:0], total)[:total]
	uniq := mg.dedup(mg.idx, f, t, cur.cnt)
	return mg.output(uniq, f)
}

// parallelQueries is the number of candidates from which a merge step
// spreads its dominance queries over several goroutines, at most
// maxWorkers. It is a variable so that tests can exercise the split.
var parallelQueries = 1 << 15

const maxWorkers = 8

// queryWorker is one goroutine's scratch space for dominance queries.
type queryWorker struct {
	q     kdQuery
	v, w  []int64
	cache [16]hintEntry // recent dominators, tried before the tree
	next  int
}

// hintEntry is a dominator found: partial package in tree slot slot with
// option j.
type hintEntry struct{ slot, j int }

// shiftQueries marks dead the candidates s+o_j, for the partial packages s
// in tree slots [lo, hi) and the live options j, that the tree shifted by
// another live option dominates.
func (mg *merger) shiftQueries(wk *queryWorker, f, lo, hi int) {
	k := mg.k
	tr := &mg.tree
	wk.v = slices.Grow(wk.v[:0], k)[:k]
	wk.w = slices.Grow(wk.w[:0], k)[:k]
	v, w := wk.v, wk.w
	for x := range wk.cache {
		wk.cache[x].slot = -1
	}
	hj := mg.live[0] // the option of the last dominator, tried first
	for _, j := range mg.live {
		o := mg.shift[j*k : (j+1)*k]
	slots:
		for slot := lo; slot < hi; slot++ {
			p := tr.pts[slot*k : (slot+1)*k]
			for c := range k {
				v[c] = p[c] + o[c]
			}
			c := j*f + int(tr.ids[slot])
			for _, h := range wk.cache {
				if h.slot >= 0 && h.j != j && mg.covers(tr.pts[h.slot*k:(h.slot+1)*k], h.j, v) {
					mg.dead[c] = true
					continue slots
				}
			}
			for x := -1; x < len(mg.live); x++ {
				jj := hj
				if x >= 0 {
					if jj = mg.live[x]; jj == hj {
						continue
					}
				}
				if jj == j {
					continue
				}
				oo := mg.shift[jj*k : (jj+1)*k]
				for c := range k {
					w[c] = v[c] - oo[c]
				}
				if d := tr.dominator(&wk.q, w, -1); d >= 0 {
					mg.dead[c] = true
					wk.cache[wk.next%len(wk.cache)] = hintEntry{d, jj}
					wk.next++
					hj = jj
					break
				}
			}
		}
	}
}

// candidateQueries marks dead the candidates in tree slots [lo, hi) that
// the tree over all candidates dominates.
func (mg *merger) candidateQueries(wk *queryWorker, lo, hi int) {
	k := mg.k
	tr := &mg.tree
	hint := -1
	for slot := lo; slot < hi; slot++ {
		if d := tr.dominator(&wk.q, tr.pts[slot*k:(slot+1)*k], hint); d >= 0 {
			mg.dead[tr.ids[slot]] = true
			hint = d
		}
	}
}

// covers reports whether partial package p with option j is at least as
// large as v everywhere and differs from it.
func (mg *merger) covers(p []int64, j int, v []int64) bool {
	k := mg.k
	o := mg.shift[j*k : (j+1)*k]
	eq := true
	for c := range k {
		x := p[c] + o[c]
		if x < v[c] {
			return false
		}
		if x != v[c] {
			eq = false
		}
	}
	return !eq
}

// optionDominated reports whether another of the nopt options in mg.shift
// is at least as large as option j for every party and differs from it.
func (mg *merger) optionDominated(j, nopt int) bool {
	k := mg.k
	o := mg.shift[j*k : (j+1)*k]
options:
	for jj := range nopt {
		oo := mg.shift[jj*k : (jj+1)*k]
		eq := true
		for c := range k {
			if oo[c] < o[c] {
				continue options
			}
			if oo[c] != o[c] {
				eq = false
			}
		}
		if !eq {
			return true
		}
	}
	return false
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
			mid, hi := b[r+1], b[r+2]
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
			nb = append(nb, hi)
		}
		b = nb
		src, dst = dst, src
	}
	if n > 0 && &src[0] != &mg.idx[0] {
		copy(mg.idx, src)
	}
}

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
			mid := min(lo+w, n)
			hi := min(lo+2*w, n)
			a, b, o := lo, mid, lo
			for a < mid && b < hi {
				if cmpVec(mg.v(src[b]), mg.v(src[a])) < 0 {
					dst[o] = src[b]
					b++
				} else {
					dst[o] = src[a]
					a++
				}
				o++
			}
			o += copy(dst[o:], src[a:mid])
			copy(dst[o:], src[b:hi])
		}
		src, dst = dst, src
	}
	if &src[0] != &mg.idx[0] {
		copy(mg.idx, src)
	}
}

// nondominated returns the members of idx (distinct vectors in decreasing
// lexicographic order) that no other member dominates, in the same order.
func (mg *merger) nondominated(idx []int32) []int32 {
	k := mg.k
	switch {
	case k == 1:
		return idx[:min(1, len(idx))]
	case k == 2:
		// A point survives if its second utility beats every earlier one.
		out := idx[:0]
		best := int64(math.MinInt64)
		for _, c := range idx {
			if y := mg.vec[int(c)*2+1]; y > best || len(out) == 0 {
				best = y
				out = append(out, c)
			}
		}
		return out
	case k == 3:
		return mg.sweep3(idx)
	}
	// A point is dominated iff the k-d tree over all of them holds a
	// point at least as large everywhere that differs from it.
	mg.dead = slices.Grow(mg.dead[:0], len(mg.vec)/k)[:len(mg.vec)/k]
	clear(mg.dead)
	tr := &mg.tree
	tr.build(k, mg.vec, idx)
	hint := -1
	for slot := range idx {
		if d := tr.dominator(&mg.q, tr.pts[slot*k:(slot+1)*k], hint); d >= 0 {
			mg.dead[tr.ids[slot]] = true
			hint = d
		}
	}
	out := idx[:0]
	for _, c := range idx {
		if !mg.dead[c] {
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

// prune thins a layer on a grid of side delta (in utility): it keeps one
// point per occupied box, the first in lexicographic order, and only in
// boxes that no other occupied box weakly dominates. A dropped point q has
// a kept point p in a box at least as high on every axis, so
// p_i > q_i − delta for every party i.
func (m *Model) prune(l layer, delta float64) layer {
	k := len(m.parties)
	side := make([]int64, k)
	for p := range side {
		side[p] = max(1, int64(math.Floor(delta*m.scale[p])))
	}
	n := len(l.cnt)
	bx := merger{k: k, vec: make([]int64, n*k), cnt: make([]count, n)}
	idx := make([]int32, n)
	for t := range n {
		for p := range k {
			bx.vec[t*k+p] = floorDiv(l.vec[t*k+p], side[p])
		}
		idx[t] = int32(t)
	}
	slices.SortStableFunc(idx, func(a, b int32) int { return cmpVec(bx.v(a), bx.v(b)) })
	uniq := idx[:0]
	for _, c := range idx {
		if len(uniq) > 0 && cmpVec(bx.v(uniq[len(uniq)-1]), bx.v(c)) == 0 {
			continue
		}
		uniq = append(uniq, c)
	}
	keep := bx.nondominated(uniq)
	slices.Sort(keep)
	out := layer{
		vec:    make([]int64, 0, len(keep)*k),
		cnt:    make([]count, len(keep)),
		parent: make([]int32, len(keep)),
		opt:    make([]int32, len(keep)),
	}
	for t, c := range keep {
		out.vec = append(out.vec, l.vec[int(c)*k:int(c+1)*k]...)
		out.cnt[t] = l.cnt[c]
		out.parent[t] = l.parent[c]
		out.opt[t] = l.opt[c]
	}
	return out
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
