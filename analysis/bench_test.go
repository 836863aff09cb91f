package analysis

import (
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"
)

// synthetic builds a scenario with random real weights and evaluations,
// fixed by seed: the shape of a real negotiation where nobody's
// preferences line up with anybody's.
func synthetic(parties, issues, options int, seed uint64) Scenario {
	rng := rand.New(rand.NewPCG(seed, 99))
	var sc Scenario
	sc.Name = fmt.Sprintf("synthetic-%dp-%dx%d", parties, issues, options)
	for i := range issues {
		is := Issue{Name: fmt.Sprintf("issue%d", i)}
		for j := range options {
			is.Options = append(is.Options, fmt.Sprintf("o%d", j))
		}
		sc.Space.Issues = append(sc.Space.Issues, is)
	}
	for p := range parties {
		pr := Profile{Party: fmt.Sprintf("party%d", p)}
		for range issues {
			pr.Weights = append(pr.Weights, rng.Float64())
			ev := make([]float64, options)
			for j := range ev {
				ev[j] = rng.Float64()
			}
			pr.Evaluations = append(pr.Evaluations, ev)
		}
		sc.Profiles = append(sc.Profiles, pr)
	}
	return sc
}

func benchFrontier(b *testing.B, sc Scenario, eps float64) {
	m, _, err := NewModel(sc)
	if err != nil {
		b.Fatal(err)
	}
	var size int
	for b.Loop() {
		var f []Point
		if eps == 0 {
			f, err = m.Frontier(context.Background())
		} else {
			f, err = m.EpsilonFrontier(context.Background(), eps)
		}
		if err != nil {
			b.Fatal(err)
		}
		size = len(f)
	}
	b.ReportMetric(float64(size), "points")
}

func BenchmarkFrontier2Parties28x4(b *testing.B)  { benchFrontier(b, synthetic(2, 28, 4, 1), 0) }
func BenchmarkFrontier2Parties200x5(b *testing.B) { benchFrontier(b, synthetic(2, 200, 5, 1), 0) }
func BenchmarkFrontier3Parties28x4(b *testing.B)  { benchFrontier(b, synthetic(3, 28, 4, 1), 0) }
func BenchmarkEpsilon4Parties28x4(b *testing.B) {
	benchFrontier(b, synthetic(4, 28, 4, 1), 0.01)
}

func frontierMap(tb testing.TB, m *Model) map[string]*big.Int {
	tb.Helper()
	f, err := m.Frontier(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]*big.Int{}
	for _, pt := range f {
		out[vecKey(pt.units)] = pt.Count
	}
	return out
}

func sameFrontier(tb testing.TB, got, want map[string]*big.Int) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Fatalf("got %d frontier points, want %d", len(got), len(want))
	}
	for k, c := range want {
		if g, ok := got[k]; !ok || g.Cmp(c) != 0 {
			tb.Fatalf("point %s: got count %v, want %v", k, g, c)
		}
	}
}

// TestTenByFourMatchesEnumeration checks the merge against enumeration of
// all 1,048,576 packages of 10 issues × 4 options.
func TestTenByFourMatchesEnumeration(t *testing.T) {
	if testing.Short() {
		t.Skip("enumerates a million packages")
	}
	for _, parties := range []int{2, 3} {
		m, _, err := NewModel(synthetic(parties, 10, 4, 7))
		if err != nil {
			t.Fatal(err)
		}
		sameFrontier(t, frontierMap(t, m), enumerateFrontier(m))
	}
}

// BenchmarkTenByFour compares the merge with enumeration plus filtering on
// 10 issues × 4 options (1,048,576 packages), two and three parties.
func BenchmarkTenByFour(b *testing.B) {
	for _, parties := range []int{2, 3} {
		m, _, err := NewModel(synthetic(parties, 10, 4, 7))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%dparties/merge", parties), func(b *testing.B) {
			for b.Loop() {
				frontierMap(b, m)
			}
		})
		b.Run(fmt.Sprintf("%dparties/enumerate", parties), func(b *testing.B) {
			for b.Loop() {
				enumerateFrontier(m)
			}
		})
	}
}

// BenchmarkNewModel measures compiling a scenario: exact rationals, the
// common denominator and the unit tables of every party.
func BenchmarkNewModel(b *testing.B) {
	sc := synthetic(4, 28, 4, 1)
	for b.Loop() {
		if _, _, err := NewModel(sc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAdjustedWinner measures the Adjusted Winner division of 28
// issues.
func BenchmarkAdjustedWinner(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 99))
	a, c := make([]float64, 28), make([]float64, 28)
	var sa, sc float64
	for i := range a {
		a[i], c[i] = rng.Float64(), rng.Float64()
		sa += a[i]
		sc += c[i]
	}
	for i := range a {
		a[i] *= 100 / sa
		c[i] *= 100 / sc
	}
	for b.Loop() {
		if _, err := AdjustedWinner(a, c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFrontier2Parties1000x5 is issue 16's many-issue case: exact,
// two parties, 1,000 issues of 5 options, the whole analysis (see
// docs/benchmarks-analysis.md for its peak memory).
// It runs without the memory limit: its frontier passes the default one.
func BenchmarkFrontier2Parties1000x5(b *testing.B) {
	m, _, err := NewModel(synthetic(2, 1000, 5, 1))
	if err != nil {
		b.Fatal(err)
	}
	var a *Analysis
	for b.Loop() {
		if a, err = m.AnalyzeWith(context.Background(), Options{MemoryLimit: -1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(a.Frontier)), "points")
}

// BenchmarkFrontier5Parties20x4 is the exact frontier step of issue 16's
// --json case, to compare with cmd/parley's BenchmarkAnalyzeJSON.
func BenchmarkFrontier5Parties20x4(b *testing.B) { benchFrontier(b, synthetic(5, 20, 4, 1), 0) }

// BenchmarkBounded6Parties20x4 bounds the frontier of six parties, 20
// issues × 4 options, to 1,000 points.
func BenchmarkBounded6Parties20x4(b *testing.B) {
	m, _, err := NewModel(synthetic(6, 20, 4, 1))
	if err != nil {
		b.Fatal(err)
	}
	var a *Analysis
	for b.Loop() {
		if a, err = m.AnalyzeWith(context.Background(), Options{MaxPoints: 1000}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(a.Frontier)), "points")
	b.ReportMetric(a.Coverage, "coverage")
}
