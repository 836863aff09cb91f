package workspace_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/workspace"
)

// identity gives an account a fresh age identity and registers its public
// key.
func identity(t *testing.T, ws *workspace.Service, ctx context.Context) *age.X25519Identity {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.SetAccountKey(ctx, parley.AccountKey{AgeRecipient: id.Recipient().String()}); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestSealedMessages(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "parley.db")
	f := newFixtureAt(t, dbPath)
	ws := f.ws
	// The mediator's envoy carries Russia's message to the United States'
	// principal; another envoy is not addressed.
	envoy, otherEnvoy, usPrincipal := account(t, ws, "us-envoy"), account(t, ws, "other-envoy"), account(t, ws, "us-principal")
	med := must[*workspace.TalksView](t)(ws.GetTalks(f.mediator, f.talks))
	usParty := med.Parties[0].ID
	for _, m := range []workspace.MemberInput{
		{Username: "us-envoy", Party: usParty, Role: parley.RoleNegotiator},
		{Username: "other-envoy", Party: usParty, Role: parley.RoleNegotiator},
		{Username: "us-principal", Party: usParty, Role: parley.RolePrincipal},
	} {
		must[*parley.Member](t)(ws.AddMember(f.mediator, f.talks, m))
	}
	ids := map[string]*age.X25519Identity{}
	for name, ctx := range map[string]context.Context{"russia": f.ru, "ukraine": f.ua, "us-envoy": envoy, "other-envoy": otherEnvoy, "us-principal": usPrincipal} {
		ids[name] = identity(t, ws, ctx)
	}
	keys := must[[]parley.MemberKey](t)(ws.MemberKeys(f.ru, f.talks))
	recipientOf := map[string]string{}
	for _, k := range keys {
		recipientOf[k.Username] = k.AgeRecipient
	}

	const body = "MESSAGE-FOR-THE-PRESIDENT: the territorial question can be settled."
	// Addressed to the US principal only: the envoy carries but cannot read.
	ct, err := seal.EncryptMessage([]byte(body), []string{recipientOf["us-principal"]})
	if err != nil {
		t.Fatal(err)
	}
	m := must[*parley.Message](t)(ws.SendMessage(f.ru, f.talks, parley.MessageInput{Recipients: []string{"us-principal"}, Envoy: "us-envoy", Ciphertext: ct}))
	// A second one addressed to the envoy too.
	ct2, _ := seal.EncryptMessage([]byte("for the envoy as well"), []string{recipientOf["us-principal"], recipientOf["us-envoy"]})
	m2 := must[*parley.Message](t)(ws.SendMessage(f.ru, f.talks, parley.MessageInput{Recipients: []string{"us-principal", "us-envoy"}, Envoy: "us-envoy", Ciphertext: ct2}))

	// The recipient reads it; fetching marks it delivered.
	got := must[*parley.Message](t)(ws.GetMessage(usPrincipal, f.talks, m.ID))
	if pt, err := seal.DecryptMessage(got.Ciphertext, ids["us-principal"]); err != nil || string(pt) != body {
		t.Errorf("recipient decrypting: got %q, %v", pt, err)
	}
	if got.Recipients[0].DeliveredAt.IsZero() {
		t.Error("the recipient fetched the message, but it is not marked delivered")
	}
	read := must[*parley.Message](t)(ws.MarkRead(usPrincipal, f.talks, m.ID))
	if read.Recipients[0].ReadAt.IsZero() {
		t.Error("no read receipt after MarkRead")
	}
	// The sender sees the receipts.
	for _, msg := range must[[]parley.Message](t)(ws.ListMessages(f.ru, f.talks)) {
		if msg.ID == m.ID && msg.Recipients[0].ReadAt.IsZero() {
			t.Error("the sender does not see the read receipt")
		}
	}

	// The envoy not addressed holds the ciphertext but cannot open it.
	carried := must[*parley.Message](t)(ws.GetMessage(envoy, f.talks, m.ID))
	if _, err := seal.DecryptMessage(carried.Ciphertext, ids["us-envoy"]); err == nil {
		t.Error("the envoy, not addressed, decrypted the message")
	}
	if pt, err := seal.DecryptMessage(must[*parley.Message](t)(ws.GetMessage(envoy, f.talks, m2.ID)).Ciphertext, ids["us-envoy"]); err != nil || string(pt) != "for the envoy as well" {
		t.Errorf("the addressed envoy: got %q, %v", pt, err)
	}
	if _, err := ws.MarkRead(envoy, f.talks, m.ID); code(err) != parley.EFORBIDDEN {
		t.Errorf("read receipt by the envoy not addressed: got %v, want forbidden", err)
	}
	// Everyone else: not found, and no identity of theirs opens it.
	for name, ctx := range map[string]context.Context{"ukraine": f.ua, "mediator": f.mediator, "other-envoy": otherEnvoy, "observer": f.obs, "outsider": f.out} {
		if _, err := ws.GetMessage(ctx, f.talks, m.ID); code(err) != parley.ENOTFOUND {
			t.Errorf("%s fetching the message: got %v, want not found", name, err)
		}
		if list, _ := ws.ListMessages(ctx, f.talks); len(list) != 0 {
			t.Errorf("%s lists %d messages, want none", name, len(list))
		}
	}
	for _, name := range []string{"ukraine", "other-envoy", "russia"} {
		if _, err := seal.DecryptMessage(ct, ids[name]); err == nil {
			t.Errorf("%s's identity opened a message not addressed to it", name)
		}
	}
	// An operator with the database files, and the server: only ciphertext.
	f.close()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		raw, _ := os.ReadFile(dbPath + suffix)
		if bytes.Contains(raw, []byte("MESSAGE-FOR-THE-PRESIDENT")) || bytes.Contains(raw, []byte("for the envoy as well")) {
			t.Errorf("parley.db%s holds a message in plain text", suffix)
		}
	}
}

