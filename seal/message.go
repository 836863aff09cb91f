package seal

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// The functions below are the client's side of sealed messages: they run
// where the member's identity is (the command line; the browser does the
// same with the age-encryption package), never in the server, which only
// stores what EncryptMessage returns.

// EncryptMessage encrypts body to the age X25519 recipients (age1…) and
// returns the armored age file.
func EncryptMessage(body []byte, recipients []string) (string, error) {
	var rs []age.Recipient
	for _, s := range recipients {
		r, err := age.ParseX25519Recipient(s)
		if err != nil {
			return "", fmt.Errorf("recipient %q: %w", s, err)
		}
		rs = append(rs, r)
	}
	var buf bytes.Buffer
	aw := armor.NewWriter(&buf)
	w, err := age.Encrypt(aw, rs...)
	if err != nil {
		return "", err
	}
	if _, err := w.Write(body); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	if err := aw.Close(); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// DecryptMessage opens an armored age file with the identities.
func DecryptMessage(armored string, ids ...age.Identity) ([]byte, error) {
	r, err := age.Decrypt(armor.NewReader(strings.NewReader(armored)), ids...)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(r, 16<<20))
}

// NewIdentityFile makes a new age X25519 identity, writes it to path with
// mode 0600 (refusing to overwrite a file), and returns its public
// recipient.
func NewIdentityFile(path string) (string, error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return "", err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(f, "# Parley member identity; public key: %s\n%s\n", id.Recipient(), id)
	if err := f.Close(); err != nil {
		return "", err
	}
	return id.Recipient().String(), nil
}

// ReadIdentityFile reads the identities in an age identity file.
func ReadIdentityFile(path string) ([]age.Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ids, err := age.ParseIdentities(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ids, nil
}

// RecipientOf returns the public recipient of an X25519 identity.
func RecipientOf(id age.Identity) (string, error) {
	x, ok := id.(*age.X25519Identity)
	if !ok {
		return "", errors.New("not an X25519 identity")
	}
	return x.Recipient().String(), nil
}

// SealIdentity encrypts an identity under a passphrase (age scrypt), as the
// browser does before storing it with the server; workFactor is scrypt's
// log2 N (age's default is 18).
func SealIdentity(id *age.X25519Identity, passphrase string, workFactor int) (string, error) {
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return "", err
	}
	r.SetWorkFactor(workFactor)
	var buf bytes.Buffer
	aw := armor.NewWriter(&buf)
	w, err := age.Encrypt(aw, r)
	if err != nil {
		return "", err
	}
	io.WriteString(w, id.String())
	if err := w.Close(); err != nil {
		return "", err
	}
	if err := aw.Close(); err != nil {
		return "", err
	}
	return buf.String(), nil
}
