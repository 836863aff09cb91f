package seal_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/parley-talks/parley/seal"
)

func key(tb testing.TB) seal.Key {
	tb.Helper()
	k, err := seal.NewKey()
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

func TestSealOpen(t *testing.T) {
	k := key(t)
	msg := []byte("Russia: the whole of the Donetsk region")
	aad := []byte("talks 1/stances/rationale/7")
	s1, s2 := seal.Seal(k, msg, aad), seal.Seal(k, msg, aad)
	if bytes.Equal(s1, s2) {
		t.Error("two seals of the same text are equal; nonces must differ")
	}
	if bytes.Contains(s1, msg[:10]) {
		t.Error("the sealed value contains the plaintext")
	}
	got, err := seal.Open(k, s1, aad)
	if err != nil || !bytes.Equal(got, msg) {
		t.Fatalf("Open: got %q, %v; want %q", got, err, msg)
	}
	tampered := bytes.Clone(s1)
	tampered[len(tampered)-1] ^= 1
	for name, tc := range map[string]struct {
		k      seal.Key
		sealed []byte
		aad    []byte
	}{
		"wrong key":       {key(t), s1, aad},
		"moved elsewhere": {k, s1, []byte("talks 1/stances/rationale/8")},
		"tampered":        {k, tampered, aad},
		"truncated":       {k, s1[:20], aad},
		"empty":           {k, nil, aad},
	} {
		if _, err := seal.Open(tc.k, tc.sealed, tc.aad); err != seal.ErrOpen {
			t.Errorf("%s: got %v, want ErrOpen", name, err)
		}
	}
}

func TestWrap(t *testing.T) {
	master, data := key(t), key(t)
	w := master.Wrap(data, 7)
	got, err := master.Unwrap(w, 7)
	if err != nil || got != data {
		t.Fatalf("Unwrap: got %v, %v", got, err)
	}
	if _, err := master.Unwrap(w, 8); err == nil {
		t.Error("a data key wrapped for talks 7 opened for talks 8")
	}
	if _, err := key(t).Unwrap(w, 7); err == nil {
		t.Error("a data key opened under another master key")
	}
}

func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "master.key")
	if _, _, err := seal.LoadKeyFile(path, false); err == nil {
		t.Error("loading a missing key file without create: got no error")
	}
	k, created, err := seal.LoadKeyFile(path, true)
	if err != nil || !created {
		t.Fatalf("creating: got created=%v, %v", created, err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode: got %v, want 0600", st.Mode().Perm())
	}
	again, created, err := seal.LoadKeyFile(path, true)
	if err != nil || created || again != k {
		t.Errorf("reloading: got created=%v, same=%v, %v", created, again == k, err)
	}
	// Group-readable passes only when root owns the file (PostgreSQL's
	// rule for its TLS key): a service reads it through its group.
	for _, tc := range []struct {
		mode   os.FileMode
		uid    int
		accept bool
		reason string
	}{
		{0o644, 0, false, "a world-readable key file"},
		{0o660, 0, false, "a group-writable key file"},
		{0o640, 0, true, "root's group-readable key file"},
		{0o640, 65534, false, "another user's group-readable key file"},
		{0o440, 0, true, "root's read-only group-readable key file"},
	} {
		if os.Getuid() != 0 && tc.uid != os.Getuid() {
			continue // chown needs root
		}
		os.Chown(path, tc.uid, -1)
		os.Chmod(path, tc.mode)
		_, _, err := seal.LoadKeyFile(path, true)
		if (err == nil) != tc.accept {
			t.Errorf("%s (%v, uid %d): got %v, want accepted=%v", tc.reason, tc.mode, tc.uid, err, tc.accept)
		}
	}
	os.Chmod(path, 0o640)
	if os.Getuid() != 0 {
		if _, _, err := seal.LoadKeyFile(path, true); err == nil {
			t.Error("a group-readable key file not owned by root was accepted")
		}
	}
	os.Chown(path, os.Getuid(), -1)
	os.Chmod(path, 0o600)
	for _, bad := range []string{"", "parley-master-key-1:", "parley-master-key-1:abc", "other:" + k.String()} {
		if _, err := seal.ParseKey(bad); err == nil {
			t.Errorf("ParseKey(%q): got no error", bad)
		}
	}
	if p, err := seal.ParseKey(k.String()); err != nil || p != k {
		t.Errorf("ParseKey(String()): got %v, %v", p, err)
	}
}
