package analysis

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// TestStep2MatchesSortedStep: on random two-party spaces with many ties
// and issues of different sizes (so that the merge runs in another order
// than the issues' own), every step of the streaming two-party merge gives
// exactly the layer of the general one (sort, merge duplicates, sweep):
// the same vectors, counts, parents and options.
func TestStep2MatchesSortedStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	unnatural, ties := 0, 0
	for r := range 300 {
		sc := randomScenario(rng, 2, 3+rng.IntN(5), 5, r%4 != 0)
		if r%2 == 0 { // equal weights and three values: many equal vectors
			for _, pr := range sc.Profiles {
				for i := range pr.Weights {
					pr.Weights[i], pr.Absolute[i] = 1, false
					for j := range pr.Evaluations[i] {
						pr.Evaluations[i][j] = float64(rng.IntN(3))
					}
				}
			}
		}
		m := mustModel(t, sc)
		var a, b merger
		a.k, b.k = 2, 2
		a.setOrder(m)
		b.setOrder(m)
		if !a.natural {
			unnatural++
		}
		cur := layer{vec: make([]int64, 2), cnt: []count{{n: 1}}, parent: []int32{-1}, opt: []int32{-1}}
		for step := range a.order {
			got := a.step2(m, &cur, step)
			want := b.stepSort(m, &cur, step)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("run %d, step %d (order %v): step2 gave %+v, want %+v", r, step, a.order, got, want)
			}
			for _, c := range got.cnt {
				if c.n > 1 {
					ties++
				}
			}
			a.layers = append(a.layers, copied(record{n: len(got.cnt), parent: got.parent, opt: got.opt}))
			b.layers = append(b.layers, record{n: len(want.cnt), parent: want.parent, opt: want.opt})
			cur = got
		}
	}
	if unnatural < 100 || ties < 100 {
		t.Errorf("%d runs in another order, %d merged ties: want at least 100 of each", unnatural, ties)
	}
}
