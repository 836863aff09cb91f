package http

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/workspace"
)

// TestOpenAPIResponsesMatchSchemas calls every operation of openapi.json
// on a server holding the demo talks, resource by resource, and checks
// each exchange against the document (see apiTest) as well as what the
// answers say. The steps run in order, each a subtest, and build on one
// another: the accounts signed in, the talks and drafts made, the
// messages sent. A step that stops (t.Fatal) stops the test, since the
// steps after it would fail for want of what it makes.
func TestOpenAPIResponsesMatchSchemas(t *testing.T) {
	t.Parallel()
	s := newAPIScenario(t)
	for _, step := range []struct {
		name string
		run  func(*apiScenario, *testing.T)
	}{
		{"session", (*apiScenario).session},
		{"accounts", (*apiScenario).accounts},
		{"administration", (*apiScenario).administration},
		{"demo talks", (*apiScenario).demoTalks},
		{"draft files", (*apiScenario).draftFiles},
		{"stances", (*apiScenario).stances},
		{"marking progress", (*apiScenario).markingProgress},
		{"carried-over stances", (*apiScenario).carriedStances},
		{"amendments", (*apiScenario).amendments},
		{"corrections", (*apiScenario).corrections},
		{"comments", (*apiScenario).comments},
		{"new talks", (*apiScenario).newTalks},
		{"invitations and members", (*apiScenario).invitations},
		{"safe writes", (*apiScenario).safeWrites},
		{"analysis views", (*apiScenario).analysisViews},
		{"analysis run", (*apiScenario).analysisRun},
		{"analysis adjusted winner", (*apiScenario).adjustedWinner},
		{"analysis shares", (*apiScenario).analysisShares},
		{"analysis improvements", (*apiScenario).improvements},
		{"analysis wordings", (*apiScenario).wordings},
		{"analysis profiles", (*apiScenario).analysisProfiles},
		{"issue space", (*apiScenario).issueSpace},
		{"guided preferences", (*apiScenario).guidedPreferences},
		{"errors", (*apiScenario).errors},
		{"account keys", (*apiScenario).accountKeys},
		{"member keys", (*apiScenario).memberKeys},
		{"messages", (*apiScenario).messages},
		{"sending messages", (*apiScenario).sendingMessages},
		{"meetings", (*apiScenario).meetings},
		{"meeting notes", (*apiScenario).meetingNotes},
		{"statements", (*apiScenario).statements},
		{"disclosure guard", (*apiScenario).disclosureGuard},
		{"itinerary", (*apiScenario).itinerary},
		{"timeline", (*apiScenario).timeline},
		{"audit log", (*apiScenario).auditLog},
		{"audit proofs", (*apiScenario).auditProofs},
		{"decisions: confidentiality", (*apiScenario).confidentiality},
		{"decisions: disclosure", (*apiScenario).disclosure},
		{"languages", (*apiScenario).languages},
		{"decisions: sign-off", (*apiScenario).signOff},
		{"decisions: agreement", (*apiScenario).agreement},
		{"unknown route", (*apiScenario).unknownRoute},
		{"password change", (*apiScenario).passwordChange},
		{"sign-out", (*apiScenario).signOut},
		{"sign-in rate limit", (*apiScenario).rateLimit},
	} {
		finished := false
		t.Run(step.name, func(t *testing.T) {
			s.a = s.api.with(t)
			step.run(s, t)
			finished = true
		})
		if !finished {
			t.Fatalf("step %q stopped; the steps after it build on what it makes", step.name)
		}
	}

	// Every operation was exercised, successfully.
	for _, name := range sortedKeys(s.api.ops) {
		if !s.api.succeeded[name] {
			t.Errorf("%s: got no successful call in this test, want one: call every operation of openapi.json", name)
		}
	}
}

// apiScenario is what the steps of TestOpenAPIResponsesMatchSchemas share:
// the server, and what earlier steps made for later ones.
type apiScenario struct {
	api *apiTest // bound to the parent test
	a   *apiTest // bound to the step's subtest
	url string
	tid int64 // the demo talks

	// Bearer tokens, and the paths and objects the steps make.
	ua           string
	ru           string
	admin        string
	med          string
	adviser      string
	obs          string
	delegate     string
	T            string
	point        int64
	draft5       any
	ids          []int64
	T2           string
	ids2         []int64
	section      int64
	S            string
	AN           string
	uaProfile    any
	ruID         int64
	uaID         int64
	ruEnvoy      string
	views        map[string]any
	uaNegotiator string
	ruProfile    any
	run          any
	usEnvoy      string
	ownKey       any
	identity     *age.X25519Identity
	usPrincipal  string
	recipient    map[string]string
	usID         int64
	MT           string
	ST           string
	ruAide       string
	D            string
	public5      string
	yes          map[string]any
}

const adminPassword = "admin-password"

// newAPIScenario starts a server on a fresh database holding the demo
// talks and an administrator.
func newAPIScenario(t *testing.T) *apiScenario {
	t.Helper()
	ctx := context.Background()
	master, err := seal.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"), master)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ws := workspace.New(db)
	tid, err := demo.Load(ctx, ws)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ws.CreateAccount(workspace.AsOperator(ctx), workspace.AccountInput{Username: "admin", Password: adminPassword, Admin: true}, false); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewServer(ws, nil))
	t.Cleanup(srv.Close)
	return &apiScenario{api: newAPITest(t, srv.URL), url: srv.URL, tid: tid}
}

// signIn signs in over the API and returns the bearer token.
func (s *apiScenario) signIn(t *testing.T, user, password string) string {
	t.Helper()
	v := s.a.call("", "POST", "/api/v1/session", map[string]any{"username": user, "password": password}, 201)
	tok, _ := at(t, v, "token").(string)
	if tok == "" || at(t, v, "account", "username") != user {
		t.Fatalf("signing in as %s: got %v, want a token and the account", user, v)
	}
	return tok
}

// partyID is the party of the holder of tok in the demo talks.
func (s *apiScenario) partyID(t *testing.T, tok string) int64 {
	t.Helper()
	return atInt(t, s.a.call(tok, "GET", s.T, nil, 200), "you", "party")
}

// decisionAt is the path of a decision of the demo talks.
func (s *apiScenario) decisionAt(t *testing.T, d any) string {
	t.Helper()
	return fmt.Sprintf("%s/%d", s.D, atInt(t, d, "id"))
}

// status checks a decision's status.
func (s *apiScenario) status(t *testing.T, what string, d any, want string) {
	t.Helper()
	if got := at(t, d, "status"); got != want {
		t.Errorf("%s: got decision status %v, want %s: %v", what, got, want, d)
	}
}

// talksField is a field of the demo talks as the observer sees them.
func (s *apiScenario) talksField(t *testing.T, field string) any {
	t.Helper()
	v, _ := s.a.call(s.obs, "GET", s.T, nil, 200).(map[string]any)
	return v[field]
}

// Public: the document and sign-in.
func (s *apiScenario) session(t *testing.T) {
	a := s.a
	if got := a.call("", "GET", "/api/v1/openapi.json", nil, 200); got == nil {
		t.Fatal("GET /api/v1/openapi.json: got no document")
	}
	med := s.signIn(t, "mediator", demo.Password)
	adviser := s.signIn(t, "us-adviser", demo.Password)
	ru := s.signIn(t, "russia", demo.Password)
	ua := s.signIn(t, "ukraine", demo.Password)
	obs := s.signIn(t, "observer", demo.Password)
	admin := s.signIn(t, "admin", adminPassword)
	a.call("", "POST", "/api/v1/session", map[string]any{"username": "mediator", "password": "wrong"}, 401)
	a.call("", "POST", "/api/v1/session", map[string]any{"username": "mediator", "pass": "demo"}, 400)
	s.ua = ua
	s.ru = ru
	s.admin = admin
	s.med = med
	s.adviser = adviser
	s.obs = obs
}

// Accounts.
func (s *apiScenario) accounts(t *testing.T) {
	a := s.a
	admin, med := s.admin, s.med
	a.call(med, "GET", "/api/v1/account", nil, 200)
	a.call(admin, "GET", "/api/v1/account", nil, 200)
	a.call(admin, "POST", "/api/v1/accounts", map[string]any{"username": "delegate", "display_name": "A Delegate", "password": "long-enough"}, 201)
	a.call(admin, "POST", "/api/v1/accounts", map[string]any{"username": "delegate", "password": "long-enough"}, 409)
	a.call(med, "POST", "/api/v1/accounts", map[string]any{"username": "another", "password": "long-enough"}, 403)
	delegate := s.signIn(t, "delegate", "long-enough")
	s.delegate = delegate
}

// The demo talks, as each kind of member sees them.
func (s *apiScenario) demoTalks(t *testing.T) {
	a := s.a
	ru, med, adviser, obs, delegate := s.ru, s.med, s.adviser, s.obs, s.delegate
	T := fmt.Sprintf("/api/v1/talks/%d", s.tid)
	for _, tok := range []string{med, adviser, ru, obs} {
		a.call(tok, "GET", "/api/v1/talks", nil, 200)
		a.call(tok, "GET", T, nil, 200)
		a.call(tok, "GET", T+"/parties", nil, 200)
		a.call(tok, "GET", T+"/members", nil, 200)
		if ds := a.call(tok, "GET", T+"/drafts", nil, 200).([]any); len(ds) != 5 {
			t.Fatalf("GET %s/drafts: got %d drafts, want the demo's 5", T, len(ds))
		}
		a.call(tok, "GET", T+"/drafts/1", nil, 200)
		a.call(tok, "GET", T+"/drafts/5", nil, 200)
		a.call(tok, "GET", T+"/drafts/5/stances", nil, 200)
		a.call(tok, "GET", T+"/drafts/3/gap", nil, 200)
		a.call(tok, "GET", T+"/drafts/5/gap", nil, 200)
		a.call(tok, "GET", T+"/convergence", nil, 200)
		a.call(tok, "GET", T+"/diff?from=1&to=5", nil, 200)
		a.call(tok, "GET", T+"/diff?from=2&to=3", nil, 200)
		a.call(tok, "GET", T+"/diff?from=4&to=4", nil, 200)
	}
	a.call(delegate, "GET", "/api/v1/talks", nil, 200)
	md, _ := a.call(med, "GET", T+"/drafts/5?format=markdown", nil, 200).(string)
	if !strings.HasPrefix(md, "# ") {
		t.Errorf("GET %s/drafts/5?format=markdown: got %.40q, want Markdown starting with the title", T, md)
	}
	a.call(obs, "GET", T+"/drafts/2?format=markdown&markers=false", nil, 200)
	s.T = T
}

