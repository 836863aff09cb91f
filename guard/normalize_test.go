package guard

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TestWordsInvisible checks that ignorable characters inside a word do not
// split it and stay inside its span, and that a hyphen at a line end joins
// the two halves of a word.
func TestWordsInvisible(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // words joined by "|", each as text@start-end
	}{
		{"nego\u00adtiations", "negotiations@0-14"},
		{"nego\u200btiations now", "negotiations@0-15|now@16-19"},
		{"\u200bword\u200b next", "word@3-7|next@11-15"},
		{"a\u200cb\u200dc\u2060d\ufeffe", "abcde@0-17"},
		{"bi\u200edi\u202erec\u202ct\u2066io\u2069n", "bidirection@0-26"},
		{"va\ufe0friation \U000E0041tag\U000E007F", "variation@0-12|tag@17-20"},
		{"han\u3164gul", "hangul@0-9"},
		{"Washington\u200b’\u200bs view", "washingtons@0-20|view@21-25"},
		{"600,\u2060000", "600000@0-10"},
		{"negoti-\nations", "negotiations@0-14"},
		{"negoti-  \r\n   ations began", "negotiations@0-20|began@21-26"},
		{"negoti\u00ad\nations", "negotiations@0-15"},
		{"negoti\u2010\nations", "negotiations@0-16"},
		{"Kherson-\nZaporizhzhia", "kherson@0-7|zaporizhzhia@9-21"},
		{"five-hour", "five@0-4|hour@5-9"},
		{"end -\nnext", "end@0-3|next@6-10"},
		{"para-\n\nnext", "para@0-4|next@7-11"},
		{"2014-\n15", "2014@0-4|15@6-8"},
		{"ⓓⓞⓝ ½ №5", "don@0-9|1@10-12|2@10-12|no5@13-17"},
		{"x² Ⅻ", "x2@0-3|xii@4-7"},
	} {
		var parts []string
		for _, w := range words(tc.in, newFolder()) {
			parts = append(parts, fmt.Sprintf("%s@%d-%d", w.text, w.start, w.end))
		}
		if got := strings.Join(parts, "|"); got != tc.want {
			t.Errorf("words(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// TestSkeleton checks that look-alike letters of other scripts give the
// unit of the letters they imitate, and that real Cyrillic text keeps
// telling its words apart.
func TestSkeleton(t *testing.T) {
	opts := DefaultOptions()
	hashes := func(s string) []uint64 {
		var hs []uint64
		for _, u := range units(s, &opts, newFolder()) {
			hs = append(hs, u.h)
		}
		return hs
	}
	same := [][2]string{
		{"The whole of the Donetsk region", "Тhе whоlе оf thе Dоnеtsk rеgiоn"}, // Cyrillic е, о, Т
		{"The whole of the Donetsk region", "ΤhΕ whοle οf the Dοnetsk regιοn"}, // Greek Τ, Ε, ο, ι
		{"KIEV SAYS AGREED", "КІЕV ЅАYЅ АGRЕЕD"},                               // Cyrillic capitals
		{"agreed sanctions", "аgrееd ѕаnсtiоnѕ"},                               // stemmed after mapping
		{"peace plan", "ｐｅａｃｅ 𝐩𝐥𝐚𝐧"},                                           // compatibility forms
		{"сторона предложила", "cтoрoнa прeдлoжилa"},                           // Latin look-alikes in Russian
		{"Американская сторона", "АМЕРИКАНСКАЯ СТОРОНА"},                       // Cyrillic case
		{"трёх лет", "трех лет"},                                               // diacritics, as before
		{"négociation", "ne\u0301gociation"},                                   // combining marks, as before
		{"the ceasefire", "the cease\u00adfire"},                               // soft hyphen
		{"Ukrainian forces", "Ukrain\u200bian for\u2060ces"},                   // zero width space, word joiner
		{"Ukrainian forces", "Uкrаіnіаn fоrсеѕ"},                               // lower-case к
		{"the Donetsk region", "the Donet\u200bsk re\u00adgion"},               // mixed
		{"the Donetsk region", "thе\u200b Dоnеtsк rеgіоn\u2060"},
		{"ΗΛΙΟΣ ΝΥΧΤΑ", "ηλιος νυχτα"},                       // real Greek stays case-blind
		{"ДОНЕЦКАЯ ОБЛАСТЬ ВЗЯТА", "донецкая область взята"}, // and real Cyrillic
		{"Їжак ґанок Єва", "їжак ґанок єва"},                 // Ukrainian too               // all at once
	}
	for _, p := range same {
		if a, b := hashes(p[0]), hashes(p[1]); !slices.Equal(a, b) {
			t.Errorf("units(%q) != units(%q), want equal", p[0], p[1])
		}
	}
	differ := [][2]string{
		{"мир", "мор"},
		{"кто", "что"},
		{"пять", "шесть"},
		{"территория", "территории"},
		{"Донецк", "Донбасс"},
		{"нет", "нёс"},
	}
	for _, p := range differ {
		if a, b := hashes(p[0]), hashes(p[1]); slices.Equal(a, b) {
			t.Errorf("units(%q) = units(%q), want different", p[0], p[1])
		}
	}
}

// TestNFKC checks that a text and its NFKC normal form give the same units.
func TestNFKC(t *testing.T) {
	opts := DefaultOptions()
	for _, s := range []string{
		"ﬁnal Ⅻ ½ ① ⑴ ² № ㎏ ℃ ﬀ ＡＢＣ ｱｲｳ 𝐀 ǅ ẞ",
		"한국어 한국어 e\u0301 \u1100\u1161\u11a8",
		"The whole of the Donetsk region is ours by our constitution",
	} {
		a, b := units(s, &opts, newFolder()), units(norm.NFKC.String(s), &opts, newFolder())
		if len(a) != len(b) {
			t.Fatalf("%q: %d units, NFKC form %d", s, len(a), len(b))
		}
		for i := range a {
			if a[i].h != b[i].h {
				t.Errorf("%q: unit %d differs from the NFKC form's", s, i)
			}
		}
	}
}

// ignorables are default-ignorable and format characters of every kind.
var ignorables = []rune{0xAD, 0x34F, 0x61C, 0x115F, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F,
	0x202A, 0x202E, 0x2060, 0x2062, 0x2066, 0x2069, 0x3164, 0xFE00, 0xFE0F, 0xFEFF, 0xFFA0,
	0x1D173, 0xE0001, 0xE0041, 0xE007F, 0xE0100}

// insertIgnorables inserts ignorable characters at random rune boundaries
// of s. A soft hyphen is not put before white space or another ignorable
// character: at the end of a line it is a hyphen, and "A\u00ad\na" is one
// hyphenated word where "A\na" is two.
func insertIgnorables(s string, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	for i, c := range s {
		if r.IntN(3) == 0 {
			ig := ignorables[r.IntN(len(ignorables))]
			if ig == '\u00ad' && (unicode.IsSpace(c) || unicode.In(c, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)) {
				ig = '\u200b'
			}
			b.WriteRune(ig)
		}
		if c == utf8.RuneError && !utf8.ValidString(s[i:i+1]) {
			b.WriteByte(s[i])
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// FuzzIgnorable checks that inserting ignorable characters anywhere in a
// text leaves its units unchanged, and that word spans lie inside the text
// on rune boundaries.
func FuzzIgnorable(f *testing.F) {
	f.Add("The whole of the Donetsk region is ours", uint64(1))
	f.Add("negoti-\nations 600,000 Washington’s «Донбасс» — ﬁnal", uint64(2))
	f.Add("nego\u00adtiations \u200bword\u2060 Тhе Dоnеtsk", uint64(3))
	f.Add("½⑴ a-\u00ad\nb x\u00ad\u00ad\u00ady", uint64(4))
	f.Fuzz(func(t *testing.T, s string, seed uint64) {
		if !utf8.ValidString(s) {
			return
		}
		opts := DefaultOptions()
		with := insertIgnorables(s, seed)
		a, b := units(s, &opts, newFolder()), units(with, &opts, newFolder())
		if len(a) != len(b) {
			t.Fatalf("%q: %d units, with ignorables %q: %d", s, len(a), with, len(b))
		}
		for i := range a {
			if a[i].h != b[i].h {
				t.Fatalf("%q: unit %d differs with ignorables %q", s, i, with)
			}
		}
		for _, w := range words(with, newFolder()) {
			if w.start < 0 || w.start >= w.end || int(w.end) > len(with) ||
				!utf8.RuneStart(with[w.start]) || (int(w.end) < len(with) && !utf8.RuneStart(with[w.end])) {
				t.Fatalf("word %+v out of %q or off a rune boundary", w, with)
			}
		}
	})
}
