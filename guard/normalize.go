package guard

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A unit is one element of the normalised text that k-grams are made of:
// a word or a character, depending on [Options.Unit]. start and end are the
// byte offsets in the original text of what the unit was made from.
type unit struct {
	h          uint64
	start, end int32
}

// A word is a run of letters and digits in the original text, already
// normalised: decomposed, folded, without diacritics, ignorable characters
// or joining punctuation. Its confusable skeleton is taken in units.
type word struct {
	text       string
	start, end int32
}

// mayJoin reports whether r is punctuation that can join two word
// characters into one word (see isJoiner).
func mayJoin(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', '`', ',', '.', '\u00a0', '\u202f':
		return true
	}
	return false
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

// isHyphen reports whether r may end a line in the middle of a
// hyphenated word: the hyphen-minus, the hyphen and the soft hyphen.
func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u00ad' }

// isLineBreak reports whether r ends a line.
func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\v', '\f', '\r', '\u0085', '\u2028', '\u2029':
		return true
	}
	return false
}

// isHorizontalSpace reports whether r is white space that does not end a
// line.
func isHorizontalSpace(r rune) bool { return unicode.IsSpace(r) && !isLineBreak(r) }

// lineEndHyphen reports whether the hyphen that ends at byte i of text
// ends a line in the middle of a word: it is followed by a line break and,
// past spaces and ignorable characters, by a lower-case letter. It returns
// the offset of that letter, where the word goes on ("negoti-\nations"
// is one word).
func lineEndHyphen(text string, i int) (int, bool) {
	breaks := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case isHyphen(r) && !isIgnorable(r):
			// Another visible hyphen: "a--\nb" is not a hyphenated word.
			return i, false
		case r == '\r' && strings.HasPrefix(text[i:], "\r\n"):
			breaks++
			n = 2
		case isLineBreak(r):
			breaks++
		case isHorizontalSpace(r) || isIgnorable(r):
		default:
			return i, breaks == 1 && unicode.IsLower(r)
		}
		if breaks > 1 {
			return i, false
		}
		i += n
	}
	return i, false
}

// nextVisible returns the first rune of rest, or else of text, that is not
// ignorable, decomposed; -1 when there is none.
func nextVisible(rest, text string, f *folder) rune {
	for _, r := range rest {
		if !isIgnorable(r) {
			return r
		}
	}
	for _, r := range text {
		if r >= utf8.RuneSelf {
			if r = nextVisible(f.nfkd(r), "", f); r < 0 {
				continue
			}
		}
		if !isIgnorable(r) {
			return r
		}
	}
	return -1
}

// splitter cuts text into words, one decomposed rune at a time.
type splitter struct {
	f          *folder
	out        []word
	b          strings.Builder
	start, end int  // byte span of the current word; start < 0 between words
	prev       rune // the last rune seen that was not ignorable
	// noBreakUntil is where the last failed lineEndHyphen scan stopped: a
	// soft hyphen before it would fail the same way, so that a run of
	// soft hyphens is scanned once, not once per hyphen.
	noBreakUntil int
}

// words splits text into normalised words. Every byte of a word's span
// belongs to the word in the original text; separators are never inside a
// span except joiners, ignorable characters and a hyphen with the line
// break after it. Each rune is decomposed first (NFKD), so that text and
// its NFKC normal form give the same words.
func words(text string, f *folder) []word {
	s := splitter{f: f, start: -1, prev: -1}
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r < utf8.RuneSelf {
			if c := asciiFold[r]; c != "" {
				// Fast path: an ASCII letter or digit.
				if s.start < 0 {
					s.start = i
				}
				s.b.WriteByte(c[0])
				s.end, s.prev = i+1, r
				i++
				continue
			}
			i = s.step(r, text, i, n, "")
			continue
		}
		exp := f.nfkd(r)
		next := i + n
		for k, d := range exp {
			next = s.step(d, text, i, n, exp[k+utf8.RuneLen(d):])
		}
		i = next
	}
	s.flush()
	return s.out
}

// step takes one rune d of the decomposition of the original rune at
// text[i:i+n]; rest is what follows d in that decomposition. It returns
// where the next original rune starts: i+n, or past the line break of a
// hyphenated word.
func (s *splitter) step(d rune, text string, i, n int, rest string) int {
	inWord := s.start >= 0
	if inWord && rest == "" && isHyphen(d) && unicode.IsLetter(s.prev) && i >= s.noBreakUntil {
		j, ok := lineEndHyphen(text, i+n)
		if ok {
			return j
		}
		s.noBreakUntil = j
	}
	switch {
	case isIgnorable(d):
		return i + n
	case isWordRune(d):
		if t := s.f.fold(d); t != "" {
			if s.start < 0 {
				s.start = i
			}
			s.b.WriteString(t)
		}
		// A combining mark extends the current word's span but adds no
		// letter.
		if s.start >= 0 {
			s.end = i + n
		}
	case inWord && mayJoin(d) && isJoiner(d, s.prev, nextVisible(rest, text[i+n:], s.f)):
	default:
		s.flush()
	}
	s.prev = d
	return i + n
}

// flush ends the current word, if any.
func (s *splitter) flush() {
	if s.start >= 0 && s.b.Len() > 0 {
		s.out = append(s.out, word{s.b.String(), int32(s.start), int32(s.end)})
	}
	s.b.Reset()
	s.start = -1
}

// units turns text into the units k-grams are built from, following opts.
// A word is put into skeleton form first, so that look-alike letters of
// other scripts match the letters they imitate; a word whose skeleton is
// all ASCII is then stemmed (with opts.Stem).
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
				for _, c := range f.key(r) {
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
		if !isASCII(t) {
			h, ascii := f.skeletonHash(t)
			if !ascii {
				// Not a Latin word in disguise: no stop word, no stemming.
				out = append(out, unit{h, w.start, w.end})
				continue
			}
			t = f.skeleton(t)
		}
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

// The parameters of 64-bit FNV-1a.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// hashString is 64-bit FNV-1a.
func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}
