package storetest

import (
	"context"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/auditlog"
)

// testCorrections checks a correction, an amendment that names a
// language: the language comes back with it (and none with an amendment
// to the source); a translation version taken from it names it, in the
// latest translations and in the history, while the version before names
// none; a second version from the same correction is ECONFLICT; and every
// row written is vouched for by an audit record.
func testCorrections(t *testing.T, s Store) {
	tk := &parley.Talks{Title: "T", State: parley.TalksOpen, CreatedAt: now}
	d := &parley.Draft{Number: 1, Tabled: true, Title: "Draft 1", TabledAt: now, TabledBy: "mediator"}
	var tid, point int64
	correction := &parley.Amendment{Draft: 1, PointNumber: "1", Kind: parley.AmendReplace,
		Language: "uk", Text: "виправлений текст", ProposedBy: "ukraine", ProposedAt: now}
	source := &parley.Amendment{Draft: 1, PointNumber: "1", Kind: parley.AmendReplace, Text: "new source", ProposedBy: "ukraine", ProposedAt: now}
	version := func(text string, from int64) *parley.Translation {
		return &parley.Translation{TalksID: tid, Draft: 1, PointID: point, Language: "uk", Text: text, Amendment: from,
			SourceHash: parley.SourceHash("", "text"), SourceText: "text", TranslatedBy: "mediator", TranslatedAt: now}
	}
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.CreateTalks(ctx, tk); err != nil {
			return err
		}
		tid, d.TalksID = tk.ID, tk.ID
		if err := putTwoPoints(ctx, tx, d); err != nil {
			return err
		}
		point = d.Points[0].ID
		party := &parley.Party{TalksID: tid, Name: "Ukraine", Kind: parley.PartyParty}
		if err := tx.CreateParty(ctx, party); err != nil {
			return err
		}
		for _, a := range []*parley.Amendment{correction, source} {
			a.TalksID, a.PointID, a.PartyID = tid, point, party.ID
		}
		for _, a := range []*parley.Amendment{correction, source} {
			if err := tx.CreateAmendment(ctx, a); err != nil {
				return err
			}
		}
		for _, v := range []*parley.Translation{version("текст", 0), version(correction.Text, correction.ID)} {
			if err := tx.PutTranslation(ctx, v); err != nil {
				return err
			}
			if v.Amendment != 0 {
				if err := tx.LinkTranslation(ctx, v); err != nil {
					return err
				}
			}
		}
		return tx.AppendAudit(ctx, auditlog.Record{Time: now, Actor: "mediator", Talks: tid, Action: "test", Object: "test"})
	})
	if err != nil {
		t.Fatal(err)
	}
	again := version("ще раз", correction.ID)
	err = update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.PutTranslation(ctx, again); err != nil {
			return err
		}
		return tx.LinkTranslation(ctx, again)
	})
	if code(err) != parley.ECONFLICT {
		t.Errorf("a second version from correction %d: got %v, want %s", correction.ID, err, parley.ECONFLICT)
	}
	checkCorrectionRead(t, s, tid, point, correction)
}

// checkCorrectionRead reads back what testCorrections stored in talks tid:
// correction to point, taken as the Ukrainian text's second version.
func checkCorrectionRead(t *testing.T, s Store, tid, point int64, correction *parley.Amendment) {
	t.Helper()
	err := view(t, s, func(ctx context.Context, tx parley.Tx) error {
		all, err := tx.Amendments(ctx, tid)
		if err != nil {
			return err
		}
		if len(all) != 2 || all[0].Language != "uk" || all[0].Text != correction.Text || all[1].Language != "" {
			t.Errorf("the correction and the amendment to the source: got %+v", all)
		}
		if one, err := tx.Amendment(ctx, tid, correction.ID); err != nil || one.Language != "uk" {
			t.Errorf("correction %d alone: got %+v, %v", correction.ID, one, err)
		}
		latest, err := tx.Translations(ctx, tid, 1)
		if err != nil {
			return err
		}
		if len(latest) != 1 || latest[0].Version != 2 || latest[0].Text != correction.Text || latest[0].Amendment != correction.ID {
			t.Errorf("the latest Ukrainian text: got %+v, want version 2 from correction %d", latest, correction.ID)
		}
		history, err := tx.TranslationHistory(ctx, tid, 1, point, "uk")
		if err != nil {
			return err
		}
		if len(history) != 2 || history[0].Amendment != 0 || history[1].Amendment != correction.ID {
			t.Errorf("the Ukrainian versions: got %+v, want the second from correction %d", history, correction.ID)
		}
		_, err = tx.VerifyAudit(ctx, nil, "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
