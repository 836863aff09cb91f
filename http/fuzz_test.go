package http_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/parley-talks/parley/demo"
	parleyhttp "github.com/parley-talks/parley/http"
)

// FuzzAPIBodies sends arbitrary bodies to every route that reads one, as a
// signed-in member: whatever comes in, the answer is a well-formed JSON
// error or success, never a server error.
func FuzzAPIBodies(f *testing.F) {
	for _, seed := range []string{
		`{"title": "Talks"}`, `{"stance": "acceptable", "rationale": "x"}`, `{"points": [{"text": "a", "points": [{"text": "b"}]}]}`,
		`{"username": "russia", "password": "demo"}`, `{"recipients": ["us-principal"], "envoy": "us-envoy", "ciphertext": "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n"}`,
		`{"age_recipient": "age1"}`, `{"state": "concluded"}`, `null`, `[]`, `{"points": null}`, `{"id": 1e400}`, "\x00", `{"title": "\u0000"}`,
		"# Title\n\n1. point {#1}\n", `{"points": [{"id": -1, "from": [1, 2], "kind": "section"}]}`,
	} {
		f.Add(seed)
	}
	base, _, tid := newDemoServer(f)
	c := signIn(f, base, "mediator", demo.Password)
	ru := signIn(f, base, "russia", demo.Password)
	type target struct {
		who         *client
		method, url string
		ct          string
	}
	tp := fmt.Sprintf("/api/v1/talks/%d", tid)
	targets := []target{
		{c, "POST", "/api/v1/talks", "application/json"},
		{c, "PATCH", tp, "application/json"},
		{c, "POST", tp + "/parties", "application/json"},
		{c, "POST", tp + "/members", "application/json"},
		{c, "POST", tp + "/drafts", "application/json"},
		{c, "POST", tp + "/drafts", "text/markdown"},
		{c, "PUT", tp + "/drafts/working", "application/json"},
		{ru, "PUT", tp + "/drafts/5/points/20/stance", "application/json"},
		{ru, "POST", tp + "/messages", "application/json"},
		{ru, "PUT", "/api/v1/account/key", "application/json"},
		{c, "POST", "/api/v1/accounts", "application/json"},
		{&client{tb: f, base: base}, "POST", "/api/v1/session", "application/json"},
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, tg := range targets {
			who := *tg.who
			who.tb = t
			status, raw := who.do(tg.method, tg.url, body, tg.ct)
			if status >= 500 || status == 0 {
				t.Fatalf("%s %s with %q: got %d: %s", tg.method, tg.url, body, status, raw)
			}
			if status >= 400 {
				var e parleyhttp.ErrorBody
				if err := json.Unmarshal(raw, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
					t.Fatalf("%s %s with %q: error body %s is not a Parley error", tg.method, tg.url, body, raw)
				}
			}
		}
	})
}

// FuzzBearerTokens sends arbitrary Authorization headers: none may sign in,
// and every answer is a clean 401.
func FuzzBearerTokens(f *testing.F) {
	for _, seed := range []string{"", "Bearer ", "Bearer x", "bearer " + strings.Repeat("A", 43), "Basic dXNlcjpwYXNz", "Bearer \x00", "Bearer " + strings.Repeat("z", 5000)} {
		f.Add(seed)
	}
	base, _ := newServer(f)
	f.Fuzz(func(t *testing.T, header string) {
		req, err := http.NewRequest("GET", base+"/api/v1/talks", nil)
		if err != nil {
			t.Skip()
		}
		req.Header["Authorization"] = []string{header}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return // the client refused to send it
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("Authorization %q: got %d, want 401", header, resp.StatusCode)
		}
	})
}
