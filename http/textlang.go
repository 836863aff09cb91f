package http

import (
	"unicode"

	"github.com/parley-talks/parley/diff"
	"golang.org/x/text/language"
)

// A point's text in a language is marked with that language's tag, so
// that a screen reader reads it in that language's voice; but a text may
// be written otherwise (a clause quoted in Arabic in an English draft),
// and lang="en" would then misname it. textLang marks a text with its
// language only where the text's letters are mostly of a script the
// language is written in.

// scripts are the scripts textLang tells apart, by ISO 15924 code.
var scripts = []struct {
	code  string
	table *unicode.RangeTable
}{
	{"Latn", unicode.Latin}, {"Cyrl", unicode.Cyrillic}, {"Arab", unicode.Arabic}, {"Hebr", unicode.Hebrew},
	{"Grek", unicode.Greek}, {"Armn", unicode.Armenian}, {"Geor", unicode.Georgian}, {"Deva", unicode.Devanagari},
	{"Thai", unicode.Thai}, {"Hani", unicode.Han}, {"Hira", unicode.Hiragana}, {"Kana", unicode.Katakana},
	{"Hang", unicode.Hangul},
}

// writtenIn are the scripts of a language's script that mixes several.
var writtenIn = map[string][]string{"Jpan": {"Hani", "Hira", "Kana"}, "Kore": {"Hang", "Hani"}, "Hans": {"Hani"}, "Hant": {"Hani"}}

// textLang is the lang attribute of texts written in the language of
// tag (strings, or the words of a diff): tag, or "" where the texts'
// letters are mostly of a script that is not the language's. Texts with
// no letter of a known script, and a tag of no known script, keep tag.
func textLang(tag string, texts ...any) string {
	count := make([]int, len(scripts))
	letters := func(s string) {
		for _, r := range s {
			for i, sc := range scripts {
				if unicode.Is(sc.table, r) {
					count[i]++
					break
				}
			}
		}
	}
	for _, t := range texts {
		switch t := t.(type) {
		case string:
			letters(t)
		case []diff.Op:
			for _, op := range t {
				letters(op.Text)
			}
		}
	}
	most := 0
	for i := range count {
		if count[i] > count[most] {
			most = i
		}
	}
	t, err := language.Parse(tag)
	if err != nil || count[most] == 0 {
		return tag
	}
	script, conf := t.Script()
	if conf == language.No {
		return tag
	}
	if fits, ok := writtenIn[script.String()]; ok {
		for _, f := range fits {
			if f == scripts[most].code {
				return tag
			}
		}
		return ""
	}
	known := false
	for _, sc := range scripts {
		known = known || sc.code == script.String()
	}
	if !known || scripts[most].code == script.String() {
		return tag
	}
	return ""
}
