// Package gap computes the measures a mediator steers by: the gap map of
// points × parties, the contention ranking with the main point of
// contention, and the convergence across drafts with a plain-language
// verdict.
//
// It computes only from what it is given: the caller passes the stances
// the viewer may see, and says for which parties the viewer sees every
// stance. A stance the viewer may not see is "withheld", never "unmarked",
// so the map does not reveal whether a party has marked a point.
package gap

import (
	"fmt"
	"sort"
	"strings"

	"github.com/parley-talks/parley"
)

// Cell values beyond the three stances.
const (
	Unmarked = "unmarked" // the party has not marked the point
	Withheld = "withheld" // the viewer may not see the party's mark, if any
)

// Weights of the stances in the contention score.
const (
	WeightUnsuitable      = 3
	WeightNeedsDiscussion = 1
)

// PartyRef names a party in a map.
type PartyRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Cell is one party's visible stance on one point.
type Cell struct {
	Party  int64  `json:"party"`
	Stance string `json:"stance"` // a StanceValue, Unmarked or Withheld
}

// Row is one point of the map.
type Row struct {
	ID     int64  `json:"id"`
	Number string `json:"number"`
	Title  string `json:"title,omitempty"`
	Text   string `json:"text"`
	Cells  []Cell `json:"cells"`
}

// Contention is one point's place in the contention ranking.
type Contention struct {
	ID              int64  `json:"id"`
	Number          string `json:"number"`
	Title           string `json:"title,omitempty"`
	Text            string `json:"text"`
	Label           string `json:"label"`
	Score           int    `json:"score"`
	Unsuitable      int    `json:"unsuitable"`
	NeedsDiscussion int    `json:"needs_discussion"`
	Acceptable      int    `json:"acceptable"`
	Contesting      int    `json:"contesting_parties"`
}

// Map is the gap map of one draft as one viewer may see it.
type Map struct {
	Draft   int          `json:"draft"`
	Parties []PartyRef   `json:"parties"`
	Rows    []Row        `json:"rows"`
	Ranking []Contention `json:"ranking"`
	// Main is the main point of contention: the first of the ranking, if
	// any point is contested at all.
	Main *Contention `json:"main_point_of_contention"`
}

