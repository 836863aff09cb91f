package http_test

import (
	"encoding/json"
	"html"
	"regexp"
	"testing"
)

// TestScriptTextsOnThePage: a page in Ukrainian carries its scripts'
// messages in Ukrainian (#parley-texts, read by static/texts.js), one in
// English none, leaving the scripts their English.
func TestScriptTextsOnThePage(t *testing.T) {
	t.Parallel()
	base, ws, _ := newDemoServerInLanguages(t)
	preferLanguage(t, ws, "russia", "en")
	const key = "The two passphrases differ."
	for user, want := range map[string]string{"ukraine": "Дві парольні фрази не збігаються.", "russia": ""} {
		c, _ := signInPages(t, base, user)
		_, page := c.get("/talks/1/messages")
		got := pageScriptTexts(t, page)
		if got[key] != want || want != "" && len(got) < 40 || want == "" && got != nil {
			t.Errorf("%s: the page's script texts hold %d messages, %q as %q; want %q", user, len(got), key, got[key], want)
		}
	}
}

var scriptTextsRE = regexp.MustCompile(`(?s)<script type="application/json" id="parley-texts">(.*?)</script>`)

// pageScriptTexts reads the page's #parley-texts block (nil where it has
// none).
func pageScriptTexts(t *testing.T, page string) map[string]string {
	t.Helper()
	m := scriptTextsRE.FindStringSubmatch(page)
	if m == nil {
		return nil
	}
	var out map[string]string
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &out); err != nil {
		t.Fatalf("the page's script texts are not JSON: %v\n%s", err, m[1])
	}
	return out
}
