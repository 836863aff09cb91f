package analysis

import (
	"context"
	"fmt"
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
