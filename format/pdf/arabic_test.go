package pdf

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestShapeArabic checks the contextual forms of words: letters that join
// on both sides, letters that join on their right only, the lam-alef
// ligature, marks between letters, and text that is not Arabic.
func TestShapeArabic(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"بيت", "\ufe91\ufef4\ufe96"},        // initial, medial, final
		{"دار", "\ufea9\ufe8d\ufead"},        // dal joins nothing after it: alef isolated
		{"سلام", "\ufeb3\ufefc\ufee1"},       // the lam-alef ligature, final
		{"لا", "\ufefb"},                     // isolated
		{"بَيت", "\ufe91\u064e\ufef4\ufe96"}, // a fatha lets ba and yeh join
		{"ء", "\ufe80"},                      // hamza joins nothing
		{"على", "\ufecb\ufee0\ufef0"},        // alef maksura, final
		{"Мир, שלום 30", "Мир, שלום 30"},     // other scripts as they are
		{"پیام", "\ufb58\ufbff\ufe8e\ufee1"}, // Persian letters (Forms-A)
	} {
		got := shapeArabic(c.in)
		if got != c.want {
			t.Errorf("shapeArabic(%q) = %+q, want %+q", c.in, got, c.want)
		}
		if norm.NFKC.String(got) != norm.NFKC.String(c.in) {
			t.Errorf("shapeArabic(%q) does not map back to its letters: %q", c.in, norm.NFKC.String(got))
		}
	}
}

// TestVisual checks the visual order of lines: a right-to-left paragraph
// reverses, its numbers read left to right; a left-to-right one keeps its
// order with the right-to-left words reversed in place.
func TestVisual(t *testing.T) {
	for _, c := range []struct {
		in   string
		rtl  bool
		want string
	}{
		{"שלום עולם", true, "םלוע םולש"},
		{"בתוך 30 ימים", true, "םימי 30 ךותב"},
		{"Hello שלום world", false, "Hello םולש world"},
		{"Hello שלום 12 עולם world", false, "Hello םלוע 12 םולש world"},
	} {
		if got := visual(c.in, c.rtl); got != c.want {
			t.Errorf("visual(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
