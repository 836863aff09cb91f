package analysis_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/parley-talks/parley/analysis"
)

// randomPoints spreads 100 points over n issues, with ties and zeros.
func randomPoints(rng *rand.Rand, n int) []float64 {
	raw := make([]float64, n)
	s := 0.0
	for i := range raw {
		raw[i] = float64(rng.IntN(6))
		s += raw[i]
	}
	if s == 0 {
		raw[rng.IntN(n)] = 1
		s = 1
	}
	for i := range raw {
		raw[i] = raw[i] * 100 / s
	}
	return raw
}

// continuousPoints spreads 100 points over n issues at random.
func continuousPoints(rng *rand.Rand, n int) []float64 {
	raw := make([]float64, n)
	s := 0.0
	for i := range raw {
		raw[i] = rng.Float64()
		s += raw[i]
	}
	for i := range raw {
		raw[i] = raw[i] * 100 / s
	}
	return raw
}

func checkDivision(tb testing.TB, a, b []float64, d *analysis.Division) {
	tb.Helper()
	const tol = 1e-9
	var ta, tb2 float64
	splits := 0
	for i, s := range d.Share {
		if s < 0 || s > 1 {
			tb.Fatalf("issue %d: got share %v, want in [0, 1]", i, s)
		}
		if s > 0 && s < 1 {
			splits++
			if i != d.Split {
				tb.Fatalf("issue %d is split (share %v) but Split is %d", i, s, d.Split)
			}
		}
		ta += s * a[i]
		tb2 += (1 - s) * b[i]
	}
	if splits > 1 {
		tb.Fatalf("got %d split issues, want at most 1", splits)
	}
	if math.Abs(ta-d.Totals[0]) > tol || math.Abs(tb2-d.Totals[1]) > tol {
		tb.Fatalf("got totals %v, want %v", d.Totals, [2]float64{ta, tb2})
	}
	// Equitable.
	if math.Abs(ta-tb2) > tol {
		tb.Fatalf("got totals %v and %v, want equal", ta, tb2)
	}
	// Envy-free: each gets at least half of its own valuation.
	if ta < 50-tol || tb2 < 50-tol {
		tb.Fatalf("got totals %v and %v, want at least 50 each", ta, tb2)
	}
	// Efficient: every issue the first party holds (any share) has a ratio
	// a/b at least as large as every issue the second party holds.
	for i := range a {
		for j := range a {
			if d.Share[i] > 0 && d.Share[j] < 1 && a[i]*b[j] < a[j]*b[i]-tol {
				tb.Fatalf("not efficient: party 1 holds issue %d (%v/%v), party 2 holds issue %d (%v/%v)", i, a[i], b[i], j, a[j], b[j])
			}
		}
	}
}

// TestAdjustedWinnerRandom checks the four properties (at most one split
// issue, equitable, envy-free, efficient) on 10,000 random instances of 1
// to 12 issues: half with points on a coarse grid (ties and zeros), half
// with continuous points.
func TestAdjustedWinnerRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for r := range 10000 {
		n := 1 + rng.IntN(12)
		a, b := randomPoints(rng, n), randomPoints(rng, n)
		if r%2 == 1 {
			a, b = continuousPoints(rng, n), continuousPoints(rng, n)
		}
		d, err := analysis.AdjustedWinner(a, b)
		if err != nil {
			t.Fatalf("run %d: %v", r, err)
		}
		checkDivision(t, a, b, d)
	}
}

func TestAdjustedWinnerExample(t *testing.T) {
	// Two issues each party values most go one each; the third is split.
	a := []float64{50, 10, 40}
	b := []float64{10, 50, 40}
	d, err := analysis.AdjustedWinner(a, b)
	if err != nil {
		t.Fatal(err)
	}
	checkDivision(t, a, b, d)
	if d.Split != 2 || math.Abs(d.Share[2]-0.5) > 1e-12 {
		t.Fatalf("got split %d share %v, want issue 2 halved", d.Split, d.Share)
	}
	if math.Abs(d.Totals[0]-70) > 1e-12 {
		t.Fatalf("got totals %v, want 70 each", d.Totals)
	}
}

func TestAdjustedWinnerInvalid(t *testing.T) {
	tests := []struct {
		name string
		a, b []float64
	}{
		{"empty", nil, nil},
		{"lengths", []float64{100}, []float64{50, 50}},
		{"sum", []float64{60, 30}, []float64{50, 50}},
		{"negative", []float64{110, -10}, []float64{50, 50}},
		{"nan", []float64{math.NaN(), 100}, []float64{50, 50}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := analysis.AdjustedWinner(tt.a, tt.b)
			if !errors.Is(err, analysis.ErrInvalid) {
				t.Fatalf("got error %v, want ErrInvalid", err)
			}
		})
	}
}
