package workspace

import (
	"context"
	"fmt"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
)

// writeTranslation is the action of writing a translation: whether the
// caller may is the policy's CanTranslate, asked once the talks'
// translators are read.
var writeTranslation = action{whileOpen: true}

// translateRefusal refuses a translation to a member who may not write one.
const translateRefusal = "only the mediator's team and the translators the talks appointed write translations"

// Parallel is a tabled draft in several languages, aligned by point
// identity: the drafting language's text is the source; every other
// language's text of each point has a status against it.
type Parallel struct {
	Draft    *parley.Draft `json:"draft"`
	Drafting string        `json:"drafting"`
	// Languages are the languages shown, the drafting language first if
	// it is one of them; Authentic says which of the talks' are authentic.
	Languages []string        `json:"languages"`
	Authentic []string        `json:"authentic"`
	Points    []ParallelPoint `json:"points"`
	// Counts are, per language shown, how many points are current,
	// stale and missing.
	Counts map[string]map[string]int `json:"counts"`
	// Writable are the languages (other than the drafting one) whose
	// text of this draft the caller may write.
	Writable []string `json:"writable"`
}

// ParallelPoint is one point's texts, one per language shown, in the
// order of Parallel.Languages.
type ParallelPoint struct {
	ID    int64          `json:"id"`
	Texts []ParallelText `json:"texts"`
}

// ParallelText is one language's text of a point: the source, or a
// translation with its status. A stale one carries the word diff from
// the source it translated to the source now.
type ParallelText struct {
	Language    string                   `json:"language"`
	Status      parley.TranslationStatus `json:"status"`
	Source      bool                     `json:"source,omitempty"`
	Title       string                   `json:"title,omitempty"`
	Text        string                   `json:"text"`
	Version     int                      `json:"version,omitempty"`
	CarriedFrom int                      `json:"carried_from,omitempty"`
	SourceDiff  []diff.Op                `json:"source_diff,omitempty"`
	// Amendment is the correction this version was taken from, and
	// AmendmentParty the party that proposed it, where the caller may see
	// that correction.
	Amendment      int64  `json:"amendment,omitempty"`
	AmendmentParty string `json:"amendment_party,omitempty"`
}

// translationsOf reads tabled draft number of the talks with its drafting
// language and the latest translations of its points.
func (s *Service) translationsOf(ctx context.Context, tx parley.Tx, talksID int64, number int, l *parley.TalksLanguages) (*parley.Draft, string, parley.Translations, error) {
	if number < 1 {
		return nil, "", nil, parley.NotFound("draft")
	}
	d, err := tx.Draft(ctx, talksID, number)
	if err != nil {
		return nil, "", nil, err
	}
	drafting, err := draftingOf(ctx, tx, talksID, number, l)
	if err != nil {
		return nil, "", nil, err
	}
	list, err := tx.Translations(ctx, talksID, number)
	if err != nil {
		return nil, "", nil, err
	}
	ts := parley.Translations{}
	for i := range list {
		t := &list[i]
		if ts[t.Language] == nil {
			ts[t.Language] = map[int64]*parley.Translation{}
		}
		ts[t.Language][t.PointID] = t
	}
	return d, drafting, ts, nil
}

// ParallelText returns tabled draft number in the languages langs (none:
// every language of the talks), aligned point by point; every member may
// read it.
func (s *Service) ParallelText(ctx context.Context, talksID int64, number int, langs []string) (*Parallel, error) {
	var out *Parallel
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		l, err := tx.TalksLanguages(ctx, talksID)
		if err != nil {
			return err
		}
		d, drafting, ts, err := s.translationsOf(ctx, tx, talksID, number, l)
		if err != nil {
			return err
		}
		shown, err := shownLanguages(l, drafting, langs)
		if err != nil {
			return err
		}
		out = parallel(d, drafting, shown, ts)
		out.Authentic = l.Authentic()
		if err := showCorrections(ctx, tx, v, out); err != nil {
			return err
		}
		drafts, err := tx.Drafts(ctx, talksID)
		if err != nil {
			return err
		}
		out.Writable = []string{}
		for _, x := range l.Languages {
			if x.Tag != drafting && v.CanTranslateInto(l, x.Tag, drafts[len(drafts)-1].Number == number) {
				out.Writable = append(out.Writable, x.Tag)
			}
		}
		return nil
	})
	return out, failed(err, "reading draft %d of talks %d in several languages", number, talksID)
}

