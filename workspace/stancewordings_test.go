package workspace_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/storetest"
	"github.com/parley-talks/parley/workspace"
)

// oldStance stores st, a stance of the talks recorded on 1 December
// 2025, as stances were stored before wording became an amendment.
func oldStance(t *testing.T, f *fixture, st parley.Stance) {
	t.Helper()
	st.TalksID, st.RecordedAt = f.talks, time.Date(2025, 12, 1, 10, 0, 0, 0, time.UTC)
	storetest.PutOldStance(t, f.ws.Store, st)
}

// TestConvertStanceWordings: stances stored with proposed wording before
// it became an amendment. Russia's on draft 1's territory point, shared
// with the mediator, is carried over to draft 2 with its wording;
// Ukraine's on draft 2's sovereignty point is kept from the mediator,
// its wording on non-aggression released to all; Ukraine's rationale-only
// stance has none. Converting makes three replacement amendments to
// draft 2, proposed by the stances' authors when they recorded them, each
// seen as its stance was, each with an amendment.convert record seen as
// the amendment is; the stances on draft 2 lose their wording and keep
// the rest (Russia's still carried over); draft 1's keeps its wording as
// history. Run again, even with its setting cleared, it converts nothing.
// A stance with wording is refused now, naming the amendments route.
func TestConvertStanceWordings(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d1 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	terr, _ := territory(t, d1)
	sov, non := d1.Points[1], d1.Points[2]
	oldStance(t, f, parley.Stance{Draft: 1, PointID: terr.ID, PartyID: f.russia, Value: parley.Unsuitable, Rationale: "RU-RATIONALE",
		ProposedWording: "RU-WORDING frozen on the line of contact", ShareWithMediator: true, RecordedBy: "russia"})
	d2 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, unchanged(d1)))
	oldStance(t, f, parley.Stance{Draft: 2, PointID: sov.ID, PartyID: f.ukraine, Value: parley.NeedsDiscussion,
		ProposedWording: "UA-WORDING-PRIVATE sovereignty", RecordedBy: "ukraine"})
	oldStance(t, f, parley.Stance{Draft: 2, PointID: non.ID, PartyID: f.ukraine, Value: parley.Unsuitable,
		ProposedWording: "UA-WORDING-RELEASED non-aggression", ReleasedToAll: true, RecordedBy: "ukraine"})
	oldStance(t, f, parley.Stance{Draft: 2, PointID: terr.ID, PartyID: f.ukraine, Value: parley.Acceptable, Rationale: "UA-ONLY-RATIONALE",
		ShareWithMediator: true, RecordedBy: "ukraine"})

	if n := must[int](t)(ws.ConvertStanceWordings(context.Background())); n != 3 {
		t.Fatalf("converted: got %d wordings, want 3", n)
	}
	byText := map[string]parley.Amendment{}
	for _, ctx := range []context.Context{f.ru, f.ua} {
		for _, a := range must[[]parley.Amendment](t)(ws.ListAmendments(ctx, f.talks, 0)) {
			byText[a.Text] = a
		}
	}
	ru := byText["RU-WORDING frozen on the line of contact"]
	if len(byText) != 3 || ru.PartyID != f.russia || ru.Draft != d2.Number || ru.PointID != terr.ID || ru.Kind != parley.AmendReplace ||
		ru.State != parley.AmendmentProposed || ru.ProposedBy != "russia" || !ru.ShareWithMediator || ru.ReleasedToAll ||
		!ru.ProposedAt.Equal(time.Date(2025, 12, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("the amendments: got %+v, want three, Russia's a proposed replacement of territory in draft 2, shared", byText)
	}
	if ua := byText["UA-WORDING-PRIVATE sovereignty"]; ua.PartyID != f.ukraine || ua.ShareWithMediator || ua.ReleasedToAll || ua.PointNumber != sov.Number {
		t.Errorf("Ukraine's private amendment: got %+v, want Ukraine's, neither shared nor released", ua)
	}
	seen := func(ctx context.Context) (texts []string) {
		for _, a := range must[[]parley.Amendment](t)(ws.ListAmendments(ctx, f.talks, 0)) {
			texts = append(texts, a.Text)
		}
		return texts
	}
	for _, c := range []struct {
		who  string
		ctx  context.Context
		want int
	}{{"Russia", f.ru, 2}, {"Ukraine", f.ua, 2}, {"the mediator", f.mediator, 2}, {"the observer", f.obs, 1}} {
		if got := seen(c.ctx); len(got) != c.want {
			t.Errorf("amendments %s sees: got %q, want %d", c.who, got, c.want)
		}
		if n := auditActions(t, f, c.ctx, "amendment.convert"); n != c.want {
			t.Errorf("amendment.convert records %s sees: got %d, want %d", c.who, n, c.want)
		}
	}
	for _, st := range must[[]parley.Stance](t)(ws.ListStances(f.mediator, f.talks, 2)) {
		if st.ProposedWording != "" {
			t.Errorf("a stance on draft 2 after converting: got wording %q, want none", st.ProposedWording)
		}
		if st.PartyID == f.russia && (st.Rationale != "RU-RATIONALE" || st.Value != parley.Unsuitable || st.CarriedFrom == nil || !st.ShareWithMediator) {
			t.Errorf("Russia's stance on draft 2: got %+v, want its mark, rationale, sharing and carry-over kept", st)
		}
	}
	if h := must[[]parley.Stance](t)(ws.StanceHistory(f.ru, f.talks, 1, terr.ID)); len(h) != 1 || h[0].ProposedWording == "" {
		t.Errorf("Russia's stance on draft 1: got %+v, want its wording kept as history", h)
	}

	if n := must[int](t)(ws.ConvertStanceWordings(context.Background())); n != 0 {
		t.Errorf("converting again: got %d, want 0", n)
	}
	if err := ws.Store.Update(context.Background(), func(tx parley.Tx) error {
		return tx.PutSetting(context.Background(), "stance_wordings_converted", "")
	}); err != nil {
		t.Fatal(err)
	}
	if n := must[int](t)(ws.ConvertStanceWordings(context.Background())); n != 0 {
		t.Errorf("converting again with the setting cleared: got %d, want 0", n)
	}
	if got := seen(f.ru); len(got) != 2 {
		t.Errorf("Russia's amendments after converting thrice: got %q, want 2", got)
	}
	_, err := ws.SetStance(f.ru, f.talks, 2, terr.ID, parley.StanceInput{Value: parley.Unsuitable, ProposedWording: "new wording"})
	if code(err) != parley.EINVALID || parley.ErrorField(err) != "proposed_wording" || !strings.Contains(parley.ErrorMessage(err), "/amendments with kind replace") {
		t.Errorf("a stance with wording now: got %v, want %s on proposed_wording naming the amendments route", err, parley.EINVALID)
	}
	checkVerified(t, ws)
}

