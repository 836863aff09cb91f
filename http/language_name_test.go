package http

import (
	"testing"

	"golang.org/x/text/language"

	"github.com/parley-talks/parley/http/internal/i18n"
)

// TestLanguageNameInTheReadersLanguage: pages name a language in the
// reader's language, English by parley.LanguageName, and a tag that names
// no known language as itself.
func TestLanguageNameInTheReadersLanguage(t *testing.T) {
	for _, c := range []struct {
		reader    language.Tag
		tag, want string
	}{
		{language.English, "ru", "Russian"},
		{language.English, "en-GB", "British English"},
		{language.Russian, "uk", "украинский"},
		{language.Ukrainian, "ru", "російська"},
		{language.Russian, "not a tag!", "not a tag!"},
	} {
		if got := languageName(i18n.For(c.reader), c.tag); got != c.want {
			t.Errorf("%s for a %s reader: got %q, want %q", c.tag, c.reader, got, c.want)
		}
	}
	if got := languageName(nil, "uk"); got != "Ukrainian" {
		t.Errorf("no printer: got %q, want Ukrainian", got)
	}
}
