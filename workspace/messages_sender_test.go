package workspace_test

import (
	"testing"

	"filippo.io/age"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/workspace"
)

// TestSenderReadsOwnMessage seals a message as every client does, with
// parley.SealingKeys: to the recipients and the sender, who then opens
// what it sent; the envoy, not addressed, still cannot.
func TestSenderReadsOwnMessage(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	envoyCtx := account(t, ws, "us-envoy")
	must[*parley.Member](t)(ws.AddMember(f.mediator, f.talks, workspace.MemberInput{Username: "us-envoy", PartyName: "United States", Role: parley.RoleNegotiator}))
	ru, ua, envoy := identity(t, ws, f.ru), identity(t, ws, f.ua), identity(t, ws, envoyCtx)
	keys := must[[]parley.MemberKey](t)(ws.MemberKeys(f.ru, f.talks))
	to := must[[]string](t)(parley.SealingKeys(keys, "russia", []string{"ukraine"}))
	if len(to) != 2 || to[0] != ua.Recipient().String() || to[1] != ru.Recipient().String() {
		t.Fatalf("sealing keys: got %v, want ukraine's then russia's", to)
	}
	const body = "SENDER-COPY: the Easter ceasefire"
	ct := must[string](t)(seal.EncryptMessage([]byte(body), to))
	m := must[*parley.Message](t)(ws.SendMessage(f.ru, f.talks, parley.MessageInput{Recipients: []string{"ukraine"}, Envoy: "us-envoy", Ciphertext: ct}))
	for _, tt := range []struct {
		name  string
		ctx   contextOf
		id    age.Identity
		opens bool
	}{{"the sender", f.ru, ru, true}, {"the recipient", f.ua, ua, true}, {"the envoy", envoyCtx, envoy, false}} {
		got := must[*parley.Message](t)(ws.GetMessage(tt.ctx, f.talks, m.ID))
		plain, err := seal.DecryptMessage(got.Ciphertext, tt.id)
		if opens := err == nil && string(plain) == body; opens != tt.opens {
			t.Errorf("%s opens the message: got %v (%v), want %v", tt.name, opens, err, tt.opens)
		}
	}
	// One stanza more than the recipients and the sender is refused.
	three := must[string](t)(seal.EncryptMessage([]byte(body), append(to, envoy.Recipient().String())))
	if _, err := ws.SendMessage(f.ru, f.talks, parley.MessageInput{Recipients: []string{"ukraine"}, Envoy: "us-envoy", Ciphertext: three}); code(err) != parley.EINVALID || parley.ErrorField(err) != "ciphertext" {
		t.Errorf("a message sealed to a key not named: got %v, want invalid ciphertext", err)
	}
	// A recipient with no key yet is named in the refusal.
	if _, err := parley.SealingKeys(keys, "russia", []string{"observer"}); code(err) != parley.EINVALID {
		t.Errorf("sealing to a member without a key: got %v, want invalid", err)
	}
}
