package analysis

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
)

// ErrInvalid is wrapped by every error that reports invalid input.
var ErrInvalid = errors.New("invalid input")

// Issue is one point under negotiation with its discrete options. Integer
// and real ranges are discretised into options by the readers.
type Issue struct {
	Name    string
	Options []string
}

// Space is the issue space: a package (an outcome) chooses one option on
// every issue.
type Space struct {
	Issues []Issue
}

// Outcomes returns the number of packages in the space: the product of the
// issues' option counts. It is 1 for a space without issues.
func (s Space) Outcomes() *big.Int {
	n := big.NewInt(1)
	for _, is := range s.Issues {
		n.Mul(n, big.NewInt(int64(len(is.Options))))
	}
	return n
}

// IssueIndex returns the index of the issue with the given name, or -1.
func (s Space) IssueIndex(name string) int {
	for i, is := range s.Issues {
		if is.Name == name {
			return i
		}
	}
	return -1
}

// OptionIndex returns the index of the named option of issue i, or -1.
func (s Space) OptionIndex(i int, name string) int {
	for j, o := range s.Issues[i].Options {
		if o == name {
			return j
		}
	}
	return -1
}

// Profile is one party's linear additive preferences over a [Space].
type Profile struct {
	// Party names the party.
	Party string
	// Weights holds one non-negative weight per issue; they should sum to 1.
	Weights []float64
	// Evaluations holds, per issue, one non-negative evaluation per option.
	Evaluations [][]float64
	// Absolute marks issues whose evaluations are used as they are (they
	// must lie in [0, 1]) instead of being divided by the issue's largest
	// evaluation. It may be shorter than the issue list, or nil.
	Absolute []bool
	// Reservation is the utility the party gets without agreement.
	Reservation float64
	// ReservationPackage, if not nil, holds an option index per issue and
	// replaces Reservation by the utility of that package (GeniusWeb's
	// reservation bid).
	ReservationPackage []int
}

// Scenario is an issue space with one profile per party.
type Scenario struct {
	Name     string
	Space    Space
	Profiles []Profile
}

// fallbackShift is the number of fraction bits used when a party's exact
// common denominator is too large.
const fallbackShift = 56

// maxExactBits bounds the exact common denominator of a party.
const maxExactBits = 61

// Model is a scenario compiled for analysis: every party's per-issue
// contributions as integers on a common scale. A Model is immutable and safe
// for concurrent use.
type Model struct {
	space   Space
	parties []string
	// units[p][i][j] is party p's contribution of option j of issue i in
	// multiples of 1/scale[p].
	units [][][]int64
	scale []float64
	exact []bool
	// reserve[p] is the smallest unit count that meets party p's
	// reservation value; reservation[p] is the value itself.
	reserve     []int64
	reservation []float64
	weights     [][]float64 // normalised weights [p][i]
	evals       [][][]float64
}

// exactRat returns the shortest decimal that rounds to x, as a rational.
func exactRat(x float64) *big.Rat {
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(x, 'g', -1, 64))
	if !ok {
		panic("analysis: cannot convert " + strconv.FormatFloat(x, 'g', -1, 64))
	}
	return r
}

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}

// NewModel checks a scenario and compiles it. It returns warnings for what
// it corrected (weights that do not sum to 1 are normalised) and an error
// wrapping [ErrInvalid] for what it cannot use: no parties, a profile whose
// shape does not match the space, negative or non-finite weights or
// evaluations, an issue without options, or weights that are all zero. A
// discrete issue whose evaluations are all zero counts 0 for every option,
// as in GENIUS, with a warning.
func NewModel(sc Scenario) (*Model, []string, error) {
	var warnings []string
	sp := sc.Space
	if len(sc.Profiles) == 0 {
		return nil, nil, invalidf("no parties")
	}
	for _, is := range sp.Issues {
		if len(is.Options) == 0 {
			return nil, nil, invalidf("issue %q has no options", is.Name)
		}
		if len(is.Options) > math.MaxInt32 {
			return nil, nil, invalidf("issue %q has too many options", is.Name)
		}
	}
	m := &Model{space: sp}
	seen := map[string]bool{}
	for _, pr := range sc.Profiles {
		if seen[pr.Party] {
			return nil, nil, invalidf("party %q appears twice", pr.Party)
		}
		seen[pr.Party] = true
		if err := m.addParty(pr, &warnings); err != nil {
			return nil, nil, err
		}
	}
	return m, warnings, nil
}

