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

// EncryptMessage encrypts body to the age X25519 recipients (age1…), each
// of whom can open it alone, and returns the armored age file. A
// recipient that is not an X25519 public key, or no recipient at all, is
// an error.
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

// maxMessage is the longest message DecryptMessage returns.
const maxMessage = 16 << 20

// DecryptMessage opens an armored age file with the identities (any one of
// them that the file was sealed for will do) and returns the message, at
// most 16 MiB: a longer one is an error, not a message cut short. When no
// identity opens the file the error is an *age.NoIdentityMatchError; a
// file changed in any way fails to open.
func DecryptMessage(armored string, ids ...age.Identity) ([]byte, error) {
	r, err := age.Decrypt(armor.NewReader(strings.NewReader(armored)), ids...)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(r, maxMessage+1))
	if err != nil {
		return nil, err
	}
	if len(body) > maxMessage {
		return nil, fmt.Errorf("seal: the message is longer than %d bytes", maxMessage)
	}
	return body, nil
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
	err = writeIdentity(f, id)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		// A public key whose identity was not saved would let others seal
		// messages nobody can open: leave no half-written file behind.
		os.Remove(path)
		return "", fmt.Errorf("writing the identity to %s: %w", path, err)
	}
	return id.Recipient().String(), nil
}

// writeIdentity writes an identity file's content: a comment naming the
// public key, then the identity.
func writeIdentity(w io.Writer, id *age.X25519Identity) error {
	_, err := fmt.Fprintf(w, "# Parley member identity; public key: %s\n%s\n", id.Recipient(), id)
	return err
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
// log2 N, from 1 to 30 (age's default is 18, and age opens at most 22
// unless told otherwise). An empty passphrase is an error.
func SealIdentity(id *age.X25519Identity, passphrase string, workFactor int) (string, error) {
	if workFactor < 1 || workFactor > 30 {
		return "", fmt.Errorf("seal: scrypt work factor %d: want 1 to 30", workFactor)
	}
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
