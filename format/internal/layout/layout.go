// Package layout holds what the document exporters (format/docx and
// format/pdf) say and compute alike: a draft's title and heading line, and
// how deep each node of its tree stands.
package layout

import (
	"fmt"
	"strings"
	"time"

	"github.com/parley-talks/parley"
)

// Title is the draft's title, or its name when it has none.
func Title(d *parley.Draft) string {
	if t := strings.TrimSpace(d.Title); t != "" {
		return t
	}
	return DraftName(d.Number)
}

// DraftName is "Draft 5", or "Working draft" for the mediator's draft 0.
func DraftName(n int) string {
	if n == 0 {
		return "Working draft"
	}
	return fmt.Sprintf("Draft %d", n)
}

// DraftLine is "Draft 5, tabled 2 December 2025 by mediator", the date in
// loc.
func DraftLine(d *parley.Draft, loc *time.Location) string {
	s := DraftName(d.Number)
	if !d.TabledAt.IsZero() {
		s += ", tabled " + d.TabledAt.In(loc).Format("2 January 2006")
		if d.TabledBy != "" {
			s += " by " + d.TabledBy
		}
	}
	return s
}

// Level is how deep a node stands: a point's level counts the points it
// stands in (1 for a top-level point), a section's the sections (1 for a
// top-level section).
type Level struct{ Point, Section int }

// Levels gives every node of d its level.
func Levels(d *parley.Draft) map[int64]Level {
	out := make(map[int64]Level, len(d.Points))
	kind := make(map[int64]parley.PointKind, len(d.Points))
	for _, p := range d.Points {
		kind[p.ID] = p.Kind
		parent, ok := out[p.Parent]
		var lv Level
		switch {
		case !ok || p.Parent == 0:
			lv = Level{Point: 1, Section: 1}
		case p.Kind == parley.KindPoint && kind[p.Parent] == parley.KindPoint:
			lv = Level{Point: parent.Point + 1, Section: parent.Section}
		case p.Kind == parley.KindPoint:
			lv = Level{Point: 1, Section: parent.Section}
		default:
			lv = Level{Point: 1, Section: parent.Section + 1}
		}
		out[p.ID] = lv
	}
	return out
}

// Column is one language's text of a draft for a document that sets the
// languages side by side: its heading ("en (source)"), its BCP 47 tag,
// and each point's text by identity.
type Column struct {
	Heading  string
	Language string
	Texts    map[int64]ColumnText
}

// ColumnText is a point's text in one column, with a note on its status
// ("stale", "missing") where it is not current; a missing text is empty.
type ColumnText struct {
	Title, Text string
	Note        string
}
