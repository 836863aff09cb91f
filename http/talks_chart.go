package http

import (
	"fmt"

	"github.com/parley-talks/parley/gap"
)

// chart is the convergence chart's geometry: per draft, a bar for the
// share acceptable to all (solid) and one for the share unsuitable to any
// (hatched, so that the two read apart without colour), a vertical axis
// of shares from 0 to 100 % and the drafts' numbers along the bottom.
type chart struct {
	Width, Height, Base, LabelY int
	// Left is where the bars start, right of the share axis; Top is the
	// height of 100 %; Mid is the middle of the bars, for the axis name.
	Left, Top, Mid int
	Ticks          []chartTick
	Bars           []chartBar
}

// chartTick is a share marked on the vertical axis at Y.
type chartTick struct {
	Y     int
	Label string
}

type chartBar struct {
	Draft              int
	Ok, No             float64
	X, X2, W, LabelX   int
	OkY, OkH, NoY, NoH int
}

// chartMinDrafts is the fewest drafts the chart has room for, so that one
// draft's bars keep the width they have among several instead of filling
// the chart.
const chartMinDrafts = 4

func convergenceChart(c *gap.Convergence) chart {
	const step, w, h, top, left = 60, 22, 120, 8, 40
	base := top + h
	width := left + step*max(len(c.Drafts), chartMinDrafts)
	ch := chart{Width: width, Height: base + 34, Base: base, LabelY: base + 15, Left: left, Top: top, Mid: left + (width-left)/2}
	for _, v := range []float64{0, 0.5, 1} {
		ch.Ticks = append(ch.Ticks, chartTick{Y: base - int(v*h), Label: fmt.Sprintf("%.0f%%", 100*v)})
	}
	for i, s := range c.Drafts {
		okH, noH := int(s.ShareAcceptable*h+0.5), int(s.ShareUnsuitable*h+0.5)
		x := left + i*step + 6
		ch.Bars = append(ch.Bars, chartBar{Draft: s.Draft, Ok: s.ShareAcceptable, No: s.ShareUnsuitable,
			X: x, X2: x + w, W: w, LabelX: x + w,
			OkY: base - okH, OkH: okH, NoY: base - noH, NoH: noH})
	}
	return ch
}
