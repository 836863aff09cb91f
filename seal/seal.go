// Package seal encrypts Parley's confidential fields at rest.
//
// Every talks has its own random data key; data keys are stored wrapped
// (encrypted) by one master key that the server reads from a key file or
// the environment and never stores in the database. Fields are sealed with
// XChaCha20-Poly1305 (golang.org/x/crypto/chacha20poly1305), a fresh random
// 24-byte nonce each time, and additional data that binds the ciphertext to
// its place (talks, table, row, column), so that a ciphertext moved to
// another row or field fails to open.
//
// A sealed value is: version byte 1 ‖ nonce ‖ ciphertext and tag.
package seal

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/crypto/chacha20poly1305"
)

// KeySize is the size of master and data keys.
const KeySize = chacha20poly1305.KeySize

const version = 1

// Key is a 256-bit symmetric key.
type Key [KeySize]byte

// ErrOpen is returned when a sealed value does not open: a wrong key, or
// data that was altered or moved.
var ErrOpen = errors.New("seal: message authentication failed")

// NewKey returns a random key.
func NewKey() (Key, error) {
	var k Key
	_, err := rand.Read(k[:])
	return k, err
}

// Seal encrypts plaintext under key, binding it to aad.
func Seal(key Key, plaintext, aad []byte) []byte {
	aead, err := chacha20poly1305.NewX(key[:])
	if err != nil {
		panic(err) // the key size is fixed by the type
	}
	out := make([]byte, 1+aead.NonceSize(), 1+aead.NonceSize()+len(plaintext)+aead.Overhead())
	out[0] = version
	if _, err := rand.Read(out[1:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return aead.Seal(out, out[1:], plaintext, aad)
}

// Open decrypts a value made by Seal with the same key and aad.
func Open(key Key, sealed, aad []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key[:])
	if err != nil {
		panic(err)
	}
	if len(sealed) < 1+aead.NonceSize()+aead.Overhead() || sealed[0] != version {
		return nil, ErrOpen
	}
	nonce, ct := sealed[1:1+aead.NonceSize()], sealed[1+aead.NonceSize():]
	pt, err := aead.Open(nil, nonce, ct, aad)
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}

// Wrap seals a data key under the master key k for the talks with the
// given ID.
func (k Key) Wrap(data Key, talksID int64) []byte {
	return Seal(k, data[:], wrapAAD(talksID))
}

// Unwrap opens a data key wrapped by Wrap.
func (k Key) Unwrap(wrapped []byte, talksID int64) (Key, error) {
	pt, err := Open(k, wrapped, wrapAAD(talksID))
	if err != nil {
		return Key{}, err
	}
	var data Key
	if len(pt) != KeySize {
		return Key{}, ErrOpen
	}
	copy(data[:], pt)
	return data, nil
}

func wrapAAD(talksID int64) []byte { return fmt.Appendf(nil, "parley data key for talks %d", talksID) }

// String encodes the key as text, as key files and the environment hold it.
func (k Key) String() string {
	return "parley-master-key-1:" + base64.RawURLEncoding.EncodeToString(k[:])
}

// ParseKey decodes a key written by String.
func ParseKey(s string) (Key, error) {
	var k Key
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), "parley-master-key-1:")
	if !ok {
		return k, errors.New("not a Parley master key (it should start with parley-master-key-1:)")
	}
	b, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil || len(b) != KeySize {
		return k, errors.New("the master key is damaged: it should be 32 bytes in unpadded base64url")
	}
	copy(k[:], b)
	return k, nil
}

// LoadKeyFile reads the master key from path. With create set and no file
// there, it makes a new key and writes it with mode 0600, reporting that it
// did. A key file that others can read is refused (see privateKeyFile).
func LoadKeyFile(path string, create bool) (key Key, created bool, err error) {
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		st, err := os.Stat(path)
		if err != nil {
			return key, false, err
		}
		if !privateKeyFile(st) {
			return key, false, fmt.Errorf("the master key file %s can be read by others (mode %v); run chmod 600 on it, or, for a service that reads it through its group, chown root:GROUP and chmod 640", path, st.Mode().Perm())
		}
		key, err = ParseKey(string(b))
		if err != nil {
			return key, false, fmt.Errorf("%s: %w", path, err)
		}
		return key, false, nil
	case !errors.Is(err, os.ErrNotExist) || !create:
		return key, false, err
	}
	if key, err = NewKey(); err != nil {
		return key, false, err
	}
	if err := WriteKeyFile(path, key); err != nil {
		return key, false, err
	}
	return key, true, nil
}

// privateKeyFile reports whether a key file is readable by its owner
// alone, or (as PostgreSQL allows for its TLS key) is owned by root and
// readable by its group too: a service running under that group reads the
// key but cannot change or replace it. Nobody but the owner may write it,
// and others may not read it.
func privateKeyFile(fi os.FileInfo) bool {
	perm := fi.Mode().Perm()
	if perm&0o077 == 0 {
		return true
	}
	uid, _, ok := owner(fi)
	return ok && uid == 0 && perm&0o037 == 0
}

// KeepAccess gives the key file at path the mode, owner and group of the
// key file at like (a rotated key those of the key it replaces), so that
// a service reading the old key through its group reads the new one.
func KeepAccess(path, like string) error {
	fi, err := os.Stat(like)
	if err != nil {
		return err
	}
	if uid, gid, ok := owner(fi); ok {
		if err := os.Chown(path, uid, gid); err != nil {
			return err
		}
	}
	return os.Chmod(path, fi.Mode().Perm())
}

// WriteKeyFile writes key to path with mode 0600, replacing any file there
// atomically.
func WriteKeyFile(path string, key Key) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".parley-key-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.WriteString(key.String() + "\n"); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Keyring holds the master key and the data keys it has unwrapped, so that
// each data key is unwrapped once per process. Unwrapped keys are cached by
// their wrapped form, so a key whose creation was rolled back can never be
// confused with a later one.
type Keyring struct {
	master Key
	mu     sync.Mutex
	data   map[string]Key
}

// NewKeyring returns a keyring on the master key.
func NewKeyring(master Key) *Keyring {
	return &Keyring{master: master, data: map[string]Key{}}
}

// Master returns the master key.
func (r *Keyring) Master() Key { return r.master }

// DataKey returns the data key of the talks from its wrapped form.
func (r *Keyring) DataKey(talksID int64, wrapped []byte) (Key, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if k, ok := r.data[string(wrapped)]; ok {
		return k, nil
	}
	k, err := r.master.Unwrap(wrapped, talksID)
	if err != nil {
		return Key{}, fmt.Errorf("the master key does not open the data key of talks %d: %w", talksID, err)
	}
	r.data[string(wrapped)] = k
	return k, nil
}
