package diff

import (
	"slices"
	"strings"

	"github.com/parley-talks/parley"
)

// PointChange is how one point fares between two drafts.
type PointChange struct {
	Change parley.Change `json:"change"`
	// ID, Number, Title and Text describe the point in the newer draft; for a
	// removed point, in the older one.
	ID     int64            `json:"id"`
	Kind   parley.PointKind `json:"kind"`
	Number string           `json:"number"`
	Title  string           `json:"title,omitempty"`
	Text   string           `json:"text"`
	// OldNumber, OldTitle and OldText describe what the point came from in
	// the older draft (joined, for a merge): the number where it differs,
	// the title and text where the point was amended.
	OldNumber string `json:"old_number,omitempty"`
	OldTitle  string `json:"old_title,omitempty"`
	OldText   string `json:"old_text,omitempty"`
	// From lists the older draft's points a split or merged point came from.
	From []int64 `json:"from,omitempty"`
	// Into lists the newer draft's points a removed point went into.
	Into    []int64 `json:"into,omitempty"`
	Moved   bool    `json:"moved,omitempty"`
	Amended bool    `json:"amended,omitempty"`
	// Words is the word-level diff of OldText and Text, when they differ;
	// TitleWords the same for the titles.
	Words      []Op `json:"words,omitempty"`
	TitleWords []Op `json:"title_words,omitempty"`
}

// Result compares two drafts.
type Result struct {
	From    int           `json:"from"`
	To      int           `json:"to"`
	Changes []PointChange `json:"changes"`
	// Counts has the number of changes of each kind among the points;
	// Sections the same among the section headings, which are not points.
	Counts   map[parley.Change]int `json:"counts"`
	Sections map[parley.Change]int `json:"section_counts"`
}

// Compare compares the first and last of a chain of consecutive drafts,
// from older to newer. The drafts in between are needed to follow points
// through splits and merges: each draft's points name, in From, the points
// of the draft before it that they were made from.
//
// The changes come in the order of the newer draft, each removed point
// after the point that preceded it in the older draft where it can be
// placed, else at the end.
func Compare(chain []*parley.Draft) *Result {
	if len(chain) == 0 {
		return &Result{Counts: map[parley.Change]int{}, Sections: map[parley.Change]int{}}
	}
	cmp := newComparison(chain)
	res := &Result{From: cmp.older.Number, To: cmp.newer.Number, Counts: map[parley.Change]int{}, Sections: map[parley.Change]int{}}
	for _, p := range cmp.newer.Points {
		res.Changes = append(res.Changes, cmp.change(p))
	}
	removed, after := cmp.removed()
	res.Changes = placeRemoved(res.Changes, removed, after)
	for _, c := range res.Changes {
		if c.Kind == parley.KindSection {
			res.Sections[c.Change]++
		} else {
			res.Counts[c.Change]++
		}
	}
	return res
}

// comparison is what Compare knows of the first and last drafts of a
// chain.
type comparison struct {
	older, newer *parley.Draft
	anc          map[int64][]int64 // the older points each newer point comes from
	desc         map[int64][]int64 // the newer points each older point went into
	oldAt        map[int64]int     // the index of each older point
	moved        map[int64]bool
}

func newComparison(chain []*parley.Draft) *comparison {
	older, newer := chain[0], chain[len(chain)-1]
	cmp := &comparison{older: older, newer: newer, anc: lineage(chain), desc: map[int64][]int64{}, oldAt: map[int64]int{}}
	for i, p := range older.Points {
		cmp.oldAt[p.ID] = i
	}
	for _, p := range newer.Points {
		for _, a := range cmp.anc[p.ID] {
			cmp.desc[a] = append(cmp.desc[a], p.ID)
		}
	}
	cmp.moved = movedPoints(older, newer, cmp.anc)
	return cmp
}

// change says how newer point p fares: new, carried on (amended, moved or
// unchanged) or made from other points (split or merged). It says only
// what differs, and the word-level diffs where the point was amended.
func (cmp *comparison) change(p parley.Point) PointChange {
	c := PointChange{ID: p.ID, Kind: p.Kind, Number: p.Number, Title: p.Title, Text: p.Text}
	switch a := cmp.anc[p.ID]; {
	case len(a) == 0:
		c.Change = parley.ChangeNew
	case len(a) == 1 && a[0] == p.ID:
		cmp.carried(&c, p)
	default:
		cmp.madeFrom(&c, p, a)
	}
	if !c.Amended {
		// Say only what differs: an unchanged or moved point keeps its
		// title and text.
		c.OldTitle, c.OldText = "", ""
		if c.OldNumber == c.Number {
			c.OldNumber = ""
		}
	}
	if c.Amended {
		if c.OldText != c.Text {
			c.Words = Words(c.OldText, c.Text)
		}
		if c.OldTitle != c.Title {
			c.TitleWords = Words(c.OldTitle, c.Title)
		}
	}
	return c
}

// carried fills in the change of a point the newer draft carries on
// under the same id.
func (cmp *comparison) carried(c *PointChange, p parley.Point) {
	old := cmp.older.Points[cmp.oldAt[p.ID]]
	c.OldNumber, c.OldTitle, c.OldText = old.Number, old.Title, old.Text
	c.Amended = old.Title != p.Title || old.Text != p.Text
	c.Moved = cmp.moved[p.ID]
	switch {
	case c.Amended:
		c.Change = parley.ChangeAmended
	case c.Moved:
		c.Change = parley.ChangeMoved
	default:
		c.Change = parley.ChangeUnchanged
	}
}

