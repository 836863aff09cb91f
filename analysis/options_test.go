package analysis

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"math/rand/v2"
)

// TestBoundedFrontierCoverage checks the bounded frontier against
// enumeration on random spaces of 2 to 6 parties: at most MaxPoints
// points, mutually non-dominated, each reached by its package, and every
// package of the space at most Coverage below some point for every party;
// and where nothing was given up (Coverage 0), the exact frontier.
func TestBoundedFrontierCoverage(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for r := range 150 {
		parties := 2 + r%5
		sc := randomScenario(rng, parties, 2+rng.IntN(5), 4, r%3 == 0)
		m := mustModel(t, sc)
		maxPoints := []int{1, 2, 3, 5, 8, 1000}[r%6]
		a, err := m.AnalyzeWith(context.Background(), Options{MaxPoints: maxPoints})
		if err != nil {
			t.Fatal(err)
		}
		f := a.Frontier
		if len(f) > maxPoints || len(f) == 0 {
			t.Fatalf("run %d: %d points, want 1 to %d", r, len(f), maxPoints)
		}
		for _, pt := range f {
			u, err := m.Utility(pt.Package.Ints())
			if err != nil || !slices.Equal(u, pt.Utility) {
				t.Fatalf("run %d: package %v: got utility %v, want %v", r, pt.Package, u, pt.Utility)
			}
			for _, q := range f {
				if dominates(q.units, pt.units) {
					t.Fatalf("run %d: point %v is dominated by %v", r, pt.Utility, q.Utility)
				}
			}
		}
		m.enumerate(func(v []int64) {
			for _, pt := range f {
				ok := true
				for p := range v {
					if pt.Utility[p] < m.toUtility(p, v[p])-a.Coverage-1e-12 {
						ok = false
						break
					}
				}
				if ok {
					return
				}
			}
			t.Fatalf("run %d: no point within the coverage %v of %v", r, a.Coverage, v)
		})
		if a.Coverage == 0 {
			want := frontierMap(t, m)
			got := map[string]bool{}
			for _, pt := range f {
				got[vecKey(pt.units)] = true
			}
			if len(got) != len(want) {
				t.Fatalf("run %d: coverage 0 with %d points, want the exact frontier's %d", r, len(got), len(want))
			}
		}
	}
}

// TestMemoryLimitFailsCleanly checks that a frontier over the memory limit
// stops with an error wrapping ErrTooLarge that names the limit and the
// way out, and that the same space within the limit succeeds.
func TestMemoryLimitFailsCleanly(t *testing.T) {
	m := mustModel(t, synthetic(2, 60, 5, 1))
	_, err := m.AnalyzeWith(context.Background(), Options{MemoryLimit: 64 << 10})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want an error wrapping ErrTooLarge", err)
	}
	for _, want := range []string{"over the limit of 64 KiB", "ε-Pareto"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("got %q, want it to say %q", err, want)
		}
	}
	if _, err := m.AnalyzeWith(context.Background(), Options{}); err != nil {
		t.Fatalf("within the default limit: %v", err)
	}
}
