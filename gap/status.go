package gap

import (
	"fmt"
	"strings"

	"github.com/parley-talks/parley"
)

// Status is the standing of one draft.
//
// AcceptableToAll, UnsuitableToAny, InDiscussion, Unmarked and NotShared
// divide the points between them: each point is counted in exactly one.
type Status struct {
	Draft int `json:"draft"`
	// Points counts the points that can be marked (sections aside).
	Points int `json:"points"`
	// AcceptableToAll: every party's visible mark is acceptable.
	AcceptableToAll int `json:"acceptable_to_all"`
	// UnsuitableToAny: at least one party's visible mark is unsuitable.
	UnsuitableToAny int `json:"unsuitable_to_any"`
	// InDiscussion: every party's mark is visible, none unsuitable, some
	// not acceptable.
	InDiscussion int `json:"in_discussion"`
	// Unmarked: none unsuitable, and at least one party has not marked the
	// point, as far as the viewer may know.
	Unmarked int `json:"unmarked"`
	// NotShared: none unsuitable, none known to be unmarked, and at least
	// one party's mark, if any, not shared with the viewer.
	NotShared int `json:"not_shared"`
	// Withheld counts the points on which the viewer may not see some
	// party's mark: the figures above are then only what the viewer sees.
	Withheld int `json:"withheld"`

	ShareAcceptable float64 `json:"share_acceptable_to_all"`
	ShareUnsuitable float64 `json:"share_unsuitable_to_any"`
	ShareUnmarked   float64 `json:"share_unmarked"`

	Main *Contention `json:"main_point_of_contention"`
	// NoMarks reports that the viewer sees no mark at all on the draft: it
	// has nothing to compare with other drafts.
	NoMarks bool `json:"no_marks"`
	// Parties counts each party's column, with its marking progress where
	// the viewer may know it.
	Parties []PartyCounts `json:"parties"`
	// Basis says on whose marks the figures rest when the viewer sees only
	// some (see Map.Basis).
	Basis string `json:"basis,omitempty"`
}

// StatusOf sums up a gap map.
func StatusOf(m *Map) Status {
	s := Status{Draft: m.Draft, Points: len(m.Rows), Main: m.Main, Parties: m.Counts, Basis: m.Basis, NoMarks: true}
	if s.Parties == nil {
		s.Parties = []PartyCounts{}
	}
	for _, r := range m.Rows {
		var n [5]int // acceptable, unsuitable, unmarked, withheld, seen
		for _, c := range r.Cells {
			switch c.Stance {
			case string(parley.Acceptable):
				n[0]++
			case string(parley.Unsuitable):
				n[1]++
			case Unmarked:
				n[2]++
			case Withheld:
				n[3]++
			}
			if parley.StanceValue(c.Stance).Valid() {
				n[4]++
			}
		}
		if n[3] > 0 {
			s.Withheld++
		}
		if n[4] > 0 {
			s.NoMarks = false
		}
		switch {
		case n[1] > 0:
			s.UnsuitableToAny++
		case len(r.Cells) > 0 && n[0] == len(r.Cells):
			s.AcceptableToAll++
		case n[2] > 0:
			s.Unmarked++
		case n[3] > 0:
			s.NotShared++
		default:
			s.InDiscussion++
		}
	}
	if s.Points > 0 {
		n := float64(s.Points)
		s.ShareAcceptable = float64(s.AcceptableToAll) / n
		s.ShareUnsuitable = float64(s.UnsuitableToAny) / n
		s.ShareUnmarked = float64(s.Unmarked) / n
	}
	return s
}

// Progress says how the marking of the draft stands for the parties whose
// marking the viewer may know, when some of them are not done ("Russia
// finished, Ukraine 12 of 22"), and "" when every such party is done or
// the viewer knows of none.
func (s Status) Progress() string { return s.ProgressIn(fmt.Sprintf) }

// ProgressIn is Progress in the language of sprintf, a translating
// Sprintf whose formats are the English texts.
func (s Status) ProgressIn(sprintf func(string, ...any) string) string {
	var parts []string
	underWay := false
	for _, c := range s.Parties {
		switch {
		case !c.Known:
			continue
		case c.Finished:
			parts = append(parts, sprintf("%s finished", c.Name))
		case c.Unmarked == 0:
			parts = append(parts, sprintf("%s marked all %d", c.Name, s.Points))
		default:
			underWay = true
			parts = append(parts, sprintf("%s %d of %d", c.Name, c.Marked, s.Points))
		}
	}
	if !underWay {
		return ""
	}
	return strings.Join(parts, ", ")
}

// basis says on whose marks the counts rest, for a viewer who does not
// see every mark: "" when it does.
func basis(counts []PartyCounts) string { return BasisIn(counts, fmt.Sprintf) }

// BasisIn is a map's Basis, from its Counts, in the language of sprintf.
func BasisIn(counts []PartyCounts, sprintf func(string, ...any) string) string {
	var parts []string
	var contributing []PartyCounts
	partial := false
	for _, c := range counts {
		switch {
		case c.Withheld == 0:
			parts = append(parts, sprintf("all of %s's", c.Name))
			contributing = append(contributing, c)
		case c.Seen() > 0:
			partial = true
			parts = append(parts, sprintf("those of %s's shared with you", c.Name))
			contributing = append(contributing, c)
		default:
			partial = true
			parts = append(parts, sprintf("none of %s's", c.Name))
		}
	}
	switch {
	case !partial:
		return ""
	case len(contributing) == 0:
		return sprintf("no marks: none is shared with you")
	case len(contributing) == 1 && contributing[0].Withheld == 0:
		return sprintf("%s's marks alone", contributing[0].Name)
	}
	return sprintf("the marks shared with you: %s", strings.Join(parts, ", "))
}
