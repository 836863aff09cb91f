package analysis

import (
	"runtime"
	"slices"
	"sync"
)

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
	i := mg.order[t]
	f := len(cur.cnt)
	nopt := len(m.space.Issues[i].Options)
	total := f * nopt
	mg.candidates(m, cur, i)
	mg.dead = slices.Grow(mg.dead[:0], total)[:total]
	clear(mg.dead)
	mg.dropDominatedOptions(f, nopt)
	if mg.stopped() {
		return layer{}
	}
	shift := nopt <= shiftOptions
	n := mg.buildQueryTree(cur, f, shift)
	mg.runQueries(f, n, shift)
	if mg.stopped() {
		return layer{}
	}
	mg.survivors(f, nopt)
	mg.mergeBounded()
	if mg.stopped() {
		return layer{}
	}
	mg.cnt = slices.Grow(mg.cnt[:0], total)[:total]
	uniq := mg.dedup(mg.idx, f, t, cur.cnt)
	if mg.stopped() {
		return layer{}
	}
	return mg.output(uniq, f)
}

// dropDominatedOptions marks dead the whole run of every option (of nopt,
// f candidates each) that another option of the same issue dominates: its
// candidates are never needed to dominate others either. It lists the
// other options in mg.live.
func (mg *merger) dropDominatedOptions(f, nopt int) {
	mg.live = mg.live[:0]
	for j := range nopt {
		if mg.stopAfter(nopt) {
			return
		}
		if mg.optionDominated(j, nopt) {
			for s := range f {
				mg.dead[j*f+s] = true
			}
		} else {
			mg.live = append(mg.live, j)
		}
	}
}

// buildQueryTree builds mg.tree over the f partial packages of cur if
// shift is set, over the candidates of the live options otherwise, and
// returns the number of tree slots (the queries per live option when
// shift is set).
func (mg *merger) buildQueryTree(cur *layer, f int, shift bool) int {
	if shift {
		mg.idx = slices.Grow(mg.idx[:0], f)[:f]
		for s := range mg.idx {
			mg.idx[s] = int32(s)
		}
		mg.tree.build(mg.k, cur.vec, mg.idx)
		return f
	}
	mg.idx = mg.idx[:0]
	for _, j := range mg.live {
		for s := range f {
			mg.idx = append(mg.idx, int32(j*f+s))
		}
	}
	mg.tree.build(mg.k, mg.vec, mg.idx)
	return len(mg.idx)
}

// runQueries marks dead the dominated candidates by querying the n slots
// of mg.tree, shifted by each live option if shift is set (f partial
// packages). The queries only read the tree and each marks its own
// candidate, so big steps split the slots, which the tree keeps in
// spatial order, between goroutines.
func (mg *merger) runQueries(f, n int, shift bool) {
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
}

// survivors lists in mg.idx the candidates not dead, run by run (nopt
// runs of f), each run in lexicographic order, with the runs' bounds in
// mg.bounds.
func (mg *merger) survivors(f, nopt int) {
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
			if slot%queryPoll == 0 && mg.poll.cancelled() {
				return
			}
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
		if slot%queryPoll == 0 && mg.poll.cancelled() {
			return
		}
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
