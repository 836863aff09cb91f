package workspace_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// correctionFixture tables draft 1 in English, Russian and Ukrainian,
// translated into Ukrainian alone (by the mediator), and returns it.
func correctionFixture(t *testing.T) (*fixture, *parley.Draft) {
	t.Helper()
	f := newFixture(t)
	d := must[*parley.Draft](t)(f.ws.TableDraft(f.mediator, f.talks, draft1()))
	must[*workspace.LanguagesView](t)(f.ws.SetLanguages(f.mediator, f.talks, threeLanguages()))
	translateAll(t, f.ws, f.mediator, f.talks, 1, "uk")
	return f, d
}

// textOf returns point's text in lang in p.
func textOf(t *testing.T, p *workspace.Parallel, point int64, lang string) workspace.ParallelText {
	t.Helper()
	for _, pp := range p.Points {
		for _, x := range pp.Texts {
			if pp.ID == point && x.Language == lang {
				return x
			}
		}
	}
	t.Fatalf("no %s text of point %d", lang, point)
	return workspace.ParallelText{}
}

// TestCorrectionTaken: Ukraine proposes a correction to the Ukrainian
// text of a point, shared with the mediator; Russia does not find it; the
// desk shows the text it would replace; taken, it is the Ukrainian text's
// next version on draft 1 (current, its title kept, naming the
// correction to Ukraine and not to Russia), the English source and the
// working draft untouched, and it is gone into draft 1.
func TestCorrectionTaken(t *testing.T) {
	f, d := correctionFixture(t)
	ws := f.ws
	terr, _ := territory(t, d)
	yes := true
	a := propose(t, f, f.ua, d, terr.ID, parley.AmendmentInput{Kind: parley.AmendReplace, Language: "UK", Text: "Донецьк і Луганськ визнано де-факто.",
		Justification: "The translation misses 'de facto'.", ShareWithMediator: &yes})
	if a.Language != "uk" || !a.Correction() {
		t.Fatalf("the correction's language: got %q, want uk", a.Language)
	}
	if _, err := ws.GetAmendment(f.ru, f.talks, a.ID); code(err) != parley.ENOTFOUND {
		t.Errorf("Russia reading Ukraine's correction: got %v, want %s", err, parley.ENOTFOUND)
	}
	desk := must[*workspace.Desk](t)(ws.AmendmentDesk(f.mediator, f.talks))
	if got, want := desk.Corrected[a.ID], "uk: "+terr.Text; got != want {
		t.Errorf("the desk's current Ukrainian text for the correction: got %q, want %q", got, want)
	}
	taken := must[*parley.Amendment](t)(ws.DecideAmendment(f.mediator, f.talks, a.ID, parley.AmendmentDecision{Take: true}))
	if taken.State != parley.AmendmentTaken || taken.IntoDraft != 1 {
		t.Errorf("the correction taken: got state %s into draft %d, want taken into 1", taken.State, taken.IntoDraft)
	}
	uk := textOf(t, must[*workspace.Parallel](t)(ws.ParallelText(f.ua, f.talks, 1, nil)), terr.ID, "uk")
	if uk.Text != a.Text || uk.Status != parley.TranslationCurrent || uk.Version != 2 || uk.Title != "uk: Territory" ||
		uk.Amendment != a.ID || uk.AmendmentParty != "Ukraine" {
		t.Errorf("Ukraine's view of the Ukrainian text after the take: got %+v", uk)
	}
	if ru := textOf(t, must[*workspace.Parallel](t)(ws.ParallelText(f.ru, f.talks, 1, nil)), terr.ID, "uk"); ru.Text != a.Text || ru.Amendment != 0 || ru.AmendmentParty != "" {
		t.Errorf("Russia's view of the Ukrainian text: got %+v, want the corrected text without the correction it came from", ru)
	}
	hist := must[[]parley.Translation](t)(ws.TranslationHistory(f.ua, f.talks, 1, terr.ID, "uk"))
	if len(hist) != 2 || hist[0].Amendment != 0 || hist[1].Amendment != a.ID {
		t.Errorf("the Ukrainian versions as Ukraine sees them: got %+v", hist)
	}
	if hist := must[[]parley.Translation](t)(ws.TranslationHistory(f.ru, f.talks, 1, terr.ID, "uk")); len(hist) != 2 || hist[1].Amendment != 0 {
		t.Errorf("the Ukrainian versions as Russia sees them: got %+v", hist)
	}
	// The link from the text to the correction is recorded where Ukraine
	// and the mediator see it, and nowhere Russia does.
	linked := func(who context.Context) bool {
		entries, _, err := ws.AuditLog(who, f.talks)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.Contains(fmt.Sprint(e.Record.Details), "translation_amendments") {
				return true
			}
		}
		return false
	}
	if !linked(f.ua) || !linked(f.mediator) || linked(f.ru) {
		t.Errorf("the text's link to the correction in the records of Ukraine, the mediator, Russia: %v, %v, %v; want true, true, false", linked(f.ua), linked(f.mediator), linked(f.ru))
	}
	if src := must[*parley.Draft](t)(ws.GetDraft(f.mediator, f.talks, 1)).Point(terr.ID); src.Text != terr.Text {
		t.Errorf("the tabled source changed: got %q", src.Text)
	}
	if _, err := ws.GetDraft(f.mediator, f.talks, 0); code(err) != parley.ENOTFOUND {
		t.Errorf("a working draft after taking a correction: got %v, want none", err)
	}
	if lineage := must[map[int64][]parley.Amendment](t)(ws.AmendmentLineage(f.mediator, f.talks, 0, 1)); len(lineage) != 0 {
		t.Errorf("the source's lineage names the correction: %+v", lineage)
	}
	// The corrected text is carried to the next draft, as carried.
	d2 := draft1()
	d2.Points[1].ID = terr.ID
	must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, d2))
	if next := textOf(t, must[*workspace.Parallel](t)(ws.ParallelText(f.ua, f.talks, 2, nil)), terr.ID, "uk"); next.Text != a.Text || next.CarriedFrom != 1 || next.Amendment != 0 {
		t.Errorf("the corrected Ukrainian text on draft 2: got %+v, want it carried from draft 1", next)
	}
	for format, want := range map[string]string{"md": fmt.Sprintf("## Ukraine's correction %d to the Ukrainian text of point 3 (taken)", a.ID),
		"akn": "To the Ukrainian text of point 3 of Draft 1: "} {
		if e := must[*workspace.Export](t)(ws.ExportAmendments(f.ua, f.talks, 1, format)); !strings.Contains(string(e.Body), want) {
			t.Errorf("the amendments to draft 1 in %s lack %q:\n%s", format, want, e.Body)
		}
	}
}

