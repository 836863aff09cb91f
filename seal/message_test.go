package seal_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/parley-talks/parley/seal"
)

var base64Std = base64.StdEncoding

// identity returns a new X25519 identity and its recipient string.
func identity(tb testing.TB) (*age.X25519Identity, string) {
	tb.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		tb.Fatal(err)
	}
	return id, id.Recipient().String()
}

// encrypt seals body for recipients, failing the test on an error.
func encrypt(tb testing.TB, body []byte, recipients ...string) string {
	tb.Helper()
	ct, err := seal.EncryptMessage(body, recipients)
	if err != nil {
		tb.Fatalf("EncryptMessage: %v", err)
	}
	return ct
}

func TestMessageRoundTrip(t *testing.T) {
	ids := make([]*age.X25519Identity, 3)
	rs := make([]string, 3)
	for i := range ids {
		ids[i], rs[i] = identity(t)
	}
	tests := []struct {
		name string
		body []byte
	}{
		{"text", []byte("Russia can accept the line of contact if the monitors are neutral.")},
		{"empty", []byte{}},
		{"binary", bytes.Repeat([]byte{0, 0xff, 0x80, '\n'}, 40_000)}, // over one 64 KiB age chunk
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct := encrypt(t, tt.body, rs...)
			if !strings.HasPrefix(ct, "-----BEGIN AGE ENCRYPTED FILE-----\n") || !strings.HasSuffix(ct, "-----END AGE ENCRYPTED FILE-----\n") {
				t.Errorf("got %.60q…, want an armored age file", ct)
			}
			if len(tt.body) > 8 && strings.Contains(ct, string(tt.body[:8])) {
				t.Error("the sealed message holds the plaintext")
			}
			for i, id := range ids {
				got, err := seal.DecryptMessage(ct, id)
				if err != nil || !bytes.Equal(got, tt.body) {
					t.Errorf("recipient %d: got %d bytes, %v; want the %d bytes sent", i, len(got), err, len(tt.body))
				}
			}
			// Any one of several identities opens it.
			stranger, _ := identity(t)
			if got, err := seal.DecryptMessage(ct, stranger, ids[2]); err != nil || !bytes.Equal(got, tt.body) {
				t.Errorf("with a stranger's identity before a recipient's: got %v, want the message", err)
			}
		})
	}
	if a, b := encrypt(t, []byte("same"), rs[0]), encrypt(t, []byte("same"), rs[0]); a == b {
		t.Error("two seals of the same message are equal; each must have its own file key")
	}
}

func TestMessageNonRecipient(t *testing.T) {
	_, r := identity(t)
	stranger, _ := identity(t)
	ct := encrypt(t, []byte("for the mediator only"), r)
	got, err := seal.DecryptMessage(ct, stranger)
	var noMatch *age.NoIdentityMatchError
	if !errors.As(err, &noMatch) || got != nil {
		t.Fatalf("a non-recipient: got %q, %v; want no text and an age.NoIdentityMatchError", got, err)
	}
	if _, err := seal.DecryptMessage(ct); err == nil {
		t.Error("no identity at all: got no error")
	}
}

// TestMessageTampered changes a sealed message in transit: every change
// must make it fail to open rather than open to other text.
func TestMessageTampered(t *testing.T) {
	id, r := identity(t)
	body := bytes.Repeat([]byte("The ceasefire holds on the whole front. "), 2000) // two age chunks
	ct := encrypt(t, body, r)
	raw := dearmor(t, ct)
	flip := func(i int) string {
		b := bytes.Clone(raw)
		b[i] ^= 0x01
		return armor(t, b)
	}
	tests := []struct {
		name, ct string
	}{
		{"a header byte", flip(30)},
		{"the header's MAC", flip(bytes.Index(raw, []byte("\n---")) + 6)},
		{"the payload's nonce", flip(bytes.Index(raw, []byte("\n---")) + 50)},
		{"a payload byte", flip(len(raw) / 2)},
		{"the last byte", flip(len(raw) - 1)},
		{"the last chunk cut off", armor(t, raw[:len(raw)-200])},
		{"cut to the header", armor(t, raw[:bytes.Index(raw, []byte("\n---"))+1])},
		{"the armor cut", ct[:len(ct)/2]},
		{"not armored", string(raw)},
		{"empty", ""},
		{"not age", "-----BEGIN AGE ENCRYPTED FILE-----\nbm90IGFuIGFnZSBmaWxl\n-----END AGE ENCRYPTED FILE-----\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := seal.DecryptMessage(tt.ct, id)
			if err == nil {
				t.Fatalf("got %d bytes and no error, want an error", len(got))
			}
		})
	}
}

