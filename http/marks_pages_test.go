package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestLongDraftWithoutJavaScript marks a long draft as a browser without
// JavaScript would: the page shows compact rows in one form; sending it
// records the changed marks only, keeping each stance's rationale; a bad
// mark records nothing; each point's own page has the whole form and shows
// another party only what it may see.
func TestLongDraftWithoutJavaScript(t *testing.T) {
	t.Parallel()
	base, ws, _ := newDemoServer(t)
	tid, d := longTalks(t, ws, 10, 20) // 200 points, above longDraft
	ru, csrf := signInPages(t, base, "russia")
	ruCtx := workspace.WithAccount(context.Background(), accountID(t, ws, "russia"))
	page := fmt.Sprintf("/talks/%d/drafts/%d", tid, d.Number)

	status, html := ru.get(page)
	if status != 200 || !strings.Contains(html, `<form id="marks"`) || strings.Contains(html, `name="rationale"`) {
		t.Fatalf("the long draft's page (%d) has no marks form, or has whole stance forms", status)
	}
	if _, full := ru.get(page + "?view=full"); !strings.Contains(full, `name="rationale"`) {
		t.Error("?view=full shows no whole stance form")
	}

	var points []parley.Point
	for _, p := range d.Points {
		if p.Kind == parley.KindPoint {
			points = append(points, p)
		}
	}
	before := map[int64]parley.Stance{}
	for _, s := range must(ws.ListStances(ruCtx, tid, d.Number))(t) {
		before[s.PointID] = s
	}
	// points[1] is marked (longTalks marks every other point), points[0]
	// is not; points[3] is sent unchanged.
	form := url.Values{"_csrf": {csrf},
		fmt.Sprintf("s%d", points[0].ID): {"acceptable"},
		fmt.Sprintf("s%d", points[1].ID): {"unsuitable"},
		fmt.Sprintf("s%d", points[3].ID): {string(before[points[3].ID].Value)},
	}
	if before[points[1].ID].Value == parley.Unsuitable {
		form.Set(fmt.Sprintf("s%d", points[1].ID), "acceptable")
	}
	status, loc, _ := ru.post(page+"/marks", form)
	if status != http.StatusSeeOther || !strings.HasSuffix(loc, "?marked=2") {
		t.Fatalf("sending the marks: %d to %q, want 303 with 2 marks recorded", status, loc)
	}
	after := map[int64]parley.Stance{}
	for _, s := range must(ws.ListStances(ruCtx, tid, d.Number))(t) {
		after[s.PointID] = s
	}
	if s := after[points[1].ID]; s.Rationale != before[points[1].ID].Rationale || s.Version != before[points[1].ID].Version+1 {
		t.Errorf("a changed mark: %+v, want the new mark with the rationale kept", s)
	}
	if s := after[points[3].ID]; s.Version != before[points[3].ID].Version {
		t.Errorf("an unchanged mark was recorded again (version %d)", s.Version)
	}

	for name, bad := range map[string]url.Values{
		"a mark that is not one": {"_csrf": {csrf}, fmt.Sprintf("s%d", points[5].ID): {"acceptable"}, fmt.Sprintf("s%d", points[6].ID): {"maybe"}},
		"a section heading":      {"_csrf": {csrf}, fmt.Sprintf("s%d", points[5].ID): {"acceptable"}, fmt.Sprintf("s%d", d.Points[0].ID): {"acceptable"}},
		"no anti-forgery token":  {fmt.Sprintf("s%d", points[5].ID): {"acceptable"}},
	} {
		if status, _, _ := ru.post(page+"/marks", bad); status < 400 {
			t.Errorf("%s: got %d", name, status)
		}
	}
	for _, s := range must(ws.ListStances(ruCtx, tid, d.Number))(t) {
		if s.PointID == points[5].ID && s.Version > before[points[5].ID].Version {
			t.Error("a refused form recorded a mark")
		}
	}

	// Filters: what Russia has not marked; contested points as Ukraine,
	// who sees none of Russia's stances, are none.
	unmarked := 0
	for _, p := range points {
		if _, ok := after[p.ID]; !ok {
			unmarked++
		}
	}
	_, h := ru.get(page + "?show=unmarked")
	if want := fmt.Sprintf("Showing %d of %d points", unmarked, len(points)); !strings.Contains(h, want) || strings.Contains(h, " checked>") {
		t.Errorf("?show=unmarked: want %q and no marked point", want)
	}
	if status, _ := ru.get(page + "?show=everything"); status != http.StatusBadRequest {
		t.Errorf("an unknown filter: %d, want 400", status)
	}
	uaPages, _ := signInPages(t, base, "ukraine")
	if _, h := uaPages.get(page + "?show=contested"); !strings.Contains(h, fmt.Sprintf("Showing 0 of %d points", len(points))) {
		t.Error("ukraine's contested points include stances it may not see")
	}
	if _, h := ru.get(page + "?show=contested"); strings.Contains(h, "Showing 0 of") {
		t.Error("russia's contested points leave out its own stances")
	}

	// The point's own page: Russia's whole form; Ukraine sees the point
	// but not Russia's unshared rationale; an outsider gets 404.
	pointPage := fmt.Sprintf("%s/points/%d", page, points[1].ID)
	if _, h := ru.get(pointPage); !strings.Contains(h, `name="rationale"`) || !strings.Contains(h, before[points[1].ID].Rationale) {
		t.Error("russia's point page has no whole form with its rationale")
	}
	if status, h := uaPages.get(pointPage); status != 200 || strings.Contains(h, before[points[1].ID].Rationale) {
		t.Errorf("ukraine's view of the point page: %d, or it shows russia's rationale", status)
	}
	outsider, _ := signInPages(t, base, "us-envoy")
	if status, _ := outsider.get(pointPage); status != http.StatusNotFound {
		t.Errorf("a member of other talks opening the point page: %d, want 404", status)
	}
}

func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
