package http

import (
	"testing"

	"github.com/parley-talks/parley"
)

// TestEveryCodeHasATerm: the roles, kinds of party, states of talks and
// decisions and the confidentiality levels pages show each have a word.
func TestEveryCodeHasATerm(t *testing.T) {
	codes := map[string][]string{
		"role":            {string(parley.RolePrincipal), string(parley.RoleNegotiator), string(parley.RoleAdviser), string(parley.RoleObserver), string(parley.RoleMediator)},
		"kind":            {string(parley.PartyParty), string(parley.PartyMediator), string(parley.PartyObserver)},
		"state":           {string(parley.TalksOpen), string(parley.TalksSuspended), string(parley.TalksConcluded)},
		"decision":        {string(parley.DecisionOpen), string(parley.DecisionApproved), string(parley.DecisionRejected), string(parley.DecisionWithdrawn)},
		"confidentiality": {string(parley.Strict), string(parley.ByConsent)},
		"amendment":       {string(parley.AmendReplace), string(parley.AmendInsertAfter), string(parley.AmendDelete), string(parley.AmendSplit)},
		"amendstate":      {string(parley.AmendmentProposed), string(parley.AmendmentWithdrawn), string(parley.AmendmentTaken), string(parley.AmendmentDeclined)},
		"extent":          {string(parley.TakenInFull), string(parley.TakenInPart)},
	}
	for kind, cs := range codes {
		for _, c := range cs {
			if got := term(kind, c); got == c || got == "" {
				t.Errorf("term(%q, %q) = %q: no word for it", kind, c, got)
			}
		}
	}
	if got := term("role", parley.RoleNegotiator); got != "Negotiator (envoy)" {
		t.Errorf("term on a typed code: got %q", got)
	}
}
