package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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

// TestAnalyzeInterruptWithinAStep starts parley analyze on four parties
// and one issue of 100,000 options none of which dominates another (GENIUS
// files, quick to read): the frontier is a single merge step of many
// seconds of CPU (15 s on the 2-core machine of
// docs/benchmarks-analysis.md, after 0.85 s of loading). Once the command
// has used 3 s of CPU, well past its loading, the test sends SIGINT or
// SIGTERM: the command must stop within interruptInStep, saying so, where
// it used to finish the step first.
func TestAnalyzeInterruptWithinAStep(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			files := writeAntichainGENIUS(t, 100_000)
			cmd := parleyCommand(append([]string{"analyze"}, files...)...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			waitForCPU(t, cmd.Process.Pid, 3*time.Second, exited)
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			sent := time.Now()
			select {
			case err := <-exited:
				var ee *exec.ExitError
				if !errors.As(err, &ee) || ee.ExitCode() != 2 {
					t.Fatalf("got %v, want exit status 2 (stderr: %s)", err, stderr.String())
				}
				t.Logf("stopped %v after the signal", time.Since(sent))
			case <-time.After(interruptTimeout):
				t.Fatalf("parley analyze still computing %v after the signal", interruptTimeout)
			}
			if d := time.Since(sent); d > interruptInStep {
				t.Errorf("parley analyze took %v to stop, want at most %v", d, interruptInStep)
			}
			if got := stderr.String(); !strings.Contains(got, "parley: analyze: stopped while computing the frontier of "+files[0]) {
				t.Errorf("got stderr %q, want it to say that the frontier's computation stopped", got)
			}
		})
	}
}

// interruptInStep bounds the time from a signal to the exit when the
// command is inside a merge step. It looks at the signal every few
// thousand candidates (milliseconds; 40–83 ms measured at load 21–28),
// so the bound is only a sanity check, loose enough for CI's busiest
// moments and still well under the 12 s of CPU the step has left when
// the signal is sent, which a command that finished its step first
// would need.
const interruptInStep = 6 * time.Second

// writeAntichainGENIUS writes a GENIUS domain of one issue of n options and
// four profiles whose evaluations of option j are j, n−1−j, 7919j mod n and
// n−1 minus that: every option's four evaluations add up to the same, so
// no option dominates another. It returns the files, domain first.
func writeAntichainGENIUS(t *testing.T, n int) []string {
	dir := t.TempDir()
	files := []string{filepath.Join(dir, "domain.xml")}
	for p := range 4 {
		files = append(files, filepath.Join(dir, fmt.Sprintf("p%d.xml", p)))
	}
	for x, file := range files {
		var b strings.Builder
		b.WriteString(`<utility_space><objective index="0" name="root" type="objective"><issue index="1" name="A" type="discrete">` + "\n")
		for j := range n {
			if x == 0 {
				fmt.Fprintf(&b, "<item index=\"%d\" value=\"o%d\"/>\n", j+1, j)
				continue
			}
			p := x - 1
			v := j * []int{1, 7919}[p/2] % n
			if p%2 == 1 {
				v = n - 1 - v
			}
			fmt.Fprintf(&b, "<item index=\"%d\" value=\"o%d\" evaluation=\"%d\"/>\n", j+1, j, v)
		}
		b.WriteString("</issue>")
		if x > 0 {
			b.WriteString(`<weight index="1" value="1"/>`)
		}
		b.WriteString("</objective></utility_space>\n")
		if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// waitForCPU waits until process pid has used cpu of processor time (user
// and system, from /proc), failing if it exits first.
func waitForCPU(t *testing.T, pid int, cpu time.Duration, exited <-chan error) {
	t.Helper()
	stat := fmt.Sprintf("/proc/%d/stat", pid)
	for {
		select {
		case err := <-exited:
			t.Fatalf("the command exited before using %v of CPU: %v", cpu, err)
		case <-time.After(50 * time.Millisecond):
		}
		b, err := os.ReadFile(stat)
		if err != nil {
			t.Skipf("no /proc here: %v", err)
		}
		// The fields after the command's name, in brackets: utime and
		// stime are the 12th and 13th, in clock ticks (100 a second on
		// Linux).
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		user, _ := strconv.Atoi(f[11])
		sys, _ := strconv.Atoi(f[12])
		if time.Duration(user+sys)*10*time.Millisecond >= cpu {
			return
		}
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

// TestAnalyzeTooLargeFailsCleanly runs parley analyze, as a process of its
// own, on a space whose exact frontier passes a small --max-memory: the
// command must stop with its own error naming the limit and suggesting
// --epsilon, exit status 2, not a Go runtime crash.
func TestAnalyzeTooLargeFailsCleanly(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "big.yaml")
	var b strings.Builder
	b.WriteString("name: big\nissues:\n")
	const issues = 300
	for i := range issues {
		fmt.Fprintf(&b, "  - {name: i%d, options: [a, b, c]}\n", i)
	}
	b.WriteString("parties:\n")
	for p := range 2 {
		fmt.Fprintf(&b, "  - name: p%d\n    weights: {", p)
		for i := range issues {
			fmt.Fprintf(&b, "i%d: %d, ", i, 1+(i*(7+p*4))%97)
		}
		b.WriteString("}\n    evaluations:\n")
		for i := range issues {
			fmt.Fprintf(&b, "      i%d: {a: %d, b: %d, c: %d}\n", i, (i+p)%5, (i*3+p)%7, (i*5+2*p)%11)
		}
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := parleyCommand("analyze", "--max-memory", "1", file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Fatalf("got %v, want exit status 2 (stderr: %s)", err, stderr.String())
	}
	got := stderr.String()
	for _, want := range []string{"parley: analyze: analysis: frontier too large", "over the limit of 1 MiB", "try --epsilon 0.01"} {
		if !strings.Contains(got, want) {
			t.Errorf("got stderr %q, want %q in it", got, want)
		}
	}
	if strings.Contains(got, "fatal error") || strings.Contains(got, "goroutine ") {
		t.Errorf("got a runtime crash: %s", got)
	}
}
