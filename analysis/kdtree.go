package analysis

// kdTree is a static k-d tree over vectors, used to ask whether a vector is
// strictly dominated by one of them: whether one of them is at least as
// large on every coordinate and differs from it.
//
// Each node is a record of k+3 int64 in rec: the largest coordinate sum of
// its points, the largest value of each coordinate, its slots lo<<32|hi and
// the index of its first child (the second follows it), or -1 for a leaf.
// A node can hold a dominator of v only if its largest sum exceeds v's and
// its largest values are all at least v's.
type kdTree struct {
	k   int
	pts []int64 // points in tree order, k per slot
	ids []int32 // the caller's index of each slot
	rec []int64
	est []int64 // scratch for the split ranges
}

// kdLeaf is the largest number of points in a leaf.
const kdLeaf = 8

// build makes the tree over the vectors ids name in vec (k per vector).
func (t *kdTree) build(k int, vec []int64, ids []int32) {
	t.k = k
	n := len(ids)
	t.ids = append(t.ids[:0], ids...)
	t.rec = t.rec[:0]
	t.pts = t.pts[:0]
	for _, c := range ids {
		t.pts = append(t.pts, vec[int(c)*k:int(c+1)*k]...)
	}
	if n == 0 {
		return
	}
	// The range of every coordinate; split estimates the ranges of the
	// children from it rather than scanning their points again.
	est := t.est[:0]
	est = append(est, t.pts[:k]...)
	est = append(est, t.pts[:k]...)
	for s := 1; s < n; s++ {
		p := t.pts[s*k : (s+1)*k]
		for c := range k {
			est[c] = min(est[c], p[c])
			est[k+c] = max(est[k+c], p[c])
		}
	}
	t.est = est
	t.rec = append(t.rec, make([]int64, k+3)...)
	t.split(0, 0, n, 0)
}

// split fills node x over slots [lo, hi), whose coordinate ranges are
// within t.est[e:e+2k] (minima, then maxima), and splits it recursively.
func (t *kdTree) split(x, lo, hi, e int) {
	k := t.k
	w := k + 3
	if hi-lo <= kdLeaf {
		r := t.rec[x*w : (x+1)*w]
		r[0] = -1 << 63
		for c := range k {
			r[1+c] = -1 << 63
		}
		for s := lo; s < hi; s++ {
			p := t.pts[s*k : (s+1)*k]
			var sum int64
			for c := range k {
				r[1+c] = max(r[1+c], p[c])
				sum += p[c]
			}
			r[0] = max(r[0], sum)
		}
		r[k+1] = int64(lo)<<32 | int64(hi)
		r[k+2] = -1
		return
	}
	best, bc := int64(-1), 0
	for c := range k {
		if d := t.est[e+k+c] - t.est[e+c]; d > best {
			best, bc = d, c
		}
	}
	mid := lo + (hi-lo)/2
	t.selectSlots(lo, hi-1, mid, bc)
	med := t.pts[mid*k+bc]
	l := len(t.rec) / w
	t.rec = append(t.rec, make([]int64, 2*w)...)
	// Child ranges: the left half is at most med on bc, the right at least.
	el := len(t.est)
	t.est = append(t.est, t.est[e:e+2*k]...)
	t.est[el+k+bc] = med
	t.split(l, lo, mid, el)
	t.est = append(t.est[:el], t.est[e:e+2*k]...)
	t.est[el+bc] = med
	t.split(l+1, mid, hi, el)
	t.est = t.est[:el]
	r := t.rec[x*w : (x+1)*w]
	a, b := t.rec[l*w:(l+1)*w], t.rec[(l+1)*w:(l+2)*w]
	for c := range k + 1 {
		r[c] = max(a[c], b[c])
	}
	r[k+1] = int64(lo)<<32 | int64(hi)
	r[k+2] = int64(l)
}

func (t *kdTree) swap(i, j int) {
	k := t.k
	a, b := t.pts[i*k:(i+1)*k], t.pts[j*k:(j+1)*k]
	for c := range k {
		a[c], b[c] = b[c], a[c]
	}
	t.ids[i], t.ids[j] = t.ids[j], t.ids[i]
}

// selectSlots reorders slots lo…hi so that slot n holds the n-th smallest
// coordinate c, smaller ones before and larger ones after (Hoare's
// quickselect with a median-of-three pivot).
func (t *kdTree) selectSlots(lo, hi, n, c int) {
	k := t.k
	key := func(i int) int64 { return t.pts[i*k+c] }
	for lo < hi {
		mid := lo + (hi-lo)/2
		a, b, d := key(lo), key(mid), key(hi)
		pivot := max(min(a, b), min(max(a, b), d))
		i, j := lo, hi
		for i <= j {
			for key(i) < pivot {
				i++
			}
			for key(j) > pivot {
				j--
			}
			if i <= j {
				t.swap(i, j)
				i++
				j--
			}
		}
		switch {
		case n <= j:
			hi = j
		case n >= i:
			lo = i
		default:
			return
		}
	}
}

// kdQuery is one goroutine's scratch space for queries.
type kdQuery struct {
	stk []int32
}

// dominator returns the slot of a point of the tree that is at least v on
// every coordinate and differs from v, or -1. It tries slot hint first if
// hint ≥ 0.
func (t *kdTree) dominator(q *kdQuery, v []int64, hint int) int {
	k := t.k
	if len(t.rec) == 0 {
		return -1
	}
	if hint >= 0 && geqNe(t.pts[hint*k:(hint+1)*k], v) {
		return hint
	}
	var sv int64
	for c := range k {
		sv += v[c]
	}
	w := k + 3
	stk := append(q.stk[:0], 0)
	found := -1
search:
	for len(stk) > 0 {
		x := int(stk[len(stk)-1])
		stk = stk[:len(stk)-1]
		r := t.rec[x*w : (x+1)*w]
		// A dominator has a larger sum.
		if r[0] <= sv {
			continue
		}
		for c := range k {
			if r[1+c] < v[c] {
				continue search
			}
		}
		if l := r[k+2]; l >= 0 {
			stk = append(stk, int32(l), int32(l+1))
			continue
		}
		lo, hi := int(r[k+1]>>32), int(r[k+1]&(1<<32-1))
		for s := lo; s < hi; s++ {
			if geqNe(t.pts[s*k:(s+1)*k], v) {
				found = s
				break search
			}
		}
	}
	q.stk = stk
	return found
}

// geqNe reports whether p ≥ v on every coordinate and p ≠ v.
func geqNe(p, v []int64) bool {
	eq := true
	for c := range v {
		if p[c] < v[c] {
			return false
		}
		if p[c] != v[c] {
			eq = false
		}
	}
	return !eq
}
