package workspace

import (
	"context"
	"fmt"

	"github.com/parley-talks/parley"
)

// Corrections: an amendment that names a language of the talks proposes
// a new text of its point in that language, on the latest tabled draft,
// rather than a change to the source. It is proposed, shared, withdrawn
// and declined as any amendment; taken, it becomes at once the next
// version of that translation on its draft (the tabled source does not
// change), which names it as where it came from.

// checkCorrection checks a correction to point p of tabled draft number
// in language lang: lang one of the talks' languages, not the draft's
// drafting language (whose text is the source, amended as such), and the
// point has a text in lang to correct.
func (s *Service) checkCorrection(ctx context.Context, tx parley.Tx, talksID int64, number int, p *parley.Point, lang string) error {
	l, err := tx.TalksLanguages(ctx, talksID)
	if err != nil {
		return err
	}
	if !l.Has(lang) {
		return parley.Invalid("language", "%s is not a language of these talks", lang)
	}
	_, drafting, ts, err := s.translationsOf(ctx, tx, talksID, number, l)
	if err != nil {
		return err
	}
	if lang == drafting {
		return parley.Invalid("language", "%s is the drafting language of draft %d: propose an amendment to its text, with no language", lang, number)
	}
	if ts[lang][p.ID] == nil {
		return parley.Errorf(parley.ECONFLICT, "point %s has no text in %s yet: there is nothing to correct", p.Number, parley.LanguageName(lang))
	}
	return nil
}

// takeCorrection takes correction a, by mediator v, in the caller's
// transaction: its text becomes the next version of the point's text in
// its language on its draft, which must still be the latest, keeping the
// translation's title; the version names the correction, and the
// correction is recorded as gone into its draft.
func (s *Service) takeCorrection(ctx context.Context, tx parley.Tx, v parley.Viewer, a *parley.Amendment) error {
	drafts, err := tx.Drafts(ctx, a.TalksID)
	if err != nil {
		return err
	}
	if latest := drafts[len(drafts)-1].Number; latest != a.Draft {
		return parley.Errorf(parley.ECONFLICT, "the correction is to draft %d, superseded by draft %d: it can only be declined", a.Draft, latest)
	}
	l, err := tx.TalksLanguages(ctx, a.TalksID)
	if err != nil {
		return err
	}
	d, drafting, ts, err := s.translationsOf(ctx, tx, a.TalksID, a.Draft, l)
	if err != nil {
		return err
	}
	w := &translationWork{viewer: v, talksID: a.TalksID, draft: d, drafting: drafting, lang: a.Language, ts: ts, amendment: a.ID}
	in := parley.TranslationInput{Text: a.Text}
	if t := ts[a.Language][a.PointID]; t != nil {
		in.Title = t.Title
	}
	if _, err := s.putTranslation(ctx, tx, w, a.PointID, in); err != nil {
		return err
	}
	a.IntoDraft = a.Draft
	return nil
}

// recordCorrectionTaken records that taken correction a went into its own
// draft, once its outcome is stored, in a record its party and the
// mediator's team see.
func (s *Service) recordCorrectionTaken(ctx context.Context, tx parley.Tx, a *parley.Amendment) error {
	if err := tx.PutAmendmentLineage(ctx, a.TalksID, []int64{a.ID}, a.Draft); err != nil {
		return err
	}
	return s.audit(ctx, tx, change{talks: a.TalksID, parties: []int64{a.PartyID}, action: "amendment.lineage",
		object: fmt.Sprintf("talks/%d/drafts/%d", a.TalksID, a.Draft), details: map[string]any{"amendments": []int64{a.ID}, "language": a.Language}})
}

// correctedTexts returns, for the corrections among as to draft d, the
// current text of their point in their language: by amendment.
func correctedTexts(d *parley.Draft, ts parley.Translations, as []parley.Amendment) map[int64]string {
	out := map[int64]string{}
	for _, a := range as {
		if a.Correction() && a.Draft == d.Number {
			if t := ts[a.Language][a.PointID]; t != nil {
				out[a.ID] = t.Text
			}
		}
	}
	return out
}

// visibleCorrections returns the corrections to tabled draft number that
// v may see, by ID.
func visibleCorrections(ctx context.Context, tx parley.Tx, v parley.Viewer, talksID int64, number int) (map[int64]parley.Amendment, error) {
	as, err := visibleAmendments(ctx, tx, v, talksID, number)
	out := map[int64]parley.Amendment{}
	for _, a := range as {
		if a.Correction() {
			out[a.ID] = a
		}
	}
	return out, err
}

// showCorrections names, in p's texts taken from a correction, the party
// that proposed it, where v may see the correction; elsewhere it leaves
// the correction out.
func showCorrections(ctx context.Context, tx parley.Tx, v parley.Viewer, p *Parallel) error {
	seen, err := visibleCorrections(ctx, tx, v, p.Draft.TalksID, p.Draft.Number)
	if err != nil {
		return err
	}
	for i := range p.Points {
		for j := range p.Points[i].Texts {
			t := &p.Points[i].Texts[j]
			if a, ok := seen[t.Amendment]; ok {
				t.AmendmentParty = a.PartyName
			} else {
				t.Amendment = 0
			}
		}
	}
	return nil
}
