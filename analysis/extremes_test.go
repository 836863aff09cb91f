package analysis

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The packages Extremes ranks highest and lowest have the utilities of
// the k best and k worst of every package, each package's utility is its
// own, and the lists are in order.
func TestExtremesMatchBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 5))
	for trial := range 400 {
		sc := randomScenario(rng, 1+rng.IntN(2), 1+rng.IntN(5), 4, trial%2 == 0)
		m := mustModel(t, sc)
		p := rng.IntN(len(sc.Profiles))
		k := 1 + rng.IntN(6)
		var all []int64
		m.enumeratePackages(func(pkg []int, v []int64) { all = append(all, v[p]) })
		slices.Sort(all)
		best, worst := m.Extremes(p, k)
		n := min(k, len(all))
		if len(best) != n || len(worst) != n {
			t.Fatalf("trial %d: %d best and %d worst, want %d", trial, len(best), len(worst), n)
		}
		for x := range n {
			wantBest, wantWorst := all[len(all)-1-x], all[x]
			for _, c := range []struct {
				r    Ranked
				want int64
			}{{best[x], wantBest}, {worst[x], wantWorst}} {
				if got := m.packageUnits(p, c.r.Package); got != c.want || c.r.Utility != m.toUtility(p, got) {
					t.Fatalf("trial %d: place %d: package %v has %d units (utility %v), want %d", trial, x, c.r.Package, got, c.r.Utility, c.want)
				}
			}
		}
	}
	if b, w := mustModel(t, synthetic(1, 3, 2, 1)).Extremes(0, 0); len(b) != 0 || len(w) != 0 {
		t.Error("k = 0: got packages")
	}
}