// TestGuardChecksAmendments: proposed wording being an amendment now, the
// disclosure guard checks statements against the amendments their author
// may see, as it did against stances' wording: Russia's private wording
// is found for Russia's adviser, not for Ukraine or the mediator, who may
// not see it.
func TestGuardChecksAmendments(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d1 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	terr, _ := territory(t, d1)
	wording := "The whole of the Donetsk region passes under Russian administration and the buffer zone is dropped for good."
	propose(t, f, f.ru, d1, terr.ID, parley.AmendmentInput{Kind: parley.AmendReplace, Text: wording, ShareWithMediator: ptr(false)})
	leak := "We told them: the whole of the Donetsk region passes under Russian administration and the buffer zone is dropped."
	found := must[[]workspace.Disclosure](t)(ws.CheckStatement(f.ruAdviser, f.talks, leak))
	if len(found) == 0 || found[0].Kind != "proposed wording" {
		t.Errorf("the guard for Russia: got %+v, want its amendment's wording", found)
	}
	for name, ctx := range map[string]context.Context{"ukraine": f.ua, "the mediator": f.mediator} {
		if got := must[[]workspace.Disclosure](t)(ws.CheckStatement(ctx, f.talks, leak)); len(got) != 0 {
			t.Errorf("the guard for %s, who may not see Russia's amendment: got %+v, want nothing", name, got)
		}
	}
}
