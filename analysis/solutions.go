package analysis

import (
	"context"
	"math"
	"math/big"
	"slices"
)

// Analysis is the full analysis of a scenario.
type Analysis struct {
	// Parties names the parties, in profile order.
	Parties []string
	// Outcomes is the number of packages in the space.
	Outcomes *big.Int
	// Epsilon is the ε of an ε-Pareto frontier, or 0 for the exact one.
	Epsilon float64
	// Coverage is what the frontier guarantees: for every package there is
	// a frontier point at most Coverage below it in utility for every
	// party. It is 0 for the exact frontier, ε for an ε-Pareto one, and
	// what the pruning and the final selection gave up for a bounded one
	// (see [Options.MaxPoints]).
	Coverage float64
	// Frontier is the Pareto frontier, see [Model.Frontier].
	Frontier []Point
	// ZOPA holds the indices in Frontier of the points that give every
	// party at least its reservation value: the zone of possible agreement
	// on the frontier. It is empty when no package does.
	ZOPA []int
	// The bargaining solutions over the zone of possible agreement; nil
	// when it is empty. See [Solve].
	Nash, KalaiSmorodinsky, Egalitarian, Utilitarian *Point
	// Contention holds one entry per issue, in issue order.
	Contention []Contention
	// Trades holds the mutually beneficial trades, best first.
	Trades []Trade
}

// Analyze computes the frontier (exact if eps is 0, else ε-Pareto), the zone
// of possible agreement, the bargaining solutions, the contention of every
// issue and the beneficial trades.
func (m *Model) Analyze(ctx context.Context, eps float64) (*Analysis, error) {
	var (
		f   []Point
		err error
	)
	if eps == 0 {
		f, err = m.Frontier(ctx)
	} else {
		f, err = m.EpsilonFrontier(ctx, eps)
	}
	if err != nil {
		return nil, err
	}
	return m.analysis(f, eps), nil
}

// analysis completes the analysis of frontier f, an ε-Pareto one if eps
// is positive.
func (m *Model) analysis(f []Point, eps float64) *Analysis {
	a := &Analysis{
		Parties:    m.Parties(),
		Outcomes:   m.space.Outcomes(),
		Epsilon:    eps,
		Coverage:   eps,
		Frontier:   f,
		ZOPA:       m.ZOPA(f),
		Contention: m.Contention(),
		Trades:     m.Trades(),
	}
	s := m.Solve(f)
	a.Nash, a.KalaiSmorodinsky, a.Egalitarian, a.Utilitarian = s.Nash, s.KalaiSmorodinsky, s.Egalitarian, s.Utilitarian
	return a
}

// ZOPA returns the indices of the points of f that give every party at
// least its reservation value, compared exactly.
func (m *Model) ZOPA(f []Point) []int {
	var z []int
	for t, pt := range f {
		if m.acceptable(pt.units) {
			z = append(z, t)
		}
	}
	return z
}

func (m *Model) acceptable(units []int64) bool {
	for p, u := range units {
		if u < m.reserve[p] {
			return false
		}
	}
	return true
}

// Solutions holds the bargaining solutions, each a frontier point or nil
// when the zone of possible agreement is empty.
type Solutions struct {
	// Nash maximises the product of the gains over the reservation values.
	Nash *Point
	// KalaiSmorodinsky maximises the smallest gain relative to the party's
	// ideal gain, the largest gain any point of the zone gives it: the
	// point closest to the line from the reservation point to the ideal
	// point. A party whose ideal gain is zero counts as fully satisfied.
	KalaiSmorodinsky *Point
	// Egalitarian maximises the smallest gain.
	Egalitarian *Point
	// Utilitarian maximises the sum of the utilities.
	Utilitarian *Point
}

// Solve computes the bargaining solutions over the points of the frontier
// f that lie in the zone of possible agreement. Each maximises its
// objective in float64; ties go to the larger sum of utilities and then to
// the earlier point of f. A point of the frontier that maximises an
// objective over the frontier maximises it over all packages of the zone,
// because all four objectives are monotone in every utility.
func (m *Model) Solve(f []Point) Solutions {
	z := m.ZOPA(f)
	if len(z) == 0 {
		return Solutions{}
	}
	k := len(m.parties)
	gain := func(pt *Point, p int) float64 { return math.Max(0, pt.Utility[p]-m.reservation[p]) }
	ideal := make([]float64, k)
	for _, t := range z {
		for p := range k {
			ideal[p] = math.Max(ideal[p], gain(&f[t], p))
		}
	}
	sum := func(pt *Point) float64 {
		s := 0.0
		for _, u := range pt.Utility {
			s += u
		}
		return s
	}
	best := func(obj func(pt *Point) float64) *Point {
		var bp *Point
		var bv, bs float64
		for _, t := range z {
			pt := &f[t]
			v, s := obj(pt), sum(pt)
			if bp == nil || v > bv || (v == bv && s > bs) {
				bp, bv, bs = pt, v, s
			}
		}
		return bp
	}
	return Solutions{
		Nash: best(func(pt *Point) float64 {
			prod := 1.0
			for p := range k {
				prod *= gain(pt, p)
			}
			return prod
		}),
		KalaiSmorodinsky: best(func(pt *Point) float64 {
			lo := math.Inf(1)
			for p := range k {
				r := 1.0
				if ideal[p] > 0 {
					r = gain(pt, p) / ideal[p]
				}
				lo = math.Min(lo, r)
			}
			return lo
		}),
		Egalitarian: best(func(pt *Point) float64 {
			lo := math.Inf(1)
			for p := range k {
				lo = math.Min(lo, gain(pt, p))
			}
			return lo
		}),
		Utilitarian: best(sum),
	}
}