// Drafts as files to download, and a Word redline.
func (s *apiScenario) draftFiles(t *testing.T) {
	a := s.a
	ru, med, obs, delegate, T := s.ru, s.med, s.obs, s.delegate, s.T
	for _, c := range []struct{ format, start string }{
		{"md", "# "}, {"markdown", "# "}, {"docx", "PK\x03\x04"}, {"pdf", "%PDF-"}, {"akn", "<?xml"},
	} {
		file, _ := a.call(obs, "GET", T+"/drafts/5/export?format="+c.format, nil, 200).(string)
		if !strings.HasPrefix(file, c.start) {
			t.Errorf("GET %s/drafts/5/export?format=%s: got %.20q, want a file starting %q", T, c.format, file, c.start)
		}
	}
	if file, _ := a.call(ru, "GET", T+"/redline?from=4&to=5", nil, 200).(string); !strings.HasPrefix(file, "PK\x03\x04") {
		t.Errorf("GET %s/redline?from=4&to=5: got %.20q, want a Word document", T, file)
	}
	bad := a.call(ru, "GET", T+"/drafts/5/export?format=rtf", nil, 400)
	if at(t, bad, "error", "field") != "format" {
		t.Errorf("GET %s/drafts/5/export?format=rtf: got error %v, want one naming the field format", T, bad)
	}
	a.call(ru, "GET", T+"/drafts/5/export", nil, 400)
	a.call(ru, "GET", T+"/drafts/9/export?format=md", nil, 404)
	a.call(med, "GET", T+"/drafts/working/export?format=md", nil, 404) // none in the demo talks
	a.call(delegate, "GET", T+"/drafts/5/export?format=md", nil, 404)
	a.call(ru, "GET", T+"/redline?from=5&to=4", nil, 400)
	a.call(ru, "GET", T+"/redline?from=4", nil, 400)
	a.call(delegate, "GET", T+"/redline?from=4&to=5", nil, 404)
}

func (s *apiScenario) stances(t *testing.T) {
	a := s.a
	ua, ru, med, obs, T := s.ua, s.ru, s.med, s.obs, s.T
	draft5 := a.call(med, "GET", T+"/drafts/5", nil, 200)
	point := markable(t, draft5)[0]
	P := fmt.Sprintf("%s/drafts/5/points/%d/stance", T, point)
	if h := a.call(ru, "GET", P+"/history", nil, 200).([]any); len(h) == 0 {
		t.Errorf("GET %s/history as russia: got no versions, want the demo's stance", P)
	}
	a.call(med, "GET", P+"/history", nil, 200)
	// Proposed wording is an amendment now: a stance with some is refused
	// (naming the amendments route); sent empty, it is accepted.
	a.call(ru, "PUT", P, map[string]any{"stance": "needs_discussion", "proposed_wording": "A new text."}, 400)
	a.call(ru, "PUT", P, map[string]any{"stance": "needs_discussion", "rationale": "On reflection.", "proposed_wording": "", "share_with_mediator": nil, "released_to_all": true}, 200)
	if h := a.call(ru, "GET", P+"/history", nil, 200).([]any); len(h) < 2 {
		t.Errorf("GET %s/history as russia: got %d versions, want at least 2", P, len(h))
	}
	a.call(ua, "PUT", P, map[string]any{"stance": "acceptable", "share_with_mediator": false}, 200)
	released := 0
	for _, s := range a.call(obs, "GET", T+"/drafts/5/stances", nil, 200).([]any) {
		if at(t, s, "released_to_all") != true {
			t.Errorf("GET %s/drafts/5/stances as observer: got a stance not released to all: %v", T, s)
		}
		released++
	}
	if released == 0 {
		t.Errorf("GET %s/drafts/5/stances as observer: got none, want russia's released stance", T)
	}
	a.call(med, "GET", T+"/drafts/5/gap", nil, 200)
	s.point = point
	s.draft5 = draft5
}

// New talks: parties, members, drafts through the working draft.
func (s *apiScenario) newTalks(t *testing.T) {
	a := s.a
	ua, ru, med, adviser, obs, T := s.ua, s.ru, s.med, s.adviser, s.obs, s.T
	tv := a.call(med, "POST", "/api/v1/talks", map[string]any{"title": "Test talks", "description": "For the OpenAPI test.", "mediator_party": "Chair"}, 201)
	T2 := fmt.Sprintf("/api/v1/talks/%d", atInt(t, tv, "id"))
	a.call(med, "PATCH", T2, map[string]any{"description": "Changed.", "title": nil}, 200)
	north := a.call(med, "POST", T2+"/parties", map[string]any{"name": "North", "share_with_mediator_by_default": true}, 201)
	a.call(med, "POST", T2+"/parties", map[string]any{"name": "South", "kind": "party"}, 201)
	a.call(med, "POST", T2+"/parties", map[string]any{"name": "Guests", "kind": "observer"}, 201)
	a.call(med, "POST", T2+"/members", map[string]any{"username": "russia", "party": atInt(t, north, "id"), "role": "principal"}, 201)
	a.call(med, "POST", T2+"/members", map[string]any{"username": "ukraine", "party_name": "South", "role": "negotiator"}, 201)
	a.call(med, "POST", T2+"/members", map[string]any{"username": "observer", "party_name": "Guests", "role": "observer"}, 201)
	a.call(ru, "POST", T2+"/members", map[string]any{"username": "delegate", "party_name": "North", "role": "adviser"}, 201)
	a.call(ru, "GET", T2, nil, 200)
	a.call(med, "GET", T2+"/drafts", nil, 200)
	a.call(med, "GET", T2+"/convergence", nil, 200)

	d1 := a.call(med, "POST", T2+"/drafts", map[string]any{
		"title": "First draft",
		"note":  "To begin with.",
		"points": []any{
			map[string]any{"kind": "section", "title": "General", "points": []any{
				map[string]any{"title": "Talks", "text": "The parties meet every week."},
				map[string]any{"text": "The border runs along the river and the ridge.", "points": []any{
					map[string]any{"text": "Crossings stay open."},
				}},
				map[string]any{"text": "Trade resumes."},
			}},
		},
	}, 201)
	ids := markable(t, d1) // talks, border, crossings, trade
	section := atInt(t, d1, "points", 0, "id")
	a.call(med, "PUT", T2+"/drafts/working", markdownBody(fmt.Sprintf(
		"# Second draft\n\nRevised.\n\n## General {#%d}\n\n1. **Talks.** The parties meet every month. {#%d}\n2. The border runs along the river. {#%d}\n3. A new point.\n",
		section, ids[0], ids[1])), 200)
	a.call(med, "GET", T2+"/drafts/working", nil, 200)
	a.call(adviser, "GET", T+"/drafts/working", nil, 404) // no working draft in the demo talks
	a.call(ru, "GET", T2+"/drafts/working", nil, 404)
	a.call(med, "GET", T2+"/drafts/working?format=markdown", nil, 200)
	if file, _ := a.call(med, "GET", T2+"/drafts/working/export?format=docx", nil, 200).(string); !strings.HasPrefix(file, "PK\x03\x04") {
		t.Errorf("GET %s/drafts/working/export?format=docx as the mediator: got %.20q, want a Word document", T2, file)
	}
	a.call(ru, "GET", T2+"/drafts/working/export?format=md", nil, 404)
	a.call(med, "DELETE", T2+"/drafts/working", nil, 204)
	a.call(med, "GET", T2+"/drafts/working", nil, 404)
	a.call(med, "PUT", T2+"/drafts/working", map[string]any{
		"title": "Second draft",
		"points": []any{
			map[string]any{"id": section, "kind": "section", "title": "General", "points": []any{
				map[string]any{"id": ids[0], "title": "Talks", "text": "The parties meet every month."},
				map[string]any{"from": []any{ids[1]}, "text": "The border runs along the river."},
				map[string]any{"from": []any{ids[1]}, "text": "The ridge is demilitarised."},
			}},
			map[string]any{"kind": "section", "title": "Economy", "points": []any{
				map[string]any{"id": ids[3], "text": "Trade resumes in spring."},
			}},
		},
	}, 200)
	d2 := a.call(med, "POST", T2+"/drafts/working/table", nil, 201)
	if n := atInt(t, d2, "number"); n != 2 {
		t.Fatalf("POST %s/drafts/working/table: got draft %d, want 2", T2, n)
	}
	ids2 := markable(t, d2)
	S := fmt.Sprintf("%s/drafts/2/points/%d/stance", T2, ids2[1])
	a.call(ru, "PUT", S, map[string]any{"stance": "unsuitable", "rationale": "The ridge is ours."}, 200)
	a.call(ru, "PUT", S, map[string]any{"stance": "needs_discussion", "rationale": "Perhaps."}, 200)
	a.call(ua, "PUT", S, map[string]any{"stance": "acceptable", "share_with_mediator": true}, 200)
	for _, tok := range []string{med, ru, ua, obs} {
		a.call(tok, "GET", T2+"/drafts/2/stances", nil, 200)
		a.call(tok, "GET", T2+"/drafts/2/gap", nil, 200)
		a.call(tok, "GET", S+"/history", nil, 200)
		a.call(tok, "GET", T2+"/convergence", nil, 200)
		a.call(tok, "GET", T2+"/diff?from=1&to=2", nil, 200)
	}
	s.ids = ids
	s.T2 = T2
	s.ids2 = ids2
	s.section = section
	s.S = S
}

