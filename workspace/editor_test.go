package workspace

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/parley-talks/parley"
)

// outline writes a flat draft as "id/depth" pairs, with its From lists.
func outline(f flatDraft) []string {
	var out []string
	for _, p := range f {
		s := string(rune('0'+p.depth)) + ":" + p.Text
		if p.ID != 0 {
			s += "#"
		}
		for _, id := range p.From {
			s += "<" + string(rune('0'+id))
		}
		out = append(out, s)
	}
	return out
}

// sample is a draft of points 1–5 of a tabled draft: 1, 2 (with 3 and 4
// under it) and 5.
func sample() flatDraft {
	p := func(id int64, text string, depth int) flatPoint {
		return flatPoint{parley.PointInput{ID: id, Kind: parley.KindPoint, Text: text}, depth}
	}
	return flatDraft{p(1, "a", 0), p(2, "b", 0), p(3, "c", 1), p(4, "d", 1), p(5, "e", 0)}
}

var tabled = map[int64]bool{1: true, 2: true, 3: true, 4: true, 5: true}

// TestPointEdits checks each edit of the structured editor on a small
// draft: the order, depths, identities and lineage it leaves.
func TestPointEdits(t *testing.T) {
	for _, c := range []struct {
		e    PointEdit
		want []string
	}{
		{PointEdit{Op: EditText, Point: 3, Text: "C"}, []string{"0:a#", "0:b#", "1:C#", "1:d#", "0:e#"}},
		{PointEdit{Op: EditAdd, Point: 2, Text: "new"}, []string{"0:a#", "0:b#", "1:c#", "1:d#", "0:new", "0:e#"}},
		{PointEdit{Op: EditAdd, Text: "first"}, []string{"0:first", "0:a#", "0:b#", "1:c#", "1:d#", "0:e#"}},
		{PointEdit{Op: EditDelete, Point: 2}, []string{"0:a#", "0:e#"}},
		{PointEdit{Op: EditUp, Point: 2}, []string{"0:b#", "1:c#", "1:d#", "0:a#", "0:e#"}},
		{PointEdit{Op: EditDown, Point: 2}, []string{"0:a#", "0:e#", "0:b#", "1:c#", "1:d#"}},
		{PointEdit{Op: EditDown, Point: 3}, []string{"0:a#", "0:b#", "1:d#", "1:c#", "0:e#"}},
		{PointEdit{Op: EditIndent, Point: 2}, []string{"0:a#", "1:b#", "2:c#", "2:d#", "0:e#"}},
		{PointEdit{Op: EditOutdent, Point: 3}, []string{"0:a#", "0:b#", "0:c#", "1:d#", "0:e#"}},
		{PointEdit{Op: EditSplit, Point: 2, Text: "b1\n\nb2"}, []string{"0:a#", "0:b1<2", "1:c#", "1:d#", "0:b2<2", "0:e#"}},
		{PointEdit{Op: EditMerge, Point: 3}, []string{"0:a#", "0:b#", "1:c d<3<4", "0:e#"}},
		{PointEdit{Op: EditMerge, Point: 2}, []string{"0:a#", "0:b e<2<5", "1:c#", "1:d#"}},
	} {
		got, err := sample().apply(c.e, tabled)
		if err != nil {
			t.Errorf("%+v: %v", c.e, err)
			continue
		}
		if o := outline(got); !slices.Equal(o, c.want) {
			t.Errorf("%+v:\n got %v\nwant %v", c.e, o, c.want)
		}
	}
	for _, e := range []PointEdit{{Op: EditUp, Point: 1}, {Op: EditDown, Point: 5}, {Op: EditIndent, Point: 1},
		{Op: EditOutdent, Point: 2}, {Op: EditSplit, Point: 1, Text: "no empty line"}, {Op: EditMerge, Point: 5},
		{Op: EditMerge, Point: 4}, {Op: EditText, Point: 9}, {Op: "fold", Point: 1}} {
		if _, err := sample().apply(e, tabled); parley.ErrorCode(err) != parley.EINVALID {
			t.Errorf("%+v: got %v, want invalid", e, err)
		}
	}
}

// TestSplitThenMergeRestores checks that merging back the two parts of a
// split point gives the point its identity back, amended by the joining.
func TestSplitThenMergeRestores(t *testing.T) {
	f, err := sample().apply(PointEdit{Op: EditSplit, Point: 5, Text: "e1\n\ne2"}, tabled)
	if err != nil {
		t.Fatal(err)
	}
	f[4].ID, f[5].ID = 101, 102 // the identities the working draft gives
	if f, err = f.apply(PointEdit{Op: EditMerge, Point: 101}, tabled); err != nil {
		t.Fatal(err)
	}
	if o := outline(f); !slices.Equal(o, []string{"0:a#", "0:b#", "1:c#", "1:d#", "0:e1 e2#"}) || f[4].ID != 5 {
		t.Errorf("split and merged back: %v (id %d)", o, f[4].ID)
	}
}

// TestPointEditsKeepTheTree applies random edits to random drafts: every
// edit either is refused or leaves a well-formed outline (depths from 0,
// rising by at most one) that tree and flatten carry over unchanged, and
// moves and indents keep every point.
func TestPointEditsKeepTheTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ops := []string{EditText, EditAdd, EditDelete, EditUp, EditDown, EditIndent, EditOutdent, EditSplit, EditMerge}
	for range 2000 {
		var f flatDraft
		depth := 0
		for i := range 1 + rng.IntN(8) {
			depth = rng.IntN(depth + 2)
			if i == 0 {
				depth = 0
			}
			f = append(f, flatPoint{parley.PointInput{ID: int64(i + 1), Kind: parley.KindPoint, Text: "t"}, depth})
		}
		e := PointEdit{Op: ops[rng.IntN(len(ops))], Point: int64(1 + rng.IntN(len(f))), Text: "x\n\ny"}
		before := len(f)
		got, err := slices.Clone(f).apply(e, tabled)
		if err != nil {
			continue
		}
		for i, p := range got {
			if i == 0 && p.depth != 0 || i > 0 && p.depth > got[i-1].depth+1 {
				t.Fatalf("%+v on %v: ill-formed %v", e, outline(f), outline(got))
			}
		}
		if again := flatten(got.tree(), 0); !slices.EqualFunc(again, got, func(a, b flatPoint) bool { return a.depth == b.depth && a.Text == b.Text }) {
			t.Fatalf("%+v: tree and flatten disagree: %v and %v", e, outline(got), outline(again))
		}
		if (e.Op == EditUp || e.Op == EditDown || e.Op == EditIndent || e.Op == EditOutdent) && len(got) != before {
			t.Fatalf("%+v lost points: %v to %v", e, outline(f), outline(got))
		}
	}
}
