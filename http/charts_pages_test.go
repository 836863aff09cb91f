package http_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestChartsHaveTheirData: each chart on the pages (the convergence chart
// on the talks' home, the Pareto frontier on the analysis page) is an
// image with a title and has its data as a table beside it, one row per
// bar pair or dot, so a screen reader reads what the eye sees.
func TestChartsHaveTheirData(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServer(t)
	med, _ := signInPages(t, base, "mediator")
	rows := regexp.MustCompile(`<tr>`)
	_, home := med.get("/talks/1")
	chart, table := between(home, `id="convergence-chart"`, `</svg>`), between(home, `<table class="conv">`, `</table>`)
	bars := strings.Count(chart, `class="bar-ok"`)
	if !strings.Contains(chart, `role="img"`) || !strings.Contains(chart, "<title") || bars == 0 || len(rows.FindAllString(table, -1)) != bars+1 {
		t.Errorf("the convergence chart has %d bars and its table %d rows (with the header), want one per bar", bars, len(rows.FindAllString(table, -1)))
	}
	_, analysis := med.get("/talks/1/analysis")
	plot, data := between(analysis, `id="frontier-plot"`, `</svg>`), between(analysis, `id="frontier-data"`, `</details>`)
	dots := strings.Count(plot, `class="dot"`)
	if !strings.Contains(plot, `role="img"`) || dots == 0 || len(rows.FindAllString(data, -1)) != dots+1 {
		t.Errorf("the frontier plot has %d dots and its table %d rows (with the header), want one per dot", dots, len(rows.FindAllString(data, -1)))
	}
}

// between returns the part of s from the element holding the first
// start to the end that follows it ("" if either is missing).
func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	i = strings.LastIndex(s[:i], "<")
	j := strings.Index(s[i:], end)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}
