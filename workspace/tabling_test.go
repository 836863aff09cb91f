package workspace_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/parley-talks/parley"
)

// TestTablingOnceForEachKey checks that a tabling request repeated with
// its key answers the draft the first tabled, and tables no other; that
// the working draft tabled with a key is tabled once too; and that bad
// keys are refused.
func TestTablingOnceForEachKey(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	first := must[*parley.Draft](t)(ws.TableDraftOnce(f.mediator, f.talks, "key-1", draft1()))
	again := must[*parley.Draft](t)(ws.TableDraftOnce(f.mediator, f.talks, "key-1", draft1()))
	if first.Number != 1 || again.Number != 1 || len(again.Points) != len(first.Points) {
		t.Errorf("tabling twice with one key: got drafts %d and %d, want 1 both times", first.Number, again.Number)
	}
	if ds := must[[]parley.Draft](t)(ws.ListDrafts(f.mediator, f.talks)); len(ds) != 1 {
		t.Errorf("after tabling twice with one key: %d drafts, want 1", len(ds))
	}
	if d := must[*parley.Draft](t)(ws.TableDraftOnce(f.mediator, f.talks, "key-2", unchanged(first))); d.Number != 2 {
		t.Errorf("tabling with another key: got draft %d, want 2", d.Number)
	}
	// Someone who may not table does not learn the draft a key tabled.
	if _, err := ws.TableDraftOnce(f.ru, f.talks, "key-1", draft1()); code(err) != parley.EFORBIDDEN {
		t.Errorf("russia replaying the mediator's key: got %v, want %s", err, parley.EFORBIDDEN)
	}
	must[*parley.Draft](t)(ws.SaveWorkingDraft(f.mediator, f.talks, unchanged(first)))
	w1 := must[*parley.Draft](t)(ws.TableWorkingDraftOnce(f.mediator, f.talks, "key-3"))
	w2 := must[*parley.Draft](t)(ws.TableWorkingDraftOnce(f.mediator, f.talks, "key-3"))
	if w1.Number != 3 || w2.Number != 3 {
		t.Errorf("tabling the working draft twice with one key: got %d and %d, want 3", w1.Number, w2.Number)
	}
	for _, bad := range []string{"with space", strings.Repeat("k", 201), "ключ"} {
		if _, err := ws.TableDraftOnce(f.mediator, f.talks, bad, draft1()); code(err) != parley.EINVALID {
			t.Errorf("tabling with key %.20q: got %v, want %s", bad, err, parley.EINVALID)
		}
	}
	if ds := must[[]parley.Draft](t)(ws.ListDrafts(f.mediator, f.talks)); len(ds) != 3 {
		t.Errorf("at the end: %d drafts, want 3", len(ds))
	}
}

