package gap_test

import (
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/gap"
)

// The marks on fourPoints behind every view below: A (2) marked 10 and 11,
// shared 10 only; B (3) marked 10, 11 and 12, released 11 only; C (4)
// marked nothing.
var (
	allMarks = []parley.Stance{
		st(10, 2, parley.Acceptable), st(11, 2, parley.NeedsDiscussion),
		st(10, 3, parley.Acceptable), st(11, 3, parley.Unsuitable), st(12, 3, parley.Acceptable),
	}
	markedBy = map[int64]map[int64]bool{2: {10: true, 11: true}, 3: {10: true, 11: true, 12: true}, 4: {}}
)

func knowing(finished map[int64]bool, parties ...int64) map[int64]*gap.Marking {
	k := map[int64]*gap.Marking{}
	for _, p := range parties {
		k[p] = &gap.Marking{Marked: markedBy[p], Finished: finished[p]}
	}
	return k
}

func cells(m *gap.Map) map[int64][]string {
	got := map[int64][]string{}
	for _, r := range m.Rows {
		for _, c := range r.Cells {
			got[r.ID] = append(got[r.ID], c.Stance)
		}
	}
	return got
}

// TestMissingMarks checks the three kinds of missing marks — not marked,
// withheld from the viewer, and each stance — in the map and its counts,
// as the mediator, a party and an observer see them.
func TestMissingMarks(t *testing.T) {
	A, N, U, no, wh := "acceptable", "needs_discussion", "unsuitable", gap.Unmarked, gap.Withheld
	tests := []struct {
		name    string
		visible []parley.Stance
		known   map[int64]*gap.Marking
		want    map[int64][]string
		// per party column A, B, C: acceptable, needs discussion,
		// unsuitable, unmarked, withheld, marked
		counts [3][6]int
		status [5]int // acceptable to all, unsuitable to any, in discussion, unmarked, not shared
		basis  string
	}{{
		name:    "mediator",
		visible: []parley.Stance{allMarks[0], allMarks[3]}, // A shared 10; B released 11
		known:   knowing(nil, 2, 3, 4),
		want: map[int64][]string{
			10: {A, wh, no}, 11: {wh, U, no}, 12: {no, wh, no}, 13: {no, no, no},
		},
		counts: [3][6]int{{1, 0, 0, 2, 1, 2}, {0, 0, 1, 1, 2, 3}, {0, 0, 0, 4, 0, 0}},
		status: [5]int{0, 1, 0, 3, 0},
		basis:  "the marks shared with you: those of A's shared with you, those of B's shared with you, all of C's",
	}, {
		name:    "party A",
		visible: []parley.Stance{allMarks[0], allMarks[1], allMarks[3]},
		known:   knowing(nil, 2),
		want: map[int64][]string{
			10: {A, wh, wh}, 11: {N, U, wh}, 12: {no, wh, wh}, 13: {no, wh, wh},
		},
		counts: [3][6]int{{1, 1, 0, 2, 0, 2}, {0, 0, 1, 0, 3, 0}, {0, 0, 0, 0, 4, 0}},
		status: [5]int{0, 1, 0, 2, 1},
		basis:  "the marks shared with you: all of A's, those of B's shared with you, none of C's",
	}, {
		name:    "observer",
		visible: []parley.Stance{allMarks[3]},
		known:   knowing(nil),
		want: map[int64][]string{
			10: {wh, wh, wh}, 11: {wh, U, wh}, 12: {wh, wh, wh}, 13: {wh, wh, wh},
		},
		counts: [3][6]int{{0, 0, 0, 0, 4, 0}, {0, 0, 1, 0, 3, 0}, {0, 0, 0, 0, 4, 0}},
		status: [5]int{0, 1, 0, 0, 3},
		basis:  "the marks shared with you: none of A's, those of B's shared with you, none of C's",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := gap.BuildKnowing(fourPoints(1), parties, tt.visible, tt.known)
			got := cells(m)
			for id, w := range tt.want {
				for i := range w {
					if got[id][i] != w[i] {
						t.Errorf("point %d party column %d: got %q, want %q", id, i, got[id][i], w[i])
					}
				}
			}
			for i, c := range m.Counts {
				g := [6]int{c.Acceptable, c.NeedsDiscussion, c.Unsuitable, c.Unmarked, c.Withheld, c.Marked}
				if g != tt.counts[i] {
					t.Errorf("%s's counts: got %v, want %v", c.Name, g, tt.counts[i])
				}
				if want := tt.known[c.Party] != nil; c.Known != want {
					t.Errorf("%s's marking known: got %v, want %v", c.Name, c.Known, want)
				}
			}
			s := gap.StatusOf(m)
			if g := [5]int{s.AcceptableToAll, s.UnsuitableToAny, s.InDiscussion, s.Unmarked, s.NotShared}; g != tt.status {
				t.Errorf("status: got %v, want %v", g, tt.status)
			}
			if m.Basis != tt.basis {
				t.Errorf("basis: got %q, want %q", m.Basis, tt.basis)
			}
		})
	}
}

