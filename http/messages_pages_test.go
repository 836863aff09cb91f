package http_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestMessagesPageAddressees checks the messages page without JavaScript:
// a principal with no key yet is listed as such (not left out of "To"),
// the form carries the sender's own key to seal a copy to, and talks that
// are not open show no send form.
func TestMessagesPageAddressees(t *testing.T) {
	t.Parallel()
	base, ws, _ := newDemoServer(t)
	ctx := context.Background()
	med := workspace.WithAccount(ctx, accountID(t, ws, "mediator"))
	if _, err := ws.CreateAccount(workspace.AsOperator(ctx), workspace.AccountInput{Username: "belarus", Password: "pw-belarus-long"}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.AddParty(med, 1, workspace.PartyInput{Name: "Belarus"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.AddMember(med, 1, workspace.MemberInput{Username: "belarus", PartyName: "Belarus", Role: parley.RolePrincipal}); err != nil {
		t.Fatal(err)
	}
	ru, _ := signInPages(t, base, "russia")
	_, page := ru.get("/talks/1/messages")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`<input type="checkbox" name="recipients" value="belarus" data-key="" disabled> belarus \(Belarus\), no key yet`),
		regexp.MustCompile(`<input type="checkbox" name="recipients" value="ukraine" data-key="age1[a-z0-9]+">`),
		regexp.MustCompile(`<form id="send"[^>]* data-self-key="age1[a-z0-9]+"`),
	} {
		if !want.MatchString(page) {
			t.Errorf("russia's messages page does not match %s", want)
		}
	}
	if strings.Contains(page, `id="send-closed"`) {
		t.Error("open talks say that messages cannot be sent")
	}

	for _, state := range []parley.TalksState{parley.TalksSuspended, parley.TalksConcluded} {
		if _, err := ws.UpdateTalks(med, 1, workspace.TalksUpdate{State: &state}); err != nil {
			t.Fatal(err)
		}
		_, page = ru.get("/talks/1/messages")
		if strings.Contains(page, `id="send"`) || !strings.Contains(page, `id="send-closed"`) || !strings.Contains(page, "The talks are "+string(state)) {
			t.Errorf("the messages page of %s talks: got a send form or no notice, want the notice alone", state)
		}
	}
}
