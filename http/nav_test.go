package http_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestTalksNavigation checks the navigation on the demo's talks pages: the
// sections each viewer may use, the current one marked, who the viewer is,
// what waits for it (a message to read, points to mark, a decision to
// answer) and the talks' name in the page title; pages about no talks have
// none.
func TestTalksNavigation(t *testing.T) {
	t.Parallel()
	base, ws, tid := newDemoServer(t)
	nav := regexp.MustCompile(`(?s)<nav class="talks-nav".*?</nav>`)
	navOf := func(c *browserClient, path string) string {
		t.Helper()
		status, page := c.get(path)
		if status != 200 {
			t.Fatalf("%s: %d", path, status)
		}
		return nav.FindString(page)
	}

	us, _ := signInPages(t, base, "us-principal")
	n := navOf(us, "/talks/1/messages")
	if !strings.Contains(n, `href="/talks/1/messages" aria-current="page">Messages</a> <span class="badge waiting">1 unread</span>`) {
		t.Errorf("us-principal's navigation on the messages page does not mark Messages current with 1 unread:\n%s", n)
	}
	if strings.Contains(n, "Drafting") || !strings.Contains(n, "You: <bdi>United States</bdi>, Principal") {
		t.Errorf("us-principal's navigation: %s", n)
	}
	_, page := us.get("/talks/1/messages")
	if !strings.Contains(page, "<title>Sealed messages · "+"Moscow talks, December 2025 · Parley</title>") {
		t.Error("the messages page's title does not name the talks")
	}

	envoy, _ := signInPages(t, base, "us-envoy")
	if n := navOf(envoy, "/talks/1"); strings.Contains(n, "unread") {
		t.Errorf("the envoy, to whom no message is addressed, is told of unread ones: %s", n)
	}

	med, _ := signInPages(t, base, "mediator")
	n = navOf(med, "/talks/1/drafts/5")
	for _, want := range []string{">Drafting<", ">Settings<", `aria-current="page">Drafts<`} {
		if !strings.Contains(n, want) {
			t.Errorf("the mediator's navigation on a draft lacks %q:\n%s", want, n)
		}
	}

	// A sign-off proposed: Russia's principal is asked, its observer not.
	medCtx := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	translateCurrent(t, ws, tid, 5)
	if _, err := ws.ProposeDecision(medCtx, tid, parley.DecisionInput{Kind: parley.SignOff, Draft: 5}); err != nil {
		t.Fatal(err)
	}
	ru, _ := signInPages(t, base, "russia")
	if n := navOf(ru, "/talks/1"); !strings.Contains(n, "1 to answer") {
		t.Errorf("russia's principal is not told of the open sign-off: %s", n)
	}
	obs, _ := signInPages(t, base, "observer")
	if n := navOf(obs, "/talks/1"); strings.Contains(n, "to answer") || strings.Contains(n, "to mark") {
		t.Errorf("the observer is told of something to do: %s", n)
	}
	if _, home := ru.get("/"); !strings.Contains(home, `Waiting for you: <a href="/talks/1/decisions">Decisions</a> <span class="badge waiting">1 to answer</span>`) {
		t.Error("russia's home page does not say that a decision waits in the demo talks")
	}
	if n := navOf(ru, "/account"); n != "" {
		t.Error("a page about no talks has the talks navigation")
	}
}
