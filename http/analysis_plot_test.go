package http

import (
	"strings"
	"testing"

	"github.com/parley-talks/parley/workspace"
)

// TestFrontierPlotExplainsItself checks the plot's layout: values on both
// axes, each solution as its own labelled shape in the legend's order,
// the dots' tooltips giving utilities and package, the frontier's edges
// on the axes' ends.
func TestFrontierPlotExplainsItself(t *testing.T) {
	pt := func(a, b float64, opt string) *workspace.AnalysisPoint {
		return &workspace.AnalysisPoint{Utility: map[string]float64{"A": a, "B": b}, Package: map[string]string{"Zone": opt, "Aid": "yes"}}
	}
	res := &workspace.AnalysisResult{Parties: []string{"A", "B"},
		Frontier: []workspace.AnalysisPoint{*pt(1, 0, "x"), *pt(0.5, 0.5, "y"), *pt(0, 1, "z")},
		Nash:     pt(0.5, 0.5, "y"), Utilitarian: pt(1, 0, "x")}
	p := plotOf(res)
	if len(p.Ticks) != 5 || p.Ticks[0].Label != "0" || p.Ticks[4].Label != "1" || p.Ticks[0].X != p.Lo || p.Ticks[4].X != p.Hi || p.Ticks[0].Y != p.Hi || p.Ticks[4].Y != p.Lo {
		t.Errorf("got ticks %+v, want 0 to 1 from the origin (%d, %d) to the far ends", p.Ticks, p.Lo, p.Hi)
	}
	if d := p.Dots[0]; d.CX != p.Hi || d.CY != p.Hi || d.Label != "A 1.000, B 0.000: Aid: yes; Zone: x" || d.Utilities != "A 1.000, B 0.000" ||
		len(d.Package) != 2 || d.Package[0].Text != "Aid: yes" || d.Package[1].Text != "Zone: x" || d.Package[1].Y >= p.Hi || d.Package[0].Y >= d.Package[1].Y {
		t.Errorf("got first dot %+v, want it at the end of the A axis with its package, a line an issue upwards from the bottom", d)
	}
	many := map[string]string{}
	for i := range 14 {
		many[string(rune('a'+i))] = "x"
	}
	if lines := p.packageLines(many); len(lines) != plotPackageLines || lines[len(lines)-1].Text != "… and 5 more" || lines[0].Y < p.Lo {
		t.Errorf("got %+v for 14 issues, want %d lines ending with the count of the rest, inside the plot", lines, plotPackageLines)
	}
	if len(p.Solutions) != 2 || p.Solutions[0].Abbr != "N" || p.Solutions[1].Abbr != "U" || p.Solutions[0].Shape == p.Solutions[1].Shape {
		t.Errorf("got solutions %+v, want Nash then Utilitarian with shapes of their own", p.Solutions)
	}
	if plotOf(&workspace.AnalysisResult{Parties: []string{"A", "B", "C"}}) != nil {
		t.Error("got a plot for three parties")
	}
	seen := map[string]bool{}
	for _, s := range plotShapes {
		if seen[s.shape] || strings.TrimSpace(s.abbr) == "" {
			t.Errorf("shape %q of %s is not its own or has no label", s.shape, s.name)
		}
		seen[s.shape] = true
	}
}

// TestFrontierPlotWalkAways: a party that shares its reservation value
// gets a line at that utility (across for the first party, up for the
// second); a party that keeps it gets none, and the legend says so.
func TestFrontierPlotWalkAways(t *testing.T) {
	res := &workspace.AnalysisResult{Parties: []string{"A", "B"},
		Frontier:     []workspace.AnalysisPoint{{Utility: map[string]float64{"A": 1, "B": 0}}, {Utility: map[string]float64{"A": 0, "B": 1}}},
		Reservations: map[string]float64{"B": 0.25}}
	p := plotOf(res)
	if len(p.WalkAways) != 1 || len(p.Unshared) != 1 || p.Unshared[0] != "A" {
		t.Fatalf("got walk-aways %+v, unshared %v; want B's line only, A unshared", p.WalkAways, p.Unshared)
	}
	quarter := p.Hi - (p.Hi-p.Lo)/4
	if w := p.WalkAways[0]; w.Party != "B" || w.Value != "0.250" || w.Y1 != quarter || w.Y2 != quarter || w.X1 != p.Lo || w.X2 != p.Hi {
		t.Errorf("got %+v, want a horizontal line across the plot at B's utility 0.25 (y %d)", w, quarter)
	}
	res.Reservations = map[string]float64{"A": 0.5, "B": 0.25}
	p = plotOf(res)
	half := p.Lo + (p.Hi-p.Lo)/2
	if len(p.WalkAways) != 2 || p.Unshared != nil || p.WalkAways[0].X1 != half || p.WalkAways[0].X2 != half || p.WalkAways[0].Y1 != p.Lo {
		t.Errorf("got %+v, want A's line upright at x %d, then B's", p.WalkAways, half)
	}
}
