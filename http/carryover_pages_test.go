package http_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestCarriedStancesOnTheDraftPage reads draft 5 of the demo, where
// Russia left its carried-over stances unconfirmed, as Russia, the
// mediator and an observer; Russia confirms one with htmx and the rest
// without JavaScript.
func TestCarriedStancesOnTheDraftPage(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServer(t)
	ru, ruCSRF := signInPages(t, base, "russia")
	_, page := ru.get("/talks/1/drafts/5")
	countRE := regexp.MustCompile(`<span id="carried-count">(\d+) of them carried over from an earlier draft, not yet confirmed.</span>`)
	m := countRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("russia's draft page does not say how many stances are carried over")
	}
	for _, want := range []string{
		"<strong>Carried over from draft ", "Confirm this stance", "Confirm all " + m[1] + " carried-over stances",
		"<strong>Changed since you marked it.</strong>", "<ins>", "<del>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("russia's draft page lacks %q", want)
		}
	}
	if n := strings.Count(page, `class="confirm-form"`); fmt.Sprint(n) != m[1] {
		t.Errorf("russia's draft page has %d confirm buttons, says %s carried over", n, m[1])
	}

	med, _ := signInPages(t, base, "mediator")
	_, page = med.get("/talks/1/drafts/5")
	if !strings.Contains(page, `<span class="tag carried">carried over from draft `) {
		t.Errorf("the mediator's draft page does not mark russia's shared carried stances")
	}
	for _, not := range []string{"Changed since you marked it", "Confirm this stance", "<strong>Carried over from draft "} {
		if strings.Contains(page, not) {
			t.Errorf("the mediator's draft page says %q", not)
		}
	}
	obs, _ := signInPages(t, base, "observer")
	if _, page = obs.get("/talks/1/drafts/5"); strings.Contains(page, "arried over") || strings.Contains(page, "Changed since") {
		t.Errorf("the observer's draft page speaks of carried or earlier stances it cannot see")
	}

	// Confirm one with htmx: the point's block comes back, saved, no
	// longer carried over.
	point := regexp.MustCompile(`action="/talks/1/drafts/5/points/(\d+)/stance/confirm"`).FindStringSubmatch(page2(t, ru))[1]
	req, _ := http.NewRequest("POST", base+"/talks/1/drafts/5/points/"+point+"/stance/confirm",
		strings.NewReader(url.Values{"_csrf": {ruCSRF}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	req.Header.Set("HX-Request", "true")
	req.Header.Set("HX-Target", "stance-"+point)
	resp, err := ru.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Saved.") || strings.Contains(string(body), "Carried over") ||
		strings.Contains(string(body), "<html") {
		t.Errorf("confirming with htmx: got %d %s", resp.StatusCode, body)
	}
	// Confirm the rest without JavaScript.
	status, loc, _ := ru.post("/talks/1/drafts/5/stances/confirm", url.Values{"_csrf": {ruCSRF}})
	if status != http.StatusSeeOther || loc != "/talks/1/drafts/5#marking" {
		t.Errorf("confirming all: got %d to %q", status, loc)
	}
	if _, page = ru.get("/talks/1/drafts/5"); strings.Contains(page, "Carried over from draft") || strings.Contains(page, "carried-count") {
		t.Errorf("russia's draft page still shows carried stances after confirming all")
	}
}

// page2 is russia's draft 5 page.
func page2(t *testing.T, c *browserClient) string {
	t.Helper()
	_, page := c.get("/talks/1/drafts/5")
	return page
}
