package http

import (
	"fmt"
	"strings"
	"testing"
)

// invitations is the scenario's step for invitations and members, on
// talks of its own: invite, list, revoke; change a role, remove.
func (s *apiScenario) invitations(t *testing.T) {
	a := s.a
	ru, med, obs := s.ru, s.med, s.obs
	tv := a.call(med, "POST", "/api/v1/talks", map[string]any{"title": "Invitation talks"}, 201)
	T := fmt.Sprintf("/api/v1/talks/%d", atInt(t, tv, "id"))
	north := a.call(med, "POST", T+"/parties", map[string]any{"name": "North"}, 201)
	a.call(med, "POST", T+"/members", map[string]any{"username": "russia", "party": atInt(t, north, "id"), "role": "principal"}, 201)
	obsMember := a.call(med, "POST", T+"/members", map[string]any{"username": "observer", "party_name": "North", "role": "adviser"}, 201)
	inv := a.call(med, "POST", T+"/invitations", map[string]any{"party_name": "North", "role": "negotiator", "note": "for the envoy"}, 201)
	if link, _ := inv.(map[string]any)["link"].(string); !strings.Contains(link, "/invite/") {
		t.Errorf("POST %s/invitations: got link %q, want one to /invite/", T, link)
	}
	a.call(ru, "POST", T+"/invitations", map[string]any{"party": atInt(t, north, "id"), "role": "adviser"}, 201)
	a.call(obs, "POST", T+"/invitations", map[string]any{"party_name": "North", "role": "adviser"}, 403)
	a.call(med, "POST", T+"/invitations", map[string]any{"party_name": "North", "role": "mediator"}, 400)
	if list, _ := a.call(med, "GET", T+"/invitations", nil, 200).([]any); len(list) != 2 {
		t.Errorf("GET %s/invitations as the mediator: got %d, want 2", T, len(list))
	}
	a.call(obs, "GET", T+"/invitations", nil, 403)
	id := atInt(t, inv, "id")
	a.call(med, "DELETE", fmt.Sprintf("%s/invitations/%d", T, id), nil, 204)
	a.call(med, "DELETE", fmt.Sprintf("%s/invitations/%d", T, id), nil, 404)
	if list, _ := a.call(ru, "GET", T+"/invitations", nil, 200).([]any); len(list) != 1 {
		t.Errorf("GET %s/invitations as North's principal after a revocation: got %d, want 1", T, len(list))
	}
	m := fmt.Sprintf("%s/members/%d", T, atInt(t, obsMember, "id"))
	a.call(ru, "PATCH", m, map[string]any{"role": "negotiator"}, 200)
	a.call(med, "PATCH", m, map[string]any{"role": "mediator"}, 400)
	a.call(obs, "GET", T, nil, 200)
	a.call(ru, "DELETE", m, nil, 204)
	a.call(obs, "GET", T, nil, 404)
	a.call(med, "DELETE", m, nil, 404)
	var medID int64
	for _, v := range a.call(med, "GET", T+"/members", nil, 200).([]any) {
		if v.(map[string]any)["username"] == "mediator" {
			medID = atInt(t, v, "id")
		}
	}
	a.call(med, "DELETE", fmt.Sprintf("%s/members/%d", T, medID), nil, 409)
}
