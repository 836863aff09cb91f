// Package guard is Parley's disclosure guard: before a public statement is
// recorded as made, it finds every passage of the statement that reproduces
// confidential material its author may see — untabled drafts, stance
// rationales, meeting notes, sealed messages — even after small edits.
//
// It fingerprints text by winnowing (Schleimer, Wilkerson and Aiken,
// “Winnowing: local algorithms for document fingerprinting”, SIGMOD 2003):
// the text is normalised (compatibility decomposition, diacritics dropped,
// full Unicode case folding, invisible and format characters removed,
// look-alike letters of other scripts mapped to the letters they imitate,
// words hyphenated at line ends joined, punctuation and spacing ignored),
// cut into
// k-grams of words or characters, each k-gram hashed, and from every window
// of w consecutive hashes the smallest kept as a fingerprint. Two texts that
// share a run of at least w+k-1 units share a fingerprint; runs shorter
// than k units are never matched, which is what keeps common phrases out.
// Each fingerprint keeps the byte offsets of the text it came from, so a
// match names the exact passage in both the statement and the source.
//
// The package is pure: no I/O, no logging, no clock. An [Index] is
// immutable once built and safe for concurrent use.
package guard

import (
	"cmp"
	"slices"
	"unicode/utf8"
)

// Source is a piece of confidential material a statement is checked
// against.
type Source struct {
	ID    string // stable identifier, reported in matches
	Kind  string // "draft", "rationale", "notes", "message", …; reported as is
	Title string
	Text  string
	// Public marks text already public: a tabled draft, a statement
	// already made, the press line the parties agreed on. It is not
	// checked against; instead a passage found in it is not reported even
	// when a confidential source contains it too.
	Public bool
}

// Unit says what k-grams are made of.
type Unit int

const (
	// Words makes k-grams of normalised words.
	Words Unit = iota
	// Chars makes k-grams of normalised letters and digits, spaces and
	// punctuation left out (as MOSS does).
	Chars
)

// Options are the guard's parameters. A zero field takes its value from
// [DefaultOptions], except the booleans and Unit, which are taken as given;
// start from DefaultOptions to change one parameter.
type Options struct {
	Unit Unit
	// K is the k-gram length in units. A shared run shorter than K units
	// is never detected.
	K int
	// W is the winnowing window in k-grams. A shared run of W+K-1 units or
	// more is always detected; about 2/(W+1) of the k-grams are kept.
	W int
	// Stem strips common English inflections from words (Unit Words only).
	Stem bool
	// StopWords leaves English function words out of the word sequence
	// (Unit Words only).
	StopWords bool
	// Gap is how many units of unmatched text may separate two matched
	// k-grams of one passage, in the statement and in the source.
	Gap int
	// MinFingerprints is how many distinct fingerprints a passage must
	// share with the source to be reported.
	MinFingerprints int
	// Threshold is the least Score of a reported passage.
	Threshold float64
}

// DefaultOptions returns the parameters tuned on the labelled set in
// testdata/ (see docs/disclosure-guard.md for the figures).
func DefaultOptions() Options {
	return Options{
		Unit:            Words,
		K:               4,
		W:               3,
		Stem:            true,
		StopWords:       false,
		Gap:             4,
		MinFingerprints: 2,
		Threshold:       0.3,
	}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.K <= 0 {
		o.K = d.K
	}
	if o.W <= 0 {
		o.W = d.W
	}
	if o.Gap <= 0 {
		o.Gap = d.Gap
	}
	if o.MinFingerprints <= 0 {
		o.MinFingerprints = d.MinFingerprints
	}
	if o.Threshold <= 0 {
		o.Threshold = d.Threshold
	}
	return o
}

// Match is one passage of a statement that reproduces part of a source.
type Match struct {
	SourceID   string
	SourceKind string
	// StatementSpan and SourceSpan are byte offsets [start, end) into the
	// statement and the source text; both fall on rune boundaries.
	StatementSpan [2]int
	SourceSpan    [2]int
	// Score is the share of the statement passage's fingerprints that are
	// found in the matched source passage, in (0, 1]: 1 for a verbatim
	// quote, less as edits break k-grams.
	Score float64
	// Fingerprints is the number of distinct fingerprints shared.
	Fingerprints int
	// Excerpt is the source text of SourceSpan, cut to at most
	// maxExcerpt bytes.
	Excerpt string
}

const maxExcerpt = 300

