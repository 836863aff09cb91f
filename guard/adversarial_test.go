package guard_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The adversarial set is made from the labelled set (testdata/eval.json)
// by the transforms below, deterministically: every statement of every
// class is put through every transform, and a variant identical to its
// statement (a Russian statement under a Latin-to-Cyrillic transform) is
// left out. Labels, splits and expected source passages are the
// statement's. docs/disclosure-guard.md describes the transforms.

// transform is one way of disguising a statement.
type transform struct {
	name  string
	group string // invisible, lookalike, spacing, punctuation, hyphenation
	apply func(s string, r *rand.Rand) string
}

// transformGroups lists the groups in the order they are reported.
var transformGroups = []string{"invisible", "lookalike", "spacing", "punctuation", "hyphenation"}

// invisibleKinds are the characters the invisible group inserts, one
// transform each: format characters and default-ignorable code points.
var invisibleKinds = []struct {
	name   string
	insert string
}{
	{"soft hyphen", "\u00ad"},
	{"zero width space", "\u200b"},
	{"zero width non-joiner", "\u200c"},
	{"zero width joiner", "\u200d"},
	{"word joiner", "\u2060"},
	{"byte order mark", "\ufeff"},
	{"left-to-right mark", "\u200e"},
	{"right-to-left mark", "\u200f"},
	{"arabic letter mark", "\u061c"},
	{"bidi override and pop", "\u202d\u202c"},
	{"bidi isolate and pop", "\u2066\u2069"},
	{"variation selector 16", "\ufe0f"},
	{"tag character", "\U000e0041"},
	{"mongolian vowel separator", "\u180e"},
	{"invisible times", "\u2062"},
	{"combining grapheme joiner", "\u034f"},
	{"hangul filler", "\u3164"},
}

// latinToCyrillic and latinToGreek map Latin letters to look-alikes in
// the other script; cyrillicToLatin the other way round.
var (
	latinToCyrillic = lookalikes("aа cс eе hһ iі jј oо pр sѕ xх yу AА BВ CС EЕ HН IІ JЈ KК MМ OО PР SЅ TТ XХ")
	latinToGreek    = lookalikes("aα iι oο pρ uυ vν AΑ BΒ EΕ HΗ IΙ KΚ MΜ NΝ OΟ PΡ TΤ XΧ YΥ ZΖ")
	cyrillicToLatin = lookalikes("аa сc еe іi јj оo рp ѕs хx уy АA ВB СC ЕE НH ІI ЈJ КK МM ОO РP ЅS ТT ХX")
)

func lookalikes(pairs string) map[rune]rune {
	m := make(map[rune]rune)
	for _, p := range strings.Fields(pairs) {
		rs := []rune(p)
		m[rs[0]] = rs[1]
	}
	return m
}

// transforms returns every transform of the adversarial set.
func transforms() []transform {
	var ts []transform
	for _, k := range invisibleKinds {
		ts = append(ts, transform{k.name + " inside every word", "invisible", func(s string, _ *rand.Rand) string {
			return mapWords(s, func(w []rune) string {
				if len(w) < 2 {
					return string(w)
				}
				return string(w[:len(w)/2]) + k.insert + string(w[len(w)/2:])
			})
		}})
	}
	ts = append(ts,
		transform{"zero width space between all letters", "invisible", func(s string, _ *rand.Rand) string {
			return mapWords(s, func(w []rune) string { return joinRunes(w, "\u200b") })
		}},
		transform{"invisible characters of every kind, at random", "invisible", func(s string, r *rand.Rand) string {
			return mapWords(s, func(w []rune) string {
				var b strings.Builder
				for i, c := range w {
					if i > 0 && r.IntN(2) == 0 {
						b.WriteString(invisibleKinds[r.IntN(len(invisibleKinds))].insert)
					}
					b.WriteRune(c)
				}
				return b.String()
			})
		}},
		transform{"Cyrillic look-alikes for every letter that has one", "lookalike", func(s string, _ *rand.Rand) string {
			return replaceRunes(s, latinToCyrillic, false)
		}},
		transform{"one Cyrillic look-alike in each word", "lookalike", func(s string, _ *rand.Rand) string {
			return replaceRunes(s, latinToCyrillic, true)
		}},
		transform{"Greek look-alikes for every letter that has one", "lookalike", func(s string, _ *rand.Rand) string {
			return replaceRunes(s, latinToGreek, false)
		}},
		transform{"Latin look-alikes in Cyrillic text", "lookalike", func(s string, _ *rand.Rand) string {
			return replaceRunes(s, cyrillicToLatin, false)
		}},
		transform{"fullwidth forms", "lookalike", func(s string, _ *rand.Rand) string {
			return strings.Map(func(c rune) rune {
				if c > ' ' && c < 0x7f {
					return c - 0x21 + 0xff01
				}
				return c
			}, s)
		}},
		transform{"mathematical bold letters", "lookalike", func(s string, _ *rand.Rand) string {
			return strings.Map(func(c rune) rune {
				switch {
				case 'A' <= c && c <= 'Z':
					return 0x1d400 + c - 'A'
				case 'a' <= c && c <= 'z':
					return 0x1d41a + c - 'a'
				}
				return c
			}, s)
		}},
		transform{"look-alikes and invisible characters mixed, word by word", "lookalike", func(s string, r *rand.Rand) string {
			return mapWords(s, func(w []rune) string {
				switch r.IntN(4) {
				case 0:
					return replaceRunes(string(w), latinToCyrillic, false)
				case 1:
					return replaceRunes(string(w), latinToGreek, true)
				case 2:
					return joinRunes(w, invisibleKinds[r.IntN(len(invisibleKinds))].insert)
				}
				return string(w)
			})
		}},
		transform{"spaces replaced by other white space", "spacing", func(s string, r *rand.Rand) string {
			spaces := []string{"  ", "\n", "\t", "\u00a0", "\u2003", "\u3000", " \r\n ", "\u202f"}
			return replaceSpaces(s, func() string { return spaces[r.IntN(len(spaces))] })
		}},
		transform{"punctuation removed", "punctuation", func(s string, _ *rand.Rand) string {
			return strings.Map(func(c rune) rune {
				if unicode.IsPunct(c) {
					return -1
				}
				return c
			}, s)
		}},
		transform{"punctuation changed and added", "punctuation", func(s string, r *rand.Rand) string {
			s = strings.NewReplacer("’", "'", "“", "\"", "”", "\"", "«", "\"", "»", "\"", "—", "--", ";", ",", ":", " -").Replace(s)
			n := 0
			return replaceSpaces(s, func() string {
				n++
				if n%5 == 0 {
					return []string{", ", "; ", " — ", " ... "}[r.IntN(4)]
				}
				return " "
			})
		}},
		transform{"soft hyphens at every third letter", "hyphenation", func(s string, _ *rand.Rand) string {
			return mapWords(s, func(w []rune) string {
				var b strings.Builder
				for i, c := range w {
					if i > 0 && i%3 == 0 && len(w)-i >= 2 {
						b.WriteString("\u00ad")
					}
					b.WriteRune(c)
				}
				return b.String()
			})
		}},
		transform{"hyphenated at line ends, 36 columns", "hyphenation", func(s string, _ *rand.Rand) string {
			return wrap(s, 36, "-\n")
		}},
		transform{"soft-hyphenated at line ends, 28 columns", "hyphenation", func(s string, _ *rand.Rand) string {
			return wrap(s, 28, "\u00ad\n")
		}},
	)
	return ts
}

