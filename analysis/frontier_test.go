package analysis

import (
	"context"
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func mustModel(tb testing.TB, sc Scenario) *Model {
	tb.Helper()
	m, _, err := NewModel(sc)
	if err != nil {
		tb.Fatalf("NewModel: %v", err)
	}
	return m
}

func mustFrontier(tb testing.TB, m *Model) []Point {
	tb.Helper()
	f, err := m.Frontier(context.Background())
	if err != nil {
		tb.Fatalf("Frontier: %v", err)
	}
	return f
}

// checkFrontier compares f with the brute-force frontier of m: the same
// utility vectors with the same counts, and packages that reach them.
func checkFrontier(tb testing.TB, m *Model, f []Point) {
	tb.Helper()
	want := bruteFrontier(m)
	got := map[string]*big.Int{}
	for _, pt := range f {
		key := vecKey(pt.units)
		if _, dup := got[key]; dup {
			tb.Fatalf("frontier point %v appears twice", pt.Utility)
		}
		got[key] = pt.Count
		u, err := m.Utility(pt.Package.Ints())
		if err != nil {
			tb.Fatalf("Utility(%v): %v", pt.Package, err)
		}
		if !slices.Equal(u, pt.Utility) {
			tb.Fatalf("package %v: got utility %v, want %v", pt.Package, u, pt.Utility)
		}
	}
	if len(got) != len(want) {
		tb.Fatalf("got %d frontier points, want %d", len(got), len(want))
	}
	for key, c := range want {
		g, ok := got[key]
		if !ok {
			tb.Fatalf("frontier lacks %s", key)
		}
		if g.Cmp(c) != 0 {
			tb.Fatalf("point %s: got count %v, want %v", key, g, c)
		}
	}
	for t := 1; t < len(f); t++ {
		if cmpVec(f[t-1].units, f[t].units) >= 0 {
			tb.Fatalf("frontier not in decreasing lexicographic order at %d", t)
		}
	}
}

// checkSolutions compares the solutions over f with the best objective
// values over all packages of the zone of possible agreement.
func checkSolutions(tb testing.TB, m *Model, f []Point) {
	tb.Helper()
	s := m.Solve(f)
	k := len(m.parties)
	var zone [][]float64
	m.enumerate(func(v []int64) {
		if !m.acceptable(v) {
			return
		}
		u := make([]float64, k)
		for p := range u {
			u[p] = m.toUtility(p, v[p])
		}
		zone = append(zone, u)
	})
	if len(zone) == 0 {
		if s.Nash != nil || s.KalaiSmorodinsky != nil || s.Egalitarian != nil || s.Utilitarian != nil {
			tb.Fatalf("got solutions %+v, want none (empty ZOPA)", s)
		}
		if z := m.ZOPA(f); len(z) != 0 {
			tb.Fatalf("got ZOPA of %d points, want none", len(z))
		}
		return
	}
	gain := func(u []float64, p int) float64 { return math.Max(0, u[p]-m.reservation[p]) }
	ideal := make([]float64, k)
	for _, u := range zone {
		for p := range k {
			ideal[p] = math.Max(ideal[p], gain(u, p))
		}
	}
	objs := map[string]func(u []float64) float64{
		"nash": func(u []float64) float64 {
			x := 1.0
			for p := range k {
				x *= gain(u, p)
			}
			return x
		},
		"ks": func(u []float64) float64 {
			lo := math.Inf(1)
			for p := range k {
				r := 1.0
				if ideal[p] > 0 {
					r = gain(u, p) / ideal[p]
				}
				lo = math.Min(lo, r)
			}
			return lo
		},
		"egalitarian": func(u []float64) float64 {
			lo := math.Inf(1)
			for p := range k {
				lo = math.Min(lo, gain(u, p))
			}
			return lo
		},
		"utilitarian": func(u []float64) float64 {
			x := 0.0
			for _, v := range u {
				x += v
			}
			return x
		},
	}
	sols := map[string]*Point{"nash": s.Nash, "ks": s.KalaiSmorodinsky, "egalitarian": s.Egalitarian, "utilitarian": s.Utilitarian}
	for name, obj := range objs {
		best := math.Inf(-1)
		for _, u := range zone {
			best = math.Max(best, obj(u))
		}
		sol := sols[name]
		if sol == nil {
			tb.Fatalf("%s: got nil, want a solution", name)
		}
		if got := obj(sol.Utility); math.Abs(got-best) > 1e-12 {
			tb.Fatalf("%s: got objective %v at %v, want %v", name, got, sol.Utility, best)
		}
		if !m.acceptable(sol.units) {
			tb.Fatalf("%s: solution %v is outside the ZOPA", name, sol.Utility)
		}
	}
}

func TestFrontierMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	runs := 400
	if testing.Short() {
		runs = 100
	}
	for r := range runs {
		parties := 2 + r%4
		issues := 1 + rng.IntN(6)
		ties := r%3 != 2
		sc := randomScenario(rng, parties, issues, 4, ties)
		m := mustModel(t, sc)
		f := mustFrontier(t, m)
		checkFrontier(t, m, f)
		checkSolutions(t, m, f)
		if t.Failed() {
			t.Fatalf("run %d: %d parties, %d issues, ties %v", r, parties, issues, ties)
		}
	}
}

