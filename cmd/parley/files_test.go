package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// wantPrivate checks that each path exists with mode want.
func wantPrivate(tb testing.TB, want fs.FileMode, paths ...string) {
	tb.Helper()
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			tb.Errorf("%s: %v", p, err)
			continue
		}
		if got := fi.Mode().Perm(); got != want {
			tb.Errorf("%s: got mode %04o, want %04o", filepath.Base(p), got, want)
		}
	}
}

// TestFilesPrivate is finding 8 of issue 13: under the usual umask 022
// the database, its WAL and shared-memory files (draft texts, password
// hashes) and backups were created readable by every user of the machine
// (0644). Now what Parley creates is its owner's alone: files 0600, the
// directory it makes for them 0700. Not parallel: the umask is the
// process's.
func TestFilesPrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "data")
	db := filepath.Join(dir, "parley.db")
	s := startServe(t, "--demo", "--db", db)
	// While serving: the database, its WAL and shared memory, the key.
	wantPrivate(t, 0o600, db, db+"-wal", db+"-shm", db+".key")
	wantPrivate(t, 0o700, dir)
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	mustParley(t, "", "backup", "--db", db, backup)
	wantPrivate(t, 0o600, db, backup)
}
