package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
)

// testLanguages stores the talks' languages, a draft's drafting language
// once, and versions of a point's translations: Translations gives the
// latest of each point and language, TranslationHistory every version;
// the tabled draft's points are untouched; and every row written is
// vouched for by an audit record.
func testLanguages(t *testing.T, s Store) {
	tk := &parley.Talks{Title: "T", State: parley.TalksOpen, CreatedAt: now}
	var tid int64
	d := &parley.Draft{Number: 1, Tabled: true, Title: "Draft 1", TabledAt: now, TabledBy: "mediator"}
	var got *parley.TalksLanguages
	read := func(ctx context.Context, tx parley.Tx) (err error) {
		got, err = tx.TalksLanguages(ctx, tid)
		return err
	}
	set := &parley.TalksLanguages{Languages: []parley.Language{{Tag: "en", Authentic: true}, {Tag: "ru", Authentic: true}, {Tag: "fr"}},
		Drafting: "en", PartyTranslators: true, Translators: []parley.Translator{{Account: 7, Languages: []string{"ru"}}, {Account: 9, Languages: []string{"fr", "ru"}}}}
	var p1, p2 int64
	tr := func(point int64, lang, text string) *parley.Translation {
		return &parley.Translation{TalksID: tid, Draft: 1, PointID: point, Language: lang, Text: text,
			SourceHash: parley.SourceHash("", "text"), SourceText: "text", TranslatedBy: "translator", TranslatedAt: now}
	}
	var versions []*parley.Translation
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.CreateTalks(ctx, tk); err != nil {
			return err
		}
		tid, d.TalksID = tk.ID, tk.ID
		if err := read(ctx, tx); err != nil {
			return err
		}
		if def := parley.DefaultLanguages(); !reflect.DeepEqual(*got, def) {
			t.Errorf("talks with no languages set: %+v, want %+v", got, def)
		}
		if err := putTwoPoints(ctx, tx, d); err != nil {
			return err
		}
		p1, p2 = d.Points[0].ID, d.Points[1].ID
		versions = []*parley.Translation{tr(p1, "ru", "текст"), tr(p1, "ru", "текст, исправленный"), tr(p2, "ru", "другой"), tr(p1, "fr", "texte")}
		if err := tx.SetTalksLanguages(ctx, tid, set); err != nil {
			return err
		}
		if err := tx.PutDraftLanguage(ctx, tid, 1, "en"); err != nil {
			return err
		}
		for _, v := range versions {
			if err := tx.PutTranslation(ctx, v); err != nil {
				return err
			}
		}
		return tx.AppendAudit(ctx, auditlog.Record{Time: now, Actor: "mediator", Talks: tid, Action: "test", Object: "test"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if versions[0].Version != 1 || versions[1].Version != 2 || versions[2].Version != 1 || versions[3].Version != 1 {
		t.Errorf("versions: %d %d %d %d, want 1 2 1 1", versions[0].Version, versions[1].Version, versions[2].Version, versions[3].Version)
	}
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.PutDraftLanguage(ctx, tid, 1, "ru") }); code(err) != parley.ECONFLICT {
		t.Errorf("a second drafting language for draft 1: %v, want %s", err, parley.ECONFLICT)
	}
	checkLanguages(t, s, d, set, versions)
	err = view(t, s, func(ctx context.Context, tx parley.Tx) error {
		_, err := tx.VerifyAudit(ctx, nil, "")
		return err
	})
	if err != nil {
		t.Errorf("audit verify: %v", err)
	}
}

// putTwoPoints stores draft d with two new points.
func putTwoPoints(ctx context.Context, tx parley.Tx, d *parley.Draft) error {
	for i := 0; i < 2; i++ {
		id, err := tx.NewPointID(ctx, d.TalksID)
		if err != nil {
			return err
		}
		d.Points = append(d.Points, parley.Point{ID: id, Kind: parley.KindPoint, Number: string(rune('1' + i)), Text: "text", Change: parley.ChangeNew})
	}
	return tx.PutDraft(ctx, d)
}

// checkLanguages reads back what testLanguages stored: the languages set,
// draft d's drafting language, the latest translations and the history of
// the first point's Russian text, and d's points unchanged.
func checkLanguages(t *testing.T, s Store, d *parley.Draft, set *parley.TalksLanguages, versions []*parley.Translation) {
	tid, p1 := d.TalksID, d.Points[0].ID
	err := view(t, s, func(ctx context.Context, tx parley.Tx) error {
		got, err := tx.TalksLanguages(ctx, tid)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, set) {
			t.Errorf("languages read back: %+v, want %+v", got, set)
		}
		if lang, err := tx.DraftLanguage(ctx, tid, 1); err != nil || lang != "en" {
			t.Errorf("drafting language of draft 1: %q, %v", lang, err)
		}
		if lang, err := tx.DraftLanguage(ctx, tid, 2); err != nil || lang != "" {
			t.Errorf("drafting language of a draft with none: %q, %v", lang, err)
		}
		latest, err := tx.Translations(ctx, tid, 1)
		if err != nil {
			return err
		}
		want := []parley.Translation{*versions[3], *versions[1], *versions[2]} // fr, then ru by point
		if !reflect.DeepEqual(latest, want) {
			t.Errorf("latest translations:\n got %+v\nwant %+v", latest, want)
		}
		hist, err := tx.TranslationHistory(ctx, tid, 1, p1, "ru")
		if err != nil {
			return err
		}
		if len(hist) != 2 || hist[0].Text != "текст" || hist[1].Text != "текст, исправленный" {
			t.Errorf("history: %+v", hist)
		}
		source, err := tx.Draft(ctx, tid, 1)
		if err == nil && !reflect.DeepEqual(source.Points, d.Points) {
			t.Errorf("the tabled draft's points changed: %+v", source.Points)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
