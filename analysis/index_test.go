package analysis

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestSpaceIndexMatchesScan checks that the index finds what the scans of
// IssueIndex and OptionIndex find, duplicates and missing names included,
// on random spaces.
func TestSpaceIndexMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for range 200 {
		var sp Space
		for range rng.IntN(6) {
			is := Issue{Name: fmt.Sprint("i", rng.IntN(4))}
			for range 1 + rng.IntN(5) {
				is.Options = append(is.Options, fmt.Sprint("o", rng.IntN(4)))
			}
			sp.Issues = append(sp.Issues, is)
		}
		x := NewSpaceIndex(sp)
		for n := range 5 {
			name := fmt.Sprint("i", n)
			if got, want := x.Issue(name), sp.IssueIndex(name); got != want {
				t.Fatalf("%v: Issue(%q) = %d, want %d", sp, name, got, want)
			}
		}
		for i := range sp.Issues {
			for n := range 5 {
				name := fmt.Sprint("o", n)
				if got, want := x.Option(i, name), sp.OptionIndex(i, name); got != want {
					t.Fatalf("%v: Option(%d, %q) = %d, want %d", sp, i, name, got, want)
				}
			}
		}
	}
}

// TestSpaceIndexDistinct checks that Distinct tells an issue of distinct
// option names from one that repeats a name.
func TestSpaceIndexDistinct(t *testing.T) {
	s := Space{Issues: []Issue{
		{Name: "A", Options: []string{"x", "y"}},
		{Name: "B", Options: []string{"x", "y", "x"}},
	}}
	x := NewSpaceIndex(s)
	if !x.Distinct(s, 0) || x.Distinct(s, 1) {
		t.Errorf("got Distinct %v, %v; want true, false", x.Distinct(s, 0), x.Distinct(s, 1))
	}
}
