package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a strings.Builder safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// served is a running `parley serve`.
type served struct {
	base    string
	printed string      // what it printed up to its address
	logs    *syncBuffer // its standard error
	stop    func() error
}

// startServe runs `parley serve` with args on a free port and waits until
// it prints its address.
func startServe(t *testing.T, args ...string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), pw, logs)
		pw.Close()
	}()
	s := &served{logs: logs}
	var printed strings.Builder
	sc := bufio.NewScanner(pr)
	addr := regexp.MustCompile(`on (http://[0-9.:]+)/`)
	for sc.Scan() {
		printed.WriteString(sc.Text() + "\n")
		if m := addr.FindStringSubmatch(sc.Text()); m != nil {
			s.base = m[1]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if s.base == "" {
		cancel()
		t.Fatalf("serve printed no address: %v\n%s%s", <-done, printed.String(), logs.String())
	}
	time.Sleep(50 * time.Millisecond) // let it print the rest
	s.printed = printed.String()
	var once sync.Once
	var err error
	s.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(15 * time.Second):
				t.Fatal("serve did not stop within 15 s of its context ending")
			}
		})
		return err
	}
	t.Cleanup(func() { s.stop() })
	return s
}

// TestServeDemo starts `parley serve --demo`, signs in as a demo account
// over HTTP, and stops the server as a signal would.
func TestServeDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	s := startServe(t, "--demo", "--db", db)
	resp, err := http.Post(s.base+"/api/v1/session", "application/json", strings.NewReader(`{"username":"russia","password":"demo"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("demo sign-in: got status %d, want 201", resp.StatusCode)
	}
	if err := s.stop(); err != nil {
		t.Errorf("serve returned %v after shutdown, want nil", err)
	}
	// The demo database is served only in demo mode.
	_, err = runParley(t, "", "serve", "--addr", "127.0.0.1:0", "--db", db)
	if err == nil || !strings.Contains(message(err), "holds the demo") {
		t.Errorf("serving the demo database without --demo: got %v, want a refusal", err)
	}
}