// Analysis of the demo talks: the issue space every member sees, each
// negotiating party's own profile, the mediator's analysis, and the
// packages it shares.
func (s *apiScenario) analysisViews(t *testing.T) {
	a := s.a
	ua, ru, med, adviser, obs, delegate, T := s.ua, s.ru, s.med, s.adviser, s.obs, s.delegate, s.T
	ruEnvoy := s.signIn(t, "russia-envoy", demo.Password)
	uaNegotiator := s.signIn(t, "ukraine-negotiator", demo.Password)
	AN := T + "/analysis"
	ruID, uaID := s.partyID(t, ru), s.partyID(t, ua)
	type analysisViewer struct {
		who, tok           string
		party              int64 // whose profile it sees; 0 for none
		mediatorParty, run bool
	}
	viewers := []analysisViewer{
		{"mediator", med, 0, true, true}, {"us-adviser", adviser, 0, true, false},
		{"russia", ru, ruID, false, false}, {"russia-envoy", ruEnvoy, ruID, false, false},
		{"ukraine", ua, uaID, false, false}, {"ukraine-negotiator", uaNegotiator, uaID, false, false},
		{"observer", obs, 0, false, false},
	}
	views := map[string]any{}
	for _, c := range viewers {
		v := a.call(c.tok, "GET", AN, nil, 200)
		views[c.who] = v
		issues := at(t, v, "space", "issues").([]any)
		if len(issues) != 6 {
			t.Errorf("GET %s as %s: got %d issues, want the demo's 6", AN, c.who, len(issues))
		}
		for i := range issues {
			if ps, _ := at(t, issues[i], "points").([]any); len(ps) == 0 {
				t.Errorf("GET %s as %s: got issue %v linked to no point, want each demo issue linked to one", AN, c.who, at(t, issues[i], "name"))
			}
		}
		if sh := at(t, v, "shared").([]any); len(sh) != 1 || at(t, sh[0], "label") != "Nash bargaining solution" {
			t.Errorf("GET %s as %s: got shared %v, want the demo's Nash package", AN, c.who, sh)
		}
		vm := v.(map[string]any)
		if p, has := vm["my_profile"]; has != (c.party != 0) || has && atInt(t, p, "party") != c.party {
			t.Errorf("GET %s as %s: got my_profile %v, want that of party %d only (0: none)", AN, c.who, p, c.party)
		}
		if from, has := vm["profiles_from"]; has != c.mediatorParty || has && compact(from) != `["Russia","Ukraine"]` {
			t.Errorf("GET %s as %s: got profiles_from %v, want Russia and Ukraine to the mediator party only", AN, c.who, from)
		}
		if vm["can_run"] != c.run || vm["can_edit_profile"] != (c.party != 0) {
			t.Errorf("GET %s as %s: got can_run %v, can_edit_profile %v; want %v, %v", AN, c.who, vm["can_run"], vm["can_edit_profile"], c.run, c.party != 0)
		}
	}
	ruProfile, uaProfile := at(t, views["russia"], "my_profile"), at(t, views["ukraine"], "my_profile")
	if compact(at(t, views["russia-envoy"], "my_profile")) != compact(ruProfile) {
		t.Errorf("GET %s: got russia-envoy's my_profile %v, want its party's, as russia sees it: %v", AN, at(t, views["russia-envoy"], "my_profile"), ruProfile)
	}
	if compact(at(t, ruProfile, "weights")) == compact(at(t, uaProfile, "weights")) || compact(at(t, ruProfile, "evaluations")) == compact(at(t, uaProfile, "evaluations")) {
		t.Errorf("GET %s: got the same profile for Russia and Ukraine, want each its own: %v", AN, ruProfile)
	}
	for who, v := range views {
		body := compact(v)
		if who != "russia" && who != "russia-envoy" && strings.Contains(body, compact(at(t, ruProfile, "evaluations"))) {
			t.Errorf("GET %s as %s: got Russia's evaluations, want them to Russia only", AN, who)
		}
		if who != "ukraine" && who != "ukraine-negotiator" && strings.Contains(body, compact(at(t, uaProfile, "evaluations"))) {
			t.Errorf("GET %s as %s: got Ukraine's evaluations, want them to Ukraine only", AN, who)
		}
	}
	a.call(delegate, "GET", AN, nil, 404)
	s.AN = AN
	s.uaProfile = uaProfile
	s.ruID = ruID
	s.uaID = uaID
	s.ruEnvoy = ruEnvoy
	s.views = views
	s.uaNegotiator = uaNegotiator
	s.ruProfile = ruProfile
}

// The mediator's analysis: utilities and packages, never weights.
func (s *apiScenario) analysisRun(t *testing.T) {
	a := s.a
	ua, ru, med, adviser, obs, delegate, AN, ruEnvoy, views := s.ua, s.ru, s.med, s.adviser, s.obs, s.delegate, s.AN, s.ruEnvoy, s.views
	var bad any
	run := a.call(med, "POST", AN+"/run", nil, 200)
	if compact(at(t, run, "parties")) != `["Russia","Ukraine"]` || at(t, run, "outcomes") != "729" {
		t.Errorf("POST %s/run: got parties %v of %v packages, want Russia and Ukraine of 3⁶ = 729", AN, at(t, run, "parties"), at(t, run, "outcomes"))
	}
	if at(t, run, "zopa", "exists") != true || at(t, run, "nash") == nil ||
		compact(at(t, run, "nash", "package")) != compact(at(t, views["russia"], "shared", 0, "package")) {
		t.Errorf("POST %s/run: got zopa %v, Nash %v; want a zone and the Nash package the demo shared", AN, at(t, run, "zopa"), at(t, run, "nash"))
	}
	if n := atInt(t, run, "frontier_points"); n != int64(len(at(t, run, "frontier").([]any))) {
		t.Errorf("POST %s/run: got %d frontier points but %d listed, want all listed", AN, n, len(at(t, run, "frontier").([]any)))
	}
	for _, secret := range []string{"weights", "evaluations", "reservation"} {
		if strings.Contains(compact(run), secret) {
			t.Errorf("POST %s/run: got %q in the mediator's analysis, want no party's preferences", AN, secret)
		}
	}
	approx := a.call(med, "POST", AN+"/run", map[string]any{"epsilon": 0.1}, 200)
	if at(t, approx, "epsilon") != json.Number("0.1") || atInt(t, approx, "frontier_points") > atInt(t, run, "frontier_points") {
		t.Errorf("POST %s/run with epsilon 0.1: got epsilon %v and %d points, want 0.1 and at most the exact frontier's %d",
			AN, at(t, approx, "epsilon"), atInt(t, approx, "frontier_points"), atInt(t, run, "frontier_points"))
	}
	// Only the mediator runs it: not the parties, its own team or observers.
	for _, tok := range []string{ru, ruEnvoy, ua, adviser, obs} {
		a.call(tok, "POST", AN+"/run", nil, 403)
	}
	a.call(delegate, "POST", AN+"/run", nil, 404)
	bad = a.call(med, "POST", AN+"/run", map[string]any{"epsilon": 1}, 400)
	if at(t, bad, "error", "field") != "epsilon" {
		t.Errorf("POST %s/run with epsilon 1: got error %v, want one naming the field epsilon", AN, bad)
	}
	s.run = run
}

// Sharing a package: every member sees it.
func (s *apiScenario) analysisShares(t *testing.T) {
	a := s.a
	ua, ru, med, obs, AN, run := s.ua, s.ru, s.med, s.obs, s.AN, s.run
	var bad any
	util := at(t, run, "utilitarian", "package")
	share := a.call(med, "POST", AN+"/shares", map[string]any{"label": "Utilitarian solution", "package": util}, 201)
	for _, tok := range []string{ru, ua, obs} {
		sh := at(t, a.call(tok, "GET", AN, nil, 200), "shared").([]any)
		if len(sh) != 2 || compact(sh[1]) != compact(share) {
			t.Errorf("GET %s: got shared %v, want the demo's and %v", AN, sh, share)
		}
	}
	a.call(ru, "POST", AN+"/shares", map[string]any{"label": "Ours", "package": util}, 403)
	partial := map[string]any{}
	for k, v := range util.(map[string]any) {
		partial[k] = v
	}
	delete(partial, "NATO")
	bad = a.call(med, "POST", AN+"/shares", map[string]any{"label": "Partial", "package": partial}, 400)
	if at(t, bad, "error", "field") != "package" {
		t.Errorf("POST %s/shares with an issue left out: got error %v, want one naming the field package", AN, bad)
	}
	bad = a.call(med, "POST", AN+"/shares", map[string]any{"label": " ", "package": util}, 400)
	if at(t, bad, "error", "field") != "label" {
		t.Errorf("POST %s/shares with a blank label: got error %v, want one naming the field label", AN, bad)
	}
}

// A party's member re-enters its profile; its own members see it, the
// other party still its own.
func (s *apiScenario) analysisProfiles(t *testing.T) {
	a := s.a
	ua, ru, med, adviser, obs, delegate, AN, uaProfile, ruID, ruEnvoy, uaNegotiator, ruProfile := s.ua, s.ru, s.med, s.adviser, s.obs, s.delegate, s.AN, s.uaProfile, s.ruID, s.ruEnvoy, s.uaNegotiator, s.ruProfile
	var bad any
	ruInput := map[string]any{"weights": at(t, ruProfile, "weights"), "evaluations": at(t, ruProfile, "evaluations"), "reservation": 0.25}
	newRU := a.call(ru, "PUT", AN+"/profile", ruInput, 200)
	if atInt(t, newRU, "party") != ruID || at(t, newRU, "reservation") != json.Number("0.25") {
		t.Errorf("PUT %s/profile as russia: got %v, want Russia's profile with reservation 0.25", AN, newRU)
	}
	if got := at(t, a.call(ruEnvoy, "GET", AN, nil, 200), "my_profile"); compact(got) != compact(newRU) {
		t.Errorf("GET %s as russia-envoy: got my_profile %v, want the one russia entered: %v", AN, got, newRU)
	}
	if got := at(t, a.call(uaNegotiator, "GET", AN, nil, 200), "my_profile"); compact(got) != compact(uaProfile) {
		t.Errorf("GET %s as ukraine-negotiator: got my_profile %v, want Ukraine's, unchanged: %v", AN, got, uaProfile)
	}
	for _, c := range []struct {
		what, field string
		in          map[string]any
	}{
		{"an unknown issue", "weights", map[string]any{"weights": map[string]any{"Fishing": 1}}},
		{"an unknown issue", "evaluations", map[string]any{"weights": map[string]any{"NATO": 1}, "evaluations": map[string]any{"Fishing": map[string]any{"Yes": 1}}}},
		{"an unknown option", "evaluations", map[string]any{"weights": map[string]any{"NATO": 1}, "evaluations": map[string]any{"NATO": map[string]any{"Maybe": 1}}}},
		{"a negative weight", "weights", map[string]any{"weights": map[string]any{"NATO": 1, "Sanctions": -0.5}}},
		{"a negative evaluation", "evaluations", map[string]any{"weights": map[string]any{"NATO": 1}, "evaluations": map[string]any{"NATO": map[string]any{"No bar": -1}}}},
		{"no weight above 0", "weights", map[string]any{"weights": map[string]any{"NATO": 0}}},
		{"a reservation above 1", "reservation", map[string]any{"weights": map[string]any{"NATO": 1}, "reservation": 1.5}},
	} {
		bad = a.call(ua, "PUT", AN+"/profile", c.in, 400)
		if at(t, bad, "error", "field") != c.field {
			t.Errorf("PUT %s/profile with %s: got error %v, want one naming the field %s", AN, c.what, bad, c.field)
		}
	}
	a.call(ua, "PUT", AN+"/profile", map[string]any{"weights": map[string]any{"NATO": 1}, "rank": 1}, 400) // unknown field
	// The mediator party and observers enter no profile.
	for _, tok := range []string{med, adviser, obs} {
		a.call(tok, "PUT", AN+"/profile", map[string]any{"weights": map[string]any{"NATO": 1}}, 403)
	}
	a.call(delegate, "PUT", AN+"/profile", map[string]any{"weights": map[string]any{"NATO": 1}}, 404)
	if got := at(t, a.call(ua, "GET", AN, nil, 200), "my_profile"); compact(got) != compact(uaProfile) {
		t.Errorf("GET %s as ukraine after failed PUTs: got my_profile %v, want it unchanged: %v", AN, got, uaProfile)
	}
}

