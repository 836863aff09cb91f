package diff

import (
	"reflect"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		a, b string
		want []Op
	}{
		{"", "", nil},
		{"same text", "same text", []Op{{Equal, "same text"}}},
		{"", "new", []Op{{Insert, "new"}}},
		{"old", "", []Op{{Delete, "old"}}},
		{
			"Ukraine withdraws from the Donetsk region.",
			"Ukraine withdraws from part of the Donetsk region.",
			[]Op{{Equal, "Ukraine withdraws from "}, {Insert, "part of "}, {Equal, "the Donetsk region."}},
		},
		{
			"A force of 800,000 troops.",
			"A force of 600,000 troops.",
			[]Op{{Equal, "A force of "}, {Delete, "800"}, {Insert, "600"}, {Equal, ",000 troops."}},
		},
		{
			"sanctions lifted at once",
			"sanctions lifted in stages",
			[]Op{{Equal, "sanctions lifted "}, {Delete, "at once"}, {Insert, "in stages"}},
		},
	}
	for _, tt := range tests {
		got := Words(tt.a, tt.b)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Words(%q, %q)\ngot  %v\nwant %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// spell rebuilds the old and new texts from a diff.
func spell(ops []Op) (a, b string) {
	var x, y strings.Builder
	for _, op := range ops {
		if op.Kind != Insert {
			x.WriteString(op.Text)
		}
		if op.Kind != Delete {
			y.WriteString(op.Text)
		}
	}
	return x.String(), y.String()
}

func FuzzWords(f *testing.F) {
	f.Add("the quick brown fox", "the slow brown dog")
	f.Add("", "x")
	f.Add("a,b;c", "a;b,c")
	f.Add("ünïcödé wörds", "ünïcödé wards")
	f.Fuzz(func(t *testing.T, a, b string) {
		ops := Words(a, b)
		ga, gb := spell(ops)
		if ga != a || gb != b {
			t.Fatalf("diff does not spell its inputs: got %q, %q; want %q, %q", ga, gb, a, b)
		}
		for i, op := range ops {
			if op.Text == "" {
				t.Fatalf("op %d is empty", i)
			}
			if i > 0 && ops[i-1].Kind == op.Kind {
				t.Fatalf("ops %d and %d are of the same kind %s", i-1, i, op.Kind)
			}
		}
	})
}
