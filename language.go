package parley

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Language is one of the languages of the talks, as a canonical BCP 47
// tag ("en", "ru", "uk"). An authentic language's text of an agreement is
// equally authoritative with the others' (Vienna Convention on the Law of
// Treaties, art. 33); a working language's is a courtesy translation.
type Language struct {
	Tag       string `json:"tag"`
	Authentic bool   `json:"authentic"`
}

// TalksLanguages are the languages of some talks and who translates.
type TalksLanguages struct {
	// Languages are in the order the talks list them; the first authentic
	// one is the default drafting language.
	Languages []Language `json:"languages"`
	// Drafting is the drafting language of the next draft the mediator
	// tables: its text is the source the other languages translate. ""
	// means the first authentic language.
	Drafting string `json:"drafting,omitempty"`
	// PartyTranslators is the talks' choice that members of the
	// negotiating parties may be translators; otherwise only members of
	// the mediator's party may.
	PartyTranslators bool `json:"party_translators"`
	// Translators are the accounts appointed to write translations, each
	// into the languages named (besides the mediator's team, who always
	// may).
	Translators []Translator `json:"translators"`
}

// Translator is an account appointed to write the talks' texts in some
// of their languages.
type Translator struct {
	Account   int64    `json:"account"`
	Languages []string `json:"languages"`
}

// UnmarshalJSON reads a translator, or an account ID alone, as stored
// before translators were appointed per language: such an appointment
// names no language, and so translates none until the mediator appoints
// the account again with its languages (when in doubt, deny).
func (t *Translator) UnmarshalJSON(b []byte) error {
	var id int64
	if json.Unmarshal(b, &id) == nil {
		*t = Translator{Account: id}
		return nil
	}
	type plain Translator
	return json.Unmarshal(b, (*plain)(t))
}

// MaxLanguages bounds the languages of one talks (the EU has 24).
const MaxLanguages = 32

// DefaultLanguages are the languages of talks that have not set theirs:
// English, authentic.
func DefaultLanguages() TalksLanguages {
	return TalksLanguages{Languages: []Language{{Tag: "en", Authentic: true}}, Translators: []Translator{}}
}

// CanonicalTag checks that s is a well-formed BCP 47 language tag and
// returns its canonical form ("EN-gb" is "en-GB"); field names it in the
// error.
func CanonicalTag(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", Invalid(field, "name a language (a BCP 47 tag such as en, ru or uk)")
	}
	t, err := language.Parse(s)
	if err != nil || t == language.Und {
		return "", Invalid(field, "%q is not a BCP 47 language tag (such as en, ru or uk)", s)
	}
	return t.String(), nil
}

// LanguageName is the English name of the language of a BCP 47 tag, as
// pages and files show it ("ru" is "Russian", "en-GB" "British
// English"), or the tag itself when it names no language known by name.
func LanguageName(tag string) string {
	t, err := language.Parse(tag)
	if err != nil || t == language.Und {
		return tag
	}
	if name := display.English.Tags().Name(t); name != "" {
		return name
	}
	return tag
}

// Validate checks the languages and canonicalises their tags: one to
// MaxLanguages distinct languages, at least one authentic, and a drafting
// language among them.
func (l *TalksLanguages) Validate() error {
	if len(l.Languages) == 0 {
		return Invalid("languages", "the talks need at least one language")
	}
	if len(l.Languages) > MaxLanguages {
		return Invalid("languages", "the talks may have at most %d languages", MaxLanguages)
	}
	seen := map[string]bool{}
	authentic := false
	for i := range l.Languages {
		tag, err := CanonicalTag("languages["+strconv.Itoa(i)+"].tag", l.Languages[i].Tag)
		if err != nil {
			return err
		}
		if seen[tag] {
			return Invalid("languages["+strconv.Itoa(i)+"].tag", "%s is listed twice", tag)
		}
		seen[tag] = true
		l.Languages[i].Tag = tag
		authentic = authentic || l.Languages[i].Authentic
	}
	if !authentic {
		return Invalid("languages", "at least one language must be authentic")
	}
	if l.Drafting != "" {
		tag, err := CanonicalTag("drafting", l.Drafting)
		if err != nil {
			return err
		}
		if !seen[tag] {
			return Invalid("drafting", "the drafting language %s is not one of the talks' languages", tag)
		}
		l.Drafting = tag
	}
	if l.Translators == nil {
		l.Translators = []Translator{}
	}
	return l.validateTranslators(seen)
}