// TestVerdictNamesItsMarks checks the verdict as each viewer reads it:
// marking under way instead of a comparison, nothing compared with a
// draft without marks, and on whose marks it rests.
func TestVerdictNamesItsMarks(t *testing.T) {
	full := func(n int) *gap.Map {
		// Every party marked every point acceptable but C's 13, unsuitable.
		var ss []parley.Stance
		for _, p := range []int64{10, 11, 12, 13} {
			for _, party := range []int64{2, 3, 4} {
				v := parley.Acceptable
				if p == 13 && party == 4 {
					v = parley.Unsuitable
				}
				ss = append(ss, st(p, party, v))
			}
		}
		return gap.Build(fourPoints(n), parties, ss, all)
	}
	marked := func(ids ...int64) map[int64]bool {
		m := map[int64]bool{}
		for _, id := range ids {
			m[id] = true
		}
		return m
	}
	tests := []struct {
		name  string
		maps  []*gap.Map
		wants []string
		nots  []string
	}{{
		name: "mediator right after tabling",
		maps: []*gap.Map{full(1), gap.BuildKnowing(fourPoints(2), parties, nil, map[int64]*gap.Marking{
			2: {Marked: marked()}, 3: {Marked: marked()}, 4: {Marked: marked()}})},
		wants: []string{"Draft 2: marking under way (A 0 of 4, B 0 of 4, C 0 of 4)", "4 not yet marked by every party"},
		nots:  []string{"Further apart", "not shared with you"},
	}, {
		name: "mediator while marking, some withheld",
		maps: []*gap.Map{full(1), gap.BuildKnowing(fourPoints(2), parties, []parley.Stance{st(10, 2, parley.Acceptable)},
			map[int64]*gap.Marking{2: {Marked: marked(10, 11, 12, 13), Finished: true}, 3: {Marked: marked(10, 11)}, 4: {Marked: marked()}})},
		wants: []string{"marking under way (A finished, B 2 of 4, C 0 of 4)", "This rests on the marks shared with you: those of A's shared with you, none of B's, all of C's."},
		nots:  []string{"Further apart"},
	}, {
		name:  "observer right after tabling",
		maps:  []*gap.Map{full(1), gap.BuildKnowing(fourPoints(2), parties, nil, nil)},
		wants: []string{"Draft 2: no mark on it is shared with you yet."},
		nots:  []string{"Further apart", "not yet marked"},
	}, {
		name: "party A on its own marks",
		maps: []*gap.Map{
			gap.BuildKnowing(fourPoints(1), parties, []parley.Stance{st(10, 2, parley.Acceptable), st(11, 2, parley.Acceptable), st(12, 2, parley.Acceptable), st(13, 2, parley.Acceptable)}, knowing(nil, 2)),
			gap.BuildKnowing(fourPoints(2), parties, []parley.Stance{st(10, 2, parley.Acceptable), st(11, 2, parley.Unsuitable), st(12, 2, parley.Acceptable), st(13, 2, parley.Acceptable)}, knowing(nil, 2)),
		},
		wants: []string{"Draft 2 (not compared: you see none of B's or C's marks): 0 of 4 points", "main point of contention: 2 Territory", "This rests on A's marks alone."},
		nots:  []string{"not yet marked", "As close as", "Further apart"},
	}, {
		name:  "draft without marks is not compared",
		maps:  []*gap.Map{gap.BuildKnowing(fourPoints(1), parties, nil, nil), full(2)},
		wants: []string{"Draft 2, the first with marks to compare: 3 of 4 points"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := gap.Converge(tt.maps).Verdict
			for _, w := range tt.wants {
				if !strings.Contains(got, w) {
					t.Errorf("got %q, want it to contain %q", got, w)
				}
			}
			for _, n := range tt.nots {
				if strings.Contains(got, n) {
					t.Errorf("got %q, want no %q", got, n)
				}
			}
		})
	}
}
