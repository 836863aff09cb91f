package analysis

import (
	"math/big"
	"math/bits"
	"strconv"
)

// maxFastDecimals bounds the decimal places fastUnits handles: every
// evaluation times 10^decimals must stay below 2^53, where float64
// division is exact enough to give big.Rat's rounding.
const maxFastDecimals = 15

// fastUnits compiles a checked profile as ratUnits does, with machine
// integers instead of a big.Rat per option: it returns the same units,
// evaluations and common denominator whenever that denominator is exact
// (below 2^maxExactBits) and every evaluation is a decimal of at most
// maxFastDecimals places below 2^53 once scaled; ok is false otherwise,
// and ratUnits must be used. Every option's evaluation is read as the
// shortest decimal that rounds to it (as exactRat does) and scaled to an
// integer x over a common power of ten, so that on issue i option j
// contributes x_j/q times the normalised weight a/b, q being the largest
// x (or the power of ten if the issue is absolute, or 1 if every x is 0).
func fastUnits(sp Space, pr Profile, wns []*big.Rat) (units [][]int64, evals [][]float64, l *big.Int, exact, ok bool) {
	n := len(sp.Issues)
	nums := make([][]uint64, n)
	qs := make([]uint64, n)
	lcm := uint64(1)
	for i := range n {
		a, b, fits := ratUint64(wns[i])
		if !fits {
			return nil, nil, nil, false, false
		}
		nums[i], qs[i], fits = scaledDecimals(pr.Evaluations[i], isAbsolute(pr, i))
		if !fits {
			return nil, nil, nil, false, false
		}
		q := qs[i]
		for _, x := range nums[i] {
			d, _ := fraction(x, q, a, b)
			if lcm, fits = lcmBelow(lcm, d); !fits {
				return nil, nil, nil, false, false
			}
		}
	}
	units = make([][]int64, n)
	evals = make([][]float64, n)
	for i := range n {
		a, b, _ := ratUint64(wns[i])
		q := qs[i]
		units[i] = make([]int64, len(nums[i]))
		evals[i] = make([]float64, len(nums[i]))
		for j, x := range nums[i] {
			d, num := fraction(x, q, a, b)
			hi, u := bits.Mul64(num, lcm/d)
			if hi != 0 || u >= 1<<63 {
				return nil, nil, nil, false, false
			}
			units[i][j] = int64(u)
			evals[i][j] = float64(x) / float64(q)
		}
	}
	return units, evals, new(big.Int).SetUint64(lcm), true, true
}

// fraction returns x/q × a/b, where gcd(a, b) = 1, in lowest terms: its
// denominator d and numerator. d is 1<<63 (too large) if it overflows.
func fraction(x, q, a, b uint64) (d, num uint64) {
	g := gcd(x, q)
	x, q = x/g, q/g // coprime now, as a and b are
	ga, gb := gcd(a, q), gcd(x, b)
	hi, d := bits.Mul64(q/ga, b/gb)
	if hi != 0 || d >= 1<<63 {
		return 1 << 63, 0
	}
	hi, num = bits.Mul64(x/gb, a/ga)
	if hi != 0 {
		return 1 << 63, 0
	}
	return d, num
}

// lcmBelow returns lcm(l, d) and true if it is below 2^maxExactBits.
func lcmBelow(l, d uint64) (uint64, bool) {
	hi, lo := bits.Mul64(l/gcd(l, d), d)
	return lo, hi == 0 && lo < 1<<maxExactBits
}

// ratUint64 returns r's numerator and denominator if both fit a uint64
// and r is not negative.
func ratUint64(r *big.Rat) (uint64, uint64, bool) {
	a, b := r.Num(), r.Denom()
	return a.Uint64(), b.Uint64(), a.Sign() >= 0 && a.IsUint64() && b.IsUint64()
}

// scaledDecimals writes each evaluation's shortest decimal as an integer
// over a common power of ten 10^s and returns the integers and the
// divisor q: 10^s if abs, else their largest or 1 if that is 0. It
// returns false if s or an integer is too large.
func scaledDecimals(ev []float64, abs bool) ([]uint64, uint64, bool) {
	mant := make([]uint64, len(ev))
	places := make([]int, len(ev))
	s := 0
	var buf [32]byte
	for j, e := range ev {
		m, p, ok := shortestDecimal(buf[:0], e)
		if !ok || p > maxFastDecimals {
			return nil, 0, false
		}
		mant[j], places[j] = m, p
		s = max(s, p)
	}
	var q uint64
	for j, m := range mant {
		for range s - places[j] {
			m *= 10 // cannot overflow: m < 10^17 and m×10^(s−p) ≤ 2^53 is checked below
			if m >= 1<<53 {
				return nil, 0, false
			}
		}
		if m >= 1<<53 {
			return nil, 0, false
		}
		mant[j] = m
		q = max(q, m)
	}
	if abs {
		q = 1
		for range s {
			q *= 10
		}
	}
	if q == 0 {
		q = 1
	}
	return mant, q, true
}

// shortestDecimal returns the shortest decimal that rounds to the
// non-negative e as m × 10^−p, p ≥ 0; false if e is too large to be an
// integer below 2^53 with p = 0.
func shortestDecimal(buf []byte, e float64) (m uint64, p int, ok bool) {
	if e == 0 {
		return 0, 0, true // also −0, which AppendFloat signs
	}
	b := strconv.AppendFloat(buf, e, 'e', -1, 64) // d[.ddd]e±XX
	k := 0
	frac := false
	t := 0
	for ; t < len(b) && b[t] != 'e'; t++ {
		switch c := b[t]; {
		case c == '.':
			frac = true
		default:
			m = m*10 + uint64(c-'0')
			if frac {
				k++
			}
		}
	}
	exp, neg := 0, false
	for _, c := range b[t+1:] {
		switch c {
		case '-':
			neg = true
		case '+':
		default:
			exp = exp*10 + int(c-'0')
		}
	}
	if neg {
		exp = -exp
	}
	p = k - exp
	for ; p < 0; p++ {
		if m >= 1<<53 {
			return 0, 0, false
		}
		m *= 10
	}
	return m, p, m < 1<<53
}

// gcd returns the greatest common divisor of a and b; gcd(0, b) = b.
func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
