package http_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	parleyhttp "github.com/parley-talks/parley/http"
)

// TestPagesPolicyMatrix is the policy matrix for the pages: every page a
// browser can open (GET), for every kind of caller signed in through the
// sign-in page, on its own talks and on others', checked for the tagged
// secrets of the API's matrix. Pages that need a one-time token, static
// files and the live-update stream are left out (the stream is tested in
// streams_test.go).
func TestPagesPolicyMatrix(t *testing.T) {
	t.Parallel()
	w := buildWorld(t)
	browsers := map[string]*http.Client{}
	for _, c := range callers {
		jar, _ := cookiejar.New(nil)
		hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		if c.name != "anonymous" {
			req, _ := http.NewRequest("POST", w.base+"/signin", strings.NewReader(url.Values{"username": {c.name}, "password": {"password-" + c.name}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", w.base)
			resp, err := hc.Do(req)
			if err != nil || resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("signing %s in through the page: %v %v", c.name, resp, err)
			}
			resp.Body.Close()
		}
		browsers[c.name] = hc
	}
	cases, leaks := 0, 0
	for _, route := range parleyhttp.NewServer(nil, nil).Pages() {
		method, pattern, _ := strings.Cut(route, " ")
		if method != "GET" || strings.Contains(pattern, "{token}") || strings.Contains(pattern, "{name}") || strings.HasSuffix(pattern, "/events") {
			continue
		}
		for _, tk := range []int64{w.talks, w.otherTalks} {
			if tk == w.otherTalks && !strings.Contains(pattern, "{talks}") {
				continue
			}
			path := strings.TrimSuffix(w.fill(pattern, tk, "1"), "{$}")
			if strings.HasSuffix(pattern, "/download") {
				path += "?format=md"
			}
			for _, c := range callers {
				cases++
				resp, err := browsers[c.name].Get(w.base + path)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode >= 500 {
					t.Errorf("GET %s as %s: %d", path, c.name, resp.StatusCode)
				}
				for _, s := range w.secrets {
					if !s.may(c) && strings.Contains(string(body), s.text) {
						leaks++
						t.Errorf("LEAK: GET %s as %s shows %q", path, c.name, s.text)
					}
				}
			}
		}
	}
	t.Logf("pages' policy matrix: %d cases, %d leaks", cases, leaks)
	if cases < 200 {
		t.Errorf("the pages' matrix ran only %d cases", cases)
	}
}
