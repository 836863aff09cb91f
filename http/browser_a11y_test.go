package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/parley-talks/parley"
	parleyhttp "github.com/parley-talks/parley/http"
	"github.com/parley-talks/parley/workspace"
)

// axeTags are the axe-core rule tags TestAccessibility runs: WCAG 2.0 and
// 2.1, levels A and AA (what EN 301 549 asks of web pages).
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"}

// a11yRoles are the callers of the policy matrix's world who visit every
// page, one for each role.
var a11yRoles = []struct{ role, user string }{
	{"mediator", "mediator"},
	{"principal", "ru-principal"},
	{"negotiator", "ru-negotiator"},
	{"observer", "observer"},
	{"administrator", "admin"},
}

// axeViolation is one failed rule on a page, as axe reports it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// TestAccessibility runs axe-core (vendored in internal/axe/testdata) in
// Chromium on every page a browser can open (GET, from Server.Pages) with
// the IDs of the policy matrix's world filled in, for each role —
// mediator, principal, negotiator, observer, administrator — then on the
// demo's fuller pages as its mediator and a principal, and on the pages a
// visitor opens (sign-in, an invitation, a password link, the setup).
// Each page is checked with the WCAG 2.1 A and AA rules and axe's best
// practices in the light colour scheme, then with the colour-contrast
// rule again with prefers-color-scheme: dark emulated. Any violation
// fails the test; the log lists the pages, the roles and the rules.
func TestAccessibility(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	a := newAxeAudit(t)
	w := buildWorld(t)
	paths := a11yPaths(w)
	for _, r := range a11yRoles {
		b := a.browser(t, exe)
		signInWithPassword(t, b, w.base, r.user, "password-"+r.user)
		for _, path := range paths {
			a.check(t, b, w.base, r.role, path)
		}
		closeBrowser(t, b)
	}
	anon := a.browser(t, exe)
	a.check(t, anon, w.base, "visitor", "/signin")
	closeBrowser(t, anon)
	// The demo's talks have what the world's lack: five drafts, a gap
	// map with every stance, the analysis' plots, a timeline, messages.
	// Ukraine's principal reads them in Ukrainian, as the demo ships.
	base, ws, tid := newDemoServer(t)
	preferLanguage(t, ws, "ukraine", "uk")
	for _, r := range []struct{ role, user string }{{"mediator", "mediator"}, {"principal", "russia"}, {"principal in Ukrainian", "ukraine"}} {
		b := a.browser(t, exe)
		signInBrowser(t, b, base, r.user)
		for _, path := range demoPaths {
			a.check(t, b, base, r.role+" (demo)", path)
		}
		closeBrowser(t, b)
	}
	// A live update waiting while the member types: the notice (a live
	// region) with its button.
	ru := a.browser(t, exe)
	signInBrowser(t, ru, base, "russia")
	run(t, ru, chromedp.Navigate(base+"/talks/1/drafts/5"), chromedp.WaitVisible(chromedp.CSS(".stance-form")),
		chromedp.WaitReady(chromedp.CSS(`body[data-live="open"]`)),
		chromedp.SetValue(chromedp.CSS(`article.point:first-of-type textarea[name="rationale"]`), "Not yet saved."))
	envoy := workspace.WithAccount(context.Background(), accountID(t, ws, "russia-envoy"))
	d5, err := ws.GetDraft(envoy, tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ws.SetStance(envoy, tid, 5, d5.Points[len(d5.Points)-1].ID, parley.StanceInput{Value: parley.NeedsDiscussion}); err != nil {
		t.Fatal(err)
	}
	run(t, ru, chromedp.WaitVisible(chromedp.CSS("#live-show")))
	a.run(t, ru, "principal (demo) at /talks/1/drafts/5 with a live update waiting")
	closeBrowser(t, ru)

	// The pages a one-time link opens to a visitor: an invitation, a
	// password link, and the setup of a server with no account yet.
	ctx := context.Background()
	inv, err := ws.CreateInvitation(workspace.WithAccount(ctx, accountID(t, ws, "mediator")), tid,
		workspace.InvitationInput{PartyName: "Russia", Role: parley.RoleAdviser, Note: "for the legal adviser"})
	if err != nil {
		t.Fatal(err)
	}
	link, err := ws.IssuePasswordLink(workspace.AsOperator(ctx), "russia-aide")
	if err != nil {
		t.Fatal(err)
	}
	emptyBase, empty := newServer(t)
	setup, err := empty.BeginSetup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	visitor := a.browser(t, exe)
	a.check(t, visitor, base, "visitor", "/invite/"+inv.Token)
	a.check(t, visitor, base, "visitor", link.Path)
	a.check(t, visitor, emptyBase, "visitor", "/setup/"+setup)
	closeBrowser(t, visitor)

	token := regexp.MustCompile(`/[A-Za-z0-9_-]{40,}$`)
	for _, p := range slices.Sorted(maps.Keys(a.seen)) {
		t.Logf("  %-40s %s", token.ReplaceAllString(p, "/{token}"), strings.Join(a.seen[p], ", "))
	}
	t.Logf("axe-core rules checked (%s): %d: %s", strings.Join(axeTags, ", "), len(a.rules), strings.Join(a.rules, " "))
	t.Logf("accessibility: %d page visits (%d pages of the world × %d roles, the sign-in page, %d pages of the demo × 3 roles (one in Ukrainian), 3 pages of one-time links), "+
		"%d checked (one refusal page per role) in light and dark: %d violations", a.visits, len(paths), len(a11yRoles), len(demoPaths), a.checked, a.violations)
	if len(a.seen) < 12 || len(a.rules) < 50 {
		t.Errorf("checked only %d pages with %d rules", len(a.seen), len(a.rules))
	}
}

// demoPaths are the demo's pages TestAccessibility visits besides the
// world's.
var demoPaths = []string{"/", "/talks/1", "/talks/1/drafts/5", "/talks/1/compare?from=4&to=5", "/talks/1/timeline",
	"/talks/1/analysis", "/talks/1/messages", "/talks/1/decisions", "/talks/1/audit", "/talks/1/settings",
	"/talks/1/amendments/desk"} // the desk with draft 5's collision and draft 4's amendments

// axeAudit runs axe-core on pages and keeps the count.
type axeAudit struct {
	src             string
	rules           []string            // the rules of axeTags, by ID
	seen            map[string][]string // page → roles that saw it as a page of its own (not an error)
	refusals        map[string]bool     // roles whose "not found" page was checked
	visits, checked int                 // pages opened, pages checked
	violations      int
}

func newAxeAudit(t *testing.T) *axeAudit {
	t.Helper()
	src, err := os.ReadFile("internal/axe/testdata/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	return &axeAudit{src: string(src), seen: map[string][]string{}, refusals: map[string]bool{}}
}

// browser opens a browser that loads axe-core into every page.
func (a *axeAudit) browser(t *testing.T, exe string) context.Context {
	t.Helper()
	b := browser(t, exe)
	injectAxe(t, b, a.src)
	return b
}

// check opens the page at path as role and runs axe-core on it, in the
// light colour scheme with every rule of axeTags, then in the dark with
// colour contrast, the one rule the scheme changes; each violation is a
// test error.
func (a *axeAudit) check(t *testing.T, b context.Context, base, role, path string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b, stepTimeout)
	err := chromedp.Do(ctx, chromedp.Navigate(base+path))
	cancel()
	if err != nil && strings.Contains(err.Error(), "ERR_ABORTED") {
		return // a file the browser downloads rather than shows
	} else if err != nil {
		t.Fatalf("%s as %s: %v", path, role, err)
	}
	if ct := get(t, b, chromedp.Evaluate[string](`document.contentType`)); ct != "text/html" {
		return
	}
	if a.rules == nil {
		a.rules = get(t, b, chromedp.Evaluate[[]string](fmt.Sprintf(`axe.getRules(%s).map(r => r.ruleId).sort()`, jsonOf(axeTags))))
	}
	a.visits++
	if get(t, b, chromedp.Evaluate[bool](`document.title.startsWith("Not found") || document.title.startsWith("Not allowed")`)) {
		// One refusal is checked per role: they are the same page.
		if a.refusals[role] {
			return
		}
		a.refusals[role] = true
	} else {
		a.seen[path] = append(a.seen[path], role)
	}
	a.checked++
	a.run(t, b, role+" at "+path)
}

// run runs axe-core on the page as it is, in both colour schemes.
func (a *axeAudit) run(t *testing.T, b context.Context, what string) {
	t.Helper()
	for _, scheme := range []string{"light", "dark"} {
		setColorScheme(t, b, scheme)
		only := axeTags
		if scheme == "dark" {
			only = nil
		}
		for _, v := range runAxe(t, b, only) {
			a.violations++
			t.Errorf("%s (%s): %s (%s, %s)", what, scheme, v.ID, v.Impact, v.Help)
			for i, n := range v.Nodes {
				if i == 3 {
					t.Errorf("    … and %d more", len(v.Nodes)-3)
					break
				}
				t.Errorf("    %v %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
			}
		}
	}
	setColorScheme(t, b, "light")
}

// a11yPaths returns the paths of the pages TestAccessibility visits: every
// GET page but those that need a one-time token, files and the live-update
// stream, with the IDs of the world's talks.
func a11yPaths(w *world) []string {
	var paths []string
	for _, route := range parleyhttp.NewServer(nil, nil).Pages() {
		method, pattern, _ := strings.Cut(route, " ")
		if method != "GET" || strings.Contains(pattern, "{token}") || strings.Contains(pattern, "{name}") ||
			strings.HasSuffix(pattern, "/events") || strings.HasSuffix(pattern, "/download") {
			continue
		}
		paths = append(paths, strings.TrimSuffix(w.fill(pattern, w.talks, "1"), "{$}"))
	}
	return paths
}

// injectAxe has the browser load axe-core into every page it opens, before
// the page's own scripts (DevTools' scripts are not bound by the pages'
// Content-Security-Policy).
func injectAxe(t *testing.T, ctx context.Context, src string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: src}); err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
}

// setColorScheme emulates prefers-color-scheme.
func setColorScheme(t *testing.T, ctx context.Context, scheme string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
		t.Fatalf("emulating prefers-color-scheme: %s: %v", scheme, err)
	}
}

// runAxe runs axe-core on the page with the rules of the tags given, or
// with colour contrast alone when tags is nil, and returns its violations.
func runAxe(t *testing.T, ctx context.Context, tags []string) []axeViolation {
	t.Helper()
	only := `{type: "rule", values: ["color-contrast"]}`
	if tags != nil {
		only = fmt.Sprintf(`{type: "tag", values: %s}`, jsonOf(tags))
	}
	raw := get(t, ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`axe.run(document, {runOnly: %s, resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`, only), awaitPromise))
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatalf("axe's result: %v", err)
	}
	return vs
}

// signInWithPassword signs the browser in through the sign-in page.
func signInWithPassword(t *testing.T, ctx context.Context, base, user, password string) {
	t.Helper()
	run(t, ctx,
		chromedp.Navigate(base+"/signin?next="+url.QueryEscape("/")),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), user),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS("header nav")),
	)
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
