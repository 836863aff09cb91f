// Package gap computes the measures a mediator steers by: the gap map of
// points × parties, the contention ranking with the main point of
// contention, and the convergence across drafts with a plain-language
// verdict.
//
// It computes only from what it is given: the caller passes the stances
// the viewer may see and, for the parties whose marking the viewer may
// know, which points they have marked (not how) and whether they have
// declared their marking finished. A point without a visible stance is
// "unmarked" only where the viewer may know the party has not marked it,
// and "withheld" otherwise: the party's mark, if any, is not shared with
// the viewer. Every figure computed from some parties' marks only says on
// whose marks it rests.
package gap

import (
	"sort"

	"github.com/parley-talks/parley"
)

// Cell values beyond the three stances.
const (
	Unmarked = "unmarked" // the party has not marked the point
	Withheld = "withheld" // the party's mark, if any, is not shared with the viewer
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

// Marking is what a viewer may know of one party's marking of a draft,
// without its content.
type Marking struct {
	// Marked holds the points the party has marked.
	Marked map[int64]bool
	// Finished reports whether the party has declared its marking of the
	// draft finished.
	Finished bool
}

// PartyCounts is one party's column of the map, counted: how many points
// the viewer sees with each stance, how many the party has not marked and
// how many it keeps from the viewer.
type PartyCounts struct {
	Party           int64  `json:"party"`
	Name            string `json:"name"`
	Acceptable      int    `json:"acceptable"`
	NeedsDiscussion int    `json:"needs_discussion"`
	Unsuitable      int    `json:"unsuitable"`
	// Unmarked counts the points the party has not marked, where the viewer
	// may know it; Withheld those whose mark, if any, is not shared with
	// the viewer.
	Unmarked int `json:"unmarked"`
	Withheld int `json:"withheld"`
	// Known reports whether the viewer may know which points the party has
	// marked (its own party and the mediator's team may); Marked counts
	// them and Finished says whether the party declared its marking
	// finished. Both are zero when not Known.
	Known    bool `json:"marking_known"`
	Marked   int  `json:"marked"`
	Finished bool `json:"finished"`
}

// Seen is the number of the party's marks the viewer sees.
func (c PartyCounts) Seen() int { return c.Acceptable + c.NeedsDiscussion + c.Unsuitable }

// Done reports whether the viewer knows the party is done marking: it
// declared so, or it marked every point.
func (c PartyCounts) Done() bool { return c.Known && (c.Finished || c.Unmarked == 0) }

// Map is the gap map of one draft as one viewer may see it.
type Map struct {
	Draft   int          `json:"draft"`
	Parties []PartyRef   `json:"parties"`
	Rows    []Row        `json:"rows"`
	Ranking []Contention `json:"ranking"`
	// Main is the main point of contention: the first of the ranking, if
	// any point is contested at all.
	Main *Contention `json:"main_point_of_contention"`
	// Counts has one entry per party column, in the same order.
	Counts []PartyCounts `json:"counts"`
	// Basis says on whose marks the ranking and the counts rest when the
	// viewer sees only some ("Russia's marks alone"); "" when it sees
	// every mark there is.
	Basis string `json:"basis,omitempty"`
}

// Build computes the gap map of draft d. parties are all the talks'
// parties (only those of kind party are columns); visible are the stances
// the viewer may see; seesAll reports whether the viewer sees every stance
// of a party, so that a point without a visible stance is unmarked.
func Build(d *parley.Draft, parties []parley.Party, visible []parley.Stance, seesAll func(partyID int64) bool) *Map {
	known := map[int64]*Marking{}
	for _, p := range parties {
		if seesAll(p.ID) {
			known[p.ID] = &Marking{Marked: map[int64]bool{}}
		}
	}
	for _, s := range visible {
		if k := known[s.PartyID]; k != nil {
			k.Marked[s.PointID] = true
		}
	}
	return BuildKnowing(d, parties, visible, known)
}

// BuildKnowing computes the gap map of draft d as Build does, given for
// each party whose marking the viewer may know which points it has marked
// and whether it has finished. A party missing from known is one whose
// unseen marks are withheld.
func BuildKnowing(d *parley.Draft, parties []parley.Party, visible []parley.Stance, known map[int64]*Marking) *Map {
	m := &Map{Draft: d.Number, Parties: []PartyRef{}, Rows: []Row{}, Ranking: []Contention{}, Counts: []PartyCounts{}}
	for _, p := range parties {
		if p.Kind == parley.PartyParty {
			m.Parties = append(m.Parties, PartyRef{p.ID, p.Name})
			c := PartyCounts{Party: p.ID, Name: p.Name}
			if k := known[p.ID]; k != nil {
				c.Known, c.Finished = true, k.Finished
			}
			m.Counts = append(m.Counts, c)
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
		for i, party := range m.Parties {
			v, ok := marks[key{p.ID, party.ID}]
			cell := Cell{Party: party.ID, Stance: string(v)}
			if !ok {
				cell.Stance = missing(known[party.ID], p.ID)
			}
			m.Counts[i].add(cell.Stance, known[party.ID] != nil && known[party.ID].Marked[p.ID])
			c.add(cell.Stance)
			r.Cells = append(r.Cells, cell)
		}
		m.Rows = append(m.Rows, r)
		m.Ranking = append(m.Ranking, c)
	}
	rank(m.Ranking)
	if len(m.Ranking) > 0 && m.Ranking[0].Score > 0 {
		main := m.Ranking[0]
		m.Main = &main
	}
	m.Basis = basis(m.Counts)
	return m
}

// missing is the cell of a point without a visible stance: unmarked where
// the viewer knows the party has not marked it, withheld otherwise.
func missing(k *Marking, point int64) string {
	if k != nil && !k.Marked[point] {
		return Unmarked
	}
	return Withheld
}

// add counts one cell of the party's column; marked reports whether the
// viewer knows the party marked the point.
func (c *PartyCounts) add(stance string, marked bool) {
	switch stance {
	case string(parley.Acceptable):
		c.Acceptable++
	case string(parley.NeedsDiscussion):
		c.NeedsDiscussion++
	case string(parley.Unsuitable):
		c.Unsuitable++
	case Unmarked:
		c.Unmarked++
	case Withheld:
		c.Withheld++
	}
	if marked {
		c.Marked++
	}
}

// add counts one visible stance in a point's contention score.
func (c *Contention) add(stance string) {
	switch parley.StanceValue(stance) {
	case parley.Unsuitable:
		c.Unsuitable++
		c.Contesting++
		c.Score += WeightUnsuitable
	case parley.NeedsDiscussion:
		c.NeedsDiscussion++
		c.Contesting++
		c.Score += WeightNeedsDiscussion
	case parley.Acceptable:
		c.Acceptable++
	}
}

// rank sorts the ranking most contested first; ties by more unsuitable
// marks, then by more contesting parties, then in the order of the text.
func rank(r []Contention) {
	sort.SliceStable(r, func(i, j int) bool {
		a, b := r[i], r[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Unsuitable != b.Unsuitable {
			return a.Unsuitable > b.Unsuitable
		}
		return a.Contesting > b.Contesting
	})
}