// madeFrom fills in the change of a point made from the older points a:
// merged from several, split from one, or the one remaining part of an
// earlier split.
func (cmp *comparison) madeFrom(c *PointChange, p parley.Point, a []int64) {
	c.From = a
	var nums, titles, texts []string
	for _, id := range a {
		old := cmp.older.Points[cmp.oldAt[id]]
		nums = append(nums, old.Number)
		if old.Title != "" {
			titles = append(titles, old.Title)
		}
		texts = append(texts, old.Text)
	}
	c.OldNumber, c.OldTitle, c.OldText = strings.Join(nums, ", "), strings.Join(titles, " / "), strings.Join(texts, "\n")
	c.Amended = c.OldTitle != p.Title || c.OldText != p.Text
	switch {
	case len(a) > 1:
		c.Change = parley.ChangeMerged
	case len(cmp.desc[a[0]]) > 1:
		c.Change = parley.ChangeSplit
	default: // the one remaining part of an earlier split
		c.Change = parley.ChangeAmended
	}
}

// removed returns the older points gone from the newer draft, except
// those split or merged into newer points, and for each the index among
// the newer points of the point that preceded it in the older draft, or
// -1.
func (cmp *comparison) removed() (removed []PointChange, after []int) {
	inNewer := map[int64]int{}
	for i, p := range cmp.newer.Points {
		inNewer[p.ID] = i
	}
	for i, old := range cmp.older.Points {
		if _, ok := inNewer[old.ID]; ok {
			continue
		}
		c := PointChange{Change: parley.ChangeRemoved, ID: old.ID, Kind: old.Kind, Number: old.Number,
			Title: old.Title, Text: old.Text, Into: cmp.desc[old.ID]}
		if len(c.Into) > 0 {
			continue // reported as the source of a split or merge
		}
		at := -1
		for j := i - 1; j >= 0; j-- {
			if k, ok := inNewer[cmp.older.Points[j].ID]; ok {
				at = k
				break
			}
		}
		removed = append(removed, c)
		after = append(after, at)
	}
	return removed, after
}

// placeRemoved places each removed point after the change at index
// after[i] of changes (-1: at the start), in order.
func placeRemoved(changes, removed []PointChange, after []int) []PointChange {
	if len(removed) == 0 {
		return changes
	}
	var merged []PointChange
	r := 0
	for r < len(removed) && after[r] == -1 {
		merged = append(merged, removed[r])
		r++
	}
	for i, c := range changes {
		merged = append(merged, c)
		for r < len(removed) && after[r] == i {
			merged = append(merged, removed[r])
			r++
		}
	}
	return append(merged, removed[r:]...)
}

// lineage maps each point of the last draft of chain to the points of the
// first draft it descends from, sorted.
func lineage(chain []*parley.Draft) map[int64][]int64 {
	anc := map[int64][]int64{}
	for _, p := range chain[0].Points {
		anc[p.ID] = []int64{p.ID}
	}
	for _, d := range chain[1:] {
		next := make(map[int64][]int64, len(d.Points))
		for _, p := range d.Points {
			parents := p.From
			if _, ok := anc[p.ID]; ok && len(p.From) == 0 {
				parents = []int64{p.ID}
			}
			var a []int64
			for _, q := range parents {
				a = append(a, anc[q]...)
			}
			slices.Sort(a)
			next[p.ID] = slices.Compact(a)
		}
		anc = next
	}
	return anc
}

// movedPoints reports the points that both drafts hold under the same
// identity but in another place: under another parent, or out of order
// relative to the other points both hold or that descend from the older
// draft's points. The fewest such are chosen: those outside a longest
// non-decreasing run of older positions.
func movedPoints(older, newer *parley.Draft, anc map[int64][]int64) map[int64]bool {
	oldAt := map[int64]int{}
	oldParent := map[int64]int64{}
	for i, p := range older.Points {
		oldAt[p.ID] = i
		oldParent[p.ID] = p.Parent
	}
	var ids []int64
	var seq []int
	var derived []bool
	for _, p := range newer.Points {
		if a := anc[p.ID]; len(a) > 0 {
			ids = append(ids, p.ID)
			seq = append(seq, oldAt[a[0]])
			_, same := oldAt[p.ID]
			derived = append(derived, !same)
		}
	}
	keep := longestNonDecreasing(seq, derived)
	moved := map[int64]bool{}
	for k, id := range ids {
		if _, same := oldAt[id]; same && !keep[k] {
			moved[id] = true
		}
	}
	for _, p := range newer.Points {
		if parent, ok := oldParent[p.ID]; ok && parent != p.Parent {
			moved[p.ID] = true
		}
	}
	return moved
}

// longestNonDecreasing marks the elements of a longest non-decreasing
// subsequence of seq; among equally long ones, it keeps as many elements
// marked preferred as it can. O(n²), which a draft's size allows.
func longestNonDecreasing(seq []int, preferred []bool) []bool {
	n := len(seq)
	weight := func(i int) int64 {
		w := int64(n + 1)
		if preferred[i] {
			w++
		}
		return w
	}
	best := make([]int64, n)
	prev := make([]int, n)
	end := -1
	for i := range seq {
		best[i], prev[i] = weight(i), -1
		for j := 0; j < i; j++ {
			if seq[j] <= seq[i] && best[j]+weight(i) > best[i] {
				best[i], prev[i] = best[j]+weight(i), j
			}
		}
		if end < 0 || best[i] > best[end] {
			end = i
		}
	}
	keep := make([]bool, n)
	for i := end; i >= 0; i = prev[i] {
		keep[i] = true
	}
	return keep
}
