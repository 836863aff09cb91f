package http

import (
	"github.com/parley-talks/parley"
)

// Reading and marking long drafts: compact rows, navigation by section and
// filters on the draft page.

// longDraft is the number of points above which a draft page shows each
// point's mark alone, with its rationale and sharing a click away: a full
// form on each of 2,000 points made a 3.6 MB page that took a minute to
// open in a browser.
const longDraft = 150

// compactView reports whether the draft page shows compact rows: as
// ?view= asks ("compact", "full"), else as the reader's preference says,
// "auto" meaning for long drafts only.
func compactView(view string, points int) bool {
	switch view {
	case "full":
		return false
	case "compact":
		return true
	}
	return points > longDraft
}

// sectionLink is one entry of a draft page's navigation by section.
type sectionLink struct {
	ID     int64
	Title  string
	Points int
}

// sectionsOf lists the top-level sections of a draft with the number of
// points in each.
func sectionsOf(points []pointView) []sectionLink {
	var out []sectionLink
	for _, p := range points {
		switch {
		case p.Kind == parley.KindSection && p.Depth == 0:
			out = append(out, sectionLink{ID: p.ID, Title: p.Title})
		case p.Kind == parley.KindPoint && len(out) > 0:
			out[len(out)-1].Points++
		}
	}
	return out
}

// filters are the draft page's filters, by ?show= value.
var filters = map[string]func(v pointView) bool{
	// unmarked: points the viewer's party has not marked.
	"unmarked": func(v pointView) bool { return v.Mine == nil },
	// changed: points new or changed since the previous draft.
	"changed": func(v pointView) bool { return v.Change != "" && v.Change != parley.ChangeUnchanged },
	// contested: points on which a stance the viewer sees is not
	// "acceptable".
	"contested": func(v pointView) bool {
		if v.Mine != nil && v.Mine.Value != parley.Acceptable {
			return true
		}
		for _, s := range v.Others {
			if s.Value != parley.Acceptable {
				return true
			}
		}
		return false
	},
}

// filterPoints keeps the points that filter show keeps, with the section
// headings above them; "" keeps everything.
func filterPoints(points []pointView, show string) ([]pointView, error) {
	if show == "" {
		return points, nil
	}
	keep, ok := filters[show]
	if !ok {
		return nil, parley.Invalid("show", "show must be unmarked, changed or contested")
	}
	var out []pointView
	var heads []pointView // the sections above the next kept point, not yet shown
	for _, p := range points {
		if p.Kind == parley.KindSection {
			for len(heads) > 0 && heads[len(heads)-1].Depth >= p.Depth {
				heads = heads[:len(heads)-1]
			}
			heads = append(heads, p)
			continue
		}
		if keep(p) {
			out = append(out, heads...)
			heads = heads[:0]
			out = append(out, p)
		}
	}
	return out, nil
}

// countPoints counts the points among views, not the headings.
func countPoints(views []pointView) int {
	n := 0
	for _, v := range views {
		if v.Kind == parley.KindPoint {
			n++
		}
	}
	return n
}
