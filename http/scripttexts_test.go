package http

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/parley-talks/parley/http/internal/i18n"
	"golang.org/x/text/language"
)

// notMessages are string literals of the scripts that read like words but
// are not shown as messages: a directive, and a command a warning names
// in a <code> element, the same in every language.
var notMessages = []string{"use strict", "parley audit verify --checkpoint FILE"}

// TestScriptTexts: every message the pages' own scripts show goes
// through parleyT, and the catalogues translate each one as one string
// (TestCatalogue holds them to the same rules as the templates' keys,
// through goKeys). TestScriptTextsOnThePage sees them reach the page.
func TestScriptTexts(t *testing.T) {
	names, err := fs.Glob(staticFS, "static/*.js")
	if err != nil {
		t.Fatal(err)
	}
	scanned := 0
	for _, n := range names {
		if strings.HasSuffix(n, ".min.js") {
			continue
		}
		src, _ := staticFS.ReadFile(n)
		for _, p := range untranslatedScript(string(src)) {
			t.Errorf("%s: %s", n, p)
		}
		scanned++
	}
	keys := scriptKeys()
	if scanned < 6 || len(keys) < 40 {
		t.Fatalf("scanned %d scripts, %d messages: the scan is broken", scanned, len(keys))
	}
	for _, tag := range []language.Tag{language.Russian, language.Ukrainian} {
		for _, k := range keys {
			if _, ok := i18n.For(tag).Format(k); !ok && i18n.Has(tag, k) {
				t.Errorf("%s: %q has plural forms: parleyT takes one string (put the count where no word agrees with it)", tag, k)
			}
		}
	}

}

// TestScriptTextsFindsWhatIsMissing: the scan behind TestScriptTexts
// finds words shown without parleyT, whether a sentence or a word ending
// in a stop, and a parleyT whose message is not a literal the server can
// read; class names, selectors and the messages given to parleyT pass.
func TestScriptTextsFindsWhatIsMissing(t *testing.T) {
	src := `(function () {
  "use strict";
  // a comment "with words in quotes" is no message
  var re = /^go\.sum database tree\n$/;
  el.className = "notice error";
  el.querySelector('input[name="x"]:checked');
  el.textContent = parleyT("Not saved: %s", why) + " " + parleyT("Sending…");
  el.textContent = "Not saved: " + why;
  b.textContent = 'Saved.';
  notice(parleyT(message));
  var n = 3 / 4, s = "a/b";
})();`
	got := untranslatedScript(src)
	want := []string{`"Not saved: " is shown without parleyT`, `'Saved.' is shown without parleyT`,
		`parleyT( takes no literal in double quotes: parleyT(message));`}
	if !slices.Equal(got, want) {
		t.Errorf("the scan found\n%q\nwant\n%q", got, want)
	}
	if keys := scriptKeysIn(src); !slices.Equal(keys, []string{"Not saved: %s", "Sending…"}) {
		t.Errorf("the messages read are %q", keys)
	}
}

// untranslatedScript lists the problems of a script: each string literal
// that reads as words (two words with a space between, or a word ending
// in a stop) and is not the message of a parleyT call, a class name or
// one of notMessages; and each parleyT whose message the server cannot
// read.
func untranslatedScript(src string) []string {
	var out []string
	for _, lit := range jsStrings(src) {
		before := strings.TrimRightFunc(src[:lit.at], unicode.IsSpace)
		body := strings.Trim(lit.text, "\"'`")
		switch {
		case strings.HasSuffix(before, "parleyT("), !readsAsWords(body), slices.Contains(notMessages, body),
			strings.HasSuffix(before, "className ="):
			continue
		}
		out = append(out, lit.text+" is shown without parleyT")
	}
	calls := strings.Count(src, "parleyT(")
	if found := len(parleyTRE.FindAllStringIndex(src, -1)); found != calls || len(scriptKeysIn(src)) != found {
		for _, at := range regexp.MustCompile(`parleyT\([^"]`).FindAllStringIndex(src, -1) {
			end := strings.IndexByte(src[at[0]:], '\n')
			if end < 0 {
				end = len(src) - at[0]
			}
			out = append(out, "parleyT( takes no literal in double quotes: "+src[at[0]:at[0]+end])
		}
	}
	return out
}

var wordsRE = regexp.MustCompile(`\p{L}\s+\p{L}|\p{L}[.…!?:]$`)

// readsAsWords reports whether a literal's text reads as words to show.
func readsAsWords(s string) bool { return wordsRE.MatchString(s) }

// jsString is a string literal of a script, quotes included, at its
// offset.
type jsString struct {
	text string
	at   int
}

// jsStrings finds a script's string literals, past its comments and
// regular expressions (a slash where a value may begin starts one).
func jsStrings(src string) []jsString {
	var out []jsString
	prev := byte('(') // the last character of code before i, spaces aside
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case strings.HasPrefix(src[i:], "//"):
			i = skipTo(src, i, "\n") - 1
			continue
		case strings.HasPrefix(src[i:], "/*"):
			i = skipTo(src, i+2, "*/") + 1
		case c == '"' || c == '\'' || c == '`':
			end := literalEnd(src, i)
			out = append(out, jsString{src[i:end], i})
			i = end - 1
		case c == '/' && strings.IndexByte("(,=:[!&|?{};+-*%<>~^", prev) >= 0:
			i = literalEnd(src, i) - 1
		}
		if !unicode.IsSpace(rune(src[i])) {
			prev = src[i]
		}
	}
	return out
}

// skipTo is the index after the next sep at or after i (len(src) if none).
func skipTo(src string, i int, sep string) int {
	if j := strings.Index(src[i:], sep); j >= 0 {
		return i + j + len(sep)
	}
	return len(src)
}

// literalEnd is the index after the literal (a string or a regular
// expression) opening at i, escapes and a regular expression's classes
// minded.
func literalEnd(src string, i int) int {
	quote, class := src[i], false
	for j := i + 1; j < len(src); j++ {
		switch c := src[j]; {
		case c == '\\':
			j++
		case quote == '/' && c == '[':
			class = true
		case quote == '/' && c == ']':
			class = false
		case c == quote && !class:
			return j + 1
		case c == '\n' && quote != '`':
			return j
		}
	}
	return len(src)
}