// TestStaleWorkingDraftSave checks that the working draft's version goes
// up with each change, and that a save or a tabling of text edited from an
// earlier version is a conflict that names who saved over it and changes
// nothing.
func TestStaleWorkingDraftSave(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d1 := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	if v := must[int](t)(ws.WorkingDraftVersion(f.mediator, f.talks)); v != 1 {
		t.Errorf("version after the first tabling: got %d, want 1 (tabling changes the working draft)", v)
	}
	if _, err := ws.WorkingDraftVersion(f.ru, f.talks); code(err) != parley.ENOTFOUND {
		t.Errorf("russia reading the working draft's version: got %v, want %s", err, parley.ENOTFOUND)
	}
	edit := func(text string, base int) *parley.DraftInput {
		in := unchanged(d1)
		in.Points[1].Text = text
		in.Version = &base
		return in
	}
	// Two tabs open version 1; the first saves (version 2); the second's
	// save is refused and the first's text stays.
	w := must[*parley.Draft](t)(ws.SaveWorkingDraft(f.mediator, f.talks, edit("FIRST TAB", 1)))
	if w.Version != 2 {
		t.Errorf("version after a save: got %d, want 2", w.Version)
	}
	_, err := ws.SaveWorkingDraft(f.mediator, f.talks, edit("SECOND TAB", 1))
	if code(err) != parley.ECONFLICT || !strings.Contains(parley.ErrorMessage(err), "mediator saved version 2 over version 1") {
		t.Errorf("a save from version 1 after version 2: got %v, want a conflict naming who saved version 2", err)
	}
	got := must[*parley.Draft](t)(ws.GetDraft(f.mediator, f.talks, 0))
	if terr := got.Point(d1.Points[3].ID); got.Version != 2 || terr.Text != "FIRST TAB" {
		t.Errorf("the working draft after the refused save: version %d, text %q; want version 2, the first tab's", got.Version, terr.Text)
	}
	// Tabling the stale text is refused too; from the current version it
	// is tabled, and the version moves on.
	if _, err := ws.TableDraft(f.mediator, f.talks, edit("SECOND TAB", 1)); code(err) != parley.ECONFLICT {
		t.Errorf("tabling from version 1 after version 2: got %v, want %s", err, parley.ECONFLICT)
	}
	must[*parley.Draft](t)(ws.SaveWorkingDraft(f.mediator, f.talks, edit("SECOND TAB, merged", 2)))
	must[*parley.Draft](t)(ws.TableWorkingDraft(f.mediator, f.talks))
	_, err = ws.SaveWorkingDraft(f.mediator, f.talks, edit("LATE", 3))
	if code(err) != parley.ECONFLICT || !strings.Contains(parley.ErrorMessage(err), "tabled or discarded") {
		t.Errorf("a save from before the tabling: got %v, want a conflict saying it was tabled", err)
	}
	// Without a version, a save replaces the working draft as before.
	in := unchanged(must[*parley.Draft](t)(ws.GetDraft(f.mediator, f.talks, 2)))
	if w := must[*parley.Draft](t)(ws.SaveWorkingDraft(f.mediator, f.talks, in)); w.Version != 5 {
		t.Errorf("a save without a version: got version %d, want 5", w.Version)
	}
	must0(t, ws.DiscardWorkingDraft(f.mediator, f.talks))
	if v := must[int](t)(ws.WorkingDraftVersion(f.mediator, f.talks)); v != 6 {
		t.Errorf("version after a discard: got %d, want 6", v)
	}
	neg := -1
	in.Version = &neg
	if _, err := ws.SaveWorkingDraft(f.mediator, f.talks, in); code(err) != parley.EINVALID {
		t.Errorf("a negative version: got %v, want %s", err, parley.EINVALID)
	}
}

func must0(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// TestTablingOnceAtTheSameMoment sends one keyed tabling request several
// times at once, as a client retrying on a slow answer would: one draft.
func TestTablingOnceAtTheSameMoment(t *testing.T) {
	f := newFixture(t)
	var wg sync.WaitGroup
	numbers := make([]int, 4)
	errs := make([]error, 4)
	for i := range numbers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := f.ws.TableDraftOnce(f.mediator, f.talks, "same-moment", draft1())
			if errs[i] = err; err == nil {
				numbers[i] = d.Number
			}
		}()
	}
	wg.Wait()
	for i := range numbers {
		if errs[i] != nil || numbers[i] != 1 {
			t.Errorf("request %d: got draft %d, %v; want draft 1", i, numbers[i], errs[i])
		}
	}
	if ds := must[[]parley.Draft](t)(f.ws.ListDrafts(f.mediator, f.talks)); len(ds) != 1 {
		t.Errorf("%d drafts tabled, want 1", len(ds))
	}
}

// TestTablingTakesNoOtherDraftsDefaultTitle: the Markdown of an untitled
// draft 1 starts "# Draft 1"; tabled again unchanged it becomes draft 2,
// titled "Draft 2", not "Draft 1". A title of the mediator's own stays.
func TestTablingTakesNoOtherDraftsDefaultTitle(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	in := draft1()
	in.Title = ""
	first := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, in))
	if first.Title != "Draft 1" {
		t.Fatalf("an untitled draft 1: got title %q", first.Title)
	}
	again := unchanged(first)
	again.Title = "Draft 1"
	if d := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, again)); d.Title != "Draft 2" {
		t.Errorf("draft 1's text tabled as draft 2: got title %q, want Draft 2", d.Title)
	}
	own := unchanged(first)
	own.Title = "Draft 12 of the Geneva text"
	if d := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, own)); d.Title != own.Title {
		t.Errorf("a title of the mediator's own: got %q, want %q", d.Title, own.Title)
	}
}
