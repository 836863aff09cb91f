package akn_test

import (
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/akn"
	"github.com/parley-talks/parley/format/internal/formattest"
)

// translated is draft d with every text marked as written in lang.
func translated(d *parley.Draft, lang string) *parley.Draft {
	t := *d
	t.Points = make([]parley.Point, len(d.Points))
	for i, p := range d.Points {
		if p.Title != "" {
			p.Title = "[" + lang + "] " + p.Title
		}
		p.Text = "[" + lang + "] " + p.Text
		t.Points[i] = p
	}
	return &t
}

// expressions writes demo draft 5 as three authentic expressions: the
// English source, and Russian and Ukrainian translations of it.
func expressions(tb testing.TB) map[string][]byte {
	tb.Helper()
	d := formattest.DemoDraft(tb, 5)
	yes := true
	meta := func(lang, from string) akn.Meta {
		return akn.Meta{Work: "moscow-2025", Date: time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC), Now: fixedNow,
			Language: akn.LanguageCode(lang), FromLanguage: from, Authoritative: &yes}
	}
	return map[string][]byte{
		"eng": write(tb, d, meta("en", "")),
		"rus": write(tb, translated(d, "ru"), meta("ru", "eng")),
		"ukr": write(tb, translated(d, "uk"), meta("uk", "eng")),
	}
}

func TestLanguageCode(t *testing.T) {
	for tag, want := range map[string]string{"en": "eng", "ru": "rus", "uk": "ukr", "en-GB": "eng", "fr": "fra", "not a tag!": ""} {
		if got := akn.LanguageCode(tag); got != want {
			t.Errorf("LanguageCode(%q) = %q, want %q", tag, got, want)
		}
	}
}

// TestExpressionPerLanguage: each language is an expression of the same
// work, with its FRBRlanguage; the translations name the source
// expression and its language in FRBRtranslation and, like the source,
// say they are authoritative; the body is aligned: the same eIds in the
// same order, with each language's text.
func TestExpressionPerLanguage(t *testing.T) {
	docs := expressions(t)
	d := formattest.DemoDraft(t, 5)
	source := parse(t, docs["eng"])
	sourceURI := source.path(t, "doc", "meta", "identification", "FRBRExpression", "FRBRuri").attrs["value"]
	workURI := source.path(t, "doc", "meta", "identification", "FRBRWork", "FRBRuri").attrs["value"]
	if !strings.HasSuffix(sourceURI, "/eng@draft-5") {
		t.Fatalf("the source expression: %s", sourceURI)
	}
	for lang, b := range docs {
		root := parse(t, b)
		expr := root.path(t, "doc", "meta", "identification", "FRBRExpression")
		if got := root.path(t, "doc", "meta", "identification", "FRBRWork", "FRBRuri").attrs["value"]; got != workURI {
			t.Errorf("%s: work %s, want the source's %s", lang, got, workURI)
		}
		if got := expr.path(t, "FRBRlanguage").attrs["language"]; got != lang {
			t.Errorf("%s: FRBRlanguage %s", lang, got)
		}
		if got := expr.path(t, "FRBRauthoritative").attrs["value"]; got != "true" {
			t.Errorf("%s: FRBRauthoritative %s, want true", lang, got)
		}
		if got := expr.path(t, "FRBRuri").attrs["value"]; got != workURI+"/"+lang+"@draft-5" {
			t.Errorf("%s: expression %s", lang, got)
		}
		tr := expr.child("FRBRtranslation")
		switch {
		case lang == "eng" && tr != nil:
			t.Errorf("the source says it is a translation: %v", tr.attrs)
		case lang != "eng" && (tr == nil || tr.attrs["fromLanguage"] != "eng" || tr.attrs["href"] != sourceURI || tr.attrs["authoritative"] != "true"):
			t.Errorf("%s: FRBRtranslation %v, want fromLanguage eng, href %s, authoritative", lang, tr, sourceURI)
		}
		checkAligned(t, lang, source, root, d)
	}
}

// checkAligned checks that doc has the source's articles and points, by
// eId in order, each with its text in lang.
func checkAligned(t *testing.T, lang string, source, doc *elem, d *parley.Draft) {
	t.Helper()
	want, got := eIds(source), eIds(doc)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("%s: eIds %v, want the source's %v", lang, got, want)
	}
	body := doc.path(t, "doc", "mainBody").inner()
	marked := map[string]string{"eng": "", "rus": "[ru] ", "ukr": "[uk] "}[lang]
	for _, p := range d.Markable() {
		first := strings.Fields(p.Text)[0]
		if !strings.Contains(body, marked+first) {
			t.Errorf("%s: point %s's text is not there as %q", lang, p.Number, marked+first)
		}
	}
}

func eIds(e *elem) []string {
	var out []string
	if id := e.attrs["eId"]; id != "" {
		out = append(out, id)
	}
	for _, k := range e.kids {
		out = append(out, eIds(k)...)
	}
	return out
}
