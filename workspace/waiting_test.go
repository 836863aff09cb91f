package workspace_test

import (
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/workspace"
)

// TestWaiting: what waits for each member follows its party's marks and
// declaration, the messages addressed to it and the decisions its party
// has to answer; a negotiator is asked nothing to answer, the observer
// nothing at all.
func TestWaiting(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	pts := d.Markable()
	waits := func(ctx contextOf) workspace.Waiting { return *must[*workspace.Waiting](t)(ws.Waiting(ctx, f.talks)) }
	if got := waits(f.ru); got != (workspace.Waiting{ToMark: len(pts)}) {
		t.Errorf("russia after tabling: got %+v, want %d to mark", got, len(pts))
	}
	must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, 1, pts[0].ID, parley.StanceInput{Value: parley.Acceptable}))
	if got := waits(f.ru).ToMark; got != len(pts)-1 {
		t.Errorf("russia after one mark: got %d to mark, want %d", got, len(pts)-1)
	}
	must[*workspace.MarkingState](t)(ws.SetMarkingFinished(f.ru, f.talks, 1, true))
	if got := waits(f.ru).ToMark; got != 0 {
		t.Errorf("russia after declaring it finished: got %d to mark, want 0", got)
	}

	identity(t, ws, f.ua)
	identity(t, ws, f.ru)
	envoyCtx := account(t, ws, "us-envoy")
	must[*parley.Member](t)(ws.AddMember(f.mediator, f.talks, workspace.MemberInput{Username: "us-envoy", PartyName: "United States", Role: parley.RoleNegotiator}))
	identity(t, ws, envoyCtx)
	keys := must[[]parley.MemberKey](t)(ws.MemberKeys(f.ru, f.talks))
	to := must[[]string](t)(parley.SealingKeys(keys, "russia", []string{"ukraine"}))
	ct := must[string](t)(seal.EncryptMessage([]byte("WAITING"), to))
	m := must[*parley.Message](t)(ws.SendMessage(f.ru, f.talks, parley.MessageInput{Recipients: []string{"ukraine"}, Envoy: "us-envoy", Ciphertext: ct}))
	for name, c := range map[string]struct {
		ctx  contextOf
		want int
	}{"ukraine": {f.ua, 1}, "russia, its sender": {f.ru, 0}, "the envoy": {envoyCtx, 0}} {
		if got := waits(c.ctx).Unread; got != c.want {
			t.Errorf("%s: got %d unread, want %d", name, got, c.want)
		}
	}
	must[*parley.Message](t)(ws.MarkRead(f.ua, f.talks, m.ID))
	if got := waits(f.ua).Unread; got != 0 {
		t.Errorf("ukraine after reading: got %d unread, want 0", got)
	}

	dec := must[*parley.Decision](t)(ws.ProposeDecision(f.mediator, f.talks, parley.DecisionInput{Kind: parley.SignOff, Draft: 1}))
	for name, c := range map[string]struct {
		ctx  contextOf
		want int
	}{"russia's principal": {f.ru, 1}, "russia's adviser": {f.ruAdviser, 0}, "the observer": {f.obs, 0}} {
		if got := waits(c.ctx); got.ToAnswer != c.want || (name == "the observer" && got != workspace.Waiting{}) {
			t.Errorf("%s with a sign-off open: got %+v, want %d to answer", name, got, c.want)
		}
	}
	must[*parley.Decision](t)(ws.AnswerDecision(f.ru, f.talks, dec.ID, yes()))
	if got := waits(f.ru).ToAnswer; got != 0 {
		t.Errorf("russia after answering: got %d to answer, want 0", got)
	}
}
