package http

import (
	"fmt"
	"strings"
	"testing"
)

// amendments proposes Russia's and Ukraine's colliding amendments to the
// territory point of draft 5 of the demo, reads them as each may (the
// desk the mediator's team's alone), refuses bad ones (an empty
// replacement, a superseded draft, a missing point, an observer), takes
// Russia's in part, declines Ukraine's with a reason Ukraine sees,
// withdraws one, and discards the working draft the take made.
func (s *apiScenario) amendments(t *testing.T) {
	a := s.a
	ru, ua, med, obs, T := s.ru, s.ua, s.med, s.obs, s.T
	var terr int64
	d5 := a.call(med, "GET", T+"/drafts/5", nil, 200)
	for i, p := range at(t, d5, "points").([]any) {
		if at(t, p, "title") == "Territory" && at(t, p, "kind") == "point" {
			terr = atInt(t, d5, "points", i, "id")
		}
	}
	P := fmt.Sprintf("%s/drafts/5/points/%d/amendments", T, terr)
	ra := a.call(ru, "POST", P, map[string]any{"kind": "replace", "text": "Ukrainian forces withdraw from the Donetsk region.",
		"justification": "Our constitution.", "share_with_mediator": true}, 201)
	uaa := a.call(ua, "POST", P, map[string]any{"kind": "delete", "justification": "No withdrawal.", "share_with_mediator": true}, 201)
	a.call(ru, "POST", P, map[string]any{"kind": "replace", "text": "  "}, 400)
	a.call(obs, "POST", P, map[string]any{"kind": "delete"}, 403)
	a.call(ru, "POST", fmt.Sprintf("%s/drafts/4/points/%d/amendments", T, terr), map[string]any{"kind": "delete"}, 409)
	a.call(ru, "POST", fmt.Sprintf("%s/drafts/5/points/%d/amendments", T, 99999999), map[string]any{"kind": "delete"}, 404)
	R, U := fmt.Sprintf("%s/amendments/%d", T, atInt(t, ra, "id")), fmt.Sprintf("%s/amendments/%d", T, atInt(t, uaa, "id"))

	desk := a.call(med, "GET", T+"/amendments/desk", nil, 200)
	if atInt(t, desk, "draft") != 5 || len(at(t, desk, "collisions").([]any)) == 0 {
		t.Errorf("GET %s/amendments/desk: got %v, want draft 5 with the collision on the territory point", T, desk)
	}
	a.call(ru, "GET", T+"/amendments/desk", nil, 404)
	for _, am := range a.call(ru, "GET", T+"/amendments?draft=5", nil, 200).([]any) {
		if at(t, am, "party_name") != "Russia" {
			t.Errorf("GET %s/amendments?draft=5 as russia: got %v, want its own only", T, am)
		}
	}
	a.call(ru, "GET", T+"/amendments?draft=x", nil, 400)
	a.call(ua, "GET", R, nil, 404)
	a.call(med, "GET", R, nil, 200)

	if got := a.call(med, "POST", R+"/decision", map[string]any{"take": true, "extent": "part"}, 200); at(t, got, "state") != "taken" {
		t.Errorf("POST %s/decision: got %v, want it taken", R, got)
	}
	a.call(ru, "POST", R+"/withdraw", nil, 409)
	a.call(ru, "POST", U+"/decision", map[string]any{"take": false, "reason": "no"}, 403)
	a.call(med, "POST", U+"/decision", map[string]any{"take": false}, 400)
	a.call(med, "POST", U+"/decision", map[string]any{"take": false, "reason": "The buffer zone stays."}, 200)
	if got := a.call(ua, "GET", U, nil, 200); at(t, got, "reason") != "The buffer zone stays." {
		t.Errorf("GET %s as ukraine: got %v, want the mediator's reason", U, got)
	}
	again := a.call(ru, "POST", P, map[string]any{"kind": "insert_after", "text": "A new point."}, 201)
	W := fmt.Sprintf("%s/amendments/%d/withdraw", T, atInt(t, again, "id"))
	a.call(ua, "POST", W, nil, 404)
	if got := a.call(ru, "POST", W, nil, 200); at(t, got, "state") != "withdrawn" {
		t.Errorf("POST %s: got %v, want it withdrawn", W, got)
	}
	if file, _ := a.call(ru, "GET", T+"/drafts/5/amendments/export?format=akn", nil, 200).(string); !strings.Contains(file, "<amendmentList") ||
		strings.Contains(file, "The buffer zone stays.") {
		t.Errorf("GET %s/drafts/5/amendments/export?format=akn as russia: got %.200q, want its amendments alone", T, file)
	}
	a.call(med, "GET", T+"/drafts/5/amendments/export?format=md", nil, 200)
	a.call(med, "GET", T+"/drafts/5/amendments/export?format=docx", nil, 200)
	a.call(med, "GET", T+"/drafts/5/amendments/export?format=rtf", nil, 400)
	a.call(obs, "GET", T+"/drafts/5/amendments/export?format=akn", nil, 404) // none it may see
	a.call(med, "DELETE", T+"/drafts/working", nil, 204)
}

// comments opens threads on a point of draft 5, replies,
// resolves one, and reads them as each party may.
func (s *apiScenario) comments(t *testing.T) {
	a := s.a
	ru, ua, med, obs, T := s.ru, s.ua, s.med, s.obs, s.T
	C := fmt.Sprintf("%s/drafts/5/points/%d/comments", T, s.point)
	th := a.call(ru, "POST", C, map[string]any{"text": "Russia's thought.", "visibility": "party_mediator"}, 201)
	a.call(ua, "POST", C, map[string]any{"text": "Ukraine's note to all.", "visibility": "all"}, 201)
	a.call(med, "POST", C, map[string]any{"text": "A reply.", "reply_to": atInt(t, th, "id")}, 201)
	a.call(ru, "POST", C, map[string]any{"text": " "}, 400)
	a.call(obs, "POST", C, map[string]any{"text": "x"}, 403)
	if got := a.call(ua, "GET", C, nil, 200).([]any); len(got) != 1 {
		t.Errorf("GET %s as ukraine: got %v, want its own thread alone", C, got)
	}
	if got := a.call(med, "GET", C, nil, 200).([]any); len(got) != 3 {
		t.Errorf("GET %s as the mediator: got %d comments, want 3", C, len(got))
	}
	R := fmt.Sprintf("%s/comments/%d/resolved", T, atInt(t, th, "id"))
	if got := a.call(med, "PUT", R, map[string]any{"resolved": true}, 200); at(t, got, "resolved") != true {
		t.Errorf("PUT %s: got %v, want the thread resolved", R, got)
	}
	a.call(ua, "PUT", R, map[string]any{"resolved": false}, 404)
	a.call(ru, "PUT", R, map[string]any{}, 400)
}
