package http

import (
	"fmt"
	"strings"
	"testing"
)

// corrections proposes Ukraine's correction to the Ukrainian text of the
// territory point of draft 5 of the demo, refuses bad ones (a language
// not the talks', the drafting language, a deletion, a superseded draft,
// a missing point), hides it from Russia, shows it on the desk against
// the Ukrainian text, and takes it: the Ukrainian text's next version,
// current, naming the correction to Ukraine alone.
func (s *apiScenario) corrections(t *testing.T) {
	a := s.a
	ru, ua, med, T := s.ru, s.ua, s.med, s.T
	var terr int64
	d5 := a.call(med, "GET", T+"/drafts/5", nil, 200)
	for i, p := range at(t, d5, "points").([]any) {
		if at(t, p, "title") == "Territory" && at(t, p, "kind") == "point" {
			terr = atInt(t, d5, "points", i, "id")
		}
	}
	P := fmt.Sprintf("%s/drafts/5/points/%d/amendments", T, terr)
	text := "Українські сили залишаються на лінії розмежування."
	c := a.call(ua, "POST", P, map[string]any{"kind": "replace", "language": "UK", "text": text,
		"justification": "The Ukrainian text says more than the English.", "share_with_mediator": true}, 201)
	if at(t, c, "language") != "uk" {
		t.Errorf("POST %s with language UK: got %v, want the tag canonicalised to uk", P, c)
	}
	bad := a.call(ua, "POST", P, map[string]any{"kind": "replace", "language": "fr", "text": "x"}, 400)
	// Ukraine reads its errors in Ukrainian.
	if msg, _ := at(t, bad, "error", "message").(string); !strings.Contains(msg, "fr — не мова цих переговорів") || at(t, bad, "error", "field") != "language" {
		t.Errorf("a correction in French: got %v", bad)
	}
	a.call(ua, "POST", P, map[string]any{"kind": "replace", "language": "en", "text": "x"}, 400)
	a.call(ua, "POST", P, map[string]any{"kind": "delete", "language": "uk"}, 400)
	a.call(ua, "POST", fmt.Sprintf("%s/drafts/4/points/%d/amendments", T, terr), map[string]any{"kind": "replace", "language": "uk", "text": "x"}, 409)
	a.call(ua, "POST", fmt.Sprintf("%s/drafts/5/points/%d/amendments", T, 99999999), map[string]any{"kind": "replace", "language": "uk", "text": "x"}, 404)
	C := fmt.Sprintf("%s/amendments/%d", T, atInt(t, c, "id"))
	a.call(ru, "GET", C, nil, 404)
	a.call(ru, "POST", C+"/withdraw", nil, 404)

	uk := func(who string) map[string]any {
		for _, pp := range at(t, a.call(who, "GET", T+"/drafts/5/parallel?lang=en&lang=uk", nil, 200), "points").([]any) {
			if atInt(t, pp, "id") == terr {
				return pp.(map[string]any)["texts"].([]any)[1].(map[string]any)
			}
		}
		t.Fatalf("no territory point in the parallel text")
		return nil
	}
	was := uk(ua)
	desk := a.call(med, "GET", T+"/amendments/desk", nil, 200)
	if got := at(t, desk, "corrected", fmt.Sprint(atInt(t, c, "id"))); got == nil || got != was["text"] {
		t.Errorf("the desk's text for the correction: got %v, want the Ukrainian text %v", got, was["text"])
	}
	if got := a.call(med, "POST", C+"/decision", map[string]any{"take": true}, 200); at(t, got, "state") != "taken" || atInt(t, got, "into_draft") != 5 {
		t.Errorf("POST %s/decision: got %v, want it taken into draft 5", C, got)
	}
	now, id := uk(ua), fmt.Sprint(atInt(t, c, "id"))
	if now["text"] != text || now["status"] != "current" || fmt.Sprint(now["version"]) != fmt.Sprint(atInt(t, was, "version")+1) ||
		fmt.Sprint(now["amendment"]) != id || now["amendment_party"] != "Ukraine" {
		t.Errorf("the Ukrainian text after the take, as Ukraine reads it: got %v", now)
	}
	if seen := uk(ru); seen["text"] != text || seen["amendment"] != nil || seen["amendment_party"] != nil {
		t.Errorf("the Ukrainian text after the take, as Russia reads it: got %v", seen)
	}
	H := fmt.Sprintf("%s/drafts/5/points/%d/translations/uk", T, terr)
	if h := a.call(ua, "GET", H, nil, 200).([]any); fmt.Sprint(at(t, h[len(h)-1], "amendment")) != id {
		t.Errorf("GET %s as ukraine: the last version %v, want it from the correction", H, h[len(h)-1])
	}
	a.call(med, "POST", C+"/decision", map[string]any{"take": false, "reason": "again"}, 409)
}
