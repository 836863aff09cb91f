package pdf

import (
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Arabic shaping: a PDF shows glyphs, not letters, and the font's simple
// encoding (one glyph a character) cannot choose the contextual form of
// an Arabic letter. So the text is written with the Arabic Presentation
// Forms (U+FB50–U+FDFF, U+FE70–U+FEFF), one a letter and its place in its
// word: isolated, final, initial or medial, and the lam-alef ligatures.
// The table of forms is read from the Unicode compatibility mappings
// (NFKC turns each presentation form back into its letter), in the
// order those blocks keep: isolated, final, initial, medial.

// forms holds a letter's presentation forms: [isolated, final] for a
// letter that joins on its right only, with initial and medial for one
// that joins on both sides.
type forms []rune

// arabicForms maps letters to their forms; lamAlef maps the alef that
// follows a lam to the ligature's forms.
var arabicForms, lamAlef = presentationForms()

const (
	lam     = '\u0644'
	tatweel = '\u0640' // joins on both sides, with no forms of its own
	zwj     = '\u200d'
)

// presentationForms reads the forms of each letter from the presentation
// forms blocks: each block lists a letter's forms one after another.
func presentationForms() (map[rune]forms, map[rune]forms) {
	letters, ligatures := map[rune]forms{}, map[rune]forms{}
	var last rune
	// Forms-B first: its letters are the common ones, and Forms-A has
	// further forms of some of them for other languages.
	for _, block := range [][2]rune{{0xfe70, 0xfefc}, {0xfb50, 0xfbff}} {
		for r := block[0]; r <= block[1]; r++ {
			base := []rune(norm.NFKC.String(string(r)))
			switch {
			case len(base) == 2 && base[0] == lam && unicode.Is(unicode.Arabic, base[1]):
				ligatures[base[1]] = append(ligatures[base[1]], r)
				last = 0
			case len(base) != 1 || base[0] == r || !unicode.Is(unicode.Arabic, base[0]) || !unicode.IsLetter(base[0]):
				last = 0
			case base[0] == last:
				letters[last] = append(letters[last], r)
			case letters[base[0]] == nil: // the first block that has it
				letters[base[0]], last = forms{r}, base[0]
			default:
				last = 0
			}
		}
	}
	for l, f := range letters {
		if len(f) != 1 && len(f) != 2 && len(f) != 4 {
			delete(letters, l) // not laid out as the blocks usually are
		}
	}
	return letters, ligatures
}

// joinsBefore reports whether r joins the letter after it (a letter with
// initial and medial forms, or a joiner); joinsAfter whether it joins the
// letter before it.
func joinsBefore(r rune) bool { return r == tatweel || r == zwj || len(arabicForms[r]) == 4 }
func joinsAfter(r rune) bool  { return r == tatweel || r == zwj || len(arabicForms[r]) >= 2 }

// transparent reports whether r is a mark that lets letters join across it.
func transparent(r rune) bool { return unicode.Is(unicode.Mn, r) }

// shapeArabic writes the Arabic letters of s, in logical order, as their
// presentation forms in context; other characters stay as they are.
func shapeArabic(s string) string {
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	neighbour := func(i, step int) rune {
		for j := i + step; j >= 0 && j < len(rs); j += step {
			if !transparent(rs[j]) {
				return rs[j]
			}
		}
		return 0
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		f := arabicForms[r]
		if f == nil {
			out = append(out, r)
			continue
		}
		prev := joinsBefore(neighbour(i, -1))
		if next := neighbour(i, 1); r == lam && lamAlef[next] != nil {
			lig := lamAlef[next]
			out = append(out, lig[min(boolIndex(prev), len(lig)-1)])
			for i++; rs[i] != next; i++ {
				out = append(out, rs[i]) // marks between lam and alef
			}
			continue
		}
		next := joinsAfter(neighbour(i, 1)) && len(f) == 4
		switch {
		case len(f) == 4 && prev && next:
			out = append(out, f[3])
		case len(f) == 4 && next:
			out = append(out, f[2])
		case len(f) >= 2 && prev:
			out = append(out, f[1])
		default:
			out = append(out, f[0])
		}
	}
	return string(out)
}

// boolIndex is 1 for true and 0 for false.
func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}
