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
	mg.poll.ctx = ctx
	mg.setOrder(m)
	for t := range n {
		if err := ctx.Err(); err != nil {
			return nil, 0, fmt.Errorf("analysis: frontier stopped after %d of %d issues: %w", t, n, err)
		}
		next := mg.step(m, &cur, t)
		if err := ctx.Err(); err != nil {
			return nil, 0, fmt.Errorf("analysis: frontier stopped at issue %d of %d: %w", t+1, n, err)
		}
		if eps > 0 && (n-1-t)%every == 0 {
			next = m.prune(next, delta)
		}
		next = bound.limit(next)
		if t == n-1 {
			next = bound.spread(next)
		}
		r := mg.rec.record(&next, len(m.space.Issues[mg.order[t]].Options), mg.natural)
		mg.layers = append(mg.layers, r)
		mg.recorded += r.size()
		if err := bound.check(&mg, &next, t); err != nil {
			return nil, 0, err
		}
		cur = next
	}
	cov := eps + bound.coverage
	return mg.points(m, &cur), cov, nil
}

// traceSteps is the number of merge steps whose options points traces
// back for every point before writing them into the packages: each
// step's record is unpacked once, and each package is written a row of
// traceSteps options at a time.
const traceSteps = 64

// points turns the last layer into frontier points, tracing each one's
// package back through the records of the merge.
func (mg *merger) points(m *Model, last *layer) []Point {
	k := mg.k
	n := len(mg.order)
	np := len(last.cnt)
	pts := make([]Point, np)
	arena := newPackageArena(m.space, np)
	utility := make([]float64, np*k)
	counts := bigCounts(last.cnt)
	for x := range pts {
		v := last.vec[x*k : (x+1)*k : (x+1)*k]
		u := utility[x*k : (x+1)*k : (x+1)*k]
		for p := range u {
			u[p] = m.toUtility(p, v[p])
		}
		pts[x] = Point{Utility: u, Package: arena.at(x), Count: &counts[x], units: v}
	}
	at := make([]int32, np) // each point's partial package in the step's layer
	for x := range at {
		at[x] = int32(x)
	}
	if arena.w == 1 {
		traceBack(mg, arena, at, make([]uint8, min(n, traceSteps)*np))
	} else {
		traceBack(mg, arena, at, make([]int32, min(n, traceSteps)*np))
	}
	mg.layers = nil
	return pts
}

// traceBack writes the packages of the points, whose partial packages
// in the last layer are at, into arena, traceSteps steps at a time: the
// options of those steps go into opts, a column per step, and then into
// each package's row.
func traceBack[T uint8 | int32](mg *merger, arena packageArena, at []int32, opts []T) {
	n, np := len(mg.order), len(at)
	var parent, opt []int32 // unpacked records
	for hi := n; hi > 0; hi -= traceSteps {
		lo := max(0, hi-traceSteps)
		for t := hi - 1; t >= lo; t-- {
			r := &mg.layers[t]
			p, o := mg.rec.unpack(r, parent, opt)
			if r.packed != nil {
				parent, opt = p, o
			}
			col := opts[(t-lo)*np : (t-lo+1)*np]
			for x, s := range at {
				col[x], at[x] = T(o[s]), p[s]
			}
		}
		fill(arena, opts, np, mg.order[lo:hi])
	}
}

// bigCounts returns the counts as big.Ints, all in one block and their
// digits in another, rather than two allocations per count.
func bigCounts(cnt []count) []big.Int {
	const words = 64 / bits.UintSize // per uint64
	out := make([]big.Int, len(cnt))
	digits := make([]big.Word, words*len(cnt))
	for x, c := range cnt {
		if c.b != nil {
			out[x].Set(c.b)
			continue
		}
		d := digits[x*words : (x+1)*words : (x+1)*words]
		for w := range d {
			d[w] = big.Word(c.n >> (w * bits.UintSize))
		}
		out[x].SetBits(d)
	}
	return out
}
