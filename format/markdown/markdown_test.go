package markdown_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/markdown"
)

const plan = `# Peace plan, draft 2

Tabled by the mediator after the Moscow meeting.

## Sovereignty {#1}

1. **Sovereignty.** Ukraine's sovereignty will be confirmed. {#2}
2. Ukraine, Russia and Europe will conclude a
   comprehensive non-aggression agreement. {#3}

## Territory {#4}

3. **Territory.** The line of contact in the Donetsk region: {from=5,6}
    a. Ukrainian forces withdraw from the part they control;
    b. the area becomes a demilitarised buffer zone.

        Both sides monitor the zone. {#9}
4. New point without a marker.
`

func TestRead(t *testing.T) {
	in, err := markdown.Read(plan)
	if err != nil {
		t.Fatal(err)
	}
	want := &parley.DraftInput{
		Title: "Peace plan, draft 2",
		Note:  "Tabled by the mediator after the Moscow meeting.",
		Points: []parley.PointInput{
			{ID: 1, Kind: parley.KindSection, Title: "Sovereignty", Points: []parley.PointInput{
				{ID: 2, Kind: parley.KindPoint, Title: "Sovereignty", Text: "Ukraine's sovereignty will be confirmed."},
				{ID: 3, Kind: parley.KindPoint, Text: "Ukraine, Russia and Europe will conclude a comprehensive non-aggression agreement."},
			}},
			{ID: 4, Kind: parley.KindSection, Title: "Territory", Points: []parley.PointInput{
				{From: []int64{5, 6}, Kind: parley.KindPoint, Title: "Territory", Text: "The line of contact in the Donetsk region:", Points: []parley.PointInput{
					{Kind: parley.KindPoint, Text: "Ukrainian forces withdraw from the part they control;"},
					{ID: 9, Kind: parley.KindPoint, Text: "the area becomes a demilitarised buffer zone.\n\nBoth sides monitor the zone."},
				}},
				{Kind: parley.KindPoint, Text: "New point without a marker."},
			}},
		},
	}
	if !reflect.DeepEqual(in, want) {
		t.Errorf("got  %+v\nwant %+v", in, want)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"", "no sections or points"},
		{"# Title only\n", "no sections or points"},
		{"1. ok {#x}\n", "line 1: \"x\" is not a point id"},
		{"1. one\n2. two {from=1,a}\n", "line 2: from=1,a must list point ids"},
		{"1. a {#3}\n2. b {#3}\n", "point 3 appears twice"},
		{"1. ok\n2.\n", "line 2: a point has no text"},
		{"1. a\n\nloose text\n", "line 3: text after the points"},
		{"\xff\n", "not valid UTF-8"},
	}
	for _, tt := range tests {
		_, err := markdown.Read(tt.src)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Read(%q): got error %v, want one containing %q", tt.src, err, tt.want)
			continue
		}
		if parley.ErrorCode(err) != parley.EINVALID {
			t.Errorf("Read(%q): got code %s, want %s", tt.src, parley.ErrorCode(err), parley.EINVALID)
		}
	}
}

// flatten turns an input into a draft as tabling would, giving new points
// ids from 1000 on.
func flatten(in *parley.DraftInput) *parley.Draft {
	d := &parley.Draft{Number: 1, Tabled: true, Title: in.Title, Note: in.Note}
	next := int64(1000)
	var walk func(ps []parley.PointInput, parent int64, depth int)
	walk = func(ps []parley.PointInput, parent int64, depth int) {
		for _, p := range ps {
			id := p.ID
			if id == 0 {
				id = next
				next++
			}
			d.Points = append(d.Points, parley.Point{ID: id, Kind: p.Kind, Title: p.Title, Text: p.Text, Parent: parent, Depth: depth})
			walk(p.Points, id, depth+1)
		}
	}
	walk(in.Points, 0, 0)
	nums := parley.Numbering(d.Points)
	for i := range d.Points {
		d.Points[i].Number = nums[i]
	}
	return d
}

// withIDs gives every point of in the id flatten gave it, dropping From.
func withIDs(in *parley.DraftInput, d *parley.Draft) {
	i := 0
	var walk func(ps []parley.PointInput)
	walk = func(ps []parley.PointInput) {
		for k := range ps {
			ps[k].ID, ps[k].From = d.Points[i].ID, nil
			i++
			walk(ps[k].Points)
		}
	}
	walk(in.Points)
}

func TestWriteReadRoundTrip(t *testing.T) {
	in, err := markdown.Read(plan)
	if err != nil {
		t.Fatal(err)
	}
	checkRoundTrip(t, in)
}

func checkRoundTrip(t *testing.T, in *parley.DraftInput) {
	t.Helper()
	d := flatten(in)
	out := markdown.Write(d, true)
	back, err := markdown.Read(out)
	if err != nil {
		t.Fatalf("reading back what Write wrote: %v\n%s", err, out)
	}
	withIDs(in, d)
	if in.Title == "" {
		in.Title = "Draft 1"
	}
	if !reflect.DeepEqual(back, in) {
		t.Fatalf("round trip changed the draft\ngot  %+v\nwant %+v\nmarkdown:\n%s", back, in, out)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(plan)
	f.Add("1. a\n   b. c\n      iv. d {#4}\n- e\n")
	f.Add("## s\n\ntext\n\n### t {#2}\n\n+ x {from=1}\n")
	f.Fuzz(func(t *testing.T, src string) {
		in, err := markdown.Read(src)
		if err != nil {
			if parley.ErrorCode(err) != parley.EINVALID {
				t.Fatalf("got error code %s, want %s: %v", parley.ErrorCode(err), parley.EINVALID, err)
			}
			return
		}
		checkRoundTrip(t, in)
	})
}
