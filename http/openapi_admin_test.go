package http

import (
	"strings"
	"testing"
)

// Administration: every operation as the administrator, and 404 to a
// member who is not one.
func (s *apiScenario) administration(t *testing.T) {
	a := s.a
	admin, med := s.admin, s.med
	A := "/api/v1/admin/accounts"
	if got := a.call(admin, "GET", A, nil, 200).([]any); len(got) < 2 {
		t.Errorf("GET %s: got %d accounts, want every one", A, len(got))
	}
	a.call(med, "GET", A, nil, 404)
	a.call(med, "GET", "/api/v1/admin/audit", nil, 404)
	a.call(med, "POST", A, map[string]any{"username": "intruder"}, 404)
	a.call(med, "POST", A, map[string]any{"no such field": 1}, 404) // before the body is read

	made := a.call(admin, "POST", A, map[string]any{"username": "newbie", "display_name": "A Newcomer"}, 201)
	if p, _ := at(t, made, "password_link", "path").(string); !strings.HasPrefix(p, "/reset/") {
		t.Errorf("POST %s without a password: got link path %q, want /reset/…", A, p)
	}
	made = a.call(admin, "POST", A, map[string]any{"username": "no-talks", "password": "a long enough one", "may_create_talks": false}, 201)
	if at(t, made, "password_link") != nil || at(t, made, "account", "may_create_talks") != false {
		t.Errorf("POST %s with a password and no talks: got %v, want no link and may_create_talks false", A, made)
	}
	a.call(admin, "POST", A, map[string]any{"username": "newbie"}, 409)
	a.call(admin, "POST", A, map[string]any{"username": "Bad Name"}, 400)

	noTalks := s.signIn(t, "no-talks", "a long enough one")
	a.call(noTalks, "POST", "/api/v1/talks", map[string]any{"title": "Not mine to open"}, 403)

	a.call(admin, "PATCH", A+"/newbie", map[string]any{"disabled": true}, 200)
	a.call(admin, "PATCH", A+"/newbie", map[string]any{}, 400)
	a.call(admin, "PATCH", A+"/admin", map[string]any{"disabled": true}, 409)
	a.call(admin, "PATCH", A+"/nobody", map[string]any{"disabled": true}, 404)
	a.call(med, "PATCH", A+"/newbie", map[string]any{"disabled": false}, 404)
	a.call(admin, "POST", A+"/newbie/password-link", nil, 409)
	a.call(admin, "PATCH", A+"/newbie", map[string]any{"disabled": false, "may_create_talks": false}, 200)
	a.call(admin, "PATCH", A+"/no-talks", map[string]any{"may_create_talks": true, "admin": true}, 200)
	a.call(admin, "PATCH", A+"/no-talks", map[string]any{"admin": false}, 200)
	a.call(noTalks, "POST", "/api/v1/talks", map[string]any{"title": "Mine to open now"}, 201)
	a.call(med, "POST", A+"/newbie/password-link", nil, 404)
	a.call(admin, "POST", A+"/newbie/password-link", nil, 201)
	a.call(med, "POST", A+"/newbie/unlock", nil, 404)
	a.call(admin, "POST", A+"/newbie/unlock", nil, 204)
	log := a.call(admin, "GET", "/api/v1/admin/audit", nil, 200).([]any)
	actions := map[string]bool{}
	for _, e := range log {
		act, _ := at(t, e, "record", "action").(string)
		actions[act] = true
	}
	for _, want := range []string{"admin.account.create", "admin.account.disable", "admin.account.enable", "admin.account.grant-admin",
		"admin.account.revoke-admin", "admin.account.grant-talks", "admin.account.revoke-talks", "admin.account.reset-link", "admin.account.unlock"} {
		if !actions[want] {
			t.Errorf("GET /api/v1/admin/audit: got no %s record, want one", want)
		}
	}
}
