package http

import (
	"testing"

	"github.com/parley-talks/parley/diff"
)

// TestTextLang: a text keeps its language's tag where its letters are of
// that language's script, and loses it where most are of another.
func TestTextLang(t *testing.T) {
	for _, c := range []struct {
		tag, text, want string
	}{
		{"en", "The parties agree to a ceasefire.", "en"},
		{"en", "المنطقة منزوعة السلاح غير مقبولة", ""},
		{"en", "שביתת נשק מיידית", ""},
		{"en", "Стороны договорились о прекращении огня.", ""},
		{"en", "The term «перемирие» is used as in Article 2.", "en"},
		{"en", "Article 2: «وقف إطلاق النار الشامل والدائم»", ""},
		{"ru", "Стороны договорились о прекращении огня (ceasefire).", "ru"},
		{"ar", "وقف إطلاق النار", "ar"},
		{"he", "The Hebrew text follows.", ""},
		{"ja", "停戦に合意する", "ja"},
		{"en", "1.2.3 — 42 %", "en"},              // no letters: nothing belies the tag
		{"am", "The Amharic text follows.", "am"}, // a script textLang does not know
		{"", "text", ""},
	} {
		if got := textLang(c.tag, c.text); got != c.want {
			t.Errorf("textLang(%q, %q) = %q, want %q", c.tag, c.text, got, c.want)
		}
	}
	words := []diff.Op{{Text: "وقف إطلاق "}, {Text: "النار"}, {Text: "now"}}
	if got := textLang("en", "Title", words); got != "" {
		t.Errorf("Arabic words of a diff with an English title: lang %q, want none", got)
	}
}