// dearmor returns the binary age file inside an armored one.
func dearmor(tb testing.TB, armored string) []byte {
	tb.Helper()
	var b64 strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(armored), "\n") {
		if !strings.HasPrefix(line, "-----") {
			b64.WriteString(line)
		}
	}
	raw, err := base64Std.DecodeString(b64.String())
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

// armor wraps a binary age file in age's armor, 64 columns a line.
func armor(tb testing.TB, raw []byte) string {
	tb.Helper()
	s := base64Std.EncodeToString(raw)
	var b strings.Builder
	b.WriteString("-----BEGIN AGE ENCRYPTED FILE-----\n")
	for len(s) > 64 {
		b.WriteString(s[:64] + "\n")
		s = s[64:]
	}
	b.WriteString(s + "\n-----END AGE ENCRYPTED FILE-----\n")
	return b.String()
}

func TestEncryptMessageBadRecipients(t *testing.T) {
	_, good := identity(t)
	tests := []struct {
		name       string
		recipients []string
		want       string // in the error
	}{
		{"none", nil, "no recipients"},
		{"not a key", []string{good, "russia-envoy"}, `"russia-envoy"`},
		{"a secret key", []string{"AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"}, "AGE-SECRET-KEY"},
		{"an SSH key", []string{"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN"}, "ssh-ed25519"},
		{"one character wrong", []string{oneCharacterWrong(good)}, good[:10]},
		{"empty", []string{""}, `""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct, err := seal.EncryptMessage([]byte("hello"), tt.recipients)
			if err == nil || !strings.Contains(err.Error(), tt.want) || ct != "" {
				t.Errorf("got %q, %v; want no text and an error naming %s", ct, err, tt.want)
			}
		})
	}
}

// oneCharacterWrong returns key with its last character changed to
// another one (a random key may already end in any character).
func oneCharacterWrong(key string) string {
	last := key[len(key)-1]
	for _, c := range []byte("xq") {
		if c != last {
			return key[:len(key)-1] + string(c)
		}
	}
	panic("unreachable")
}

// TestDecryptMessageSizeLimit: a message over the 16 MiB that
// DecryptMessage reads must fail, not come back cut short.
func TestDecryptMessageSizeLimit(t *testing.T) {
	id, r := identity(t)
	const limit = 16 << 20
	ct := encrypt(t, make([]byte, limit), r)
	if got, err := seal.DecryptMessage(ct, id); err != nil || len(got) != limit {
		t.Errorf("16 MiB: got %d bytes, %v; want all of them", len(got), err)
	}
	ct = encrypt(t, make([]byte, limit+1), r)
	if got, err := seal.DecryptMessage(ct, id); err == nil {
		t.Errorf("16 MiB and a byte: got %d bytes and no error, want an error", len(got))
	}
}

func TestIdentityFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "me.age")
	r, err := seal.NewIdentityFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(r, "age1") {
		t.Errorf("got recipient %q, want an age1… public key", r)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("got mode %v, want 0600", fi.Mode().Perm())
	}
	text, _ := os.ReadFile(path)
	if !strings.Contains(string(text), "public key: "+r) {
		t.Errorf("got a file without its public key in the comment:\n%s", text)
	}
	ids, err := seal.ReadIdentityFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 {
		t.Fatalf("got %d identities, want 1", len(ids))
	}
	if got, err := seal.RecipientOf(ids[0]); err != nil || got != r {
		t.Errorf("RecipientOf the identity read back: got %q, %v; want %q", got, err, r)
	}
	body := []byte("read with the identity from the file")
	if got, err := seal.DecryptMessage(encrypt(t, body, r), ids...); err != nil || !bytes.Equal(got, body) {
		t.Errorf("a message to the file's key: got %q, %v; want %q", got, err, body)
	}

	// It never overwrites a file: an identity lost is messages lost.
	if _, err := seal.NewIdentityFile(path); !errors.Is(err, os.ErrExist) {
		t.Errorf("writing over an existing identity: got %v, want os.ErrExist", err)
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, text) {
		t.Error("the existing identity file changed")
	}
	if _, err := seal.NewIdentityFile(filepath.Join(dir, "no-such-folder", "me.age")); err == nil {
		t.Error("writing into a missing folder: got no error")
	}
}

func TestReadIdentityFileErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	_, r := identity(t)
	tests := []struct {
		name, path string
		want       string // in the error
	}{
		{"missing", filepath.Join(dir, "none.age"), "none.age"},
		{"empty", write("empty.age", ""), "empty.age"},
		{"only a comment", write("comment.age", "# nothing here\n"), "comment.age"},
		{"a public key", write("public.age", r+"\n"), "public.age"},
		{"garbage", write("garbage.age", "AGE-SECRET-KEY-1NOTAKEY\n"), "garbage.age"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids, err := seal.ReadIdentityFile(tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %d identities, %v; want an error naming %s", len(ids), err, tt.want)
			}
		})
	}
}

func TestRecipientOf(t *testing.T) {
	id, r := identity(t)
	if got, err := seal.RecipientOf(id); err != nil || got != r {
		t.Errorf("an X25519 identity: got %q, %v; want %q", got, err, r)
	}
	sid, err := age.NewScryptIdentity("a passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := seal.RecipientOf(sid); err == nil {
		t.Errorf("a passphrase identity: got %q and no error, want an error", got)
	}
}

// TestSealIdentity seals an identity under a passphrase, as the browser
// stores it with the server, and opens it again.
func TestSealIdentity(t *testing.T) {
	id, r := identity(t)
	const pass = "correct horse battery staple"
	const workFactor = 10 // age's default is 18; low to keep the test fast
	sealed, err := seal.SealIdentity(id, pass, workFactor)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, id.String()) {
		t.Fatal("the sealed identity holds the identity in plain text")
	}
	open := func(tb testing.TB, passphrase string) ([]byte, error) {
		tb.Helper()
		sid, err := age.NewScryptIdentity(passphrase)
		if err != nil {
			tb.Fatal(err)
		}
		return seal.DecryptMessage(sealed, sid)
	}
	raw, err := open(t, pass)
	if err != nil {
		t.Fatalf("the right passphrase: %v", err)
	}
	back, err := age.ParseX25519Identity(string(raw))
	if err != nil || back.Recipient().String() != r {
		t.Errorf("the identity unsealed: got %v, %v; want the identity of %s", back, err, r)
	}

	_, err = open(t, "wrong horse battery staple")
	if !errors.Is(err, age.ErrIncorrectIdentity) || !strings.Contains(err.Error(), "incorrect passphrase") {
		t.Errorf("a wrong passphrase: got %v, want an error saying the passphrase is incorrect", err)
	}
	// An X25519 identity does not open it: the passphrase is the only key.
	if _, err := seal.DecryptMessage(sealed, id); err == nil {
		t.Error("the identity itself opened its sealed copy; only the passphrase should")
	}
}

func TestSealIdentityBadInput(t *testing.T) {
	id, _ := identity(t)
	tests := []struct {
		name       string
		passphrase string
		workFactor int
	}{
		{"empty passphrase", "", 10},
		{"work factor zero", "a passphrase", 0},
		{"work factor negative", "a passphrase", -1},
		{"work factor too high", "a passphrase", 31},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sealed, err := seal.SealIdentity(id, tt.passphrase, tt.workFactor)
			if err == nil || sealed != "" {
				t.Errorf("got %.40q, %v; want no text and an error", sealed, err)
			}
		})
	}
}

// ExampleEncryptMessage seals a message for two members; each opens it
// with the identity only they hold.
func ExampleEncryptMessage() {
	russia, _ := age.GenerateX25519Identity()
	mediator, _ := age.GenerateX25519Identity()
	sealed, err := seal.EncryptMessage([]byte("We can discuss the line."),
		[]string{russia.Recipient().String(), mediator.Recipient().String()})
	if err != nil {
		panic(err)
	}
	body, err := seal.DecryptMessage(sealed, mediator)
	if err != nil {
		panic(err)
	}
	os.Stdout.Write(append(body, '\n'))
	// Output: We can discuss the line.
}