// addParty compiles one party's profile and appends it to the model:
// exact rational contributions, a common denominator, integer units and
// the reservation in those units.
func (m *Model) addParty(pr Profile, warnings *[]string) error {
	sp := m.space
	n := len(sp.Issues)
	name := pr.Party
	if len(pr.Weights) != n {
		return invalidf("party %q: %d weights for %d issues", name, len(pr.Weights), n)
	}
	if len(pr.Evaluations) != n {
		return invalidf("party %q: evaluations for %d issues, want %d", name, len(pr.Evaluations), n)
	}
	wr, sum, err := exactWeights(sp, pr)
	if err != nil {
		return err
	}
	if s, _ := sum.Float64(); math.Abs(s-1) > 1e-6 {
		*warnings = append(*warnings, fmt.Sprintf("party %q: weights sum to %v, not 1; normalised", name, s))
	}
	wns := make([]*big.Rat, n)
	weights := make([]float64, n)
	for i := range sp.Issues {
		wns[i] = new(big.Rat).Quo(wr[i], sum)
		weights[i], _ = wns[i].Float64()
		if err := checkEvaluations(sp, pr, i, warnings); err != nil {
			return err
		}
	}
	units, evals, l, exact, ok := fastUnits(sp, pr, wns)
	if !ok {
		units, evals, l, exact = ratUnits(sp, pr, wns)
	}
	lr := new(big.Rat).SetInt(l)
	reserve, resv, err := m.reservationUnits(pr, units, lr)
	if err != nil {
		return err
	}
	lf, _ := lr.Float64()
	m.parties = append(m.parties, name)
	m.units = append(m.units, units)
	m.scale = append(m.scale, lf)
	m.exact = append(m.exact, exact)
	m.reserve = append(m.reserve, reserve)
	m.reservation = append(m.reservation, resv)
	m.weights = append(m.weights, weights)
	m.evals = append(m.evals, evals)
	return nil
}

// exactWeights checks a profile's weights and returns them as exact
// rationals with their sum, which is 1 for a space without issues.
func exactWeights(sp Space, pr Profile) ([]*big.Rat, *big.Rat, error) {
	sum := new(big.Rat)
	wr := make([]*big.Rat, len(pr.Weights))
	for i, w := range pr.Weights {
		if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			return nil, nil, invalidf("party %q: issue %q: weight %v is not a non-negative number", pr.Party, sp.Issues[i].Name, w)
		}
		wr[i] = exactRat(w)
		sum.Add(sum, wr[i])
	}
	if sum.Sign() == 0 {
		if len(sp.Issues) != 0 {
			return nil, nil, invalidf("party %q: all weights are zero", pr.Party)
		}
		sum.SetInt64(1)
	}
	return wr, sum, nil
}

