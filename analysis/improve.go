package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// Improving on an agreement (a post-settlement settlement, after Raiffa):
// given a baseline package the parties agreed on, or any package they
// name, [Model.Improve] lists the packages that leave every party at least
// as well off, the one that raises the smallest gain most first.

// ErrImproveTooLarge is wrapped by the error [Model.Improve] returns when
// an exact search would visit more partial packages than its bound; the
// ε mode answers such spaces.
var ErrImproveTooLarge = errors.New("too many packages to search exactly")

// DefaultImproveVisits bounds the partial packages an exact search of
// [Model.Improve] visits when [ImproveOptions.MaxVisits] is 0.
const DefaultImproveVisits = 20_000_000

// ImproveOptions tune [Model.Improve].
type ImproveOptions struct {
	// Limit caps the packages listed, best first; 0 lists them all.
	Limit int
	// Epsilon, when positive, switches to the ε mode: the candidates are
	// the points of the ε-Pareto set ([Model.EpsilonFrontier]) instead of
	// every package.
	Epsilon float64
	// MaxVisits bounds an exact search; 0 means DefaultImproveVisits.
	MaxVisits int64
}

// Improvement is a package that leaves every party at least as well off
// as the baseline.
type Improvement struct {
	// Package holds one option index per issue.
	Package []int
	// Utility and Gain hold each party's utility of the package and its
	// gain over the baseline (never negative), in profile order.
	Utility []float64
	Gain    []float64
	// MinGain is the smallest of the gains.
	MinGain float64

	gain []int64 // the gains in each party's units
}

// Improvements is the answer of [Model.Improve].
type Improvements struct {
	// Baseline is the baseline package and BaselineUtility each party's
	// utility of it.
	Baseline        []int
	BaselineUtility []float64
	// List holds the improvements, best first: the largest smallest gain
	// first, then the largest sum of the gains, then the package that
	// comes first option by option from the first issue.
	List []Improvement
	// Total is the number of improvements, of which List holds the first
	// Limit: in exact mode every package other than the baseline that
	// weakly dominates it; in ε mode the dominating points of the ε-Pareto
	// set.
	Total int64
	// Epsilon is the ε of the ε mode, 0 for an exact answer.
	Epsilon float64
}

// Improve lists the packages other than baseline that give every party a
// utility at least its utility of baseline (the packages that weakly
// dominate it), best first: the package that maximises the smallest gain
// over the baseline comes first. Gains are compared exactly, in each
// party's units (see the package documentation).
//
// In exact mode the list is complete (up to Limit): a depth-first search
// over the issues that drops a partial package as soon as some party can
// no longer reach its baseline utility, even with its best options on the
// issues left. The search visits at most MaxVisits partial packages and
// otherwise fails with an error wrapping [ErrImproveTooLarge].
//
// In ε mode the candidates are the points of the ε-Pareto set: the list
// holds those that weakly dominate the baseline, all of them efficient up
// to ε. If the best package raises every party's utility by g ≥ ε, the
// first listed raises every party's by at least g − ε; an empty list
// means no package gains ε or more for everyone.
//
// It returns an error wrapping [ErrInvalid] if baseline does not fit the
// space, or ctx's error if ctx is done first.
func (m *Model) Improve(ctx context.Context, baseline []int, opt ImproveOptions) (*Improvements, error) {
	if err := m.checkPackage(baseline); err != nil {
		return nil, invalidf("baseline: %v", err)
	}
	if opt.Limit < 0 {
		return nil, invalidf("limit %d is negative", opt.Limit)
	}
	if math.IsNaN(opt.Epsilon) || math.IsInf(opt.Epsilon, 0) || opt.Epsilon < 0 {
		return nil, invalidf("epsilon %v is not a non-negative number", opt.Epsilon)
	}
	base := make([]int64, len(m.parties))
	res := &Improvements{Baseline: slices.Clone(baseline), BaselineUtility: make([]float64, len(m.parties)), Epsilon: opt.Epsilon}
	for p := range m.parties {
		base[p] = m.packageUnits(p, baseline)
		res.BaselineUtility[p] = m.toUtility(p, base[p])
	}
	c := collector{m: m, base: base, baseline: baseline, limit: opt.Limit}
	if opt.Epsilon > 0 {
		pts, err := m.EpsilonFrontier(ctx, opt.Epsilon)
		if err != nil {
			return nil, err
		}
		for i := range pts {
			if weaklyAbove(pts[i].units, base) {
				c.add(pts[i].Package.Ints(), pts[i].units)
			}
		}
	} else if err := m.searchImprovements(ctx, &c, opt.MaxVisits); err != nil {
		return nil, err
	}
	res.List, res.Total = c.finish(), c.total
	return res, nil
}

// weaklyAbove reports whether v is at least base for every party.
func weaklyAbove(v, base []int64) bool {
	for p := range v {
		if v[p] < base[p] {
			return false
		}
	}
	return true
}

