package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// benchBinary builds the parley command (not this test binary, which
// carries the tests' packages too) into a temporary directory, or uses
// the one PARLEY_BENCH_BINARY names, to compare builds side by side.
func benchBinary(b *testing.B) string {
	b.Helper()
	if bin := os.Getenv("PARLEY_BENCH_BINARY"); bin != "" {
		return bin
	}
	bin := filepath.Join(b.TempDir(), "parley")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// benchExec runs the binary with args once per iteration: the time of a
// whole process, start-up included, as a person at a shell sees it.
func benchExec(b *testing.B, args ...string) {
	bin := benchBinary(b)
	for b.Loop() {
		cmd := exec.Command(bin, args...)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%s: %v\n%s", args, err, out)
		}
	}
}

// BenchmarkStartupVersion measures parley version: start-up alone.
func BenchmarkStartupVersion(b *testing.B) { benchExec(b, "version") }

// BenchmarkStartupAnalyzeSmall measures parley analyze on the example
// scenario (2 parties, 6 issues): start-up and a small analysis.
func BenchmarkStartupAnalyzeSmall(b *testing.B) { benchExec(b, "analyze", peaceTalks) }

// BenchmarkStartupHelp measures parley help, which builds older than
// parley version also have, to compare start-up across builds.
func BenchmarkStartupHelp(b *testing.B) { benchExec(b, "help") }

// BenchmarkStartupEmptyGoProgram measures a Go program whose main does
// nothing, built with the same toolchain: the floor any Go command pays
// on this machine, to read the figures above against in the same run.
func BenchmarkStartupEmptyGoProgram(b *testing.B) {
	dir := b.TempDir()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte("package main\n\nfunc main() {}\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	bin := filepath.Join(dir, "empty")
	if out, err := exec.Command("go", "build", "-o", bin, src).CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for b.Loop() {
		if out, err := exec.Command(bin).CombinedOutput(); err != nil {
			b.Fatalf("empty program: %v\n%s", err, out)
		}
	}
}
