package http_test

import (
	"bufio"
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	parleyhttp "github.com/parley-talks/parley/http"
	"github.com/parley-talks/parley/workspace"
)

// openStream opens the talks' live-update stream with a session token as
// the page's cookie; the client gives up after 20 seconds.
func openStream(t *testing.T, base, token string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/talks/1/events", nil)
	req.AddCookie(&http.Cookie{Name: "parley_session", Value: token})
	resp, err := (&http.Client{Timeout: 20 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// TestPasskeyTalksRefuseStreamsAndTokens (issue 13): in talks that require
// passkeys, a session made with a password — a page's cookie or an API
// token, which is the same kind of session — reaches nothing. A stream
// Russia opened before the requirement ends, undelivered, as soon as the
// mediator turns it on (it stayed open before); a new one is refused
// (403); and every GET operation of the API about the talks refuses
// Russia's API token.
// anyParam is a path parameter of a route pattern.
var anyParam = regexp.MustCompile(`\{[a-z_]+\}`)

func TestPasskeyTalksRefuseStreamsAndTokens(t *testing.T) {
	t.Parallel()
	base, ws, tid := newDemoServer(t)
	ru := signIn(t, base, "russia", demo.Password)
	open := openStream(t, base, ru.token)
	lines := bufio.NewScanner(open.Body)
	if open.StatusCode != http.StatusOK || !lines.Scan() || !strings.HasPrefix(lines.Text(), "retry:") {
		t.Fatalf("the stream before the requirement: %d %q", open.StatusCode, lines.Text())
	}
	mediator := workspace.WithSignInMethod(workspace.WithAccount(context.Background(), accountID(t, ws, "mediator")), parley.SignedInWithPasskey)
	if err := ws.SetTalksRequirePasskey(mediator, tid, true); err != nil {
		t.Fatal(err)
	}
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), "event:") {
			t.Fatalf("after passkeys were required the password session's stream delivered %q", lines.Text())
		}
	}
	if err := lines.Err(); err != nil {
		t.Fatalf("the password session's stream did not end when passkeys were required: %v", err)
	}
	if again := openStream(t, base, ru.token); again.StatusCode != http.StatusForbidden {
		t.Errorf("a stream opened with a password session: %d, want 403", again.StatusCode)
	}

	refused := 0
	for _, route := range parleyhttp.NewServer(nil, nil).Routes() {
		method, pattern, _ := strings.Cut(route, " ")
		if method != "GET" || !strings.Contains(pattern, "{talks}") || strings.Contains(pattern, "/public/") {
			continue // the public draft is public by design
		}
		// Every other path parameter (a message, a decision, an
		// amendment …) is 1: the refusal comes before any lookup.
		path := anyParam.ReplaceAllString(strings.ReplaceAll(pattern, "{to}", "2"), "1") + "?from=1&to=2"
		status, body := ru.do("GET", path, nil, "")
		if status != http.StatusForbidden || !strings.Contains(string(body), workspace.PasskeyRefusal) {
			t.Errorf("GET %s with a password session's API token: %d %s, want 403 %q", path, status, body, workspace.PasskeyRefusal)
			continue
		}
		refused++
	}
	t.Logf("%d API operations about the talks refused the password session's token", refused)
	if refused < 10 {
		t.Errorf("only %d API operations checked", refused)
	}
}
