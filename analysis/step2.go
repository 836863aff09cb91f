package analysis

import (
	"math"
	"slices"
)

// step2 is step for two parties. Each option's candidates (the partial
// packages shifted by the option's vector) form a run in decreasing
// lexicographic order already, so step2 merges the runs as they are read,
// earlier runs first on ties, merges equal vectors as dedup does and keeps
// a vector iff its second utility beats every earlier one's, as sweep2
// does: the same layer as the general step, without writing out, sorting
// and rereading every candidate. Once a vector is kept, the candidates
// whose second utility is not above it are dominated (their first is not
// above it either, as they come later): each run skips them by galloping,
// its second utilities rising along it, so that most dominated candidates
// are never looked at.
func (mg *merger) step2(m *Model, cur *layer, t int) layer {
	i := mg.order[t]
	f := len(cur.cnt)
	nopt := len(m.space.Issues[i].Options)
	mg.shift = append(mg.shift[:0], make([]int64, 2*nopt)...)
	for j := range nopt {
		mg.shift[2*j], mg.shift[2*j+1] = m.units[0][i][j], m.units[1][i][j]
	}
	mg.heads = append(mg.heads[:0], make([]int, nopt)...) // each run's next partial package
	var g group2
	g.best = math.MinInt64
	g.out = &mg.out2
	g.out.reset(2*f + 16)
	for {
		j := -1
		var x, y int64
		for r := range nopt {
			if g.started {
				mg.skip2(cur, r, g.best-mg.shift[2*r+1])
			}
			s := mg.heads[r]
			if s == f {
				continue
			}
			rx, ry := cur.vec[2*s]+mg.shift[2*r], cur.vec[2*s+1]+mg.shift[2*r+1]
			if j < 0 || rx > x || rx == x && ry > y {
				j, x, y = r, rx, ry
			}
		}
		if j < 0 {
			break
		}
		s := mg.heads[j]
		mg.heads[j]++
		c := int32(j*f + s)
		if g.open && x == g.x && y == g.y {
			g.cnt = g.cnt.add(cur.cnt[s])
			if mg.better(c, g.c, f, t) {
				g.c = c
			}
			continue
		}
		g.flush(f)
		g.open, g.x, g.y, g.c, g.cnt = true, x, y, c, cur.cnt[s]
	}
	g.flush(f)
	return g.out.layer(cur)
}

// skip2 moves run r's head past the partial packages whose second
// utility is at most limit.
func (mg *merger) skip2(cur *layer, r int, limit int64) {
	f := len(cur.cnt)
	lo := mg.heads[r]
	if lo == f || cur.vec[2*lo+1] > limit {
		return
	}
	// vec[lo] ≤ limit; find the first index above it, which is hi or f.
	hi, step := lo+1, 1
	for hi < f && cur.vec[2*hi+1] <= limit {
		lo, step = hi, 2*step
		hi = lo + step
	}
	hi = min(hi, f)
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if cur.vec[2*mid+1] <= limit {
			lo = mid
		} else {
			hi = mid
		}
	}
	mg.heads[r] = hi
}

// group2 is the run of equal vectors step2 is reading: vector (x, y),
// the candidate c that stands for it and its package count; best is the
// largest second utility kept so far, out the layer being built.
type group2 struct {
	open    bool
	x, y    int64
	c       int32
	cnt     count
	best    int64
	out     *layerBuilder
	started bool
}

// flush keeps the group if its second utility beats every earlier one.
func (g *group2) flush(f int) {
	if !g.open || g.started && g.y <= g.best {
		return
	}
	g.best, g.started = g.y, true
	g.out.add([]int64{g.x, g.y}, g.cnt, g.c%int32(f), g.c/int32(f))
}

// layerBuilder collects a layer of unknown size in reused memory: its
// vectors and counts in two buffers that take turns with the previous
// layer's, its parents and options straight into large blocks that
// several layers share, since the merge keeps those to the end.
type layerBuilder struct {
	vec         []int64
	cnt         []count
	parent, opt []int32
}

// reset starts a layer of about want points.
func (b *layerBuilder) reset(want int) {
	b.vec, b.cnt = b.vec[:0], b.cnt[:0]
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

func (b *layerBuilder) add(v []int64, c count, parent, opt int32) {
	b.vec = append(b.vec, v...)
	b.cnt = append(b.cnt, c)
	b.parent = append(b.parent, parent)
	b.opt = append(b.opt, opt)
}

// layer returns the layer collected, made from cur: its vectors and
// counts in the builder's memory, which then takes cur's for the next
// step (the merge no longer reads cur), and its parents and options where
// they are, the next layer's going after them.
func (b *layerBuilder) layer(cur *layer) layer {
	out := layer{
		vec:    b.vec,
		cnt:    b.cnt,
		parent: slices.Clip(b.parent),
		opt:    slices.Clip(b.opt),
	}
	b.vec, b.cnt = cur.vec[:0], cur.cnt[:0]
	return out
}
