package analysis

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

// exactGain is party p's gain of units over the baseline's as an exact
// rational utility.
func (m *Model) exactGain(p int, units int64) *big.Rat {
	s := new(big.Rat).SetFloat64(m.scale[p])
	return new(big.Rat).Quo(new(big.Rat).SetInt64(units), s)
}

// bruteImprovements enumerates every package and returns the keys of those
// other than baseline that weakly dominate it, and the largest smallest
// gain among them (nil if there are none).
func bruteImprovements(m *Model, baseline []int) (map[string]bool, *big.Rat) {
	k := len(m.parties)
	base := make([]int64, k)
	for p := range k {
		base[p] = m.packageUnits(p, baseline)
	}
	set := map[string]bool{}
	var best *big.Rat
	m.enumeratePackages(func(pkg []int, v []int64) {
		if slices.Equal(pkg, baseline) {
			return
		}
		var low *big.Rat
		for p := range k {
			if v[p] < base[p] {
				return
			}
			if g := m.exactGain(p, v[p]-base[p]); low == nil || g.Cmp(low) < 0 {
				low = g
			}
		}
		set[fmt.Sprint(pkg)] = true
		if best == nil || low.Cmp(best) > 0 {
			best = low
		}
	})
	return set, best
}

// exactMinGain is the smallest gain of im, exactly.
func (m *Model) exactMinGain(im Improvement) *big.Rat {
	var low *big.Rat
	for p, g := range im.gain {
		if r := m.exactGain(p, g); low == nil || r.Cmp(low) < 0 {
			low = r
		}
	}
	return low
}

func TestImproveMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 3))
	ctx := context.Background()
	for trial := range 600 {
		parties := 2 + rng.IntN(3)
		sc := randomScenario(rng, parties, 1+rng.IntN(5), 4, trial%3 != 0)
		m := mustModel(t, sc)
		baseline := make([]int, len(sc.Space.Issues))
		for i, is := range sc.Space.Issues {
			baseline[i] = rng.IntN(len(is.Options))
		}
		want, best := bruteImprovements(m, baseline)
		got, err := m.Improve(ctx, baseline, ImproveOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Total != int64(len(want)) || len(got.List) != len(want) {
			t.Fatalf("trial %d: %d improvements (total %d), want %d", trial, len(got.List), got.Total, len(want))
		}
		for i, im := range got.List {
			if !want[fmt.Sprint(im.Package)] {
				t.Fatalf("trial %d: %v does not weakly dominate %v, or is listed twice", trial, im.Package, baseline)
			}
			delete(want, fmt.Sprint(im.Package))
			if i > 0 && m.exactMinGain(im).Cmp(m.exactMinGain(got.List[i-1])) > 0 {
				t.Fatalf("trial %d: improvement %d gains more for everyone than the one before it", trial, i)
			}
			for p := range im.Gain {
				if g, err := m.Gain(p, baseline, im.Package); err != nil || g != im.Gain[p] {
					t.Fatalf("trial %d: Gain of party %d: %v, %v; Improve says %v", trial, p, g, err, im.Gain[p])
				}
				if im.Gain[p] < 0 || im.Gain[p] != im.Utility[p]-got.BaselineUtility[p] && abs(im.Gain[p]-(im.Utility[p]-got.BaselineUtility[p])) > 1e-12 {
					t.Fatalf("trial %d: gain %v of party %d, utility %v over %v", trial, im.Gain[p], p, im.Utility[p], got.BaselineUtility[p])
				}
			}
		}
		if best != nil && m.exactMinGain(got.List[0]).Cmp(best) != 0 {
			t.Fatalf("trial %d: the first improvement's smallest gain is %v, the best is %v", trial, m.exactMinGain(got.List[0]), best)
		}
		// A limit keeps the same first packages.
		if len(got.List) > 2 {
			lim, err := m.Improve(ctx, baseline, ImproveOptions{Limit: 2})
			if err != nil {
				t.Fatal(err)
			}
			if len(lim.List) != 2 || lim.Total != got.Total || !slices.Equal(lim.List[0].Package, got.List[0].Package) || !slices.Equal(lim.List[1].Package, got.List[1].Package) {
				t.Fatalf("trial %d: the first two with a limit differ from those of the full list", trial)
			}
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// In ε mode every listed package dominates the baseline, and the first
// gains at most ε less for its worst-off party than the best package.
func TestImproveEpsilonGuarantee(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 4))
	ctx := context.Background()
	const eps = 0.05
	for trial := range 200 {
		sc := randomScenario(rng, 2+rng.IntN(3), 2+rng.IntN(5), 4, false)
		m := mustModel(t, sc)
		baseline := make([]int, len(sc.Space.Issues))
		for i := range baseline {
			baseline[i] = 0
		}
		want, best := bruteImprovements(m, baseline)
		got, err := m.Improve(ctx, baseline, ImproveOptions{Epsilon: eps})
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range got.List {
			if !want[fmt.Sprint(im.Package)] {
				t.Fatalf("trial %d: ε mode listed %v, which does not dominate the baseline", trial, im.Package)
			}
		}
		if best == nil {
			continue
		}
		b, _ := best.Float64()
		switch {
		case len(got.List) == 0 && b >= eps:
			t.Fatalf("trial %d: nothing listed while the best gains %v for everyone", trial, b)
		case len(got.List) > 0 && got.List[0].MinGain < b-eps-1e-12:
			t.Fatalf("trial %d: first gains %v, best %v", trial, got.List[0].MinGain, b)
		}
	}
}

func TestImproveBounds(t *testing.T) {
	ctx := context.Background()
	m := mustModel(t, synthetic(3, 14, 4, 1))
	baseline := make([]int, 14)
	for i := range baseline {
		// The worst option for the first party: many packages dominate.
		baseline[i] = slices.Index(m.units[0][i], slices.Min(m.units[0][i]))
	}
	if _, err := m.Improve(ctx, baseline, ImproveOptions{MaxVisits: 1000}); !errors.Is(err, ErrImproveTooLarge) {
		t.Fatalf("a search over its bound: %v, want ErrImproveTooLarge", err)
	}
	if _, err := m.Improve(ctx, []int{0}, ImproveOptions{}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a baseline of the wrong shape: %v", err)
	}
	for _, o := range []ImproveOptions{{Limit: -1}, {Epsilon: -1}} {
		if _, err := m.Improve(ctx, baseline, o); !errors.Is(err, ErrInvalid) {
			t.Fatalf("options %+v: %v", o, err)
		}
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := m.Improve(done, baseline, ImproveOptions{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled search: %v", err)
	}
}
