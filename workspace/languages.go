package workspace

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/parley-talks/parley"
)

// LanguagesView is the talks' languages as members see them: the
// translators by user name with their languages, and the drafting
// language of the next draft worked out.
type LanguagesView struct {
	Languages        []parley.Language `json:"languages"`
	Drafting         string            `json:"drafting"`
	PartyTranslators bool              `json:"party_translators"`
	Translators      []TranslatorInput `json:"translators"`
	// MayTranslate says whether the caller may write translations, and
	// MayTranslateInto into which languages (of the latest draft).
	MayTranslate     bool     `json:"may_translate"`
	MayTranslateInto []string `json:"may_translate_into"`
}

// LanguagesInput sets the talks' languages: in order, the authentic ones
// and the working ones; the drafting language of the next draft ("": the
// first authentic one); whether members of negotiating parties may be
// translators; and the translators, by user name, each with the
// languages it is appointed to write.
type LanguagesInput struct {
	Languages        []parley.Language `json:"languages"`
	Drafting         string            `json:"drafting,omitempty"`
	PartyTranslators bool              `json:"party_translators"`
	Translators      []TranslatorInput `json:"translators"`
}

// TranslatorInput is a translator by user name and the languages it is
// appointed to write.
type TranslatorInput struct {
	Username  string   `json:"username"`
	Languages []string `json:"languages"`
}

// UnmarshalJSON reads a translator, or a user name alone as clients sent
// it before translators were appointed per language: that names no
// language, which SetLanguages refuses, saying so.
func (t *TranslatorInput) UnmarshalJSON(b []byte) error {
	var name string
	if json.Unmarshal(b, &name) == nil {
		*t = TranslatorInput{Username: name}
		return nil
	}
	type plain TranslatorInput
	return json.Unmarshal(b, (*plain)(t))
}

// Languages returns the talks' languages; every member sees them.
func (s *Service) Languages(ctx context.Context, talksID int64) (*LanguagesView, error) {
	var out *LanguagesView
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		l, err := tx.TalksLanguages(ctx, talksID)
		if err != nil {
			return err
		}
		out, err = languagesView(ctx, tx, talksID, v, l)
		return err
	})
	return out, failed(err, "reading the languages of talks %d", talksID)
}

// languagesView shows l to viewer v, naming the translators.
func languagesView(ctx context.Context, tx parley.Tx, talksID int64, v parley.Viewer, l *parley.TalksLanguages) (*LanguagesView, error) {
	members, err := tx.Members(ctx, talksID)
	if err != nil {
		return nil, err
	}
	out := &LanguagesView{Languages: l.Languages, Drafting: l.NextDrafting(), PartyTranslators: l.PartyTranslators,
		Translators: []TranslatorInput{}, MayTranslate: v.CanTranslate(l), MayTranslateInto: []string{}}
	for _, m := range members {
		if langs := l.TranslatorLanguages(m.AccountID); len(langs) > 0 {
			out.Translators = append(out.Translators, TranslatorInput{Username: m.Username, Languages: langs})
		}
	}
	for _, x := range l.Languages {
		if v.CanTranslateInto(l, x.Tag, true) {
			out.MayTranslateInto = append(out.MayTranslateInto, x.Tag)
		}
	}
	return out, nil
}

// SetLanguages sets the talks' languages and translators: a mediator
// may. A translator must be a member of the mediator's party, or of a
// negotiating party when in.PartyTranslators allows it.
func (s *Service) SetLanguages(ctx context.Context, talksID int64, in LanguagesInput) (*LanguagesView, error) {
	l := &parley.TalksLanguages{Languages: slices.Clone(in.Languages), Drafting: in.Drafting, PartyTranslators: in.PartyTranslators}
	if err := l.Validate(); err != nil {
		return nil, err
	}
	var out *LanguagesView
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, manageTalks)
		if err != nil {
			return err
		}
		if l.Translators, err = translators(ctx, tx, talksID, in); err != nil {
			return err
		}
		if err := l.Validate(); err != nil { // the translators' languages
			return err
		}
		if err := tx.SetTalksLanguages(ctx, talksID, l); err != nil {
			return err
		}
		if out, err = languagesView(ctx, tx, talksID, v, l); err != nil {
			return err
		}
		appointed := map[string]any{}
		for _, t := range out.Translators {
			appointed[t.Username] = t.Languages
		}
		return s.audit(ctx, tx, change{talks: talksID, action: "talks.languages", object: fmt.Sprintf("talks/%d/languages", talksID),
			details: map[string]any{"authentic": l.Authentic(), "working": working(l), "drafting": l.NextDrafting(),
				"party_translators": l.PartyTranslators, "translators": appointed}})
	})
	return out, failed(err, "setting the languages of talks %d", talksID)
}

