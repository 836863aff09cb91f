package http

import "testing"

// markingProgress declares Russia's marking of draft 5 finished, reads
// it back and withdraws it; the observer may do neither.
func (s *apiScenario) markingProgress(t *testing.T) {
	a := s.a
	ru, obs, T := s.ru, s.obs, s.T
	M := T + "/drafts/5/marking"
	if st := a.call(ru, "PUT", M, map[string]any{"finished": true}, 200); at(t, st, "finished") != true {
		t.Errorf("PUT %s as russia: got %v, want finished", M, st)
	}
	if st := a.call(ru, "GET", M, nil, 200); at(t, st, "finished") != true {
		t.Errorf("GET %s as russia: got %v, want finished", M, st)
	}
	a.call(ru, "PUT", M, map[string]any{"finished": false}, 200)
	a.call(ru, "PUT", M, map[string]any{}, 400)
	a.call(obs, "GET", M, nil, 403)
	a.call(obs, "PUT", M, map[string]any{"finished": true}, 403)
	a.call(ru, "GET", T+"/drafts/9/marking", nil, 404)
}
