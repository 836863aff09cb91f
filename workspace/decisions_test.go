package workspace_test

import (
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

func yes() parley.AnswerInput { v := true; return parley.AnswerInput{Yes: &v} }
func no(reasons string) parley.AnswerInput {
	v := false
	return parley.AnswerInput{Yes: &v, Reasons: reasons}
}

func TestSignOff(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	if _, err := ws.ProposeDecision(f.ru, f.talks, parley.DecisionInput{Kind: parley.SignOff, Draft: 1}); code(err) != parley.EFORBIDDEN {
		t.Errorf("a party proposing: got %v, want forbidden", err)
	}
	d := must[*parley.Decision](t)(ws.ProposeDecision(f.mediator, f.talks, parley.DecisionInput{Kind: parley.SignOff, Draft: 1}))
	if len(d.Parties) != 2 {
		t.Fatalf("asked %v, want Russia and Ukraine (the parties with a principal)", d.Parties)
	}
	// Only principals answer; a no needs reasons.
	if _, err := ws.AnswerDecision(f.ruAdviser, f.talks, d.ID, yes()); code(err) != parley.EFORBIDDEN {
		t.Errorf("an adviser answering: got %v, want forbidden", err)
	}
	if _, err := ws.AnswerDecision(f.ua, f.talks, d.ID, no("")); code(err) != parley.EINVALID {
		t.Errorf("a no without reasons: got %v, want invalid", err)
	}
	got := must[*parley.Decision](t)(ws.AnswerDecision(f.ru, f.talks, d.ID, yes()))
	if got.Status != parley.DecisionOpen {
		t.Fatalf("after one yes: got %s, want open", got.Status)
	}
	view := must[*workspace.TalksView](t)(ws.GetTalks(f.mediator, f.talks))
	if view.State != parley.TalksOpen {
		t.Fatalf("talks concluded on one yes")
	}
	// Ukraine says no, with reasons Russia may not read.
	got = must[*parley.Decision](t)(ws.AnswerDecision(f.ua, f.talks, d.ID, no("UA-REASON: territory")))
	if got.Status != parley.DecisionRejected {
		t.Errorf("after a no: got %s, want rejected", got.Status)
	}
	for _, tc := range []struct {
		name string
		ctx  contextOf
		sees bool
	}{{"russia", f.ru, false}, {"mediator", f.mediator, true}, {"ukraine", f.ua, true}, {"observer", f.obs, false}} {
		seen := false
		for _, a := range must[*parley.Decision](t)(ws.GetDecision(tc.ctx, f.talks, d.ID)).Answers {
			seen = seen || a.Reasons != ""
		}
		if seen != tc.sees {
			t.Errorf("%s sees Ukraine's reasons: %v, want %v", tc.name, seen, tc.sees)
		}
	}
	// A new draft, a new decision, both yes: the talks conclude in agreement.
	must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, workspace.InputOf(must[*parley.Draft](t)(ws.GetDraft(f.mediator, f.talks, 1)))))
	if _, err := ws.ProposeDecision(f.mediator, f.talks, parley.DecisionInput{Kind: parley.SignOff, Draft: 1}); code(err) != parley.EINVALID {
		t.Errorf("sign-off on a superseded draft: got %v, want invalid", err)
	}
	d2 := must[*parley.Decision](t)(ws.ProposeDecision(f.mediator, f.talks, parley.DecisionInput{Kind: parley.SignOff, Draft: 2}))
	must[*parley.Decision](t)(ws.AnswerDecision(f.ua, f.talks, d2.ID, yes()))
	got = must[*parley.Decision](t)(ws.AnswerDecision(f.ru, f.talks, d2.ID, yes()))
	if got.Status != parley.DecisionApproved {
		t.Errorf("after every yes: got %s, want approved", got.Status)
	}
	view = must[*workspace.TalksView](t)(ws.GetTalks(f.obs, f.talks))
	if view.State != parley.TalksConcluded || view.AgreedDraft != 2 {
		t.Errorf("talks after agreement: got state %s, agreed draft %d; want concluded on draft 2", view.State, view.AgreedDraft)
	}
	if _, err := ws.AnswerDecision(f.ua, f.talks, d2.ID, no("changed our mind")); code(err) != parley.ECONFLICT {
		t.Errorf("answering a closed decision: got %v, want conflict", err)
	}
}

