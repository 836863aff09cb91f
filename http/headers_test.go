package http_test

import (
	"crypto/tls"
	"net/http/httptest"
	"strings"
	"testing"

	parleyhttp "github.com/parley-talks/parley/http"
)

// TestSecurityHeaders: every response — a page, the API, an error — is
// not to be sniffed, cached or framed, sends no referrer (the sign-in page
// sends it to this site alone) and allows scripts and styles from this
// site only, with no inline script; HSTS is sent under TLS and not over
// plain HTTP, where browsers would ignore it.
func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	_, ws := newServer(t)
	srv := parleyhttp.NewServer(ws, nil)
	for _, tc := range []struct {
		path, referrer string
		tls            bool
	}{
		{"/signin", "same-origin", false},
		{"/api/v1/openapi.json", "no-referrer", false},
		{"/api/v1/talks/1", "no-referrer", true},
		{"/no/such/page", "no-referrer", true},
	} {
		req := httptest.NewRequest("GET", tc.path, nil)
		if tc.tls {
			req.TLS = &tls.ConnectionState{}
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		h := rec.Result().Header
		for name, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
			"X-Frame-Options": "DENY", "Referrer-Policy": tc.referrer, "Cross-Origin-Opener-Policy": "same-origin"} {
			if got := h.Get(name); got != want {
				t.Errorf("GET %s (%d): %s is %q, want %q", tc.path, rec.Code, name, got, want)
			}
		}
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: the Content-Security-Policy %q lacks %q", tc.path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe") {
			t.Errorf("GET %s: the Content-Security-Policy allows %q", tc.path, csp)
		}
		if hsts := h.Get("Strict-Transport-Security"); (hsts != "") != tc.tls {
			t.Errorf("GET %s (TLS %v): Strict-Transport-Security %q", tc.path, tc.tls, hsts)
		}
	}
}
