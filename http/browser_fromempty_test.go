package http_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestBrowserFromEmptyServer runs talks in Chromium alone, from a server's
// first start on an empty database to the talks concluded in agreement:
// the setup link makes the administrator, who makes the mediator's
// account; the mediator opens talks with two parties and invites a
// principal of each, who join in browsers of their own; the mediator
// tables a draft, both parties mark it, the mediator puts it to a sign-off
// and both principals say yes. A negotiator invited to one party is
// removed on the settings page: its open page's live stream ends, and the
// talks answer it 404. The one step outside the pages is the setup link,
// which an operator reads from `parley serve`'s output.
func TestBrowserFromEmptyServer(t *testing.T) {
	t.Parallel()
	e := &fromEmpty{t: t, exe: findBrowser(t)}
	var ws *workspace.Service
	e.base, ws = newServer(t)
	token, err := ws.BeginSetup(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	admin := e.firstAdministrator(token)
	med := e.mediatorAccount(admin)
	e.openTalks(med)
	egLink := e.invite(med, "Egypt", "principal", "Nour Hassan, Egypt's chief negotiator")
	etLink := e.invite(med, "Ethiopia", "principal", "Dawit Bekele, Ethiopia's chief negotiator")
	ngLink := e.invite(med, "Ethiopia", "negotiator", "Selam Tesfaye, Ethiopia's legal adviser")
	screenshot(t, med, "setup-talks")
	if c := get(t, med, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("#invitations button.link")).color`)); c == "rgb(255, 255, 255)" {
		t.Error("the pending invitations' Revoke buttons are white on the page's light background")
	}
	eg := e.join(egLink, "nour.hassan", "Nour Hassan", true)
	et := e.join(etLink, "dawit.bekele", "Dawit Bekele", false)
	ng := e.join(ngLink, "selam.tesfaye", "Selam Tesfaye", false)

	e.tableDraft(med)
	e.removeMember(med, ng, "selam.tesfaye")
	e.mark(eg, "The pause in dry years protects Egypt's share of the river.")
	e.mark(et, "Filling in stages lets the turbines run from the first rainy season.")
	e.checkGap(med)
	e.signOff(med, eg, et)
	e.checkConcluded(ws, med)
}

// fromEmpty is TestBrowserFromEmptyServer's state: the server, and the
// talks once opened.
type fromEmpty struct {
	t         *testing.T
	exe, base string
	talks     string // the talks' address, /talks/N
	talksID   int64
}

const (
	emptyTitle = "Talks on the filling and operation of the dam"
	emptyDraft = "# Agreement on the filling and operation of the dam, draft 1\n\n" +
		"The mediator's first text, for the parties to mark.\n\n" +
		"## Filling and drought\n\n" +
		"1. **Filling.** The reservoir is filled in stages during the rainy season, from July to September. " +
		"In any year in which the inflow falls below 35 billion cubic metres, filling pauses until the next rainy season.\n" +
		"2. **Drought.** In a prolonged drought the dam releases at least 37 billion cubic metres a year, " +
		"and the parties meet within two weeks to agree on further measures.\n"
)

// password is a user's password in this test.
func password(user string) string { return "a passphrase for " + user }

// follow runs steps that lead the browser to another page (a click on a
// link or on a form's button, or a navigation) and waits for that page; it
// fails the test unless the page answers status.
func follow(t *testing.T, ctx context.Context, status int64, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	wctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(wctx, steps...)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != status {
		t.Fatalf("%s answered %d, want %d: %s", resp.URL, resp.Status, status, get(t, ctx, chromedp.Text(chromedp.CSS("main"))))
	}
}

// docHTML returns the whole HTML of the document loaded now.
func docHTML(t *testing.T, ctx context.Context) string {
	t.Helper()
	return get(t, ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
}

// fill types values into the fields named by their CSS selectors.
func fill(t *testing.T, ctx context.Context, fields ...string) {
	t.Helper()
	var steps []chromedp.Action[chromedp.Void]
	for i := 0; i+1 < len(fields); i += 2 {
		steps = append(steps, chromedp.SendKeys(chromedp.CSS(fields[i]), fields[i+1]))
	}
	run(t, ctx, steps...)
}

// firstAdministrator opens the setup link in a browser and creates the
// administrator, who lands signed in.
func (e *fromEmpty) firstAdministrator(token string) context.Context {
	t := e.t
	admin := browser(t, e.exe)
	follow(t, admin, http.StatusOK, chromedp.Navigate(e.base+"/setup/"+token))
	fill(t, admin, "#username", "admin", "#display_name", "Workspace administrator",
		"#password", password("admin"), "#confirm", password("admin"))
	follow(t, admin, http.StatusOK, chromedp.Click(chromedp.CSS(`#setup button[type="submit"]`)))
	if !strings.Contains(docHTML(t, admin), `Signed in as <strong dir="auto">Workspace administrator</strong>`) {
		t.Fatal("after the setup page: the administrator is not signed in")
	}
	return admin
}

// mediatorAccount: the administrator creates the mediator's account,
// allowed to open talks, with a one-time link; the mediator opens it in
// a browser of their own and sets the password.
func (e *fromEmpty) mediatorAccount(admin context.Context) context.Context {
	t := e.t
	follow(t, admin, http.StatusOK, chromedp.Click(chromedp.CSS(`header a[href="/admin"]`)))
	fill(t, admin, "#username", "amina.diallo", "#display_name", "Amina Diallo")
	if !get(t, admin, chromedp.Evaluate[bool](`document.querySelector('#create-account input[name="may_create_talks"]').checked`)) {
		run(t, admin, chromedp.Click(chromedp.CSS(`#create-account input[name="may_create_talks"]`)))
	}
	follow(t, admin, http.StatusOK, chromedp.Click(chromedp.CSS(`#create-account button[type="submit"]`)))
	screenshot(t, admin, "setup-admin")
	link := get(t, admin, chromedp.Value(chromedp.CSS("#link-url")))
	if !strings.HasPrefix(link, e.base+"/reset/") {
		t.Fatalf("the mediator's link: got %q, want %s/reset/…", link, e.base)
	}
	med := browser(t, e.exe)
	follow(t, med, http.StatusOK, chromedp.Navigate(link))
	fill(t, med, "#password", password("amina.diallo"), "#confirm", password("amina.diallo"))
	follow(t, med, http.StatusOK, chromedp.Click(chromedp.CSS(`#reset button[type="submit"]`)))
	if !strings.Contains(docHTML(t, med), `Signed in as <strong dir="auto">Amina Diallo</strong>`) {
		t.Fatal("after setting the password: the mediator is not signed in")
	}
	return med
}

// openTalks: the mediator opens the talks from the home page's form and
// adds the two parties on their settings page.
func (e *fromEmpty) openTalks(med context.Context) {
	t := e.t
	fill(t, med, "#new-title", emptyTitle,
		"#new-description", "Egypt and Ethiopia on the filling of the reservoir and on years of drought.")
	screenshot(t, med, "setup-new-talks")
	follow(t, med, http.StatusOK, chromedp.Click(chromedp.CSS("#new-talks-submit")))
	loc := get(t, med, chromedp.Location())
	rest, ok := strings.CutPrefix(loc, e.base+"/talks/")
	id, err := strconv.ParseInt(strings.TrimSuffix(rest, "/settings"), 10, 64)
	if !ok || err != nil || !strings.HasSuffix(rest, "/settings") {
		t.Fatalf("after opening the talks: at %s, want their settings", loc)
	}
	e.talksID, e.talks = id, fmt.Sprintf("%s/talks/%d", e.base, id)
	for _, name := range []string{"Egypt", "Ethiopia"} {
		fill(t, med, "#party-name", name)
		run(t, med, chromedp.SetValue(chromedp.CSS("#party-kind"), "party"), chromedp.Click(chromedp.CSS("#party-share")))
		follow(t, med, http.StatusOK, chromedp.Click(chromedp.CSS("#add-party-submit")))
		if !strings.Contains(get(t, med, chromedp.Text(chromedp.CSS("#members-h ~ h3:last-of-type"))), name) {
			t.Fatalf("after adding %s: it is not the last party listed", name)
		}
	}
}

// invite makes an invitation link on the settings page for a role in a
// party and returns it.
func (e *fromEmpty) invite(med context.Context, party, role, note string) string {
	t := e.t
	follow(t, med, http.StatusOK, chromedp.Navigate(e.talks+"/settings"))
	value := get(t, med, chromedp.Evaluate[string](fmt.Sprintf(
		`Array.from(document.querySelectorAll("#invite-party option")).find(o => o.textContent === %q).value`, party)))
	run(t, med, chromedp.SetValue(chromedp.CSS("#invite-party"), value), chromedp.SetValue(chromedp.CSS("#invite-role"), role))
	fill(t, med, "#invite-note", note)
	follow(t, med, http.StatusCreated, chromedp.Click(chromedp.CSS("#invite-submit")))
	link := get(t, med, chromedp.Text(chromedp.CSS("#invitation-link")))
	if !strings.HasPrefix(link, e.base+"/invite/") {
		t.Fatalf("the invitation link: got %q, want %s/invite/…", link, e.base)
	}
	return link
}

// join opens an invitation link in a new browser and creates an account
// with it; the new member lands on the talks.
func (e *fromEmpty) join(link, user, name string, shot bool) context.Context {
	t := e.t
	b := browser(t, e.exe)
	follow(t, b, http.StatusOK, chromedp.Navigate(link))
	if shot {
		screenshot(t, b, "setup-invitation")
	}
	if who := get(t, b, chromedp.Text(chromedp.CSS("#invitation"))); !strings.HasPrefix(who, "Amina Diallo invites you") {
		t.Errorf("the invitation does not name the mediator who made it: %q", who)
	}
	fill(t, b, "#username", user, "#display_name", name, "#password", password(user), "#confirm", password(user))
	follow(t, b, http.StatusOK, chromedp.Click(chromedp.CSS("#invite-account-submit")))
	if loc := get(t, b, chromedp.Location()); loc != e.talks {
		t.Fatalf("%s after accepting the invitation: at %s, want %s", user, loc, e.talks)
	}
	if h1 := get(t, b, chromedp.Text(chromedp.CSS("main h1"))); !strings.Contains(h1, emptyTitle) {
		t.Fatalf("%s's talks page reads %q", user, h1)
	}
	return b
}

// tableDraft: the mediator writes the first draft on the drafting page,
// previews it and tables it.
func (e *fromEmpty) tableDraft(med context.Context) {
	t := e.t
	follow(t, med, http.StatusOK, chromedp.Navigate(e.talks))
	follow(t, med, http.StatusOK, chromedp.Click(chromedp.CSS(`a[href$="/drafting"]`)))
	fill(t, med, "#markdown", emptyDraft)
	follow(t, med, http.StatusOK, chromedp.Click(chromedp.CSS(`button[value="preview"]`)))
	run(t, med, chromedp.Click(chromedp.CSS(`#confirm`)))
	follow(t, med, http.StatusOK, chromedp.Click(chromedp.CSS(`#table-confirmed`)))
	if loc := get(t, med, chromedp.Location()); loc != e.talks+"/drafts/1" {
		t.Fatalf("after tabling: at %s, want draft 1", loc)
	}
	if h1 := get(t, med, chromedp.Text(chromedp.CSS("main h1"))); h1 != "Agreement on the filling and operation of the dam, draft 1" {
		t.Errorf("the tabled draft's title: %q", h1)
	}
}

// removeMember: a member has the draft open, its live stream open; the
// mediator removes it on the settings page. The stream ends, and the
// talks and their draft answer it 404.
func (e *fromEmpty) removeMember(med, gone context.Context, user string) {
	t := e.t
	follow(t, gone, http.StatusOK, chromedp.Navigate(e.talks+"/drafts/1"))
	run(t, gone, chromedp.WaitReady(chromedp.CSS(`body[data-live="open"]`)))
	follow(t, med, http.StatusOK, chromedp.Navigate(e.talks+"/settings"))
	get(t, med, chromedp.Evaluate[bool](`document.getElementById("members-h").scrollIntoView(); true`))
	screenshot(t, med, "setup-members")
	id := get(t, med, chromedp.Evaluate[string](fmt.Sprintf(
		`document.querySelector('ul.members li[data-username=%q]').id`, user)))
	member, ok := strings.CutPrefix(id, "member-")
	if !ok {
		t.Fatalf("the settings page lists %s as %q", user, id)
	}
	run(t, med, chromedp.Click(chromedp.CSS("#member-"+member+" details.remove summary")),
		chromedp.Click(chromedp.CSS("#remove-confirm-"+member)))
	follow(t, med, http.StatusOK, chromedp.Click(chromedp.CSS("#remove-"+member+` button[type="submit"]`)))
	if strings.Contains(get(t, med, chromedp.Text(chromedp.CSS("#members-h ~ ul.members"))), user) {
		t.Errorf("the settings page still lists %s after its removal", user)
	}
	wctx, cancel := context.WithTimeout(gone, stepTimeout)
	defer cancel()
	if _, err := chromedp.Run(wctx, chromedp.Poll[bool](`document.body.dataset.live === "closed"`)); err != nil {
		t.Errorf("the removed member's open page: its live stream did not end: %v", err)
	}
	for _, path := range []string{"", "/drafts/1", "/decisions"} {
		follow(t, gone, http.StatusNotFound, chromedp.Navigate(e.talks+path))
	}
	follow(t, gone, http.StatusOK, chromedp.Navigate(e.base+"/"))
	if strings.Contains(docHTML(t, gone), emptyTitle) {
		t.Errorf("the removed member's home page still lists the talks")
	}
}

// mark: a principal marks each point of draft 1 acceptable, the first
// with a rationale, and declares its marking finished.
func (e *fromEmpty) mark(b context.Context, rationale string) {
	t := e.t
	follow(t, b, http.StatusOK, chromedp.Navigate(e.talks))
	follow(t, b, http.StatusOK, chromedp.Click(chromedp.CSS(`#drafts a[href$="/drafts/1"]`)))
	points := get(t, b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("article.point")).map(a => a.id.slice(1))`))
	if len(points) != 2 {
		t.Fatalf("draft 1 shows %d points, want 2", len(points))
	}
	for i, p := range points {
		// Each point from a freshly loaded page, so that a live update
		// from the last save does not replace the form being filled.
		if i > 0 {
			follow(t, b, http.StatusOK, chromedp.Navigate(e.talks+"/drafts/1"))
		}
		run(t, b, chromedp.WaitReady(chromedp.CSS(`body[data-live="open"]`)))
		form := "#stance-" + p + " form.stance-form"
		run(t, b, chromedp.Click(chromedp.CSS(form+` input[value="acceptable"]`)))
		if i == 0 {
			fill(t, b, "#r"+p, rationale)
		}
		run(t, b, chromedp.Click(chromedp.CSS(form+` button[type="submit"]`)))
		// Saved: the form says so, or a live update already shows the
		// count.
		get(t, b, chromedp.Poll[bool](fmt.Sprintf(`document.querySelector("#stance-%s .saved") !== null ||
			(document.getElementById("marking")?.textContent || "").includes("marked %d of 2")`, p, i+1)))
	}
	follow(t, b, http.StatusOK, chromedp.Navigate(e.talks+"/drafts/1"))
	follow(t, b, http.StatusOK, chromedp.Click(chromedp.CSS(`#marking button[type="submit"]`)))
	if got := get(t, b, chromedp.Text(chromedp.CSS("#marking"))); !strings.Contains(got, "marked 2 of 2 points and declared its marking finished") {
		t.Errorf("after marking: %q", got)
	}
}

// checkGap: the mediator's gap map shows both parties' marks (they share
// with the mediator by default).
func (e *fromEmpty) checkGap(med context.Context) {
	t := e.t
	follow(t, med, http.StatusOK, chromedp.Navigate(e.talks))
	if n := get(t, med, chromedp.Evaluate[int](`document.querySelectorAll("#gap td.cell.acceptable").length`)); n != 4 {
		t.Errorf("the mediator's gap map: %d cells acceptable, want 4 (2 points, 2 parties)", n)
	}
}

// signOff: the mediator puts draft 1 to a sign-off on the decisions page,
// and each principal answers yes there.
func (e *fromEmpty) signOff(med context.Context, principals ...context.Context) {
	t := e.t
	follow(t, med, http.StatusOK, chromedp.Navigate(e.talks))
	follow(t, med, http.StatusOK, chromedp.Click(chromedp.CSS(`a[href$="/decisions"]`)))
	follow(t, med, http.StatusOK, chromedp.Click(chromedp.CSS(`form[action$="/decisions"] button[type="submit"]`)))
	if h2 := get(t, med, chromedp.Text(chromedp.CSS("#decisions .decision h2"))); !strings.Contains(h2, "Sign-off on draft 1") || !strings.Contains(h2, "Open") {
		t.Fatalf("after putting the sign-off: %q", h2)
	}
	for _, b := range principals {
		follow(t, b, http.StatusOK, chromedp.Navigate(e.talks+"/decisions"))
		run(t, b, chromedp.Click(chromedp.CSS(`#decisions input[name="answer"][value="yes"]`)))
		follow(t, b, http.StatusOK, chromedp.Click(chromedp.CSS(`#decisions form button[type="submit"]`)))
	}
	last := principals[len(principals)-1]
	if h2 := get(t, last, chromedp.Text(chromedp.CSS("#decisions .decision h2"))); !strings.Contains(h2, "Approved") {
		t.Errorf("after both yeses the sign-off reads %q", h2)
	}
	if lead := get(t, last, chromedp.Text(chromedp.CSS("main .lead"))); !strings.Contains(lead, "The talks concluded in agreement on draft 1.") {
		t.Errorf("after both yeses the decisions page reads %q", lead)
	}
	screenshot(t, last, "decisions-concluded")
}

// checkConcluded: the mediator's talks page says concluded, and so does
// the workspace, with the sign-off approved by both parties.
func (e *fromEmpty) checkConcluded(ws *workspace.Service, med context.Context) {
	t := e.t
	follow(t, med, http.StatusOK, chromedp.Navigate(e.talks))
	if tag := get(t, med, chromedp.Text(chromedp.CSS("main h1 .tag"))); tag != "Concluded" {
		t.Errorf("the mediator's talks page: state %q, want concluded", tag)
	}
	as := workspace.WithAccount(context.Background(), accountID(t, ws, "amina.diallo"))
	tv, err := ws.GetTalks(as, e.talksID)
	if err != nil {
		t.Fatal(err)
	}
	if tv.State != parley.TalksConcluded || tv.AgreedDraft != 1 {
		t.Errorf("the talks: state %s, agreed draft %d; want concluded on draft 1", tv.State, tv.AgreedDraft)
	}
	ds, err := ws.ListDecisions(as, e.talksID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Kind != parley.SignOff || ds[0].Status != parley.DecisionApproved || len(ds[0].Answers) != 2 {
		t.Fatalf("the decisions: %+v, want one sign-off approved with two answers", ds)
	}
	for _, a := range ds[0].Answers {
		if !a.Yes {
			t.Errorf("%s answered no", a.PartyName)
		}
	}
}
