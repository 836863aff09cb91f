package analysis

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
)

// bruteFrontier enumerates every package of m and returns the exact
// frontier as a map from utility vector (in units) to package count.
func bruteFrontier(m *Model) map[string]*big.Int {
	k := len(m.parties)
	counts := map[string]*big.Int{}
	vecs := map[string][]int64{}
	m.enumerate(func(v []int64) {
		key := vecKey(v)
		c, ok := counts[key]
		if !ok {
			c = new(big.Int)
			counts[key] = c
			vecs[key] = slices.Clone(v)
		}
		c.Add(c, big.NewInt(1))
	})
	all := make([][]int64, 0, len(vecs))
	for _, v := range vecs {
		all = append(all, v)
	}
	// Sort by decreasing sum so a dominator comes before what it dominates.
	sum := func(v []int64) (s int64) {
		for _, x := range v {
			s += x
		}
		return s
	}
	slices.SortFunc(all, func(a, b []int64) int {
		sa, sb := sum(a), sum(b)
		if sa != sb {
			if sa > sb {
				return -1
			}
			return 1
		}
		return cmpVec(a, b)
	})
	var front [][]int64
	out := map[string]*big.Int{}
	for _, v := range all {
		dominated := false
		for _, f := range front {
			if dominates(f, v) {
				dominated = true
				break
			}
		}
		if !dominated {
			front = append(front, v)
			out[vecKey(v)] = counts[vecKey(v)]
		}
	}
	_ = k
	return out
}

// enumerate calls fn with the unit vector of every package. The slice is
// reused.
func (m *Model) enumerate(fn func(v []int64)) {
	k, n := len(m.parties), len(m.space.Issues)
	pkg := make([]int, n)
	v := make([]int64, k)
	for {
		for p := range k {
			v[p] = m.packageUnits(p, pkg)
		}
		fn(v)
		i := n - 1
		for ; i >= 0; i-- {
			pkg[i]++
			if pkg[i] < len(m.space.Issues[i].Options) {
				break
			}
			pkg[i] = 0
		}
		if i < 0 {
			return
		}
	}
}

// enumeratePackages is enumerate with the package as well.
func (m *Model) enumeratePackages(fn func(pkg []int, v []int64)) {
	k, n := len(m.parties), len(m.space.Issues)
	pkg := make([]int, n)
	v := make([]int64, k)
	for {
		for p := range k {
			v[p] = m.packageUnits(p, pkg)
		}
		fn(pkg, v)
		i := n - 1
		for ; i >= 0; i-- {
			pkg[i]++
			if pkg[i] < len(m.space.Issues[i].Options) {
				break
			}
			pkg[i] = 0
		}
		if i < 0 {
			return
		}
	}
}

func dominates(a, b []int64) bool {
	strict := false
	for t := range a {
		if a[t] < b[t] {
			return false
		}
		if a[t] > b[t] {
			strict = true
		}
	}
	return strict
}

func vecKey(v []int64) string {
	var sb strings.Builder
	for _, x := range v {
		fmt.Fprintf(&sb, "%d,", x)
	}
	return sb.String()
}

// randomScenario builds a small random scenario. With ties, weights and
// evaluations are small integers, so many packages share utilities; without,
// weights are random reals (the rounded, non-exact path).
func randomScenario(rng *rand.Rand, parties, issues, maxOptions int, ties bool) Scenario {
	sc := Scenario{Name: "random"}
	for i := range issues {
		no := 1 + rng.IntN(maxOptions)
		is := Issue{Name: fmt.Sprintf("issue%d", i)}
		for j := range no {
			is.Options = append(is.Options, fmt.Sprintf("o%d", j))
		}
		sc.Space.Issues = append(sc.Space.Issues, is)
	}
	for p := range parties {
		pr := Profile{Party: fmt.Sprintf("party%d", p)}
		for _, is := range sc.Space.Issues {
			var w float64
			if ties {
				w = float64(rng.IntN(4))
			} else {
				w = rng.Float64()
			}
			pr.Weights = append(pr.Weights, w)
			abs := ties && rng.IntN(4) == 0
			pr.Absolute = append(pr.Absolute, abs)
			ev := make([]float64, len(is.Options))
			for j := range ev {
				switch {
				case abs:
					ev[j] = float64(rng.IntN(5)) / 4
				case ties:
					ev[j] = float64(rng.IntN(4))
				default:
					ev[j] = rng.Float64()
				}
			}
			if !abs {
				ev[rng.IntN(len(ev))] = 3
			}
			pr.Evaluations = append(pr.Evaluations, ev)
		}
		if issues > 0 && slices.Max(pr.Weights) == 0 {
			pr.Weights[0] = 1
		}
		if rng.IntN(3) == 0 {
			pr.ReservationPackage = make([]int, issues)
			for i, is := range sc.Space.Issues {
				pr.ReservationPackage[i] = rng.IntN(len(is.Options))
			}
		} else {
			pr.Reservation = float64(rng.IntN(13)) / 20
		}
		sc.Profiles = append(sc.Profiles, pr)
	}
	return sc
}

// enumerateFrontier is the baseline the merge is measured against: it
// enumerates every package, sorts the utility vectors, merges duplicates
// and filters them with the same non-dominated filters the merge uses. It
// returns the frontier as a map from utility vector to package count.
func enumerateFrontier(m *Model) map[string]*big.Int {
	k := len(m.parties)
	mg := merger{k: k}
	m.enumerate(func(v []int64) {
		mg.vec = append(mg.vec, v...)
	})
	n := len(mg.vec) / k
	mg.cnt = make([]count, n)
	mg.idx = make([]int32, n)
	for t := range mg.idx {
		mg.idx[t] = int32(t)
		mg.cnt[t] = count{n: 1}
	}
	slices.SortFunc(mg.idx, func(a, b int32) int {
		if c := cmpVec(mg.v(a), mg.v(b)); c != 0 {
			return c
		}
		return int(a - b)
	})
	uniq := mg.idx[:0]
	for _, c := range mg.idx {
		if len(uniq) > 0 && cmpVec(mg.v(uniq[len(uniq)-1]), mg.v(c)) == 0 {
			last := uniq[len(uniq)-1]
			mg.cnt[last] = mg.cnt[last].add(mg.cnt[c])
			continue
		}
		uniq = append(uniq, c)
	}
	out := map[string]*big.Int{}
	for _, c := range mg.nondominated(uniq) {
		out[vecKey(mg.v(c))] = mg.cnt[c].big()
	}
	return out
}
