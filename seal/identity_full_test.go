package seal_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/parley-talks/parley/seal"
)

// TestNewIdentityFileFailsWhole: when the identity cannot be written in
// full, NewIdentityFile reports it and leaves no file behind, so no public
// key is published whose identity is lost. The write fails for real: the
// test runs itself again in a child process limited to files of 16 bytes
// (RLIMIT_FSIZE; Go ignores SIGXFSZ, so the write returns EFBIG).
func TestNewIdentityFileFailsWhole(t *testing.T) {
	if path := os.Getenv("PARLEY_SEAL_FSIZE_CHILD"); path != "" {
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: 16, Max: 16}); err != nil {
			t.Fatal(err)
		}
		key, err := seal.NewIdentityFile(path)
		if err == nil || key != "" {
			t.Fatalf("writing beyond the size limit: got key %q and no error", key)
		}
		if _, serr := os.Stat(path); !os.IsNotExist(serr) {
			t.Fatalf("a half-written identity file was left behind (%v)", serr)
		}
		return
	}
	path := filepath.Join(t.TempDir(), "identity.txt")
	cmd := exec.Command(os.Args[0], "-test.run=^TestNewIdentityFileFailsWhole$", "-test.count=1")
	cmd.Env = append(os.Environ(), "PARLEY_SEAL_FSIZE_CHILD="+path)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "PASS") {
		t.Fatalf("the child with a 16-byte file limit: %v\n%s", err, out)
	}
	// And without the limit the same call writes a whole identity.
	key, err := seal.NewIdentityFile(path)
	if err != nil || !strings.HasPrefix(key, "age1") {
		t.Fatalf("NewIdentityFile: got %q, %v", key, err)
	}
	if ids, err := seal.ReadIdentityFile(path); err != nil || len(ids) != 1 {
		t.Errorf("reading the identity back: %d identities, %v", len(ids), err)
	}
}
