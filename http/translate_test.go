package http

import (
	"testing"

	"github.com/parley-talks/parley/http/internal/i18n"
	"golang.org/x/text/language"
)

// TestTranslatedEscapesArguments: the templates' t prints the catalogue's
// text as it is and escapes every argument but a number, as the templates
// escape what they print.
func TestTranslatedEscapesArguments(t *testing.T) {
	uk := i18n.For(language.Ukrainian)
	title := "<b>Peace</b> & \"war\""
	if got, want := string(translated(uk, "%v of %v", []any{title, 3})), "&lt;b&gt;Peace&lt;/b&gt; &amp; &#34;war&#34; з 3"; got != want {
		t.Errorf("t = %q, want %q", got, want)
	}
	n := 7
	if got := string(translated(english, "Draft %v:", []any{&n})); got != "Draft 7:" {
		t.Errorf("a pointer argument prints %q, want what it points to", got)
	}
	if got := string(translated(english, "The talks' home", nil)); got != "The talks' home" {
		t.Errorf("the text itself is escaped: %q", got)
	}
}
