package main

import (
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var setupLinkRE = regexp.MustCompile(`http://[^\s]+/setup/[A-Za-z0-9_-]{43}`)

// waitPrinted waits until s has printed something re matches, and returns
// the match.
func waitPrinted(t *testing.T, s *served, re *regexp.Regexp) string {
	t.Helper()
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		if m := re.FindString(s.printed.String()); m != "" {
			return m
		}
		time.Sleep(10 * time.Millisecond) // polling a condition with a deadline
	}
	t.Fatalf("serve printed no %s within %s:\n%s", re, startTimeout, s.printed)
	return ""
}

// TestServeFirstStart starts `parley serve` on an empty database: it
// prints a setup link, which opens the page creating the first
// administrator. Once there is one, a restart prints no link.
func TestServeFirstStart(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "parley.db")
	s := startServe(t, "--db", db)
	link := waitPrinted(t, s, setupLinkRE)
	if !strings.HasPrefix(link, s.base) {
		t.Errorf("setup link %s: want it on the server's address %s", link, s.base)
	}
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET the setup link: got %d, want 200", resp.StatusCode)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noRedirect.PostForm(link, url.Values{"username": {"admin"}, "password": {"a long passphrase"}, "confirm": {"a long passphrase"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("creating the administrator: got %d, want 303", resp.StatusCode)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	again := startServe(t, "--db", db)
	resp, err = http.Post(again.base+"/api/v1/session", "application/json", strings.NewReader(`{"username":"admin","password":"a long passphrase"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("signing in as the administrator after a restart: got %d, want 201", resp.StatusCode)
	}
	if again.stop(); strings.Contains(again.printed.String(), "/setup/") {
		t.Errorf("a restart with an administrator printed a setup link:\n%s", again.printed)
	}
}