// Index holds the fingerprints of a set of sources.
type Index struct {
	opts    Options
	sources []indexed
	post    map[uint64][]posting
	public  map[uint64]bool // every k-gram hash of the public sources
}

type indexed struct {
	Source
	units []unit
}

// posting is one occurrence of a fingerprint: source number and k-gram
// position.
type posting struct {
	src, pos int32
}

// maxPostings is how many occurrences of one fingerprint in one source the
// index keeps. Text that repeats a phrase more often than this (a word
// typed thousands of times) is repetition, not content: keeping every
// occurrence would make checking a statement that repeats it too cost the
// product of the two counts. The first occurrences still find a quote of
// the repeated passage.
const maxPostings = 32

// NewIndex fingerprints sources with opts. Sources with no text are kept
// but never match. Of public sources every k-gram is kept, not only the
// winnowed ones, so that any statement fingerprint they contain is found.
func NewIndex(sources []Source, opts Options) *Index {
	opts = opts.withDefaults()
	ix := &Index{opts: opts, post: make(map[uint64][]posting), public: make(map[uint64]bool)}
	f := newFolder()
	for i, s := range sources {
		us := units(s.Text, &opts, f)
		if s.Public {
			for _, h := range kgrams(us, opts.K) {
				ix.public[h] = true
			}
			us = nil
		}
		ix.sources = append(ix.sources, indexed{s, us})
		seen := map[uint64]int{}
		for _, fp := range winnow(kgrams(us, opts.K), opts.W) {
			if seen[fp.h]++; seen[fp.h] <= maxPostings {
				ix.post[fp.h] = append(ix.post[fp.h], posting{int32(i), fp.pos})
			}
		}
	}
	return ix
}

// Options returns the parameters the index was built with, defaults filled
// in.
func (ix *Index) Options() Options { return ix.opts }

// hit is a statement fingerprint (number fp, k-gram position p) found at
// k-gram position q of a source.
type hit struct {
	fp, p, q int32
}

// Check returns every passage of statement that reproduces part of a
// source with at least Options.MinFingerprints shared fingerprints and a
// Score of at least Options.Threshold, ordered by position in the
// statement, then by source. A passage that two sources share is reported
// once for each. The result is deterministic.
func (ix *Index) Check(statement string) []Match {
	opts := ix.opts
	us := units(statement, &opts, newFolder())
	fps := winnow(kgrams(us, opts.K), opts.W)
	if len(ix.public) > 0 {
		fps = slices.DeleteFunc(fps, func(fp fingerprint) bool { return ix.public[fp.h] })
	}
	bySrc := make(map[int32][]hit)
	for i, fp := range fps {
		for _, po := range ix.post[fp.h] {
			bySrc[po.src] = append(bySrc[po.src], hit{int32(i), fp.pos, po.pos})
		}
	}
	srcs := make([]int32, 0, len(bySrc))
	for s := range bySrc {
		srcs = append(srcs, s)
	}
	slices.Sort(srcs)
	var out []Match
	for _, s := range srcs {
		out = append(out, ix.passages(statement, us, fps, s, bySrc[s])...)
	}
	slices.SortFunc(out, func(a, b Match) int {
		return cmp.Or(
			cmp.Compare(a.StatementSpan[0], b.StatementSpan[0]),
			cmp.Compare(b.StatementSpan[1], a.StatementSpan[1]),
			cmp.Compare(a.SourceID, b.SourceID),
			cmp.Compare(a.SourceSpan[0], b.SourceSpan[0]),
		)
	})
	return out
}

// passages groups the hits of one source into passages: first into regions
// of the source, then, inside a region, into runs of the statement; each
// break is where more than Gap units separate two matched k-grams.
func (ix *Index) passages(statement string, us []unit, fps []fingerprint, s int32, hits []hit) []Match {
	k, gap := int32(ix.opts.K), int32(ix.opts.Gap)
	src := &ix.sources[s]
	slices.SortFunc(hits, func(a, b hit) int { return cmp.Or(cmp.Compare(a.q, b.q), cmp.Compare(a.p, b.p)) })
	var cands []Match
	for _, region := range split(hits, func(a, b hit) bool { return b.q-(a.q+k) > gap }) {
		slices.SortFunc(region, func(a, b hit) int { return cmp.Or(cmp.Compare(a.p, b.p), cmp.Compare(a.q, b.q)) })
		for _, run := range split(region, func(a, b hit) bool { return b.p-(a.p+k) > gap }) {
			if m, ok := ix.match(statement, us, fps, src, run); ok {
				cands = append(cands, m)
			}
		}
	}
	// A phrase the source repeats makes several regions match the same
	// statement passage; keep the best-supported one.
	slices.SortFunc(cands, func(a, b Match) int {
		return cmp.Or(cmp.Compare(b.Fingerprints, a.Fingerprints), cmp.Compare(b.Score, a.Score),
			cmp.Compare(a.SourceSpan[0], b.SourceSpan[0]))
	})
	var out []Match
	for _, c := range cands {
		if !slices.ContainsFunc(out, func(m Match) bool { return overlap(m.StatementSpan, c.StatementSpan) }) {
			out = append(out, c)
		}
	}
	return out
}

