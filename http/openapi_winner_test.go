package http

import (
	"strings"
	"testing"
)

// The mediator's Adjusted Winner division of the demo: who receives each
// issue, never a party's points; nobody else may run it.
func (s *apiScenario) adjustedWinner(t *testing.T) {
	a, AN := s.a, s.AN
	d := a.call(s.med, "POST", AN+"/adjusted-winner", nil, 200)
	if compact(at(t, d, "parties")) != `["Russia","Ukraine"]` || len(at(t, d, "issues").([]any)) != 6 {
		t.Errorf("POST %s/adjusted-winner: got parties %v and issues %v, want Russia and Ukraine over the 6 issues", AN, at(t, d, "parties"), at(t, d, "issues"))
	}
	for _, secret := range []string{"points", "weights"} {
		if strings.Contains(compact(d), secret) {
			t.Errorf("POST %s/adjusted-winner: got %q in the division, want no party's preferences", AN, secret)
		}
	}
	for _, tok := range []string{s.ru, s.ruEnvoy, s.ua, s.adviser, s.obs} {
		a.call(tok, "POST", AN+"/adjusted-winner", nil, 403)
	}
	a.call(s.delegate, "POST", AN+"/adjusted-winner", nil, 404)
}