// Contention describes how contested one issue is.
type Contention struct {
	// Issue is the issue's index in the space.
	Issue int
	// Preferred holds each party's preferred option (the first with the
	// largest evaluation).
	Preferred []int
	// Weights holds each party's normalised weight of the issue: how much
	// it cares.
	Weights []float64
	// Score is the mean, over ordered pairs of distinct parties (p, q), of
	// the utility p loses when the issue is settled on q's preferred option
	// rather than its own: weight_p × (1 − evaluation_p(preferred_q)). It
	// is 0 when every party prefers the same option (or cares nothing),
	// and at most the largest weight.
	Score float64
}

// Contention returns one [Contention] per issue, in issue order.
func (m *Model) Contention() []Contention {
	k := len(m.parties)
	out := make([]Contention, len(m.space.Issues))
	for i := range m.space.Issues {
		c := Contention{Issue: i, Preferred: make([]int, k), Weights: make([]float64, k)}
		for p := range k {
			c.Preferred[p] = m.preferred(p, i)
			c.Weights[p] = m.weights[p][i]
		}
		if k > 1 {
			s := 0.0
			for p := range k {
				for q := range k {
					if p != q {
						s += m.loss(p, q, i)
					}
				}
			}
			c.Score = s / float64(k*(k-1))
		}
		out[i] = c
	}
	return out
}

// preferred returns party p's first best option on issue i.
func (m *Model) preferred(p, i int) int {
	best := 0
	for j, u := range m.units[p][i] {
		if u > m.units[p][i][best] {
			best = j
		}
	}
	return best
}

// loss is what party p loses on issue i when it is settled on q's
// preferred option instead of p's.
func (m *Model) loss(p, q, i int) float64 {
	return m.weights[p][i] * (1 - m.evals[p][i][m.preferred(q, i)])
}

// Trade is a logroll between two parties over two issues: party A gets its
// preferred option on issue I and concedes issue J to party B's preferred
// option. Each gain is measured against the mirror trade (B gets I, A gets
// J): GainA = loss_A(I) − loss_A(J) and GainB = loss_B(J) − loss_B(I),
// where loss_X(i) is what X loses when issue i goes the other's way. A
// trade is beneficial when both gains are positive, that is when each party
// concedes the issue it cares less about (relative to what is at stake for
// it).
type Trade struct {
	A, B         int // parties
	I, J         int // issues: A takes I, B takes J
	GainA, GainB float64
}

// maxTradeIssues bounds the issue count for which Trades looks at all
// pairs of issues.
const maxTradeIssues = 300

// maxTrades bounds the number of trades returned.
const maxTrades = 100

// Trades returns up to 100 beneficial trades, sorted by the smaller of the
// two gains, largest first (ties: larger total gain, then lower indices),
// with A before B in profile order. It returns nil for more than 300
// issues.
func (m *Model) Trades() []Trade {
	k, n := len(m.parties), len(m.space.Issues)
	if n > maxTradeIssues {
		return nil
	}
	loss := make([][][]float64, k) // loss[p][q][i]
	for p := range k {
		loss[p] = make([][]float64, k)
		for q := range k {
			if p == q {
				continue
			}
			loss[p][q] = make([]float64, n)
			for i := range n {
				loss[p][q][i] = m.loss(p, q, i)
			}
		}
	}
	var out []Trade
	for a := range k {
		for b := a + 1; b < k; b++ {
			for i := range n {
				for j := range n {
					if i == j {
						continue
					}
					ga := loss[a][b][i] - loss[a][b][j]
					gb := loss[b][a][j] - loss[b][a][i]
					if ga > 1e-12 && gb > 1e-12 {
						out = append(out, Trade{A: a, B: b, I: i, J: j, GainA: ga, GainB: gb})
					}
				}
			}
		}
	}
	slices.SortFunc(out, func(x, y Trade) int {
		mx, my := math.Min(x.GainA, x.GainB), math.Min(y.GainA, y.GainB)
		switch {
		case mx > my:
			return -1
		case mx < my:
			return 1
		}
		sx, sy := x.GainA+x.GainB, y.GainA+y.GainB
		switch {
		case sx > sy:
			return -1
		case sx < sy:
			return 1
		}
		for _, d := range [...]int{x.A - y.A, x.B - y.B, x.I - y.I, x.J - y.J} {
			if d != 0 {
				return d
			}
		}
		return 0
	})
	if len(out) > maxTrades {
		out = out[:maxTrades:maxTrades]
	}
	return out
}