// searchImprovements walks the packages depth first, issue by issue,
// keeping only partial packages from which every party can still reach its
// baseline, and hands each complete one to c.
func (m *Model) searchImprovements(ctx context.Context, c *collector, maxVisits int64) error {
	if maxVisits <= 0 {
		maxVisits = DefaultImproveVisits
	}
	k, n := len(m.parties), len(m.space.Issues)
	// best[i*k+p] is the most party p can still add with issues i….
	best := make([]int64, (n+1)*k)
	for i := n - 1; i >= 0; i-- {
		for p := range k {
			best[i*k+p] = best[(i+1)*k+p] + slices.Max(m.units[p][i])
		}
	}
	pkg := make([]int, n)
	acc := make([]int64, (n+1)*k) // acc[i*k+p]: party p's units of pkg[:i]
	var visits int64
	var walk func(i int) error
	walk = func(i int) error {
		if i == n {
			c.add(pkg, acc[n*k:])
			return nil
		}
		for j := range m.space.Issues[i].Options {
			if visits++; visits > maxVisits {
				return fmt.Errorf("%w: more than %d partial packages searched; use an ε", ErrImproveTooLarge, maxVisits)
			}
			if visits%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return fmt.Errorf("analysis: improving stopped: %w", err)
				}
			}
			ok := true
			for p := range k {
				v := acc[i*k+p] + m.units[p][i][j]
				acc[(i+1)*k+p] = v
				ok = ok && v+best[(i+1)*k+p] >= c.base[p]
			}
			if ok {
				pkg[i] = j
				if err := walk(i + 1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(0)
}

// collector gathers improvements and keeps the best limit of them (all
// with limit 0). Once it has kept limit of them, a candidate no better than
// the worst it kept is counted and dropped without being copied.
type collector struct {
	m        *Model
	base     []int64
	baseline []int
	limit    int
	total    int64
	list     []Improvement
	// worst is the last of the list as the latest trim left it: nothing
	// worse can be among the best limit.
	worst *Improvement
	cand  Improvement
}

// add counts the package pkg with units v, unless it is the baseline.
func (c *collector) add(pkg []int, v []int64) {
	if slices.Equal(pkg, c.baseline) {
		return
	}
	c.total++
	k := len(c.base)
	if c.cand.gain == nil {
		c.cand = Improvement{Utility: make([]float64, k), Gain: make([]float64, k), gain: make([]int64, k)}
	}
	im := &c.cand
	im.Package = pkg
	for p := range k {
		im.gain[p] = v[p] - c.base[p]
		im.Utility[p] = c.m.toUtility(p, v[p])
		im.Gain[p] = c.m.toUtility(p, im.gain[p])
	}
	im.MinGain = im.Gain[c.m.minGainParty(im.gain)]
	if c.worst != nil && c.m.compareImprovements(*im, *c.worst) >= 0 {
		return
	}
	c.list = append(c.list, Improvement{Package: slices.Clone(pkg), Utility: slices.Clone(im.Utility), Gain: slices.Clone(im.Gain),
		MinGain: im.MinGain, gain: slices.Clone(im.gain)})
	if c.limit > 0 && len(c.list) >= 2*c.limit+64 {
		c.trim()
	}
}

// trim sorts the list best first and keeps the best limit.
func (c *collector) trim() {
	slices.SortFunc(c.list, c.m.compareImprovements)
	if c.limit > 0 && len(c.list) >= c.limit {
		clear(c.list[c.limit:])
		c.list = c.list[:c.limit]
		w := c.list[c.limit-1]
		c.worst = &w
	}
}

func (c *collector) finish() []Improvement {
	c.trim()
	if c.list == nil {
		return []Improvement{}
	}
	return c.list
}

// compareImprovements orders improvements best first: the larger smallest
// gain, then the larger sum of gains, then the package that comes first.
func (m *Model) compareImprovements(a, b Improvement) int {
	pa, pb := m.minGainParty(a.gain), m.minGainParty(b.gain)
	if c := m.cmpGain(pb, b.gain[pb], pa, a.gain[pa]); c != 0 {
		return c
	}
	sa, sb := sumFloat(a.Gain), sumFloat(b.Gain)
	switch {
	case sa > sb:
		return -1
	case sa < sb:
		return 1
	}
	return slices.Compare(a.Package, b.Package)
}

// minGainParty returns the party whose gain (in its units) is the
// smallest utility, the first of equal ones.
func (m *Model) minGainParty(gain []int64) int {
	low := 0
	for p := 1; p < len(gain); p++ {
		if m.cmpGain(p, gain[p], low, gain[low]) < 0 {
			low = p
		}
	}
	return low
}

// cmpGain compares party p's gain of a units with party q's of b units,
// both non-negative, as utilities: a/scale[p] against b/scale[q], exactly
// (each scale is an integer: a common denominator or a power of two).
func (m *Model) cmpGain(p int, a int64, q int, b int64) int {
	sp, sq := uint64(m.scale[p]), uint64(m.scale[q])
	h1, l1 := bits.Mul64(uint64(a), sq)
	h2, l2 := bits.Mul64(uint64(b), sp)
	switch {
	case h1 != h2:
		if h1 < h2 {
			return -1
		}
		return 1
	case l1 != l2:
		if l1 < l2 {
			return -1
		}
		return 1
	}
	return 0
}

func sumFloat(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// Gain returns party p's gain from package from to package to: its
// utility of to minus its utility of from, computed exactly in its units
// and rounded once. It returns an error wrapping [ErrInvalid] if a package
// does not fit the space.
func (m *Model) Gain(p int, from, to []int) (float64, error) {
	if err := m.checkPackage(from); err != nil {
		return 0, invalidf("package: %v", err)
	}
	if err := m.checkPackage(to); err != nil {
		return 0, invalidf("package: %v", err)
	}
	return m.toUtility(p, m.packageUnits(p, to)-m.packageUnits(p, from)), nil
}