func TestSendMessageRules(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	envoy := account(t, ws, "us-envoy")
	must[*parley.Member](t)(ws.AddMember(f.mediator, f.talks, workspace.MemberInput{Username: "us-envoy", PartyName: "United States", Role: parley.RoleNegotiator}))
	ua := identity(t, ws, f.ua)
	identity(t, ws, envoy)
	ct, _ := seal.EncryptMessage([]byte("x"), []string{ua.Recipient().String()})
	send := func(ctx context.Context, in parley.MessageInput) error {
		_, err := ws.SendMessage(ctx, f.talks, in)
		return err
	}
	tests := []struct {
		name  string
		ctx   context.Context
		in    parley.MessageInput
		code  string
		field string
	}{
		{"plain text", f.ru, parley.MessageInput{Recipients: []string{"ukraine"}, Envoy: "us-envoy", Ciphertext: "hello"}, parley.EINVALID, "ciphertext"},
		{"stanza count", f.ru, parley.MessageInput{Recipients: []string{"ukraine", "us-envoy"}, Envoy: "us-envoy", Ciphertext: ct}, parley.EINVALID, "ciphertext"},
		{"no envoy", f.ru, parley.MessageInput{Recipients: []string{"ukraine"}, Envoy: "russia-adviser", Ciphertext: ct}, parley.EINVALID, "envoy"},
		{"own party", f.ru, parley.MessageInput{Recipients: []string{"russia-adviser"}, Envoy: "us-envoy", Ciphertext: ct}, parley.EINVALID, "recipients"},
		{"stranger", f.ru, parley.MessageInput{Recipients: []string{"outsider"}, Envoy: "us-envoy", Ciphertext: ct}, parley.EINVALID, "recipients"},
		{"not a principal", f.ruAdviser, parley.MessageInput{Recipients: []string{"ukraine"}, Envoy: "us-envoy", Ciphertext: ct}, parley.EFORBIDDEN, ""},
		{"outsider", f.out, parley.MessageInput{Recipients: []string{"ukraine"}, Envoy: "us-envoy", Ciphertext: ct}, parley.ENOTFOUND, ""},
	}
	for _, tt := range tests {
		err := send(tt.ctx, tt.in)
		if code(err) != tt.code || parley.ErrorField(err) != tt.field {
			t.Errorf("%s: got %v (field %q), want %s %q", tt.name, err, parley.ErrorField(err), tt.code, tt.field)
		}
	}
	if err := send(f.ru, parley.MessageInput{Recipients: []string{"ukraine"}, Envoy: "us-envoy", Ciphertext: ct}); err != nil {
		t.Errorf("a proper message: %v", err)
	}
	if err := ws.SetAccountKey(f.ru, parley.AccountKey{AgeRecipient: "age1notakey"}); code(err) != parley.EINVALID {
		t.Errorf("a bad public key: got %v", err)
	}
	if !strings.HasPrefix(ct, "-----BEGIN AGE ENCRYPTED FILE-----") {
		t.Errorf("EncryptMessage does not armor: %.40q", ct)
	}
}
