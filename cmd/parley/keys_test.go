package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestKeysRotateKeepsAccess: the systemd set-up keeps the key root:parley
// 0640, which the server accepts (root's file, readable by its group);
// `parley keys rotate`, run as root, gives the new key the same owner,
// group and mode, so that the service reads it after the restart.
func TestKeysRotateKeepsAccess(t *testing.T) {
	t.Parallel()
	if os.Getuid() != 0 {
		t.Skip("needs root to give the key file a group")
	}
	dir := t.TempDir()
	db, key := filepath.Join(dir, "parley.db"), filepath.Join(dir, "parley.key")
	mustParley(t, "a long passphrase\n", "account", "add", "--db", db, "--key-file", key, "--username", "operator")
	const group = 65534 // nogroup: any group but root's
	if err := os.Chown(key, 0, group); err != nil {
		t.Fatal(err)
	}
	os.Chmod(key, 0o640)
	if out := mustParley(t, "", "keys", "rotate", "--db", db, "--key-file", key); !strings.Contains(out, "rotated") {
		t.Fatalf("keys rotate printed %q", out)
	}
	for _, f := range []string{key, key + ".old"} {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		st := fi.Sys().(*syscall.Stat_t)
		if fi.Mode().Perm() != 0o640 || st.Uid != 0 || st.Gid != group {
			t.Errorf("%s after rotating: mode %v, owner %d:%d; want 0640 0:%d", filepath.Base(f), fi.Mode().Perm(), st.Uid, st.Gid, group)
		}
	}
	mustParley(t, "", "talks", "list", "--db", db, "--key-file", key, "--as", "operator")
}
