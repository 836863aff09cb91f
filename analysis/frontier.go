package analysis

import (
	"context"
	"fmt"
	"math/big"
	"math/bits"
)

// Point is one point of a Pareto frontier: a distinct utility vector, one
// package that reaches it and the number of packages that do.
type Point struct {
	// Utility holds each party's utility, in profile order.
	Utility []float64
	// Package holds one option index per issue.
	Package Package
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

// newLayer returns an empty layer with room for n points of k parties.
func newLayer(n, k int) layer {
	return layer{
		vec:    make([]int64, 0, n*k),
		cnt:    make([]count, n),
		parent: make([]int32, n),
		opt:    make([]int32, n),
	}
}

// Frontier returns the exact Pareto frontier: one point per distinct
// non-dominated utility vector, sorted by utility in decreasing
// lexicographic order (the first party's utility first). It returns ctx's
// error if ctx is done before it finishes; the frontier can be exponentially
// large.
func (m *Model) Frontier(ctx context.Context) ([]Point, error) {
	f, _, err := m.frontier(ctx, Options{})
	return f, err
}

// frontier merges the issues one at a time into a layer of non-dominated
// partial packages, pruning in ε mode (o.Epsilon > 0) or to bound the
// layers (o.MaxPoints > 0), and turns the last layer into points. It
// returns the coverage reached (see [Analysis.Coverage]), and an error
// wrapping [ErrTooLarge] as soon as the merge's memory would pass
// o.MemoryLimit.
func (m *Model) frontier(ctx context.Context, o Options) ([]Point, float64, error) {
	eps := o.Epsilon
	bound := newBounder(m, o)
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
			return nil, 0, fmt.Errorf("analysis: frontier stopped after %d of %d issues: %w", t, n, err)
		}
		next := mg.step(m, &cur, t)
		if eps > 0 && (n-1-t)%every == 0 {
			next = m.prune(next, delta)
		}
		next = bound.limit(next)
		if t == n-1 {
			next = bound.spread(next)
		}
		if err := bound.check(&mg, &next, t); err != nil {
			return nil, 0, err
		}
		mg.layers = append(mg.layers, layer{parent: next.parent, opt: next.opt})
		cur = next
	}
	cov := eps + bound.coverage
	return mg.points(m, &cur), cov, nil
}

// tracebackBlock is the number of points whose packages points traces
// back together: their cursors move through each layer of the merge in
// the same region, and their packages fit in the cache.
const tracebackBlock = 2048

// points turns the last layer into frontier points, tracing each one's
// package back through the layers of the merge, block by block of points
// and layer by layer.
func (mg *merger) points(m *Model, last *layer) []Point {
	k := mg.k
	n := len(mg.order)
	pts := make([]Point, len(last.cnt))
	arena := newPackageArena(m.space, len(pts))
	for x := range pts {
		v := last.vec[x*k : (x+1)*k : (x+1)*k]
		u := make([]float64, k)
		for p := range u {
			u[p] = m.toUtility(p, v[p])
		}
		pts[x] = Point{Utility: u, Package: arena.at(x), Count: last.cnt[x].big(), units: v}
	}
	cur := make([]int32, min(len(pts), tracebackBlock))
	for lo := 0; lo < len(pts); lo += tracebackBlock {
		block := pts[lo:min(lo+tracebackBlock, len(pts))]
		c := cur[:len(block)]
		for x := range c {
			c[x] = int32(lo + x)
		}
		for t := n - 1; t >= 0; t-- {
			ly, i := &mg.layers[t], mg.order[t]
			for x := range block {
				block[x].Package.set(i, int(ly.opt[c[x]]))
				c[x] = ly.parent[c[x]]
			}
		}
	}
	mg.layers = nil
	return pts
}
