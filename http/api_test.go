package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	parleyhttp "github.com/parley-talks/parley/http"
	"github.com/parley-talks/parley/workspace"
)

// newServer starts the API on a fresh database and returns its URL and
// workspace.
func newServer(tb testing.TB) (string, *workspace.Service) {
	tb.Helper()
	return newServerAt(tb, tb.TempDir())
}

// newDemoServer is newServer with the demo loaded, every account reading
// the pages in English (the demo's russia and ukraine prefer Russian and
// Ukrainian: newDemoServerInLanguages keeps that); it returns the URL, the
// workspace and the demo talks' ID.
func newDemoServer(tb testing.TB) (string, *workspace.Service, int64) {
	tb.Helper()
	base, ws, tid := newDemoServerInLanguages(tb)
	for _, user := range []string{"russia", "ukraine"} {
		preferLanguage(tb, ws, user, "en")
	}
	return base, ws, tid
}

// newDemoServerInLanguages is newServer with the demo loaded as it ships.
func newDemoServerInLanguages(tb testing.TB) (string, *workspace.Service, int64) {
	tb.Helper()
	base, ws := newServer(tb)
	tid, err := demo.Load(context.Background(), ws)
	if err != nil {
		tb.Fatal(err)
	}
	return base, ws, tid
}

// preferLanguage sets the interface language of the account user.
func preferLanguage(tb testing.TB, ws *workspace.Service, user, lang string) {
	tb.Helper()
	ctx := context.Background()
	var a *parley.Account
	if err := ws.Store.View(ctx, func(tx parley.Tx) (err error) {
		a, err = tx.AccountByUsername(ctx, user)
		return err
	}); err != nil {
		tb.Fatal(err)
	}
	if err := ws.SetPreferences(workspace.WithAccount(ctx, a.ID), parley.Preferences{DraftView: "auto", Language: lang}); err != nil {
		tb.Fatal(err)
	}
}

type client struct {
	tb    testing.TB
	base  string
	token string
}

// do sends a request and returns the status and body. A string body is
// sent as it is with content type ct; anything else as JSON.
func (c *client) do(method, path string, body any, ct string) (int, []byte) {
	c.tb.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			c.tb.Fatal(err)
		}
		r = bytes.NewReader(raw)
		ct = "application/json"
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		c.tb.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.tb.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		c.tb.Fatal(err)
	}
	return resp.StatusCode, raw
}

// call sends a JSON request, checks the status and decodes the response
// into out (if not nil).
func (c *client) call(method, path string, body any, want int, out any) []byte {
	c.tb.Helper()
	status, raw := c.do(method, path, body, "")
	if status != want {
		c.tb.Fatalf("%s %s: got status %d, want %d: %s", method, path, status, want, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			c.tb.Fatalf("%s %s: decoding %s: %v", method, path, raw, err)
		}
	}
	return raw
}

// wantError checks an error response's status, code and (if given) field.
func (c *client) wantError(method, path string, body any, ct string, status int, code, field string) {
	c.tb.Helper()
	got, raw := c.do(method, path, body, ct)
	var e parleyhttp.ErrorBody
	if err := json.Unmarshal(raw, &e); err != nil {
		c.tb.Fatalf("%s %s: error body %s is not JSON: %v", method, path, raw, err)
	}
	if got != status || e.Error.Code != code || e.Error.Field != field {
		c.tb.Errorf("%s %s: got %d %s field %q (%s), want %d %s field %q", method, path, got, e.Error.Code, e.Error.Field, e.Error.Message, status, code, field)
	}
}

func signIn(tb testing.TB, base, user, password string) *client {
	tb.Helper()
	c := &client{tb: tb, base: base}
	var out struct{ Token string }
	c.call("POST", "/api/v1/session", map[string]string{"username": user, "password": password}, http.StatusCreated, &out)
	if out.Token == "" {
		tb.Fatalf("sign-in as %s returned no token", user)
	}
	c.token = out.Token
	return c
}

