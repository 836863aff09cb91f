package markdown

import (
	"fmt"
	"strings"

	"github.com/parley-talks/parley"
)

// A translation is written and read as a draft is, with its identity
// markers: WriteTranslation writes a tabled draft with each point's text
// in another language (or, where it has none yet, the source text, for
// the translator to replace), and ReadTranslation takes back, by the
// markers, the text of every section and point. A translator can thus
// work in any editor and bring the text back with every identity kept.

// WriteTranslation writes draft d, whose points' text is the source, in
// language lang: each point with its text in texts (by point identity),
// or its source text where texts has none. The first lines say which
// draft and language it is, as a note.
func WriteTranslation(d *parley.Draft, lang string, texts map[int64]parley.TranslationInput) string {
	t := *d
	t.Points = make([]parley.Point, len(d.Points))
	for i, p := range d.Points {
		if x, ok := texts[p.ID]; ok {
			p.Title, p.Text = x.Title, x.Text
		}
		t.Points[i] = p
	}
	t.Note = fmt.Sprintf("Draft %d in %s. Keep every {#…} marker: it names the point the text beside it translates.", d.Number, lang)
	return Write(&t, true)
}

// ReadTranslation reads a translation of a draft written as
// WriteTranslation writes it: every section and point must carry its
// identity marker, and none may be split or merged. It returns the title
// and text of each, by identity. Errors are EINVALID *parley.Error values.
func ReadTranslation(src string) (map[int64]parley.TranslationInput, error) {
	in, err := Read(src)
	if err != nil {
		return nil, err
	}
	out := map[int64]parley.TranslationInput{}
	var walk func(ps []parley.PointInput) error
	walk = func(ps []parley.PointInput) error {
		for _, p := range ps {
			name := strings.TrimSpace(p.Title)
			if name == "" {
				name = firstWords(p.Text)
			}
			switch {
			case p.ID == 0:
				return parley.Invalid("markdown", "%q has no identity marker {#…}: a translation keeps every marker of the draft", name)
			case len(p.From) > 0:
				return parley.Invalid("markdown", "%q is marked as split or merged (from=…): a translation keeps the draft's points as they are", name)
			}
			out[p.ID] = parley.TranslationInput{Title: p.Title, Text: p.Text}
			if err := walk(p.Points); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(in.Points); err != nil {
		return nil, err
	}
	return out, nil
}

func firstWords(s string) string {
	w := strings.Fields(s)
	if len(w) > 6 {
		w = append(w[:6:6], "…")
	}
	return strings.Join(w, " ")
}
