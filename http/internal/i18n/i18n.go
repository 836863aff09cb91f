// Package i18n is the language of Parley's interface: the message
// catalogues of the languages other than English (ru.json, uk.json,
// keyed by the English text, the convention of golang.org/x/text/message),
// the choice of a request's language (the member's preference, else the
// browser's Accept-Language, else English), and the printers that
// translate and format numbers and dates in that language.
//
// A catalogue file maps each English format string to its translation,
// either a string or, where a count decides the form, an object naming
// the argument (1-based) and a form per plural category of the language:
//
//	"%d unread": {"arg": 1, "one": "%d непрочитанное", "few": "%d непрочитанных", "many": "%d непрочитанных", "other": "%d непрочитанного"}
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

//go:embed *.json
var files embed.FS

// Tags are the interface's languages, English (the source) first.
var Tags = []language.Tag{language.English, language.Russian, language.Ukrainian}

// Codes are the tags' codes, as the preference stores them.
var Codes = []string{"en", "ru", "uk"}

var (
	builder = catalog.NewBuilder(catalog.Fallback(language.English))
	keys    = map[language.Tag]map[string]string{} // key → its entry's text, its forms joined

	matcher  = language.NewMatcher(Tags)
	printers = map[language.Tag]*Printer{}
)

// ready loads the catalogues the first time one is asked for, not at the
// program's start: it was the largest part of the start of every command
// (50,000 allocations), which most commands never use, and of the time
// until a starting server's first answer (issue 17).
var ready = sync.OnceFunc(func() {
	for _, tag := range Tags[1:] {
		if err := load(tag); err != nil {
			panic(err) // the catalogues are part of the binary
		}
	}
	for _, tag := range Tags {
		printers[tag] = &Printer{tag: tag, p: message.NewPrinter(tag, message.Catalog(builder))}
	}
})

// entry is a catalogue entry in plural forms.
type entry struct {
	Arg   int    `json:"arg"`
	Zero  string `json:"zero"`
	One   string `json:"one"`
	Few   string `json:"few"`
	Many  string `json:"many"`
	Other string `json:"other"`
}

// load reads the catalogue of tag into the builder.
func load(tag language.Tag) error {
	name := tag.String() + ".json"
	body, err := files.ReadFile(name)
	if err != nil {
		return err
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return fmt.Errorf("i18n: %s: %w", name, err)
	}
	keys[tag] = map[string]string{}
	for key, v := range raw {
		keys[tag][key] = string(v)
		var s string
		if json.Unmarshal(v, &s) == nil {
			if err := builder.SetString(tag, key, s); err != nil {
				return fmt.Errorf("i18n: %s: %q: %w", name, key, err)
			}
			continue
		}
		var e entry
		if err := json.Unmarshal(v, &e); err != nil || e.Arg < 1 || e.Other == "" {
			return fmt.Errorf("i18n: %s: %q: neither a string nor plural forms with arg and other", name, key)
		}
		var cases []any
		for _, c := range []struct{ cat, form string }{{"=0", e.Zero}, {"one", e.One}, {"few", e.Few}, {"many", e.Many}, {"other", e.Other}} {
			if c.form != "" {
				cases = append(cases, c.cat, c.form)
			}
		}
		if err := builder.Set(tag, key, plural.Selectf(e.Arg, "", cases...)); err != nil {
			return fmt.Errorf("i18n: %s: %q: %w", name, key, err)
		}
	}
	return nil
}

// Has reports whether the catalogue of tag holds key; English holds every
// key, its own text.
func Has(tag language.Tag, key string) bool {
	ready()
	_, ok := keys[tag][key]
	return tag == language.English || ok
}

// Text is the entry of key in tag's catalogue as the file holds it (a
// JSON string, or the plural forms' object).
func Text(tag language.Tag, key string) string {
	ready()
	return keys[tag][key]
}

// Keys lists the keys of tag's catalogue, sorted.
func Keys(tag language.Tag) []string {
	ready()
	var out []string
	for k := range keys[tag] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Valid reports whether code names an interface language ("" chooses
// none: the browser's).
func Valid(code string) bool { return code == "" || slices.Contains(Codes, code) }

// Choose is the language of a request: the member's preference (a code
// of Codes; "" for none), else the best match of the browser's
// Accept-Language header, else English.
func Choose(preference, acceptLanguage string) *Printer {
	ready()
	if i := slices.Index(Codes, preference); i >= 0 {
		return printers[Tags[i]]
	}
	if wanted, _, err := language.ParseAcceptLanguage(acceptLanguage); err == nil && len(wanted) > 0 {
		if _, i, conf := matcher.Match(wanted...); conf != language.No {
			return printers[Tags[i]]
		}
	}
	return printers[language.English]
}

// For is the printer of one of Tags (English for any other).
func For(tag language.Tag) *Printer {
	ready()
	if p, ok := printers[tag]; ok {
		return p
	}
	return printers[language.English]
}

// Format is the translation of key as the catalogue writes it, its verbs
// unfilled (for the pages' scripts, which fill them in themselves), and
// whether the catalogue has it as one string; English is key itself.
func (p *Printer) Format(key string) (string, bool) {
	if p.tag == language.English {
		return key, true
	}
	var s string
	if raw, ok := keys[p.tag][key]; ok && json.Unmarshal([]byte(raw), &s) == nil {
		return s, true
	}
	return key, false
}
