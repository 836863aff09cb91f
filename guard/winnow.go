package guard

// A fingerprint is a selected k-gram hash and the index of the k-gram's
// first unit.
type fingerprint struct {
	h   uint64
	pos int32
}

// base is the multiplier of the rolling k-gram hash; any odd constant with
// well-mixed bits works modulo 2^64.
const base = 0x9e3779b97f4a7c15

// kgrams returns the hash of every k-gram of us: len(us)-k+1 values, none
// when us is shorter than k. Hashes are Karp–Rabin polynomials modulo 2^64,
// rolled in O(1) per step and then mixed, so that the order winnowing relies
// on is close to random.
func kgrams(us []unit, k int) []uint64 {
	if len(us) < k || k < 1 {
		return nil
	}
	top := uint64(1) // base^(k-1)
	for range k - 1 {
		top *= base
	}
	out := make([]uint64, 0, len(us)-k+1)
	var h uint64
	for i, u := range us {
		if i >= k {
			h -= us[i-k].h * top
		}
		h = h*base + u.h
		if i >= k-1 {
			out = append(out, mix(h))
		}
	}
	return out
}

// mix is the splitmix64 finaliser.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// winnow selects fingerprints from the k-gram hashes hs by robust
// winnowing with window w (Schleimer, Wilkerson and Aiken 2003, §3 and
// §4.1): in every window of w consecutive hashes the minimum is selected; a
// tie keeps the hash selected for the previous window when it is still in
// the window, and otherwise takes the rightmost minimum. Each selected
// position is recorded once, in increasing order.
//
// Any run of at least w consecutive hashes shared by two texts therefore
// contains a hash selected in both. A text with fewer than w hashes is one
// short window, whose minimum is selected, so short statements still have a
// fingerprint.
func winnow(hs []uint64, w int) []fingerprint {
	if len(hs) == 0 {
		return nil
	}
	if w < 1 {
		w = 1
	}
	if len(hs) < w {
		w = len(hs)
	}
	out := make([]fingerprint, 0, 2*len(hs)/(w+1)+1)
	last := -1
	for end := w - 1; end < len(hs); end++ {
		lo := end - w + 1
		m := end
		for i := end - 1; i >= lo; i-- {
			if hs[i] < hs[m] {
				m = i
			}
		}
		if last >= lo && hs[last] == hs[m] {
			m = last
		}
		if m != last {
			out = append(out, fingerprint{hs[m], int32(m)})
			last = m
		}
	}
	return out
}