// A new issue space, in the test talks: the mediator defines it over
// the latest draft's points; the analysis needs two profiles.
func (s *apiScenario) issueSpace(t *testing.T) {
	a := s.a
	ua, ru, med, adviser, obs, T, ids, T2, ids2 := s.ua, s.ru, s.med, s.adviser, s.obs, s.T, s.ids, s.T2, s.ids2
	var bad any
	AN2 := T2 + "/analysis"
	if v := a.call(med, "GET", AN2, nil, 200).(map[string]any); len(at(t, v, "space", "issues").([]any)) != 0 || len(at(t, v, "shared").([]any)) != 0 || v["profiles_from"] != nil {
		t.Errorf("GET %s before any issue space: got %v, want no issues, shares or profiles", AN2, v)
	}
	a.call(ru, "PUT", AN2+"/profile", map[string]any{"weights": map[string]any{"Border": 1}}, 404)
	a.call(med, "POST", AN2+"/run", nil, 404)
	a.call(med, "POST", AN2+"/shares", map[string]any{"label": "Early", "package": map[string]any{"Border": "River"}}, 404)
	space := map[string]any{"issues": []any{
		map[string]any{"name": "Border", "options": []any{"River", "Ridge"}, "points": []any{ids2[1]}},
		map[string]any{"name": "Trade", "options": []any{"Spring", "Autumn", "Never"}},
	}}
	stored := map[string]any{"version": 1, "issues": space["issues"]} // the first version
	if got := a.call(med, "PUT", AN2+"/space", space, 200); compact(got) != compact(stored) {
		t.Errorf("PUT %s/space: got %v, want the space sent, version 1: %v", AN2, got, compact(stored))
	}
	if got := at(t, a.call(obs, "GET", AN2, nil, 200), "space"); compact(got) != compact(stored) {
		t.Errorf("GET %s as observer: got space %v, want the one defined", AN2, got)
	}
	a.call(ru, "PUT", AN2+"/space", space, 403)
	a.call(adviser, "PUT", T+"/analysis/space", space, 403) // the mediator's adviser
	for _, c := range []struct {
		what, field string
		issues      []any
	}{
		{"no issues", "issues", []any{}},
		{"one option", "issues[0].options", []any{map[string]any{"name": "Border", "options": []any{"River"}}}},
		{"a repeated option", "issues[0].options", []any{map[string]any{"name": "Border", "options": []any{"River", "River"}}}},
		{"a blank name", "issues[0].name", []any{map[string]any{"name": "", "options": []any{"River", "Ridge"}}}},
		{"a repeated issue", "issues[1].name", []any{map[string]any{"name": "Border", "options": []any{"River", "Ridge"}}, map[string]any{"name": "Border", "options": []any{"A", "B"}}}},
		{"a point not in the latest draft", "issues[0].points", []any{map[string]any{"name": "Border", "options": []any{"River", "Ridge"}, "points": []any{ids[2]}}}},
	} {
		bad = a.call(med, "PUT", AN2+"/space", map[string]any{"issues": c.issues}, 400)
		if at(t, bad, "error", "field") != c.field {
			t.Errorf("PUT %s/space with %s: got error %v, want one naming the field %s", AN2, c.what, bad, c.field)
		}
	}
	a.call(med, "POST", T2+"/parties", map[string]any{"name": "East"}, 201) // a negotiating party without a profile
	a.call(ru, "PUT", AN2+"/profile", map[string]any{"weights": map[string]any{"Border": 0.7, "Trade": 0.3},
		"evaluations": map[string]any{"Border": map[string]any{"River": 0, "Ridge": 1}, "Trade": map[string]any{"Spring": 1, "Autumn": 0.5}}, "reservation": 0.2}, 200)
	a.call(med, "POST", AN2+"/run", nil, 409) // one profile
	if from := at(t, a.call(med, "GET", AN2, nil, 200), "profiles_from"); compact(from) != `["North"]` {
		t.Errorf("GET %s: got profiles_from %v, want North", AN2, from)
	}
	a.call(ua, "PUT", AN2+"/profile", map[string]any{"weights": map[string]any{"Border": 0.4, "Trade": 0.6},
		"evaluations": map[string]any{"Border": map[string]any{"River": 1, "Ridge": 0.2}, "Trade": map[string]any{"Spring": 0.8, "Autumn": 1, "Never": 0}}}, 200)
	run2 := a.call(med, "POST", AN2+"/run", map[string]any{}, 200)
	if compact(at(t, run2, "parties")) != `["North","South"]` || compact(at(t, run2, "missing_profiles")) != `["East"]` || at(t, run2, "outcomes") != "6" {
		t.Errorf("POST %s/run: got parties %v, missing %v, %v packages; want North and South, East missing, 6", AN2, at(t, run2, "parties"), at(t, run2, "missing_profiles"), at(t, run2, "outcomes"))
	}
	a.call(med, "POST", AN2+"/shares", map[string]any{"label": "A frontier point", "package": at(t, run2, "frontier", 0, "package")}, 201)
}

// Errors answer with the Error schema.
func (s *apiScenario) errors(t *testing.T) {
	a := s.a
	ua, ru, med, obs, delegate, T, T2, section, S := s.ua, s.ru, s.med, s.obs, s.delegate, s.T, s.T2, s.section, s.S
	var bad any
	a.call(med, "GET", "/api/v1/talks/999999", nil, 404)
	a.call(delegate, "GET", T, nil, 404) // not a member
	a.call(med, "GET", "/api/v1/talks/abc/parties", nil, 404)
	a.call("", "GET", "/api/v1/talks", nil, 401)
	a.call("not-a-token", "GET", "/api/v1/account", nil, 401)
	a.call(ru, "PATCH", T, map[string]any{"title": "Ours"}, 403)
	a.call(med, "PATCH", T2, map[string]any{"state": "closed"}, 400)
	a.call(med, "POST", T2+"/parties", map[string]any{"name": "North"}, 409)
	a.call(med, "POST", T2+"/parties", map[string]any{"name": "Chair 2", "kind": "mediator"}, 400)
	a.call(obs, "POST", T2+"/parties", map[string]any{"name": "West"}, 403)
	a.call(med, "POST", T2+"/members", map[string]any{"username": "nobody", "party_name": "North", "role": "adviser"}, 400)
	a.call(med, "POST", T2+"/members", map[string]any{"username": "russia", "party_name": "South", "role": "adviser"}, 409)
	a.call(ru, "POST", T2+"/drafts", map[string]any{"points": []any{map[string]any{"text": "Ours."}}}, 403)
	a.call(med, "POST", T2+"/drafts", map[string]any{"points": []any{}}, 400)
	a.call(med, "POST", T2+"/drafts/working/table", nil, 404) // no working draft
	a.call(med, "PUT", T2+"/drafts/1", map[string]any{"points": []any{map[string]any{"text": "Changed."}}}, 409)
	a.call(med, "DELETE", T2+"/drafts/2", nil, 409)
	a.call(med, "PUT", T2+"/drafts/9", map[string]any{"points": []any{map[string]any{"text": "Changed."}}}, 404)
	a.call(ru, "PUT", T2+"/drafts/working", map[string]any{"points": []any{map[string]any{"text": "Ours."}}}, 403)
	bad = a.call(ru, "PUT", S, map[string]any{"stance": "maybe"}, 400)
	if at(t, bad, "error", "field") != "stance" {
		t.Errorf("PUT %s with a bad stance: got error %v, want one naming the field stance", S, bad)
	}
	a.call(med, "PUT", S, map[string]any{"stance": "acceptable"}, 403) // the mediator does not mark
	a.call(ru, "PUT", fmt.Sprintf("%s/drafts/2/points/%d/stance", T2, section), map[string]any{"stance": "acceptable"}, 400)
	a.call(ru, "PUT", fmt.Sprintf("%s/drafts/2/points/%d/stance", T2, 999999), map[string]any{"stance": "acceptable"}, 404)
	a.call(med, "GET", T+"/drafts/working/stances", nil, 404)
	a.call(med, "GET", T+"/drafts/9/gap", nil, 404)
	a.call(med, "GET", T+"/diff?from=1", nil, 400)
	a.call(med, "GET", T+"/diff?from=3&to=2", nil, 400)
	a.call(med, "GET", T+"/diff?from=1&to=9", nil, 400)
	a.call(med, "PATCH", T2, map[string]any{"state": "concluded"}, 200)
	a.call(med, "PUT", T2+"/drafts/working", map[string]any{"points": []any{map[string]any{"text": "Late."}}}, 409)
	a.call(ua, "PUT", S, map[string]any{"stance": "unsuitable"}, 409)
}

// Age identities: each demo account has one, sealed under its password.
func (s *apiScenario) accountKeys(t *testing.T) {
	a := s.a
	delegate := s.delegate
	var bad any
	usPrincipal := s.signIn(t, "us-principal", demo.Password)
	usEnvoy := s.signIn(t, "us-envoy", demo.Password)
	ownKey := a.call(usPrincipal, "GET", "/api/v1/account/key", nil, 200)
	if r, _ := at(t, ownKey, "age_recipient").(string); !strings.HasPrefix(r, "age1") {
		t.Errorf("GET /api/v1/account/key as us-principal: got recipient %q, want an age1… recipient", r)
	}
	identity := unsealIdentity(t, at(t, ownKey, "sealed_identity"), demo.Password)
	a.call(delegate, "GET", "/api/v1/account/key", nil, 404) // none set
	fresh, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := seal.SealIdentity(fresh, "a long passphrase", 10)
	if err != nil {
		t.Fatal(err)
	}
	a.call(delegate, "PUT", "/api/v1/account/key", map[string]any{"age_recipient": fresh.Recipient().String(), "sealed_identity": sealed}, 204)
	if got := a.call(delegate, "GET", "/api/v1/account/key", nil, 200); at(t, got, "age_recipient") != fresh.Recipient().String() ||
		unsealIdentity(t, at(t, got, "sealed_identity"), "a long passphrase").String() != fresh.String() {
		t.Errorf("GET /api/v1/account/key as delegate: got %v, want the identity just stored", got)
	}
	a.call(delegate, "PUT", "/api/v1/account/key", map[string]any{"age_recipient": fresh.Recipient().String()}, 204)
	if got := a.call(delegate, "GET", "/api/v1/account/key", nil, 200); at(t, got, "sealed_identity") != nil {
		t.Errorf("GET /api/v1/account/key as delegate: got a sealed identity after a PUT without one, want none")
	}
	bad = a.call(delegate, "PUT", "/api/v1/account/key", map[string]any{"age_recipient": "not-a-key"}, 400)
	if at(t, bad, "error", "field") != "age_recipient" {
		t.Errorf("PUT /api/v1/account/key with a bad recipient: got error %v, want one naming the field age_recipient", bad)
	}
	bad = a.call(delegate, "PUT", "/api/v1/account/key", map[string]any{"age_recipient": fresh.Recipient().String(), "sealed_identity": fresh.String()}, 400)
	if at(t, bad, "error", "field") != "sealed_identity" {
		t.Errorf("PUT /api/v1/account/key with an unsealed identity: got error %v, want one naming the field sealed_identity", bad)
	}
	s.usEnvoy = usEnvoy
	s.ownKey = ownKey
	s.identity = identity
	s.usPrincipal = usPrincipal
}

