package guard

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/mtibben/confusables"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// This file holds the per-rune normalisation: compatibility decomposition,
// case folding, the confusable skeleton and the characters that are
// ignored. normalize.go cuts text into words with it.

// isIgnorable reports whether r is left out of the text altogether, as if
// it were not there: a default-ignorable code point or a format character
// (Unicode general category Cf). Among them are the soft hyphen, the zero
// width space, non-joiner and joiner, the word joiner, the byte order mark,
// the bidirectional controls, variation selectors, tag characters and the
// Hangul fillers. Such a character inside a word does not split it.
func isIgnorable(r rune) bool {
	if r < 0xAD {
		return false
	}
	return unicode.In(r, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}

// isWordRune reports whether r, already decomposed, belongs to a word: a
// letter, a digit or a combining mark.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// lowRunes is the end of the range of runes whose normalisation is
// computed once for all folders: Latin, Greek and Cyrillic.
const lowRunes = 0x530

// runeNorm is the normalisation of one rune.
type runeNorm struct {
	nfkd string // compatibility decomposition (NFKD) of the rune
	fold string // for a decomposed rune: the case-folded letter or digit, "" otherwise
	skel string // for a folded rune: its confusable skeleton
}

// lowTable holds runeNorm for every rune below lowRunes.
var lowTable = sync.OnceValue(func() *[lowRunes]runeNorm {
	var t [lowRunes]runeNorm
	caser := cases.Fold()
	for r := rune(0); r < lowRunes; r++ {
		t[r] = runeNorm{nfkd: decompose(r), fold: foldRune(caser, r), skel: skeletonRune(caser, r)}
	}
	return &t
})

// decompose returns the compatibility decomposition of r.
func decompose(r rune) string {
	return norm.NFKD.String(string(r))
}

// foldRune returns the case folding of r when r is a letter or a digit
// ("ß" gives "ss", "Д" gives "д"), and "" for anything else, combining
// marks included.
func foldRune(caser cases.Caser, r rune) string {
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return ""
	}
	return caser.String(string(r))
}

// foldString decomposes s, keeps its letters and digits and folds them.
func foldString(caser cases.Caser, s string) string {
	var b strings.Builder
	for _, d := range norm.NFKD.String(s) {
		if unicode.IsLetter(d) || unicode.IsDigit(d) {
			b.WriteRune(d)
		}
	}
	return caser.String(b.String())
}

// skeletonRune returns the skeleton of a folded letter or digit r (Unicode
// Technical Standard #39, section 4, with the data of
// github.com/mtibben/confusables, Unicode 13.0): the prototype that r looks
// like, decomposed, its marks dropped and case-folded. ASCII is its own
// skeleton. Because the text is case-folded first, a letter takes the
// skeleton of its upper-case form when only that one is made of ASCII
// letters and digits: Cyrillic "к" and "К" give "k" as Latin "K" does,
// though only "К" is listed as confusable with it. A rune with no skeleton
// made of letters or digits is its own skeleton.
func skeletonRune(caser cases.Caser, r rune) string {
	if r < utf8.RuneSelf {
		return string(r)
	}
	lower := foldString(caser, confusables.Skeleton(string(r)))
	if isASCII(lower) && lower != "" {
		return lower
	}
	if u := unicode.ToUpper(r); u != r {
		if upper := foldString(caser, confusables.Skeleton(string(u))); isASCII(upper) && upper != "" {
			return upper
		}
	}
	if lower == "" {
		return string(r)
	}
	return lower
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// folder normalises single runes, looking them up in lowTable and caching
// the others it has seen. A folder is not safe for concurrent use.
type folder struct {
	caser cases.Caser
	low   *[lowRunes]runeNorm
	cache map[rune]*runeNorm
}

func newFolder() *folder {
	return &folder{caser: cases.Fold(), low: lowTable()}
}

// lookup returns the normalisation of a rune at or above lowRunes,
// computing each part on first use.
func (f *folder) lookup(r rune) *runeNorm {
	n, ok := f.cache[r]
	if !ok {
		if f.cache == nil {
			f.cache = make(map[rune]*runeNorm)
		}
		n = &runeNorm{nfkd: decompose(r), fold: foldRune(f.caser, r), skel: skeletonRune(f.caser, r)}
		f.cache[r] = n
	}
	return n
}

// get returns the normalisation of a non-ASCII rune.
func (f *folder) get(r rune) *runeNorm {
	if r < lowRunes {
		return &f.low[r]
	}
	return f.lookup(r)
}

// nfkd returns the compatibility decomposition of a non-ASCII rune.
func (f *folder) nfkd(r rune) string { return f.get(r).nfkd }

// fold returns the folded form of a decomposed rune: one or more letters
// or digits, or "" for anything else.
func (f *folder) fold(r rune) string {
	if r < utf8.RuneSelf {
		return asciiFold[r]
	}
	return f.get(r).fold
}

// skeleton returns the confusable skeleton of a folded word (see
// skeletonRune); an ASCII word is returned as it is.
func (f *folder) skeleton(w string) string {
	if isASCII(w) {
		return w
	}
	var b strings.Builder
	for _, r := range w {
		b.WriteString(f.skeletonOf(r))
	}
	return b.String()
}

// skeletonHash returns hashString of f.skeleton(w) without building it,
// and whether the skeleton is all ASCII.
func (f *folder) skeletonHash(w string) (h uint64, ascii bool) {
	h, ascii = fnvOffset, true
	for _, r := range w {
		s := f.skeletonOf(r)
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * fnvPrime
			ascii = ascii && s[i] < utf8.RuneSelf
		}
	}
	return h, ascii
}

// skeletonOf returns the skeleton of a folded rune (see skeletonRune).
func (f *folder) skeletonOf(r rune) string {
	if r < utf8.RuneSelf {
		return asciiStr[r]
	}
	return f.get(r).skel
}

// key returns the normalised letters an original rune contributes to a
// word, as character units are made of: its decomposition, folded, in
// skeleton form; "" for an ignorable rune, a mark or a separator.
func (f *folder) key(r rune) string {
	if r < utf8.RuneSelf {
		return asciiFold[r]
	}
	var b strings.Builder
	for _, d := range f.nfkd(r) {
		if !isIgnorable(d) {
			b.WriteString(f.skeleton(f.fold(d)))
		}
	}
	return b.String()
}

// asciiStr holds every ASCII rune as a string; asciiFold its folded form,
// "" for what is not a letter or a digit.
var asciiStr, asciiFold [utf8.RuneSelf]string

func init() {
	for r := range asciiStr {
		asciiStr[r] = string(rune(r))
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			asciiFold[r] = string(rune(r))
		case 'A' <= r && r <= 'Z':
			asciiFold[r] = string(rune(r + 'a' - 'A'))
		}
	}
}
