package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServeDemo starts `parley serve --demo` on a free port, signs in as a
// demo account over HTTP, and stops the server as a signal would.
func TestServeDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--db", db}, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var base string
	var printed strings.Builder
	for sc.Scan() {
		printed.WriteString(sc.Text() + "\n")
		if m := regexp.MustCompile(`on (http://[0-9.:]+)/`).FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
		}
		if strings.Contains(sc.Text(), "Try: curl") {
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" {
		t.Fatalf("serve printed no address:\n%s", printed.String())
	}
	for _, user := range []string{"mediator", "russia", "ukraine"} {
		if !strings.Contains(printed.String(), user) {
			t.Errorf("serve --demo did not list the account %s", user)
		}
	}
	resp, err := http.Post(base+"/api/v1/session", "application/json", strings.NewReader(`{"username":"russia","password":"demo"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("demo sign-in: got status %d, want 201", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after shutdown, want nil", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop within 15 s of its context ending")
	}

	// The demo database is served only in demo mode.
	_, err = runParley(t, "", "serve", "--addr", "127.0.0.1:0", "--db", db)
	if err == nil || !strings.Contains(message(err), "holds the demo") {
		t.Errorf("serving the demo database without --demo: got %v, want a refusal", err)
	}
}