func TestAPIEndToEnd(t *testing.T) {
	t.Parallel()
	base, ws := newServer(t)
	op := workspace.AsOperator(context.Background())
	for _, u := range []string{"mediator", "russia", "ukraine", "outsider"} {
		if _, err := ws.CreateAccount(op, workspace.AccountInput{Username: u, Password: "pw-" + u + "-long"}, false); err != nil {
			t.Fatal(err)
		}
	}
	anon := &client{tb: t, base: base}
	anon.wantError("POST", "/api/v1/session", map[string]string{"username": "russia", "password": "wrong"}, "", 401, parley.EUNAUTHORIZED, "")
	anon.wantError("POST", "/api/v1/session", map[string]string{"username": "nobody", "password": "wrong"}, "", 401, parley.EUNAUTHORIZED, "")
	anon.wantError("GET", "/api/v1/talks", nil, "", 401, parley.EUNAUTHORIZED, "")

	med := signIn(t, base, "mediator", "pw-mediator-long")
	ru := signIn(t, base, "russia", "pw-russia-long")
	ua := signIn(t, base, "ukraine", "pw-ukraine-long")
	out := signIn(t, base, "outsider", "pw-outsider-long")

	// Open talks, add parties and members.
	var talks struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
	}
	med.call("POST", "/api/v1/talks", map[string]string{"title": "Geneva round", "mediator_party": "Mediator"}, 201, &talks)
	tp := fmt.Sprintf("/api/v1/talks/%d", talks.ID)
	med.wantError("POST", "/api/v1/talks", map[string]string{"title": ""}, "", 400, parley.EINVALID, "title")
	med.wantError("POST", "/api/v1/talks", map[string]any{"title": "x", "colour": "red"}, "", 400, parley.EINVALID, "colour")
	med.wantError("POST", "/api/v1/talks", "{not json", "application/json", 400, parley.EINVALID, "body")

	var russia, ukraine parley.Party
	med.call("POST", tp+"/parties", map[string]any{"name": "Russia", "share_with_mediator_by_default": true}, 201, &russia)
	med.call("POST", tp+"/parties", map[string]any{"name": "Ukraine"}, 201, &ukraine)
	med.wantError("POST", tp+"/parties", map[string]any{"name": "Russia"}, "", 409, parley.ECONFLICT, "")
	med.call("POST", tp+"/members", map[string]any{"username": "russia", "party": russia.ID, "role": "principal"}, 201, nil)
	med.call("POST", tp+"/members", map[string]any{"username": "ukraine", "party_name": "Ukraine", "role": "negotiator"}, 201, nil)
	med.wantError("POST", tp+"/members", map[string]any{"username": "ghost", "party": russia.ID, "role": "principal"}, "", 400, parley.EINVALID, "username")
	ru.wantError("POST", tp+"/parties", map[string]any{"name": "Belarus"}, "", 403, parley.EFORBIDDEN, "")
	out.wantError("GET", tp, nil, "", 404, parley.ENOTFOUND, "")
	out.wantError("GET", tp+"/drafts", nil, "", 404, parley.ENOTFOUND, "")

	// Table draft 1 from Markdown.
	md := "# Draft one\n\n## Security\n\n1. **Ceasefire.** A ceasefire on signing.\n2. **Territory.** The line of contact in Donetsk is frozen.\n3. **Elections.** Elections within 100 days.\n"
	ru.wantError("POST", tp+"/drafts", md, "text/markdown", 403, parley.EFORBIDDEN, "")
	status, raw := med.do("POST", tp+"/drafts", md, "text/markdown")
	if status != 201 {
		t.Fatalf("tabling Markdown: got %d: %s", status, raw)
	}
	var d1 parley.Draft
	json.Unmarshal(raw, &d1)
	if d1.Number != 1 || len(d1.Points) != 4 || d1.Points[2].Number != "2" || d1.Points[2].Title != "Territory" {
		t.Fatalf("draft 1: got %+v", d1)
	}
	ceasefire, territory, elections := d1.Points[1].ID, d1.Points[2].ID, d1.Points[3].ID
	med.wantError("POST", tp+"/drafts", "1. ok {#abc}\n", "text/markdown", 400, parley.EINVALID, "markdown")
	med.wantError("PUT", tp+"/drafts/1", map[string]any{"points": []any{map[string]string{"text": "x"}}}, "", 409, parley.ECONFLICT, "")
	ua.wantError("PUT", tp+"/drafts/1", map[string]any{"points": []any{map[string]string{"text": "x"}}}, "", 409, parley.ECONFLICT, "")
	out.wantError("PUT", tp+"/drafts/1", map[string]any{"points": []any{map[string]string{"text": "x"}}}, "", 404, parley.ENOTFOUND, "")

	// Stances: Russia keeps its territory rationale from the mediator;
	// Ukraine shares with the mediator only.
	stance := func(c *client, point int64, v string, rationale string, share bool) {
		t.Helper()
		c.call("PUT", fmt.Sprintf("%s/drafts/1/points/%d/stance", tp, point), map[string]any{
			"stance": v, "rationale": rationale, "share_with_mediator": share}, 200, nil)
	}
	stance(ru, ceasefire, "acceptable", "RU-OPEN-ceasefire", true)
	stance(ru, territory, "unsuitable", "RU-SECRET-territory", false)
	stance(ru, elections, "needs_discussion", "RU-OPEN-elections", true)
	stance(ua, ceasefire, "acceptable", "UA-SHARED-ceasefire", true)
	stance(ua, territory, "unsuitable", "UA-SHARED-territory", true)
	ru.wantError("PUT", fmt.Sprintf("%s/drafts/1/points/%d/stance", tp, territory), map[string]any{"stance": "perhaps"}, "", 400, parley.EINVALID, "stance")
	med.wantError("PUT", fmt.Sprintf("%s/drafts/1/points/%d/stance", tp, territory), map[string]any{"stance": "acceptable"}, "", 403, parley.EFORBIDDEN, "")
	ru.wantError("PUT", fmt.Sprintf("%s/drafts/1/points/%d/stance", tp, 999999), map[string]any{"stance": "acceptable"}, "", 404, parley.ENOTFOUND, "")
	out.wantError("PUT", fmt.Sprintf("%s/drafts/1/points/%d/stance", tp, territory), map[string]any{"stance": "acceptable"}, "", 404, parley.ENOTFOUND, "")

	// Everything each party can fetch.
	fetchAll := func(c *client) string {
		var all strings.Builder
		for _, path := range []string{"", "/parties", "/members", "/drafts", "/drafts/1", "/drafts/1/stances", "/drafts/1/gap",
			"/convergence", fmt.Sprintf("/drafts/1/points/%d/stance/history", territory)} {
			status, raw := c.do("GET", tp+path, nil, "")
			if status != 200 {
				t.Fatalf("GET %s: got %d: %s", path, status, raw)
			}
			all.Write(raw)
		}
		return all.String()
	}
	ruSees, uaSees, medSees := fetchAll(ru), fetchAll(ua), fetchAll(med)
	for _, secret := range []string{"UA-SHARED-ceasefire", "UA-SHARED-territory"} {
		if strings.Contains(ruSees, secret) {
			t.Errorf("russia can fetch %q", secret)
		}
	}
	for _, secret := range []string{"RU-OPEN", "RU-SECRET"} {
		if strings.Contains(uaSees, secret) {
			t.Errorf("ukraine can fetch %q", secret)
		}
	}
	if strings.Contains(medSees, "RU-SECRET") {
		t.Errorf("the mediator can fetch russia's unshared stance")
	}
	for _, shared := range []string{"RU-OPEN-ceasefire", "UA-SHARED-territory"} {
		if !strings.Contains(medSees, shared) {
			t.Errorf("the mediator cannot fetch the shared %q", shared)
		}
	}

	// The gap map as the mediator sees it: territory is contested by
	// Ukraine only (Russia's mark is withheld), elections by Russia.
	var gm struct {
		Main *struct {
			ID    int64  `json:"id"`
			Label string `json:"label"`
		} `json:"main_point_of_contention"`
		Rows []struct {
			ID    int64 `json:"id"`
			Cells []struct {
				Party  int64  `json:"party"`
				Stance string `json:"stance"`
			} `json:"cells"`
		} `json:"rows"`
	}
	med.call("GET", tp+"/drafts/1/gap", nil, 200, &gm)
	if gm.Main == nil || gm.Main.ID != territory || gm.Main.Label != "2 Territory" {
		t.Errorf("main point: got %+v, want 2 Territory", gm.Main)
	}
	for _, r := range gm.Rows {
		if r.ID == territory && r.Cells[0].Stance != "withheld" {
			t.Errorf("mediator's map shows russia's territory stance as %q, want withheld", r.Cells[0].Stance)
		}
	}

	// Draft 2 in JSON: territory amended, elections removed, a new point.
	d2in := map[string]any{"title": "Draft two", "points": []any{
		map[string]any{"id": d1.Points[0].ID, "kind": "section", "title": "Security", "points": []any{
			map[string]any{"id": ceasefire, "title": "Ceasefire", "text": "A ceasefire on signing."},
			map[string]any{"id": territory, "title": "Territory", "text": "The line of contact in Donetsk is frozen under monitoring."},
			map[string]any{"title": "Prisoners", "text": "All for all."},
		}},
	}}
	var d2 parley.Draft
	med.call("POST", tp+"/drafts", d2in, 201, &d2)
	var df struct {
		Counts  map[string]int `json:"counts"`
		Changes []struct {
			ID     int64  `json:"id"`
			Change string `json:"change"`
			Words  []struct {
				Op   string `json:"op"`
				Text string `json:"text"`
			} `json:"words"`
		} `json:"changes"`
	}
	ua.call("GET", tp+"/diff?from=1&to=2", nil, 200, &df)
	if df.Counts["amended"] != 1 || df.Counts["removed"] != 1 || df.Counts["new"] != 1 {
		t.Errorf("diff counts: got %v, want 1 amended, 1 removed, 1 new", df.Counts)
	}
	for _, c := range df.Changes {
		if c.ID == territory {
			if len(c.Words) != 3 || c.Words[1].Op != "insert" || c.Words[1].Text != " under monitoring" {
				t.Errorf("territory words: got %+v, want \" under monitoring\" inserted", c.Words)
			}
		}
	}
	ua.wantError("GET", tp+"/diff?from=1", nil, "", 400, parley.EINVALID, "to")
	ua.wantError("GET", tp+"/diff?from=1&to=9", nil, "", 400, parley.EINVALID, "to")

	var conv struct {
		Drafts  []struct{ Points int } `json:"drafts"`
		Verdict string                 `json:"verdict"`
	}
	med.call("GET", tp+"/convergence", nil, 200, &conv)
	if len(conv.Drafts) != 2 || conv.Verdict == "" {
		t.Errorf("convergence: got %+v", conv)
	}
	status, raw = ua.do("GET", tp+"/drafts/2?format=markdown", nil, "")
	if status != 200 || !strings.Contains(string(raw), fmt.Sprintf("**Territory.** The line of contact in Donetsk is frozen under monitoring. {#%d}", territory)) {
		t.Errorf("draft 2 as Markdown: got %d %s", status, raw)
	}

	// Sign out: the token stops working.
	ru.call("DELETE", "/api/v1/session", nil, 204, nil)
	ru.wantError("GET", "/api/v1/talks", nil, "", 401, parley.EUNAUTHORIZED, "")
}

