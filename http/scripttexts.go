package http

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"github.com/parley-talks/parley/http/internal/i18n"
)

// The pages' scripts speak the page's language: each message they show
// is written parleyT("English text", args…) (static/texts.js), and the
// layout puts the page's translations of those messages in a JSON block
// that parleyT reads. The messages are found here, in the embedded
// scripts themselves, so a script's new message needs no list to be
// kept; TestScriptTexts fails on a script's words shown without parleyT
// and on a message that the catalogues lack.

// parleyTRE finds a call of parleyT with its first argument, a string
// literal in double quotes.
var parleyTRE = regexp.MustCompile(`\bparleyT\(("(?:[^"\\\n]|\\.)*")`)

// scriptKeys are the messages of the embedded scripts (the vendored,
// minified ones aside), sorted, each once.
func scriptKeys() []string {
	var out []string
	names, _ := fs.Glob(staticFS, "static/*.js")
	for _, n := range names {
		if strings.HasSuffix(n, ".min.js") {
			continue
		}
		src, _ := staticFS.ReadFile(n)
		out = append(out, scriptKeysIn(string(src))...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// scriptKeysIn reads the messages of one script. A JavaScript string in
// double quotes with no escapes beyond JSON's reads as JSON; one that
// does not is left out (and TestScriptTexts says so).
func scriptKeysIn(src string) []string {
	var out []string
	for _, m := range parleyTRE.FindAllStringSubmatch(src, -1) {
		var key string
		if json.Unmarshal([]byte(m[1]), &key) == nil {
			out = append(out, key)
		}
	}
	return out
}

// scriptTexts are the scripts' messages in pr's language, by their
// English text: nil in English, where parleyT shows the keys as they are.
func scriptTexts(pr *i18n.Printer, keys []string) map[string]string {
	if pr.Code() == "en" {
		return nil
	}
	out := make(map[string]string, len(keys))
	for _, k := range keys {
		out[k], _ = pr.Format(k)
	}
	return out
}
