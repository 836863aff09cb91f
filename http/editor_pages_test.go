package http_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestEditorPages drives the structured editor without JavaScript: a
// party may not open it; an edit saves the working draft's next version;
// a split without an empty line comes back with the reason beside the
// point and the text typed kept; an edit from a stale version is refused
// with 409 and changes nothing; an added point appears, numbered.
func TestEditorPages(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServer(t)
	med, csrf := signInPages(t, base, "mediator")
	ru, _ := signInPages(t, base, "russia")
	if status, _ := ru.get("/talks/1/drafting/points"); status != http.StatusForbidden {
		t.Errorf("a party opening the editor: got %d, want 403", status)
	}
	status, page := med.get("/talks/1/drafting/points")
	if status != http.StatusOK {
		t.Fatalf("the editor: got %d", status)
	}
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	m := regexp.MustCompile(`(?s)name="point" value="(\d+)">.*?<span class="num">(\d+)</span>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the editor lists no numbered point")
	}
	point, number := m[1], m[2]
	post := func(op, text string, extra ...string) (int, string, string) {
		form := url.Values{"_csrf": {csrf}, "version": {version}, "point": {point}, "op": {op}, "text": {text}}
		for i := 0; i+1 < len(extra); i += 2 {
			form.Set(extra[i], extra[i+1])
		}
		return med.post("/talks/1/drafting/points", form)
	}
	status, loc, _ := post("edit", "The first point, EDITED ON THE PAGE.")
	if status != http.StatusSeeOther || loc != "/talks/1/drafting/points#p-"+point {
		t.Fatalf("an edit: got %d to %q", status, loc)
	}
	if _, page := med.get("/talks/1/drafting"); !strings.Contains(page, "EDITED ON THE PAGE") {
		t.Error("the working draft lacks the edit")
	}
	// The version moved on: the same form again is stale.
	status, _, page = post("edit", "A STALE EDIT")
	if status != http.StatusConflict || !strings.Contains(page, "changed since you opened it") || !strings.Contains(page, "A STALE EDIT") {
		t.Errorf("an edit from a stale version: got %d", status)
	}
	if _, page := med.get("/talks/1/drafting"); strings.Contains(page, "A STALE EDIT") {
		t.Error("the stale edit was saved")
	}
	_, page = med.get("/talks/1/drafting/points")
	version = regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	status, _, page = post("split", "ONE LINE ONLY")
	if status != http.StatusBadRequest || !strings.Contains(page, `id="error-`+point+`"`) || !strings.Contains(html.UnescapeString(page), "ONE LINE ONLY") {
		t.Errorf("a split without an empty line: got %d", status)
	}
	status, loc, _ = post("add", "AN ADDED POINT")
	if status != http.StatusSeeOther {
		t.Fatalf("adding a point: got %d", status)
	}
	_, page = med.get(strings.Split(loc, "#")[0])
	var added []string
	for _, li := range strings.Split(page, `<li class="editor-point`) {
		if strings.Contains(li, ">AN ADDED POINT</textarea>") {
			added = regexp.MustCompile(`<span class="num">([^<]+)</span>`).FindStringSubmatch(li)
		}
	}
	if added == nil || added[1] == number {
		t.Errorf("the added point is not shown numbered after point %s: %v", number, added)
	}
}

// TestEditorTitle names the working draft on the editor page: the
// preview and the tabled draft carry the title.
func TestEditorTitle(t *testing.T) {
	t.Parallel()
	base, _, _ := newDemoServer(t)
	med, csrf := signInPages(t, base, "mediator")
	_, page := med.get("/talks/1/drafting/points")
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	form := url.Values{"_csrf": {csrf}, "version": {version}, "op": {"title"}, "title": {"Moscow text, sixth revision"}}
	if status, _, _ := med.post("/talks/1/drafting/points", form); status != http.StatusSeeOther {
		t.Fatalf("titling the working draft: got %d", status)
	}
	_, page = med.get("/talks/1/drafting/points")
	if !strings.Contains(page, `value="Moscow text, sixth revision"`) {
		t.Error("the editor does not show the working draft's title")
	}
	_, preview := med.get("/talks/1/drafting/preview")
	if !strings.Contains(preview, "This is <bdi>Moscow text, sixth revision</bdi>") {
		t.Error("the preview does not carry the title")
	}
	if _, loc, _ := med.post("/talks/1/drafting/table", confirmForm(t, preview)); loc != "/talks/1/drafts/6" {
		t.Fatalf("tabling went to %q", loc)
	}
	if _, page := med.get("/talks/1/drafts/6"); !strings.Contains(page, "Moscow text, sixth revision") {
		t.Error("draft 6 lacks the title")
	}
}

// TestEditorShowsTakenAmendments: a point of the working draft that
// carries an amendment the mediator took says so in the editor, whose
// amendment it is and in what extent, until the draft is tabled.
func TestEditorShowsTakenAmendments(t *testing.T) {
	t.Parallel()
	base, ws, tid := newDemoServer(t)
	asUser := func(t *testing.T, ws *workspace.Service, name string) context.Context {
		return workspace.WithAccount(context.Background(), accountID(t, ws, name))
	}
	med, _ := signInPages(t, base, "mediator")
	drafts, err := ws.ListDrafts(asUser(t, ws, "mediator"), tid)
	if err != nil {
		t.Fatal(err)
	}
	n := drafts[len(drafts)-1].Number
	latest, err := ws.GetDraft(asUser(t, ws, "mediator"), tid, n)
	if err != nil {
		t.Fatal(err)
	}
	var point int64
	for _, p := range latest.Points {
		if p.Kind == parley.KindPoint {
			point = p.ID
			break
		}
	}
	yes := true
	a, err := ws.ProposeAmendment(asUser(t, ws, "russia"), tid, n, point, parley.AmendmentInput{Kind: parley.AmendReplace,
		Text: "A WORDING RUSSIA PROPOSED.", Justification: "Clearer.", ShareWithMediator: &yes})
	if err != nil {
		t.Fatal(err)
	}
	if _, page := med.get("/talks/1/drafting/points"); strings.Contains(page, "carries") {
		t.Fatal("the editor says a point carries an amendment before any was taken")
	}
	if _, err := ws.DecideAmendment(asUser(t, ws, "mediator"), tid, a.ID, parley.AmendmentDecision{Take: true, Extent: parley.TakenInPart}); err != nil {
		t.Fatal(err)
	}
	_, page := med.get("/talks/1/drafting/points")
	block := page[strings.Index(page, fmt.Sprintf(`id="p-%d"`, point)):]
	block = block[:strings.Index(block, "</li>")]
	want := fmt.Sprintf("carries <bdi>Russia</bdi>'s amendment %d, in part", a.ID)
	if !strings.Contains(block, want) {
		t.Errorf("the taken point's block in the editor lacks %q:\n%s", want, block)
	}
}
