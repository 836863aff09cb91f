package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/parley-talks/parley/analysis"
)

// encodedWhole is the JSON output as it was written before streaming: the
// whole analyzeJSONOutput, frontier included, through json.Encoder.
func encodedWhole(tb testing.TB, m *analysis.Model, a *analysis.Analysis, div *analysis.TwoPartyDivision) []byte {
	tb.Helper()
	out := analyzeJSONSummary(m, a, div)
	for t := range a.Frontier {
		out.Frontier = append(out.Frontier, *analyzePoint(m, &a.Frontier[t], true))
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// TestAnalyzeJSONStreamedAsEncoded checks that the streamed output is, byte
// for byte, what json.Encoder writes for the whole output, on scenarios
// whose names need escaping and sort in another order than the profiles
// and issues, with tiny and huge utilities, with and without the Adjusted
// Winner division and with no issues at all.
func TestAnalyzeJSONStreamedAsEncoded(t *testing.T) {
	t.Parallel()
	names := []string{"Zeta <&>", "alpha \"q\"", "Ä\u2028", "beta\\", "b", "\xff"}
	for c, shape := range []struct{ parties, issues, options int }{{2, 3, 3}, {3, 4, 2}, {2, 0, 0}, {4, 5, 3}, {2, 1, 1}} {
		var sc analysis.Scenario
		for i := range shape.issues {
			is := analysis.Issue{Name: names[(i+c)%len(names)] + fmt.Sprint(i)}
			for j := range shape.options {
				is.Options = append(is.Options, names[(j+i)%len(names)])
			}
			sc.Space.Issues = append(sc.Space.Issues, is)
		}
		for p := range shape.parties {
			pr := analysis.Profile{Party: names[(len(names)-1-p+c)%len(names)], Reservation: 1e-7 * float64(p)}
			for i := range shape.issues {
				pr.Weights = append(pr.Weights, float64(1+(i*7+p*3)%5)*1e-9)
				var ev []float64
				for j := range shape.options {
					ev = append(ev, float64((j*5+i*3+p)%4))
				}
				pr.Evaluations = append(pr.Evaluations, ev)
			}
			sc.Profiles = append(sc.Profiles, pr)
		}
		m, _, err := analysis.NewModel(sc)
		if err != nil {
			t.Fatal(err)
		}
		a, err := m.Analyze(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		var div *analysis.TwoPartyDivision
		if shape.parties == 2 && shape.issues > 0 {
			if div, err = analysis.DivideScenario(sc); err != nil {
				t.Fatal(err)
			}
		}
		var got bytes.Buffer
		if err := analyzeJSON(&got, m, a, div); err != nil {
			t.Fatal(err)
		}
		if want := encodedWhole(t, m, a, div); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("case %d %+v: streamed JSON differs from the encoded whole:\n got %s\nwant %s", c, shape, got.Bytes(), want)
		}
	}
}
