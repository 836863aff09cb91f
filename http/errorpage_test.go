package http_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestErrorPagesLeadOn refuses a form (a mark that is not one) and checks that the error page is no
// dead end: it names the page the form came from and the talks, with the
// talks' navigation; a page about talks the viewer may not see says
// nothing more of them.
func TestErrorPagesLeadOn(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServer(t)
	ru, csrf := signInPages(t, base, "russia")
	req, _ := http.NewRequest("POST", base+"/talks/1/drafts/5/marks", strings.NewReader(url.Values{"_csrf": {csrf}, "s1": {"maybe"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	req.Header.Set("Referer", base+"/talks/1/drafts/5?show=unmarked")
	resp, err := ru.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(t, resp)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("a mark that is not one: %d", resp.StatusCode)
	}
	for _, want := range []string{`<a href="/talks/1/drafts/5?show=unmarked" id="error-back">`, `<a href="/talks/1">The talks' home</a>`, `class="talks-nav"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the error page lacks %q", want)
		}
	}
	req, _ = http.NewRequest("GET", base+"/talks/999/drafts/1", nil)
	req.Header.Set("Referer", "http://evil.example/x")
	resp, err = ru.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body = readAll(t, resp)
	if resp.StatusCode != http.StatusNotFound || strings.Contains(body, "evil.example") || strings.Contains(body, "/talks/999\"") || strings.Contains(body, "talks-nav") {
		t.Errorf("talks that do not exist: %d, or the page links to them or elsewhere", resp.StatusCode)
	}
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