// match builds the Match of a run of hits, or reports false when the run
// is below the thresholds. The passage runs from the first matched k-gram
// to the last, extended on each side over the units that statement and
// source still have in common, so that a verbatim quote is reported whole
// rather than from its first selected fingerprint.
func (ix *Index) match(statement string, us []unit, fps []fingerprint, src *indexed, run []hit) (Match, bool) {
	k := int32(ix.opts.K)
	found := make(map[int32]bool)
	first, last := run[0], run[0]   // least and greatest p
	qFirst, qLast := run[0], run[0] // least and greatest q
	for _, h := range run {
		found[h.fp] = true
		if h.p < first.p {
			first = h
		}
		if h.p > last.p {
			last = h
		}
		if h.q < qFirst.q {
			qFirst = h
		}
		if h.q > qLast.q {
			qLast = h
		}
	}
	if len(found) < ix.opts.MinFingerprints {
		return Match{}, false
	}
	su := src.units
	// Extend: [pLo, pHi) and [qLo, qHi) are unit ranges.
	pLo, qLo := first.p, qFirst.q
	for d := int32(1); first.p-d >= 0 && first.q-d >= 0 && us[first.p-d].h == su[first.q-d].h; d++ {
		pLo = first.p - d
	}
	for d := int32(1); qFirst.q-d >= 0 && qFirst.p-d >= 0 && us[qFirst.p-d].h == su[qFirst.q-d].h; d++ {
		qLo = qFirst.q - d
	}
	pHi, qHi := last.p+k, qLast.q+k
	for d := int32(0); last.p+k+d < int32(len(us)) && last.q+k+d < int32(len(su)) && us[last.p+k+d].h == su[last.q+k+d].h; d++ {
		pHi = last.p + k + d + 1
	}
	for d := int32(0); qLast.q+k+d < int32(len(su)) && qLast.p+k+d < int32(len(us)) && us[qLast.p+k+d].h == su[qLast.q+k+d].h; d++ {
		qHi = qLast.q + k + d + 1
	}
	// Score: the statement fingerprints inside the passage whose k-gram
	// occurs anywhere in the source passage.
	inSource := make(map[uint64]bool)
	for _, h := range kgrams(su[qLo:qHi], int(k)) {
		inSource[h] = true
	}
	total, shared := 0, 0
	for _, fp := range fps {
		if fp.pos >= pLo && fp.pos+k <= pHi {
			total++
			if inSource[fp.h] {
				shared++
			}
		}
	}
	score := float64(shared) / float64(total)
	if score < ix.opts.Threshold {
		return Match{}, false
	}
	sq := [2]int{int(su[qLo].start), int(su[qHi-1].end)}
	return Match{
		SourceID:      src.ID,
		SourceKind:    src.Kind,
		StatementSpan: [2]int{int(us[pLo].start), int(us[pHi-1].end)},
		SourceSpan:    sq,
		Score:         score,
		Fingerprints:  len(found),
		Excerpt:       excerpt(src.Text[sq[0]:sq[1]]),
	}, true
}

// split cuts xs, in place, wherever brk says two neighbours are apart.
func split[T any](xs []T, brk func(a, b T) bool) [][]T {
	var out [][]T
	start := 0
	for i := 1; i <= len(xs); i++ {
		if i == len(xs) || brk(xs[i-1], xs[i]) {
			out = append(out, xs[start:i])
			start = i
		}
	}
	return out
}

func overlap(a, b [2]int) bool { return a[0] < b[1] && b[0] < a[1] }

// excerpt cuts s to at most maxExcerpt bytes on a rune boundary, marking a
// cut with an ellipsis.
func excerpt(s string) string {
	if len(s) <= maxExcerpt {
		return s
	}
	i := maxExcerpt - len("…")
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}