// shownLanguages checks the languages asked for against the talks' l and
// orders them with the drafting language first; none asked: all.
func shownLanguages(l *parley.TalksLanguages, drafting string, langs []string) ([]string, error) {
	var asked []string
	for i, s := range langs {
		tag, err := parley.CanonicalTag(fmt.Sprintf("lang[%d]", i), s)
		if err != nil {
			return nil, err
		}
		if !l.Has(tag) && tag != drafting {
			return nil, parley.Invalid(fmt.Sprintf("lang[%d]", i), "%s is not a language of these talks", tag)
		}
		asked = append(asked, tag)
	}
	if len(asked) == 0 {
		for _, x := range l.Languages {
			asked = append(asked, x.Tag)
		}
	}
	out := []string{}
	for _, tag := range asked {
		if tag == drafting {
			out = append([]string{tag}, out...)
		} else if !contains(out, tag) {
			out = append(out, tag)
		}
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// parallel aligns draft d's points in the languages shown.
func parallel(d *parley.Draft, drafting string, shown []string, ts parley.Translations) *Parallel {
	out := &Parallel{Draft: d, Drafting: drafting, Languages: shown, Points: []ParallelPoint{},
		Counts: map[string]map[string]int{}}
	for _, lang := range shown {
		out.Counts[lang] = map[string]int{}
	}
	for i := range d.Points {
		p := &d.Points[i]
		pp := ParallelPoint{ID: p.ID}
		for _, lang := range shown {
			pt := ParallelText{Language: lang, Status: ts.Status(p, lang, drafting)}
			switch t := ts[lang][p.ID]; {
			case lang == drafting:
				pt.Source, pt.Title, pt.Text = true, p.Title, p.Text
			case t != nil:
				pt.Title, pt.Text, pt.Version, pt.CarriedFrom, pt.Amendment = t.Title, t.Text, t.Version, t.CarriedFrom, t.Amendment
				if pt.Status == parley.TranslationStale {
					pt.SourceDiff = diff.Words(joinTitle(t.SourceTitle, t.SourceText), joinTitle(p.Title, p.Text))
				}
			}
			out.Counts[lang][string(pt.Status)]++
			pp.Texts = append(pp.Texts, pt)
		}
		out.Points = append(out.Points, pp)
	}
	return out
}

// joinTitle is a point's title and text as one text to compare.
func joinTitle(title, text string) string {
	if title == "" {
		return text
	}
	return title + ". " + text
}

// SetTranslation stores a new version of point pointID's text in language
// lang, translating the point's text in tabled draft number (its source,
// which does not change). The mediator's team and the talks' translators
// may, while the talks are open; each version is audited. A text the same
// as the latest version, of the same source, stores nothing.
func (s *Service) SetTranslation(ctx context.Context, talksID int64, number int, pointID int64, lang string, in parley.TranslationInput) (*parley.Translation, error) {
	var out *parley.Translation
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		w, err := s.openTranslation(ctx, tx, talksID, number, lang)
		if err != nil {
			return err
		}
		out, err = s.putTranslation(ctx, tx, w, pointID, in)
		return err
	})
	return out, failed(err, "translating point %d of draft %d of talks %d into %s", pointID, number, talksID, lang)
}

// translationWork is what writing translations of one draft into one
// language needs: the draft, its source language and latest translations.
type translationWork struct {
	viewer   parley.Viewer
	talksID  int64
	draft    *parley.Draft
	drafting string
	lang     string
	ts       parley.Translations
	// amendment is the correction the texts are taken from, if any.
	amendment int64
}

