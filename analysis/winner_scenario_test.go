package analysis_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/parley-talks/parley/analysis"
)

// dividedScenario is a scenario of two issues whose parties weigh them as given.
func dividedScenario(weights ...[]float64) analysis.Scenario {
	sc := analysis.Scenario{Space: analysis.Space{Issues: []analysis.Issue{
		{Name: "Land", Options: []string{"a", "b"}}, {Name: "Water", Options: []string{"a", "b"}}}}}
	for i, w := range weights {
		sc.Profiles = append(sc.Profiles, analysis.Profile{Party: string(rune('A' + i)), Weights: w,
			Evaluations: [][]float64{{1, 0}, {1, 0}}})
	}
	return sc
}

func TestDivideScenario(t *testing.T) {
	// Weights 3:1 and 1:1 are 75/25 and 50/50 points: A wins Land, B
	// Water (A 75 to B 50); A then gives up 25/125 = 1/5 of Land, so both
	// hold 60.
	d, err := analysis.DivideScenario(dividedScenario([]float64{3, 1}, []float64{0.5, 0.5}))
	if err != nil {
		t.Fatal(err)
	}
	if d.Issues[0].Points != [2]float64{75, 25 * 2} || d.Issues[1].Points != [2]float64{25, 50} {
		t.Errorf("got points %v and %v, want [75 50] and [25 50]", d.Issues[0].Points, d.Issues[1].Points)
	}
	if d.Split != "Land" || d.Issues[0].Winner != "" || math.Abs(d.Issues[0].Share[0]-0.8) > 1e-12 {
		t.Errorf("got split %q, Land to %q with A's share %v; want Land split, 0.8 to A", d.Split, d.Issues[0].Winner, d.Issues[0].Share[0])
	}
	if d.Issues[1].Winner != "B" || math.Abs(d.Scores[0]-60) > 1e-9 || math.Abs(d.Scores[1]-60) > 1e-9 {
		t.Errorf("got Water to %q and scores %v, want B and 60 each", d.Issues[1].Winner, d.Scores)
	}
	hidden := d.WithoutPoints()
	if hidden.Issues[0].Points != [2]float64{} || d.Issues[0].Points == [2]float64{} || hidden.Scores != d.Scores {
		t.Errorf("WithoutPoints: got %v (original now %v), want the points cleared in the copy alone", hidden.Issues[0].Points, d.Issues[0].Points)
	}
}

func TestDivideScenarioInvalid(t *testing.T) {
	tests := []struct {
		name string
		sc   analysis.Scenario
		want string
	}{
		{"one party", dividedScenario([]float64{1, 1}), "the scenario has 1"},
		{"three parties", dividedScenario([]float64{1, 1}, []float64{1, 1}, []float64{1, 1}), "the scenario has 3"},
		{"no weight", dividedScenario([]float64{0, 0}, []float64{1, 1}), `party "A" weighs no issue`},
		{"weights", dividedScenario([]float64{1}, []float64{1, 1}), "1 weights for 2 issues"},
		{"negative", dividedScenario([]float64{1, 1}, []float64{2, -1}), "not a non-negative number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := analysis.DivideScenario(tt.sc)
			if !errors.Is(err, analysis.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want ErrInvalid saying %q", err, tt.want)
			}
		})
	}
}
