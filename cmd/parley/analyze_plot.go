package main

import (
	"errors"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/parley-talks/parley/analysis"
)

// plotSolution is how a bargaining solution is marked on the plot.
type plotSolution struct {
	name  string
	pt    *analysis.Point
	shape draw.GlyphDrawer
	col   color.Color
}

// plotPair is a panel's parties: x on the horizontal axis, y on the
// vertical.
type plotPair struct{ x, y int }

// analyzePlot draws one panel per pair of parties — the frontier, the
// reservation point and the solutions — in a square-ish grid, and writes
// it to file as SVG.
func analyzePlot(file, title string, m *analysis.Model, a *analysis.Analysis) error {
	k := len(a.Parties)
	if k < 2 {
		return errors.New("analyze: --plot needs at least two parties")
	}
	var pairs []plotPair
	for x := range k {
		for y := x + 1; y < k; y++ {
			pairs = append(pairs, plotPair{x, y})
		}
	}
	if len(pairs) > 1 {
		title = "" // one title would not say which panel it names
	}
	sols := []plotSolution{
		{"Nash", a.Nash, draw.PyramidGlyph{}, color.RGBA{R: 200, A: 255}},
		{"Kalai–Smorodinsky", a.KalaiSmorodinsky, draw.SquareGlyph{}, color.RGBA{G: 140, A: 255}},
		{"egalitarian", a.Egalitarian, draw.CrossGlyph{}, color.RGBA{R: 150, B: 200, A: 255}},
		{"utilitarian", a.Utilitarian, draw.PlusGlyph{}, color.RGBA{R: 220, G: 130, A: 255}},
	}
	cols := int(math.Ceil(math.Sqrt(float64(len(pairs)))))
	rows := (len(pairs) + cols - 1) / cols
	plots := make([][]*plot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, cols)
	}
	for n, pr := range pairs {
		p, err := plotPanel(title, m, a, pr, sols)
		if err != nil {
			return err
		}
		plots[n/cols][n%cols] = p
	}
	img := drawPanels(plots, rows, cols)
	return writeFile(file, func(w io.Writer) error {
		_, err := img.WriteTo(w)
		return err
	})
}

// plotPanel draws the frontier, the reservation point and the solutions
// for one pair of parties.
func plotPanel(title string, m *analysis.Model, a *analysis.Analysis, pr plotPair, sols []plotSolution) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = a.Parties[pr.x]
	p.Y.Label.Text = a.Parties[pr.y]
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	front := make(plotter.XYs, len(a.Frontier))
	for t, pt := range a.Frontier {
		front[t] = plotter.XY{X: pt.Utility[pr.x], Y: pt.Utility[pr.y]}
	}
	fs, err := plotter.NewScatter(front)
	if err != nil {
		return nil, err
	}
	fs.GlyphStyle.Color = color.RGBA{B: 180, A: 255}
	fs.GlyphStyle.Radius = vg.Points(1.5)
	p.Add(fs)
	p.Legend.Add("Pareto frontier", fs)
	rs, err := plotter.NewScatter(plotter.XYs{{X: m.Reservation(pr.x), Y: m.Reservation(pr.y)}})
	if err != nil {
		return nil, err
	}
	rs.GlyphStyle.Shape = draw.RingGlyph{}
	rs.GlyphStyle.Radius = vg.Points(4)
	p.Add(rs)
	p.Legend.Add("reservation", rs)
	for _, s := range sols {
		if s.pt == nil {
			continue
		}
		ss, err := plotter.NewScatter(plotter.XYs{{X: s.pt.Utility[pr.x], Y: s.pt.Utility[pr.y]}})
		if err != nil {
			return nil, err
		}
		ss.GlyphStyle.Shape = s.shape
		ss.GlyphStyle.Color = s.col
		ss.GlyphStyle.Radius = vg.Points(4)
		p.Add(ss)
		p.Legend.Add(s.name, ss)
	}
	p.Legend.Top = true
	p.Legend.Left = true
	p.Add(plotter.NewGrid())
	return p, nil
}

// drawPanels lays the panels out in a grid of 12 cm tiles on an SVG
// canvas.
func drawPanels(plots [][]*plot.Plot, rows, cols int) *vgsvg.Canvas {
	size := 12 * vg.Centimeter
	img := vgsvg.New(vg.Length(cols)*size, vg.Length(rows)*size)
	dc := draw.New(img)
	canvases := plot.Align(plots, draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter, PadY: vg.Millimeter}, dc)
	for r := range plots {
		for c, p := range plots[r] {
			if p != nil {
				p.Draw(canvases[r][c])
			}
		}
	}
	return img
}