// Build computes the gap map of draft d. parties are all the talks'
// parties (only those of kind party are columns); visible are the stances
// the viewer may see; seesAll reports whether the viewer sees every stance
// of a party.
func Build(d *parley.Draft, parties []parley.Party, visible []parley.Stance, seesAll func(partyID int64) bool) *Map {
	m := &Map{Draft: d.Number, Parties: []PartyRef{}, Rows: []Row{}, Ranking: []Contention{}}
	for _, p := range parties {
		if p.Kind == parley.PartyParty {
			m.Parties = append(m.Parties, PartyRef{p.ID, p.Name})
		}
	}
	type key struct{ point, party int64 }
	marks := map[key]parley.StanceValue{}
	for _, s := range visible {
		marks[key{s.PointID, s.PartyID}] = s.Value
	}
	for _, p := range d.Markable() {
		r := Row{ID: p.ID, Number: p.Number, Title: p.Title, Text: p.Text, Cells: []Cell{}}
		c := Contention{ID: p.ID, Number: p.Number, Title: p.Title, Text: p.Text, Label: p.Label()}
		for _, party := range m.Parties {
			v, ok := marks[key{p.ID, party.ID}]
			cell := Cell{Party: party.ID, Stance: string(v)}
			switch {
			case !ok && seesAll(party.ID):
				cell.Stance = Unmarked
			case !ok:
				cell.Stance = Withheld
			case v == parley.Unsuitable:
				c.Unsuitable++
				c.Contesting++
				c.Score += WeightUnsuitable
			case v == parley.NeedsDiscussion:
				c.NeedsDiscussion++
				c.Contesting++
				c.Score += WeightNeedsDiscussion
			case v == parley.Acceptable:
				c.Acceptable++
			}
			r.Cells = append(r.Cells, cell)
		}
		m.Rows = append(m.Rows, r)
		m.Ranking = append(m.Ranking, c)
	}
	// Most contested first; ties by more unsuitable marks, then by more
	// contesting parties, then in the order of the text.
	sort.SliceStable(m.Ranking, func(i, j int) bool {
		a, b := m.Ranking[i], m.Ranking[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Unsuitable != b.Unsuitable {
			return a.Unsuitable > b.Unsuitable
		}
		return a.Contesting > b.Contesting
	})
	if len(m.Ranking) > 0 && m.Ranking[0].Score > 0 {
		main := m.Ranking[0]
		m.Main = &main
	}
	return m
}

// Status is the standing of one draft.
type Status struct {
	Draft int `json:"draft"`
	// Points counts the points that can be marked (sections aside).
	Points int `json:"points"`
	// AcceptableToAll: every party's visible mark is acceptable.
	AcceptableToAll int `json:"acceptable_to_all"`
	// UnsuitableToAny: at least one party's visible mark is unsuitable.
	UnsuitableToAny int `json:"unsuitable_to_any"`
	// InDiscussion: every party marked, none unsuitable, some not acceptable.
	InDiscussion int `json:"in_discussion"`
	// Unmarked: none unsuitable and at least one party's mark is unmarked or
	// withheld.
	Unmarked int `json:"unmarked"`
	// Withheld counts the points on which the viewer may not see some
	// party's mark: the figures above are then only what the viewer sees.
	Withheld int `json:"withheld"`

	ShareAcceptable float64 `json:"share_acceptable_to_all"`
	ShareUnsuitable float64 `json:"share_unsuitable_to_any"`
	ShareUnmarked   float64 `json:"share_unmarked"`

	Main *Contention `json:"main_point_of_contention"`
}

// StatusOf sums up a gap map.
func StatusOf(m *Map) Status {
	s := Status{Draft: m.Draft, Points: len(m.Rows), Main: m.Main}
	for _, r := range m.Rows {
		var acceptable, unsuitable, missing int
		withheld := false
		for _, c := range r.Cells {
			withheld = withheld || c.Stance == Withheld
			switch c.Stance {
			case string(parley.Acceptable):
				acceptable++
			case string(parley.Unsuitable):
				unsuitable++
			case Unmarked, Withheld:
				missing++
			}
		}
		if withheld {
			s.Withheld++
		}
		switch {
		case unsuitable > 0:
			s.UnsuitableToAny++
		case len(r.Cells) > 0 && acceptable == len(r.Cells):
			s.AcceptableToAll++
		case missing > 0:
			s.Unmarked++
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

// Convergence is the standing of every tabled draft, oldest first, with a
// verdict on the latest.
type Convergence struct {
	Drafts  []Status `json:"drafts"`
	Verdict string   `json:"verdict"`
}

// Converge sums up the gap maps of the tabled drafts, given oldest first.
func Converge(maps []*Map) *Convergence {
	c := &Convergence{Drafts: []Status{}}
	for _, m := range maps {
		c.Drafts = append(c.Drafts, StatusOf(m))
	}
	c.Verdict = Verdict(c.Drafts)
	return c
}

// Verdict says in one sentence how the latest draft stands against every
// earlier one, e.g. "Closer than any earlier draft: 14 of 20 points
// acceptable to all parties; 2 unsuitable to at least one; main point of
// contention: 7 Territory."
func Verdict(drafts []Status) string {
	if len(drafts) == 0 {
		return "No draft has been tabled yet."
	}
	last := drafts[len(drafts)-1]
	var facts []string
	facts = append(facts, fmt.Sprintf("%d of %d points acceptable to all parties", last.AcceptableToAll, last.Points))
	facts = append(facts, fmt.Sprintf("%d unsuitable to at least one", last.UnsuitableToAny))
	if last.Unmarked > 0 {
		facts = append(facts, fmt.Sprintf("%d not yet marked by every party", last.Unmarked))
	}
	if last.Withheld > 0 {
		facts = append(facts, fmt.Sprintf("on %d some party's mark is not shared with you", last.Withheld))
	}
	if last.Main != nil {
		facts = append(facts, "main point of contention: "+last.Main.Label)
	}
	detail := strings.Join(facts, "; ") + "."

	if last.Points > 0 && last.AcceptableToAll == last.Points {
		return fmt.Sprintf("Every point of draft %d is acceptable to all parties: ready for a decision on the whole text.", last.Draft)
	}
	if len(drafts) == 1 {
		return fmt.Sprintf("Draft %d, the first: %s", last.Draft, detail)
	}
	best, bestDraft := -1.0, 0
	for _, d := range drafts[:len(drafts)-1] {
		if d.ShareAcceptable > best {
			best, bestDraft = d.ShareAcceptable, d.Draft
		}
	}
	prev := drafts[len(drafts)-2]
	const eps = 1e-9
	switch {
	case last.ShareAcceptable > best+eps:
		return "Closer than any earlier draft: " + detail
	case last.ShareAcceptable > best-eps:
		return fmt.Sprintf("As close as draft %d, and no closer: %s", bestDraft, detail)
	case last.ShareAcceptable > prev.ShareAcceptable+eps:
		return fmt.Sprintf("Closer than draft %d, but not as close as draft %d: %s", prev.Draft, bestDraft, detail)
	default:
		return fmt.Sprintf("Further apart than draft %d: %s", bestDraft, detail)
	}
}
