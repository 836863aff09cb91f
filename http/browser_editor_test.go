package http_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// siblingPairs lists the pairs of points of d that stand next to each
// other under the same parent, without sub-points, first to last.
func siblingPairs(d *parley.Draft) [][2]parley.Point {
	children := map[int64]int{}
	for _, p := range d.Points {
		children[p.Parent]++
	}
	var pairs [][2]parley.Point
	var last *parley.Point
	for i := range d.Points {
		p := &d.Points[i]
		if p.Kind != parley.KindPoint || children[p.ID] > 0 {
			continue
		}
		if last != nil && last.Parent == p.Parent && d.Points[i-1].ID == last.ID {
			pairs = append(pairs, [2]parley.Point{*last, *p})
		}
		last = p
	}
	return pairs
}

// TestBrowserPointEditor drives the structured editor in Chromium on the
// demo's draft 5: it edits one point, moves another down, splits a third
// and merges two more; the preview counts those changes before anything
// is tabled, and once confirmed the compare page of drafts 5 and 6 shows
// the lineage the edits made — the amended words, the move, the two parts
// of the split and the merge.
func TestBrowserPointEditor(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, ws, tid := newDemoServer(t)
	med := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	d5, err := ws.GetDraft(med, tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	pairs := siblingPairs(d5)
	if len(pairs) < 6 {
		t.Fatalf("draft 5 has %d pairs of sibling points; the test needs 6 apart", len(pairs))
	}
	// Pairs far enough apart not to share a point.
	moved, merged, split, edited := pairs[0], pairs[2], pairs[4][0], pairs[len(pairs)-1][1]

	tab := browser(t, exe)
	signInBrowser(t, tab, base, "mediator")
	follow(t, tab, http.StatusOK, chromedp.Navigate(base+"/talks/1/drafting/points"))
	if num := get(t, tab, chromedp.Text(chromedp.CSS(fmt.Sprintf("#p-%d .num", edited.ID)))); num != edited.Number {
		t.Errorf("the editor numbers point %d %q, the parties see %q", edited.ID, num, edited.Number)
	}
	setText := func(id int64, text string) {
		t.Helper()
		get(t, tab, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { document.getElementById("text-%d").value = %q; return true })()`, id, text)))
	}
	click := func(id int64, op string) {
		t.Helper()
		follow(t, tab, http.StatusOK, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#p-%d button[value="%s"]`, id, op))))
	}
	setText(edited.ID, strings.Replace(edited.Text, " ", " EDITED WORDS ", 1))
	click(edited.ID, "edit")
	click(moved[0].ID, "down")
	setText(split.ID, "FIRST PART of the split point.\n\nSECOND PART of the split point.")
	click(split.ID, "split")
	click(merged[0].ID, "merge")
	if got := get(t, tab, chromedp.Text(chromedp.CSS(fmt.Sprintf("#p-%d .num", moved[1].ID)))); got != moved[0].Number {
		t.Errorf("after moving point %s down, the point after it is numbered %q, want %q", moved[0].Number, got, moved[0].Number)
	}

	screenshot(t, tab, "drafting-editor")

	// The preview, before anything is tabled.
	follow(t, tab, http.StatusOK, chromedp.Click(chromedp.CSS(`#preview-working`)))
	screenshot(t, tab, "tabling-preview")
	counts := get(t, tab, chromedp.Text(chromedp.CSS(`#preview-counts`)))
	for _, want := range []string{"2 split", "1 merged", "1 moved"} {
		if !strings.Contains(counts, want) {
			t.Errorf("the preview's counts %q lack %q", counts, want)
		}
	}
	if ds, _ := ws.ListDrafts(med, tid); len(ds) != 5 {
		t.Fatalf("after the preview alone: %d drafts, want 5", len(ds))
	}
	if lead := get(t, tab, chromedp.Text(chromedp.CSS(`main .lead`))); !strings.Contains(lead, "This is Draft 6,") {
		t.Errorf("the preview of an untitled working draft does not call it draft 6: %q", lead)
	}
	run(t, tab, chromedp.Click(chromedp.CSS(`#confirm`)))
	follow(t, tab, http.StatusOK, chromedp.Click(chromedp.CSS(`#table-confirmed`)))

	follow(t, tab, http.StatusOK, chromedp.Navigate(base+"/talks/1/compare?from=5&to=6"))
	changes := map[string][]string{}
	for _, kind := range []string{"split", "merged", "moved", "amended"} {
		changes[kind] = get(t, tab, chromedp.Evaluate[[]string](fmt.Sprintf(
			`[...document.querySelectorAll("#changes li.change-%s")].map(li => li.textContent)`, kind)))
	}
	joined := func(kind string) string { return strings.Join(changes[kind], "\n") }
	if len(changes["split"]) != 2 || !strings.Contains(joined("split"), "FIRST PART") || !strings.Contains(joined("split"), "SECOND PART") {
		t.Errorf("the compare page's split points: %q", changes["split"])
	}
	if len(changes["merged"]) != 1 || !strings.Contains(joined("merged"), firstWords(merged[0].Text)) || !strings.Contains(joined("merged"), firstWords(merged[1].Text)) {
		t.Errorf("the compare page's merged point: %q", changes["merged"])
	}
	if len(changes["moved"]) != 1 || !strings.Contains(joined("moved"), "moved from") {
		t.Errorf("the compare page's moved points: %q", changes["moved"])
	}
	amended := get(t, tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#changes li.change-amended ins")].map(e => e.textContent)`))
	if !slices.ContainsFunc(amended, func(s string) bool { return strings.Contains(s, "EDITED WORDS") }) {
		t.Errorf("the compare page does not show the edit's words as inserted: %q", amended)
	}

	// The lineage behind it, in draft 6.
	d6, err := ws.GetDraft(med, tid, 6)
	if err != nil {
		t.Fatal(err)
	}
	if d6.Title != "Draft 6" {
		t.Errorf("draft 6, tabled from the untitled working draft, is titled %q", d6.Title)
	}
	var parts, merges int
	for _, p := range d6.Points {
		switch {
		case slices.Equal(p.From, []int64{split.ID}):
			parts++
		case slices.Equal(p.From, []int64{merged[0].ID, merged[1].ID}):
			merges++
		}
	}
	if parts != 2 || merges != 1 {
		t.Errorf("draft 6: %d points made from the split point (want 2), %d from the merged pair (want 1)", parts, merges)
	}
}

// firstWords returns the first four words of a text.
func firstWords(s string) string {
	w := strings.Fields(s)
	return strings.Join(w[:min(4, len(w))], " ")
}