// Members' public keys.
func (s *apiScenario) memberKeys(t *testing.T) {
	a := s.a
	ru, obs, delegate, T, ownKey := s.ru, s.obs, s.delegate, s.T, s.ownKey
	recipient := map[string]string{}
	for _, k := range a.call(ru, "GET", T+"/keys", nil, 200).([]any) {
		recipient[at(t, k, "username").(string)] = at(t, k, "age_recipient").(string)
	}
	if len(recipient) != len(demo.Accounts) {
		t.Errorf("GET %s/keys: got %d keys, want one for each of the %d demo accounts", T, len(recipient), len(demo.Accounts))
	}
	if recipient["us-principal"] != at(t, ownKey, "age_recipient") {
		t.Errorf("GET %s/keys: got us-principal's recipient %q, want %q as its account has it", T, recipient["us-principal"], at(t, ownKey, "age_recipient"))
	}
	a.call(obs, "GET", T+"/keys", nil, 200)
	a.call(delegate, "GET", T+"/keys", nil, 404) // not a member
	s.recipient = recipient
}

// The demo's sealed message: russia → us-principal, carried by us-envoy.
// Only those three see it; the list carries no ciphertext (the
// MessageEnvelope schema admits none).
func (s *apiScenario) messages(t *testing.T) {
	a := s.a
	ua, ru, med, obs, delegate, T, usEnvoy, identity, usPrincipal := s.ua, s.ru, s.med, s.obs, s.delegate, s.T, s.usEnvoy, s.identity, s.usPrincipal
	for _, c := range []struct {
		who, tok string
		n        int
	}{{"russia", ru, 1}, {"us-principal", usPrincipal, 1}, {"us-envoy", usEnvoy, 1}, {"mediator", med, 0}, {"ukraine", ua, 0}, {"observer", obs, 0}} {
		if got := a.call(c.tok, "GET", T+"/messages", nil, 200).([]any); len(got) != c.n {
			t.Errorf("GET %s/messages as %s: got %d messages, want %d", T, c.who, len(got), c.n)
		}
	}
	a.call(delegate, "GET", T+"/messages", nil, 404)
	mid := atInt(t, a.call(ru, "GET", T+"/messages", nil, 200), 0, "id")
	M := fmt.Sprintf("%s/messages/%d", T, mid)
	got := a.call(usEnvoy, "GET", M, nil, 200) // the envoy holds it, cannot open it
	if at(t, got, "recipients", 0, "delivered_at") != nil {
		t.Errorf("GET %s as the envoy: got it delivered, want it undelivered until the recipient fetches it", M)
	}
	got = a.call(usPrincipal, "GET", M, nil, 200)
	if at(t, got, "recipients", 0, "delivered_at") == nil {
		t.Errorf("GET %s as the recipient: got no delivered_at, want the delivery recorded", M)
	}
	body, err := seal.DecryptMessage(at(t, got, "ciphertext").(string), identity)
	if err != nil || string(body) != demo.MessageText {
		t.Errorf("GET %s as the recipient: got %q (%v) on opening it, want the demo's message", M, body, err)
	}
	a.call(ru, "GET", M, nil, 200)
	a.call(ua, "GET", M, nil, 404)  // a member, but neither sender, recipient nor envoy
	a.call(med, "GET", M, nil, 404) // the mediator too
	a.call(delegate, "GET", M, nil, 404)
	a.call(ru, "GET", T+"/messages/999999", nil, 404)
	if r := a.call(usPrincipal, "POST", M+"/read", nil, 200); at(t, r, "recipients", 0, "read_at") == nil {
		t.Errorf("POST %s/read: got no read_at, want the receipt", M)
	}
	a.call(ru, "POST", M+"/read", nil, 403)      // the sender
	a.call(usEnvoy, "POST", M+"/read", nil, 403) // the envoy, not addressed
	a.call(ua, "POST", M+"/read", nil, 404)
}

// Sending: to a principal of another party and to the envoy.
func (s *apiScenario) sendingMessages(t *testing.T) {
	a := s.a
	ua, ru, obs, delegate, T, T2, ruEnvoy, usPrincipal, recipient := s.ua, s.ru, s.obs, s.delegate, s.T, s.T2, s.ruEnvoy, s.usPrincipal, s.recipient
	var bad any
	sealFor := func(names ...string) string {
		t.Helper()
		var rs []string
		for _, n := range names {
			rs = append(rs, recipient[n])
		}
		ct, err := seal.EncryptMessage([]byte("A sealed test message."), rs)
		if err != nil {
			t.Fatal(err)
		}
		return ct
	}
	sent := a.call(ru, "POST", T+"/messages", map[string]any{"recipients": []any{"ukraine", "russia-envoy"}, "envoy": "russia-envoy", "ciphertext": sealFor("ukraine", "russia-envoy")}, 201)
	M2 := fmt.Sprintf("%s/messages/%d", T, atInt(t, sent, "id"))
	a.call(ua, "GET", M2, nil, 200)
	a.call(ruEnvoy, "POST", M2+"/read", nil, 200) // an addressed envoy is a recipient
	a.call(usPrincipal, "GET", M2, nil, 404)
	one := sealFor("ukraine")
	bad = a.call(ru, "POST", T+"/messages", map[string]any{"recipients": []any{"ukraine"}, "envoy": "russia-envoy", "ciphertext": "Meet at noon."}, 400)
	if at(t, bad, "error", "field") != "ciphertext" {
		t.Errorf("POST %s/messages with plain text: got error %v, want one naming the field ciphertext", T, bad)
	}
	bad = a.call(ru, "POST", T+"/messages", map[string]any{"recipients": []any{"ukraine", "us-principal"}, "envoy": "russia-envoy", "ciphertext": one}, 400)
	if at(t, bad, "error", "field") != "ciphertext" {
		t.Errorf("POST %s/messages sealed to fewer recipients than named: got error %v, want one naming the field ciphertext", T, bad)
	}
	a.call(ru, "POST", T+"/messages", map[string]any{"recipients": []any{"russia-aide"}, "envoy": "russia-envoy", "ciphertext": sealFor("russia-aide")}, 400) // own party
	a.call(ru, "POST", T+"/messages", map[string]any{"recipients": []any{"ukraine"}, "envoy": "observer", "ciphertext": one}, 400)                            // not an envoy
	a.call(obs, "POST", T+"/messages", map[string]any{"recipients": []any{"ukraine"}, "envoy": "russia-envoy", "ciphertext": one}, 403)                       // not a principal
	a.call(delegate, "POST", T+"/messages", map[string]any{"recipients": []any{"ukraine"}, "envoy": "russia-envoy", "ciphertext": one}, 404)
	a.call(ru, "POST", T2+"/messages", map[string]any{"recipients": []any{"ukraine"}, "envoy": "ukraine", "ciphertext": one}, 409) // concluded
}

// The record of the demo talks. The Moscow meeting: every member sees
// it, only the members of the parties present (Russia and the United
// States, the mediator party) its notes.
func (s *apiScenario) meetings(t *testing.T) {
	a := s.a
	ua, ru, med, adviser, obs, delegate, T, ruID, ruEnvoy, uaNegotiator, usEnvoy := s.ua, s.ru, s.med, s.adviser, s.obs, s.delegate, s.T, s.ruID, s.ruEnvoy, s.uaNegotiator, s.usEnvoy
	MT := T + "/meetings"
	usID := s.partyID(t, med)
	for _, c := range []struct {
		who, tok string
		notes    bool
	}{
		{"mediator", med, true}, {"us-adviser", adviser, true}, {"us-envoy", usEnvoy, true}, {"russia", ru, true}, {"russia-envoy", ruEnvoy, true},
		{"ukraine", ua, false}, {"ukraine-negotiator", uaNegotiator, false}, {"observer", obs, false},
	} {
		ms := a.call(c.tok, "GET", MT, nil, 200).([]any)
		if len(ms) != 1 || at(t, ms[0], "title") != "Moscow meeting" {
			t.Fatalf("GET %s as %s: got %v, want the demo's Moscow meeting", MT, c.who, ms)
		}
		m := ms[0].(map[string]any)
		if _, has := m["notes"]; has != c.notes || strings.Contains(compact(ms), "demilitarised zone") != c.notes {
			t.Errorf("GET %s as %s: got notes %v, want them shown: %v", MT, c.who, m["notes"], c.notes)
		}
		if compact(m["attendees"]) != `["russia","russia-aide","russia-envoy","us-envoy","us-adviser"]` ||
			compact(m["parties_present"]) != fmt.Sprintf("[%d,%d]", ruID, usID) || m["outcome"] == "" || m["disclosure"] == "" {
			t.Errorf("GET %s as %s: got %v, want the demo's attendees, Russia and the United States present, the outcome and the agreed disclosure", MT, c.who, m)
		}
	}
	a.call(delegate, "GET", MT, nil, 404)
	s.usID = usID
	s.MT = MT
}

