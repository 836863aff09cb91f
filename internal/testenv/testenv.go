// Package testenv decides what a test does when something it needs from
// outside Go is missing (a program, a service, the shared scenarios), and
// serialises tests that must not run a heavy program concurrently.
//
// Outside CI a test skips with a message naming what to install or set.
// In CI (.ci/run sets PARLEY_CI=1) the same test fails: CI provides every
// tool and service the tests use, so a missing one is a broken CI, not a
// reason to pass without checking.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
)

// EnvCI names the variable that CI sets to make missing tools fatal.
const EnvCI = "PARLEY_CI"

// InCI reports whether the tests run in CI.
func InCI() bool { return os.Getenv(EnvCI) != "" }

// Missing ends the test because something it needs is missing: a skip
// with the message outside CI, a failure in CI.
func Missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if InCI() {
		tb.Fatalf("CI must provide this: "+format, args...)
	}
	tb.Skipf(format, args...)
}

// LookPath returns the path of the named program, or ends the test with
// Missing and the hint (which says what to install).
func LookPath(tb testing.TB, name, hint string) string {
	tb.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Missing(tb, "%s is not installed: %s", name, hint)
	}
	return path
}

// Exclusive holds a machine-wide lock named name until the test ends or
// the returned function is called, so that tests in different packages
// (which go test runs as separate processes) do not run the same heavy
// program at once. LibreOffice, for one, crashes when several conversions
// start together. The lock is not reentrant: a test that holds it and asks
// again waits for ever, so release it before asking again.
func Exclusive(tb testing.TB, name string) (release func()) {
	tb.Helper()
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "parley-test-"+name+".lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		tb.Fatalf("opening the %s lock: %v", name, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		tb.Fatalf("taking the %s lock: %v", name, err)
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
			f.Close()
		})
	}
	tb.Cleanup(release)
	return release
}
