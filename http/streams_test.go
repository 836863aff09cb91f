package http_test

import (
	"bufio"
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	parleyhttp "github.com/parley-talks/parley/http"
)

// TestEventsEndAtSignOutEverywhere is finding 10 of issue 13: a page's
// stream of live updates kept delivering after its account signed out
// everywhere. Now the stream ends at the next event, which it does not
// deliver.
func TestEventsEndAtSignOutEverywhere(t *testing.T) {
	base, ws, _ := newDemoServer(t)
	ru := signIn(t, base, "russia", demo.Password)
	req, _ := http.NewRequest("GET", base+"/talks/1/events", nil)
	req.AddCookie(&http.Cookie{Name: "parley_session", Value: ru.token})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	if !lines.Scan() || !strings.HasPrefix(lines.Text(), "retry:") {
		t.Fatalf("the stream opened with %q, want retry:", lines.Text())
	}
	ru.call("DELETE", "/api/v1/sessions", nil, http.StatusNoContent, nil)
	ws.Events.Publish(parley.Event{Talks: 1, Kind: "draft"})
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), "event:") {
			t.Fatalf("after signing out everywhere the stream delivered %q, want it ended", lines.Text())
		}
	}
}

// TestClientGoneIsNotAnInternalError is finding 10 of issue 13: a request
// whose client gave up was logged as 500 "internal error: context
// canceled". Now it is logged as the client's doing, with nginx's 499.
func TestClientGoneIsNotAnInternalError(t *testing.T) {
	_, ws := newServer(t)
	var log bytes.Buffer
	srv := parleyhttp.NewServer(ws, slog.New(slog.NewTextHandler(&log, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest("POST", "/api/v1/session", strings.NewReader(`{"username":"russia","password":"password-russia"}`)).WithContext(ctx)
	srv.ServeHTTP(httptest.NewRecorder(), req)
	if strings.Contains(log.String(), "internal error") || !strings.Contains(log.String(), "status=499") {
		t.Errorf("a request whose client gave up logged:\n%s\nwant status=499 and no internal error", log.String())
	}
}