// isLetterOrDigit reports whether c belongs to a word for the transforms.
func isLetterOrDigit(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }

// mapWords replaces every maximal run of letters and digits of s by f of
// it.
func mapWords(s string, f func(w []rune) string) string {
	var b strings.Builder
	var w []rune
	for _, c := range s {
		if isLetterOrDigit(c) {
			w = append(w, c)
			continue
		}
		if len(w) > 0 {
			b.WriteString(f(w))
			w = w[:0]
		}
		b.WriteRune(c)
	}
	if len(w) > 0 {
		b.WriteString(f(w))
	}
	return b.String()
}

func joinRunes(w []rune, sep string) string {
	parts := make([]string, len(w))
	for i, c := range w {
		parts[i] = string(c)
	}
	return strings.Join(parts, sep)
}

// replaceRunes replaces the letters of s found in m; with onePerWord only
// the first such letter of each word.
func replaceRunes(s string, m map[rune]rune, onePerWord bool) string {
	return mapWords(s, func(w []rune) string {
		out := make([]rune, len(w))
		done := false
		for i, c := range w {
			out[i] = c
			if l, ok := m[c]; ok && !done {
				out[i] = l
				done = onePerWord
			}
		}
		return string(out)
	})
}

// replaceSpaces replaces each ASCII space of s by what next returns.
func replaceSpaces(s string, next func() string) string {
	var b strings.Builder
	for _, c := range s {
		if c == ' ' {
			b.WriteString(next())
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// wrap breaks s into lines of at most width runes at spaces, as a word
// processor that hyphenates does: a word that crosses the end of a line
// and has at least two letters on each side is cut there with hyphen (a
// hyphen or soft hyphen and a line break), provided the second part starts
// with a lower-case letter.
func wrap(s string, width int, hyphen string) string {
	var b strings.Builder
	col := 0
	for i, w := range strings.Fields(s) {
		rs := []rune(w)
		if i > 0 {
			if col+1+len(rs) <= width {
				b.WriteByte(' ')
				col++
			} else if cut := width - col - 2; cut >= 2 && len(rs)-cut >= 2 && onlyLetters(rs[:cut+1]) && unicode.IsLower(rs[cut]) {
				b.WriteString(" " + string(rs[:cut]) + hyphen)
				rs, col = rs[cut:], 0
			} else {
				b.WriteByte('\n')
				col = 0
			}
		}
		b.WriteString(string(rs))
		col += len(rs)
	}
	return b.String()
}

func onlyLetters(rs []rune) bool {
	for _, c := range rs {
		if !unicode.IsLetter(c) {
			return false
		}
	}
	return true
}

// variantSet is the labelled set's statements put through one transform.
type variantSet struct {
	transform
	*evalSet
}

// adversarialSets returns the adversarial set, one variantSet per
// transform, in the order of transforms.
func adversarialSets(s *evalSet) []variantSet {
	var out []variantSet
	for ti, t := range transforms() {
		set := &evalSet{Sources: s.Sources}
		r := rand.New(rand.NewPCG(uint64(ti), 13))
		for _, st := range s.Statements {
			v := t.apply(st.Text, r)
			if v == st.Text {
				continue
			}
			if !utf8.ValidString(v) {
				panic(fmt.Sprintf("transform %q made invalid UTF-8 of %s", t.name, st.ID))
			}
			st.ID += " / " + t.name
			st.Text = v
			set.Statements = append(set.Statements, st)
		}
		out = append(out, variantSet{t, set})
	}
	return out
}
