package analysis

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// record is what the merge keeps of one step to trace the packages back:
// for each of the n points of the layer the step made, its parent in the
// previous layer and its option. Either as they are (parent and opt), or
// packed: a uvarint per point of gap<<optBits | option, gap being how
// many parents the point's option skipped since its previous point. The
// merge's steps keep each option's points in the order of their parents,
// so gaps are small and most points take one byte instead of eight;
// packed records are read in order only (see unpack), so the merge packs
// them only when it never reads a step's record at random (see better).
type record struct {
	n           int
	optBits     uint8
	packed      []byte
	parent, opt []int32
}

// size returns the bytes the record holds.
func (r *record) size() int64 {
	return int64(len(r.packed) + 4*len(r.parent) + 4*len(r.opt))
}

// recorder packs step records into blocks that many records share.
type recorder struct {
	block []byte
	last  []int32 // each option's previous parent, while packing or unpacking
}

// record returns the record of layer l, whose options come from an issue
// of nopt options: packed if pack is set and l's parents rise within each
// option, else l's own parents and options.
func (rc *recorder) record(l *layer, nopt int, pack bool) record {
	n := len(l.cnt)
	raw := record{n: n, parent: l.parent, opt: l.opt}
	if !pack {
		return raw
	}
	ob := uint8(bits.Len(uint(nopt - 1)))
	rc.last = slices.Grow(rc.last[:0], nopt)[:nopt]
	for j := range rc.last {
		rc.last[j] = -1
	}
	if cap(rc.block)-len(rc.block) < binary.MaxVarintLen64*n {
		rc.block = make([]byte, 0, max(8*n, 1<<20))
	}
	start := len(rc.block)
	out := rc.block
	for x := range n {
		j := l.opt[x]
		gap := l.parent[x] - rc.last[j] - 1
		if gap < 0 {
			return copied(raw)
		}
		rc.last[j] = l.parent[x]
		v := uint64(gap)<<ob | uint64(j)
		if v < 0x80 {
			out = append(out, byte(v))
			continue
		}
		out = binary.AppendUvarint(out, v)
	}
	rc.block = out
	return record{n: n, optBits: ob, packed: slices.Clip(out[start:])}
}

// copied returns r with its own copies of the parents and options, for a
// layer whose memory the merge reuses.
func copied(r record) record {
	r.parent, r.opt = slices.Clone(r.parent), slices.Clone(r.opt)
	return r
}

// unpack returns r's parents and options, in parent and opt's memory if
// r is packed.
func (rc *recorder) unpack(r *record, parent, opt []int32) ([]int32, []int32) {
	if r.packed == nil {
		return r.parent, r.opt
	}
	parent = slices.Grow(parent[:0], r.n)[:r.n]
	opt = slices.Grow(opt[:0], r.n)[:r.n]
	ob := r.optBits
	mask := uint64(1)<<ob - 1
	rc.last = slices.Grow(rc.last[:0], 1<<ob)[:1<<ob]
	for j := range rc.last {
		rc.last[j] = -1
	}
	b := r.packed
	for x := range r.n {
		var v uint64
		if b[0] < 0x80 {
			v, b = uint64(b[0]), b[1:]
		} else {
			var w int
			v, w = binary.Uvarint(b)
			b = b[w:]
		}
		j := int32(v & mask)
		p := rc.last[j] + 1 + int32(v>>ob)
		rc.last[j] = p
		parent[x], opt[x] = p, j
	}
	return parent, opt
}
