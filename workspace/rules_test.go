package workspace_test

import (
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestSignOffAsksEveryParty is the regression test of issue 11: talks with
// parties Egypt (a principal) and Ethiopia (a negotiator only) concluded in
// agreement on Egypt's yes alone. A decision may be put only when every
// negotiating party has a principal to answer it.
func TestSignOffAsksEveryParty(t *testing.T) {
	ws := newService(t)
	med, eg, et := account(t, ws, "mediator"), account(t, ws, "russia"), account(t, ws, "ethiopia")
	talks := must[*workspace.TalksView](t)(ws.CreateTalks(med, workspace.TalksInput{Title: "Nile talks"})).ID
	egypt := must[*parley.Party](t)(ws.AddParty(med, talks, workspace.PartyInput{Name: "Egypt"})).ID
	ethiopia := must[*parley.Party](t)(ws.AddParty(med, talks, workspace.PartyInput{Name: "Ethiopia"})).ID
	must[*parley.Member](t)(ws.AddMember(med, talks, workspace.MemberInput{Username: "russia", Party: egypt, Role: parley.RolePrincipal}))
	must[*parley.Member](t)(ws.AddMember(med, talks, workspace.MemberInput{Username: "ethiopia", Party: ethiopia, Role: parley.RoleNegotiator}))
	must[*parley.Draft](t)(ws.TableDraft(med, talks, draft1()))

	for _, in := range []parley.DecisionInput{
		{Kind: parley.SignOff, Draft: 1},
		{Kind: parley.SetConfidentiality, Confidentiality: parley.ByConsent},
	} {
		d, err := ws.ProposeDecision(med, talks, in)
		if code(err) != parley.ECONFLICT {
			if d != nil && d.Status == parley.DecisionOpen {
				ws.AnswerDecision(eg, talks, d.ID, yes())
			}
			view := must[*workspace.TalksView](t)(ws.GetTalks(med, talks))
			t.Fatalf("%s with Ethiopia's principal missing: got %v (talks now %s, agreed draft %d), want conflict", in.Kind, err, view.State, view.AgreedDraft)
		}
		if msg := parley.ErrorMessage(err); !strings.Contains(msg, "Ethiopia") || strings.Contains(msg, "Egypt") {
			t.Errorf("%s refused with %q; want a message naming Ethiopia and not Egypt", in.Kind, msg)
		}
	}
	if _, err := ws.AnswerDecision(et, talks, 1, yes()); err == nil {
		t.Error("a negotiator answered a decision never put")
	}

	// With a principal for Ethiopia, the sign-off is put to both parties.
	etp := account(t, ws, "ethiopia-principal")
	must[*parley.Member](t)(ws.AddMember(med, talks, workspace.MemberInput{Username: "ethiopia-principal", Party: ethiopia, Role: parley.RolePrincipal}))
	d := must[*parley.Decision](t)(ws.ProposeDecision(med, talks, parley.DecisionInput{Kind: parley.SignOff, Draft: 1}))
	if len(d.Parties) != 2 {
		t.Fatalf("asked %v, want Egypt and Ethiopia", d.Parties)
	}
	if got := must[*parley.Decision](t)(ws.AnswerDecision(eg, talks, d.ID, yes())); got.Status != parley.DecisionOpen {
		t.Fatalf("after Egypt's yes alone: got %s, want open", got.Status)
	}
	if got := must[*parley.Decision](t)(ws.AnswerDecision(etp, talks, d.ID, yes())); got.Status != parley.DecisionApproved {
		t.Errorf("after both yes: got %s, want approved", got.Status)
	}
}

// TestPartyAddedWithdrawsOpenDecisions checks that a negotiating party
// added while a decision is open withdraws it: the new party was never
// asked. An observer party asks nothing and withdraws nothing.
func TestPartyAddedWithdrawsOpenDecisions(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	d := must[*parley.Decision](t)(ws.ProposeDecision(f.mediator, f.talks, parley.DecisionInput{Kind: parley.SignOff, Draft: 1}))
	must[*parley.Party](t)(ws.AddParty(f.mediator, f.talks, workspace.PartyInput{Name: "UN", Kind: parley.PartyObserver}))
	if got := must[*parley.Decision](t)(ws.GetDecision(f.mediator, f.talks, d.ID)); got.Status != parley.DecisionOpen {
		t.Errorf("after an observer party was added: got %s, want open", got.Status)
	}
	must[*parley.Decision](t)(ws.AnswerDecision(f.ru, f.talks, d.ID, yes()))
	must[*parley.Party](t)(ws.AddParty(f.mediator, f.talks, workspace.PartyInput{Name: "Belarus"}))
	got := must[*parley.Decision](t)(ws.GetDecision(f.mediator, f.talks, d.ID))
	if got.Status != parley.DecisionWithdrawn || got.ClosedAt.IsZero() {
		t.Errorf("after a negotiating party was added: got %s closed at %v, want withdrawn with a closing time", got.Status, got.ClosedAt)
	}
	if _, err := ws.AnswerDecision(f.ua, f.talks, d.ID, yes()); code(err) != parley.ECONFLICT {
		t.Errorf("answering the withdrawn decision: got %v, want conflict", err)
	}
	if view := must[*workspace.TalksView](t)(ws.GetTalks(f.mediator, f.talks)); view.State != parley.TalksOpen {
		t.Errorf("talks after the withdrawal: got %s, want open", view.State)
	}
	// Belarus has no principal: nothing can be put until it has one.
	if _, err := ws.ProposeDecision(f.mediator, f.talks, parley.DecisionInput{Kind: parley.SignOff, Draft: 1}); code(err) != parley.ECONFLICT {
		t.Errorf("a sign-off while Belarus has no principal: got %v, want conflict", err)
	}
}

// TestPartyNamesUnique checks that party names are unique within talks
// regardless of case and surrounding space, and that a member added by
// party name lands in the party of that name.
func TestPartyNamesUnique(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	for _, name := range []string{"Russia", "russia", "  RUSSIA ", "eu", "United states"} {
		if _, err := ws.AddParty(f.mediator, f.talks, workspace.PartyInput{Name: name}); code(err) != parley.ECONFLICT {
			t.Errorf("adding party %q: got %v, want conflict", name, err)
		}
	}
	account(t, ws, "russia-negotiator")
	m := must[*parley.Member](t)(ws.AddMember(f.mediator, f.talks, workspace.MemberInput{Username: "russia-negotiator", PartyName: " russia ", Role: parley.RoleNegotiator}))
	if m.PartyID != f.russia {
		t.Errorf("member added to party name %q: got party %d, want Russia (%d)", " russia ", m.PartyID, f.russia)
	}
	parties := must[[]parley.Party](t)(ws.ListParties(f.mediator, f.talks))
	if len(parties) != 4 {
		t.Errorf("got %d parties, want 4 (none added)", len(parties))
	}
}
