package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// interruptTimeout bounds the time from a signal to the command's exit:
// generous for a busy machine, where the command stops in milliseconds,
// and before the fix it did not stop at all while the pipe stayed open.
const interruptTimeout = 15 * time.Second

// TestAnalyzeInterruptWhileLoading starts parley analyze on a named pipe
// whose writer has sent half a scenario and waits, so that the command is
// reading for as long as the test likes; it then sends SIGINT or SIGTERM
// and checks that the command stops at once, saying why, instead of
// reading on (it used to honour the signal only once loading was over).
func TestAnalyzeInterruptWhileLoading(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			fifo := filepath.Join(t.TempDir(), "slow.yaml")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Skipf("no named pipes here: %v", err)
			}
			cmd := parleyCommand("analyze", fifo)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			w := openWhenRead(t, fifo)
			defer w.Close()
			if _, err := w.WriteString("name: slow\nissues:\n  - name: A\n"); err != nil {
				t.Fatal(err)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			select {
			case err := <-exited:
				var ee *exec.ExitError
				if !errors.As(err, &ee) || ee.ExitCode() != 2 {
					t.Fatalf("got %v, want exit status 2 (stderr: %s)", err, stderr.String())
				}
			case <-time.After(interruptTimeout):
				t.Fatalf("parley analyze still reading %v after the signal", interruptTimeout)
			}
			if got := stderr.String(); !strings.Contains(got, "parley: analyze: stopped while reading "+fifo) {
				t.Errorf("got stderr %q, want it to say that reading stopped", got)
			}
		})
	}
}

// openWhenRead opens the named pipe fifo for writing as soon as a reader
// has it open (opening without one fails with ENXIO), that is once the
// command is reading it.
func openWhenRead(t *testing.T, fifo string) *os.File {
	t.Helper()
	deadline := time.Now().Add(startTimeout)
	for {
		f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err == nil {
			return f
		}
		if !errors.Is(err, syscall.ENXIO) || time.Now().After(deadline) {
			t.Fatalf("the command did not open %s to read it: %v", fifo, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
