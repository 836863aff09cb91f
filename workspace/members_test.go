package workspace_test

import (
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

func memberID(t *testing.T, f *fixture, username string) int64 {
	t.Helper()
	for _, m := range must[[]parley.Member](t)(f.ws.ListMembers(f.mediator, f.talks)) {
		if m.Username == username {
			return m.ID
		}
	}
	t.Fatalf("no member %q", username)
	return 0
}

// TestRemovedMemberLosesAccess: a removed member's calls are not found at
// once, and its live-update stream closes without delivering more.
func TestRemovedMemberLosesAccess(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	ch, err := ws.Subscribe(f.ruAdviser, f.talks)
	if err != nil {
		t.Fatal(err)
	}
	adviser := memberID(t, f, "russia-adviser")
	if err := ws.RemoveMember(f.ua, f.talks, adviser); code(err) != parley.EFORBIDDEN {
		t.Errorf("Ukraine's principal removing Russia's adviser: got %v, want forbidden", err)
	}
	if err := ws.RemoveMember(f.ru, f.talks, adviser); err != nil {
		t.Fatal(err)
	}
	ws.Events.Publish(parley.Event{Talks: f.talks, Kind: "draft"})
	for closed := false; !closed; {
		select {
		case e, ok := <-ch:
			if closed = !ok; ok {
				t.Errorf("the removed member's stream delivered %+v, want it closed", e)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("the removed member's stream is still open")
		}
	}
	if _, err := ws.GetTalks(f.ruAdviser, f.talks); code(err) != parley.ENOTFOUND {
		t.Errorf("GetTalks by the removed member: got %v, want not found", err)
	}
	if _, err := ws.ListDrafts(f.ruAdviser, f.talks); code(err) != parley.ENOTFOUND {
		t.Errorf("ListDrafts by the removed member: got %v, want not found", err)
	}
	if ts := must[[]parley.Talks](t)(ws.ListTalks(f.ruAdviser)); len(ts) != 0 {
		t.Errorf("ListTalks by the removed member: got %+v, want none", ts)
	}
	if err := ws.RemoveMember(f.mediator, f.talks, adviser); code(err) != parley.ENOTFOUND {
		t.Errorf("removing it again: got %v, want not found", err)
	}
	if err := ws.RemoveMember(f.ru, f.talks, memberID(t, f, "russia")); code(err) != parley.EFORBIDDEN {
		t.Errorf("a principal removing itself: got %v, want forbidden", err)
	}
	if err := ws.RemoveMember(f.mediator, f.talks, memberID(t, f, "mediator")); code(err) != parley.ECONFLICT {
		t.Errorf("the last mediator removing itself: got %v, want conflict", err)
	}
	if _, err := ws.ChangeMemberRole(f.mediator, f.talks, memberID(t, f, "mediator"), workspace.RoleInput{Role: parley.RoleAdviser}); code(err) != parley.ECONFLICT {
		t.Errorf("the last mediator stepping down: got %v, want conflict", err)
	}
	entries, _ := must2(ws.AuditLog(f.mediator, f.talks))
	if !hasAction(entries, "member.remove") {
		t.Error("audit log: want a member.remove record")
	}
}

// TestRoleChanges: roles change within the policy; a role that does not
// fit the party is refused.
func TestRoleChanges(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	adviser := memberID(t, f, "russia-adviser")
	m := must[*parley.Member](t)(ws.ChangeMemberRole(f.ru, f.talks, adviser, workspace.RoleInput{Role: parley.RoleNegotiator}))
	if m.Role != parley.RoleNegotiator {
		t.Errorf("after the change: got %s, want negotiator", m.Role)
	}
	for _, c := range []struct {
		name string
		role parley.Role
		want string
	}{{"mediator", parley.RoleMediator, parley.EINVALID}, {"unknown", "king", parley.EINVALID}} {
		if _, err := ws.ChangeMemberRole(f.mediator, f.talks, adviser, workspace.RoleInput{Role: c.role}); code(err) != c.want {
			t.Errorf("a %s role in Russia: got %v, want %s", c.name, err, c.want)
		}
	}
	if _, err := ws.ChangeMemberRole(f.ruAdviser, f.talks, memberID(t, f, "russia"), workspace.RoleInput{Role: parley.RoleAdviser}); code(err) != parley.EFORBIDDEN {
		t.Errorf("an adviser demoting its principal: got %v, want forbidden", err)
	}
	if view := must[*workspace.TalksView](t)(ws.GetTalks(f.ruAdviser, f.talks)); view.You.Role != parley.RoleNegotiator {
		t.Errorf("the member's own view: got %s, want negotiator", view.You.Role)
	}
}

// TestLastPrincipalGoneWithdrawsDecision: removing a negotiating party's
// last principal, or changing its role, withdraws the open decisions that
// ask it; another principal left keeps them open.
func TestLastPrincipalGoneWithdrawsDecision(t *testing.T) {
	for _, how := range []string{"removed", "role changed"} {
		t.Run(how, func(t *testing.T) {
			f := newFixture(t)
			ws := f.ws
			must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
			d := must[*parley.Decision](t)(ws.ProposeDecision(f.mediator, f.talks, parley.DecisionInput{Kind: parley.SignOff, Draft: 1}))
			ch, err := ws.Subscribe(f.ua, f.talks)
			if err != nil {
				t.Fatal(err)
			}
			// A second principal of Russia leaves: Russia still answers.
			must[*parley.Member](t)(ws.ChangeMemberRole(f.mediator, f.talks, memberID(t, f, "russia-adviser"), workspace.RoleInput{Role: parley.RolePrincipal}))
			must[*parley.Member](t)(ws.ChangeMemberRole(f.mediator, f.talks, memberID(t, f, "russia-adviser"), workspace.RoleInput{Role: parley.RoleAdviser}))
			if got := must[*parley.Decision](t)(ws.GetDecision(f.mediator, f.talks, d.ID)); got.Status != parley.DecisionOpen {
				t.Fatalf("after a second principal came and went: got %s, want open", got.Status)
			}
			ru := memberID(t, f, "russia")
			if how == "removed" {
				err = ws.RemoveMember(f.mediator, f.talks, ru)
			} else {
				_, err = ws.ChangeMemberRole(f.mediator, f.talks, ru, workspace.RoleInput{Role: parley.RoleNegotiator})
			}
			if err != nil {
				t.Fatal(err)
			}
			got := must[*parley.Decision](t)(ws.GetDecision(f.mediator, f.talks, d.ID))
			if got.Status != parley.DecisionWithdrawn || got.ClosedAt.IsZero() {
				t.Errorf("after Russia's last principal was %s: got %s, want withdrawn", how, got.Status)
			}
			if !heardKind(ch, "decision") {
				t.Error("Ukraine's principal heard of no decision change")
			}
			entries, _ := must2(ws.AuditLog(f.mediator, f.talks))
			if !hasAction(entries, "decision.close") {
				t.Error("audit log: want a decision.close record")
			}
		})
	}
}

func heardKind(ch <-chan parley.Event, kind string) bool {
	timeout := time.After(2 * time.Second)
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				return false
			}
			if e.Kind == kind {
				return true
			}
		case <-timeout:
			return false
		}
	}
}
