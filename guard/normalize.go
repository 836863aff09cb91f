package guard

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// A unit is one element of the normalised text that k-grams are made of:
// a word or a character, depending on [Options.Unit]. start and end are the
// byte offsets in the original text of what the unit was made from.
type unit struct {
	h          uint64
	start, end int32
}

// A word is a run of letters and digits in the original text, already
// normalised: folded, without diacritics or joining punctuation.
type word struct {
	text       string
	start, end int32
}

// folder normalises single runes: compatibility decomposition, combining
// marks dropped, full Unicode case folding. It caches the non-ASCII runes it
// has seen; a folder is not safe for concurrent use.
type folder struct {
	caser cases.Caser
	cache map[rune]string
}

func newFolder() *folder {
	return &folder{caser: cases.Fold(), cache: make(map[rune]string)}
}

// fold returns the normalised form of r: "" for a combining mark, a
// punctuation mark or a space, otherwise one or more folded letters or
// digits ("ß" gives "ss", "é" gives "e", "ﬁ" gives "fi").
func (f *folder) fold(r rune) string {
	if r < utf8.RuneSelf {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			return asciiStr[r]
		case 'A' <= r && r <= 'Z':
			return asciiStr[r+'a'-'A']
		}
		return ""
	}
	if s, ok := f.cache[r]; ok {
		return s
	}
	var b strings.Builder
	for _, d := range norm.NFKD.String(string(r)) {
		if unicode.IsLetter(d) || unicode.IsDigit(d) {
			b.WriteRune(d)
		}
	}
	s := b.String()
	if s != "" {
		s = f.caser.String(s)
	}
	f.cache[r] = s
	return s
}

var asciiStr [utf8.RuneSelf]string

func init() {
	for r := range asciiStr {
		asciiStr[r] = string(rune(r))
	}
}

// isJoiner reports whether r, found between two word characters, joins
// them into one word rather than separating two: the apostrophe in
// "Washington's" and the comma in "600,000".
func isJoiner(r, prev, next rune) bool {
	switch r {
	case '\'', '’', 'ʼ', '`':
		return isWordRune(prev) && isWordRune(next)
	case ',', '.', '\u00a0', '\u202f':
		return unicode.IsDigit(prev) && unicode.IsDigit(next)
	}
	return false
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// words splits text into normalised words. Every byte of a word's span
// belongs to the word in the original text; separators are never inside a
// span except joiners.
func words(text string, f *folder) []word {
	var out []word
	var b strings.Builder
	start := -1
	prev := rune(-1)
	flush := func(end int) {
		if start >= 0 && b.Len() > 0 {
			out = append(out, word{b.String(), int32(start), int32(end)})
		}
		b.Reset()
		start = -1
	}
	end := 0
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			if s := f.fold(r); s != "" {
				if start < 0 {
					start = i
				}
				b.WriteString(s)
			}
			// A combining mark extends the current word's span but adds
			// no letter.
			if start >= 0 {
				end = i + n
			}
			prev = r
			i += n
			continue
		}
		if start >= 0 {
			next, _ := utf8.DecodeRuneInString(text[i+n:])
			if isJoiner(r, prev, next) {
				prev = r
				i += n
				continue
			}
		}
		flush(end)
		prev = r
		i += n
	}
	flush(end)
	return out
}

// units turns text into the units k-grams are built from, following opts.
func units(text string, opts *Options, f *folder) []unit {
	ws := words(text, f)
	if opts.Unit == Chars {
		var out []unit
		for _, w := range ws {
			// Map each normalised letter back to the original rune it
			// came from, so that spans stay exact.
			i := int(w.start)
			for i < int(w.end) {
				r, n := utf8.DecodeRuneInString(text[i:])
				for _, c := range f.fold(r) {
					out = append(out, unit{uint64(c), int32(i), int32(i + n)})
				}
				i += n
			}
		}
		return out
	}
	out := make([]unit, 0, len(ws))
	for _, w := range ws {
		t := w.text
		if opts.StopWords && stopWords[t] {
			continue
		}
		if opts.Stem {
			t = stem(t)
		}
		out = append(out, unit{hashString(t), w.start, w.end})
	}
	return out
}

// hashString is 64-bit FNV-1a.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