// TestFrontierManyOptions covers the merge steps with more than
// shiftOptions options, which query a tree over all candidates rather than
// one over the partial packages, for four to six parties.
func TestFrontierManyOptions(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	runs := 120
	if testing.Short() {
		runs = 30
	}
	for r := range runs {
		parties := 4 + r%3
		ties := r%3 != 2
		sc := randomScenario(rng, parties, 1+rng.IntN(3), 3*shiftOptions, ties)
		m := mustModel(t, sc)
		f := mustFrontier(t, m)
		checkFrontier(t, m, f)
		checkSolutions(t, m, f)
		if t.Failed() {
			t.Fatalf("run %d: %d parties, ties %v", r, parties, ties)
		}
	}
}

// TestFrontierParallel runs the brute-force comparison with every merge
// step's queries split between goroutines, however small.
func TestFrontierParallel(t *testing.T) {
	defer func(n int) { parallelQueries = n }(parallelQueries)
	parallelQueries = 0
	rng := rand.New(rand.NewPCG(13, 14))
	for r := range 60 {
		parties := 4 + r%2
		issues, options := 1+rng.IntN(5), 4
		if r%3 == 2 {
			issues, options = 1+rng.IntN(3), 3*shiftOptions
		}
		sc := randomScenario(rng, parties, issues, options, r%2 == 0)
		m := mustModel(t, sc)
		f := mustFrontier(t, m)
		checkFrontier(t, m, f)
		if t.Failed() {
			t.Fatalf("run %d", r)
		}
	}
}

// TestFrontierPackageChoice checks, against enumeration, that each point
// shows the package that comes first when packages are compared from the
// last issue to the first, whatever order the merge adds the issues in:
// issues with different option counts and many ties, two to five parties.
func TestFrontierPackageChoice(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	natural := 0
	for r := range 200 {
		parties := 2 + r%4
		sc := randomScenario(rng, parties, 2+rng.IntN(4), 5, true)
		m := mustModel(t, sc)
		var mg merger
		mg.k = parties
		mg.setOrder(m)
		if mg.natural {
			natural++
		}
		first := map[string][]int{}
		m.enumeratePackages(func(pkg []int, v []int64) {
			key := vecKey(v)
			if old, ok := first[key]; ok {
				for i := len(pkg) - 1; i >= 0; i-- {
					if pkg[i] != old[i] {
						if pkg[i] < old[i] {
							first[key] = slices.Clone(pkg)
						}
						break
					}
				}
				return
			}
			first[key] = slices.Clone(pkg)
		})
		for _, pt := range mustFrontier(t, m) {
			if want := first[vecKey(pt.units)]; !pt.Package.Equal(want) {
				t.Fatalf("run %d (order %v): point %v shows package %v, want %v", r, mg.order, pt.Utility, pt.Package, want)
			}
		}
	}
	if natural > 150 {
		t.Errorf("%d of 200 runs merged the issues in their own order; want mostly other orders", natural)
	}
}

func TestEpsilonFrontierGuarantee(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for r := range 150 {
		parties := 2 + r%4
		sc := randomScenario(rng, parties, 2+rng.IntN(5), 4, r%2 == 0)
		m := mustModel(t, sc)
		eps := []float64{0.01, 0.05, 0.2, 1}[r%4]
		f, err := m.EpsilonFrontier(context.Background(), eps)
		if err != nil {
			t.Fatal(err)
		}
		for _, pt := range f {
			u, err := m.Utility(pt.Package.Ints())
			if err != nil || !slices.Equal(u, pt.Utility) {
				t.Fatalf("run %d: package %v: got utility %v, want %v", r, pt.Package, u, pt.Utility)
			}
			for _, q := range f {
				if dominates(q.units, pt.units) {
					t.Fatalf("run %d: ε point %v is dominated by %v", r, pt.Utility, q.Utility)
				}
			}
		}
		m.enumerate(func(v []int64) {
			for _, pt := range f {
				ok := true
				for p := range v {
					if pt.Utility[p] < m.toUtility(p, v[p])-eps-1e-12 {
						ok = false
						break
					}
				}
				if ok {
					return
				}
			}
			t.Fatalf("run %d: no point within ε=%v of %v", r, eps, v)
		})
	}
}

