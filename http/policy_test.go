package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/parley-talks/parley"
	parleyhttp "github.com/parley-talks/parley/http"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/workspace"
)

// The policy matrix: every API route × every kind of caller × objects of
// the caller's own talks and party and of others'. The oracle below is
// written from the product's confidentiality rules, not from policy.go.

// caller is one kind of caller in the matrix.
type caller struct {
	name  string
	party string // "" for the anonymous caller and the outsider
	role  parley.Role
}

var callers = []caller{
	{"mediator", "Mediator", parley.RoleMediator},
	{"med-adviser", "Mediator", parley.RoleAdviser},
	{"ru-principal", "Russia", parley.RolePrincipal},
	{"ru-negotiator", "Russia", parley.RoleNegotiator},
	{"ru-adviser", "Russia", parley.RoleAdviser},
	{"ua-principal", "Ukraine", parley.RolePrincipal},
	{"ua-negotiator", "Ukraine", parley.RoleNegotiator},
	{"ua-adviser", "Ukraine", parley.RoleAdviser},
	{"observer", "Observers", parley.RoleObserver},
	{"outsider", "", ""}, // a mediator of other talks
	{"admin", "", ""},    // an administrator, in no talks
	{"anonymous", "", ""},
}

// secret is a text with the rule for who may read it.
type secret struct {
	text string
	may  func(c caller) bool
}

func member(c caller) bool       { return c.party != "" }
func mediatorTeam(c caller) bool { return c.party == "Mediator" }
func of(party string) func(caller) bool {
	return func(c caller) bool { return c.party == party }
}

// world is the talks the matrix runs against.
type world struct {
	base              string
	tokens            map[string]string
	talks, otherTalks int64
	point             int64
	message           int64
	amendment         int64  // Russia's amendment shared with the mediator
	comment           int64  // Russia's thread shared with the mediator
	russiaRecord      int64  // the index of an audit record of Russia's business
	decision          int64  // an open sign-off decision
	invitation        int64  // a pending invitation to Russia, to revoke
	roleMember        int64  // a member of Russia whose role changes
	delMember         int64  // a member of Russia to remove
	ciphertextFor     string // a valid message body for ua-principal
	parties           map[string]int64
	secrets           []secret
}

func buildWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "policy.db"), seal.Key{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ws := workspace.New(db)
	srv := httptest.NewServer(parleyhttp.NewServer(ws, nil))
	t.Cleanup(srv.Close)
	w := &world{base: srv.URL, tokens: map[string]string{}, parties: map[string]int64{}}
	ids := map[string]context.Context{}
	for _, c := range callers[:len(callers)-1] {
		a, err := ws.CreateAccount(workspace.AsOperator(ctx), workspace.AccountInput{Username: c.name, Password: "password-" + c.name, Admin: c.name == "admin"}, false)
		if err != nil {
			t.Fatal(err)
		}
		ids[c.name] = workspace.WithAccount(ctx, a.ID)
		tok, _, err := ws.SignIn(ctx, c.name, "password-"+c.name, "")
		if err != nil {
			t.Fatal(err)
		}
		w.tokens[c.name] = tok
	}
	for _, name := range []string{"recruit", "spare-role", "spare-del"} {
		if _, err := ws.CreateAccount(workspace.AsOperator(ctx), workspace.AccountInput{Username: name, Password: "password-" + name}, false); err != nil {
			t.Fatal(err)
		}
	}
	// The account the administrator's routes act on; only they see it.
	if _, err := ws.CreateAccount(workspace.AsOperator(ctx), workspace.AccountInput{Username: "target", DisplayName: "TARGET-ADMIN-ONLY", Password: "password-target"}, false); err != nil {
		t.Fatal(err)
	}
	med := ids["mediator"]
	tv, err := ws.CreateTalks(med, workspace.TalksInput{Title: "TALKS-A-TITLE"})
	if err != nil {
		t.Fatal(err)
	}
	w.talks = tv.ID
	w.parties["Mediator"] = tv.Parties[0].ID
	for _, p := range []workspace.PartyInput{{Name: "Russia"}, {Name: "Ukraine"}, {Name: "Observers", Kind: parley.PartyObserver}} {
		pp, err := ws.AddParty(med, w.talks, p)
		if err != nil {
			t.Fatal(err)
		}
		w.parties[p.Name] = pp.ID
	}
	for _, c := range callers[1:9] {
		if _, err := ws.AddMember(med, w.talks, workspace.MemberInput{Username: c.name, PartyName: c.party, Role: c.role}); err != nil {
			t.Fatal(err)
		}
	}
	w.invitations(t, ws, med)
	ov, err := ws.CreateTalks(ids["outsider"], workspace.TalksInput{Title: "TALKS-B-TITLE"})
	if err != nil {
		t.Fatal(err)
	}
	w.otherTalks = ov.ID
	d, err := ws.TableDraft(med, w.talks, &parley.DraftInput{Points: []parley.PointInput{{Title: "Territory", Text: "TABLED-TEXT"}, {Text: "Second point."}}})
	if err != nil {
		t.Fatal(err)
	}
	w.point = d.Points[0].ID
	if _, err := ws.SaveWorkingDraft(med, w.talks, &parley.DraftInput{Points: []parley.PointInput{{ID: w.point, Text: "SECRET-WORKING-DRAFT"}}}); err != nil {
		t.Fatal(err)
	}
	w.amendments(t, ws, ids, d)
	w.comments(t, ws, ids, d)
	yes, no := true, false
	for _, p := range []struct{ who, party string }{{"ru-negotiator", "Russia"}, {"ua-adviser", "Ukraine"}} {
		set := func(point int64, in parley.StanceInput) {
			if _, err := ws.SetStance(ids[p.who], w.talks, 1, point, in); err != nil {
				t.Fatal(err)
			}
		}
		set(d.Points[1].ID, parley.StanceInput{Value: parley.NeedsDiscussion, Rationale: "SECRET-" + p.party + "-shared", ShareWithMediator: &yes})
		w.secrets = append(w.secrets,
			secret{"SECRET-" + p.party + "-private", of(p.party)},
			secret{"SECRET-" + p.party + "-shared", func(c caller) bool { return c.party == p.party || mediatorTeam(c) }},
		)
	}
	w.oldWordings(t, ws)
	// Everyone has an age identity; Russia's principal writes to Ukraine's,
	// through the mediator.
	recipients := map[string]string{}
	for _, c := range callers[:len(callers)-1] {
		id, _ := age.GenerateX25519Identity()
		recipients[c.name] = id.Recipient().String()
		if err := ws.SetAccountKey(ids[c.name], parley.AccountKey{AgeRecipient: recipients[c.name]}); err != nil {
			t.Fatal(err)
		}
	}
	ct, err := seal.EncryptMessage([]byte("sealed"), []string{recipients["ua-principal"]})
	if err != nil {
		t.Fatal(err)
	}
	w.ciphertextFor = ct
	m, err := ws.SendMessage(ids["ru-principal"], w.talks, parley.MessageInput{Recipients: []string{"ua-principal"}, Envoy: "mediator", Ciphertext: ct})
	if err != nil {
		t.Fatal(err)
	}
	w.message = m.ID
	// Ukraine refuses a change of confidentiality, with reasons for the
	// mediator; a sign-off is open.
	c, err := ws.ProposeDecision(med, w.talks, parley.DecisionInput{Kind: parley.SetConfidentiality, Confidentiality: parley.ByConsent})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ws.AnswerDecision(ids["ua-principal"], w.talks, c.ID, parley.AnswerInput{Yes: &no, Reasons: "SECRET-REASONS-Ukraine"}); err != nil {
		t.Fatal(err)
	}
	so, err := ws.ProposeDecision(med, w.talks, parley.DecisionInput{Kind: parley.SignOff, Draft: 1})
	if err != nil {
		t.Fatal(err)
	}
	w.decision = so.ID
	// English and Russian, authentic; Russia's adviser translates, and
	// has translated the first point.
	if _, err := ws.SetLanguages(med, w.talks, workspace.LanguagesInput{Languages: []parley.Language{{Tag: "en", Authentic: true}, {Tag: "ru", Authentic: true}},
		PartyTranslators: true, Translators: []workspace.TranslatorInput{{Username: "ru-adviser", Languages: []string{"ru"}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.SetTranslation(ids["ru-adviser"], w.talks, 1, w.point, "ru", parley.TranslationInput{Title: "Территория", Text: "TRANSLATION-TEXT-RU"}); err != nil {
		t.Fatal(err)
	}
	w.corrections(t, ws, ids, d)
	// A meeting of the mediator and Russia with secret notes; a leg of
	// Ukraine's travel.
	if _, err := ws.RecordMeeting(med, w.talks, parley.MeetingInput{Title: "Side meeting", Place: "Moscow", StartsAt: time.Date(2025, 12, 2, 14, 0, 0, 0, time.UTC),
		Minutes: 60, Attendees: []string{"mediator", "ru-principal"}, Notes: "SECRET-MEETING-NOTES"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.RecordLeg(ids["ua-principal"], w.talks, workspace.LegInput{From: "Kyiv", To: "SECRET-DESTINATION",
		DepartAt: time.Date(2025, 12, 2, 8, 0, 0, 0, time.UTC), ArriveAt: time.Date(2025, 12, 2, 11, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	// An issue space; Russia's profile has a telltale weight.
	if err := ws.SetIssueSpace(med, w.talks, &parley.IssueSpace{Issues: []parley.SpaceIssue{
		{Name: "Territory", Options: []string{"A", "B"}, Points: []int64{w.point}}, {Name: "Sanctions", Options: []string{"C", "D"}}}}); err != nil {
		t.Fatal(err)
	}
	// The mediator words option A of Territory: its drafting material.
	if _, err := ws.SetOptionWordings(med, w.talks, []parley.OptionWording{{Issue: "Territory", Option: "A", PointID: w.point, Text: "SECRET-OPTION-WORDING"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.SetProfile(ids["ru-negotiator"], w.talks, workspace.ProfileInput{
		Weights:     map[string]float64{"Territory": 0.123456, "Sanctions": 0.876544},
		Evaluations: map[string]map[string]float64{"Territory": {"A": 1, "B": 0}, "Sanctions": {"C": 0, "D": 1}}}); err != nil {
		t.Fatal(err)
	}
	// Ukraine's too; the mediator runs the analysis on both: the run's
	// record is Russia's, Ukraine's and the mediator team's to see.
	if _, err := ws.SetProfile(ids["ua-negotiator"], w.talks, workspace.ProfileInput{
		Weights:     map[string]float64{"Territory": 0.654321, "Sanctions": 0.345679},
		Evaluations: map[string]map[string]float64{"Territory": {"A": 0, "B": 1}, "Sanctions": {"C": 1, "D": 0}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.RunAnalysis(med, w.talks, 0); err != nil {
		t.Fatal(err)
	}
	// The mediator shares an improvement on (A, C): each party is shown its
	// own gain, Russia's 0.753088 and Ukraine's 0.308642.
	if _, err := ws.ShareImprovements(med, w.talks, workspace.ShareImprovementsInput{Label: "Improvement",
		Baseline: map[string]string{"Territory": "A", "Sanctions": "C"}, Packages: []map[string]string{{"Territory": "B", "Sanctions": "D"}}}); err != nil {
		t.Fatal(err)
	}
	entries, _, err := ws.AuditLog(ids["ru-negotiator"], w.talks)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Record.Party == w.parties["Russia"] {
			w.russiaRecord = e.Index
		}
	}
	envelope := func(c caller) bool {
		return c.name == "ru-principal" || c.name == "ua-principal" || c.name == "mediator"
	}
	lines := strings.Split(ct, "\n")
	w.secrets = append(w.secrets,
		secret{lines[len(lines)/2], envelope}, // a line of the ciphertext
		secret{"SECRET-WORKING-DRAFT", mediatorTeam},
		secret{"SECRET-OPTION-WORDING", mediatorTeam},
		secret{"0.123456", of("Russia")},  // Russia's profile
		secret{"0.654321", of("Ukraine")}, // Ukraine's
		secret{"0.75308", of("Russia")},   // Russia's gain on the shared improvement
		secret{"0.30864", of("Ukraine")},  // Ukraine's
		// The record of an analysis run on both profiles.
		secret{"/analysis/runs/", func(c caller) bool { return c.party == "Russia" || c.party == "Ukraine" || mediatorTeam(c) }},
		secret{"SECRET-MEETING-NOTES", func(c caller) bool { return c.party == "Russia" || mediatorTeam(c) }},
		secret{"SECRET-DESTINATION", func(c caller) bool { return c.party == "Ukraine" || mediatorTeam(c) }},
		secret{"SECRET-REASONS-Ukraine", func(c caller) bool { return c.party == "Ukraine" || mediatorTeam(c) }},
		// The audit records of each party's stances are that party's.
		secret{fmt.Sprintf("/stances/%d\"", w.parties["Russia"]), of("Russia")},
		secret{fmt.Sprintf("/stances/%d\"", w.parties["Ukraine"]), of("Ukraine")},
		secret{"TALKS-A-TITLE", member},
		secret{"TABLED-TEXT", member},
		secret{"TRANSLATION-TEXT-RU", member}, // every member reads a tabled draft in every language
		secret{"TALKS-B-TITLE", func(c caller) bool { return c.name == "outsider" }},
		// Invitations are seen by those who may invite to their party.
		secret{"INVITE-NOTE-Ukraine", func(c caller) bool { return c.name == "mediator" || c.name == "ua-principal" }},
		secret{"INVITE-NOTE-Russia", func(c caller) bool { return c.name == "mediator" || c.name == "ru-principal" }},
		secret{"TARGET-ADMIN-ONLY", func(c caller) bool { return c.name == "admin" }},
	)
	return w
}

// invitations adds the members whose role changes and who is removed,
// and pending invitations to Russia and to Ukraine.
func (w *world) invitations(t *testing.T, ws *workspace.Service, med context.Context) {
	t.Helper()
	for _, name := range []string{"spare-role", "spare-del"} {
		m, err := ws.AddMember(med, w.talks, workspace.MemberInput{Username: name, PartyName: "Russia", Role: parley.RoleAdviser})
		if err != nil {
			t.Fatal(err)
		}
		w.roleMember, w.delMember = w.delMember, m.ID
	}
	for _, party := range []string{"Russia", "Ukraine"} {
		inv, err := ws.CreateInvitation(med, w.talks, workspace.InvitationInput{PartyName: party, Role: parley.RoleAdviser, Note: "INVITE-NOTE-" + party})
		if err != nil {
			t.Fatal(err)
		}
		if party == "Russia" {
			w.invitation = inv.ID
		}
	}
}

func (w *world) do(c caller, method, path, body string) (int, string) {
	req, _ := http.NewRequest(method, w.base+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok := w.tokens[c.name]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	var b strings.Builder
	var raw json.RawMessage
	json.NewDecoder(resp.Body).Decode(&raw)
	b.Write(raw)
	return resp.StatusCode, b.String()
}

// fill turns a route pattern into a path for the talks tk.
func (w *world) fill(pattern string, tk int64, n string) string {
	r := strings.NewReplacer("{talks}", fmt.Sprint(tk), "{n}", n, "{point}", fmt.Sprint(w.point), "{message}", fmt.Sprint(w.message), "{index}", fmt.Sprint(w.russiaRecord), "{decision}", fmt.Sprint(w.decision),
		"{invitation}", fmt.Sprint(w.invitation), "{member}", fmt.Sprint(w.roleMember), "{username}", "target",
		"{amendment}", fmt.Sprint(w.amendment), "{comment}", fmt.Sprint(w.comment), "{lang}", "ru", "{format}", "docx")
	return r.Replace(pattern)
}

// expected returns the statuses the rules allow for caller c on a route
// in talks A (own is false when the path names the other talks).
func expected(route string, c caller, n string, own bool) []int {
	method := strings.SplitN(route, " ", 2)[0]
	switch {
	case strings.HasSuffix(route, "/openapi.json"):
		return []int{200}
	case strings.Contains(route, "/public/"):
		return []int{404} // nothing is disclosed: to everyone, it does not exist
	case route == "POST /api/v1/session":
		return []int{401, 429} // the matrix sends no credentials, again and again
	case c.name == "anonymous":
		return []int{401}
	case strings.HasPrefix(route, method+" /api/v1/admin/"):
		switch {
		case c.name != "admin":
			return []int{404} // administration does not exist for anyone else
		case route == "POST /api/v1/admin/accounts", strings.HasSuffix(route, "/password-link"):
			return []int{201}
		case strings.HasSuffix(route, "/unlock"):
			return []int{204}
		}
		return []int{200}
	case !strings.Contains(route, "{talks}"):
		switch route {
		case "POST /api/v1/accounts":
			if c.name == "admin" {
				return []int{201}
			}
			return []int{403}
		case "GET /api/v1/audit/checkpoint", "GET /api/v1/audit/consistency":
			if c.name == "admin" {
				return []int{404} // in no talks: administration gives no sight of the log's growth
			}
		case "POST /api/v1/talks":
			return []int{201}
		case "DELETE /api/v1/sessions", "PUT /api/v1/account/key":
			return []int{204}
		case "DELETE /api/v1/session":
			return []int{401} // "sign out everywhere", just before, ended this session too
		case "PUT /api/v1/account/password":
			return []int{400} // the matrix's empty body has no new password
		}
		return []int{200}
	case !own && c.name != "outsider", own && !member(c):
		return []int{404} // talks one is not in do not exist
	case !own:
		return nil // the outsider in its own talks: not what this matrix checks
	}
	isMed := c.role == parley.RoleMediator
	envelope := c.name == "ru-principal" || c.name == "ua-principal" || c.name == "mediator"
	working := n == "working"
	marker := c.party == "Russia" || c.party == "Ukraine"
	if want := expectedAmendments(route, c, n); want != nil {
		return want
	}
	if want := expectedComments(route, c, n); want != nil {
		return want
	}
	switch {
	case route == "POST /api/v1/talks/{talks}/messages":
		switch c.name {
		case "ru-principal":
			return []int{201}
		case "ua-principal":
			return []int{400} // the body is addressed to itself
		}
		return []int{403}
	case route == "GET /api/v1/talks/{talks}/messages/{message}":
		if envelope {
			return []int{200}
		}
		return []int{404}
	case route == "POST /api/v1/talks/{talks}/messages/{message}/read":
		switch {
		case c.name == "ua-principal":
			return []int{200}
		case envelope:
			return []int{403}
		}
		return []int{404}
	case route == "POST /api/v1/talks/{talks}/meetings":
		if isMed {
			return []int{201}
		}
		return []int{403}
	case route == "POST /api/v1/talks/{talks}/statements", route == "POST /api/v1/talks/{talks}/itinerary":
		if c.party == "Observers" {
			return []int{403}
		}
		return []int{201, 409} // 409: the disclosure guard stops a statement
	case route == "PUT /api/v1/talks/{talks}/analysis/space":
		if isMed {
			return []int{200}
		}
		return []int{403}
	case route == "PUT /api/v1/talks/{talks}/analysis/profile":
		if marker {
			return []int{200}
		}
		return []int{403}
	case route == "POST /api/v1/talks/{talks}/analysis/profile/guided/preview", route == "PUT /api/v1/talks/{talks}/analysis/profile/guided":
		if marker { // a party's own preferences, as the numeric profile
			return []int{200}
		}
		return []int{403}
	case route == "POST /api/v1/talks/{talks}/analysis/run":
		if isMed {
			return []int{200, 409}
		}
		return []int{403}
	case route == "POST /api/v1/talks/{talks}/analysis/shares":
		if isMed {
			return []int{201}
		}
		return []int{403}
	case route == "POST /api/v1/talks/{talks}/analysis/improvements":
		if isMed { // the mediator alone runs it, as the frontier
			return []int{200, 409}
		}
		return []int{403}
	case route == "GET /api/v1/talks/{talks}/analysis/wordings":
		if mediatorTeam(c) { // drafting material, as the working draft
			return []int{200}
		}
		return []int{404}
	case route == "PUT /api/v1/talks/{talks}/analysis/wordings", route == "POST /api/v1/talks/{talks}/analysis/package-draft":
		if isMed {
			return []int{200, 409}
		}
		return []int{403}
	case route == "POST /api/v1/talks/{talks}/analysis/improvements/shares":
		if isMed {
			return []int{201}
		}
		return []int{403}
	case route == "POST /api/v1/talks/{talks}/analysis/adjusted-winner":
		if isMed { // the mediator alone, as for the frontier; 409 without both profiles
			return []int{200, 409}
		}
		return []int{403}
	case route == "PUT /api/v1/talks/{talks}/languages":
		if isMed {
			return []int{200}
		}
		return []int{403}
	case strings.HasSuffix(route, "/translations/{lang}"), strings.HasSuffix(route, "/translations/{lang}/import"), strings.HasSuffix(route, "/parallel"), strings.HasSuffix(route, "/parallel/{format}"),
		strings.HasSuffix(route, "/translations/{lang}/export"), strings.HasSuffix(route, "/translations/{lang}/changes"):
		// A tabled draft in several languages: every member reads it; the
		// mediator's team writes it. Russia's adviser, appointed for
		// Russian, may not: draft 1 is superseded, its texts history.
		switch {
		case working:
			return []int{404}
		case method == "GET", mediatorTeam(c):
			return []int{200}
		}
		return []int{403}
	case route == "POST /api/v1/talks/{talks}/decisions":
		if isMed {
			return []int{201, 409}
		}
		return []int{403}
	case strings.HasSuffix(route, "/answer"):
		if c.role == parley.RolePrincipal && (c.party == "Russia" || c.party == "Ukraine") {
			return []int{200, 409} // the first no closes the decision
		}
		return []int{403}
	case strings.HasSuffix(route, "/audit/{index}/proof"):
		if c.party == "Russia" {
			return []int{200}
		}
		return []int{404}
	case strings.HasSuffix(route, "/stance"):
		if working {
			return []int{404}
		}
		if marker {
			return []int{200}
		}
		return []int{403}
	case strings.HasSuffix(route, "/stance/confirm"), strings.HasSuffix(route, "/stances/confirm"):
		// Confirming carried-over stances: the party's markers; draft 1
		// has none carried (409 for one point), and once a later draft
		// is tabled draft 1 is superseded (409).
		switch {
		case working:
			return []int{404}
		case marker && strings.HasSuffix(route, "/stances/confirm"):
			return []int{200, 409}
		case marker:
			return []int{409}
		}
		return []int{403}
	case strings.HasSuffix(route, "/marking"):
		// A party's marking progress: its own markers read and declare it.
		if working {
			return []int{404}
		}
		if marker {
			return []int{200}
		}
		return []int{403}
	case strings.HasSuffix(route, "/stance/history"), strings.HasSuffix(route, "/stances"), strings.HasSuffix(route, "/gap"),
		strings.HasSuffix(route, "/stances/earlier"):
		if working {
			return []int{404}
		}
		return []int{200}
	case route == "GET /api/v1/talks/{talks}/drafts/{n}", route == "GET /api/v1/talks/{talks}/drafts/{n}/export":
		if working && !mediatorTeam(c) {
			return []int{404}
		}
		return []int{200}
	case route == "PUT /api/v1/talks/{talks}/drafts/{n}", route == "DELETE /api/v1/talks/{talks}/drafts/{n}":
		switch {
		case !working:
			return []int{409}
		case isMed && method == "PUT":
			return []int{200}
		case isMed:
			return []int{204}
		}
		return []int{403}
	case route == "POST /api/v1/talks/{talks}/drafts/working/table":
		if isMed {
			return []int{201, 404} // 404 once the working draft is gone
		}
		return []int{403}
	case route == "POST /api/v1/talks/{talks}/drafts", route == "POST /api/v1/talks/{talks}/parties", route == "PATCH /api/v1/talks/{talks}":
		if isMed {
			return []int{200, 201, 409}
		}
		return []int{403}
	case route == "POST /api/v1/talks/{talks}/members":
		if isMed || c.role == parley.RolePrincipal {
			return []int{201, 409}
		}
		return []int{403}
	case route == "POST /api/v1/talks/{talks}/invitations", route == "GET /api/v1/talks/{talks}/invitations":
		// A mediator invites to any party, a principal to its own.
		if isMed || c.role == parley.RolePrincipal {
			return []int{200, 201}
		}
		return []int{403}
	case route == "DELETE /api/v1/talks/{talks}/invitations/{invitation}":
		// The invitation to Russia: the mediator, first, revokes it; then
		// Russia's principal finds it gone.
		switch {
		case isMed:
			return []int{204}
		case c.name == "ru-principal":
			return []int{404}
		}
		return []int{403}
	case route == "PATCH /api/v1/talks/{talks}/members/{member}":
		// A member of Russia: the mediator and Russia's principal.
		if isMed || c.name == "ru-principal" {
			return []int{200}
		}
		return []int{403}
	case route == "DELETE /api/v1/talks/{talks}/members/{member}":
		// The mediator, first, removes a member of Russia; then it is gone.
		if isMed {
			return []int{204}
		}
		return []int{404}
	}
	return []int{200}
}

// bodies are valid requests for the routes that write.
func (w *world) body(route string, c caller) string {
	switch route {
	case "POST /api/v1/talks":
		return `{"title": "New talks"}`
	case "PATCH /api/v1/talks/{talks}":
		return `{"description": "changed"}`
	case "POST /api/v1/talks/{talks}/parties":
		return fmt.Sprintf(`{"name": "Party of %s"}`, c.name)
	case "POST /api/v1/talks/{talks}/members":
		party := c.party
		if party == "" || c.role == parley.RoleMediator {
			party = "Observers"
		}
		return fmt.Sprintf(`{"username": "recruit", "party_name": %q, "role": "observer"}`, party)
	case "POST /api/v1/talks/{talks}/invitations":
		party := c.party
		if party == "" || c.role == parley.RoleMediator {
			party = "Observers"
		}
		return fmt.Sprintf(`{"party_name": %q, "role": "observer"}`, party)
	case "PATCH /api/v1/talks/{talks}/members/{member}":
		return `{"role": "negotiator"}`
	case "POST /api/v1/talks/{talks}/drafts", "PUT /api/v1/talks/{talks}/drafts/{n}":
		return fmt.Sprintf(`{"points": [{"id": %d, "text": "Revised."}]}`, w.point)
	case "PUT /api/v1/talks/{talks}/drafts/{n}/points/{point}/stance":
		return `{"stance": "acceptable", "rationale": "fine"}`
	case "POST /api/v1/talks/{talks}/drafts/{n}/points/{point}/amendments":
		return `{"kind": "replace", "text": "A matrix amendment."}`
	case "POST /api/v1/talks/{talks}/amendments/{amendment}/decision":
		return `{"take": false, "reason": "Declined in the matrix."}`
	case "POST /api/v1/talks/{talks}/drafts/{n}/points/{point}/comments":
		return `{"text": "A matrix comment."}`
	case "PUT /api/v1/talks/{talks}/comments/{comment}/resolved":
		return `{"resolved": true}`
	case "POST /api/v1/talks/{talks}/decisions":
		return `{"kind": "set_confidentiality", "confidentiality": "by_consent"}`
	case "POST /api/v1/talks/{talks}/meetings":
		return `{"title": "Round two", "place": "Geneva", "starts_at": "2025-12-10T09:00:00Z", "minutes": 60, "attendees": ["mediator"], "outcome": "ok"}`
	case "POST /api/v1/talks/{talks}/statements":
		return `{"speaker": "Spokesperson", "channel": "press", "made_at": "2025-12-10T12:00:00Z", "text": "Work will continue."}`
	case "POST /api/v1/talks/{talks}/statements/check":
		return `{"text": "SECRET-Russia-private and more words to compare here"}`
	case "POST /api/v1/talks/{talks}/itinerary":
		return `{"from": "A", "to": "B", "depart_at": "2025-12-10T08:00:00Z", "arrive_at": "2025-12-10T09:00:00Z"}`
	case "PUT /api/v1/talks/{talks}/analysis/space":
		return `{"issues": [{"name": "Territory", "options": ["A", "B"]}, {"name": "Sanctions", "options": ["C", "D"]}]}`
	case "PUT /api/v1/talks/{talks}/analysis/profile":
		return `{"weights": {"Territory": 0.5, "Sanctions": 0.5}, "evaluations": {"Territory": {"A": 1, "B": 0}, "Sanctions": {"C": 1, "D": 0}}, "reservation": 0.1}`
	case "POST /api/v1/talks/{talks}/analysis/profile/guided/preview", "PUT /api/v1/talks/{talks}/analysis/profile/guided":
		return `{"rank": {"Territory": 1, "Sanctions": 2}, "swing": {"Territory": 100, "Sanctions": 40}, "ratings": {"Territory": {"A": 100, "B": 0}, "Sanctions": {"C": 0, "D": 100}}, "reservation": 10, "space_version": 1}`
	case "POST /api/v1/talks/{talks}/analysis/shares":
		return `{"label": "Nash", "package": {"Territory": "A", "Sanctions": "D"}}`
	case "PUT /api/v1/talks/{talks}/languages":
		return `{"languages": [{"tag": "en", "authentic": true}, {"tag": "ru", "authentic": true}], "party_translators": true, "translators": [{"username": "ru-adviser", "languages": ["ru"]}]}`
	case "PUT /api/v1/talks/{talks}/drafts/{n}/points/{point}/translations/{lang}":
		return `{"title": "Территория", "text": "Исправленный перевод."}`
	case "POST /api/v1/talks/{talks}/drafts/{n}/translations/{lang}/import":
		return fmt.Sprintf("# Draft 1\n\n1. **Территория.** Перевод из файла. {#%d}\n", w.point)
	case "POST /api/v1/talks/{talks}/analysis/improvements":
		// From (B, C), which nothing improves on: the answer holds no gain.
		return `{"baseline": {"Territory": "B", "Sanctions": "C"}}`
	case "PUT /api/v1/talks/{talks}/analysis/wordings":
		return `{"wordings": []}`
	case "POST /api/v1/talks/{talks}/analysis/package-draft":
		return `{"package": {"Territory": "A", "Sanctions": "D"}}`
	case "POST /api/v1/talks/{talks}/analysis/improvements/shares":
		return `{"label": "Another", "baseline": {"Territory": "B", "Sanctions": "C"}, "packages": [{"Territory": "A", "Sanctions": "D"}]}`
	case "PUT /api/v1/talks/{talks}/drafts/{n}/marking":
		return `{"finished": true}`
	case "PUT /api/v1/talks/{talks}/decisions/{decision}/answer":
		return `{"yes": false, "reasons": "not yet"}`
	case "POST /api/v1/accounts":
		return `{"username": "newcomer", "password": "long-enough-password"}`
	case "POST /api/v1/admin/accounts":
		return `{"username": "admin-made", "display_name": "Made by the administrator"}`
	case "PATCH /api/v1/admin/accounts/{username}":
		return `{"may_create_talks": false}`
	case "PUT /api/v1/account/key":
		return `{"age_recipient": "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"}`
	case "POST /api/v1/talks/{talks}/messages":
		b, _ := json.Marshal(parley.MessageInput{Recipients: []string{"ua-principal"}, Envoy: "mediator", Ciphertext: w.ciphertextFor})
		return string(b)
	}
	if strings.HasPrefix(route, "POST") || strings.HasPrefix(route, "PUT") || strings.HasPrefix(route, "PATCH") {
		return `{}`
	}
	return ""
}

func TestPolicyMatrix(t *testing.T) {
	t.Parallel()
	w := buildWorld(t)
	routes := parleyhttp.NewServer(nil, nil).Routes()
	// Reads first, so that every secret is still there to leak; then
	// writes; signing out last.
	rank := func(r string) int {
		switch {
		case strings.HasPrefix(r, "GET "):
			return 0
		case strings.HasSuffix(r, "/stance"), strings.HasSuffix(r, "/marking"), strings.HasSuffix(r, "/points/{point}/amendments"):
			return 1 // before a new draft supersedes draft 1
		case r == "DELETE /api/v1/sessions":
			return 3
		case r == "DELETE /api/v1/session":
			return 4
		}
		return 2
	}
	sort.SliceStable(routes, func(i, j int) bool { return rank(routes[i]) < rank(routes[j]) })
	cases, leaks := 0, 0
	for _, route := range routes {
		method, pattern, _ := strings.Cut(route, " ")
		for _, n := range []string{"1", "working"} {
			if n == "working" && !strings.Contains(pattern, "{n}") {
				continue
			}
			for _, own := range []bool{true, false} {
				if !own && !strings.Contains(pattern, "{talks}") {
					continue
				}
				tk := w.talks
				if !own {
					tk = w.otherTalks
				}
				fillPattern := pattern
				if method == "DELETE" {
					fillPattern = strings.ReplaceAll(pattern, "{member}", fmt.Sprint(w.delMember))
				}
				path := w.fill(fillPattern, tk, n)
				switch {
				case strings.HasSuffix(pattern, "/diff"):
					path += "?from=1&to=1"
				case strings.HasSuffix(pattern, "/consistency"):
					path += "?old=1"
				case strings.HasSuffix(pattern, "/export"):
					path += "?format=md"
				case strings.HasSuffix(pattern, "/redline"):
					path += "?from=1&to=1"
				}
				for _, c := range callers {
					want := expected(route, c, n, own)
					if want == nil {
						continue
					}
					cases++
					status, body := w.do(c, method, path, w.body(route, c))
					ok := false
					for _, s := range want {
						ok = ok || s == status
					}
					if !ok {
						t.Errorf("%s %s as %s: got %d, want %v: %s", method, path, c.name, status, want, body)
					}
					for _, s := range w.secrets {
						if !s.may(c) && strings.Contains(body, s.text) {
							leaks++
							t.Errorf("LEAK: %s %s as %s returned %q", method, path, c.name, s.text)
						}
					}
				}
			}
		}
	}
	t.Logf("policy matrix: %d routes, %d callers, %d cases, %d leaks", len(routes), len(callers), cases, leaks)
	if cases < 300 {
		t.Errorf("the matrix ran only %d cases", cases)
	}
}