// TestDemoOverHTTP checks the demo's visibility rules as curl users would
// meet them: nothing Russia can fetch holds Ukraine's rationales, and the
// other way round.
func TestDemoOverHTTP(t *testing.T) {
	t.Parallel()
	base, _, tid := newDemoServer(t)
	tp := fmt.Sprintf("/api/v1/talks/%d", tid)
	fetch := func(user string) string {
		c := signIn(t, base, user, demo.Password)
		var b strings.Builder
		paths := []string{"", "/drafts", "/convergence", "/diff?from=1&to=5"}
		for n := 1; n <= 5; n++ {
			paths = append(paths, fmt.Sprintf("/drafts/%d", n), fmt.Sprintf("/drafts/%d/stances", n), fmt.Sprintf("/drafts/%d/gap", n))
		}
		for _, p := range paths {
			b.Write(c.call("GET", tp+p, nil, 200, nil))
		}
		return b.String()
	}
	ru, ua, med := fetch("russia"), fetch("ukraine"), fetch("mediator")
	if strings.Contains(ru, "Ukraine: ") {
		t.Errorf("russia can fetch a rationale of Ukraine's")
	}
	if strings.Contains(ua, "Russia: ") {
		t.Errorf("ukraine can fetch a rationale of Russia's")
	}
	if !strings.Contains(med, "Russia: ") || !strings.Contains(med, "Ukraine: ") {
		t.Errorf("the mediator cannot fetch the rationales both parties shared")
	}
	if !strings.Contains(med, "main point of contention: 7 Territory") {
		t.Errorf("the mediator's verdict does not name territory as the main point of contention")
	}
}