// checkEvaluations checks a profile's evaluations of issue i: one per
// option, non-negative and finite, at most 1 if the issue is absolute. A
// relative issue whose evaluations are all zero counts 0, with a warning.
func checkEvaluations(sp Space, pr Profile, i int, warnings *[]string) error {
	name, is, ev := pr.Party, sp.Issues[i], pr.Evaluations[i]
	if len(ev) != len(is.Options) {
		return invalidf("party %q: issue %q: %d evaluations for %d options", name, is.Name, len(ev), len(is.Options))
	}
	abs := isAbsolute(pr, i)
	zero := true
	for j, e := range ev {
		if math.IsNaN(e) || math.IsInf(e, 0) || e < 0 {
			return invalidf("party %q: issue %q: option %q: evaluation %v is not a non-negative number", name, is.Name, is.Options[j], e)
		}
		if abs && e > 1 {
			return invalidf("party %q: issue %q: option %q: evaluation %v is above 1", name, is.Name, is.Options[j], e)
		}
		zero = zero && e == 0
	}
	if zero && !abs {
		// GENIUS's EvaluatorDiscrete evaluates such an issue to 0.
		*warnings = append(*warnings, fmt.Sprintf("party %q: issue %q: all evaluations are zero; the issue counts 0", name, is.Name))
	}
	return nil
}

func isAbsolute(pr Profile, i int) bool { return i < len(pr.Absolute) && pr.Absolute[i] }

// ratUnits compiles a checked profile with exact rationals: each option's
// contribution, its evaluation divided by the issue's largest (or by 1 if
// the issue is absolute or all zero) times the normalised weight wns[i],
// on the contributions' common denominator l (see commonDenominator). It
// returns the units, the normalised evaluations, l and whether l is exact.
func ratUnits(sp Space, pr Profile, wns []*big.Rat) ([][]int64, [][]float64, *big.Int, bool) {
	contrib := make([][]*big.Rat, len(sp.Issues))
	evals := make([][]float64, len(sp.Issues))
	for i := range sp.Issues {
		contrib[i], evals[i] = issueContributions(pr, i, wns[i])
	}
	l, exact := commonDenominator(contrib)
	return toUnits(contrib, new(big.Rat).SetInt(l)), evals, l, exact
}

// issueContributions returns each option's contribution to issue i, its
// normalised evaluation times the normalised weight wn, and the
// normalised evaluations themselves.
func issueContributions(pr Profile, i int, wn *big.Rat) ([]*big.Rat, []float64) {
	ev := pr.Evaluations[i]
	max := new(big.Rat)
	er := make([]*big.Rat, len(ev))
	for j, e := range ev {
		er[j] = exactRat(e)
		if er[j].Cmp(max) > 0 {
			max.Set(er[j])
		}
	}
	if isAbsolute(pr, i) || max.Sign() == 0 {
		max.SetInt64(1)
	}
	contrib := make([]*big.Rat, len(ev))
	evals := make([]float64, len(ev))
	for j := range ev {
		e := new(big.Rat).Quo(er[j], max)
		evals[j], _ = e.Float64()
		contrib[j] = e.Mul(e, wn)
	}
	return contrib, evals
}

// commonDenominator returns the least common denominator of the
// contributions and true, or 2^fallbackShift and false if that
// denominator reaches 2^maxExactBits.
func commonDenominator(contrib [][]*big.Rat) (*big.Int, bool) {
	l := big.NewInt(1)
	limit := new(big.Int).Lsh(big.NewInt(1), maxExactBits)
	g := new(big.Int)
	for _, row := range contrib {
		for _, c := range row {
			d := c.Denom()
			g.GCD(nil, nil, l, d)
			l.Mul(l, new(big.Int).Quo(d, g))
			if l.Cmp(limit) >= 0 {
				return l.Lsh(big.NewInt(1), fallbackShift), false
			}
		}
	}
	return l, true
}

// toUnits returns the contributions in multiples of 1/lr, rounded.
func toUnits(contrib [][]*big.Rat, lr *big.Rat) [][]int64 {
	units := make([][]int64, len(contrib))
	t := new(big.Rat)
	for i, row := range contrib {
		units[i] = make([]int64, len(row))
		for j, c := range row {
			t.Mul(c, lr)
			units[i][j] = roundRat(t)
		}
	}
	return units
}

