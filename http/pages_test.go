package http_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-talks/parley/demo"
)

// browserClient is a cookie-keeping HTTP client that does not follow
// redirects, as a browser without JavaScript would use the pages.
type browserClient struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newBrowserClient(t *testing.T, base string) *browserClient {
	jar, _ := cookiejar.New(nil)
	return &browserClient{t: t, base: base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browserClient) get(path string) (int, string) {
	b.t.Helper()
	resp, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func (b *browserClient) post(path string, form url.Values) (int, string, string) {
	b.t.Helper()
	req, _ := http.NewRequest("POST", b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.base) // as browsers send with every form post
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(body)
}

var csrfRE = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// TestPagesWithoutJavaScript uses the pages as a browser without
// JavaScript would, and checks their visibility rules.
func TestPagesWithoutJavaScript(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServer(t)
	anon := newBrowserClient(t, base)
	if status, _ := anon.get("/talks/1"); status != http.StatusSeeOther {
		t.Errorf("a page without signing in: got %d, want a redirect to sign in", status)
	}
	status, _, body := anon.post("/signin", url.Values{"username": {"russia"}, "password": {"wrong"}})
	if status != http.StatusUnauthorized || !strings.Contains(body, "wrong user name or password") {
		t.Errorf("a wrong password: got %d", status)
	}

	ru := newBrowserClient(t, base)
	status, loc, _ := ru.post("/signin", url.Values{"username": {"russia"}, "password": {demo.Password}, "next": {"/talks/1"}})
	if status != http.StatusSeeOther || loc != "/talks/1" {
		t.Fatalf("sign-in: got %d to %q", status, loc)
	}
	for _, path := range []string{"/", "/talks/1", "/talks/1/drafts/5", "/talks/1/drafts/1", "/talks/1/compare", "/talks/1/compare?from=1&to=5"} {
		status, body := ru.get(path)
		if status != 200 {
			t.Errorf("GET %s: got %d", path, status)
		}
		if strings.Contains(body, "Ukraine: ") {
			t.Errorf("GET %s as russia shows a rationale of Ukraine's", path)
		}
	}
	for _, path := range []string{"/talks/1/drafts/working", "/talks/2", "/talks/1/drafts/9"} {
		if status, _ := ru.get(path); status != 404 {
			t.Errorf("GET %s as russia: got %d, want 404", path, status)
		}
	}
	_, page := ru.get("/talks/1/drafts/5")
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the draft page has no anti-forgery token")
	}
	form := url.Values{"stance": {"needs_discussion"}, "rationale": {"RU-FORM-RATIONALE"}}
	if status, _, _ := ru.post("/talks/1/drafts/5/points/2/stance", form); status != http.StatusForbidden {
		t.Errorf("a stance without the anti-forgery token: got %d, want 403", status)
	}
	form.Set("_csrf", m[1])
	status, loc, _ = ru.post("/talks/1/drafts/5/points/2/stance", form)
	if status != http.StatusSeeOther || loc != "/talks/1/drafts/5#p2" {
		t.Errorf("a stance from the form: got %d to %q", status, loc)
	}
	if _, page := ru.get("/talks/1/drafts/5"); !strings.Contains(page, "RU-FORM-RATIONALE") {
		t.Error("the stance saved from the form does not show on russia's page")
	}
	ua := newBrowserClient(t, base)
	ua.post("/signin", url.Values{"username": {"ukraine"}, "password": {demo.Password}})
	for _, path := range []string{"/talks/1", "/talks/1/drafts/5"} {
		if _, page := ua.get(path); strings.Contains(page, "RU-FORM-RATIONALE") || strings.Contains(page, "Russia: ") {
			t.Errorf("GET %s as ukraine shows russia's stance", path)
		}
	}
	// Signing out ends the session.
	ru.post("/signout", url.Values{"_csrf": {m[1]}})
	if status, _ := ru.get("/talks/1"); status != http.StatusSeeOther {
		t.Errorf("after signing out: got %d, want a redirect to sign in", status)
	}
}
