package http

import (
	"testing"

	"github.com/parley-talks/parley/gap"
)

// TestConvergenceChartSizes checks the chart's layout for no draft, one
// and many: room for at least chartMinDrafts drafts so that one draft's
// bars are as wide as among many, bars inside the axes, heights in
// proportion to the shares, and the share axis from 0 to 100 %.
func TestConvergenceChartSizes(t *testing.T) {
	drafts := func(n int) *gap.Convergence {
		c := &gap.Convergence{}
		for i := range n {
			c.Drafts = append(c.Drafts, gap.Status{Draft: i + 1, ShareAcceptable: float64(i) / float64(n), ShareUnsuitable: 1 - float64(i)/float64(n)})
		}
		return c
	}
	empty, one, many := convergenceChart(drafts(0)), convergenceChart(drafts(1)), convergenceChart(drafts(9))
	if len(empty.Bars) != 0 || empty.Width != one.Width {
		t.Errorf("no draft: got %d bars, width %d; want none and one draft's width %d", len(empty.Bars), empty.Width, one.Width)
	}
	if one.Width != one.Left+60*chartMinDrafts || one.Bars[0].W != many.Bars[0].W {
		t.Errorf("one draft: width %d, bar %d; want room for %d drafts and bars as wide as among many (%d)", one.Width, one.Bars[0].W, chartMinDrafts, many.Bars[0].W)
	}
	for _, b := range many.Bars {
		if b.X < many.Left || b.X2+b.W > many.Width || b.OkY+b.OkH != many.Base || b.NoY+b.NoH != many.Base || b.NoY < many.Top {
			t.Errorf("draft %d: bar %+v outside the axes (left %d, width %d, top %d, base %d)", b.Draft, b, many.Left, many.Width, many.Top, many.Base)
		}
	}
	if b := one.Bars[0]; b.OkH != 0 || b.NoH != one.Base-one.Top {
		t.Errorf("one draft, nothing acceptable and all unsuitable: got heights %d and %d, want 0 and %d", b.OkH, b.NoH, one.Base-one.Top)
	}
	if tk := many.Ticks; len(tk) != 3 || tk[0].Label != "0%" || tk[0].Y != many.Base || tk[2].Label != "100%" || tk[2].Y != many.Top {
		t.Errorf("got ticks %+v, want 0%% at the base and 100%% at the top", tk)
	}
}
