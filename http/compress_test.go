package http_test

import (
	"bufio"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley/workspace"
)

// TestCompression fetches a page and a static file with gzip accepted:
// both come compressed and read back whole; a live-update stream comes
// uncompressed, its events as they happen.
func TestCompression(t *testing.T) {
	t.Parallel()
	base, ws, tid := newDemoServer(t)
	ua, _ := signInPages(t, base, "ukraine")
	get := func(path string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := ua.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	_, plain := ua.get("/talks/1/drafts/5")
	resp := get("/talks/1/drafts/5")
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("a draft page with gzip accepted: Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(zr)
	resp.Body.Close()
	if !strings.Contains(string(page), "</html>") || len(page) < len(plain)/2 {
		t.Errorf("the decompressed page is %d bytes, the plain one %d", len(page), len(plain))
	}

	stream := get("/talks/1/events")
	defer stream.Body.Close()
	if enc := stream.Header.Get("Content-Encoding"); enc != "" {
		t.Fatalf("the live-update stream is sent with Content-Encoding %q", enc)
	}
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(stream.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	med := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	d5, err := ws.GetDraft(med, tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	next := workspace.InputOf(d5)
	next.Title = "Peace plan, draft 6"
	if _, err := ws.TableDraft(med, tid, next); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(10 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("the stream ended before the event")
			}
			if l == "event: change" {
				return
			}
		case <-deadline:
			t.Fatal("no event within 10 s through the stream")
		}
	}
}