// A meeting of the mediator with Ukraine: Ukraine reads its notes now,
// Russia does not; released notes every member reads.
func (s *apiScenario) meetingNotes(t *testing.T) {
	a := s.a
	ua, ru, med, adviser, obs, delegate, point, uaID, usEnvoy, usID, MT := s.ua, s.ru, s.med, s.adviser, s.obs, s.delegate, s.point, s.uaID, s.usEnvoy, s.usID, s.MT
	var bad any
	geneva := a.call(med, "POST", MT, map[string]any{"title": "Geneva round", "place": "Geneva", "starts_at": "2025-12-09T10:00:00Z", "minutes": 90,
		"attendees": []any{"mediator", "ukraine", "ukraine-negotiator"}, "points_discussed": []any{point}, "outcome": "Useful.",
		"disclosure": "Nothing of substance.", "notes": "GENEVA-NOTES: Ukraine could accept monitors on the line of contact."}, 201)
	if compact(at(t, geneva, "parties_present")) != fmt.Sprintf("[%d,%d]", usID, uaID) || at(t, geneva, "notes_released") != false || at(t, geneva, "recorded_by") != "mediator" {
		t.Errorf("POST %s: got %v, want the United States and Ukraine present, notes not released, recorded by the mediator", MT, geneva)
	}
	a.call(med, "POST", MT, map[string]any{"title": "Briefing", "place": "Washington", "starts_at": "2025-12-10T15:00:00+01:00",
		"attendees": []any{"mediator"}, "notes": "RELEASED-NOTES for everyone.", "notes_released": true}, 201)
	for _, c := range []struct {
		who, tok         string
		geneva, briefing bool
	}{{"ukraine", ua, true, true}, {"mediator", med, true, true}, {"russia", ru, false, true}, {"observer", obs, false, true}} {
		body := compact(a.call(c.tok, "GET", MT, nil, 200))
		if strings.Contains(body, "GENEVA-NOTES") != c.geneva || strings.Contains(body, "RELEASED-NOTES") != c.briefing {
			t.Errorf("GET %s as %s: got %s, want the Geneva notes shown: %v, the released notes: %v", MT, c.who, body, c.geneva, c.briefing)
		}
	}
	meeting := map[string]any{"title": "Round three", "place": "Riyadh", "starts_at": "2025-12-12T09:00:00Z", "attendees": []any{"mediator"}}
	for _, tok := range []string{ru, adviser, usEnvoy, obs} { // mediators only
		a.call(tok, "POST", MT, meeting, 403)
	}
	a.call(delegate, "POST", MT, meeting, 404)
	for _, c := range []struct {
		what, field string
		change      map[string]any
	}{
		{"an attendee who is no member", "attendees", map[string]any{"attendees": []any{"mediator", "delegate"}}},
		{"no attendees", "attendees", map[string]any{"attendees": []any{}}},
		{"no start", "starts_at", map[string]any{"starts_at": nil}},
		{"a negative length", "minutes", map[string]any{"minutes": -5}},
		{"a blank title", "title", map[string]any{"title": " "}},
	} {
		in := map[string]any{}
		for k, v := range meeting {
			in[k] = v
		}
		for k, v := range c.change {
			if v == nil {
				delete(in, k)
			} else {
				in[k] = v
			}
		}
		bad = a.call(med, "POST", MT, in, 400)
		if at(t, bad, "error", "field") != c.field {
			t.Errorf("POST %s with %s: got error %v, want one naming the field %s", MT, c.what, bad, c.field)
		}
	}
}

// Public statements: the demo's five, United States and Russia, which
// every member sees, also as the press digest.
func (s *apiScenario) statements(t *testing.T) {
	a := s.a
	ua, ru, med, obs, delegate, T := s.ua, s.ru, s.med, s.obs, s.delegate, s.T
	ST := T + "/statements"
	for _, tok := range []string{med, ru, ua, obs} {
		if sts := a.call(tok, "GET", ST, nil, 200).([]any); len(sts) != 5 {
			t.Errorf("GET %s: got %d statements, want the demo's 5", ST, len(sts))
		}
		dg := a.call(tok, "GET", ST+"/digest", nil, 200)
		var names []string
		for _, p := range at(t, dg, "parties").([]any) {
			names = append(names, at(t, p, "party").(string))
		}
		if strings.Join(names, ", ") != "Russia, United States" {
			t.Errorf("GET %s/digest: got the parties %q, want Russia and the United States, in the order of their first statement", ST, names)
		}
	}
	a.call(delegate, "GET", ST, nil, 404)
	a.call(delegate, "GET", ST+"/digest", nil, 404)
	s.ST = ST
}

// The disclosure guard: Russia's principal quoting Russia's own
// confidential rationale on the territory point is stopped, unless
// acknowledged; Ukraine, which may not see that rationale, gets
// nothing of it from the guard.
func (s *apiScenario) disclosureGuard(t *testing.T) {
	a := s.a
	ua, ru, obs, delegate, ruID, ST := s.ua, s.ru, s.obs, s.delegate, s.ruID, s.ST
	var bad any
	const leak = "Our position is plain: the whole of the Donetsk region is ours by our constitution, and a neutral zone under foreign monitors is not acceptable."
	sources := func(what string, ds any) []string {
		t.Helper()
		var out []string
		for _, d := range ds.([]any) {
			if p := at(t, d, "passage"); p != leak[atInt(t, d, "start"):atInt(t, d, "end")] {
				t.Errorf("%s: got passage %q, want the text from start to end", what, p)
			}
			out = append(out, fmt.Sprint(at(t, d, "kind"), ": ", at(t, d, "source")))
		}
		return out
	}
	found := sources("POST "+ST+"/check as russia", at(t, a.call(ru, "POST", ST+"/check", map[string]any{"text": leak}, 200), "disclosures"))
	if !slices.ContainsFunc(found, func(s string) bool { return strings.HasPrefix(s, "rationale: Russia's rationale") }) {
		t.Errorf("POST %s/check as russia: got %q, want Russia's rationale found", ST, found)
	}
	for _, tok := range []string{ua, obs} {
		for _, s := range sources("POST "+ST+"/check", at(t, a.call(tok, "POST", ST+"/check", map[string]any{"text": leak}, 200), "disclosures")) {
			if strings.Contains(s, "Russia") {
				t.Errorf("POST %s/check as a member outside Russia and the mediator party: got %q, want nothing of Russia's", ST, s)
			}
		}
	}
	bad = a.call(ru, "POST", ST+"/check", map[string]any{"text": ""}, 400)
	if at(t, bad, "error", "field") != "text" {
		t.Errorf("POST %s/check with no text: got error %v, want one naming the field text", ST, bad)
	}
	a.call(delegate, "POST", ST+"/check", map[string]any{"text": leak}, 404)
	statement := map[string]any{"speaker": "Presidential aide", "role": "Aide", "channel": "briefing", "made_at": "2025-12-04T09:00:00Z", "text": leak}
	bad = a.call(ru, "POST", ST, statement, 409)
	if !strings.Contains(at(t, bad, "error", "message").(string), "Russia's rationale") {
		t.Errorf("POST %s reproducing Russia's rationale: got error %v, want one naming it", ST, bad)
	}
	a.call(obs, "POST", ST, statement, 403) // observers record no statements
	a.call(delegate, "POST", ST, statement, 404)
	for _, c := range []struct{ field, value string }{{"text", " "}, {"speaker", ""}, {"channel", ""}, {"made_at", ""}} {
		in := map[string]any{"speaker": "Spokesperson", "channel": "press", "made_at": "2025-12-04T09:00:00Z", "text": "No comment."}
		if c.value == "" {
			delete(in, c.field)
		} else {
			in[c.field] = c.value
		}
		bad = a.call(ru, "POST", ST, in, 400)
		if at(t, bad, "error", "field") != c.field {
			t.Errorf("POST %s without a %s: got error %v, want one naming the field", ST, c.field, bad)
		}
	}
	if n := len(a.call(ua, "GET", ST, nil, 200).([]any)); n != 5 {
		t.Errorf("GET %s after refused statements: got %d statements, want 5 still", ST, n)
	}
	statement["acknowledge_disclosures"] = true
	recorded := a.call(ru, "POST", ST, statement, 201)
	if ack := sources("POST "+ST+" acknowledged", at(t, recorded, "disclosures_acknowledged")); compact(ack) != compact(found) {
		t.Errorf("POST %s acknowledged: got disclosures %q, want those the check found: %q", ST, ack, found)
	}
	if at(t, recorded, "statement", "party") != json.Number(strconv.FormatInt(ruID, 10)) || at(t, recorded, "statement", "recorded_by") != "russia" {
		t.Errorf("POST %s as russia: got %v, want Russia's statement recorded by russia", ST, at(t, recorded, "statement"))
	}
	clean := a.call(ua, "POST", ST, map[string]any{"speaker": "Foreign minister", "channel": "press conference", "made_at": "2025-12-05T12:00:00Z",
		"text": "Our delegation will travel to Geneva next week.", "link": "https://example.org/statement"}, 201)
	if compact(at(t, clean, "disclosures_acknowledged")) != "[]" {
		t.Errorf("POST %s with nothing confidential: got %v, want no disclosures", ST, at(t, clean, "disclosures_acknowledged"))
	}
	all := a.call(obs, "GET", ST, nil, 200).([]any)
	var digested []any
	for _, p := range at(t, a.call(obs, "GET", ST+"/digest", nil, 200), "parties").([]any) {
		for _, st := range at(t, p, "statements").([]any) {
			if at(t, st, "party_name") != at(t, p, "party") {
				t.Errorf("GET %s/digest: got a statement of %v under %v", ST, at(t, st, "party_name"), at(t, p, "party"))
			}
			digested = append(digested, st)
		}
	}
	if len(all) != 7 || compact(all) != compact(digested) {
		t.Errorf("GET %s: got %d statements, want the 7 of the digest in its order", ST, len(all))
	}
}

// The itinerary: the envoy's flight home is the United States' (the
// mediator party's): its members see it, no one else.
func (s *apiScenario) itinerary(t *testing.T) {
	a := s.a
	ua, ru, med, adviser, obs, delegate, T, uaID, uaNegotiator, usEnvoy, usID := s.ua, s.ru, s.med, s.adviser, s.obs, s.delegate, s.T, s.uaID, s.uaNegotiator, s.usEnvoy, s.usID
	var bad any
	IT := T + "/itinerary"
	for _, c := range []struct {
		who, tok string
		n        int
	}{{"mediator", med, 1}, {"us-envoy", usEnvoy, 1}, {"us-adviser", adviser, 1}, {"russia", ru, 0}, {"ukraine", ua, 0}, {"observer", obs, 0}} {
		legs := a.call(c.tok, "GET", IT, nil, 200).([]any)
		if len(legs) != c.n {
			t.Errorf("GET %s as %s: got %d legs, want %d", IT, c.who, len(legs), c.n)
		} else if c.n == 1 && (at(t, legs[0], "from") != "Moscow (Vnukovo)" || atInt(t, legs[0], "party") != usID) {
			t.Errorf("GET %s as %s: got %v, want the United States' flight home", IT, c.who, legs[0])
		}
	}
	a.call(delegate, "GET", IT, nil, 404)
	leg := map[string]any{"from": "Kyiv", "to": "Geneva", "depart_at": "2025-12-08T06:00:00Z", "arrive_at": "2025-12-08T13:30:00+01:00",
		"stops": []any{"Rzeszów"}, "notes": "UA-ROUTE by train to Rzeszów, then by air."}
	if l := a.call(uaNegotiator, "POST", IT, leg, 201); atInt(t, l, "party") != uaID {
		t.Errorf("POST %s as ukraine-negotiator: got %v, want Ukraine's leg", IT, l)
	}
	for _, c := range []struct {
		who, tok string
		n        int
	}{{"ukraine", ua, 1}, {"mediator", med, 2}, {"us-envoy", usEnvoy, 2}, {"russia", ru, 0}, {"observer", obs, 0}} {
		body := a.call(c.tok, "GET", IT, nil, 200).([]any)
		if len(body) != c.n || strings.Contains(compact(body), "UA-ROUTE") != (c.n > 0) {
			t.Errorf("GET %s as %s: got %v, want %d legs", IT, c.who, body, c.n)
		}
	}
	a.call(obs, "POST", IT, leg, 403) // observers keep no itinerary
	a.call(delegate, "POST", IT, leg, 404)
	backwards := map[string]any{"from": "Geneva", "to": "Kyiv", "depart_at": "2025-12-12T18:00:00Z", "arrive_at": "2025-12-12T17:00:00Z"}
	bad = a.call(ua, "POST", IT, backwards, 400)
	if at(t, bad, "error", "field") != "arrive_at" {
		t.Errorf("POST %s arriving before departing: got error %v, want one naming the field arrive_at", IT, bad)
	}
	bad = a.call(ua, "POST", IT, map[string]any{"to": "Kyiv", "depart_at": "2025-12-12T18:00:00Z", "arrive_at": "2025-12-12T20:00:00Z"}, 400)
	if at(t, bad, "error", "field") != "from" {
		t.Errorf("POST %s with no departure place: got error %v, want one naming the field from", IT, bad)
	}
}

