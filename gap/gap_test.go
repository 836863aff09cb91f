package gap_test

import (
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/gap"
)

var parties = []parley.Party{
	{ID: 1, Name: "Mediator", Kind: parley.PartyMediator},
	{ID: 2, Name: "A", Kind: parley.PartyParty},
	{ID: 3, Name: "B", Kind: parley.PartyParty},
	{ID: 4, Name: "C", Kind: parley.PartyParty},
	{ID: 5, Name: "Observer", Kind: parley.PartyObserver},
}

func fourPoints(n int) *parley.Draft {
	d := &parley.Draft{Number: n, Points: []parley.Point{
		{ID: 100, Kind: parley.KindSection, Title: "Part one"},
		{ID: 10, Kind: parley.KindPoint, Title: "Ceasefire", Text: "A ceasefire.", Parent: 100, Depth: 1},
		{ID: 11, Kind: parley.KindPoint, Title: "Territory", Text: "The line.", Parent: 100, Depth: 1},
		{ID: 12, Kind: parley.KindPoint, Title: "Elections", Text: "Within 100 days."},
		{ID: 13, Kind: parley.KindPoint, Title: "Sanctions", Text: "In stages."},
	}}
	nums := parley.Numbering(d.Points)
	for i := range d.Points {
		d.Points[i].Number = nums[i]
	}
	return d
}

func st(point, party int64, v parley.StanceValue) parley.Stance {
	return parley.Stance{PointID: point, PartyID: party, Value: v}
}

func all(int64) bool { return true }

func TestBuildRanking(t *testing.T) {
	d := fourPoints(1)
	stances := []parley.Stance{
		st(10, 2, parley.Acceptable), st(10, 3, parley.Acceptable), st(10, 4, parley.Acceptable),
		st(11, 2, parley.Unsuitable), st(11, 3, parley.NeedsDiscussion), st(11, 4, parley.Acceptable),
		st(12, 2, parley.NeedsDiscussion), st(12, 3, parley.NeedsDiscussion), st(12, 4, parley.NeedsDiscussion),
		st(13, 2, parley.Acceptable), st(13, 3, parley.Unsuitable),
	}
	m := gap.Build(d, parties, stances, all)
	if len(m.Parties) != 3 {
		t.Fatalf("got %d party columns, want 3 (parties of kind party only)", len(m.Parties))
	}
	if len(m.Rows) != 4 {
		t.Fatalf("got %d rows, want 4 (sections are not rows)", len(m.Rows))
	}
	// Scores: 11 = 3+1 = 4; 12 = 3×1 = 3; 13 = 3 (one unsuitable, beats 12 on
	// the tie); 10 = 0.
	wantOrder := []int64{11, 13, 12, 10}
	wantScore := []int{4, 3, 3, 0}
	for i, c := range m.Ranking {
		if c.ID != wantOrder[i] || c.Score != wantScore[i] {
			t.Errorf("rank %d: got point %d score %d, want point %d score %d", i, c.ID, c.Score, wantOrder[i], wantScore[i])
		}
	}
	if m.Main == nil || m.Main.ID != 11 || m.Main.Label != "2 Territory" {
		t.Errorf("main point: got %+v, want point 11 labelled \"2 Territory\"", m.Main)
	}
	if got := m.Rows[3].Cells[2].Stance; got != gap.Unmarked {
		t.Errorf("C on point 13: got %q, want %q", got, gap.Unmarked)
	}
	s := gap.StatusOf(m)
	if s.Points != 4 || s.AcceptableToAll != 1 || s.UnsuitableToAny != 2 || s.InDiscussion != 1 || s.Unmarked != 0 {
		t.Errorf("status: got %+v, want 4 points, 1 acceptable, 2 unsuitable, 1 in discussion, 0 unmarked", s)
	}
}

func TestWithheldIsNotUnmarked(t *testing.T) {
	d := fourPoints(1)
	// The viewer sees only party 2's stances in full; party 3 released one.
	visible := []parley.Stance{st(10, 2, parley.Acceptable), st(11, 3, parley.Unsuitable)}
	m := gap.Build(d, parties, visible, func(id int64) bool { return id == 2 })
	got := map[int64][]string{}
	for _, r := range m.Rows {
		for _, c := range r.Cells {
			got[r.ID] = append(got[r.ID], c.Stance)
		}
	}
	want := map[int64][]string{
		10: {"acceptable", gap.Withheld, gap.Withheld},
		11: {gap.Unmarked, "unsuitable", gap.Withheld},
		12: {gap.Unmarked, gap.Withheld, gap.Withheld},
		13: {gap.Unmarked, gap.Withheld, gap.Withheld},
	}
	for id, w := range want {
		for i := range w {
			if got[id][i] != w[i] {
				t.Errorf("point %d party column %d: got %q, want %q", id, i, got[id][i], w[i])
			}
		}
	}
}

func TestVerdict(t *testing.T) {
	mk := func(n, acceptable, unsuitable int) gap.Status {
		return gap.Status{Draft: n, Points: 20, AcceptableToAll: acceptable, UnsuitableToAny: unsuitable,
			InDiscussion: 20 - acceptable - unsuitable, ShareAcceptable: float64(acceptable) / 20,
			Main: &gap.Contention{Label: "7 Territory"}}
	}
	tests := []struct {
		drafts []gap.Status
		want   string
	}{
		{nil, "No draft has been tabled yet."},
		{[]gap.Status{mk(1, 5, 8)}, "Draft 1, the first: 5 of 20 points acceptable to all parties; 8 unsuitable to at least one; main point of contention: 7 Territory."},
		{[]gap.Status{mk(1, 5, 8), mk(2, 14, 2)}, "Closer than any earlier draft: 14 of 20 points acceptable to all parties; 2 unsuitable to at least one; main point of contention: 7 Territory."},
		{[]gap.Status{mk(1, 5, 8), mk(2, 14, 2), mk(3, 14, 1)}, "As close as draft 2, and no closer: 14 of 20 points acceptable to all parties; 1 unsuitable to at least one; main point of contention: 7 Territory."},
		{[]gap.Status{mk(1, 5, 8), mk(2, 14, 2), mk(3, 9, 3), mk(4, 12, 3)}, "Closer than draft 3, but not as close as draft 2: 12 of 20 points acceptable to all parties; 3 unsuitable to at least one; main point of contention: 7 Territory."},
		{[]gap.Status{mk(1, 5, 8), mk(2, 14, 2), mk(3, 9, 3)}, "Further apart than draft 2: 9 of 20 points acceptable to all parties; 3 unsuitable to at least one; main point of contention: 7 Territory."},
		{[]gap.Status{mk(1, 5, 8), mk(2, 20, 0)}, "Every point of draft 2 is acceptable to all parties: ready for a decision on the whole text."},
	}
	for _, tt := range tests {
		if got := gap.Verdict(tt.drafts); got != tt.want {
			t.Errorf("got  %q\nwant %q", got, tt.want)
		}
	}
}