// openTranslation opens the writing of draft number's text in language
// lang (a BCP 47 tag, canonicalised): the caller must be allowed to translate, the draft tabled, the
// language one of the talks' and not the draft's drafting language.
func (s *Service) openTranslation(ctx context.Context, tx parley.Tx, talksID int64, number int, lang string) (*translationWork, error) {
	v, _, err := s.open(ctx, tx, talksID, writeTranslation)
	if err != nil {
		return nil, err
	}
	tag, err := parley.CanonicalTag("lang", lang)
	if err != nil {
		return nil, err
	}
	l, err := tx.TalksLanguages(ctx, talksID)
	if err != nil {
		return nil, err
	}
	if !v.CanTranslate(l) {
		return nil, parley.Errorf(parley.EFORBIDDEN, "%s", translateRefusal)
	}
	d, drafting, ts, err := s.translationsOf(ctx, tx, talksID, number, l)
	if err != nil {
		return nil, err
	}
	switch {
	case !l.Has(tag):
		return nil, parley.Invalid("lang", "%s is not a language of these talks", tag)
	case tag == drafting:
		return nil, parley.Invalid("lang", "%s is the drafting language of draft %d: its text is the source, and a tabled draft's source does not change", tag, number)
	}
	drafts, err := tx.Drafts(ctx, talksID)
	if err != nil {
		return nil, err
	}
	if latest := drafts[len(drafts)-1].Number == number; !v.CanTranslateInto(l, tag, latest) {
		if !latest {
			return nil, parley.Errorf(parley.EFORBIDDEN, "draft %d is superseded: only the mediator's team writes the texts of earlier drafts", number)
		}
		return nil, parley.Errorf(parley.EFORBIDDEN, "you are appointed to translate into %s only", strings.Join(l.TranslatorLanguages(v.AccountID), ", "))
	}
	return &translationWork{viewer: v, talksID: talksID, draft: d, drafting: drafting, lang: tag, ts: ts}, nil
}

// putTranslation stores the text of one point in w's language, unless it
// is the latest version already; it returns the version stored (or the
// latest).
func (s *Service) putTranslation(ctx context.Context, tx parley.Tx, w *translationWork, pointID int64, in parley.TranslationInput) (*parley.Translation, error) {
	p := w.draft.Point(pointID)
	if p == nil {
		return nil, parley.NotFound("point")
	}
	if err := in.Validate(p); err != nil {
		return nil, err
	}
	hash := parley.SourceHash(p.Title, p.Text)
	if t := w.ts[w.lang][pointID]; t != nil && t.SourceHash == hash && t.Title == in.Title && t.Text == in.Text {
		return t, nil
	}
	t := &parley.Translation{TalksID: w.talksID, Draft: w.draft.Number, PointID: pointID, Language: w.lang, Title: in.Title, Text: in.Text,
		SourceHash: hash, SourceTitle: p.Title, SourceText: p.Text, TranslatedBy: w.viewer.Member.Username, TranslatedAt: s.now(), Amendment: w.amendment}
	if err := tx.PutTranslation(ctx, t); err != nil {
		return nil, err
	}
	// Every member sees this record; the correction a version came from
	// is in the lineage record, which those who see the correction see.
	details := map[string]any{"version": t.Version, "source_hash": hash}
	if err := s.audit(ctx, tx, change{talks: w.talksID, action: "translation.put",
		object:  fmt.Sprintf("talks/%d/drafts/%d/points/%d/translations/%s", w.talksID, w.draft.Number, pointID, w.lang),
		digest:  digestOf([]parley.Point{{ID: pointID, Title: t.Title, Text: t.Text}}),
		details: details}); err != nil {
		return nil, err
	}
	if t.Amendment == 0 {
		return t, nil
	}
	// The link's row goes under the next record, the correction's lineage
	// (recordCorrectionTaken), which those who see the correction see:
	// under this one, its key would tell every member that the text came
	// from a correction.
	return t, tx.LinkTranslation(ctx, t)
}

