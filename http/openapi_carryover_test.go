package http

import (
	"fmt"
	"testing"
)

// carriedStances reads Russia's stances carried over to draft 5 of the
// demo and the earlier stances of its changed points, confirms one
// carried stance and then the rest; the observer may not confirm, the
// mediator has no earlier stances of its own.
func (s *apiScenario) carriedStances(t *testing.T) {
	a := s.a
	ru, med, obs, T := s.ru, s.med, s.obs, s.T
	var carried []int64
	for _, st := range a.call(ru, "GET", T+"/drafts/5/stances", nil, 200).([]any) {
		if from, ok := st.(map[string]any)["carried_from"]; ok && at(t, st, "party_name") == "Russia" {
			if n := atInt(t, from, "draft"); n < 1 || n > 4 {
				t.Errorf("a stance carried from draft %v", n)
			}
			carried = append(carried, atInt(t, st, "point"))
		}
	}
	if len(carried) < 2 {
		t.Fatalf("GET %s/drafts/5/stances as russia: %d carried over, want several", T, len(carried))
	}
	earlier := a.call(ru, "GET", T+"/drafts/5/stances/earlier", nil, 200).([]any)
	if len(earlier) == 0 {
		t.Errorf("GET %s/drafts/5/stances/earlier as russia: got none, want its stances on the points draft 5 amended", T)
	}
	for _, e := range earlier {
		if atInt(t, e, "stance", "draft") != 4 || len(at(t, e, "words").([]any)) == 0 {
			t.Errorf("an earlier stance: got %v, want one on draft 4 with the word diff", e)
		}
	}
	if got := a.call(med, "GET", T+"/drafts/5/stances/earlier", nil, 200).([]any); len(got) != 0 {
		t.Errorf("GET %s/drafts/5/stances/earlier as the mediator: got %v, want none", T, got)
	}
	C := fmt.Sprintf("%s/drafts/5/points/%d/stance/confirm", T, carried[0])
	if st := a.call(ru, "POST", C, nil, 200); at(t, st, "carried_from") != nil {
		t.Errorf("POST %s as russia: got %v, want a stance of its own", C, st)
	}
	a.call(ru, "POST", C, nil, 409)
	a.call(obs, "POST", C, nil, 403)
	a.call(obs, "POST", T+"/drafts/5/stances/confirm", nil, 403)
	if got := a.call(ru, "POST", T+"/drafts/5/stances/confirm", nil, 200).([]any); len(got) != len(carried)-1 {
		t.Errorf("POST %s/drafts/5/stances/confirm as russia: confirmed %d, want the %d left", T, len(got), len(carried)-1)
	}
	if m := a.call(ru, "GET", T+"/drafts/5/marking", nil, 200); atInt(t, m, "carried") != 0 {
		t.Errorf("russia's marking after confirming all: got %v, want none carried", m)
	}
}
