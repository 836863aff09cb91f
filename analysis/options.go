package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// ErrTooLarge is wrapped by the error of an analysis whose frontier would
// need more memory than [Options.MemoryLimit] allows.
var ErrTooLarge = errors.New("frontier too large")

// DefaultMemoryLimit is the memory limit of an analysis whose
// [Options.MemoryLimit] is 0: 2 GiB.
const DefaultMemoryLimit = 2 << 30

// Options are the settings of [Model.AnalyzeWith].
type Options struct {
	// Epsilon, if positive, asks for an additive ε-Pareto set (see
	// [Model.EpsilonFrontier]) instead of the exact frontier.
	Epsilon float64
	// MaxPoints, if positive, bounds the frontier to that many points,
	// spread evenly, for scenarios whose frontier is too large to compute
	// or to read (many parties). The merge keeps its layers below
	// 4 × MaxPoints by pruning them on a grid as coarse as needed, and the
	// last layer is thinned to MaxPoints by farthest-point selection; the
	// coverage reached is reported in [Analysis.Coverage].
	MaxPoints int
	// MemoryLimit bounds, in bytes, the memory the frontier computation
	// may hold: its merge layers, the candidates of the next step and the
	// points it would return. The merge stops with an error wrapping
	// [ErrTooLarge] as soon as its estimate passes the limit, before the
	// machine runs out. 0 means [DefaultMemoryLimit]; negative means none.
	MemoryLimit int64
}

// AnalyzeWith is [Model.Analyze] with options: an ε-Pareto or a bounded
// frontier, and a memory limit.
func (m *Model) AnalyzeWith(ctx context.Context, o Options) (*Analysis, error) {
	if o.Epsilon < 0 || math.IsNaN(o.Epsilon) || math.IsInf(o.Epsilon, 0) {
		return nil, invalidf("epsilon %v is not a non-negative number", o.Epsilon)
	}
	if o.MaxPoints < 0 {
		return nil, invalidf("max points %d is negative", o.MaxPoints)
	}
	f, cov, err := m.frontier(ctx, o)
	if err != nil {
		return nil, err
	}
	a := m.analysis(f, o.Epsilon)
	a.Coverage = cov
	return a, nil
}

// bounder applies [Options.MaxPoints] and [Options.MemoryLimit] to the
// merge.
type bounder struct {
	m         *Model
	maxPoints int
	memLimit  int64
	// coverage is the utility the pruning and the final selection have
	// given up so far: every package's point has a returned point at most
	// this much lower for every party.
	coverage float64
}

func newBounder(m *Model, o Options) *bounder {
	b := &bounder{m: m, maxPoints: o.MaxPoints, memLimit: o.MemoryLimit}
	if b.memLimit == 0 {
		b.memLimit = DefaultMemoryLimit
	}
	return b
}

// layerCap is the size to which a bounded merge prunes its layers, in
// multiples of MaxPoints: more keeps more of the frontier before the final
// selection, at the cost of time.
const layerCap = 4

// limit prunes l, if the frontier is bounded and l has more than layerCap
// × MaxPoints points, on the finest grid (doubling from 1/1024) that
// brings it under that size, and adds the grid's side to the coverage.
func (b *bounder) limit(l layer) layer {
	if b.maxPoints <= 0 || len(l.cnt) <= layerCap*b.maxPoints {
		return l
	}
	for delta := 1.0 / 1024; ; delta *= 2 {
		p := b.m.prune(l, delta)
		if len(p.cnt) <= layerCap*b.maxPoints || delta >= 2 {
			b.coverage += delta
			return p
		}
	}
}

// spread thins the last layer l to MaxPoints points by farthest-point
// selection under d(q, p) = max over parties of (q − p)⁺, the most q
// beats p by for any party, starting from the first point, and adds the
// largest distance left from a point of l to the chosen ones to the
// coverage. The chosen points keep l's order.
func (b *bounder) spread(l layer) layer {
	n := len(l.cnt)
	if b.maxPoints <= 0 || n <= b.maxPoints {
		return l
	}
	k := len(b.m.parties)
	u := make([]float64, n*k)
	for t := range n {
		for p := range k {
			u[t*k+p] = b.m.toUtility(p, l.vec[t*k+p])
		}
	}
	dist := make([]float64, n)
	for t := range dist {
		dist[t] = math.Inf(1)
	}
	chosen := make([]bool, n)
	next := 0
	for range b.maxPoints {
		chosen[next] = true
		c := u[next*k : (next+1)*k]
		far := -1
		for t := range n {
			d := 0.0
			for p, x := range u[t*k : (t+1)*k] {
				d = math.Max(d, x-c[p])
			}
			dist[t] = math.Min(dist[t], d)
			if !chosen[t] && (far < 0 || dist[t] > dist[far]) {
				far = t
			}
		}
		next = far
	}
	b.coverage += dist[next]
	out := newLayer(b.maxPoints, k)
	i := 0
	for t := range n {
		if chosen[t] {
			out.vec = append(out.vec, l.vec[t*k:(t+1)*k]...)
			out.cnt[i], out.parent[i], out.opt[i] = l.cnt[t], l.parent[t], l.opt[t]
			i++
		}
	}
	return out
}

// check estimates the memory the merge holds after step t, which made
// layer next, and what the next step and the points would add, and
// returns an error wrapping ErrTooLarge if it passes the limit. The
// estimate is a lower bound: the records of the steps so far (their
// parents and options, packed or not), the layer (its vectors and counts), the candidates of the
// next step (vectors, counts, indices) and the points returned if the
// frontier stayed this size (a package of 1, 2 or 4 bytes per issue,
// utilities, counts).
func (b *bounder) check(mg *merger, next *layer, t int) error {
	if b.memLimit < 0 {
		return nil
	}
	m, k := b.m, int64(len(b.m.parties))
	n := int64(len(m.space.Issues))
	f := int64(len(next.cnt))
	nopt := int64(1)
	if t+1 < len(mg.order) {
		nopt = int64(len(m.space.Issues[mg.order[t+1]].Options))
	}
	layerBytes := f * (8*k + 16)
	candidates := f * nopt * (8*k + 16 + 8)
	points := f * (int64(width(m.space))*n + 16*k + 144)
	need := mg.recorded + layerBytes + candidates + points
	if need <= b.memLimit {
		return nil
	}
	return fmt.Errorf("analysis: %w: after %d of %d issues the frontier has %d points and the analysis would need at least %s, over the limit of %s; an ε-Pareto frontier (ε = 0.01 or larger) or a bounded one is smaller",
		ErrTooLarge, t+1, n, f, byteSize(need), byteSize(b.memLimit))
}

// byteSize writes a number of bytes for people: 1.5 GiB, 300 MiB.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", (n+1023)/1024)
}
