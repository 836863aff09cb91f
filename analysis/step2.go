package analysis

import (
	"math"
	"slices"
)

// step2 is step for two parties. Each option's candidates (the partial
// packages shifted by the option's vector) form a run in decreasing
// lexicographic order already, so step2 merges the runs as it reads them,
// earlier runs first on ties, merges equal vectors as dedup does and keeps
// a vector iff its second utility beats every earlier one's, as sweep2
// does: the same layer as the general step, without writing out, sorting
// and rereading every candidate. A run whose next candidate is dominated
// skips, by galloping, every candidate whose second utility is not above
// the best kept so far (their first is not above it either, as they come
// later), its second utilities rising along it; and a run whose next
// candidate comes before every other run's is copied up to the next
// run's first utility without comparing, since within a run no
// candidate dominates another.
func (mg *merger) step2(m *Model, cur *layer, t int) layer {
	i := mg.order[t]
	f := len(cur.cnt)
	nopt := len(m.space.Issues[i].Options)
	r := run2{cur: cur, f: f}
	for j := range nopt {
		r.sx[j], r.sy[j] = m.units[0][i][j], m.units[1][i][j]
		r.act[j] = int8(j)
		r.head(j, 0)
	}
	r.live = nopt
	out := &mg.out2
	out.reset(2*f+16, mg.natural)
	open := false
	var gx, gy int64 // the last vector kept: the best second utility
	var gc int32     // the candidate that stands for it
	copied := 0      // candidates the last stretch copied
	for r.live > 0 {
		if mg.stopAfter(1 + copied) {
			break
		}
		copied = 0
		j := r.first()
		s, x, y := r.at[j], r.hx[j], r.hy[j]
		c := int32(j*f + s)
		switch {
		case open && x == gx && y == gy:
			last := len(out.cnt) - 1
			out.cnt[last] = out.cnt[last].add(cur.cnt[s])
			if mg.better(c, gc, f, t) {
				gc, out.parent[last], out.opt[last] = c, int32(s), int32(j)
			}
			r.head(j, s+1)
		case open && y <= gy:
			r.head(j, r.skip(j, gy-r.sy[j]))
		default:
			open = true
			gx, gy, gc = x, y, c
			out.add(x, y, cur.cnt[s], int32(s), int32(j))
			end := r.copyRun(out, j, s+1, r.otherFirst(j))
			copied = end - s - 1
			if end > s+1 {
				gx, gy = cur.vec[2*end-2]+r.sx[j], cur.vec[2*end-1]+r.sy[j]
				gc = int32(j*f + end - 1)
			}
			r.head(j, end)
		}
	}
	return out.layer(cur)
}

// run2 holds step2's runs: run j is cur shifted by (sx[j], sy[j]), its
// next candidate is partial package at[j] of vector (hx[j], hy[j]); act
// lists the live runs (candidates left) in order.
type run2 struct {
	cur            *layer
	f              int
	sx, sy, hx, hy [maxStep2Options]int64
	at             [maxStep2Options]int
	act            [maxStep2Options]int8
	live           int
}

// head moves run j's next candidate to s, dropping the run when s is past
// its end.
func (r *run2) head(j, s int) {
	if s < r.f {
		r.at[j] = s
		r.hx[j], r.hy[j] = r.cur.vec[2*s]+r.sx[j], r.cur.vec[2*s+1]+r.sy[j]
		return
	}
	for a := range r.live {
		if int(r.act[a]) == j {
			copy(r.act[a:r.live], r.act[a+1:r.live])
			r.live--
			return
		}
	}
}

// first returns the live run whose next candidate comes first: the
// largest vector, the earliest run on ties.
func (r *run2) first() int {
	j := int(r.act[0])
	for _, q := range r.act[1:r.live] {
		if x, y := r.hx[q], r.hy[q]; x > r.hx[j] || x == r.hx[j] && y > r.hy[j] {
			j = int(q)
		}
	}
	return j
}