// TranslationHistory returns every version of a point's text in language
// lang on tabled draft number, oldest first; every member may read it.
func (s *Service) TranslationHistory(ctx context.Context, talksID int64, number int, pointID int64, lang string) ([]parley.Translation, error) {
	var out []parley.Translation
	var tag string
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		if tag, err = parley.CanonicalTag("lang", lang); err != nil {
			return err
		}
		d, err := tx.Draft(ctx, talksID, max(number, 0))
		if err != nil || number < 1 || d.Point(pointID) == nil {
			return parley.NotFound("point")
		}
		if out, err = tx.TranslationHistory(ctx, talksID, number, pointID, tag); err != nil {
			return err
		}
		seen, err := visibleCorrections(ctx, tx, v, talksID, number)
		for i := range out {
			if _, ok := seen[out[i].Amendment]; !ok {
				out[i].Amendment = 0
			}
		}
		return err
	})
	return out, failed(err, "reading the %s versions of point %d of draft %d of talks %d", lang, pointID, number, talksID)
}

// checkAuthenticTexts is the agreement rule for a sign-off on draft
// number: every authentic language's text current. It returns the
// authentic languages, for the record.
func (s *Service) checkAuthenticTexts(ctx context.Context, tx parley.Tx, talksID int64, number int) ([]string, error) {
	l, err := tx.TalksLanguages(ctx, talksID)
	if err != nil {
		return nil, err
	}
	d, drafting, ts, err := s.translationsOf(ctx, tx, talksID, number, l)
	if err != nil {
		return nil, err
	}
	return l.Authentic(), parley.CheckAuthenticTexts(d, l, drafting, ts)
}

// LanguageChange is how one point's text in a language changed from one
// tabled draft to another: the word diff from its text there (none if the
// point is new, or had no text in the language) to its text now.
type LanguageChange struct {
	Point  int64                    `json:"point"`
	Number string                   `json:"number,omitempty"`
	Label  string                   `json:"label"`
	Status parley.TranslationStatus `json:"status"`
	Words  []diff.Op                `json:"words"`
}

// LanguageDiff compares the text of tabled drafts from (0: none, so that
// every text is new) and to in language lang, point by point by
// identity: the points whose text in lang changed, in the order of draft
// to. Every member may read it.
func (s *Service) LanguageDiff(ctx context.Context, talksID int64, from, to int, lang string) ([]LanguageChange, error) {
	out := []LanguageChange{}
	var tag string
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, seeTalks); err != nil {
			return err
		}
		var err error
		if tag, err = parley.CanonicalTag("lang", lang); err != nil {
			return err
		}
		if from < 0 || from >= to {
			return parley.Invalid("from", "compare an earlier tabled draft with a later one (0: with none)")
		}
		l, err := tx.TalksLanguages(ctx, talksID)
		if err != nil {
			return err
		}
		if !l.Has(tag) {
			return parley.Invalid("lang", "%s is not a language of these talks", tag)
		}
		older, oldDrafting, oldTs := &parley.Draft{}, "", parley.Translations{}
		if from > 0 {
			if older, oldDrafting, oldTs, err = s.translationsOf(ctx, tx, talksID, from, l); err != nil {
				return err
			}
		}
		newer, drafting, ts, err := s.translationsOf(ctx, tx, talksID, to, l)
		if err != nil {
			return err
		}
		for i := range newer.Points {
			p := &newer.Points[i]
			was := ""
			if op := older.Point(p.ID); op != nil {
				was = textIn(op, tag, oldDrafting, oldTs)
			}
			now := textIn(p, tag, drafting, ts)
			if was == now {
				continue
			}
			out = append(out, LanguageChange{Point: p.ID, Number: p.Number, Label: p.Label(), Status: ts.Status(p, tag, drafting), Words: diff.Words(was, now)})
		}
		return nil
	})
	return out, failed(err, "comparing drafts %d and %d of talks %d in %s", from, to, talksID, lang)
}

// textIn is point p's title and text in lang, "" where it has none.
func textIn(p *parley.Point, lang, drafting string, ts parley.Translations) string {
	if lang == drafting {
		return joinTitle(p.Title, p.Text)
	}
	if t := ts[lang][p.ID]; t != nil {
		return joinTitle(t.Title, t.Text)
	}
	return ""
}
