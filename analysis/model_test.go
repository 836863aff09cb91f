package analysis_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/parley-talks/parley/analysis"
)

func twoIssues() analysis.Scenario {
	return analysis.Scenario{
		Space: analysis.Space{Issues: []analysis.Issue{
			{Name: "Fund", Options: []string{"Large", "Small"}},
			{Name: "Years", Options: []string{"1", "5", "10"}},
		}},
		Profiles: []analysis.Profile{
			{Party: "Donor", Weights: []float64{0.7, 0.3}, Evaluations: [][]float64{{1, 4}, {3, 2, 1}}, Reservation: 0.3},
			{Party: "Recipient", Weights: []float64{0.4, 0.6}, Evaluations: [][]float64{{4, 1}, {1, 2, 3}}, Reservation: 0.3},
		},
	}
}

func TestNewModelInvalid(t *testing.T) {
	tests := []struct {
		name   string
		change func(sc *analysis.Scenario)
		want   string
	}{
		{"no parties", func(sc *analysis.Scenario) { sc.Profiles = nil }, "no parties"},
		{"no options", func(sc *analysis.Scenario) { sc.Space.Issues[1].Options = nil }, `issue "Years" has no options`},
		{"weights", func(sc *analysis.Scenario) { sc.Profiles[0].Weights = []float64{1} }, "1 weights for 2 issues"},
		{"negative weight", func(sc *analysis.Scenario) { sc.Profiles[0].Weights[0] = -0.1 }, "weight -0.1"},
		{"zero weights", func(sc *analysis.Scenario) { sc.Profiles[1].Weights = []float64{0, 0} }, "all weights are zero"},
		{"evaluations", func(sc *analysis.Scenario) { sc.Profiles[1].Evaluations[0] = []float64{1} }, "1 evaluations for 2 options"},
		{"negative evaluation", func(sc *analysis.Scenario) { sc.Profiles[1].Evaluations[1][2] = -3 }, `option "10": evaluation -3`},
		{"nan", func(sc *analysis.Scenario) { sc.Profiles[1].Evaluations[1][2] = math.NaN() }, "NaN"},
		{"absolute above 1", func(sc *analysis.Scenario) { sc.Profiles[1].Absolute = []bool{false, true} }, "above 1"},
		{"reservation package", func(sc *analysis.Scenario) { sc.Profiles[0].ReservationPackage = []int{0, 3} }, "no option 3"},
		{"duplicate party", func(sc *analysis.Scenario) { sc.Profiles[1].Party = "Donor" }, "appears twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := twoIssues()
			tt.change(&sc)
			_, _, err := analysis.NewModel(sc)
			if !errors.Is(err, analysis.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %v, want ErrInvalid containing %q", err, tt.want)
			}
		})
	}
}

func TestNewModelNormalisesWeights(t *testing.T) {
	sc := twoIssues()
	sc.Profiles[0].Weights = []float64{7, 3}
	m, warnings, err := analysis.NewModel(sc)
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "normalised") {
		t.Fatalf("got warnings %q, want one about normalising", warnings)
	}
	if got := m.Weight(0, 0); got != 0.7 {
		t.Fatalf("got weight %v, want 0.7", got)
	}
	u, _ := m.Utility([]int{1, 0})
	if got, want := u[0], 0.7+0.3; got != want {
		t.Fatalf("got utility %v, want %v", got, want)
	}
}

func ExampleModel_Analyze() {
	m, _, err := analysis.NewModel(twoIssues())
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := m.Analyze(context.Background(), 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("packages:", a.Outcomes)
	for _, pt := range a.Frontier {
		fmt.Printf("%.3f %v ×%v\n", pt.Utility, pt.Package, pt.Count)
	}
	fmt.Printf("Nash: %.3f %v\n", a.Nash.Utility, a.Nash.Package)
	// Output:
	// packages: 6
	// [1.000 0.300] [1 0] ×1
	// [0.900 0.500] [1 1] ×1
	// [0.800 0.700] [1 2] ×1
	// [0.375 0.800] [0 1] ×1
	// [0.275 1.000] [0 2] ×1
	// Nash: [0.800 0.700] [1 2]
}

func ExampleAdjustedWinner() {
	d, err := analysis.AdjustedWinner([]float64{50, 10, 40}, []float64{10, 50, 40})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("shares of the first party:", d.Share)
	fmt.Println("split issue:", d.Split, "totals:", d.Totals)
	// Output:
	// shares of the first party: [1 0 0.5]
	// split issue: 2 totals: [70 70]
}
