package http_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parley-talks/parley/workspace"
)

// TestBrowserDraftingConflict opens the drafting page in two tabs of the
// mediator: the first saves; the second's save is refused with the first's
// edit shown and its own text kept; the second then previews the tabling,
// confirms it with a double click, and one draft is tabled, with its text.
func TestBrowserDraftingConflict(t *testing.T) {
	t.Parallel()
	exe := findBrowser(t)
	base, ws, tid := newDemoServer(t)
	tab1, tab2 := browser(t, exe), browser(t, exe)
	for _, tab := range []context.Context{tab1, tab2} {
		signInBrowser(t, tab, base, "mediator")
		run(t, tab, chromedp.Navigate(base+"/talks/1/drafting"), chromedp.WaitVisible(chromedp.CSS("#markdown")))
	}
	edit := func(tab context.Context, marker string) {
		t.Helper()
		ok := get(t, tab, chromedp.Evaluate[bool](`(() => { const m = document.getElementById("markdown");
			const v = m.value.replace("about 20 percent of it", "`+marker+`"); const changed = v !== m.value; m.value = v; return changed })()`))
		if !ok {
			t.Fatalf("the drafting text lacks the words the test edits")
		}
	}
	edit(tab1, "FIRST TAB EDIT")
	run(t, tab1, chromedp.Click(chromedp.CSS(`button[value="save"]`)), chromedp.WaitVisible(chromedp.CSS(`h1 span.tag`)))

	edit(tab2, "SECOND TAB EDIT")
	run(t, tab2, chromedp.Click(chromedp.CSS(`button[value="save"]`)), chromedp.WaitVisible(chromedp.CSS(`#other-edit`)))
	other := get(t, tab2, chromedp.Text(chromedp.CSS(`#other-edit pre`)))
	kept := get(t, tab2, chromedp.Evaluate[bool](`document.getElementById("markdown").value.includes("SECOND TAB EDIT")`))
	if !strings.Contains(other, "FIRST TAB EDIT") || !kept {
		t.Errorf("the second tab's refused save: other edit shown %v, own text kept %v", strings.Contains(other, "FIRST TAB EDIT"), kept)
	}

	// Tabling shows its preview first, with the second tab's edit, and
	// tables nothing until confirmed; a double click on the confirmation
	// tables one draft.
	run(t, tab2, chromedp.Click(chromedp.CSS(`button[value="preview"]`)), chromedp.WaitVisible(chromedp.CSS(`#confirm-tabling`)))
	if words := get(t, tab2, chromedp.Text(chromedp.CSS(`#changes`))); !strings.Contains(words, "SECOND TAB EDIT") {
		t.Errorf("the tabling preview does not show the edit: %.300q", words)
	}
	if ds, err := ws.ListDrafts(workspace.WithAccount(context.Background(), accountID(t, ws, "mediator")), tid); err != nil || len(ds) != 5 {
		t.Fatalf("after the preview alone: %d drafts (%v), want 5", len(ds), err)
	}
	run(t, tab2, chromedp.Click(chromedp.CSS(`#confirm`)))
	get(t, tab2, chromedp.Evaluate[bool](`(() => { const b = document.getElementById("table-confirmed"); b.click(); b.click(); return true })()`))
	run(t, tab2, chromedp.WaitVisible(chromedp.CSS(`.downloads`)))
	med := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	ds, err := ws.ListDrafts(med, tid)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 6 {
		t.Errorf("after a double click on table: %d drafts, want 6", len(ds))
	}
	d6, err := ws.GetDraft(med, tid, 6)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range d6.Points {
		found = found || strings.Contains(p.Text, "SECOND TAB EDIT")
	}
	if !found {
		t.Error("draft 6 lacks the second tab's text")
	}
}
