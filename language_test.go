package parley_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
)

func TestCanonicalTag(t *testing.T) {
	for in, want := range map[string]string{"en": "en", "EN": "en", "en-gb": "en-GB", " uk ": "uk", "zh-hant-tw": "zh-Hant-TW", "iw": "he"} {
		if got, err := parley.CanonicalTag("lang", in); err != nil || got != want {
			t.Errorf("CanonicalTag(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "english!", "und", "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-0123456789"} {
		if _, err := parley.CanonicalTag("lang", in); parley.ErrorCode(err) != parley.EINVALID {
			t.Errorf("CanonicalTag(%q): %v, want invalid", in, err)
		}
	}
}

// TestTranslationStatusProperty checks the statuses and the agreement
// rule against a brute-force reading of random drafts and translations:
// a point's text in a language is current exactly when its latest
// translation was made of the point's title and text as they are, stale
// when of any other, missing when there is none; the drafting language's
// is always current; CheckAuthenticTexts refuses exactly when some
// authentic language has a point not current, and names each such point
// under its language.
func TestTranslationStatusProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 15))
	words := []string{"peace", "line", "zone", "", "Territory"}
	for iter := 0; iter < 2000; iter++ {
		d := &parley.Draft{Number: 1 + r.IntN(9)}
		for i := 0; i < 1+r.IntN(6); i++ {
			d.Points = append(d.Points, parley.Point{ID: int64(i + 1), Kind: parley.KindPoint, Number: string(rune('1' + i)),
				Title: words[r.IntN(len(words))], Text: words[r.IntN(len(words)-2)] + " text"})
		}
		langs := &parley.TalksLanguages{Languages: []parley.Language{{Tag: "en", Authentic: true}, {Tag: "ru", Authentic: r.IntN(2) == 0}, {Tag: "uk", Authentic: true}}}
		ts := parley.Translations{}
		want := map[string]map[int64]parley.TranslationStatus{}
		for _, lang := range []string{"ru", "uk"} {
			ts[lang], want[lang] = map[int64]*parley.Translation{}, map[int64]parley.TranslationStatus{}
			for _, p := range d.Points {
				switch r.IntN(3) {
				case 0:
					want[lang][p.ID] = parley.TranslationMissing
				case 1: // of the source as it is
					ts[lang][p.ID] = &parley.Translation{SourceHash: parley.SourceHash(p.Title, p.Text), Text: "x"}
					want[lang][p.ID] = parley.TranslationCurrent
				default: // of another source, perhaps one differing by a title alone
					title, text := p.Title+"!", p.Text
					if r.IntN(2) == 0 {
						title, text = p.Title, p.Text+" amended"
					}
					ts[lang][p.ID] = &parley.Translation{SourceHash: parley.SourceHash(title, text), Text: "x"}
					want[lang][p.ID] = parley.TranslationStale
				}
			}
		}
		var faults []string
		for _, lang := range langs.Authentic() {
			for i := range d.Points {
				p := &d.Points[i]
				got := ts.Status(p, lang, "en")
				w := parley.TranslationCurrent
				if lang != "en" {
					w = want[lang][p.ID]
				}
				if got != w {
					t.Fatalf("iteration %d: %s of point %d: %s, want %s", iter, lang, p.ID, got, w)
				}
				if w != parley.TranslationCurrent {
					faults = append(faults, lang+":"+p.Number)
				}
			}
		}
		err := parley.CheckAuthenticTexts(d, langs, "en", ts)
		if (err != nil) != (len(faults) > 0) {
			t.Fatalf("iteration %d: CheckAuthenticTexts = %v with faults %v", iter, err, faults)
		}
		for _, f := range faults {
			lang, num, _ := strings.Cut(f, ":")
			msg := parley.ErrorMessage(err)
			i := strings.Index(msg, parley.LanguageName(lang)+" (")
			if i < 0 || !strings.Contains(msg[i:], num) {
				t.Fatalf("iteration %d: the refusal %q does not name point %s in %s", iter, msg, num, lang)
			}
		}
	}
}

// TestLanguageName: a tag's language by its English name; a tag with no
// known name, or no tag, as it is.
func TestLanguageName(t *testing.T) {
	for tag, want := range map[string]string{"ru": "Russian", "uk": "Ukrainian", "en": "English", "en-GB": "British English",
		"zh-Hant-TW": "Traditional Chinese (Taiwan)", "qaa": "qaa", "": "", "not a tag!": "not a tag!"} {
		if got := parley.LanguageName(tag); got != want {
			t.Errorf("LanguageName(%q) = %q, want %q", tag, got, want)
		}
	}
}
