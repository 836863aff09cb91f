package analysis_test

import (
	"context"
	"math"
	"testing"

	"github.com/parley-talks/parley/analysis"
)

// rank is the rank of a matrix, by Gaussian elimination.
func rank(rows [][]float64) int {
	a := make([][]float64, len(rows))
	for i := range rows {
		a[i] = append([]float64(nil), rows[i]...)
	}
	r := 0
	for c := 0; len(a) > 0 && c < len(a[0]) && r < len(a); c++ {
		p, best := -1, 1e-9
		for i := r; i < len(a); i++ {
			if math.Abs(a[i][c]) > best {
				best, p = math.Abs(a[i][c]), i
			}
		}
		if p < 0 {
			continue
		}
		a[r], a[p] = a[p], a[r]
		for i := range a {
			if i != r {
				f := a[i][c] / a[r][c]
				for j := c; j < len(a[i]); j++ {
					a[i][j] -= f * a[r][j]
				}
			}
		}
		r++
	}
	return r
}

// revealed is how many independent linear equations in a party's weighted
// evaluations (one unknown per option of each issue) the frontier of sc
// gives whoever sees each frontier package with each party's utility.
func revealed(t *testing.T, sc analysis.Scenario) (points, equations int) {
	t.Helper()
	m, _, err := analysis.NewModel(sc)
	if err != nil {
		t.Fatal(err)
	}
	a, err := m.Analyze(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]float64
	for _, pt := range a.Frontier {
		var row []float64
		for i, is := range sc.Space.Issues {
			for o := range is.Options {
				row = append(row, map[bool]float64{true: 1}[pt.Package.At(i) == o])
			}
		}
		rows = append(rows, row)
	}
	return len(a.Frontier), rank(rows)
}

// TestWhatTheFrontierReveals measures what SECURITY.md states: each
// frontier point shows a party's utility, a sum of its weighted
// evaluations of the package's options, so the frontier is a set of
// linear equations in them. On one issue it gives them exactly: the
// attack issue 13 found (the options on the frontier show their
// evaluations as they are), redefining the space after the profiles are in,
// which binding profiles to the space's version stops. On the demo's six
// issues of three options its 32 points give 11 of the 13 independent
// combinations a party's utilities can show (18 values less the 5 shifts
// between issues that no sum sees).
func TestWhatTheFrontierReveals(t *testing.T) {
	opts := []string{"a", "b", "c"}
	demo := analysis.Scenario{Profiles: []analysis.Profile{
		{Party: "Russia", Weights: []float64{0.35, 0.2, 0.15, 0.15, 0.1, 0.05},
			Evaluations: [][]float64{{1, 0.3, 0.5}, {1, 0.6, 0}, {1, 0.6, 0}, {1, 0.7, 0}, {0, 0.6, 1}, {1, 0.5, 0.2}}},
		{Party: "Ukraine", Weights: []float64{0.35, 0.15, 0.15, 0.1, 0.2, 0.05},
			Evaluations: [][]float64{{0, 0.8, 1}, {0, 0.6, 1}, {0.2, 0.8, 1}, {0.1, 0.7, 1}, {1, 0.5, 0}, {0.1, 1, 0.6}}},
	}}
	for _, name := range []string{"Territory", "NATO", "Armed forces", "Sanctions", "Security guarantees", "Elections"} {
		demo.Space.Issues = append(demo.Space.Issues, analysis.Issue{Name: name, Options: opts})
	}
	if points, eqs := revealed(t, demo); points != 32 || eqs != 11 {
		t.Errorf("the demo's frontier: got %d points giving %d equations, want 32 giving 11 of 13", points, eqs)
	}
	one := analysis.Scenario{Space: analysis.Space{Issues: demo.Space.Issues[:1]}, Profiles: []analysis.Profile{
		{Party: "Russia", Weights: []float64{1}, Evaluations: demo.Profiles[0].Evaluations[:1]},
		{Party: "Ukraine", Weights: []float64{1}, Evaluations: demo.Profiles[1].Evaluations[:1]},
	}}
	m, _, err := analysis.NewModel(one)
	if err != nil {
		t.Fatal(err)
	}
	a, err := m.Analyze(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, pt := range a.Frontier { // Territory's b is dominated, off the frontier
		if o := pt.Package.At(0); pt.Utility[0] != one.Profiles[0].Evaluations[0][o] {
			t.Errorf("one issue alone: Russia's utility of option %d is %v, want its very evaluation %v", o, pt.Utility[0], one.Profiles[0].Evaluations[0][o])
		}
	}
	if len(a.Frontier) != 2 {
		t.Errorf("one issue alone: got %d frontier points, want 2", len(a.Frontier))
	}
}