// otherFirst returns the largest first utility of the next candidates of
// the live runs other than j, or the smallest int64 if there are none.
func (r *run2) otherFirst(j int) int64 {
	x := int64(math.MinInt64)
	for _, q := range r.act[:r.live] {
		if int(q) != j {
			x = max(x, r.hx[q])
		}
	}
	return x
}

// copyRun keeps run j's candidates from s on whose first utility is above
// bound, the other runs' largest, and returns where it stopped: nothing
// else comes before them, and each has a larger second utility than the
// one before it. It copies at most pollWork, so that the merge looks at
// its context as it goes.
func (r *run2) copyRun(out *layerBuilder, j, s int, bound int64) int {
	sx, sy, cur := r.sx[j], r.sy[j], r.cur
	end, stop := s, min(r.f, s+pollWork)
	for end < stop && cur.vec[2*end]+sx > bound {
		end++
	}
	for q := s; q < end; q++ {
		out.vec = append(out.vec, cur.vec[2*q]+sx, cur.vec[2*q+1]+sy)
		out.parent = append(out.parent, int32(q))
		out.opt = append(out.opt, int32(j))
	}
	out.cnt = append(out.cnt, cur.cnt[s:end]...)
	return end
}

// skip returns the first partial package from run j's next one on whose
// second utility is above limit, or f.
func (r *run2) skip(j int, limit int64) int {
	vec, f := r.cur.vec, r.f
	lo := r.at[j]
	// vec[lo] ≤ limit; find the first index above it, which is hi or f.
	hi, step := lo+1, 1
	for hi < f && vec[2*hi+1] <= limit {
		lo, step = hi, 2*step
		hi = lo + step
	}
	hi = min(hi, f)
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if vec[2*mid+1] <= limit {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

// layerBuilder collects a layer of unknown size in reused memory: its
// vectors and counts in two buffers that take turns with the previous
// layer's; its parents and options in one buffer, which the merge packs
// into its record before the next step (see recorder), or, when it keeps
// the records as they are, straight into large blocks that several
// layers share.
type layerBuilder struct {
	vec         []int64
	cnt         []count
	parent, opt []int32
	reuse       bool
}

// reset starts a layer of about want points, its parents and options in
// reused memory if reuse is set.
func (b *layerBuilder) reset(want int, reuse bool) {
	b.vec, b.cnt = b.vec[:0], b.cnt[:0]
	b.reuse = reuse
	if reuse {
		b.parent, b.opt = b.parent[:0], b.opt[:0]
		return
	}
	b.parent, b.opt = room(b.parent, want), room(b.opt, want)
}

// room returns the empty room after s in its block if that holds want,
// else a new block for several such layers. A layer that outgrows its
// room is moved by append, alone.
func room(s []int32, want int) []int32 {
	if cap(s)-len(s) >= want {
		return s[len(s):len(s)]
	}
	return make([]int32, 0, max(8*want, 1<<16))
}

func (b *layerBuilder) add(x, y int64, c count, parent, opt int32) {
	b.vec = append(b.vec, x, y)
	b.cnt = append(b.cnt, c)
	b.parent = append(b.parent, parent)
	b.opt = append(b.opt, opt)
}

// layer returns the layer collected, made from cur: its vectors and
// counts in the builder's memory, which then takes cur's for the next
// step (the merge no longer reads cur), and its parents and options where
// they are, the next layer's going after them unless they are reused.
func (b *layerBuilder) layer(cur *layer) layer {
	out := layer{
		vec:    b.vec,
		cnt:    b.cnt,
		parent: b.parent,
		opt:    b.opt,
	}
	if !b.reuse {
		out.parent, out.opt = slices.Clip(b.parent), slices.Clip(b.opt)
	}
	b.vec, b.cnt = cur.vec[:0], cur.cnt[:0]
	return out
}