// The timeline, oldest first, as far as each member may see: messages
// to their sender, recipients and envoy, travel to its party and the
// mediator party.
func (s *apiScenario) timeline(t *testing.T) {
	a := s.a
	ua, ru, med, obs, delegate, T, usPrincipal := s.ua, s.ru, s.med, s.obs, s.delegate, s.T, s.usPrincipal
	for _, c := range []struct {
		who, tok         string
		messages, travel int
	}{{"mediator", med, 0, 2}, {"ukraine", ua, 1, 1}, {"russia", ru, 2, 0}, {"us-principal", usPrincipal, 1, 2}, {"observer", obs, 0, 0}} {
		tl := a.call(c.tok, "GET", T+"/timeline", nil, 200).([]any)
		count := map[string]int{}
		var last time.Time
		for i, e := range tl {
			count[at(t, e, "kind").(string)]++
			when, _ := time.Parse(time.RFC3339Nano, at(t, e, "at").(string))
			if i > 0 && when.Before(last) {
				t.Errorf("GET %s/timeline as %s: got entry %d at %v before the one above at %v, want them oldest first", T, c.who, i, when, last)
			}
			last = when
		}
		if count["draft"] != 5 || count["meeting"] != 3 || count["statement"] != 7 || count["message"] != c.messages || count["travel"] != c.travel {
			t.Errorf("GET %s/timeline as %s: got %v, want 5 drafts, 3 meetings, 7 statements, %d messages, %d legs", T, c.who, count, c.messages, c.travel)
		}
		if body := compact(tl); strings.Contains(body, "NOTES") || strings.Contains(body, "UA-ROUTE") {
			t.Errorf("GET %s/timeline as %s: got confidential content: %s", T, c.who, body)
		}
	}
	a.call(delegate, "GET", T+"/timeline", nil, 404)
}

// The audit log: each member sees the talks' records but other
// parties' confidential business.
func (s *apiScenario) auditLog(t *testing.T) {
	a := s.a
	ua, ru, med, obs, delegate, T := s.ua, s.ru, s.med, s.obs, s.delegate, s.T
	for _, tok := range []string{med, ru, ua, obs} {
		party := atInt(t, a.call(tok, "GET", T, nil, 200), "you", "party")
		log := a.call(tok, "GET", T+"/audit", nil, 200)
		entries := at(t, log, "entries").([]any)
		if len(entries) == 0 {
			t.Fatalf("GET %s/audit: got no records, want the demo's", T)
		}
		for i := range entries {
			if p, ok := at(t, entries[i], "record", "party").(json.Number); ok && p.String() != strconv.FormatInt(party, 10) {
				t.Errorf("GET %s/audit as a member of party %d: got a record of party %s: %v", T, party, p, entries[i])
			}
		}
		if last := atInt(t, entries[len(entries)-1], "index"); atInt(t, log, "checkpoint", "size") <= last {
			t.Errorf("GET %s/audit: got checkpoint size %d, want it past the last record %d", T, atInt(t, log, "checkpoint", "size"), last)
		}
	}
	a.call(delegate, "GET", T+"/audit", nil, 404)
}

// Proofs: a record is in the log, for those who may see it; the log
// only grew since a kept size.
func (s *apiScenario) auditProofs(t *testing.T) {
	a := s.a
	ua, ru, obs, delegate, T := s.ua, s.ru, s.obs, s.delegate, s.T
	var bad any
	ruParty := atInt(t, a.call(ru, "GET", T, nil, 200), "you", "party")
	var own, public any
	for _, e := range at(t, a.call(ru, "GET", T+"/audit", nil, 200), "entries").([]any) {
		switch p, _ := at(t, e, "record", "party").(json.Number); p.String() {
		case strconv.FormatInt(ruParty, 10):
			own = e
		case "":
			public = e
		}
	}
	if own == nil || public == nil {
		t.Fatalf("GET %s/audit as russia: got no record of russia's own and none of the talks', want both", T)
	}
	for _, c := range []struct {
		tok   string
		entry any
	}{{ru, own}, {ru, public}, {obs, public}} {
		proof := a.call(c.tok, "GET", fmt.Sprintf("%s/audit/%d/proof", T, atInt(t, c.entry, "index")), nil, 200)
		leaf, err := base64.StdEncoding.DecodeString(at(t, proof, "record").(string))
		if err != nil || compact(decodeJSON(t, leaf)) != compact(at(t, c.entry, "record")) {
			t.Errorf("GET %s/audit/%d/proof: got leaf %q (%v), want the record listed: %v", T, atInt(t, c.entry, "index"), leaf, err, at(t, c.entry, "record"))
		}
	}
	a.call(ua, "GET", fmt.Sprintf("%s/audit/%d/proof", T, atInt(t, own, "index")), nil, 404) // russia's business
	a.call(delegate, "GET", fmt.Sprintf("%s/audit/%d/proof", T, atInt(t, public, "index")), nil, 404)
	a.call(ru, "GET", T+"/audit/999999/proof", nil, 404)
	a.call(ru, "GET", T+"/audit/abc/proof", nil, 404)
	cp := a.call(delegate, "GET", "/api/v1/audit/checkpoint", nil, 200)
	note, _ := a.call(delegate, "GET", "/api/v1/audit/checkpoint?format=note", nil, 200).(string)
	if note != at(t, cp, "note") || !strings.Contains(note, at(t, cp, "hash").(string)) {
		t.Errorf("GET /api/v1/audit/checkpoint?format=note: got %q, want the note of %v", note, cp)
	}
	a.call("", "GET", "/api/v1/audit/checkpoint", nil, 401)
	size := atInt(t, cp, "size")
	for _, old := range []int64{0, 1, size} {
		if tp := a.call(delegate, "GET", fmt.Sprintf("/api/v1/audit/consistency?old=%d", old), nil, 200); atInt(t, tp, "old_size") != old {
			t.Errorf("GET /api/v1/audit/consistency?old=%d: got %v, want a proof from size %d", old, tp, old)
		}
	}
	bad = a.call(delegate, "GET", fmt.Sprintf("/api/v1/audit/consistency?old=%d", size+1000), nil, 400)
	if at(t, bad, "error", "field") != "old" {
		t.Errorf("GET /api/v1/audit/consistency beyond the log: got error %v, want one naming the field old", bad)
	}
	a.call(delegate, "GET", "/api/v1/audit/consistency", nil, 400)
	a.call("", "GET", "/api/v1/audit/consistency?old=1", nil, 401)
}

// Decisions, put to every principal party (Russia and Ukraine): the
// confidentiality setting, then a draft's disclosure, then sign-off.
func (s *apiScenario) confidentiality(t *testing.T) {
	a := s.a
	ua, ru, med, obs, T := s.ua, s.ru, s.med, s.obs, s.T
	var bad any
	ruAide := s.signIn(t, "russia-aide", demo.Password)
	D := T + "/decisions"
	s.D = D // for s.decisionAt
	yes := map[string]any{"yes": true}
	if ds := a.call(obs, "GET", D, nil, 200).([]any); len(ds) != 0 {
		t.Errorf("GET %s: got %d decisions, want none in the demo", D, len(ds))
	}
	if c := s.talksField(t, "confidentiality"); c != "strict" {
		t.Errorf("GET %s: got confidentiality %v, want strict by default", T, c)
	}
	public5 := fmt.Sprintf("/api/v1/public/talks/%d/drafts/5", s.tid)
	a.call("", "GET", public5, nil, 404) // nothing is disclosed under strict confidentiality
	a.call(med, "POST", D, map[string]any{"kind": "disclose_draft", "draft": 5}, 409)
	a.call(ru, "POST", D, map[string]any{"kind": "set_confidentiality", "confidentiality": "by_consent"}, 403)
	bad = a.call(med, "POST", D, map[string]any{"kind": "set_confidentiality", "confidentiality": "strict"}, 400)
	if at(t, bad, "error", "field") != "confidentiality" {
		t.Errorf("POST %s for the present setting: got error %v, want one naming the field confidentiality", D, bad)
	}
	bad = a.call(med, "POST", D, map[string]any{"kind": "vote"}, 400)
	if at(t, bad, "error", "field") != "kind" {
		t.Errorf("POST %s with an unknown kind: got error %v, want one naming the field kind", D, bad)
	}
	conf := a.call(med, "POST", D, map[string]any{"kind": "set_confidentiality", "confidentiality": "by_consent"}, 201)
	s.status(t, "POST "+D, conf, "open")
	if n := len(at(t, conf, "parties").([]any)); n != 2 {
		t.Errorf("POST %s: got %d parties asked, want Russia and Ukraine", D, n)
	}
	a.call(med, "POST", D, map[string]any{"kind": "set_confidentiality", "confidentiality": "by_consent"}, 409) // one open per kind
	C := s.decisionAt(t, conf)
	s.status(t, "PUT "+C+"/answer as russia", a.call(ru, "PUT", C+"/answer", yes, 200), "open")
	if c := s.talksField(t, "confidentiality"); c != "strict" {
		t.Errorf("GET %s after one yes: got confidentiality %v, want strict still", T, c)
	}
	done := a.call(ua, "PUT", C+"/answer", map[string]any{"yes": true, "reasons": "Openness helps."}, 200)
	s.status(t, "PUT "+C+"/answer as ukraine", done, "approved")
	if at(t, done, "closed_at") == nil {
		t.Errorf("PUT %s/answer: got no closed_at on the approved decision", C)
	}
	if c := s.talksField(t, "confidentiality"); c != "by_consent" {
		t.Errorf("GET %s after every yes: got confidentiality %v, want by_consent", T, c)
	}
	a.call(ru, "PUT", C+"/answer", yes, 409) // closed
	s.ruAide = ruAide
	s.D = D
	s.public5 = public5
	s.yes = yes
}

