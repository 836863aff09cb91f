package analysis

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
)

// Package is a package: one option index per issue, stored in a byte per
// issue when no issue has more than 256 options, two bytes when none has
// more than 65,536, four otherwise. The points of a frontier share one
// block of memory for their packages: 171,435 points over 1,000 issues
// take 171 MB instead of the 1.4 GB of an int per issue. The zero
// Package has no issues. A Package is immutable.
type Package struct {
	b []byte
	w uint8 // bytes per option; 0 only for the zero Package
}

// width returns the bytes per option a package of space s needs.
func width(s Space) uint8 {
	most := 0
	for _, is := range s.Issues {
		most = max(most, len(is.Options))
	}
	switch {
	case most <= 1<<8:
		return 1
	case most <= 1<<16:
		return 2
	}
	return 4
}

// NewPackage returns the package of the option indices opts, each of
// which must be a non-negative int32.
func NewPackage(opts []int) Package {
	w := uint8(1)
	for _, j := range opts {
		switch {
		case j >= 1<<16:
			w = 4
		case j >= 1<<8:
			w = max(w, 2)
		}
	}
	p := Package{b: make([]byte, len(opts)*int(w)), w: w}
	for i, j := range opts {
		p.set(i, j)
	}
	return p
}

// set writes option j of issue i; only the code that makes a Package
// calls it.
func (p Package) set(i, j int) {
	switch p.w {
	case 1:
		p.b[i] = byte(j)
	case 2:
		binary.LittleEndian.PutUint16(p.b[2*i:], uint16(j))
	default:
		binary.LittleEndian.PutUint32(p.b[4*i:], uint32(j))
	}
}

// Len returns the number of issues.
func (p Package) Len() int {
	if p.w == 0 {
		return 0
	}
	return len(p.b) / int(p.w)
}

// At returns the option index of issue i.
func (p Package) At(i int) int {
	switch p.w {
	case 1:
		return int(p.b[i])
	case 2:
		return int(binary.LittleEndian.Uint16(p.b[2*i:]))
	}
	return int(binary.LittleEndian.Uint32(p.b[4*i:]))
}

// Ints returns the option indices, an int per issue.
func (p Package) Ints() []int {
	out := make([]int, p.Len())
	for i := range out {
		out[i] = p.At(i)
	}
	return out
}

// All yields each issue's index and option index, in issue order.
func (p Package) All() iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for i := range p.Len() {
			if !yield(i, p.At(i)) {
				return
			}
		}
	}
}

// Equal reports whether p chooses the options opts.
func (p Package) Equal(opts []int) bool {
	if p.Len() != len(opts) {
		return false
	}
	for i, j := range opts {
		if p.At(i) != j {
			return false
		}
	}
	return true
}

// String formats the package as a []int: [0 2 1].
func (p Package) String() string { return fmt.Sprint(p.Ints()) }

// MarshalJSON encodes the package as an array of option indices.
func (p Package) MarshalJSON() ([]byte, error) { return json.Marshal(p.Ints()) }

// packageArena hands out the packages of one frontier from one block.
type packageArena struct {
	b []byte
	n int // issues
	w uint8
}

func newPackageArena(s Space, points int) packageArena {
	w := width(s)
	n := len(s.Issues)
	return packageArena{b: make([]byte, points*n*int(w)), n: n, w: w}
}

// at returns package x of the arena.
func (a packageArena) at(x int) Package {
	size := a.n * int(a.w)
	return Package{b: slices.Clip(a.b[x*size : (x+1)*size]), w: a.w}
}

// fill writes the options of the arena's points (np of them) for the
// issues in issues: option opts[g*np+x] of issue issues[g] for point x.
func fill[T uint8 | int32](a packageArena, opts []T, np int, issues []int) {
	size := a.n * int(a.w)
	for x := range np {
		row := a.b[x*size : (x+1)*size]
		if a.w == 1 {
			for g, i := range issues {
				row[i] = byte(opts[g*np+x])
			}
			continue
		}
		p := Package{b: row, w: a.w}
		for g, i := range issues {
			p.set(i, int(opts[g*np+x]))
		}
	}
}