func TestDisclosureNeedsEveryPrincipal(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	// Strict by default: no disclosure may even be asked.
	if _, err := ws.ProposeDecision(f.mediator, f.talks, parley.DecisionInput{Kind: parley.DiscloseDraft, Draft: 1}); code(err) != parley.ECONFLICT {
		t.Errorf("disclosure under strict confidentiality: got %v, want conflict", err)
	}
	c := must[*parley.Decision](t)(ws.ProposeDecision(f.mediator, f.talks, parley.DecisionInput{Kind: parley.SetConfidentiality, Confidentiality: parley.ByConsent}))
	must[*parley.Decision](t)(ws.AnswerDecision(f.ru, f.talks, c.ID, yes()))
	must[*parley.Decision](t)(ws.AnswerDecision(f.ua, f.talks, c.ID, yes()))
	if v := must[*workspace.TalksView](t)(ws.GetTalks(f.ru, f.talks)); v.Confidentiality != parley.ByConsent {
		t.Fatalf("confidentiality: got %s, want by_consent", v.Confidentiality)
	}
	d := must[*parley.Decision](t)(ws.ProposeDecision(f.mediator, f.talks, parley.DecisionInput{Kind: parley.DiscloseDraft, Draft: 1}))
	must[*parley.Decision](t)(ws.AnswerDecision(f.ru, f.talks, d.ID, yes()))
	if _, err := ws.PublicDraft(t.Context(), f.talks, 1); code(err) != parley.ENOTFOUND {
		t.Errorf("public before every principal consented: got %v, want not found", err)
	}
	must[*parley.Decision](t)(ws.AnswerDecision(f.ua, f.talks, d.ID, yes()))
	pub := must[*parley.Draft](t)(ws.PublicDraft(t.Context(), f.talks, 1))
	if pub.Number != 1 || len(pub.Points) == 0 {
		t.Errorf("public draft: got %+v", pub)
	}
	if _, err := ws.PublicDraft(t.Context(), f.talks, 2); code(err) != parley.ENOTFOUND {
		t.Errorf("an undisclosed draft: got %v, want not found", err)
	}
	// Every step is in the audit log.
	entries, _ := must2(ws.AuditLog(f.obs, f.talks))
	actions := map[string]int{}
	for _, e := range entries {
		actions[e.Record.Action]++
	}
	if actions["decision.propose"] != 2 || actions["decision.answer"] != 4 || actions["decision.close"] != 2 {
		t.Errorf("audit actions: got %v, want 2 proposals, 4 answers, 2 closings", actions)
	}
}

// TestDecisionEdges covers the rules around decisions that no other test
// reaches: a superseded sign-off is withdrawn, stances go on the latest
// draft only, talks concluded in agreement stay concluded, and a public
// draft goes private again when the parties return to strict
// confidentiality.
func TestDecisionEdges(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d1 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	so := must[*parley.Decision](t)(ws.ProposeDecision(f.mediator, f.talks, parley.DecisionInput{Kind: parley.SignOff, Draft: 1}))
	must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, workspace.InputOf(d1)))
	if got := must[*parley.Decision](t)(ws.GetDecision(f.ru, f.talks, so.ID)); got.Status != parley.DecisionWithdrawn {
		t.Errorf("a sign-off on a superseded draft: got %s, want %s", got.Status, parley.DecisionWithdrawn)
	}
	if _, err := ws.SetStance(f.ru, f.talks, 1, d1.Points[1].ID, parley.StanceInput{Value: parley.Acceptable}); code(err) != parley.ECONFLICT {
		t.Errorf("a stance on a superseded draft: got %v, want %s", err, parley.ECONFLICT)
	}

	// Disclosure, then back to strict: the public draft is gone again.
	for _, in := range []parley.DecisionInput{
		{Kind: parley.SetConfidentiality, Confidentiality: parley.ByConsent},
		{Kind: parley.DiscloseDraft, Draft: 2},
		{Kind: parley.SetConfidentiality, Confidentiality: parley.Strict},
	} {
		d := must[*parley.Decision](t)(ws.ProposeDecision(f.mediator, f.talks, in))
		must[*parley.Decision](t)(ws.AnswerDecision(f.ru, f.talks, d.ID, yes()))
		must[*parley.Decision](t)(ws.AnswerDecision(f.ua, f.talks, d.ID, yes()))
		if in.Kind == parley.DiscloseDraft {
			if _, err := ws.PublicDraft(t.Context(), f.talks, 2); err != nil {
				t.Fatalf("the disclosed draft: %v", err)
			}
		}
	}
	if _, err := ws.PublicDraft(t.Context(), f.talks, 2); code(err) != parley.ENOTFOUND {
		t.Errorf("a disclosed draft after the return to strict: got %v, want %s", err, parley.ENOTFOUND)
	}

	// Agreement: concluded for good, and nothing more is written.
	so2 := must[*parley.Decision](t)(ws.ProposeDecision(f.mediator, f.talks, parley.DecisionInput{Kind: parley.SignOff, Draft: 2}))
	must[*parley.Decision](t)(ws.AnswerDecision(f.ru, f.talks, so2.ID, yes()))
	must[*parley.Decision](t)(ws.AnswerDecision(f.ua, f.talks, so2.ID, yes()))
	open := parley.TalksOpen
	if _, err := ws.UpdateTalks(f.mediator, f.talks, workspace.TalksUpdate{State: &open}); code(err) != parley.ECONFLICT {
		t.Errorf("reopening talks concluded in agreement: got %v, want %s", err, parley.ECONFLICT)
	}
	space := &parley.IssueSpace{Issues: []parley.SpaceIssue{{Name: "X", Options: []string{"a", "b"}}}}
	if err := ws.SetIssueSpace(f.mediator, f.talks, space); code(err) != parley.ECONFLICT {
		t.Errorf("defining issues after the talks concluded: got %v, want %s", err, parley.ECONFLICT)
	}
}
