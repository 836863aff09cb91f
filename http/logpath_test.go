package http

import "testing"

// TestLogPathLeavesOutTokens: the request log never holds the token of a
// one-time link, which whoever reads the log could otherwise use.
func TestLogPathLeavesOutTokens(t *testing.T) {
	for in, want := range map[string]string{
		"/reset/abcDEF123":  "/reset/…",
		"/setup/abcDEF123":  "/setup/…",
		"/reset/":           "/reset/",
		"/talks/1/drafts/2": "/talks/1/drafts/2",
		"/admin":            "/admin",
	} {
		if got := logPath(in); got != want {
			t.Errorf("logPath(%q): got %q, want %q", in, got, want)
		}
	}
}