// validateTranslators checks that each translator is appointed once, into
// one or more of the talks' languages (seen), and canonicalises the tags.
func (l *TalksLanguages) validateTranslators(seen map[string]bool) error {
	accounts := map[int64]bool{}
	for i := range l.Translators {
		t := &l.Translators[i]
		field := "translators[" + strconv.Itoa(i) + "]"
		if accounts[t.Account] {
			return Invalid(field, "a translator is appointed twice")
		}
		accounts[t.Account] = true
		if len(t.Languages) == 0 {
			return Invalid(field+".languages", "name the languages the translator writes")
		}
		for j, tag := range t.Languages {
			canon, err := CanonicalTag(field+".languages["+strconv.Itoa(j)+"]", tag)
			if err != nil {
				return err
			}
			if !seen[canon] {
				return Invalid(field+".languages", "%s is not one of the talks' languages", canon)
			}
			t.Languages[j] = canon
		}
		slices.Sort(t.Languages)
		t.Languages = slices.Compact(t.Languages)
	}
	return nil
}

// Has reports whether tag is one of the talks' languages.
func (l *TalksLanguages) Has(tag string) bool {
	return slices.ContainsFunc(l.Languages, func(x Language) bool { return x.Tag == tag })
}

// Authentic lists the authentic languages' tags, in order.
func (l *TalksLanguages) Authentic() []string {
	var out []string
	for _, x := range l.Languages {
		if x.Authentic {
			out = append(out, x.Tag)
		}
	}
	return out
}

// NextDrafting is the drafting language of the next draft: Drafting, or
// the first authentic language.
func (l *TalksLanguages) NextDrafting() string {
	if l.Drafting != "" && l.Has(l.Drafting) {
		return l.Drafting
	}
	if a := l.Authentic(); len(a) > 0 {
		return a[0]
	}
	return "en"
}

// TranslatorLanguages returns the languages account id is appointed to
// translate into (none if it is not a translator).
func (l *TalksLanguages) TranslatorLanguages(id int64) []string {
	for _, t := range l.Translators {
		if t.Account == id {
			return t.Languages
		}
	}
	return nil
}

// TranslationStatus is where one language's text of a point stands
// against its source, the drafting-language text.
type TranslationStatus string

// The statuses of a translation.
const (
	// TranslationCurrent: it translates the source as it is.
	TranslationCurrent TranslationStatus = "current"
	// TranslationStale: the source changed since it was translated; the
	// text is kept, with the source it translated.
	TranslationStale TranslationStatus = "stale"
	// TranslationMissing: the point has no text in the language yet.
	TranslationMissing TranslationStatus = "missing"
)

// Translation is one version of a point's text in a language other than
// its draft's drafting language. It records the source it translates, by
// hash and in full, so that once the source changes (in the next draft,
// where the translation is carried) it is known stale and the change can
// be shown.
type Translation struct {
	TalksID  int64  `json:"talks"`
	Draft    int    `json:"draft"`
	PointID  int64  `json:"point"`
	Language string `json:"language"`
	Version  int    `json:"version"`
	Title    string `json:"title,omitempty"`
	Text     string `json:"text"`
	// SourceHash is SourceHash of the source title and text translated;
	// SourceTitle and SourceText are those.
	SourceHash  string `json:"source_hash"`
	SourceTitle string `json:"source_title,omitempty"`
	SourceText  string `json:"source_text"`
	// CarriedFrom is the draft the translation was carried from, 0 if it
	// was written on this one.
	CarriedFrom int `json:"carried_from,omitempty"`
	// Amendment is the correction (an amendment naming the language) this
	// version was taken from, 0 if a translator wrote it.
	Amendment    int64     `json:"amendment,omitempty"`
	TranslatedBy string    `json:"translated_by"`
	TranslatedAt time.Time `json:"translated_at"`
}