// TestNondominatedFilters checks the sweeps and the k-d tree filter on many random vectors with ties, for two to seven parties.
func TestNondominatedFilters(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for k := 2; k <= 7; k++ {
		for r := range 20 {
			n := 1 + rng.IntN(3000)
			span := int64(1 + rng.IntN(20))
			vecs := map[string][]int64{}
			for range n {
				v := make([]int64, k)
				for p := range v {
					v[p] = rng.Int64N(span)
					if r%2 == 1 {
						v[p] = rng.Int64N(1 << 40)
					}
				}
				vecs[vecKey(v)] = v
			}
			var all [][]int64
			for _, v := range vecs {
				all = append(all, v)
			}
			slices.SortFunc(all, cmpVec)
			mg := merger{k: k}
			idx := make([]int32, len(all))
			for t := range all {
				mg.vec = append(mg.vec, all[t]...)
				idx[t] = int32(t)
			}
			mg.cnt = make([]count, len(all))
			got := mg.nondominated(idx)
			var want []int32
			for t, v := range all {
				dom := false
				for _, w := range all {
					if dominates(w, v) {
						dom = true
						break
					}
				}
				if !dom {
					want = append(want, int32(t))
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("k=%d run %d: got %d points, want %d", k, r, len(got), len(want))
			}
		}
	}
}

func TestOutcomesBig(t *testing.T) {
	var sp Space
	for range 100 {
		sp.Issues = append(sp.Issues, Issue{Name: "i", Options: strings.Split("0 1 2 3 4 5 6 7 8 9", " ")})
	}
	if got, want := sp.Outcomes().String(), "1"+strings.Repeat("0", 100); got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

// TestExactTies checks that utilities equal as rationals compare equal:
// 1/3 + 1/3 and 2/3 + 0 tie, though their float64 sums need not.
func TestExactTies(t *testing.T) {
	sc := Scenario{
		Space: Space{Issues: []Issue{{Name: "a", Options: []string{"x", "y", "z", "w"}}, {Name: "b", Options: []string{"x", "y", "z", "w"}}}},
		Profiles: []Profile{
			{Party: "P", Weights: []float64{0.5, 0.5}, Evaluations: [][]float64{{0, 1, 2, 3}, {0, 1, 2, 3}}},
			{Party: "Q", Weights: []float64{0.5, 0.5}, Evaluations: [][]float64{{3, 2, 1, 0}, {3, 2, 1, 0}}},
		},
	}
	m := mustModel(t, sc)
	f := mustFrontier(t, m)
	if len(f) != 7 {
		t.Fatalf("got %d frontier points, want 7", len(f))
	}
	wantCounts := []int64{1, 2, 3, 4, 3, 2, 1}
	for i, pt := range f {
		if pt.Count.Int64() != wantCounts[i] {
			t.Errorf("point %d %v: got count %v, want %d", i, pt.Utility, pt.Count, wantCounts[i])
		}
	}
	checkFrontier(t, m, f)
}

func TestCountOverflow(t *testing.T) {
	// 70 issues of 2 equivalent options: 2^70 packages share one vector.
	var sc Scenario
	for range 70 {
		sc.Space.Issues = append(sc.Space.Issues, Issue{Name: "i", Options: []string{"a", "b"}})
	}
	for _, name := range []string{"P", "Q", "R"} {
		pr := Profile{Party: name}
		for range 70 {
			pr.Weights = append(pr.Weights, 1.0/70)
			pr.Evaluations = append(pr.Evaluations, []float64{1, 1})
		}
		sc.Profiles = append(sc.Profiles, pr)
	}
	m := mustModel(t, sc)
	f := mustFrontier(t, m)
	want := new(big.Int).Lsh(big.NewInt(1), 70)
	if len(f) != 1 || f[0].Count.Cmp(want) != 0 {
		t.Fatalf("got %d points, count %v, want 1 point, count %v", len(f), f[0].Count, want)
	}
}

func TestFrontierCancel(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	m := mustModel(t, randomScenario(rng, 3, 8, 4, false))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := m.Frontier(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("got error %v, want one wrapping context.Canceled", err)
	}
}