// Disclosure of draft 5: public once both said yes, to anyone.
func (s *apiScenario) disclosure(t *testing.T) {
	a := s.a
	ua, ru, med, draft5, T2, D, public5, yes := s.ua, s.ru, s.med, s.draft5, s.T2, s.D, s.public5, s.yes
	dis := a.call(med, "POST", D, map[string]any{"kind": "disclose_draft", "draft": 5}, 201)
	DD := s.decisionAt(t, dis)
	a.call(ru, "PUT", DD+"/answer", yes, 200)
	a.call("", "GET", public5, nil, 404) // not before every principal party said yes
	s.status(t, "PUT "+DD+"/answer as ukraine", a.call(ua, "PUT", DD+"/answer", yes, 200), "approved")
	pub := a.call("", "GET", public5, nil, 200)
	if atInt(t, pub, "number") != 5 || compact(at(t, pub, "points")) != compact(at(t, draft5, "points")) {
		t.Errorf("GET %s: got %.200v, want draft 5 as its members read it", public5, pub)
	}
	a.call("not-a-token", "GET", public5, nil, 200) // a token is not looked at
	pubMD, _ := a.call("", "GET", public5+"?format=markdown", nil, 200).(string)
	if !strings.HasPrefix(pubMD, "# ") || strings.Contains(pubMD, "{#") {
		t.Errorf("GET %s?format=markdown: got %.60q, want Markdown with the title and no identity markers", public5, pubMD)
	}
	a.call("", "GET", fmt.Sprintf("/api/v1/public/talks/%d/drafts/4", s.tid), nil, 404) // not disclosed
	a.call("", "GET", fmt.Sprintf("/api/v1/public/talks/%d/drafts/working", s.tid), nil, 404)
	a.call("", "GET", "/api/v1/public/talks/999999/drafts/5", nil, 404)
	a.call("", "GET", "/api/v1/public"+T2[len("/api/v1"):]+"/drafts/1", nil, 404)
}

// Sign-off: Ukraine says no, with reasons Russia does not see.
func (s *apiScenario) signOff(t *testing.T) {
	a := s.a
	ua, ru, med, adviser, obs, delegate, T, T2, ruAide, D, yes := s.ua, s.ru, s.med, s.adviser, s.obs, s.delegate, s.T, s.T2, s.ruAide, s.D, s.yes
	var bad any
	bad = a.call(med, "POST", D, map[string]any{"kind": "sign_off", "draft": 4}, 400)
	if at(t, bad, "error", "field") != "draft" {
		t.Errorf("POST %s for a superseded draft: got error %v, want one naming the field draft", D, bad)
	}
	a.call(med, "POST", T2+"/decisions", map[string]any{"kind": "sign_off", "draft": 2}, 409) // concluded talks
	so := a.call(med, "POST", D, map[string]any{"kind": "sign_off", "draft": 5}, 201)
	SO := s.decisionAt(t, so)
	a.call(ruAide, "PUT", SO+"/answer", yes, 403)  // an adviser of a party asked
	a.call(adviser, "PUT", SO+"/answer", yes, 403) // an adviser of the mediator party
	a.call(med, "PUT", SO+"/answer", yes, 403)
	a.call(obs, "PUT", SO+"/answer", yes, 403)
	a.call(delegate, "PUT", SO+"/answer", yes, 404)
	bad = a.call(ua, "PUT", SO+"/answer", map[string]any{"yes": false}, 400)
	if at(t, bad, "error", "field") != "reasons" {
		t.Errorf("PUT %s/answer, a no without reasons: got error %v, want one naming the field reasons", SO, bad)
	}
	bad = a.call(ua, "PUT", SO+"/answer", map[string]any{"reasons": "Undecided."}, 400)
	if at(t, bad, "error", "field") != "yes" {
		t.Errorf("PUT %s/answer without yes: got error %v, want one naming the field yes", SO, bad)
	}
	s.status(t, "PUT "+SO+"/answer as russia", a.call(ru, "PUT", SO+"/answer", yes, 200), "open")
	const uaReasons = "UA-REASONS: the border article is not acceptable."
	answerOf := func(d any, party string) map[string]any {
		t.Helper()
		for _, an := range at(t, d, "answers").([]any) {
			if at(t, an, "party_name") == party {
				return an.(map[string]any)
			}
		}
		t.Fatalf("got no answer of %s: %v", party, d)
		return nil
	}
	rejected := a.call(ua, "PUT", SO+"/answer", map[string]any{"yes": false, "reasons": uaReasons}, 200)
	s.status(t, "PUT "+SO+"/answer as ukraine", rejected, "rejected")
	if r := answerOf(rejected, "Ukraine")["reasons"]; r != uaReasons {
		t.Errorf("PUT %s/answer as ukraine: got reasons %v, want its own", SO, r)
	}
	for _, c := range []struct {
		who, tok string
		sees     bool
	}{{"ukraine", ua, true}, {"mediator", med, true}, {"us-adviser", adviser, true}, {"russia", ru, false}, {"russia-aide", ruAide, false}, {"observer", obs, false}} {
		one := a.call(c.tok, "GET", SO, nil, 200)
		var listed any
		for _, d := range a.call(c.tok, "GET", D, nil, 200).([]any) {
			if atInt(t, d, "id") == atInt(t, so, "id") {
				listed = d
			}
		}
		if listed == nil {
			t.Fatalf("GET %s as %s: got no decision %d, want it listed", D, c.who, atInt(t, so, "id"))
		}
		for _, d := range []any{one, listed} {
			an := answerOf(d, "Ukraine")
			if _, has := an["reasons"]; has != c.sees || an["yes"] != false {
				t.Errorf("GET %s as %s: got Ukraine's answer %v, want a no with reasons shown: %v", SO, c.who, an, c.sees)
			}
		}
	}
	for _, tok := range []string{ru, obs} {
		if log := compact(a.call(tok, "GET", T+"/audit", nil, 200)); strings.Contains(log, "UA-REASONS") {
			t.Errorf("GET %s/audit: got Ukraine's reasons in the log", T)
		}
	}
	if s, ad := s.talksField(t, "state"), s.talksField(t, "agreed_draft"); s != "open" || ad != nil {
		t.Errorf("GET %s after a no: got state %v, agreed draft %v; want open, none", T, s, ad)
	}
	a.call(ru, "PUT", SO+"/answer", map[string]any{"yes": false, "reasons": "Then no."}, 409)
	a.call(med, "GET", D+"/999999", nil, 404)
	a.call(med, "GET", D+"/abc", nil, 404)
	a.call(med, "GET", fmt.Sprintf("%s/decisions/%d", T2, atInt(t, so, "id")), nil, 404) // another talks' decision
	a.call(delegate, "GET", D, nil, 404)
	a.call(delegate, "GET", SO, nil, 404)
}

// A new sign-off, every yes: the talks conclude in agreement on draft 5.
func (s *apiScenario) agreement(t *testing.T) {
	a := s.a
	ua, ru, med, T, D, yes := s.ua, s.ru, s.med, s.T, s.D, s.yes
	agreed := a.call(med, "POST", D, map[string]any{"kind": "sign_off", "draft": 5}, 201)
	a.call(ua, "PUT", s.decisionAt(t, agreed)+"/answer", yes, 200)
	s.status(t, "the last yes to a sign-off", a.call(ru, "PUT", s.decisionAt(t, agreed)+"/answer", yes, 200), "approved")
	if s, ad := s.talksField(t, "state"), s.talksField(t, "agreed_draft"); s != "concluded" || ad != json.Number("5") {
		t.Errorf("GET %s after every yes to a sign-off: got state %v, agreed draft %v; want concluded on draft 5", T, s, ad)
	}
	for _, tk := range a.call(ru, "GET", "/api/v1/talks", nil, 200).([]any) {
		if atInt(t, tk, "id") == s.tid && at(t, tk, "agreed_draft") != json.Number("5") {
			t.Errorf("GET /api/v1/talks: got %v, want the demo talks agreed on draft 5", tk)
		}
	}
	a.call(med, "POST", D, map[string]any{"kind": "set_confidentiality", "confidentiality": "strict"}, 409) // concluded
}

// A route the API does not have answers an Error too.
func (s *apiScenario) unknownRoute(t *testing.T) {
	a := s.a
	resp, err := http.Get(s.url + "/api/v1/nowhere")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("GET /api/v1/nowhere: got status %d, want 404", resp.StatusCode)
	}
	for _, e := range a.v.Validate(map[string]any{"$ref": "#/components/schemas/Error"}, decodeJSON(t, raw)) {
		t.Errorf("GET /api/v1/nowhere 404 response: %s", e)
	}
}

// Sign-out ends the session; sign-out everywhere every session.
func (s *apiScenario) signOut(t *testing.T) {
	a := s.a
	ua, adviser := s.ua, s.adviser
	a.call(adviser, "DELETE", "/api/v1/session", nil, 204)
	a.call(adviser, "GET", "/api/v1/account", nil, 401)
	other := s.signIn(t, "ukraine", demo.Password)
	a.call(ua, "DELETE", "/api/v1/sessions", nil, 204)
	a.call(ua, "GET", "/api/v1/account", nil, 401)
	a.call(other, "GET", "/api/v1/account", nil, 401)
}

// A changed password ends the account's other sessions (more in
// account_test.go).
func (s *apiScenario) passwordChange(t *testing.T) {
	a := s.a
	other := s.signIn(t, "delegate", "long-enough")
	if got := a.call(s.delegate, "GET", "/api/v1/account/sessions", nil, 200).([]any); len(got) != 2 {
		t.Errorf("GET /api/v1/account/sessions as delegate: got %d sessions, want 2", len(got))
	}
	a.call(s.delegate, "PUT", "/api/v1/account/password", map[string]any{"current_password": "long-enough", "new_password": "short"}, 400)
	a.call(s.delegate, "PUT", "/api/v1/account/password", map[string]any{"current_password": "long-enough", "new_password": "a longer one still"}, 204)
	a.call(other, "GET", "/api/v1/account", nil, 401)
	a.call(s.delegate, "GET", "/api/v1/account", nil, 200)
}

// Repeated failed sign-ins are refused for a while.
func (s *apiScenario) rateLimit(t *testing.T) {
	a := s.a
	limited := false
	for range 20 {
		wrong := map[string]any{"username": "ukraine-negotiator", "password": "wrong"}
		if _, status := a.callAny("", "POST", "/api/v1/session", wrong, 401, 429); status == 429 {
			limited = true
			break
		}
	}
	if !limited {
		t.Errorf("POST /api/v1/session: got 401 for 20 wrong passwords in a row, want 429 at some point")
	}
}