// SourceHash identifies a version of a point's source text: the hex
// SHA-256 of its title and text.
func SourceHash(title, text string) string {
	sum := sha256.Sum256([]byte(title + "\x00" + text))
	return hex.EncodeToString(sum[:16])
}

// StatusOf is the status of translation t (nil: none) of point p.
func StatusOf(p *Point, t *Translation) TranslationStatus {
	switch {
	case t == nil:
		return TranslationMissing
	case t.SourceHash == SourceHash(p.Title, p.Text):
		return TranslationCurrent
	}
	return TranslationStale
}

// TranslationInput is a translator's text of one point in one language.
type TranslationInput struct {
	Title string `json:"title"`
	Text  string `json:"text"`
}

// Validate checks a translation of point p: a title where the source has
// one (one line), a text where the source has one, within the limits of
// a point's.
func (in *TranslationInput) Validate(p *Point) error {
	if err := CheckText("title", in.Title, 0, MaxPointTitle); err != nil {
		return err
	}
	if strings.ContainsAny(in.Title, "\r\n") {
		return Invalid("title", "a title is one line")
	}
	min := 0
	if strings.TrimSpace(p.Text) != "" {
		min = 1
	}
	if err := CheckText("text", in.Text, min, MaxPointText); err != nil {
		return err
	}
	if strings.TrimSpace(p.Title) != "" && strings.TrimSpace(in.Title) == "" {
		return Invalid("title", "the source has a title: translate it too")
	}
	return nil
}

// Translations are the latest translation of each point of a draft in
// each language: by language, then by point.
type Translations map[string]map[int64]*Translation

// Status is the status of point p's text in language lang, drafting
// being the draft's drafting language (whose text is the source: always
// current).
func (ts Translations) Status(p *Point, lang, drafting string) TranslationStatus {
	if lang == drafting {
		return TranslationCurrent
	}
	return StatusOf(p, ts[lang][p.ID])
}

// CheckAuthenticTexts returns nil if every authentic language's text of
// draft d, drafted in drafting, is current: the rule for proposing its
// sign-off. Otherwise an ECONFLICT *Error lists, per language, the points
// whose text is stale and those whose text is missing.
func CheckAuthenticTexts(d *Draft, langs *TalksLanguages, drafting string, ts Translations) error {
	if err := CheckTexts(d, langs.Authentic(), drafting, ts); err != nil {
		return Errorf(ECONFLICT, "every authentic text of draft %d must be current before its sign-off is proposed; not yet: %s", d.Number, err.(*Error).Message)
	}
	return nil
}

// CheckTexts returns nil if draft d's text in every language of langs is
// current; otherwise an ECONFLICT *Error whose message lists, per
// language (by name), the points whose text is stale and those whose text is
// missing.
func CheckTexts(d *Draft, langs []string, drafting string, ts Translations) error {
	var faults []string
	for _, lang := range langs {
		var stale, missing []string
		for i := range d.Points {
			p := &d.Points[i]
			name := p.Number
			if name == "" {
				name = p.Label()
			}
			switch ts.Status(p, lang, drafting) {
			case TranslationStale:
				stale = append(stale, name)
			case TranslationMissing:
				missing = append(missing, name)
			}
		}
		var parts []string
		if len(stale) > 0 {
			parts = append(parts, "stale: "+strings.Join(stale, ", "))
		}
		if len(missing) > 0 {
			parts = append(parts, "missing: "+strings.Join(missing, ", "))
		}
		if len(parts) > 0 {
			faults = append(faults, LanguageName(lang)+" ("+strings.Join(parts, "; ")+")")
		}
	}
	if len(faults) > 0 {
		return Errorf(ECONFLICT, "%s", strings.Join(faults, "; "))
	}
	return nil
}
