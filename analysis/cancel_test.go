package analysis

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// countdownCtx is a context that is done once Err has said it was not a
// given number of times; it notes whether the call that first said so
// came from inside a merge step (the poller), not from the merge's check
// between steps.
type countdownCtx struct {
	context.Context
	left     atomic.Int64
	calls    atomic.Int64
	first    atomic.Bool
	fromStep atomic.Bool
}

func (c *countdownCtx) Err() error {
	c.calls.Add(1)
	if c.left.Add(-1) >= 0 {
		return nil
	}
	if c.first.CompareAndSwap(false, true) {
		pc := make([]uintptr, 8)
		frames := runtime.CallersFrames(pc[:runtime.Callers(2, pc)])
		f, _ := frames.Next()
		c.fromStep.Store(strings.HasSuffix(f.Function, "analysis.(*poller).cancelled"))
	}
	return context.Canceled
}

// antichain returns a scenario of one issue of n options, or of n issues
// of two options when binary is set, whose packages' utility vectors
// mostly dominate none of the others, for parties (an even number, or 3)
// parties: every merge step has the most work to do.
func antichain(parties, n int, binary bool) Scenario {
	var sc Scenario
	value := func(p, j, size int) float64 {
		v := (j * []int{1, 7919, 104729}[p/2]) % size
		if p%2 == 1 {
			v = size - 1 - v
		}
		return float64(v)
	}
	if binary {
		for i := range n {
			sc.Space.Issues = append(sc.Space.Issues, Issue{Name: fmt.Sprint("i", i), Options: []string{"a", "b"}})
		}
		for p := range parties {
			pr := Profile{Party: fmt.Sprint("p", p)}
			for i := range n {
				pr.Weights = append(pr.Weights, float64(int(1)<<i))
				pr.Evaluations = append(pr.Evaluations, []float64{value(p, 0, 2), value(p, 1, 2)})
			}
			sc.Profiles = append(sc.Profiles, pr)
		}
		return sc
	}
	is := Issue{Name: "A"}
	for j := range n {
		is.Options = append(is.Options, fmt.Sprint("o", j))
	}
	sc.Space.Issues = []Issue{is}
	for p := range parties {
		ev := make([]float64, n)
		for j := range ev {
			ev[j] = value(p, j, n)
		}
		sc.Profiles = append(sc.Profiles, Profile{Party: fmt.Sprint("p", p), Weights: []float64{1}, Evaluations: [][]float64{ev}})
	}
	return sc
}

// TestFrontierStopsWithinAStep: for each kind of merge step (two parties
// streamed or sorted, three parties, four with the k-d tree), a context
// that is cancelled half way through the frontier's looks at it stops
// the frontier from inside a step, with the context's error: the step
// looks at the context as it works, not only the merge between steps.
func TestFrontierStopsWithinAStep(t *testing.T) {
	for _, c := range []struct {
		name    string
		parties int
		n       int
		binary  bool
	}{
		{"two parties, streamed steps", 2, 17, true},
		{"two parties, sorted step", 2, 40_000, false},
		{"three parties", 3, 40_000, false},
		{"four parties", 4, 4_000, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := mustModel(t, antichain(c.parties, c.n, c.binary))
			all := &countdownCtx{Context: context.Background()}
			all.left.Store(1 << 62)
			if _, err := m.Frontier(all); err != nil {
				t.Fatal(err)
			}
			looks := all.calls.Load()
			issues := len(m.space.Issues)
			if looks < 4*int64(issues) {
				t.Fatalf("the frontier looked at the context %d times over %d issues: the steps do not look", looks, issues)
			}
			ctx := &countdownCtx{Context: context.Background()}
			ctx.left.Store(looks / 2)
			_, err := m.Frontier(ctx)
			if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "frontier stopped at issue") {
				t.Fatalf("got %v, want the context's error from within a step", err)
			}
			if !ctx.fromStep.Load() {
				t.Errorf("the merge saw the cancellation between steps, not within one")
			}
			if late := ctx.calls.Load() - looks/2; late > 3+2*maxWorkers {
				t.Errorf("the merge looked at the context %d more times after it was cancelled", late)
			}
		})
	}
}