// translators finds the accounts of the translators in the input, each a
// member of the mediator's party or, if the input allows it, of a
// negotiating party.
func translators(ctx context.Context, tx parley.Tx, talksID int64, in LanguagesInput) ([]parley.Translator, error) {
	members, err := tx.Members(ctx, talksID)
	if err != nil {
		return nil, err
	}
	parties, err := tx.Parties(ctx, talksID)
	if err != nil {
		return nil, err
	}
	kind := map[int64]parley.PartyKind{}
	for _, p := range parties {
		kind[p.ID] = p.Kind
	}
	out := []parley.Translator{}
	for i, t := range in.Translators {
		field, name := fmt.Sprintf("translators[%d]", i), t.Username
		j := slices.IndexFunc(members, func(m parley.Member) bool { return m.Username == name })
		if j < 0 {
			return nil, parley.Invalid(field, "%q is not a member of these talks", name)
		}
		switch k := kind[members[j].PartyID]; {
		case k == parley.PartyObserver:
			return nil, parley.Invalid(field, "%s is an observer; observers do not translate", name)
		case k == parley.PartyParty && !in.PartyTranslators:
			return nil, parley.Invalid(field, "%s is in a negotiating party; allow the parties' members to translate first", name)
		}
		out = append(out, parley.Translator{Account: members[j].AccountID, Languages: slices.Clone(t.Languages)})
	}
	return out, nil
}

// DraftingLanguage returns the drafting language of tabled draft number
// of the talks (the language its points are written in), for a viewer who
// may see the talks; ENOTFOUND otherwise.
func (s *Service) DraftingLanguage(ctx context.Context, talksID int64, number int) (string, error) {
	var tag string
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, seeTalks); err != nil {
			return err
		}
		l, err := tx.TalksLanguages(ctx, talksID)
		if err != nil {
			return err
		}
		tag, err = draftingOf(ctx, tx, talksID, number, l)
		return err
	})
	return tag, failed(err, "reading the drafting language of draft %d of talks %d", number, talksID)
}

// draftingOf returns the drafting language of tabled draft number of the
// talks, whose languages are l: the one recorded at its tabling, else (a
// draft tabled before languages were kept) the first authentic language.
func draftingOf(ctx context.Context, tx parley.Tx, talksID int64, number int, l *parley.TalksLanguages) (string, error) {
	tag, err := tx.DraftLanguage(ctx, talksID, number)
	if err != nil || tag != "" {
		return tag, err
	}
	if a := l.Authentic(); len(a) > 0 {
		return a[0], nil
	}
	return "en", nil
}

// carryTranslations records the drafting language of draft d, newly
// tabled, and carries to it, by point identity, the latest translation of
// every point it keeps from draft prev (0: none) in every other language
// of the talks. A carried translation keeps the source it translated, so
// it is current where the point's text is unchanged and stale where it
// changed. A translation into what is now the drafting language is not
// carried: that text is the source now.
func carryTranslations(ctx context.Context, tx parley.Tx, prev int, d *parley.Draft) error {
	l, err := tx.TalksLanguages(ctx, d.TalksID)
	if err != nil {
		return err
	}
	drafting := l.NextDrafting()
	if err := tx.PutDraftLanguage(ctx, d.TalksID, d.Number, drafting); err != nil {
		return err
	}
	if prev == 0 {
		return nil
	}
	old, err := tx.Translations(ctx, d.TalksID, prev)
	if err != nil {
		return err
	}
	for _, t := range old {
		if t.Language == drafting || !l.Has(t.Language) || d.Point(t.PointID) == nil {
			continue
		}
		// A carried version says where it was carried from; the correction
		// a version was taken from stays with the version on its own draft.
		t.Draft, t.CarriedFrom, t.Amendment = d.Number, prev, 0
		if err := tx.PutTranslation(ctx, &t); err != nil {
			return err
		}
	}
	return nil
}

// working lists the working (not authentic) languages of l.
func working(l *parley.TalksLanguages) []string {
	out := []string{}
	for _, x := range l.Languages {
		if !x.Authentic {
			out = append(out, x.Tag)
		}
	}
	return out
}
