package analysis

import (
	"math"
	"slices"
)

// Division is the result of [AdjustedWinner].
type Division struct {
	// Share holds, per issue, the fraction of the issue that goes to the
	// first party (1: all of it, 0: none; the second party gets the rest).
	Share []float64
	// Split is the index of the one issue that is divided, or -1 if none
	// is.
	Split int
	// Totals holds both parties' points for what they receive: equal, and
	// at least 50 each.
	Totals [2]float64
}

// AdjustedWinner divides divisible issues between two parties by the
// Adjusted Winner procedure of Brams and Taylor (1996). Each party spreads
// 100 points over the issues: a[i] and b[i] are the points the first and
// second party given issue i. Every issue first goes to the party that gives
// it more points (ties to the first party); then issues pass from the
// party ahead to the other in increasing order of the ratio of the points
// the leader gives them to the points the other gives, until the totals
// would cross; that last issue is split so that they are equal. The result
// is envy-free, equitable and efficient, with at most one split issue.
//
// It returns an error wrapping [ErrInvalid] if the slices are empty or of
// different lengths, if a value is negative or not finite, or if a party's
// points do not sum to 100 (within 1e-6).
func AdjustedWinner(a, b []float64) (*Division, error) {
	if err := checkPoints(a, b); err != nil {
		return nil, err
	}
	n := len(a)
	d := &Division{Share: make([]float64, n), Split: -1}
	var ta, tb float64
	for i := range n {
		if a[i] >= b[i] {
			d.Share[i] = 1
			ta += a[i]
		} else {
			tb += b[i]
		}
	}
	// The leader L gives up issues; v[i] are its points, w[i] the other's.
	v, w := a, b
	lead, other := &ta, &tb
	given := 0.0 // the share the leader keeps after giving an issue away
	if tb > ta {
		v, w = b, a
		lead, other = &tb, &ta
		given = 1
	}
	order := transferOrder(v, w, d.Share, given)
	const tol = 1e-12
	for _, i := range order {
		if *lead-*other <= tol {
			break
		}
		if *lead-v[i] >= *other+w[i]-tol {
			// Give the whole issue.
			*lead -= v[i]
			*other += w[i]
			d.Share[i] = given
			continue
		}
		// Split: the leader keeps x of it, with L − (1−x)v = O + (1−x)w.
		moved := (*lead - *other) / (v[i] + w[i])
		keep := 1 - moved
		*lead -= moved * v[i]
		*other += moved * w[i]
		if given == 0 {
			d.Share[i] = keep
		} else {
			d.Share[i] = moved
		}
		d.Split = i
		break
	}
	d.Totals = [2]float64{ta, tb}
	return d, nil
}

// checkPoints checks that a and b give the same positive number of issues
// non-negative finite points summing to 100.
func checkPoints(a, b []float64) error {
	if len(a) == 0 || len(b) != len(a) {
		return invalidf("adjusted winner: %d and %d issues, want the same positive number", len(a), len(b))
	}
	for pi, pts := range [2][]float64{a, b} {
		s := 0.0
		for i, v := range pts {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return invalidf("adjusted winner: party %d: issue %d: points %v are not a non-negative number", pi+1, i, v)
			}
			s += v
		}
		if math.Abs(s-100) > 1e-6 {
			return invalidf("adjusted winner: party %d: points sum to %v, want 100", pi+1, s)
		}
	}
	return nil
}

// transferOrder returns the issues the leader holds (share differs from
// given, the share it keeps of an issue it gives away) and somebody
// values, in the order the leader gives them up: increasing ratio of its
// points v to the other's points w, compared as v[i]·w[j] < v[j]·w[i] so
// that w = 0 counts as +∞.
func transferOrder(v, w, share []float64, given float64) []int {
	order := make([]int, 0, len(share))
	for i := range share {
		if share[i] != given && !(v[i] == 0 && w[i] == 0) {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(i, j int) int {
		x, y := v[i]*w[j], v[j]*w[i]
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	return order
}
