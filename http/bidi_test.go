package http_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestTemplatesInputsTakeTheirDirection: every field a person types text
// into has dir="auto", so Arabic or Hebrew is typed right to left and Latin
// left to right whatever the page's direction.
func TestTemplatesInputsTakeTheirDirection(t *testing.T) {
	files, err := filepath.Glob("html/*.tmpl")
	if err != nil || len(files) == 0 {
		t.Fatalf("no templates found: %v", err)
	}
	field := regexp.MustCompile(`<(textarea|input)\b[^>]*>`)
	typ := regexp.MustCompile(`\btype="([^"]*)"`)
	checked := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, tag := range field.FindAllString(string(b), -1) {
			if m := typ.FindStringSubmatch(tag); m != nil && m[1] != "text" && m[1] != "search" {
				continue // hidden, password, radio, check box, date…
			}
			if strings.Contains(tag, `inputmode="decimal"`) {
				continue // a number
			}
			checked++
			if !strings.Contains(tag, `dir="auto"`) {
				t.Errorf("%s: %s has no dir=\"auto\"", f, tag)
			}
		}
	}
	if checked < 10 {
		t.Errorf("checked %d text fields, want the templates' many more: is the pattern right?", checked)
	}
}

// TestRightToLeftTextInPages: a rationale and a statement in Arabic show
// in elements that take their direction from their own text (dir="auto"
// or <bdi>), in the author's form, on the mediator's page and in the
// timeline, so that they neither scramble the page nor are scrambled.
func TestRightToLeftTextInPages(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServer(t)
	const rationale = "المنطقة منزوعة السلاح غير مقبولة"
	const statement = "نرحب بالمحادثات البناءة في موسكو"

	ru, ruCSRF := signInPages(t, base, "russia")
	form := url.Values{"_csrf": {ruCSRF}, "stance": {"unsuitable"}, "rationale": {rationale}, "share_with_mediator": {"on"}}
	if status, _, _ := ru.post("/talks/1/drafts/5/points/2/stance", form); status != http.StatusSeeOther {
		t.Fatalf("saving a stance: got %d", status)
	}
	form = url.Values{"_csrf": {ruCSRF}, "speaker": {"المتحدث"}, "channel": {"briefing"}, "text": {statement}}
	if status, _, body := ru.post("/talks/1/statements", form); status != http.StatusSeeOther {
		t.Fatalf("recording a statement: got %d\n%s", status, body)
	}

	med, _ := signInPages(t, base, "mediator")
	for _, tc := range []struct {
		who  *browserClient
		name string
		path string
		want *regexp.Regexp
	}{
		{ru, "russia's own form", "/talks/1/drafts/5", regexp.MustCompile(`<textarea[^>]*dir="auto"[^>]*>` + rationale)},
		{med, "the mediator's view of the shared stance", "/talks/1/drafts/5", regexp.MustCompile(`<bdi>` + rationale + `</bdi>`)},
		{ru, "the timeline's statement", "/talks/1/timeline", regexp.MustCompile(`“<bdi>` + statement + `</bdi>”`)},
		{med, "the timeline's speaker", "/talks/1/timeline", regexp.MustCompile(`<bdi>المتحدث</bdi>`)},
		{ru, "the point text", "/talks/1/drafts/5", regexp.MustCompile(`<p class="point-text"( lang="en")? dir="auto">`)},
	} {
		status, body := tc.who.get(tc.path)
		if status != http.StatusOK {
			t.Errorf("%s: GET %s got %d", tc.name, tc.path, status)
			continue
		}
		if !tc.want.MatchString(body) {
			t.Errorf("%s: GET %s has no %s", tc.name, tc.path, tc.want)
		}
	}
}
