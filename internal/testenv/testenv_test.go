package testenv_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/parley-talks/parley/internal/testenv"
)

// TestMissing runs a child test that calls Missing, once as outside CI and
// once as in CI: the first must skip, the second fail.
func TestMissing(t *testing.T) {
	if os.Getenv("TESTENV_CHILD") != "" {
		testenv.Missing(t, "frobnicator is not installed")
		return
	}
	for _, tc := range []struct {
		ci       string
		wantFail bool
	}{{"", false}, {"1", true}} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMissing$", "-test.v")
		cmd.Env = append(os.Environ(), "TESTENV_CHILD=1", testenv.EnvCI+"="+tc.ci)
		out, err := cmd.CombinedOutput()
		failed := err != nil
		if failed != tc.wantFail {
			t.Errorf("%s=%q: failed = %v, want %v\n%s", testenv.EnvCI, tc.ci, failed, tc.wantFail, out)
		}
		if want := "frobnicator is not installed"; !strings.Contains(string(out), want) {
			t.Errorf("%s=%q: output lacks %q:\n%s", testenv.EnvCI, tc.ci, want, out)
		}
	}
}

func TestExclusive(t *testing.T) {
	// Two holders in turn: the second gets the lock once the first's test
	// has ended (a deadlock here would hang the test).
	for i := 0; i < 2; i++ {
		t.Run("holder", func(t *testing.T) { testenv.Exclusive(t, "testenv-selftest") })
	}
	// Released early, the lock can be taken again in the same test.
	release := testenv.Exclusive(t, "testenv-selftest")
	release()
	release() // a second call does nothing
	testenv.Exclusive(t, "testenv-selftest")
}
