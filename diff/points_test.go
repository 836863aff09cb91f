package diff_test

import (
	"reflect"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
)

// pt builds a top-level point.
func pt(id int64, text string, from ...int64) parley.Point {
	return parley.Point{ID: id, Kind: parley.KindPoint, Text: text, From: from}
}

func draft(n int, points ...parley.Point) *parley.Draft {
	nums := parley.Numbering(points)
	for i := range points {
		points[i].Number = nums[i]
	}
	return &parley.Draft{Number: n, Tabled: true, Points: points}
}

type row struct {
	Change parley.Change
	ID     int64
	From   []int64
	Moved  bool
}

func rows(r *diff.Result) []row {
	var out []row
	for _, c := range r.Changes {
		out = append(out, row{c.Change, c.ID, c.From, c.Moved})
	}
	return out
}

func TestCompare(t *testing.T) {
	d1 := draft(1,
		pt(1, "Sovereignty of Ukraine will be confirmed."),
		pt(2, "Ukraine will not join NATO."),
		pt(3, "Sanctions will be lifted in stages."),
		pt(4, "Elections will be held within 100 days."),
		pt(5, "Territory: Donetsk and Luhansk regions recognised de facto."),
	)
	// Draft 2: point 2 amended, 3 moved to the end, 4 removed, 5 split into
	// 6 and 7, a new point 8.
	d2 := draft(2,
		pt(1, "Sovereignty of Ukraine will be confirmed."),
		pt(2, "Ukraine will not join NATO for twenty years."),
		pt(6, "Territory: Donetsk region.", 5),
		pt(7, "Territory: Luhansk region.", 5),
		pt(8, "A prisoner exchange: all for all."),
		pt(3, "Sanctions will be lifted in stages."),
	)
	// Draft 3: 6 and 7 merged into 9; 8 unchanged.
	d3 := draft(3,
		pt(1, "Sovereignty of Ukraine will be confirmed."),
		pt(2, "Ukraine will not join NATO for twenty years."),
		pt(9, "Territory: the line of contact in Donetsk and Luhansk.", 6, 7),
		pt(8, "A prisoner exchange: all for all."),
		pt(3, "Sanctions will be lifted in stages."),
	)

	t.Run("1 to 2", func(t *testing.T) {
		got := diff.Compare([]*parley.Draft{d1, d2})
		want := []row{
			{parley.ChangeUnchanged, 1, nil, false},
			{parley.ChangeAmended, 2, nil, false},
			{parley.ChangeSplit, 6, []int64{5}, false},
			{parley.ChangeSplit, 7, []int64{5}, false},
			{parley.ChangeNew, 8, nil, false},
			{parley.ChangeMoved, 3, nil, true},
			{parley.ChangeRemoved, 4, nil, false},
		}
		if g := rows(got); !reflect.DeepEqual(g, want) {
			t.Errorf("got  %v\nwant %v", g, want)
		}
		amended := got.Changes[1]
		wantWords := []diff.Op{{diff.Equal, "Ukraine will not join NATO"}, {diff.Insert, " for twenty years"}, {diff.Equal, "."}}
		if !reflect.DeepEqual(amended.Words, wantWords) {
			t.Errorf("words: got %v, want %v", amended.Words, wantWords)
		}
		if amended.OldNumber != "2" || amended.Number != "2" {
			t.Errorf("numbers: got %q → %q, want 2 → 2", amended.OldNumber, amended.Number)
		}
		if got.Counts[parley.ChangeSplit] != 2 || got.Counts[parley.ChangeRemoved] != 1 {
			t.Errorf("counts: got %v", got.Counts)
		}
	})

	t.Run("2 to 3", func(t *testing.T) {
		got := diff.Compare([]*parley.Draft{d2, d3})
		want := []row{
			{parley.ChangeUnchanged, 1, nil, false},
			{parley.ChangeUnchanged, 2, nil, false},
			{parley.ChangeMerged, 9, []int64{6, 7}, false},
			{parley.ChangeUnchanged, 8, nil, false},
			{parley.ChangeUnchanged, 3, nil, false},
		}
		if g := rows(got); !reflect.DeepEqual(g, want) {
			t.Errorf("got  %v\nwant %v", g, want)
		}
	})

	t.Run("1 to 3 follows the split and the merge", func(t *testing.T) {
		got := diff.Compare([]*parley.Draft{d1, d2, d3})
		want := []row{
			{parley.ChangeUnchanged, 1, nil, false},
			{parley.ChangeAmended, 2, nil, false},
			// 9 descends from 5 alone, through 6 and 7.
			{parley.ChangeAmended, 9, []int64{5}, false},
			{parley.ChangeNew, 8, nil, false},
			{parley.ChangeMoved, 3, nil, true},
			{parley.ChangeRemoved, 4, nil, false},
		}
		if g := rows(got); !reflect.DeepEqual(g, want) {
			t.Errorf("got  %v\nwant %v", g, want)
		}
	})

	t.Run("a point under another parent has moved", func(t *testing.T) {
		a := draft(1, parley.Point{ID: 1, Kind: parley.KindSection, Title: "A"}, parley.Point{ID: 2, Kind: parley.KindSection, Title: "B"},
			parley.Point{ID: 3, Kind: parley.KindPoint, Text: "x", Parent: 1, Depth: 1})
		b := draft(2, parley.Point{ID: 1, Kind: parley.KindSection, Title: "A"}, parley.Point{ID: 2, Kind: parley.KindSection, Title: "B"},
			parley.Point{ID: 3, Kind: parley.KindPoint, Text: "x", Parent: 2, Depth: 1})
		got := diff.Compare([]*parley.Draft{a, b})
		if c := got.Changes[2]; c.Change != parley.ChangeMoved || !c.Moved {
			t.Errorf("got %s moved=%v, want moved", c.Change, c.Moved)
		}
	})
}
