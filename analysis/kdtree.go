package analysis

// kdTree is a static k-d tree over distinct vectors, used to ask whether a
// vector is strictly dominated by one of them.
type kdTree struct {
	k    int
	pts  []int64 // points in tree order
	ids  []int32 // candidate index of each tree slot
	node []kdNode
	box  []int64 // per node: min[0..k), max[0..k), max sum
	stk  []int32
}

type kdNode struct {
	lo, hi int32 // slots [lo, hi)
	left   int32 // child nodes left and left+1, or -1 for a leaf
}

const kdLeaf = 8

// build makes the tree over the vectors of ids (flat in vec, k per vector).
func (t *kdTree) build(k int, vec []int64, ids []int32) {
	t.k = k
	n := len(ids)
	t.ids = append(t.ids[:0], ids...)
	t.node = t.node[:0]
	t.box = t.box[:0]
	t.pts = t.pts[:0]
	for _, c := range ids {
		t.pts = append(t.pts, vec[int(c)*k:int(c+1)*k]...)
	}
	if n == 0 {
		return
	}
	t.node = append(t.node, kdNode{lo: 0, hi: int32(n), left: -1})
	t.box = append(t.box, make([]int64, 2*k+1)...)
	t.split(0)
}

// split computes node x's box and splits it recursively.
func (t *kdTree) split(x int) {
	k := t.k
	w := 2*k + 1
	nd := t.node[x]
	lo, hi := int(nd.lo), int(nd.hi)
	b := t.box[x*w : (x+1)*w]
	copy(b[:k], t.pts[lo*k:(lo+1)*k])
	copy(b[k:2*k], t.pts[lo*k:(lo+1)*k])
	ms := int64(-1 << 63)
	for s := lo; s < hi; s++ {
		p := t.pts[s*k : (s+1)*k]
		var sum int64
		for c := range k {
			b[c] = min(b[c], p[c])
			b[k+c] = max(b[k+c], p[c])
			sum += p[c]
		}
		ms = max(ms, sum)
	}
	b[2*k] = ms
	if hi-lo <= kdLeaf {
		return
	}
	best, bestC := int64(-1), 0
	for c := range k {
		if r := b[k+c] - b[c]; r > best {
			best, bestC = r, c
		}
	}
	mid := lo + (hi-lo)/2
	t.selectSlots(lo, hi-1, mid, bestC)
	l := int32(len(t.node))
	t.node[x].left = l
	t.node = append(t.node, kdNode{lo: int32(lo), hi: int32(mid), left: -1}, kdNode{lo: int32(mid), hi: int32(hi), left: -1})
	t.box = append(t.box, make([]int64, 2*w)...)
	t.split(int(l))
	t.split(int(l + 1))
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
// coordinate c, smaller ones before and larger ones after.
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

// dominator returns the slot of a point of the tree that is ≥ v on every
// coordinate and differs from v, or -1. It tries slot hint first.
func (t *kdTree) dominator(v []int64, hint int) int {
	k := t.k
	if len(t.node) == 0 {
		return -1
	}
	if hint >= 0 {
		p := t.pts[hint*k : (hint+1)*k]
		ge, eq := true, true
		for c := range k {
			if p[c] < v[c] {
				ge = false
				break
			}
			if p[c] != v[c] {
				eq = false
			}
		}
		if ge && !eq {
			return hint
		}
	}
	var sv int64
	for c := range k {
		sv += v[c]
	}
	w := 2*k + 1
	stk := append(t.stk[:0], 0)
	defer func() { t.stk = stk }()
	for len(stk) > 0 {
		x := int(stk[len(stk)-1])
		stk = stk[:len(stk)-1]
		b := t.box[x*w : (x+1)*w]
		// A dominator has a larger sum.
		if b[2*k] <= sv {
			continue
		}
		out := false
		for c := range k {
			if b[k+c] < v[c] {
				out = true
				break
			}
		}
		if out {
			continue
		}
		nd := t.node[x]
		if nd.left >= 0 {
			stk = append(stk, nd.left, nd.left+1)
			continue
		}
	pts:
		for s := int(nd.lo); s < int(nd.hi); s++ {
			p := t.pts[s*k : (s+1)*k]
			eq := true
			for c := range k {
				if p[c] < v[c] {
					continue pts
				}
				if p[c] != v[c] {
					eq = false
				}
			}
			if !eq {
				return s
			}
		}
	}
	return -1
}
