package http

import (
	"fmt"
	"slices"
	"strings"

	"github.com/parley-talks/parley/workspace"
)

// frontierPlot draws a two-party frontier so that it explains itself
// without colour: axes with values, one dot per frontier point (its
// utilities and package in its tooltip, reachable by keyboard), each
// bargaining solution as a shape of its own with its name beside it, and a
// legend; the same data is given as a table beneath.
type frontierPlot struct {
	X, Y      string // the parties on each axis
	Size      int
	Lo, Hi    int // the plot area's edges, in both directions
	Mid       int // the middle of the axes, where their names go
	Ticks     []plotTick
	Dots      []plotDot
	Solutions []plotSolution
	WalkAways []plotWalkAway
	// Unshared names the plotted parties whose walk-away value is not
	// shown, since they keep it from the mediator.
	Unshared []string
}

// plotWalkAway is a party's reservation value, shared with the mediator:
// a dashed line across the plot from (X1, Y1) to (X2, Y2), below or left
// of which the party is better off without agreement, labelled at (LX, LY).
type plotWalkAway struct {
	X1, Y1, X2, Y2 int
	LX, LY         int
	Anchor         string // the label's text-anchor
	Party, Value   string
}

// plotTick is a value marked across at X and up at Y.
type plotTick struct {
	X, Y  int
	Label string
}

// plotDot is a frontier point: Label says all of it (its tooltip and its
// row in the table); while it is hovered or focused its Utilities show
// above the plot and its package, an issue a line, in the plot's lower
// left corner, which a frontier leaves empty.
type plotDot struct {
	CX, CY    int
	Label     string
	Utilities string
	Package   []plotLine
}

// plotLine is a line of text at height Y.
type plotLine struct {
	Y    int
	Text string
}

// plotPackageLines is the most issues a hovered point lists in the plot;
// the tooltip and the table give them all.
const plotPackageLines = 10

// plotSolution is a bargaining solution: Shape is an SVG path drawn
// around (CX, CY), Abbr labels it beside the shape and in the legend.
type plotSolution struct {
	CX, CY     int
	LX, LY     int // where Abbr is written, beside the shape
	Name, Abbr string
	Shape      string
}

// plotShapes are the solutions' names, abbreviations and shapes (paths
// relative to the point), in the legend's order: square, triangle,
// diamond, cross.
var plotShapes = []struct{ name, abbr, shape string }{
	{"Nash", "N", "m-5,-5h10v10h-10z"},
	{"Kalai–Smorodinsky", "KS", "m0,-6l6,10h-12z"},
	{"Egalitarian", "E", "m0,-7l7,7l-7,7l-7,-7z"},
	{"Utilitarian", "U", "m-5,-5l10,10m0,-10l-10,10"},
}

// plotOf lays out the plot of an analysis of two parties; nil for more.
func plotOf(res *workspace.AnalysisResult) *frontierPlot {
	if len(res.Parties) != 2 {
		return nil
	}
	const size, lo, hi = 340, 44, 300
	p := &frontierPlot{X: res.Parties[0], Y: res.Parties[1], Size: size, Lo: lo, Hi: hi, Mid: (lo + hi) / 2}
	scale := float64(hi - lo)
	at := func(u map[string]float64) (int, int) {
		return lo + int(u[p.X]*scale), hi - int(u[p.Y]*scale)
	}
	for _, v := range []float64{0, 0.25, 0.5, 0.75, 1} {
		p.Ticks = append(p.Ticks, plotTick{X: lo + int(v*scale), Y: hi - int(v*scale), Label: fmt.Sprintf("%g", v)})
	}
	for _, f := range res.Frontier {
		x, y := at(f.Utility)
		utils := fmt.Sprintf("%s %.3f, %s %.3f", p.X, f.Utility[p.X], p.Y, f.Utility[p.Y])
		p.Dots = append(p.Dots, plotDot{CX: x, CY: y, Label: utils + ": " + strings.Join(packageLines(f.Package), "; "), Utilities: utils,
			Package: p.packageLines(f.Package)})
	}
	p.walkAways(res.Reservations, scale)
	sols := []*workspace.AnalysisPoint{res.Nash, res.KalaiSmorodinsky, res.Egalitarian, res.Utilitarian}
	for i, sol := range sols {
		if sol == nil {
			continue
		}
		x, y := at(sol.Utility)
		sh := plotShapes[i]
		// Solutions often coincide or nearly: a label moves right past
		// those of the solutions already near its point.
		near := 0
		for _, o := range p.Solutions {
			if abs(o.CX-x) < 12 && abs(o.CY-y) < 12 {
				near++
			}
		}
		p.Solutions = append(p.Solutions, plotSolution{CX: x, CY: y, LX: x + 9 + 18*near, LY: y - 8, Name: sh.name, Abbr: sh.abbr, Shape: sh.shape})
	}
	return p
}

// walkAways adds the reservation lines of the plotted parties that share
// theirs: a vertical line for the party across, a horizontal one for the
// party up.
func (p *frontierPlot) walkAways(shared map[string]float64, scale float64) {
	for i, party := range []string{p.X, p.Y} {
		r, ok := shared[party]
		if !ok {
			p.Unshared = append(p.Unshared, party)
			continue
		}
		w := plotWalkAway{Party: party, Value: fmt.Sprintf("%.3f", r)}
		if i == 0 {
			x := p.Lo + int(r*scale)
			w.X1, w.Y1, w.X2, w.Y2, w.LX, w.LY, w.Anchor = x, p.Lo, x, p.Hi, x+3, p.Lo+10, "start"
		} else {
			y := p.Hi - int(r*scale)
			w.X1, w.Y1, w.X2, w.Y2, w.LX, w.LY, w.Anchor = p.Lo, y, p.Hi, y, p.Hi, y-4, "end"
		}
		p.WalkAways = append(p.WalkAways, w)
	}
}

// packageLines writes a package as "issue: option" lines, issues sorted.
func packageLines(pkg map[string]string) []string {
	issues := make([]string, 0, len(pkg))
	for is := range pkg {
		issues = append(issues, is)
	}
	slices.Sort(issues)
	lines := make([]string, len(issues))
	for i, is := range issues {
		lines[i] = is + ": " + pkg[is]
	}
	return lines
}

// packageLines lays out up to plotPackageLines lines of a package upwards
// from the bottom of the plot area, the last saying how many more there
// are.
func (p *frontierPlot) packageLines(pkg map[string]string) []plotLine {
	lines := packageLines(pkg)
	if len(lines) > plotPackageLines {
		lines = append(lines[:plotPackageLines-1], fmt.Sprintf("… and %d more", len(lines)-plotPackageLines+1))
	}
	out := make([]plotLine, len(lines))
	for i, l := range lines {
		out[i] = plotLine{Y: p.Hi - 6 - 11*(len(lines)-1-i), Text: l}
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