// TestCorrectionDeclined: a declined correction leaves the text as it
// was; two corrections to one text collide, a correction and an
// amendment to the source do not.
func TestCorrectionDeclined(t *testing.T) {
	f, d := correctionFixture(t)
	ws := f.ws
	terr, _ := territory(t, d)
	yes := true
	in := parley.AmendmentInput{Kind: parley.AmendReplace, Language: "uk", Text: "Інший текст.", ShareWithMediator: &yes}
	a := propose(t, f, f.ua, d, terr.ID, in)
	b := propose(t, f, f.ru, d, terr.ID, in)
	propose(t, f, f.ru, d, terr.ID, parley.AmendmentInput{Kind: parley.AmendReplace, Text: "A new source.", ShareWithMediator: &yes})
	desk := must[*workspace.Desk](t)(ws.AmendmentDesk(f.mediator, f.talks))
	if len(desk.Collisions) != 1 || len(desk.Collisions[0].Amendments) != 2 || desk.Collisions[0].Amendments[0] != a.ID || desk.Collisions[0].Amendments[1] != b.ID {
		t.Errorf("collisions: got %+v, want the two Ukrainian corrections alone", desk.Collisions)
	}
	declined := must[*parley.Amendment](t)(ws.DecideAmendment(f.mediator, f.talks, a.ID, parley.AmendmentDecision{Reason: "The text is right."}))
	if declined.State != parley.AmendmentDeclined || declined.IntoDraft != 0 {
		t.Errorf("declined: got %+v", declined)
	}
	if uk := textOf(t, must[*workspace.Parallel](t)(ws.ParallelText(f.ua, f.talks, 1, nil)), terr.ID, "uk"); uk.Version != 1 || uk.Text != "uk: "+terr.Text {
		t.Errorf("the Ukrainian text after the decline: got %+v, want version 1 as it was", uk)
	}
}

// TestCorrectionRules: bad corrections, and a correction on a draft
// superseded before it is taken.
func TestCorrectionRules(t *testing.T) {
	f, d := correctionFixture(t)
	ws := f.ws
	terr, _ := territory(t, d)
	uk := parley.AmendmentInput{Kind: parley.AmendReplace, Language: "uk", Text: "Текст."}
	with := func(lang string, kind parley.AmendmentKind) parley.AmendmentInput {
		in := uk
		in.Language, in.Kind = lang, kind
		if kind == parley.AmendDelete {
			in.Text = ""
		}
		return in
	}
	for _, c := range []struct {
		name  string
		point int64
		in    parley.AmendmentInput
		want  string
	}{
		{"a language not the talks'", terr.ID, with("fr", parley.AmendReplace), parley.EINVALID},
		{"a malformed tag", terr.ID, with("english!", parley.AmendReplace), parley.EINVALID},
		{"the drafting language", terr.ID, with("en", parley.AmendReplace), parley.EINVALID},
		{"a deletion", terr.ID, with("uk", parley.AmendDelete), parley.EINVALID},
		{"a text not yet translated", terr.ID, with("ru", parley.AmendReplace), parley.ECONFLICT},
		{"a point that does not exist", 999999, uk, parley.ENOTFOUND},
	} {
		if _, err := ws.ProposeAmendment(f.ua, f.talks, 1, c.point, c.in); code(err) != c.want {
			t.Errorf("%s: got %v, want %s", c.name, err, c.want)
		}
	}
	yes := true
	uk.ShareWithMediator = &yes
	early := propose(t, f, f.ua, d, terr.ID, uk)
	must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	if _, err := ws.ProposeAmendment(f.ua, f.talks, 1, terr.ID, uk); code(err) != parley.ECONFLICT {
		t.Errorf("a correction to superseded draft 1: got %v, want %s", err, parley.ECONFLICT)
	}
	if _, err := ws.DecideAmendment(f.mediator, f.talks, early.ID, parley.AmendmentDecision{Take: true}); code(err) != parley.ECONFLICT {
		t.Errorf("taking a correction to draft 1 once draft 2 is tabled: got %v, want %s", err, parley.ECONFLICT)
	}
	if as := must[[]parley.Amendment](t)(ws.ListAmendments(f.ua, f.talks, 0)); len(as) != 1 || as[0].State != parley.AmendmentProposed {
		t.Errorf("after the refusals: got %+v, want the one correction, proposed", as)
	}
}
