package http_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestStaticFilesCompressed fetches the sign-in page's script, style
// sheet: with gzip accepted each comes compressed (Content-Length the
// compressed size, one Vary: Accept-Encoding) and unpacks to what comes
// without; gzip refused (q=0), not asked for, or only zstd or br asked
// for, it comes plain, as stored; HEAD gets the headers GET gets, and no
// body.
func TestStaticFilesCompressed(t *testing.T) {
	t.Parallel()
	base, _ := newServer(t)
	c := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	fetch := func(method, path, accept string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, nil)
		if accept != "" {
			req.Header.Set("Accept-Encoding", accept)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: %d, %v", method, path, resp.StatusCode, err)
		}
		return resp, body
	}
	_, page := fetch("GET", "/signin", "")
	files := regexp.MustCompile(`/static/(?:htmx\.min|style)\.[0-9a-f]+\.(?:js|css)`).FindAllString(string(page), -1)
	if len(files) < 2 {
		t.Fatalf("the sign-in page names %v, want htmx's script and the style sheet", files)
	}
	for _, path := range files {
		plainResp, plain := fetch("GET", path, "")
		if enc := plainResp.Header.Get("Content-Encoding"); enc != "" || plainResp.Header.Get("Content-Length") != strconv.Itoa(len(plain)) {
			t.Errorf("%s without gzip asked for: Content-Encoding %q, Content-Length %q for %d bytes", path, enc, plainResp.Header.Get("Content-Length"), len(plain))
		}
		gzResp, packed := fetch("GET", path, "deflate, gzip;q=0.8")
		if gzResp.Header.Get("Content-Encoding") != "gzip" || strings.Join(gzResp.Header.Values("Vary"), "|") != "Accept-Encoding" ||
			gzResp.Header.Get("Content-Length") != strconv.Itoa(len(packed)) {
			t.Fatalf("%s with gzip accepted: headers %v for %d bytes", path, gzResp.Header, len(packed))
		}
		zr, err := gzip.NewReader(bytes.NewReader(packed))
		if err != nil {
			t.Fatal(err)
		}
		unpacked, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(unpacked, plain) {
			t.Errorf("%s unpacks to %d bytes (%v), want the %d plain ones", path, len(unpacked), err, len(plain))
		}
		if len(packed) > len(plain)/2 {
			t.Errorf("%s: %d bytes compressed of %d", path, len(packed), len(plain))
		}
		for _, accept := range []string{"gzip;q=0, *", "zstd", "br, zstd;q=0.9"} {
			r, body := fetch("GET", path, accept)
			if r.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, plain) {
				t.Errorf("%s with %q accepted: Content-Encoding %q, %d bytes; want it plain", path, accept, r.Header.Get("Content-Encoding"), len(body))
			}
		}
		if gzResp.Header.Get("No-Gzip-Compression") != "" {
			t.Errorf("%s: the wrapper's No-Gzip-Compression header reached the client", path)
		}
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		req.Header.Set("Range", "bytes=0-10")
		if r, err := c.Do(req); err != nil {
			t.Fatal(err)
		} else {
			ranged, _ := io.ReadAll(r.Body)
			r.Body.Close()
			if r.StatusCode != http.StatusOK || !bytes.Equal(ranged, packed) {
				t.Errorf("%s with a Range: %d, %d bytes; want 200 and the whole compressed file", path, r.StatusCode, len(ranged))
			}
		}
		head, body := fetch("HEAD", path, "gzip")
		for _, h := range []string{"Content-Encoding", "Content-Length", "Content-Type", "Vary", "Cache-Control"} {
			if head.Header.Get(h) != gzResp.Header.Get(h) {
				t.Errorf("%s: HEAD's %s is %q, GET's %q", path, h, head.Header.Get(h), gzResp.Header.Get(h))
			}
		}
		if len(body) != 0 {
			t.Errorf("%s: HEAD answered %d bytes of body", path, len(body))
		}
	}
}
