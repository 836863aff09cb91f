package markdown_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/markdown"
)

// russian is a translation of plan's points, by the identity flatten
// gives them.
func russian(d *parley.Draft) map[int64]parley.TranslationInput {
	out := map[int64]parley.TranslationInput{}
	for i, p := range d.Points {
		in := parley.TranslationInput{Text: "Текст пункта " + p.Number}
		if p.Kind == parley.KindSection {
			in.Text = ""
		}
		if p.Title != "" {
			in.Title = "Заголовок " + string(rune('А'+i))
		}
		if i == 2 {
			in.Text = "Первый абзац.\n\nВторой абзац."
		}
		out[p.ID] = in
	}
	return out
}

// TestTranslationRoundTrip: a translation written out and read back gives
// every point's text under its own identity.
func TestTranslationRoundTrip(t *testing.T) {
	in, err := markdown.Read(plan)
	if err != nil {
		t.Fatal(err)
	}
	d := flatten(in)
	texts := russian(d)
	src := markdown.WriteTranslation(d, "ru", texts)
	back, err := markdown.ReadTranslation(src)
	if err != nil {
		t.Fatalf("reading back: %v\n%s", err, src)
	}
	if !maps.Equal(back, texts) {
		t.Errorf("round trip:\n got %v\nwant %v\n%s", back, texts, src)
	}
	// Where there is no translation yet, the source text stands.
	partial := map[int64]parley.TranslationInput{d.Points[1].ID: texts[d.Points[1].ID]}
	back, err = markdown.ReadTranslation(markdown.WriteTranslation(d, "ru", partial))
	if err != nil {
		t.Fatal(err)
	}
	if got := back[d.Points[2].ID].Text; got != d.Points[2].Text {
		t.Errorf("an untranslated point reads back as %q, want its source %q", got, d.Points[2].Text)
	}
}

func TestReadTranslationErrors(t *testing.T) {
	for name, src := range map[string]string{
		"a point without a marker": "# T\n\n1. Текст {#1}\n2. Без метки\n",
		"a split":                  "# T\n\n1. Текст {from=1}\n",
		"not a draft":              "just words",
	} {
		_, err := markdown.ReadTranslation(src)
		if parley.ErrorCode(err) != parley.EINVALID {
			t.Errorf("%s: got %v, want invalid", name, err)
		} else if name == "a point without a marker" && !strings.Contains(parley.ErrorMessage(err), "Без метки") {
			t.Errorf("%s: the error does not name the point: %v", name, err)
		}
	}
}

// FuzzReadTranslation: ReadTranslation never panics, fails only with
// EINVALID, and what it reads, written out again on the same points,
// reads back the same.
func FuzzReadTranslation(f *testing.F) {
	f.Add("# T\n\n## Раздел {#1}\n\n1. **Суверенитет.** Текст {#2}\n    a. Подпункт {#3}\n")
	f.Add("# T\n\n1. a {#1}\n2. b {#1}\n")
	f.Add(markdown.WriteTranslation(flatten(mustRead(f, plan)), "ru", nil))
	f.Fuzz(func(t *testing.T, src string) {
		texts, err := markdown.ReadTranslation(src)
		if err != nil {
			if parley.ErrorCode(err) != parley.EINVALID {
				t.Fatalf("got error code %s, want %s: %v", parley.ErrorCode(err), parley.EINVALID, err)
			}
			return
		}
		d := flatten(mustRead(t, src))
		again, err := markdown.ReadTranslation(markdown.WriteTranslation(d, "ru", texts))
		if err != nil {
			t.Fatalf("reading back what WriteTranslation wrote: %v", err)
		}
		if !maps.Equal(again, texts) {
			t.Fatalf("round trip changed the texts:\n got %v\nwant %v", again, texts)
		}
	})
}

func mustRead(tb testing.TB, src string) *parley.DraftInput {
	tb.Helper()
	in, err := markdown.Read(src)
	if err != nil {
		tb.Fatal(err)
	}
	return in
}