// reservationUnits returns the smallest unit count (in multiples of 1/lr)
// that meets the party's reservation, and the reservation value: the
// utility of the reservation package if the profile has one, its
// reservation value otherwise.
func (m *Model) reservationUnits(pr Profile, units [][]int64, lr *big.Rat) (int64, float64, error) {
	if pr.ReservationPackage != nil {
		if err := m.checkPackage(pr.ReservationPackage); err != nil {
			return 0, 0, invalidf("party %q: reservation package: %v", pr.Party, err)
		}
		var reserve int64
		for i, j := range pr.ReservationPackage {
			reserve += units[i][j]
		}
		lf, _ := lr.Float64()
		return reserve, float64(reserve) / lf, nil
	}
	r := pr.Reservation
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return 0, 0, invalidf("party %q: reservation value %v is not a number", pr.Party, r)
	}
	// Smallest integer ≥ r·lr, clamped to half the int64 range.
	c := ceilRat(new(big.Rat).Mul(exactRat(r), lr))
	switch {
	case c.Cmp(big.NewInt(math.MaxInt64/2)) > 0:
		return math.MaxInt64 / 2, r, nil
	case c.Cmp(big.NewInt(math.MinInt64/2)) < 0:
		return math.MinInt64 / 2, r, nil
	}
	return c.Int64(), r, nil
}

// roundRat rounds a non-negative rational to the nearest integer, halves up.
func roundRat(r *big.Rat) int64 {
	n := new(big.Int).Mul(r.Num(), big.NewInt(2))
	n.Add(n, r.Denom())
	d := new(big.Int).Mul(r.Denom(), big.NewInt(2))
	return n.Div(n, d).Int64()
}

// ceilRat returns the smallest integer not below r.
func ceilRat(r *big.Rat) *big.Int {
	q, m := new(big.Int).DivMod(r.Num(), r.Denom(), new(big.Int))
	if m.Sign() != 0 {
		q.Add(q, big.NewInt(1))
	}
	return q
}

func (m *Model) checkPackage(pkg []int) error {
	if len(pkg) != len(m.space.Issues) {
		return fmt.Errorf("%d options for %d issues", len(pkg), len(m.space.Issues))
	}
	for i, j := range pkg {
		if j < 0 || j >= len(m.space.Issues[i].Options) {
			return fmt.Errorf("issue %q has no option %d", m.space.Issues[i].Name, j)
		}
	}
	return nil
}

// Space returns the model's issue space.
func (m *Model) Space() Space { return m.space }

// Parties returns the party names in profile order.
func (m *Model) Parties() []string { return append([]string(nil), m.parties...) }

// Reservation returns party p's reservation value.
func (m *Model) Reservation(p int) float64 { return m.reservation[p] }

// Weight returns party p's normalised weight of issue i.
func (m *Model) Weight(p, i int) float64 { return m.weights[p][i] }

// Evaluation returns party p's normalised evaluation, in [0, 1], of option
// j of issue i.
func (m *Model) Evaluation(p, i, j int) float64 { return m.evals[p][i][j] }

// Exact reports whether party p's utilities are exact rationals (see the
// package documentation) rather than rounded to multiples of 2^-56.
func (m *Model) Exact(p int) bool { return m.exact[p] }

// Utility returns every party's utility of a package, an option index per
// issue. It returns an error if the package does not fit the space.
func (m *Model) Utility(pkg []int) ([]float64, error) {
	if err := m.checkPackage(pkg); err != nil {
		return nil, invalidf("package: %v", err)
	}
	u := make([]float64, len(m.parties))
	for p := range m.parties {
		u[p] = m.toUtility(p, m.packageUnits(p, pkg))
	}
	return u, nil
}

func (m *Model) packageUnits(p int, pkg []int) int64 {
	var s int64
	for i, j := range pkg {
		s += m.units[p][i][j]
	}
	return s
}

func (m *Model) toUtility(p int, units int64) float64 {
	return float64(units) / m.scale[p]
}
