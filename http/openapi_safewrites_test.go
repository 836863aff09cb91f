package http

import (
	"fmt"
	"testing"
)

// safeWrites tables in talks of its own: twice with one Idempotency-Key
// (one draft), the working draft twice with another; it saves the working
// draft from a stale version, in the body and in If-Match, and gets 409
// with the working draft as it now is.
func (s *apiScenario) safeWrites(t *testing.T) {
	a, med := s.a, s.med
	tv := a.call(med, "POST", "/api/v1/talks", map[string]any{"title": "Safe writes"}, 201)
	T := fmt.Sprintf("/api/v1/talks/%d", atInt(t, tv, "id"))
	body := map[string]any{"points": []any{map[string]any{"text": "One point."}}}
	keyed := a.withHeaders(map[string]string{"Idempotency-Key": "table-once-1"})
	d1 := keyed.call(med, "POST", T+"/drafts", body, 201)
	again := keyed.call(med, "POST", T+"/drafts", body, 201)
	if atInt(t, d1, "number") != 1 || atInt(t, again, "number") != 1 {
		t.Errorf("tabling twice with one key: got drafts %v and %v, want 1 both times", at(t, d1, "number"), at(t, again, "number"))
	}
	if ds := a.call(med, "GET", T+"/drafts", nil, 200).([]any); len(ds) != 1 {
		t.Errorf("after tabling twice with one key: %d drafts, want 1", len(ds))
	}

	point := atInt(t, d1, "points", 0, "id")
	edit := func(text string, version int64) map[string]any {
		return map[string]any{"points": []any{map[string]any{"id": point, "text": text}}, "version": version}
	}
	base := atInt(t, a.call(med, "PUT", T+"/drafts/working", map[string]any{"points": []any{map[string]any{"id": point, "text": "Opened."}}}, 200), "version")
	mine := a.call(med, "PUT", T+"/drafts/working", edit("First tab.", base), 200)
	if atInt(t, mine, "version") != base+1 {
		t.Errorf("a save from version %d: got version %v, want %d", base, at(t, mine, "version"), base+1)
	}
	stale := a.call(med, "PUT", T+"/drafts/working", edit("Second tab.", base), 409)
	if atInt(t, stale, "current", "version") != base+1 || at(t, stale, "current", "points", 0, "text") != "First tab." {
		t.Errorf("a stale save: got %v, want the first tab's version %d shown", stale, base+1)
	}
	ifMatch := a.withHeaders(map[string]string{"If-Match": fmt.Sprintf("%q", fmt.Sprint(base))})
	ifMatch.call(med, "PUT", T+"/drafts/working", map[string]any{"points": []any{map[string]any{"id": point, "text": "Third tab."}}}, 409)
	if w := a.call(med, "GET", T+"/drafts/working", nil, 200); at(t, w, "points", 0, "text") != "First tab." {
		t.Errorf("the working draft after the stale saves: got %v, want the first tab's", w)
	}

	tableOnce := a.withHeaders(map[string]string{"Idempotency-Key": "table-once-2"})
	d2 := tableOnce.call(med, "POST", T+"/drafts/working/table", nil, 201)
	if d := tableOnce.call(med, "POST", T+"/drafts/working/table", nil, 201); atInt(t, d, "number") != 2 || atInt(t, d2, "number") != 2 {
		t.Errorf("tabling the working draft twice with one key: got %v and %v, want draft 2", at(t, d2, "number"), at(t, d, "number"))
	}
	if stale := a.call(med, "PUT", T+"/drafts/working", edit("Late.", base+1), 409); at(t, stale, "current") != nil {
		t.Errorf("a save from before the tabling: got current %v, want null", at(t, stale, "current"))
	}
	a.withHeaders(map[string]string{"Idempotency-Key": "has space"}).call(med, "POST", T+"/drafts", body, 400)
}
