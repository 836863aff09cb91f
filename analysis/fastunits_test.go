package analysis

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"testing"
)

// randomEvaluation draws an evaluation of one of the shapes readers give:
// short decimals, integers, zero, full-precision floats, tiny and huge
// numbers.
func randomEvaluation(rng *rand.Rand, abs bool) float64 {
	var e float64
	switch rng.IntN(7) {
	case 0:
		e = 0
	case 1:
		e = float64(rng.IntN(11))
	case 2:
		e = math.Round(rng.Float64()*1e4) / 1e4
	case 3:
		e = math.Round(rng.Float64()*100) / 100
	case 4:
		e = rng.Float64()
	case 5:
		e = rng.Float64() * 1e-12
	default:
		e = math.Round(rng.Float64() * 1e18)
	}
	if abs {
		e = math.Min(e, 1)
	}
	return e
}

// TestFastUnitsEqualsRationals: wherever fastUnits answers, it gives
// exactly ratUnits's units, evaluations and denominator, and it answers on
// the common shapes (short decimals, integers); on random profiles of all
// shapes both paths are compared, and NewModel gives the same model
// either way.
func TestFastUnitsEqualsRationals(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	answered := 0
	for trial := range 3000 {
		issues := 1 + rng.IntN(4)
		sp := Space{}
		pr := Profile{Party: "p"}
		short := trial%3 == 0 // only short decimals: the fast path must answer
		for i := range issues {
			opts := 1 + rng.IntN(5)
			is := Issue{Name: fmt.Sprint("i", i)}
			abs := rng.IntN(4) == 0
			pr.Absolute = append(pr.Absolute, abs)
			ev := make([]float64, opts)
			for j := range ev {
				is.Options = append(is.Options, fmt.Sprint("o", j))
				if short {
					ev[j] = float64(rng.IntN(10001)) / 1e4
				} else {
					ev[j] = randomEvaluation(rng, abs)
				}
			}
			sp.Issues = append(sp.Issues, is)
			pr.Evaluations = append(pr.Evaluations, ev)
			w := math.Round(rng.Float64()*100) / 100
			if !short && rng.IntN(2) == 0 {
				w = rng.Float64()
			}
			pr.Weights = append(pr.Weights, w)
		}
		pr.Weights[0] += 0.5
		sum := new(big.Rat)
		for _, w := range pr.Weights {
			sum.Add(sum, exactRat(w))
		}
		wns := make([]*big.Rat, issues)
		for i, w := range pr.Weights {
			wns[i] = new(big.Rat).Quo(exactRat(w), sum)
		}
		units, evals, l, exact, ok := fastUnits(sp, pr, wns)
		ru, re, rl, rexact := ratUnits(sp, pr, wns)
		if short && issues == 1 && !ok {
			t.Fatalf("trial %d: fast path refused one issue of four-decimal evaluations %v", trial, pr.Evaluations)
		}
		if !ok {
			continue
		}
		answered++
		if !exact || !rexact || l.Cmp(rl) != 0 || !reflect.DeepEqual(units, ru) || !reflect.DeepEqual(evals, re) {
			t.Fatalf("trial %d: %v %v\nfast %v %v %v %v\nrat  %v %v %v %v", trial, pr.Weights, pr.Evaluations, units, evals, l, exact, ru, re, rl, rexact)
		}
	}
	if answered < 1000 {
		t.Fatalf("the fast path answered only %d of 3000 profiles", answered)
	}
}
