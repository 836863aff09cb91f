package http_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
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
		regexp.MustCompile(`<input type="checkbox" name="recipients" value="belarus" data-key="" disabled> <bdi>belarus</bdi> \(<bdi>Belarus</bdi>\), no key yet`),
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

// TestAccountKeyForm posts to the page route the browser registers a key
// it made through: only a key sealed under a passphrase is taken, only with
// the session's anti-forgery token, and the way back stays on this site.
func TestAccountKeyForm(t *testing.T) {
	t.Parallel()
	base, ws, _ := newDemoServer(t)
	ru, csrf := signInPages(t, base, "russia")
	me := workspace.WithAccount(context.Background(), accountID(t, ws, "russia"))
	before, err := ws.AccountKey(me)
	if err != nil {
		t.Fatal(err)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := seal.SealIdentity(id, "wheat harbour ledger", 10)
	if err != nil {
		t.Fatal(err)
	}
	recipient := id.Recipient().String()
	for _, c := range []struct {
		name string
		form url.Values
		want int
	}{
		{"no anti-forgery token", url.Values{"age_recipient": {recipient}, "sealed_identity": {sealed}}, http.StatusForbidden},
		{"no sealed identity", url.Values{"_csrf": {csrf}, "age_recipient": {recipient}}, http.StatusBadRequest},
		{"not a public key", url.Values{"_csrf": {csrf}, "age_recipient": {"age1nope"}, "sealed_identity": {sealed}}, http.StatusBadRequest},
		{"identity not sealed under a passphrase", url.Values{"_csrf": {csrf}, "age_recipient": {recipient},
			"sealed_identity": {mustEncrypt(t, id.String(), recipient)}}, http.StatusBadRequest},
	} {
		if status, _, _ := ru.post("/account/key", c.form); status != c.want {
			t.Errorf("%s: got %d, want %d", c.name, status, c.want)
		}
		if k, _ := ws.AccountKey(me); k.AgeRecipient != before.AgeRecipient {
			t.Fatalf("%s: the key changed to %s", c.name, k.AgeRecipient)
		}
	}
	status, loc, _ := ru.post("/account/key", url.Values{"_csrf": {csrf}, "age_recipient": {recipient},
		"sealed_identity": {sealed}, "next": {"//evil.example/x"}})
	if status != http.StatusSeeOther || loc != "/" {
		t.Errorf("a good key with next=//evil.example: got %d to %q, want 303 to /", status, loc)
	}
	if k, _ := ws.AccountKey(me); k.AgeRecipient != recipient || k.SealedIdentity != sealed {
		t.Errorf("after a good key the server holds %s", k.AgeRecipient)
	}
}

// mustEncrypt seals text to an age recipient.
func mustEncrypt(t *testing.T, text, recipient string) string {
	t.Helper()
	ct, err := seal.EncryptMessage([]byte(text), []string{recipient})
	if err != nil {
		t.Fatal(err)
	}
	return ct
}
